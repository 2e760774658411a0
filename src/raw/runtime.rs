//! [`Runtime`]: what the generated client carries for its hooks, and [`Runtime::send`], the
//! loop that every request goes through: token, pacing, the attempt, its body within limits,
//! the retry decision, all under the call's deadline.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;
use tokio::time::Instant;
use tracing::Instrument;

use super::body::{MAX_ERROR_BODY_BYTES, ReadFailure, read_limited, read_prefix, with_body};
use super::intercept::{self, Interceptors};
use super::{HookFailure, ResponseFacts, Transport};
use crate::auth::{TokenManager, authorization_header};
use crate::events::{Event, EventHook};
use crate::interceptor::ResponseView;
use crate::rate_limit::{Permit, RateControl, RequestKind};
use crate::retry::{Decision, Outcome, RetryPolicy, RetryReason, TransportFailure, decide};

/// What the generated client carries for the hooks. Clones share the token cache and the
/// rate-limit state; only the per-handle settings (the deadline) differ between them.
#[derive(Clone)]
pub(crate) struct Runtime {
    pub(crate) tokens: TokenManager,
    pub(crate) retry: RetryPolicy,
    /// Admits requests against the account's budget; shared by every clone (and, through
    /// Redis, by other processes).
    pub(crate) pacer: Arc<dyn RateControl>,
    /// Where [`Event`]s go.
    pub(crate) events: Option<EventHook>,
    /// Called on every attempt and every answer; see [`crate::interceptor`].
    pub(crate) interceptors: Interceptors,
    pub(crate) transport: Transport,
    /// The most bytes of a success body the client reads.
    pub(crate) max_response_bytes: u64,
    /// The longest a whole call may take, attempts, waits and token requests included.
    pub(crate) deadline: Option<Duration>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("pacer", &self.pacer)
            .field("interceptors", &self.interceptors.len())
            .field("max_response_bytes", &self.max_response_bytes)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

/// The clock of one call: when it started and when it must end.
struct CallClock {
    started: Instant,
    deadline: Option<Duration>,
}

impl CallClock {
    fn start(deadline: Option<Duration>) -> Self {
        Self {
            started: Instant::now(),
            deadline,
        }
    }

    /// The instant the call must be over by, if it has a deadline (`None` also when the
    /// deadline is too far to represent, which is the same as none).
    fn ends_at(&self) -> Option<Instant> {
        self.deadline
            .and_then(|deadline| self.started.checked_add(deadline))
    }

    /// Whether waiting `wait` from now still ends before the deadline.
    fn fits(&self, wait: Duration) -> bool {
        self.ends_at()
            .is_none_or(|end| Instant::now().checked_add(wait).is_some_and(|t| t < end))
    }

    /// Runs `work` until it completes or the deadline passes (`None`).
    async fn within<F: Future>(&self, work: F) -> Option<F::Output> {
        match self.ends_at() {
            Some(end) => tokio::time::timeout_at(end, work).await.ok(),
            None => Some(work.await),
        }
    }

    /// The failure to return when the deadline ends the call after `attempts` attempts.
    fn exceeded(&self, attempts: u32) -> HookFailure {
        HookFailure::DeadlineExceeded {
            deadline: self.deadline.unwrap_or_default(),
            attempts,
        }
    }
}

/// How one attempt ended, when it did not produce a response.
enum AttemptFailure {
    Transport(reqwest::Error),
    /// Final: retrying would download the same oversized body again.
    TooLarge {
        limit: u64,
        declared: Option<u64>,
    },
}

impl Runtime {
    /// Sends `request` with authentication, pacing and retries. Used by the generated code
    /// (through `ClientHooks::exec`) and by the facade's hand-written requests alike.
    ///
    /// Every wait is bounded: pacing and 429 waits by the policy's `max_rate_limit_wait`,
    /// backoff by `max_backoff`, all of them together by the call's deadline. A 401 renews
    /// the token and tries again, at any attempt and at most once per attempt allowed; a 401
    /// to a token fetched after the previous attempt's 401 is final, as the credentials
    /// themselves are then refused.
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
        operation: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let (operation, method, path) =
            super::operation_route(operation).unwrap_or((operation, "", ""));
        let span = tracing::info_span!(
            "helpscout.operation",
            operation,
            method,
            path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            correlation_id = tracing::field::Empty,
            rate_limit_remaining = tracing::field::Empty,
        );
        self.send_traced(request, operation, &span)
            .instrument(span.clone())
            .await
    }

