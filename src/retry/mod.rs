//! When to send a request again: the [`RetryPolicy`] users configure, and the one pure
//! decision the client takes after every attempt.
//!
//! The decision (`decide.rs`) is a pure function of the policy, the method, what happened and a jitter
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

mod decide;
mod policy;

#[cfg(test)]
mod tests;

pub(crate) use decide::{Decision, Outcome, RetryReason, TransportFailure, decide};
pub use policy::RetryPolicy;
