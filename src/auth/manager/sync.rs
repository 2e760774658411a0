//! The manager's side of a [`TokenStore`]: taking a set a peer saved instead of asking for
//! one, and the store's lock around a token request, so that all the clients sharing the
//! store make one token request per expiry between them.

use std::time::Duration;

use tokio::time::Instant;

use super::{Cached, Inner, REFRESH_SKEW, State};
use crate::auth::store::RefreshLock;
use crate::auth::{Secret, TokenSet};

/// How long the refresh lock is held at most. Longer than the default request timeout
/// (60 s), so that a slow token request is not overtaken by a peer's, which would use the
/// same refresh token twice; a process that dies while refreshing holds up its peers this
/// long at most.
pub(crate) const REFRESH_LOCK_TTL: Duration = Duration::from_secs(90);

/// The first and the longest pause between two looks at a lock held by a peer.
const POLL_FIRST: Duration = Duration::from_millis(20);
const POLL_MAX: Duration = Duration::from_millis(250);

/// What waiting for the store's lock ended with.
pub(super) enum Locked {
    /// A peer refreshed meanwhile: its token is in use now.
    Adopted(Secret),
    /// The lock is ours: refresh, save, release.
    Held(RefreshLock),
    /// The store failed: refresh without it, as a client on its own would.
    Alone,
}

impl Inner {
    /// Takes the stored set if it is usable and not the one being replaced; at the first
    /// use, the credentials' own stored set too. `None`: a token request is needed.
    pub(super) async fn adopt_shared(&self, state: &mut State) -> Option<Secret> {
        let stored = match self.store.load().await {
            Ok(stored) => stored,
            Err(error) => {
                tracing::warn!(%error, "cannot read the token store; going on without it");
                None
            }
        };
        if let Some(tokens) = &stored
            && let Some(token) = self.adopt(state, tokens)
        {
            return Some(token);
        }
        if std::mem::replace(&mut state.started, true) {
            return None;
        }
        let tokens = self.credentials.stored_tokens()?;
        let token = self.adopt(state, tokens)?;
        if stored.is_none() {
            // Seed an empty store, so that peers start from this set too.
            if let Err(error) = self.store.save(tokens).await {
                tracing::warn!(%error, "cannot save the stored token set");
            }
        }
        Some(token)
    }

    /// Waits for the store's refresh lock; while a peer holds it, reads the store instead,
    /// and takes the peer's new set as soon as it appears. Under the lock, reads the store
    /// once more (a peer may have saved just before releasing it) and takes its refresh
    /// token, the newest in the fleet.
    pub(super) async fn lock_or_adopt(&self, state: &mut State) -> Locked {
        let mut poll = POLL_FIRST;
        let lock = loop {
            match self.store.try_lock(REFRESH_LOCK_TTL).await {
                Ok(Some(lock)) => break lock,
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "cannot lock the token store; refreshing alone");
                    return Locked::Alone;
                }
            }
            tokio::time::sleep(poll).await;
            poll = (poll * 2).min(POLL_MAX);
            match self.store.load().await {
                Ok(Some(tokens)) => {
                    if let Some(token) = self.adopt(state, &tokens) {
                        return Locked::Adopted(token);
                    }
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "cannot read the token store; refreshing alone");
                    return Locked::Alone;
                }
            }
        };
        match self.store.load().await {
            Ok(Some(tokens)) => {
                if let Some(token) = self.adopt(state, &tokens) {
                    self.unlock(lock).await;
                    return Locked::Adopted(token);
                }
                if let Some(refresh_token) = tokens.refresh_token() {
                    state.refresh_token = Some(refresh_token.clone());
                }
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, "cannot read the token store under its lock");
            }
        }
        Locked::Held(lock)
    }

    /// Releases the store's lock; a failure only delays peers until the lock expires.
    pub(super) async fn unlock(&self, lock: RefreshLock) {
        if let Err(error) = self.store.unlock(lock).await {
            tracing::warn!(%error, "cannot release the token store's lock; it expires by itself");
        }
    }

    /// Caches `tokens` and returns its access token, if it is worth using: not the set this
    /// manager is replacing (the one due or refused), and valid for longer than the margin
    /// a fetched set is renewed at.
    fn adopt(&self, state: &mut State, tokens: &TokenSet) -> Option<Secret> {
        let mut issued = self
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if issued.access_token.as_ref() == Some(tokens.access_token()) {
            return None;
        }
        let early = REFRESH_SKEW.min(tokens.expires_in() / 2);
        let use_for = tokens
            .remaining()
            .checked_sub(early)
            .filter(|use_for| !use_for.is_zero())?;
        let refresh_at = Instant::now().checked_add(use_for)?;
        if let Some(refresh_token) = tokens.refresh_token() {
            state.refresh_token = Some(refresh_token.clone());
            state.code_spent = true;
        }
        state.last_failure = None;
        state.cached = Some(Cached {
            tokens: tokens.clone(),
            refresh_at,
        });
        issued.access_token = Some(tokens.access_token().clone());
        // Not fetched by this client: a 401 to it is not proof that the credentials are
        // refused, so the runtime may still renew it.
        issued.requested_at = None;
        if let Some(refresh_token) = tokens.refresh_token() {
            issued.refresh_token = Some(refresh_token.clone());
        }
        tracing::debug!("using a token set from the store");
        Some(tokens.access_token().clone())
    }
}
