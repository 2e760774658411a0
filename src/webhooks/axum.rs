//! An [axum](https://docs.rs/axum) extractor for webhook deliveries (feature `axum`).
//!
//! [`VerifiedEvent`] reads the body, verifies its signature with the [`WebhookSecret`] taken
//! from the router's state, and decodes the [`Event`]. A handler that takes it only ever runs
//! for genuine deliveries; others are answered with [`WebhookError::status`]: 401 for a
//! missing or wrong signature, 400 for a payload that does not decode, 500 when the secret is
//! empty.
//!
//! ```
//! use axum::Router;
//! use axum::http::StatusCode;
//! use axum::routing::post;
//! use helpscout_mailbox::webhooks::Event;
//! use helpscout_mailbox::webhooks::axum::{VerifiedEvent, WebhookSecret};
//!
//! async fn on_webhook(VerifiedEvent(event): VerifiedEvent) -> StatusCode {
//!     if let Event::ConvoCreated(conversation) = event {
//!         println!("conversation {:?} created", conversation.id);
//!     }
//!     StatusCode::OK
//! }
//!
//! let app: Router = Router::new()
//!     .route("/helpscout", post(on_webhook))
//!     .with_state(WebhookSecret::new("the secret given to Help Scout"));
//! ```
//!
//! With a larger state, implement [`FromRef`] for [`WebhookSecret`] (or derive it with
//! axum's `macros` feature):
//!
//! ```
//! use axum::extract::FromRef;
//! use helpscout_mailbox::webhooks::axum::WebhookSecret;
//!
//! #[derive(Clone)]
//! struct AppState {
//!     webhook_secret: WebhookSecret,
//!     // database pools, clients, ...
//! }
//!
//! impl FromRef<AppState> for WebhookSecret {
//!     fn from_ref(state: &AppState) -> Self {
//!         state.webhook_secret.clone()
//!     }
//! }
//! ```
//!
//! The body is read whole, within axum's body limit (2 MB unless changed with
//! `DefaultBodyLimit`); a conversation payload with many threads can be large.

use std::fmt;
use std::sync::Arc;

use ::axum::body::Bytes;
use ::axum::extract::rejection::BytesRejection;
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::response::{IntoResponse, Response};
use http::StatusCode;

use super::{Event, WebhookError, receive};

/// The secret of a webhook, as configured in Help Scout; cheap to clone. `Debug` does not
/// show it.
#[derive(Clone)]
pub struct WebhookSecret(Arc<str>);

impl WebhookSecret {
    /// Wraps the secret. An empty one is accepted here and refused at every delivery with
    /// [`WebhookError::MissingSecret`] (HTTP 500), so a missing configuration shows up in
    /// Help Scout's delivery log rather than as a crash.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Arc::from(secret.into()))
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl From<String> for WebhookSecret {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<&str> for WebhookSecret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

/// An extractor: a delivery whose signature was verified, decoded into its [`Event`].
///
/// The state must provide a [`WebhookSecret`] through [`FromRef`]; a request that fails is
/// answered with a [`WebhookRejection`]. It consumes the body, so it must be the handler's
/// last argument.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedEvent(pub Event);

impl<S> FromRequest<S> for VerifiedEvent
where
    S: Send + Sync,
    WebhookSecret: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secret = WebhookSecret::from_ref(state);
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| WebhookRejection(Rejection::Body(rejection)))?;
        receive(&headers, &body, secret.expose())
            .map(VerifiedEvent)
            .map_err(|error| WebhookRejection(Rejection::Webhook(error)))
    }
}

/// Why [`VerifiedEvent`] refused a request; answers with [`status`](Self::status) and a
/// one-line text body (which never contains the secret or a signature).
#[derive(Debug)]
pub struct WebhookRejection(Rejection);

#[derive(Debug)]
enum Rejection {
    Webhook(WebhookError),
    Body(BytesRejection),
}

impl WebhookRejection {
    /// The status of the answer: that of [`WebhookError::status`], or of axum's body
    /// rejection (413 for a body over the limit, for instance).
    pub fn status(&self) -> StatusCode {
        match &self.0 {
            Rejection::Webhook(error) => error.status(),
            Rejection::Body(rejection) => rejection.status(),
        }
    }

    /// The verification or decoding failure, unless the body could not be read at all.
    pub fn webhook_error(&self) -> Option<&WebhookError> {
        match &self.0 {
            Rejection::Webhook(error) => Some(error),
            Rejection::Body(_) => None,
        }
    }
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Rejection::Webhook(error) => fmt::Display::fmt(error, f),
            Rejection::Body(_) => f.write_str("the webhook body could not be read"),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            // Transparent: the Display above is already the error's own.
            Rejection::Webhook(error) => std::error::Error::source(error),
            Rejection::Body(rejection) => Some(rejection),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self.0 {
            Rejection::Body(rejection) => rejection.into_response(),
            Rejection::Webhook(error) => (error.status(), error.to_string()).into_response(),
        }
    }
}
