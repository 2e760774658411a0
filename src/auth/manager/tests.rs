//! The manager against a fake token endpoint, with tokio's clock paused: every wait below is
//! virtual, so nothing here sleeps for real or depends on timing.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::AtomicUsize;

use tokio::task::JoinSet;
use tokio::time::{advance, sleep};

use super::*;

type Form = Vec<(&'static str, String)>;

/// What the fake endpoint saw and reported.
#[derive(Default)]
struct Endpoint {
    calls: AtomicUsize,
    forms: StdMutex<Vec<Form>>,
    saved: StdMutex<Vec<TokenSet>>,
}

impl Endpoint {
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn form(&self, index: usize) -> Form {
        self.forms.lock().unwrap()[index].clone()
    }

    fn saved_refresh_tokens(&self) -> Vec<Option<String>> {
        self.saved
            .lock()
            .unwrap()
            .iter()
            .map(|t| t.refresh_token().map(|r| r.expose().to_owned()))
            .collect()
    }
}

/// How long each fake token request takes: long enough for concurrent callers to overlap.
const LATENCY: Duration = Duration::from_millis(10);

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// A manager whose endpoint answers request `n` (1-based) with `respond(n)` after
/// [`LATENCY`], and whose callback records every token set.
fn manager_with(
    credentials: Credentials,
    respond: impl Fn(usize) -> Result<(u16, String), BoxError> + Send + Sync + 'static,
) -> (TokenManager, Arc<Endpoint>) {
    let endpoint = Arc::new(Endpoint::default());
    let manager = manager_sharing(
        credentials,
        respond,
        Arc::new(crate::auth::MemoryTokenStore::new()),
        &endpoint,
    );
    (manager, endpoint)
}

/// A manager on `store` whose requests go to the fake `endpoint`, which peers may share.
fn manager_sharing(
    credentials: Credentials,
    respond: impl Fn(usize) -> Result<(u16, String), BoxError> + Send + Sync + 'static,
    store: Arc<dyn TokenStore>,
    endpoint: &Arc<Endpoint>,
) -> TokenManager {
    let respond = Arc::new(respond);
    let seen = Arc::clone(endpoint);
    let fetch: TokenFetch = Arc::new(move |form| {
        let seen = Arc::clone(&seen);
        let respond = Arc::clone(&respond);
        Box::pin(async move {
            let n = seen.calls.fetch_add(1, Ordering::SeqCst) + 1;
            seen.forms.lock().unwrap().push(form);
            sleep(LATENCY).await;
            let (status, body) = respond(n)?;
            Ok(TokenHttpResponse {
                status: StatusCode::from_u16(status).unwrap(),
                body: body.into_bytes(),
            })
        })
    });
    let saved = Arc::clone(endpoint);
    let on_tokens: TokenHook =
        Arc::new(move |tokens: &TokenSet| saved.saved.lock().unwrap().push(tokens.clone()));
    TokenManager::new(credentials, fetch, Some(on_tokens), store)
}

/// Request `n` returns `at-n`, `rt-n` and a lifetime of `expires_in` seconds.
fn rotating(expires_in: u64) -> impl Fn(usize) -> Result<(u16, String), BoxError> + Send + Sync {
    move |n| {
        Ok((
            200,
            format!(
                r#"{{"token_type":"bearer","access_token":"at-{n}","refresh_token":"rt-{n}","expires_in":{expires_in}}}"#
            ),
        ))
    }
}

/// Like Help Scout's client-credentials grant: no refresh token.
fn no_refresh_token(n: usize) -> Result<(u16, String), BoxError> {
    Ok((
        200,
        format!(r#"{{"access_token":"at-{n}","expires_in":172800}}"#),
    ))
}

fn value<'a>(form: &'a Form, key: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

fn cc() -> Credentials {
    Credentials::client_credentials("app", "app-secret")
}

async fn bearer(manager: &TokenManager) -> String {
    manager.bearer().await.unwrap().expose().to_owned()
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_without_a_token_cause_one_fetch() {
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    let mut callers = JoinSet::new();
    for _ in 0..20 {
        let manager = manager.clone();
        callers.spawn(async move { bearer(&manager).await });
    }
    let tokens = callers.join_all().await;
    assert_eq!(tokens, vec!["at-1"; 20]);
    assert_eq!(endpoint.calls(), 1);
    assert_eq!(endpoint.saved.lock().unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_fresh_token_is_reused() {
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    assert_eq!(bearer(&manager).await, "at-1");
    advance(DAY).await;
    assert_eq!(bearer(&manager).await, "at-1");
    advance(DAY - REFRESH_SKEW - Duration::from_secs(1)).await;
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(endpoint.calls(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_token_within_the_skew_of_expiry_is_refreshed() {
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    assert_eq!(bearer(&manager).await, "at-1");
    // The lifetime is counted from when the request was sent, LATENCY ago.
    advance(2 * DAY - REFRESH_SKEW - LATENCY - Duration::from_millis(1)).await;
    assert_eq!(bearer(&manager).await, "at-1");
    advance(Duration::from_millis(1)).await;
    assert_eq!(bearer(&manager).await, "at-2");
    assert_eq!(endpoint.calls(), 2);
    assert_eq!(
        value(&endpoint.form(1), "grant_type"),
        Some("client_credentials")
    );
}

#[tokio::test(start_paused = true)]
async fn a_short_lived_token_is_used_for_half_its_lifetime() {
    let (manager, endpoint) = manager_with(cc(), rotating(60));
    assert_eq!(bearer(&manager).await, "at-1");
    advance(Duration::from_secs(29)).await;
    assert_eq!(bearer(&manager).await, "at-1");
    advance(Duration::from_secs(1)).await;
    assert_eq!(bearer(&manager).await, "at-2");
    assert_eq!(endpoint.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn invalidate_clears_the_stale_token_once() {
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    let stale = manager.bearer().await.unwrap();
    assert!(manager.invalidate(&stale).await);
    assert!(manager.invalidate(&stale).await);
    assert_eq!(bearer(&manager).await, "at-2");
    // A late 401 for the replaced token leaves the new one alone.
    assert!(manager.invalidate(&stale).await);
    assert_eq!(bearer(&manager).await, "at-2");
    assert_eq!(endpoint.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn twenty_parallel_401s_cause_one_refresh() {
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    let stale = manager.bearer().await.unwrap();
    let mut requests = JoinSet::new();
    for _ in 0..20 {
        let (manager, stale) = (manager.clone(), stale.clone());
        requests.spawn(async move {
            assert!(manager.invalidate(&stale).await);
            bearer(&manager).await
        });
    }
    assert_eq!(requests.join_all().await, vec!["at-2"; 20]);
    assert_eq!(endpoint.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn refresh_tokens_rotate_and_each_new_set_is_reported() {
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-0");
    let (manager, endpoint) = manager_with(credentials, rotating(172_800));
    for round in 1..=3 {
        let token = manager.bearer().await.unwrap();
        assert_eq!(token.expose(), format!("at-{round}"));
        let form = endpoint.form(round - 1);
        assert_eq!(value(&form, "grant_type"), Some("refresh_token"));
        let previous = format!("rt-{}", round - 1);
        assert_eq!(value(&form, "refresh_token"), Some(previous.as_str()));
        assert_eq!(value(&form, "client_id"), Some("app"));
        assert_eq!(value(&form, "client_secret"), Some("app-secret"));
        manager.invalidate(&token).await;
    }
    assert_eq!(
        endpoint.saved_refresh_tokens(),
        [
            Some("rt-1".into()),
            Some("rt-2".into()),
            Some("rt-3".into())
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-0");
    let (manager, endpoint) = manager_with(credentials, no_refresh_token);
    let token = manager.bearer().await.unwrap();
    manager.invalidate(&token).await;
    bearer(&manager).await;
    assert_eq!(value(&endpoint.form(1), "refresh_token"), Some("rt-0"));
    // The callback still sees the refresh token to persist.
    assert_eq!(
        endpoint.saved_refresh_tokens(),
        [Some("rt-0".into()), Some("rt-0".into())]
    );
}

#[tokio::test(start_paused = true)]
async fn authorization_code_is_exchanged_once_then_refreshed() {
    let credentials =
        Credentials::authorization_code("app", "app-secret", "the-code", Some("https://app/cb"));
    let (manager, endpoint) = manager_with(credentials, rotating(172_800));
    let token = manager.bearer().await.unwrap();
    manager.invalidate(&token).await;
    assert_eq!(bearer(&manager).await, "at-2");
    advance(2 * DAY).await;
    assert_eq!(bearer(&manager).await, "at-3");

    let first = endpoint.form(0);
    assert_eq!(value(&first, "grant_type"), Some("authorization_code"));
    assert_eq!(value(&first, "code"), Some("the-code"));
    assert_eq!(value(&first, "redirect_uri"), Some("https://app/cb"));
    assert_eq!(value(&first, "refresh_token"), None);
    for (index, refresh_token) in [(1, "rt-1"), (2, "rt-2")] {
        let form = endpoint.form(index);
        assert_eq!(value(&form, "grant_type"), Some("refresh_token"));
        assert_eq!(value(&form, "refresh_token"), Some(refresh_token));
        assert_eq!(value(&form, "code"), None);
    }
}

#[tokio::test(start_paused = true)]
async fn a_code_exchange_without_refresh_token_cannot_be_renewed() {
    let credentials = Credentials::authorization_code("app", "app-secret", "the-code", None);
    let (manager, endpoint) = manager_with(credentials, no_refresh_token);
    let token = manager.bearer().await.unwrap();
    assert!(manager.invalidate(&token).await);
    let error = manager.bearer().await.unwrap_err();
    assert_eq!(error.kind(), AuthErrorKind::NoRefreshPossible);
    assert_eq!(endpoint.calls(), 1, "a spent code is never sent again");
}

#[tokio::test(start_paused = true)]
async fn client_credentials_always_ask_for_a_new_token() {
    // Even if the endpoint hands out a refresh token, the grant stays client_credentials.
    let (manager, endpoint) = manager_with(cc(), rotating(172_800));
    let token = manager.bearer().await.unwrap();
    manager.invalidate(&token).await;
    bearer(&manager).await;
    for index in 0..2 {
        let form = endpoint.form(index);
        assert_eq!(value(&form, "grant_type"), Some("client_credentials"));
        assert_eq!(value(&form, "refresh_token"), None);
    }
}

#[tokio::test(start_paused = true)]
async fn a_fixed_token_is_never_fetched_nor_replaced() {
    let (manager, endpoint) = manager_with(Credentials::access_token("fixed"), rotating(1));
    assert_eq!(bearer(&manager).await, "fixed");
    advance(7 * DAY).await;
    assert_eq!(bearer(&manager).await, "fixed");
    assert!(!manager.invalidate(&Secret::new("fixed")).await);
    assert_eq!(bearer(&manager).await, "fixed");
    assert_eq!(endpoint.calls(), 0);
    assert!(endpoint.saved.lock().unwrap().is_empty());
}

const STALE_BODY: &str =
    r#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#;

#[tokio::test(start_paused = true)]
async fn a_failed_refresh_is_shared_by_the_callers_waiting_for_it() {
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-old");
    let (manager, endpoint) = manager_with(credentials, |_| Ok((400, STALE_BODY.to_owned())));
    let mut callers = JoinSet::new();
    for _ in 0..20 {
        let manager = manager.clone();
        callers.spawn(async move { manager.bearer().await.unwrap_err() });
    }
    for error in callers.join_all().await {
        assert_eq!(error.kind(), AuthErrorKind::StaleRefreshToken);
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    }
    assert_eq!(endpoint.calls(), 1);
    // A caller arriving after the failure tries again.
    manager.bearer().await.unwrap_err();
    assert_eq!(endpoint.calls(), 2);
    assert!(endpoint.saved.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn transport_failures_keep_their_source_and_are_retried_later() {
    let (manager, endpoint) = manager_with(cc(), |n| {
        if n == 1 {
            Err(Box::new(std::io::Error::other("connection reset")) as BoxError)
        } else {
            no_refresh_token(n)
        }
    });
    let error = manager.bearer().await.unwrap_err();
    assert_eq!(error.kind(), AuthErrorKind::Transport);
    assert_eq!(
        std::error::Error::source(&error).map(ToString::to_string),
        Some("connection reset".to_owned())
    );
    assert_eq!(bearer(&manager).await, "at-2");
    assert_eq!(endpoint.calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_gives_up_does_not_lose_the_rotated_token() {
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-0");
    let (manager, endpoint) = manager_with(credentials, rotating(172_800));
    let impatient = {
        let manager = manager.clone();
        tokio::spawn(async move { manager.bearer().await })
    };
    sleep(LATENCY / 2).await;
    impatient.abort();
    assert!(impatient.await.unwrap_err().is_cancelled());
    // The refresh finished anyway: the rotated token was cached and reported.
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(endpoint.calls(), 1);
    assert_eq!(endpoint.saved_refresh_tokens(), [Some("rt-1".into())]);
}

#[tokio::test(start_paused = true)]
async fn error_messages_never_contain_secrets() {
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-SECRET");
    let echo = r#"{"error":"invalid_grant","error_description":"Invalid refresh token: rt-SECRET (client app-secret)"}"#;
    let (manager, _) = manager_with(credentials, move |_| Ok((400, echo.to_owned())));
    let error = manager.bearer().await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("rt-SECRET") && !shown.contains("app-secret"),
        "{shown}"
    );
    assert_eq!(error.kind(), AuthErrorKind::StaleRefreshToken);
}

#[test]
fn debug_of_the_manager_is_redacted() {
    let (manager, _) = manager_with(
        Credentials::authorization_code("app", "app-secret", "the-code", None),
        rotating(1),
    );
    let debug = format!("{manager:?}");
    assert!(
        !debug.contains("app-secret") && !debug.contains("the-code"),
        "{debug}"
    );
    assert!(debug.contains("[redacted]"), "{debug}");
}

#[test]
fn authorization_header_is_sensitive() {
    let header = authorization_header(&Secret::new("at-1")).unwrap();
    assert_eq!(header.to_str().unwrap(), "Bearer at-1");
    assert!(header.is_sensitive());
    let error = authorization_header(&Secret::new("bad\ntoken")).unwrap_err();
    assert_eq!(error.kind(), AuthErrorKind::InvalidCredentials);
    assert!(!format!("{error} {error:?}").contains("bad\ntoken"));
}

mod shared_store;
