//! Starting a simulator: [`Simulator::builder`], its settings, and the [`RunningSimulator`]
//! it returns.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::handle::SimulatorState;
use crate::runtime::faults::Faults;
use crate::runtime::{Settings, Shared, auth, delivery, rate_limit};
use crate::state::{Clock, Rng, Store};
use crate::{SimulatorError, routes, seed, server};

/// The default App ID of a simulator.
pub const DEFAULT_APP_ID: &str = "simulator-app-id";
/// The default App Secret of a simulator.
pub const DEFAULT_APP_SECRET: &str = "simulator-app-secret";
/// The default per-minute request budget (writes cost two).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 400;
/// The default access-token lifetime: 172800 s, as Help Scout issues them.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(172_800);
/// How long a webhook delivery may take, connecting included, unless set with
/// [`SimulatorBuilder::webhook_timeout`].
pub const DEFAULT_WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// Entry point: [`Simulator::builder`].
#[derive(Clone, Copy, Debug)]
pub struct Simulator;

impl Simulator {
    /// Starts configuring a simulator. Every setting has a default; `start().await` runs it.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }
}

/// Configures a simulator: how much to seed, the auth and rate-limit settings, faults, and
/// the port.
///
/// ```
/// use std::time::Duration;
/// use helpscout_mailbox_simulator::{Faults, Simulator};
///
/// let builder = Simulator::builder()
///     .seed(42)
///     .conversations(500)
///     .customers(100)
///     .token_lifetime(Duration::from_secs(60))
///     .rate_limit_per_minute(120)
///     .legacy_empty_pages(false)
///     .faults(Faults { server_error_rate: 0.05, ..Faults::default() });
/// # let _ = builder;
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct SimulatorBuilder {
    seed: u64,
    sizes: seed::SeedSizes,
    token_lifetime: Duration,
    rate_limit_per_minute: Option<u32>,
    rate_limit_window: Duration,
    legacy_empty_pages: bool,
    faults: Faults,
    port: u16,
    app_id: String,
    app_secret: String,
    webhook_timeout: Duration,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        Self {
            seed: 1,
            sizes: seed::SeedSizes::default(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            rate_limit_per_minute: Some(DEFAULT_RATE_LIMIT_PER_MINUTE),
            rate_limit_window: Duration::from_secs(60),
            legacy_empty_pages: false,
            faults: Faults::default(),
            port: 0,
            app_id: DEFAULT_APP_ID.to_owned(),
            app_secret: DEFAULT_APP_SECRET.to_owned(),
            webhook_timeout: DEFAULT_WEBHOOK_TIMEOUT,
        }
    }
}

impl SimulatorBuilder {
    /// The seed of the generated account (1 unless set): the same seed and sizes give the
    /// same ids, names and threads.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How many conversations to seed (100 unless set). 10,000 seed in well under a second
    /// in release builds.
    pub fn conversations(mut self, count: usize) -> Self {
        self.sizes.conversations = count;
        self
    }

    /// How many customers to seed; a third of the conversations, at least 20, unless set.
    pub fn customers(mut self, count: usize) -> Self {
        self.sizes.customers = Some(count);
        self
    }

    /// How many mailboxes (inboxes) to seed, at least 1 (3 unless set). Routing is enabled
    /// on the second one only.
    pub fn mailboxes(mut self, count: usize) -> Self {
        self.sizes.mailboxes = count;
        self
    }

    /// How many users to seed, at least 1 (6 unless set); the first is the account owner.
    /// One AI agent (a system user) is seeded besides.
    pub fn users(mut self, count: usize) -> Self {
        self.sizes.users = count;
        self
    }

    /// The most threads a seeded conversation gets (each gets 1 to this many; 5 unless set;
    /// at most 100).
    pub fn max_threads_per_conversation(mut self, count: usize) -> Self {
        self.sizes.max_threads = count;
        self
    }

    /// How long issued access tokens live ([`DEFAULT_TOKEN_LIFETIME`] unless set). The
    /// `expires_in` of the token response says the same.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// The per-minute request budget ([`DEFAULT_RATE_LIMIT_PER_MINUTE`] unless set); writes
    /// cost two.
    pub fn rate_limit_per_minute(mut self, budget: u32) -> Self {
        self.rate_limit_per_minute = Some(budget);
        self
    }

