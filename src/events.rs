//! What the client reports while it works: rate-limit pauses, pacing waits and retries, so
//! that a progress bar can say "waiting 12 s for the rate limit" instead of freezing.
//!
//! Register a callback with [`ClientBuilder::on_event`](crate::ClientBuilder::on_event). It is
//! called on the task that hit the event, so keep it quick (update a progress bar, send on a
//! channel):
//!
//! ```no_run
//! use helpscout_mailbox::{Client, auth::Credentials, events::Event};
//!
//! let client = Client::builder()
//!     .credentials(Credentials::client_credentials("app-id", "app-secret"))
//!     .on_event(|event| match event {
//!         Event::RateLimitPaused { wait } => eprintln!("rate limited: waiting {} s", wait.as_secs()),
//!         Event::RateLimitResumed => eprintln!("resuming"),
//!         Event::Retrying { operation, attempt, wait, .. } => {
//!             eprintln!("{operation}: attempt {attempt} failed, retrying in {wait:?}")
//!         }
//!         _ => {}
//!     })
//!     .build()?;
//! # Ok::<(), helpscout_mailbox::Error>(())
//! ```

use std::sync::Arc;
use std::time::Duration;

/// Something the client did that a caller may want to show.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// Help Scout answered 429: every request of the client (and its clones) waits `wait`,
    /// the announced time bounded by the retry policy. Reported once per pause.
    RateLimitPaused {
        /// How long the pause lasts from now.
        wait: Duration,
    },
    /// A pause reported by [`RateLimitPaused`](Self::RateLimitPaused) is over.
    RateLimitResumed,
    /// A request waits before it goes out, so that the per-minute budget is not overrun.
    /// Reported once per request that waits.
    Paced {
        /// The operation that waits, by its id in the spec.
        operation: &'a str,
        /// How long it expects to wait (it may go sooner when an answer frees the budget).
        wait: Duration,
    },
    /// An attempt failed in a way that is safe to retry; the request goes out again after
    /// `wait`.
    Retrying {
        /// The operation, by its id in the spec.
        operation: &'a str,
        /// The attempt that failed (1 for the first).
        attempt: u32,
        /// The backoff before the next attempt.
        wait: Duration,
        /// The status of the failed attempt; `None` when no answer came.
        status: Option<u16>,
    },
}

/// The callback the client reports [`Event`]s to.
pub(crate) type EventHook = Arc<dyn Fn(&Event<'_>) + Send + Sync>;
