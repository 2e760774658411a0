use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;

use super::*;
use crate::list::test_pages::{Log, page, server};

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
        let pages: Vec<Page<u32>> = pages_auto(fetch, pacer, start).try_collect().await.unwrap();
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

#[tokio::test]
async fn auto_pages_from_the_last_page_number_end_without_overflow() {
    use crate::rate_limit::{DEFAULT_WINDOW, Pacer, RateControl};
    let pacer =
        || -> Arc<dyn RateControl> { Arc::new(Arc::new(Pacer::new(true, DEFAULT_WINDOW, None))) };
    // What the real fetch does past `i64::MAX` (a resume from a corrupt checkpoint): an error.
    let refused = |_: u64| {
        futures_util::future::ready(Err::<Page<u32>, _>(crate::Error::InvalidRequest(
            "page beyond i64".into(),
        )))
    };
    let results: Vec<Result<Page<u32>>> = pages_auto(refused, pacer(), u64::MAX).collect().await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(crate::Error::InvalidRequest(_))));
    // A server that answers any number: the page is yielded once and the walk ends there.
    let (asked, fetch) = server(Vec::new());
    let fetch = Mutex::new(fetch);
    let answered = move |n: u64| {
        let mut page = (fetch.lock().unwrap())(n).into_inner().unwrap();
        page.items = vec![1];
        page.total_pages = n;
        futures_util::future::ready(Ok(page))
    };
    let numbers: Vec<u64> = pages_auto(answered, pacer(), u64::MAX)
        .map_ok(|p| p.number)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers, vec![u64::MAX]);
    assert_eq!(*asked.lock().unwrap(), vec![u64::MAX]);
}
