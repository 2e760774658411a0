//! Help Scout's rate limit as the client sees it: the figures of the latest response, and the
//! pacing that slows a long run of requests down before the budget runs out.
//!
//! The limit is per account and per minute, its size depends on the plan, and writes count
//! twice. Every response reports the limit and what is left of it in
//! `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`; a 429 adds
//! `X-RateLimit-Retry-After` (seconds). The client records these figures after each response
//! and consults them before each request, so an export of thousands of conversations spreads
//! its last requests over the minute instead of running into 429s.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use http::{HeaderMap, Method};

use crate::retry::parse_delay_seconds;

/// The rate-limit figures of one Help Scout response.
///
/// Any figure may be missing: Help Scout sends the retry delay only on a 429, and a proxy may
/// strip headers. `Display` gives a one-line summary for a command-line tool:
///
/// ```
/// use std::time::Instant;
/// use helpscout_mailbox::rate_limit::RateLimitFigures;
///
/// let headers = [("X-RateLimit-Limit-Minute", "400"), ("X-RateLimit-Remaining-Minute", "37")];
/// let figures = RateLimitFigures::from_headers(headers, Instant::now()).unwrap();
/// assert_eq!(figures.to_string(), "37/400 left this minute");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimitFigures {
    limit_per_minute: Option<u32>,
    remaining: Option<u32>,
    retry_after: Option<Duration>,
    observed_at: Instant,
}

impl RateLimitFigures {
    /// Reads the figures from a response's headers, given as (name, value) pairs in any case,
    /// so that any header map can be passed. `observed_at` is when the response arrived.
    ///
    /// Returns `None` when no figure could be read, so that a response without the headers
    /// does not erase what an earlier one said. A value that is not a number is ignored; a
    /// negative remaining count reads as zero, since it means the budget is overdrawn.
    pub fn from_headers<I, N, V>(headers: I, observed_at: Instant) -> Option<Self>
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut figures = Self {
            limit_per_minute: None,
            remaining: None,
            retry_after: None,
            observed_at,
        };
        for (name, value) in headers {
            let (name, value) = (name.as_ref(), value.as_ref().trim());
            // A value that does not parse keeps what an earlier header of the same name said.
            if name.eq_ignore_ascii_case("x-ratelimit-limit-minute") {
                figures.limit_per_minute = value.parse::<u32>().ok().or(figures.limit_per_minute);
            } else if name.eq_ignore_ascii_case("x-ratelimit-remaining-minute") {
                figures.remaining = value
                    .parse::<i64>()
                    .ok()
                    .map(|remaining| u32::try_from(remaining.max(0)).unwrap_or(u32::MAX))
                    .or(figures.remaining);
            } else if name.eq_ignore_ascii_case("x-ratelimit-retry-after") {
                figures.retry_after = parse_delay_seconds(value).or(figures.retry_after);
            }
        }
        let any = figures.limit_per_minute.is_some()
            || figures.remaining.is_some()
            || figures.retry_after.is_some();
        any.then_some(figures)
    }

    /// Reads the figures from an `http` header map; values that are not text are skipped.
    pub(crate) fn from_header_map(headers: &HeaderMap, observed_at: Instant) -> Option<Self> {
        let pairs = headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
        Self::from_headers(pairs, observed_at)
    }

    /// The same figures without a retry delay, or `None` when nothing else is left: a delay
    /// means something only on a 429.
    pub(crate) fn without_retry_after(mut self) -> Option<Self> {
        self.retry_after = None;
        (self.limit_per_minute.is_some() || self.remaining.is_some()).then_some(self)
    }

    /// The same figures with the retry delay cut to `cap`, so that one absurd header cannot
    /// hold back later requests longer than the retry policy honours.
    pub(crate) fn with_retry_after_at_most(mut self, cap: Duration) -> Self {
        self.retry_after = self.retry_after.map(|delay| delay.min(cap));
        self
    }

    /// The account's requests per minute (`X-RateLimit-Limit-Minute`); it depends on the plan.
    pub fn limit_per_minute(&self) -> Option<u32> {
        self.limit_per_minute
    }

    /// What is left of this minute's budget (`X-RateLimit-Remaining-Minute`). A write uses
    /// two units of it, a read one.
    pub fn remaining(&self) -> Option<u32> {
        self.remaining
    }

    /// How long Help Scout asked the client to wait after a 429 (`X-RateLimit-Retry-After`),
    /// counted from [`observed_at`](Self::observed_at).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// When the response carrying these figures arrived; the older they are, the less they
    /// say about the current minute.
    pub fn observed_at(&self) -> Instant {
        self.observed_at
    }
}

