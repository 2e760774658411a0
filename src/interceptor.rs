//! Observing and adjusting every request and response, without giving up the client's
//! pacing, retries and token handling: an [`Interceptor`] registered with
//! [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor) is called on every
//! attempt the client sends.
//!
//! ```no_run
//! use helpscout_mailbox::interceptor::{Interceptor, RequestParts, ResponseView};
//! use helpscout_mailbox::{Client, auth::Credentials};
//! use http::HeaderValue;
//!
//! /// Tags every request for a proxy's logs, and logs every answer.
//! struct Audit;
//!
//! impl Interceptor for Audit {
//!     fn before_send(&self, request: &mut RequestParts<'_>) {
//!         request
//!             .headers_mut()
//!             .insert("x-request-source", HeaderValue::from_static("nightly-sync"));
//!     }
//!
//!     fn after_receive(&self, response: &ResponseView<'_>) {
//!         eprintln!(
//!             "{} attempt {}: {} (correlation id {:?})",
//!             response.operation(),
//!             response.attempt(),
//!             response.status(),
//!             response.correlation_id(),
//!         );
//!     }
//! }
//!
//! let client = Client::builder()
//!     .credentials(Credentials::client_credentials("app-id", "app-secret"))
//!     .interceptor(Audit)
//!     .build()?;
//! # Ok::<(), helpscout_mailbox::Error>(())
//! ```
//!
//! What an interceptor sees, and why:
//!
//! - **Every attempt.** [`before_send`](Interceptor::before_send) runs on a fresh copy of the
//!   request before each attempt, retries and the resend after a token renewal included, so
//!   a header it adds is on every attempt, and a per-attempt value (a request id) can differ
//!   between them. [`after_receive`](Interceptor::after_receive) runs for each answer, the
//!   429s and 5xx that are retried included, once its body has been read.
//! - **After pacing, before the wire.** The request has been admitted against the rate
//!   budget and has its token when `before_send` runs; nothing an interceptor does can skip
//!   the pacer or the retry rules.
//! - **Not the token requests.** The requests to the token endpoint carry the application's
//!   secret (and their answers the tokens), so they are not shown to interceptors;
//!   [`ClientBuilder::on_tokens`](crate::ClientBuilder::on_tokens) sees the token sets.
//! - **No token.** The `Authorization` header reads `Bearer [redacted]` while interceptors
//!   run, and the client sets the real one after them, over anything an interceptor put
//!   there: the token never reaches interceptor code, and an interceptor cannot send
//!   another one by accident.
//! - **Bodies as they travel.** A request body is shown as sent (a webhook create or update
//!   carries the signing secret you chose for it); an error body is shown with the client's
//!   own secrets already replaced by `[redacted]`, as errors carry it.
//! - **Fixed target and body.** The method, URI and body can be read, not changed: the
//!   request snapshots, the rate-limit cost of the method and the retry rules all assume the
//!   request the operation built.
//! - **No answer, no call.** An attempt that got no answer (a connection that failed, a
//!   timeout) or whose body was over the client's limit does not reach `after_receive`;
//!   [`Event::Retrying`](crate::events::Event::Retrying) reports those that are retried.
//!
//! Interceptors run on the task that sends the request, in the order they were registered:
//! keep them quick, and do not block in them.

use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

use crate::rate_limit::RateLimitFigures;
use crate::raw::ResponseFacts;

/// Called by the client on every attempt it sends; see the [module docs](self). Both
/// methods do nothing unless implemented.
pub trait Interceptor: Send + Sync + 'static {
    /// Called before each attempt goes out, with the request as it will be sent: headers can
    /// be added, changed or removed.
    fn before_send(&self, request: &mut RequestParts<'_>) {
        let _ = request;
    }

    /// Called with each answer to an attempt, whatever its status, once its body was read.
    fn after_receive(&self, response: &ResponseView<'_>) {
        let _ = response;
    }
}

/// The value of the `Authorization` header while interceptors see a request.
pub const REDACTED_AUTHORIZATION: &str = "Bearer [redacted]";

/// A request about to be sent, as an [`Interceptor`] sees it: its headers can be changed, the
/// rest read.
#[derive(Debug)]
pub struct RequestParts<'a> {
    pub(crate) operation: &'a str,
    pub(crate) attempt: u32,
    pub(crate) method: &'a Method,
    pub(crate) uri: &'a Uri,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
}

impl RequestParts<'_> {
    /// The operation, by its id in the spec (`listConversations`), or `apiRequest` for
    /// [`Client::api`](crate::Client::api).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// Which attempt this is: 1 for the first, counting retries after a failure (a resend
    /// after a token renewal keeps the number of the attempt it repeats).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URI, query included.
    pub fn uri(&self) -> &Uri {
        self.uri
    }

    /// The request headers; `Authorization` reads [`REDACTED_AUTHORIZATION`].
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The request headers, to change. An `Authorization` set here is replaced by the
    /// client's own.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body, when the request has one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

/// An answer to one attempt, as an [`Interceptor`] sees it.
#[derive(Debug)]
pub struct ResponseView<'a> {
    pub(crate) operation: &'a str,
    pub(crate) attempt: u32,
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) facts: &'a ResponseFacts,
}

impl ResponseView<'_> {
    /// The operation, by its id in the spec.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// Which attempt this answers, as in [`RequestParts::attempt`].
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The status Help Scout answered.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The body as read: a success body whole, an error body up to 64 KiB with the
    /// client's secrets replaced by `[redacted]`.
    pub fn body(&self) -> &[u8] {
        self.body
    }

    /// Help Scout's `Correlation-Id`, read as the client reads it for errors.
    pub fn correlation_id(&self) -> Option<&str> {
        self.facts.correlation_id.as_deref()
    }

    /// The `X-RateLimit-*` figures of this answer, as the pacer learned them.
    pub fn rate_limit(&self) -> Option<&RateLimitFigures> {
        self.facts.rate_limit.as_ref()
    }

    /// The id of a created resource (`Resource-ID`, else the end of `Location`).
    pub fn created_id(&self) -> Option<i64> {
        self.facts.created_id
    }
}

/// The redacted `Authorization` value interceptors see.
pub(crate) fn redacted_authorization() -> HeaderValue {
    let mut value = HeaderValue::from_static(REDACTED_AUTHORIZATION);
    value.set_sensitive(true);
    value
}
