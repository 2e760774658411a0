//! [`TokenManager`]: the cached access token, refreshed early and once at a time.
//!
//! The client asks for a bearer token before each request and reports a 401 back. All
//! network access goes through an injected [`TokenFetch`], so every rule here is tested with
//! paused time and a fake endpoint.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use http::{HeaderValue, StatusCode};
use tokio::sync::{Mutex, OwnedMutexGuard};
use tokio::time::Instant;

use super::token::{Grant, classify_failure, parse_token_response, token_form};
use super::{AuthError, AuthErrorKind, Credentials, Secret, TokenSet, TokenStore};

mod sync;

/// How long before expiry a token is replaced. Help Scout tokens last 48 hours, so renewing
/// five minutes early costs nothing and keeps a token from expiring while a request (or its
/// retries) is in flight.
// quirk Q02: 48-hour tokens, renewed early by one request for all callers.
pub(crate) const REFRESH_SKEW: Duration = Duration::from_secs(5 * 60);

/// The shortest time a token is used before the client asks for the next one, however
/// short a lifetime the endpoint announces (`expires_in: 0` would otherwise cost a token
/// request per API call). A token that really dies sooner is renewed on its 401.
pub(crate) const MIN_TOKEN_USE: Duration = Duration::from_secs(5);

/// A transport failure of the token request, kept as the source of an
/// [`AuthErrorKind::Transport`] error.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What the token endpoint answered, before any interpretation.
pub(crate) struct TokenHttpResponse {
    pub(crate) status: StatusCode,
    pub(crate) body: Vec<u8>,
}

/// The future a [`TokenFetch`] returns.
pub(crate) type FetchFuture =
    Pin<Box<dyn Future<Output = Result<TokenHttpResponse, BoxError>> + Send + 'static>>;

