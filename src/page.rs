//! [`Page`]: one page of a HAL list, and the lazy streams that walk every page.
//!
//! Help Scout pages by number (`?page=2`, 1-based) and reports `page.number`, `page.size`,
//! `page.totalElements` and `page.totalPages`. Sizes differ per list (25 conversations, 50
//! customers) and have changed over time, so nothing here assumes one: the size is read from
//! each response. Lists omitted `_embedded` on empty pages before 2019 and some still may, so a
//! page without it is simply empty.

use std::collections::BTreeSet;
use std::future::Future;

use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;
use crate::models::{HalLinks, PageMetadata};

/// One page of a list: its items and where it stands among the others.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the API returned them.
    pub items: Vec<T>,
    /// This page's 1-based number (`0` when the list is empty).
    pub number: u64,
    /// How many items the API puts on a page of this list.
    pub size: u64,
    /// How many items the whole list holds.
    pub total_elements: u64,
    /// How many pages the whole list has.
    pub total_pages: u64,
    /// The HAL links of the page (`next`, `last`, ...), for callers who want them.
    pub links: HalLinks,
}

impl<T> Page<T> {
    /// Builds a page from the parts of a decoded HAL list. Missing metadata reads as an empty
    /// list; a missing `_embedded` as no items.
    // quirk Q13: a page without `_embedded`, or with null lists, is empty.
    pub(crate) fn from_parts(
        items: Vec<T>,
        page: Option<PageMetadata>,
        links: Option<HalLinks>,
    ) -> Self {
        let page = page.unwrap_or_default();
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        Self {
            items,
            number: count(page.number),
            size: count(page.size),
            total_elements: count(page.total_elements),
            total_pages: count(page.total_pages),
            links: links.unwrap_or_else(|| HalLinks(Default::default())),
        }
    }

    /// Whether a later page exists, judged by the page numbers and by the `next` link.
    pub fn has_next(&self) -> bool {
        self.number < self.total_pages || self.links.0.contains_key("next")
    }

    /// Applies `f` to every item, keeping the page metadata.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            number: self.number,
            size: self.size,
            total_elements: self.total_elements,
            total_pages: self.total_pages,
            links: self.links,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Declares the builder of a HAL list: a struct holding the client and the list's query, with
/// `send` (first page), `page(n)`, and the lazy `pages`/`stream` walks, all of which fetch
/// through `$fetch(client, &query, page_number)`.
///
/// One macro instead of a hand-written builder per list, because the lists
/// differ only in their filters (kept in `$query`) and in where the items sit in `_embedded`
/// (handled by `$fetch`).
macro_rules! hal_list {
    ($(#[$meta:meta])* $name:ident($query:ty) -> $item:ty = $fetch:path) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name<'a> {
            client: &'a $crate::client::Client,
            query: $query,
        }

        impl<'a> $name<'a> {
            /// Fetches the first page.
            ///
            /// # Errors
            ///
            /// Any [`Error`](crate::Error) of a request: authentication, rate limits (after
            /// the configured retries), transport, decoding.
            pub async fn send(self) -> $crate::error::Result<$crate::page::Page<$item>> {
                $fetch(self.client, &self.query, 1).await
            }

            /// Fetches page `number` (1-based).
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send), and [`Error::InvalidRequest`](crate::Error::InvalidRequest)
            /// for a page number beyond `i64`.
            pub async fn page(
                self,
                number: u64,
            ) -> $crate::error::Result<$crate::page::Page<$item>> {
                $fetch(self.client, &self.query, number).await
            }

            /// Every page, lazily, one request per page as the stream is polled. Ends after
            /// the last page, on an empty page, or when the API repeats a page; after an
            /// error it yields the error and ends.
            pub fn pages(
                self,
            ) -> impl ::futures_util::Stream<
                Item = $crate::error::Result<$crate::page::Page<$item>>,
            > + Send
                   + Unpin
                   + 'a {
                let client = self.client;
                let query = self.query;
                $crate::page::pages(move |number| {
                    let query = query.clone();
                    async move { $fetch(client, &query, number).await }
                })
            }

            /// Every item of every page, lazily; see [`pages`](Self::pages).
            pub fn stream(
                self,
            ) -> impl ::futures_util::Stream<Item = $crate::error::Result<$item>>
                   + Send
                   + Unpin
                   + 'a {
                let client = self.client;
                let query = self.query;
                $crate::page::items(move |number| {
                    let query = query.clone();
                    async move { $fetch(client, &query, number).await }
                })
            }
        }
    };
}

