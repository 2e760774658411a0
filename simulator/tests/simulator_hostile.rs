//! The simulator under hostile input: page numbers far outside any range on every paged route
//! of the spec, bodies without or with the wrong `Content-Type` on every body-taking route,
//! and requests the HTTP layer itself refuses (URI too long, too many headers, a garbled
//! request line, a body over the limit, unknown routes and methods, malformed JSON). Each
//! must get an answer, never a dropped connection, and every error answer must carry Help
//! Scout's error body.
//!
//! The route lists come from `openapi/mailbox-v2.json`, so a route added to the spec is walked
//! here without editing this file; a path or required query parameter this file cannot fill
//! fails the test rather than being skipped.

use std::collections::BTreeMap;
use std::time::Duration;

use helpscout_mailbox_simulator::{RunningSimulator, Simulator};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long a request may go unanswered before the test fails instead of hanging.
const HANG: Duration = Duration::from_secs(60);

/// A running simulator (no rate limit: the walks send hundreds of requests) and a token.
struct Env {
    sim: RunningSimulator,
    http: reqwest::Client,
    token: String,
}

async fn env() -> Env {
    let sim = Simulator::builder()
        .conversations(40)
        .customers(20)
        .seed(9)
        .without_rate_limit()
        .start()
        .await
        .expect("simulator starts");
    // The timeout only turns a server that never answers into a failure instead of a hang.
    let http = helpscout_mailbox::tls::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(HANG)
        .build()
        .expect("http client");
    let response = http
        .post(format!("{}/v2/oauth2/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", sim.app_id()),
            ("client_secret", sim.app_secret()),
        ])
        .send()
        .await
        .expect("token request");
    let body: Value = response.json().await.expect("token json");
    let token = body["access_token"].as_str().expect("token").to_owned();
    Env { sim, http, token }
}

/// An answer, read whole.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Env {
    /// Sends a request and reads the whole answer; a dropped connection fails the test.
    async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        content_type: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Answer {
        let url = format!("{}{path_and_query}", self.sim.base_url());
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(&self.token);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path_and_query}: no answer: {e}"));
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{method} {path_and_query}: body cut off: {e}"))
            .to_vec();
        Answer {
            status,
            content_type,
            body,
        }
    }

    async fn get_json(&self, path: &str) -> Value {
        let answer = self.send(Method::GET, path, None, None).await;
        assert_eq!(answer.status, StatusCode::OK, "GET {path}");
        answer.json()
    }

    /// `field` of the first item of a list: a HAL page (the first list under `_embedded`) or
    /// a plain array.
    async fn first_of(&self, path: &str, field: &str) -> Option<String> {
        let body = self.get_json(path).await;
        let list = match &body {
            Value::Array(items) => Some(items),
            _ => body["_embedded"]
                .as_object()
                .and_then(|lists| lists.values().find_map(Value::as_array)),
        };
        list.and_then(|items| items.first())
            .and_then(|item| match &item[field] {
                Value::Number(n) => Some(n.to_string()),
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
    }

    /// Values for every path parameter of the spec, taken from the seeded account.
    async fn path_values(&self) -> BTreeMap<&'static str, String> {
        let state = self.sim.state();
        let mut values = BTreeMap::new();
        let conversation = self
            .first_of("/v2/conversations?status=all", "id")
            .await
            .expect("a seeded conversation");
        let customer = state.customer_ids()[0].to_string();
        let mailbox = state.mailbox_ids()[0].to_string();
        let organization = self
            .first_of("/v2/organizations", "id")
            .await
            .expect("a seeded organization");
        let thread = self
            .first_of(&format!("/v2/conversations/{conversation}/threads"), "id")
            .await
            .expect("a seeded thread");
        let lookups: [(&'static str, String, &str); 7] = [
            ("teamId", "/v2/teams".to_owned(), "id"),
            ("webhookId", "/v2/webhooks".to_owned(), "id"),
            ("workflowId", "/v2/workflows".to_owned(), "id"),
            ("tagId", "/v2/tags".to_owned(), "id"),
            ("slug", "/v2/organizations/properties".to_owned(), "slug"),
            ("emailId", format!("/v2/customers/{customer}/emails"), "id"),
            (
                "savedReplyId",
                format!("/v2/mailboxes/{mailbox}/saved-replies"),
                "id",
            ),
        ];
        for (name, path, field) in lookups {
            // A list the seed left empty still gets a number: the routes walked here check
            // the page or the content type before they look the resource up.
            let value = self.first_of(&path, field).await;
            values.insert(name, value.unwrap_or_else(|| "1".to_owned()));
        }
        values.insert("conversationId", conversation);
        values.insert("threadId", thread);
        values.insert("customerId", customer);
        values.insert("mailboxId", mailbox);
        values.insert("organizationId", organization);
        values.insert("userId", state.owner_user_id().to_string());
        values.insert("ratingId", "1".to_owned());
        values.insert("attachmentId", "1".to_owned());
        for entry in ["chatId", "phoneId", "socialProfileId", "websiteId"] {
            values.insert(entry, "1".to_owned());
        }
        values
    }
}

/// One operation of the spec.
struct Operation {
    method: Method,
    path: String,
    /// `(name, in, required)` of each parameter, `$ref`s resolved.
    params: Vec<(String, String, bool)>,
    has_json_body: bool,
}

fn spec_operations() -> Vec<Operation> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/mailbox-v2.json"
    ))
    .expect("spec readable");
    let spec: Value = serde_json::from_str(&text).expect("spec is JSON");
    let resolve = |param: &Value| -> Value {
        match param["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or("");
                spec["components"]["parameters"][name].clone()
            }
            None => param.clone(),
        }
    };
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let shared: Vec<Value> = item["parameters"].as_array().cloned().unwrap_or_default();
        for (method, operation) in item.as_object().expect("path item") {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            if !matches!(
                method,
                Method::GET | Method::POST | Method::PUT | Method::PATCH | Method::DELETE
            ) {
                continue;
            }
            let own = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let params = shared
                .iter()
                .chain(own.iter())
                .map(resolve)
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or("").to_owned(),
                        p["in"].as_str().unwrap_or("").to_owned(),
                        p["required"].as_bool().unwrap_or(false),
                    )
                })
                .collect();
            let has_json_body = operation["requestBody"]["content"]
                .get("application/json")
                .is_some();
            operations.push(Operation {
                method,
                path: path.clone(),
                params,
                has_json_body,
            });
        }
    }
    operations
}

