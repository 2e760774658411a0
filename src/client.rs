//! [`Client`] and [`ClientBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{Credentials, TokenHook, TokenManager, TokenStore};
use crate::error::{Error, Result};
use crate::events::{Event, EventHook};
use crate::interceptor::Interceptor;
use crate::rate_limit::{DEFAULT_WINDOW, Pacer, RateControl, RateLimitFigures};
use crate::raw::{self, Runtime, Transport};
use crate::retry::RetryPolicy;

/// Help Scout's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.helpscout.net";
/// The whole-request timeout, per attempt. Generous, because report and export requests on a
/// large account can take many seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long to wait for a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default cap on a success body ([`ClientBuilder::max_response_bytes`]): far above any
/// page Help Scout serves and above the largest attachment (10 MB of file, about 13.4 MB as
/// base64 in JSON), far below what would hurt a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// The crate's own part of the `User-Agent` header.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Help Scout Mailbox API client.
///
/// Cheap to clone: clones share the connection pool, the token cache and the rate-limit
/// figures, so clone it into every task rather than building several.
///
/// ```no_run
/// # async fn run() -> helpscout_mailbox::Result<()> {
/// use helpscout_mailbox::{Client, auth::Credentials};
///
/// let client = Client::builder()
///     .credentials(Credentials::client_credentials("app-id", "app-secret"))
///     .build()?;
/// let page = client.conversations().list().send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    raw: raw::Client,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use progenitor_client::ClientInfo;
        f.debug_struct("Client")
            .field("base_url", &self.raw.baseurl())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The latest rate-limit figures Help Scout reported (`X-RateLimit-*` headers of the most
    /// recent response), or `None` before the first response.
    pub fn rate_limit(&self) -> Option<RateLimitFigures> {
        self.runtime().pacer.latest()
    }

    /// A handle to the same client whose calls each end within `deadline`: every attempt,
    /// the waits between them and the token request included. Past it, a call fails with
    /// [`Error::DeadlineExceeded`], saying how many attempts were made. The handle shares
    /// the connections, the token and the rate-limit state with `self`, so it is cheap to
    /// make per call:
    ///
    /// ```no_run
    /// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
    /// use std::time::Duration;
    /// use helpscout_mailbox::ids::ConversationId;
    ///
    /// let quick = client.with_deadline(Duration::from_secs(5));
    /// let conversation = quick.conversations().get(ConversationId::new(42)).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_deadline(&self, deadline: Duration) -> Client {
        use progenitor_client::ClientInfo;
        let runtime = Runtime {
            deadline: Some(deadline),
            ..self.runtime().clone()
        };
        Client {
            raw: raw::Client::new_with_client(
                self.raw.baseurl(),
                self.raw.client().clone(),
                Arc::new(runtime),
            ),
        }
    }

    pub(crate) fn raw(&self) -> &raw::Client {
        &self.raw
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        use progenitor_client::ClientInfo;
        self.raw.inner()
    }

    /// The API's base URL, without a trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        use progenitor_client::ClientInfo;
        self.raw.baseurl()
    }

    /// The underlying HTTP client, for hand-written requests.
    pub(crate) fn http(&self) -> &reqwest::Client {
        use progenitor_client::ClientInfo;
        self.raw.client()
    }
}

