//! [`StoredTokens`]: the form a [`TokenSet`] takes in a file, a database or Redis, so that a
//! restarted process (or a peer) can go on with it instead of asking for a new token.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::token::MAX_TOKEN_LIFETIME;
use super::{Secret, TokenSet};

/// A [`TokenSet`] in a form that serializes, secrets included, for a [`TokenStore`] to keep.
///
/// [`TokenSet`] itself does not implement `Serialize`, so that no secret is written by
/// accident (a `TokenSet` inside a logged struct, say): serializing tokens is always this
/// explicit step, [`TokenSet::to_stored`]. `Debug` still redacts both tokens. The JSON is
///
/// ```json
/// {"access_token": "…", "refresh_token": "…", "token_type": "bearer",
///  "expires_in_secs": 172800, "expires_at": "2026-12-01T09:00:00Z"}
/// ```
///
/// where `refresh_token` is absent for the client-credentials grant. Whoever can read it can
/// act as the app: keep it where only the service can read it (the file store writes mode
/// 0600 on Unix).
///
/// [`TokenStore`]: super::TokenStore
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTokens {
    /// The access token.
    pub access_token: Secret,
    /// The refresh token, if the grant issued one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// The token type, normally `bearer`.
    #[serde(default = "bearer")]
    pub token_type: String,
    /// The lifetime the access token was issued with, in seconds.
    pub expires_in_secs: u64,
    /// When the access token expires.
    pub expires_at: DateTime<Utc>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

impl TokenSet {
    /// A token set obtained elsewhere (a previous run, another process, another tool):
    /// `access_token` expires at `expires_at`, and `refresh_token`, if any, gets the next one.
    ///
    /// Give it to [`Credentials::from_stored`](super::Credentials::from_stored) and the client
    /// uses the access token until shortly before `expires_at` without a token request.
    pub fn new(
        access_token: impl Into<Secret>,
        refresh_token: Option<Secret>,
        expires_at: SystemTime,
    ) -> Self {
        let expires_in = expires_at
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .min(MAX_TOKEN_LIFETIME);
        Self::from_parts(
            access_token.into(),
            refresh_token,
            "bearer".to_owned(),
            expires_in,
            expires_at,
        )
    }

    /// The set in its serializable form, secrets included; see [`StoredTokens`].
    pub fn to_stored(&self) -> StoredTokens {
        StoredTokens {
            access_token: self.access_token().clone(),
            refresh_token: self.refresh_token().cloned(),
            token_type: self.token_type().to_owned(),
            expires_in_secs: self.expires_in().as_secs(),
            expires_at: DateTime::<Utc>::from(self.expires_at()),
        }
    }

    /// The set a [`StoredTokens`] describes. A lifetime longer than a year is cut to one,
    /// as for a token response, so that no stored figure can overflow the client's clock.
    pub fn from_stored(stored: StoredTokens) -> Self {
        let expires_in = Duration::from_secs(stored.expires_in_secs).min(MAX_TOKEN_LIFETIME);
        Self::from_parts(
            stored.access_token,
            stored
                .refresh_token
                .filter(|token| !token.expose().is_empty()),
            stored.token_type,
            expires_in,
            SystemTime::from(stored.expires_at),
        )
    }

    /// How long from now the access token stays valid (zero once expired), by the wall
    /// clock: a stored set has nothing else to go by.
    pub(crate) fn remaining(&self) -> Duration {
        self.expires_at()
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    }
}

impl From<TokenSet> for StoredTokens {
    fn from(tokens: TokenSet) -> Self {
        tokens.to_stored()
    }
}

impl From<StoredTokens> for TokenSet {
    fn from(stored: StoredTokens) -> Self {
        TokenSet::from_stored(stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_and_redacts_in_debug() {
        let expires_at = SystemTime::now() + Duration::from_secs(3_600);
        let tokens = TokenSet::new("access-1", Some(Secret::new("refresh-1")), expires_at);
        assert!(tokens.expires_in() <= Duration::from_secs(3_600));
        assert!(tokens.expires_in() > Duration::from_secs(3_590));
        let json = serde_json::to_string(&tokens.to_stored()).unwrap();
        assert!(
            json.contains("access-1") && json.contains("refresh-1"),
            "{json}"
        );
        let back = TokenSet::from_stored(serde_json::from_str(&json).unwrap());
        assert_eq!(back.access_token().expose(), "access-1");
        assert_eq!(back.refresh_token().unwrap().expose(), "refresh-1");
        assert_eq!(back.token_type(), "bearer");
        // Whole seconds survive; the stored time keeps sub-second precision.
        assert_eq!(back.expires_in().as_secs(), tokens.expires_in().as_secs());
        assert_eq!(back.expires_at(), tokens.expires_at());
        let debug = format!("{:?} {:?}", tokens.to_stored(), back);
        assert!(
            !debug.contains("access-1") && !debug.contains("refresh-1"),
            "{debug}"
        );
    }

    #[test]
    fn odd_stored_values_do_not_panic() {
        let json = r#"{"access_token":"a","refresh_token":"","expires_in_secs":18446744073709551615,
            "expires_at":"1970-01-01T00:00:00Z"}"#;
        let tokens = TokenSet::from_stored(serde_json::from_str(json).unwrap());
        assert_eq!(tokens.refresh_token(), None);
        assert_eq!(tokens.expires_in(), MAX_TOKEN_LIFETIME);
        assert_eq!(tokens.remaining(), Duration::ZERO);
        // An expiry in the past gives a zero lifetime, not a panic.
        let past = TokenSet::new("a", None, SystemTime::UNIX_EPOCH);
        assert_eq!(past.expires_in(), Duration::ZERO);
    }
}
