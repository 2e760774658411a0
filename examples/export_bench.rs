//! Exports under a rate limit: how close each way of walking the conversation list comes to
//! the bound the budget sets, and what it costs in 429s, repeated pages and memory.
//!
//! ```sh
//! cargo run --release --example export_bench            # all three runs
//! cargo run --release --example export_bench -- --quick # skip the 60 s window
//! ```
//!
//! The bound of an export of P pages under a budget of B requests per window of W seconds is
//! P · W / B: the budget as a steady rate. The simulator keeps Help Scout's fixed per-window
//! budget and `X-RateLimit-*` headers, adds 30 ms to every request and scales the window
//! down, so that the budget binds within seconds:
//!
//! 1. 4,000 requests a minute as 67 per 1 s window, 10,000 conversations with threads (400
//!    pages, bound 6.0 s): `.stream()`, `pages_concurrent(n)` for n in 2..32, `pages_auto()`;
//! 2. 400 a minute as 20 per 3 s window, 2,000 conversations (80 pages, bound 12 s);
//! 3. the real 60 s window, 400 a minute, 15,000 conversations (600 pages, bound 90 s):
//!    `pages_auto()` across window boundaries.
//!
//! It prints figures; it asserts nothing. Peak RSS is the process's, reset before each row.

#[path = "../tests/support/rss.rs"]
mod rss;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::{Stream, TryStreamExt};
use helpscout_mailbox::models::{Conversation, ConversationStatusFilter};
use helpscout_mailbox::{Client, Page, Result};
use helpscout_mailbox_simulator::{Faults, RunningSimulator, Simulator};

/// One export setting.
struct Scenario {
    name: &'static str,
    conversations: usize,
    budget: u32,
    window: Duration,
}

impl Scenario {
    fn pages(&self) -> usize {
        self.conversations.div_ceil(25)
    }

    fn bound(&self) -> Duration {
        self.window
            .mul_f64(self.pages() as f64 / f64::from(self.budget))
    }
}

#[derive(Clone, Copy, Debug)]
enum Mode {
    Stream,
    Concurrent(usize),
    Auto,
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let quick = std::env::args().any(|arg| arg == "--quick");
    let mut modes = vec![Mode::Stream];
    modes.extend([2, 4, 8, 16, 32].map(Mode::Concurrent));
    modes.push(Mode::Auto);
    let large = Scenario {
        name: "4,000/min as 67 per 1 s, 10,000 conversations with threads",
        conversations: 10_000,
        budget: 67,
        window: Duration::from_secs(1),
    };
    run(&large, &modes).await?;
    let small = Scenario {
        name: "400/min as 20 per 3 s, 2,000 conversations with threads",
        conversations: 2_000,
        budget: 20,
        window: Duration::from_secs(3),
    };
    run(
        &small,
        &[Mode::Concurrent(4), Mode::Concurrent(16), Mode::Auto],
    )
    .await?;
    if !quick {
        let real = Scenario {
            name: "400/min in the real 60 s window, 15,000 conversations with threads",
            conversations: 15_000,
            budget: 400,
            window: Duration::from_secs(60),
        };
        run(&real, &[Mode::Auto]).await?;
    }
    Ok(())
}

async fn run(
    scenario: &Scenario,
    modes: &[Mode],
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let sim = Simulator::builder()
        .seed(3)
        .conversations(scenario.conversations)
        .rate_limit_per_minute(scenario.budget)
        .rate_limit_window(scenario.window)
        .faults(Faults {
            latency: Duration::from_millis(30),
            ..Faults::default()
        })
        .start()
        .await?;
    println!(
        "\n{} ({} pages, bound {:.1} s)",
        scenario.name,
        scenario.pages(),
        scenario.bound().as_secs_f64()
    );
    println!(
        "{:<22} {:>9} {:>8} {:>6} {:>12} {:>14}",
        "mode", "seconds", "× bound", "429s", "pages twice", "peak RSS MiB"
    );
    for mode in modes {
        // A fresh window and a fresh client (with its own pacer) for every row.
        tokio::time::sleep(scenario.window).await;
        sim.state().reset_rate_limit();
        let client = sim
            .client_builder()
            .rate_limit_window(scenario.window)
            .build()?;
        sim.state().clear_requests();
        reset_peak_rss();
        let started = Instant::now();
        let exported = export(&client, *mode).await?;
        let elapsed = started.elapsed();
        let (limited, twice) = wire_figures(&sim);
        println!(
            "{:<22} {:>9.2} {:>8.2} {:>6} {:>12} {:>14.1}",
            format!("{mode:?}"),
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() / scenario.bound().as_secs_f64(),
            limited,
            twice,
            rss::peak_rss_kib() as f64 / 1024.0,
        );
        if exported != scenario.conversations {
            println!("  !! exported {exported} of {}", scenario.conversations);
        }
    }
    sim.shutdown().await;
    Ok(())
}

/// Walks every conversation with threads in `mode`; returns how many it saw.
async fn export(client: &Client, mode: Mode) -> Result<usize> {
    let list = || {
        client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .embed_threads()
    };
    match mode {
        Mode::Stream => {
            let mut count = 0;
            let mut items = list().stream();
            while items.try_next().await?.is_some() {
                count += 1;
            }
            Ok(count)
        }
        Mode::Concurrent(n) => count_pages(list().pages_concurrent(n)).await,
        Mode::Auto => count_pages(list().pages_auto()).await,
    }
}

async fn count_pages(
    mut pages: impl Stream<Item = Result<Page<Conversation>>> + Unpin,
) -> Result<usize> {
    let mut count = 0;
    while let Some(page) = pages.try_next().await? {
        count += page.items.len();
    }
    Ok(count)
}

/// The 429s the simulator answered, and the list pages it answered with 200 more than once.
fn wire_figures(sim: &RunningSimulator) -> (usize, usize) {
    let requests = sim.state().requests();
    let limited = requests.iter().filter(|r| r.status == Some(429)).count();
    let mut served: HashMap<String, usize> = HashMap::new();
    for request in requests.iter().filter(|r| r.status == Some(200)) {
        if request.path == "/v2/conversations" {
            *served
                .entry(request.query.clone().unwrap_or_default())
                .or_default() += 1;
        }
    }
    (limited, served.values().filter(|n| **n > 1).count())
}

/// Resets the peak resident set (`VmHWM`) where Linux allows it.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
