//! [`List`]: the one value behind every paged operation, with the one walk over its pages.
//!
//! A list operation returns `List<'_, Q>`, where `Q` holds the list's filters (set by the
//! setters implemented for that list). Every list offers the same ways to read it:
//!
//! - `.send().await` (or `.await`): the first page, a [`Page`];
//! - [`pages`](List::pages) and [`stream`](List::stream): every page or every item, lazily, one
//!   request at a time, ending at the last page, on an empty page, or when the API repeats a
//!   page or a cursor;
//! - for lists paged by number, [`page(n)`](List::page), and the walks that fetch several
//!   pages at a time for exports: [`pages_concurrent`](List::pages_concurrent) and
//!   [`pages_auto`](List::pages_auto);
//! - for lists paged by cursor, [`cursor`](List::cursor) to resume at a saved
//!   [`Page::next_cursor`].
//!
//! ```no_run
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! use futures_util::TryStreamExt;
//!
//! let first = client.tags().list().await?;
//! println!("{} tags on {} pages", first.total_elements, first.total_pages);
//!
//! let mut tags = client.tags().list().stream();
//! while let Some(tag) = tags.try_next().await? {
//!     println!("{:?}", tag.name);
//! }
//! # Ok(()) }
//! ```

mod concurrent;
#[cfg(test)]
mod test_pages;
mod walk;

use std::fmt;
use std::future::{Future, IntoFuture};

use futures_util::Stream;
use futures_util::future::BoxFuture;

use crate::client::Client;
use crate::error::Result;
use crate::page::Page;
use crate::request::Sealed;
pub use walk::PageAt;

/// A list operation, ready to send: `.send().await` or `.await` for the first page, or one
/// of the walks over every page. See the [module docs](self).
#[must_use = "a list does nothing until it is sent or walked"]
#[derive(Clone)]
pub struct List<'a, Q> {
    client: &'a Client,
    query: Q,
    start: PageAt,
}

impl<Q: fmt::Debug> fmt::Debug for List<'_, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("query", &self.query)
            .field("start", &self.start)
            .finish()
    }
}

impl<'a, Q: Listing + 'a> List<'a, Q> {
    pub(crate) fn new(client: &'a Client, query: Q) -> Self {
        Self {
            client,
            query,
            start: Q::FIRST,
        }
    }

    /// Changes the filters: how every setter of a list is written.
    pub(crate) fn with(mut self, change: impl FnOnce(&mut Q)) -> Self {
        change(&mut self.query);
        self
    }

    /// Fetches the first page (or, for a cursor list, the page at [`cursor`](Self::cursor)).
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) of a request: validation of the filters, authentication,
    /// rate limits (after the configured retries), transport, decoding.
    pub async fn send(self) -> Result<Page<Q::Item>> {
        self.query.fetch(self.client, self.start, Sealed(())).await
    }

    /// Every page, lazily, one request per page as the stream is polled. Ends after the last
    /// page, on an empty page, or when the API repeats a page or a cursor; after an error it
    /// yields the error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<Page<Q::Item>>> + Send + Unpin + 'a {
        let (client, query) = (self.client, self.query);
        walk::pages(
            move |at| {
                let query = query.clone();
                async move { query.fetch(client, at, Sealed(())).await }
            },
            self.start,
        )
    }

    /// Every item of every page, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<Q::Item>> + Send + Unpin + 'a {
        let (client, query) = (self.client, self.query);
        walk::items(
            move |at| {
                let query = query.clone();
                async move { query.fetch(client, at, Sealed(())).await }
            },
            self.start,
        )
    }
}

