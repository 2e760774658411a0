//! Mailboxes (inboxes): list and get them, read their folders, custom field definitions and
//! routing, change the routing, and manage their saved replies. Reached through
//! [`Client::mailboxes`].
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::UserId;
//! use helpscout_mailbox::models::{RoutingAssignmentMethod, RoutingState};
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! let mut inboxes = client.mailboxes().list().stream();
//! while let Some(inbox) = inboxes.try_next().await? {
//!     let id = inbox.id;
//!     println!("{:?} <{:?}>", inbox.name, inbox.email);
//!
//!     // Folders with their conversation counts.
//!     let folders = client.mailboxes().folders(id).send().await?;
//!     for folder in folders {
//!         println!("  {:?}: {:?} active", folder.name, folder.active_count);
//!     }
//!
//!     // Dropdown custom fields: conversations store the option id, not the label.
//!     let fields = client.mailboxes().custom_fields(id).send().await?;
//!     for field in fields {
//!         let labels: Vec<_> = field.options.iter().filter_map(|o| o.label.as_deref()).collect();
//!         println!("  field {:?}: {labels:?}", field.name);
//!     }
//! }
//!
//! // Round-robin assignment among two users, at most 10 open conversations each.
//! client
//!     .mailboxes()
//!     .update_routing(1.into(), RoutingState::Enabled, RoutingAssignmentMethod::RoundRobin, 10, [UserId::new(7), UserId::new(8)])
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, SavedReplyId, UserId};
use crate::models::{
    CreateSavedReplyBody, Mailbox, MailboxCustomField, MailboxFolder, MailboxRouting,
    RoutingAssignmentMethod, RoutingState, SavedReply, SavedReplySummary, UpdateMailboxRouting,
    UpdateSavedReplyBody,
};
use crate::page::Page;
use crate::page::hal_list;
use crate::resources::created_id;

impl Client {
    /// Mailboxes (inboxes): folders, custom fields, routing and saved replies.
    pub fn mailboxes(&self) -> Mailboxes<'_> {
        Mailboxes { client: self }
    }
}

/// The mailbox operations; see [`Client::mailboxes`].
#[derive(Clone, Copy, Debug)]
pub struct Mailboxes<'a> {
    client: &'a Client,
}

/// The least and most conversations routing may assign to one user, per the routing docs.
const ROUTING_LIMITS: std::ops::RangeInclusive<u32> = 1..=100;

