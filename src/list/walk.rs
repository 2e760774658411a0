//! The one walk over the pages of a list, by number or by cursor, and the guards that end it.

use std::collections::BTreeSet;
use std::future::Future;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;
use crate::page::Page;

/// Where a page of a list is: its number, or the cursor that leads to it (`None` for the
/// first page of a cursor-paged list).
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageAt {
    /// A 1-based page number.
    Number(u64),
    /// A cursor handed out by an earlier page, or the start of the list.
    Cursor(Option<String>),
}

/// What the walk knows between two requests.
struct Walk<F> {
    fetch: F,
    next: Option<PageAt>,
    /// The numbers of the pages yielded so far.
    numbers: BTreeSet<u64>,
    /// The cursors requested so far.
    cursors: BTreeSet<String>,
}

impl<F> Walk<F> {
    /// Decides which page to ask for after `page`, which was requested `at`, and records it.
    ///
    /// The walk stops at the last page, on an empty page, when the API answers with a page
    /// number it already gave (a loop), when it answers with a different page than was asked
    /// for (which happens past the end on some lists), and when it hands out a cursor the walk
    /// already followed: each of these has ended real exports of other clients in an endless
    /// loop or a silent repeat.
    // quirk Q14: page sizes vary; stop on the last, an empty or a repeated page.
    fn advance<T>(&mut self, at: &PageAt, page: &Page<T>) -> Option<PageAt> {
        if page.items.is_empty() {
            return None;
        }
        match at {
            PageAt::Number(requested) => {
                if page.number != *requested || !self.numbers.insert(page.number) {
                    return None;
                }
                if page.number >= page.total_pages && !page.links.0.contains_key("next") {
                    return None;
                }
                requested.checked_add(1).map(PageAt::Number)
            }
            // quirk Q32: the v3 customer list may hand out a cursor it handed out before: stop there.
            PageAt::Cursor(_) => {
                let cursor = page.next_cursor.as_ref()?;
                self.cursors
                    .insert(cursor.clone())
                    .then(|| PageAt::Cursor(Some(cursor.clone())))
            }
        }
    }

    /// Whether `page` repeats one already yielded, so that yielding it would repeat its items.
    fn repeats<T>(&self, at: &PageAt, page: &Page<T>) -> bool {
        matches!(at, PageAt::Number(_)) && self.numbers.contains(&page.number)
    }
}

/// A lazy stream of pages from `start`: nothing is requested until it is polled; `fetch` is
/// called for each page until the list ends (see [`Walk::advance`]). After an error the
/// stream yields it once and ends.
///
/// Boxed, so that callers can `.try_next().await` it without pinning it first.
pub(crate) fn pages<'a, T, F, Fut>(fetch: F, start: PageAt) -> BoxStream<'a, Result<Page<T>>>
where
    T: Send + 'a,
    F: FnMut(PageAt) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    let mut cursors = BTreeSet::new();
    if let PageAt::Cursor(Some(cursor)) = &start {
        cursors.insert(cursor.clone());
    }
    let walk = Walk {
        fetch,
        next: Some(start),
        numbers: BTreeSet::new(),
        cursors,
    };
    stream::unfold(walk, |mut walk| async move {
        let at = walk.next.take()?;
        match (walk.fetch)(at.clone()).await {
            Ok(page) if walk.repeats(&at, &page) => None,
            Ok(page) => {
                walk.next = walk.advance(&at, &page);
                Some((Ok(page), walk))
            }
            Err(error) => Some((Err(error), walk)),
        }
    })
    .boxed()
}

/// The items of every page, in order, as one lazy stream.
pub(crate) fn items<'a, T, F, Fut>(fetch: F, start: PageAt) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(PageAt) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    pages(fetch, start)
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

#[cfg(test)]
mod tests;
