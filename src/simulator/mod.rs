//! An embedded, stateful Help Scout Mailbox API on loopback, for tests, examples and demos
//! (feature `simulator`).
//!
//! [`Simulator::builder`] seeds an in-memory account deterministically (mailboxes with
//! folders, custom fields, routing and saved replies; users, teams, tags; customers with
//! entries, properties and organizations; conversations with threads of every kind; workflows,
//! webhooks and ratings), starts an HTTP/1.1 server (axum on tokio) on `127.0.0.1` and returns
//! its base URL and working OAuth credentials. Requests and responses go through the crate's
//! generated models, so the simulator speaks the same spec as the client. Drop the
//! [`RunningSimulator`] (or call [`RunningSimulator::shutdown`]) to stop it.
//!
//! ```
//! use helpscout_mailbox::simulator::Simulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Simulator::builder().conversations(30).seed(7).start().await?;
//! let client = sim.client_builder().build()?;
//! let page = client.conversations().list().send().await?;
//! assert_eq!(page.size, 25);
//! assert!(sim.state().token_stats().client_credentials >= 1);
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The standalone server is `cargo run --example simulator --features simulator -- 8080`.
//!
//! # Documented behaviour it enforces
//!
//! | Behaviour | Evidence |
//! |---|---|
//! | `POST /v2/oauth2/token` takes a form-encoded body (JSON too, as the docs allow); grants `client_credentials` (no refresh token), `authorization_code` (codes from [`SimulatorState::issue_authorization_code`]) and `refresh_token`, which **rotates**: the refresh token used stops working | authentication docs |
//! | Access tokens expire after [`SimulatorBuilder::token_lifetime`] (172800 s by default); a missing, unknown or expired bearer token is a 401 | authentication docs |
//! | Validation failures are 400 `application/vnd.error+json` with `_embedded.errors[]` of `{path, message, rejectedValue, source}` | errors docs |
//! | `PATCH /v2/conversations/{id}` takes one patch object (an array is a 400); `PATCH /v2/customers/{id}` and `.../properties` take an array (an object is a 400) | conversation and customer update docs |
//! | A reply without `customer.id` is a 400 with path `customer.id` | reply docs |
//! | `modifiedSince` (and other date filters) with fractional seconds is a 400 | third-party report; PHP SDK date format |
//! | Pages are 1-based: 25 conversations or threads per page, 50 of everything else | pagination and list docs |
//! | `page` is an `int64` of at least 1: `0` and negative pages are a 400 (`Min`), a value that is no `int64` (`2^63`, `abc`) a 400 (`InvalidNumber`), a page past the last one an empty page (200); the same for report pages. Any arithmetic on request values saturates or is checked, so no input panics | spec (`page`: `int64`); error kinds "invalid number" in the errors docs |
//! | A JSON body needs `Content-Type: application/json` (parameters such as `;charset=UTF-8` allowed) or an `application/*+json` type (`application/json-patch+json`): a missing and a wrong content type alike are a 415 with the error body | docs and SDKs send `application/json`; treating a missing type like a wrong one is an inference (Help Scout's `vnd.error`/`logRef` errors are those of a Spring server, which reads a missing type as `application/octet-stream` and answers 415), not an observation |
//! | The token endpoint takes a form or JSON; a missing and a wrong content type alike are a 400 `invalid_request` (OAuth error body, as every token error) | authentication docs |
//! | Errors outside any handler have the error body too: unknown path 404, wrong method 405, body over 32 MiB 413 (refused unread when `Content-Length` announces it), URI over 65,534 bytes 414, more than 100 headers or a head over ~400 KiB 431, an unparsable request line 400 | Help Scout answers errors in one format; the limits are hyper's and the simulator's, Help Scout's own are unknown |
//! | An empty page has `_embedded` with an empty array; [`SimulatorBuilder::legacy_empty_pages`] serves the pre-2019 form without `_embedded` | changelog 2019-07-09 |
//! | HAL `_links` (`self`, `first`, `last`, `next`, `previous`, templated `page`) keep the request's query string | changelog fix, pagination docs |
//! | Creates answer 201 with `Resource-ID` (and `Location` for top-level resources) and no body | changelog 2023-08-30, create docs |
//! | A conversation holds at most 100 threads: creating one with more, or adding to a full one, is a 412 | threads docs |
//! | A customer, chat or phone thread reopens a closed or pending conversation unless `imported` | threads docs; changelog 2020-07-23 |
//! | `DELETE` of a thread is a 400 (threads can only be hidden) | third-party report (`wavyx/hscli`) |
//! | A webhook created or updated without `label` reads back with the label `Webhooks` | changelog 2020-10-05 |
//! | `PUT .../tags` and `PUT .../fields` replace everything; unknown tag names are created | tags docs |
//! | A merged conversation answers GET with 301 and `Location`; writes and thread lists 404 | conversation docs |
//! | Every API response carries `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`; writes cost two; over budget is a 429 with `X-RateLimit-Retry-After` | rate-limit docs |
//! | `Correlation-Id` on every response | observed on the real API |
//!
//! Fault injection ([`Faults`]): latency, 500/502/503 and 504 answers, connections closed
//! without a response, bodies truncated mid-way. The token endpoint is exempt from faults and
//! from the rate limit (which is per account, behind authentication).
//!
//! # Coverage
//!
//! **Served with real state** (reads see earlier writes): every operation of the spec except
//! reports: conversations (list with `status`, `mailbox`, `folder`, `tag`, `assigned_to`,
//! `modifiedSince`, `number`, `sortField`, `sortOrder`, `customFieldsByIds`, `embed=threads`
//! and a subset of `query`; get v2/v3; create; PATCH; delete; tags; fields; snooze), threads
//! (list v2/v3; reply, note, chat, customer, phone; PATCH text/hidden; original source as JSON
//! or `message/rfc822`; schedule, publish, unschedule), attachments (upload, data, delete),
//! customers (list v2 and v3 cursor pages, get, create, PUT, PATCH, delete incl. `async=true`),
//! customer address, emails, phones, chats, social profiles and websites, customer property
//! definitions and values, organizations (CRUD, conversations, customers, property
//! definitions and values), mailboxes (list, get, folders with computed counts, custom
//! fields, routing get/put, saved replies CRUD), users (list, get, me, create, statuses),
//! `/v3/system-users`, teams and members, tags (list, get), workflows (list, status PATCH, run
//! with at most 50 ids: the seeded manual workflows tag, close or assign), webhooks (CRUD,
//! and signed deliveries of the events below to loopback receivers) and ratings.
//!
//! **Fixed data in the documented shape**: the 31 report endpoints (they check `start`, `end`
//! and, for user reports, `user`; drill-downs, rating lists and conversation history are built
//! from the account's data).
//!
//! **Not served** (404 with a Help Scout-shaped error): any path outside the spec, the
//! browser authorization page (`secure.helpscout.net`), and the search syntax beyond
//! `field:value`, quoted values, `[from TO to]` ranges, `AND`/`OR`/`NOT` and
//! parentheses (`NOT` binds tighter than `AND`, `AND` tighter than `OR`).
//!
//! Simplifications worth knowing: every token acts as the account owner (the first seeded
//! user, `/v2/users/me`); `status=open` lists active and pending conversations; sorting by
//! `score` sorts by creation date; tag names are stored in lower case; the rate-limit window
//! is fixed (it starts with the first request after the previous one ended).
//!
//! # Webhook deliveries
//!
//! Webhooks registered through the API (`POST /v2/webhooks`, or
//! [`Client::webhooks`](crate::Client::webhooks)) receive the events of changes made through
//! the API, as Help Scout sends them: a `POST` of the payload as JSON with
//! `Content-Type: application/json`, `X-HelpScout-Event: <event>` and
//! `X-HelpScout-Signature` (the base64 HMAC-SHA1 of the body with the webhook's secret,
//! [`webhooks::sign`](crate::webhooks::sign)), so a receiver built on
//! [`webhooks::receive`](crate::webhooks::receive) can be tested end to end.
//!
//! ```no_run
//! use std::time::Duration;
//! use helpscout_mailbox::models::WebhookEvent;
//! use helpscout_mailbox::simulator::Simulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Simulator::builder().start().await?;
//! let client = sim.client_builder().build()?;
//! // A receiver listening on 127.0.0.1, e.g. `examples/webhook_receiver.rs`.
//! let hook = client
//!     .webhooks()
//!     .create("http://127.0.0.1:3000/helpscout", [WebhookEvent::ConvoStatus], "secret")
//!     .send()
//!     .await?;
//! // ... change a conversation's status through `client` ...
//! let state = sim.state();
//! let sent = state.wait_for_deliveries_to(hook.get(), 1, Duration::from_secs(5)).await?;
//! assert_eq!(sent[0].status(), Some(200));
//! # Ok(()) }
//! ```
//!
//! | Change (through the API only) | Event | Payload |
//! |---|---|---|
//! | `POST /v2/conversations` | `convo.created` | the conversation |
//! | `PATCH` `replace /assignTo`, `remove /assignTo` | `convo.assigned` | the conversation |
//! | `PATCH` `replace /status` | `convo.status` | the conversation |
//! | `PATCH` `move /mailboxId` | `convo.moved` | the conversation |
//! | `PUT .../tags` | `convo.tags` | the conversation |
//! | `PUT .../fields` | `convo.custom-fields` | the conversation |
//! | `DELETE /v2/conversations/{id}` | `convo.deleted` | `{"id": …}` |
//! | customer, chat and phone threads | `convo.customer.reply.created` | the conversation |
//! | reply threads (not drafts), publishing a scheduled reply | `convo.agent.reply.created` | the conversation |
//! | note threads | `convo.note.created` | the conversation |
//! | [`SimulatorState::merge_conversations`] | `convo.merged` | the conversation merged into |
//! | running a workflow | `convo.tags`, `convo.status` or `convo.assigned`, per conversation | the conversation |
//! | `POST /v2/customers`, and a conversation or thread naming a new e-mail | `customer.created` | the customer |
//! | `PUT`/`PATCH /v2/customers/{id}`, its address, entries and property values | `customer.updated` | the customer |
//! | `DELETE /v2/customers/{id}` | `customer.deleted` | `{"id": …}` |
//! | a tag name used for the first time (conversation create, tags, workflows) | `tag.created` | the tag |
//! | [`SimulatorState::send_test_event`] | `helpscout.test` | `{}` (its real body is undocumented) |
//!
//! A conversation payload is the v2 conversation as `GET` shows it, with its threads (newest
//! first) as an array in `threads` instead of `_embedded`, as Help Scout's webhook payloads
//! carry them; customers and tags are as `GET` shows them. Bodies are serialised PHP-style,
//! as Help Scout's are: compact, with `/` escaped as `\/` and non-ASCII characters as
//! `\uXXXX`, so a receiver that verifies a re-serialised body instead of the raw bytes
//! fails here as it would in production.
//!
//! Who gets what: every webhook whose `state` is `enabled` and whose `events` include the
//! event; a webhook limited with `mailboxIds` only gets events of conversations in those
//! mailboxes (`convo.moved` and `convo.merged`: either mailbox). `customer.created` ignores
//! mailbox filters, as Help Scout documents, and so do tag events (a tag belongs to no
//! mailbox). For `customer.updated` and `customer.deleted` a limited webhook needs the
//! customer to have a conversation in one of its mailboxes: an assumption, the docs do not
//! say. Nothing is sent for the seeded account, nor for changes made through
//! [`SimulatorState`] other than merges.
//!
//! How: the payload is rendered from the state as it is right after the change, and queued;
//! the API answers without waiting. One task per simulator sends the queue in order, one
//! delivery at a time, each with a timeout ([`SimulatorBuilder::webhook_timeout`], 5 s by
//! default). Every attempt is recorded as a [`Delivery`]: [`SimulatorState::deliveries`],
//! [`SimulatorState::wait_for_deliveries`] and [`SimulatorState::wait_for_deliveries_to`]
//! (which wake on each new record instead of sleeping). A receiver's answer, whatever its
//! status, or a failure to reach it never affects the API call that caused the event.
//!
//! **Only loopback receivers**: URLs must be `http`/`https` to 127.0.0.0/8, `[::1]` or
//! `localhost` (pinned to those addresses, never looked up); any other URL is recorded as
//! [`DeliveryOutcome::Refused`] and nothing is sent. Proxy settings are ignored and
//! redirects are not followed, so the simulator never sends traffic off the machine. The
//! seeded webhooks point at `hooks.example`, so their attempts are refused and recorded.
//!
//! Not done: retries of failed deliveries, disabling a webhook that keeps failing or answers
//! 410 ([`SimulatorState::set_webhook_enabled`] does it by hand), the URI-only bodies of
//! `notification: true` webhooks (they get the full payload), and the events of
//! organizations, ratings, Beacon chats, surveys, user statuses, `tag.updated` and
//! `tag.deleted`. One change sends one event: a reply that also closes or assigns the
//! conversation sends `convo.agent.reply.created` only, and deleting a customer sends no
//! `convo.deleted` for its conversations. Changing the subject or the customer, publishing
//! a draft conversation, editing or hiding threads, snoozes and attachments send nothing.
//! Deliveries still queued when the simulator's runtime shuts down are dropped.

