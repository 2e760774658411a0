//! What the client is waiting for right now, learned from its events (`on_event`): a pause
//! for the rate limit, a retry's backoff, or pacing. The export's progress bar shows it, so
//! that a long wait reads as a wait and not as a hang.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use helpscout_mailbox::events::Event;

/// The waits of one client, shared between its `on_event` hook and whoever displays them.
#[derive(Clone, Debug, Default)]
pub struct ClientWaits(Arc<Mutex<Waits>>);

/// Each kind of wait and when it ends.
#[derive(Debug, Default)]
struct Waits {
    paused_until: Option<Instant>,
    retry: Option<(String, Instant)>,
    paced_until: Option<Instant>,
}

impl ClientWaits {
    /// Takes note of one event; call it from `ClientBuilder::on_event`.
    pub fn record(&self, event: &Event<'_>) {
        self.record_at(event, Instant::now());
    }

    /// What the client waits for now, if anything: the longest-lasting reason first.
    pub fn describe(&self) -> Option<String> {
        self.describe_at(Instant::now())
    }

    fn record_at(&self, event: &Event<'_>, now: Instant) {
        let mut waits = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            Event::RateLimitPaused { wait } => waits.paused_until = now.checked_add(*wait),
            Event::RateLimitResumed => waits.paused_until = None,
            Event::Paced { wait, .. } => waits.paced_until = now.checked_add(*wait),
            Event::Retrying {
                operation,
                attempt,
                wait,
                status,
            } => {
                let why = match status {
                    Some(status) => format!("{operation} answered {status}"),
                    None => format!("{operation} got no answer"),
                };
                let text = format!("{why}; retrying (attempt {})", attempt.saturating_add(1));
                waits.retry = now.checked_add(*wait).map(|until| (text, until));
            }
            // Events added to the crate later are not shown.
            _ => {}
        }
    }

    fn describe_at(&self, now: Instant) -> Option<String> {
        let waits = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let left = |until: Instant| until.checked_duration_since(now).filter(|d| !d.is_zero());
        if let Some(left) = waits.paused_until.and_then(left) {
            return Some(format!(
                "paused: rate limit spent, resuming in {}",
                seconds(left)
            ));
        }
        if let Some((text, left)) = waits
            .retry
            .as_ref()
            .and_then(|(text, until)| Some((text, left(*until)?)))
        {
            return Some(format!("{text} in {}", seconds(left)));
        }
        waits
            .paced_until
            .and_then(left)
            .map(|left| format!("pacing: {} for the rate-limit budget", seconds(left)))
    }
}

/// A wait as whole seconds, rounded up (a wait under a second reads `1 s`).
fn seconds(wait: Duration) -> String {
    let whole = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    format!("{whole} s")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn a_rate_limit_pause_shows_until_it_ends_or_is_lifted() {
        let waits = ClientWaits::default();
        let now = Instant::now();
        waits.record_at(&Event::RateLimitPaused { wait: 12 * SECOND }, now);
        assert_eq!(
            waits.describe_at(now + SECOND / 2).as_deref(),
            Some("paused: rate limit spent, resuming in 12 s")
        );
        assert_eq!(waits.describe_at(now + 13 * SECOND), None);
        waits.record_at(&Event::RateLimitPaused { wait: 12 * SECOND }, now);
        waits.record_at(&Event::RateLimitResumed, now + SECOND);
        assert_eq!(waits.describe_at(now + 2 * SECOND), None);
    }

    #[test]
    fn a_retry_says_what_failed_and_which_attempt_comes_next() {
        let waits = ClientWaits::default();
        let now = Instant::now();
        let retry = |status| Event::Retrying {
            operation: "listConversations",
            attempt: 1,
            wait: 3 * SECOND,
            status,
        };
        waits.record_at(&retry(Some(503)), now);
        assert_eq!(
            waits.describe_at(now + SECOND).as_deref(),
            Some("listConversations answered 503; retrying (attempt 2) in 2 s")
        );
        waits.record_at(&retry(None), now);
        assert_eq!(
            waits.describe_at(now).as_deref(),
            Some("listConversations got no answer; retrying (attempt 2) in 3 s")
        );
    }

    #[test]
    fn a_pause_outranks_a_retry_and_a_retry_outranks_pacing() {
        let waits = ClientWaits::default();
        let now = Instant::now();
        waits.record_at(
            &Event::Paced {
                operation: "listConversations",
                wait: 5 * SECOND,
            },
            now,
        );
        assert_eq!(
            waits.describe_at(now).as_deref(),
            Some("pacing: 5 s for the rate-limit budget")
        );
        waits.record_at(
            &Event::Retrying {
                operation: "listConversations",
                attempt: 2,
                wait: SECOND,
                status: Some(504),
            },
            now,
        );
        assert!(waits.describe_at(now).unwrap().contains("attempt 3"));
        waits.record_at(&Event::RateLimitPaused { wait: SECOND }, now);
        assert!(waits.describe_at(now).unwrap().starts_with("paused"));
    }

    #[test]
    fn a_wait_too_long_for_the_clock_is_ignored_not_a_panic() {
        let waits = ClientWaits::default();
        waits.record(&Event::RateLimitPaused {
            wait: Duration::MAX,
        });
        waits.record(&Event::Retrying {
            operation: "x",
            attempt: u32::MAX,
            wait: Duration::MAX,
            status: None,
        });
        assert_eq!(waits.describe(), None);
    }
}
