//! Creating threads: replies, notes, chats, customer messages and phone calls. The setters
//! they share are written once, for every create that implements [`NewThread`] (and
//! [`CopiedThread`] for Cc and Bcc).

use super::Threads;
use crate::client::Client;
use crate::error::Result;
use crate::ids::{ConversationId, CustomerId, ThreadId, UserId};
use crate::models::{
    AttachmentUpload, CreateChatThreadBody as ChatBody, CreateCustomerThreadBody as CustomerBody,
    CreateNoteThreadBody as NoteBody, CreatePhoneThreadBody as PhoneBody,
    CreateReplyThreadBody as ReplyBody, ReplyThreadCustomer, ThreadCustomer, ThreadStatusChange,
    Timestamp,
};
use crate::raw::operation;
use crate::request::{Created, Operation, Request, Sealed, required_id};
use crate::resources::attachments::NewAttachment;

impl<'a> Threads<'a> {
    /// Replies to the customer; returns the new thread's id. Help Scout requires the
    /// customer's id on a reply even though the conversation knows it;
    /// [`reply_to_primary_customer`](Self::reply_to_primary_customer) looks it up for you at
    /// the cost of one more request.
    pub fn reply(
        self,
        conversation: ConversationId,
        customer: CustomerId,
        text: impl Into<String>,
    ) -> Request<'a, CreateReplyThread> {
        let operation = CreateReplyThread::new(conversation, Some(customer), text.into());
        Request::new(self.client, operation)
    }

    /// Replies to the conversation's primary customer, reading the conversation first to
    /// learn the customer's id (which the reply endpoint requires).
    // quirk Q05: a reply needs customer.id; read it from the conversation.
    pub fn reply_to_primary_customer(
        self,
        conversation: ConversationId,
        text: impl Into<String>,
    ) -> Request<'a, CreateReplyThread> {
        let operation = CreateReplyThread::new(conversation, None, text.into());
        Request::new(self.client, operation)
    }

    /// Adds an internal note; returns its id when the API names it (older traffic answered
    /// note creates without one).
    pub fn note(
        self,
        conversation: ConversationId,
        text: impl Into<String>,
    ) -> Request<'a, CreateNoteThread> {
        let body = NoteBody {
            attachments: Vec::new(),
            created_at: None,
            imported: None,
            status: None,
            text: text.into(),
            user: None,
        };
        Request::new(self.client, CreateNoteThread { conversation, body })
    }

    /// Adds a chat message from `customer`; returns the new thread's id.
    pub fn chat(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> Request<'a, CreateChatThread> {
        let body = ChatBody {
            attachments: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        Request::new(self.client, CreateChatThread { conversation, body })
    }

    /// Adds a message from `customer`; returns the new thread's id. Unless imported, it
    /// reopens a closed conversation.
    pub fn customer(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> Request<'a, CreateCustomerThread> {
        let body = CustomerBody {
            attachments: Vec::new(),
            bcc: Vec::new(),
            cc: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        Request::new(self.client, CreateCustomerThread { conversation, body })
    }

    /// Records a phone call with `customer`; returns the new thread's id.
    pub fn phone(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> Request<'a, CreatePhoneThread> {
        let body = PhoneBody {
            attachments: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        Request::new(self.client, CreatePhoneThread { conversation, body })
    }
}

/// What every thread create carries besides its text: whether it is imported, when it was
/// written, and its files, as `(imported, created_at, attachments)` of the request body.
pub type ThreadParts<'b> = (
    &'b mut Option<bool>,
    &'b mut Option<Timestamp>,
    &'b mut Vec<AttachmentUpload>,
);

/// A thread create: the setters [`imported`](Request::imported),
/// [`created_at`](Request::created_at) and [`attachments`](Request::attachments) apply.
/// Implemented by this crate's thread creates.
pub trait NewThread: Operation {
    /// The shared parts of the request body.
    #[doc(hidden)]
    fn parts(&mut self, sealed: Sealed) -> ThreadParts<'_>;
}

/// A thread create that takes Cc and Bcc addresses: the setters [`cc`](Request::cc) and
/// [`bcc`](Request::bcc) apply. Implemented by the reply and the customer message.
pub trait CopiedThread: Operation {
    /// The `cc` and `bcc` lists of the request body.
    #[doc(hidden)]
    fn copies(&mut self, sealed: Sealed) -> (&mut Vec<String>, &mut Vec<String>);
}

impl<O: NewThread> Request<'_, O> {
    /// Marks the thread as imported: nothing is sent, and a closed conversation stays
    /// closed.
    pub fn imported(self) -> Self {
        self.with(|o| *o.parts(Sealed(())).0 = Some(true))
    }

    /// When the thread was created (imported threads only).
    pub fn created_at(self, at: impl Into<Timestamp>) -> Self {
        self.with(|o| *o.parts(Sealed(())).1 = Some(at.into()))
    }

    /// Files to attach, added to those set before.
    pub fn attachments(self, files: impl IntoIterator<Item = NewAttachment>) -> Self {
        let files = files.into_iter().map(NewAttachment::into_upload);
        self.with(|o| o.parts(Sealed(())).2.extend(files))
    }
}

