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

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, Instant};

use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

mod limits;

pub use limits::{DeadlineExceeded, ResponseTooLarge};

use crate::auth::{AuthError, AuthErrorKind};
use crate::rate_limit::RateLimitFigures;
use crate::raw::{HookFailure, read_prefix};
use crate::retry::parse_delay_seconds;

/// A `Result` whose error defaults to this crate's [`Error`], so signatures stay short.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The boxed source error a [`TransportError`] keeps, so that callers can
/// walk the chain without this crate naming the HTTP stack's error types.
type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The most of an error body kept as text: enough for any Help Scout error, small enough to
/// log, since a proxy's HTML page or a runaway body should not be carried around whole.
pub(crate) const MAX_BODY_BYTES: usize = 4 * 1024;

/// The most of an error body read from the network before it is parsed; a longer body is
/// cut, and only its start is parsed and kept.
pub(crate) const MAX_BODY_READ_BYTES: usize = crate::raw::MAX_ERROR_BODY_BYTES;

/// The longest body snippet a [`DecodeError`] keeps, in characters.
pub(crate) const MAX_SNIPPET_CHARS: usize = 512;

/// The longest message kept from a response body, in characters: it goes into `Display`,
/// which should stay one readable line.
const MAX_MESSAGE_CHARS: usize = 512;

/// The most field errors kept from one body; a request has far fewer fields, so more means
/// a garbled body.
const MAX_FIELDS: usize = 100;

/// How many field errors `Display` lists before summing up the rest.
const DISPLAYED_FIELDS: usize = 3;

/// A non-JSON body is taken as the message only when it is this short: a proxy's one-line
/// "Bad Gateway" is worth showing, a page of text is not.
const MAX_PLAIN_TEXT_MESSAGE_CHARS: usize = 200;

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

/// An error response from Help Scout: its status and what its body and headers said.
///
/// Carried by [`Error::Unauthorized`], [`Error::Forbidden`], [`Error::NotFound`],
/// [`Error::PreconditionFailed`] and [`Error::Api`], and inside [`ValidationError`] and
/// [`RateLimited`].
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError(Box<ApiErrorData>);

/// The fields of an [`ApiError`], boxed so that `Result<T, Error>` stays small.
#[derive(Clone, Debug, PartialEq)]
struct ApiErrorData {
    status: u16,
    operation: String,
    message: Option<String>,
    log_ref: Option<String>,
    fields: Vec<FieldError>,
    correlation_id: Option<String>,
    body: String,
}

impl ApiError {
    /// Reads a response that is known to be an error; never fails, whatever the body.
    fn from_parts(status: u16, headers: &HeaderMap, body: &[u8], operation: &str) -> Self {
        let parsed = ParsedBody::parse(body);
        Self(Box::new(ApiErrorData {
            status,
            operation: operation.to_owned(),
            message: parsed.message,
            log_ref: parsed.log_ref,
            fields: parsed.fields,
            correlation_id: correlation_id(headers),
            body: truncate_text(body, MAX_BODY_BYTES),
        }))
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The operation that failed, by its id in the spec (`get_conversation`), so that a log
    /// line names the call without a backtrace.
    pub fn operation(&self) -> &str {
        &self.0.operation
    }

    /// What Help Scout said went wrong (the body's `message`, or OAuth's
    /// `error_description`), cut to a readable length. `None` when the body had none, such as
    /// a proxy's HTML page.
    pub fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }

    /// Help Scout's `logRef` for the failure; quote it to their support.
    pub fn log_ref(&self) -> Option<&str> {
        self.0.log_ref.as_deref()
    }

    /// The entries of the body's `_embedded.errors`: one per rejected field on a 400, and
    /// usually none otherwise.
    pub fn fields(&self) -> &[FieldError] {
        &self.0.fields
    }

    /// Help Scout's `Correlation-Id` of the response.
    pub fn correlation_id(&self) -> Option<&str> {
        self.0.correlation_id.as_deref()
    }

    /// The response body as text, for logs: invalid UTF-8 replaced, and cut on a character
    /// boundary to at most 4 KiB.
    pub fn body(&self) -> &str {
        &self.0.body
    }

    /// Writes ` (HTTP 404, get_conversation)`: the facts every response error shows.
    fn write_context(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, " (HTTP {}", self.0.status)?;
        if !self.0.operation.is_empty() {
            write!(f, ", {}", self.0.operation)?;
        }
        f.write_str(")")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0.status {
            401 => "Help Scout did not accept the access token",
            403 => "Help Scout denied access",
            404 => "Help Scout found no such resource",
            412 => "Help Scout refused the change",
            500..=599 => "Help Scout failed to handle the request",
            100..=399 => "Help Scout returned an unexpected response",
            _ => "Help Scout returned an error",
        })?;
        self.write_context(f)?;
        if let Some(message) = &self.0.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl StdError for ApiError {}

/// One rejected field of a validation failure: an entry of the body's `_embedded.errors`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    path: Option<String>,
    message: Option<String>,
    rejected_value: Option<Value>,
    source: Option<String>,
}

impl FieldError {
    /// The rejected field, such as `subject` or `threads[0].text`.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Why it was rejected, such as `may not be empty`.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The value that was rejected, when Help Scout echoes it; `Some(Value::Null)` when it
    /// echoes a null.
    pub fn rejected_value(&self) -> Option<&Value> {
        self.rejected_value.as_ref()
    }

    /// Where the value came from, such as `JSON` or `QUERY` (Help Scout's `source`; not an
    /// error source).
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, &self.message) {
            (Some(path), Some(message)) => write!(f, "{path}: {message}"),
            (Some(path), None) => write!(f, "{path}: invalid"),
            (None, Some(message)) => f.write_str(message),
            (None, None) => f.write_str("invalid value"),
        }
    }
}

/// HTTP 400: Help Scout rejected the request's content.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError(ApiError);

impl ValidationError {
    /// The rejected fields, each with its path and the reason. May be empty when the body
    /// was not a validation body, such as an OAuth error.
    pub fn fields(&self) -> &[FieldError] {
        self.0.fields()
    }

    /// The body's overall message, often just `Bad request`; the fields say more.
    pub fn message(&self) -> Option<&str> {
        self.0.message()
    }

    /// Help Scout's `logRef` for the failure.
    pub fn log_ref(&self) -> Option<&str> {
        self.0.log_ref()
    }

    /// Help Scout's `Correlation-Id` of the response.
    pub fn correlation_id(&self) -> Option<&str> {
        self.0.correlation_id()
    }

    /// The whole response: operation, status and body.
    pub fn response(&self) -> &ApiError {
        &self.0
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Help Scout rejected the request")?;
        self.0.write_context(f)?;
        let fields = self.fields();
        match fields.len() {
            0 => {
                if let Some(message) = self.message() {
                    write!(f, ": {message}")?;
                }
                return Ok(());
            }
            1 => f.write_str(": 1 invalid field (")?,
            n => write!(f, ": {n} invalid fields (")?,
        }
        for (i, field) in fields.iter().take(DISPLAYED_FIELDS).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{field}")?;
        }
        if fields.len() > DISPLAYED_FIELDS {
            write!(f, "; and {} more", fields.len() - DISPLAYED_FIELDS)?;
        }
        f.write_str(")")
    }
}

impl StdError for ValidationError {}

/// HTTP 429: the account's rate limit is used up for this minute.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimited {
    response: ApiError,
    retry_after: Option<Duration>,
    limit_per_minute: Option<u32>,
    remaining: Option<u32>,
}

