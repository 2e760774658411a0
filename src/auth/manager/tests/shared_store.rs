//! Managers sharing one [`TokenStore`], as the processes of a fleet do: one token request
//! per expiry between them, stored sets used without a request, a failing store survived.

use std::time::SystemTime;

use super::*;
use crate::auth::{MemoryTokenStore, RefreshLock, StoreError, StoreFuture};

fn peers(
    count: usize,
    credentials: &Credentials,
    store: &MemoryTokenStore,
) -> (Vec<TokenManager>, Arc<Endpoint>) {
    let endpoint = Arc::new(Endpoint::default());
    let managers = (0..count)
        .map(|_| {
            manager_sharing(
                credentials.clone(),
                rotating(172_800),
                Arc::new(store.clone()),
                &endpoint,
            )
        })
        .collect();
    (managers, endpoint)
}

async fn all_bearers(managers: &[TokenManager]) -> Vec<String> {
    let mut callers = JoinSet::new();
    for (index, manager) in managers.iter().enumerate() {
        let manager = manager.clone();
        callers.spawn(async move { (index, bearer(&manager).await) });
    }
    let mut tokens = callers.join_all().await;
    tokens.sort();
    tokens.into_iter().map(|(_, token)| token).collect()
}

#[tokio::test(start_paused = true)]
async fn peers_sharing_a_store_make_one_token_request() {
    let store = MemoryTokenStore::new();
    let (managers, endpoint) = peers(5, &cc(), &store);
    assert_eq!(all_bearers(&managers).await, vec!["at-1"; 5]);
    assert_eq!(endpoint.calls(), 1);
    let stored = store.load().await.unwrap().expect("saved");
    assert_eq!(stored.access_token().expose(), "at-1");
}

#[tokio::test(start_paused = true)]
async fn peers_renew_a_refused_token_once_and_keep_the_refresh_chain() {
    let store = MemoryTokenStore::new();
    let credentials = Credentials::refresh_token("app", "app-secret", "rt-0");
    let (managers, endpoint) = peers(4, &credentials, &store);
    assert_eq!(all_bearers(&managers).await, vec!["at-1"; 4]);
    let stale = Secret::new("at-1");
    for manager in &managers {
        assert!(manager.invalidate(&stale).await);
    }
    assert_eq!(all_bearers(&managers).await, vec!["at-2"; 4]);
    assert_eq!(endpoint.calls(), 2);
    // Each refresh used the newest refresh token: rt-0, then rt-1.
    assert_eq!(value(&endpoint.form(0), "refresh_token"), Some("rt-0"));
    assert_eq!(value(&endpoint.form(1), "refresh_token"), Some("rt-1"));
}

#[tokio::test(start_paused = true)]
async fn a_valid_stored_set_is_used_without_a_request() {
    let expires_at = SystemTime::now() + Duration::from_secs(3_600);
    let tokens = TokenSet::new("stored-at", Some(Secret::new("stored-rt")), expires_at);
    let credentials = Credentials::from_stored("app", "app-secret", tokens);
    let store = MemoryTokenStore::new();
    let (managers, endpoint) = peers(2, &credentials, &store);
    assert_eq!(all_bearers(&managers).await, vec!["stored-at"; 2]);
    assert_eq!(endpoint.calls(), 0);
    // The set seeded the empty store, for peers started without it.
    let seeded = store.load().await.unwrap().expect("seeded");
    assert_eq!(seeded.access_token().expose(), "stored-at");
    // Refused: renewed once, with the stored refresh token.
    assert!(managers[0].invalidate(&Secret::new("stored-at")).await);
    assert_eq!(bearer(&managers[0]).await, "at-1");
    assert_eq!(endpoint.calls(), 1);
    assert_eq!(
        value(&endpoint.form(0), "grant_type"),
        Some("refresh_token")
    );
    assert_eq!(value(&endpoint.form(0), "refresh_token"), Some("stored-rt"));
}

#[tokio::test(start_paused = true)]
async fn an_expired_stored_set_is_refreshed_with_its_refresh_token_or_by_client_credentials() {
    let past = SystemTime::now() - Duration::from_secs(1);
    let with_refresh = TokenSet::new("old-at", Some(Secret::new("old-rt")), past);
    let (manager, endpoint) = manager_with(
        Credentials::from_stored("app", "app-secret", with_refresh),
        rotating(172_800),
    );
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(value(&endpoint.form(0), "refresh_token"), Some("old-rt"));

    let without = TokenSet::new("old-at", None, past);
    let (manager, endpoint) = manager_with(
        Credentials::from_stored("app", "app-secret", without),
        no_refresh_token,
    );
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(
        value(&endpoint.form(0), "grant_type"),
        Some("client_credentials")
    );
}

/// A store that fails at everything, as Redis does when it is gone.
#[derive(Debug)]
struct Broken;

impl TokenStore for Broken {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn save<'a>(&'a self, _: &'a TokenSet) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn try_lock(&self, _: Duration) -> StoreFuture<'_, Option<RefreshLock>> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
    fn unlock(&self, _: RefreshLock) -> StoreFuture<'_, ()> {
        Box::pin(async { Err(StoreError::new("down")) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_failing_store_degrades_to_a_refresh_of_its_own() {
    let endpoint = Arc::new(Endpoint::default());
    let manager = manager_sharing(cc(), rotating(172_800), Arc::new(Broken), &endpoint);
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(bearer(&manager).await, "at-1");
    assert_eq!(endpoint.calls(), 1);
    assert_eq!(
        endpoint.saved.lock().unwrap().len(),
        1,
        "on_tokens still runs"
    );
}

/// A peer holding the lock for good (a process that died mid-refresh) delays the others
/// until the lock expires, and no longer.
#[tokio::test(start_paused = true)]
async fn a_lock_left_by_a_dead_peer_expires() {
    let store = MemoryTokenStore::new();
    let _dead = store
        .try_lock(sync::REFRESH_LOCK_TTL)
        .await
        .unwrap()
        .expect("free");
    let (managers, endpoint) = peers(1, &cc(), &store);
    let started = Instant::now();
    assert_eq!(bearer(&managers[0]).await, "at-1");
    assert!(started.elapsed() >= sync::REFRESH_LOCK_TTL);
    assert_eq!(endpoint.calls(), 1);
}
