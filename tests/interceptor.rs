//! Interceptors on a loopback server: a header one adds reaches the server on every attempt,
//! retries included; the response side sees every attempt's status; the token never reaches
//! interceptor code and cannot be replaced by it; token requests are not intercepted; and
//! pacing still holds a request back before its interceptors run.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::events::Event;
use helpscout_mailbox::interceptor::{
    Interceptor, REDACTED_AUTHORIZATION, RequestParts, ResponseView,
};
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox::{Client, Error};
use http::{HeaderValue, Method};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The access token the loopback token endpoint issues.
const TOKEN: &str = "tok-3c1f-secret";

/// Everything the interceptor saw, in order, as text.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Adds `x-attempt`, tries to take over `Authorization`, and logs both directions.
struct Recorder(Log);

impl Interceptor for Recorder {
    fn before_send(&self, request: &mut RequestParts<'_>) {
        let seen_authorization = request
            .headers()
            .get("authorization")
            .map(|value| value.to_str().unwrap_or("?").to_owned());
        self.0.push(format!(
            "send {} {} {} attempt {} authorization {:?} body {:?}",
            request.operation(),
            request.method(),
            request.uri().path(),
            request.attempt(),
            seen_authorization,
            request.body().map(<[u8]>::len),
        ));
        let attempt = HeaderValue::from(request.attempt());
        let headers = request.headers_mut();
        headers.insert("x-attempt", attempt);
        headers.insert("x-source", HeaderValue::from_static("interceptor-test"));
        // Neither replacing nor removing the token can change what goes out.
        headers.insert("authorization", HeaderValue::from_static("Bearer stolen"));
    }

    fn after_receive(&self, response: &ResponseView<'_>) {
        self.0.push(format!(
            "answer {} attempt {} status {} correlation {:?} remaining {:?} created {:?} body {}",
            response.operation(),
            response.attempt(),
            response.status().as_u16(),
            response.correlation_id(),
            response
                .rate_limit()
                .and_then(|figures| figures.remaining()),
            response.created_id(),
            String::from_utf8_lossy(response.body()),
        ));
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer",
            "access_token": TOKEN,
            "expires_in": 172_800,
        })))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, log: &Log) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::client_credentials("app-id", "app-secret-9d2e"))
        .retry(RetryPolicy::default().base_backoff(Duration::ZERO))
        .interceptor(Recorder(log.clone()))
        .build()
        .expect("client")
}

async fn received(server: &MockServer, wanted: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recording")
        .into_iter()
        .filter(|request| request.url.path() == wanted)
        .collect()
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .map_or("", |value| value.to_str().unwrap_or(""))
}

#[tokio::test]
async fn a_header_added_by_an_interceptor_reaches_the_server_on_every_retry() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Correlation-Id", "c-503")
                .set_body_string("busy"),
        )
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("correlation-id", "c-200")
                .insert_header("X-RateLimit-Limit-Minute", "400")
                .insert_header("X-RateLimit-Remaining-Minute", "397")
                .set_body_json(json!({ "id": 1 })),
        )
        .mount(&server)
        .await;
    let log = Log::default();
    let client = client(&server, &log);

    let answer = client
        .api(Method::GET, "/v2/users/me")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);

    let sent = received(&server, "/v2/users/me").await;
    assert_eq!(sent.len(), 3, "two 503s retried, then the 200");
    for (i, request) in sent.iter().enumerate() {
        assert_eq!(header(request, "x-source"), "interceptor-test");
        assert_eq!(header(request, "x-attempt"), (i + 1).to_string());
        assert_eq!(
            header(request, "authorization"),
            format!("Bearer {TOKEN}"),
            "the client's token, not the interceptor's"
        );
    }
    assert_eq!(
        log.lines(),
        [
            "send apiRequest GET /v2/users/me attempt 1 authorization Some(\"Bearer [redacted]\") body None",
            "answer apiRequest attempt 1 status 503 correlation Some(\"c-503\") remaining None created None body busy",
            "send apiRequest GET /v2/users/me attempt 2 authorization Some(\"Bearer [redacted]\") body None",
            "answer apiRequest attempt 2 status 503 correlation Some(\"c-503\") remaining None created None body busy",
            "send apiRequest GET /v2/users/me attempt 3 authorization Some(\"Bearer [redacted]\") body None",
            "answer apiRequest attempt 3 status 200 correlation Some(\"c-200\") remaining Some(397) created None body {\"id\":1}",
        ]
    );
    assert_eq!(REDACTED_AUTHORIZATION, "Bearer [redacted]");
}