impl RateLimited {
    fn from_response(response: ApiError, headers: &HeaderMap) -> Self {
        // The observation instant is irrelevant here: only the figures are kept.
        let figures = RateLimitFigures::from_header_map(headers, Instant::now());
        let retry_after = figures
            .as_ref()
            .and_then(RateLimitFigures::retry_after)
            .or_else(|| header_text(headers, "retry-after").and_then(parse_delay_seconds));
        Self {
            response,
            retry_after,
            limit_per_minute: figures
                .as_ref()
                .and_then(RateLimitFigures::limit_per_minute),
            remaining: figures.as_ref().and_then(RateLimitFigures::remaining),
        }
    }

    /// How long to wait before the next request: `X-RateLimit-Retry-After`, else the
    /// standard `Retry-After` (in seconds; a date is not read). `None` when neither was
    /// readable; a minute is then always enough, as the limit is per minute.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The account's requests per minute (`X-RateLimit-Limit-Minute`).
    pub fn limit_per_minute(&self) -> Option<u32> {
        self.limit_per_minute
    }

    /// What was left of this minute's budget (`X-RateLimit-Remaining-Minute`), usually 0.
    pub fn remaining(&self) -> Option<u32> {
        self.remaining
    }

    /// Help Scout's `Correlation-Id` of the response.
    pub fn correlation_id(&self) -> Option<&str> {
        self.response.correlation_id()
    }

    /// The whole response: operation, status, message and body.
    pub fn response(&self) -> &ApiError {
        &self.response
    }
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rate limited by Help Scout")?;
        self.response.write_context(f)?;
        if let Some(delay) = self.retry_after {
            if delay.subsec_nanos() == 0 {
                write!(f, "; retry after {} s", delay.as_secs())?;
            } else {
                write!(f, "; retry after {:.1} s", delay.as_secs_f64())?;
            }
        }
        Ok(())
    }
}

impl StdError for RateLimited {}

/// The request did not complete: the connection failed, timed out or broke.
///
/// Opaque on purpose: the HTTP stack's error is kept as the [`source`](StdError::source), so
/// reporters show the cause without this crate exposing the stack's types.
#[derive(Debug)]
pub struct TransportError {
    source: BoxError,
    may_have_been_sent: bool,
    timeout: bool,
}

impl TransportError {
    /// The connection could not be established (DNS, refused, TLS): the request was never
    /// sent.
    pub fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(source.into(), false, false)
    }

    /// Establishing the connection timed out: the request was never sent.
    pub fn connect_timeout(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(source.into(), false, true)
    }

    /// No answer came in time after the request may have gone out.
    pub fn timeout(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(source.into(), true, true)
    }

    /// The connection broke after the request may have gone out, or the answer could not
    /// be read.
    pub fn interrupted(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::new(source.into(), true, false)
    }

    fn new(source: BoxError, may_have_been_sent: bool, timeout: bool) -> Self {
        Self {
            source,
            may_have_been_sent,
            timeout,
        }
    }

    /// Classifies a `reqwest` failure. Only a failure to connect, or to build the request,
    /// proves that nothing reached Help Scout; anything else may have been processed.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let timeout = error.is_timeout();
        let never_sent = error.is_connect() || error.is_builder();
        Self::new(Box::new(error), !never_sent, timeout)
    }

    /// Whether Help Scout may have received, and acted on, the request. When `false`,
    /// resending cannot duplicate anything; when `true`, a resent `POST` may create a second
    /// conversation or send a reply twice.
    pub fn may_have_been_sent(&self) -> bool {
        self.may_have_been_sent
    }

    /// Whether a timeout (connecting, or waiting for the answer) ended the request.
    pub fn is_timeout(&self) -> bool {
        self.timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match (self.may_have_been_sent, self.timeout) {
            (false, false) => "could not reach Help Scout",
            (false, true) => "could not reach Help Scout in time",
            (true, true) => "Help Scout did not answer in time",
            (true, false) => "the connection to Help Scout failed",
        })
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// A success response whose body did not match the model.
///
/// The `serde_json` error is the [`source`](StdError::source); this error adds where in the
/// document decoding failed and a snippet of the body around that place.
#[derive(Debug)]
pub struct DecodeError {
    operation: String,
    path: Option<String>,
    snippet: String,
    correlation_id: Option<String>,
    source: serde_json::Error,
}

impl DecodeError {
    fn new(operation: &str, body: &[u8], source: serde_json::Error, path: Option<String>) -> Self {
        Self {
            operation: operation.to_owned(),
            path,
            snippet: snippet_around(body, error_offset(body, &source)),
            correlation_id: None,
            source,
        }
    }

    /// A create that succeeded without naming the new resource, where the API always names
    /// it (`Resource-ID`, or `Location`).
    pub(crate) fn missing_created_id(operation: &str) -> Self {
        let source = <serde_json::Error as serde::de::Error>::custom(
            "the answer named no new resource: neither `Resource-ID` nor `Location`",
        );
        Self {
            operation: operation.to_owned(),
            path: None,
            snippet: String::new(),
            correlation_id: None,
            source,
        }
    }

    /// Adds the response's `Correlation-Id`, which [`decode_json`] cannot see.
    #[cfg(test)]
    pub(crate) fn with_correlation_id(mut self, headers: &HeaderMap) -> Self {
        self.correlation_id = correlation_id(headers);
        self
    }

    /// The operation whose response failed to decode, such as `list_conversations`.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// Where decoding failed, such as `_embedded.conversations[3].createdAt` (`.` for the
    /// document itself). `None` when the decoder did not track it.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// `serde_json`'s description of the mismatch, the same text as the source's.
    pub fn message(&self) -> String {
        self.source.to_string()
    }

    /// Up to 512 characters of the body around the place where decoding failed (or from its
    /// start), for a bug report.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// Help Scout's `Correlation-Id` of the response, when the client recorded it.
    pub fn correlation_id(&self) -> Option<&str> {
        self.correlation_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the response")?;
        if !self.operation.is_empty() {
            write!(f, " to {}", self.operation)?;
        }
        f.write_str(" did not match the expected shape")?;
        match self.path.as_deref() {
            Some(path) if path != "." => write!(f, " at `{path}`"),
            _ => Ok(()),
        }
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// Builds the error for a response that is not a success. Picks the variant by status,
/// reads `Correlation-Id`, `Location` and the rate-limit headers, and parses the body
/// leniently; never fails and never panics, whatever the bytes.
///
/// A 3xx without a readable `Location` becomes [`Error::Api`], as there is nothing to
/// follow; so does a 2xx, should one be passed in.
pub(crate) fn from_response(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    operation: &str,
) -> Error {
    if matches!(status, 301 | 302 | 303 | 307 | 308)
        && let Some(location) = header_text(headers, "location").filter(|l| !l.is_empty())
    {
        return Error::Moved {
            status,
            location: location.to_owned(),
            new_id: trailing_id(location),
            correlation_id: correlation_id(headers),
        };
    }
    let response = ApiError::from_parts(status, headers, body, operation);
    match status {
        400 => Error::Validation(ValidationError(response)),
        401 => Error::Unauthorized(response),
        403 => Error::Forbidden(response),
        404 => Error::NotFound(response),
        412 => Error::PreconditionFailed(response),
        429 => Error::RateLimited(RateLimited::from_response(response, headers)),
        _ => Error::Api(response),
    }
}

/// Decodes a success body into `T`, reporting where it failed. Rejects trailing characters
/// after the JSON value, as `serde_json::from_slice` does.
pub(crate) fn decode_json<T: DeserializeOwned>(operation: &str, body: &[u8]) -> Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        DecodeError::new(operation, body, error.into_inner(), Some(path))
    })?;
    deserializer
        .end()
        .map_err(|error| DecodeError::new(operation, body, error, Some(".".to_owned())))?;
    Ok(value)
}

