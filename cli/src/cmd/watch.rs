//! `hs watch conversations|customers`: the crate's change feed as JSON lines on stdout, each
//! change once, for piping into other tools.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use futures_util::StreamExt;
use helpscout_mailbox::feed::{Checkpoint, FeedItem};
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::models::{Conversation, Customer, Timestamp};

use crate::exit;
use crate::output::write_stdout;
use crate::parse;
use crate::session::Session;
use crate::store::write_atomic;

/// `hs watch ...`
#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Conversations of every status, as they are created or changed
    Conversations(WatchArgs),
    /// Customers, as they are created or changed
    Customers(WatchArgs),
}

/// Options of a watch.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Only this mailbox (conversations: repeat for several; customers: one)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: Vec<i64>,
    /// Start with the changes since this date or age (7d) [default: from now on]
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub since: Option<Timestamp>,
    /// Seconds between polls
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub interval: u64,
    /// Seconds each poll reaches back past the previous one (clock skew, indexing delay)
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub overlap: u64,
    /// Keep the feed's position in FILE: resume from it, update it after every poll
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// Stop after this many polls [default: run until interrupted]
    #[arg(long, value_name = "N")]
    pub polls: Option<usize>,
}

/// Runs `hs watch ...`.
pub async fn run(session: &Session, command: WatchCommand) -> Result<()> {
    match command {
        WatchCommand::Conversations(args) => {
            let from = starting_point(&args)?;
            let feed = session
                .client
                .changes()
                .conversations(from)
                .mailboxes(args.mailbox.iter().copied().map(MailboxId::new));
            watch::<Conversation>(
                session,
                feed.interval(interval(&args))
                    .overlap(overlap(&args))
                    .batches(),
                &args,
            )
            .await
        }
        WatchCommand::Customers(args) => {
            let from = starting_point(&args)?;
            let mut feed = session.client.changes().customers(from);
            match args.mailbox.as_slice() {
                [] => {}
                [mailbox] => feed = feed.mailbox(MailboxId::new(*mailbox)),
                _ => return Err(exit::usage("the customer feed takes one --mailbox")),
            }
            watch::<Customer>(
                session,
                feed.interval(interval(&args))
                    .overlap(overlap(&args))
                    .batches(),
                &args,
            )
            .await
        }
    }
}

fn interval(args: &WatchArgs) -> Duration {
    Duration::from_secs(args.interval)
}

fn overlap(args: &WatchArgs) -> Duration {
    Duration::from_secs(args.overlap)
}

/// The stored checkpoint, else `--since`, else now.
fn starting_point(args: &WatchArgs) -> Result<Checkpoint> {
    if let Some(path) = &args.checkpoint
        && let Some(stored) = read_checkpoint(path)?
    {
        if args.since.is_some() {
            return Err(exit::usage(format!(
                "{} already holds a position: drop --since or the file",
                path.display()
            )));
        }
        return Ok(stored);
    }
    Ok(args
        .since
        .map(Checkpoint::starting_at)
        .unwrap_or_else(Checkpoint::now))
}

fn read_checkpoint(path: &Path) -> Result<Option<Checkpoint>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .with_context(|| format!("{} is not a watch checkpoint", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Prints every item of every batch as a JSON line, flushing after each batch, and stores
/// the checkpoint once the batch is out. A poll that fails with a retryable error is
/// reported and the watch carries on; any other error ends it.
async fn watch<T: FeedItem>(
    session: &Session,
    batches: impl futures_util::Stream<
        Item = helpscout_mailbox::Result<helpscout_mailbox::feed::Batch<T>>,
    > + Unpin,
    args: &WatchArgs,
) -> Result<()> {
    let mut batches = batches.take(args.polls.unwrap_or(usize::MAX));
    while let Some(batch) = batches.next().await {
        let batch = match batch {
            Ok(batch) => batch,
            Err(error) if error.is_retryable() => {
                crate::output::note!(
                    "warning: poll failed ({error}); trying again at the next interval"
                );
                continue;
            }
            Err(error) => return Err(error.into()),
        };
        let mut text = String::new();
        for item in &batch.items {
            text.push_str(&serde_json::to_string(item)?);
            text.push('\n');
        }
        write_stdout(&text)?;
        if let Some(path) = &args.checkpoint {
            write_atomic(path, &serde_json::to_vec(&batch.checkpoint)?)?;
        }
        if !session.out.quiet() && !batch.items.is_empty() {
            crate::output::note!("{} changed", batch.items.len());
        }
    }
    Ok(())
}