/// POSTs a token form to `{base_url}/v2/oauth2/token` as
/// `application/x-www-form-urlencoded` and returns the status and body as they are.
///
/// It deliberately interprets nothing: the manager classifies failures and parses tokens, so
/// the client's closure stays a few lines and everything else is tested without a network.
/// The form contains the App Secret and tokens in plain text: never log it.
pub(crate) type TokenFetch = Arc<dyn Fn(Vec<(&'static str, String)>) -> FetchFuture + Send + Sync>;

/// Receives every new [`TokenSet`], after it is cached, one at a time and in issue order, so
/// the last one persisted is always the newest.
///
/// It runs while the token lock is held (that is what keeps the order), so it should be
/// quick: write a file, or send the set down a channel to an async task. It must not wait
/// for an API call of the same client, which would need the lock it is holding.
pub(crate) type TokenHook = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// The cached access token and the single-flight refresh around it.
///
/// Cheap to clone; clones share the cache.
#[derive(Clone)]
pub(crate) struct TokenManager {
    inner: Arc<Inner>,
}

struct Inner {
    credentials: Credentials,
    fetch: TokenFetch,
    on_tokens: Option<TokenHook>,
    /// Where token sets are loaded from and saved to, and whose lock makes a refresh
    /// single-flight across every client sharing it (see `sync.rs`).
    store: Arc<dyn TokenStore>,
    // A tokio mutex, held across the token request: callers that find the token expired
    // queue here and get the refreshed one instead of each starting a refresh.
    state: Arc<Mutex<State>>,
    /// How many token requests have completed; lets a queued caller tell whether a failure
    /// it finds happened after it asked (and so answers it) or before.
    completed: AtomicU64,
    issued: std::sync::Mutex<Issued>,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// The newest refresh token, once a response has replaced the one in the credentials.
    refresh_token: Option<Secret>,
    /// Whether the authorization code has been exchanged; it works only once.
    code_spent: bool,
    /// The last failed token request and the `completed` count it set.
    last_failure: Option<(u64, AuthError)>,
    /// Whether the credentials' own stored set has been considered (at the first use).
    started: bool,
}

/// The tokens issued so far that are still worth scrubbing from server text: the newest
/// access and refresh token. Kept apart from [`State`] behind a std mutex, so that an error
/// response can be scrubbed without waiting for a refresh in progress.
#[derive(Default)]
struct Issued {
    access_token: Option<Secret>,
    /// When the request for `access_token` was sent; `None` for a set taken from the
    /// store or the credentials, which no request of this client fetched.
    requested_at: Option<Instant>,
    refresh_token: Option<Secret>,
}

struct Cached {
    tokens: TokenSet,
    refresh_at: Instant,
}

impl TokenManager {
    /// A manager that fetches its first token on the first [`bearer`](Self::bearer) call.
    ///
    /// `store` is consulted before every token request; see [`TokenStore`].
    pub(crate) fn new(
        credentials: Credentials,
        fetch: TokenFetch,
        on_tokens: Option<TokenHook>,
        store: Arc<dyn TokenStore>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                credentials,
                fetch,
                on_tokens,
                store,
                state: Arc::new(Mutex::new(State::default())),
                completed: AtomicU64::new(0),
                issued: std::sync::Mutex::default(),
            }),
        }
    }

    /// The access token to send now: the cached one, or a new one if it is missing or
    /// within [`REFRESH_SKEW`] (or half its lifetime, for short-lived tokens) of expiry.
    ///
    /// However many callers find the token expired at once, one token request is made; the
    /// others wait for it and share its token, or its error. The request runs in its own
    /// task, so a caller that gives up (a timeout, a dropped future) cannot lose a rotated
    /// refresh token halfway through. A panic in the token callback reaches the caller that
    /// started the refresh.
    ///
    /// A fixed access token is returned as it is, without a request.
    pub(crate) async fn bearer(&self) -> Result<Secret, AuthError> {
        if let Credentials::AccessToken(token) = &self.inner.credentials {
            return Ok(token.clone());
        }
        let asked = self.inner.completed.load(Ordering::Acquire);
        let state = Arc::clone(&self.inner.state).lock_owned().await;
        if let Some(cached) = &state.cached
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.tokens.access_token().clone());
        }
        if let Some((completed, error)) = &state.last_failure
            && *completed > asked
        {
            // A request that started after this caller asked has just failed; repeating it
            // at once would fail the same way, once per queued caller.
            return Err(error.clone());
        }
        let inner = Arc::clone(&self.inner);
        match tokio::spawn(async move { inner.refresh(state).await }).await {
            Ok(result) => result,
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => Err(AuthError::new(AuthErrorKind::Transport)
                .with_detail("the token request was cancelled")
                .with_source(join)),
        }
    }

    /// Reports that Help Scout answered 401 to `stale`; returns whether retrying the request
    /// with a fresh [`bearer`](Self::bearer) can help.
    ///
    /// The cache is cleared only if it still holds `stale` (compare-and-clear), so twenty
    /// requests failing with the same token cause one refresh, and a 401 that arrives after
    /// a refresh leaves the new token alone. A fixed access token cannot be replaced: the
    /// answer is `false` and the 401 is final.
    pub(crate) async fn invalidate(&self, stale: &Secret) -> bool {
        if let Credentials::AccessToken(_) = self.inner.credentials {
            return false;
        }
        let mut state = self.inner.state.lock().await;
        if state
            .cached
            .as_ref()
            .is_some_and(|cached| cached.tokens.access_token() == stale)
        {
            state.cached = None;
        }
        true
    }

    /// Whether `token` is the newest access token and was requested after `instant`: a
    /// token fetched to replace one that was refused at `instant`.
    pub(crate) fn fetched_after(&self, token: &Secret, instant: Instant) -> bool {
        let issued = self
            .inner
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        issued.access_token.as_ref() == Some(token)
            && issued.requested_at.is_some_and(|at| at > instant)
    }

    /// `body` with every secret this manager knows scrubbed from it: the credentials', the
    /// newest tokens, and `sent`, the token of the request that `body` answers.
    pub(crate) fn scrub(&self, body: Vec<u8>, sent: &Secret) -> Vec<u8> {
        let issued = self
            .inner
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut secrets = self.inner.credentials.secrets();
        secrets.push(sent);
        secrets.extend(&issued.access_token);
        secrets.extend(&issued.refresh_token);
        super::secret::scrub_bytes(body, &secrets)
    }
}

impl Inner {
    /// Finds a usable token set in the store (or the credentials) or, failing that, gets a
    /// new one under the store's lock and saves it. Holds the local lock throughout.
    async fn refresh(&self, mut state: OwnedMutexGuard<State>) -> Result<Secret, AuthError> {
        if let Some(token) = self.adopt_shared(&mut state).await {
            return Ok(token);
        }
        let lock = match self.lock_or_adopt(&mut state).await {
            sync::Locked::Adopted(token) => return Ok(token),
            sync::Locked::Held(lock) => Some(lock),
            sync::Locked::Alone => None,
        };
        let result = self.fetch_new(&mut state).await;
        if let Some(lock) = lock {
            self.unlock(lock).await;
        }
        result
    }