/// Maps every failure of a generated (raw) operation to an [`Error`]: the one place where
/// `progenitor_client::Error` is taken apart. `T` is the operation's success type, used to
/// decode a rejected payload again and find the path that failed.
///
/// Reads at most [`MAX_BODY_READ_BYTES`] of an unexpected response's body.
pub(crate) async fn from_progenitor<T: DeserializeOwned, E>(
    operation: &str,
    error: progenitor_client::Error<E>,
) -> Error {
    use progenitor_client::Error as Raw;
    match error {
        Raw::InvalidRequest(message) => Error::InvalidRequest(message),
        Raw::CommunicationError(error)
        | Raw::InvalidUpgrade(error)
        | Raw::ResponseBodyError(error) => Error::Transport(TransportError::from_reqwest(error)),
        // The raw client declares no typed error responses (`E` is `()`), so the body was
        // not kept; status and headers still classify the failure.
        Raw::ErrorResponse(response) => from_response(
            response.status().as_u16(),
            response.headers(),
            b"",
            operation,
        ),
        Raw::InvalidResponsePayload(body, error) => match decode_json::<T>(operation, &body) {
            Err(decoded) => decoded,
            // serde_path_to_error accepted what serde_json rejected; keep serde_json's word.
            Ok(_) => Error::Decode(DecodeError::new(operation, &body, error, None)),
        },
        Raw::UnexpectedResponse(mut response) => {
            // The hooks could not authenticate the request; they carry the typed failure in
            // the synthetic response they return (see `raw::HookFailure`).
            if let Some(failure) = response.extensions().get::<HookFailure>() {
                return from_hook_failure(operation, failure);
            }
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let body = read_prefix(&mut response, MAX_BODY_READ_BYTES).await;
            from_response(status, &headers, &body, operation)
        }
        // Only this crate's own hooks produce `Custom`, to refuse a request before sending it.
        Raw::Custom(message) => Error::InvalidRequest(message),
    }
}

/// The error for a failure of the request hooks themselves (see `raw::HookFailure`).
fn from_hook_failure(operation: &str, failure: &HookFailure) -> Error {
    match failure {
        HookFailure::Auth(error) => Error::Auth((**error).clone()),
        HookFailure::TooLarge { limit, declared } => Error::ResponseTooLarge(ResponseTooLarge {
            operation: operation.to_owned(),
            limit: *limit,
            declared: *declared,
        }),
        HookFailure::DeadlineExceeded { deadline, attempts } => {
            Error::DeadlineExceeded(DeadlineExceeded {
                operation: operation.to_owned(),
                deadline: *deadline,
                attempts: *attempts,
            })
        }
        HookFailure::Unrepeatable => {
            Error::InvalidRequest("a streamed request body cannot be sent with retries".to_owned())
        }
    }
}

/// What a lenient read of an error body found.
#[derive(Debug, Default, PartialEq)]
struct ParsedBody {
    message: Option<String>,
    log_ref: Option<String>,
    fields: Vec<FieldError>,
}

impl ParsedBody {
    /// Reads any of Help Scout's error shapes; anything unrecognised gives empty fields.
    fn parse(body: &[u8]) -> Self {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => Self::from_object(&object),
            Ok(Value::String(message)) => Self {
                message: clean_message(&message, MAX_MESSAGE_CHARS),
                ..Self::default()
            },
            Ok(_) => Self::default(),
            Err(_) => Self {
                message: plain_text_message(body),
                ..Self::default()
            },
        }
    }

    fn from_object(object: &Map<String, Value>) -> Self {
        let oauth_error = object.get("error").and_then(scalar_text);
        let nested_error_message = object
            .get("error")
            .and_then(|error| error.get("message"))
            .and_then(scalar_text);
        // Help Scout's `message`, then OAuth's description, then RFC 7807's fields, then the
        // bare OAuth code as the last resort.
        let message = ["message", "error_description", "detail", "title"]
            .iter()
            .find_map(|key| object.get(*key).and_then(scalar_text))
            .or(nested_error_message)
            .or(oauth_error)
            .and_then(|message| clean_message(&message, MAX_MESSAGE_CHARS));
        let entries = object
            .get("_embedded")
            .and_then(|embedded| embedded.get("errors"))
            .or_else(|| object.get("errors"))
            .and_then(Value::as_array);
        let fields = entries
            .into_iter()
            .flatten()
            .filter_map(field_error)
            .take(MAX_FIELDS)
            .collect();
        Self {
            message,
            log_ref: object
                .get("logRef")
                .and_then(scalar_text)
                .and_then(|log_ref| clean_message(&log_ref, MAX_MESSAGE_CHARS)),
            fields,
        }
    }
}

/// Reads one entry of `_embedded.errors`; a bare string counts as its message.
fn field_error(entry: &Value) -> Option<FieldError> {
    let text = |key: &str| {
        entry
            .get(key)
            .and_then(scalar_text)
            .and_then(|text| clean_message(&text, MAX_MESSAGE_CHARS))
    };
    match entry {
        Value::Object(object) => Some(FieldError {
            path: text("path"),
            message: text("message"),
            rejected_value: object.get("rejectedValue").cloned(),
            source: text("source"),
        }),
        Value::String(message) => Some(FieldError {
            path: None,
            message: clean_message(message, MAX_MESSAGE_CHARS),
            rejected_value: None,
            source: None,
        }),
        _ => None,
    }
}

/// A string, number or boolean as text; containers and null are not text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// One line of at most `max_chars` characters: control characters (newlines included)
/// become spaces, the ends are trimmed, and an empty result is `None`.
fn clean_message(text: &str, max_chars: usize) -> Option<String> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max_chars)
        .collect();
    let cleaned = cleaned.trim_end();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

/// The message of a body that is not JSON: a proxy's short `Bad Gateway` is worth showing,
/// markup, binary data and long text are not.
fn plain_text_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    // Markup, and JSON that failed to parse (cut short, say), are not messages.
    let readable = !text.starts_with(['<', '{', '['])
        && text.chars().count() <= MAX_PLAIN_TEXT_MESSAGE_CHARS
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    readable.then(|| clean_message(text, MAX_PLAIN_TEXT_MESSAGE_CHARS))?
}

/// A header's value as trimmed text; `None` when absent or not visible ASCII.
// TODO(facade): share with rate_limit.rs and retry.rs (`Outcome::from_response`), which read
// headers the same way.
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

/// Help Scout's `Correlation-Id` (or a proxy's `X-Correlation-Id`), cut to a sane length.
/// `HeaderMap` lookups ignore case.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    ["correlation-id", "x-correlation-id"]
        .iter()
        .find_map(|name| header_text(headers, name).filter(|id| !id.is_empty()))
        .and_then(|id| clean_message(id, 128))
}

/// The id at the end of a location's path: `https://api.helpscout.net/v2/conversations/123`,
/// `/v2/conversations/123/`, `.../123?embed=threads` all give 123. Ids are positive.
pub(crate) fn trailing_id(location: &str) -> Option<i64> {
    let path = location.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse::<i64>().ok().filter(|id| *id > 0)
}