    /// [`send`](Self::send) inside the operation's span, which it fills in once the call
    /// ends: with the last attempt's number and answer. (A field recorded again would be
    /// printed twice by `tracing-subscriber`'s fmt layer; each retry event carries the facts
    /// of the attempt it retries instead.)
    async fn send_traced(
        &self,
        request: reqwest::Request,
        operation: &str,
        span: &tracing::Span,
    ) -> reqwest::Result<reqwest::Response> {
        let clock = CallClock::start(self.deadline);
        let method = request.method().clone();
        let kind = RequestKind::of(&method);
        let mut attempt: u32 = 1;
        let mut renewals: u32 = 0;
        // Whether the previous attempt was answered 401 and the token renewed.
        let mut renewed = false;
        // The number of the last attempt that was sent, for the span.
        let mut last_sent = None;
        let ended = loop {
            // A body that cannot be cloned (a stream) could be sent only once; the crate
            // never builds one, so refuse it rather than send it without its retries.
            let Some(mut this_try) = request.try_clone() else {
                break Ok(HookFailure::Unrepeatable.into_response());
            };
            // Admitted first, the token fetched after: a token is then sent the moment it is
            // had, so that a 401 to a token fetched for a retry means the credentials are
            // refused, not that the token aged while the request waited for the budget.
            let cap = self.retry.rate_limit_wait_cap();
            let Some(ticket) = clock
                .within(self.pacer.admit(kind.cost(), cap, operation))
                .await
            else {
                break Ok(clock.exceeded(attempt - 1).into_response());
            };
            let token_wanted_at = Instant::now();
            let token = match clock.within(self.tokens.bearer()).await {
                None => break Ok(clock.exceeded(attempt - 1).into_response()),
                Some(Err(error)) => break Ok(HookFailure::Auth(Arc::new(error)).into_response()),
                Some(Ok(token)) => token,
            };
            let authorization = match authorization_header(&token) {
                Ok(value) => value,
                Err(error) => break Ok(HookFailure::Auth(Arc::new(error)).into_response()),
            };
            // The interceptors see each attempt once it is admitted and has its token, with
            // the token redacted; the real header goes on after them, over anything they set.
            intercept::before_send(&self.interceptors, &mut this_try, operation, attempt);
            this_try.headers_mut().insert(AUTHORIZATION, authorization);

            last_sent = Some(attempt);
            let sent = self.attempt(this_try, &token, ticket, operation, attempt);
            let result = match clock.within(sent).await {
                None => break Ok(clock.exceeded(attempt).into_response()),
                // Final: a retry would download the same oversized body again.
                Some(Err(AttemptFailure::TooLarge { limit, declared })) => {
                    break Ok(HookFailure::TooLarge { limit, declared }.into_response());
                }
                Some(Err(AttemptFailure::Transport(error))) => Err(error),
                Some(Ok(answer)) => Ok(answer),
            };
            let outcome = match &result {
                Ok((response, facts)) => {
                    // The token was revoked or expired early: renew it and try again, unless
                    // the previous attempt was a 401 too and this token was fetched for this
                    // very attempt (then the credentials themselves are refused), or it is a
                    // fixed token, which cannot be renewed. A token from the cache that
                    // predates this attempt is stale, not refused.
                    let refused_fresh =
                        renewed && self.tokens.fetched_after(&token, token_wanted_at);
                    if response.status() == StatusCode::UNAUTHORIZED
                        && !refused_fresh
                        && renewals < self.retry.attempts()
                        && self.tokens.invalidate(&token).await
                    {
                        tracing::debug!(operation, attempt, "401: renewing the token");
                        renewals += 1;
                        renewed = true;
                        continue;
                    }
                    Outcome::Response {
                        status: response.status(),
                        retry_after: facts.retry_after,
                    }
                }
                Err(error) if error.is_connect() => Outcome::Transport(TransportFailure::Connect),
                Err(_) => Outcome::Transport(TransportFailure::MaybeSent),
            };
            renewed = false;
            match decide(
                &self.retry,
                &method,
                outcome,
                attempt,
                rand::random::<f64>(),
            ) {
                Decision::Retry { after, reason } => {
                    // A 429 paused the pacer for every request, this one included: waiting
                    // here as well would wait twice.
                    let after = if reason == RetryReason::RateLimited && self.pacer.is_paused() {
                        Duration::ZERO
                    } else {
                        after
                    };
                    if !clock.fits(after) {
                        break Ok(clock.exceeded(attempt).into_response());
                    }
                    if let Some(hook) = &self.events {
                        hook(&Event::Retrying {
                            operation,
                            attempt,
                            wait: after,
                            status: result
                                .as_ref()
                                .ok()
                                .map(|(response, _)| response.status().as_u16()),
                        });
                    }
                    let answer = result.as_ref().ok();
                    tracing::info!(
                        operation,
                        attempt,
                        status = answer.map(|(response, _)| response.status().as_u16()),
                        correlation_id = answer
                            .and_then(|(_, facts)| facts.correlation_id.as_ref())
                            .map(|id| id.as_str()),
                        wait_ms = after.as_millis() as u64,
                        ?reason,
                        "retrying"
                    );
                    tokio::time::sleep(after).await;
                    attempt = attempt.saturating_add(1);
                }
                Decision::Stop(_) => {
                    if let Ok((response, facts)) = &result {
                        record_response(span, response.status(), facts);
                    }
                    break result.map(|(response, _)| response);
                }
            }
        };
        if let Some(attempt) = last_sent {
            span.record("attempt", attempt);
        }
        ended
    }

