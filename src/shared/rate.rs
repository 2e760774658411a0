//! [`RedisRate`]: the rate controller whose budget every process of an account shares, in
//! Redis, behind the same [`RateControl`] interface as the in-process pacer.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use futures_util::future::select;
use redis::aio::ConnectionManager;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::RedisCoordinator;
use crate::events::{Event, EventHook};
use crate::rate_limit::{
    AdmitFuture, Claim, FinishFuture, Pacer, Permit, RateControl, RateLimitFigures,
};

static ADMIT: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(include_str!("admit.lua")));
static FINISH: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(include_str!("finish.lua")));
static SETTLE: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(include_str!("settle.lua")));

/// While Redis is unavailable, how often a request tries it again before pacing alone.
const RETRY_REDIS_EVERY: Duration = Duration::from_secs(1);

/// The longest a waiting request goes without asking Redis again, as a share of the window:
/// an answer in another process may free room before the time the script announced.
const POLL_SHARE_OF_WINDOW: u32 = 50;
const POLL_MIN: Duration = Duration::from_millis(5);
const POLL_MAX: Duration = Duration::from_millis(100);

/// The keys of one account's budget.
#[derive(Debug)]
struct Keys {
    log: String,
    inflight: String,
    pause: String,
    limit: String,
}

/// The shared rate controller of one client; see the `shared` module docs.
pub(crate) struct RedisRate {
    inner: Arc<Inner>,
}

struct Inner {
    connection: ConnectionManager,
    keys: Keys,
    window: Duration,
    /// How long an unanswered request counts at most (a process that died mid-request).
    hold: Duration,
    /// Measures latency and keeps the latest figures; admits everything at once.
    meter: Arc<Pacer>,
    /// Paces this process alone while Redis is unavailable.
    fallback: Arc<Pacer>,
    /// `None` while Redis answers; otherwise when to try it again.
    outage: Mutex<Option<Instant>>,
    /// When the newest pause this process knows of ends.
    paused_until: Mutex<Option<Instant>>,
    pause_announced: AtomicBool,
    /// Unique per process and client, for the log's members.
    id: u64,
    next: AtomicU64,
    /// Woken when a request of this process is answered: room may have come free.
    changed: Notify,
    events: Option<EventHook>,
}

impl fmt::Debug for RedisRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRate")
            .field("keys", &self.inner.keys)
            .field("window", &self.inner.window)
            .field("fallback", &self.inner.fallback)
            .finish_non_exhaustive()
    }
}

/// What the admission script said.
enum Verdict {
    Admitted,
    Wait { wait: Duration, paused: bool },
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl RedisRate {
    /// A controller on `redis` for a window of `window`; `timeout` is the longest a request
    /// may stay unanswered, after which its units stop counting even if no answer is
    /// recorded (its process died).
    pub(crate) fn new(
        redis: &RedisCoordinator,
        window: Duration,
        timeout: Duration,
        events: Option<EventHook>,
    ) -> Self {
        let window = window.max(Duration::from_millis(1));
        Self {
            inner: Arc::new(Inner {
                connection: redis.connection(),
                keys: Keys {
                    log: redis.key("rate:log"),
                    inflight: redis.key("rate:inflight"),
                    pause: redis.key("rate:pause"),
                    limit: redis.key("rate:limit"),
                },
                window,
                hold: window.saturating_add(timeout),
                meter: Arc::new(Pacer::new(false, window, None)),
                fallback: Arc::new(Pacer::new(true, window, events.clone())),
                outage: Mutex::new(None),
                paused_until: Mutex::new(None),
                pause_announced: AtomicBool::new(false),
                id: rand::random(),
                next: AtomicU64::new(0),
                changed: Notify::new(),
                events,
            }),
        }
    }
}

impl Inner {
    fn emit(&self, event: &Event<'_>) {
        if let Some(hook) = &self.events {
            hook(event);
        }
    }

    /// Whether Redis should be asked now: it answers, or the last failure is old enough.
    fn redis_usable(&self) -> bool {
        let outage = self.outage.lock().unwrap_or_else(PoisonError::into_inner);
        outage.is_none_or(|retry_at| Instant::now() >= retry_at)
    }

