//! [`RedisTokenStore`]: the token set of an account in Redis, with the refresh lock.

use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use redis::aio::ConnectionManager;

use crate::auth::{RefreshLock, StoreError, StoreFuture, StoredTokens, TokenSet, TokenStore};

static UNLOCK: LazyLock<redis::Script> =
    LazyLock::new(|| redis::Script::new(include_str!("unlock.lua")));

/// A [`TokenStore`] in Redis: the set as JSON ([`StoredTokens`]) under `<prefix>:tokens`,
/// the refresh lock under `<prefix>:tokens:lock` (`SET NX PX`, released by a script that
/// checks the holder). Made by [`RedisCoordinator::token_store`](super::RedisCoordinator::token_store).
#[derive(Clone)]
pub struct RedisTokenStore {
    connection: ConnectionManager,
    key: String,
    lock_key: String,
}

impl fmt::Debug for RedisTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisTokenStore")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

fn failed(what: &str, error: redis::RedisError) -> StoreError {
    StoreError::new(format!("Redis: cannot {what}")).with_source(error)
}

impl RedisTokenStore {
    pub(crate) fn new(connection: ConnectionManager, prefix: &str) -> Self {
        Self {
            connection,
            key: format!("{prefix}:tokens"),
            lock_key: format!("{prefix}:tokens:lock"),
        }
    }

    async fn read(&self) -> Result<Option<TokenSet>, StoreError> {
        let mut connection = self.connection.clone();
        let json: Option<String> = redis::cmd("GET")
            .arg(&self.key)
            .query_async(&mut connection)
            .await
            .map_err(|error| failed("read the token set", error))?;
        let Some(json) = json else {
            return Ok(None);
        };
        let stored: StoredTokens = serde_json::from_str(&json).map_err(|error| {
            StoreError::new(format!("Redis key {} is not a stored token set", self.key))
                .with_source(error)
        })?;
        Ok(Some(TokenSet::from_stored(stored)))
    }

    async fn write(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        let json = serde_json::to_string(&tokens.to_stored())
            .map_err(|error| StoreError::new("cannot encode the token set").with_source(error))?;
        let mut connection = self.connection.clone();
        redis::cmd("SET")
            .arg(&self.key)
            .arg(json)
            .query_async::<()>(&mut connection)
            .await
            .map_err(|error| failed("save the token set", error))
    }

    async fn lock(&self, ttl: Duration) -> Result<Option<RefreshLock>, StoreError> {
        let lock = RefreshLock::new();
        let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut connection = self.connection.clone();
        let taken: Option<String> = redis::cmd("SET")
            .arg(&self.lock_key)
            .arg(lock.id())
            .arg("NX")
            .arg("PX")
            .arg(millis)
            .query_async(&mut connection)
            .await
            .map_err(|error| failed("take the refresh lock", error))?;
        Ok(taken.map(|_| lock))
    }

    async fn release(&self, lock: RefreshLock) -> Result<(), StoreError> {
        let mut connection = self.connection.clone();
        UNLOCK
            .key(&self.lock_key)
            .arg(lock.id())
            .invoke_async::<i64>(&mut connection)
            .await
            .map(drop)
            .map_err(|error| failed("release the refresh lock", error))
    }
}

impl TokenStore for RedisTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        Box::pin(self.read())
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        Box::pin(self.write(tokens))
    }

    fn try_lock(&self, ttl: Duration) -> StoreFuture<'_, Option<RefreshLock>> {
        Box::pin(self.lock(ttl))
    }

    fn unlock(&self, lock: RefreshLock) -> StoreFuture<'_, ()> {
        Box::pin(self.release(lock))
    }
}
