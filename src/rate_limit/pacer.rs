//! [`Pacer`]: the one rate controller of a client, shared by every request of it and of its
//! clones, so that N concurrent requests never each decide alone.
//!
//! It keeps a log of the budget units spent: a request enters it when it is admitted (in
//! flight) and leaves it a window after its answer, which is the latest moment the server
//! could still count it. A request is admitted while the log holds room for its cost (writes
//! cost two), so no interval of one window ever holds more than the budget, whatever the
//! alignment of Help Scout's own window. The responses correct the log:
//!
//! - `X-RateLimit-Limit-Minute` gives the budget;
//! - when `X-RateLimit-Remaining-Minute` shows that the server counts fewer of the earlier
//!   requests than the log does, its window has moved on, and the oldest of them are
//!   released at once (so the client follows a fixed window exactly instead of waiting a
//!   whole window after each answer);
//! - when it shows more, someone else spends the budget too, and the difference is logged;
//! - a 429 pauses every request until `X-RateLimit-Retry-After` (bounded by the policy),
//!   once, and releases everything answered before it at the same moment.
//!
//! The pacer also measures latency, from which [`Pacer::suggested_concurrency`] tells an
//! export how many requests to keep in flight to use the budget and no more.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use futures_util::future::select;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::RateLimitFigures;
use crate::events::{Event, EventHook};

/// Help Scout's window: the budget is per minute.
pub(crate) const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// The most requests an automatic export keeps in flight.
pub(crate) const MAX_AUTO_CONCURRENCY: usize = 32;

/// Concurrency an automatic export starts with, before latency and budget are known.
const START_CONCURRENCY: usize = 2;

/// The weight of a new latency sample in the moving average.
const LATENCY_WEIGHT: f64 = 0.2;

/// One request's claim on the budget.
#[derive(Debug)]
struct Entry {
    /// 0 for units spent by someone else (learned from the headers).
    id: u64,
    cost: u32,
    /// When the answer arrived; `None` while in flight.
    answered: Option<Instant>,
    /// When the units stop counting; `None` while in flight.
    expires: Option<Instant>,
}

#[derive(Debug, Default)]
struct State {
    /// The budget per window, once a response has said it.
    limit: Option<u32>,
    /// In admission order, so that entries mostly expire from the front.
    entries: VecDeque<Entry>,
    /// The sum of the entries' costs.
    used: u64,
    next_id: u64,
    /// Every request waits until then (a 429's announced wait).
    paused_until: Option<Instant>,
    /// Whether a pause was announced and its end not yet.
    pause_announced: bool,
    /// The figures of the newest response, for `Client::rate_limit`.
    latest: Option<RateLimitFigures>,
    /// Moving average of the time from sending to answer.
    latency: Option<Duration>,
}

impl State {
    fn used(&self) -> u64 {
        self.used
    }

    fn push(&mut self, entry: Entry) {
        self.used += u64::from(entry.cost);
        self.entries.push_back(entry);
    }

    /// Drops the expired entries at the front: cheap enough for every admission, since
    /// entries expire about in the order they were admitted.
    fn prune_front(&mut self, now: Instant) {
        while let Some(front) = self.entries.front()
            && front.expires.is_some_and(|expires| expires <= now)
        {
            self.used -= u64::from(front.cost);
            self.entries.pop_front();
        }
    }

    /// Drops every expired entry, wherever it is.
    fn prune(&mut self, now: Instant) {
        let mut freed = 0;
        self.entries.retain(|entry| {
            let keep = entry.expires.is_none_or(|expires| expires > now);
            if !keep {
                freed += u64::from(entry.cost);
            }
            keep
        });
        self.used -= freed;
    }

    /// When enough units will have expired for `need` more to fit; `None` when the answered
    /// requests cannot free that much (the rest is in flight: wait for an answer instead).
    fn room_at(&self, need: u64) -> Option<Instant> {
        let mut expiries: Vec<(Instant, u32)> = self
            .entries
            .iter()
            .filter_map(|entry| Some((entry.expires?, entry.cost)))
            .collect();
        expiries.sort_unstable_by_key(|(at, _)| *at);
        let mut freed = 0_u64;
        for (at, cost) in expiries {
            freed += u64::from(cost);
            if freed >= need {
                return Some(at);
            }
        }
        None
    }
}

/// What [`Pacer::try_admit`] decided.
enum Admission {
    Admitted {
        id: u64,
        resumed: bool,
    },
    /// Try again at this instant, or earlier when an answer frees room.
    Wait {
        until: Instant,
    },
}

/// The rate controller of one client and its clones; see the module docs.
pub(crate) struct Pacer {
    /// Whether requests are held back at all; the figures are kept either way.
    enabled: bool,
    window: Duration,
    state: Mutex<State>,
    changed: Notify,
    events: Option<EventHook>,
}

