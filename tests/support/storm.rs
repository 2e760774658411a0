//! A seeded fault storm against the simulator: many concurrent reads and writes while the
//! server fails, drops connections, cuts bodies short, revokes every token every few
//! seconds and, for a stretch, runs the account out of its rate limit.
//!
//! Shared by `tests/storm.rs` (a few thousand requests, asserted) and `examples/storm.rs`
//! (10,000, printed), so that the figures in a closing note and the test come from the same
//! code. Each write adds a note that carries a unique marker, so that the simulator's state
//! tells whether any write was applied twice.

// The test asserts some figures, the example prints others.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use helpscout_mailbox::ids::ConversationId;
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox::{Error, Result};
use helpscout_mailbox_simulator::{Faults, RunningSimulator, Simulator};

/// What a storm is made of.
#[derive(Clone, Debug)]
pub struct StormConfig {
    /// Requests in all, reads and writes.
    pub requests: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// One request in this many is a write (a note).
    pub write_every: usize,
    /// How often every access token is revoked.
    pub revoke_every: Duration,
    /// Seeds the simulator's account and its faults.
    pub seed: u64,
    /// When the account's budget shrinks, as the fraction of requests done, and for how
    /// long: a stretch of 429s in the middle of the run.
    pub squeeze_at: f64,
    pub squeeze_for: Duration,
    /// The budget per (1 s) window during that stretch, and outside it.
    pub squeezed_budget: u32,
    pub budget: u32,
}

impl StormConfig {
    /// The storm of the issue: 10% 5xx and 504, 5% dropped connections, cut-off bodies,
    /// tokens revoked every few seconds and a stretch of 429s, at concurrency 8.
    pub fn new(requests: usize, revoke_every: Duration) -> Self {
        Self {
            requests,
            concurrency: 8,
            write_every: 5,
            revoke_every,
            seed: 9,
            squeeze_at: 0.4,
            squeeze_for: Duration::from_millis(1_500),
            squeezed_budget: 4,
            budget: 1_000_000,
        }
    }
}

/// What a storm did.
#[derive(Debug, Default)]
pub struct StormReport {
    /// Reads sent, and how many returned what they asked for.
    pub reads: usize,
    pub reads_ok: usize,
    /// Writes sent, how many the client reported done, and how many failed with an error
    /// a caller can act on (5xx, transport failure, rate limit, deadline).
    pub writes: usize,
    pub writes_ok: usize,
    pub writes_failed_typed: usize,
    /// Notes whose marker the simulator holds more than once.
    pub duplicate_writes: usize,
    /// Writes the client reported done that the simulator does not hold.
    pub lost_writes: usize,
    /// Failures that are none of the above, with their text; a read failure lands here too.
    pub unexpected: Vec<String>,
    /// Panics anywhere in the process during the storm (client, simulator, tasks).
    pub panics: u64,
    /// 429s the client met, counted from its retry events (the simulator's log keeps only
    /// the last 10,000 requests).
    pub met_429: u64,
    /// What the simulator saw (its log holds the last 10,000 requests).
    pub token_requests: u64,
    pub answered_429: usize,
    pub faults_injected: usize,
    pub server_requests: usize,
    pub elapsed: Duration,
}

impl StormReport {
    /// The share of reads that completed, in percent.
    pub fn reads_percent(&self) -> f64 {
        if self.reads == 0 {
            return 100.0;
        }
        self.reads_ok as f64 * 100.0 / self.reads as f64
    }
}

/// Panics seen by the hook [`count_panics`] installs.
static PANICS: AtomicU64 = AtomicU64::new(0);

/// Counts every panic of the process from now on (and still prints it).
pub fn count_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        default(info);
    }));
}

/// What one request of the storm was.
enum Kind {
    GetConversation(ConversationId),
    ListConversations(u64),
    ListThreads(ConversationId),
    Note(ConversationId, String),
}

