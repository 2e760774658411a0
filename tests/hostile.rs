//! The client against hostile servers on loopback: absurd headers, endless bodies, tokens
//! that die twice in one call, servers that echo secrets. Each case is one a careful user
//! would try before trusting the client in production, and each once hurt it.
//!
//! The servers are small axum apps with counters, so that a test can tell what crossed the
//! socket (how many bytes of a body were produced, how many token requests were made).
//! Time is real: reqwest's timeouts and paused clocks do not mix. The only time bounds are
//! generous `hang` guards that turn a freeze into a failure instead of a stuck test.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[path = "support/loopback.rs"]
mod loopback;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use futures_util::stream;
use helpscout_mailbox::auth::{AuthErrorKind, Credentials};
use helpscout_mailbox::ids::{ConversationId, UserId};
use helpscout_mailbox::request::Created;
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox::{Client, ClientBuilder, Error};
use loopback::{authorization, counting_tokens, json_body, serve, tokens};
use serde_json::json;

const APP_ID: &str = "app-id-hostile";
const APP_SECRET: &str = "app-S3CR3T+/=hostile";
const GIB: u64 = 1024 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// Fails the test instead of hanging it when `work` does not finish in a minute.
async fn hang<F: Future>(work: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(60), work)
        .await
        .expect("the call hung")
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::client_credentials(APP_ID, APP_SECRET))
        .base_url(base_url)
        .retry(
            RetryPolicy::default()
                .base_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
}

fn user_json() -> serde_json::Value {
    json!({ "id": 7, "firstName": "Ada", "email": "ada@example.com" })
}

/// A body of `total` bytes produced chunk by chunk, never held whole; `produced` counts what
/// the server handed to the socket.
fn endless_body(total: u64, produced: Arc<AtomicU64>) -> Body {
    let chunks = total.div_ceil(CHUNK as u64);
    let chunk = Bytes::from(vec![b' '; CHUNK]);
    Body::from_stream(stream::iter((0..chunks).map(move |_| {
        produced.fetch_add(CHUNK as u64, Ordering::Relaxed);
        Ok::<_, std::io::Error>(chunk.clone())
    })))
}

#[tokio::test]
async fn an_absurd_retry_after_on_a_429_fails_that_call_and_does_not_freeze_the_next() {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    let api = Router::new().route(
        "/v2/users/me",
        any(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    (
                        StatusCode::TOO_MANY_REQUESTS,
                        [
                            ("X-RateLimit-Retry-After", "1000000000"),
                            ("X-RateLimit-Remaining-Minute", "0"),
                            ("X-RateLimit-Limit-Minute", "400"),
                        ],
                        "{}",
                    )
                        .into_response()
                } else {
                    json_body(user_json()).into_response()
                }
            }
        }),
    );
    let base = serve(tokens(), api).await;
    let cap = Duration::from_millis(300);
    let client = builder(&base)
        .retry(RetryPolicy::default().max_rate_limit_wait(cap))
        .build()
        .unwrap();

    let error = hang(client.users().me().send()).await.unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        limited.retry_after(),
        Some(Duration::from_secs(1_000_000_000))
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "not retried: the wait is over the cap"
    );

    // The next call, on a clone, waits at most the cap and then goes through.
    let started = std::time::Instant::now();
    let user = hang(client.clone().users().me().send()).await.unwrap();
    assert_eq!(user.id, UserId::new(7));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_on_a_success_is_not_a_request_to_wait() {
    let api = Router::new().route(
        "/v2/users/me",
        any(|| async {
            (
                [
                    ("X-RateLimit-Retry-After", "1000000000"),
                    ("X-RateLimit-Remaining-Minute", "399"),
                    ("X-RateLimit-Limit-Minute", "400"),
                ],
                json_body(user_json()),
            )
        }),
    );
    let base = serve(tokens(), api).await;
    let client = builder(&base).build().unwrap();
    for _ in 0..3 {
        // With the default cap of 120 s, a pacing wait would trip the hang guard.
        hang(client.users().me().send()).await.unwrap();
    }
    assert_eq!(client.rate_limit().unwrap().retry_after(), None);
}

