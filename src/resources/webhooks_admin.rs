//! Webhook subscriptions: list, get, create, replace and delete them. Reached through
//! [`Client::webhooks`].
//!
//! This module manages the subscriptions; receiving and verifying the deliveries is a
//! separate concern of the crate.
//!
//! The signing secret is a [`Secret`] everywhere, in the request models and in the
//! [`Webhook`] the API returns (should it echo the secret), so that logging any of them with
//! `{:?}` prints `[redacted]`.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::MailboxId;
//! use helpscout_mailbox::models::WebhookEvent;
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! // Subscribe to new conversations and customer replies of one inbox. Keep the secret:
//! // the receiver needs it to check `X-HelpScout-Signature`.
//! let id = client
//!     .webhooks()
//!     .create(
//!         "https://example.com/helpscout",
//!         [WebhookEvent::ConvoCreated, WebhookEvent::ConvoCustomerReplyCreated],
//!         "a-random-secret-of-at-most-40-chars",
//!     )
//!     .label("support-sync")
//!     .mailbox_ids([MailboxId::new(1)])
//!     .await?;
//! println!("created {id}");
//!
//! // Every subscription; the secret, if the API echoes it, prints as `[redacted]`.
//! let mut webhooks = client.webhooks().list().stream();
//! while let Some(webhook) = webhooks.try_next().await? {
//!     println!("{:?} {:?} -> {:?} ({:?})", webhook.id, webhook.state, webhook.url, webhook.events);
//! }
//!
//! client.webhooks().delete(id).await?;
//! # Ok(()) }
//! ```

use crate::auth::Secret;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, WebhookId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookEvent, WebhookPayloadVersion,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed, required_id};

impl Client {
    /// Webhook subscriptions (the account's side: which URL gets which events).
    pub fn webhooks(&self) -> Webhooks<'_> {
        Webhooks { client: self }
    }
}

/// The webhook subscription operations; see [`Client::webhooks`].
#[derive(Clone, Copy, Debug)]
pub struct Webhooks<'a> {
    client: &'a Client,
}

impl<'a> Webhooks<'a> {
    /// Lists the account's webhooks.
    pub fn list(self) -> List<'a, ListWebhooks> {
        List::new(self.client, ListWebhooks(()))
    }

    /// Gets one webhook.
    pub fn get(self, id: WebhookId) -> Request<'a, GetWebhook> {
        Request::new(self.client, GetWebhook { id })
    }

    /// Subscribes `url` to `events`. Deliveries are signed with `secret` (at most 40
    /// characters, chosen by you; the `X-HelpScout-Signature` header is its HMAC-SHA1 of the
    /// body). The webhook covers every mailbox unless limited with
    /// [`mailbox_ids`](Request::mailbox_ids), and uses payload version `V2`.
    pub fn create(
        self,
        url: impl Into<String>,
        events: impl IntoIterator<Item = WebhookEvent>,
        secret: impl Into<Secret>,
    ) -> Request<'a, CreateWebhook> {
        let settings = Settings::new(url.into(), events, secret.into());
        Request::new(self.client, CreateWebhook { settings })
    }

    /// Replaces a webhook's whole configuration. Nothing of the old one is kept, so the
    /// URL, events and secret are required again, and optional settings left unset return
    /// to their defaults (every mailbox, full payloads, and the label `Webhooks` that Help
    /// Scout gives a webhook without one).
    pub fn update(
        self,
        id: WebhookId,
        url: impl Into<String>,
        events: impl IntoIterator<Item = WebhookEvent>,
        secret: impl Into<Secret>,
    ) -> Request<'a, UpdateWebhook> {
        let settings = Settings::new(url.into(), events, secret.into());
        Request::new(self.client, UpdateWebhook { id, settings })
    }

    /// Deletes a webhook; Help Scout stops delivering to it at once.
    pub fn delete(self, id: WebhookId) -> Request<'a, DeleteWebhook> {
        Request::new(self.client, DeleteWebhook { id })
    }
}

/// The webhook list; see [`Webhooks::list`]. It has no filters.
#[derive(Clone, Debug)]
pub struct ListWebhooks(());

impl Listing for ListWebhooks {
    type Item = Webhook;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Webhook>> {
        let call = client.raw().list_webhooks(Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_WEBHOOKS, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.webhooks).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListWebhooks {}

/// Gets one webhook; see [`Webhooks::get`].
#[derive(Clone, Debug)]
pub struct GetWebhook {
    id: WebhookId,
}

impl Operation for GetWebhook {
    type Output = Webhook;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Webhook> {
        let call = client.raw().get_webhook(self.id.get());
        Ok(client.run(operation::GET_WEBHOOK, call).await?.into_inner())
    }
}

/// Deletes a webhook; see [`Webhooks::delete`].
#[derive(Clone, Debug)]
pub struct DeleteWebhook {
    id: WebhookId,
}

impl Operation for DeleteWebhook {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_webhook(self.id.get());
        client.run(operation::DELETE_WEBHOOK, call).await?;
        Ok(())
    }
}

mod settings {
    use super::{MailboxId, Secret, WebhookEvent, WebhookPayloadVersion};

