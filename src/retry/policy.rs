//! [`RetryPolicy`]: how many attempts, and the backoff between them.

use std::time::Duration;

/// How many times, and how patiently, the client sends a request that failed in a way that
/// is safe to repeat.
///
/// ```
/// use std::time::Duration;
/// use helpscout_mailbox::retry::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(6)
///     .max_backoff(Duration::from_secs(60));
/// let impatient = RetryPolicy::none();
/// # let _ = (patient, impatient);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    pub(super) base_backoff: Duration,
    pub(super) max_backoff: Duration,
    pub(super) max_rate_limit_wait: Duration,
}

impl RetryPolicy {
    /// Tries per request, the first included: three retries ride out a short outage
    /// without making a caller wait minutes for a request that keeps failing.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
    /// The first backoff; later ones double.
    pub const DEFAULT_BASE_BACKOFF: Duration = Duration::from_millis(500);
    /// The ceiling of the exponential backoff.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(30);
    /// The longest rate-limit wait honoured. Help Scout's window is a minute, so a longer
    /// demand means something unusual, and the caller should see the 429 instead of a hang.
    pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(120);

    /// A policy that sends every request once and returns its failure as it is, for callers
    /// that run their own retry loop.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Sets the number of tries per request, the first included. Zero counts as one, since a
    /// request is always sent at least once.
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the wait before the first retry; each further retry waits twice as long, up to
    /// [`max_backoff`](Self::max_backoff), before jitter.
    #[must_use]
    pub fn base_backoff(mut self, backoff: Duration) -> Self {
        self.base_backoff = backoff;
        self
    }

    /// Sets the ceiling of the exponential backoff.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Sets the longest wait a rate-limit header may ask for. When a 429 asks for longer,
    /// the client stops and returns the 429 at once, so that the caller decides; later calls
    /// hold back for no longer than this, and no pacing wait is longer either.
    #[must_use]
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// The tries per request, the first included.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest rate-limit wait honoured: no pacing wait and no 429 wait is longer.
    pub(crate) fn rate_limit_wait_cap(&self) -> Duration {
        self.max_rate_limit_wait
    }

    /// The backoff before the retry that follows attempt `attempt` (1-based), with equal
    /// jitter: half of the capped exponential delay is always waited, the other half scaled
    /// by `jitter`. The fixed half keeps retries from hammering an API that is struggling;
    /// the random half keeps concurrent requests from retrying in lockstep.
    pub(super) fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        // 2^31 already exceeds any sane cap; clamping the exponent avoids an overflowing shift.
        let exponent = attempt.saturating_sub(1).min(31);
        let capped = self
            .base_backoff
            .saturating_mul(1_u32 << exponent)
            .min(self.max_backoff);
        let half = capped / 2;
        (capped - half) + scale(half, jitter)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_backoff: Self::DEFAULT_BASE_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
            max_rate_limit_wait: Self::DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }
}

/// Added on top of a wait a rate-limit header asked for, scaled by the jitter. The headers
/// carry whole seconds, so the exact value may be up to a second early; and requests that
/// were rejected together should not all come back in the same instant.
pub(super) const RATE_LIMIT_JITTER: Duration = Duration::from_secs(1);

/// `d * factor` for a factor in `0..=1`, in integer arithmetic so that the results are exact
/// and no input can panic. A factor outside the range is clamped; NaN counts as zero.
pub(super) fn scale(d: Duration, factor: f64) -> Duration {
    let factor = if factor.is_nan() {
        0.0
    } else {
        factor.clamp(0.0, 1.0)
    };
    // In millionths: plenty of resolution for a sleep, and exact for 0, 0.5 and 1.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let millionths = (factor * 1_000_000.0).round() as u32;
    d.saturating_mul(millionths) / 1_000_000
}
