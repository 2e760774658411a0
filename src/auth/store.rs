//! [`TokenStore`]: where the client keeps its token set, so that it survives a restart and
//! is shared by every process of one account; and [`MemoryTokenStore`], the default.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::TokenSet;

/// The future a [`TokenStore`] method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Where the client keeps its [`TokenSet`], and the lock that makes a refresh single-flight
/// among all the clients that share the store.
///
/// The client loads the stored set at its first call and whenever its own token is due, so
/// that a set saved by a peer (another process, or another client in this one) is used
/// instead of asking for a new one. When a refresh is needed it takes the lock, reads the
/// store again (a peer may have refreshed meanwhile), and only then makes the token request
/// and saves the result. Peers that find the lock taken wait and read the store instead of
/// refreshing: one token request per expiry for the whole fleet, and a rotated refresh token
/// is never used twice.
///
/// The lock has an expiry, so that a process that dies while refreshing cannot block the
/// others for ever; [`unlock`](Self::unlock) must release only the lock it was given.
///
/// A store that fails (a file that cannot be written, Redis gone) does not fail the calls:
/// the client logs a warning (`tracing`) and goes on with the token it has or asks for one
/// by itself, like a client without a store.
///
/// Shipped: [`MemoryTokenStore`] (the default: one client and its clones), [`FileTokenStore`]
/// (a JSON file), and with the `redis` feature `shared::RedisTokenStore`.
///
/// [`FileTokenStore`]: super::FileTokenStore
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored token set, or `None` when nothing is stored yet.
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>>;

    /// Replaces the stored set with `tokens`.
    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()>;

    /// Takes the refresh lock for at most `ttl`, unless someone else holds it: `Some` with
    /// the lock taken, `None` when it is held elsewhere. Never waits for it.
    fn try_lock(&self, ttl: Duration) -> StoreFuture<'_, Option<RefreshLock>>;

    /// Releases `lock`, if it is still the one held (once it has expired and a peer has
    /// taken the lock, the peer's is left alone).
    fn unlock(&self, lock: RefreshLock) -> StoreFuture<'_, ()>;
}

/// Proof of holding a [`TokenStore`]'s refresh lock: an identifier unique to this holding,
/// which [`TokenStore::unlock`] compares before releasing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshLock {
    id: String,
}

impl RefreshLock {
    /// A lock with a fresh random identifier, for a store to hand out.
    pub fn new() -> Self {
        let id: u128 = rand::random();
        Self {
            id: format!("{id:032x}"),
        }
    }

    /// The identifier the store keeps while this lock is held.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Default for RefreshLock {
    fn default() -> Self {
        Self::new()
    }
}

/// A [`TokenStore`] failed: the file, database or Redis could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("token store: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl StoreError {
    /// An error saying what failed.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// The same error with its cause attached.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// A [`TokenStore`] in memory: what a client uses when given none. Share one (it is cheap
/// to clone; clones share the tokens) between several clients of one process so that they
/// share one token.
#[derive(Clone, Default)]
pub struct MemoryTokenStore {
    inner: std::sync::Arc<MemoryInner>,
}

#[derive(Default)]
struct MemoryInner {
    tokens: Mutex<Option<TokenSet>>,
    lock: Mutex<Option<(String, Instant)>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl fmt::Debug for MemoryTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stored = self
            .inner
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some();
        f.debug_struct("MemoryTokenStore")
            .field("stored", &stored)
            .finish_non_exhaustive()
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        let tokens = self
            .inner
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Box::pin(std::future::ready(Ok(tokens)))
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        *self
            .inner
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
        Box::pin(std::future::ready(Ok(())))
    }

    fn try_lock(&self, ttl: Duration) -> StoreFuture<'_, Option<RefreshLock>> {
        let now = Instant::now();
        let mut held = self
            .inner
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let taken = if held.as_ref().is_some_and(|(_, until)| *until > now) {
            None
        } else {
            let lock = RefreshLock::new();
            // A ttl too long to represent: held until released.
            let until = now
                .checked_add(ttl)
                .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3_600));
            *held = Some((lock.id().to_owned(), until));
            Some(lock)
        };
        Box::pin(std::future::ready(Ok(taken)))
    }

    fn unlock(&self, lock: RefreshLock) -> StoreFuture<'_, ()> {
        let mut held = self
            .inner
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if held.as_ref().is_some_and(|(id, _)| id == lock.id()) {
            *held = None;
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn memory_store_keeps_the_set_and_a_lock_with_an_expiry() {
        let store = MemoryTokenStore::new();
        assert_eq!(store.load().await.unwrap(), None);
        let tokens = TokenSet::new("a", None, SystemTime::now() + Duration::from_secs(60));
        store.save(&tokens).await.unwrap();
        assert_eq!(store.clone().load().await.unwrap(), Some(tokens));

        let ttl = Duration::from_secs(10);
        let first = store.try_lock(ttl).await.unwrap().expect("free");
        assert_eq!(store.try_lock(ttl).await.unwrap(), None, "held");
        // Expired: a peer takes it, and the first holder's unlock leaves the peer's alone.
        tokio::time::advance(ttl).await;
        let second = store.try_lock(ttl).await.unwrap().expect("expired");
        assert_ne!(first, second);
        store.unlock(first).await.unwrap();
        assert_eq!(store.try_lock(ttl).await.unwrap(), None, "still the peer's");
        store.unlock(second).await.unwrap();
        assert!(store.try_lock(ttl).await.unwrap().is_some(), "released");
    }
}
