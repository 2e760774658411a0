//! [`Event`]: a delivery's payload, decoded into the crate's models by its event name.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::WebhookError;
use super::error::PayloadError;
use crate::ids::{ConversationId, CustomerId, OrganizationId, TagId};
use crate::models::{Conversation, Customer, Organization, Rating, Tag, UserStatus, WebhookEvent};

/// The payload of a deleted resource: only its id.
///
/// Help Scout documents `{"id": …}` as the body of `convo.deleted`, `customer.deleted` and
/// `tag.deleted`. Other fields, should they appear, are ignored; the id is read from a number
/// or a numeric string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Deleted<I> {
    /// The id of the resource that no longer exists.
    pub id: I,
}

/// One webhook delivery, decoded by the name in its `X-HelpScout-Event` header.
///
/// Each documented event has a variant carrying its payload as the crate's model (see the
/// event table at <https://developer.helpscout.com/webhooks/>). The models ignore fields they
/// do not know, so payloads that grow keep decoding.
///
/// - Conversation events carry the v2 [`Conversation`]. Unlike a `GET`, webhook payloads
///   send the thread objects in `threads`, so [`Conversation::threads`] is
///   [`ConversationThreads::Array`](crate::models::ConversationThreads::Array) there.
/// - Beacon chats and survey responses have no model in this crate's spec yet, so they are
///   kept as [`serde_json::Value`].
/// - `organization.*` and `user.status.changed` can be subscribed to, but Help Scout's event
///   table does not give their bodies; they are decoded as the [`Organization`] and
///   [`UserStatus`] of the REST API (and `{id}` for a deletion), which is an assumption.
/// - An event this version does not know arrives as [`Event::Unknown`] with its raw payload,
///   so a new Help Scout event never makes a receiver fail.
///
/// The enum is `#[non_exhaustive]`: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `convo.assigned`: a conversation was assigned to a user or a team.
    ConvoAssigned(Box<Conversation>),
    /// `convo.created`: a conversation was created.
    ConvoCreated(Box<Conversation>),
    /// `convo.deleted`: a conversation was deleted.
    ConvoDeleted(Deleted<ConversationId>),
    /// `convo.merged`: conversations were merged.
    ConvoMerged(Box<Conversation>),
    /// `convo.moved`: a conversation was moved to another mailbox.
    ConvoMoved(Box<Conversation>),
    /// `convo.status`: a conversation's status changed.
    ConvoStatus(Box<Conversation>),
    /// `convo.tags`: a conversation's tags changed.
    ConvoTags(Box<Conversation>),
    /// `convo.custom-fields`: a conversation's custom fields changed.
    ConvoCustomFields(Box<Conversation>),
    /// `convo.customer.reply.created`: a customer replied.
    ConvoCustomerReplyCreated(Box<Conversation>),
    /// `convo.agent.reply.created`: a user replied.
    ConvoAgentReplyCreated(Box<Conversation>),
    /// `convo.note.created`: a user added a note.
    ConvoNoteCreated(Box<Conversation>),
    /// `customer.created`: a customer was created. Help Scout sends it for every mailbox,
    /// whatever mailboxes the webhook is limited to.
    CustomerCreated(Box<Customer>),
    /// `customer.updated`: a customer was changed.
    CustomerUpdated(Box<Customer>),
    /// `customer.deleted`: a customer was deleted.
    CustomerDeleted(Deleted<CustomerId>),
    /// `satisfaction.ratings`: a customer rated a reply.
    SatisfactionRatings(Box<Rating>),
    /// `beacon.chat.created`: a Beacon chat started. The payload is Help Scout's chat object,
    /// kept as raw JSON because the crate's spec has no model for it.
    BeaconChatCreated(Value),
    /// `beacon.chat.customer.replied`: a customer wrote in a Beacon chat. The payload is the
    /// chat object, kept as raw JSON because the crate's spec has no model for it.
    BeaconChatCustomerReplied(Value),
    /// `tag.created`: a tag was created.
    TagCreated(Box<Tag>),
    /// `tag.updated`: a tag was changed.
    TagUpdated(Box<Tag>),
    /// `tag.deleted`: a tag was deleted.
    TagDeleted(Deleted<TagId>),
    /// `message.survey.response.received`: a customer answered a survey message. The
    /// payload (`message`, `response` and `_embedded.customer`) is kept as raw JSON because
    /// the crate's spec has no model for it.
    MessageSurveyResponseReceived(Value),
    /// `organization.created`: an organization was created (payload shape assumed, see the
    /// type's docs).
    OrganizationCreated(Box<Organization>),
    /// `organization.updated`: an organization was changed (payload shape assumed).
    OrganizationUpdated(Box<Organization>),
    /// `organization.deleted`: an organization was deleted (payload shape assumed).
    OrganizationDeleted(Deleted<OrganizationId>),
    /// `user.status.changed`: a user's availability changed (payload shape assumed).
    UserStatusChanged(Box<UserStatus>),
    /// `helpscout.test`: the test ping sent from the webhook's settings. Its body is not
    /// documented, so it is kept as raw JSON (`null` for an empty body).
    Test(Value),
    /// An event this version of the crate does not know, with its payload as raw JSON.
    Unknown {
        /// The `X-HelpScout-Event` header as received.
        name: String,
        /// The body, parsed but not interpreted.
        payload: Value,
    },
}

