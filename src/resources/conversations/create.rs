//! Creating a conversation, and the constructors of the customer and threads that go with it.

use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, CustomFieldId, CustomerId, MailboxId, UserId};
use crate::models::{
    ConversationType, CreateConversationBody, CreateConversationStatus, CreateConversationThread,
    CreateConversationThreadType, ThreadCustomer, Timestamp,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed, required_id};
use crate::resources::attachments::NewAttachment;

/// Creates a conversation; see [`Conversations::create`](super::Conversations::create).
#[derive(Clone, Debug)]
pub struct CreateConversation {
    body: CreateConversationBody,
    /// Send `"assignTo": null`, which the generated body cannot express.
    unassigned: bool,
}

impl CreateConversation {
    pub(super) fn new(
        mailbox: MailboxId,
        customer: ThreadCustomer,
        subject: String,
        first_thread: CreateConversationThread,
    ) -> Self {
        let body = CreateConversationBody {
            assign_to: None,
            auto_reply: None,
            closed_at: None,
            created_at: None,
            customer,
            fields: Vec::new(),
            imported: None,
            mailbox_id: mailbox.get(),
            status: CreateConversationStatus::Active.into(),
            subject,
            tags: Vec::new(),
            threads: vec![first_thread],
            type_: ConversationType::Email.into(),
            user: None,
        };
        Self {
            body,
            unassigned: false,
        }
    }
}

impl Request<'_, CreateConversation> {
    /// The channel: email (the default), chat or phone.
    pub fn kind(self, kind: ConversationType) -> Self {
        self.with(|o| o.body.type_ = kind.into())
    }

    /// The initial status: active (the default), pending or closed.
    pub fn status(self, status: CreateConversationStatus) -> Self {
        self.with(|o| o.body.status = status.into())
    }

    /// More threads, after those set before (at most 100 in all; the API answers 412 beyond
    /// that).
    pub fn threads(self, threads: impl IntoIterator<Item = CreateConversationThread>) -> Self {
        self.with(|o| o.body.threads.extend(threads))
    }

    /// Tags by name, added to those set before; unknown names create the tag.
    pub fn tags(self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|o| o.body.tags.extend(tags.into_iter().map(Into::into)))
    }

    /// Custom field values, added to those set before (see
    /// [`Conversations::set_custom_fields`](super::Conversations::set_custom_fields) for
    /// their formats).
    pub fn custom_fields(
        self,
        fields: impl IntoIterator<Item = (CustomFieldId, impl Into<String>)>,
    ) -> Self {
        self.with(|o| o.body.fields.extend(super::update::field_values(fields)))
    }

    /// Assigns the new conversation to a user. Without this or
    /// [`unassigned`](Self::unassigned) the mailbox's default assignment applies.
    pub fn assign_to(self, user: UserId) -> Self {
        self.with(|o| {
            o.body.assign_to = Some(user.get());
            o.unassigned = false;
        })
    }

    /// Leaves the new conversation unassigned, overriding the mailbox's default assignment
    /// (sent as `"assignTo": null`, which differs from leaving the field out).
    // quirk Q06: an explicit null assignTo, unlike an omitted one.
    pub fn unassigned(self) -> Self {
        self.with(|o| {
            o.body.assign_to = None;
            o.unassigned = true;
        })
    }

    /// Marks the conversation as imported: no emails go out, and `created_at`/`closed_at`
    /// may be set to past times.
    pub fn imported(self, imported: bool) -> Self {
        self.with(|o| o.body.imported = Some(imported))
    }

    /// Whether Help Scout sends the mailbox's auto reply.
    pub fn auto_reply(self, auto_reply: bool) -> Self {
        self.with(|o| o.body.auto_reply = Some(auto_reply))
    }

    /// When the conversation was created (for imports).
    pub fn created_at(self, at: impl Into<Timestamp>) -> Self {
        self.with(|o| o.body.created_at = Some(at.into()))
    }

    /// When the conversation was closed (imported conversations only).
    pub fn closed_at(self, at: impl Into<Timestamp>) -> Self {
        self.with(|o| o.body.closed_at = Some(at.into()))
    }

    /// The user the conversation is created as (its `createdBy`).
    pub fn user(self, user: UserId) -> Self {
        self.with(|o| o.body.user = Some(user.get()))
    }
}

/// Returns the new conversation's id, which the API always sends (`Resource-ID`, or
/// `Location`). Fails with [`Error::Validation`](crate::Error::Validation) for rejected
/// fields and [`Error::PreconditionFailed`](crate::Error::PreconditionFailed) beyond 100
/// threads; a create is never retried after a server error, because it may have succeeded.
impl Operation for CreateConversation {
    type Output = ConversationId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ConversationId> {
        let op = operation::CREATE_CONVERSATION;
        if self.unassigned {
            // The generated body cannot carry an explicit null, so this one is written here.
            let mut body = serde_json::to_value(&self.body)
                .map_err(|e| Error::InvalidRequest(e.to_string()))?;
            if let Some(object) = body.as_object_mut() {
                object.insert("assignTo".into(), Value::Null);
            }
            let path = "/v2/conversations";
            let response = client
                .send_json(reqwest::Method::POST, path, &body, op)
                .await?;
            return required_id(op, &response.headers, ConversationId::new);
        }
        let response = client
            .run(op, client.raw().create_conversation(&self.body))
            .await?;
        required_id(op, response.headers(), ConversationId::new)
    }
}

impl ThreadCustomer {
    /// An existing customer, by id.
    pub fn by_id(id: CustomerId) -> Self {
        Self {
            id: Some(id.get()),
            ..Self::default()
        }
    }

    /// A customer by email address: matched to an existing customer, or created (with the
    /// other fields of this value) if there is none.
    pub fn by_email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            ..Self::default()
        }
    }
}

impl CreateConversationThread {
    fn of(kind: CreateConversationThreadType, text: impl Into<String>) -> Self {
        Self {
            attachments: Vec::new(),
            bcc: Vec::new(),
            cc: Vec::new(),
            created_at: None,
            customer: None,
            draft: None,
            imported: None,
            text: text.into(),
            type_: kind.into(),
        }
    }

    /// A message from the customer.
    pub fn customer(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Customer, text)
    }

    /// A reply from a user to the customer. Make it a [`draft`](Self::draft) to create a
    /// draft conversation.
    pub fn reply(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Reply, text)
    }

    /// An internal note.
    pub fn note(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Note, text)
    }

    /// A chat message.
    pub fn chat(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Chat, text)
    }

    /// A phone call record.
    pub fn phone(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Phone, text)
    }

    /// Makes a reply thread a draft: the conversation is created as a draft, to be published
    /// with [`Conversations::publish_draft`](super::Conversations::publish_draft).
    pub fn draft(mut self) -> Self {
        self.draft = Some(true);
        self
    }

    /// The thread's customer, when it is not the conversation's.
    pub fn from_customer(mut self, customer: ThreadCustomer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Marks the thread as imported (no email goes out).
    pub fn imported(mut self) -> Self {
        self.imported = Some(true);
        self
    }

    /// When the thread was created (for imports).
    pub fn created_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.created_at = Some(at.into());
        self
    }

    /// Files to attach, added to those set before.
    pub fn attachments(mut self, files: impl IntoIterator<Item = NewAttachment>) -> Self {
        self.attachments
            .extend(files.into_iter().map(NewAttachment::into_upload));
        self
    }
}