mod auth;
mod delivery;
mod faults;
mod hal;
mod paging;
mod parse_errors;
mod rate_limit;
mod routes;
mod seed;
mod server;
mod state;
mod store;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::models::{Conversation, Customer, Thread, Timestamp, WebhookEvent, WebhookState};

pub use auth::TokenStats;
pub use faults::Faults;

use state::{Settings, Shared, lock};

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
/// use helpscout_mailbox::simulator::{Faults, Simulator};
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
            clock: state::Clock::new(),
            settings: Mutex::new(Settings {
                token_lifetime: self.token_lifetime,
                rate_limit_per_minute: self.rate_limit_per_minute,
                rate_limit_window: self.rate_limit_window,
                legacy_empty_pages: self.legacy_empty_pages,
                faults: self.faults.clone(),
            }),
            data: Mutex::new(store::Store::new(data)),
            auth: Mutex::new(auth::AuthState::new(self.seed)),
            rate: Mutex::new(rate_limit::RateWindow::default()),
            faults_rng: Mutex::new(state::Rng::new(self.faults.seed)),
            log: Mutex::new(Vec::new()),
            log_refs: AtomicU64::new(0),
            correlations: AtomicU64::new(0),
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
    shared: Arc<Shared>,
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

    /// Client-credentials [`Credentials`](crate::auth::Credentials) that work against this
    /// simulator.
    pub fn credentials(&self) -> crate::auth::Credentials {
        crate::auth::Credentials::client_credentials(self.app_id(), self.app_secret())
    }

    /// A [`ClientBuilder`](crate::ClientBuilder) with this simulator's base URL and
    /// credentials; add settings and `build()` it.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::Client::builder()
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
    /// [`SimulatorState::wait_for_deliveries`] (or
    /// [`wait_for_deliveries_to`](SimulatorState::wait_for_deliveries_to)) ran out of time.
    #[error("timed out waiting for {expected} webhook deliveries; {recorded} were recorded")]
    DeliveryTimeout {
        /// The deliveries waited for.
        expected: usize,
        /// The deliveries recorded when the time ran out.
        recorded: usize,
    },
}

