//! Speed figures: how fast the client walks a large account, and what it costs per item.
//!
//! ```sh
//! cargo run --release --example bench            # 10,000 conversations
//! cargo run --release --example bench -- 50000   # or any other count
//! ```
//!
//! Everything runs on loopback against the embedded simulator with its rate limit off, so
//! the figures measure the client (request building, hooks, decoding, paging) and the
//! simulator, not Help Scout. It prints figures; it asserts nothing.

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use helpscout_mailbox::models::{ConversationPage, ConversationStatusFilter};
use helpscout_mailbox_simulator::Simulator;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);

    let simulator = Simulator::builder()
        .seed(1)
        .conversations(count)
        .without_rate_limit()
        .start()
        .await?;
    println!(
        "seeded {count} conversations in {:.1?}",
        simulator.seed_duration()
    );
    let client = simulator.client_builder().build()?;

    // Warm the token and the connection so that the walks below measure paging only.
    client.conversations().list().send().await?;

    let started = Instant::now();
    let mut walked = 0usize;
    let mut stream = client
        .conversations()
        .list()
        .status(ConversationStatusFilter::All)
        .stream();
    while stream.try_next().await?.is_some() {
        walked += 1;
    }
    report("stream, one page at a time", walked, started.elapsed());

    for concurrency in [4, 8] {
        let started = Instant::now();
        let mut walked = 0usize;
        let mut pages = client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .pages_concurrent(concurrency);
        while let Some(page) = pages.try_next().await? {
            walked += page.items.len();
        }
        report(
            &format!("pages_concurrent({concurrency})"),
            walked,
            started.elapsed(),
        );
    }

    // Decoding alone: one full page of the docs' conversation example, many times.
    let fixture: serde_json::Value = serde_json::from_str(include_str!(
        "../tests/fixtures/conversations/getConversation.json"
    ))?;
    let page = serde_json::json!({
        "_embedded": {"conversations": vec![fixture; 25]},
        "page": {"size": 25, "totalElements": 25, "totalPages": 1, "number": 1},
    });
    let bytes = serde_json::to_vec(&page)?;
    let rounds = 2_000;
    let started = Instant::now();
    for _ in 0..rounds {
        let decoded: ConversationPage = serde_json::from_slice(&bytes)?;
        std::hint::black_box(decoded);
    }
    let elapsed = started.elapsed();
    let megabytes = (bytes.len() * rounds) as f64 / 1e6;
    println!(
        "decode a 25-conversation page ({} bytes): {:.1} µs each, {:.0} MB/s, {:.0} conversations/s",
        bytes.len(),
        elapsed.as_secs_f64() * 1e6 / rounds as f64,
        megabytes / elapsed.as_secs_f64(),
        (25 * rounds) as f64 / elapsed.as_secs_f64()
    );

    simulator.shutdown().await;
    Ok(())
}

fn report(what: &str, items: usize, elapsed: Duration) {
    println!(
        "{what}: {items} conversations in {elapsed:.2?} ({:.0} conversations/s, {:.0} pages/s)",
        items as f64 / elapsed.as_secs_f64(),
        items as f64 / 25.0 / elapsed.as_secs_f64()
    );
}