impl Event {
    /// Decodes `body` as the payload of event `name`, **without verifying anything**: use
    /// [`receive`](super::receive) for requests, and this only for a body whose signature
    /// was checked (with [`verify`](super::verify)) or that never came over the network.
    ///
    /// `name` is matched as [`WebhookEvent`] matches it (an exact name, else one differing
    /// only in ASCII case); an unknown name gives [`Event::Unknown`].
    ///
    /// ```
    /// use helpscout_mailbox::webhooks::Event;
    ///
    /// let event = Event::decode("tag.deleted", br#"{"id":42}"#)?;
    /// assert!(matches!(&event, Event::TagDeleted(deleted) if deleted.id.get() == 42));
    /// assert_eq!(event.name().as_str(), "tag.deleted");
    /// # Ok::<(), helpscout_mailbox::webhooks::WebhookError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`WebhookError::Payload`] when the body is not JSON or does not fit the event's
    /// model, naming the JSON path where it stopped fitting.
    pub fn decode(name: &str, body: &[u8]) -> Result<Self, WebhookError> {
        let name = name.trim();
        let conversation = || decode::<Box<Conversation>>(name, body);
        Ok(match WebhookEvent::from(name) {
            WebhookEvent::ConvoAssigned => Self::ConvoAssigned(conversation()?),
            WebhookEvent::ConvoCreated => Self::ConvoCreated(conversation()?),
            WebhookEvent::ConvoDeleted => Self::ConvoDeleted(decode(name, body)?),
            WebhookEvent::ConvoMerged => Self::ConvoMerged(conversation()?),
            WebhookEvent::ConvoMoved => Self::ConvoMoved(conversation()?),
            WebhookEvent::ConvoStatus => Self::ConvoStatus(conversation()?),
            WebhookEvent::ConvoTags => Self::ConvoTags(conversation()?),
            WebhookEvent::ConvoCustomFields => Self::ConvoCustomFields(conversation()?),
            WebhookEvent::ConvoCustomerReplyCreated => {
                Self::ConvoCustomerReplyCreated(conversation()?)
            }
            WebhookEvent::ConvoAgentReplyCreated => Self::ConvoAgentReplyCreated(conversation()?),
            WebhookEvent::ConvoNoteCreated => Self::ConvoNoteCreated(conversation()?),
            WebhookEvent::CustomerCreated => Self::CustomerCreated(decode(name, body)?),
            WebhookEvent::CustomerUpdated => Self::CustomerUpdated(decode(name, body)?),
            WebhookEvent::CustomerDeleted => Self::CustomerDeleted(decode(name, body)?),
            WebhookEvent::SatisfactionRatings => Self::SatisfactionRatings(decode(name, body)?),
            WebhookEvent::BeaconChatCreated => Self::BeaconChatCreated(decode(name, body)?),
            WebhookEvent::BeaconChatCustomerReplied => {
                Self::BeaconChatCustomerReplied(decode(name, body)?)
            }
            WebhookEvent::TagCreated => Self::TagCreated(decode(name, body)?),
            WebhookEvent::TagUpdated => Self::TagUpdated(decode(name, body)?),
            WebhookEvent::TagDeleted => Self::TagDeleted(decode(name, body)?),
            WebhookEvent::MessageSurveyResponseReceived => {
                Self::MessageSurveyResponseReceived(decode(name, body)?)
            }
            WebhookEvent::OrganizationCreated => Self::OrganizationCreated(decode(name, body)?),
            WebhookEvent::OrganizationUpdated => Self::OrganizationUpdated(decode(name, body)?),
            WebhookEvent::OrganizationDeleted => Self::OrganizationDeleted(decode(name, body)?),
            WebhookEvent::UserStatusChanged => Self::UserStatusChanged(decode(name, body)?),
            WebhookEvent::HelpscoutTest if body.trim_ascii().is_empty() => Self::Test(Value::Null),
            WebhookEvent::HelpscoutTest => Self::Test(decode(name, body)?),
            // A name the spec lists but this match does not (yet): still delivered, raw. The
            // unit test `every_listed_event_has_a_variant` catches the omission.
            _ => Self::Unknown {
                name: name.to_owned(),
                payload: decode(name, body)?,
            },
        })
    }

