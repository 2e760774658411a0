//! The crate's one error type, [`Error`], and the functions that build it from what Help
//! Scout answered.
//!
//! Each variant is something a caller can act on: wait and retry ([`Error::RateLimited`],
//! [`Error::Transport`], a 5xx [`Error::Api`]), authorize again ([`Error::Auth`],
//! [`Error::Unauthorized`]), follow a merge ([`Error::Moved`]) or fix an argument
//! ([`Error::Validation`], [`Error::InvalidRequest`]). The variants carry context structs with
//! accessors rather than public fields, so that context can be added later without breaking
//! callers.
//!
//! `Display` follows smithy's RFC 0022: it says what happened in one short line and never
//! repeats the text of the error's [`source`](std::error::Error::source), because error
//! reporters print the whole chain and would show it twice. What Help Scout said in the
//! response body is this error's own content, so it does appear. No type of another crate
//! (`reqwest`, `progenitor_client`) appears in a public signature.
//!
//! Building an error never fails and never panics, whatever the response body holds: Help
//! Scout answers errors in several shapes (HAL `_embedded.errors`, an older non-HAL form,
//! `{"message": ...}`, OAuth's `{"error", "error_description"}`), and proxies in front of it
//! answer HTML or nothing at all.

mod api;
mod body;
mod limits;
mod mapping;
mod transport;

#[cfg(test)]
mod tests;

use std::time::Duration;

pub use api::{ApiError, FieldError, RateLimited, ValidationError};
pub use limits::{DeadlineExceeded, ResponseTooLarge};
pub use transport::{DecodeError, TransportError};

// The crate-internal paths the rest of the crate calls, kept stable across the split.
pub(crate) use mapping::from_progenitor;
pub(crate) use transport::decode_json;

use crate::auth::{AuthError, AuthErrorKind};

