//! Change feeds: the conversations (or customers) changed since a point in time, polled at
//! an interval, each change yielded once, resumable from a [`Checkpoint`] you store. What a
//! sync job or a `watch` command needs on top of the list operations.
//!
//! ```no_run
//! use std::time::Duration;
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::feed::Checkpoint;
//!
//! # async fn run(client: helpscout_mailbox::Client, stored: Option<String>) -> Result<(), Box<dyn std::error::Error>> {
//! // Resume where the last run stopped, or start with the changes from now on.
//! let checkpoint = match stored {
//!     Some(json) => serde_json::from_str(&json)?,
//!     None => Checkpoint::now(),
//! };
//! let mut batches = client
//!     .changes()
//!     .conversations(checkpoint)
//!     .interval(Duration::from_secs(60))
//!     .batches();
//! while let Some(batch) = batches.try_next().await? {
//!     for conversation in &batch.items {
//!         println!("changed: {:?} {:?}", conversation.id, conversation.status);
//!     }
//!     // Store the checkpoint once the batch is handled.
//!     let json = serde_json::to_string(&batch.checkpoint)?;
//! #   let _ = json;
//! }
//! # Ok(()) }
//! ```
//!
//! # How it works
//!
//! Each poll lists every item with `modifiedSince` = the start of the previous poll minus
//! an *overlap* (60 s unless set), sorted by `modifiedAt`, with `status=all` for
//! conversations (the list's default, `active`, would hide closed ones). It walks every page
//! and yields the items it has not yielded before in the same state, oldest change first.
//! The walk asks for the newest first: an item that changes while the pages are walked then
//! moves to a page already read (it comes with the next poll, its change being newer than
//! this poll's start) and pushes the others onto later pages, where one is read twice
//! (and yielded once); ascending, the same change would pull an unread item back onto a page
//! already read, and it could be missed for good. The checkpoint's time is the poll's
//! start, so it only moves forward whatever the order. The API's v2 objects
//! carry no modification time for conversations, so "the same state" is decided by a
//! fingerprint of the item as the API shows it (minus the self-ageing
//! `customerWaitingSince.friendly`); the [`Checkpoint`] remembers id and fingerprint of the
//! items the next poll's overlap can fetch again, and forgets them after that.
//!
//! The overlap absorbs a difference between your clock and Help Scout's (a poll's start is
//! taken from your clock) and the delay with which a change shows up in the list; keep it
//! larger than both. Within that bound:
//!
//! - a change made before a poll starts is yielded by that poll or the next;
//! - an item is yielded again only when it changed again (several changes between two polls
//!   come out as one, in the item's latest state);
//! - resuming from a stored checkpoint repeats nothing yielded before the checkpoint was
//!   taken and misses nothing changed after.
//!
//! A poll is all or nothing: an error (after the client's retries) yields nothing and leaves
//! the checkpoint as it was. When items leave the list while a poll walks its pages (deleted,
//! merged, moved out of a filtered mailbox), the pages shift back and an item can fall
//! between two of them; the poll notices the shrinking total, yields what it found and keeps
//! asking from the same time next time, so that item comes with the next poll.
//!
//! Not in the feed: deleted conversations and customers (they leave the list; use the
//! `convo.deleted` and `customer.deleted` webhooks) and changes older than the checkpoint.
//! Every poll costs one request per page of the window, and the window is at least the
//! overlap wide; the client's rate-limit pacing applies as to any request.

mod checkpoint;

use std::marker::PhantomData;
use std::time::Duration;

use futures_util::stream::{self, BoxStream};
use futures_util::{Stream, StreamExt, TryStreamExt};

use crate::client::Client;
use crate::error::Result;
use crate::ids::MailboxId;
use crate::models::{Conversation, Customer, Timestamp};

pub use checkpoint::{Checkpoint, FeedItem};

/// How long a feed waits between polls unless set: a minute.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60);
/// How far back each poll reaches before the previous poll's start unless set: a minute.
pub const DEFAULT_OVERLAP: Duration = Duration::from_secs(60);

impl Client {
    /// Change feeds of conversations and customers; see [`feed`](crate::feed).
    pub fn changes(&self) -> Changes<'_> {
        Changes { client: self }
    }
}

/// The change feeds; see [`Client::changes`].
#[derive(Clone, Copy, Debug)]
pub struct Changes<'a> {
    client: &'a Client,
}

impl<'a> Changes<'a> {
    /// Conversations changed since `from` (of every status, in every mailbox unless
    /// narrowed with [`ChangeFeed::mailboxes`]).
    pub fn conversations(self, from: Checkpoint) -> ChangeFeed<'a, Conversation> {
        ChangeFeed::new(self.client, from)
    }

    /// Customers changed since `from`.
    pub fn customers(self, from: Checkpoint) -> ChangeFeed<'a, Customer> {
        ChangeFeed::new(self.client, from)
    }
}

/// The items one poll found changed, and the checkpoint to store once they are handled.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Batch<T> {
    /// The changed items, oldest change first.
    pub items: Vec<T>,
    /// Where the feed stands after this batch.
    pub checkpoint: Checkpoint,
}

/// A change feed; see the [module docs](crate::feed). Drive it with [`poll`](Self::poll)
/// (one poll now, for jobs that run on a schedule of their own), or turn it into a stream
/// with [`batches`](Self::batches) or [`stream`](Self::stream).
#[derive(Debug)]
#[must_use = "a feed does nothing until it is polled"]
pub struct ChangeFeed<'a, T> {
    client: &'a Client,
    checkpoint: Checkpoint,
    mailboxes: Vec<MailboxId>,
    interval: Duration,
    overlap: Duration,
    items: PhantomData<fn() -> T>,
}

