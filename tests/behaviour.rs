//! Behaviour tests: the client as a user notices it, end to end through the public API.
//!
//! Two kinds of server:
//!
//! - **In process** ([`MockTransport`], feature `testing`), under tokio's paused clock, for
//!   everything that waits (retries, rate limits, pacing): the clock jumps over the sleeps, and
//!   the handler notes tokio's time of every request, so waits are asserted exactly and no test
//!   sleeps for real. These tests never look at the wall clock.
//! - **On loopback** (wiremock), with real time, for the token flow (single-flight refresh,
//!   refresh on 401, rotation), a retry and a redirect, so that the bytes really cross a socket
//!   and reqwest's own settings (redirects, timeouts) take part. Paused time and wiremock don't
//!   mix: reqwest's timeouts would fire at once.
//!
//! Every server ends with a catch-all that names the request it did not expect (G12).

#![cfg(feature = "testing")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use helpscout_mailbox::auth::{AuthErrorKind, Credentials};
use helpscout_mailbox::ids::ConversationId;
use helpscout_mailbox::models::Conversation;
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
use helpscout_mailbox::{Client, Error, Page};
use serde_json::{Value, json};
use tokio::time::Instant;
use wiremock::matchers::{any, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN_PATH: &str = "/v2/oauth2/token";
const APP_ID: &str = "app-id-behaviour";
const APP_SECRET: &str = "app-secret-S3CR3T-behaviour";
const ACCESS_TOKEN: &str = "access-token-T0K3N-behaviour";

/// A successful token response, as Help Scout sends it.
fn token_json(access_token: &str, refresh_token: Option<&str>) -> Value {
    let mut body = json!({
        "token_type": "bearer",
        "access_token": access_token,
        "expires_in": 172_800,
    });
    if let Some(refresh_token) = refresh_token {
        body["refresh_token"] = json!(refresh_token);
    }
    body
}

/// A list of conversations with ids `ids`, as page `number` of `total_pages`.
fn conversation_page(number: u64, total_pages: u64, ids: &[i64]) -> Value {
    let conversations: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": id, "primaryCustomer": { "id": 1 } }))
        .collect();
    json!({
        "_embedded": { "conversations": conversations },
        "page": { "size": 2, "totalElements": 5, "totalPages": total_pages, "number": number },
        "_links": { "self": { "href": format!("https://api.helpscout.net/v2/conversations?page={number}") } },
    })
}

fn ids(items: &[Conversation]) -> Vec<i64> {
    items.iter().map(|c| c.id.get()).collect()
}

// ---------------------------------------------------------------------------------------------
// The in-process server.
// ---------------------------------------------------------------------------------------------

/// Answers API requests (everything but the token endpoint) given the request and its 1-based
/// number among the API requests.
type Reply = dyn Fn(&RecordedRequest, usize) -> MockResponse + Send + Sync;

/// How a [`MockApi`] is set up; the defaults are client credentials, the default retry policy
/// and a token endpoint that hands out [`ACCESS_TOKEN`].
struct Setup {
    credentials: Credentials,
    retry: RetryPolicy,
    token: MockResponse,
}

impl Default for Setup {
    fn default() -> Self {
        Self {
            credentials: Credentials::client_credentials(APP_ID, APP_SECRET),
            retry: RetryPolicy::default(),
            token: MockResponse::json(200, &token_json(ACCESS_TOKEN, None)),
        }
    }
}

impl Setup {
    fn serve(
        self,
        reply: impl Fn(&RecordedRequest, usize) -> MockResponse + Send + Sync + 'static,
    ) -> MockApi {
        let sent_at: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let log = Arc::clone(&sent_at);
        let token = self.token;
        let reply: Arc<Reply> = Arc::new(reply);
        let transport = MockTransport::new(move |request| {
            if request.path == TOKEN_PATH {
                return token.clone();
            }
            let number = {
                let mut log = log.lock().unwrap();
                log.push(Instant::now());
                log.len()
            };
            reply(request, number)
        });
        let client = Client::builder()
            .credentials(self.credentials)
            .retry(self.retry)
            .mock_transport(transport.clone())
            .build()
            .expect("the client builds");
        MockApi {
            client,
            transport,
            sent_at,
        }
    }
}

/// A client wired to an in-process server, and what that server saw.
struct MockApi {
    client: Client,
    transport: MockTransport,
    /// Tokio's time at each API request, in order.
    sent_at: Arc<Mutex<Vec<Instant>>>,
}

impl MockApi {
    fn new(
        reply: impl Fn(&RecordedRequest, usize) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        Setup::default().serve(reply)
    }

    fn api_requests(&self) -> Vec<RecordedRequest> {
        self.transport
            .requests()
            .into_iter()
            .filter(|r| r.path != TOKEN_PATH)
            .collect()
    }

    fn token_requests(&self) -> Vec<RecordedRequest> {
        self.transport
            .requests()
            .into_iter()
            .filter(|r| r.path == TOKEN_PATH)
            .collect()
    }

    fn sent_at(&self) -> Vec<Instant> {
        self.sent_at.lock().unwrap().clone()
    }

    /// The tokio time that passed between API request `a` and API request `b` (1-based).
    fn gap(&self, a: usize, b: usize) -> Duration {
        let sent_at = self.sent_at();
        sent_at[b - 1] - sent_at[a - 1]
    }
}

/// The answer to a request a test did not script: a status no API uses, and a body that says
/// which request it was, so that a failing assertion shows it.
fn unexpected(request: &RecordedRequest) -> MockResponse {
    MockResponse::json(
        599,
        &json!({ "message": format!("unexpected request {} {} {:?}", request.method, request.path, request.query) }),
    )
}

fn page_query(request: &RecordedRequest) -> Option<&str> {
    request
        .query
        .iter()
        .find(|(name, _)| name == "page")
        .map(|(_, value)| value.as_str())
}

// ---------------------------------------------------------------------------------------------
// The loopback server.
// ---------------------------------------------------------------------------------------------

/// A loopback server with a catch-all that names the unexpected request.
async fn loopback() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(|request: &Request| {
            ResponseTemplate::new(599).set_body_json(json!({
                "message": format!("no mock for {} {}", request.method, request.url),
            }))
        })
        .with_priority(u8::MAX)
        .named("catch-all")
        .mount(&server)
        .await;
    server
}

