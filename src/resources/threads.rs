//! Threads: the messages, notes, chats and calls of a conversation. Reached through
//! [`Client::threads`].
//!
//! Threads cannot be deleted through the API, only hidden ([`Threads::hide`]): Help Scout
//! answers a `DELETE` of a thread with 400, so this module offers no delete.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::{ConversationId, CustomerId};
//! use helpscout_mailbox::models::{ThreadStatusChange, ThreadType};
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! let conversation = ConversationId::new(123);
//!
//! // The threads, newest first; line items record changes and have no body.
//! let mut threads = client.threads().list(conversation).stream();
//! while let Some(thread) = threads.try_next().await? {
//!     if thread.type_ != Some(ThreadType::Lineitem) {
//!         println!("{:?} {:?}: {:?}", thread.created_at, thread.type_, thread.body);
//!     }
//! }
//!
//! // A private note, then a reply that closes the conversation. A reply needs the
//! // customer's id (`reply_to_primary_customer` looks it up for you).
//! client.threads().note(conversation, "Refund approved by finance.").send().await?;
//! let reply = client
//!     .threads()
//!     .reply(conversation, CustomerId::new(456), "Your refund is on its way.")
//!     .cc("billing@example.com")
//!     .status(ThreadStatusChange::Closed)
//!     .send()
//!     .await?;
//! println!("reply thread {reply:?}");
//! # Ok(()) }
//! ```

use futures_util::Stream;
use serde_json::json;

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::Result;
// The docs of the errors name its variants.
#[cfg(doc)]
use crate::error::Error;
use crate::ids::{ConversationId, CustomerId, ThreadId, UserId};
use crate::models::{
    CreateChatThread, CreateCustomerThread, CreateNoteThread, CreatePhoneThread, CreateReplyThread,
    PatchOp, ReplyThreadCustomer, ScheduleThreadBody, Thread, ThreadCustomer, ThreadPatch,
    ThreadSchedulePatch, ThreadStatusChange, Timestamp,
};
use crate::page::Page;
use crate::resources::attachments::NewAttachment;
use crate::resources::created_id;

impl Client {
    /// The threads of conversations: list, create each kind, edit, hide, schedule. There is
    /// no delete: the API answers 400 to one; [`hide`](Threads::hide) a thread instead.
    pub fn threads(&self) -> Threads<'_> {
        Threads { client: self }
    }
}

/// The thread operations; see [`Client::threads`].
#[derive(Clone, Copy, Debug)]
pub struct Threads<'a> {
    client: &'a Client,
}

