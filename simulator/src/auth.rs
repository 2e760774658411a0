//! The OAuth token endpoint and the bearer check.
//!
//! `POST /v2/oauth2/token` takes the form-encoded body every client sends (and JSON, which
//! Help Scout's docs also allow) and decodes it into the generated [`TokenRequest`]. It issues
//! access tokens that expire after the configured lifetime; the client-credentials grant
//! issues no refresh token, the authorization-code grant does, and every refresh *rotates*
//! the refresh token: the one used stops working.

use std::collections::{HashMap, HashSet};

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use helpscout_mailbox::models::{GrantType, TokenRequest, TokenResponse};

use super::hal::{self, Problem};
use super::routes::Req;
use super::state::{Rng, Shared, lock};

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

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    hal::json_response(
        status,
        &json!({ "error": error, "error_description": description }),
        "application/json;charset=UTF-8",
    )
}

/// The form fields (or JSON members) of a token request, as a JSON object of strings.
fn token_fields(req: &Req) -> Result<Value, String> {
    let content_type = req
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.contains("json") {
        let value: Value =
            serde_json::from_slice(&req.body).map_err(|e| format!("malformed JSON: {e}"))?;
        return if value.is_object() {
            Ok(value)
        } else {
            Err("the JSON body must be an object".to_owned())
        };
    }
    if content_type.starts_with("application/x-www-form-urlencoded") {
        let map: Map<String, Value> = form_urlencoded::parse(&req.body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        return Ok(Value::Object(map));
    }
    Err(format!(
        "unsupported content type `{content_type}`: send application/x-www-form-urlencoded"
    ))
}

/// `POST /v2/oauth2/token`.
pub(crate) fn token(req: &Req) -> hal::Reply {
    let sim = &req.sim;
    let lifetime = sim.settings().token_lifetime;
    let now = sim.now();
    let mut auth = lock(&sim.auth);
    auth.stats.total += 1;

    let request: TokenRequest = match token_fields(req).and_then(|fields| {
        serde_json::from_value::<TokenRequest>(fields).map_err(|e| e.to_string())
    }) {
        Ok(request) => request,
        Err(message) => {
            auth.stats.rejected += 1;
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &message,
            ));
        }
    };
    if request.client_id != sim.app_id || request.client_secret != sim.app_secret {
        auth.stats.rejected += 1;
        return Ok(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Bad client credentials",
        ));
    }
    let with_refresh = match request.grant_type {
        GrantType::ClientCredentials => {
            auth.stats.client_credentials += 1;
            false
        }
        GrantType::AuthorizationCode => {
            let code = request.code.as_deref().unwrap_or("");
            if !auth.codes.remove(code) {
                auth.stats.rejected += 1;
                return Ok(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid authorization code",
                ));
            }
            auth.stats.authorization_code += 1;
            true
        }
        GrantType::RefreshToken => {
            let old = request.refresh_token.as_deref().unwrap_or("");
            // Rotation: the refresh token used is spent, whatever happens next.
            if !auth.refresh.remove(old) {
                auth.stats.rejected += 1;
                return Ok(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid refresh token",
                ));
            }
            auth.stats.refresh_token += 1;
            true
        }
        // `GrantType` is non-exhaustive: `Unknown` and any grant a later model adds alike.
        ref other => {
            auth.stats.rejected += 1;
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!("Unsupported grant type: {}", other.as_str()),
            ));
        }
    };
    let access_token = auth.mint("sim-at");
    let expires_at = chrono::Duration::from_std(lifetime)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    auth.access.insert(access_token.clone(), expires_at);
    let refresh_token = with_refresh.then(|| {
        let token = auth.mint("sim-rt");
        auth.refresh.insert(token.clone());
        token
    });
    drop(auth);
    let body = TokenResponse {
        access_token: Some(access_token),
        expires_in: Some(i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX)),
        refresh_token,
        token_type: Some("bearer".to_owned()),
    };
    let value = serde_json::to_value(&body).map_err(hal::internal)?;
    Ok(hal::json_response(
        StatusCode::OK,
        &value,
        "application/json;charset=UTF-8",
    ))
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