#[tokio::test]
async fn a_one_gib_body_is_refused_without_being_downloaded() {
    let produced = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&produced);
    let api = Router::new().route(
        "/v2/users/me",
        any(move |headers: HeaderMap| {
            let counter = Arc::clone(&counter);
            async move {
                let mut response = Response::new(endless_body(GIB, counter));
                // `?announce` tells the client the size up front.
                if headers.contains_key("x-announce") {
                    response
                        .headers_mut()
                        .insert("content-length", GIB.to_string().parse().unwrap());
                }
                response
            }
        }),
    );
    let base = serve(tokens(), api).await;

    // Streamed without a length: read up to the limit, then dropped.
    let limit = 4 * 1024 * 1024;
    let client = builder(&base).max_response_bytes(limit).build().unwrap();
    let error = hang(client.users().me().send()).await.unwrap_err();
    let Error::ResponseTooLarge(too_large) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(too_large.limit(), limit);
    assert_eq!(too_large.declared_length(), None);
    assert!(!error.is_retryable());
    assert!(
        error.to_string().contains("larger than the client's limit"),
        "{error}"
    );

    // Announced: refused before the body is read.
    let announcing = Client::builder()
        .credentials(Credentials::client_credentials(APP_ID, APP_SECRET))
        .base_url(&base)
        .http_client(
            helpscout_mailbox::tls::http_client_builder()
                .default_headers(
                    [("x-announce".parse().unwrap(), "1".parse().unwrap())]
                        .into_iter()
                        .collect(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let error = hang(announcing.users().me().send()).await.unwrap_err();
    let Error::ResponseTooLarge(too_large) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(too_large.declared_length(), Some(GIB));

    // Both bodies together: a few MiB crossed the socket (the limit plus what the kernel's
    // buffers took before the connection closed), not the two GiB that were offered.
    let sent = produced.load(Ordering::Relaxed);
    assert!(sent < 256 * 1024 * 1024, "{sent} bytes produced");
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_its_cap_on_each_attempt() {
    let produced = Arc::new(AtomicU64::new(0));
    let attempts = Arc::new(AtomicU64::new(0));
    let (bytes, count) = (Arc::clone(&produced), Arc::clone(&attempts));
    let api = Router::new().route(
        "/v2/users/me",
        any(move || {
            count.fetch_add(1, Ordering::SeqCst);
            let bytes = Arc::clone(&bytes);
            async move {
                let mut response = Response::new(endless_body(GIB, bytes));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                response
            }
        }),
    );
    let base = serve(tokens(), api).await;
    let client = builder(&base).build().unwrap();
    let error = hang(client.users().me().send()).await.unwrap_err();
    assert_eq!(error.status(), Some(500), "{error:?}");
    let tries = attempts.load(Ordering::SeqCst);
    assert_eq!(tries, u64::from(RetryPolicy::DEFAULT_MAX_ATTEMPTS));
    let sent = produced.load(Ordering::Relaxed);
    // 64 KiB read per attempt; the rest of what was produced sat in socket buffers.
    assert!(
        sent < tries * 64 * 1024 * 1024,
        "{sent} bytes produced for {tries} attempts"
    );
    assert!(error.response().unwrap().body().len() <= 4096);
}

#[tokio::test]
async fn a_token_revoked_twice_during_one_call_is_renewed_twice() {
    // The API refuses the first token, fails once, refuses the second token, then answers.
    let api_calls = Arc::new(AtomicU64::new(0));
    let token_requests = Arc::new(AtomicU64::new(0));
    let calls = Arc::clone(&api_calls);
    let api = Router::new().route(
        "/v2/users/me",
        any(move |headers: HeaderMap| {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            let bearer = authorization(&headers);
            async move {
                match (n, bearer.as_str()) {
                    (0, "Bearer token-1") => StatusCode::UNAUTHORIZED.into_response(),
                    (1, "Bearer token-2") => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                    (2, "Bearer token-2") => StatusCode::UNAUTHORIZED.into_response(),
                    (3, "Bearer token-3") => json_body(user_json()).into_response(),
                    _ => (StatusCode::IM_A_TEAPOT, format!("unexpected {n} {bearer}"))
                        .into_response(),
                }
            }
        }),
    );
    let base = serve(
        counting_tokens(Arc::clone(&token_requests), json!(172_800)),
        api,
    )
    .await;
    let client = builder(&base).build().unwrap();
    let user = hang(client.users().me().send()).await.unwrap();
    assert_eq!(user.id, UserId::new(7));
    assert_eq!(token_requests.load(Ordering::SeqCst), 3);
    assert_eq!(api_calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_401_to_a_token_fetched_for_the_retry_is_final() {
    let api_calls = Arc::new(AtomicU64::new(0));
    let token_requests = Arc::new(AtomicU64::new(0));
    let calls = Arc::clone(&api_calls);
    let api = Router::new().route(
        "/v2/users/me",
        any(move || {
            calls.fetch_add(1, Ordering::SeqCst);
            async { StatusCode::UNAUTHORIZED }
        }),
    );
    let base = serve(
        counting_tokens(Arc::clone(&token_requests), json!(172_800)),
        api,
    )
    .await;
    let client = builder(&base)
        .retry(RetryPolicy::default().max_attempts(10))
        .build()
        .unwrap();
    let error = hang(client.users().me().send()).await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    // One renewal, never a loop, however many attempts the policy allows.
    assert_eq!(api_calls.load(Ordering::SeqCst), 2);
    assert_eq!(token_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn tiny_or_negative_token_lifetimes_do_not_cost_a_token_request_per_call() {
    for (expires_in, most) in [
        (json!(0), 1),
        (json!(0.001), 1),
        (json!(-30), 1),
        (json!("-1"), 1),
    ] {
        let token_requests = Arc::new(AtomicU64::new(0));
        let api = Router::new().route("/v2/users/me", any(|| async { json_body(user_json()) }));
        let base = serve(
            counting_tokens(Arc::clone(&token_requests), expires_in.clone()),
            api,
        )
        .await;
        let client = builder(&base).build().unwrap();
        for _ in 0..20 {
            hang(client.users().me().send()).await.unwrap();
        }
        // Twenty calls run in well under the floor of a token's use (5 s); allow one more
        // request for a slow machine crossing it once.
        let made = token_requests.load(Ordering::SeqCst);
        assert!(
            made <= most + 1,
            "expires_in {expires_in}: {made} token requests"
        );
    }
}

#[tokio::test]
async fn a_base_url_with_a_password_is_refused_and_never_printed() {
    let error = Client::builder()
        .credentials(Credentials::client_credentials(APP_ID, APP_SECRET))
        .base_url("https://user:hunter2@api.helpscout.net")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("hunter2"), "{text}");
    }
}

#[tokio::test]
async fn ids_of_zero_or_below_from_headers_are_no_ids() {
    for resource_id in ["0", "-5"] {
        let api = Router::new().route(
            "/v2/conversations/{id}/notes",
            post(move || async move { (StatusCode::CREATED, [("Resource-ID", resource_id)], "") }),
        );
        let base = serve(tokens(), api).await;
        let client = builder(&base).build().unwrap();
        let created = hang(client.threads().note(ConversationId::new(1), "hi").send())
            .await
            .unwrap();
        assert_eq!(created, Created::WithoutId, "Resource-ID {resource_id}");
    }
}

/// Every text a caller can see of an error: Display, Debug and the source chain.
fn every_text(error: &Error) -> String {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        texts.push(format!("{cause:?}"));
        source = cause.source();
    }
    if let Some(response) = error.response() {
        texts.push(response.body().to_owned());
    }
    texts.join("\n")
}

#[tokio::test]
async fn a_token_endpoint_that_echoes_secrets_does_not_put_them_in_errors() {
    let refresh_token = "rt-S3CR3T/+=echo";
    let code = "code-S3CR3T+echo";
    // The endpoint answers 400 with everything it was sent, raw and decoded.
    let token = Router::new().route(
        "/v2/oauth2/token",
        post(|body: String| async move {
            let decoded: Vec<String> = url::form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            (
                StatusCode::BAD_REQUEST,
                json_body(json!({
                    "error": "invalid_grant",
                    "error_description": format!("Invalid request {body} / {}", decoded.join(" ")),
                })),
            )
        }),
    );
    let base = serve(token, Router::new()).await;
    for credentials in [
        Credentials::refresh_token(APP_ID, APP_SECRET, refresh_token),
        Credentials::authorization_code(APP_ID, APP_SECRET, code, None),
        Credentials::client_credentials(APP_ID, APP_SECRET),
    ] {
        let client = Client::builder()
            .credentials(credentials)
            .base_url(&base)
            .build()
            .unwrap();
        let error = hang(client.users().me().send()).await.unwrap_err();
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
        let text = every_text(&error);
        for secret in [refresh_token, code, APP_SECRET] {
            let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            assert!(!text.contains(secret), "{secret} in {text}");
            assert!(!text.contains(&encoded), "{encoded} in {text}");
        }
        assert!(text.contains("[redacted]"), "{text}");
    }
}

#[tokio::test]
async fn an_api_error_that_echoes_the_token_does_not_put_it_in_errors() {
    let api = Router::new().route(
        "/v2/users/me",
        any(|headers: HeaderMap| async move {
            let sent = authorization(&headers);
            (
                StatusCode::BAD_REQUEST,
                json_body(json!({
                    "message": format!("bad header {sent}"),
                    "_embedded": { "errors": [
                        { "path": "auth", "message": sent, "rejectedValue": sent }
                    ]},
                })),
            )
        }),
    );
    let base = serve(tokens(), api).await;
    let client = builder(&base).build().unwrap();
    let error = hang(client.users().me().send()).await.unwrap_err();
    let Error::Validation(validation) = &error else {
        panic!("{error:?}");
    };
    let text = every_text(&error);
    assert!(!text.contains("token-1"), "{text}");
    assert!(text.contains("[redacted]"), "{text}");
    assert_eq!(validation.fields().len(), 1);
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_and_says_how_many_attempts_were_made() {
    // Every attempt fails with a retryable 503 after 50 ms.
    let api = Router::new().route(
        "/v2/users/me",
        any(|| async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            StatusCode::SERVICE_UNAVAILABLE
        }),
    );
    let base = serve(tokens(), api).await;
    let client = builder(&base)
        .retry(
            RetryPolicy::default()
                .max_attempts(1000)
                .base_backoff(Duration::from_millis(20))
                .max_backoff(Duration::from_millis(20)),
        )
        .deadline(Duration::from_millis(700))
        .build()
        .unwrap();
    let error = hang(client.users().me().send()).await.unwrap_err();
    let Error::DeadlineExceeded(exceeded) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(exceeded.deadline(), Duration::from_millis(700));
    assert!(exceeded.attempts() >= 2, "{exceeded:?}");
    assert!(exceeded.attempts() < 1000, "{exceeded:?}");
    assert!(error.to_string().contains("attempts made"), "{error}");
    assert!(error.is_retryable());

    // Per call: a handle with a shorter deadline, on a server that never answers in time.
    let slow = Router::new().route(
        "/v2/users/me",
        any(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            json_body(user_json())
        }),
    );
    let base = serve(tokens(), slow).await;
    let patient = builder(&base).build().unwrap();
    let error = hang(
        patient
            .with_deadline(Duration::from_millis(200))
            .users()
            .me()
            .send(),
    )
    .await
    .unwrap_err();
    let Error::DeadlineExceeded(exceeded) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(exceeded.attempts(), 1);
    assert_eq!(exceeded.operation(), "getCurrentUser");
}

#[tokio::test]
async fn an_unreadable_token_response_is_an_auth_error_not_a_panic() {
    for (status, body) in [
        (StatusCode::OK, "not json".to_owned()),
        (StatusCode::OK, "{\"access_token\":\"a b\"}".to_owned()),
        (StatusCode::OK, "x".repeat(200 * 1024)),
        (StatusCode::INTERNAL_SERVER_ERROR, "\u{0}\u{1}".to_owned()),
    ] {
        let token = Router::new().route(
            "/v2/oauth2/token",
            post(move || {
                let body = body.clone();
                async move { (status, body) }
            }),
        );
        let base = serve(token, Router::new()).await;
        let client = builder(&base).build().unwrap();
        let error = hang(client.users().me().send()).await.unwrap_err();
        let Error::Auth(auth) = &error else {
            panic!("{error:?}");
        };
        assert!(
            matches!(
                auth.kind(),
                AuthErrorKind::InvalidResponse
                    | AuthErrorKind::TokenEndpoint
                    | AuthErrorKind::Transport
            ),
            "{auth:?}"
        );
    }
}