/// `body` as text, invalid UTF-8 replaced, cut on a character boundary to at most
/// `max_bytes` bytes.
fn truncate_text(body: &[u8], max_bytes: usize) -> String {
    // Replacement characters can make the text longer than the bytes, so cut the bytes
    // first (bounding the work) and the text after.
    let text = String::from_utf8_lossy(&body[..body.len().min(max_bytes)]);
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// The byte offset of a `serde_json` error in `body`, from its 1-based line and column
/// (0 when it has no position).
fn error_offset(body: &[u8], error: &serde_json::Error) -> usize {
    let line_start = if error.line() <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(error.line() - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    line_start
        .saturating_add(error.column().saturating_sub(1))
        .min(body.len())
}

/// Up to [`MAX_SNIPPET_CHARS`] characters of `body` around byte `offset`: a quarter of them
/// before, so the snippet shows both what led to the failure and the value itself.
fn snippet_around(body: &[u8], offset: usize) -> String {
    let is_continuation = |i: usize| body.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let mut start = offset.min(body.len()).saturating_sub(MAX_SNIPPET_CHARS / 4);
    while start > 0 && is_continuation(start) {
        start -= 1;
    }
    // Four bytes per character at most: enough bytes for the snippet, whatever the text.
    let mut end = start.saturating_add(MAX_SNIPPET_CHARS * 4).min(body.len());
    while end < body.len() && is_continuation(end) {
        end += 1;
    }
    String::from_utf8_lossy(&body[start..end])
        .chars()
        .take(MAX_SNIPPET_CHARS)
        .collect()
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // The test tables spell out the types of their rows.
mod tests {
    use super::*;

    use http::{HeaderName, HeaderValue};
    use serde::Deserialize;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn variant(error: &Error) -> &'static str {
        match error {
            Error::Validation(_) => "Validation",
            Error::RateLimited(_) => "RateLimited",
            Error::Unauthorized(_) => "Unauthorized",
            Error::Forbidden(_) => "Forbidden",
            Error::NotFound(_) => "NotFound",
            Error::Moved { .. } => "Moved",
            Error::PreconditionFailed(_) => "PreconditionFailed",
            Error::Api(_) => "Api",
            Error::Auth(_) => "Auth",
            Error::Transport(_) => "Transport",
            Error::Decode(_) => "Decode",
            Error::ResponseTooLarge(_) => "ResponseTooLarge",
            Error::DeadlineExceeded(_) => "DeadlineExceeded",
            Error::InvalidRequest(_) => "InvalidRequest",
        }
    }

    /// The chain below an error, as reporters print it.
    fn chain(error: &dyn StdError) -> Vec<String> {
        let mut texts = Vec::new();
        let mut next = error.source();
        while let Some(source) = next {
            texts.push(source.to_string());
            next = source.source();
        }
        texts
    }

    const HAL_VALIDATION: &str = r#"{
        "logRef": "0a1b2c3d-4e5f-6789-abcd-ef0123456789#12345",
        "message": "Bad request",
        "_embedded": { "errors": [
            { "path": "subject", "message": "may not be empty", "rejectedValue": "",
              "source": "JSON", "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors#NotEmpty" } } },
            { "path": "customer.email", "message": "must be a well-formed email address",
              "rejectedValue": "nope", "source": "JSON" },
            { "path": "threads[0].text", "message": "may not be null", "rejectedValue": null, "source": "JSON" }
        ] },
        "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors" } }
    }"#;

    const OLD_VALIDATION: &str = r#"{
        "logRef": "ab12",
        "message": "Bad request",
        "_embedded": { "errors": [
            { "path": "status", "message": "Value not supported",
              "links": [ { "rel": "about", "href": "http://developer.helpscout.net/#EnumValue" } ] },
            { "path": "mailboxId", "message": "Invalid identifier",
              "links": [ { "rel": "about", "href": "http://developer.helpscout.net/#Identifier" } ] }
        ] },
        "links": [ { "rel": "about", "href": "http://developer.helpscout.net/" } ]
    }"#;

    #[test]
    fn each_status_maps_to_its_variant() {
        let location = [("Location", "https://api.helpscout.net/v2/conversations/42")];
        #[rustfmt::skip]
        let rows: &[(u16, &[(&str, &str)], &str)] = &[
            (400, &[], "Validation"),
            (401, &[], "Unauthorized"),
            (403, &[], "Forbidden"),
            (404, &[], "NotFound"),
            (412, &[], "PreconditionFailed"),
            (429, &[], "RateLimited"),
            (301, &location, "Moved"),
            (302, &location, "Moved"),
            (303, &location, "Moved"),
            (307, &location, "Moved"),
            (308, &location, "Moved"),
            // Nothing to follow without a location.
            (301, &[], "Api"),
            (301, &[("Location", "  ")], "Api"),
            (304, &location, "Api"),
            (405, &[], "Api"),
            (409, &[], "Api"),
            (413, &[], "Api"),
            (422, &[], "Api"),
            (500, &[], "Api"),
            (502, &[], "Api"),
            (503, &[], "Api"),
            (504, &[], "Api"),
            (200, &[], "Api"),
            (0, &[], "Api"),
            (999, &[], "Api"),
        ];
        for &(status, pairs, expected) in rows {
            let error = from_response(status, &headers(pairs), b"{}", "get_conversation");
            assert_eq!(variant(&error), expected, "status {status}");
            assert_eq!(error.status(), Some(status), "status {status}");
            assert!(!error.to_string().is_empty());
        }
    }

    #[test]
    fn accessors_by_variant() {
        let ten = Duration::from_secs(10);
        #[rustfmt::skip]
        let rows: &[(u16, &[(&str, &str)], bool, Option<Duration>)] = &[
            (400, &[], false, None),
            (401, &[], false, None),
            (403, &[], false, None),
            (404, &[], false, None),
            (412, &[], false, None),
            (429, &[("X-RateLimit-Retry-After", "10")], true, Some(ten)),
            (429, &[], true, None),
            (301, &[("Location", "/v2/conversations/1")], false, None),
            (409, &[], false, None),
            (500, &[], true, None),
            (503, &[("Retry-After", "10")], true, None),
            (504, &[], true, None),
            (599, &[], true, None),
            (600, &[], false, None),
        ];
        for &(status, pairs, retryable, retry_after) in rows {
            let mut pairs = pairs.to_vec();
            pairs.push(("Correlation-Id", "corr-1"));
            let error = from_response(status, &headers(&pairs), b"", "op");
            assert_eq!(error.is_retryable(), retryable, "status {status}");
            assert_eq!(error.retry_after(), retry_after, "status {status}");
            assert_eq!(error.correlation_id(), Some("corr-1"), "status {status}");
            let is_response = !matches!(error, Error::Moved { .. });
            assert_eq!(error.response().is_some(), is_response, "status {status}");
        }

        let io = || std::io::Error::other("x");
        let token_endpoint = |status| {
            AuthError::new(AuthErrorKind::TokenEndpoint)
                .with_status(http::StatusCode::from_u16(status).unwrap())
        };
        let others = [
            (Error::Transport(TransportError::connect(io())), true),
            (Error::Transport(TransportError::timeout(io())), true),
            (Error::InvalidRequest("empty id list".into()), false),
            (
                Error::Auth(AuthError::new(AuthErrorKind::NoRefreshPossible)),
                false,
            ),
            (
                Error::Auth(AuthError::new(AuthErrorKind::StaleRefreshToken)),
                false,
            ),
            (Error::Auth(AuthError::new(AuthErrorKind::Transport)), true),
            (Error::Auth(token_endpoint(503)), true),
            (Error::Auth(token_endpoint(429)), true),
            (Error::Auth(token_endpoint(400)), false),
            (
                Error::Auth(AuthError::new(AuthErrorKind::TokenEndpoint)),
                false,
            ),
        ];
        for (error, retryable) in others {
            assert_eq!(error.is_retryable(), retryable, "{error:?}");
            assert_eq!(error.retry_after(), None);
            assert!(error.response().is_none());
        }
        let error = Error::from(token_endpoint(503));
        assert_eq!((error.status(), error.correlation_id()), (Some(503), None));
        let error: Error = TransportError::connect(io()).into();
        assert_eq!(
            (error.status(), error.correlation_id()),
            (None, None),
            "transport errors have no response"
        );
    }

    #[test]
    fn validation_body_in_hal_form() {
        let error = from_response(
            400,
            &headers(&[("Correlation-Id", "c0ffee")]),
            HAL_VALIDATION.as_bytes(),
            "create_conversation",
        );
        let Error::Validation(validation) = &error else {
            panic!("expected Validation, got {error:?}");
        };
        assert_eq!(validation.message(), Some("Bad request"));
        assert_eq!(
            validation.log_ref(),
            Some("0a1b2c3d-4e5f-6789-abcd-ef0123456789#12345")
        );
        assert_eq!(validation.correlation_id(), Some("c0ffee"));
        assert_eq!(error.correlation_id(), Some("c0ffee"));
        assert_eq!(validation.response().operation(), "create_conversation");
        let fields = validation.fields();
        let paths: Vec<_> = fields.iter().map(FieldError::path).collect();
        assert_eq!(
            paths,
            [
                Some("subject"),
                Some("customer.email"),
                Some("threads[0].text")
            ]
        );
        assert_eq!(fields[0].message(), Some("may not be empty"));
        assert_eq!(
            fields[0].rejected_value(),
            Some(&Value::String(String::new()))
        );
        assert_eq!(fields[0].source(), Some("JSON"));
        assert_eq!(fields[1].rejected_value(), Some(&Value::from("nope")));
        // An echoed null is kept apart from no echo at all.
        assert_eq!(fields[2].rejected_value(), Some(&Value::Null));
        assert_eq!(
            error.to_string(),
            "Help Scout rejected the request (HTTP 400, create_conversation): 3 invalid fields \
             (subject: may not be empty; customer.email: must be a well-formed email address; \
             threads[0].text: may not be null)"
        );
    }

    #[test]
    fn validation_body_in_the_older_non_hal_form() {
        let error = from_response(400, &HeaderMap::new(), OLD_VALIDATION.as_bytes(), "");
        let Error::Validation(validation) = &error else {
            panic!("expected Validation, got {error:?}");
        };
        assert_eq!(validation.log_ref(), Some("ab12"));
        let fields: Vec<_> = validation
            .fields()
            .iter()
            .map(|field| {
                (
                    field.path(),
                    field.message(),
                    field.rejected_value(),
                    field.source(),
                )
            })
            .collect();
        assert_eq!(
            fields,
            [
                (Some("status"), Some("Value not supported"), None, None),
                (Some("mailboxId"), Some("Invalid identifier"), None, None),
            ]
        );
        assert_eq!(
            error.to_string(),
            "Help Scout rejected the request (HTTP 400): 2 invalid fields \
             (status: Value not supported; mailboxId: Invalid identifier)"
        );
    }

    #[test]
    fn validation_display_summarises_many_fields() {
        let entries: Vec<_> = (0..7)
            .map(|i| serde_json::json!({"path": format!("f{i}"), "message": "bad"}))
            .collect();
        let body = serde_json::json!({"_embedded": {"errors": entries}}).to_string();
        let error = from_response(400, &HeaderMap::new(), body.as_bytes(), "op");
        assert_eq!(
            error.to_string(),
            "Help Scout rejected the request (HTTP 400, op): 7 invalid fields \
             (f0: bad; f1: bad; f2: bad; and 4 more)"
        );
        // Entries of odd shapes still count; entries that are not objects or text do not.
        let body = br#"{"errors": ["just text", {"path": 7}, {}, 12, null, [1]]}"#;
        let error = from_response(400, &HeaderMap::new(), body, "op");
        assert_eq!(
            error.to_string(),
            "Help Scout rejected the request (HTTP 400, op): 3 invalid fields \
             (just text; 7: invalid; invalid value)"
        );
        // One field, singular.
        let body = br#"{"_embedded": {"errors": [{"path": "to", "message": "may not be empty"}]}}"#;
        let error = from_response(400, &HeaderMap::new(), body, "op");
        assert!(
            error
                .to_string()
                .ends_with(": 1 invalid field (to: may not be empty)")
        );
        // A runaway list is capped.
        let entries: Vec<_> = (0..1000)
            .map(|_| serde_json::json!({"path": "p"}))
            .collect();
        let body = serde_json::json!({"_embedded": {"errors": entries}}).to_string();
        let error = from_response(400, &HeaderMap::new(), body.as_bytes(), "op");
        assert_eq!(error.response().unwrap().fields().len(), MAX_FIELDS);
    }

    #[test]
    fn every_body_shape_yields_a_readable_message() {
        #[rustfmt::skip]
        let rows: &[(u16, &[u8], Option<&str>, Option<&str>)] = &[
            (429, br#"{"message":"API rate limit exceeded"}"#, Some("API rate limit exceeded"), None),
            (500, br#"{"message":"Internal error","status":500}"#, Some("Internal error"), None),
            (400, br#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#,
                Some("Invalid refresh_token"), None),
            (401, br#"{"error":"invalid_token"}"#, Some("invalid_token"), None),
            (500, br#"{"error":{"message":"nested"}}"#, Some("nested"), None),
            (422, br#"{"title":"Unprocessable","detail":"the detail wins"}"#, Some("the detail wins"), None),
            (404, br#"{"logRef":"lr-9","message":"Resource not found","_embedded":{"errors":[]}}"#,
                Some("Resource not found"), Some("lr-9")),
            (404, br#"{"logRef":12345,"message":"  spaced\n out\t "}"#, Some("spaced  out"), Some("12345")),
            (403, b"\xEF\xBB\xBF{\"message\":\"after a BOM\"}", Some("after a BOM"), None),
            (502, br#""a bare JSON string""#, Some("a bare JSON string"), None),
            (502, b"Bad Gateway\n", Some("Bad Gateway"), None),
            (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", None, None),
            (500, b"", None, None),
            (500, b"   ", None, None),
            (500, b"null", None, None),
            (500, b"[1,2,3]", None, None),
            (500, br#"{"message": null, "logRef": {"a": 1}}"#, None, None),
            (500, br#"{"message": ""}"#, None, None),
            (500, b"{\"message\": \"unterminated", None, None),
            (500, b"\x00\x01\x02garbage\xff\xfe", None, None),
        ];
        for &(status, body, message, log_ref) in rows {
            let error = from_response(status, &HeaderMap::new(), body, "op");
            let response = error.response().unwrap();
            assert_eq!(
                response.message(),
                message,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(
                response.log_ref(),
                log_ref,
                "{}",
                String::from_utf8_lossy(body)
            );
            // A 429's message says nothing its display does not already say.
            if let Some(message) = message.filter(|_| status != 429) {
                assert!(error.to_string().contains(message), "{error}");
            }
        }
    }

    #[test]
    fn oauth_error_body_reads_well_on_any_endpoint() {
        let body = br#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#;
        let error = from_response(400, &HeaderMap::new(), body, "token");
        assert_eq!(variant(&error), "Validation");
        assert_eq!(
            error.to_string(),
            "Help Scout rejected the request (HTTP 400, token): Invalid refresh_token"
        );
    }

    #[test]
    fn rate_limit_headers_in_every_combination() {
        let s = Duration::from_secs;
        #[rustfmt::skip]
        let rows: &[(&[(&str, &str)], Option<Duration>, Option<u32>, Option<u32>)] = &[
            (&[], None, None, None),
            (&[("X-RateLimit-Retry-After", "12")], Some(s(12)), None, None),
            (&[("Retry-After", "7")], Some(s(7)), None, None),
            // Help Scout's own header wins over the standard one.
            (&[("X-RateLimit-Retry-After", "12"), ("Retry-After", "7")], Some(s(12)), None, None),
            // An unreadable own header falls back to the standard one.
            (&[("X-RateLimit-Retry-After", "soon"), ("Retry-After", "7")], Some(s(7)), None, None),
            (&[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], None, None, None),
            (&[("x-ratelimit-retry-after", "1.5")], Some(Duration::from_millis(1500)), None, None),
            (&[("X-RateLimit-Limit-Minute", "400"), ("X-RateLimit-Remaining-Minute", "0")], None, Some(400), Some(0)),
            (&[("X-RATELIMIT-LIMIT-MINUTE", "200"), ("X-RateLimit-Remaining-Minute", "0"),
               ("X-RateLimit-Retry-After", "30")], Some(s(30)), Some(200), Some(0)),
            (&[("X-RateLimit-Limit-Minute", "lots"), ("X-RateLimit-Remaining-Minute", "-2"),
               ("Retry-After", "-1")], None, None, Some(0)),
        ];
        for &(pairs, retry_after, limit, remaining) in rows {
            let error = from_response(
                429,
                &headers(pairs),
                br#"{"message":"API rate limit exceeded"}"#,
                "list_conversations",
            );
            let Error::RateLimited(limited) = &error else {
                panic!("expected RateLimited, got {error:?}");
            };
            assert_eq!(limited.retry_after(), retry_after, "{pairs:?}");
            assert_eq!(error.retry_after(), retry_after, "{pairs:?}");
            assert_eq!(limited.limit_per_minute(), limit, "{pairs:?}");
            assert_eq!(limited.remaining(), remaining, "{pairs:?}");
            assert_eq!(
                limited.response().message(),
                Some("API rate limit exceeded")
            );
        }
        let error = from_response(
            429,
            &headers(&[("X-RateLimit-Retry-After", "12")]),
            b"",
            "list_conversations",
        );
        assert_eq!(
            error.to_string(),
            "rate limited by Help Scout (HTTP 429, list_conversations); retry after 12 s"
        );
        let error = from_response(429, &headers(&[("Retry-After", "0.25")]), b"", "");
        assert_eq!(
            error.to_string(),
            "rate limited by Help Scout (HTTP 429); retry after 0.2 s"
        );
    }

    #[test]
    fn moved_conversation_gives_the_new_id() {
        #[rustfmt::skip]
        let rows: &[(&str, Option<i64>)] = &[
            ("https://api.helpscout.net/v2/conversations/123456", Some(123_456)),
            ("/v2/conversations/789", Some(789)),
            ("/v2/conversations/789/", Some(789)),
            ("https://api.helpscout.net/v2/conversations/55?embed=threads", Some(55)),
            ("https://api.helpscout.net/v2/conversations/56#top", Some(56)),
            ("https://api.helpscout.net/v2/conversations/9223372036854775807", Some(i64::MAX)),
            ("https://api.helpscout.net/v2/conversations/9223372036854775808", None),
            ("https://api.helpscout.net/v2/conversations/0", None),
            ("https://api.helpscout.net/v2/conversations/-5", None),
            ("https://api.helpscout.net/v2/conversations/+5", None),
            ("https://api.helpscout.net/v2/conversations/12ab", None),
            ("https://api.helpscout.net/v2/conversations", None),
            ("123", Some(123)),
            ("/", None),
            ("?", None),
        ];
        for &(location, new_id) in rows {
            let error = from_response(
                301,
                &headers(&[("Location", location), ("CORRELATION-ID", "m-1")]),
                b"",
                "get_conversation",
            );
            let Error::Moved {
                status,
                location: found,
                new_id: id,
                ..
            } = &error
            else {
                panic!("expected Moved, got {error:?}");
            };
            assert_eq!(
                (*status, found.as_str(), *id),
                (301, location, new_id),
                "{location}"
            );
            assert_eq!(error.correlation_id(), Some("m-1"));
            assert_eq!(
                error.to_string(),
                format!("the resource has moved to {location}")
            );
        }
    }

    #[test]
    fn correlation_id_in_any_case_and_from_a_proxy() {
        let rows: &[(&[(&str, &str)], Option<&str>)] = &[
            (&[("Correlation-Id", "a")], Some("a")),
            (&[("correlation-id", "b")], Some("b")),
            (&[("CORRELATION-ID", " c ")], Some("c")),
            (&[("X-Correlation-Id", "d")], Some("d")),
            (
                &[("Correlation-Id", "e"), ("X-Correlation-Id", "f")],
                Some("e"),
            ),
            (&[("Correlation-Id", "")], None),
            (&[], None),
        ];
        for &(pairs, expected) in rows {
            assert_eq!(
                correlation_id(&headers(pairs)).as_deref(),
                expected,
                "{pairs:?}"
            );
        }
        let mut map = HeaderMap::new();
        map.insert(
            "correlation-id",
            HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(correlation_id(&map), None);
        let long = "x".repeat(1000);
        assert_eq!(
            correlation_id(&headers(&[("Correlation-Id", &long)])).map(|id| id.len()),
            Some(128)
        );
    }

    #[test]
    fn display_of_response_errors() {
        #[rustfmt::skip]
        let rows: &[(u16, &str, &str)] = &[
            (401, "get_conversation", "Help Scout did not accept the access token (HTTP 401, get_conversation): m"),
            (403, "get_report", "Help Scout denied access (HTTP 403, get_report): m"),
            (404, "get_conversation", "Help Scout found no such resource (HTTP 404, get_conversation): m"),
            (412, "create_reply", "Help Scout refused the change (HTTP 412, create_reply): m"),
            (500, "op", "Help Scout failed to handle the request (HTTP 500, op): m"),
            (409, "op", "Help Scout returned an error (HTTP 409, op): m"),
            (200, "", "Help Scout returned an unexpected response (HTTP 200): m"),
        ];
        for &(status, operation, expected) in rows {
            let error = from_response(status, &HeaderMap::new(), br#"{"message":"m"}"#, operation);
            assert_eq!(error.to_string(), expected);
            assert!(error.source().is_none(), "a response error has no source");
        }
        let error = from_response(503, &HeaderMap::new(), b"<html/>", "op");
        assert_eq!(
            error.to_string(),
            "Help Scout failed to handle the request (HTTP 503, op)"
        );
        assert_eq!(
            Error::InvalidRequest("the base URL must use https".into()).to_string(),
            "invalid request: the base URL must use https"
        );
    }

    /// A deterministic xorshift stream, so the fuzz-like tests need no dependency.
    fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn any_body_is_survived_and_truncated() {
        let statuses = [0, 200, 301, 400, 401, 403, 404, 412, 429, 500, 503, 999];
        let mut bodies: Vec<Vec<u8>> = (0..200)
            .map(|seed| pseudo_random_bytes(seed, (seed as usize * 37) % 9000))
            .collect();
        bodies.push(vec![b'['; 100_000]); // nesting deeper than any parser should recurse
        bodies.push(vec![b'{'; 100_000]);
        bodies.push(b"{\"message\":".repeat(10_000));
        bodies.push("é".repeat(5_000).into_bytes()); // multi-byte characters across the cut
        bodies.push(vec![0xFF; 10_000]); // replacement characters outgrow the bytes
        bodies.push(vec![b'a'; 1 << 20]);
        let huge_message = format!(r#"{{"message":"{}"}}"#, "m".repeat(100_000));
        bodies.push(huge_message.into_bytes());
        for body in &bodies {
            for status in statuses {
                let error = from_response(status, &headers(&[("Location", "/x/1")]), body, "op");
                let shown = error.to_string();
                assert!(shown.len() < 2_000, "display of {} bytes", shown.len());
                if let Some(response) = error.response() {
                    assert!(response.body().len() <= MAX_BODY_BYTES);
                    assert!(
                        response
                            .message()
                            .is_none_or(|m| m.chars().count() <= MAX_MESSAGE_CHARS)
                    );
                }
            }
            let _ = decode_json::<Value>("op", body).map_err(|error| error.to_string());
        }
        let body = "é".repeat(5_000);
        let error = from_response(500, &HeaderMap::new(), body.as_bytes(), "op");
        let kept = error.response().unwrap().body();
        assert_eq!(kept, "é".repeat(MAX_BODY_BYTES / 2));
        let error = from_response(500, &HeaderMap::new(), &[0xFF; 10_000], "op");
        let kept = error.response().unwrap().body();
        assert!(kept.len() <= MAX_BODY_BYTES && kept.chars().all(|c| c == '\u{FFFD}'));
        let error = from_response(500, &HeaderMap::new(), b"short", "op");
        assert_eq!(error.response().unwrap().body(), "short");
    }

    #[test]
    fn display_never_repeats_the_source() {
        const SECRET_CAUSE: &str = "distinctive cause xyzzy-4711";
        let cause = || std::io::Error::new(std::io::ErrorKind::ConnectionRefused, SECRET_CAUSE);
        #[rustfmt::skip]
        let rows: Vec<(TransportError, bool, bool, &str)> = vec![
            (TransportError::connect(cause()), false, false, "could not reach Help Scout"),
            (TransportError::connect_timeout(cause()), false, true, "could not reach Help Scout in time"),
            (TransportError::timeout(cause()), true, true, "Help Scout did not answer in time"),
            (TransportError::interrupted(cause()), true, false, "the connection to Help Scout failed"),
        ];
        for (transport, sent, timeout, shown) in rows {
            assert_eq!(transport.may_have_been_sent(), sent);
            assert_eq!(transport.is_timeout(), timeout);
            let error = Error::Transport(transport);
            assert_eq!(error.to_string(), shown);
            assert!(!error.to_string().contains(SECRET_CAUSE));
            assert_eq!(chain(&error), [SECRET_CAUSE]);
            let Error::Transport(transport) = &error else {
                unreachable!()
            };
            assert_eq!(chain(transport), [SECRET_CAUSE]);
            let io = transport
                .source()
                .unwrap()
                .downcast_ref::<std::io::Error>()
                .unwrap();
            assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
        }
        // Any boxed error will do, and the chain below it is kept.
        let boxed: Box<dyn StdError + Send + Sync> =
            Box::new(AuthError::new(AuthErrorKind::TokenEndpoint).with_source(cause()));
        let error = Error::from(TransportError::interrupted(boxed));
        assert_eq!(chain(&error).last().map(String::as_str), Some(SECRET_CAUSE));

        // Error::Auth shows the auth error's own text, and its cause only in the chain.
        let auth =
            AuthError::new(AuthErrorKind::Transport).with_source(TransportError::connect(cause()));
        let error = Error::Auth(auth.clone());
        assert_eq!(error.to_string(), auth.to_string());
        assert!(!error.to_string().contains(SECRET_CAUSE), "{error}");
        assert_eq!(chain(&error), ["could not reach Help Scout", SECRET_CAUSE]);
        assert!(
            Error::Auth(AuthError::new(AuthErrorKind::NoRefreshPossible))
                .source()
                .is_none()
        );

        let error = decode_json::<Vec<u32>>("list_tags", b"[1, \"two\"]").unwrap_err();
        let serde_text = chain(&error);
        assert_eq!(serde_text.len(), 1);
        assert!(serde_text[0].contains("invalid type"), "{serde_text:?}");
        assert!(!error.to_string().contains("invalid type"), "{error}");
    }

    #[test]
    fn transport_errors_from_boxed_and_text_sources() {
        let from_text = TransportError::connect("dns lookup failed");
        assert_eq!(chain(&from_text), ["dns lookup failed"]);
        let boxed: Box<dyn StdError + Send + Sync> = "boxed".into();
        assert_eq!(chain(&TransportError::timeout(boxed)), ["boxed"]);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        #[serde(rename = "_embedded")]
        embedded: Embedded,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Embedded {
        conversations: Vec<Conversation>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Conversation {
        id: i64,
        #[serde(rename = "createdAt")]
        created_at: chrono::DateTime<chrono::Utc>,
    }

    fn conversations(bad_index: usize, count: usize, padding: usize) -> String {
        let items: Vec<String> = (0..count)
            .map(|i| {
                let created = if i == bad_index {
                    "last tuesday"
                } else {
                    "2017-03-31T23:30:01Z"
                };
                format!(
                    r#"{{"id": {i}, "subject": "{}", "createdAt": "{created}"}}"#,
                    "s".repeat(padding)
                )
            })
            .collect();
        format!(
            r#"{{"_embedded": {{"conversations": [{}]}}}}"#,
            items.join(",\n")
        )
    }

    #[test]
    fn decode_reports_the_path_and_a_snippet() {
        let body = conversations(3, 5, 10);
        let error = decode_json::<Page>("list_conversations", body.as_bytes()).unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("expected Decode, got {error:?}");
        };
        assert_eq!(decode.path(), Some("_embedded.conversations[3].createdAt"));
        assert_eq!(decode.operation(), "list_conversations");
        assert_eq!(decode.message(), chain(&error)[0]);
        assert!(
            decode.snippet().contains("last tuesday"),
            "{}",
            decode.snippet()
        );
        assert_eq!(
            error.to_string(),
            "the response to list_conversations did not match the expected shape at \
             `_embedded.conversations[3].createdAt`"
        );
        assert_eq!(error.status(), None);
        assert!(!error.is_retryable());

        // Deep in a large body, the snippet still shows the failing value.
        let body = conversations(150, 200, 300);
        assert!(body.len() > 50_000);
        let error = decode_json::<Page>("list_conversations", body.as_bytes()).unwrap_err();
        let Error::Decode(decode) = &error else {
            unreachable!()
        };
        assert_eq!(
            decode.path(),
            Some("_embedded.conversations[150].createdAt")
        );
        assert!(
            decode.snippet().contains("last tuesday"),
            "{}",
            decode.snippet()
        );
        assert!(decode.snippet().chars().count() <= MAX_SNIPPET_CHARS);

        let good = conversations(usize::MAX, 2, 1);
        let page: Page = decode_json("list_conversations", good.as_bytes()).unwrap();
        assert_eq!(page.embedded.conversations.len(), 2);
    }

    #[test]
    fn decode_failures_of_every_kind() {
        #[rustfmt::skip]
        let rows: &[(&[u8], Option<&str>, &str)] = &[
            (b"", Some("."), "the response to op did not match the expected shape"),
            (b"{\"id\": 1, \"createdAt\": \"2017-03-31T23:30:01Z\"} trailing", Some("."),
                "the response to op did not match the expected shape"),
            (b"{\"id\": \"one\"}", Some("id"), "the response to op did not match the expected shape at `id`"),
            (b"{\"id\": 1}", Some("."), "the response to op did not match the expected shape"),
            (b"\xff\xfe", Some("."), "the response to op did not match the expected shape"),
            (b"{\"id\": 1, \"createdAt\": \"\xff\"}", Some("createdAt"),
                "the response to op did not match the expected shape at `createdAt`"),
        ];
        for &(body, path, shown) in rows {
            let error = decode_json::<Conversation>("op", body).unwrap_err();
            let Error::Decode(decode) = &error else {
                panic!("expected Decode, got {error:?}");
            };
            assert_eq!(decode.path(), path, "{}", String::from_utf8_lossy(body));
            assert_eq!(error.to_string(), shown);
            assert!(decode.snippet().chars().count() <= MAX_SNIPPET_CHARS);
        }
        let error = decode_json::<Conversation>("", b"[]").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the response did not match the expected shape"
        );
    }

    #[test]
    fn decode_error_records_the_correlation_id() {
        let Error::Decode(decode) = decode_json::<u8>("op", b"300").unwrap_err() else {
            panic!("expected Decode");
        };
        let error =
            Error::Decode(decode.with_correlation_id(&headers(&[("Correlation-Id", "d-1")])));
        assert_eq!(error.correlation_id(), Some("d-1"));
    }

    #[test]
    fn snippets_stay_on_character_boundaries() {
        let body = "ü€😀".repeat(1000);
        for offset in [
            0,
            1,
            2,
            3,
            5,
            7,
            100,
            2_000,
            body.len() - 1,
            body.len(),
            body.len() + 10,
        ] {
            let snippet = snippet_around(body.as_bytes(), offset);
            assert!(!snippet.contains('\u{FFFD}'), "offset {offset}");
            assert!(snippet.chars().count() <= MAX_SNIPPET_CHARS);
        }
        assert_eq!(snippet_around(b"", 5), "");
        assert_eq!(snippet_around(b"abc", 1), "abc");
    }

    #[tokio::test]
    async fn reqwest_failures_say_whether_the_request_was_sent() {
        // Building fails before anything is sent.
        let built = crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get("not a url")
            .build()
            .unwrap_err();
        let transport = TransportError::from_reqwest(built);
        assert!(!transport.may_have_been_sent() && !transport.is_timeout());

        // A closed port refuses the connection.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let refused = crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        let transport = TransportError::from_reqwest(refused);
        assert!(!transport.may_have_been_sent(), "{transport:?}");
        assert!(!transport.is_timeout());
        assert_eq!(transport.to_string(), "could not reach Help Scout");
        assert!(!chain(&transport).is_empty());

        // A server that accepts the connection but never answers.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = silent.local_addr().unwrap();
        let client = crate::tls::http_client_builder()
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        let timed_out = client
            .get(format!("http://{address}/"))
            .send()
            .await
            .unwrap_err();
        let transport = TransportError::from_reqwest(timed_out);
        assert!(
            transport.may_have_been_sent() && transport.is_timeout(),
            "{transport:?}"
        );
        drop(silent);
    }

    #[tokio::test]
    async fn progenitor_errors_are_mapped_in_one_place() {
        let response = http::Response::builder()
            .status(404)
            .header("Correlation-Id", "p-1")
            .body(r#"{"message":"Resource not found","logRef":"lr"}"#)
            .unwrap();
        let raw = progenitor_client::Error::<()>::UnexpectedResponse(response.into());
        let error = from_progenitor::<Value, ()>("get_conversation", raw).await;
        assert_eq!(variant(&error), "NotFound");
        assert_eq!(error.correlation_id(), Some("p-1"));
        assert_eq!(error.response().unwrap().log_ref(), Some("lr"));
        assert_eq!(
            error.to_string(),
            "Help Scout found no such resource (HTTP 404, get_conversation): Resource not found"
        );

        // A long body is read only so far.
        let long = "x".repeat(MAX_BODY_READ_BYTES * 3);
        let response = http::Response::builder().status(500).body(long).unwrap();
        let raw = progenitor_client::Error::<()>::UnexpectedResponse(response.into());
        let error = from_progenitor::<Value, ()>("op", raw).await;
        assert_eq!(error.response().unwrap().body().len(), MAX_BODY_BYTES);

        let body = br#"{"id": 1, "createdAt": "yesterday"}"#;
        let serde_error = serde_json::from_slice::<Conversation>(body).unwrap_err();
        let raw = progenitor_client::Error::<()>::InvalidResponsePayload(
            body.to_vec().into(),
            serde_error,
        );
        let error = from_progenitor::<Conversation, ()>("get_conversation", raw).await;
        let Error::Decode(decode) = &error else {
            panic!("expected Decode, got {error:?}");
        };
        assert_eq!(decode.path(), Some("createdAt"));

        // When the second decode disagrees, serde_json's error is kept without a path.
        let serde_error = serde_json::from_slice::<u8>(b"x").unwrap_err();
        let raw = progenitor_client::Error::<()>::InvalidResponsePayload(
            b"1".to_vec().into(),
            serde_error,
        );
        let error = from_progenitor::<Value, ()>("op", raw).await;
        let Error::Decode(decode) = &error else {
            panic!()
        };
        assert_eq!(decode.path(), None);

        let raw = progenitor_client::Error::<()>::InvalidRequest("bad".into());
        let error = from_progenitor::<Value, ()>("op", raw).await;
        assert_eq!(variant(&error), "InvalidRequest");

        let raw = progenitor_client::Error::<()>::Custom("refused".into());
        assert_eq!(
            variant(&from_progenitor::<Value, ()>("op", raw).await),
            "InvalidRequest"
        );

        let built = crate::tls::http_client_builder()
            .build()
            .unwrap()
            .get("not a url")
            .build()
            .unwrap_err();
        let raw = progenitor_client::Error::<()>::CommunicationError(built);
        assert_eq!(
            variant(&from_progenitor::<Value, ()>("op", raw).await),
            "Transport"
        );
    }

    #[test]
    fn error_stays_small() {
        // Every `Result` of the crate carries an `Error`; the bulky context is boxed.
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + StdError>() {}
        assert_bounds::<Error>();
        assert_bounds::<ApiError>();
        assert_bounds::<ValidationError>();
        assert_bounds::<RateLimited>();
        assert_bounds::<AuthError>();
        assert_bounds::<TransportError>();
        assert_bounds::<DecodeError>();
        let boxed: Box<dyn StdError + Send + Sync> = Box::new(Error::InvalidRequest("x".into()));
        assert_eq!(boxed.to_string(), "invalid request: x");
    }
}