    /// The event's name, as in the `X-HelpScout-Event` header.
    pub fn name(&self) -> WebhookEvent {
        match self {
            Self::ConvoAssigned(_) => WebhookEvent::ConvoAssigned,
            Self::ConvoCreated(_) => WebhookEvent::ConvoCreated,
            Self::ConvoDeleted(_) => WebhookEvent::ConvoDeleted,
            Self::ConvoMerged(_) => WebhookEvent::ConvoMerged,
            Self::ConvoMoved(_) => WebhookEvent::ConvoMoved,
            Self::ConvoStatus(_) => WebhookEvent::ConvoStatus,
            Self::ConvoTags(_) => WebhookEvent::ConvoTags,
            Self::ConvoCustomFields(_) => WebhookEvent::ConvoCustomFields,
            Self::ConvoCustomerReplyCreated(_) => WebhookEvent::ConvoCustomerReplyCreated,
            Self::ConvoAgentReplyCreated(_) => WebhookEvent::ConvoAgentReplyCreated,
            Self::ConvoNoteCreated(_) => WebhookEvent::ConvoNoteCreated,
            Self::CustomerCreated(_) => WebhookEvent::CustomerCreated,
            Self::CustomerUpdated(_) => WebhookEvent::CustomerUpdated,
            Self::CustomerDeleted(_) => WebhookEvent::CustomerDeleted,
            Self::SatisfactionRatings(_) => WebhookEvent::SatisfactionRatings,
            Self::BeaconChatCreated(_) => WebhookEvent::BeaconChatCreated,
            Self::BeaconChatCustomerReplied(_) => WebhookEvent::BeaconChatCustomerReplied,
            Self::TagCreated(_) => WebhookEvent::TagCreated,
            Self::TagUpdated(_) => WebhookEvent::TagUpdated,
            Self::TagDeleted(_) => WebhookEvent::TagDeleted,
            Self::MessageSurveyResponseReceived(_) => WebhookEvent::MessageSurveyResponseReceived,
            Self::OrganizationCreated(_) => WebhookEvent::OrganizationCreated,
            Self::OrganizationUpdated(_) => WebhookEvent::OrganizationUpdated,
            Self::OrganizationDeleted(_) => WebhookEvent::OrganizationDeleted,
            Self::UserStatusChanged(_) => WebhookEvent::UserStatusChanged,
            Self::Test(_) => WebhookEvent::HelpscoutTest,
            Self::Unknown { name, .. } => WebhookEvent::from(name.as_str()),
        }
    }

