//! The pacer against a fake Help Scout with a fixed-window budget, under tokio's paused
//! clock: time jumps over the waits, so elapsed times are exact and nothing sleeps for real.

use std::sync::Mutex as StdMutex;

use super::*;

const MS: fn(u64) -> Duration = Duration::from_millis;

/// A fixed-window budget as the simulator keeps it: the window starts with the first request
/// after the last one ended.
struct FixedWindow {
    limit: u32,
    window: Duration,
    start: Option<Instant>,
    used: u32,
    accepted: u32,
    rejected: u32,
}

impl FixedWindow {
    fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            start: None,
            used: 0,
            accepted: 0,
            rejected: 0,
        }
    }

    /// A request of `cost` arrives now: its status and the figures of the answer.
    fn arrive(&mut self, cost: u32) -> (u16, RateLimitFigures) {
        let now = Instant::now();
        if self.start.is_none_or(|start| now >= start + self.window) {
            self.start = Some(now);
            self.used = 0;
        }
        let observed_at = now.into_std();
        if self.used + cost > self.limit {
            self.rejected += 1;
            let end = self.start.unwrap_or(now) + self.window;
            let seconds = end
                .saturating_duration_since(now)
                .as_secs_f64()
                .ceil()
                .max(1.0);
            let figures = RateLimitFigures {
                limit_per_minute: Some(self.limit),
                remaining: Some(0),
                retry_after: Some(Duration::from_secs_f64(seconds)),
                observed_at,
            };
            return (429, figures);
        }
        self.used += cost;
        self.accepted += 1;
        let figures = RateLimitFigures {
            limit_per_minute: Some(self.limit),
            remaining: Some(self.limit - self.used),
            retry_after: None,
            observed_at,
        };
        (200, figures)
    }
}

/// Sends one request through `pacer` to `server` with `latency` split evenly on the way
/// there and back, retrying 429s as the client does; returns how many attempts it took.
async fn request(
    pacer: &Arc<Pacer>,
    server: &StdMutex<FixedWindow>,
    cost: u32,
    latency: Duration,
) -> u32 {
    let cap = Duration::from_secs(120);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let ticket = pacer.admit(cost, cap, "test").await;
        tokio::time::sleep(latency / 2).await;
        let (status, figures) = server.lock().unwrap().arrive(cost);
        tokio::time::sleep(latency / 2).await;
        pacer.finish(ticket, Some(status), Some(figures), cap);
        if status != 429 {
            return attempts;
        }
    }
}

/// Runs `streams` concurrent streams of `each` requests; returns the elapsed time.
async fn export(
    pacer: &Arc<Pacer>,
    server: &Arc<StdMutex<FixedWindow>>,
    streams: usize,
    each: usize,
    latency: Duration,
) -> Duration {
    let started = Instant::now();
    let tasks: Vec<_> = (0..streams)
        .map(|_| {
            let (pacer, server) = (Arc::clone(pacer), Arc::clone(server));
            tokio::spawn(async move {
                for _ in 0..each {
                    request(&pacer, &server, 1, latency).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    started.elapsed()
}

#[tokio::test(start_paused = true)]
async fn concurrent_streams_share_one_budget_and_never_exceed_it() {
    // 20 requests a second; 240 requests; the bound is 240 / 20 = 12 s.
    for streams in [1, 2, 4, 8, 16, 24] {
        let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), None));
        let server = Arc::new(StdMutex::new(FixedWindow::new(20, Duration::from_secs(1))));
        // The first answer teaches the budget; from then on nothing may be rejected.
        request(&pacer, &server, 1, MS(30)).await;
        let elapsed = export(&pacer, &server, streams, 240 / streams, MS(30)).await;
        let server = server.lock().unwrap();
        assert_eq!(server.rejected, 0, "{streams} streams");
        assert_eq!(server.accepted, 241, "{streams} streams");
        let bound = Duration::from_secs(12);
        if streams >= 2 {
            // Latency (30 ms a request) does not bind from two streams on.
            assert!(
                elapsed <= bound.mul_f64(1.05),
                "{streams} streams: {elapsed:?}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn writes_cost_two() {
    let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), None));
    let server = Arc::new(StdMutex::new(FixedWindow::new(10, Duration::from_secs(1))));
    request(&pacer, &server, 1, MS(10)).await;
    let started = Instant::now();
    for _ in 0..20 {
        request(&pacer, &server, 2, MS(10)).await;
    }
    // 40 units at 10 a window: about four windows, none rejected.
    assert_eq!(server.lock().unwrap().rejected, 0);
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_every_request_once_and_all_complete() {
    let events = Arc::new(StdMutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let hook: EventHook = Arc::new(move |event: &Event<'_>| {
        if !matches!(event, Event::Paced { .. }) {
            seen.lock().unwrap().push(format!("{event:?}"));
        }
    });
    let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), Some(hook)));
    // The pacer knows no budget yet, so the first burst of 8 runs into a budget of 5.
    let server = Arc::new(StdMutex::new(FixedWindow::new(5, Duration::from_secs(1))));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (pacer, server) = (Arc::clone(&pacer), Arc::clone(&server));
            tokio::spawn(async move { request(&pacer, &server, 1, MS(20)).await })
        })
        .collect();
    let mut attempts = 0;
    for task in tasks {
        attempts += task.await.unwrap();
    }
    let server = server.lock().unwrap();
    assert_eq!(server.accepted, 8);
    // The three rejected once each, and only once: the pause held them all.
    assert_eq!(server.rejected, 3);
    assert_eq!(attempts, 11);
    assert_eq!(
        *events.lock().unwrap(),
        vec![
            "RateLimitPaused { wait: 1s }".to_owned(),
            "RateLimitResumed".to_owned()
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn another_spender_of_the_budget_is_accounted_for() {
    let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), None));
    let server = Arc::new(StdMutex::new(FixedWindow::new(10, Duration::from_secs(1))));
    request(&pacer, &server, 1, MS(10)).await;
    // Someone else spends 8 units of this window.
    server.lock().unwrap().used += 8;
    request(&pacer, &server, 1, MS(10)).await;
    // The answer said 10 used; only the budget's last unit remains, then a wait.
    assert_eq!(pacer.lock().used(), 10);
    let before = Instant::now();
    request(&pacer, &server, 1, MS(10)).await;
    assert_eq!(server.lock().unwrap().rejected, 0);
    assert!(before.elapsed() >= MS(900), "{:?}", before.elapsed());
}