impl<'a> Threads<'a> {
    /// Lists a conversation's threads, newest first. AI agents appear as `user` here; use
    /// [`list_v3`](Self::list_v3) to see them as `system_user`.
    pub fn list(self, conversation: ConversationId) -> ListThreads<'a> {
        ListThreads {
            client: self.client,
            conversation,
            v3: false,
        }
    }

    /// Lists a conversation's threads with the v3 endpoint, which reports AI agents and other
    /// system users with their real type instead of normalising them to `user`.
    pub fn list_v3(self, conversation: ConversationId) -> ListThreads<'a> {
        ListThreads {
            client: self.client,
            conversation,
            v3: true,
        }
    }

    /// Replies to the customer. Help Scout requires the customer's id on a reply even though
    /// the conversation knows it; [`reply_to_primary_customer`](Self::reply_to_primary_customer)
    /// looks it up for you at the cost of one more request.
    pub fn reply(
        self,
        conversation: ConversationId,
        customer: CustomerId,
        text: impl Into<String>,
    ) -> CreateReply<'a> {
        CreateReply {
            client: self.client,
            conversation,
            customer: Some(customer),
            body: reply_body(text.into()),
        }
    }

    /// Replies to the conversation's primary customer, reading the conversation first to
    /// learn the customer's id (which the reply endpoint requires).
    // quirk Q05: a reply needs customer.id; read it from the conversation.
    pub fn reply_to_primary_customer(
        self,
        conversation: ConversationId,
        text: impl Into<String>,
    ) -> CreateReply<'a> {
        CreateReply {
            client: self.client,
            conversation,
            customer: None,
            body: reply_body(text.into()),
        }
    }

    /// Adds an internal note.
    pub fn note(self, conversation: ConversationId, text: impl Into<String>) -> CreateNote<'a> {
        let body = CreateNoteThread {
            attachments: Vec::new(),
            created_at: None,
            imported: None,
            status: None,
            text: text.into(),
            user: None,
        };
        CreateNote {
            client: self.client,
            conversation,
            body,
        }
    }

    /// Adds a chat message from `customer`.
    pub fn chat(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> CreateChat<'a> {
        let body = CreateChatThread {
            attachments: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        CreateChat {
            client: self.client,
            conversation,
            body,
        }
    }

    /// Adds a message from `customer`. Unless imported, it reopens a closed conversation.
    pub fn customer(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> CreateCustomerMessage<'a> {
        let body = CreateCustomerThread {
            attachments: Vec::new(),
            bcc: Vec::new(),
            cc: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        CreateCustomerMessage {
            client: self.client,
            conversation,
            body,
        }
    }

    /// Records a phone call with `customer`.
    pub fn phone(
        self,
        conversation: ConversationId,
        customer: ThreadCustomer,
        text: impl Into<String>,
    ) -> CreatePhone<'a> {
        let body = CreatePhoneThread {
            attachments: Vec::new(),
            created_at: None,
            customer,
            imported: None,
            text: text.into(),
        };
        CreatePhone {
            client: self.client,
            conversation,
            body,
        }
    }

    /// Replaces a thread's text. Needs an admin, or thread editing enabled for the user;
    /// Help Scout keeps the original text viewable in its UI.
    pub fn update_text(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        text: impl Into<String>,
    ) -> Action<'a, ()> {
        self.patch(conversation, thread, "/text", json!(text.into()))
    }

    /// Hides a (published customer or reply) thread: the API's only way to take a thread
    /// out of view, as threads cannot be deleted.
    // quirk Q24: threads cannot be deleted, only hidden.
    pub fn hide(self, conversation: ConversationId, thread: ThreadId) -> Action<'a, ()> {
        self.patch(conversation, thread, "/hidden", json!(true))
    }

    /// Shows a hidden thread again.
    pub fn unhide(self, conversation: ConversationId, thread: ThreadId) -> Action<'a, ()> {
        self.patch(conversation, thread, "/hidden", json!(false))
    }

    /// A single JSON Patch object, as for conversations (not an array).
    // quirk Q04: one JSON Patch object, not an RFC 6902 array.
    fn patch(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        path: &'static str,
        value: serde_json::Value,
    ) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let body = ThreadPatch {
                op: PatchOp::Replace,
                path: path.to_owned(),
                value,
            };
            let call = client
                .raw()
                .update_thread(conversation.get(), thread.get(), &body);
            client.run("updateThread", call).await?;
            Ok(())
        })
    }

    /// The raw RFC 822 source of an email thread, as text: the API wraps it in JSON
    /// (`{"original": ...}`) when asked for `application/json`.
    pub fn original_source(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Action<'a, String> {
        let client = self.client;
        action(async move {
            let call = client
                .raw()
                .get_thread_original_source(conversation.get(), thread.get());
            let source = client
                .run("getThreadOriginalSource", call)
                .await?
                .into_inner();
            Ok(source.original.unwrap_or_default())
        })
    }

    /// The raw RFC 822 source of an email thread, as the bytes the API serves with
    /// `Accept: message/rfc822`; for messages whose encoding is not UTF-8.
    // quirk Q22: the raw message as bytes with Accept: message/rfc822.
    pub fn original_source_rfc822(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Action<'a, Vec<u8>> {
        let client = self.client;
        action(async move {
            let path = format!("/v2/conversations/{conversation}/threads/{thread}/original-source");
            let response = client
                .send_accepting(&path, "message/rfc822", "getThreadOriginalSourceRfc822")
                .await?;
            Ok(response.body)
        })
    }

    /// Schedules a draft reply to be sent at `at` ("send later"), cancelled by a customer
    /// reply if `unschedule_on_customer_reply`. A later schedule replaces this one.
    pub fn schedule(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        at: impl Into<Timestamp>,
        unschedule_on_customer_reply: bool,
    ) -> ScheduleThread<'a> {
        let body = ScheduleThreadBody {
            scheduled_for: at.into(),
            send_as_creator: None,
            unschedule_on_customer_reply,
        };
        ScheduleThread {
            client: self.client,
            conversation,
            thread,
            body,
        }
    }

    /// Sends a scheduled thread now.
    pub fn publish_scheduled(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let body = ThreadSchedulePatch {
                op: PatchOp::Replace,
                path: "/state".into(),
                value: "published".into(),
            };
            let call =
                client
                    .raw()
                    .publish_scheduled_thread(conversation.get(), thread.get(), &body);
            client.run("publishScheduledThread", call).await?;
            Ok(())
        })
    }

    /// Cancels a schedule; the thread stays a draft.
    pub fn unschedule(self, conversation: ConversationId, thread: ThreadId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client
                .raw()
                .unschedule_thread(conversation.get(), thread.get());
            client.run("unscheduleThread", call).await?;
            Ok(())
        })
    }
}

