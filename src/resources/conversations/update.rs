//! Changing a conversation: delete, the documented patch updates, tags, custom fields and
//! snoozing.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::Conversations;
use crate::client::Client;
use crate::error::Result;
use crate::ids::{ConversationId, CustomFieldId, CustomerId, MailboxId, UserId};
use crate::models::{
    ConversationFieldValue, ConversationPatch, ConversationStatus, PatchOp, SnoozeConversationBody,
    Timestamp, UpdateConversationCustomFieldsBody as CustomFieldsBody,
    UpdateConversationTagsBody as TagsBody,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Conversations<'a> {
    /// Deletes a conversation.
    pub fn delete(self, id: ConversationId) -> Request<'a, DeleteConversation> {
        Request::new(self.client, DeleteConversation { id })
    }

    /// Changes the subject.
    pub fn update_subject(
        self,
        id: ConversationId,
        subject: impl Into<String>,
    ) -> Request<'a, UpdateConversation> {
        self.patch(id, PatchOp::Replace, "/subject", json!(subject.into()))
    }

    /// Makes `customer` the conversation's primary customer.
    pub fn change_customer(
        self,
        id: ConversationId,
        customer: CustomerId,
    ) -> Request<'a, UpdateConversation> {
        self.patch(
            id,
            PatchOp::Replace,
            "/primaryCustomer.id",
            json!(customer.get()),
        )
    }

    /// Publishes a draft conversation (one created with a draft reply thread).
    pub fn publish_draft(self, id: ConversationId) -> Request<'a, UpdateConversation> {
        self.patch(id, PatchOp::Replace, "/draft", json!(false))
    }

    /// Moves the conversation to another mailbox (inbox).
    pub fn move_to(
        self,
        id: ConversationId,
        mailbox: MailboxId,
    ) -> Request<'a, UpdateConversation> {
        self.patch(id, PatchOp::Move, "/mailboxId", json!(mailbox.get()))
    }

    /// Changes the status (`active`, `pending`, `closed`, `spam`).
    pub fn set_status(
        self,
        id: ConversationId,
        status: ConversationStatus,
    ) -> Request<'a, UpdateConversation> {
        self.patch(id, PatchOp::Replace, "/status", json!(status.as_str()))
    }

    /// Assigns the conversation to a user.
    pub fn assign(self, id: ConversationId, user: UserId) -> Request<'a, UpdateConversation> {
        self.patch(id, PatchOp::Replace, "/assignTo", json!(user.get()))
    }

    /// Removes the assignee.
    pub fn unassign(self, id: ConversationId) -> Request<'a, UpdateConversation> {
        let patch = ConversationPatch {
            op: PatchOp::Remove.into(),
            path: "/assignTo".to_owned(),
            value: None,
        };
        Request::new(self.client, UpdateConversation { id, patch })
    }

    /// One JSON Patch operation with a value. Help Scout takes a *single object* here, not
    /// the array of RFC 6902 (customers do take arrays); the spec's `ConversationPatch` is
    /// that object.
    // quirk Q04: one JSON Patch object, not an RFC 6902 array.
    fn patch(
        self,
        id: ConversationId,
        op: PatchOp,
        path: &str,
        value: Value,
    ) -> Request<'a, UpdateConversation> {
        let patch = ConversationPatch {
            op: op.into(),
            path: path.to_owned(),
            value: Some(value),
        };
        Request::new(self.client, UpdateConversation { id, patch })
    }

    /// Replaces the conversation's tags with `tags` (names). Tags that do not exist yet are
    /// created; an empty list removes every tag.
    pub fn replace_tags(
        self,
        id: ConversationId,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Request<'a, UpdateConversationTags> {
        self.tags(id, TagChange::Replace, tags)
    }

    /// Adds tags, keeping the ones the conversation has. The API only offers replacement, so
    /// this reads the conversation first: two callers tagging the same conversation at the
    /// same moment can overwrite each other.
    // quirk Q20: tag updates replace the whole set; read first.
    pub fn add_tags(
        self,
        id: ConversationId,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Request<'a, UpdateConversationTags> {
        self.tags(id, TagChange::Add, tags)
    }

    /// Removes tags (compared without regard to case), keeping the others. Reads the
    /// conversation first, like [`add_tags`](Self::add_tags).
    pub fn remove_tags(
        self,
        id: ConversationId,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Request<'a, UpdateConversationTags> {
        self.tags(id, TagChange::Remove, tags)
    }

    fn tags(
        self,
        id: ConversationId,
        change: TagChange,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Request<'a, UpdateConversationTags> {
        let tags = tags.into_iter().map(Into::into).collect();
        Request::new(self.client, UpdateConversationTags { id, change, tags })
    }

    /// Replaces the values of the conversation's custom fields. Fields left out are cleared.
    /// Values are strings in the field's format: a dropdown takes the option id, a date
    /// `YYYY-MM-DD`, a number its digits.
    pub fn set_custom_fields(
        self,
        id: ConversationId,
        fields: impl IntoIterator<Item = (CustomFieldId, impl Into<String>)>,
    ) -> Request<'a, UpdateConversationCustomFields> {
        let fields = field_values(fields).collect();
        Request::new(self.client, UpdateConversationCustomFields { id, fields })
    }

    /// Snoozes the conversation until `until` (in the future, before the year 2100), waking it
    /// early on a customer reply if `unsnooze_on_customer_reply`. A later snooze replaces this
    /// one.
    pub fn snooze(
        self,
        id: ConversationId,
        until: impl Into<Timestamp>,
        unsnooze_on_customer_reply: bool,
    ) -> Request<'a, SnoozeConversation> {
        let body = SnoozeConversationBody {
            snoozed_until: until.into(),
            unsnooze_on_customer_reply,
        };
        Request::new(self.client, SnoozeConversation { id, body })
    }

    /// Ends a snooze.
    pub fn unsnooze(self, id: ConversationId) -> Request<'a, UnsnoozeConversation> {
        Request::new(self.client, UnsnoozeConversation { id })
    }
}