#[tokio::test(start_paused = true)]
async fn a_dropped_ticket_still_counts() {
    let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), None));
    let server = Arc::new(StdMutex::new(FixedWindow::new(1, Duration::from_secs(1))));
    request(&pacer, &server, 1, MS(10)).await;
    let ticket = pacer.admit(1, Duration::from_secs(60), "test").await;
    drop(ticket);
    // The dropped request counts: the next one waits for the window.
    let before = Instant::now();
    let _ticket = pacer.admit(1, Duration::from_secs(60), "test").await;
    assert!(before.elapsed() >= MS(900), "{:?}", before.elapsed());
}

#[tokio::test(start_paused = true)]
async fn no_wait_is_longer_than_the_cap() {
    let pacer = Arc::new(Pacer::new(true, Duration::from_secs(60), None));
    let server = Arc::new(StdMutex::new(FixedWindow::new(1, Duration::from_secs(60))));
    request(&pacer, &server, 1, MS(10)).await;
    let _in_flight = pacer.admit(1, Duration::from_secs(2), "test").await;
    let before = Instant::now();
    let _ticket = pacer.admit(1, Duration::from_secs(2), "test").await;
    assert_eq!(before.elapsed(), Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn disabled_pacing_admits_at_once_and_keeps_the_figures() {
    let pacer = Arc::new(Pacer::new(false, Duration::from_secs(1), None));
    let server = Arc::new(StdMutex::new(FixedWindow::new(1, Duration::from_secs(1))));
    let before = Instant::now();
    for _ in 0..3 {
        let ticket = pacer.admit(1, Duration::from_secs(60), "test").await;
        let (status, figures) = server.lock().unwrap().arrive(1);
        pacer.finish(ticket, Some(status), Some(figures), Duration::from_secs(60));
    }
    assert_eq!(before.elapsed(), Duration::ZERO);
    assert_eq!(server.lock().unwrap().rejected, 2);
    assert_eq!(pacer.latest().unwrap().remaining(), Some(0));
}

#[tokio::test(start_paused = true)]
async fn suggested_concurrency_covers_the_latency_at_the_budget_pace() {
    // (budget per 1 s window, latency, expected): budget × latency in flight, plus one.
    for (limit, latency, expected) in [
        (100, MS(45), 6),
        (67, MS(30), 4),
        (20, MS(30), 2),
        (1_000, MS(100), MAX_AUTO_CONCURRENCY),
    ] {
        let pacer = Arc::new(Pacer::new(true, Duration::from_secs(1), None));
        assert_eq!(pacer.suggested_concurrency(), START_CONCURRENCY);
        let server = Arc::new(StdMutex::new(FixedWindow::new(
            limit,
            Duration::from_secs(1),
        )));
        for _ in 0..5 {
            request(&pacer, &server, 1, latency).await;
        }
        assert_eq!(
            pacer.suggested_concurrency(),
            expected,
            "{limit} {latency:?}"
        );
    }
    // Without a budget, latency alone decides: the ceiling.
    let pacer = Arc::new(Pacer::new(false, Duration::from_secs(1), None));
    let ticket = pacer.admit(1, Duration::from_secs(1), "test").await;
    pacer.finish(ticket, Some(200), None, Duration::from_secs(1));
    assert_eq!(pacer.suggested_concurrency(), MAX_AUTO_CONCURRENCY);
}
