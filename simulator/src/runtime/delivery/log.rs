//! The log of delivery attempts, and a way to wait for more: what
//! [`SimulatorState::deliveries`](crate::SimulatorState::deliveries) and its waits read.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use helpscout_mailbox::models::{Timestamp, WebhookEvent};
use tokio::sync::Notify;

use crate::state::lock;

/// The most delivery records kept; older ones are forgotten (the count keeps growing).
const LOG_CAP: usize = 10_000;

/// One webhook delivery attempt: what was sent where, and what came of it. See
/// [`SimulatorState::deliveries`](crate::SimulatorState::deliveries).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The webhook delivered to.
    pub webhook_id: i64,
    /// The event, as sent in `X-HelpScout-Event`.
    pub event: WebhookEvent,
    /// The webhook's URL at the time of the change.
    pub url: String,
    /// The body, exactly as sent (and signed): PHP-style JSON with `\/` and `\uXXXX`
    /// escapes. Empty when the payload could not be serialised.
    pub body: String,
    /// When the change happened, on the simulated clock.
    pub at: Timestamp,
    /// What came of it.
    pub outcome: DeliveryOutcome,
}

impl Delivery {
    /// The status the receiver answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self.outcome {
            DeliveryOutcome::Answered(status) => Some(status),
            _ => None,
        }
    }

    /// Whether the receiver answered with a 2xx status.
    pub fn succeeded(&self) -> bool {
        self.status()
            .is_some_and(|status| (200..300).contains(&status))
    }
}

/// What came of a [`Delivery`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryOutcome {
    /// The receiver answered with this HTTP status (a 2xx or not: the simulator does not
    /// retry either way).
    Answered(u16),
    /// No answer: the connection failed or timed out (see
    /// [`SimulatorBuilder::webhook_timeout`](crate::SimulatorBuilder::webhook_timeout)); the text says why.
    Failed(String),
    /// Not sent, because the URL is not on loopback (127.0.0.0/8, `::1`, `localhost`) or
    /// not `http`/`https`: the simulator never sends traffic off the machine.
    Refused(String),
}

/// Every delivery attempt, and a way to wait for more.
#[derive(Debug, Default)]
pub(crate) struct DeliveryLog {
    inner: Mutex<LogInner>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct LogInner {
    records: VecDeque<Delivery>,
    /// Attempts recorded since the start (or the last clear), forgotten ones included.
    total: usize,
}

impl DeliveryLog {
    pub(super) fn record(&self, delivery: Delivery) {
        {
            let mut inner = lock(&self.inner);
            if inner.records.len() >= LOG_CAP {
                inner.records.pop_front();
            }
            inner.records.push_back(delivery);
            inner.total += 1;
        }
        self.changed.notify_waiters();
    }

    /// Attempts recorded since the start (or the last clear), forgotten ones included.
    pub(crate) fn total(&self) -> usize {
        lock(&self.inner).total
    }

    pub(crate) fn all(&self) -> Vec<Delivery> {
        lock(&self.inner).records.iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        let mut inner = lock(&self.inner);
        inner.records.clear();
        inner.total = 0;
    }

    /// Waits until `done` holds for the recorded attempts (checked after each new one), or
    /// until `timeout`. Returns whether it held, and the records kept.
    pub(crate) async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(usize, &VecDeque<Delivery>) -> bool,
    ) -> (bool, Vec<Delivery>) {
        // `Duration::MAX` means "as long as it takes": capped instead of overflowing.
        let now = tokio::time::Instant::now();
        let deadline = now
            .checked_add(timeout)
            .or_else(|| now.checked_add(Duration::from_secs(30 * 365 * 86_400)))
            .unwrap_or(now);
        loop {
            let mut notified = std::pin::pin!(self.changed.notified());
            // Registered before the check, so a record made in between still wakes us.
            notified.as_mut().enable();
            let held = {
                let inner = lock(&self.inner);
                done(inner.total, &inner.records)
            };
            if held {
                return (true, self.all());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let inner = lock(&self.inner);
                let held = done(inner.total, &inner.records);
                return (held, inner.records.iter().cloned().collect());
            }
        }
    }
}
