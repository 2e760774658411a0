//! The retry rules, pinned by tables.

use std::time::Duration;

use http::{Method, StatusCode};

use super::decide::{StopReason, is_idempotent};
use super::*;

const MS: fn(u64) -> Duration = Duration::from_millis;
const S: fn(u64) -> Duration = Duration::from_secs;

fn response(status: u16, retry_after: Option<u64>) -> Outcome {
    Outcome::Response {
        status: StatusCode::from_u16(status).unwrap(),
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
            (line!(), Method::GET, response(200, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::POST, response(201, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(301, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(400, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::GET, response(401, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::PUT, response(404, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            (line!(), Method::DELETE, response(412, None), 1, 1.0, Decision::Stop(X::NotRetryable)),
            // A Retry-After on a non-429 is not a reason to retry.
            (line!(), Method::GET, response(403, Some(5)), 1, 1.0, Decision::Stop(X::NotRetryable)),
            // 429 retries every method, after Help Scout's header plus jitter.
            (line!(), Method::GET, response(429, Some(7)), 1, 0.0, retry(S(7), R::RateLimited)),
            (line!(), Method::POST, response(429, Some(7)), 1, 0.0, retry(S(7), R::RateLimited)),
            (line!(), Method::PATCH, response(429, Some(7)), 2, 0.5, retry(MS(7_500), R::RateLimited)),
            (line!(), Method::DELETE, response(429, Some(7)), 3, 1.0, retry(S(8), R::RateLimited)),
            // The asked-for wait, else backoff.
            (line!(), Method::POST, response(429, Some(3)), 1, 0.0, retry(S(3), R::RateLimited)),
            (line!(), Method::POST, response(429, Some(9)), 1, 0.0, retry(S(9), R::RateLimited)),
            (line!(), Method::POST, response(429, None), 1, 1.0, retry(MS(500), R::RateLimited)),
            (line!(), Method::POST, response(429, None), 3, 1.0, retry(S(2), R::RateLimited)),
            // A zero header is honoured; only the jitter separates the retry.
            (line!(), Method::GET, response(429, Some(0)), 1, 0.25, retry(MS(250), R::RateLimited)),
            // The max-wait cap: equal is honoured, beyond is handed back.
            (line!(), Method::GET, response(429, Some(120)), 1, 0.0, retry(S(120), R::RateLimited)),
            (line!(), Method::GET, response(429, Some(121)), 1, 0.0, Decision::Stop(X::WaitTooLong(S(121)))),
            (line!(), Method::GET, response(429, Some(3600)), 1, 0.0, Decision::Stop(X::WaitTooLong(S(3600)))),
            // 504 retries every method, POST included.
            (line!(), Method::GET, response(504, None), 1, 1.0, retry(MS(500), R::GatewayTimeout)),
            (line!(), Method::POST, response(504, None), 2, 1.0, retry(S(1), R::GatewayTimeout)),
            (line!(), Method::PATCH, response(504, None), 3, 1.0, retry(S(2), R::GatewayTimeout)),
            // Other 5xx: idempotent methods only.
            (line!(), Method::GET, response(500, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::HEAD, response(502, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::BAD_GATEWAY))),
            (line!(), Method::PUT, response(503, None), 2, 1.0, retry(S(1), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
            (line!(), Method::DELETE, response(500, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::OPTIONS, response(503, None), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
            (line!(), Method::POST, response(500, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::POST, response(502, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::PATCH, response(503, None), 1, 1.0, Decision::Stop(X::NotIdempotent)),
            // 5xx headers are ignored: only a 429 is paced by them.
            (line!(), Method::GET, response(503, Some(30)), 1, 1.0, retry(MS(500), R::ServerError(StatusCode::SERVICE_UNAVAILABLE))),
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
            (line!(), Method::GET, response(500, None), 3, 1.0, retry(S(2), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None), 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::POST, response(429, Some(1)), 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::POST, response(504, None), 9, 1.0, Decision::Stop(X::AttemptsExhausted)),
            (line!(), Method::GET, connect, 4, 1.0, Decision::Stop(X::AttemptsExhausted)),
            // Attempts exhausted is only reported for retryable outcomes.
            (line!(), Method::POST, response(500, None), 4, 1.0, Decision::Stop(X::NotIdempotent)),
            (line!(), Method::GET, response(404, None), 4, 1.0, Decision::Stop(X::NotRetryable)),
            // Attempt 0 is read as the first attempt.
            (line!(), Method::GET, response(500, None), 0, 1.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            // Jitter outside 0..=1 is clamped; NaN counts as 0.
            (line!(), Method::GET, response(500, None), 1, 7.0, retry(MS(500), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None), 1, -1.0, retry(MS(250), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(500, None), 1, f64::NAN, retry(MS(250), R::ServerError(StatusCode::INTERNAL_SERVER_ERROR))),
            (line!(), Method::GET, response(429, Some(4)), 1, f64::INFINITY, retry(S(5), R::RateLimited)),
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
        response(429, Some(1)),
        response(504, None),
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
    let outcome = response(503, None);
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
        decide(&policy, &Method::GET, response(502, None), 1, 0.9),
        retry(
            Duration::ZERO,
            RetryReason::ServerError(StatusCode::BAD_GATEWAY)
        )
    );
}

#[test]
fn max_rate_limit_wait_is_configurable() {
    let policy = RetryPolicy::default().max_rate_limit_wait(S(10));
    let decision = |seconds| decide(&policy, &Method::GET, response(429, Some(seconds)), 1, 0.0);
    assert_eq!(decision(10), retry(S(10), RetryReason::RateLimited));
    assert_eq!(decision(11), Decision::Stop(StopReason::WaitTooLong(S(11))));
    // The cap limits what a header may demand, not the fallback backoff.
    let tight = RetryPolicy::default().max_rate_limit_wait(Duration::ZERO);
    assert_eq!(
        decide(&tight, &Method::GET, response(429, None), 1, 1.0),
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
fn a_delay_from_the_headers_paces_only_a_429() {
    // What the headers asked for (read once into the response's facts; their precedence
    // is pinned in `raw::facts`) decides a 429's wait, and nothing else's.
    let policy = RetryPolicy::default();
    let asked = |status| Outcome::Response {
        status,
        retry_after: Some(S(6)),
    };
    assert_eq!(
        decide(
            &policy,
            &Method::GET,
            asked(StatusCode::TOO_MANY_REQUESTS),
            1,
            0.0
        ),
        retry(S(6), RetryReason::RateLimited)
    );
    assert_eq!(
        decide(
            &policy,
            &Method::GET,
            asked(StatusCode::BAD_GATEWAY),
            1,
            1.0
        ),
        retry(MS(500), RetryReason::ServerError(StatusCode::BAD_GATEWAY))
    );
    // Without a readable delay, a 429 backs off like any other retry.
    assert_eq!(
        decide(
            &policy,
            &Method::GET,
            Outcome::status(StatusCode::TOO_MANY_REQUESTS),
            2,
            1.0
        ),
        retry(S(1), RetryReason::RateLimited)
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