    /// Gets and caches a new token set, saves it to the store, reports it to the callback,
    /// and records the outcome for callers queued behind this one.
    async fn fetch_new(&self, state: &mut State) -> Result<Secret, AuthError> {
        let form = token_form(&self.credentials, state.refresh_token.as_ref())
            .ok_or_else(|| AuthError::new(AuthErrorKind::NoRefreshPossible))?;
        if form.grant == Grant::AuthorizationCode && state.code_spent {
            return Err(AuthError::new(AuthErrorKind::NoRefreshPossible)
                .with_detail("the code exchange returned no refresh token"));
        }
        let grant = form.grant;
        // Timed from before the request, so transit time counts against the lifetime.
        let sent = Instant::now();
        tracing::debug!(grant = grant.as_str(), "requesting an access token");
        let result = self.request(grant, form.fields, state).await;
        let completed = self.completed.fetch_add(1, Ordering::AcqRel) + 1;
        let tokens = match result {
            Ok(tokens) => tokens,
            Err(error) => {
                // The error's text is scrubbed of every secret; its kind says what to do.
                tracing::warn!(grant = grant.as_str(), kind = ?error.kind(), "token request failed");
                state.last_failure = Some((completed, error.clone()));
                return Err(error);
            }
        };
        tracing::info!(
            grant = grant.as_str(),
            expires_in_s = tokens.expires_in().as_secs(),
            rotated_refresh_token = tokens.refresh_token().is_some(),
            "access token issued"
        );
        state.last_failure = None;
        let tokens = match grant {
            Grant::ClientCredentials => tokens,
            Grant::AuthorizationCode | Grant::RefreshToken => {
                // A response without a refresh token leaves the current one valid.
                let tokens = tokens.keeping_refresh_token(self.current_refresh_token(state));
                state.refresh_token = tokens.refresh_token().cloned();
                state.code_spent = true;
                tokens
            }
        };
        let lifetime = tokens.expires_in();
        // Early by the skew, but never by more than half the lifetime: a token that lives a
        // minute is used for thirty seconds rather than refreshed on every call. And never
        // sooner than MIN_TOKEN_USE, whatever the endpoint said.
        let early = REFRESH_SKEW.min(lifetime / 2);
        let use_for = (lifetime - early).max(MIN_TOKEN_USE);
        state.cached = Some(Cached {
            tokens: tokens.clone(),
            refresh_at: sent + use_for,
        });
        {
            let mut issued = self
                .issued
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            issued.access_token = Some(tokens.access_token().clone());
            issued.requested_at = Some(sent);
            issued.refresh_token = tokens
                .refresh_token()
                .cloned()
                .or(issued.refresh_token.take());
        }
        if let Err(error) = self.store.save(&tokens).await {
            tracing::warn!(%error, "cannot save the new token set; peers will fetch their own");
        }
        // quirk Q03: refresh tokens rotate; every new set goes to on_tokens.
        if let Some(on_tokens) = &self.on_tokens {
            on_tokens(&tokens);
        }
        Ok(tokens.access_token().clone())
    }

    async fn request(
        &self,
        grant: Grant,
        fields: Vec<(&'static str, String)>,
        state: &State,
    ) -> Result<TokenSet, AuthError> {
        let response = (self.fetch)(fields)
            .await
            .map_err(|source| AuthError::new(AuthErrorKind::Transport).with_source(source))?;
        if !response.status.is_success() {
            let mut secrets = self.credentials.secrets();
            secrets.extend(&state.refresh_token);
            return Err(classify_failure(
                grant,
                response.status,
                &response.body,
                &secrets,
            ));
        }
        parse_token_response(&response.body, SystemTime::now())
    }

    fn current_refresh_token<'a>(&'a self, state: &'a State) -> Option<&'a Secret> {
        state.refresh_token.as_ref().or(match &self.credentials {
            Credentials::RefreshToken { refresh_token, .. } => Some(refresh_token),
            Credentials::Stored { tokens, .. } => tokens.refresh_token(),
            _ => None,
        })
    }
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("credentials", &self.inner.credentials)
            .field("on_tokens", &self.inner.on_tokens.is_some())
            .field("store", &self.inner.store)
            .finish_non_exhaustive()
    }
}

/// The `Authorization` header for `token`, marked sensitive so that HTTP-level logging
/// (and `Debug` of the request) leaves it out.
pub(crate) fn authorization_header(token: &Secret) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
        // Fetched tokens are checked when parsed, so this is a fixed token from the caller.
        AuthError::new(AuthErrorKind::InvalidCredentials)
            .with_detail("the access token has characters an HTTP header cannot carry")
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests;