/// Configures a [`Client`]. Every setting has a default except the credentials.
///
/// ```no_run
/// use std::time::Duration;
/// use helpscout_mailbox::{Client, auth::Credentials, retry::RetryPolicy};
///
/// let client = Client::builder()
///     .credentials(Credentials::client_credentials("app-id", "app-secret"))
///     .user_agent("my-helpdesk-sync/2.1")
///     .timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::default().max_attempts(6))
///     .build()?;
/// # Ok::<(), helpscout_mailbox::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: String,
    user_agent: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    pacing: bool,
    rate_limit_window: Duration,
    on_event: Option<EventHook>,
    interceptors: Vec<Box<dyn Interceptor>>,
    deadline: Option<Duration>,
    max_response_bytes: u64,
    http_client: Option<reqwest::Client>,
    on_tokens: Option<TokenHook>,
    token_store: Option<Arc<dyn TokenStore>>,
    #[cfg(feature = "redis")]
    redis: Option<crate::shared::RedisCoordinator>,
    #[cfg(feature = "testing")]
    mock: Option<crate::testing::MockTransport>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            user_agent: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            pacing: true,
            rate_limit_window: DEFAULT_WINDOW,
            on_event: None,
            interceptors: Vec::new(),
            deadline: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            http_client: None,
            on_tokens: None,
            token_store: None,
            #[cfg(feature = "redis")]
            redis: None,
            #[cfg(feature = "testing")]
            mock: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("pacing", &self.pacing)
            .field("rate_limit_window", &self.rate_limit_window)
            .field("on_event", &self.on_event.is_some())
            .field("interceptors", &self.interceptors.len())
            .field("deadline", &self.deadline)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("token_store", &self.token_store)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// How the client authenticates. Required.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The API's base URL, [`DEFAULT_BASE_URL`] unless set. It must be `https`, except on a
    /// loopback host (`127.0.0.1`, `::1`, `localhost`), which is for tests and the simulator.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Your application's name and version, sent after the crate's own in `User-Agent`, so
    /// that Help Scout can tell integrations apart.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The timeout of each attempt of a request, [`DEFAULT_TIMEOUT`] unless set. Retries
    /// each get the full timeout again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long to wait for a connection, [`DEFAULT_CONNECT_TIMEOUT`] unless set.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// When to retry; see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether to hold requests back so that together they stay within the per-minute
    /// budget (on unless turned off). One pacer serves the client and all its clones: any
    /// number of concurrent requests share the budget, a 429 pauses all of them once, and a
    /// long export runs at the pace the budget allows instead of into 429s. Off, every
    /// request goes out at once and each 429 is waited out by the request that got it.
    pub fn pacing(mut self, enabled: bool) -> Self {
        self.pacing = enabled;
        self
    }

    /// The length of the rate-limit window the budget applies to: a minute, as Help Scout's,
    /// unless set. Only for servers that scale time down, such as the simulator with
    /// `SimulatorBuilder::rate_limit_window` in a benchmark.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.rate_limit_window = window;
        self
    }

    /// Called with every [`Event`]: rate-limit pauses and their end, pacing waits and
    /// retries, for a progress display; see [`crate::events`].
    pub fn on_event(mut self, hook: impl Fn(&Event<'_>) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(hook));
        self
    }

    /// Adds an [`Interceptor`], called on every attempt the client sends (retries included)
    /// and with every answer, after pacing and without the token; see
    /// [`crate::interceptor`]. Interceptors run in the order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Box::new(interceptor));
        self
    }

    /// The longest any call may take, all attempts, waits and the token request included
    /// (none unless set: then each attempt is bounded by [`timeout`](Self::timeout) and the
    /// waits by the [`RetryPolicy`]). Past it a call fails with
    /// [`Error::DeadlineExceeded`]. [`Client::with_deadline`] sets it for single calls.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body the client reads, [`DEFAULT_MAX_RESPONSE_BYTES`] (32 MiB)
    /// unless set. A larger one fails the call with [`Error::ResponseTooLarge`] as soon as
    /// `Content-Length` announces it or the streamed body crosses the limit, so that no
    /// server can make the client hold more. Error bodies are read up to 64 KiB whatever
    /// this says.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Called with every token set the client obtains. With the authorization-code flow each
    /// refresh *rotates* the refresh token: persist the new one here, or the next run of your
    /// program fails with a stale refresh token.
    pub fn on_tokens(
        mut self,
        hook: impl Fn(&crate::auth::TokenSet) + Send + Sync + 'static,
    ) -> Self {
        self.on_tokens = Some(Arc::new(hook));
        self
    }

    /// Where the client keeps its token set ([`MemoryTokenStore`](crate::auth::MemoryTokenStore)
    /// unless set): give every client of one account the same store (a
    /// [`FileTokenStore`](crate::auth::FileTokenStore) on one machine, Redis across machines)
    /// and they share one token, refreshed once per expiry for all of them; see
    /// [`TokenStore`]. [`on_tokens`](Self::on_tokens) is still called after each save.
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.token_store = Some(Arc::new(store));
        self
    }

    /// Shares the rate budget and the token with every other client (in this process or any
    /// other) given a coordinator with the same Redis and key prefix; see [`crate::shared`].
    /// Installs the coordinator's token store, unless [`token_store`](Self::token_store)
    /// sets another. With [`pacing`](Self::pacing) off, only the token is shared.
    ///
    /// Connecting is the step that fails when Redis is unreachable
    /// ([`RedisCoordinator::connect`](crate::shared::RedisCoordinator::connect)); once built,
    /// the client outlives a Redis outage by pacing alone, with a `tracing` warning.
    #[cfg(feature = "redis")]
    pub fn redis(mut self, redis: &crate::shared::RedisCoordinator) -> Self {
        self.redis = Some(redis.clone());
        self
    }

    /// Sends requests with your own `reqwest` client (for a proxy, custom TLS roots or
    /// connection limits). The client's own timeouts and user agent then apply instead of
    /// [`timeout`](Self::timeout), [`connect_timeout`](Self::connect_timeout) and
    /// [`user_agent`](Self::user_agent). Disable its redirect following, or a merged
    /// conversation is followed silently instead of reported as [`Error::Moved`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sends every request to `transport` instead of the network; see [`crate::testing`].
    #[cfg(feature = "testing")]
    pub fn mock_transport(mut self, transport: crate::testing::MockTransport) -> Self {
        self.mock = Some(transport);
        self
    }

    /// Checks the settings and builds the client. Nothing is sent yet: the first request
    /// fetches the token.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the credentials are missing, the base URL does not
    /// parse, carries a user name or password, or is plain `http` to a host other than
    /// loopback, or the HTTP client cannot be set up.
    pub fn build(self) -> Result<Client> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::InvalidRequest("no credentials: call ClientBuilder::credentials".into())
        })?;
        let base_url = validate_base_url(&self.base_url)?;
        let http = match self.http_client {
            Some(client) => client,
            None => {
                let agent = match &self.user_agent {
                    Some(theirs) => format!("{USER_AGENT} {theirs}"),
                    None => USER_AGENT.to_owned(),
                };
                crate::tls::http_client_builder()
                    .user_agent(agent)
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    // A merged conversation answers 301; the caller should learn its new id.
                    // quirk Q15: a merged conversation's 301 is reported, not followed.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| {
                        Error::InvalidRequest(format!("cannot set up the HTTP client: {e}"))
                    })?
            }
        };
        #[cfg(feature = "testing")]
        let transport = match self.mock {
            Some(mock) => Transport::Mock(mock),
            None => Transport::Http(http.clone()),
        };
        #[cfg(not(feature = "testing"))]
        let transport = Transport::Http(http.clone());

        let local: Arc<dyn RateControl> = Arc::new(Arc::new(Pacer::new(
            self.pacing,
            self.rate_limit_window,
            self.on_event.clone(),
        )));
        #[cfg(feature = "redis")]
        let (pacer, token_store) = match &self.redis {
            Some(redis) => {
                let pacer: Arc<dyn RateControl> = if self.pacing {
                    Arc::new(crate::shared::RedisRate::new(
                        redis,
                        self.rate_limit_window,
                        self.timeout,
                        self.on_event.clone(),
                    ))
                } else {
                    local
                };
                let store: Arc<dyn TokenStore> = match self.token_store {
                    Some(theirs) => theirs,
                    None => Arc::new(redis.token_store()),
                };
                (pacer, Some(store))
            }
            None => (local, self.token_store),
        };
        #[cfg(not(feature = "redis"))]
        let (pacer, token_store) = (local, self.token_store);
        let tokens = TokenManager::new(
            credentials,
            crate::auth::http_fetch(transport.clone(), &base_url),
            self.on_tokens,
            token_store.unwrap_or_else(|| Arc::new(crate::auth::MemoryTokenStore::new())),
        );
        let runtime = Runtime {
            tokens,
            retry: self.retry,
            pacer,
            events: self.on_event,
            interceptors: self.interceptors.into(),
            transport,
            max_response_bytes: self.max_response_bytes,
            deadline: self.deadline,
        };
        Ok(Client {
            raw: raw::Client::new_with_client(&base_url, http, Arc::new(runtime)),
        })
    }
}

