//! `hs tag list`.

use anyhow::Result;
use clap::Subcommand;
use futures_util::TryStreamExt;

use crate::output::{Column, col, values};
use crate::session::Session;

const TAGS: &[Column] = &[
    col("ID", "/id"),
    col("Name", "/name"),
    col("Slug", "/slug"),
    col("Conversations", "/ticketCount"),
    col("Color", "/color"),
];

/// `hs tag ...`
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// List every tag with how many conversations carry it
    List,
}

/// Runs `hs tag ...`.
pub async fn run(session: &Session, command: TagCommand) -> Result<()> {
    match command {
        TagCommand::List => {
            let tags: Vec<_> = session.client.tags().list().stream().try_collect().await?;
            session.out.list(&values(&tags)?, TAGS)
        }
    }
}
