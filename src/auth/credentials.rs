//! [`Credentials`]: what the client authenticates with.

use super::Secret;

/// How the client obtains access tokens.
///
/// Help Scout calls the OAuth client ID the **App ID** and the client secret the **App
/// Secret**; both are on the app's page under *Your Profile → My Apps*. The App ID is public
/// (it appears in the authorization URL), so it is a plain string; everything else is a
/// [`Secret`].
///
/// | variant | for | refreshes by |
/// |---|---|---|
/// | [`ClientCredentials`](Self::ClientCredentials) | your own account (internal integrations) | asking for a new token |
/// | [`AuthorizationCode`](Self::AuthorizationCode) | other people's accounts, first run | exchanging the code, then the refresh token it returns |
/// | [`RefreshToken`](Self::RefreshToken) | other people's accounts, later runs | the refresh token, rotated on every refresh |
/// | [`AccessToken`](Self::AccessToken) | a token obtained elsewhere | never: a 401 is final |
///
/// Help Scout **rotates refresh tokens**: each refresh returns a new one and the old one
/// stops working. With the last two variants, persist the refresh token of every new
/// [`TokenSet`](super::TokenSet) the client reports, or the next run fails with
/// [`AuthErrorKind::StaleRefreshToken`](super::AuthErrorKind::StaleRefreshToken).
///
/// ```
/// use helpscout_mailbox::auth::Credentials;
///
/// let internal = Credentials::client_credentials("app-id", "app-secret");
/// let first_run = Credentials::authorization_code("app-id", "app-secret", "code-from-redirect", None);
/// let later_run = Credentials::refresh_token("app-id", "app-secret", "persisted-refresh-token");
/// // Secrets never show up in debug output.
/// assert!(!format!("{internal:?} {first_run:?} {later_run:?}").contains("app-secret"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// The client-credentials grant: the token acts as the user who created the app.
    ///
    /// Help Scout returns no refresh token for it; the client simply asks for a new access
    /// token when the old one (48 hours) runs out.
    ClientCredentials {
        /// The App ID.
        app_id: String,
        /// The App Secret.
        app_secret: Secret,
    },
    /// The authorization-code grant: the `code` Help Scout appended to your redirect URL after
    /// a user approved the app at [`authorize_url`](super::authorize_url).
    ///
    /// A code can be exchanged once, within minutes; afterwards the client refreshes with
    /// the refresh token the exchange returned.
    AuthorizationCode {
        /// The App ID.
        app_id: String,
        /// The App Secret.
        app_secret: Secret,
        /// The `code` query parameter of the redirect.
        code: Secret,
        /// The redirect URL registered for the app, sent along with the code when given.
        /// Help Scout's docs do not require it; some OAuth setups do.
        redirect_uri: Option<String>,
    },
    /// The refresh-token grant, for resuming with a refresh token persisted earlier.
    RefreshToken {
        /// The App ID.
        app_id: String,
        /// The App Secret.
        app_secret: Secret,
        /// The most recent refresh token; older ones have been rotated out.
        refresh_token: Secret,
    },
    /// A token set kept from an earlier run or shared by another process: its access token
    /// is used until shortly before it expires, without a token request, and then renewed
    /// with its refresh token (or, when it has none, with the client-credentials grant).
    ///
    /// When the client also has a [`TokenStore`](super::TokenStore), a newer set found there
    /// takes precedence over this one.
    Stored {
        /// The App ID.
        app_id: String,
        /// The App Secret.
        app_secret: Secret,
        /// The stored token set.
        tokens: super::TokenSet,
    },
    /// A fixed access token, used as it is and never refreshed: once Help Scout rejects it
    /// (after 48 hours at most), every call fails with 401.
    AccessToken(Secret),
}

impl Credentials {
    /// Credentials for the client-credentials grant.
    pub fn client_credentials(app_id: impl Into<String>, app_secret: impl Into<Secret>) -> Self {
        Self::ClientCredentials {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
        }
    }