    /// Sends one attempt and reads its body within limits: a success body up to
    /// `max_response_bytes` (over it, the call fails), an error body up to
    /// [`MAX_ERROR_BODY_BYTES`] with the client's secrets scrubbed from it. Reading the body
    /// here, inside the retry loop, makes a connection cut mid-body a transport failure
    /// that an idempotent request can retry. The facts of the response's headers are read
    /// here, once: the pacer learns the rate-limit figures from them, and the response handed
    /// on carries them in its extensions for the retry decision and the error mapping.
    async fn attempt(
        &self,
        request: reqwest::Request,
        token: &crate::auth::Secret,
        ticket: Permit,
        operation: &str,
        attempt: u32,
    ) -> Result<(reqwest::Response, ResponseFacts), AttemptFailure> {
        let cap = self.retry.rate_limit_wait_cap();
        let mut response = match self.transport.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                self.pacer.finish(ticket, None, None, cap).await;
                return Err(AttemptFailure::Transport(error));
            }
        };
        let status = response.status();
        let facts = ResponseFacts::read(response.headers(), now());
        self.pacer
            .finish(ticket, Some(status.as_u16()), facts.rate_limit.clone(), cap)
            .await;
        let body = if status.is_success() {
            read_limited(&mut response, self.max_response_bytes)
                .await
                .map_err(|failure| match failure {
                    ReadFailure::Transport(error) => AttemptFailure::Transport(error),
                    ReadFailure::TooLarge { limit, declared } => {
                        AttemptFailure::TooLarge { limit, declared }
                    }
                })?
        } else {
            let body = read_prefix(&mut response, MAX_ERROR_BODY_BYTES).await;
            self.tokens.scrub(body, token)
        };
        intercept::after_receive(
            &self.interceptors,
            &ResponseView {
                operation,
                attempt,
                status,
                headers: response.headers(),
                body: &body,
                facts: &facts,
            },
        );
        Ok((with_body(&response, body, facts.clone()), facts))
    }
}

/// Fills the span's fields from an answer: status, correlation id, rate-limit remaining.
fn record_response(span: &tracing::Span, status: StatusCode, facts: &ResponseFacts) {
    span.record("status", status.as_u16());
    if let Some(id) = &facts.correlation_id {
        span.record("correlation_id", id.as_str());
    }
    if let Some(remaining) = facts
        .rate_limit
        .as_ref()
        .and_then(|figures| figures.remaining())
    {
        span.record("rate_limit_remaining", remaining);
    }
}

/// The clock the hooks sleep on (tokio's), as a std instant: with tokio's test clock paused,
/// rate-limit ages then advance with the sleeps instead of standing still.
fn now() -> std::time::Instant {
    Instant::now().into_std()
}
