//! Exports under a rate limit, against the simulator with a scaled-down window: concurrent
//! walks share one budget without a 429, a 429 mid-export pauses the client once, and every
//! conversation arrives exactly once. Speed is measured in `examples/export_bench.rs`, not
//! here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{Stream, TryStreamExt};
use helpscout_mailbox::events::Event;
use helpscout_mailbox::models::{Conversation, ConversationStatusFilter};
use helpscout_mailbox::{Client, Page, Result};
use helpscout_mailbox_simulator::{Faults, RunningSimulator, Simulator};

const CONVERSATIONS: usize = 300;

async fn simulator(budget: u32, latency: Duration) -> RunningSimulator {
    Simulator::builder()
        .seed(5)
        .conversations(CONVERSATIONS)
        .rate_limit_per_minute(budget)
        .rate_limit_window(Duration::from_secs(1))
        .faults(Faults {
            latency,
            ..Faults::default()
        })
        .start()
        .await
        .expect("the simulator starts")
}

/// Every conversation id the pages hold, with how often each came.
async fn collect(
    mut pages: impl Stream<Item = Result<Page<Conversation>>> + Unpin,
) -> HashMap<i64, usize> {
    let mut seen = HashMap::new();
    while let Some(page) = pages.try_next().await.expect("the export completes") {
        for conversation in page.items {
            *seen.entry(conversation.id.get()).or_insert(0) += 1;
        }
    }
    seen
}

fn assert_exactly_once(seen: &HashMap<i64, usize>) {
    assert_eq!(seen.len(), CONVERSATIONS);
    assert!(seen.values().all(|count| *count == 1), "{seen:?}");
}

fn answered_429(sim: &RunningSimulator) -> usize {
    sim.state()
        .requests()
        .iter()
        .filter(|request| request.status == Some(429))
        .count()
}

fn client(sim: &RunningSimulator) -> Client {
    sim.client_builder()
        .rate_limit_window(Duration::from_secs(1))
        .build()
        .expect("the client builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_walks_share_one_budget_without_a_429() {
    // 12 pages at 10 a window: the budget binds, whatever the concurrency.
    let sim = simulator(10, Duration::from_millis(10)).await;
    let client = client(&sim);
    // The first answer teaches the client the budget.
    client.users().me().send().await.expect("me");
    let list = || {
        client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
    };
    assert_exactly_once(&collect(list().pages_concurrent(8)).await);
    assert_exactly_once(&collect(list().pages_auto()).await);
    // Two walks at once, over one client's clones.
    let other = client.clone();
    let (a, b) = tokio::join!(
        collect(list().pages_concurrent(4)),
        collect(
            other
                .conversations()
                .list()
                .status(ConversationStatusFilter::All)
                .pages_auto()
        ),
    );
    assert_exactly_once(&a);
    assert_exactly_once(&b);
    assert_eq!(answered_429(&sim), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_mid_export_pauses_once_and_loses_nothing() {
    let sim = simulator(1_000, Duration::from_millis(50)).await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let client = sim
        .client_builder()
        .rate_limit_window(Duration::from_secs(1))
        .on_event(move |event| {
            if matches!(
                event,
                Event::RateLimitPaused { .. } | Event::RateLimitResumed
            ) {
                seen.lock().unwrap().push(format!("{event:?}"));
            }
        })
        .build()
        .unwrap();
    let state = sim.state();
    let export = tokio::spawn(async move {
        collect(
            client
                .conversations()
                .list()
                .status(ConversationStatusFilter::All)
                .pages_concurrent(6),
        )
        .await
    });
    // Someone else spends the account's budget mid-way (after the first page, while the
    // next ones wait out their 50 ms): the next requests meet 429s.
    tokio::time::sleep(Duration::from_millis(70)).await;
    state.set_rate_limit_per_minute(Some(0));
    tokio::time::sleep(Duration::from_millis(300)).await;
    state.set_rate_limit_per_minute(Some(1_000));
    let seen = export.await.unwrap();
    assert_exactly_once(&seen);
    let events = events.lock().unwrap().clone();
    assert!(answered_429(&sim) >= 1, "the budget cut was met");
    assert_eq!(
        events.first().map(String::as_str),
        Some("RateLimitPaused { wait: 1s }"),
        "{events:?}"
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("RateLimitPaused"))
            .count(),
        1,
        "{events:?}"
    );
}
