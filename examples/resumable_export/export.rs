//! The resumable part of the `resumable_export` example: every conversation to a JSON Lines
//! file, with a checkpoint next to it after every page, and the resumption from that
//! checkpoint. `tests/export.rs` compiles this file too, interrupts an export and resumes it.
//!
//! # Order, and what a page-number walk cannot see
//!
//! The list is read with `status=all`, oldest first (`sortField=createdAt`,
//! `sortOrder=asc`), so that the pages already written stay valid while the export runs or
//! waits to be resumed: a new conversation lands on the last page, and one that changes
//! (a reply, a new status) keeps its place. Help Scout's default order, newest *modified*
//! first, would move every conversation that changes to page 1 and push the others onto
//! pages already read, duplicating and skipping them.
//!
//! One change still shifts the pages: a conversation that leaves the list (deleted, merged
//! into another) pulls every later one back a place, so one of them can slip onto a page
//! already written and be missed. The export notices that the list shrank
//! ([`Checkpoint::shrank`]) and says so; `hs export conversations --resume` (the `cli/`
//! crate) goes further and walks the list again for what moved. Conversations created after
//! a run read its first page are left to the next run or to a change feed
//! (`client.changes().conversations(...)`) started at the export's start.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use futures_util::TryStreamExt;
use helpscout_mailbox::Client;
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::models::{ConversationSortField, ConversationStatusFilter, SortOrder};
use serde::{Deserialize, Serialize};

/// What can go wrong: an API error, a file that cannot be written, a checkpoint that does not
/// fit the file or the filter.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Where an export stands, saved as `FILE.checkpoint` after every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The mailbox filter the export started with: resuming under another filter would
    /// continue a different list.
    pub mailbox: Option<i64>,
    /// The last page whose conversations are all in the file (0: none yet).
    pub last_page: u64,
    /// How many pages the list had at that page.
    pub total_pages: u64,
    /// The file's length after that page. Anything past it was written for a page whose
    /// checkpoint was never saved (the process died in between): cut on resume, then that
    /// page is fetched and written again.
    pub bytes: u64,
    /// How many conversations the file holds.
    pub written: u64,
    /// How many conversations the list held at the first page of the export.
    pub total_at_start: Option<u64>,
    /// Whether the list held fewer later: a conversation may have moved onto a page already
    /// written and be missing (see the module docs).
    pub shrank: bool,
    /// Whether the export reached the end of the list.
    pub complete: bool,
}

impl Checkpoint {
    fn start(mailbox: Option<i64>) -> Self {
        Self {
            mailbox,
            last_page: 0,
            total_pages: 0,
            bytes: 0,
            written: 0,
            total_at_start: None,
            shrank: false,
            complete: false,
        }
    }

    /// Reads the checkpoint at `path`; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<Self>, Error> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("{} is not a checkpoint: {e}", path.display()).into()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display()).into()),
        }
    }

    /// Replaces the checkpoint at `path` atomically: written to a temporary file next to it,
    /// synced, then renamed over it, so that a crash leaves the old checkpoint or the new
    /// one, never half of one.
    fn save(&self, path: &Path) -> Result<(), Error> {
        let temporary = with_suffix(path, ".tmp");
        let mut file = File::create(&temporary)?;
        file.write_all(&serde_json::to_vec_pretty(self)?)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        Ok(())
    }
}

