//! A client for the [Help Scout Mailbox API v2](https://developer.helpscout.com/mailbox-api/):
//! typed, tolerant of what the API adds later, and careful on the wire.
//!
//! # A tour
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::auth::Credentials;
//! use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId};
//! use helpscout_mailbox::models::{ConversationStatus, ConversationStatusFilter, CreateConversationThread, ThreadCustomer};
//! use helpscout_mailbox::Client;
//!
//! # async fn run() -> helpscout_mailbox::Result<()> {
//! // One client per program: it is cheap to clone and shares its token and rate-limit state.
//! let client = Client::builder()
//!     .credentials(Credentials::client_credentials("app-id", "app-secret"))
//!     .user_agent("acme-support-sync/1.0")
//!     .build()?;
//!
//! // Lists are pages; `.stream()` walks every page lazily.
//! let mut open = client.conversations().list().mailboxes([MailboxId::new(1)]).status(ConversationStatusFilter::Active).stream();
//! while let Some(conversation) = open.try_next().await? {
//!     println!("{:?}: {:?}", conversation.number, conversation.subject);
//! }
//!
//! // Ids in the models are typed, so a value read from one call passes into the next.
//! let page = client.conversations().list().mailboxes([MailboxId::new(1)]).await?;
//! if let Some(c) = page.items.first() {
//!     client.threads().reply(c.id, c.primary_customer.id, "Thanks!").await?;
//!     println!("{} is tagged {:?}", c.id, c.tag_names().collect::<Vec<&str>>());
//!     // Enum fields compare with the enum, whatever case the API sent them in.
//!     if c.status.as_deref() == Some(&ConversationStatus::Closed) {
//!         println!("{} is closed", c.id);
//!     }
//! }
//!
//! // Creates return the new id from the `Resource-ID` header.
//! let id = client
//!     .conversations()
//!     .create(MailboxId::new(1), ThreadCustomer::by_email("ada@example.com"), "Order 1234", CreateConversationThread::customer("Where is it?"))
//!     .tags(["orders"])
//!     .await?;
//!
//! // The reply endpoint insists on the customer's id; this reads it from the conversation.
//! client.threads().reply_to_primary_customer(id, "It ships today.").await?;
//! client.conversations().set_status(id, ConversationStatus::Closed).await?;
//! println!("rate limit: {:?}", client.rate_limit());
//! # Ok(()) }
//! ```
//!
//! # What the client does for you
//!
//! - **Authentication** ([`auth`]): client-credentials and authorization-code grants, a fixed
//!   token, or a refresh token. Tokens are requested form-encoded, renewed five minutes before
//!   they expire by one request however many calls wait, renewed on a 401 at any attempt of a
//!   call (a 401 to the token fetched for that retry is final), and every rotated refresh
//!   token is handed to [`ClientBuilder::on_tokens`] for you to persist.
//! - **Retries** ([`retry`]): a 429 is retried after `X-RateLimit-Retry-After`; a 504 is retried
//!   (Help Scout documents it as safe); other server errors and network failures only for
//!   idempotent methods, so a create is never sent twice.
//! - **Rate limits** ([`rate_limit`]): the `X-RateLimit-*` figures of every response are kept
//!   ([`Client::rate_limit`]), and requests slow down before the per-minute budget is gone.
//! - **Bounds** on everything a server controls: every wait (pacing, 429, backoff) within the
//!   [`retry::RetryPolicy`], bodies within [`ClientBuilder::max_response_bytes`] (error bodies
//!   within 64 KiB, read once), the whole call within [`ClientBuilder::deadline`] or
//!   [`Client::with_deadline`], and the client's secrets scrubbed from any server text an
//!   error carries.
//! - **Pagination** ([`page`]): [`Page`] reads its size from the response; streams stop at the
//!   last page, on an empty page and on a repeated page; [`guide::pages`] shows them in use.
//!   For exports, [`pages_auto`](crate::List::pages_auto)
//!   keeps as many requests in flight as the account's budget sustains, and
//!   [`pages_auto_from`](crate::List::pages_auto_from) resumes one;
//!   `examples/resumable_export` writes every conversation to a file with a checkpoint after
//!   each page and resumes after an interruption
//!   (`cargo run --example resumable_export -- conversations.jsonl`, against the embedded
//!   simulator without credentials).
//! - **One budget for all** ([`rate_limit`], [`events`]): a client and its clones share one
//!   pacer, so concurrent requests stay within the per-minute budget together and a 429
//!   pauses all of them once; [`ClientBuilder::on_event`] reports pauses and retries.
//! - **Errors** ([`error`]): one [`Error`] enum with the validation fields, the rate-limit wait,
//!   the new id of a merged conversation, and the transport cause kept as its source;
//!   [`guide::errors`] shows how to match on it.
//! - **Models** ([`models`]): generated from the crate's OpenAPI spec; unknown fields are
//!   ignored, unknown enum values are kept in `Unknown(String)`, timestamps parse with or
//!   without fractions and zone, and every model has a JSON Schema.
//! - **Change feeds** ([`feed`]): the conversations or customers changed since a checkpoint,
//!   polled at an interval, each change yielded once, resumable after a restart.
//! - **Interceptors** ([`interceptor`]): observe every attempt and answer, or add headers to
//!   every request, without giving up pacing and retries; the token stays hidden from them.
//! - **Quirks** ([`quirks`]): every documented oddity of the API (Q01, Q02, ...), what the
//!   crate does about it, and the tests that pin it.
//!
//! Coming from the v1 API: [`guide::v1`] maps its scoped conversation lists to v2 calls.
//!
//! # Features
//!
//! Transport (see [`tls`]); one TLS feature is needed to reach Help Scout over HTTPS:
//!
//! - `rustls` (default): rustls with the `ring` crypto provider.
//! - `rustls-aws-lc-rs`: rustls with the `aws-lc-rs` provider (reqwest's default; a much
//!   longer C build). Used instead of `ring` when both are on.
//! - `native-tls`: the platform's TLS (OpenSSL on Linux). Used instead of rustls when both
//!   are on.
//! - `gzip`, `brotli`, `zstd`: ask for compressed responses and decompress them. Help Scout
//!   is not verified to compress its answers; [`ClientBuilder::max_response_bytes`] bounds
//!   the decompressed size.
//! - `http2`: HTTP/2 where the server offers it (ALPN); HTTP/1.1 with keep-alive otherwise.
//! - `system-proxy`: the operating system's proxy settings (macOS, Windows) besides the
//!   `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY` variables.
//!
//! Extras:
//!
//! - `schemars` (default): `schemars::JsonSchema` for every model, id and enum, for tool
//!   and form schemas (the CLI's MCP server uses it). Without it the crate itself builds
//!   faster.
//! - `testing`: [`testing::MockTransport`] and [`ClientBuilder::mock_transport`], an
//!   in-process transport that records requests and answers them, for testing your own code
//!   without a network.
//! - `axum`: [`webhooks::axum`], an extractor that verifies and decodes webhook deliveries.
//!
//! On docs.rs every feature is on; items that need one say so.
//!
//! The embedded, stateful Help Scout Mailbox API on loopback (for tests, examples and demos)
//! is a crate of its own, `helpscout-mailbox-simulator`:
//! `cargo run -p helpscout-mailbox-simulator --example simulator`.
//!
//! # How it is built
//!
//! An OpenAPI 3.0.3 description of every operation lives in `openapi/` (Help Scout publishes
//! none); `build.rs` generates a raw client from it with progenitor, kept private; this
//! facade wraps it. `generated/raw.rs` is the same code, checked in for review.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// docs.rs builds with `--cfg docsrs` on nightly: feature-gated items show their feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api_request;
pub mod auth;
mod call;
mod client;
pub mod error;
pub mod events;
pub mod feed;
pub mod guide;
mod headers;
pub mod ids;
pub mod interceptor;
pub mod list;
pub mod models;
pub mod page;
pub mod quirks;
pub mod rate_limit;
mod raw;
pub mod request;
pub mod resources;
pub mod retry;
#[cfg(feature = "redis")]
pub mod shared;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
pub mod tls;
pub mod webhooks;

pub use api_request::{ApiRequest, ApiResponse};
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, USER_AGENT,
};
pub use error::{Error, Result};
/// The `http` crate, whose `Method` and `HeaderMap` [`Client::api`] takes and returns.
pub use http;
pub use list::List;
pub use page::Page;
pub use request::Request;
