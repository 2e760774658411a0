//! Users: list, get and create them, read the token's own user, read and set availability,
//! and list the system users (AI agents). Reached through [`Client::users`].
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::MailboxId;
//! use helpscout_mailbox::models::{CreateUserRole, EmailAvailability};
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! // Who the token belongs to.
//! let me = client.users().me().send().await?;
//! println!("signed in as {:?} {:?}", me.first_name, me.last_name);
//!
//! // Find a user by exact email, among the users of one inbox.
//! let mut found = client.users().list().email("ada@example.com").mailbox(MailboxId::new(1)).stream();
//! while let Some(user) = found.try_next().await? {
//!     println!("{:?}: {:?}", user.id, user.role);
//! }
//!
//! // Invite a colleague with access to one inbox; the new id comes from `Resource-ID`.
//! let new_user = client
//!     .users()
//!     .create("Grace", "Hopper", "grace@example.com", CreateUserRole::User)
//!     .timezone("Europe/Berlin")
//!     .mailbox(MailboxId::new(1), true)
//!     .send()
//!     .await?;
//!
//! // Mark them away for email, with a status text.
//! if let Some(id) = new_user {
//!     client.users().set_status(id, EmailAvailability::Away).custom_status("Onboarding").send().await?;
//!     let status = client.users().status(id).send().await?;
//!     println!("email: {:?}", status.email.and_then(|email| email.status));
//! }
//! # Ok(()) }
//! ```

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, UserId};
use crate::models::{
    CreateUserBody, CreateUserMailboxAccess, CreateUserRole, EmailAvailability,
    SetUserCustomStatus, SetUserStatusBody, SystemUser, User, UserStatus,
};
use crate::page::Page;
use crate::page::hal_list;
use crate::page::page_param;
use crate::resources::created_id;

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
    pub fn list(self) -> ListUsers<'a> {
        ListUsers {
            client: self.client,
            query: UsersQuery::default(),
        }
    }

    /// Gets one user.
    pub fn get(self, id: UserId) -> Action<'a, User> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_user(id.get());
            Ok(client.run("getUser", call).await?.into_inner())
        })
    }

    /// Gets the user the access token belongs to. Unlike [`get`](Self::get), the answer
    /// carries the account's `company_id`.
    pub fn me(self) -> Action<'a, User> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_current_user();
            Ok(client.run("getCurrentUser", call).await?.into_inner())
        })
    }

    /// Adds a user to the account (administrators and the account owner only). The new user
    /// gets an invitation email unless [`send_invite`](CreateUser::send_invite) is `false`.
    /// The owner role cannot be given through the API, which is why `role` is a
    /// [`CreateUserRole`].
    pub fn create(
        self,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        role: CreateUserRole,
    ) -> CreateUser<'a> {
        CreateUser {
            client: self.client,
            body: CreateUserBody {
                email: email.into(),
                first_name: first_name.into(),
                job_title: None,
                last_name: last_name.into(),
                mailboxes: Vec::new(),
                phone: None,
                role,
                send_invite: None,
                timezone: None,
            },
        }
    }

    /// Lists the email and chat availability of every user.
    pub fn statuses(self) -> ListUserStatuses<'a> {
        ListUserStatuses {
            client: self.client,
            query: (),
        }
    }

    /// Gets a user's email and chat availability.
    pub fn status(self, id: UserId) -> Action<'a, UserStatus> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_user_status(id.get());
            Ok(client.run("getUserStatus", call).await?.into_inner())
        })
    }

    /// Sets a user's email availability, optionally with a custom status text. Administrators
    /// and the owner may change anyone; other users only themselves.
    pub fn set_status(self, id: UserId, status: EmailAvailability) -> SetUserStatus<'a> {
        SetUserStatus {
            client: self.client,
            id,
            status,
            text: None,
            emoji: None,
            emoji_name: None,
        }
    }

    /// Lists the system users, the non-human actors such as AI agents, which the v2
    /// endpoints otherwise show as ordinary users (a v3 endpoint).
    pub fn system_users(self) -> ListSystemUsers<'a> {
        ListSystemUsers {
            client: self.client,
            query: (),
        }
    }
}

/// The filters of a user list, as the API names them.
#[derive(Clone, Debug, Default, PartialEq)]
struct UsersQuery {
    email: Option<String>,
    mailbox: Option<MailboxId>,
}

hal_list! {
    /// Lists users; see [`Users::list`].
    ListUsers(UsersQuery) -> User = fetch_users
}

