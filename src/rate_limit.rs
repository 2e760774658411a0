//! Help Scout's rate limit as the client sees it: the figures of the latest response, and the
//! pacing that slows a long run of requests down before the budget runs out.
//!
//! The limit is per account and per minute, its size depends on the plan, and writes count
//! twice. Every response reports the limit and what is left of it in
//! `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`; a 429 adds
//! `X-RateLimit-Retry-After` (seconds). One pacer per client (shared by its clones) admits
//! each request against that budget, learns from every response and pauses everything once
//! on a 429, so that any number of concurrent requests stay within the budget together
//! instead of each deciding alone; see `pacer.rs`.

mod control;
mod pacer;

use std::fmt;
use std::time::{Duration, Instant};

use http::{HeaderMap, Method};

use crate::headers::{RATE_LIMIT_RETRY_AFTER, parse_delay_seconds};

#[cfg(feature = "redis")]
pub(crate) use control::{AdmitFuture, Claim, FinishFuture};
pub(crate) use control::{Permit, RateControl};
pub(crate) use pacer::{DEFAULT_WINDOW, MAX_AUTO_CONCURRENCY, Pacer};

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
            } else if name.eq_ignore_ascii_case(RATE_LIMIT_RETRY_AFTER) {
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

    // quirk Q18: writes count twice against the per-minute budget.
    pub(crate) fn cost(self) -> u32 {
        match self {
            Self::Read => 1,
            Self::Write => 2,
        }
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
}
