use std::sync::{Arc, Mutex};

use futures_util::{StreamExt, TryStreamExt};

use super::*;
use crate::error::Error;
use crate::list::test_pages::{page, server};
use crate::models::{HalLink, HalLinks};

/// Walks numbered `pages` from page 1: the items yielded and the pages asked for.
async fn collect(pages: Vec<Page<u32>>) -> (Vec<u32>, Vec<u64>) {
    let (asked, mut fetch) = server(pages);
    let by_number = move |at: PageAt| match at {
        PageAt::Number(n) => fetch(n),
        PageAt::Cursor(_) => panic!("a numbered walk asked for a cursor"),
    };
    let items: Vec<u32> = items(by_number, PageAt::Number(1))
        .try_collect()
        .await
        .unwrap();
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
    let fetch = move |at: PageAt| {
        let answer = if at == PageAt::Number(1) {
            Ok(page(1, 3, vec![1]))
        } else {
            Err(Error::InvalidRequest(format!("boom at {at:?}")))
        };
        futures_util::future::ready(answer)
    };
    let results: Vec<Result<Page<u32>>> = pages(fetch, PageAt::Number(1)).collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert!(results[1].is_err());
}

/// The cursors a cursor server was asked for, in order (`None` for the first slice).
type Asked = Arc<Mutex<Vec<Option<String>>>>;

/// A cursor-paged list: the slice at `cursor` (`None` for the first) and the cursors asked for.
fn cursor_server(
    slices: Vec<(Option<&'static str>, Vec<u32>, Option<&'static str>)>,
) -> (
    Asked,
    impl FnMut(PageAt) -> futures_util::future::Ready<Result<Page<u32>>> + Send,
) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    let fetch = move |at: PageAt| {
        let PageAt::Cursor(cursor) = at else {
            panic!("a cursor walk asked for a number")
        };
        log.lock().unwrap().push(cursor.clone());
        let (items, next) = slices
            .iter()
            .find(|(at, _, _)| at.map(str::to_owned) == cursor)
            .map(|(_, items, next)| (items.clone(), next.map(str::to_owned)))
            .unwrap_or_default();
        futures_util::future::ready(Ok(Page::from_cursor(
            items,
            next,
            HalLinks(Default::default()),
        )))
    };
    (asked, fetch)
}

#[tokio::test]
async fn a_cursor_walk_follows_next_cursors_to_the_last_slice() {
    let (asked, fetch) = cursor_server(vec![
        (None, vec![1, 2], Some("b")),
        (Some("b"), vec![3], Some("c")),
        (Some("c"), vec![4], None),
    ]);
    let items: Vec<u32> = items(fetch, PageAt::Cursor(None))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3, 4]);
    assert_eq!(
        *asked.lock().unwrap(),
        vec![None, Some("b".into()), Some("c".into())]
    );
}

#[tokio::test]
async fn a_cursor_walk_stops_at_a_repeated_cursor_or_an_empty_slice() {
    // The server hands out `b` again from `b`: the walk does not follow it twice.
    let (asked, fetch) = cursor_server(vec![
        (None, vec![1], Some("b")),
        (Some("b"), vec![2], Some("b")),
    ]);
    let walked: Vec<u32> = items(fetch, PageAt::Cursor(None))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(walked, vec![1, 2]);
    assert_eq!(asked.lock().unwrap().len(), 2);

    // A starting cursor counts as followed; an empty slice ends the walk despite its cursor.
    let (asked, fetch) = cursor_server(vec![
        (Some("s"), vec![1], Some("t")),
        (Some("t"), vec![], Some("u")),
    ]);
    let walked: Vec<u32> = items(fetch, PageAt::Cursor(Some("s".into())))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(walked, vec![1]);
    assert_eq!(
        *asked.lock().unwrap(),
        vec![Some("s".into()), Some("t".into())]
    );
}