impl fmt::Display for RateLimitFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.remaining, self.limit_per_minute) {
            (Some(remaining), Some(limit)) => write!(f, "{remaining}/{limit} left this minute")?,
            (Some(remaining), None) => write!(f, "{remaining} left this minute")?,
            (None, Some(limit)) => write!(f, "limit {limit} a minute")?,
            // Only a 429's delay is known.
            (None, None) if self.retry_after.is_some() => f.write_str("rate limited")?,
            (None, None) => f.write_str("no rate-limit figures")?,
        }
        if let Some(delay) = self.retry_after {
            if delay.subsec_nanos() == 0 {
                write!(f, ", retry after {} s", delay.as_secs())?;
            } else {
                write!(f, ", retry after {:.1} s", delay.as_secs_f64())?;
            }
        }
        Ok(())
    }
}

/// How much of the budget a request uses: Help Scout counts a write twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestKind {
    /// `GET`, `HEAD`, `OPTIONS`: one unit.
    Read,
    /// `POST`, `PUT`, `PATCH`, `DELETE`: two units.
    Write,
}

impl RequestKind {
    /// The kind of a request by its method. A method Help Scout does not document counts as a
    /// write, the costlier guess.
    pub(crate) fn of(method: &Method) -> Self {
        match *method {
            Method::GET | Method::HEAD | Method::OPTIONS => Self::Read,
            _ => Self::Write,
        }
    }

    fn cost(self) -> u32 {
        match self {
            Self::Read => 1,
            Self::Write => 2,
        }
    }
}

/// The rate-limit window. Help Scout resets the budget every minute but does not say when
/// the minute started, so the pacing assumes it ends a full minute after the figures were
/// observed: never earlier than the real end, hence never too fast.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);

/// Pacing starts when the remaining budget falls to this share of the limit (in percent).
/// Above it, requests go out at full speed; a short script never notices the pacing.
pub(crate) const PACING_THRESHOLD_PERCENT: u64 = 20;

/// How long to wait before sending a request of `kind`, given the latest `figures` observed
/// `elapsed` ago.
///
/// - A retry delay from a 429 is honoured for every request, not only the rejected one.
/// - While more than [`PACING_THRESHOLD_PERCENT`] of the limit remains: no wait.
/// - Below that, the requests the remaining budget still affords are spread evenly over the
///   rest of the window, so the pace eases down as the budget shrinks.
/// - When the budget cannot pay for the request: wait for the window to end.
/// - Figures older than the window, or without a remaining count, impose no wait (besides a
///   retry delay); with a remaining count but no limit, only the last rule applies.
///
/// Pure: time is passed in, so the tests need no clock.
pub(crate) fn pacing_delay(
    figures: &RateLimitFigures,
    elapsed: Duration,
    kind: RequestKind,
) -> Duration {
    let told = figures
        .retry_after
        .map_or(Duration::ZERO, |delay| delay.saturating_sub(elapsed));
    // A 429 names the moment the budget returns; trust it over the assumed minute window.
    let window_left = figures
        .retry_after
        .unwrap_or(WINDOW)
        .saturating_sub(elapsed);
    let Some(remaining) = figures.remaining else {
        return told;
    };
    if window_left.is_zero() {
        return told;
    }
    let cost = kind.cost();
    let paced = if remaining < cost {
        window_left
    } else {
        match figures.limit_per_minute {
            Some(limit)
                if u64::from(remaining) * 100 <= u64::from(limit) * PACING_THRESHOLD_PERCENT =>
            {
                // At least 1, since remaining >= cost.
                let affordable = remaining / cost;
                window_left / affordable
            }
            _ => Duration::ZERO,
        }
    };
    told.max(paced)
}

/// The latest rate-limit figures, shared by every request of a client.
///
/// The lock is held only to copy figures in or out, never across an `.await`, so a plain
/// std mutex is enough and the type is `Send + Sync`.
#[derive(Debug, Default)]
pub(crate) struct RateLimitState {
    latest: Mutex<Option<RateLimitFigures>>,
}