impl<'a, T: FeedItem + Send + 'a> ChangeFeed<'a, T> {
    fn new(client: &'a Client, checkpoint: Checkpoint) -> Self {
        Self {
            client,
            checkpoint,
            mailboxes: Vec::new(),
            interval: DEFAULT_INTERVAL,
            overlap: DEFAULT_OVERLAP,
            items: PhantomData,
        }
    }

    /// The wait between two polls of [`batches`](Self::batches) and
    /// [`stream`](Self::stream), [`DEFAULT_INTERVAL`] unless set. Timed with `tokio::time`,
    /// so tests can run it on a paused clock.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How far before the previous poll's start each poll reaches, [`DEFAULT_OVERLAP`]
    /// unless set: more than the difference between your clock and Help Scout's, and more
    /// than the delay before a change shows in the list.
    pub fn overlap(mut self, overlap: Duration) -> Self {
        self.overlap = overlap;
        self
    }

    /// Where the feed stands: store it after handling what [`poll`](Self::poll) returned.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// Polls once: every item changed since the checkpoint and not yielded before, oldest
    /// change first. The checkpoint moves on only when this succeeds.
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) of the list requests; the checkpoint is then unchanged.
    pub async fn poll(&mut self) -> Result<Vec<T>> {
        let started = Timestamp::now();
        let from = self.checkpoint.query_from(self.overlap);
        let mut next = self.checkpoint.clone();
        let mut pages = <T as sealed::Sealed>::pages(self.client, &self.mailboxes, from);
        let mut found = Vec::new();
        let mut total: Option<u64> = None;
        let mut shrank = false;
        while let Some(page) = pages.try_next().await? {
            let fetched_at = Timestamp::now();
            // Newest first, items changed or created during the walk move to the front:
            // later pages then repeat an item (admitted once), never skip one. Only an item
            // leaving the list (deleted, merged, moved out of the mailbox) shifts the pages
            // back and can hide one between two pages; the total then shrinks.
            shrank |= total.is_some_and(|t| page.total_elements < t);
            total = Some(page.total_elements);
            for item in page.items {
                let admitted = match item.feed_id() {
                    Some(id) => next.admit(id, checkpoint::version(&item), fetched_at),
                    None => true,
                };
                if admitted {
                    found.push(item);
                }
            }
        }
        if !shrank {
            next.advance(started, self.overlap);
        }
        self.checkpoint = next;
        found.reverse();
        Ok(found)
    }

    /// Polls now and then every [`interval`](Self::interval), forever: one [`Batch`] per
    /// poll, empty ones included (their checkpoint has moved on). A failed poll yields its
    /// error and the feed carries on at the next interval; stop by dropping the stream
    /// (`try_next` stops at the first error).
    pub fn batches(self) -> impl Stream<Item = Result<Batch<T>>> + Send + Unpin + 'a {
        let interval = self.interval;
        stream::unfold((self, false), move |(mut feed, wait)| async move {
            if wait {
                tokio::time::sleep(interval).await;
            }
            let batch = feed.poll().await.map(|items| Batch {
                items,
                checkpoint: feed.checkpoint.clone(),
            });
            Some((batch, (feed, true)))
        })
        .boxed()
    }

    /// The changed items one by one, polling as [`batches`](Self::batches) does; for
    /// watching, when no checkpoint needs storing.
    pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + Unpin + 'a {
        self.batches()
            .map_ok(|batch| stream::iter(batch.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

impl ChangeFeed<'_, Conversation> {
    /// Only conversations in these mailboxes, added to those set before.
    pub fn mailboxes(mut self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.mailboxes.extend(mailboxes);
        self
    }
}

impl ChangeFeed<'_, Customer> {
    /// Only customers of this mailbox (the customer list takes one; a second call replaces
    /// the first).
    pub fn mailbox(mut self, mailbox: MailboxId) -> Self {
        self.mailboxes = vec![mailbox];
        self
    }
}

/// Sealing [`FeedItem`]: the feed serves conversations and customers only, and this is the
/// list walk behind each.
pub(crate) mod sealed {
    use super::{BoxStream, Client, MailboxId, Result, Timestamp};

    /// The list walk of a kind of item: everything modified since `from`, newest first.
    pub trait Sealed: Sized {
        /// The pages of that list.
        fn pages<'a>(
            client: &'a Client,
            mailboxes: &[MailboxId],
            from: Timestamp,
        ) -> BoxStream<'a, Result<crate::Page<Self>>>;
    }
}

impl sealed::Sealed for Conversation {
    fn pages<'a>(
        client: &'a Client,
        mailboxes: &[MailboxId],
        from: Timestamp,
    ) -> BoxStream<'a, Result<crate::Page<Self>>> {
        use crate::models::{ConversationSortField, ConversationStatusFilter, SortOrder};
        client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .modified_since(from)
            .sort_field(ConversationSortField::ModifiedAt)
            .sort_order(SortOrder::Desc)
            .mailboxes(mailboxes.iter().copied())
            .pages()
            .boxed()
    }
}

impl sealed::Sealed for Customer {
    fn pages<'a>(
        client: &'a Client,
        mailboxes: &[MailboxId],
        from: Timestamp,
    ) -> BoxStream<'a, Result<crate::Page<Self>>> {
        use crate::models::{CustomerSortField, CustomerSortOrder};
        let mut list = client
            .customers()
            .list()
            .modified_since(from)
            .sort_field(CustomerSortField::ModifiedAt)
            .sort_order(CustomerSortOrder::Desc);
        if let Some(mailbox) = mailboxes.first() {
            list = list.mailbox(*mailbox);
        }
        list.pages().boxed()
    }
}
