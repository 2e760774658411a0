//! The failures that are not an error response: the request did not complete
//! ([`TransportError`]), or a success body did not match the model ([`DecodeError`]).

use std::error::Error as StdError;
use std::fmt;

use serde::de::DeserializeOwned;

use super::Result;
use super::body::{error_offset, snippet_around};

/// The boxed source error a [`TransportError`] keeps, so that callers can
/// walk the chain without this crate naming the HTTP stack's error types.
type BoxError = Box<dyn StdError + Send + Sync + 'static>;

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

    pub(super) fn new(
        operation: &str,
        body: &[u8],
        source: serde_json::Error,
        path: Option<String>,
    ) -> Self {
        Self {
            operation: operation.to_owned(),
            path,
            snippet: snippet_around(body, error_offset(body, &source)),
            correlation_id: None,
            source,
        }
    }

    /// Adds the response's `Correlation-Id`, which [`decode_json`] cannot see.
    #[cfg(test)]
    pub(crate) fn with_correlation_id(mut self, headers: &http::HeaderMap) -> Self {
        self.correlation_id = crate::headers::correlation_id(headers);
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
