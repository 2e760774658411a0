//! When to send a request again: the [`RetryPolicy`] users configure, and the one pure
//! decision the client takes after every attempt.
//!
//! The decision is a pure function of the policy, the method, what happened and a jitter
//! value the caller draws, so every rule is pinned by a table of tests and the client has a
//! single place that sleeps and resends.
//!
//! The rules, and why:
//!
//! | outcome | methods retried | wait |
//! |---|---|---|
//! | 429 Too Many Requests | all | `X-RateLimit-Retry-After`, else `Retry-After`, else backoff |
//! | 504 Gateway Timeout | all | backoff |
//! | other 5xx | idempotent only | backoff |
//! | connection not established | all | backoff |
//! | other transport failure | idempotent only | backoff |
//! | anything else (2xx, 3xx, other 4xx) | none | — |
//!
//! A 401 is not in the table: the client renews the token and resends at any attempt, unless
//! the token refused was fetched for that very attempt. Every wait is bounded by the policy
//! (rate-limit waits by [`RetryPolicy::max_rate_limit_wait`], backoff by
//! [`RetryPolicy::max_backoff`]), and all of them by the call's deadline, when it has one.
//!
//! A 429 is safe to resend because Help Scout rejected the request without processing it.
//! Other failures may have happened after the server acted, and the API has no idempotency
//! key, so resending a `POST` could create a second conversation or send a reply twice.

use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};

/// How many times, and how patiently, the client sends a request that failed in a way that
/// is safe to repeat.
///
/// ```
/// use std::time::Duration;
/// use helpscout_mailbox::retry::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(6)
///     .max_backoff(Duration::from_secs(60));
/// let impatient = RetryPolicy::none();
/// # let _ = (patient, impatient);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_backoff: Duration,
    max_backoff: Duration,
    max_rate_limit_wait: Duration,
}

impl RetryPolicy {
    /// Tries per request, the first included: three retries ride out a short outage
    /// without making a caller wait minutes for a request that keeps failing.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
    /// The first backoff; later ones double.
    pub const DEFAULT_BASE_BACKOFF: Duration = Duration::from_millis(500);
    /// The ceiling of the exponential backoff.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(30);
    /// The longest rate-limit wait honoured. Help Scout's window is a minute, so a longer
    /// demand means something unusual, and the caller should see the 429 instead of a hang.
    pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(120);

    /// A policy that sends every request once and returns its failure as it is, for callers
    /// that run their own retry loop.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Sets the number of tries per request, the first included. Zero counts as one, since a
    /// request is always sent at least once.
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the wait before the first retry; each further retry waits twice as long, up to
    /// [`max_backoff`](Self::max_backoff), before jitter.
    #[must_use]
    pub fn base_backoff(mut self, backoff: Duration) -> Self {
        self.base_backoff = backoff;
        self
    }

    /// Sets the ceiling of the exponential backoff.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the longest wait a rate-limit header may ask for. When a 429 asks for longer,
    /// the client stops and returns the 429 at once, so that the caller decides; later calls
    /// hold back for no longer than this, and no pacing wait is longer either.
    #[must_use]
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The tries per request, the first included.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest rate-limit wait honoured: no pacing wait and no 429 wait is longer.
    pub(crate) fn rate_limit_wait_cap(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The backoff before the retry that follows attempt `attempt` (1-based), with equal
    /// jitter: half of the capped exponential delay is always waited, the other half scaled
    /// by `jitter`. The fixed half keeps retries from hammering an API that is struggling;
    /// the random half keeps concurrent requests from retrying in lockstep.
    fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        // 2^31 already exceeds any sane cap; clamping the exponent avoids an overflowing shift.
        let exponent = attempt.saturating_sub(1).min(31);
        let capped = self
            .base_backoff
            .saturating_mul(1_u32 << exponent)
            .min(self.max_backoff);
        let half = capped / 2;
        (capped - half) + scale(half, jitter)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_backoff: Self::DEFAULT_BASE_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
            max_rate_limit_wait: Self::DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }
}

