//! The generated client and the one place every request passes through.
//!
//! `generated` is progenitor's output for `openapi/mailbox-v2.json`, built by build.rs and
//! private to the crate: its methods take raw strings and integers and return progenitor's
//! types. The facade wraps it; the models are re-exported from [`crate::models`].
//!
//! The [`ClientHooks`] implementation below is the choke point: every generated call and every
//! hand-written request (the token request, the JSON Patch calls) is sent by [`Runtime::send`],
//! which adds the bearer token, paces against the rate limit, retries what is safe to retry,
//! refreshes the token once on a 401 and records the rate-limit figures.

use std::sync::Arc;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::AUTHORIZATION;

use crate::auth::{AuthError, SendFuture, TokenManager, TokenTransport, authorization_header};
use crate::rate_limit::{RateLimitFigures, RateLimitState, RequestKind};
use crate::retry::{Decision, Outcome, RetryPolicy, TransportFailure, decide};

#[allow(
    missing_docs,
    dead_code,
    unreachable_pub,
    private_interfaces,
    clippy::all
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/raw.rs"));
}

pub(crate) use generated::*;

/// What the generated client carries for the hooks: shared by every clone of a `Client`.
pub(crate) struct Runtime {
    pub(crate) tokens: TokenManager,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: RateLimitState,
    /// Whether to slow down before the per-minute budget runs out.
    pub(crate) pacing: bool,
    pub(crate) transport: Transport,
}

/// Where requests go: the network, or (for tests) an in-process recorder.
#[derive(Clone, Debug)]
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(feature = "testing")]
    Mock(crate::testing::MockTransport),
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

/// The token request goes through the same transport, so a mock records it too.
impl TokenTransport for Transport {
    fn send(&self, request: reqwest::Request) -> SendFuture<'_> {
        Box::pin(self.execute(request))
    }
}

impl Transport {
    async fn execute(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        match self {
            Self::Http(client) => client.execute(request).await,
            #[cfg(feature = "testing")]
            Self::Mock(mock) => Ok(mock.send(&request)),
        }
    }
}

/// A failure of the hooks themselves, carried to the facade inside a synthetic response's
/// extensions: progenitor's `exec` can only return a `reqwest::Result`, and a `reqwest::Error`
/// cannot be made, so this is how a typed auth failure survives the trip.
#[derive(Clone, Debug)]
pub(crate) struct HookFailure(pub(crate) Arc<AuthError>);

impl Runtime {
    /// Sends `request` with authentication, pacing and retries. Used by the generated code
    /// (through [`ClientHooks::exec`]) and by the facade's hand-written requests alike.
    pub(crate) async fn send(
        &self,
        request: reqwest::Request,
        operation: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        let kind = RequestKind::of(&method);
        let mut attempt: u32 = 1;
        let mut refreshed_after_401 = false;
        loop {
            // A body that cannot be cloned (a stream) can be sent only once; we never build
            // one, but if it happens the request simply gets no retry.
            let Some(mut this_try) = request.try_clone() else {
                return self.transport.execute(request).await;
            };
            let token = match self.tokens.bearer().await {
                Ok(token) => token,
                Err(error) => return Ok(hook_failure(error)),
            };
            match authorization_header(&token) {
                Ok(value) => {
                    this_try.headers_mut().insert(AUTHORIZATION, value);
                }
                Err(error) => return Ok(hook_failure(error)),
            }
            if self.pacing {
                let wait = self.rate_limit.delay_before(kind, now());
                if !wait.is_zero() {
                    tracing::debug!(
                        operation,
                        wait_ms = wait.as_millis() as u64,
                        "pacing before the rate limit"
                    );
                    tokio::time::sleep(wait).await;
                }
            }

            let result = match self.transport.execute(this_try).await {
                // Read the whole body here, inside the retry loop: a connection cut in the
                // middle of a body is then a transport failure that an idempotent request
                // can retry, instead of an error after the loop has given up.
                Ok(response) => buffered(response).await,
                Err(error) => Err(error),
            };
            let outcome = match &result {
                Ok(response) => {
                    if let Some(figures) =
                        RateLimitFigures::from_header_map(response.headers(), now())
                    {
                        self.rate_limit.record(figures);
                    }
                    // The token was revoked or expired early: get a new one and retry, once. A
                    // fixed token cannot be renewed, so its 401 is final.
                    if response.status() == reqwest::StatusCode::UNAUTHORIZED
                        && !refreshed_after_401
                        && self.tokens.invalidate(&token).await
                    {
                        tracing::debug!(operation, "401: refreshing the token and retrying once");
                        refreshed_after_401 = true;
                        continue;
                    }
                    Outcome::from_response(response.status(), response.headers())
                }
                Err(error) if error.is_connect() => Outcome::Transport(TransportFailure::Connect),
                Err(_) => Outcome::Transport(TransportFailure::MaybeSent),
            };
            match decide(
                &self.retry,
                &method,
                outcome,
                attempt,
                rand::random::<f64>(),
            ) {
                Decision::Retry { after, reason } => {
                    tracing::info!(
                        operation,
                        attempt,
                        wait_ms = after.as_millis() as u64,
                        ?reason,
                        "retrying"
                    );
                    tokio::time::sleep(after).await;
                    attempt = attempt.saturating_add(1);
                }
                Decision::Stop(_) => return result,
            }
        }
    }
}

/// The response with its body read into memory (Help Scout's bodies are JSON pages or single
/// messages, so this costs little), or the error that cut the body short.
async fn buffered(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let mut copy = http::Response::new(body);
    *copy.status_mut() = status;
    *copy.version_mut() = version;
    *copy.headers_mut() = headers;
    Ok(reqwest::Response::from(copy))
}

/// The clock the hooks sleep on (tokio's), as a std instant: with tokio's test clock paused,
/// rate-limit ages then advance with the sleeps instead of standing still.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

fn hook_failure(error: AuthError) -> reqwest::Response {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = http::StatusCode::UNAUTHORIZED;
    response
        .extensions_mut()
        .insert(HookFailure(Arc::new(error)));
    reqwest::Response::from(response)
}

impl ClientHooks<Arc<Runtime>> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        // progenitor sends the spec's `info.version` as `api-version`; Help Scout has no such
        // header and versions its API by path.
        request.headers_mut().remove("api-version");
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner.send(request, info.operation_id).await
    }
}