/// `op.path` with its path parameters filled, plus its required query parameters.
fn fill(op: &Operation, values: &BTreeMap<&'static str, String>, owner: i64) -> String {
    let mut path = op.path.clone();
    let mut query = Vec::new();
    for (name, place, required) in &op.params {
        match place.as_str() {
            "path" => {
                let value = values
                    .get(name.as_str())
                    .unwrap_or_else(|| panic!("{} {}: no value for `{name}`", op.method, op.path));
                path = path.replace(&format!("{{{name}}}"), value);
            }
            "query" if *required => {
                let value = match name.as_str() {
                    "start" => "2000-01-01T00:00:00Z".to_owned(),
                    "end" => "2099-01-01T00:00:00Z".to_owned(),
                    "user" => owner.to_string(),
                    other => panic!("{} {}: no value for required `{other}`", op.method, op.path),
                };
                query.push(format!("{name}={value}"));
            }
            _ => {}
        }
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Help Scout's error body: `vnd.error` JSON with `message`, `logRef` and the `about` link.
fn assert_error_body(answer: &Answer, what: &str) -> Value {
    assert!(
        answer
            .content_type
            .starts_with("application/vnd.error+json"),
        "{what}: content type `{}`",
        answer.content_type
    );
    let body = answer.json();
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {body}"
    );
    assert!(body["logRef"].is_string(), "{what}: {body}");
    assert!(
        body["_links"]["about"]["href"].is_string(),
        "{what}: {body}"
    );
    body
}

/// Whether a page holds any item: a non-empty list under `_embedded` (HAL pages) or under
/// `results` (report pages, which leave an empty `results` out).
fn has_items(body: &Value) -> bool {
    let mut stack = vec![body];
    while let Some(value) = stack.pop() {
        if let Value::Object(map) = value {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("results", Value::Array(items)) if !items.is_empty() => return true,
                    ("_embedded", Value::Object(lists))
                        if lists
                            .values()
                            .any(|l| l.as_array().is_none_or(|l| !l.is_empty())) =>
                    {
                        return true;
                    }
                    _ => stack.push(child),
                }
            }
        }
    }
    false
}