impl ListUsers<'_> {
    /// Only the user with exactly this email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.query.email = Some(email.into());
        self
    }

    /// Only users with access to this mailbox.
    pub fn mailbox(mut self, mailbox: MailboxId) -> Self {
        self.query.mailbox = Some(mailbox);
        self
    }
}

async fn fetch_users(client: &Client, query: &UsersQuery, number: u64) -> Result<Page<User>> {
    let call = client.raw().list_users(
        query.email.as_deref(),
        query.mailbox.map(MailboxId::get),
        Some(page_param(number)?),
    );
    let response = client.run("listUsers", call).await?.into_inner();
    let items = response.embedded.map(|e| e.users).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists user availabilities; see [`Users::statuses`].
    ListUserStatuses(()) -> UserStatus = fetch_statuses
}

async fn fetch_statuses(client: &Client, _: &(), number: u64) -> Result<Page<UserStatus>> {
    let call = client.raw().list_user_statuses(Some(page_param(number)?));
    let response = client.run("listUserStatuses", call).await?.into_inner();
    let items = response
        .embedded
        .map(|e| e.user_statuses)
        .unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists system users; see [`Users::system_users`].
    ListSystemUsers(()) -> SystemUser = fetch_system_users
}

async fn fetch_system_users(client: &Client, _: &(), number: u64) -> Result<Page<SystemUser>> {
    let call = client.raw().list_system_users(Some(page_param(number)?));
    let response = client.run("listSystemUsers", call).await?.into_inner();
    let items = response
        .embedded
        .map(|e| e.system_users)
        .unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Creates a user; see [`Users::create`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateUser<'a> {
    client: &'a Client,
    body: CreateUserBody,
}

impl CreateUser<'_> {
    /// An IANA time zone name such as `Europe/Paris`; the API picks one when it is left out.
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.body.timezone = Some(timezone.into());
        self
    }

    /// The job title (at most 50 characters).
    pub fn job_title(mut self, title: impl Into<String>) -> Self {
        self.body.job_title = Some(title.into());
        self
    }

    /// The phone number.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.body.phone = Some(phone.into());
        self
    }

    /// Whether to email the user an invitation; the API's default is `true`.
    pub fn send_invite(mut self, send: bool) -> Self {
        self.body.send_invite = Some(send);
        self
    }

    /// Gives the user access to a mailbox, with or without email access; call again for
    /// more mailboxes. The caller needs email access to each of them.
    pub fn mailbox(mut self, mailbox: MailboxId, email_access: bool) -> Self {
        self.body.mailboxes.push(CreateUserMailboxAccess {
            email_access: Some(email_access),
            id: mailbox.get(),
        });
        self
    }

    /// Sends the request and returns the new user's id, read from `Resource-ID` (or
    /// `Location`); `None` if the API sent neither, which does not make the create fail.
    ///
    /// # Errors
    ///
    /// [`Error::Forbidden`] for a caller who is not an administrator, [`Error::Validation`]
    /// (a name over 40 characters, an email already in use, ...), and any error of a
    /// request. A create is never retried after a server error, because it may have
    /// succeeded.
    pub async fn send(self) -> Result<Option<UserId>> {
        let call = self.client.raw().create_user(&self.body);
        let response = self.client.run("createUser", call).await?;
        Ok(created_id(response.headers()).map(UserId::new))
    }
}

/// Sets a user's availability; see [`Users::set_status`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct SetUserStatus<'a> {
    client: &'a Client,
    id: UserId,
    status: EmailAvailability,
    text: Option<String>,
    emoji: Option<String>,
    emoji_name: Option<String>,
}

impl SetUserStatus<'_> {
    /// A custom status text to show with the availability.
    pub fn custom_status(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The emoji of the custom status, as the character itself (`☕`). Needs
    /// [`custom_status`](Self::custom_status).
    pub fn emoji(mut self, emoji: impl Into<String>) -> Self {
        self.emoji = Some(emoji.into());
        self
    }

    /// The emoji's short name, such as `:coffee:`. Needs
    /// [`custom_status`](Self::custom_status).
    pub fn emoji_name(mut self, name: impl Into<String>) -> Self {
        self.emoji_name = Some(name.into());
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], sent nowhere, for an emoji without a custom status text
    /// (the API requires the text); [`Error::Forbidden`] when changing another user without
    /// being an administrator; and any error of a request.
    pub async fn send(self) -> Result<()> {
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
            status: self.status,
        };
        let call = self.client.raw().set_user_status(self.id.get(), &body);
        self.client.run("setUserStatus", call).await?;
        Ok(())
    }
}
