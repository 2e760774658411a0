//! Users: list, get and create them, read the token's own user, read and set availability,
//! and list the system users (AI agents). Reached through [`Client::users`].
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::MailboxId;
//! use helpscout_mailbox::models::{CreateUserRole, EmailAvailability};
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! // Who the token belongs to.
//! let me = client.users().me().await?;
//! println!("signed in as {:?} {:?}", me.first_name, me.last_name);
//!
//! // Find a user by exact email, among the users of one inbox.
//! let mut found = client.users().list().email("ada@example.com").mailbox(MailboxId::new(1)).stream();
//! while let Some(user) = found.try_next().await? {
//!     println!("{:?}: {:?}", user.id, user.role);
//! }
//!
//! // Invite a colleague with access to one inbox; the new id comes from `Resource-ID`.
//! let id = client
//!     .users()
//!     .create("Grace", "Hopper", "grace@example.com", CreateUserRole::User)
//!     .timezone("Europe/Berlin")
//!     .mailboxes([MailboxId::new(1)])
//!     .await?;
//!
//! // Mark them away for email, with a status text.
//! client.users().set_status(id, EmailAvailability::Away).custom_status("Onboarding").await?;
//! let status = client.users().status(id).await?;
//! println!("email: {:?}", status.email.and_then(|email| email.status));
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, UserId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    CreateUserBody, CreateUserMailboxAccess, CreateUserRole, EmailAvailability,
    SetUserCustomStatus, SetUserStatusBody, SystemUser, User, UserStatus,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed, required_id};

impl Client {
    /// The account's users, their availability, and its system users.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

/// The user operations; see [`Client::users`].
#[derive(Clone, Copy, Debug)]
pub struct Users<'a> {
    client: &'a Client,
}

impl<'a> Users<'a> {
    /// Lists users, including those who have not accepted their invitation yet. System users
    /// (AI agents) are not in this list; see [`system_users`](Self::system_users).
    pub fn list(self) -> List<'a, ListUsers> {
        List::new(self.client, ListUsers::default())
    }

    /// Gets one user.
    pub fn get(self, id: UserId) -> Request<'a, GetUser> {
        Request::new(self.client, GetUser { id })
    }

    /// Gets the user the access token belongs to. Unlike [`get`](Self::get), the answer
    /// carries the account's `company_id`.
    pub fn me(self) -> Request<'a, GetCurrentUser> {
        Request::new(self.client, GetCurrentUser(()))
    }

    /// Adds a user to the account (administrators and the account owner only). The new user
    /// gets an invitation email unless [`send_invite`](Request::send_invite) is `false`.
    /// The owner role cannot be given through the API, which is why `role` is a
    /// [`CreateUserRole`].
    pub fn create(
        self,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        role: CreateUserRole,
    ) -> Request<'a, CreateUser> {
        let body = CreateUserBody {
            email: email.into(),
            first_name: first_name.into(),
            job_title: None,
            last_name: last_name.into(),
            mailboxes: Vec::new(),
            phone: None,
            role: role.into(),
            send_invite: None,
            timezone: None,
        };
        Request::new(self.client, CreateUser { body })
    }

    /// Lists the email and chat availability of every user.
    pub fn statuses(self) -> List<'a, ListUserStatuses> {
        List::new(self.client, ListUserStatuses(()))
    }

    /// Gets a user's email and chat availability.
    pub fn status(self, id: UserId) -> Request<'a, GetUserStatus> {
        Request::new(self.client, GetUserStatus { id })
    }

    /// Sets a user's email availability, optionally with a custom status text. Administrators
    /// and the owner may change anyone; other users only themselves.
    pub fn set_status(self, id: UserId, status: EmailAvailability) -> Request<'a, SetUserStatus> {
        let operation = SetUserStatus {
            id,
            status,
            text: None,
            emoji: None,
            emoji_name: None,
        };
        Request::new(self.client, operation)
    }

    /// Lists the system users, the non-human actors such as AI agents, which the v2
    /// endpoints otherwise show as ordinary users (a v3 endpoint).
    pub fn system_users(self) -> List<'a, ListSystemUsers> {
        List::new(self.client, ListSystemUsers(()))
    }
}

/// The user list and its filters, as the API names them; see [`Users::list`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListUsers {
    email: Option<String>,
    mailbox: Option<MailboxId>,
}

impl List<'_, ListUsers> {
    /// Only the user with exactly this email address.
    pub fn email(self, email: impl Into<String>) -> Self {
        self.with(|q| q.email = Some(email.into()))
    }

    /// Only users with access to this mailbox (the API takes one).
    pub fn mailbox(self, mailbox: MailboxId) -> Self {
        self.with(|q| q.mailbox = Some(mailbox))
    }
}

