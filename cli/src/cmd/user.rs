//! `hs user me|list`.

use anyhow::Result;
use clap::Subcommand;
use futures_util::TryStreamExt;
use helpscout_mailbox::ids::MailboxId;

use crate::output::{Column, col, value, values};
use crate::parse;
use crate::session::Session;

const USERS: &[Column] = &[
    col("ID", "/id"),
    col("First", "/firstName"),
    col("Last", "/lastName"),
    col("Email", "/email"),
    col("Role", "/role"),
    col("Type", "/type"),
];

/// `hs user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Show the user the credentials act as
    Me,
    /// List the account's users
    List {
        /// Only the user with this email
        #[arg(long)]
        email: Option<String>,
        /// Only users with access to this mailbox
        #[arg(long, value_name = "ID", value_parser = parse::id)]
        mailbox: Option<i64>,
    },
}

/// Runs `hs user ...`.
pub async fn run(session: &Session, command: UserCommand) -> Result<()> {
    let users = session.client.users();
    match command {
        UserCommand::Me => session.out.one(&value(&users.me().await?)?),
        UserCommand::List { email, mailbox } => {
            let mut list = users.list();
            if let Some(email) = email {
                list = list.email(email);
            }
            if let Some(mailbox) = mailbox {
                list = list.mailbox(MailboxId::new(mailbox));
            }
            let users: Vec<_> = list.stream().try_collect().await?;
            session.out.list(&values(&users)?, USERS)
        }
    }
}
