//! The running simulator's services over the account: the [`Shared`] value every connection
//! holds, with its settings, and the services that keep their own state beside the account:
//! OAuth tokens (`auth`), the rate-limit window (`rate_limit`), fault injection (`faults`)
//! and webhook deliveries (`delivery`). Imports `http`, `state` and `render`, never `routes`.

pub(crate) mod auth;
pub(crate) mod delivery;
pub(crate) mod faults;
pub(crate) mod rate_limit;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::http::Stamps;
use crate::state::{Clock, DataGuard, Rng, Store, lock};

use faults::Faults;

/// Settings that can change while the simulator runs.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) token_lifetime: Duration,
    pub(crate) rate_limit_per_minute: Option<u32>,
    /// The length of a rate-limit window: a minute, as Help Scout's, unless a benchmark or a
    /// test scales time down.
    pub(crate) rate_limit_window: Duration,
    pub(crate) legacy_empty_pages: bool,
    pub(crate) faults: Faults,
}

/// Everything a running simulator shares between its connections.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) base_url: String,
    pub(crate) app_id: String,
    pub(crate) app_secret: String,
    pub(crate) clock: Clock,
    pub(crate) settings: Mutex<Settings>,
    /// The account, with the results derived from it (see `store`).
    pub(crate) data: Mutex<Store>,
    pub(crate) auth: Mutex<auth::AuthState>,
    pub(crate) rate: Mutex<rate_limit::RateWindow>,
    pub(crate) faults_rng: Mutex<Rng>,
    pub(crate) log: Mutex<Vec<ReceivedRequest>>,
    /// The `Correlation-Id` and `logRef` counters (shared with connections' parse-error
    /// answers, hence the `Arc`).
    pub(crate) stamps: Arc<Stamps>,
    /// Webhook deliveries: the queue into the delivery task, and its log.
    pub(crate) outbox: delivery::Outbox,
}

impl Shared {
    /// The locked account; writing through the guard drops the derived results.
    pub(crate) fn data(&self) -> DataGuard<'_> {
        DataGuard::new(lock(&self.data))
    }

    pub(crate) fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// One request the simulator received, in the order received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The status answered; `None` when the connection was dropped by a fault.
    pub status: Option<u16>,
    /// The fault injected, if any: `"drop"`, `"status"` (a 5xx) or `"truncate"`.
    pub fault: Option<&'static str>,
}
