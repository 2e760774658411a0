//! Fault injection: latency, 5xx and 504 answers, dropped connections, truncated bodies.
//!
//! Each API request draws once from a PRNG seeded with [`Faults::seed`], so a run with the
//! same settings and the same sequence of requests meets the same faults. The token endpoint
//! is exempt, so that faults exercise the API calls rather than the sign-in.

use std::time::Duration;

use crate::state::Rng;

/// Which faults the simulator injects, and how often. The default injects none.
///
/// Rates are probabilities per request in `0.0..=1.0`; they are tried in the order drop,
/// 504, other 5xx, truncation, and at most one applies to a request. Latency applies to every
/// API request on top.
///
/// ```
/// use std::time::Duration;
/// use helpscout_mailbox_simulator::Faults;
///
/// let flaky = Faults {
///     seed: 7,
///     latency: Duration::from_millis(5),
///     server_error_rate: 0.1,
///     gateway_timeout_rate: 0.05,
///     ..Faults::default()
/// };
/// assert!(flaky.is_active());
/// assert!(!Faults::default().is_active());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Seeds the fault draws; the same seed gives the same sequence of faults.
    pub seed: u64,
    /// Added to every API request before it is handled.
    pub latency: Duration,
    /// A further random delay, uniform in `[0, latency_jitter)`.
    pub latency_jitter: Duration,
    /// Share of requests answered with 500, 502 or 503 (not handled, no state change).
    pub server_error_rate: f64,
    /// Share of requests answered with 504 Gateway Timeout (not handled, no state change).
    pub gateway_timeout_rate: f64,
    /// Share of requests whose connection is closed without any response. The request is
    /// not handled, so a retried write is not applied twice.
    pub drop_rate: f64,
    /// Share of requests that are handled (state changes apply) but whose response body is
    /// cut in half and the connection closed, so the client fails while reading it.
    pub truncate_rate: f64,
}

impl Faults {
    /// No faults at all (the default).
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether any fault or latency is configured.
    pub fn is_active(&self) -> bool {
        !self.latency.is_zero()
            || !self.latency_jitter.is_zero()
            || self.server_error_rate > 0.0
            || self.gateway_timeout_rate > 0.0
            || self.drop_rate > 0.0
            || self.truncate_rate > 0.0
    }
}

/// What happens to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    Drop,
    Status(u16),
    Truncate,
}

/// Draws the fault and the delay of one request.
pub(crate) fn draw(faults: &Faults, rng: &mut Rng) -> (Fault, Duration) {
    let mut delay = faults.latency;
    if !faults.latency_jitter.is_zero() {
        delay = delay.saturating_add(faults.latency_jitter.mul_f64(rng.unit()));
    }
    let u = rng.unit();
    let mut edge = 0.0;
    let mut hit = |rate: f64| {
        edge += rate.clamp(0.0, 1.0);
        u < edge
    };
    let fault = if hit(faults.drop_rate) {
        Fault::Drop
    } else if hit(faults.gateway_timeout_rate) {
        Fault::Status(504)
    } else if hit(faults.server_error_rate) {
        Fault::Status(*rng.pick(&[500, 502, 503]))
    } else if hit(faults.truncate_rate) {
        Fault::Truncate
    } else {
        Fault::None
    };
    (fault, delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_faults_by_default_and_rates_are_respected() {
        let mut rng = Rng::new(1);
        for _ in 0..100 {
            assert_eq!(
                draw(&Faults::default(), &mut rng),
                (Fault::None, Duration::ZERO)
            );
        }
        let always_504 = Faults {
            gateway_timeout_rate: 1.0,
            ..Faults::default()
        };
        assert_eq!(draw(&always_504, &mut rng).0, Fault::Status(504));
        let half = Faults {
            drop_rate: 0.5,
            ..Faults::default()
        };
        let drops = (0..1000)
            .filter(|_| draw(&half, &mut rng).0 == Fault::Drop)
            .count();
        assert!((400..600).contains(&drops), "{drops}");
    }
}
