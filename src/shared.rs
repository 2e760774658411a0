//! State shared by every process of one Help Scout account, in Redis (feature `redis`): the
//! rate budget and the token.
//!
//! Help Scout's rate limit is per account and its refresh tokens rotate, so processes that
//! each pace only themselves overrun the budget together, and processes that each refresh
//! break each other's refresh token. Connect once per process and hand the connection to
//! the builder:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use helpscout_mailbox::{Client, auth::Credentials, shared::RedisCoordinator};
//!
//! let redis = RedisCoordinator::connect("redis://127.0.0.1:6379", "helpscout:acme").await?;
//! let client = Client::builder()
//!     .credentials(Credentials::client_credentials("app-id", "app-secret"))
//!     .redis(&redis)
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! Every client given the same key prefix (on any machine) then shares:
//!
//! - **the budget**: each request is admitted by an atomic Lua script that keeps one log of
//!   the budget units in flight or answered within the last window (writes cost two), the
//!   same rules as the in-process pacer; a 429 seen by any process pauses all of them until
//!   its `X-RateLimit-Retry-After`; the `X-RateLimit-*` figures of every response correct the
//!   shared log. Time is Redis's (`TIME`), so the processes' clocks need not agree.
//! - **the token**: [`RedisTokenStore`] keeps the token set; one process refreshes under a
//!   lock with an expiry while the others wait and read the new set, so the fleet makes one
//!   token request per expiry and never uses a rotated refresh token twice.
//!
//! Keys, under the prefix `P`: `P:rate:log` (sorted set), `P:rate:inflight` (hash),
//! `P:rate:pause` and `P:rate:limit` (strings with a TTL), `P:tokens` (the token set as JSON,
//! secrets included: protect the Redis as you would the App Secret) and `P:tokens:lock`.
//!
//! **When Redis is unavailable.** [`RedisCoordinator::connect`] fails with a
//! [`RedisSetupError`]: asked for Redis, a service should not start without it unnoticed.
//! Once running, a Redis that stops answering does not fail the calls: the client logs a
//! `tracing` warning and paces the process on its own (as a client without Redis does),
//! uses the token it has or asks for one by itself, and goes back to the shared state as
//! soon as Redis answers again (tried at most once a second). Meanwhile the fleet may meet
//! 429s, which the retry policy waits out; that is the price of staying up.

mod rate;
mod tokens;

use std::fmt;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

pub(crate) use rate::RedisRate;
pub use tokens::RedisTokenStore;

/// How long connecting and each Redis command may take before Redis counts as unavailable.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// A connection to the Redis that coordinates the processes of one account, and the key
/// prefix that names the account there. Cheap to clone; give it to
/// [`ClientBuilder::redis`](crate::ClientBuilder::redis). Each value holds its own
/// connection (reconnected automatically), shared by its clones.
#[derive(Clone)]
pub struct RedisCoordinator {
    connection: ConnectionManager,
    prefix: String,
}

impl fmt::Debug for RedisCoordinator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisCoordinator")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// [`RedisCoordinator::connect`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RedisSetupError {
    /// The URL is not a Redis URL (`redis://host:port/db`, `rediss://…`, `unix://…`).
    #[error("invalid Redis URL: {0}")]
    InvalidUrl(#[source] redis::RedisError),
    /// Redis did not answer (refused, timed out, authentication failed).
    #[error("Redis is unreachable: {0}")]
    Unreachable(#[source] redis::RedisError),
    /// The key prefix is empty.
    #[error("the Redis key prefix must not be empty")]
    EmptyPrefix,
}

impl RedisCoordinator {
    /// Connects to the Redis at `url` and checks that it answers (`PING`). `prefix` names the
    /// account's keys: every process of one account must use the same one, and different
    /// accounts different ones.
    ///
    /// # Errors
    ///
    /// [`RedisSetupError`] when the URL is invalid, Redis does not answer within 2 s, or the
    /// prefix is empty.
    pub async fn connect(url: &str, prefix: impl Into<String>) -> Result<Self, RedisSetupError> {
        let prefix = prefix.into();
        if prefix.is_empty() {
            return Err(RedisSetupError::EmptyPrefix);
        }
        let client = redis::Client::open(url).map_err(RedisSetupError::InvalidUrl)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(REDIS_TIMEOUT))
            .set_response_timeout(Some(REDIS_TIMEOUT))
            .set_number_of_retries(1);
        let mut connection = client
            .get_connection_manager_with_config(config)
            .await
            .map_err(RedisSetupError::Unreachable)?;
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .map_err(RedisSetupError::Unreachable)?;
        Ok(Self { connection, prefix })
    }

    /// The key prefix.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The token store of this account in this Redis; [`ClientBuilder::redis`] installs it.
    ///
    /// [`ClientBuilder::redis`]: crate::ClientBuilder::redis
    pub fn token_store(&self) -> RedisTokenStore {
        RedisTokenStore::new(self.connection.clone(), &self.prefix)
    }

    pub(crate) fn connection(&self) -> ConnectionManager {
        self.connection.clone()
    }

    pub(crate) fn key(&self, suffix: &str) -> String {
        format!("{}:{suffix}", self.prefix)
    }
}