fn reply_body(text: String) -> CreateReplyThread {
    CreateReplyThread {
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
    }
}

/// Lists threads; see [`Threads::list`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListThreads<'a> {
    client: &'a Client,
    conversation: ConversationId,
    v3: bool,
}

impl<'a> ListThreads<'a> {
    /// Fetches the first page.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for a merged or deleted conversation, and any error of a request.
    pub async fn send(self) -> Result<Page<Thread>> {
        fetch_threads(self.client, self.conversation, self.v3, 1).await
    }

    /// Fetches page `number` (1-based).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn page(self, number: u64) -> Result<Page<Thread>> {
        fetch_threads(self.client, self.conversation, self.v3, number).await
    }

    /// Every page, lazily; see [`ListConversations::pages`](super::conversations::ListConversations::pages).
    pub fn pages(self) -> impl Stream<Item = Result<Page<Thread>>> + Send + Unpin + 'a {
        let Self {
            client,
            conversation,
            v3,
        } = self;
        crate::list::legacy::pages(move |number| fetch_threads(client, conversation, v3, number))
    }

    /// Every thread, lazily, newest first.
    pub fn stream(self) -> impl Stream<Item = Result<Thread>> + Send + Unpin + 'a {
        let Self {
            client,
            conversation,
            v3,
        } = self;
        crate::list::legacy::items(move |number| fetch_threads(client, conversation, v3, number))
    }
}

async fn fetch_threads(
    client: &Client,
    conversation: ConversationId,
    v3: bool,
    number: u64,
) -> Result<Page<Thread>> {
    let page = crate::page::page_param(number)?;
    let response = if v3 {
        let call = client.raw().list_threads_v3(conversation.get(), Some(page));
        client.run("listThreadsV3", call).await?.into_inner()
    } else {
        let call = client.raw().list_threads(conversation.get(), Some(page));
        client.run("listThreads", call).await?.into_inner()
    };
    let items = response.embedded.map(|e| e.threads).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Creates a reply; see [`Threads::reply`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateReply<'a> {
    client: &'a Client,
    conversation: ConversationId,
    /// `None`: read the conversation's primary customer when sending.
    customer: Option<CustomerId>,
    body: CreateReplyThread,
}

impl CreateReply<'_> {
    /// Saves the reply as a draft instead of sending it.
    pub fn draft(mut self) -> Self {
        self.body.draft = Some(true);
        self
    }

    /// The conversation's status after the reply. Without it, a reply reactivates the
    /// conversation.
    pub fn status(mut self, status: ThreadStatusChange) -> Self {
        self.body.status = Some(status);
        self
    }

    /// The user the reply is sent as.
    pub fn user(mut self, user: UserId) -> Self {
        self.body.user = Some(user.get());
        self
    }

    /// Assigns the conversation when the reply is published (ignored for drafts).
    pub fn assign_to(mut self, user: UserId) -> Self {
        self.body.assign_to = Some(user.get());
        self
    }

    /// Adds a Cc address.
    pub fn cc(mut self, address: impl Into<String>) -> Self {
        self.body.cc.push(address.into());
        self
    }

    /// Adds a Bcc address.
    pub fn bcc(mut self, address: impl Into<String>) -> Self {
        self.body.bcc.push(address.into());
        self
    }

    /// Marks the reply as imported: no email goes out.
    pub fn imported(mut self) -> Self {
        self.body.imported = Some(true);
        self
    }

    /// When the reply was written (imported replies only).
    pub fn created_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.body.created_at = Some(at.into());
        self
    }

    /// Attaches a file.
    pub fn attachment(mut self, attachment: NewAttachment) -> Self {
        self.body.attachments.push(attachment.into_upload());
        self
    }

    /// Sends the reply; returns the new thread's id when the API reports it.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] (for example an unknown customer), [`Error::PreconditionFailed`]
    /// on a conversation at its 100-thread limit, and any error of a request (a conversation
    /// read without its `primaryCustomer` fails to decode).
    pub async fn send(mut self) -> Result<Option<ThreadId>> {
        let customer = match self.customer {
            Some(customer) => customer,
            None => {
                let conversation = self
                    .client
                    .conversations()
                    .get(self.conversation)
                    .send()
                    .await?;
                conversation.primary_customer.id
            }
        };
        self.body.customer = ReplyThreadCustomer { id: customer.get() };
        let call = self
            .client
            .raw()
            .create_reply_thread(self.conversation.get(), &self.body);
        let response = self.client.run("createReplyThread", call).await?;
        Ok(created_id(response.headers()).map(ThreadId::new))
    }
}

