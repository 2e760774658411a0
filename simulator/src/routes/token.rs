//! `POST /v2/oauth2/token`: the three grants, checked against the runtime's token state
//! (see `runtime::auth` for the rules).

use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use helpscout_mailbox::models::{GrantType, TokenRequest, TokenResponse};

use crate::http;
use crate::state::lock;

use super::Req;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    http::json_response(
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
pub(crate) fn token(req: &Req) -> http::Reply {
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
    let with_refresh = match *request.grant_type {
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
    let value = serde_json::to_value(&body).map_err(http::internal)?;
    Ok(http::json_response(
        StatusCode::OK,
        &value,
        "application/json;charset=UTF-8",
    ))
}
