//! `hs webhook list|create|delete`.

use anyhow::Result;
use clap::Subcommand;
use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{MailboxId, WebhookId};
use helpscout_mailbox::models::WebhookEvent;
use serde_json::Value;

use crate::output::{Column, col, values};
use crate::parse;
use crate::session::Session;

const WEBHOOKS: &[Column] = &[
    col("ID", "/id"),
    col("URL", "/url"),
    col("State", "/state"),
    col("Events", "/events"),
    col("Label", "/label"),
    col("Mailboxes", "/mailboxIds"),
];

/// `hs webhook ...`
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// List the account's webhooks (their signing secrets are not shown)
    List,
    /// Subscribe a URL to events
    Create {
        /// Where Help Scout POSTs the events
        #[arg(long)]
        url: String,
        /// An event, such as convo.created or customer.updated (repeat for several)
        #[arg(long = "event", required = true, value_parser = |s: &str| parse::known::<WebhookEvent>(s, WebhookEvent::KNOWN))]
        events: Vec<WebhookEvent>,
        /// The signing secret (at most 40 characters); prefer the environment variable
        #[arg(long, env = "HS_WEBHOOK_SECRET", hide_env_values = true)]
        secret: String,
        /// A label shown in Help Scout
        #[arg(long)]
        label: Option<String>,
        /// Only events of this mailbox (repeat for several)
        #[arg(long, value_name = "ID", value_parser = parse::id)]
        mailbox: Vec<i64>,
    },
    /// Delete a webhook
    Delete {
        #[arg(value_parser = parse::id)]
        id: i64,
    },
}

/// Runs `hs webhook ...`.
pub async fn run(session: &Session, command: WebhookCommand) -> Result<()> {
    let webhooks = session.client.webhooks();
    match command {
        WebhookCommand::List => {
            let list: Vec<_> = webhooks.list().stream().try_collect().await?;
            let mut list = values(&list)?;
            list.iter_mut().for_each(redact_secret);
            session.out.list(&list, WEBHOOKS)
        }
        WebhookCommand::Create {
            url,
            events,
            secret,
            label,
            mailbox,
        } => {
            let mut create = webhooks.create(url, events, secret);
            if let Some(label) = label {
                create = create.label(label);
            }
            if !mailbox.is_empty() {
                create = create.mailbox_ids(mailbox.into_iter().map(MailboxId::new));
            }
            let id = create.send().await?;
            session.out.created("webhook", Some(id.get()))
        }
        WebhookCommand::Delete { id } => {
            webhooks.delete(WebhookId::new(id)).await?;
            session.out.done(&format!("webhook {id}: deleted"));
            Ok(())
        }
    }
}

/// A webhook's signing secret is a credential: never printed, whatever the format.
fn redact_secret(webhook: &mut Value) {
    if let Some(secret) = webhook.get_mut("secret")
        && !secret.is_null()
    {
        *secret = Value::String("[redacted]".into());
    }
}
