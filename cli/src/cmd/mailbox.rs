//! `hs mailbox list|get|folders|fields`.

use anyhow::Result;
use clap::Subcommand;
use futures_util::TryStreamExt;
use helpscout_mailbox::ids::MailboxId;

use crate::output::{Column, col, value, values};
use crate::parse;
use crate::session::Session;

const MAILBOXES: &[Column] = &[
    col("ID", "/id"),
    col("Name", "/name"),
    col("Email", "/email"),
    col("Slug", "/slug"),
    col("Updated", "/updatedAt"),
];

const FOLDERS: &[Column] = &[
    col("ID", "/id"),
    col("Name", "/name"),
    col("Type", "/type"),
    col("Active", "/activeCount"),
    col("Total", "/totalCount"),
];

const FIELDS: &[Column] = &[
    col("ID", "/id"),
    col("Name", "/name"),
    col("Type", "/type"),
    col("Required", "/required"),
    col("Options", "/options"),
];

/// `hs mailbox ...`
#[derive(Debug, Subcommand)]
pub enum MailboxCommand {
    /// List the mailboxes the token can see
    List,
    /// Show one mailbox
    Get {
        #[arg(value_parser = parse::id)]
        id: i64,
    },
    /// List a mailbox's folders with their conversation counts
    Folders {
        #[arg(value_parser = parse::id)]
        id: i64,
    },
    /// List a mailbox's custom fields
    Fields {
        #[arg(value_parser = parse::id)]
        id: i64,
    },
}

/// Runs `hs mailbox ...`; lists are walked whole (an account has few mailboxes).
pub async fn run(session: &Session, command: MailboxCommand) -> Result<()> {
    let mailboxes = session.client.mailboxes();
    let out = &session.out;
    match command {
        MailboxCommand::List => out.list(
            &values(&mailboxes.list().stream().try_collect::<Vec<_>>().await?)?,
            MAILBOXES,
        ),
        MailboxCommand::Get { id } => out.one(&value(&mailboxes.get(MailboxId::new(id)).await?)?),
        MailboxCommand::Folders { id } => {
            let folders: Vec<_> = mailboxes
                .folders(MailboxId::new(id))
                .stream()
                .try_collect()
                .await?;
            out.list(&values(&folders)?, FOLDERS)
        }
        MailboxCommand::Fields { id } => {
            let fields: Vec<_> = mailboxes
                .custom_fields(MailboxId::new(id))
                .stream()
                .try_collect()
                .await?;
            out.list(&values(&fields)?, FIELDS)
        }
    }
}