impl<'a> Mailboxes<'a> {
    /// Lists the mailboxes the token can see.
    pub fn list(self) -> ListMailboxes<'a> {
        ListMailboxes {
            client: self.client,
            query: (),
        }
    }

    /// Gets one mailbox.
    pub fn get(self, id: MailboxId) -> Action<'a, Mailbox> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_mailbox(id.get());
            Ok(client.run("getMailbox", call).await?.into_inner())
        })
    }

    /// Lists a mailbox's folders with their conversation counts.
    pub fn folders(self, mailbox: MailboxId) -> ListFolders<'a> {
        ListFolders {
            client: self.client,
            query: mailbox,
        }
    }

    /// Lists the custom fields defined on a mailbox. A dropdown's `options` carry the ids
    /// that conversations use as the field's value.
    pub fn custom_fields(self, mailbox: MailboxId) -> ListCustomFields<'a> {
        ListCustomFields {
            client: self.client,
            query: mailbox,
        }
    }

    /// Gets the routing (automatic assignment) configuration of a mailbox, with each
    /// rotation member's current eligibility.
    pub fn routing(self, mailbox: MailboxId) -> Action<'a, MailboxRouting> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_mailbox_routing(mailbox.get());
            Ok(client.run("getMailboxRouting", call).await?.into_inner())
        })
    }

    /// Replaces the routing configuration of a mailbox. The API takes every field on each
    /// update, so the state, method, per-user limit and rotation are all required here.
    ///
    /// Checked before anything is sent, as the API documents them: `assignment_limit` must
    /// be 1 to 100, and `users` must not be empty when `state` is `Enabled`; either mistake
    /// fails with [`Error::InvalidRequest`].
    pub fn update_routing(
        self,
        mailbox: MailboxId,
        state: RoutingState,
        assignment_method: RoutingAssignmentMethod,
        assignment_limit: u32,
        users: impl IntoIterator<Item = UserId>,
    ) -> Action<'a, ()> {
        let client = self.client;
        let user_ids: Vec<i64> = users.into_iter().map(UserId::get).collect();
        action(async move {
            if !ROUTING_LIMITS.contains(&assignment_limit) {
                return Err(Error::InvalidRequest(format!(
                    "the routing assignment limit must be 1 to 100, not {assignment_limit}"
                )));
            }
            if state == RoutingState::Enabled && user_ids.is_empty() {
                return Err(Error::InvalidRequest(
                    "enabled routing needs at least one user in the rotation".into(),
                ));
            }
            let body = UpdateMailboxRouting {
                assignment_limit: i64::from(assignment_limit),
                assignment_method,
                state,
                user_ids,
            };
            let call = client.raw().update_mailbox_routing(mailbox.get(), &body);
            client.run("updateMailboxRouting", call).await?;
            Ok(())
        })
    }

    /// Lists a mailbox's saved replies, with a preview of each text rather than the full
    /// text (use [`saved_reply`](Self::saved_reply) for that). The API returns them all at
    /// once, as a plain array without paging.
    pub fn saved_replies(self, mailbox: MailboxId) -> ListSavedReplies<'a> {
        ListSavedReplies {
            client: self.client,
            mailbox,
            include_chat_replies: None,
        }
    }

    /// Gets one saved reply with its full email and chat texts.
    pub fn saved_reply(self, mailbox: MailboxId, id: SavedReplyId) -> Action<'a, SavedReply> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_saved_reply(mailbox.get(), id.get());
            Ok(client.run("getSavedReply", call).await?.into_inner())
        })
    }

    /// Adds a saved reply named `name` to a mailbox; set its texts with the builder.
    pub fn create_saved_reply(
        self,
        mailbox: MailboxId,
        name: impl Into<String>,
    ) -> CreateSavedReply<'a> {
        CreateSavedReply {
            client: self.client,
            mailbox,
            body: CreateSavedReplyBody {
                chat_text: None,
                name: name.into(),
                text: None,
            },
        }
    }

    /// Replaces a saved reply's name and texts. It is a replacement: set every text the
    /// reply should keep, since one left out may be cleared.
    pub fn update_saved_reply(
        self,
        mailbox: MailboxId,
        id: SavedReplyId,
        name: impl Into<String>,
    ) -> UpdateSavedReply<'a> {
        UpdateSavedReply {
            client: self.client,
            mailbox,
            id,
            body: UpdateSavedReplyBody {
                chat_text: None,
                name: name.into(),
                text: None,
            },
        }
    }

    /// Deletes a saved reply.
    pub fn delete_saved_reply(self, mailbox: MailboxId, id: SavedReplyId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client.raw().delete_saved_reply(mailbox.get(), id.get());
            client.run("deleteSavedReply", call).await?;
            Ok(())
        })
    }
}

hal_list! {
    /// Lists mailboxes; see [`Mailboxes::list`].
    ListMailboxes(()) -> Mailbox = fetch_mailboxes
}

async fn fetch_mailboxes(client: &Client, _: &(), number: u64) -> Result<Page<Mailbox>> {
    let call = client
        .raw()
        .list_mailboxes(Some(crate::page::page_param(number)?));
    let response = client.run("listMailboxes", call).await?.into_inner();
    let items = response.embedded.map(|e| e.mailboxes).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists a mailbox's folders; see [`Mailboxes::folders`].
    ListFolders(MailboxId) -> MailboxFolder = fetch_folders
}

