//! The simulator's documented behaviour, checked at the HTTP level with raw `reqwest`
//! requests (no facade in between), one quirk per test.

use helpscout_mailbox::ids::CustomerEntryId;
use std::time::{Duration, Instant};

use helpscout_mailbox_simulator::{Faults, RunningSimulator, Simulator, SimulatorBuilder};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A running simulator and a client holding a valid token.
struct Env {
    sim: RunningSimulator,
    http: reqwest::Client,
    token: String,
}

fn small() -> SimulatorBuilder {
    Simulator::builder().conversations(60).seed(3)
}

async fn token(http: &reqwest::Client, sim: &RunningSimulator) -> String {
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
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("token json");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

async fn env(builder: SimulatorBuilder) -> Env {
    let sim = builder.start().await.expect("simulator starts");
    let http = helpscout_mailbox::tls::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let token = token(&http, &sim).await;
    Env { sim, http, token }
}

impl Env {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url())
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let response = self.send(Method::GET, path, None).await;
        let status = response.status();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    async fn write(&self, method: Method, path: &str, body: Value) -> reqwest::Response {
        self.send(method, path, Some(body)).await
    }

    fn first_conversation(&self) -> i64 {
        self.sim.state().conversation_ids()[0]
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The `path`s of a validation error body.
fn error_paths(body: &Value) -> Vec<String> {
    body["_embedded"]["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn expect_validation(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let content_type = header(&response, "content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("application/vnd.error+json"),
        "{content_type}"
    );
    let body: Value = response.json().await.expect("error json");
    assert_eq!(body["message"], "Bad request");
    assert!(body["logRef"].is_string(), "{body}");
    for error in body["_embedded"]["errors"].as_array().expect("errors") {
        assert!(error["message"].is_string(), "{error}");
        assert!(error["source"].is_string(), "{error}");
    }
    error_paths(&body)
}

fn new_conversation(customer: i64, mailbox: i64, threads: usize) -> Value {
    let threads: Vec<Value> = (0..threads)
        .map(|i| json!({"type": if i == 0 { "customer" } else { "note" }, "text": format!("thread {i}")}))
        .collect();
    json!({
        "subject": "Printer on fire",
        "type": "email",
        "mailboxId": mailbox,
        "status": "active",
        "customer": {"id": customer},
        "threads": threads,
    })
}

async fn create_conversation(env: &Env, threads: usize) -> i64 {
    let state = env.sim.state();
    let body = new_conversation(state.customer_ids()[0], state.mailbox_ids()[0], threads);
    let response = env.write(Method::POST, "/v2/conversations", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    header(&response, "resource-id")
        .and_then(|id| id.parse().ok())
        .expect("Resource-ID")
}

/// Every test sits in this module, so that `cargo test simulator` selects them all.
mod simulator_http {
    use super::*;

    #[tokio::test]
    async fn token_endpoint_takes_a_form_and_checks_the_credentials() {
        let sim = small().start().await.expect("start");
        let http = helpscout_mailbox::tls::http_client_builder()
            .build()
            .unwrap();
        let url = format!("{}/v2/oauth2/token", sim.base_url());
        let response = http
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", sim.app_id()),
                ("client_secret", sim.app_secret()),
            ])
            .send()
            .await
            .expect("send");
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["token_type"], "bearer");
        assert_eq!(body["expires_in"], 172_800);
        assert!(body["access_token"].is_string());
        assert!(
            body.get("refresh_token").is_none(),
            "client credentials get no refresh token: {body}"
        );

        let wrong = http
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", sim.app_id()),
                ("client_secret", "nope"),
            ])
            .send()
            .await
            .expect("send");
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let body: Value = wrong.json().await.expect("json");
        assert_eq!(body["error"], "invalid_client");

        let plain = http
            .post(&url)
            .header("content-type", "text/plain")
            .body("grant_type=client_credentials")
            .send()
            .await
            .expect("send");
        assert_eq!(plain.status(), StatusCode::BAD_REQUEST);
        let stats = sim.state().token_stats();
        assert_eq!(
            (stats.total, stats.client_credentials, stats.rejected),
            (3, 1, 2)
        );
    }

    #[tokio::test]
    async fn refresh_tokens_rotate_and_codes_work_once() {
        let sim = small().start().await.expect("start");
        let http = helpscout_mailbox::tls::http_client_builder()
            .build()
            .unwrap();
        let url = format!("{}/v2/oauth2/token", sim.base_url());
        let post = |fields: Vec<(&'static str, String)>| {
            let http = http.clone();
            let url = url.clone();
            async move {
                let response = http.post(&url).form(&fields).send().await.expect("send");
                let status = response.status();
                (status, response.json::<Value>().await.expect("json"))
            }
        };
        let creds = |grant: &str| {
            vec![
                ("grant_type", grant.to_owned()),
                ("client_id", sim.app_id().to_owned()),
                ("client_secret", sim.app_secret().to_owned()),
            ]
        };
        let code = sim.state().issue_authorization_code();
        let mut fields = creds("authorization_code");
        fields.push(("code", code.clone()));
        let (status, first) = post(fields.clone()).await;
        assert_eq!(status, StatusCode::OK);
        let r1 = first["refresh_token"]
            .as_str()
            .expect("refresh token")
            .to_owned();
        let (status, reused) = post(fields).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "a code works once");
        assert_eq!(reused["error"], "invalid_grant");

        let mut refresh = creds("refresh_token");
        refresh.push(("refresh_token", r1.clone()));
        let (status, second) = post(refresh.clone()).await;
        assert_eq!(status, StatusCode::OK);
        let r2 = second["refresh_token"]
            .as_str()
            .expect("rotated")
            .to_owned();
        assert_ne!(r1, r2);
        assert_ne!(first["access_token"], second["access_token"]);
        let (status, stale) = post(refresh).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "the old refresh token is spent"
        );
        assert_eq!(stale["error"], "invalid_grant");
        let mut next = creds("refresh_token");
        next.push(("refresh_token", r2));
        assert_eq!(post(next).await.0, StatusCode::OK);
    }

    #[tokio::test]
    async fn api_calls_need_a_live_bearer_token() {
        let env = env(small().token_lifetime(Duration::from_secs(60))).await;
        let none = env
            .http
            .get(env.url("/v2/conversations"))
            .send()
            .await
            .expect("send");
        assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
        assert!(header(&none, "x-ratelimit-limit-minute").is_some());
        let bogus = env
            .http
            .get(env.url("/v2/conversations"))
            .bearer_auth("made-up")
            .send()
            .await
            .expect("send");
        assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(env.get("/v2/conversations").await.0, StatusCode::OK);
        env.sim.state().advance_time(Duration::from_secs(61));
        assert_eq!(
            env.get("/v2/conversations").await.0,
            StatusCode::UNAUTHORIZED,
            "the token expired"
        );
        let fresh = token(&env.http, &env.sim).await;
        assert!(env.sim.state().live_access_tokens().contains(&fresh));
        assert!(env.sim.state().set_token_expiry(&fresh, Duration::ZERO));
        let expired = env
            .http
            .get(env.url("/v2/users/me"))
            .bearer_auth(&fresh)
            .send()
            .await
            .expect("send");
        assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn conversation_patch_takes_one_object_and_rejects_an_array() {
        let env = env(small()).await;
        let id = env.first_conversation();
        let path = format!("/v2/conversations/{id}");
        let ok = env
            .write(
                Method::PATCH,
                &path,
                json!({"op": "replace", "path": "/subject", "value": "Renamed"}),
            )
            .await;
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        assert_eq!(env.get(&path).await.1["subject"], "Renamed");
        let array = env
            .write(
                Method::PATCH,
                &path,
                json!([{"op": "replace", "path": "/subject", "value": "Nope"}]),
            )
            .await;
        expect_validation(array).await;
        assert_eq!(env.get(&path).await.1["subject"], "Renamed");

        let status = env
            .write(
                Method::PATCH,
                &path,
                json!({"op": "replace", "path": "/status", "value": "closed"}),
            )
            .await;
        assert_eq!(status.status(), StatusCode::NO_CONTENT);
        let closed = env.get(&path).await.1;
        assert_eq!(closed["status"], "closed");
        assert!(closed["closedAt"].is_string());
        let unassign = env
            .write(
                Method::PATCH,
                &path,
                json!({"op": "remove", "path": "/assignTo"}),
            )
            .await;
        assert_eq!(unassign.status(), StatusCode::NO_CONTENT);
        assert!(env.get(&path).await.1.get("assignee").is_none());
    }

    #[tokio::test]
    async fn customer_patch_takes_an_array_and_rejects_an_object() {
        let env = env(small()).await;
        let id = env.sim.state().customer_ids()[0];
        let path = format!("/v2/customers/{id}");
        let ok = env
            .write(
                Method::PATCH,
                &path,
                json!([
                    {"op": "replace", "path": "/firstName", "value": "Patched"},
                    {"op": "add", "path": "/emails", "value": {"type": "work", "value": "patched@sim.example"}},
                ]),
            )
            .await;
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        let customer = env.get(&path).await.1;
        assert_eq!(customer["firstName"], "Patched");
        let emails: Vec<&str> = customer["_embedded"]["emails"]
            .as_array()
            .expect("emails")
            .iter()
            .filter_map(|e| e["value"].as_str())
            .collect();
        assert!(emails.contains(&"patched@sim.example"), "{emails:?}");
        let object = env
            .write(
                Method::PATCH,
                &path,
                json!({"op": "replace", "path": "/firstName", "value": "Nope"}),
            )
            .await;
        expect_validation(object).await;
        let whole = env
            .write(
                Method::PATCH,
                &path,
                json!([{"op": "remove", "path": "/emails"}]),
            )
            .await;
        expect_validation(whole).await;
        assert_eq!(env.get(&path).await.1["firstName"], "Patched");
    }

    #[tokio::test]
    async fn a_reply_without_customer_id_is_rejected_at_customer_id() {
        let env = env(small()).await;
        let id = env.first_conversation();
        let path = format!("/v2/conversations/{id}/reply");
        let missing = env
            .write(Method::POST, &path, json!({"text": "Hello"}))
            .await;
        assert_eq!(expect_validation(missing).await, vec!["customer.id"]);
        let by_email = env
            .write(
                Method::POST,
                &path,
                json!({"text": "Hello", "customer": {"email": "a@b.example"}}),
            )
            .await;
        assert_eq!(expect_validation(by_email).await, vec!["customer.id"]);
        let customer = env.sim.state().customer_ids()[0];
        let ok = env
            .write(
                Method::POST,
                &path,
                json!({"text": "Hello", "customer": {"id": customer}}),
            )
            .await;
        assert_eq!(ok.status(), StatusCode::CREATED);
        assert!(header(&ok, "resource-id").is_some());
    }

    #[tokio::test]
    async fn validation_errors_name_every_bad_field() {
        let env = env(small()).await;
        let response = env
            .write(
                Method::POST,
                "/v2/conversations",
                json!({"type": "fax", "mailboxId": 1, "status": "active", "customer": {"id": 1}, "threads": [{"type": "note"}]}),
            )
            .await;
        let mut paths = expect_validation(response).await;
        paths.sort();
        assert_eq!(paths, vec!["subject", "threads[0].text", "type"]);
    }

    #[tokio::test]
    async fn modified_since_with_milliseconds_is_rejected() {
        let env = env(small()).await;
        let (status, body) = env
            .get("/v2/conversations?modifiedSince=2024-01-01T00:00:00.123Z")
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error_paths(&body), vec!["modifiedSince"]);
        assert_eq!(
            env.get("/v2/conversations?modifiedSince=2024-01-01T00:00:00Z")
                .await
                .0,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn pages_are_25_conversations_or_threads_and_50_of_everything_else() {
        let env = env(small().conversations(80).customers(120)).await;
        let (_, conversations) = env.get("/v2/conversations?status=all").await;
        assert_eq!(conversations["page"]["size"], 25);
        assert_eq!(conversations["page"]["number"], 1);
        assert_eq!(conversations["page"]["totalElements"], 80);
        assert_eq!(conversations["page"]["totalPages"], 4);
        assert_eq!(
            conversations["_embedded"]["conversations"]
                .as_array()
                .map(Vec::len),
            Some(25)
        );
        let id = create_conversation(&env, 30).await;
        let (_, threads) = env.get(&format!("/v2/conversations/{id}/threads")).await;
        assert_eq!(threads["page"]["size"], 25);
        assert_eq!(
            threads["_embedded"]["threads"].as_array().map(Vec::len),
            Some(25)
        );
        let (_, page2) = env
            .get(&format!("/v2/conversations/{id}/threads?page=2"))
            .await;
        assert_eq!(
            page2["_embedded"]["threads"].as_array().map(Vec::len),
            Some(5)
        );
        let (_, customers) = env.get("/v2/customers").await;
        assert_eq!(customers["page"]["size"], 50);
        assert_eq!(
            customers["_embedded"]["customers"].as_array().map(Vec::len),
            Some(50)
        );
        for path in ["/v2/tags", "/v2/mailboxes", "/v2/users", "/v2/workflows"] {
            assert_eq!(env.get(path).await.1["page"]["size"], 50, "{path}");
        }
        assert_eq!(
            env.get("/v2/conversations?page=0").await.0,
            StatusCode::BAD_REQUEST
        );
    }

    #[tokio::test]
    async fn empty_pages_carry_an_empty_embedded_array_or_the_legacy_form() {
        let env = env(small()).await;
        let path = "/v2/conversations?tag=no-such-tag";
        let (status, body) = env.get(path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["_embedded"]["conversations"], json!([]));
        assert_eq!(body["page"]["totalElements"], 0);
        assert_eq!(body["page"]["number"], 0);
        assert!(body["_links"].get("next").is_none());
        env.sim.state().set_legacy_empty_pages(true);
        let (_, legacy) = env.get(path).await;
        assert!(legacy.get("_embedded").is_none(), "{legacy}");
        assert_eq!(legacy["page"]["totalElements"], 0);

        let legacy_env = env_with_legacy().await;
        let (_, body) = legacy_env.get("/v2/customers?firstName=Nobody").await;
        assert!(body.get("_embedded").is_none(), "{body}");
    }

    async fn env_with_legacy() -> Env {
        env(small().legacy_empty_pages(true)).await
    }

    #[tokio::test]
    async fn next_links_keep_the_query() {
        let env = env(small().conversations(80)).await;
        let (_, body) = env
            .get("/v2/conversations?status=all&sortField=number&sortOrder=asc")
            .await;
        let next = body["_links"]["next"]["href"].as_str().expect("next link");
        assert!(
            next.ends_with("/v2/conversations?status=all&sortField=number&sortOrder=asc&page=2"),
            "{next}"
        );
        let last = body["_links"]["last"]["href"].as_str().expect("last link");
        assert!(last.ends_with("page=4"), "{last}");
        assert_eq!(body["_links"]["page"]["templated"], true);
        let relative = next.trim_start_matches(env.sim.base_url());
        let (_, second) = env.get(relative).await;
        assert_eq!(second["page"]["number"], 2);
        let previous = second["_links"]["previous"]["href"]
            .as_str()
            .expect("previous");
        assert!(previous.ends_with("sortOrder=asc&page=1"), "{previous}");
        let numbers: Vec<i64> = second["_embedded"]["conversations"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|c| c["number"].as_i64())
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        assert_eq!(numbers[0], 26);
    }

    #[tokio::test]
    async fn creates_answer_201_with_resource_id_and_location() {
        let env = env(small()).await;
        let state = env.sim.state();
        let body = new_conversation(state.customer_ids()[0], state.mailbox_ids()[0], 2);
        let response = env.write(Method::POST, "/v2/conversations", body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let id = header(&response, "resource-id").expect("Resource-ID");
        let location = header(&response, "location").expect("Location");
        assert_eq!(location, env.url(&format!("/v2/conversations/{id}")));
        assert!(response.bytes().await.expect("body").is_empty());
        let (status, created) = env
            .get(&format!("/v2/conversations/{id}?embed=threads"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(created["subject"], "Printer on fire");
        assert_eq!(created["threads"], 2);
        assert_eq!(
            created["_embedded"]["threads"].as_array().map(Vec::len),
            Some(2)
        );

        let customer = env
            .write(
                Method::POST,
                "/v2/customers",
                json!({"firstName": "New", "emails": [{"type": "work", "value": "new@sim.example"}]}),
            )
            .await;
        assert_eq!(customer.status(), StatusCode::CREATED);
        let id = header(&customer, "resource-id").expect("Resource-ID");
        assert_eq!(
            header(&customer, "location"),
            Some(env.url(&format!("/v2/customers/{id}")))
        );
        let webhook = env
            .write(
                Method::POST,
                "/v2/webhooks",
                json!({"url": "https://example.com/hook", "events": ["convo.created"], "secret": "s3cret"}),
            )
            .await;
        assert_eq!(webhook.status(), StatusCode::CREATED);
        assert!(header(&webhook, "location").is_some_and(|l| l.contains("/v2/webhooks/")));
    }

    #[tokio::test]
    async fn a_conversation_holds_at_most_100_threads() {
        let env = env(small()).await;
        let state = env.sim.state();
        let too_many = new_conversation(state.customer_ids()[0], state.mailbox_ids()[0], 101);
        let response = env.write(Method::POST, "/v2/conversations", too_many).await;
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
        let id = create_conversation(&env, 100).await;
        let note = env
            .write(
                Method::POST,
                &format!("/v2/conversations/{id}/notes"),
                json!({"text": "one too many"}),
            )
            .await;
        assert_eq!(note.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(state.threads(id).map(|t| t.len()), Some(100));
    }

    #[tokio::test]
    async fn a_customer_thread_reopens_a_closed_conversation_unless_imported() {
        let env = env(small()).await;
        let id = create_conversation(&env, 1).await;
        let path = format!("/v2/conversations/{id}");
        let customer = env.get(&path).await.1["primaryCustomer"]["id"].clone();
        let close = || {
            env.write(
                Method::PATCH,
                &path,
                json!({"op": "replace", "path": "/status", "value": "closed"}),
            )
        };
        assert_eq!(close().await.status(), StatusCode::NO_CONTENT);
        let imported = env
            .write(
                Method::POST,
                &format!("{path}/customer"),
                json!({"text": "old mail", "customer": {"id": customer}, "imported": true}),
            )
            .await;
        assert_eq!(imported.status(), StatusCode::CREATED);
        assert_eq!(env.get(&path).await.1["status"], "closed");
        let live = env
            .write(
                Method::POST,
                &format!("{path}/customer"),
                json!({"text": "still broken", "customer": {"id": customer}}),
            )
            .await;
        assert_eq!(live.status(), StatusCode::CREATED);
        let reopened = env.get(&path).await.1;
        assert_eq!(reopened["status"], "active");
        assert!(reopened.get("closedAt").is_none());
        // A note does not reopen.
        assert_eq!(close().await.status(), StatusCode::NO_CONTENT);
        env.write(
            Method::POST,
            &format!("{path}/notes"),
            json!({"text": "fyi"}),
        )
        .await;
        assert_eq!(env.get(&path).await.1["status"], "closed");
    }

    #[tokio::test]
    async fn tags_are_replaced_not_merged() {
        let env = env(small()).await;
        let id = create_conversation(&env, 1).await;
        let path = format!("/v2/conversations/{id}");
        let tags = |body: &Value| -> Vec<String> {
            let mut names: Vec<String> = body["tags"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|t| t["tag"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let tags_path = format!("{path}/tags");
        let put = |names: Value| env.write(Method::PUT, &tags_path, json!({"tags": names}));
        assert_eq!(
            put(json!(["vip", "brand-new-tag"])).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(tags(&env.get(&path).await.1), vec!["brand-new-tag", "vip"]);
        assert_eq!(
            put(json!(["billing", "vip"])).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(tags(&env.get(&path).await.1), vec!["billing", "vip"]);
        assert!(
            env.sim
                .state()
                .tag_names()
                .contains(&"brand-new-tag".to_owned())
        );
        assert_eq!(put(json!([])).await.status(), StatusCode::NO_CONTENT);
        assert!(tags(&env.get(&path).await.1).is_empty());
        let missing = env
            .write(Method::PUT, &format!("{path}/tags"), json!({}))
            .await;
        assert_eq!(expect_validation(missing).await, vec!["tags"]);
    }

    #[tokio::test]
    async fn a_merged_conversation_answers_get_with_301_and_writes_with_404() {
        let env = env(small()).await;
        let ids = env.sim.state().conversation_ids();
        let (from, into) = (ids[0], ids[1]);
        let before = env.sim.state().threads(into).map(|t| t.len()).unwrap_or(0);
        let moving = env.sim.state().threads(from).map(|t| t.len()).unwrap_or(0);
        env.sim
            .state()
            .merge_conversations(from, into)
            .expect("merge");
        let response = env
            .send(Method::GET, &format!("/v2/conversations/{from}"), None)
            .await;
        assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
        assert_eq!(
            header(&response, "location"),
            Some(env.url(&format!("/v2/conversations/{into}")))
        );
        let write = env
            .write(
                Method::PATCH,
                &format!("/v2/conversations/{from}"),
                json!({"op": "replace", "path": "/subject", "value": "x"}),
            )
            .await;
        assert_eq!(write.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            env.get(&format!("/v2/conversations/{from}/threads"))
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            env.sim.state().threads(into).map(|t| t.len()),
            Some(before + moving)
        );
    }

    #[tokio::test]
    async fn rate_limit_headers_writes_count_double_and_429_when_spent() {
        let env = env(small().rate_limit_per_minute(10)).await;
        let get = env.send(Method::GET, "/v2/mailboxes", None).await;
        assert_eq!(
            header(&get, "x-ratelimit-limit-minute").as_deref(),
            Some("10")
        );
        assert_eq!(
            header(&get, "x-ratelimit-remaining-minute").as_deref(),
            Some("9")
        );
        let id = env.first_conversation();
        let write = env
            .write(
                Method::POST,
                &format!("/v2/conversations/{id}/notes"),
                json!({"text": "costs two"}),
            )
            .await;
        assert_eq!(write.status(), StatusCode::CREATED);
        assert_eq!(
            header(&write, "x-ratelimit-remaining-minute").as_deref(),
            Some("7")
        );
        for _ in 0..7 {
            assert_eq!(env.get("/v2/tags").await.0, StatusCode::OK);
        }
        let limited = env.send(Method::GET, "/v2/tags", None).await;
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            header(&limited, "x-ratelimit-remaining-minute").as_deref(),
            Some("0")
        );
        let retry_after: u64 = header(&limited, "x-ratelimit-retry-after")
            .and_then(|v| v.parse().ok())
            .expect("X-RateLimit-Retry-After");
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        let body: Value = limited.json().await.expect("json");
        assert_eq!(body["message"], "API rate limit exceeded");
        env.sim.state().advance_time(Duration::from_secs(60));
        assert_eq!(env.get("/v2/tags").await.0, StatusCode::OK);
        assert_eq!(env.sim.state().rate_limit_remaining(), Some(9));
    }

    #[tokio::test]
    async fn a_write_is_refused_when_only_one_request_is_left() {
        let env = env(small().rate_limit_per_minute(3)).await;
        assert_eq!(env.get("/v2/tags").await.0, StatusCode::OK);
        assert_eq!(env.get("/v2/tags").await.0, StatusCode::OK);
        let id = env.first_conversation();
        let write = env
            .write(
                Method::POST,
                &format!("/v2/conversations/{id}/notes"),
                json!({"text": "needs two"}),
            )
            .await;
        assert_eq!(write.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            env.get("/v2/tags").await.0,
            StatusCode::OK,
            "a read still fits"
        );
    }

    #[tokio::test]
    async fn faults_answer_504_drop_connections_and_truncate_bodies() {
        let env = env(small()).await;
        let state = env.sim.state();
        state.set_faults(Faults {
            gateway_timeout_rate: 1.0,
            ..Faults::default()
        });
        assert_eq!(
            env.get("/v2/mailboxes").await.0,
            StatusCode::GATEWAY_TIMEOUT
        );
        state.set_faults(Faults {
            drop_rate: 1.0,
            ..Faults::default()
        });
        let dropped = env
            .http
            .get(env.url("/v2/mailboxes"))
            .bearer_auth(&env.token)
            .send()
            .await;
        assert!(dropped.is_err(), "{dropped:?}");
        state.set_faults(Faults {
            truncate_rate: 1.0,
            ..Faults::default()
        });
        let truncated = env.send(Method::GET, "/v2/mailboxes", None).await;
        assert_eq!(truncated.status(), StatusCode::OK);
        assert!(truncated.bytes().await.is_err(), "the body is cut short");
        state.set_faults(Faults {
            latency: Duration::from_millis(50),
            ..Faults::default()
        });
        let started = Instant::now();
        assert_eq!(env.get("/v2/mailboxes").await.0, StatusCode::OK);
        assert!(started.elapsed() >= Duration::from_millis(50));
        state.set_faults(Faults::none());
        // The token endpoint is exempt from faults.
        state.set_faults(Faults {
            server_error_rate: 1.0,
            ..Faults::default()
        });
        token(&env.http, &env.sim).await;
        let faults: Vec<_> = state.requests().iter().filter_map(|r| r.fault).collect();
        assert_eq!(faults, vec!["status", "drop", "truncate"]);
    }

    #[tokio::test]
    async fn unknown_paths_answer_a_help_scout_shaped_404() {
        let env = env(small()).await;
        let (status, body) = env.get("/v2/nothing-here").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(
            body["message"].is_string() && body["logRef"].is_string(),
            "{body}"
        );
        let (status, _) = env.get("/v2/conversations/999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn v2_threads_show_ai_agents_as_users_and_v3_as_system_users() {
        let env = env(small().conversations(400)).await;
        let state = env.sim.state();
        let ai = env.get("/v3/system-users").await.1["_embedded"]["system_users"][0]["id"]
            .as_i64()
            .expect("an AI agent");
        let conversation = state
            .conversation_ids()
            .into_iter()
            .find(|&id| {
                state.threads(id).is_some_and(|threads| {
                    threads
                        .iter()
                        .any(|t| t.created_by.as_ref().and_then(|p| p.id) == Some(ai))
                })
            })
            .expect("a thread by the AI agent");
        let kinds = |body: &Value| -> Vec<String> {
            body["_embedded"]["threads"]
                .as_array()
                .expect("threads")
                .iter()
                .filter(|t| t["createdBy"]["id"].as_i64() == Some(ai))
                .filter_map(|t| t["createdBy"]["type"].as_str().map(str::to_owned))
                .collect()
        };
        let v2 = env
            .get(&format!("/v2/conversations/{conversation}/threads"))
            .await
            .1;
        let v3 = env
            .get(&format!("/v3/conversations/{conversation}/threads"))
            .await
            .1;
        assert!(kinds(&v2).iter().all(|k| k == "user"), "{:?}", kinds(&v2));
        assert!(
            kinds(&v3).iter().all(|k| k == "system_user"),
            "{:?}",
            kinds(&v3)
        );
    }

    #[tokio::test]
    async fn workflows_run_on_at_most_50_conversations() {
        let env = env(small()).await;
        let (_, workflows) = env.get("/v2/workflows?type=manual").await;
        let workflow = workflows["_embedded"]["workflows"]
            .as_array()
            .expect("workflows")
            .iter()
            .find(|w| w["name"] == "Tag VIP customers" && w["status"] == "active")
            .cloned()
            .expect("the seeded manual workflow");
        let id = workflow["id"].as_i64().expect("id");
        let too_many: Vec<i64> = (0..51).collect();
        let response = env
            .write(
                Method::POST,
                &format!("/v2/workflows/{id}/run"),
                json!({"conversationIds": too_many}),
            )
            .await;
        assert_eq!(expect_validation(response).await, vec!["conversationIds"]);
        let mailbox = workflow["mailboxId"].as_i64().expect("mailbox");
        let (_, list) = env
            .get(&format!("/v2/conversations?mailbox={mailbox}&status=all"))
            .await;
        let target = list["_embedded"]["conversations"][0]["id"]
            .as_i64()
            .expect("conversation");
        let run = env
            .write(
                Method::POST,
                &format!("/v2/workflows/{id}/run"),
                json!({"conversationIds": [target]}),
            )
            .await;
        assert_eq!(run.status(), StatusCode::NO_CONTENT);
        let tags = env.get(&format!("/v2/conversations/{target}")).await.1["tags"].clone();
        assert!(
            tags.as_array()
                .expect("tags")
                .iter()
                .any(|t| t["tag"] == "vip"),
            "{tags}"
        );
    }

    #[tokio::test]
    async fn the_same_seed_gives_the_same_account() {
        let a = small().start().await.expect("start");
        let b = small().start().await.expect("start");
        let c = small().seed(4).start().await.expect("start");
        let subjects = |sim: &RunningSimulator| {
            let state = sim.state();
            state
                .conversation_ids()
                .into_iter()
                .map(|id| {
                    let c = state.conversation(id).expect("conversation");
                    (c.subject, c.threads, c.primary_customer.email)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(a.state().counts(), b.state().counts());
        assert_eq!(subjects(&a), subjects(&b));
        assert_ne!(subjects(&a), subjects(&c));
        let first = a.state().customer_ids()[0];
        let customer = |sim: &RunningSimulator| {
            let c = sim.state().customer(first).expect("customer");
            let emails: Vec<_> = c
                .embedded
                .map(|e| e.emails.into_iter().map(|e| e.value).collect())
                .unwrap_or_default();
            (c.first_name, c.last_name, c.organization_id, emails)
        };
        assert_eq!(customer(&a), customer(&b));
    }

    #[tokio::test]
    async fn seeding_10000_conversations_is_quick() {
        let sim = Simulator::builder()
            .conversations(10_000)
            .start()
            .await
            .expect("start");
        let counts = sim.state().counts();
        println!(
            "seeded {} conversations, {} threads, {} customers in {:?} ({} build)",
            counts.conversations,
            counts.threads,
            counts.customers,
            sim.seed_duration(),
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
        );
        assert_eq!(counts.conversations, 10_000);
        assert!(counts.threads >= 10_000);
        let env = Env {
            http: helpscout_mailbox::tls::http_client_builder()
                .build()
                .unwrap(),
            token: String::new(),
            sim,
        };
        let token = token(&env.http, &env.sim).await;
        let env = Env { token, ..env };
        let started = Instant::now();
        let (status, body) = env.get("/v2/conversations?status=all&page=400").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["page"]["totalPages"], 400);
        println!("listed the last page of 10,000 in {:?}", started.elapsed());
    }

    #[tokio::test]
    async fn the_facade_client_works_against_the_simulator() {
        let sim = small().start().await.expect("start");
        let client = sim.client_builder().build().expect("client");
        let page = client
            .conversations()
            .list()
            .send()
            .await
            .expect("list conversations");
        assert_eq!(page.size, 25);
        assert!(!page.items.is_empty());
        assert_eq!(sim.state().token_stats().client_credentials, 1);
    }

    /// Every operation of the spec is routed: GETs answer 200 (given real ids and the required
    /// query parameters), writes answer something other than the "no endpoint" 404, a 405 or a
    /// 5xx (their empty bodies are mostly validation errors).
    #[tokio::test]
    async fn every_operation_of_the_spec_is_served() {
        let env = env(small().conversations(200).without_rate_limit()).await;
        let state = env.sim.state();
        let spec: Value =
            serde_json::from_str(include_str!("../../openapi/mailbox-v2.json")).expect("the spec");
        // A conversation with an attachment, so that every sub-resource exists.
        let (conversation, thread, attachment) = state
            .conversation_ids()
            .into_iter()
            .find_map(|id| {
                let threads = state.threads(id)?;
                threads.iter().find_map(|t| {
                    let attachment = t.embedded.as_ref()?.attachments.first()?.id;
                    Some((id, t.id, attachment))
                })
            })
            .expect("a seeded attachment");
        let customer = state.customer_ids()[0];
        let customer_view = state.customer(customer).expect("customer");
        let embedded = customer_view.embedded.clone().unwrap_or_default();
        let entry = |ids: Vec<CustomerEntryId>| ids.first().map_or(0, |id| id.get());
        let user = state.owner_user_id();
        let (_, orgs) = env.get("/v2/organizations").await;
        let organization = orgs["_embedded"]["organizations"][0]["id"]
            .as_i64()
            .expect("org");
        let (_, teams) = env.get("/v2/teams").await;
        let team = teams["_embedded"]["teams"][0]["id"].as_i64().expect("team");
        let (_, tags) = env.get("/v2/tags").await;
        let tag = tags["_embedded"]["tags"][0]["id"].as_i64().expect("tag");
        let (_, workflows) = env.get("/v2/workflows").await;
        let workflow = workflows["_embedded"]["workflows"][0]["id"]
            .as_i64()
            .expect("workflow");
        let (_, hooks) = env.get("/v2/webhooks").await;
        let webhook = hooks["_embedded"]["webhooks"][0]["id"]
            .as_i64()
            .expect("webhook");
        let mailbox = state.mailbox_ids()[0];
        let (_, replies) = env
            .get(&format!("/v2/mailboxes/{mailbox}/saved-replies"))
            .await;
        let saved_reply = replies[0]["id"].as_i64().expect("saved reply");
        let values: Vec<(&str, String)> = vec![
            ("{conversationId}", conversation.to_string()),
            ("{threadId}", thread.to_string()),
            ("{attachmentId}", attachment.to_string()),
            ("{customerId}", customer.to_string()),
            (
                "{chatId}",
                entry(embedded.chats.iter().map(|e| e.id).collect()).to_string(),
            ),
            (
                "{emailId}",
                entry(embedded.emails.iter().map(|e| e.id).collect()).to_string(),
            ),
            (
                "{phoneId}",
                entry(embedded.phones.iter().map(|e| e.id).collect()).to_string(),
            ),
            (
                "{socialProfileId}",
                entry(embedded.social_profiles.iter().map(|e| e.id).collect()).to_string(),
            ),
            (
                "{websiteId}",
                entry(embedded.websites.iter().map(|e| e.id).collect()).to_string(),
            ),
            ("{mailboxId}", mailbox.to_string()),
            ("{savedReplyId}", saved_reply.to_string()),
            ("{organizationId}", organization.to_string()),
            ("{userId}", user.to_string()),
            ("{teamId}", team.to_string()),
            ("{tagId}", tag.to_string()),
            ("{workflowId}", workflow.to_string()),
            ("{webhookId}", webhook.to_string()),
            ("{ratingId}", "60000".to_owned()),
        ];
        let mut operations = 0;
        let mut deletes = Vec::new();
        for (template, item) in spec["paths"].as_object().expect("paths") {
            for method in ["get", "post", "put", "patch", "delete"] {
                if item.get(method).is_none() || template == "/v2/oauth2/token" {
                    continue;
                }
                operations += 1;
                let mut path = template.clone();
                for (param, value) in &values {
                    path = path.replace(param, value);
                }
                path = path
                    .replace("/customer-properties/{slug}", "/customer-properties/plan")
                    .replace(
                        "/organizations/properties/{slug}",
                        "/organizations/properties/industry",
                    )
                    .replace("/properties/{slug}", "/properties/industry");
                assert!(!path.contains('{'), "unfilled parameter in {path}");
                if path.starts_with("/v2/reports") {
                    path.push_str(&format!(
                        "?start=2024-06-01T00:00:00Z&end=2025-06-01T00:00:00Z&user={user}"
                    ));
                }
                // Deletes last, so that they do not remove what other operations need.
                if method == "delete" {
                    deletes.push(path);
                    continue;
                }
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                let response = env.send(method.clone(), &path, None).await;
                let status = response.status();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                let fallback = body["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("No endpoint"));
                assert!(
                    !fallback && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is not routed"
                );
                assert!(
                    !status.is_server_error(),
                    "{method} {path}: {status} {body}"
                );
                let may_be_missing = path.starts_with("/v2/ratings") || path.ends_with("/address");
                if method == Method::GET && !may_be_missing {
                    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
                }
            }
        }
        for path in deletes {
            let response = env.send(Method::DELETE, &path, None).await;
            let status = response.status();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let fallback = body["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("No endpoint"));
            assert!(
                !fallback && status != StatusCode::METHOD_NOT_ALLOWED,
                "DELETE {path} is not routed"
            );
            assert!(!status.is_server_error(), "DELETE {path}: {status} {body}");
        }
        assert_eq!(operations, 136, "operations besides the token endpoint");
    }
}
