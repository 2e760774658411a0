//! The errors that stand for an error response of Help Scout: [`ApiError`] and the variants
//! that wrap it ([`ValidationError`] on a 400, [`RateLimited`] on a 429), with their
//! `Display` lines.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

use super::body::{MAX_BODY_BYTES, ParsedBody, truncate_text};
use crate::rate_limit::RateLimitFigures;
use crate::raw::ResponseFacts;

/// How many field errors `Display` lists before summing up the rest.
const DISPLAYED_FIELDS: usize = 3;

/// An error response from Help Scout: its status and what its body and headers said.
///
/// Carried by [`Error::Unauthorized`](super::Error::Unauthorized),
/// [`Error::Forbidden`](super::Error::Forbidden), [`Error::NotFound`](super::Error::NotFound),
/// [`Error::PreconditionFailed`](super::Error::PreconditionFailed) and
/// [`Error::Api`](super::Error::Api), and inside [`ValidationError`] and [`RateLimited`].
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
    pub(super) fn from_parts(
        status: u16,
        facts: &ResponseFacts,
        body: &[u8],
        operation: &str,
    ) -> Self {
        let parsed = ParsedBody::parse(body);
        Self(Box::new(ApiErrorData {
            status,
            operation: operation.to_owned(),
            message: parsed.message,
            log_ref: parsed.log_ref,
            fields: parsed.fields,
            correlation_id: facts.correlation_id.clone(),
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
    pub(super) path: Option<String>,
    pub(super) message: Option<String>,
    pub(super) rejected_value: Option<Value>,
    pub(super) source: Option<String>,
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
pub struct ValidationError(pub(super) ApiError);

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
    pub(super) response: ApiError,
    retry_after: Option<Duration>,
    limit_per_minute: Option<u32>,
    remaining: Option<u32>,
}

impl RateLimited {
    pub(super) fn from_response(response: ApiError, facts: &ResponseFacts) -> Self {
        let figures = facts.rate_limit.as_ref();
        Self {
            response,
            retry_after: facts.retry_after,
            limit_per_minute: figures.and_then(RateLimitFigures::limit_per_minute),
            remaining: figures.and_then(RateLimitFigures::remaining),
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