    /// The conversation of a `convo.*` event that carries one (all but `convo.deleted`).
    pub fn conversation(&self) -> Option<&Conversation> {
        match self {
            Self::ConvoAssigned(conversation)
            | Self::ConvoCreated(conversation)
            | Self::ConvoMerged(conversation)
            | Self::ConvoMoved(conversation)
            | Self::ConvoStatus(conversation)
            | Self::ConvoTags(conversation)
            | Self::ConvoCustomFields(conversation)
            | Self::ConvoCustomerReplyCreated(conversation)
            | Self::ConvoAgentReplyCreated(conversation)
            | Self::ConvoNoteCreated(conversation) => Some(conversation),
            _ => None,
        }
    }

    /// The customer of `customer.created` and `customer.updated`.
    pub fn customer(&self) -> Option<&Customer> {
        match self {
            Self::CustomerCreated(customer) | Self::CustomerUpdated(customer) => Some(customer),
            _ => None,
        }
    }

    /// Whether this is Help Scout's test ping (`helpscout.test`), which a receiver should
    /// acknowledge and otherwise ignore.
    pub fn is_test(&self) -> bool {
        matches!(self, Self::Test(_))
    }
}

/// Decodes a whole body as `T`, naming the JSON path of a failure. Text after the JSON value
/// is an error too, as with `serde_json::from_slice`.
fn decode<T: DeserializeOwned>(event: &str, body: &[u8]) -> Result<T, WebhookError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        WebhookError::Payload(PayloadError::new(event, path, error.into_inner()))
    })?;
    deserializer
        .end()
        .map_err(|error| WebhookError::Payload(PayloadError::new(event, ".".to_owned(), error)))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_event_has_a_variant() {
        for &name in WebhookEvent::KNOWN {
            let body: &[u8] = if name.ends_with(".deleted") {
                br#"{"id":1}"#
            } else {
                // What every payload model requires: an id (`userId` for a user status), a
                // conversation's customer, a tag's name.
                br#"{"id":1,"userId":1,"primaryCustomer":{"id":2},"name":"t"}"#
            };
            let event = match Event::decode(name, body) {
                Ok(event) => event,
                Err(error) => panic!("{name}: {error}"),
            };
            assert!(
                !matches!(event, Event::Unknown { .. }),
                "{name} has no variant"
            );
            assert_eq!(event.name().as_str(), name);
        }
    }

    #[test]
    fn an_unknown_event_keeps_its_name_and_payload() {
        let event = Event::decode("convo.ai-answers.created", br#"{"id":7,"x":[1]}"#);
        let Ok(Event::Unknown { name, payload }) = event else {
            panic!("{event:?}");
        };
        assert_eq!(name, "convo.ai-answers.created");
        assert_eq!(payload, serde_json::json!({"id": 7, "x": [1]}));
    }

    #[test]
    fn a_payload_error_names_event_and_path() {
        let Err(WebhookError::Payload(error)) =
            Event::decode("convo.created", br#"{"id":1,"threads":[{"id":"x"}]}"#)
        else {
            panic!("expected a payload error");
        };
        assert_eq!(error.event(), "convo.created");
        assert_eq!(error.path(), "threads");
        assert!(error.to_string().contains("`convo.created`"), "{error}");
    }

    #[test]
    fn trailing_text_and_non_json_fail_at_the_root() {
        for body in [&b"{\"id\":1} x"[..], b"not json", b""] {
            let Err(WebhookError::Payload(error)) = Event::decode("tag.deleted", body) else {
                panic!("expected a payload error");
            };
            assert_eq!(error.path(), ".");
        }
    }

    #[test]
    fn the_test_ping_accepts_an_empty_body() {
        let event = Event::decode("helpscout.test", b" \n");
        assert!(matches!(event, Ok(Event::Test(Value::Null))), "{event:?}");
    }
}
