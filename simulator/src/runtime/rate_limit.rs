//! The per-minute rate limit: a budget per one-minute window, writes costing two.
//!
//! Help Scout's docs: the limit is account-wide and per minute; writes (POST, PUT, PATCH,
//! DELETE) count as two requests; every response carries `X-RateLimit-Limit-Minute` and
//! `X-RateLimit-Remaining-Minute`; a request over the budget gets 429 with
//! `X-RateLimit-Retry-After` (seconds) and `{"message":"API rate limit exceeded"}`.
//!
//! The window is fixed: it starts with the first request after the previous one ended and
//! lasts 60 simulated seconds, so `SimulatorState::advance_time` also refills it.

use axum::http::{HeaderMap, HeaderValue, Method};
use chrono::{DateTime, Utc};

use crate::state::lock;

use super::Shared;

/// The current window.
#[derive(Debug, Default)]
pub(crate) struct RateWindow {
    started: Option<DateTime<Utc>>,
    pub(crate) used: u32,
}

impl RateWindow {
    fn roll(&mut self, now: DateTime<Utc>, window_ms: i64) {
        match self.started {
            Some(start) if (now - start).num_milliseconds() < window_ms => {}
            _ => {
                self.started = Some(now);
                self.used = 0;
            }
        }
    }

    fn retry_after(&self, now: DateTime<Utc>, window_ms: i64) -> i64 {
        let elapsed_ms = self
            .started
            .map(|start| (now - start).num_milliseconds())
            .unwrap_or(0);
        // Whole seconds until the window ends, at least 1.
        (window_ms.saturating_sub(elapsed_ms).saturating_add(999) / 1000).max(1)
    }

    pub(crate) fn reset(&mut self) {
        self.started = None;
        self.used = 0;
    }
}

/// What the rate limit says about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// No limit configured: no headers.
    Unlimited,
    /// Charged; `remaining` after this request.
    Allowed { limit: u32, remaining: u32 },
    /// Over budget: 429.
    Limited { limit: u32, retry_after: i64 },
}

/// What a request costs: writes count double.
pub(crate) fn cost(method: &Method) -> u32 {
    if method == Method::GET || method == Method::HEAD || method == Method::OPTIONS {
        1
    } else {
        2
    }
}

/// Charges a request to the current window.
pub(crate) fn charge(sim: &Shared, method: &Method) -> Verdict {
    let Some(limit) = sim.settings().rate_limit_per_minute else {
        return Verdict::Unlimited;
    };
    let now = sim.now();
    let window_ms = window_ms(sim);
    let mut window = lock(&sim.rate);
    window.roll(now, window_ms);
    let cost = cost(method);
    if window.used.saturating_add(cost) > limit {
        return Verdict::Limited {
            limit,
            retry_after: window.retry_after(now, window_ms),
        };
    }
    window.used += cost;
    Verdict::Allowed {
        limit,
        remaining: limit - window.used,
    }
}

/// The figures without charging anything, for responses to unauthenticated requests.
pub(crate) fn peek(sim: &Shared) -> Verdict {
    let Some(limit) = sim.settings().rate_limit_per_minute else {
        return Verdict::Unlimited;
    };
    let now = sim.now();
    let window_ms = window_ms(sim);
    let mut window = lock(&sim.rate);
    window.roll(now, window_ms);
    Verdict::Allowed {
        limit,
        remaining: limit.saturating_sub(window.used),
    }
}

/// Adds the rate-limit headers for `verdict`.
/// The configured window in milliseconds, at least one.
fn window_ms(sim: &Shared) -> i64 {
    i64::try_from(sim.settings().rate_limit_window.as_millis())
        .unwrap_or(i64::MAX)
        .max(1)
}

pub(crate) fn add_headers(headers: &mut HeaderMap, verdict: Verdict) {
    match verdict {
        Verdict::Unlimited => {}
        Verdict::Allowed { limit, remaining } => {
            headers.insert("X-RateLimit-Limit-Minute", HeaderValue::from(limit));
            headers.insert("X-RateLimit-Remaining-Minute", HeaderValue::from(remaining));
        }
        Verdict::Limited { limit, retry_after } => {
            headers.insert("X-RateLimit-Limit-Minute", HeaderValue::from(limit));
            headers.insert("X-RateLimit-Remaining-Minute", HeaderValue::from(0u32));
            headers.insert("X-RateLimit-Retry-After", HeaderValue::from(retry_after));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_roll_after_a_minute_and_retry_after_counts_down() {
        let t0 = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let mut window = RateWindow::default();
        let minute = 60_000;
        window.roll(t0, minute);
        window.used = 10;
        window.roll(t0 + chrono::Duration::seconds(59), minute);
        assert_eq!(window.used, 10);
        assert_eq!(
            window.retry_after(t0 + chrono::Duration::seconds(20), minute),
            40
        );
        assert_eq!(
            window.retry_after(t0 + chrono::Duration::milliseconds(59_500), minute),
            1
        );
        window.roll(t0 + chrono::Duration::seconds(60), minute);
        assert_eq!(window.used, 0);
        // A scaled-down window rolls as fast, and still asks for a whole second at least.
        window.used = 10;
        window.roll(t0 + chrono::Duration::milliseconds(60_999), 1_000);
        assert_eq!(window.used, 10);
        assert_eq!(
            window.retry_after(t0 + chrono::Duration::milliseconds(60_500), 1_000),
            1
        );
        window.roll(t0 + chrono::Duration::milliseconds(61_000), 1_000);
        assert_eq!(window.used, 0);
        assert_eq!(cost(&Method::GET), 1);
        assert_eq!(cost(&Method::PATCH), 2);
    }
}