impl<O: CopiedThread> Request<'_, O> {
    /// Cc addresses, added to those set before. Named after the API's `cc` list.
    pub fn cc(self, addresses: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let addresses = addresses.into_iter().map(Into::into);
        self.with(|o| o.copies(Sealed(())).0.extend(addresses))
    }

    /// Bcc addresses, added to those set before.
    pub fn bcc(self, addresses: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let addresses = addresses.into_iter().map(Into::into);
        self.with(|o| o.copies(Sealed(())).1.extend(addresses))
    }
}

/// Creates a reply; see [`Threads::reply`].
#[derive(Clone, Debug)]
pub struct CreateReplyThread {
    conversation: ConversationId,
    /// `None`: read the conversation's primary customer when sending.
    customer: Option<CustomerId>,
    body: ReplyBody,
}

impl CreateReplyThread {
    fn new(conversation: ConversationId, customer: Option<CustomerId>, text: String) -> Self {
        let body = ReplyBody {
            assign_to: None,
            attachments: Vec::new(),
            bcc: Vec::new(),
            cc: Vec::new(),
            created_at: None,
            customer: ReplyThreadCustomer { id: 0 },
            draft: None,
            imported: None,
            status: None,
            text,
            user: None,
        };
        Self {
            conversation,
            customer,
            body,
        }
    }
}

impl Request<'_, CreateReplyThread> {
    /// Saves the reply as a draft instead of sending it.
    pub fn draft(self) -> Self {
        self.with(|o| o.body.draft = Some(true))
    }

    /// The conversation's status after the reply. Without it, a reply reactivates the
    /// conversation.
    pub fn status(self, status: ThreadStatusChange) -> Self {
        self.with(|o| o.body.status = Some(status.into()))
    }

    /// The user the reply is sent as.
    pub fn user(self, user: UserId) -> Self {
        self.with(|o| o.body.user = Some(user.get()))
    }

    /// Assigns the conversation when the reply is published (ignored for drafts).
    pub fn assign_to(self, user: UserId) -> Self {
        self.with(|o| o.body.assign_to = Some(user.get()))
    }
}

/// Fails with [`Error::Validation`](crate::Error::Validation) (for example an unknown
/// customer) and [`Error::PreconditionFailed`](crate::Error::PreconditionFailed) on a
/// conversation at its 100-thread limit; a conversation read without its `primaryCustomer`
/// fails to decode.
impl Operation for CreateReplyThread {
    type Output = ThreadId;

    async fn execute(mut self, client: &Client, _: Sealed) -> Result<ThreadId> {
        let customer = match self.customer {
            Some(customer) => customer,
            None => {
                let conversation = client.conversations().get(self.conversation).await?;
                conversation.primary_customer.id
            }
        };
        self.body.customer = ReplyThreadCustomer { id: customer.get() };
        let call = client
            .raw()
            .create_reply_thread(self.conversation.get(), &self.body);
        let response = client.run(operation::CREATE_REPLY_THREAD, call).await?;
        required_id(
            operation::CREATE_REPLY_THREAD,
            response.headers(),
            ThreadId::new,
        )
    }
}

impl NewThread for CreateReplyThread {
    fn parts(&mut self, _: Sealed) -> ThreadParts<'_> {
        let b = &mut self.body;
        (&mut b.imported, &mut b.created_at, &mut b.attachments)
    }
}