/// The checkpoint file of an export to `out`: `out` with `.checkpoint` appended.
pub fn checkpoint_path(out: &Path) -> PathBuf {
    with_suffix(out, ".checkpoint")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Exports every conversation (of `mailbox`, or of the account) to `out` as JSON Lines, one
/// conversation a line, oldest first, resuming from `out`'s checkpoint when there is one.
///
/// After each page is written and synced to disk, the checkpoint is saved and `on_page` is
/// called with it: `ControlFlow::Break(())` stops the export there (as a kill would, but
/// cleanly), to be resumed by the next call. Returns the last checkpoint; its
/// [`complete`](Checkpoint::complete) says whether the export reached the end. A complete
/// export is not fetched again.
///
/// # Errors
///
/// An API error (after the client's retries), a file error, `out` existing without a
/// checkpoint (not an export of this function: it is not overwritten), a checkpoint for
/// another mailbox filter, and `out` shorter than its checkpoint says.
pub async fn export(
    client: &Client,
    mailbox: Option<MailboxId>,
    out: &Path,
    mut on_page: impl FnMut(&Checkpoint) -> ControlFlow<()>,
) -> Result<Checkpoint, Error> {
    let checkpoint_path = checkpoint_path(out);
    let filter = mailbox.map(MailboxId::get);
    let (mut checkpoint, mut file) = match Checkpoint::load(&checkpoint_path)? {
        Some(checkpoint) if checkpoint.mailbox != filter => {
            return Err(format!(
                "{} belongs to an export of mailbox {:?}, not {filter:?}",
                checkpoint_path.display(),
                checkpoint.mailbox
            )
            .into());
        }
        Some(checkpoint) if checkpoint.complete => return Ok(checkpoint),
        Some(checkpoint) => {
            let file = open_at(out, checkpoint.bytes)?;
            (checkpoint, file)
        }
        None => {
            if out.exists() {
                return Err(format!(
                    "{} exists without {}: remove it or export to another file",
                    out.display(),
                    checkpoint_path.display()
                )
                .into());
            }
            // The checkpoint first: a file this function made always has one.
            let checkpoint = Checkpoint::start(filter);
            checkpoint.save(&checkpoint_path)?;
            let file = open_at(out, 0)?;
            (checkpoint, file)
        }
    };

    let mut list = client
        .conversations()
        .list()
        .status(ConversationStatusFilter::All)
        .sort_field(ConversationSortField::CreatedAt)
        .sort_order(SortOrder::Asc);
    if let Some(mailbox) = mailbox {
        list = list.mailboxes([mailbox]);
    }
    // As many requests in flight as the account's rate limit sustains, pages in order.
    let mut pages = list.pages_auto_from(checkpoint.last_page.saturating_add(1));
    while let Some(page) = pages.try_next().await? {
        let mut lines = Vec::new();
        for conversation in &page.items {
            serde_json::to_writer(&mut lines, conversation)?;
            lines.push(b'\n');
        }
        file.write_all(&lines)?;
        file.sync_data()?;
        checkpoint.last_page = page.number;
        checkpoint.total_pages = page.total_pages;
        checkpoint.bytes = file.stream_position()?;
        checkpoint.written = checkpoint
            .written
            .saturating_add(u64::try_from(page.items.len()).unwrap_or(u64::MAX));
        let total_at_start = *checkpoint.total_at_start.get_or_insert(page.total_elements);
        checkpoint.shrank |= page.total_elements < total_at_start;
        checkpoint.save(&checkpoint_path)?;
        if on_page(&checkpoint).is_break() {
            return Ok(checkpoint);
        }
    }
    checkpoint.complete = true;
    checkpoint.save(&checkpoint_path)?;
    Ok(checkpoint)
}

/// Opens `out` for appending after its first `bytes` bytes, cutting what follows them (the
/// lines of a page whose checkpoint was never saved). Creates it when `bytes` is 0.
fn open_at(out: &Path, bytes: u64) -> Result<File, Error> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(bytes == 0)
        .truncate(false)
        .open(out)
        .map_err(|e| format!("cannot open {}: {e}", out.display()))?;
    let length = file.metadata()?.len();
    if length < bytes {
        return Err(format!(
            "{} holds {length} bytes, fewer than the {bytes} its checkpoint records: it was \
             changed since; remove both files to start over",
            out.display()
        )
        .into());
    }
    file.set_len(bytes)?;
    file.seek(SeekFrom::End(0))?;
    Ok(file)
}
