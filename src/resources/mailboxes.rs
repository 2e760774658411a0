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
//!     let folders = client.mailboxes().folders(id).await?;
//!     for folder in folders {
//!         println!("  {:?}: {:?} active", folder.name, folder.active_count);
//!     }
//!
//!     // Dropdown custom fields: conversations store the option id, not the label.
//!     let fields = client.mailboxes().custom_fields(id).await?;
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
//!     .await?;
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, SavedReplyId, UserId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    CreateSavedReplyBody, Mailbox, MailboxCustomField, MailboxFolder, MailboxRouting,
    RoutingAssignmentMethod, RoutingState, SavedReply, SavedReplySummary, UpdateMailboxRoutingBody,
    UpdateSavedReplyBody,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Created, Operation, Request, Sealed};

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
    pub fn list(self) -> List<'a, ListMailboxes> {
        List::new(self.client, ListMailboxes(()))
    }

    /// Gets one mailbox.
    pub fn get(self, id: MailboxId) -> Request<'a, GetMailbox> {
        Request::new(self.client, GetMailbox { id })
    }

    /// Lists a mailbox's folders with their conversation counts.
    pub fn folders(self, mailbox: MailboxId) -> List<'a, ListMailboxFolders> {
        List::new(self.client, ListMailboxFolders { mailbox })
    }

    /// Lists the custom fields defined on a mailbox. A dropdown's `options` carry the ids
    /// that conversations use as the field's value.
    pub fn custom_fields(self, mailbox: MailboxId) -> List<'a, ListMailboxCustomFields> {
        List::new(self.client, ListMailboxCustomFields { mailbox })
    }

    /// Gets the routing (automatic assignment) configuration of a mailbox, with each
    /// rotation member's current eligibility.
    pub fn routing(self, mailbox: MailboxId) -> Request<'a, GetMailboxRouting> {
        Request::new(self.client, GetMailboxRouting { mailbox })
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
    ) -> Request<'a, UpdateMailboxRouting> {
        let operation = UpdateMailboxRouting {
            mailbox,
            state,
            assignment_method,
            assignment_limit,
            users: users.into_iter().collect(),
        };
        Request::new(self.client, operation)
    }

    /// Lists a mailbox's saved replies, with a preview of each text rather than the full
    /// text (use [`saved_reply`](Self::saved_reply) for that). The API returns them all at
    /// once, as a plain array without paging.
    pub fn saved_replies(self, mailbox: MailboxId) -> Request<'a, ListSavedReplies> {
        let operation = ListSavedReplies {
            mailbox,
            include_chat_replies: None,
        };
        Request::new(self.client, operation)
    }

    /// Gets one saved reply with its full email and chat texts.
    pub fn saved_reply(self, mailbox: MailboxId, id: SavedReplyId) -> Request<'a, GetSavedReply> {
        Request::new(self.client, GetSavedReply { mailbox, id })
    }

    /// Adds a saved reply named `name` to a mailbox; set its texts with the request's
    /// setters.
    pub fn create_saved_reply(
        self,
        mailbox: MailboxId,
        name: impl Into<String>,
    ) -> Request<'a, CreateSavedReply> {
        let body = CreateSavedReplyBody {
            chat_text: None,
            name: name.into(),
            text: None,
        };
        Request::new(self.client, CreateSavedReply { mailbox, body })
    }

    /// Replaces a saved reply's name and texts. It is a replacement: set every text the
    /// reply should keep, since one left out may be cleared.
    pub fn update_saved_reply(
        self,
        mailbox: MailboxId,
        id: SavedReplyId,
        name: impl Into<String>,
    ) -> Request<'a, UpdateSavedReply> {
        let body = UpdateSavedReplyBody {
            chat_text: None,
            name: name.into(),
            text: None,
        };
        Request::new(self.client, UpdateSavedReply { mailbox, id, body })
    }

    /// Deletes a saved reply.
    pub fn delete_saved_reply(
        self,
        mailbox: MailboxId,
        id: SavedReplyId,
    ) -> Request<'a, DeleteSavedReply> {
        Request::new(self.client, DeleteSavedReply { mailbox, id })
    }
}

