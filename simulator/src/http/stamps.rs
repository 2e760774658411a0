//! The ids a simulator stamps on its answers: `Correlation-Id` headers and the `logRef` of
//! error bodies, counted per simulator so that two runs answer alike.

use std::sync::atomic::{AtomicU64, Ordering};

/// The counters behind `Correlation-Id` and `logRef`.
#[derive(Debug, Default)]
pub(crate) struct Stamps {
    log_refs: AtomicU64,
    correlations: AtomicU64,
}

impl Stamps {
    /// A fresh `Correlation-Id` for a response.
    pub(crate) fn correlation_id(&self) -> String {
        let n = self
            .correlations
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1);
        format!("sim-{n:012x}")
    }

    /// A fresh `logRef` for an error body.
    pub(crate) fn log_ref(&self) -> String {
        let n = self
            .log_refs
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1);
        format!("sim-{n:08x}#{}", n % 1000)
    }
}