    /// Credentials for exchanging an authorization code, with the app's redirect URL if your
    /// setup needs it sent.
    pub fn authorization_code(
        app_id: impl Into<String>,
        app_secret: impl Into<Secret>,
        code: impl Into<Secret>,
        redirect_uri: Option<&str>,
    ) -> Self {
        Self::AuthorizationCode {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            code: code.into(),
            redirect_uri: redirect_uri.map(str::to_owned),
        }
    }

    /// Credentials for resuming with a persisted refresh token.
    pub fn refresh_token(
        app_id: impl Into<String>,
        app_secret: impl Into<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        Self::RefreshToken {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            refresh_token: refresh_token.into(),
        }
    }

    /// Credentials that start from a stored [`TokenSet`](super::TokenSet) (built with
    /// [`TokenSet::new`](super::TokenSet::new) or [`TokenSet::from_stored`](super::TokenSet::from_stored)):
    /// no token request is made while its access token is valid, which is what lets a
    /// restarted process go on without rotating the refresh token at once.
    pub fn from_stored(
        app_id: impl Into<String>,
        app_secret: impl Into<Secret>,
        tokens: super::TokenSet,
    ) -> Self {
        Self::Stored {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            tokens,
        }
    }

    /// The token set these credentials start from, if any.
    pub(crate) fn stored_tokens(&self) -> Option<&super::TokenSet> {
        match self {
            Self::Stored { tokens, .. } => Some(tokens),
            _ => None,
        }
    }

    /// A fixed access token that the client never refreshes.
    pub fn access_token(token: impl Into<Secret>) -> Self {
        Self::AccessToken(token.into())
    }

    /// Every secret these credentials hold, for scrubbing error messages.
    pub(crate) fn secrets(&self) -> Vec<&Secret> {
        match self {
            Self::ClientCredentials { app_secret, .. } => vec![app_secret],
            Self::AuthorizationCode {
                app_secret, code, ..
            } => vec![app_secret, code],
            Self::RefreshToken {
                app_secret,
                refresh_token,
                ..
            } => vec![app_secret, refresh_token],
            Self::Stored {
                app_secret, tokens, ..
            } => {
                let mut secrets = vec![app_secret, tokens.access_token()];
                secrets.extend(tokens.refresh_token());
                secrets
            }
            Self::AccessToken(token) => vec![token],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRETS: [&str; 6] = [
        "app-secret-1",
        "code-2",
        "refresh-3",
        "access-4",
        "stored-access-5",
        "stored-refresh-6",
    ];

    fn all() -> Vec<Credentials> {
        vec![
            Credentials::client_credentials("app", SECRETS[0]),
            Credentials::authorization_code("app", SECRETS[0], SECRETS[1], Some("https://x/cb")),
            Credentials::refresh_token("app", SECRETS[0], SECRETS[2]),
            Credentials::access_token(SECRETS[3]),
            Credentials::from_stored(
                "app",
                SECRETS[0],
                super::super::TokenSet::new(
                    SECRETS[4],
                    Some(Secret::new(SECRETS[5])),
                    std::time::SystemTime::now(),
                ),
            ),
        ]
    }

    #[test]
    fn debug_never_shows_a_secret() {
        for credentials in all() {
            let debug = format!("{credentials:?} {credentials:#?}");
            for secret in SECRETS {
                assert!(!debug.contains(secret), "{secret} leaked in {debug}");
            }
            assert!(debug.contains("[redacted]"), "{debug}");
        }
    }

    #[test]
    fn constructors_fill_the_variants() {
        assert_eq!(
            Credentials::authorization_code("app", "s", "c", None),
            Credentials::AuthorizationCode {
                app_id: "app".into(),
                app_secret: Secret::new("s"),
                code: Secret::new("c"),
                redirect_uri: None,
            }
        );
        let Credentials::RefreshToken { refresh_token, .. } =
            Credentials::refresh_token("app", "s", "r")
        else {
            panic!("wrong variant");
        };
        assert_eq!(refresh_token.expose(), "r");
    }

    #[test]
    fn secrets_lists_every_secret() {
        let listed: Vec<String> = all()
            .iter()
            .flat_map(|c| c.secrets().into_iter().map(|s| s.expose().to_owned()))
            .collect();
        for secret in SECRETS {
            assert!(listed.iter().any(|s| s == secret), "{secret} missing");
        }
    }
}