/// One webhook delivery attempt: what was sent where, and what came of it. See
/// [`SimulatorState::deliveries`].
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
    /// [`SimulatorBuilder::webhook_timeout`]); the text says why.
    Failed(String),
    /// Not sent, because the URL is not on loopback (127.0.0.0/8, `::1`, `localhost`) or
    /// not `http`/`https`: the simulator never sends traffic off the machine.
    Refused(String),
}

/// One request the simulator received, in the order received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
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

/// How many of each resource the account holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Conversations, merged ones included.
    pub conversations: usize,
    /// Threads of all conversations.
    pub threads: usize,
    /// Customers.
    pub customers: usize,
    /// Mailboxes.
    pub mailboxes: usize,
    /// Users, the AI agent included.
    pub users: usize,
    /// Tags.
    pub tags: usize,
    /// Organizations.
    pub organizations: usize,
    /// Webhooks.
    pub webhooks: usize,
    /// Workflows.
    pub workflows: usize,
}

/// A handle on a running simulator's state: inspect it, change it, steer time, auth, the
/// rate limit and faults. Cheap to clone; every method takes the lock briefly and returns.
#[derive(Clone)]
pub struct SimulatorState(Arc<Shared>);

impl fmt::Debug for SimulatorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimulatorState")
            .field("base_url", &self.0.base_url)
            .finish_non_exhaustive()
    }
}

