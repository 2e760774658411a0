//! Reacting to errors: every call returns [`crate::Result`], and [`Error`](crate::Error) says
//! what to do next.
//!
//! The client has already retried what is safe to retry (429s after their wait, 504s, and
//! transport failures of idempotent requests) before an error reaches you, within the
//! [`RetryPolicy`](crate::retry::RetryPolicy). What is left is for the caller:
//!
//! - [`Error::Validation`](crate::Error::Validation): Help Scout rejected the content; each
//!   [`FieldError`](crate::error::FieldError) names the field (`subject`,
//!   `threads[0].text`) and the reason.
//! - [`Error::RateLimited`](crate::Error::RateLimited): still limited after the retries;
//!   [`retry_after`](crate::error::RateLimited::retry_after) says how long to back off.
//! - [`Error::Moved`](crate::Error::Moved): a `GET` of a conversation that was merged into
//!   another; `new_id` is the surviving conversation. Writes to a merged conversation answer
//!   [`Error::NotFound`](crate::Error::NotFound) instead, so read it first to learn the id.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use helpscout_mailbox::ids::ConversationId;
//! use helpscout_mailbox::models::Conversation;
//! use helpscout_mailbox::{Client, Error, Result};
//!
//! /// Reads a conversation, following a merge once.
//! async fn conversation(client: &Client, id: ConversationId) -> Result<Conversation> {
//!     match client.conversations().get(id).send().await {
//!         Err(Error::Moved { new_id: Some(new_id), .. }) => {
//!             client.conversations().get(ConversationId::new(new_id)).send().await
//!         }
//!         other => other,
//!     }
//! }
//!
//! async fn rename(client: &Client, id: ConversationId, subject: &str) -> Result<()> {
//!     match client.conversations().update_subject(id, subject).send().await {
//!         Ok(()) => Ok(()),
//!         Err(Error::Validation(invalid)) => {
//!             for field in invalid.fields() {
//!                 // For example `subject: may not be empty`.
//!                 eprintln!("{}: {}", field.path().unwrap_or("?"), field.message().unwrap_or("invalid"));
//!             }
//!             Err(Error::Validation(invalid))
//!         }
//!         Err(Error::RateLimited(limited)) => {
//!             // The per-minute budget is spent even after the client's own retries: back off
//!             // for as long as Help Scout asks (a minute always suffices), then try once more.
//!             let wait = limited.retry_after().unwrap_or(Duration::from_secs(60));
//!             tokio::time::sleep(wait).await;
//!             client.conversations().update_subject(id, subject).send().await
//!         }
//!         Err(other) => {
//!             // Everything else: the correlation id is what Help Scout's support asks for.
//!             eprintln!("{other} (correlation id {:?})", other.correlation_id());
//!             Err(other)
//!         }
//!     }
//! }
//! # let _ = (conversation, rename);
//! ```
//!
//! Code that does not care which error it got can ask instead:
//! [`is_retryable`](crate::Error::is_retryable), [`retry_after`](crate::Error::retry_after),
//! [`status`](crate::Error::status) and [`correlation_id`](crate::Error::correlation_id).