pub(crate) use hal_list;

/// The `page` query value for a 1-based page number: the spec types it `int64`, the facade
/// counts in `u64`.
pub(crate) fn page_param(number: u64) -> Result<i64> {
    i64::try_from(number)
        .map_err(|_| crate::Error::InvalidRequest(format!("page {number} is out of range")))
}

/// What the walk knows between two requests.
struct Walk<F> {
    fetch: F,
    next: Option<u64>,
    seen: BTreeSet<u64>,
}

/// Decides which page to ask for after `page`, which was requested as `requested`.
///
/// The walk stops at the last page, on an empty page, when the API answers with a page number
/// it already gave (a loop), and when it answers with a different page than was asked for
/// (which happens past the end on some lists): each of these has ended real exports of other
/// clients in an endless loop or a silent repeat.
// quirk Q14: page sizes vary; stop on the last, an empty or a repeated page.
fn next_page<T>(requested: u64, page: &Page<T>, seen: &BTreeSet<u64>) -> Option<u64> {
    if page.items.is_empty() || page.number != requested || seen.contains(&page.number) {
        return None;
    }
    if page.number >= page.total_pages && !page.links.0.contains_key("next") {
        return None;
    }
    requested.checked_add(1)
}

/// A lazy stream of pages: nothing is requested until it is polled; `fetch(n)` is called for
/// page 1, 2, ... until the list ends. After an error the stream yields it once and ends.
///
/// Boxed, so that callers can `.try_next().await` it without pinning it first.
pub(crate) fn pages<'a, T, F, Fut>(fetch: F) -> BoxStream<'a, Result<Page<T>>>
where
    T: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let walk = Walk {
        fetch,
        next: Some(1),
        seen: BTreeSet::new(),
    };
    stream::unfold(walk, |mut walk| async move {
        let requested = walk.next?;
        match (walk.fetch)(requested).await {
            // A page the walk has already yielded would only repeat its items: end instead.
            Ok(page) if walk.seen.contains(&page.number) => None,
            Ok(page) => {
                walk.next = next_page(requested, &page, &walk.seen);
                walk.seen.insert(page.number);
                Some((Ok(page), walk))
            }
            Err(error) => {
                walk.next = None;
                Some((Err(error), walk))
            }
        }
    })
    .boxed()
}

/// The items of every page, in order, as one lazy stream.
pub(crate) fn items<'a, T, F, Fut>(fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    pages(fetch)
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// Like [`pages`], but once the first page tells how many pages there are, fetches up to
/// `concurrency` of the later ones at a time, yielding them in order.
///
/// For long exports: the requests still go through the client's pacing, so a larger
/// `concurrency` uses the per-minute budget sooner rather than exceeding it. The walk stops
/// at the first error, empty page or page that is not the one asked for; requests already
/// in flight then finish but are not yielded.
pub(crate) fn pages_concurrent<'a, T, F, Fut>(
    fetch: F,
    concurrency: usize,
) -> BoxStream<'a, Result<Page<T>>>
where
    T: Send + 'a,
    F: Fn(u64) -> Fut + Send + Sync + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let fetch = std::sync::Arc::new(fetch);
    let first = {
        let fetch = std::sync::Arc::clone(&fetch);
        async move { fetch(1).await }
    };
    stream::once(first)
        .flat_map(move |first| -> BoxStream<'a, Result<Page<T>>> {
            match first {
                Err(error) => stream::iter([Err(error)]).boxed(),
                Ok(page) => {
                    let last = if page.items.is_empty() { 1 } else { page.total_pages.max(1) };
                    let fetch = std::sync::Arc::clone(&fetch);
                    let rest = stream::iter(2..=last)
                        .map(move |number| {
                            let fetch = std::sync::Arc::clone(&fetch);
                            async move { (number, fetch(number).await) }
                        })
                        .buffered(concurrency.max(1))
                        .scan(false, |stopped, (number, result)| {
                            if *stopped {
                                return std::future::ready(None);
                            }
                            let keep = match &result {
                                Ok(page) => !page.items.is_empty() && page.number == number,
                                Err(_) => true,
                            };
                            *stopped = !matches!(&result, Ok(page) if !page.items.is_empty() && page.number == number);
                            std::future::ready(keep.then_some(result))
                        });
                    stream::iter([Ok(page)]).chain(rest).boxed()
                }
            }
        })
        .boxed()
}