/// Added on top of a wait a rate-limit header asked for, scaled by the jitter. The headers
/// carry whole seconds, so the exact value may be up to a second early; and requests that
/// were rejected together should not all come back in the same instant.
const RATE_LIMIT_JITTER: Duration = Duration::from_secs(1);

/// `d * factor` for a factor in `0..=1`, in integer arithmetic so that the results are exact
/// and no input can panic. A factor outside the range is clamped; NaN counts as zero.
fn scale(d: Duration, factor: f64) -> Duration {
    let factor = if factor.is_nan() {
        0.0
    } else {
        factor.clamp(0.0, 1.0)
    };
    // In millionths: plenty of resolution for a sleep, and exact for 0, 0.5 and 1.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let millionths = (factor * 1_000_000.0).round() as u32;
    d.saturating_mul(millionths) / 1_000_000
}

/// What happened to one attempt, reduced to what the retry decision needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]

pub(crate) enum Outcome {
    /// The server answered.
    Response {
        /// The status of the answer.
        status: StatusCode,
        /// `X-RateLimit-Retry-After`, Help Scout's own header on a 429.
        rate_limit_retry_after: Option<Duration>,
        /// The standard `Retry-After` header, read as well because some proxies set it.
        retry_after: Option<Duration>,
    },
    /// No answer arrived.
    Transport(TransportFailure),
}

impl Outcome {
    /// Reads the outcome of a response from its status and headers.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap) -> Self {
        let seconds = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(parse_delay_seconds)
        };
        Self::Response {
            status,
            rate_limit_retry_after: seconds("x-ratelimit-retry-after"),
            retry_after: seconds("retry-after"),
        }
    }

    /// An answer with no retry headers.
    #[cfg(test)]
    pub(crate) fn status(status: StatusCode) -> Self {
        Self::Response {
            status,
            rate_limit_retry_after: None,
            retry_after: None,
        }
    }
}

/// Whether a request that got no answer may have reached Help Scout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]

pub(crate) enum TransportFailure {
    /// The connection was never established (DNS, refused, TLS handshake), so the request was
    /// never sent and resending it cannot duplicate anything.
    Connect,
    /// The request may have been sent and processed: a timeout or a connection dropped
    /// after the request went out.
    MaybeSent,
}

/// What the client does after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Sleep for `after`, then send the request again.
    Retry {
        /// How long to wait before the next attempt.
        after: Duration,
        /// Why, for the tracing event of the retry.
        reason: RetryReason,
    },
    /// Return the outcome to the caller as it is.
    Stop(StopReason),
}

/// Why a request is sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryReason {
    /// 429: the rate limit rejected the request.
    RateLimited,
    /// 504: Help Scout timed out internally.
    GatewayTimeout,
    /// Another 5xx, for an idempotent method.
    ServerError(StatusCode),
    /// The connection could not be established.
    Connect,
    /// The request got no answer, for an idempotent method.
    Transport,
}

/// Why the outcome goes back to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopReason {
    /// Not a failure, or a failure that resending cannot fix (2xx, 3xx, 4xx but 429).
    NotRetryable,
    /// A failure after which the request may have been processed, for a method that is not
    /// idempotent (`POST`, `PATCH`): resending could duplicate its effect.
    NotIdempotent,
    /// The policy's attempts are used up.
    AttemptsExhausted,
    /// A 429 asked for a longer wait than the policy honours.
    WaitTooLong(Duration),
}