impl CopiedThread for CreateReplyThread {
    fn copies(&mut self, _: Sealed) -> (&mut Vec<String>, &mut Vec<String>) {
        (&mut self.body.cc, &mut self.body.bcc)
    }
}

/// Creates a note; see [`Threads::note`].
#[derive(Clone, Debug)]
pub struct CreateNoteThread {
    conversation: ConversationId,
    body: NoteBody,
}

impl Request<'_, CreateNoteThread> {
    /// The user who writes the note.
    pub fn user(self, user: UserId) -> Self {
        self.with(|o| o.body.user = Some(user.get()))
    }

    /// The conversation's status after the note.
    pub fn status(self, status: ThreadStatusChange) -> Self {
        self.with(|o| o.body.status = Some(status.into()))
    }
}

/// A note create may come back without an id (older traffic did): [`Created`] says which.
impl Operation for CreateNoteThread {
    type Output = Created<ThreadId>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Created<ThreadId>> {
        let call = client
            .raw()
            .create_note_thread(self.conversation.get(), &self.body);
        let response = client.run(operation::CREATE_NOTE_THREAD, call).await?;
        Ok(Created::from_headers(response.headers(), ThreadId::new))
    }
}

impl NewThread for CreateNoteThread {
    fn parts(&mut self, _: Sealed) -> ThreadParts<'_> {
        let b = &mut self.body;
        (&mut b.imported, &mut b.created_at, &mut b.attachments)
    }
}

/// Creates a chat message; see [`Threads::chat`].
#[derive(Clone, Debug)]
pub struct CreateChatThread {
    conversation: ConversationId,
    body: ChatBody,
}

impl Operation for CreateChatThread {
    type Output = ThreadId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ThreadId> {
        let call = client
            .raw()
            .create_chat_thread(self.conversation.get(), &self.body);
        let response = client.run(operation::CREATE_CHAT_THREAD, call).await?;
        required_id(
            operation::CREATE_CHAT_THREAD,
            response.headers(),
            ThreadId::new,
        )
    }
}

impl NewThread for CreateChatThread {
    fn parts(&mut self, _: Sealed) -> ThreadParts<'_> {
        let b = &mut self.body;
        (&mut b.imported, &mut b.created_at, &mut b.attachments)
    }
}

/// Creates a customer message; see [`Threads::customer`].
#[derive(Clone, Debug)]
pub struct CreateCustomerThread {
    conversation: ConversationId,
    body: CustomerBody,
}

impl Operation for CreateCustomerThread {
    type Output = ThreadId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ThreadId> {
        let call = client
            .raw()
            .create_customer_thread(self.conversation.get(), &self.body);
        let response = client.run(operation::CREATE_CUSTOMER_THREAD, call).await?;
        required_id(
            operation::CREATE_CUSTOMER_THREAD,
            response.headers(),
            ThreadId::new,
        )
    }
}

impl NewThread for CreateCustomerThread {
    fn parts(&mut self, _: Sealed) -> ThreadParts<'_> {
        let b = &mut self.body;
        (&mut b.imported, &mut b.created_at, &mut b.attachments)
    }
}

impl CopiedThread for CreateCustomerThread {
    fn copies(&mut self, _: Sealed) -> (&mut Vec<String>, &mut Vec<String>) {
        (&mut self.body.cc, &mut self.body.bcc)
    }
}

/// Records a phone call; see [`Threads::phone`].
#[derive(Clone, Debug)]
pub struct CreatePhoneThread {
    conversation: ConversationId,
    body: PhoneBody,
}

impl Operation for CreatePhoneThread {
    type Output = ThreadId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ThreadId> {
        let call = client
            .raw()
            .create_phone_thread(self.conversation.get(), &self.body);
        let response = client.run(operation::CREATE_PHONE_THREAD, call).await?;
        required_id(
            operation::CREATE_PHONE_THREAD,
            response.headers(),
            ThreadId::new,
        )
    }
}

impl NewThread for CreatePhoneThread {
    fn parts(&mut self, _: Sealed) -> ThreadParts<'_> {
        let b = &mut self.body;
        (&mut b.imported, &mut b.created_at, &mut b.attachments)
    }
}