/// How far ahead of the page it yields next an automatic walk may fetch: bounds the pages
/// held out of order (memory stays flat) while a late page is retried.
const AUTO_LOOKAHEAD: u64 = 2 * crate::rate_limit::MAX_AUTO_CONCURRENCY as u64;

/// The state of [`pages_auto`] between two yields.
struct AutoWalk<'a, T, F> {
    fetch: std::sync::Arc<F>,
    pacer: std::sync::Arc<dyn crate::rate_limit::RateControl>,
    /// The last page number, once page 1 has told it.
    last: Option<u64>,
    next_request: u64,
    next_yield: u64,
    in_flight: futures_util::stream::FuturesUnordered<BoxFuture<'a, (u64, Result<Page<T>>)>>,
    /// Pages that arrived before the one to yield next.
    arrived: std::collections::BTreeMap<u64, Result<Page<T>>>,
    stopped: bool,
}

impl<'a, T, F, Fut> AutoWalk<'a, T, F>
where
    T: Send + 'a,
    F: Fn(u64) -> Fut + Send + Sync + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    /// Sends requests for the next pages while fewer than the pacer suggests are in flight.
    fn top_up(&mut self) {
        let Some(last) = self.last else { return };
        let wanted = self.pacer.suggested_concurrency();
        while self.in_flight.len() < wanted
            && self.next_request <= last
            && self.next_request - self.next_yield < AUTO_LOOKAHEAD
        {
            let number = self.next_request;
            let fetch = std::sync::Arc::clone(&self.fetch);
            self.in_flight
                .push(Box::pin(async move { (number, fetch(number).await) }));
            self.next_request += 1;
        }
    }

    /// The next page in order, or `None` at the end of the list.
    async fn next(&mut self) -> Option<Result<Page<T>>> {
        if self.stopped {
            return None;
        }
        loop {
            if let Some(result) = self.arrived.remove(&self.next_yield) {
                return self.yielded(result);
            }
            if self.last.is_some_and(|last| self.next_yield > last) {
                return None;
            }
            self.top_up();
            if self.last.is_none() {
                // The first page first: it tells how many pages there are.
                let result = (self.fetch)(self.next_yield).await;
                if let Ok(page) = &result {
                    self.last = Some(if page.items.is_empty() {
                        self.next_yield
                    } else {
                        page.total_pages.max(self.next_yield)
                    });
                }
                return self.yielded(result);
            }
            let (number, result) = self.in_flight.next().await?;
            self.arrived.insert(number, result);
        }
    }

    /// Yields `result` as page `next_yield`, ending the walk after an error, an empty page
    /// or a page other than the one asked for.
    fn yielded(&mut self, result: Result<Page<T>>) -> Option<Result<Page<T>>> {
        let number = self.next_yield;
        self.next_yield += 1;
        match &result {
            Ok(page) if page.items.is_empty() || page.number != number => {
                self.stopped = true;
                // Page 1 is yielded even when empty, as the other walks do.
                (number == 1 && page.number == 1).then_some(result)
            }
            Ok(_) => Some(result),
            Err(_) => {
                self.stopped = true;
                Some(result)
            }
        }
    }
}