/// The mailbox list; see [`Mailboxes::list`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListMailboxes(());

impl Listing for ListMailboxes {
    type Item = Mailbox;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Mailbox>> {
        let call = client.raw().list_mailboxes(Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_MAILBOXES, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.mailboxes).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListMailboxes {}

/// A mailbox's folders; see [`Mailboxes::folders`].
#[derive(Clone, Debug)]
pub struct ListMailboxFolders {
    mailbox: MailboxId,
}

impl Listing for ListMailboxFolders {
    type Item = MailboxFolder;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<MailboxFolder>> {
        let call = client
            .raw()
            .list_mailbox_folders(self.mailbox.get(), Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_MAILBOX_FOLDERS, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.folders).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListMailboxFolders {}

/// A mailbox's custom field definitions; see [`Mailboxes::custom_fields`].
#[derive(Clone, Debug)]
pub struct ListMailboxCustomFields {
    mailbox: MailboxId,
}

impl Listing for ListMailboxCustomFields {
    type Item = MailboxCustomField;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(
        &self,
        client: &Client,
        at: PageAt,
        _: Sealed,
    ) -> Result<Page<MailboxCustomField>> {
        let call = client
            .raw()
            .list_mailbox_custom_fields(self.mailbox.get(), Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_MAILBOX_CUSTOM_FIELDS, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.fields).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListMailboxCustomFields {}

/// Gets one mailbox; see [`Mailboxes::get`].
#[derive(Clone, Debug)]
pub struct GetMailbox {
    id: MailboxId,
}

impl Operation for GetMailbox {
    type Output = Mailbox;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Mailbox> {
        let call = client.raw().get_mailbox(self.id.get());
        Ok(client.run(operation::GET_MAILBOX, call).await?.into_inner())
    }
}

/// Gets a mailbox's routing; see [`Mailboxes::routing`].
#[derive(Clone, Debug)]
pub struct GetMailboxRouting {
    mailbox: MailboxId,
}

impl Operation for GetMailboxRouting {
    type Output = MailboxRouting;

    async fn execute(self, client: &Client, _: Sealed) -> Result<MailboxRouting> {
        let call = client.raw().get_mailbox_routing(self.mailbox.get());
        Ok(client
            .run(operation::GET_MAILBOX_ROUTING, call)
            .await?
            .into_inner())
    }
}

/// Replaces a mailbox's routing; see [`Mailboxes::update_routing`].
#[derive(Clone, Debug)]
pub struct UpdateMailboxRouting {
    mailbox: MailboxId,
    state: RoutingState,
    assignment_method: RoutingAssignmentMethod,
    assignment_limit: u32,
    users: Vec<UserId>,
}

impl Operation for UpdateMailboxRouting {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let limit = self.assignment_limit;
        if !ROUTING_LIMITS.contains(&limit) {
            return Err(Error::InvalidRequest(format!(
                "the routing assignment limit must be 1 to 100, not {limit}"
            )));
        }
        if self.state == RoutingState::Enabled && self.users.is_empty() {
            return Err(Error::InvalidRequest(
                "enabled routing needs at least one user in the rotation".into(),
            ));
        }
        let body = UpdateMailboxRoutingBody {
            assignment_limit: i64::from(limit),
            assignment_method: self.assignment_method.into(),
            state: self.state.into(),
            user_ids: self.users.into_iter().map(UserId::get).collect(),
        };
        let call = client
            .raw()
            .update_mailbox_routing(self.mailbox.get(), &body);
        client.run(operation::UPDATE_MAILBOX_ROUTING, call).await?;
        Ok(())
    }
}

/// Lists a mailbox's saved replies, all at once; see [`Mailboxes::saved_replies`].
///
/// Fails with [`Error::NotFound`] for an unknown mailbox, and any error of a request.
#[derive(Clone, Debug)]
pub struct ListSavedReplies {
    mailbox: MailboxId,
    include_chat_replies: Option<bool>,
}

impl Request<'_, ListSavedReplies> {
    /// Whether to include replies that exist for chat only; the API leaves them out unless
    /// asked.
    pub fn include_chat_replies(self, include: bool) -> Self {
        self.with(|o| o.include_chat_replies = Some(include))
    }
}

impl Operation for ListSavedReplies {
    type Output = Vec<SavedReplySummary>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Vec<SavedReplySummary>> {
        let call = client
            .raw()
            .list_saved_replies(self.mailbox.get(), self.include_chat_replies);
        let response = client.run(operation::LIST_SAVED_REPLIES, call).await?;
        Ok(response.into_inner().0)
    }
}

/// Gets one saved reply; see [`Mailboxes::saved_reply`].
#[derive(Clone, Debug)]
pub struct GetSavedReply {
    mailbox: MailboxId,
    id: SavedReplyId,
}

impl Operation for GetSavedReply {
    type Output = SavedReply;

    async fn execute(self, client: &Client, _: Sealed) -> Result<SavedReply> {
        let call = client
            .raw()
            .get_saved_reply(self.mailbox.get(), self.id.get());
        Ok(client
            .run(operation::GET_SAVED_REPLY, call)
            .await?
            .into_inner())
    }
}

/// Creates a saved reply; see [`Mailboxes::create_saved_reply`]. Sending it returns
/// [`Created`]: the docs show no `Resource-ID` for this create, so the new id may be
/// missing (then find the reply by listing).
///
/// Fails with [`Error::Validation`] (a missing or duplicate name, for example), and any
/// error of a request. A create is never retried after a server error, because it may have
/// succeeded.
#[derive(Clone, Debug)]
pub struct CreateSavedReply {
    mailbox: MailboxId,
    body: CreateSavedReplyBody,
}

impl Request<'_, CreateSavedReply> {
    /// The text used in email replies; HTML is allowed.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.with(|o| o.body.text = Some(text.into()))
    }

    /// The plain text used in chats.
    pub fn chat_text(self, text: impl Into<String>) -> Self {
        self.with(|o| o.body.chat_text = Some(text.into()))
    }
}

impl Operation for CreateSavedReply {
    type Output = Created<SavedReplyId>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Created<SavedReplyId>> {
        let call = client
            .raw()
            .create_saved_reply(self.mailbox.get(), &self.body);
        let response = client.run(operation::CREATE_SAVED_REPLY, call).await?;
        // quirk Q31: the saved-reply create is documented without `Resource-ID`.
        Ok(Created::from_headers(response.headers(), SavedReplyId::new))
    }
}

/// Replaces a saved reply; see [`Mailboxes::update_saved_reply`].
///
/// Fails with [`Error::NotFound`] for an unknown reply or mailbox, [`Error::Validation`],
/// and any error of a request.
#[derive(Clone, Debug)]
pub struct UpdateSavedReply {
    mailbox: MailboxId,
    id: SavedReplyId,
    body: UpdateSavedReplyBody,
}

impl Request<'_, UpdateSavedReply> {
    /// The text used in email replies; HTML is allowed.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.with(|o| o.body.text = Some(text.into()))
    }

    /// The plain text used in chats.
    pub fn chat_text(self, text: impl Into<String>) -> Self {
        self.with(|o| o.body.chat_text = Some(text.into()))
    }
}

impl Operation for UpdateSavedReply {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let (mailbox, id) = (self.mailbox.get(), self.id.get());
        let call = client.raw().update_saved_reply(mailbox, id, &self.body);
        client.run(operation::UPDATE_SAVED_REPLY, call).await?;
        Ok(())
    }
}

/// Deletes a saved reply; see [`Mailboxes::delete_saved_reply`].
#[derive(Clone, Debug)]
pub struct DeleteSavedReply {
    mailbox: MailboxId,
    id: SavedReplyId,
}

impl Operation for DeleteSavedReply {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client
            .raw()
            .delete_saved_reply(self.mailbox.get(), self.id.get());
        client.run(operation::DELETE_SAVED_REPLY, call).await?;
        Ok(())
    }
}