/// Decides what to do after attempt number `attempt` (1 for the first try) ended with
/// `outcome`. `jitter` is a random value in `0..=1` drawn by the caller and passed in so the
/// decision stays deterministic under test; values outside are clamped.
pub(crate) fn decide(
    policy: &RetryPolicy,
    method: &Method,
    outcome: Outcome,
    attempt: u32,
    jitter: f64,
) -> Decision {
    let attempt = attempt.max(1);
    let (reason, header_wait) = match outcome {
        Outcome::Response {
            status,
            rate_limit_retry_after,
            retry_after,
        } => match status {
            // The rate limit rejects a request before processing it, so any method may retry.
            StatusCode::TOO_MANY_REQUESTS => (
                RetryReason::RateLimited,
                rate_limit_retry_after.or(retry_after),
            ),
            // Help Scout's changelog (2019-02-01) says a 504 is an internal timeout and the
            // request can be retried safely, so writes retry too. The claim was not found
            // again in the current docs (helpscout-api.md §5, item 7); change it here if a
            // duplicate ever turns up.
            StatusCode::GATEWAY_TIMEOUT => (RetryReason::GatewayTimeout, None),
            status if status.is_server_error() => {
                if !is_idempotent(method) {
                    return Decision::Stop(StopReason::NotIdempotent);
                }
                (RetryReason::ServerError(status), None)
            }
            _ => return Decision::Stop(StopReason::NotRetryable),
        },
        Outcome::Transport(TransportFailure::Connect) => (RetryReason::Connect, None),
        Outcome::Transport(TransportFailure::MaybeSent) => {
            if !is_idempotent(method) {
                return Decision::Stop(StopReason::NotIdempotent);
            }
            (RetryReason::Transport, None)
        }
    };
    if attempt >= policy.max_attempts {
        return Decision::Stop(StopReason::AttemptsExhausted);
    }
    let after = match header_wait {
        Some(wait) if wait > policy.max_rate_limit_wait => {
            return Decision::Stop(StopReason::WaitTooLong(wait));
        }
        // The jitter never takes the wait past what the policy honours.
        Some(wait) => wait
            .saturating_add(scale(RATE_LIMIT_JITTER, jitter))
            .min(policy.max_rate_limit_wait),
        None => policy.backoff(attempt, jitter),
    };
    Decision::Retry { after, reason }
}

