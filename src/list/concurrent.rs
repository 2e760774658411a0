//! The walks that fetch several pages of a numbered list at a time and still yield them in
//! order: with a fixed concurrency, or with the one the client's pacer suggests.

use std::future::Future;

use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, StreamExt};

use crate::error::Result;
use crate::page::Page;

/// Like the sequential walk, but once the first page tells how many pages there are, fetches up to
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

/// The highest page number a request can carry: the API's `page` is an `i64`.
const LAST_PAGE: u64 = i64::MAX as u64;

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
                    let last = if page.items.is_empty() {
                        self.next_yield
                    } else {
                        page.total_pages.max(self.next_yield)
                    };
                    // No request can carry a later page, so page numbers never overflow.
                    self.last = Some(last.min(LAST_PAGE));
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
        // A walk started at `u64::MAX` (say, resumed from a corrupt checkpoint) ends there.
        match number.checked_add(1) {
            Some(next) => self.next_yield = next,
            None => self.stopped = true,
        }
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
mod tests;
