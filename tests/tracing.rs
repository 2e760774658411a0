//! What a call writes to `tracing`: one `helpscout.operation` span with the operation, its
//! route, the status, the attempt, the correlation id and the rate-limit figure; events for
//! retries, token renewals and pacing; and never a secret, even at TRACE level and when a
//! server echoes one.

#[path = "support/loopback.rs"]
mod loopback;

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::any;
use helpscout_mailbox::Client;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::ids::UserId;
use helpscout_mailbox::retry::RetryPolicy;
use loopback::{authorization, counting_tokens, json_body, serve};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

const APP_SECRET: &str = "app-S3CR3T-traced";
const REFRESH_TOKEN: &str = "refresh-S3CR3T-traced";

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_span_per_call_with_its_facts_and_no_secret() {
    // The API: a 503 (retried), a 401 (the token renewed), then an answer with the facts.
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    let api = Router::new().route(
        "/v2/users/me",
        any(move |headers: HeaderMap| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let bearer = authorization(&headers);
            async move {
                match n {
                    0 => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                    1 => (StatusCode::UNAUTHORIZED, format!("bad token {bearer}")).into_response(),
                    _ => (
                        [
                            ("Correlation-Id", "corr-42"),
                            ("X-RateLimit-Limit-Minute", "400"),
                            ("X-RateLimit-Remaining-Minute", "397"),
                        ],
                        json_body(json!({ "id": 7 })),
                    )
                        .into_response(),
                }
            }
        }),
    );
    let token_requests = Arc::new(AtomicU64::new(0));
    let base = serve(
        counting_tokens(Arc::clone(&token_requests), json!(7200)),
        api,
    )
    .await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder()
        .credentials(Credentials::refresh_token(
            "app-id",
            APP_SECRET,
            REFRESH_TOKEN,
        ))
        .base_url(&base)
        .retry(RetryPolicy::default().base_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let user = client.users().me().send().await.unwrap();
    assert_eq!(user.id, UserId::new(7));
    drop(client);

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    println!("{text}");
    for expected in [
        "helpscout.operation",
        "operation=\"getCurrentUser\"",
        "method=\"GET\"",
        "path=\"/v2/users/me\"",
        "status=200",
        "attempt=2",
        "correlation_id=\"corr-42\"",
        "rate_limit_remaining=397",
        "retrying",
        "401: renewing the token",
        "access token issued",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    // Each field once: the span is filled in when the call ends (the fmt layer would print a
    // field recorded per attempt once per attempt), and the retry event carries the answer
    // of the attempt it retries.
    let close = text
        .lines()
        .find(|l| l.contains(" close "))
        .expect("the span's close line");
    for field in ["status=", "attempt=", "correlation_id="] {
        assert_eq!(close.matches(field).count(), 1, "{field} in {close}");
    }
    let retrying = text
        .lines()
        .find(|l| l.contains("retrying"))
        .expect("the retry event");
    assert!(retrying.contains("status=503"), "{retrying}");
    // Every token the client held or was sent, and the app secret: never in the output.
    assert_eq!(token_requests.load(Ordering::SeqCst), 2);
    for secret in [APP_SECRET, REFRESH_TOKEN, "token-1", "token-2"] {
        assert!(!text.contains(secret), "`{secret}` leaked into:\n{text}");
    }
}
