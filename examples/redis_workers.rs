//! N worker processes, one Help Scout account, one budget shared through Redis.
//!
//! ```sh
//! cargo run --features redis --example redis_workers
//! REDIS_URL=redis://127.0.0.1:6379 cargo run --features redis --example redis_workers
//! ```
//!
//! The parent starts a simulator (500 conversations, so 20 pages; a budget of 10 requests
//! per 1 s window, the real 400 a minute scaled down; 30 ms per request) and a throwaway
//! `redis-server` on a free port (or uses `REDIS_URL`), then for 1, 2 and 4 workers
//! re-executes itself as `redis_workers worker`, passing the simulator's base URL, the
//! credentials and the Redis URL in the environment. Every worker builds its own client and
//! exports all 20 pages. The bound of N workers is N · 20 pages at 10 a second; the table
//! shows the aggregate time against it and the 429s the simulator answered. A last row runs
//! 4 workers without Redis, each pacing only itself, for contrast.
//!
//! The simulator keeps a fixed window, as Help Scout does, so the requests of the last
//! window go out at its start and a run can end up to a window before the bound; more than
//! the bound means budget left unused.
//!
//! It prints figures; it asserts nothing.

#[path = "../tests/support/redis_server.rs"]
mod redis_server;

use std::process::Stdio;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use helpscout_mailbox::Client;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::models::ConversationStatusFilter;
use helpscout_mailbox::shared::RedisCoordinator;
use helpscout_mailbox_simulator::{Faults, Simulator};

const CONVERSATIONS: usize = 500;
const BUDGET: u32 = 10;
const WINDOW: Duration = Duration::from_secs(1);

type AnyError = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> Result<(), AnyError> {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return worker().await;
    }
    let own_redis;
    let redis_url = match std::env::var("REDIS_URL") {
        Ok(url) => url,
        Err(_) => {
            own_redis = redis_server::RedisServer::start();
            own_redis.url()
        }
    };
    let sim = Simulator::builder()
        .seed(7)
        .conversations(CONVERSATIONS)
        .rate_limit_per_minute(BUDGET)
        .rate_limit_window(WINDOW)
        .faults(Faults {
            latency: Duration::from_millis(30),
            ..Faults::default()
        })
        .start()
        .await?;
    let pages = CONVERSATIONS.div_ceil(25);
    println!(
        "{CONVERSATIONS} conversations ({pages} pages) per worker, {BUDGET} requests per {} s window",
        WINDOW.as_secs_f64()
    );
    println!(
        "{:<22} {:>9} {:>9} {:>8} {:>6} {:>15}",
        "workers", "seconds", "bound s", "× bound", "429s", "token requests"
    );
    let runs = [(1, true), (2, true), (4, true), (4, false)];
    for (run, (workers, shared)) in runs.into_iter().enumerate() {
        // A fresh window, a fresh log in Redis, a clean request log for every row.
        tokio::time::sleep(WINDOW).await;
        sim.state().reset_rate_limit();
        sim.state().clear_requests();
        let tokens_before = sim.state().token_requests();
        let prefix = format!("redis-workers:{}:{run}", std::process::id());
        let started = Instant::now();
        let mut children = Vec::new();
        for _ in 0..workers {
            let child = std::process::Command::new(std::env::current_exe()?)
                .arg("worker")
                .env("HS_BASE_URL", sim.base_url())
                .env("HS_APP_ID", sim.app_id())
                .env("HS_APP_SECRET", sim.app_secret())
                .env("HS_REDIS_URL", if shared { redis_url.as_str() } else { "" })
                .env("HS_PREFIX", &prefix)
                .stdout(Stdio::null())
                .spawn()?;
            children.push(child);
        }
        for mut child in children {
            // Waited for on a blocking thread: the simulator serves on this runtime.
            let status = tokio::task::spawn_blocking(move || child.wait()).await??;
            if !status.success() {
                return Err(format!("a worker failed: {status}").into());
            }
        }
        let elapsed = started.elapsed();
        let bound = WINDOW.mul_f64((workers * pages) as f64 / f64::from(BUDGET));
        let limited = sim
            .state()
            .requests()
            .iter()
            .filter(|request| request.status == Some(429))
            .count();
        let label = if shared {
            format!("{workers}, through Redis")
        } else {
            format!("{workers}, each alone")
        };
        println!(
            "{label:<22} {:>9.2} {:>9.1} {:>8.2} {limited:>6} {:>15}",
            elapsed.as_secs_f64(),
            bound.as_secs_f64(),
            elapsed.as_secs_f64() / bound.as_secs_f64(),
            sim.state().token_requests() - tokens_before,
        );
    }
    Ok(())
}

/// One worker: its own client (and Redis connection), exporting every page.
async fn worker() -> Result<(), AnyError> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let mut builder = Client::builder()
        .base_url(var("HS_BASE_URL")?)
        .credentials(Credentials::client_credentials(
            var("HS_APP_ID")?,
            var("HS_APP_SECRET")?,
        ))
        .rate_limit_window(WINDOW);
    let redis_url = var("HS_REDIS_URL")?;
    if !redis_url.is_empty() {
        let redis = RedisCoordinator::connect(&redis_url, var("HS_PREFIX")?).await?;
        builder = builder.redis(&redis);
    }
    let client = builder.build()?;
    let mut pages = client
        .conversations()
        .list()
        .status(ConversationStatusFilter::All)
        .pages_auto();
    let mut exported = 0;
    while let Some(page) = pages.try_next().await? {
        exported += page.items.len();
    }
    println!("exported {exported}");
    Ok(())
}