impl SimulatorState {
    /// How many token requests were answered, by grant.
    pub fn token_stats(&self) -> TokenStats {
        lock(&self.0.auth).stats
    }

    /// How many requests reached the token endpoint (failed ones included).
    pub fn token_requests(&self) -> u64 {
        self.token_stats().total
    }

    /// A fresh authorization code for the `authorization_code` grant, as if a user had
    /// approved the app. Each code works once.
    pub fn issue_authorization_code(&self) -> String {
        lock(&self.0.auth).issue_code()
    }

    /// The access tokens that are still valid.
    pub fn live_access_tokens(&self) -> Vec<String> {
        let now = self.0.now();
        let mut tokens: Vec<String> = lock(&self.0.auth)
            .access
            .iter()
            .filter(|(_, expires)| **expires > now)
            .map(|(token, _)| token.clone())
            .collect();
        tokens.sort();
        tokens
    }

    /// Sets when `access_token` expires, `expires_in` from now (zero: expired at once).
    /// Returns whether the token exists.
    pub fn set_token_expiry(&self, access_token: &str, expires_in: Duration) -> bool {
        let at = self.0.now()
            + chrono::Duration::from_std(expires_in).unwrap_or(chrono::Duration::days(36_500));
        match lock(&self.0.auth).access.get_mut(access_token) {
            Some(expiry) => {
                *expiry = at;
                true
            }
            None => false,
        }
    }