/// Mounts a token endpoint that answers request n with access token `at-n` (and refresh token
/// `rt-n` when `rotate`), after `delay`.
async fn mount_token_endpoint(server: &MockServer, rotate: bool, delay: Duration) {
    let issued = AtomicUsize::new(0);
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(move |_: &Request| {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            let refresh = rotate.then(|| format!("rt-{n}"));
            ResponseTemplate::new(200)
                .set_body_json(token_json(&format!("at-{n}"), refresh.as_deref()))
                .set_delay(delay)
        })
        .named("token endpoint")
        .mount(server)
        .await;
}

fn loopback_client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(server.uri())
        .credentials(credentials)
        .build()
        .expect("a loopback base URL is allowed")
}

async fn received(server: &MockServer, wanted_path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|r| r.url.path() == wanted_path)
        .collect()
}

fn bearer(request: &Request) -> Option<String> {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn form_field(request: &Request, name: &str) -> Option<String> {
    form_urlencoded::parse(&request.body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

// ---------------------------------------------------------------------------------------------
// 1. Single-flight token refresh.
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_calls_on_a_fresh_client_share_one_token_request() {
    let server = loopback().await;
    // A slow token endpoint, so that every call arrives while the first token is on its way.
    mount_token_endpoint(&server, false, Duration::from_millis(200)).await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/conversations/\d+$"))
        .respond_with(|request: &Request| {
            let id: i64 = request
                .url
                .path()
                .rsplit('/')
                .next()
                .and_then(|id| id.parse().ok())
                .unwrap_or(0);
            ResponseTemplate::new(200)
                .set_body_json(json!({ "id": id, "primaryCustomer": { "id": 1 } }))
        })
        .mount(&server)
        .await;
    let client = loopback_client(&server, Credentials::client_credentials(APP_ID, APP_SECRET));

    let calls: Vec<_> = (1..=20)
        .map(|id| {
            let client = client.clone();
            tokio::spawn(async move { client.conversations().get(id.into()).send().await })
        })
        .collect();
    for (id, call) in (1..=20).zip(calls) {
        let conversation = call
            .await
            .expect("the task finishes")
            .unwrap_or_else(|e| panic!("call {id} failed: {e:?}"));
        assert_eq!(conversation.id, ConversationId::new(id));
    }

    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1);
    let gets: Vec<Request> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().starts_with("/v2/conversations/"))
        .collect();
    assert_eq!(gets.len(), 20);
    assert!(
        gets.iter()
            .all(|r| bearer(r).as_deref() == Some("Bearer at-1"))
    );
}

// ---------------------------------------------------------------------------------------------
// 2. 401: one refresh, one retry, no loop.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_the_retry_succeeds() {
    let server = loopback().await;
    mount_token_endpoint(&server, false, Duration::ZERO).await;
    // The first token is revoked server-side; the second one works.
    Mock::given(method("GET"))
        .and(path("/v2/conversations/7"))
        .respond_with(|request: &Request| match bearer(request).as_deref() {
            Some("Bearer at-2") => ResponseTemplate::new(200)
                .set_body_json(json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
            _ => ResponseTemplate::new(401).set_body_json(json!({ "message": "Unauthorized" })),
        })
        .mount(&server)
        .await;
    let client = loopback_client(&server, Credentials::client_credentials(APP_ID, APP_SECRET));

    let conversation = client.conversations().get(7.into()).send().await.unwrap();

    assert_eq!(conversation.id, ConversationId::new(7));
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 2);
    let gets = received(&server, "/v2/conversations/7").await;
    let sent: Vec<_> = gets.iter().map(bearer).collect();
    assert_eq!(
        sent,
        [
            Some("Bearer at-1".to_owned()),
            Some("Bearer at-2".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_second_consecutive_401_is_returned_as_unauthorized_without_looping() {
    let server = loopback().await;
    mount_token_endpoint(&server, false, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/v2/conversations/7"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({ "message": "User is not active" })),
        )
        .mount(&server)
        .await;
    let client = loopback_client(&server, Credentials::client_credentials(APP_ID, APP_SECRET));

    let error = client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(error.status(), Some(401));
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(received(&server, "/v2/conversations/7").await.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_fixed_access_token_with_a_401_is_unauthorized_without_any_token_request() {
    let api = Setup {
        credentials: Credentials::access_token(ACCESS_TOKEN),
        ..Setup::default()
    }
    .serve(|_, _| MockResponse::json(401, &json!({ "message": "Unauthorized" })));

    let error = api
        .client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(api.token_requests().len(), 0);
    assert_eq!(api.api_requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 3. 429: wait as told, for reads and writes.
// ---------------------------------------------------------------------------------------------

fn rate_limited(header: &str, seconds: &str) -> MockResponse {
    MockResponse::json(429, &json!({ "message": "API rate limit exceeded" }))
        .header(header, seconds)
}

fn note_created() -> MockResponse {
    MockResponse::created("/v2/conversations/7/threads", 99)
}

/// The wait after a 429 that asks for `asked`: at least that, and at most the one second of
/// jitter the policy adds (with a little slack) — not a second wait on top.
fn assert_waited_as_told(waited: Duration, asked: Duration) {
    assert!(
        waited >= asked,
        "retried after {waited:?}, before {asked:?}"
    );
    assert!(
        waited <= asked + Duration::from_millis(1_500),
        "retried after {waited:?}, much later than the {asked:?} asked for"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_on_a_get_is_retried_after_x_ratelimit_retry_after() {
    let api = MockApi::new(|_, n| match n {
        1 => rate_limited("X-RateLimit-Retry-After", "7"),
        _ => MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
    });
    let start = Instant::now();

    let conversation = api.client.conversations().get(7.into()).send().await;

    assert_eq!(conversation.unwrap().id, ConversationId::new(7));
    assert_eq!(api.api_requests().len(), 2);
    assert!(start.elapsed() >= Duration::from_secs(7));
    assert_waited_as_told(api.gap(1, 2), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn a_429_on_a_post_is_retried_because_it_was_not_processed() {
    let api = MockApi::new(|_, n| match n {
        1 => rate_limited("X-RateLimit-Retry-After", "7"),
        _ => note_created(),
    });
    let start = Instant::now();

    let created = api
        .client
        .threads()
        .note(7.into(), "Called the customer back")
        .send()
        .await
        .unwrap();

    assert_eq!(created.id().map(|id| id.get()), Some(99));
    let requests = api.api_requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == "POST"));
    assert!(start.elapsed() >= Duration::from_secs(7));
    assert_waited_as_told(api.gap(1, 2), Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn a_429_with_only_retry_after_waits_that_long() {
    let api = MockApi::new(|_, n| match n {
        1 => rate_limited("Retry-After", "5"),
        _ => MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
    });

    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();

    assert_eq!(api.api_requests().len(), 2);
    assert_waited_as_told(api.gap(1, 2), Duration::from_secs(5));
}

/// Help Scout's 429 says both that the minute's budget is spent and when it comes back; the
/// retry should come when it comes back, not a whole window later.
#[tokio::test(start_paused = true)]
async fn a_429_that_also_reports_nothing_remaining_is_retried_after_the_delay_it_names() {
    let api = MockApi::new(|_, n| match n {
        1 => rate_limited("X-RateLimit-Retry-After", "7")
            .header("X-RateLimit-Limit-Minute", "400")
            .header("X-RateLimit-Remaining-Minute", "0"),
        _ => MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
    });

    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();

    assert_eq!(api.api_requests().len(), 2);
    assert_waited_as_told(api.gap(1, 2), Duration::from_secs(7));
}

// ---------------------------------------------------------------------------------------------
// 4. 5xx: what is retried, and how often.
// ---------------------------------------------------------------------------------------------

fn server_error(status: u16, attempt: usize) -> MockResponse {
    MockResponse::json(status, &json!({ "message": format!("failure {attempt}") }))
}

#[tokio::test(start_paused = true)]
async fn a_504_on_a_get_is_retried() {
    let api = MockApi::new(|_, n| match n {
        1 => server_error(504, n),
        _ => MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
    });

    let conversation = api.client.conversations().get(7.into()).send().await;

    assert_eq!(conversation.unwrap().id, ConversationId::new(7));
    assert_eq!(api.api_requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_504_on_a_post_is_retried() {
    let api = MockApi::new(|_, n| match n {
        1 => server_error(504, n),
        _ => note_created(),
    });

    let created = api.client.threads().note(7.into(), "Hi").send().await;

    assert_eq!(created.unwrap().id().map(|id| id.get()), Some(99));
    assert_eq!(api.api_requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_500_on_a_get_is_retried() {
    let api = MockApi::new(|_, n| match n {
        1 => server_error(500, n),
        _ => MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
    });

    let conversation = api.client.conversations().get(7.into()).send().await;

    assert_eq!(conversation.unwrap().id, ConversationId::new(7));
    assert_eq!(api.api_requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_500_on_a_post_is_not_retried_and_comes_back_as_an_api_error() {
    let api = MockApi::new(|request, n| match request.method.as_str() {
        "POST" => server_error(500, n),
        _ => unexpected(request),
    });

    let error = api
        .client
        .threads()
        .note(7.into(), "Hi")
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(500));
    assert_eq!(api.api_requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retries_stop_after_the_policys_attempts_and_return_the_last_error() {
    let api = Setup {
        retry: RetryPolicy::default().max_attempts(3),
        ..Setup::default()
    }
    .serve(|_, n| server_error(503, n));

    let error = api
        .client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    assert_eq!(api.api_requests().len(), 3);
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        error.response().and_then(|r| r.message()),
        Some("failure 3")
    );
}

#[tokio::test]
async fn a_504_over_a_real_socket_is_retried() {
    let server = loopback().await;
    mount_token_endpoint(&server, false, Duration::ZERO).await;
    let attempts = AtomicUsize::new(0);
    Mock::given(method("GET"))
        .and(path("/v2/conversations/7"))
        .respond_with(
            move |_: &Request| match attempts.fetch_add(1, Ordering::SeqCst) {
                0 => ResponseTemplate::new(504)
                    .set_body_json(json!({ "message": "Gateway Timeout" })),
                _ => ResponseTemplate::new(200)
                    .set_body_json(json!({ "id": 7, "primaryCustomer": { "id": 1 } })),
            },
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::client_credentials(APP_ID, APP_SECRET))
        // Real time here: keep the backoff short.
        .retry(RetryPolicy::default().base_backoff(Duration::from_millis(20)))
        .build()
        .unwrap();

    let conversation = client.conversations().get(7.into()).send().await.unwrap();

    assert_eq!(conversation.id, ConversationId::new(7));
    assert_eq!(received(&server, "/v2/conversations/7").await.len(), 2);
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 5. Pagination.
// ---------------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn stream_walks_three_pages_in_order() {
    let api = MockApi::new(|request, _| match page_query(request) {
        Some("1") => MockResponse::json(200, &conversation_page(1, 3, &[1, 2])),
        Some("2") => MockResponse::json(200, &conversation_page(2, 3, &[3, 4])),
        Some("3") => MockResponse::json(200, &conversation_page(3, 3, &[5])),
        _ => unexpected(request),
    });

    let items: Vec<Conversation> = api
        .client
        .conversations()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    let requests = api.api_requests();
    let pages: Vec<_> = requests.iter().map(page_query).collect();
    assert_eq!(pages, [Some("1"), Some("2"), Some("3")]);
    assert!(requests.iter().all(|r| r.path == "/v2/conversations"));
}

#[tokio::test(start_paused = true)]
async fn an_empty_list_without_embedded_ends_the_stream_cleanly() {
    // The pre-2019 empty form: no `_embedded` at all.
    let api = MockApi::new(|_, _| {
        MockResponse::json(
            200,
            &json!({
                "page": { "size": 25, "totalElements": 0, "totalPages": 0, "number": 0 },
                "_links": { "self": { "href": "https://api.helpscout.net/v2/conversations" } },
            }),
        )
    });

    let items: Vec<Conversation> = api
        .client
        .conversations()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();

    assert!(items.is_empty());
    assert_eq!(api.api_requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_page_without_embedded_mid_walk_ends_the_stream_cleanly() {
    let api = MockApi::new(|request, _| match page_query(request) {
        Some("1") => MockResponse::json(200, &conversation_page(1, 3, &[1, 2])),
        // The totals still promise a third page, but this one has no `_embedded`.
        Some("2") => MockResponse::json(
            200,
            &json!({ "page": { "size": 2, "totalElements": 5, "totalPages": 3, "number": 2 } }),
        ),
        _ => unexpected(request),
    });

    let items: Vec<Conversation> = api
        .client
        .conversations()
        .list()
        .stream()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&items), [1, 2]);
    assert_eq!(api.api_requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn pages_stops_when_the_api_repeats_a_page() {
    // A server that ignores `page` and answers page 1 of 4 every time.
    let api = MockApi::new(|_, _| MockResponse::json(200, &conversation_page(1, 4, &[1, 2])));

    let pages: Vec<Page<Conversation>> = api
        .client
        .conversations()
        .list()
        .pages()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].number, 1);
    assert_eq!(ids(&pages[0].items), [1, 2]);
    let requests = api.api_requests();
    let asked: Vec<_> = requests.iter().map(page_query).collect();
    assert_eq!(asked, [Some("1"), Some("2")]);
}

// ---------------------------------------------------------------------------------------------
// 6. Rate-limit figures and pacing.
// ---------------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn rate_limit_reports_the_figures_of_the_latest_response_in_any_header_case() {
    let api = MockApi::new(|_, _| {
        MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } }))
            .header("X-RateLimit-Limit-Minute", "400")
            .header("x-ratelimit-remaining-minute", "398")
    });
    assert!(api.client.rate_limit().is_none());

    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();

    let figures = api.client.rate_limit().expect("figures after a response");
    assert_eq!(figures.limit_per_minute(), Some(400));
    assert_eq!(figures.remaining(), Some(398));
}

#[tokio::test(start_paused = true)]
async fn with_nothing_remaining_the_next_request_waits_for_the_window() {
    let api = MockApi::new(|_, n| {
        MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } }))
            .header("X-RateLimit-Limit-Minute", "400")
            .header(
                "X-RateLimit-Remaining-Minute",
                if n == 1 { "0" } else { "399" },
            )
    });
    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();
    let after_first = Instant::now();

    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();

    assert_eq!(api.api_requests().len(), 2);
    let waited = api.sent_at()[1] - after_first;
    // The budget comes back within a minute of the response that reported it spent.
    assert!(
        waited >= Duration::from_secs(50),
        "sent after only {waited:?}"
    );
    assert!(
        waited <= Duration::from_secs(60),
        "waited {waited:?}, longer than the window"
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Errors as users see them.
// ---------------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn a_400_vnd_error_is_a_validation_error_with_the_field_paths() {
    let api = MockApi::new(|_, _| {
        MockResponse::status(400)
            .header("content-type", "application/vnd.error+json")
            .body(
                json!({
                    "logRef": "a1b2c3#4",
                    "message": "Bad request",
                    "_embedded": { "errors": [
                        { "path": "text", "message": "may not be empty", "source": "JSON",
                          "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors#NotEmpty" } } },
                        { "path": "user", "message": "Invalid identifier", "rejectedValue": "-1", "source": "JSON" },
                    ] },
                    "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors" } },
                })
                .to_string(),
            )
    });

    let error = api
        .client
        .threads()
        .note(7.into(), "")
        .send()
        .await
        .unwrap_err();

    let Error::Validation(validation) = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    let paths: Vec<_> = validation.fields().iter().map(|f| f.path()).collect();
    assert_eq!(paths, [Some("text"), Some("user")]);
    assert_eq!(validation.fields()[0].message(), Some("may not be empty"));
    assert_eq!(validation.log_ref(), Some("a1b2c3#4"));
    assert_eq!(error.status(), Some(400));
    assert_eq!(api.api_requests().len(), 1, "a 400 is not retried");
}

#[tokio::test(start_paused = true)]
async fn a_404_is_not_found() {
    let api = MockApi::new(|_, _| {
        MockResponse::json(404, &json!({ "message": "Conversation not found" }))
    });

    let error = api
        .client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test(start_paused = true)]
async fn a_412_is_precondition_failed() {
    let api = MockApi::new(|_, _| {
        MockResponse::json(
            412,
            &json!({ "message": "Conversation has reached the thread limit" }),
        )
    });

    let error = api
        .client
        .threads()
        .note(7.into(), "One too many")
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::PreconditionFailed(_)), "{error:?}");
    assert_eq!(error.status(), Some(412));
    assert_eq!(api.api_requests().len(), 1);
}

#[tokio::test]
async fn a_merged_conversation_is_reported_as_moved_with_the_new_id_not_followed() {
    let server = loopback().await;
    mount_token_endpoint(&server, false, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/v2/conversations/123"))
        .respond_with(
            ResponseTemplate::new(301)
                .insert_header("Location", "https://api.helpscout.net/v2/conversations/456"),
        )
        .mount(&server)
        .await;
    let client = loopback_client(&server, Credentials::client_credentials(APP_ID, APP_SECRET));

    let error = client
        .conversations()
        .get(123.into())
        .send()
        .await
        .unwrap_err();

    let Error::Moved {
        status,
        location,
        new_id,
        ..
    } = &error
    else {
        panic!("expected Moved, got {error:?}");
    };
    assert_eq!(*status, 301);
    assert_eq!(location, "https://api.helpscout.net/v2/conversations/456");
    assert_eq!(*new_id, Some(456));
    assert_eq!(received(&server, "/v2/conversations/123").await.len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_rejected_refresh_token_is_an_auth_error_of_kind_stale_refresh_token() {
    let api = Setup {
        credentials: Credentials::refresh_token(APP_ID, APP_SECRET, "rt-persisted-long-ago"),
        token: MockResponse::json(
            400,
            &json!({ "error": "invalid_grant", "error_description": "Invalid refresh_token" }),
        ),
        ..Setup::default()
    }
    .serve(|request, _| unexpected(request));

    let error = api
        .client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    let Error::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert_eq!(auth.kind(), AuthErrorKind::StaleRefreshToken);
    assert_eq!(error.status(), Some(400));
    assert_eq!(api.token_requests().len(), 1);
    assert_eq!(
        api.api_requests().len(),
        0,
        "no API request without a token"
    );
}

#[tokio::test(start_paused = true)]
async fn a_success_body_that_does_not_match_the_model_is_a_decode_error_naming_the_path() {
    let api = MockApi::new(|_, _| MockResponse::json(200, &json!({ "id": "not-a-number" })));

    let error = api
        .client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path(), Some("id"));
    assert_eq!(api.api_requests().len(), 1, "a decode error is not retried");
}

// ---------------------------------------------------------------------------------------------
// 8. Refresh-token rotation.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rotated_refresh_tokens_reach_on_tokens_and_the_next_refresh_sends_the_rotated_one() {
    let server = loopback().await;
    mount_token_endpoint(&server, true, Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/v2/conversations/1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "id": 1, "primaryCustomer": { "id": 1 } })),
        )
        .mount(&server)
        .await;
    // Conversation 2 rejects the first access token, which forces a refresh.
    Mock::given(method("GET"))
        .and(path("/v2/conversations/2"))
        .respond_with(|request: &Request| match bearer(request).as_deref() {
            Some("Bearer at-2") => ResponseTemplate::new(200)
                .set_body_json(json!({ "id": 2, "primaryCustomer": { "id": 1 } })),
            _ => ResponseTemplate::new(401).set_body_json(json!({ "message": "Unauthorized" })),
        })
        .mount(&server)
        .await;
    let persisted: Arc<Mutex<Vec<String>>> = Arc::default();
    let store = Arc::clone(&persisted);
    let client = Client::builder()
        .base_url(server.uri())
        .credentials(Credentials::refresh_token(APP_ID, APP_SECRET, "rt-0"))
        .on_tokens(move |tokens| {
            let refresh = tokens.refresh_token().map(|t| t.expose().to_owned());
            store.lock().unwrap().push(refresh.unwrap_or_default());
        })
        .build()
        .unwrap();

    client.conversations().get(1.into()).send().await.unwrap();
    assert_eq!(*persisted.lock().unwrap(), ["rt-1"]);

    client.conversations().get(2.into()).send().await.unwrap();
    assert_eq!(*persisted.lock().unwrap(), ["rt-1", "rt-2"]);

    let token_requests = received(&server, TOKEN_PATH).await;
    let sent: Vec<_> = token_requests
        .iter()
        .map(|r| (form_field(r, "grant_type"), form_field(r, "refresh_token")))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("refresh_token".into()), Some("rt-0".into())),
            (Some("refresh_token".into()), Some("rt-1".into())),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Secrets stay out of output.
// ---------------------------------------------------------------------------------------------

#[tokio::test(start_paused = true)]
async fn neither_the_client_nor_the_recorded_requests_show_the_app_secret_or_the_token() {
    let api = MockApi::new(|_, _| {
        MockResponse::json(200, &json!({ "id": 7, "primaryCustomer": { "id": 1 } }))
    });
    // After a call, so that the client holds a token.
    api.client
        .conversations()
        .get(7.into())
        .send()
        .await
        .unwrap();

    let debug = format!("{:?} {:#?}", api.client, api.client);
    for secret in [APP_SECRET, ACCESS_TOKEN] {
        assert!(!debug.contains(secret), "the client's Debug shows {secret}");
    }

    let requests = api.transport.requests();
    assert_eq!(api.token_requests().len(), 1);
    assert_eq!(api.api_requests().len(), 1);
    for request in &requests {
        let text = format!(
            "{request:?} {} {:?}",
            String::from_utf8_lossy(&request.body),
            request.shape()
        );
        for secret in [APP_SECRET, ACCESS_TOKEN] {
            assert!(
                !text.contains(secret),
                "a recorded {} {} shows {secret}: {text}",
                request.method,
                request.path
            );
        }
    }
    // What was recorded in their place.
    let token_request = &api.token_requests()[0];
    let form: Vec<(String, String)> = form_urlencoded::parse(&token_request.body)
        .into_owned()
        .collect();
    assert!(form.contains(&("client_secret".into(), "[redacted]".into())));
    assert!(form.contains(&("client_id".into(), APP_ID.into())));
    assert_eq!(
        api.api_requests()[0].header("authorization"),
        Some("Bearer [redacted]")
    );
}