impl<'a, Q: NumberedListing + 'a> List<'a, Q> {
    /// Fetches page `number` (1-based).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), and [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// for a page number beyond `i64`.
    pub async fn page(self, number: u64) -> Result<Page<Q::Item>> {
        self.query
            .fetch(self.client, PageAt::Number(number), Sealed(()))
            .await
    }

    /// Every page, fetching up to `concurrency` pages at a time once the first page tells how
    /// many there are, yielded in order. The client's pacing still spreads the requests over
    /// the per-minute budget, so a larger `concurrency` uses it sooner rather than exceeding
    /// it. Stops at the first error, empty page or page other than the one asked for.
    pub fn pages_concurrent(
        self,
        concurrency: usize,
    ) -> impl Stream<Item = Result<Page<Q::Item>>> + Send + Unpin + 'a {
        concurrent::pages_concurrent(self.by_number(), concurrency)
    }

    /// Every page, with as many requests in flight as the account's rate limit sustains:
    /// the concurrency follows the client's pacer (the budget per second times the measured
    /// latency, plus one, at most 32), so an export runs at the rate-limit bound without a
    /// 429 and without a number to tune. Pages come in order, each once; a bounded number is
    /// held while a late one is retried. Stops at the first error or empty page.
    ///
    /// Use it for exports and syncs of more than a few pages; [`pages`](Self::pages) for
    /// reading as you go, [`pages_concurrent`](Self::pages_concurrent) to fix the
    /// concurrency yourself.
    ///
    /// ```no_run
    /// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use helpscout_mailbox::models::ConversationStatusFilter;
    ///
    /// let mut pages = client.conversations().list().status(ConversationStatusFilter::All).pages_auto();
    /// while let Some(page) = pages.try_next().await? {
    ///     for conversation in page {
    ///         println!("{:?}", conversation.id);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages_auto(self) -> impl Stream<Item = Result<Page<Q::Item>>> + Send + Unpin + 'a {
        self.pages_auto_from(1)
    }

    /// [`pages_auto`](Self::pages_auto) from page `start` on (1-based): to resume an export
    /// after the last page it saved. With a stable order (oldest first by creation) the pages
    /// before `start` are the ones already read.
    pub fn pages_auto_from(
        self,
        start: u64,
    ) -> impl Stream<Item = Result<Page<Q::Item>>> + Send + Unpin + 'a {
        let pacer = std::sync::Arc::clone(&self.client.runtime().pacer);
        concurrent::pages_auto(self.by_number(), pacer, start)
    }

    /// The fetch of one page by number, for the walks that ask for several at a time.
    fn by_number(self) -> impl Fn(u64) -> BoxFuture<'a, Result<Page<Q::Item>>> + Send + Sync + 'a {
        let (client, query) = (self.client, self.query);
        move |number| {
            let query = query.clone();
            Box::pin(async move {
                query
                    .fetch(client, PageAt::Number(number), Sealed(()))
                    .await
            })
        }
    }
}

impl<'a, Q: CursorListing + 'a> List<'a, Q> {
    /// Starts at this cursor (a [`Page::next_cursor`] kept from an earlier walk) instead of
    /// the first page.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.start = PageAt::Cursor(Some(cursor.into()));
        self
    }
}

impl<'a, Q: Listing + 'a> IntoFuture for List<'a, Q> {
    type Output = Result<Page<Q::Item>>;
    type IntoFuture = BoxFuture<'a, Result<Page<Q::Item>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The filters of one list and how one of its pages is fetched: implemented by this crate for
/// every list. Users meet it only as the `Q` of [`List<'_, Q>`].
pub trait Listing: Clone + Send + Sync {
    /// The items of the list.
    type Item: Send;

    /// Where the list starts: page 1, or the first slice of a cursor list.
    #[doc(hidden)]
    const FIRST: PageAt;

    /// Fetches the page `at`.
    #[doc(hidden)]
    fn fetch<'c>(
        &'c self,
        client: &'c Client,
        at: PageAt,
        sealed: Sealed,
    ) -> impl Future<Output = Result<Page<Self::Item>>> + Send + 'c;
}

/// A list paged by number: [`List::page`], [`List::pages_concurrent`] and
/// [`List::pages_auto`] apply.
pub trait NumberedListing: Listing {}

/// A list paged by cursor: [`List::cursor`] applies.
pub trait CursorListing: Listing {}

/// The page number of `at` for a numbered list's fetch: a cursor cannot reach one.
pub(crate) fn page_number(at: &PageAt) -> Result<i64> {
    match at {
        PageAt::Number(number) => crate::page::page_param(*number),
        PageAt::Cursor(_) => Err(crate::Error::InvalidRequest(
            "this list pages by number, not by cursor".into(),
        )),
    }
}