impl Listing for ListUsers {
    type Item = User;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<User>> {
        let call = client.raw().list_users(
            self.email.as_deref(),
            self.mailbox.map(MailboxId::get),
            Some(page_number(&at)?),
        );
        let response = client.run(operation::LIST_USERS, call).await?.into_inner();
        let items = response.embedded.map(|e| e.users).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListUsers {}

/// The availability list; see [`Users::statuses`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListUserStatuses(());

impl Listing for ListUserStatuses {
    type Item = UserStatus;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<UserStatus>> {
        let call = client.raw().list_user_statuses(Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_USER_STATUSES, call)
            .await?
            .into_inner();
        let items = response
            .embedded
            .map(|e| e.user_statuses)
            .unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListUserStatuses {}

/// The system user list; see [`Users::system_users`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListSystemUsers(());

impl Listing for ListSystemUsers {
    type Item = SystemUser;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<SystemUser>> {
        let call = client.raw().list_system_users(Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_SYSTEM_USERS, call)
            .await?
            .into_inner();
        let items = response
            .embedded
            .map(|e| e.system_users)
            .unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListSystemUsers {}

/// Gets one user; see [`Users::get`].
#[derive(Clone, Debug)]
pub struct GetUser {
    id: UserId,
}

impl Operation for GetUser {
    type Output = User;

    async fn execute(self, client: &Client, _: Sealed) -> Result<User> {
        let call = client.raw().get_user(self.id.get());
        Ok(client.run(operation::GET_USER, call).await?.into_inner())
    }
}

/// Gets the token's own user; see [`Users::me`].
#[derive(Clone, Debug)]
pub struct GetCurrentUser(());

impl Operation for GetCurrentUser {
    type Output = User;

    async fn execute(self, client: &Client, _: Sealed) -> Result<User> {
        let call = client.raw().get_current_user();
        Ok(client
            .run(operation::GET_CURRENT_USER, call)
            .await?
            .into_inner())
    }
}

/// Gets a user's availability; see [`Users::status`].
#[derive(Clone, Debug)]
pub struct GetUserStatus {
    id: UserId,
}

impl Operation for GetUserStatus {
    type Output = UserStatus;

    async fn execute(self, client: &Client, _: Sealed) -> Result<UserStatus> {
        let call = client.raw().get_user_status(self.id.get());
        Ok(client
            .run(operation::GET_USER_STATUS, call)
            .await?
            .into_inner())
    }
}

/// Creates a user; see [`Users::create`]. Sending it returns the new user's id, read from
/// `Resource-ID` (or `Location`), which the API documents for this create.
///
/// Fails with [`Error::Forbidden`] for a caller who is not an administrator,
/// [`Error::Validation`] (a name over 40 characters, an email already in use, ...), and any
/// error of a request. A create is never retried after a server error, because it may have
/// succeeded.
#[derive(Clone, Debug)]
pub struct CreateUser {
    body: CreateUserBody,
}

impl Request<'_, CreateUser> {
    /// An IANA time zone name such as `Europe/Paris`; the API picks one when it is left out.
    pub fn timezone(self, timezone: impl Into<String>) -> Self {
        self.with(|o| o.body.timezone = Some(timezone.into()))
    }

    /// The job title (at most 50 characters).
    pub fn job_title(self, title: impl Into<String>) -> Self {
        self.with(|o| o.body.job_title = Some(title.into()))
    }

    /// The phone number.
    pub fn phone(self, phone: impl Into<String>) -> Self {
        self.with(|o| o.body.phone = Some(phone.into()))
    }

    /// Whether to email the user an invitation; the API's default is `true`.
    pub fn send_invite(self, send: bool) -> Self {
        self.with(|o| o.body.send_invite = Some(send))
    }

    /// Gives the user access to these mailboxes, with email access (adding to earlier
    /// calls). The caller needs email access to each of them.
    pub fn mailboxes(self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.with(|o| o.grant(mailboxes, true))
    }

    /// Gives the user access to these mailboxes without email access (adding to earlier
    /// calls).
    pub fn mailboxes_without_email(self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.with(|o| o.grant(mailboxes, false))
    }
}

impl CreateUser {
    fn grant(&mut self, mailboxes: impl IntoIterator<Item = MailboxId>, email_access: bool) {
        let access = mailboxes
            .into_iter()
            .map(|mailbox| CreateUserMailboxAccess {
                email_access: Some(email_access),
                id: mailbox.get(),
            });
        self.body.mailboxes.extend(access);
    }
}

impl Operation for CreateUser {
    type Output = UserId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<UserId> {
        let call = client.raw().create_user(&self.body);
        let response = client.run(operation::CREATE_USER, call).await?;
        required_id(operation::CREATE_USER, response.headers(), UserId::new)
    }
}

/// Sets a user's availability; see [`Users::set_status`].
///
/// Fails with [`Error::InvalidRequest`], sent nowhere, for an emoji without a custom status
/// text (the API requires the text); [`Error::Forbidden`] when changing another user without
/// being an administrator; and any error of a request.
#[derive(Clone, Debug)]
pub struct SetUserStatus {
    id: UserId,
    status: EmailAvailability,
    text: Option<String>,
    emoji: Option<String>,
    emoji_name: Option<String>,
}

impl Request<'_, SetUserStatus> {
    /// A custom status text to show with the availability.
    pub fn custom_status(self, text: impl Into<String>) -> Self {
        self.with(|o| o.text = Some(text.into()))
    }

    /// The emoji of the custom status, as the character itself (`☕`). Needs
    /// [`custom_status`](Self::custom_status).
    pub fn emoji(self, emoji: impl Into<String>) -> Self {
        self.with(|o| o.emoji = Some(emoji.into()))
    }

    /// The emoji's short name, such as `:coffee:`. Needs
    /// [`custom_status`](Self::custom_status).
    pub fn emoji_name(self, name: impl Into<String>) -> Self {
        self.with(|o| o.emoji_name = Some(name.into()))
    }
}

impl Operation for SetUserStatus {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let custom_status = match self.text {
            Some(text) => Some(SetUserCustomStatus {
                emoji: self.emoji,
                emoji_name: self.emoji_name,
                text,
            }),
            None if self.emoji.is_some() || self.emoji_name.is_some() => {
                return Err(Error::InvalidRequest(
                    "a status emoji needs a custom status text".into(),
                ));
            }
            None => None,
        };
        let body = SetUserStatusBody {
            custom_status,
            status: self.status.into(),
        };
        let call = client.raw().set_user_status(self.id.get(), &body);
        client.run(operation::SET_USER_STATUS, call).await?;
        Ok(())
    }
}