impl RateLimitState {
    /// An empty state: nothing observed yet, so no pacing.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records the figures of a response, unless newer ones are already recorded: concurrent
    /// responses can finish out of order, and an older count would undo the pacing.
    pub(crate) fn record(&self, figures: RateLimitFigures) {
        let mut latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        if latest
            .as_ref()
            .is_none_or(|known| known.observed_at <= figures.observed_at)
        {
            *latest = Some(figures);
        }
    }

    /// The figures of the newest response that had any.
    pub(crate) fn latest(&self) -> Option<RateLimitFigures> {
        self.latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How long to wait at `now` before sending a request of `kind` (see [`pacing_delay`]).
    pub(crate) fn delay_before(&self, kind: RequestKind, now: Instant) -> Duration {
        self.latest().map_or(Duration::ZERO, |figures| {
            pacing_delay(
                &figures,
                now.saturating_duration_since(figures.observed_at),
                kind,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;
    const S: fn(u64) -> Duration = Duration::from_secs;

    fn figures(
        limit: Option<u32>,
        remaining: Option<u32>,
        retry_after: Option<Duration>,
    ) -> RateLimitFigures {
        RateLimitFigures {
            limit_per_minute: limit,
            remaining,
            retry_after,
            observed_at: Instant::now(),
        }
    }

    #[test]
    fn parses_headers_in_any_case() {
        let at = Instant::now();
        type Headers = &'static [(&'static str, &'static str)];
        type Figures = (Option<u32>, Option<u32>, Option<Duration>);
        let rows: &[(Headers, Option<Figures>)] = &[
            (
                &[
                    ("X-RateLimit-Limit-Minute", "400"),
                    ("X-RateLimit-Remaining-Minute", "37"),
                ],
                Some((Some(400), Some(37), None)),
            ),
            (
                &[
                    ("x-ratelimit-limit-minute", "200"),
                    ("x-ratelimit-remaining-minute", "0"),
                    ("x-ratelimit-retry-after", "12"),
                ],
                Some((Some(200), Some(0), Some(S(12)))),
            ),
            (
                &[
                    ("X-RATELIMIT-REMAINING-MINUTE", " 5 "),
                    ("X-RateLimit-Retry-After", "1.5"),
                ],
                Some((None, Some(5), Some(MS(1_500)))),
            ),
            // Other headers, Retry-After included, are not rate-limit figures.
            (
                &[("Content-Type", "application/json"), ("Retry-After", "5")],
                None,
            ),
            (&[], None),
            // Garbage is ignored, field by field.
            (
                &[
                    ("X-RateLimit-Limit-Minute", "lots"),
                    ("X-RateLimit-Remaining-Minute", "7"),
                ],
                Some((None, Some(7), None)),
            ),
            (
                &[
                    ("X-RateLimit-Limit-Minute", "-400"),
                    ("X-RateLimit-Retry-After", "soon"),
                ],
                None,
            ),
            // An overdrawn budget reads as empty; an absurd one saturates.
            (
                &[("X-RateLimit-Remaining-Minute", "-3")],
                Some((None, Some(0), None)),
            ),
            (
                &[("X-RateLimit-Remaining-Minute", "99999999999")],
                Some((None, Some(u32::MAX), None)),
            ),
            // A repeated header: the last readable value wins.
            (
                &[
                    ("X-RateLimit-Remaining-Minute", "9"),
                    ("x-ratelimit-remaining-minute", "8"),
                    ("X-RateLimit-Remaining-Minute", "?"),
                ],
                Some((None, Some(8), None)),
            ),
        ];
        for (headers, expected) in rows {
            let parsed = RateLimitFigures::from_headers(headers.iter().copied(), at);
            let expected = expected.map(|(limit, remaining, retry_after)| RateLimitFigures {
                limit_per_minute: limit,
                remaining,
                retry_after,
                observed_at: at,
            });
            assert_eq!(parsed, expected, "{headers:?}");
        }
    }

    #[test]
    fn parses_an_http_header_map() {
        let at = Instant::now();
        let mut headers = HeaderMap::new();
        headers.insert("X-RateLimit-Limit-Minute", "400".parse().unwrap());
        headers.insert("X-RateLimit-Remaining-Minute", "399".parse().unwrap());
        headers.insert(
            "X-RateLimit-Retry-After",
            http::HeaderValue::from_bytes(b"\xff").unwrap(),
        );
        let parsed = RateLimitFigures::from_header_map(&headers, at).unwrap();
        assert_eq!(parsed.limit_per_minute(), Some(400));
        assert_eq!(parsed.remaining(), Some(399));
        assert_eq!(parsed.retry_after(), None);
        assert_eq!(parsed.observed_at(), at);
        assert_eq!(
            RateLimitFigures::from_header_map(&HeaderMap::new(), at),
            None
        );
    }

    #[test]
    fn display_for_a_command_line() {
        let rows = [
            (
                figures(Some(400), Some(37), None),
                "37/400 left this minute",
            ),
            (figures(None, Some(37), None), "37 left this minute"),
            (figures(Some(400), None, None), "limit 400 a minute"),
            (
                figures(Some(400), Some(0), Some(S(12))),
                "0/400 left this minute, retry after 12 s",
            ),
            (
                figures(None, None, Some(MS(1_500))),
                "rate limited, retry after 1.5 s",
            ),
            (figures(None, None, None), "no rate-limit figures"),
        ];
        for (figures, expected) in rows {
            assert_eq!(figures.to_string(), expected);
        }
    }

    #[test]
    fn request_kind_by_method() {
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert_eq!(RequestKind::of(&method), RequestKind::Read, "{method}");
        }
        let custom = Method::from_bytes(b"PURGE").unwrap();
        for method in [
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            custom,
        ] {
            assert_eq!(RequestKind::of(&method), RequestKind::Write, "{method}");
        }
    }

    #[test]
    fn pacing_table() {
        use RequestKind::{Read, Write};
        // (line, limit, remaining, retry_after, elapsed, kind, expected wait)
        #[rustfmt::skip]
        type Row = (u32, Option<u32>, Option<u32>, Option<Duration>, Duration, RequestKind, Duration);
        let rows: &[Row] = &[
            // Plenty left: full speed, reads and writes.
            (line!(), Some(400), Some(400), None, S(0), Read, S(0)),
            (line!(), Some(400), Some(81), None, S(0), Read, S(0)),
            (line!(), Some(400), Some(81), None, S(0), Write, S(0)),
            // At 20 % and below: the affordable requests spread over the rest of the window.
            (line!(), Some(400), Some(80), None, S(0), Read, MS(750)),
            (line!(), Some(400), Some(80), None, S(0), Write, MS(1_500)),
            (line!(), Some(400), Some(40), None, S(0), Read, MS(1_500)),
            (line!(), Some(400), Some(10), None, S(0), Read, S(6)),
            (line!(), Some(400), Some(10), None, S(30), Read, S(3)),
            (line!(), Some(400), Some(10), None, S(30), Write, S(6)),
            // Odd remaining for a write: 5 units afford 2 writes.
            (line!(), Some(400), Some(5), None, S(0), Write, S(30)),
            (line!(), Some(200), Some(1), None, S(0), Read, S(60)),
            // Not enough for this request: wait for the window to end.
            (line!(), Some(400), Some(0), None, S(0), Read, S(60)),
            (line!(), Some(400), Some(0), None, S(45), Read, S(15)),
            (line!(), Some(400), Some(1), None, S(20), Write, S(40)),
            (line!(), Some(400), Some(2), None, S(20), Write, S(40)),
            // Figures from a past window say nothing about this one.
            (line!(), Some(400), Some(0), None, S(60), Read, S(0)),
            (line!(), Some(400), Some(0), None, S(600), Write, S(0)),
            // A 429's delay holds for every request and wins when longer.
            (line!(), Some(400), Some(0), Some(S(12)), S(0), Read, S(12)),
            (
                line!(),
                Some(400),
                Some(200),
                Some(S(12)),
                S(0),
                Read,
                S(12),
            ),
            (line!(), Some(400), Some(200), Some(S(12)), S(5), Read, S(7)),
            (
                line!(),
                Some(400),
                Some(200),
                Some(S(12)),
                S(20),
                Read,
                S(0),
            ),
            (line!(), None, None, Some(S(90)), S(70), Write, S(20)),
            // Unknown figures: no pacing, but an empty budget still waits.
            (line!(), None, None, None, S(0), Write, S(0)),
            (line!(), Some(400), None, None, S(0), Write, S(0)),
            (line!(), None, Some(3), None, S(0), Read, S(0)),
            (line!(), None, Some(1), None, S(10), Write, S(50)),
            // A limit of zero cannot be divided by; the budget rule alone decides.
            (line!(), Some(0), Some(0), None, S(0), Read, S(60)),
            (line!(), Some(0), Some(4), None, S(0), Read, S(0)),
        ];
        for &(line, limit, remaining, retry_after, elapsed, kind, expected) in rows {
            let actual = pacing_delay(&figures(limit, remaining, retry_after), elapsed, kind);
            assert_eq!(actual, expected, "row at line {line}");
        }
    }

    #[test]
    fn pacing_slows_down_monotonically_as_the_budget_shrinks() {
        let mut previous = Duration::ZERO;
        for remaining in (0..=400).rev() {
            for kind in [RequestKind::Read, RequestKind::Write] {
                let wait = pacing_delay(&figures(Some(400), Some(remaining), None), S(0), kind);
                assert!(wait <= WINDOW, "{remaining} {kind:?}: {wait:?}");
            }
            let wait = pacing_delay(
                &figures(Some(400), Some(remaining), None),
                S(0),
                RequestKind::Read,
            );
            assert!(
                wait >= previous,
                "remaining {remaining}: {wait:?} < {previous:?}"
            );
            previous = wait;
        }
    }

    #[test]
    fn a_paced_sequential_run_never_exhausts_the_budget_within_the_window() {
        // A sequential exporter whose every response reports the budget one unit lower:
        // summing the waits, the budget lasts longer than the window it belongs to.
        let limit = 400;
        let mut spent = Duration::ZERO;
        let mut remaining = limit;
        while remaining > 0 && spent < WINDOW {
            spent += pacing_delay(
                &figures(Some(limit), Some(remaining), None),
                S(0),
                RequestKind::Read,
            );
            remaining -= 1;
        }
        assert!(spent >= WINDOW, "budget ran out after {spent:?}");
    }

    #[test]
    fn state_keeps_the_newest_figures() {
        let state = RateLimitState::new();
        assert_eq!(state.latest(), None);
        let t0 = Instant::now();
        let at = |offset| t0 + S(offset);
        let read = |offset: u64, remaining: &str| {
            RateLimitFigures::from_headers(
                [
                    ("X-RateLimit-Limit-Minute", "400"),
                    ("X-RateLimit-Remaining-Minute", remaining),
                ],
                at(offset),
            )
            .unwrap()
        };
        state.record(read(1, "50"));
        assert_eq!(state.latest().unwrap().remaining(), Some(50));
        state.record(read(3, "40"));
        // An older response finishing late does not overwrite the newer figures.
        state.record(read(2, "45"));
        assert_eq!(state.latest().unwrap().remaining(), Some(40));
        assert_eq!(state.latest().unwrap().observed_at(), at(3));
        // The same instant replaces: the later record is the better guess.
        state.record(read(3, "39"));
        assert_eq!(state.latest().unwrap().remaining(), Some(39));
    }

    #[test]
    fn state_delay_uses_the_time_since_observation() {
        let state = RateLimitState::new();
        let t0 = Instant::now();
        assert_eq!(state.delay_before(RequestKind::Write, t0), Duration::ZERO);
        state.record(figures_at(t0, Some(400), Some(0)));
        assert_eq!(state.delay_before(RequestKind::Read, t0 + S(15)), S(45));
        assert_eq!(
            state.delay_before(RequestKind::Read, t0 + S(61)),
            Duration::ZERO
        );
        // A `now` before the observation (clock reads racing) counts as no time elapsed.
        state.record(figures_at(t0 + S(100), Some(400), Some(10)));
        assert_eq!(state.delay_before(RequestKind::Read, t0), S(6));
    }

    fn figures_at(at: Instant, limit: Option<u32>, remaining: Option<u32>) -> RateLimitFigures {
        RateLimitFigures {
            limit_per_minute: limit,
            remaining,
            retry_after: None,
            observed_at: at,
        }
    }

    #[test]
    fn state_is_shareable_and_survives_a_poisoned_lock() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<RateLimitState>();
        assert_send_sync::<RateLimitFigures>();

        let state = std::sync::Arc::new(RateLimitState::new());
        let poisoner = std::sync::Arc::clone(&state);
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.latest.lock().unwrap();
            panic!("poison the lock");
        })
        .join();
        assert!(state.latest.is_poisoned());
        state.record(figures(Some(400), Some(1), None));
        assert_eq!(state.latest().unwrap().remaining(), Some(1));
    }
}