    fn redis_failed(&self, error: &redis::RedisError) {
        let mut outage = self.outage.lock().unwrap_or_else(PoisonError::into_inner);
        if outage.is_none() {
            tracing::warn!(
                %error,
                "Redis is unavailable: pacing this process on its own until it is back"
            );
        }
        *outage = Some(Instant::now() + RETRY_REDIS_EVERY);
    }

    fn redis_answered(&self) {
        let mut outage = self.outage.lock().unwrap_or_else(PoisonError::into_inner);
        if outage.take().is_some() {
            tracing::info!("Redis is back: pacing with the other processes again");
        }
    }

    fn member(&self, cost: u32) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{cost}:{:016x}-{n}", self.id)
    }

    async fn ask(&self, member: &str, cost: u32, forced: bool) -> redis::RedisResult<Verdict> {
        let mut connection = self.connection.clone();
        let (admitted, wait, paused): (i64, i64, i64) = ADMIT
            .key(&self.keys.log)
            .key(&self.keys.inflight)
            .key(&self.keys.pause)
            .key(&self.keys.limit)
            .arg(member)
            .arg(cost)
            .arg(millis(self.window))
            .arg(millis(self.hold))
            .arg(if forced { "1" } else { "0" })
            .invoke_async(&mut connection)
            .await?;
        Ok(if admitted == 1 {
            Verdict::Admitted
        } else {
            Verdict::Wait {
                wait: Duration::from_millis(u64::try_from(wait).unwrap_or(1).max(1)),
                paused: paused == 1,
            }
        })
    }