#[tokio::test]
async fn the_response_side_sees_a_final_failure_and_a_create() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/v2/conversations/7/notes"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("Resource-ID", "99")
                .insert_header(
                    "Location",
                    "https://api.helpscout.net/v2/conversations/7/threads/99",
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/404"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({ "message": "no such user" })),
        )
        .mount(&server)
        .await;
    let log = Log::default();
    let client = client(&server, &log);

    let created = client
        .api(Method::POST, "/v2/conversations/7/notes")
        .json(&json!({ "text": "hi" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.created_id(), Some(99));
    let error = client
        .api(Method::GET, "/v2/users/404")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");

    let lines = log.lines();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(
        lines[0],
        "send apiRequest POST /v2/conversations/7/notes attempt 1 authorization Some(\"Bearer [redacted]\") body Some(13)"
    );
    assert!(
        lines[1].contains("status 201") && lines[1].contains("created Some(99)"),
        "{}",
        lines[1]
    );
    // A 404 is final: one attempt, seen once, with the body the error carries.
    assert!(
        lines[3].starts_with("answer apiRequest attempt 1 status 404"),
        "{}",
        lines[3]
    );
    assert!(lines[3].contains("no such user"), "{}", lines[3]);
}

#[tokio::test]
async fn interceptors_never_see_the_token_or_the_token_request() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        // An error body that echoes the token: the client scrubs it before anyone reads it.
        .respond_with(ResponseTemplate::new(400).set_body_string(format!("bad token {TOKEN}")))
        .mount(&server)
        .await;
    let log = Log::default();
    let client = client(&server, &log);
    client
        .api(Method::GET, "/v2/users/me")
        .send()
        .await
        .unwrap_err();

    // The token request went out (client credentials), but no interceptor saw it.
    assert_eq!(received(&server, "/v2/oauth2/token").await.len(), 1);
    let lines = log.lines();
    assert_eq!(lines.len(), 2, "one request, one answer: {lines:#?}");
    for line in &lines {
        assert!(!line.contains(TOKEN), "the token leaked: {line}");
        assert!(
            !line.contains("app-secret-9d2e"),
            "the secret leaked: {line}"
        );
        assert!(
            !line.contains("oauth2"),
            "a token request was intercepted: {line}"
        );
    }
    assert!(lines[1].contains("[redacted]"), "{}", lines[1]);
}

#[tokio::test]
async fn pacing_holds_a_request_back_before_its_interceptors_run() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Limit-Minute", "400")
                .insert_header("X-RateLimit-Remaining-Minute", "0")
                .set_body_json(json!({ "id": 1 })),
        )
        .mount(&server)
        .await;
    let log = Log::default();
    let events = log.clone();
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::client_credentials("app-id", "app-secret-9d2e"))
        // A short window, so that the budget reported spent comes back quickly.
        .rate_limit_window(Duration::from_millis(300))
        .on_event(move |event| {
            if let Event::Paced { operation, .. } = event {
                events.push(format!("paced {operation}"));
            }
        })
        .interceptor(Recorder(log.clone()))
        .build()
        .unwrap();

    for _ in 0..2 {
        client
            .api(Method::GET, "/v2/users/me")
            .send()
            .await
            .unwrap();
    }

    let kinds: Vec<String> = log
        .lines()
        .iter()
        .map(|line| line.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    // The first answer said the budget is spent: the second request waited for the window
    // before its interceptor ran, not after.
    assert_eq!(
        kinds,
        [
            "send apiRequest",
            "answer apiRequest",
            "paced apiRequest",
            "send apiRequest",
            "answer apiRequest",
        ]
    );
}
