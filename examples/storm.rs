//! The fault storm of `tests/storm.rs` at full size, with its figures printed, and the
//! memory a 1 GiB response costs.
//!
//! ```sh
//! cargo run --release --example storm            # 10,000 requests
//! cargo run --release --example storm -- 50000   # or as many as you like
//! ```
//!
//! The storm: concurrency 8 against the simulator with 5% 5xx, 5% 504, 5% dropped
//! connections and 3% cut-off bodies, every access token revoked within 2 s of its issue, and a stretch
//! of 1.5 s in which the account's budget is 4 requests a second. Exits non-zero when a
//! read was lost, a write applied twice, a failure untyped or anything panicked.

#[path = "../tests/support/rss.rs"]
mod rss;

#[path = "../tests/support/storm.rs"]
mod storm;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use helpscout_mailbox::Client;
use helpscout_mailbox::auth::Credentials;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 10_000,
    };
    storm::count_panics();

    // The smaller limit first: the peak resident set only grows.
    for limit in [
        4 * 1024 * 1024,
        helpscout_mailbox::DEFAULT_MAX_RESPONSE_BYTES,
    ] {
        let (before, after, produced) = one_gib_response(limit).await?;
        println!(
            "1 GiB response, streamed without Content-Length, limit {} MiB:",
            limit / (1024 * 1024)
        );
        println!(
            "  peak RSS {before} KiB before, {after} KiB after: +{} KiB; {} MiB crossed the socket",
            after.saturating_sub(before),
            produced / (1024 * 1024)
        );
    }

    let report = storm::run(&storm::StormConfig::new(requests, Duration::from_secs(1))).await;
    println!("\nstorm of {requests} requests at concurrency 8:");
    println!(
        "  time                 {:.1} s",
        report.elapsed.as_secs_f64()
    );
    println!(
        "  server requests      {} (faults injected: {}, 429s: {})",
        report.server_requests, report.faults_injected, report.answered_429
    );
    println!("  token requests       {}", report.token_requests);
    println!(
        "  reads                {}/{} ({:.1}%)",
        report.reads_ok,
        report.reads,
        report.reads_percent()
    );
    println!(
        "  writes               {} done, {} failed with a typed error, of {}",
        report.writes_ok, report.writes_failed_typed, report.writes
    );
    println!("  duplicate writes     {}", report.duplicate_writes);
    println!("  lost writes          {}", report.lost_writes);
    println!("  untyped failures     {}", report.unexpected.len());
    println!("  panics               {}", report.panics);
    for text in report.unexpected.iter().take(10) {
        println!("    {text}");
    }
    let clean = report.panics == 0
        && report.unexpected.is_empty()
        && report.duplicate_writes == 0
        && report.lost_writes == 0
        && report.reads_ok == report.reads;
    if !clean {
        return Err("the storm found a defect".into());
    }
    Ok(())
}

/// Serves one streamed 1 GiB body on loopback and asks for it with a body limit of `limit`
/// bytes; returns the peak resident set before and after (KiB) and the bytes the server
/// produced.
async fn one_gib_response(limit: u64) -> Result<(u64, u64, u64), Box<dyn std::error::Error>> {
    const CHUNK: usize = 64 * 1024;
    let produced = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&produced);
    let app = axum::Router::new()
        .route(
            "/v2/oauth2/token",
            axum::routing::post(|| async {
                r#"{"token_type":"bearer","access_token":"t","expires_in":7200}"#
            }),
        )
        .route(
            "/v2/users/me",
            axum::routing::get(move || {
                let counter = Arc::clone(&counter);
                async move {
                    let chunk = Bytes::from(vec![b' '; CHUNK]);
                    Body::from_stream(futures_util::stream::iter((0..16_384).map(move |_| {
                        counter.fetch_add(CHUNK as u64, Ordering::Relaxed);
                        Ok::<_, std::io::Error>(chunk.clone())
                    })))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });

    let client = Client::builder()
        .credentials(Credentials::client_credentials("id", "secret"))
        .base_url(base)
        .max_response_bytes(limit)
        .build()?;
    let before = rss::peak_rss_kib();
    let error = client
        .users()
        .me()
        .send()
        .await
        .expect_err("1 GiB is over the limit");
    let after = rss::peak_rss_kib();
    println!("  -> {error}");
    Ok((before, after, produced.load(Ordering::Relaxed)))
}
