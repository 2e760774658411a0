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
//!     if thread.type_.as_deref() != Some(&ThreadType::Lineitem) {
//!         println!("{:?} {:?}: {:?}", thread.created_at, thread.type_, thread.body);
//!     }
//! }
//!
//! // A private note, then a reply that closes the conversation. A reply needs the
//! // customer's id (`reply_to_primary_customer` looks it up for you).
//! client.threads().note(conversation, "Refund approved by finance.").await?;
//! let reply = client
//!     .threads()
//!     .reply(conversation, CustomerId::new(456), "Your refund is on its way.")
//!     .cc(["billing@example.com"])
//!     .status(ThreadStatusChange::Closed)
//!     .await?;
//! println!("reply thread {reply}");
//! # Ok(()) }
//! ```

mod create;
mod schedule;

use serde_json::json;

use crate::client::Client;
use crate::error::Result;
use crate::ids::{ConversationId, ThreadId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{PatchOp, Thread, ThreadPatch};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

pub use create::{
    CopiedThread, CreateChatThread, CreateCustomerThread, CreateNoteThread, CreatePhoneThread,
    CreateReplyThread, NewThread, ThreadParts,
};
pub use schedule::{PublishScheduledThread, ScheduleThread, UnscheduleThread};

impl Client {
    /// The threads of conversations: list, create each kind, edit, hide, schedule. There is
    /// no delete: the API answers 400 to one; [`hide`](Threads::hide) a thread instead.
    pub fn threads(&self) -> Threads<'_> {
        Threads { client: self }
    }
}

/// The thread operations; see [`Client::threads`]. The creates are in the `create` part of
/// this module, scheduling in `schedule`.
#[derive(Clone, Copy, Debug)]
pub struct Threads<'a> {
    client: &'a Client,
}

impl<'a> Threads<'a> {
    /// Lists a conversation's threads, newest first. AI agents appear as `user` here; use
    /// [`list_v3`](Self::list_v3) to see them as `system_user`.
    pub fn list(self, conversation: ConversationId) -> List<'a, ListThreads> {
        List::new(
            self.client,
            ListThreads {
                conversation,
                v3: false,
            },
        )
    }

    /// Lists a conversation's threads with the v3 endpoint, which reports AI agents and other
    /// system users with their real type instead of normalising them to `user`.
    pub fn list_v3(self, conversation: ConversationId) -> List<'a, ListThreads> {
        List::new(
            self.client,
            ListThreads {
                conversation,
                v3: true,
            },
        )
    }

    /// Replaces a thread's text. Needs an admin, or thread editing enabled for the user;
    /// Help Scout keeps the original text viewable in its UI.
    pub fn update_text(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        text: impl Into<String>,
    ) -> Request<'a, UpdateThread> {
        self.patch(conversation, thread, "/text", json!(text.into()))
    }

    /// Hides a (published customer or reply) thread: the API's only way to take a thread
    /// out of view, as threads cannot be deleted.
    // quirk Q24: threads cannot be deleted, only hidden.
    pub fn hide(self, conversation: ConversationId, thread: ThreadId) -> Request<'a, UpdateThread> {
        self.patch(conversation, thread, "/hidden", json!(true))
    }

    /// Shows a hidden thread again.
    pub fn unhide(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Request<'a, UpdateThread> {
        self.patch(conversation, thread, "/hidden", json!(false))
    }

    /// A single JSON Patch object, as for conversations (not an array).
    // quirk Q04: one JSON Patch object, not an RFC 6902 array.
    fn patch(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        path: &str,
        value: serde_json::Value,
    ) -> Request<'a, UpdateThread> {
        let patch = ThreadPatch {
            op: PatchOp::Replace.into(),
            path: path.to_owned(),
            value,
        };
        Request::new(
            self.client,
            UpdateThread {
                conversation,
                thread,
                patch,
            },
        )
    }

    /// The raw RFC 822 source of an email thread, as text: the API wraps it in JSON
    /// (`{"original": ...}`) when asked for `application/json`.
    pub fn original_source(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Request<'a, GetThreadOriginalSource> {
        let operation = GetThreadOriginalSource {
            conversation,
            thread,
        };
        Request::new(self.client, operation)
    }

    /// The raw RFC 822 source of an email thread, as the bytes the API serves with
    /// `Accept: message/rfc822`; for messages whose encoding is not UTF-8.
    // quirk Q22: the raw message as bytes with Accept: message/rfc822.
    pub fn original_source_rfc822(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Request<'a, GetThreadOriginalSourceRfc822> {
        let operation = GetThreadOriginalSourceRfc822 {
            conversation,
            thread,
        };
        Request::new(self.client, operation)
    }
}

/// A conversation's threads; see [`Threads::list`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListThreads {
    conversation: ConversationId,
    v3: bool,
}

impl Listing for ListThreads {
    type Item = Thread;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Thread>> {
        let (conversation, page) = (self.conversation.get(), Some(page_number(&at)?));
        let response = if self.v3 {
            let call = client.raw().list_threads_v3(conversation, page);
            client.run(operation::LIST_THREADS_V3, call).await?
        } else {
            let call = client.raw().list_threads(conversation, page);
            client.run(operation::LIST_THREADS, call).await?
        };
        let response = response.into_inner();
        let items = response.embedded.map(|e| e.threads).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListThreads {}

/// Changes a thread's text or visibility; see [`Threads::update_text`], [`Threads::hide`]
/// and [`Threads::unhide`].
#[derive(Clone, Debug)]
pub struct UpdateThread {
    conversation: ConversationId,
    thread: ThreadId,
    patch: ThreadPatch,
}

impl Operation for UpdateThread {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client
            .raw()
            .update_thread(conversation, thread, &self.patch);
        client.run(operation::UPDATE_THREAD, call).await?;
        Ok(())
    }
}

/// Gets a thread's source as text; see [`Threads::original_source`].
#[derive(Clone, Debug)]
pub struct GetThreadOriginalSource {
    conversation: ConversationId,
    thread: ThreadId,
}

impl Operation for GetThreadOriginalSource {
    type Output = String;

    async fn execute(self, client: &Client, _: Sealed) -> Result<String> {
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client
            .raw()
            .get_thread_original_source(conversation, thread);
        let source = client
            .run(operation::GET_THREAD_ORIGINAL_SOURCE, call)
            .await?;
        Ok(source.into_inner().original.unwrap_or_default())
    }
}

/// Gets a thread's source as bytes; see [`Threads::original_source_rfc822`].
#[derive(Clone, Debug)]
pub struct GetThreadOriginalSourceRfc822 {
    conversation: ConversationId,
    thread: ThreadId,
}

impl Operation for GetThreadOriginalSourceRfc822 {
    type Output = Vec<u8>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Vec<u8>> {
        let (conversation, thread) = (self.conversation, self.thread);
        let path = format!("/v2/conversations/{conversation}/threads/{thread}/original-source");
        // The same operation as the JSON form, asked for another representation: errors and
        // traces name it as the spec does.
        let op = operation::GET_THREAD_ORIGINAL_SOURCE;
        let response = client.send_accepting(&path, "message/rfc822", op).await?;
        Ok(response.body)
    }
}
