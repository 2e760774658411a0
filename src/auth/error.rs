//! [`AuthError`]: why the client could not get an access token.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use http::StatusCode;

/// What went wrong while getting an access token; see [`AuthError::kind`].
///
/// Match on this rather than on the message: the kinds are the decisions a caller can take
/// (fix the configuration, re-authorize, retry later).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// Help Scout rejected the App ID or App Secret (HTTP 401, or 400 `invalid_client`).
    /// Also seen when the app's user is no longer an active member of the account.
    InvalidCredentials,
    /// The refresh token was rejected: expired, revoked, or already rotated out by a later
    /// refresh (Help Scout answers `{"error":"invalid_request","error_description":"Invalid
    /// refresh_token"}`). Send the user through the authorization URL again, and persist the
    /// refresh token of every new token set from then on.
    StaleRefreshToken,
    /// The authorization code was rejected: codes are single-use and expire within minutes.
    /// Send the user through the authorization URL again.
    InvalidAuthorizationCode,
    /// There is no way to get a new access token: the credentials are a fixed access token,
    /// or a code exchange returned no refresh token.
    NoRefreshPossible,
    /// The token endpoint failed in some other way; [`AuthError::status`] says how.
    TokenEndpoint,
    /// The token endpoint answered success with something that is not a usable token.
    InvalidResponse,
    /// The token endpoint could not be reached; the source says why. Usually temporary.
    Transport,
}

/// The client could not get an access token.
///
/// Neither `Display` nor `Debug` ever contains a credential: the only server text kept is
/// the OAuth `error`/`error_description` (or `message`) of the response, with any known
/// secret scrubbed out.
#[derive(Clone, Debug)]
pub struct AuthError {
    kind: AuthErrorKind,
    status: Option<StatusCode>,
    detail: Option<String>,
    // `Arc` rather than `Box` so that one failed refresh can be handed to every caller that
    // was waiting for it.
    source: Option<Arc<dyn StdError + Send + Sync + 'static>>,
}

impl AuthError {
    pub(crate) fn new(kind: AuthErrorKind) -> Self {
        Self {
            kind,
            status: None,
            detail: None,
            source: None,
        }
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    /// What went wrong, as a decision to take.
    pub fn kind(&self) -> AuthErrorKind {
        self.kind
    }

    /// The token endpoint's HTTP status, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// What the token endpoint said, e.g. `invalid_request: Invalid refresh_token`.
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            AuthErrorKind::InvalidCredentials => {
                "Help Scout rejected the App ID or App Secret; check them, and that the app's \
                 user is still active"
            }
            AuthErrorKind::StaleRefreshToken => {
                "Help Scout rejected the refresh token (expired, revoked, or rotated out by a \
                 later refresh); re-authorize the app, and persist the refresh token of every \
                 new token set"
            }
            AuthErrorKind::InvalidAuthorizationCode => {
                "Help Scout rejected the authorization code (codes are single-use and \
                 short-lived); send the user through the authorization URL again"
            }
            AuthErrorKind::NoRefreshPossible => {
                "the access token cannot be renewed (it is a fixed token, or no refresh token \
                 was issued); supply new credentials"
            }
            AuthErrorKind::TokenEndpoint => "the token endpoint failed",
            AuthErrorKind::InvalidResponse => "the token endpoint returned no usable token",
            AuthErrorKind::Transport => "could not reach the token endpoint",
        })?;
        match (self.status, &self.detail) {
            (Some(status), Some(detail)) => write!(f, " (HTTP {}: {detail})", status.as_u16()),
            (Some(status), None) => write!(f, " (HTTP {})", status.as_u16()),
            (None, Some(detail)) => write!(f, " ({detail})"),
            (None, None) => Ok(()),
        }
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_adds_status_and_detail_but_not_the_source() {
        let error = AuthError::new(AuthErrorKind::TokenEndpoint)
            .with_status(StatusCode::SERVICE_UNAVAILABLE)
            .with_detail("try later")
            .with_source(std::io::Error::other("socket closed"));
        assert_eq!(
            error.to_string(),
            "the token endpoint failed (HTTP 503: try later)"
        );
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("socket closed")
        );
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(error.detail(), Some("try later"));
        assert_eq!(error.kind(), AuthErrorKind::TokenEndpoint);
    }

    #[test]
    fn display_without_extras() {
        let error = AuthError::new(AuthErrorKind::Transport);
        assert_eq!(error.to_string(), "could not reach the token endpoint");
        assert!(error.source().is_none());
    }

    #[test]
    fn is_send_sync_static_and_clone() {
        fn check<T: StdError + Send + Sync + Clone + 'static>() {}
        check::<AuthError>();
    }
}