/// Runs the storm; call [`count_panics`] first to have panics counted.
pub async fn run(config: &StormConfig) -> StormReport {
    let panics_before = PANICS.load(Ordering::SeqCst);
    let sim = Simulator::builder()
        .seed(config.seed)
        // Enough conversations that no one reaches its limit of 100 threads.
        .conversations((config.requests / 20).max(60))
        .rate_limit_per_minute(config.budget)
        .rate_limit_window(Duration::from_secs(1))
        .faults(Faults {
            seed: config.seed,
            server_error_rate: 0.05,
            gateway_timeout_rate: 0.05,
            drop_rate: 0.05,
            truncate_rate: 0.03,
            ..Faults::default()
        })
        .start()
        .await
        .expect("the simulator starts");
    let met_429 = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&met_429);
    let client = sim
        .client_builder()
        .on_event(move |event| {
            if let helpscout_mailbox::events::Event::Retrying {
                status: Some(429), ..
            } = event
            {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        })
        .retry(
            RetryPolicy::default()
                .max_attempts(16)
                .base_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(100))
                .max_rate_limit_wait(Duration::from_secs(3)),
        )
        .timeout(Duration::from_secs(10))
        .build()
        .expect("the client builds");
    let conversations: Vec<ConversationId> = sim
        .state()
        .conversation_ids()
        .into_iter()
        .map(ConversationId::new)
        .collect();
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let revoker = tokio::spawn(revoke_tokens(&sim, config.revoke_every, Arc::clone(&stop)));
    let squeezer = tokio::spawn(squeeze_budget(
        &sim,
        config.clone(),
        Arc::clone(&done),
        Arc::clone(&stop),
    ));

    let kinds = (0..config.requests).map(|i| {
        let conversation = conversations[(i * 7919) % conversations.len()];
        if i % config.write_every == config.write_every - 1 {
            Kind::Note(conversation, format!("storm-{}-{i}", config.seed))
        } else {
            match i % 3 {
                0 => Kind::GetConversation(conversation),
                1 => Kind::ListConversations((i / 3 % 3) as u64 + 1),
                _ => Kind::ListThreads(conversation),
            }
        }
    });
    let outcomes: Vec<(Kind, Result<()>)> = futures_util::stream::iter(kinds)
        .map(|kind| {
            let client = client.clone();
            let done = Arc::clone(&done);
            async move {
                // A task per request, so that a panic in the client surfaces as a JoinError.
                let result = tokio::spawn(async move {
                    let result = match &kind {
                        Kind::GetConversation(id) => {
                            client.conversations().get(*id).send().await.map(drop)
                        }
                        Kind::ListConversations(page) => {
                            client.conversations().list().page(*page).await.map(drop)
                        }
                        Kind::ListThreads(id) => client.threads().list(*id).send().await.map(drop),
                        Kind::Note(id, marker) => client
                            .threads()
                            .note(*id, marker.clone())
                            .send()
                            .await
                            .map(drop),
                    };
                    (kind, result)
                })
                .await;
                done.fetch_add(1, Ordering::SeqCst);
                result
            }
        })
        .buffer_unordered(config.concurrency)
        .filter_map(|joined| async move { joined.ok() })
        .collect()
        .await;
    stop.store(true, Ordering::SeqCst);
    let _ = revoker.await;
    let _ = squeezer.await;

    let mut report = StormReport {
        elapsed: started.elapsed(),
        ..StormReport::default()
    };
    let mut confirmed = Vec::new();
    for (kind, result) in outcomes {
        match (kind, result) {
            (Kind::Note(_, marker), Ok(())) => {
                report.writes += 1;
                report.writes_ok += 1;
                confirmed.push(marker);
            }
            (Kind::Note(..), Err(error)) if is_typed_write_failure(&error) => {
                report.writes += 1;
                report.writes_failed_typed += 1;
            }
            (Kind::Note(..), Err(error)) => {
                report.writes += 1;
                report.unexpected.push(format!("write: {error}"));
            }
            (_, Ok(())) => {
                report.reads += 1;
                report.reads_ok += 1;
            }
            (_, Err(error)) => {
                report.reads += 1;
                report.unexpected.push(format!("read: {error}"));
            }
        }
    }
    // Tasks that panicked never came back with their kind.
    let missing = config.requests - report.reads - report.writes;
    for _ in 0..missing {
        report.unexpected.push("a request task panicked".to_owned());
    }

    let held = markers_held(&sim, &conversations, config.seed);
    report.duplicate_writes = held.values().filter(|count| **count > 1).count();
    report.lost_writes = confirmed
        .iter()
        .filter(|marker| !held.contains_key(marker.as_str()))
        .count();
    let requests = sim.state().requests();
    report.server_requests = requests.len();
    report.answered_429 = requests.iter().filter(|r| r.status == Some(429)).count();
    report.faults_injected = requests.iter().filter(|r| r.fault.is_some()).count();
    report.token_requests = sim.state().token_requests();
    report.met_429 = met_429.load(Ordering::Relaxed);
    report.panics = PANICS.load(Ordering::SeqCst) - panics_before;
    sim.shutdown().await;
    report
}

/// A failed write that a caller can act on: the client does not resend a note after a
/// failure that may have happened after the server acted, so these reach the caller.
fn is_typed_write_failure(error: &Error) -> bool {
    match error {
        Error::Api(api) => api.status() >= 500,
        Error::Transport(_) | Error::RateLimited(_) | Error::DeadlineExceeded(_) => true,
        _ => false,
    }
}

/// How many times the simulator holds each note marker of this storm.
fn markers_held(
    sim: &RunningSimulator,
    conversations: &[ConversationId],
    seed: u64,
) -> HashMap<String, usize> {
    let prefix = format!("storm-{seed}-");
    let mut held = HashMap::new();
    for conversation in conversations {
        for thread in sim.state().threads(conversation.get()).unwrap_or_default() {
            let Some(body) = thread.body else { continue };
            // The marker, wherever the simulator put it in the body (it may wrap text).
            if let Some(at) = body.find(&prefix) {
                let marker: String = body[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                *held.entry(marker).or_insert(0) += 1;
            }
        }
    }
    held
}

/// Every `every`, revokes each access token that was already live a tick ago (so every
/// token dies within two ticks of its issue, but none the instant it is issued), until told
/// to stop.
fn revoke_tokens(
    sim: &RunningSimulator,
    every: Duration,
    stop: Arc<AtomicBool>,
) -> impl std::future::Future<Output = ()> + use<> {
    let state = sim.state();
    async move {
        let mut live = state.live_access_tokens();
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(every).await;
            for token in &live {
                state.set_token_expiry(token, Duration::ZERO);
            }
            live = state.live_access_tokens();
        }
    }
}

/// Shrinks the account's budget for the configured stretch once the run is that far along,
/// then gives it back.
fn squeeze_budget(
    sim: &RunningSimulator,
    config: StormConfig,
    done: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
) -> impl std::future::Future<Output = ()> + use<> {
    let state = sim.state();
    async move {
        let from = (config.requests as f64 * config.squeeze_at) as usize;
        while !stop.load(Ordering::SeqCst) && done.load(Ordering::SeqCst) < from {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        state.reset_rate_limit();
        state.set_rate_limit_per_minute(Some(config.squeezed_budget));
        tokio::time::sleep(config.squeeze_for).await;
        state.set_rate_limit_per_minute(Some(config.budget));
    }
}
