//! Conversations: list, get, create, delete, the documented updates, tags, custom fields and
//! snoozing. Reached through [`Client::conversations`].
//!
//! Every method returns a request value ([`Request`] or [`List`]); optional parameters are
//! its setters, and `.send().await` (or `.await`) sends it.

mod by_customer;
mod create;
mod list;
mod thread_copies;
mod update;

use crate::client::Client;
use crate::error::Result;
use crate::ids::{ConversationId, MailboxId};
use crate::list::List;
use crate::models::{Conversation, ConversationEmbed, CreateConversationThread, ThreadCustomer};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

pub use create::CreateConversation;
pub use list::ListConversations;
pub use update::{
    DeleteConversation, SnoozeConversation, UnsnoozeConversation, UpdateConversation,
    UpdateConversationCustomFields, UpdateConversationTags,
};

impl Client {
    /// Conversations (tickets) and their tags, custom fields and snoozes.
    pub fn conversations(&self) -> Conversations<'_> {
        Conversations { client: self }
    }
}

/// The conversation operations; see [`Client::conversations`]. The updates, tags, custom
/// fields and snoozes are in the `update` part of this module.
#[derive(Clone, Copy, Debug)]
pub struct Conversations<'a> {
    client: &'a Client,
}

impl<'a> Conversations<'a> {
    /// Lists conversations, filtered and sorted by the list's setters. Without filters the
    /// API lists *active* conversations only; set [`status`](List::status) to `All` for every
    /// status.
    pub fn list(self) -> List<'a, ListConversations> {
        List::new(self.client, ListConversations::default())
    }

    /// Gets one conversation.
    ///
    /// A conversation that was merged into another answers with
    /// [`Error::Moved`](crate::Error::Moved), which carries the id of the conversation it now
    /// lives in (Help Scout keeps that redirect for 60 days, then answers 404).
    pub fn get(self, id: ConversationId) -> Request<'a, GetConversation> {
        let operation = GetConversation {
            id,
            embed: false,
            v3: false,
        };
        Request::new(self.client, operation)
    }

    /// Creates a conversation in `mailbox` for `customer`, with `subject` and a first
    /// thread; returns the new conversation's id. Add more threads, tags, custom fields and
    /// an assignee with the request's setters. It is an email conversation in status `active`
    /// unless set otherwise.
    pub fn create(
        self,
        mailbox: MailboxId,
        customer: ThreadCustomer,
        subject: impl Into<String>,
        first_thread: CreateConversationThread,
    ) -> Request<'a, CreateConversation> {
        let operation = CreateConversation::new(mailbox, customer, subject.into(), first_thread);
        Request::new(self.client, operation)
    }
}

/// Gets a conversation; see [`Conversations::get`].
#[derive(Clone, Debug)]
pub struct GetConversation {
    id: ConversationId,
    embed: bool,
    v3: bool,
}

impl Request<'_, GetConversation> {
    /// Includes the conversation's threads under `_embedded.threads`.
    pub fn embed_threads(self) -> Self {
        self.with(|o| o.embed = true)
    }

    /// Uses the v3 endpoint, which reports AI agents and other system users with their real
    /// type (`system_user`) where v2 normalises them to `user`.
    pub fn v3(self) -> Self {
        self.with(|o| o.v3 = true)
    }
}

impl Operation for GetConversation {
    type Output = Conversation;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Conversation> {
        let (id, embed) = (
            self.id.get(),
            self.embed.then_some(ConversationEmbed::Threads),
        );
        let answer = if self.v3 {
            let call = client.raw().get_conversation_v3(id, embed.as_ref());
            client.run(operation::GET_CONVERSATION_V3, call).await?
        } else {
            let call = client.raw().get_conversation(id, embed.as_ref());
            client.run(operation::GET_CONVERSATION, call).await?
        };
        Ok(answer.into_inner())
    }
}
