//! Loopback HTTP servers for tests: an axum app behind a token endpoint, on a free port.

// Each test binary uses part of it.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

/// Serves `api` on a loopback port, behind a token endpoint answered by `token`.
pub async fn serve(token: Router, api: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = token.merge(api);
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    format!("http://{addr}")
}

/// A token endpoint that counts its requests and issues `token-N` with `expires_in`.
pub fn counting_tokens(count: Arc<AtomicU64>, expires_in: serde_json::Value) -> Router {
    Router::new().route(
        "/v2/oauth2/token",
        post(move || {
            let count = Arc::clone(&count);
            let expires_in = expires_in.clone();
            async move {
                let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                json_body(json!({
                    "token_type": "bearer",
                    "access_token": format!("token-{n}"),
                    "expires_in": expires_in,
                }))
            }
        }),
    )
}

/// A token endpoint that issues long-lived tokens.
pub fn tokens() -> Router {
    counting_tokens(Arc::new(AtomicU64::new(0)), json!(172_800))
}

/// A JSON response, as Help Scout sends one.
pub fn json_body(value: serde_json::Value) -> Response {
    (
        [("content-type", "application/json")],
        serde_json::to_vec(&value).expect("json"),
    )
        .into_response()
}

/// The `Authorization` header a request carried, as text (empty when absent).
pub fn authorization(headers: &axum::http::HeaderMap) -> String {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