    fn note_pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut paused = self
            .paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if paused.is_none_or(|known| known < until) {
            *paused = Some(until);
        }
        drop(paused);
        if !self.pause_announced.swap(true, Ordering::AcqRel) {
            tracing::info!(
                wait_ms = millis(wait),
                "rate limited: pausing every process"
            );
            self.emit(&Event::RateLimitPaused { wait });
        }
    }

    async fn admit(self: &Arc<Self>, cost: u32, cap: Duration, operation: &str) -> Permit {
        let started = Instant::now();
        let give_up = started.checked_add(cap);
        let poll = (self.window / POLL_SHARE_OF_WINDOW).clamp(POLL_MIN, POLL_MAX);
        let member = self.member(cost);
        let mut announced = false;
        loop {
            let changed = self.changed.notified();
            let now = Instant::now();
            if !self.redis_usable() {
                let left = give_up.map_or(cap, |at| at.saturating_duration_since(now));
                let ticket = Pacer::admit(&self.fallback, cost, left, operation).await;
                return Permit::local(ticket);
            }
            let forced = give_up.is_some_and(|at| now >= at);
            match self.ask(&member, cost, forced).await {
                Err(error) => self.redis_failed(&error),
                Ok(Verdict::Admitted) => {
                    self.redis_answered();
                    if self.pause_announced.swap(false, Ordering::AcqRel) {
                        self.emit(&Event::RateLimitResumed);
                    }
                    let ticket = Pacer::admit(&self.meter, cost, cap, operation).await;
                    let settle = Arc::clone(self);
                    return Permit {
                        ticket,
                        claim: Some(Claim {
                            member,
                            on_drop: Some(Box::new(move |member| settle.settle(member))),
                        }),
                    };
                }
                Ok(Verdict::Wait { wait, paused }) => {
                    self.redis_answered();
                    if paused {
                        self.note_pause(wait);
                    }
                    if !announced {
                        announced = true;
                        tracing::debug!(
                            operation,
                            wait_ms = millis(wait),
                            "waiting for the shared rate limit"
                        );
                        self.emit(&Event::Paced { operation, wait });
                    }
                    let mut until = now + wait.min(poll);
                    if let Some(at) = give_up {
                        until = until.min(at);
                    }
                    let sleep = std::pin::pin!(tokio::time::sleep_until(until));
                    let changed = std::pin::pin!(changed);
                    let _woken = select(sleep, changed).await;
                }
            }
        }
    }

    async fn finish(
        &self,
        permit: Permit,
        status: Option<u16>,
        figures: Option<RateLimitFigures>,
        cap: Duration,
    ) {
        let Permit { ticket, claim } = permit;
        let Some(mut claim) = claim else {
            // Admitted by the fallback while Redis was away.
            Pacer::finish(&self.fallback, ticket, status, figures, cap);
            return;
        };
        claim.on_drop = None;
        let member = std::mem::take(&mut claim.member);
        let limited = status == Some(429);
        let retry_after = figures
            .as_ref()
            .and_then(RateLimitFigures::retry_after)
            .filter(|_| limited)
            .map(|wait| wait.min(cap))
            .filter(|wait| !wait.is_zero());
        let limit = figures
            .as_ref()
            .and_then(RateLimitFigures::limit_per_minute);
        let remaining = figures.as_ref().and_then(RateLimitFigures::remaining);
        Pacer::finish(&self.meter, ticket, status, figures, cap);
        if let Some(wait) = retry_after {
            self.note_pause(wait);
        }
        let status = match status {
            Some(429) => "429",
            Some(_) => "ok",
            None => "none",
        };
        let spent_by_others = format!(
            "{:016x}-{}",
            self.id,
            self.next.fetch_add(1, Ordering::Relaxed)
        );
        let mut connection = self.connection.clone();
        let recorded = FINISH
            .key(&self.keys.log)
            .key(&self.keys.inflight)
            .key(&self.keys.pause)
            .key(&self.keys.limit)
            .arg(&member)
            .arg(status)
            .arg(millis(self.window))
            .arg(limit.map(|limit| limit.to_string()).unwrap_or_default())
            .arg(remaining.map(|left| left.to_string()).unwrap_or_default())
            .arg(
                retry_after
                    .map(|wait| millis(wait).to_string())
                    .unwrap_or_default(),
            )
            .arg(spent_by_others)
            .arg(millis(self.hold))
            .invoke_async::<i64>(&mut connection)
            .await;
        match recorded {
            Ok(_) => self.redis_answered(),
            Err(error) => self.redis_failed(&error),
        }
        self.changed.notify_waiters();
    }

    /// A permit dropped unfinished: its entry counts a window from now. Done in a task of
    /// its own, since a drop cannot wait; without a runtime the entry expires by itself.
    fn settle(self: Arc<Self>, member: String) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            let mut connection = self.connection.clone();
            let settled = SETTLE
                .key(&self.keys.log)
                .key(&self.keys.inflight)
                .arg(&member)
                .arg(millis(self.window))
                .invoke_async::<i64>(&mut connection)
                .await;
            if let Err(error) = settled {
                self.redis_failed(&error);
            }
            self.changed.notify_waiters();
        });
    }
}

impl RateControl for RedisRate {
    fn admit<'a>(&'a self, cost: u32, cap: Duration, operation: &'a str) -> AdmitFuture<'a> {
        Box::pin(self.inner.admit(cost, cap, operation))
    }

    fn finish(
        &self,
        permit: Permit,
        status: Option<u16>,
        figures: Option<RateLimitFigures>,
        cap: Duration,
    ) -> FinishFuture<'_> {
        Box::pin(self.inner.finish(permit, status, figures, cap))
    }

    fn latest(&self) -> Option<RateLimitFigures> {
        let measured = Pacer::latest(&self.inner.meter);
        let alone = Pacer::latest(&self.inner.fallback);
        match (measured, alone) {
            (Some(a), Some(b)) => Some(if a.observed_at() >= b.observed_at() {
                a
            } else {
                b
            }),
            (a, b) => a.or(b),
        }
    }

    fn is_paused(&self) -> bool {
        let paused = self
            .inner
            .paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some_and(|until| until > Instant::now());
        paused || Pacer::is_paused(&self.inner.fallback)
    }

    fn suggested_concurrency(&self) -> usize {
        Pacer::suggested_concurrency(&self.inner.meter)
    }
}