    /// What create and update both send, checked by [`Settings::check`] before anything is
    /// sent. Public in a private module: the crate's requests reach it through
    /// [`HasSettings`], users cannot name it.
    #[derive(Clone, Debug)]
    pub struct Settings {
        pub(super) url: String,
        pub(super) events: Vec<WebhookEvent>,
        pub(super) secret: Secret,
        pub(super) notification: Option<bool>,
        pub(super) label: Option<String>,
        pub(super) payload_version: WebhookPayloadVersion,
        pub(super) mailbox_ids: Vec<MailboxId>,
    }

    /// The requests that carry [`Settings`]; the supertrait of
    /// [`WebhookSettings`](super::WebhookSettings), which only this crate can implement.
    pub trait HasSettings {
        /// The settings, for the shared setters.
        fn settings(&mut self) -> &mut Settings;
    }
}

use settings::{HasSettings, Settings};

impl Settings {
    fn new(url: String, events: impl IntoIterator<Item = WebhookEvent>, secret: Secret) -> Self {
        Self {
            url,
            events: events.into_iter().collect(),
            secret,
            notification: None,
            label: None,
            payload_version: WebhookPayloadVersion::V2,
            mailbox_ids: Vec::new(),
        }
    }

    /// The API requires at least one event; an empty list is refused before sending.
    fn check(&self) -> Result<()> {
        if self.events.is_empty() {
            return Err(Error::InvalidRequest(
                "a webhook needs at least one event".into(),
            ));
        }
        Ok(())
    }
}

/// The webhook requests that take the subscription settings, [`CreateWebhook`] and
/// [`UpdateWebhook`]: both have the setters of `impl<W: WebhookSettings> Request<'_, W>`.
/// Implemented by this crate only.
pub trait WebhookSettings: HasSettings {}

impl<W: WebhookSettings + Operation> Request<'_, W> {
    /// Sends only the URI of the changed resource in each delivery instead of the resource
    /// itself.
    pub fn notification(self, notification: bool) -> Self {
        self.with(|w| w.settings().notification = Some(notification))
    }

    /// A name for the webhook; without one Help Scout names it `Webhooks` (changelog
    /// 2020-10-05).
    pub fn label(self, label: impl Into<String>) -> Self {
        self.with(|w| w.settings().label = Some(label.into()))
    }

    /// The payload format; `V2`, the default, is the only one the API still offers.
    pub fn payload_version(self, version: WebhookPayloadVersion) -> Self {
        self.with(|w| w.settings().payload_version = version)
    }

    /// Limits the webhook to these mailboxes (adding to earlier calls); without it the
    /// webhook fires for every mailbox. `customer.created` ignores the limit.
    pub fn mailbox_ids(self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.with(|w| w.settings().mailbox_ids.extend(mailboxes))
    }
}

/// Creates a webhook; see [`Webhooks::create`]. Sending it returns the new webhook's id,
/// read from `Resource-ID` (or `Location`), which the API documents for this create. Its
/// `Debug` shows the secret as `[redacted]`.
///
/// Fails with [`Error::InvalidRequest`], sent nowhere, for an empty event list;
/// [`Error::Validation`] (an unreachable URL, a secret over 40 characters, ...); and any
/// error of a request. A create is never retried after a server error, because it may have
/// succeeded.
#[derive(Clone, Debug)]
pub struct CreateWebhook {
    settings: Settings,
}

impl HasSettings for CreateWebhook {
    fn settings(&mut self) -> &mut Settings {
        &mut self.settings
    }
}

impl WebhookSettings for CreateWebhook {}

impl Operation for CreateWebhook {
    type Output = WebhookId;

    async fn execute(self, client: &Client, _: Sealed) -> Result<WebhookId> {
        self.settings.check()?;
        let s = self.settings;
        let body = CreateWebhookBody {
            events: s.events.into_iter().map(Into::into).collect(),
            label: s.label,
            mailbox_ids: s.mailbox_ids.into_iter().map(MailboxId::get).collect(),
            notification: s.notification,
            payload_version: Some(s.payload_version.into()),
            secret: s.secret,
            url: s.url,
        };
        let call = client.raw().create_webhook(&body);
        let response = client.run(operation::CREATE_WEBHOOK, call).await?;
        required_id(
            operation::CREATE_WEBHOOK,
            response.headers(),
            WebhookId::new,
        )
    }
}

/// Replaces a webhook; see [`Webhooks::update`]. Its `Debug` shows the secret as
/// `[redacted]`.
///
/// Fails with [`Error::InvalidRequest`], sent nowhere, for an empty event list;
/// [`Error::NotFound`] for an unknown webhook; [`Error::Validation`]; and any error of a
/// request.
#[derive(Clone, Debug)]
pub struct UpdateWebhook {
    id: WebhookId,
    settings: Settings,
}

impl HasSettings for UpdateWebhook {
    fn settings(&mut self) -> &mut Settings {
        &mut self.settings
    }
}

impl WebhookSettings for UpdateWebhook {}

impl Operation for UpdateWebhook {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        self.settings.check()?;
        let s = self.settings;
        let body = UpdateWebhookBody {
            events: s.events.into_iter().map(Into::into).collect(),
            label: s.label,
            mailbox_ids: s.mailbox_ids.into_iter().map(MailboxId::get).collect(),
            notification: s.notification,
            payload_version: Some(s.payload_version.into()),
            secret: s.secret,
            url: s.url,
        };
        let call = client.raw().update_webhook(self.id.get(), &body);
        client.run(operation::UPDATE_WEBHOOK, call).await?;
        Ok(())
    }
}