/// An admitted request's place in the log. Dropping it without [`Pacer::finish`] (a call
/// cancelled or timed out mid-flight) counts the request as answered then: it may have
/// reached the server.
#[derive(Debug)]
pub(crate) struct Ticket {
    pacer: Arc<Pacer>,
    /// The entry in the log; 0 when the request was not logged (pacing off, budget unknown).
    id: u64,
    sent: Instant,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.id != 0 {
            self.pacer.settle(self.id, Instant::now());
        }
    }
}

impl std::fmt::Debug for Pacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacer")
            .field("enabled", &self.enabled)
            .field("window", &self.window)
            .field("state", &*self.lock())
            .finish_non_exhaustive()
    }
}

impl Pacer {
    pub(crate) fn new(enabled: bool, window: Duration, events: Option<EventHook>) -> Self {
        Self {
            enabled,
            window: window.max(Duration::from_millis(1)),
            state: Mutex::default(),
            changed: Notify::new(),
            events,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, event: &Event<'_>) {
        if let Some(hook) = &self.events {
            hook(event);
        }
    }

    /// The figures of the newest response that had any.
    pub(crate) fn latest(&self) -> Option<RateLimitFigures> {
        self.lock().latest.clone()
    }

    /// Waits until a request of `cost` units may go out and reserves them. Never waits
    /// longer than `cap` in all: past it the request goes out anyway, and a 429 then says
    /// what the server thinks.
    pub(crate) async fn admit(
        self: &Arc<Self>,
        cost: u32,
        cap: Duration,
        operation: &str,
    ) -> Ticket {
        if !self.enabled {
            return Ticket {
                pacer: Arc::clone(self),
                id: 0,
                sent: Instant::now(),
            };
        }
        let started = Instant::now();
        let give_up = started.checked_add(cap);
        let mut announced = false;
        loop {
            // Created before the check, so that an answer arriving in between still wakes us.
            let changed = self.changed.notified();
            let now = Instant::now();
            let forced = give_up.is_some_and(|at| now >= at);
            match self.try_admit(cost, now, forced) {
                Admission::Admitted { id, resumed } => {
                    if resumed {
                        self.emit(&Event::RateLimitResumed);
                    }
                    return Ticket {
                        pacer: Arc::clone(self),
                        id,
                        sent: now,
                    };
                }
                Admission::Wait { until } => {
                    let until = give_up.map_or(until, |at| until.min(at));
                    if !announced {
                        announced = true;
                        tracing::debug!(
                            operation,
                            wait_ms = until.saturating_duration_since(now).as_millis() as u64,
                            "waiting for the rate limit"
                        );
                        self.emit(&Event::Paced {
                            operation,
                            wait: until.saturating_duration_since(now),
                        });
                    }
                    let sleep = std::pin::pin!(tokio::time::sleep_until(until));
                    let changed = std::pin::pin!(changed);
                    let _woken = select(sleep, changed).await;
                }
            }
        }
    }

    fn try_admit(&self, cost: u32, now: Instant, forced: bool) -> Admission {
        let mut state = self.lock();
        state.prune_front(now);
        if let Some(until) = state.paused_until {
            if until > now && !forced {
                return Admission::Wait { until };
            }
            state.paused_until = None;
        }
        let resumed = std::mem::take(&mut state.pause_announced);
        if let Some(limit) = state.limit {
            if state.used() + u64::from(cost) > u64::from(limit) {
                // Entries released out of order may still sit behind the front.
                state.prune(now);
            }
            let used = state.used();
            let fits = used + u64::from(cost) <= u64::from(limit) || used == 0;
            if !fits && !forced {
                // Fall back to a window from now: an answer wakes the waiter sooner.
                let need = used + u64::from(cost) - u64::from(limit);
                let until = state.room_at(need).unwrap_or(now + self.window);
                state.pause_announced = resumed;
                return Admission::Wait { until };
            }
        }
        // Logged even while the budget is unknown: once an answer tells it, what went out
        // before counts too.
        state.next_id += 1;
        let id = state.next_id;
        state.push(Entry {
            id,
            cost,
            answered: None,
            expires: None,
        });
        Admission::Admitted { id, resumed }
    }

    /// Records the answer to an admitted request: its status (`None` when no answer came)
    /// and its rate-limit figures; `retry_after_cap` bounds a 429's pause.
    pub(crate) fn finish(
        &self,
        mut ticket: Ticket,
        status: Option<u16>,
        figures: Option<RateLimitFigures>,
        retry_after_cap: Duration,
    ) {
        let id = std::mem::take(&mut ticket.id);
        let sent = ticket.sent;
        let now = Instant::now();
        let limited = status == Some(429);
        let figures = if limited {
            figures.map(|figures| figures.with_retry_after_at_most(retry_after_cap))
        } else {
            figures.and_then(RateLimitFigures::without_retry_after)
        };
        let mut state = self.lock();
        let sample = now.saturating_duration_since(sent);
        state.latency = Some(match state.latency {
            None => sample,
            Some(average) => average.mul_f64(1.0 - LATENCY_WEIGHT) + sample.mul_f64(LATENCY_WEIGHT),
        });
        let logged = id != 0 && self.answered(&mut state, id, now, limited);
        if let Some(figures) = figures {
            if let Some(limit) = figures.limit_per_minute().filter(|limit| *limit > 0) {
                state.limit = Some(limit);
            }
            if limited {
                if let Some(wait) = figures.retry_after().filter(|wait| !wait.is_zero()) {
                    self.pause(&mut state, now, wait);
                }
            } else if let (Some(limit), Some(remaining), true) =
                (state.limit, figures.remaining(), logged)
            {
                self.correct(&mut state, now, id, sent, limit.saturating_sub(remaining));
            }
            let newer = state
                .latest
                .as_ref()
                .is_none_or(|known| known.observed_at() <= figures.observed_at());
            if newer {
                state.latest = Some(figures);
            }
        }
        drop(state);
        self.changed.notify_waiters();
    }

    /// Marks entry `id` answered at `now`, or removes it when the server rejected it
    /// unprocessed (a 429 costs nothing). Returns whether it is still in the log.
    fn answered(&self, state: &mut State, id: u64, now: Instant, rejected: bool) -> bool {
        let Some(at) = state.entries.iter().position(|entry| entry.id == id) else {
            return false;
        };
        if rejected {
            if let Some(entry) = state.entries.remove(at) {
                state.used -= u64::from(entry.cost);
            }
            return false;
        }
        let entry = &mut state.entries[at];
        entry.answered = Some(now);
        entry.expires = Some(now + self.window);
        true
    }

    /// A dropped ticket: the request may have reached the server, so it counts a window
    /// from now.
    fn settle(&self, id: u64, now: Instant) {
        let mut state = self.lock();
        if let Some(entry) = state.entries.iter_mut().find(|entry| entry.id == id)
            && entry.expires.is_none()
        {
            entry.answered = Some(now);
            entry.expires = Some(now + self.window);
        }
        drop(state);
        self.changed.notify_waiters();
    }

    /// Pauses every request for `wait` from `now`: the server's window ends then, so what
    /// was answered before counts no longer than that.
    fn pause(&self, state: &mut State, now: Instant, wait: Duration) {
        let until = now + wait;
        if state.paused_until.is_none_or(|known| known < until) {
            state.paused_until = Some(until);
        }
        for entry in &mut state.entries {
            if let Some(expires) = entry.expires.as_mut() {
                *expires = (*expires).min(until);
            }
        }
        if !state.pause_announced {
            state.pause_announced = true;
            tracing::info!(
                wait_ms = wait.as_millis() as u64,
                "rate limited: pausing every request"
            );
            self.emit(&Event::RateLimitPaused { wait });
        }
    }

    /// Reconciles the log with the `server_used` units the server counted when it answered
    /// request `id`, sent at `sent`.
    fn correct(&self, state: &mut State, now: Instant, id: u64, sent: Instant, server_used: u32) {
        let server_used = u64::from(server_used);
        // Units the server must have counted, had its window not moved: those answered
        // before this request was sent, and this request itself.
        let earlier: u64 = state
            .entries
            .iter()
            .filter(|entry| entry.id == id || entry.answered.is_some_and(|at| at <= sent))
            .map(|entry| u64::from(entry.cost))
            .sum();
        if server_used < earlier {
            // The server's window moved on: its count no longer holds the oldest of them.
            let mut release = earlier - server_used;
            for entry in &mut state.entries {
                if release == 0 {
                    break;
                }
                if entry.answered.is_some_and(|at| at <= sent) {
                    entry.expires = Some(now);
                    release = release.saturating_sub(u64::from(entry.cost));
                }
            }
            state.prune(now);
        }
        let ours = state.used();
        if server_used > ours {
            // Someone else spends this account's budget too.
            let cost = u32::try_from(server_used - ours).unwrap_or(u32::MAX);
            state.push(Entry {
                id: 0,
                cost,
                answered: Some(now),
                expires: Some(now + self.window),
            });
        }
    }

    /// Whether a 429 has paused every request right now.
    pub(crate) fn is_paused(&self) -> bool {
        self.lock()
            .paused_until
            .is_some_and(|until| until > Instant::now())
    }

    /// How many requests an export should keep in flight: enough to cover the latency at
    /// the pace the budget allows (budget per second × latency), plus one so that the pipe
    /// never runs dry, and no more, since more would only wait in the pacer. Before the
    /// figures and a latency are known: a small start.
    pub(crate) fn suggested_concurrency(&self) -> usize {
        let state = self.lock();
        let Some(latency) = state.latency else {
            return START_CONCURRENCY;
        };
        let Some(limit) = state.limit else {
            // No budget to respect: latency alone decides, up to the ceiling.
            return MAX_AUTO_CONCURRENCY;
        };
        let per_second = f64::from(limit) / self.window.as_secs_f64();
        let in_flight = (per_second * latency.as_secs_f64()).ceil();
        // Saturating float-to-int conversion; NaN is 0.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let in_flight = in_flight as usize;
        (in_flight + 1).clamp(1, MAX_AUTO_CONCURRENCY)
    }
}

#[cfg(test)]
mod tests;
