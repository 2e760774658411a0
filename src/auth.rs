//! Authentication: credentials, access tokens and their renewal.
//!
//! Help Scout's Mailbox API uses OAuth 2 with two grants:
//!
//! - **Client credentials** ([`Credentials::client_credentials`]) for integrations with your
//!   own account: the App ID and App Secret of an app under *Your Profile → My Apps* buy an
//!   access token directly. There is no refresh token; the client just asks again.
//! - **Authorization code** for apps used by other accounts: send the user to
//!   [`authorize_url`], take the `code` from the redirect
//!   ([`Credentials::authorization_code`]), and the client exchanges it for an access token
//!   and a refresh token. On later runs start from the persisted refresh token
//!   ([`Credentials::refresh_token`]).
//!
//! Access tokens last 48 hours. The client renews them a few minutes before they expire, and
//! whenever Help Scout answers 401 (at any attempt of a call, unless the token refused was
//! fetched for that very attempt), with one token request however many calls are in flight.
//! However short a lifetime the endpoint announces, a token is used for at least 5 s.
//!
//! **Refresh tokens rotate.** Every refresh returns a new refresh token and invalidates the
//! old one. The client reports each new [`TokenSet`] to the `on_tokens` callback of its builder;
//! persist [`TokenSet::refresh_token`] there, or the next run fails with
//! [`AuthErrorKind::StaleRefreshToken`] (Help Scout's `Invalid refresh_token`) and the user
//! has to authorize the app again.
//!
//! **Several processes, one account.** A [`TokenStore`] keeps the token set where every
//! client of the account finds it: [`MemoryTokenStore`] (the default, one client),
//! [`FileTokenStore`] (a JSON file, for restarts and processes on one machine), or Redis
//! (feature `redis`, `crate::shared`). A client reads the store before asking for a token
//! and refreshes under the store's lock, so the fleet makes one token request per expiry and
//! never uses a rotated refresh token twice. A process can also start from a set saved
//! earlier with [`Credentials::from_stored`]: no token request while it is valid.
//!
//! No credential is ever printed: [`Secret`] shows as `[redacted]`, and so does every type
//! holding one.

mod authorize;
mod credentials;
mod error;
mod fetch;
mod file_store;
mod manager;
mod secret;
mod store;
mod stored;
mod token;

pub use authorize::{AUTHORIZE_URL, authorize_url};
pub use credentials::Credentials;
pub use error::{AuthError, AuthErrorKind};

pub(crate) use fetch::{SendFuture, TokenTransport, http_fetch};

pub use file_store::FileTokenStore;
pub(crate) use manager::{TokenHook, TokenManager, authorization_header};
pub use secret::Secret;
pub use store::{MemoryTokenStore, RefreshLock, StoreError, StoreFuture, TokenStore};
pub use stored::StoredTokens;
pub use token::TokenSet;
