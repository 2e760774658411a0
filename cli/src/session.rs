//! A session: the client a command talks through, built from the options, the environment
//! and the stored credentials (or an embedded simulator), and where results go.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use helpscout_mailbox::auth::{Credentials, TokenSet};
use helpscout_mailbox::{Client, ClientBuilder, DEFAULT_BASE_URL};
use helpscout_mailbox_simulator::{RunningSimulator, Simulator};

use crate::cli::Global;
use crate::exit;
use crate::output::Output;
use crate::store::{Grant, Store, Stored};
use crate::waits::ClientWaits;

/// What `hs` adds to the crate's `User-Agent`.
const USER_AGENT: &str = concat!("hs/", env!("CARGO_PKG_VERSION"));

/// The client of one command, and where its results go.
pub struct Session {
    pub client: Client,
    pub out: Output,
    /// The latest access token the client obtained, for `hs auth status`.
    pub token: LatestToken,
    /// What the client is waiting for (rate limit, retry, pacing), for progress displays.
    pub waits: ClientWaits,
    /// The API's base URL, without a trailing slash.
    pub base_url: String,
    /// Kept alive for as long as the command runs; `None` unless `--simulator`.
    _simulator: Option<RunningSimulator>,
}

impl Session {
    /// Connects as the options say: an embedded simulator, or Help Scout (or the base URL
    /// given) with the credentials of the options, the environment or the store, in that
    /// order.
    pub async fn connect(global: &Global) -> Result<Self> {
        let out = Output::new(global.output, global.quiet);
        let token = LatestToken::default();
        let waits = ClientWaits::default();
        let hook = waits.clone();
        if global.simulator {
            let simulator = start_simulator(global).await?;
            let latest = token.clone();
            let client = simulator
                .client_builder()
                .user_agent(USER_AGENT)
                .on_tokens(move |tokens| latest.set(tokens))
                .on_event(move |event| hook.record(event))
                .build()?;
            return Ok(Self {
                client,
                out,
                token,
                waits,
                base_url: simulator.base_url().trim_end_matches('/').to_owned(),
                _simulator: Some(simulator),
            });
        }
        let store = Store::open(global.config_dir.as_deref())?;
        let stored = store.load()?;
        let base_url = base_url(global, stored.as_ref());
        let (credentials, rotating) = credentials(global, stored)?;
        let persist = rotating.map(|stored| persist_rotations(store, stored));
        let latest = token.clone();
        let client = builder(&base_url)
            .credentials(credentials)
            .on_tokens(move |tokens| {
                latest.set(tokens);
                if let Some(persist) = &persist {
                    persist(tokens);
                }
            })
            .on_event(move |event| hook.record(event))
            .build()?;
        Ok(Self {
            client,
            out,
            token,
            waits,
            base_url: base_url.trim_end_matches('/').to_owned(),
            _simulator: None,
        })
    }
}

/// The latest token set of a client, shared with its `on_tokens` hook. `Debug` redacts the
/// tokens (the crate's `TokenSet` does).
#[derive(Clone, Debug, Default)]
pub struct LatestToken(Arc<Mutex<Option<TokenSet>>>);

impl LatestToken {
    /// Records a token set; call it from `on_tokens`.
    pub fn set(&self, tokens: &TokenSet) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tokens.clone());
    }

    /// The latest token set, once the client has obtained one.
    pub fn get(&self) -> Option<TokenSet> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// A client builder for `base_url` with `hs`'s user agent.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder().base_url(base_url).user_agent(USER_AGENT)
}

/// The base URL: the option or environment, else the stored one, else Help Scout's.
pub fn base_url(global: &Global, stored: Option<&Stored>) -> String {
    global
        .base_url
        .clone()
        .or_else(|| stored.and_then(|s| s.base_url.clone()))
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
}

/// Starts the embedded simulator with the seed sizes the options ask for.
pub async fn start_simulator(global: &Global) -> Result<RunningSimulator> {
    let mut builder = Simulator::builder();
    if let Some(count) = global.sim_conversations {
        builder = builder.conversations(count);
    }
    if let Some(budget) = global.sim_rate_limit {
        builder = builder.rate_limit_per_minute(budget);
    }
    builder.start().await.context("cannot start the simulator")
}

/// The App ID and Secret of the options or environment, if both are given; a usage error
/// if only one is.
pub fn app_credentials(global: &Global) -> Result<Option<(String, String)>> {
    match (&global.app_id, &global.app_secret) {
        (Some(id), Some(secret)) => Ok(Some((id.clone(), secret.clone()))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(exit::usage(
            "an App ID without its App Secret: set HELPSCOUT_APP_SECRET too",
        )),
        (None, Some(_)) => Err(exit::usage(
            "an App Secret without its App ID: set HELPSCOUT_APP_ID too",
        )),
    }
}

/// The credentials to use, and the stored record to keep up to date when they rotate.
///
/// App credentials from the options or environment win; they continue a stored
/// authorization-code login of the same app (its refresh token), and otherwise use the
/// client-credentials grant.
fn credentials(global: &Global, stored: Option<Stored>) -> Result<(Credentials, Option<Stored>)> {
    let given = app_credentials(global)?;
    let stored = match (given, stored) {
        (Some((id, secret)), Some(mut stored))
            if stored.grant == Grant::AuthorizationCode && stored.app_id == id =>
        {
            stored.app_secret = secret;
            stored
        }
        (Some((id, secret)), _) => return Ok((Credentials::client_credentials(id, secret), None)),
        (None, Some(stored)) => stored,
        (None, None) => {
            return Err(exit::auth(
                "not logged in: run `hs auth login`, set HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET, or try --simulator",
            ));
        }
    };
    match (stored.grant, &stored.refresh_token) {
        (Grant::AuthorizationCode, Some(refresh)) => Ok((
            Credentials::refresh_token(
                &stored.app_id,
                stored.app_secret.as_str(),
                refresh.as_str(),
            ),
            Some(stored),
        )),
        (Grant::AuthorizationCode, None) => Err(exit::auth(
            "the stored login has no refresh token: run `hs auth login --browser` again",
        )),
        (Grant::ClientCredentials, _) => Ok((
            Credentials::client_credentials(&stored.app_id, stored.app_secret.as_str()),
            None,
        )),
    }
}

/// The `on_tokens` hook that stores every rotated refresh token at once: Help Scout
/// invalidates the old one as soon as it issues the new one.
pub fn persist_rotations(
    store: Store,
    stored: Stored,
) -> impl Fn(&TokenSet) + Send + Sync + 'static {
    let stored = Mutex::new(stored);
    move |tokens: &TokenSet| {
        let mut stored = stored
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(refresh) = tokens.refresh_token() {
            stored.refresh_token = Some(refresh.expose().to_owned());
        }
        stored.access_token_expires_at = Some(expiry(tokens));
        if let Err(error) = store.save(&stored) {
            crate::output::note!(
                "warning: cannot store the new refresh token ({}); the next run needs `hs auth login`",
                exit::one_line(&error)
            );
        }
    }
}

/// When the token set's access token expires, RFC 3339.
pub fn expiry(tokens: &TokenSet) -> String {
    chrono::DateTime::<chrono::Utc>::from(tokens.expires_at())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
