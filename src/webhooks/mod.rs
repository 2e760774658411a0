//! Receiving Help Scout webhooks: signature verification and typed events.
//!
//! Help Scout POSTs each event to the webhook's URL with two headers:
//! `X-HelpScout-Event` names the event (`convo.created`, `customer.updated`, ...), and
//! `X-HelpScout-Signature` is the base64 of the HMAC-SHA1 of the raw body, keyed with the
//! secret chosen when the webhook was created. [`receive`] does everything a receiver needs
//! with the headers and the body, in any web framework:
//!
//! 1. it verifies the signature over the body's bytes, comparing in constant time;
//! 2. it reads the event name;
//! 3. it decodes the body into an [`Event`], whose variants carry the crate's
//!    [models](crate::models).
//!
//! ```
//! use helpscout_mailbox::webhooks::{self, Event};
//!
//! # let secret = "asdfasdf";
//! # let body = br#"{"id":123}"#;
//! # let signature = webhooks::sign(secret, body);
//! // `headers` may be `&http::HeaderMap`, or any iterator of (name, value) pairs.
//! let headers = [
//!     ("X-HelpScout-Event", "convo.deleted"),
//!     ("X-HelpScout-Signature", signature.as_str()),
//! ];
//! match webhooks::receive(headers, body, secret)? {
//!     Event::ConvoCreated(conversation) => println!("new conversation {:?}", conversation.id),
//!     Event::ConvoDeleted(deleted) => assert_eq!(deleted.id.get(), 123),
//!     event if event.is_test() => {}
//!     other => println!("not handled: {}", other.name()),
//! }
//! # Ok::<(), webhooks::WebhookError>(())
//! ```
//!
//! With the `axum` feature, [`axum::VerifiedEvent`] does the same as an extractor.
//!
//! # Getting it right
//!
//! - **Verify the body exactly as received.** Help Scout signs its own serialisation (PHP
//!   style, with `\/` and `\u00e9` escapes). Parsing the JSON and serialising it again gives
//!   other bytes and a [`SignatureMismatch`](WebhookError::SignatureMismatch), so hand over
//!   the raw body, before any JSON middleware touches it.
//! - **Header names vary.** HTTP/2 lowercases them and PHP/CGI servers rename them to
//!   `HTTP_X_HELPSCOUT_SIGNATURE`; every spelling is accepted.
//! - **What the signature does not cover.** It signs the body only: not the event header,
//!   and no timestamp. Someone who captured one delivery can send it again, or send its body
//!   under another event name (where it then has to decode as that event's payload). Treat
//!   events as "something changed, here is the state", make handling idempotent, and fetch
//!   the resource from the API when acting on it matters.
//! - **Answer quickly with a 2xx.** Help Scout retries deliveries that fail and disables a
//!   webhook that keeps failing; [`WebhookError::status`] gives the status to answer with
//!   when a delivery is refused.
//! - **Payload webhooks only.** A webhook created with `notification: true` sends only the
//!   resource's URI; decode such bodies yourself after [`verify`].

mod error;
mod event;
mod verify;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

pub use error::{PayloadError, SignatureProblem, WebhookError};
pub use event::{Deleted, Event};
pub use verify::{HeaderEntry, sign, verify, verify_signature};

/// The header carrying a delivery's signature, as Help Scout spells it.
pub const SIGNATURE_HEADER: &str = "X-HelpScout-Signature";

/// The header carrying a delivery's event name, as Help Scout spells it.
pub const EVENT_HEADER: &str = "X-HelpScout-Event";

/// Verifies a delivery and decodes its event: the one call a receiver needs.
///
/// In order: checks `X-HelpScout-Signature` against `body` (as [`verify`] does), reads
/// `X-HelpScout-Event`, then decodes the body as that event's payload ([`Event::decode`]).
/// Nothing is parsed before the signature has been checked. Header names are matched in any
/// case, with `_` for `-` and an optional `HTTP_` prefix.
///
/// `body` must be the bytes as received; `headers` is anything iterating over
/// [`HeaderEntry`] items, such as `&http::HeaderMap` or `[(&str, &str); N]`.
///
/// ```
/// use helpscout_mailbox::webhooks::{Event, receive};
/// use http::{HeaderMap, HeaderValue};
///
/// let body = br#"{"id":123}"#;
/// let mut headers = HeaderMap::new();
/// headers.insert("x-helpscout-event", HeaderValue::from_static("customer.deleted"));
/// headers.insert("x-helpscout-signature", HeaderValue::from_static("7S2+kN8bZsrdAEADJ+yYfWWsf/4="));
///
/// let event = receive(&headers, body, "asdfasdf")?;
/// assert!(matches!(event, Event::CustomerDeleted(deleted) if deleted.id.get() == 123));
/// # Ok::<(), helpscout_mailbox::webhooks::WebhookError>(())
/// ```
///
/// # Errors
///
/// [`WebhookError::MissingSecret`] for an empty `secret`; [`WebhookError::MissingSignature`],
/// [`WebhookError::MalformedSignature`] or [`WebhookError::SignatureMismatch`] when the
/// request does not verify; [`WebhookError::MissingEvent`] without an event name; and
/// [`WebhookError::Payload`] when the body does not decode as the event's payload.
pub fn receive<H>(headers: H, body: &[u8], secret: &str) -> Result<Event, WebhookError>
where
    H: IntoIterator,
    H::Item: HeaderEntry,
{
    let found = verify::DeliveryHeaders::scan(headers);
    verify::check(secret, body, found.signature.as_deref())?;
    let name = found
        .event
        .filter(|name| !name.is_empty())
        .ok_or(WebhookError::MissingEvent)?;
    Event::decode(&name, body)
}
