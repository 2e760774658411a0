//! How long the simulator takes to serve a conversation list page, so that client benchmarks
//! run against it measure the client and not the simulator.
//!
//! ```sh
//! cargo run --release -p helpscout-mailbox-simulator --example sim_speed            # 10,000 conversations
//! cargo run --release -p helpscout-mailbox-simulator --example sim_speed -- 50000   # or any other count
//! ```
//!
//! A raw reqwest client (no pacing, no retries, one keep-alive connection) walks every page of
//! a few list queries sequentially against the embedded simulator with its rate limit off, and
//! prints the mean, median and 99th-percentile time per request. `GET /v2/users/me` is timed
//! the same way as the floor: what loopback, hyper, the router and the gate cost on their own.
//! The first page of each query is timed apart from the rest, since it is the one that pays
//! for filtering and sorting when the simulator caches the result.
//!
//! It also prints a digest of every body it received (without the port and the clock-bound
//! `friendly` text), so that two builds of the simulator can be checked to answer byte for
//! byte the same. It prints figures; it asserts nothing.

use std::time::{Duration, Instant};

/// How many times every query is walked end to end.
const ROUNDS: usize = 3;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);

    let simulator = helpscout_mailbox_simulator::Simulator::builder()
        .seed(1)
        .conversations(count)
        .without_rate_limit()
        .start()
        .await?;
    println!(
        "seeded {count} conversations in {:.1?}",
        simulator.seed_duration()
    );
    let base = simulator.base_url().to_owned();
    let http = helpscout_mailbox::tls::http_client_builder()
        .pool_max_idle_per_host(1)
        .build()?;
    let token: serde_json::Value = http
        .post(format!("{base}/v2/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", simulator.app_id()),
            ("client_secret", simulator.app_secret()),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = token["access_token"]
        .as_str()
        .ok_or("the token endpoint answered without an access_token")?
        .to_owned();
    let get = |path: String| {
        let request = http.get(format!("{base}{path}")).bearer_auth(&token);
        async move {
            let started = Instant::now();
            let response = request.send().await?.error_for_status()?;
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((started.elapsed(), body))
        }
    };

    // The floor: a request that does no work, timed the same way.
    let mut floor = Vec::new();
    for _ in 0..500 {
        floor.push(get("/v2/users/me".to_owned()).await?.0);
    }
    println!("{:<48} {}", "GET /v2/users/me (floor)", Stats::of(&floor));

    let queries = [
        "status=all&embed=threads",
        "status=all",
        "status=active&sortField=modifiedAt&sortOrder=asc",
        "status=closed&query=(subject:%22invoice%22)",
    ];
    let mut digest = Fnv::new();
    for query in queries {
        let mut first = Vec::new();
        let mut rest = Vec::new();
        let mut bytes = 0usize;
        for round in 0..ROUNDS {
            let mut page = 1usize;
            loop {
                let (took, body) = get(format!("/v2/conversations?{query}&page={page}")).await?;
                bytes = bytes.saturating_add(body.len());
                if page == 1 {
                    first.push(took);
                } else {
                    rest.push(took);
                }
                if round == 0 {
                    digest.add(&comparable(&String::from_utf8_lossy(&body), &base));
                }
                let page_json: serde_json::Value = serde_json::from_slice(&body)?;
                let total = page_json["page"]["totalPages"].as_u64().unwrap_or(0);
                if u64::try_from(page).unwrap_or(u64::MAX) >= total {
                    break;
                }
                page += 1;
            }
        }
        let pages = (first.len() + rest.len()) / ROUNDS;
        println!(
            "{:<48} {pages} pages, {} KiB per page",
            query,
            bytes / (first.len() + rest.len()).max(1) / 1024
        );
        println!("{:<48} {}", "  page 1", Stats::of(&first));
        if !rest.is_empty() {
            println!("{:<48} {}", "  pages 2..", Stats::of(&rest));
        }
    }
    println!("digest of every body: {:016x}", digest.0);
    simulator.shutdown().await;
    Ok(())
}

/// A body without what differs between two runs of the same build: the base URL (it holds
/// the port) and `customerWaitingSince.friendly` ("3 days ago", which follows the clock).
fn comparable(body: &str, base: &str) -> String {
    let body = body.replace(base, "BASE");
    let marker = "\"friendly\":\"";
    let mut out = String::with_capacity(body.len());
    let mut rest = body.as_str();
    while let Some(at) = rest.find(marker) {
        let value = at + marker.len();
        out.push_str(&rest[..value]);
        rest = &rest[value..];
        rest = rest.find('"').map_or("", |end| &rest[end..]);
    }
    out.push_str(rest);
    out
}

/// Mean, median and 99th percentile of a set of timings.
struct Stats {
    mean: Duration,
    p50: Duration,
    p99: Duration,
    n: usize,
}

impl Stats {
    fn of(samples: &[Duration]) -> Self {
        let mut sorted = samples.to_vec();
        sorted.sort();
        let n = sorted.len();
        let at = |q: usize| sorted.get((n.saturating_sub(1)) * q / 100).copied();
        let total: Duration = sorted.iter().sum();
        Self {
            mean: total / u32::try_from(n.max(1)).unwrap_or(u32::MAX),
            p50: at(50).unwrap_or_default(),
            p99: at(99).unwrap_or_default(),
            n,
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "mean {:>8.1?}  p50 {:>8.1?}  p99 {:>8.1?}  (n = {})",
            self.mean, self.p50, self.p99, self.n
        )
    }
}

/// FNV-1a, 64 bits: a digest that is the same on every platform and toolchain.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn add(&mut self, text: &str) {
        for byte in text.bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
