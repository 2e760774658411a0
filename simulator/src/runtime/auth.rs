//! OAuth tokens: the codes and tokens issued, and the bearer check. The token endpoint
//! (`routes::token`) works on this state.
//!
//! `POST /v2/oauth2/token` takes the form-encoded body every client sends (and JSON, which
//! Help Scout's docs also allow) and decodes it into the generated `TokenRequest`. It issues
//! access tokens that expire after the configured lifetime; the client-credentials grant
//! issues no refresh token, the authorization-code grant does, and every refresh *rotates*
//! the refresh token: the one used stops working.

use std::collections::{HashMap, HashSet};

use axum::http::{HeaderMap, StatusCode, header};
use chrono::{DateTime, Utc};

use crate::http::Problem;
use crate::state::{Rng, lock};

use super::Shared;

/// How many token requests the simulator has answered, by grant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenStats {
    /// Every request to the token endpoint, failed ones included.
    pub total: u64,
    /// Successful client-credentials grants.
    pub client_credentials: u64,
    /// Successful authorization-code exchanges.
    pub authorization_code: u64,
    /// Successful refreshes.
    pub refresh_token: u64,
    /// Rejected requests (bad credentials, stale refresh token, malformed body).
    pub rejected: u64,
}

/// Issued tokens and codes.
#[derive(Debug)]
pub(crate) struct AuthState {
    /// Live access tokens and when they expire (simulated time).
    pub(crate) access: HashMap<String, DateTime<Utc>>,
    /// Refresh tokens that still work.
    pub(crate) refresh: HashSet<String>,
    /// Authorization codes not yet exchanged.
    pub(crate) codes: HashSet<String>,
    pub(crate) stats: TokenStats,
    counter: u64,
    rng: Rng,
}

impl AuthState {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            access: HashMap::new(),
            refresh: HashSet::new(),
            codes: HashSet::new(),
            stats: TokenStats::default(),
            counter: 0,
            rng: Rng::new(seed ^ 0xA17B),
        }
    }

    /// A new opaque token with a recognisable prefix.
    pub(crate) fn mint(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{:04}-{:016x}", self.counter, self.rng.next_u64())
    }

    pub(crate) fn issue_code(&mut self) -> String {
        let code = self.mint("sim-code");
        self.codes.insert(code.clone());
        code
    }
}

/// Checks the `Authorization: Bearer` header: a token the simulator issued that has not
/// expired.
pub(crate) fn check_bearer(sim: &Shared, headers: &HeaderMap) -> Result<(), Problem> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    let Some(token) = token else {
        return Err(Problem::Status(
            StatusCode::UNAUTHORIZED,
            "Full authentication is required to access this resource".to_owned(),
        ));
    };
    let now = sim.now();
    let auth = lock(&sim.auth);
    match auth.access.get(token) {
        Some(expires_at) if *expires_at > now => Ok(()),
        Some(_) => Err(Problem::Status(
            StatusCode::UNAUTHORIZED,
            "Access token expired".to_owned(),
        )),
        None => Err(Problem::Status(
            StatusCode::UNAUTHORIZED,
            "Invalid access token".to_owned(),
        )),
    }
}