    /// Expires every access token at once, as if they had all run out (or been revoked).
    pub fn expire_all_access_tokens(&self) {
        let past = self.0.now() - chrono::Duration::seconds(1);
        for expiry in lock(&self.0.auth).access.values_mut() {
            *expiry = past;
        }
    }

    /// Invalidates every refresh token, as if the user had revoked the app.
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.0.auth).refresh.clear();
    }

    /// The simulated current time.
    pub fn now(&self) -> Timestamp {
        Timestamp::new(self.0.now())
    }

    /// Moves the simulated clock forward: tokens expire and rate-limit windows roll over as
    /// if that much time had passed.
    pub fn advance_time(&self, by: Duration) {
        self.0.clock.advance(by);
    }

    /// The requests left in the current rate-limit window, or `None` without a limit.
    pub fn rate_limit_remaining(&self) -> Option<u32> {
        let limit = self.0.settings().rate_limit_per_minute?;
        Some(limit.saturating_sub(lock(&self.0.rate).used))
    }

    /// Starts a fresh rate-limit window with the full budget.
    pub fn reset_rate_limit(&self) {
        lock(&self.0.rate).reset();
    }

    /// Changes the per-minute budget (`None`: no limit) from the next request on.
    pub fn set_rate_limit_per_minute(&self, budget: Option<u32>) {
        lock(&self.0.settings).rate_limit_per_minute = budget;
    }

    /// Changes the faults injected from the next request on; the fault sequence restarts
    /// from `faults.seed`.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.0.faults_rng) = state::Rng::new(faults.seed);
        lock(&self.0.settings).faults = faults;
    }

    /// Switches between the current empty-page form (`false`) and the legacy one without
    /// `_embedded` (`true`).
    pub fn set_legacy_empty_pages(&self, legacy: bool) {
        lock(&self.0.settings).legacy_empty_pages = legacy;
    }

    /// Merges conversation `from` into `into`, as the web app does: the threads move over,
    /// and `from` answers GET with 301 to `into` and writes with 404 from now on.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] when either conversation does not exist (or was merged),
    /// [`SimulatorError::Invalid`] when they are the same.
    pub fn merge_conversations(&self, from: i64, into: i64) -> Result<(), SimulatorError> {
        let now = self.0.now();
        let mut d = self.0.data();
        let from_mailbox = d.conversations.get(&from).map(|c| c.mailbox_id);
        routes::conversations_merge(&mut d, from, into, now).map_err(|message| {
            if message.contains("itself") {
                SimulatorError::Invalid(message)
            } else {
                SimulatorError::NotFound(message)
            }
        })?;
        if let Some(from_mailbox) = from_mailbox {
            self.0
                .emit(&d, delivery::Change::Merged { from_mailbox, into });
        }
        Ok(())
    }

    /// The conversation as `GET /v2/conversations/{id}?embed=threads` would show it (merged
    /// ones included), or `None`.
    pub fn conversation(&self, id: i64) -> Option<Conversation> {
        let d = self.0.data();
        let c = d.conversations.get(&id)?;
        Some(routes::render_conversation(
            &d,
            c,
            &routes::ConversationView {
                base: &self.0.base_url,
                now: self.0.now(),
                v3: false,
            },
            true,
        ))
    }

    /// The conversation's threads, newest first, or `None` for an unknown conversation.
    pub fn threads(&self, conversation: i64) -> Option<Vec<Thread>> {
        self.conversation(conversation)
            .map(|c| c.embedded.map(|e| e.threads).unwrap_or_default())
    }

    /// The customer as `GET /v2/customers/{id}` would show it, or `None`.
    pub fn customer(&self, id: i64) -> Option<Customer> {
        let d = self.0.data();
        let c = d.customers.get(&id)?;
        Some(routes::render_customer(&d, c, &self.0.base_url))
    }

    /// Every conversation id, merged ones included, in ascending order.
    pub fn conversation_ids(&self) -> Vec<i64> {
        self.0.data().conversations.keys().copied().collect()
    }

    /// Every customer id, in ascending order.
    pub fn customer_ids(&self) -> Vec<i64> {
        self.0.data().customers.keys().copied().collect()
    }

    /// Every mailbox id, in ascending order.
    pub fn mailbox_ids(&self) -> Vec<i64> {
        self.0.data().mailboxes.keys().copied().collect()
    }

    /// Every user id (the AI agent included), in ascending order.
    pub fn user_ids(&self) -> Vec<i64> {
        self.0.data().users.keys().copied().collect()
    }

    /// The id of the user every token acts as (`/v2/users/me`).
    pub fn owner_user_id(&self) -> i64 {
        self.0.data().owner_id
    }

    /// Every tag name, alphabetically.
    pub fn tag_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .0
            .data()
            .tags
            .values()
            .map(|t| t.name.clone())
            .collect();
        names.sort();
        names
    }

    /// How many of each resource the account holds.
    pub fn counts(&self) -> Counts {
        let d = self.0.data();
        Counts {
            conversations: d.conversations.len(),
            threads: d.conversations.values().map(|c| c.threads.len()).sum(),
            customers: d.customers.len(),
            mailboxes: d.mailboxes.len(),
            users: d.users.len(),
            tags: d.tags.len(),
            organizations: d.organizations.len(),
            webhooks: d.webhooks.len(),
            workflows: d.workflows.len(),
        }
    }

    /// The requests received so far (the latest 10,000), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.0.log).clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.0.log).clear();
    }

    /// The webhook delivery attempts so far (the latest 10,000), in the order they were
    /// made; see [webhook deliveries](crate::simulator#webhook-deliveries).
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.0.outbox.log.all()
    }

    /// Forgets the recorded deliveries; [`wait_for_deliveries`](Self::wait_for_deliveries)
    /// counts from zero again.
    pub fn clear_deliveries(&self) {
        self.0.outbox.log.clear();
    }

    /// Waits until at least `count` delivery attempts have been recorded (to any webhook,
    /// refused ones included, since the start or the last
    /// [`clear_deliveries`](Self::clear_deliveries)), and returns them. Wakes up on each new
    /// record rather than polling on a timer.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::DeliveryTimeout`] when fewer were recorded after `timeout`.
    pub async fn wait_for_deliveries(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<Delivery>, SimulatorError> {
        let (held, deliveries) = self
            .0
            .outbox
            .log
            .wait_until(timeout, |total, _| total >= count)
            .await;
        if held {
            Ok(deliveries)
        } else {
            Err(SimulatorError::DeliveryTimeout {
                expected: count,
                recorded: deliveries.len(),
            })
        }
    }

    /// Waits until at least `count` delivery attempts to webhook `webhook_id` are in the
    /// log, and returns those (oldest first). The seeded webhooks point off the machine, so
    /// their refused attempts are in [`deliveries`](Self::deliveries) too; this ignores them.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::DeliveryTimeout`] when fewer were recorded after `timeout`.
    pub async fn wait_for_deliveries_to(
        &self,
        webhook_id: i64,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<Delivery>, SimulatorError> {
        let (held, deliveries) = self
            .0
            .outbox
            .log
            .wait_until(timeout, |_, records| {
                records
                    .iter()
                    .filter(|d| d.webhook_id == webhook_id)
                    .count()
                    >= count
            })
            .await;
        let mine: Vec<Delivery> = deliveries
            .into_iter()
            .filter(|d| d.webhook_id == webhook_id)
            .collect();
        if held {
            Ok(mine)
        } else {
            Err(SimulatorError::DeliveryTimeout {
                expected: count,
                recorded: mine.len(),
            })
        }
    }

    /// Sends webhook `webhook_id` the `helpscout.test` ping (body `{}`), as the test button
    /// of Help Scout's webhook settings does, whatever the webhook's events and state. The
    /// attempt is recorded like any other.
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] for an unknown webhook.
    pub fn send_test_event(&self, webhook_id: i64) -> Result<(), SimulatorError> {
        let d = self.0.data();
        let webhook = d
            .webhooks
            .get(&webhook_id)
            .ok_or_else(|| SimulatorError::NotFound(format!("webhook {webhook_id}")))?;
        self.0.emit_test(webhook);
        Ok(())
    }

    /// Enables or disables webhook `webhook_id`, as Help Scout does with one that keeps
    /// failing; a disabled webhook gets no deliveries (the test ping excepted).
    ///
    /// # Errors
    ///
    /// [`SimulatorError::NotFound`] for an unknown webhook.
    pub fn set_webhook_enabled(
        &self,
        webhook_id: i64,
        enabled: bool,
    ) -> Result<(), SimulatorError> {
        let mut d = self.0.data();
        let webhook = d
            .webhooks
            .get_mut(&webhook_id)
            .ok_or_else(|| SimulatorError::NotFound(format!("webhook {webhook_id}")))?;
        webhook.state = if enabled {
            WebhookState::Enabled
        } else {
            WebhookState::Disabled
        };
        Ok(())
    }

    /// Every webhook id, in ascending order.
    pub fn webhook_ids(&self) -> Vec<i64> {
        self.0.data().webhooks.keys().copied().collect()
    }
}
