//! `hs export conversations|customers`: every item to JSON Lines, resumably.
//!
//! The list is walked in a stable order (created first, first), filtered by
//! `modifiedSince` and, for conversations, `status=all`, so that pages do not shift while
//! the export runs (a conversation that changes keeps its place). After each page is
//! written and flushed, `FILE.checkpoint` records the page and the file's length; `--resume`
//! cuts whatever a kill left past that length, skips every id already in the file, and
//! continues with the next page. The file then holds every item exactly once. Items that
//! leave the list during the walk (deleted, merged, moved out of the filter) pull later ones
//! back onto pages already read; the walk notices (the total shrinks, or the pages end
//! early) and walks again from page 1, writing only what it has not written.

mod checkpoint;
mod progress;
mod walk;

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use helpscout_mailbox::Page;
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::models::{
    Conversation, ConversationSortField, ConversationStatusFilter, Customer, CustomerSortField,
    CustomerSortOrder, SortOrder, Timestamp,
};
use serde::Serialize;

use self::checkpoint::{Checkpoint, Params};
use self::progress::Progress;
use crate::exit;
use crate::parse;
use crate::session::Session;

/// `hs export ...`
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every conversation (of every status) to JSON Lines
    Conversations(ExportArgs),
    /// Every customer to JSON Lines
    Customers(ExportArgs),
}

/// Options of an export.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only items modified since this date or age (7d) [default: everything]
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub since: Option<Timestamp>,
    /// Only this mailbox (conversations: repeat for several; customers: one)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: Vec<i64>,
    /// Include each conversation's threads
    #[arg(long)]
    pub threads: bool,
    /// The JSON Lines file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Continue an interrupted export from FILE.checkpoint
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Start over, replacing FILE
    #[arg(long)]
    pub force: bool,
    /// Pages fetched at once; by default as many as the account's rate limit sustains
    /// (conversations) or 4 (customers). The client's pacing keeps any number within the limit
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: Option<u16>,
}

/// An exported item: serializable, with the id that deduplicates it.
trait Item: Serialize + Send {
    fn id(&self) -> Option<i64>;
}

impl Item for Conversation {
    fn id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

impl Item for Customer {
    fn id(&self) -> Option<i64> {
        Some(self.id.get())
    }
}

/// How many walks an export makes at most when the list shrinks under it.
const MAX_PASSES: usize = 3;

/// Runs `hs export ...`.
pub async fn run(session: &Session, command: ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Conversations(args) => {
            let params = Params {
                kind: "conversations".into(),
                since: args.since.map(|t| t.to_string()),
                mailboxes: args.mailbox.clone(),
                threads: args.threads,
                status: Some("all".into()),
                sort: "createdAt asc".into(),
            };
            let mut list = session
                .client
                .conversations()
                .list()
                .status(ConversationStatusFilter::All)
                .sort_field(ConversationSortField::CreatedAt)
                .sort_order(SortOrder::Asc);
            if let Some(since) = args.since {
                list = list.modified_since(since);
            }
            list = list.mailboxes(args.mailbox.iter().copied().map(MailboxId::new));
            if args.threads {
                list = list.embed_threads();
            }
            let concurrency = args.concurrency.map(usize::from);
            export(session, &args, params, "conversations", |from| {
                walk::conversation_pages(list.clone(), from, concurrency)
            })
            .await
        }
        ExportCommand::Customers(args) => {
            if args.threads {
                return Err(exit::usage("--threads is for conversations"));
            }
            let params = Params {
                kind: "customers".into(),
                since: args.since.map(|t| t.to_string()),
                mailboxes: args.mailbox.clone(),
                threads: false,
                status: None,
                sort: "createdAt asc".into(),
            };
            let mut list = session
                .client
                .customers()
                .list()
                .sort_field(CustomerSortField::CreatedAt)
                .sort_order(CustomerSortOrder::Asc);
            if let Some(since) = args.since {
                list = list.modified_since(since);
            }
            match args.mailbox.as_slice() {
                [] => {}
                [mailbox] => list = list.mailbox(MailboxId::new(*mailbox)),
                _ => return Err(exit::usage("the customer list takes one --mailbox")),
            }
            let concurrency = args.concurrency.map_or(4, usize::from);
            export(session, &args, params, "customers", |from| {
                let list = list.clone();
                walk::numbered(move |n| list.clone().page(n), from, concurrency)
            })
            .await
        }
    }
}