/// A `Result` whose error defaults to this crate's [`Error`], so signatures stay short.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling Help Scout.
///
/// Match on the variants to react; new variants may be added in minor releases. The
/// accessors ([`status`](Self::status), [`correlation_id`](Self::correlation_id),
/// [`is_retryable`](Self::is_retryable), [`retry_after`](Self::retry_after)) answer the common
/// questions without a match. [`crate::guide::errors`] has a worked example.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 400: Help Scout rejected the request's content, usually with one entry per
    /// invalid field. Sending it again unchanged fails again.
    #[error(transparent)]
    Validation(ValidationError),

    /// HTTP 429: the account's per-minute rate limit is used up. The client retries these
    /// itself within its [`RetryPolicy`](crate::retry::RetryPolicy); one that reaches the
    /// caller ran out of attempts or asked for too long a wait.
    #[error(transparent)]
    RateLimited(RateLimited),

    /// HTTP 401: the access token is missing, expired or revoked, or the user it belongs to
    /// is no longer active in Help Scout.
    #[error(transparent)]
    Unauthorized(ApiError),

    /// HTTP 403: the token is valid but may not do this (plan without API access or without
    /// reports, missing permission, a limit on deletions).
    #[error(transparent)]
    Forbidden(ApiError),

    /// HTTP 404: no such resource. Writes to a conversation that was merged into another
    /// answer 404 too; a `GET` of it answers [`Error::Moved`] with the new location.
    #[error(transparent)]
    NotFound(ApiError),

    /// HTTP 301, 302, 303, 307 or 308: the resource lives elsewhere now. A merged
    /// conversation answers a `GET` with 301 and the surviving conversation's URI, for 60
    /// days after the merge.
    #[error("the resource has moved to {location}")]
    #[non_exhaustive]
    Moved {
        /// The redirect status Help Scout answered.
        status: u16,
        /// The `Location` header as sent: an absolute or relative URI.
        location: String,
        /// The id at the end of the location's path (`.../conversations/123` gives 123),
        /// when there is one.
        new_id: Option<i64>,
        /// Help Scout's `Correlation-Id` for the response, for their support.
        correlation_id: Option<String>,
    },

    /// HTTP 412: Help Scout refused a change because a precondition failed; the documented
    /// case is a conversation that already holds its limit of 100 threads.
    #[error(transparent)]
    PreconditionFailed(ApiError),

    /// Any other status that is not a success (most often a 5xx), or a response the spec
    /// does not describe.
    #[error(transparent)]
    Api(ApiError),

    /// Obtaining or refreshing an access token failed; the request itself was not sent.
    /// [`AuthError::kind`] says what to do about it.
    #[error(transparent)]
    Auth(#[from] AuthError),

    /// The request did not complete: no connection, a timeout, or a connection that broke.
    /// The cause is in [`source`](std::error::Error::source).
    #[error(transparent)]
    Transport(#[from] TransportError),

    /// Help Scout answered with success, but the body did not match the model: the API
    /// changed, or the spec behind this crate is wrong. Worth a bug report.
    #[error(transparent)]
    Decode(#[from] DecodeError),

    /// The response was larger than the client reads; see [`ResponseTooLarge`].
    #[error(transparent)]
    ResponseTooLarge(ResponseTooLarge),

    /// The call ran past its deadline, across all its attempts and waits; see
    /// [`DeadlineExceeded`].
    #[error(transparent)]
    DeadlineExceeded(DeadlineExceeded),

    /// The arguments could not form a valid request (a base URL that is not `https`, an
    /// empty list of ids). Detected before anything was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

// Errors travel across threads and tasks, and into `anyhow`/`Box<dyn Error>`.
const _: () = {
    const fn assert_send_sync_static<T: Send + Sync + 'static>() {}
    assert_send_sync_static::<Error>();
};

impl Error {
    /// The HTTP status Help Scout answered, when the failure is a response: any of the
    /// response variants, or an [`Error::Auth`] from the token endpoint.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Moved { status, .. } => Some(*status),
            Self::Auth(error) => error.status().map(|status| status.as_u16()),
            _ => self.response().map(ApiError::status),
        }
    }

    /// Help Scout's `Correlation-Id` of the failed response; quote it when asking their
    /// support about a failure.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Self::Moved { correlation_id, .. } => correlation_id.as_deref(),
            Self::Decode(error) => error.correlation_id(),
            _ => self.response().and_then(ApiError::correlation_id),
        }
    }

    /// Whether the same request may succeed if sent again later: a 429, a 5xx, or a
    /// transport failure, of the request itself or of the token request before it.
    ///
    /// This says nothing about whether resending is harmless: a `POST` that timed out may
    /// have been processed (see [`TransportError::may_have_been_sent`]), and the API has no
    /// idempotency key. The client's own retries take that into account.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited(_) | Self::Transport(_) | Self::DeadlineExceeded(_) => true,
            Self::Api(error) => is_server_error(error.status()),
            Self::Auth(error) => match error.kind() {
                AuthErrorKind::Transport => true,
                AuthErrorKind::TokenEndpoint => error.status().is_some_and(|status| {
                    status.as_u16() == 429 || is_server_error(status.as_u16())
                }),
                _ => false,
            },
            _ => false,
        }
    }

    /// How long Help Scout asked the client to wait before the next request, on a 429.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited(error) => error.retry_after(),
            _ => None,
        }
    }

    /// The details of the failed response (status, Help Scout's message and `logRef`, the
    /// body), for every variant that stands for an error response.
    pub fn response(&self) -> Option<&ApiError> {
        match self {
            Self::Validation(error) => Some(&error.0),
            Self::RateLimited(error) => Some(&error.response),
            Self::Unauthorized(error)
            | Self::Forbidden(error)
            | Self::NotFound(error)
            | Self::PreconditionFailed(error)
            | Self::Api(error) => Some(error),
            _ => None,
        }
    }
}

fn is_server_error(status: u16) -> bool {
    (500..=599).contains(&status)
}