/// The base URL without a trailing slash, if it is `https` or a loopback `http`.
fn validate_base_url(text: &str) -> Result<String> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| Error::InvalidRequest(format!("base URL `{text}`: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::InvalidRequest(format!(
                "base URL `{text}`: plain http sends your token in clear; use https (http is allowed on loopback only)"
            )));
        }
        other => {
            return Err(Error::InvalidRequest(format!(
                "base URL `{text}`: unsupported scheme `{other}`"
            )));
        }
    }
    // Help Scout takes no credentials in the URL, and a password there would be printed with
    // the URL (in `Debug`, in logs).
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::InvalidRequest(
            "the base URL must not contain a user name or password; the client authenticates with its credentials".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidRequest(format!(
            "base URL `{text}`: must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        let cases = [
            ("https://api.helpscout.net", Ok("https://api.helpscout.net")),
            (
                "https://api.helpscout.net/",
                Ok("https://api.helpscout.net"),
            ),
            (
                "https://proxy.example.com/helpscout/",
                Ok("https://proxy.example.com/helpscout"),
            ),
            ("http://127.0.0.1:8080", Ok("http://127.0.0.1:8080")),
            ("http://[::1]:9000/", Ok("http://[::1]:9000")),
            ("http://localhost:3000", Ok("http://localhost:3000")),
            ("http://api.helpscout.net", Err("plain http")),
            ("http://10.0.0.1", Err("plain http")),
            ("ftp://api.helpscout.net", Err("unsupported scheme")),
            ("not a url", Err("base URL")),
            ("https://api.helpscout.net/?x=1", Err("query")),
            (
                "https://user:secret@api.helpscout.net",
                Err("user name or password"),
            ),
            (
                "https://user@api.helpscout.net",
                Err("user name or password"),
            ),
            ("http://:pw@127.0.0.1:8080", Err("user name or password")),
        ];
        for (input, expected) in cases {
            let got = validate_base_url(input);
            match (got, expected) {
                (Ok(url), Ok(want)) => assert_eq!(url, want, "{input}"),
                (Err(e), Err(fragment)) => {
                    assert!(e.to_string().contains(fragment), "{input}: {e}")
                }
                (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn build_without_credentials_is_an_error_not_a_panic() {
        let error = Client::builder().build().expect_err("no credentials");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }

    #[test]
    fn client_is_cheap_to_share() {
        fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
        assert_shareable::<Client>();
    }
}
