//! Pages served from memory for the walk tests: what was asked for is recorded.

use std::sync::{Arc, Mutex};

use crate::error::Result;
use crate::models::HalLinks;
use crate::page::Page;

/// Page `number` of `total_pages`, holding `items`.
pub(crate) fn page(number: u64, total_pages: u64, items: Vec<u32>) -> Page<u32> {
    let mut page = Page::from_parts(items, None, Some(HalLinks(Default::default())));
    page.number = number;
    page.size = 3;
    page.total_elements = total_pages * 3;
    page.total_pages = total_pages;
    page
}

/// The page numbers asked for, in order.
pub(crate) type Log = Arc<Mutex<Vec<u64>>>;

/// Serves `pages[n - 1]` for page n (an empty page past the end) and records what was asked.
pub(crate) fn server(
    pages: Vec<Page<u32>>,
) -> (
    Log,
    impl FnMut(u64) -> futures_util::future::Ready<Result<Page<u32>>> + Send,
) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let fetch = move |n: u64| {
        log.lock().expect("log").push(n);
        let answer = usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| pages.get(i).cloned())
            .unwrap_or_else(|| page(n, 0, vec![]));
        futures_util::future::ready(Ok(answer))
    };
    (asked, fetch)
}
