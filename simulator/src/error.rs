//! The error of the simulator's own Rust API.

/// A failure of the simulator's own API (not an HTTP answer).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimulatorError {
    /// The listening socket could not be bound.
    #[error("cannot bind the simulator's port: {0}")]
    Bind(#[source] std::io::Error),
    /// The resource named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The change asked for is not possible.
    #[error("invalid: {0}")]
    Invalid(String),
    /// [`SimulatorState::wait_for_deliveries`](crate::SimulatorState::wait_for_deliveries) (or
    /// [`wait_for_deliveries_to`](crate::SimulatorState::wait_for_deliveries_to)) ran out of time.
    #[error("timed out waiting for {expected} webhook deliveries; {recorded} were recorded")]
    DeliveryTimeout {
        /// The deliveries waited for.
        expected: usize,
        /// The deliveries recorded when the time ran out.
        recorded: usize,
    },
}