/// The setters every created thread shares, and `send`.
macro_rules! thread_builder {
    ($builder:ident, $op:literal, $method:ident) => {
        impl $builder<'_> {
            /// Marks the thread as imported: nothing is sent, and a closed conversation stays
            /// closed.
            pub fn imported(mut self) -> Self {
                self.body.imported = Some(true);
                self
            }

            /// When the thread was created (imported threads only).
            pub fn created_at(mut self, at: impl Into<Timestamp>) -> Self {
                self.body.created_at = Some(at.into());
                self
            }

            /// Attaches a file.
            pub fn attachment(mut self, attachment: NewAttachment) -> Self {
                self.body.attachments.push(attachment.into_upload());
                self
            }

            /// Creates the thread; returns its id when the API reports it.
            ///
            /// # Errors
            ///
            /// [`Error::Validation`], [`Error::PreconditionFailed`] on a conversation at its
            /// 100-thread limit, and any error of a request.
            pub async fn send(self) -> Result<Option<ThreadId>> {
                let call = self
                    .client
                    .raw()
                    .$method(self.conversation.get(), &self.body);
                let response = self.client.run($op, call).await?;
                Ok(created_id(response.headers()).map(ThreadId::new))
            }
        }
    };
}

/// Creates a note; see [`Threads::note`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateNote<'a> {
    client: &'a Client,
    conversation: ConversationId,
    body: CreateNoteThread,
}
thread_builder!(CreateNote, "createNoteThread", create_note_thread);

impl CreateNote<'_> {
    /// The user who writes the note.
    pub fn user(mut self, user: UserId) -> Self {
        self.body.user = Some(user.get());
        self
    }

    /// The conversation's status after the note.
    pub fn status(mut self, status: ThreadStatusChange) -> Self {
        self.body.status = Some(status);
        self
    }
}

/// Creates a chat message; see [`Threads::chat`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateChat<'a> {
    client: &'a Client,
    conversation: ConversationId,
    body: CreateChatThread,
}
thread_builder!(CreateChat, "createChatThread", create_chat_thread);

/// Creates a customer message; see [`Threads::customer`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateCustomerMessage<'a> {
    client: &'a Client,
    conversation: ConversationId,
    body: CreateCustomerThread,
}
thread_builder!(
    CreateCustomerMessage,
    "createCustomerThread",
    create_customer_thread
);

impl CreateCustomerMessage<'_> {
    /// Adds a Cc address.
    pub fn cc(mut self, address: impl Into<String>) -> Self {
        self.body.cc.push(address.into());
        self
    }

    /// Adds a Bcc address.
    pub fn bcc(mut self, address: impl Into<String>) -> Self {
        self.body.bcc.push(address.into());
        self
    }
}

/// Records a phone call; see [`Threads::phone`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreatePhone<'a> {
    client: &'a Client,
    conversation: ConversationId,
    body: CreatePhoneThread,
}
thread_builder!(CreatePhone, "createPhoneThread", create_phone_thread);

/// Schedules a thread; see [`Threads::schedule`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ScheduleThread<'a> {
    client: &'a Client,
    conversation: ConversationId,
    thread: ThreadId,
    body: ScheduleThreadBody,
}

impl ScheduleThread<'_> {
    /// Sends the thread as the user who created it rather than the one who scheduled it.
    pub fn send_as_creator(mut self, yes: bool) -> Self {
        self.body.send_as_creator = Some(yes);
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a time in the past or after 2100, and any error of a request.
    pub async fn send(self) -> Result<()> {
        let call = self.client.raw().schedule_thread(
            self.conversation.get(),
            self.thread.get(),
            &self.body,
        );
        self.client.run("scheduleThread", call).await?;
        Ok(())
    }
}
