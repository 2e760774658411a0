//! Exports under a rate limit, against the simulator with a scaled-down window: concurrent
//! walks share one budget without a 429, a 429 mid-export pauses the client once, and every
//! conversation arrives exactly once; and the resumable export of
//! `examples/resumable_export`, interrupted and resumed. Speed is measured in
//! `examples/export_bench.rs`, not here.

// The example's export itself, not a copy of it.
#[path = "../examples/resumable_export/export.rs"]
mod resumable_export;

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{Stream, TryStreamExt};
use helpscout_mailbox::events::Event;
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::models::{
    Conversation, ConversationSortField, ConversationStatusFilter, SortOrder,
};
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

/// The conversations of an export file, in file order.
fn exported(out: &Path) -> Vec<Conversation> {
    std::fs::read_to_string(out)
        .expect("the export file")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a conversation a line"))
        .collect()
}

/// The page numbers the simulator was asked for since its log was last cleared.
fn pages_requested(sim: &RunningSimulator) -> Vec<u64> {
    sim.state()
        .requests()
        .iter()
        .filter(|request| request.path == "/v2/conversations")
        .filter_map(|request| {
            let query = request.query.as_deref()?;
            let page = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("page="))?;
            page.parse().ok()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_export_resumes_without_a_duplicate_or_a_gap() {
    let sim = Simulator::builder()
        .seed(5)
        .conversations(CONVERSATIONS)
        .start()
        .await
        .expect("the simulator starts");
    let client = sim.client_builder().build().expect("the client builds");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("resumable_export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("conversations.jsonl");

    // The first run stops after page 3 of 12, its checkpoint saved.
    let first = resumable_export::export(&client, None, &out, |checkpoint| {
        if checkpoint.last_page == 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .await
    .expect("the first run");
    assert!(!first.complete);
    assert_eq!((first.last_page, first.total_pages), (3, 12));
    assert_eq!(first.written, 75);
    assert_eq!(exported(&out).len(), 75);

    // Then a crash between a write and its checkpoint: part of page 4 reached the file, the
    // last line torn. Resuming must cut it, or these conversations would come twice.
    let page_4 = client
        .conversations()
        .list()
        .status(ConversationStatusFilter::All)
        .sort_field(ConversationSortField::CreatedAt)
        .sort_order(SortOrder::Asc)
        .page(4)
        .await
        .expect("page 4");
    let mut torn = Vec::new();
    for conversation in &page_4.items[..10] {
        serde_json::to_writer(&mut torn, conversation).unwrap();
        torn.push(b'\n');
    }
    torn.extend_from_slice(br#"{"id":"#);
    let mut file = std::fs::OpenOptions::new().append(true).open(&out).unwrap();
    std::io::Write::write_all(&mut file, &torn).unwrap();
    drop(file);

    // The second run starts at page 4 and ends at the last page.
    sim.state().clear_requests();
    let second = resumable_export::export(&client, None, &out, |_| ControlFlow::Continue(()))
        .await
        .expect("the resumed run");
    assert!(second.complete && !second.shrank, "{second:?}");
    assert_eq!(second.written, CONVERSATIONS as u64);
    let requested = pages_requested(&sim);
    assert_eq!(requested.iter().min(), Some(&4), "{requested:?}");

    // Every conversation exactly once, oldest first.
    let conversations = exported(&out);
    let mut ids: Vec<i64> = conversations.iter().map(|c| c.id.get()).collect();
    let created: Vec<_> = conversations
        .iter()
        .map(|c| c.created_at.expect("createdAt"))
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), CONVERSATIONS, "no duplicate");
    assert_eq!(ids, sim.state().conversation_ids(), "no gap");
    assert_eq!(
        std::fs::metadata(&out).unwrap().len(),
        second.bytes,
        "the checkpoint covers the whole file"
    );

    // A complete export is not fetched again; another filter or a foreign file is refused.
    sim.state().clear_requests();
    let again = resumable_export::export(&client, None, &out, |_| ControlFlow::Continue(()))
        .await
        .expect("a run after the end");
    assert_eq!(again, second);
    assert!(sim.state().requests().is_empty());
    let other = resumable_export::export(&client, Some(MailboxId::new(1)), &out, |_| {
        ControlFlow::Continue(())
    })
    .await;
    assert!(other.is_err(), "another mailbox filter resumes nothing");
    std::fs::remove_file(resumable_export::checkpoint_path(&out)).unwrap();
    let foreign =
        resumable_export::export(&client, None, &out, |_| ControlFlow::Continue(())).await;
    assert!(
        foreign.is_err(),
        "a file without a checkpoint is not overwritten"
    );
    assert_eq!(exported(&out).len(), CONVERSATIONS);
}
