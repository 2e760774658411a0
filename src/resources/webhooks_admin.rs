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
//!     .send()
//!     .await?;
//! println!("created {id:?}");
//!
//! // Every subscription; the secret, if the API echoes it, prints as `[redacted]`.
//! let mut webhooks = client.webhooks().list().stream();
//! while let Some(webhook) = webhooks.try_next().await? {
//!     println!("{:?} {:?} -> {:?} ({:?})", webhook.id, webhook.state, webhook.url, webhook.events);
//! }
//!
//! if let Some(id) = id {
//!     client.webhooks().delete(id).send().await?;
//! }
//! # Ok(()) }
//! ```

use crate::auth::Secret;
use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{MailboxId, WebhookId};
use crate::models::{
    CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookEvent, WebhookPayloadVersion,
};
use crate::page::Page;
use crate::page::hal_list;
use crate::page::page_param;
use crate::resources::created_id;

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
    pub fn list(self) -> ListWebhooks<'a> {
        ListWebhooks {
            client: self.client,
            query: (),
        }
    }

    /// Gets one webhook.
    pub fn get(self, id: WebhookId) -> Action<'a, Webhook> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_webhook(id.get());
            Ok(client.run("getWebhook", call).await?.into_inner())
        })
    }

    /// Subscribes `url` to `events`. Deliveries are signed with `secret` (at most 40
    /// characters, chosen by you; the `X-HelpScout-Signature` header is its HMAC-SHA1 of the
    /// body). The webhook covers every mailbox unless limited with
    /// [`mailbox_ids`](CreateWebhook::mailbox_ids), and uses payload version `V2`.
    pub fn create(
        self,
        url: impl Into<String>,
        events: impl IntoIterator<Item = WebhookEvent>,
        secret: impl Into<Secret>,
    ) -> CreateWebhook<'a> {
        CreateWebhook {
            client: self.client,
            settings: Settings::new(url.into(), events, secret.into()),
        }
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
    ) -> UpdateWebhook<'a> {
        UpdateWebhook {
            client: self.client,
            id,
            settings: Settings::new(url.into(), events, secret.into()),
        }
    }

    /// Deletes a webhook; Help Scout stops delivering to it at once.
    pub fn delete(self, id: WebhookId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client.raw().delete_webhook(id.get());
            client.run("deleteWebhook", call).await?;
            Ok(())
        })
    }
}

hal_list! {
    /// Lists webhooks; see [`Webhooks::list`].
    ListWebhooks(()) -> Webhook = fetch_webhooks
}

async fn fetch_webhooks(client: &Client, _: &(), number: u64) -> Result<Page<Webhook>> {
    let call = client.raw().list_webhooks(Some(page_param(number)?));
    let response = client.run("listWebhooks", call).await?.into_inner();
    let items = response.embedded.map(|e| e.webhooks).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// What create and update both send, checked by [`Settings::check`] before anything is sent.
#[derive(Clone, Debug)]
struct Settings {
    url: String,
    events: Vec<WebhookEvent>,
    secret: Secret,
    notification: Option<bool>,
    label: Option<String>,
    payload_version: WebhookPayloadVersion,
    mailbox_ids: Vec<MailboxId>,
}

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

/// The setters create and update share.
macro_rules! webhook_setters {
    ($builder:ident) => {
        impl $builder<'_> {
            /// Sends only the URI of the changed resource in each delivery instead of the
            /// resource itself.
            pub fn notification(mut self, notification: bool) -> Self {
                self.settings.notification = Some(notification);
                self
            }

            /// A name for the webhook; without one Help Scout names it `Webhooks`
            /// (changelog 2020-10-05).
            pub fn label(mut self, label: impl Into<String>) -> Self {
                self.settings.label = Some(label.into());
                self
            }

            /// The payload format; `V2`, the default, is the only one the API still offers.
            pub fn payload_version(mut self, version: WebhookPayloadVersion) -> Self {
                self.settings.payload_version = version;
                self
            }

            /// Limits the webhook to these mailboxes (replacing any earlier list); without
            /// it the webhook fires for every mailbox. `customer.created` ignores the limit.
            pub fn mailbox_ids(mut self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
                self.settings.mailbox_ids = mailboxes.into_iter().collect();
                self
            }
        }
    };
}

/// Creates a webhook; see [`Webhooks::create`]. Its `Debug` shows the secret as
/// `[redacted]`.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateWebhook<'a> {
    client: &'a Client,
    settings: Settings,
}

webhook_setters!(CreateWebhook);

impl CreateWebhook<'_> {
    /// Sends the request and returns the new webhook's id, read from `Resource-ID` (or
    /// `Location`); `None` if the API sent neither, which does not make the create fail.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], sent nowhere, for an empty event list;
    /// [`Error::Validation`] (an unreachable URL, a secret over 40 characters, ...); and any
    /// error of a request. A create is never retried after a server error, because it may
    /// have succeeded.
    pub async fn send(self) -> Result<Option<WebhookId>> {
        self.settings.check()?;
        let s = self.settings;
        let body = CreateWebhookBody {
            events: s.events,
            label: s.label,
            mailbox_ids: s.mailbox_ids.into_iter().map(MailboxId::get).collect(),
            notification: s.notification,
            payload_version: Some(s.payload_version),
            secret: s.secret,
            url: s.url,
        };
        let call = self.client.raw().create_webhook(&body);
        let response = self.client.run("createWebhook", call).await?;
        Ok(created_id(response.headers()).map(WebhookId::new))
    }
}

/// Replaces a webhook; see [`Webhooks::update`]. Its `Debug` shows the secret as
/// `[redacted]`.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateWebhook<'a> {
    client: &'a Client,
    id: WebhookId,
    settings: Settings,
}

webhook_setters!(UpdateWebhook);

impl UpdateWebhook<'_> {
    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], sent nowhere, for an empty event list; [`Error::NotFound`]
    /// for an unknown webhook; [`Error::Validation`]; and any error of a request.
    pub async fn send(self) -> Result<()> {
        self.settings.check()?;
        let s = self.settings;
        let body = UpdateWebhookBody {
            events: s.events,
            label: s.label,
            mailbox_ids: s.mailbox_ids.into_iter().map(MailboxId::get).collect(),
            notification: s.notification,
            payload_version: Some(s.payload_version),
            secret: s.secret,
            url: s.url,
        };
        let call = self.client.raw().update_webhook(self.id.get(), &body);
        self.client.run("updateWebhook", call).await?;
        Ok(())
    }
}