/// The export itself: prepare the file (fresh or resumed), write page after page with a
/// checkpoint after each, and report.
async fn export<'a, T: Item>(
    session: &'a Session,
    args: &ExportArgs,
    params: Params,
    what: &'static str,
    pages: impl Fn(u64) -> BoxStream<'a, helpscout_mailbox::Result<Page<T>>>,
) -> Result<()> {
    let out = &args.out;
    let checkpoint_path = Checkpoint::path_for(out);
    let (mut checkpoint, mut file, mut seen) = if args.resume {
        let Some(checkpoint) = Checkpoint::load(&checkpoint_path)? else {
            return Err(exit::usage(format!(
                "nothing to resume: {} does not exist",
                checkpoint_path.display()
            )));
        };
        if checkpoint.params != params {
            return Err(exit::usage(format!(
                "{} was started with other options ({}); resume with the same ones, or start over with --force",
                out.display(),
                serde_json::to_string(&checkpoint.params)?
            )));
        }
        if checkpoint.complete {
            session.out.done(&format!(
                "{} is already complete ({} {what})",
                out.display(),
                checkpoint.written
            ));
            return Ok(());
        }
        let (file, seen) = reopen(out, checkpoint.bytes)?;
        (checkpoint, file, seen)
    } else {
        if !args.force && (out.exists() || checkpoint_path.exists()) {
            return Err(exit::usage(format!(
                "{} exists: pass --resume to continue it, or --force to start over",
                out.display()
            )));
        }
        let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
        let checkpoint = Checkpoint::start(params);
        checkpoint.save(&checkpoint_path)?;
        (checkpoint, file, HashSet::new())
    };

    let started = Instant::now();
    let progress = Progress::new(&session.client, &session.waits, what, session.out.quiet());
    progress.resume_at(checkpoint.written);
    let mut from = checkpoint.last_page.saturating_add(1);
    let (mut fetched, mut duplicates) = (0u64, 0u64);
    let mut settled = false;
    for _ in 0..MAX_PASSES {
        let mut walk = pages(from);
        let mut first_total = None;
        let mut shrank = false;
        while let Some(page) = walk.try_next().await? {
            fetched += 1;
            let total = *first_total.get_or_insert(page.total_elements);
            shrank |= page.total_elements < total;
            progress.set_total(page.total_elements.max(checkpoint.written));
            let mut text = Vec::new();
            let mut added = 0u64;
            for item in &page.items {
                if let Some(id) = item.id()
                    && !seen.insert(id)
                {
                    duplicates += 1;
                    continue;
                }
                serde_json::to_writer(&mut text, item)?;
                text.push(b'\n');
                added += 1;
            }
            file.write_all(&text)
                .and_then(|()| file.flush())
                .and_then(|()| file.sync_data())
                .with_context(|| format!("cannot write {}", out.display()))?;
            checkpoint.last_page = page.number;
            checkpoint.total_pages = page.total_pages;
            checkpoint.bytes = file.stream_position()?;
            checkpoint.written += added;
            checkpoint.save(&checkpoint_path)?;
            progress.page(added);
        }
        // Items that left the list (deleted, merged, moved out of the filter) pull the later
        // ones back onto pages already read; the walk then sees the total shrink, or ends
        // before the last page. Walking again from page 1 picks up what moved (the ids
        // already written are skipped).
        if !shrank && checkpoint.last_page >= checkpoint.total_pages {
            settled = true;
            break;
        }
        from = 1;
    }
    progress.finish();
    checkpoint.complete = true;
    checkpoint.save(&checkpoint_path)?;
    let mut summary = format!(
        "exported {} {what} to {} ({} pages in {:.1} s",
        checkpoint.written,
        out.display(),
        fetched,
        started.elapsed().as_secs_f64()
    );
    if duplicates > 0 {
        summary.push_str(&format!(", {duplicates} already in the file skipped"));
    }
    summary.push(')');
    session.out.done(&summary);
    if !settled {
        crate::output::note!(
            "warning: the list kept shrinking during the export; items that left it are missing, and an item may have moved past the walk"
        );
    }
    Ok(())
}

/// Opens a resumed export's file: cuts it to the checkpoint's length (dropping a page torn
/// by the interruption) and reads the ids it already holds.
fn reopen(out: &Path, bytes: u64) -> Result<(File, HashSet<i64>)> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(out)
        .with_context(|| format!("cannot open {} to resume it", out.display()))?;
    let length = file.metadata()?.len();
    if length < bytes {
        return Err(exit::usage(format!(
            "{} is shorter than its checkpoint says ({length} < {bytes} bytes); start over with --force",
            out.display()
        )));
    }
    file.set_len(bytes)?;
    let mut seen = HashSet::new();
    let reader = BufReader::new(&file);
    for (number, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", out.display()))?;
        #[derive(serde::Deserialize)]
        struct Id {
            id: Option<i64>,
        }
        let id: Id = serde_json::from_str(&line).with_context(|| {
            format!(
                "line {} of {} is not an exported item",
                number + 1,
                out.display()
            )
        })?;
        if let Some(id) = id.id {
            seen.insert(id);
        }
    }
    file.seek(SeekFrom::End(0))?;
    Ok((file, seen))
}