/// Whether sending the request twice has the effect of sending it once (RFC 9110 §9.2.2).
/// Help Scout's `PUT`s replace whole values (tags, custom fields), so they qualify; a
/// repeated `DELETE` may answer 404 for a resource the first attempt deleted.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// Reads a delay header given in seconds (`X-RateLimit-Retry-After`, `Retry-After`).
///
/// Whole or fractional seconds, surrounded by whitespace or not. Anything else (negative,
/// not a number, an HTTP date, which Help Scout does not send) gives `None`, so that a
/// garbled header falls back to the backoff instead of failing the request.
pub(crate) fn parse_delay_seconds(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // `f64` parsing also accepts "inf" and "NaN"; `try_from_secs_f64` rejects those, and
    // negative or out-of-range values.
    let seconds = value.parse::<f64>().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;
    const S: fn(u64) -> Duration = Duration::from_secs;

    fn response(status: u16, rate_limit: Option<u64>, retry_after: Option<u64>) -> Outcome {
        Outcome::Response {
            status: StatusCode::from_u16(status).unwrap(),
            rate_limit_retry_after: rate_limit.map(S),
            retry_after: retry_after.map(S),
        }
    }

    fn retry(after: Duration, reason: RetryReason) -> Decision {
        Decision::Retry { after, reason }
    }

    #[test]
    fn decision_table() {
        use RetryReason as R;
        use StopReason as X;
        let default = RetryPolicy::default();
        let connect = Outcome::Transport(TransportFailure::Connect);
        let maybe_sent = Outcome::Transport(TransportFailure::MaybeSent);
        // (line, method, outcome, attempt, jitter, expected); jitter 1.0 gives the full
        // backoff (500 ms, 1 s, 2 s, ...) and the header wait plus one second.
        #[rustfmt::skip]
        let rows: Vec<(u32, Method, Outcome, u32, f64, Decision)> = vec![
            // Success and client errors are final, whatever the method.
            (line!(), Method::GET, response(200, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::POST, response(201, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(301, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(400, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(401, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::PUT, response(404, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::DELETE, response(412, None, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            // A Retry-After on a non-429 is not a reason to retry.
            (line!(), Method::GET, response(403, Some(5), Some(5)), 1, 1.0, Decision::Stop(X::NotRetryable)),
            // 429 retries every method, after Help Scout's header plus jitter.
            (line!(), Method::GET, response(429, Some(7), None), 1, 0.0, retry(S(7), R::RateLimited)),
            (line!(), Method::POST, response(429, Some(7), None), 1, 0.0, retry(S(7), R::RateLimited)),
            (line!(), Method::PATCH, response(429, Some(7), None), 2, 0.5, retry(MS(7_500), R::RateLimited)),
            (line!(), Method::DELETE, response(429, Some(7), None), 3, 1.0, retry(S(8), R::RateLimited)),
            // Precedence: X-RateLimit-Retry-After, then Retry-After, then backoff.
            (line!(), Method::POST, response(429, Some(3), Some(9)), 1, 0.0, retry(S(3), R::RateLimited)),
            (line!(), Method::POST, response(429, None, Some(9)), 1, 0.0, retry(S(9), R::RateLimited)),
            (line!(), Method::POST, response(429, None, None), 1, 1.0, retry(MS(500), R::RateLimited)),
            (line!(), Method::POST, response(429, None, None), 3, 1.0, retry(S(2), R::RateLimited)),
            // A zero header is honoured; only the jitter separates the retry.
            (line!(), Method::GET, response(429, Some(0), None), 1, 0.25, retry(MS(250), R::RateLimited)),
            // The max-wait cap: equal is honoured, beyond is handed back.
            (line!(), Method::GET, response(429, Some(120), None), 1, 0.0, retry(S(120), R::RateLimited)),
            (line!(), Method::GET, response(429, Some(121), None), 1, 0.0, Decision::Stop(X::WaitTooLong(S(121)))),
            (line!(), Method::GET, response(429, None, Some(3600)), 1, 0.0, Decision::Stop(X::WaitTooLong(S(3600)))),
            // 504 retries every method, POST included.
            (line!(), Method::GET, response(504, None, None), 1, 1.0, retry(MS(500), R::GatewayTimeout)),
            (line!(), Method::POST, response(504, None, None), 2, 1.0, retry(S(1), R::GatewayTimeout)),
            (line!(), Method::PATCH, response(504, None, None), 3, 1.0, retry(S(2), R::GatewayTimeout)),
            // Other 5xx: idempotent methods only.
            (line!(), Method::GET, response(500, None, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::HEAD, response(502, None, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::BAD_GATEWAY))),
            (line!(), Method::PUT, response(503, None, None), 2, 1.0, retry(S(1), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
            (line!(), Method::DELETE, response(500, None, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::OPTIONS, response(503, None, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
            (line!(), Method::POST, response(500, None, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::POST, response(502, None, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::PATCH, response(503, None, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            // 5xx headers are ignored: only a 429 is paced by them.
            (line!(), Method::GET, response(503, Some(30), Some(30)), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
            // A connection never established retries for every method.
            (line!(), Method::GET, connect, 1, 1.0, retry(MS(500), R::Connect)),
            (line!(), Method::POST, connect, 1, 1.0, retry(MS(500), R::Connect)),
            (line!(), Method::PATCH, connect, 2, 1.0, retry(S(1), R::Connect)),
            // A request that may have been sent: idempotent methods only.
            (line!(), Method::GET, maybe_sent, 1, 1.0, retry(MS(500), R::Transport)),
            (line!(), Method::PUT, maybe_sent, 1, 1.0, retry(MS(500), R::Transport)),
            (line!(), Method::POST, maybe_sent, 1, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::PATCH, maybe_sent, 1, 1.0, Decision::Stop(X::NotIdempotent)),
            // Never beyond max attempts (4 by default: attempt 4 is the last).
            (line!(), Method::GET, response(500, None, None), 3, 1.0, retry(S(2), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None, None), 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::POST, response(429, Some(1), None), 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::POST, response(504, None, None), 9, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::GET, connect, 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            // Attempts exhausted is only reported for retryable outcomes.
            (line!(), Method::POST, response(500, None, None), 4, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::GET, response(404, None, None), 4, 1.0, Decision::Stop(X::NotRetryable)),
            // Attempt 0 is read as the first attempt.
            (line!(), Method::GET, response(500, None, None), 0, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            // Jitter outside 0..=1 is clamped; NaN counts as 0.
            (line!(), Method::GET, response(500, None, None), 1, 7.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None, None), 1, -1.0, retry(MS(250), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None, None), 1, f64::NAN, retry(MS(250), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(429, Some(4), None), 1, f64::INFINITY, retry(S(5), R::RateLimited)),
        ];
        for (line, method, outcome, attempt, jitter, expected) in rows {
            let actual = decide(&default, &method, outcome, attempt, jitter);
            assert_eq!(
                actual, expected,
                "row at line {line}: {method} {outcome:?} attempt {attempt}"
            );
        }
    }

    #[test]
    fn none_sends_once_even_on_429() {
        let policy = RetryPolicy::none();
        for outcome in [
            response(429, Some(1), None),
            response(504, None, None),
            Outcome::Transport(TransportFailure::Connect),
        ] {
            assert_eq!(
                decide(&policy, &Method::GET, outcome, 1, 0.5),
                Decision::Stop(StopReason::AttemptsExhausted)
            );
        }
    }

    #[test]
    fn max_attempts_counts_the_first_try() {
        let policy = RetryPolicy::default().max_attempts(2);
        let outcome = response(503, None, None);
        assert!(matches!(
            decide(&policy, &Method::GET, outcome, 1, 0.0),
            Decision::Retry { .. }
        ));
        assert_eq!(
            decide(&policy, &Method::GET, outcome, 2, 0.0),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
        assert_eq!(RetryPolicy::default().max_attempts(0), RetryPolicy::none());
    }

    #[test]
    fn backoff_doubles_then_caps() {
        let policy = RetryPolicy::default()
            .base_backoff(MS(100))
            .max_backoff(S(1))
            .max_attempts(u32::MAX);
        let full: Vec<Duration> = (1..=7)
            .map(|attempt| policy.backoff(attempt, 1.0))
            .collect();
        assert_eq!(full, [MS(100), MS(200), MS(400), MS(800), S(1), S(1), S(1)]);
        // Huge attempt numbers neither overflow nor exceed the cap.
        assert_eq!(policy.backoff(u32::MAX, 1.0), S(1));
        assert_eq!(RetryPolicy::default().backoff(1_000, 1.0), S(30));
        // A cap below the base wins.
        let inverted = RetryPolicy::default().base_backoff(S(10)).max_backoff(S(2));
        assert_eq!(inverted.backoff(1, 1.0), S(2));
    }

    #[test]
    fn equal_jitter_stays_within_half_and_full_backoff() {
        let policy = RetryPolicy::default();
        for attempt in 1..=12 {
            let full = policy.backoff(attempt, 1.0);
            assert_eq!(policy.backoff(attempt, 0.0), full - full / 2);
            for step in 0..=20 {
                let jitter = f64::from(step) / 20.0;
                let wait = policy.backoff(attempt, jitter);
                assert!(
                    wait >= full / 2 && wait <= full,
                    "attempt {attempt}, jitter {jitter}: {wait:?}"
                );
            }
        }
        assert_eq!(policy.backoff(3, 0.5), MS(1_500));
        // Odd nanoseconds: the floor rounds up, so jitter 0 is never below half.
        let odd = RetryPolicy::default().base_backoff(Duration::from_nanos(3));
        assert_eq!(odd.backoff(1, 0.0), Duration::from_nanos(2));
        assert_eq!(odd.backoff(1, 1.0), Duration::from_nanos(3));
    }

    #[test]
    fn zero_backoff_retries_immediately() {
        let policy = RetryPolicy::default().base_backoff(Duration::ZERO);
        assert_eq!(
            decide(&policy, &Method::GET, response(502, None, None), 1, 0.9),
            retry(
                Duration::ZERO,
                RetryReason::ServerError(StatusCode::BAD_GATEWAY)
            )
        );
    }

    #[test]
    fn max_rate_limit_wait_is_configurable() {
        let policy = RetryPolicy::default().max_rate_limit_wait(S(10));
        let decision = |seconds| {
            decide(
                &policy,
                &Method::GET,
                response(429, Some(seconds), None),
                1,
                0.0,
            )
        };
        assert_eq!(decision(10), retry(S(10), RetryReason::RateLimited));
        assert_eq!(decision(11), Decision::Stop(StopReason::WaitTooLong(S(11))));
        // The cap limits what a header may demand, not the fallback backoff.
        let tight = RetryPolicy::default().max_rate_limit_wait(Duration::ZERO);
        assert_eq!(
            decide(&tight, &Method::GET, response(429, None, None), 1, 1.0),
            retry(MS(500), RetryReason::RateLimited)
        );
    }

    #[test]
    fn idempotent_methods() {
        for method in [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::TRACE,
            Method::PUT,
            Method::DELETE,
        ] {
            assert!(is_idempotent(&method), "{method}");
        }
        let custom = Method::from_bytes(b"PURGE").unwrap();
        for method in [Method::POST, Method::PATCH, Method::CONNECT, custom] {
            assert!(!is_idempotent(&method), "{method}");
        }
    }

    #[test]
    fn parse_delay_seconds_table() {
        let rows: &[(&str, Option<Duration>)] = &[
            ("0", Some(Duration::ZERO)),
            ("12", Some(S(12))),
            (" 12 ", Some(S(12))),
            ("\t7\r\n", Some(S(7))),
            ("+3", Some(S(3))),
            ("1.5", Some(MS(1_500))),
            (" 0.25", Some(MS(250))),
            ("2.", Some(S(2))),
            ("18446744073709551615", Some(S(u64::MAX))),
            ("", None),
            ("   ", None),
            ("-1", None),
            ("-0.5", None),
            ("abc", None),
            ("12s", None),
            ("1 2", None),
            ("NaN", None),
            ("inf", None),
            ("1e300", None),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ];
        for (text, expected) in rows {
            assert_eq!(parse_delay_seconds(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn outcome_from_response_reads_both_headers_in_any_case() {
        let mut headers = HeaderMap::new();
        headers.insert("X-RATELIMIT-RETRY-AFTER", " 4 ".parse().unwrap());
        headers.insert("Retry-After", "9".parse().unwrap());
        let outcome = Outcome::from_response(StatusCode::TOO_MANY_REQUESTS, &headers);
        assert_eq!(outcome, response(429, Some(4), Some(9)));
        assert_eq!(
            decide(&RetryPolicy::default(), &Method::POST, outcome, 1, 0.0),
            retry(S(4), RetryReason::RateLimited)
        );
    }

    #[test]
    fn garbage_rate_limit_header_falls_back_to_retry_after_then_backoff() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-retry-after", "soon".parse().unwrap());
        headers.insert("retry-after", "6".parse().unwrap());
        let outcome = Outcome::from_response(StatusCode::TOO_MANY_REQUESTS, &headers);
        assert_eq!(outcome, response(429, None, Some(6)));
        assert_eq!(
            decide(&RetryPolicy::default(), &Method::GET, outcome, 1, 0.0),
            retry(S(6), RetryReason::RateLimited)
        );

        headers.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        let outcome = Outcome::from_response(StatusCode::TOO_MANY_REQUESTS, &headers);
        assert_eq!(outcome, Outcome::status(StatusCode::TOO_MANY_REQUESTS));
        assert_eq!(
            decide(&RetryPolicy::default(), &Method::GET, outcome, 2, 1.0),
            retry(S(1), RetryReason::RateLimited)
        );

        // A value that is not even visible ASCII is ignored, not an error.
        let mut opaque = HeaderMap::new();
        opaque.insert(
            "x-ratelimit-retry-after",
            http::HeaderValue::from_bytes(b"\xff5").unwrap(),
        );
        assert_eq!(
            Outcome::from_response(StatusCode::TOO_MANY_REQUESTS, &opaque),
            Outcome::status(StatusCode::TOO_MANY_REQUESTS)
        );
    }

    #[test]
    fn policy_defaults_and_setters() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts, 4);
        assert_eq!(policy.base_backoff, MS(500));
        assert_eq!(policy.max_backoff, S(30));
        assert_eq!(policy.max_rate_limit_wait, S(120));
        let custom = RetryPolicy::default()
            .max_attempts(5)
            .base_backoff(S(1))
            .max_backoff(S(8))
            .max_rate_limit_wait(S(60));
        assert_eq!(
            custom,
            RetryPolicy {
                max_attempts: 5,
                base_backoff: S(1),
                max_backoff: S(8),
                max_rate_limit_wait: S(60),
            }
        );
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }
}