mod simulator_hostile {
    use super::*;

    /// Page values that are not a page: zero, negative, past `i64::MAX`, past `u64::MAX`.
    const INVALID_PAGES: [&str; 5] = [
        "0",
        "-1",
        "9223372036854775808",
        "18446744073709551615",
        "99999999999999999999999",
    ];

    #[tokio::test]
    async fn every_paged_route_answers_any_page_number() {
        let env = env().await;
        let values = env.path_values().await;
        let owner = env.sim.state().owner_user_id();
        let paged: Vec<Operation> = spec_operations()
            .into_iter()
            .filter(|op| op.method == Method::GET)
            .filter(|op| {
                op.params
                    .iter()
                    .any(|(n, p, _)| n == "page" && p == "query")
            })
            .collect();
        assert!(paged.len() >= 20, "only {} paged routes", paged.len());
        for op in &paged {
            let target = fill(op, &values, owner);
            let join = if target.contains('?') { '&' } else { '?' };
            // The route works at all.
            let first = env.send(Method::GET, &target, None, None).await;
            assert_eq!(first.status, StatusCode::OK, "GET {target}");

            for page in INVALID_PAGES {
                let url = format!("{target}{join}page={page}");
                let answer = env.send(Method::GET, &url, None, None).await;
                assert_eq!(answer.status, StatusCode::BAD_REQUEST, "GET {url}");
                let body = assert_error_body(&answer, &url);
                let errors = body["_embedded"]["errors"].as_array().expect("errors");
                assert!(
                    errors.iter().any(|e| e["path"] == "page"
                        && e["source"] == "QUERY"
                        && e["rejectedValue"] == page),
                    "GET {url}: {body}"
                );
            }

            // The largest int64 is a valid page, past the end: empty, and it says so.
            let url = format!("{target}{join}page={}", i64::MAX);
            let answer = env.send(Method::GET, &url, None, None).await;
            assert_eq!(answer.status, StatusCode::OK, "GET {url}");
            let body = answer.json();
            assert!(!has_items(&body), "GET {url}: {body}");
            assert!(body.to_string().contains("\"page\":"), "GET {url}: {body}");
            if let Some(number) = body["page"]["number"].as_i64() {
                assert!(number == 0 || number == i64::MAX, "GET {url}: {body}");
            }
            for (key, value) in body.as_object().into_iter().flatten() {
                if key == "page" && value.is_i64() {
                    assert_eq!(value.as_i64(), Some(i64::MAX), "GET {url}: {body}");
                }
            }
        }
        // Every answer above came from a handler; none was a dropped connection.
        let log = env.sim.state().requests();
        assert!(log.iter().all(|r| r.status.is_some()), "{log:?}");
    }