    /// The length of the rate-limit window (a minute, as Help Scout's, unless set; at least
    /// a millisecond). The budget of [`rate_limit_per_minute`](Self::rate_limit_per_minute)
    /// then applies per window, so that a test or a benchmark can scale time down: a budget
    /// of 400 in a 1 s window binds within a run of seconds. `X-RateLimit-Retry-After` counts
    /// to the end of the window, in whole seconds, at least 1.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.rate_limit_window = window.max(Duration::from_millis(1));
        self
    }

    /// No rate limit at all: no 429s and no `X-RateLimit-*` headers.
    pub fn without_rate_limit(mut self) -> Self {
        self.rate_limit_per_minute = None;
        self
    }

    /// Serve empty pages in the form before the 2019-07-09 change, without `_embedded`
    /// (off unless set: an empty page has `_embedded` with an empty array).
    pub fn legacy_empty_pages(mut self, legacy: bool) -> Self {
        self.legacy_empty_pages = legacy;
        self
    }

    /// The faults to inject (none unless set).
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// The port to listen on, on 127.0.0.1 (0 unless set: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The App ID and App Secret the token endpoint accepts ([`DEFAULT_APP_ID`] and
    /// [`DEFAULT_APP_SECRET`] unless set).
    pub fn app_credentials(
        mut self,
        app_id: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Self {
        self.app_id = app_id.into();
        self.app_secret = app_secret.into();
        self
    }

    /// How long one webhook delivery may take, connecting included, before it is recorded as
    /// failed ([`DEFAULT_WEBHOOK_TIMEOUT`] unless set). Deliveries are sent one after the
    /// other, so a receiver that hangs holds up the later ones by this much.
    pub fn webhook_timeout(mut self, timeout: Duration) -> Self {
        self.webhook_timeout = timeout;
        self
    }

    /// Seeds the account, binds `127.0.0.1:port` and starts serving on the current tokio
    /// runtime.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::Bind`] when the port cannot be bound.
    pub async fn start(self) -> Result<RunningSimulator, SimulatorError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))
            .await
            .map_err(SimulatorError::Bind)?;
        let addr = listener.local_addr().map_err(SimulatorError::Bind)?;
        let base_url = format!("http://{addr}");
        let started = Instant::now();
        let data = seed::seed(self.seed, &self.sizes);
        let seed_duration = started.elapsed();
        let (outbox, deliveries) = delivery::channel(self.webhook_timeout);
        let shared = Arc::new(Shared {
            base_url: base_url.clone(),
            app_id: self.app_id,
            app_secret: self.app_secret,
            clock: Clock::new(),
            settings: Mutex::new(Settings {
                token_lifetime: self.token_lifetime,
                rate_limit_per_minute: self.rate_limit_per_minute,
                rate_limit_window: self.rate_limit_window,
                legacy_empty_pages: self.legacy_empty_pages,
                faults: self.faults.clone(),
            }),
            data: Mutex::new(Store::new(data)),
            auth: Mutex::new(auth::AuthState::new(self.seed)),
            rate: Mutex::new(rate_limit::RateWindow::default()),
            faults_rng: Mutex::new(Rng::new(self.faults.seed)),
            log: Mutex::new(Vec::new()),
            stamps: Arc::default(),
            outbox,
        });
        // Ends by itself once the last handle on `shared` (its queue's sender) is gone.
        tokio::spawn(delivery::run(deliveries));
        let router = routes::router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(server::serve(
            listener,
            Arc::clone(&shared),
            router,
            stopped,
        ));
        Ok(RunningSimulator {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
            seed_duration,
        })
    }
}

/// A simulator serving on loopback. Dropping it stops the server (open connections are
/// closed); [`shutdown`](Self::shutdown) also waits for that.
pub struct RunningSimulator {
    pub(crate) shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    seed_duration: Duration,
}

impl fmt::Debug for RunningSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningSimulator")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl RunningSimulator {
    /// The base URL to give the client, such as `http://127.0.0.1:49152` (no trailing
    /// slash).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The App ID the token endpoint accepts.
    pub fn app_id(&self) -> &str {
        &self.shared.app_id
    }

    /// The App Secret the token endpoint accepts.
    pub fn app_secret(&self) -> &str {
        &self.shared.app_secret
    }

    /// Client-credentials [`Credentials`](helpscout_mailbox::auth::Credentials) that work against this
    /// simulator.
    pub fn credentials(&self) -> helpscout_mailbox::auth::Credentials {
        helpscout_mailbox::auth::Credentials::client_credentials(self.app_id(), self.app_secret())
    }

    /// A [`ClientBuilder`](helpscout_mailbox::ClientBuilder) with this simulator's base URL and
    /// credentials; add settings and `build()` it.
    pub fn client_builder(&self) -> helpscout_mailbox::ClientBuilder {
        helpscout_mailbox::Client::builder()
            .base_url(self.base_url())
            .credentials(self.credentials())
    }

    /// A handle on the simulator's state, for tests to inspect and change it.
    pub fn state(&self) -> SimulatorState {
        SimulatorState(Arc::clone(&self.shared))
    }

    /// How long seeding the account took.
    pub fn seed_duration(&self) -> Duration {
        self.seed_duration
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