/// Like [`pages_concurrent`], with the concurrency chosen as the walk goes: as many requests
/// in flight as the client's pacer suggests (the account's budget per second times the
/// latency, plus one), re-read before every request. Yields pages in order, each once;
/// holds at most a bounded number of pages out of order.
pub(crate) fn pages_auto<'a, T, F, Fut>(
    fetch: F,
    pacer: std::sync::Arc<dyn crate::rate_limit::RateControl>,
    start: u64,
) -> BoxStream<'a, Result<Page<T>>>
where
    T: Send + 'a,
    F: Fn(u64) -> Fut + Send + Sync + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let walk = AutoWalk {
        fetch: std::sync::Arc::new(fetch),
        pacer,
        last: None,
        next_request: start.max(1).saturating_add(1),
        next_yield: start.max(1),
        in_flight: futures_util::stream::FuturesUnordered::new(),
        arrived: std::collections::BTreeMap::new(),
        stopped: false,
    };
    stream::unfold(walk, |mut walk| async move {
        let page = walk.next().await?;
        Some((page, walk))
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::models::HalLink;
    use futures_util::TryStreamExt;
    use std::sync::{Arc, Mutex};

    fn page(number: u64, total_pages: u64, items: Vec<u32>) -> Page<u32> {
        Page {
            items,
            number,
            size: 3,
            total_elements: total_pages * 3,
            total_pages,
            links: HalLinks(Default::default()),
        }
    }

    type Log = Arc<Mutex<Vec<u64>>>;

    /// Serves `pages[n - 1]` for page n and records which pages were asked for.
    fn server(
        pages: Vec<Page<u32>>,
    ) -> (
        Log,
        impl FnMut(u64) -> futures_util::future::Ready<Result<Page<u32>>>,
    ) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let fetch = move |n: u64| {
            log.lock().unwrap().push(n);
            let answer = pages
                .get(usize::try_from(n).unwrap() - 1)
                .cloned()
                .unwrap_or_else(|| page(n, 0, vec![]));
            futures_util::future::ready(Ok(answer))
        };
        (asked, fetch)
    }

    async fn collect(pages: Vec<Page<u32>>) -> (Vec<u32>, Vec<u64>) {
        let (asked, fetch) = server(pages);
        let items: Vec<u32> = items(fetch).try_collect().await.unwrap();
        let asked = asked.lock().unwrap().clone();
        (items, asked)
    }

    #[tokio::test]
    async fn walks_every_page_in_order_and_stops_at_the_last() {
        let (items, asked) = collect(vec![
            page(1, 3, vec![1, 2, 3]),
            page(2, 3, vec![4, 5, 6]),
            page(3, 3, vec![7]),
        ])
        .await;
        assert_eq!(items, vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(asked, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn an_empty_list_is_one_request() {
        let (items, asked) = collect(vec![page(0, 0, vec![])]).await;
        assert!(items.is_empty());
        assert_eq!(asked, vec![1]);
    }

    #[tokio::test]
    async fn an_empty_page_ends_the_walk_even_if_totals_promise_more() {
        let (items, asked) = collect(vec![page(1, 5, vec![1]), page(2, 5, vec![])]).await;
        assert_eq!(items, vec![1]);
        assert_eq!(asked, vec![1, 2]);
    }

    #[tokio::test]
    async fn a_repeated_page_number_ends_the_walk() {
        // The server ignores `page` and keeps answering page 1.
        let (items, asked) = collect(vec![
            page(1, 4, vec![1]),
            page(1, 4, vec![1]),
            page(1, 4, vec![1]),
        ])
        .await;
        assert_eq!(items, vec![1]);
        assert_eq!(asked, vec![1, 2]);
    }

    #[tokio::test]
    async fn a_next_link_continues_past_stale_totals() {
        let mut first = page(1, 1, vec![1]);
        first.links.0.insert(
            "next".into(),
            HalLink {
                href: Some("…?page=2".into()),
                templated: None,
            },
        );
        let (items, asked) = collect(vec![first, page(2, 2, vec![2])]).await;
        assert_eq!(items, vec![1, 2]);
        assert_eq!(asked, vec![1, 2]);
    }

    #[tokio::test]
    async fn an_error_is_yielded_once_and_ends_the_stream() {
        let mut calls = 0;
        let fetch = move |n: u64| {
            calls += 1;
            let answer = if n == 1 {
                Ok(page(1, 3, vec![1]))
            } else {
                Err(Error::InvalidRequest(format!(
                    "boom on {n} after {calls} calls"
                )))
            };
            futures_util::future::ready(answer)
        };
        let results: Vec<Result<Page<u32>>> = pages(fetch).collect().await;
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        assert!(results[1].is_err());
    }

    #[tokio::test]
    async fn concurrent_pages_arrive_in_order_and_stop_at_a_gap() {
        let pages_served: Vec<Page<u32>> = (1..=5)
            .map(|n| page(n, 5, vec![u32::try_from(n).unwrap()]))
            .collect();
        let (asked, fetch) = server(pages_served);
        let fetch = std::sync::Mutex::new(fetch);
        let concurrent = pages_concurrent(move |n| (fetch.lock().unwrap())(n), 3);
        let numbers: Vec<u64> = concurrent.map_ok(|p| p.number).try_collect().await.unwrap();
        assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
        let mut asked = asked.lock().unwrap().clone();
        asked.sort_unstable();
        assert_eq!(asked, vec![1, 2, 3, 4, 5]);

        // Page 3 comes back empty: pages 4 and 5 are not yielded.
        let mut gap: Vec<Page<u32>> = (1..=5).map(|n| page(n, 5, vec![1])).collect();
        gap[2] = page(3, 5, vec![]);
        let (_, fetch) = server(gap);
        let fetch = std::sync::Mutex::new(fetch);
        let numbers: Vec<u64> = pages_concurrent(move |n| (fetch.lock().unwrap())(n), 2)
            .map_ok(|p| p.number)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(numbers, vec![1, 2]);
    }

    #[tokio::test]
    async fn concurrent_pages_of_an_empty_list_make_one_request() {
        let (asked, fetch) = server(vec![page(0, 0, vec![])]);
        let fetch = std::sync::Mutex::new(fetch);
        let all: Vec<Page<u32>> = pages_concurrent(move |n| (fetch.lock().unwrap())(n), 4)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(*asked.lock().unwrap(), vec![1]);
    }

    #[test]
    fn metadata_is_read_from_the_response_and_missing_parts_read_as_empty() {
        let metadata = PageMetadata {
            number: Some(2),
            size: Some(50),
            total_elements: Some(511),
            total_pages: Some(11),
        };
        let page = Page::from_parts(vec!['a'], Some(metadata), None);
        assert_eq!(
            (
                page.number,
                page.size,
                page.total_elements,
                page.total_pages
            ),
            (2, 50, 511, 11)
        );
        assert!(page.has_next());
        let empty: Page<char> = Page::from_parts(vec![], None, None);
        assert_eq!((empty.number, empty.total_pages), (0, 0));
        assert!(!empty.has_next());
        let negative = PageMetadata {
            number: Some(-1),
            ..Default::default()
        };
        assert_eq!(
            Page::<char>::from_parts(vec![], Some(negative), None).number,
            0
        );
    }

    /// A list of `total` pages of one item each; page n arrives after `(total - n)` ms, so
    /// later pages come back first. Records what was asked for.
    fn reversed_latency_server(
        total: u64,
    ) -> (
        Log,
        impl Fn(u64) -> futures_util::future::BoxFuture<'static, Result<Page<u32>>> + Send + Sync,
    ) {
        let asked: Log = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let fetch = move |n: u64| {
            log.lock().unwrap().push(n);
            Box::pin(async move {
                tokio::time::sleep(std::time::Duration::from_millis(total - n.min(total))).await;
                let items = if n <= total { vec![n as u32] } else { vec![] };
                Ok(page(n, total, items))
            }) as futures_util::future::BoxFuture<'static, Result<Page<u32>>>
        };
        (asked, fetch)
    }

    #[tokio::test(start_paused = true)]
    async fn auto_pages_arrive_in_order_each_once_from_any_start() {
        use crate::rate_limit::{DEFAULT_WINDOW, Pacer, RateControl};
        for start in [1, 4] {
            let (asked, fetch) = reversed_latency_server(12);
            let pacer: Arc<dyn RateControl> =
                Arc::new(Arc::new(Pacer::new(true, DEFAULT_WINDOW, None)));
            let pages: Vec<Page<u32>> =
                pages_auto(fetch, pacer, start).try_collect().await.unwrap();
            let numbers: Vec<u64> = pages.iter().map(|p| p.number).collect();
            assert_eq!(numbers, (start..=12).collect::<Vec<_>>(), "start {start}");
            let mut asked = asked.lock().unwrap().clone();
            asked.sort_unstable();
            assert_eq!(
                asked,
                (start..=12).collect::<Vec<_>>(),
                "each page asked once"
            );
        }
    }
}