    #[tokio::test]
    async fn huge_rows_and_ids_in_queries_are_400s_not_panics() {
        let env = env().await;
        for url in [
            "/v2/reports/conversations/drilldown?start=2000-01-01T00:00:00Z&end=2099-01-01T00:00:00Z&rows=18446744073709551616",
            "/v2/reports/conversations/drilldown?start=2000-01-01T00:00:00Z&end=2099-01-01T00:00:00Z&rows=0",
            "/v2/conversations?assigned_to=99999999999999999999",
            "/v2/reports/company?start=%2B262143-12-31T23:59:59Z&end=%2B262143-12-31T23:59:59Z",
        ] {
            let answer = env.send(Method::GET, url, None, None).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "GET {url}");
            assert_error_body(&answer, url);
        }
        // The far ends of chrono's range as report intervals: an answer, not an overflow.
        let url = "/v2/reports/company?start=0001-01-01T00:00:00Z&end=9999-12-31T23:59:59Z\
                   &previousStart=9999-12-31T23:59:59Z&previousEnd=0001-01-01T00:00:00Z";
        let answer = env.send(Method::GET, url, None, None).await;
        assert_eq!(answer.status, StatusCode::OK, "GET {url}");
    }

    #[tokio::test]
    async fn every_body_route_answers_415_alike_without_or_with_a_wrong_content_type() {
        let env = env().await;
        let values = env.path_values().await;
        let owner = env.sim.state().owner_user_id();
        let writes: Vec<Operation> = spec_operations()
            .into_iter()
            .filter(|op| op.has_json_body)
            .collect();
        assert!(writes.len() >= 40, "only {} body routes", writes.len());
        let body = br#"{"text":"hello"}"#.to_vec();
        for op in &writes {
            let target = fill(op, &values, owner);
            let what = format!("{} {target}", op.method);
            let missing = env
                .send(op.method.clone(), &target, None, Some(body.clone()))
                .await;
            let plain = env
                .send(
                    op.method.clone(),
                    &target,
                    Some("text/plain"),
                    Some(body.clone()),
                )
                .await;
            let text_json = env
                .send(
                    op.method.clone(),
                    &target,
                    Some("text/json"),
                    Some(body.clone()),
                )
                .await;
            for (answer, how) in [
                (&missing, "no content type"),
                (&plain, "text/plain"),
                (&text_json, "text/json"),
            ] {
                assert_eq!(
                    answer.status,
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "{what} ({how})"
                );
                let error = assert_error_body(answer, &what);
                assert!(
                    error["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("application/json")),
                    "{what} ({how}): {error}"
                );
            }
            // The same body as JSON gets past the content-type check (to a validation
            // error, a missing resource or success: anything but 415).
            let json_answer = env
                .send(
                    op.method.clone(),
                    &target,
                    Some("application/json;charset=UTF-8"),
                    Some(body.clone()),
                )
                .await;
            assert_ne!(
                json_answer.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{what} (application/json)"
            );
        }
    }

    #[tokio::test]
    async fn json_patch_media_type_is_json() {
        let env = env().await;
        let conversation = env.sim.state().conversation_ids()[0];
        let body = serde_json::to_vec(&json!({"op": "replace", "path": "/subject", "value": "x"}))
            .expect("json");
        let answer = env
            .send(
                Method::PATCH,
                &format!("/v2/conversations/{conversation}"),
                Some("application/json-patch+json"),
                Some(body),
            )
            .await;
        assert_ne!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(answer.status.is_success() || answer.status == StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn token_endpoint_answers_a_missing_and_a_wrong_content_type_alike() {
        let env = env().await;
        let form = format!(
            "grant_type=client_credentials&client_id={}&client_secret={}",
            env.sim.app_id(),
            env.sim.app_secret()
        );
        let mut answers = Vec::new();
        for content_type in [None, Some("text/plain")] {
            let url = format!("{}/v2/oauth2/token", env.sim.base_url());
            let mut request = env.http.post(&url).body(form.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let response = request.send().await.expect("answer");
            let status = response.status();
            let body: Value = response.json().await.expect("OAuth error JSON");
            answers.push((status, body["error"].clone()));
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(
            answers[0],
            (StatusCode::BAD_REQUEST, json!("invalid_request"))
        );
    }

    #[tokio::test]
    async fn router_errors_have_the_error_body() {
        let env = env().await;
        /// Method, path, content type, body, and the status expected.
        type Case = (
            Method,
            &'static str,
            Option<&'static str>,
            Option<Vec<u8>>,
            StatusCode,
        );
        let cases: Vec<Case> = vec![
            (
                Method::GET,
                "/v2/no-such-thing",
                None,
                None,
                StatusCode::NOT_FOUND,
            ),
            (
                Method::DELETE,
                "/v2/mailboxes",
                None,
                None,
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (
                Method::GET,
                "/v2/oauth2/token",
                None,
                None,
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (
                Method::POST,
                "/v2/conversations",
                Some("application/json"),
                Some(b"{\"subject\": ".to_vec()),
                StatusCode::BAD_REQUEST,
            ),
            (
                Method::POST,
                "/v2/conversations",
                Some("application/json"),
                Some(Vec::new()),
                StatusCode::BAD_REQUEST,
            ),
            (
                Method::GET,
                "/v2/conversations/not-a-number",
                None,
                None,
                StatusCode::NOT_FOUND,
            ),
        ];
        for (method, path, content_type, body, expected) in cases {
            let what = format!("{method} {path}");
            let answer = env.send(method, path, content_type, body).await;
            assert_eq!(answer.status, expected, "{what}");
            assert_error_body(&answer, &what);
        }
        // Without a token: 401, same body.
        let answer = env
            .http
            .get(format!("{}/v2/no-such-thing", env.sim.base_url()))
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        let content_type = answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = answer.bytes().await.expect("body").to_vec();
        assert_error_body(
            &Answer {
                status: StatusCode::UNAUTHORIZED,
                content_type,
                body,
            },
            "401",
        );
    }

    /// Sends `request` as raw bytes on a new connection and reads until the server closes
    /// it: the answers here come from below the router, where the server closes after them.
    async fn raw(env: &Env, request: &[u8]) -> (StatusCode, BTreeMap<String, String>, Vec<u8>) {
        let mut stream = TcpStream::connect(env.sim.addr()).await.expect("connect");
        stream.write_all(request).await.expect("write");
        let mut bytes = Vec::new();
        tokio::time::timeout(HANG, stream.read_to_end(&mut bytes))
            .await
            .expect("the server answers and closes")
            .expect("read");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let body = bytes[split + 4..].to_vec();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .and_then(|code| StatusCode::from_u16(code).ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, body)
    }

    fn raw_answer(status: StatusCode, headers: &BTreeMap<String, String>, body: Vec<u8>) -> Answer {
        if let Some(length) = headers.get("content-length") {
            assert_eq!(
                length.parse::<usize>().ok(),
                Some(body.len()),
                "{headers:?}"
            );
        }
        Answer {
            status,
            content_type: headers.get("content-type").cloned().unwrap_or_default(),
            body,
        }
    }

    #[tokio::test]
    async fn a_uri_over_hypers_limit_is_a_414_with_the_error_body() {
        let env = env().await;
        let long = "a".repeat(70_000);
        let request = format!(
            "GET /v2/conversations?query={long} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer {}\r\n\r\n",
            env.token
        );
        let (status, headers, body) = raw(&env, request.as_bytes()).await;
        assert_eq!(status, StatusCode::URI_TOO_LONG);
        assert!(headers.contains_key("correlation-id"), "{headers:?}");
        assert_error_body(&raw_answer(status, &headers, body), "414");
    }

    #[tokio::test]
    async fn too_many_headers_is_a_431_with_the_error_body() {
        let env = env().await;
        let mut request = String::from("GET /v2/mailboxes HTTP/1.1\r\nhost: 127.0.0.1\r\n");
        for i in 0..200 {
            request.push_str(&format!("x-filler-{i}: {i}\r\n"));
        }
        request.push_str("\r\n");
        let (status, headers, body) = raw(&env, request.as_bytes()).await;
        assert_eq!(status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        assert_error_body(&raw_answer(status, &headers, body), "431");
    }

    #[tokio::test]
    async fn a_garbled_request_line_is_a_400_with_the_error_body() {
        let env = env().await;
        let (status, headers, body) = raw(&env, b"NOT A REQUEST\r\n\r\n").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_error_body(&raw_answer(status, &headers, body), "400");
    }

    #[tokio::test]
    async fn an_announced_body_over_the_limit_is_a_413_before_it_is_sent() {
        let env = env().await;
        let request = format!(
            "POST /v2/conversations HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer {}\r\n\
             content-type: application/json\r\ncontent-length: {}\r\n\r\n",
            env.token,
            64 * 1024 * 1024
        );
        let (status, headers, body) = raw(&env, request.as_bytes()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_error_body(&raw_answer(status, &headers, body), "413");
    }

    #[tokio::test]
    async fn a_connection_keeps_working_after_error_answers_from_the_router() {
        // The wrapper that shapes hyper's own answers must leave ordinary traffic alone: a
        // keep-alive connection carries a 404, a 400 and a 200 in a row.
        let env = env().await;
        for (path, expected) in [
            ("/v2/nothing-here", StatusCode::NOT_FOUND),
            ("/v2/conversations?page=0", StatusCode::BAD_REQUEST),
            ("/v2/mailboxes", StatusCode::OK),
        ] {
            let answer = env.send(Method::GET, path, None, None).await;
            assert_eq!(answer.status, expected, "{path}");
        }
    }
}