async fn fetch_folders(
    client: &Client,
    mailbox: &MailboxId,
    number: u64,
) -> Result<Page<MailboxFolder>> {
    let call = client
        .raw()
        .list_mailbox_folders(mailbox.get(), Some(crate::page::page_param(number)?));
    let response = client.run("listMailboxFolders", call).await?.into_inner();
    let items = response.embedded.map(|e| e.folders).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists a mailbox's custom field definitions; see [`Mailboxes::custom_fields`].
    ListCustomFields(MailboxId) -> MailboxCustomField = fetch_custom_fields
}

async fn fetch_custom_fields(
    client: &Client,
    mailbox: &MailboxId,
    number: u64,
) -> Result<Page<MailboxCustomField>> {
    let call = client
        .raw()
        .list_mailbox_custom_fields(mailbox.get(), Some(crate::page::page_param(number)?));
    let response = client
        .run("listMailboxCustomFields", call)
        .await?
        .into_inner();
    let items = response.embedded.map(|e| e.fields).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Lists saved replies; see [`Mailboxes::saved_replies`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListSavedReplies<'a> {
    client: &'a Client,
    mailbox: MailboxId,
    include_chat_replies: Option<bool>,
}

impl ListSavedReplies<'_> {
    /// Whether to include replies that exist for chat only; the API leaves them out unless
    /// asked.
    pub fn include_chat_replies(mut self, include: bool) -> Self {
        self.include_chat_replies = Some(include);
        self
    }

    /// Sends the request and returns every saved reply of the mailbox.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown mailbox, and any error of a request.
    pub async fn send(self) -> Result<Vec<SavedReplySummary>> {
        let call = self
            .client
            .raw()
            .list_saved_replies(self.mailbox.get(), self.include_chat_replies);
        Ok(self
            .client
            .run("listSavedReplies", call)
            .await?
            .into_inner()
            .0)
    }
}

/// Creates a saved reply; see [`Mailboxes::create_saved_reply`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateSavedReply<'a> {
    client: &'a Client,
    mailbox: MailboxId,
    body: CreateSavedReplyBody,
}

impl CreateSavedReply<'_> {
    /// The text used in email replies; HTML is allowed.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.body.text = Some(text.into());
        self
    }

    /// The plain text used in chats.
    pub fn chat_text(mut self, text: impl Into<String>) -> Self {
        self.body.chat_text = Some(text.into());
        self
    }

    /// Sends the request and returns the new reply's id. The docs show no `Resource-ID` for
    /// this call, so expect `None` and find the reply by listing if you need its id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] (a missing or duplicate name, for example), and any error of a
    /// request. A create is never retried after a server error, because it may have
    /// succeeded.
    pub async fn send(self) -> Result<Option<SavedReplyId>> {
        let call = self
            .client
            .raw()
            .create_saved_reply(self.mailbox.get(), &self.body);
        let response = self.client.run("createSavedReply", call).await?;
        Ok(created_id(response.headers()).map(SavedReplyId::new))
    }
}

/// Replaces a saved reply; see [`Mailboxes::update_saved_reply`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateSavedReply<'a> {
    client: &'a Client,
    mailbox: MailboxId,
    id: SavedReplyId,
    body: UpdateSavedReplyBody,
}

impl UpdateSavedReply<'_> {
    /// The text used in email replies; HTML is allowed.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.body.text = Some(text.into());
        self
    }

    /// The plain text used in chats.
    pub fn chat_text(mut self, text: impl Into<String>) -> Self {
        self.body.chat_text = Some(text.into());
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown reply or mailbox, [`Error::Validation`], and any
    /// error of a request.
    pub async fn send(self) -> Result<()> {
        let call =
            self.client
                .raw()
                .update_saved_reply(self.mailbox.get(), self.id.get(), &self.body);
        self.client.run("updateSavedReply", call).await?;
        Ok(())
    }
}