/// The API's `{id, value}` pairs of custom field values.
pub(super) fn field_values(
    fields: impl IntoIterator<Item = (CustomFieldId, impl Into<String>)>,
) -> impl Iterator<Item = ConversationFieldValue> {
    fields
        .into_iter()
        .map(|(field, value)| ConversationFieldValue {
            id: field.get(),
            value: value.into(),
        })
}

/// Deletes a conversation; see [`Conversations::delete`].
#[derive(Clone, Debug)]
pub struct DeleteConversation {
    id: ConversationId,
}

impl Operation for DeleteConversation {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_conversation(self.id.get());
        client.run(operation::DELETE_CONVERSATION, call).await?;
        Ok(())
    }
}

/// One documented change of a conversation (subject, customer, draft, mailbox, status,
/// assignee); see [`Conversations::update_subject`] and its siblings.
#[derive(Clone, Debug)]
pub struct UpdateConversation {
    id: ConversationId,
    patch: ConversationPatch,
}

impl Operation for UpdateConversation {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().update_conversation(self.id.get(), &self.patch);
        client.run(operation::UPDATE_CONVERSATION, call).await?;
        Ok(())
    }
}

/// How [`UpdateConversationTags`] changes the tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TagChange {
    Replace,
    Add,
    Remove,
}

/// Replaces, adds or removes a conversation's tags; see [`Conversations::replace_tags`],
/// [`Conversations::add_tags`] and [`Conversations::remove_tags`].
#[derive(Clone, Debug)]
pub struct UpdateConversationTags {
    id: ConversationId,
    change: TagChange,
    tags: Vec<String>,
}

impl Operation for UpdateConversationTags {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let tags = match self.change {
            TagChange::Replace => self.tags,
            TagChange::Add => {
                let mut names = current_tags(client, self.id).await?;
                for tag in self.tags {
                    if !names.iter().any(|n| n.eq_ignore_ascii_case(&tag)) {
                        names.push(tag);
                    }
                }
                names
            }
            TagChange::Remove => {
                let removed: BTreeSet<String> =
                    self.tags.iter().map(|t| t.to_lowercase()).collect();
                let names = current_tags(client, self.id).await?;
                names
                    .into_iter()
                    .filter(|n| !removed.contains(&n.to_lowercase()))
                    .collect()
            }
        };
        let body = TagsBody { tags };
        let call = client.raw().update_conversation_tags(self.id.get(), &body);
        client
            .run(operation::UPDATE_CONVERSATION_TAGS, call)
            .await?;
        Ok(())
    }
}

async fn current_tags(client: &Client, id: ConversationId) -> Result<Vec<String>> {
    let conversation = client.conversations().get(id).send().await?;
    Ok(conversation.tags.into_iter().map(|tag| tag.tag).collect())
}

/// Replaces a conversation's custom field values; see [`Conversations::set_custom_fields`].
#[derive(Clone, Debug)]
pub struct UpdateConversationCustomFields {
    id: ConversationId,
    fields: Vec<ConversationFieldValue>,
}

impl Operation for UpdateConversationCustomFields {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let body = CustomFieldsBody {
            fields: self.fields,
        };
        let call = client
            .raw()
            .update_conversation_custom_fields(self.id.get(), &body);
        client
            .run(operation::UPDATE_CONVERSATION_CUSTOM_FIELDS, call)
            .await?;
        Ok(())
    }
}

/// Snoozes a conversation; see [`Conversations::snooze`].
#[derive(Clone, Debug)]
pub struct SnoozeConversation {
    id: ConversationId,
    body: SnoozeConversationBody,
}

impl Operation for SnoozeConversation {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().snooze_conversation(self.id.get(), &self.body);
        client.run(operation::SNOOZE_CONVERSATION, call).await?;
        Ok(())
    }
}

/// Ends a snooze; see [`Conversations::unsnooze`].
#[derive(Clone, Debug)]
pub struct UnsnoozeConversation {
    id: ConversationId,
}

impl Operation for UnsnoozeConversation {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().unsnooze_conversation(self.id.get());
        client.run(operation::UNSNOOZE_CONVERSATION, call).await?;
        Ok(())
    }
}
