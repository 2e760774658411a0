//! The page walk of an export: in order, several pages in flight, from any page.
//!
//! Conversations use the crate's auto-concurrency export (`pages_auto_from`: as many pages in
//! flight as the account's budget sustains) unless `--concurrency` fixes a number; customers
//! (whose list has no concurrent walk in the crate) and fixed numbers use [`numbered`], which
//! starts at any page.

use futures_util::stream::{self, BoxStream, StreamExt};
use helpscout_mailbox::Page;
use helpscout_mailbox::list::List;
use helpscout_mailbox::models::Conversation;
use helpscout_mailbox::resources::conversations::ListConversations;

/// The pages of a conversation list from page `from` on: at the rate-limit bound when
/// `concurrency` is `None`, else with that many in flight.
pub fn conversation_pages<'a>(
    list: List<'a, ListConversations>,
    from: u64,
    concurrency: Option<usize>,
) -> BoxStream<'a, helpscout_mailbox::Result<Page<Conversation>>> {
    match concurrency {
        None => list.pages_auto_from(from).boxed(),
        Some(concurrency) => numbered(move |n| list.clone().page(n), from, concurrency),
    }
}

/// Pages `from`, `from + 1`, ... fetched with `fetch`, up to `concurrency` at a time once the
/// first tells how many there are, yielded in order. Ends after the last page, at the first
/// empty page or page that is not the one asked for, and after the first error (yielded).
pub fn numbered<'a, T, F, Fut>(
    fetch: F,
    from: u64,
    concurrency: usize,
) -> BoxStream<'a, helpscout_mailbox::Result<Page<T>>>
where
    T: Send + 'a,
    F: Fn(u64) -> Fut + Clone + Send + Sync + 'a,
    Fut: std::future::Future<Output = helpscout_mailbox::Result<Page<T>>> + Send + 'a,
{
    let first = fetch(from);
    stream::once(first)
        .flat_map(move |first| match first {
            Err(error) => stream::iter([Err(error)]).boxed(),
            Ok(page) if page.items.is_empty() || page.number != from => stream::empty().boxed(),
            Ok(page) => {
                let last = page.total_pages;
                let fetch = fetch.clone();
                let rest = stream::iter(from.saturating_add(1)..=last)
                    .map(move |n| {
                        let fetch = fetch.clone();
                        async move { (n, fetch(n).await) }
                    })
                    .buffered(concurrency.max(1))
                    .scan(false, |stopped, (n, result)| {
                        let ended = match &result {
                            Ok(page) => page.items.is_empty() || page.number != n,
                            Err(_) => false,
                        };
                        let item = (!*stopped && !ended).then_some(result);
                        *stopped |= ended || item.as_ref().is_some_and(|r| r.is_err());
                        std::future::ready(item)
                    });
                stream::iter([Ok(page)]).chain(rest).boxed()
            }
        })
        .boxed()
}
