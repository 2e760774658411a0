//! [`WebhookError`]: why a delivery was refused.

use std::error::Error as StdError;
use std::fmt;

use http::StatusCode;

/// Why a webhook delivery was refused: the receiver is not configured, the request is not
/// from Help Scout (or was altered on the way), or its payload is not what the event promises.
///
/// `Display` names the problem in one line. It never contains the secret, the signature this
/// crate expected or the one the request carried, so it is safe to log and to send back in
/// the response. [`status`](Self::status) gives the HTTP status to answer with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The receiver's secret is empty: it was never configured, or an environment variable
    /// came back blank. Nothing can be verified without it, so every delivery fails.
    #[error("the webhook secret is missing or empty")]
    MissingSecret,

    /// The request has no `X-HelpScout-Signature` header (under any of its spellings), or
    /// the header is empty. Help Scout signs every delivery, so the request is not from it.
    #[error("the request has no X-HelpScout-Signature header")]
    MissingSignature,

    /// The `X-HelpScout-Signature` header is not a base64-encoded HMAC-SHA1 digest.
    #[error("the X-HelpScout-Signature header is not a base64 HMAC-SHA1 signature: {problem}")]
    #[non_exhaustive]
    MalformedSignature {
        /// What is wrong with it.
        problem: SignatureProblem,
    },

    /// The signature does not match the body: the secret differs from the one configured on
    /// the webhook, the body was changed (re-serialised JSON counts), or the request is not
    /// from Help Scout.
    #[error("the X-HelpScout-Signature header does not match the body")]
    SignatureMismatch,

    /// The signature is valid but the request has no `X-HelpScout-Event` header, so there is
    /// no telling which payload the body is.
    #[error("the request has no X-HelpScout-Event header")]
    MissingEvent,

    /// The body is signed but does not decode as the payload its event promises.
    #[error(transparent)]
    Payload(PayloadError),
}

impl WebhookError {
    /// The HTTP status a receiver should answer with: 500 for a missing secret (the
    /// receiver's fault, and worth a retry by Help Scout once fixed), 401 for every signature
    /// problem, 400 for a missing event name or a payload that does not decode.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingSecret => StatusCode::INTERNAL_SERVER_ERROR,
            Self::MissingSignature | Self::MalformedSignature { .. } | Self::SignatureMismatch => {
                StatusCode::UNAUTHORIZED
            }
            Self::MissingEvent | Self::Payload(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// Whether the request failed verification: no signature, a malformed one or a wrong
    /// one. Such a request must not be trusted in any way.
    pub fn is_unverified(&self) -> bool {
        matches!(
            self,
            Self::MissingSignature | Self::MalformedSignature { .. } | Self::SignatureMismatch
        )
    }
}

/// What is wrong with a malformed `X-HelpScout-Signature` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureProblem {
    /// The value is not standard (RFC 4648 §4, padded) base64.
    NotBase64,
    /// The value is base64 but does not decode to the 20 bytes of an HMAC-SHA1 digest.
    WrongLength {
        /// How many bytes it decodes to.
        bytes: usize,
    },
}

impl fmt::Display for SignatureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotBase64 => f.write_str("it is not base64"),
            Self::WrongLength { bytes } => {
                write!(f, "it decodes to {bytes} bytes, not the 20 of a digest")
            }
        }
    }
}

/// A signed body that does not decode as its event's payload: which event, where in the
/// JSON, and `serde_json`'s description of the mismatch (the [`source`](StdError::source)).
#[derive(Debug)]
pub struct PayloadError {
    event: String,
    path: String,
    source: serde_json::Error,
}

impl PayloadError {
    pub(crate) fn new(event: &str, path: String, source: serde_json::Error) -> Self {
        Self {
            event: event.to_owned(),
            path,
            source,
        }
    }

    /// The event name the delivery carried, such as `convo.created`.
    pub fn event(&self) -> &str {
        &self.event
    }

    /// Where decoding failed, such as `threads[0].createdAt`; `.` for the document itself
    /// (not JSON at all, or text after the JSON value).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `serde_json`'s description of the mismatch, the same text as the source's.
    pub fn message(&self) -> String {
        self.source.to_string()
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The event name comes from an unsigned header: escaped, so it cannot break a log line.
        write!(
            f,
            "the `{}` payload did not match the expected shape",
            self.event.escape_debug()
        )?;
        if self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        Ok(())
    }
}

impl StdError for PayloadError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}
