//! The list's ids are kept between requests: every kind of write between two list requests
//! must show in the second, and a kept answer must equal the one computed afresh.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::in_range;
use crate::{RunningSimulator, Simulator};
use helpscout_mailbox::models::Timestamp;

#[test]
fn ranges_are_inclusive_and_open_ended() {
    let at = "2024-06-01T00:00:00Z"
        .parse::<Timestamp>()
        .map(Timestamp::get)
        .unwrap_or_default();
    assert!(in_range("[2024-01-01T00:00:00Z TO *]", at));
    assert!(!in_range("[2024-07-01T00:00:00Z TO *]", at));
    assert!(in_range("[* TO 2024-06-01T00:00:00Z]", at));
}

const TWENTY_YEARS: std::time::Duration = std::time::Duration::from_secs(20 * 365 * 24 * 3600);

struct Env {
    sim: RunningSimulator,
    http: reqwest::Client,
    token: String,
}

async fn env() -> Env {
    let sim = Simulator::builder()
        .conversations(60)
        .seed(11)
        .without_rate_limit()
        // Outlives the clock's jump past every snooze below.
        .token_lifetime(TWENTY_YEARS)
        .start()
        .await
        .expect("simulator starts");
    let http = helpscout_mailbox::tls::http_client_builder()
        .build()
        .expect("a client builds");
    let body: Value = http
        .post(format!("{}/v2/oauth2/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", sim.app_id()),
            ("client_secret", sim.app_secret()),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token json");
    let token = body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    Env { sim, http, token }
}

/// Drops `customerWaitingSince.friendly` ("3 days ago"), the one part of a page that reads
/// the clock, so that two requests a moment apart compare equal on every day boundary too.
fn without_friendly(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("friendly");
            for v in map.values_mut() {
                *v = without_friendly(std::mem::take(v));
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = without_friendly(std::mem::take(v));
            }
        }
        _ => {}
    }
    value
}

impl Env {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> StatusCode {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.sim.base_url()))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request").status()
    }

    async fn get(&self, query: &str) -> Value {
        let response = self
            .http
            .get(format!("{}/v2/conversations?{query}", self.sim.base_url()))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("list request");
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        without_friendly(response.json().await.expect("list json"))
    }

    /// A list page, checked against the same page computed with nothing kept.
    async fn list(&self, query: &str) -> Value {
        let kept = self.get(query).await;
        assert!(self.sim.shared.data().cached_lists() > 0, "{query}");
        {
            // A mutable borrow that changes nothing: it only drops what was kept. (The guard
            // is named so that it is released here, before the next request.)
            let mut guard = self.sim.shared.data();
            let _ = &mut *guard;
        }
        assert_eq!(self.sim.shared.data().cached_lists(), 0);
        let fresh = self.get(query).await;
        assert_eq!(
            kept, fresh,
            "a kept answer differs from a fresh one: {query}"
        );
        kept
    }

    /// Asks twice (the second answer comes from the cache), so that a write after this
    /// finds the query's ids kept.
    async fn warm(&self, query: &str) -> Value {
        let first = self.get(query).await;
        assert_eq!(self.get(query).await, first);
        first
    }
}

fn ids(page: &Value) -> Vec<i64> {
    page["_embedded"]["conversations"]
        .as_array()
        .map(|items| items.iter().filter_map(|c| c["id"].as_i64()).collect())
        .unwrap_or_default()
}

fn total(page: &Value) -> i64 {
    page["page"]["totalElements"].as_i64().unwrap_or(-1)
}

const ALL: &str = "status=all&embed=threads";

#[tokio::test]
async fn a_created_conversation_shows_in_the_next_list() {
    let env = env().await;
    let before = env.warm(ALL).await;
    let state = env.sim.state();
    let body = json!({
        "subject": "Cache probe",
        "type": "email",
        "mailboxId": state.mailbox_ids()[0],
        "status": "active",
        "customer": {"id": state.customer_ids()[0]},
        "threads": [{"type": "customer", "text": "hello"}],
    });
    assert_eq!(
        env.send(Method::POST, "/v2/conversations", Some(body))
            .await,
        StatusCode::CREATED
    );
    let after = env.list(ALL).await;
    assert_eq!(total(&after), total(&before) + 1);
    let newest = *state.conversation_ids().last().expect("an id");
    // Newest first: the new conversation heads the first page.
    assert_eq!(ids(&after).first(), Some(&newest));
}

#[tokio::test]
async fn an_updated_status_moves_a_conversation_between_lists() {
    let env = env().await;
    let active = env.warm("status=active").await;
    let closed = env.warm("status=closed").await;
    let id = *ids(&active).first().expect("an active conversation");
    let patch = json!({"op": "replace", "path": "/status", "value": "closed"});
    assert_eq!(
        env.send(
            Method::PATCH,
            &format!("/v2/conversations/{id}"),
            Some(patch)
        )
        .await,
        StatusCode::NO_CONTENT
    );
    let active_after = env.list("status=active").await;
    let closed_after = env.list("status=closed").await;
    assert_eq!(total(&active_after), total(&active) - 1);
    assert!(!ids(&active_after).contains(&id));
    assert_eq!(total(&closed_after), total(&closed) + 1);
}

#[tokio::test]
async fn a_new_tag_shows_in_the_tag_filter() {
    let env = env().await;
    let query = "status=all&tag=cache-probe";
    assert_eq!(total(&env.warm(query).await), 0);
    let id = env.sim.state().conversation_ids()[3];
    let tags = json!({"tags": ["cache-probe"]});
    assert_eq!(
        env.send(
            Method::PUT,
            &format!("/v2/conversations/{id}/tags"),
            Some(tags)
        )
        .await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(ids(&env.list(query).await), vec![id]);
}

#[tokio::test]
async fn a_deleted_conversation_leaves_the_list() {
    let env = env().await;
    let before = env.warm(ALL).await;
    let id = *ids(&before).first().expect("a conversation");
    assert_eq!(
        env.send(Method::DELETE, &format!("/v2/conversations/{id}"), None)
            .await,
        StatusCode::NO_CONTENT
    );
    let after = env.list(ALL).await;
    assert_eq!(total(&after), total(&before) - 1);
    assert!(!ids(&after).contains(&id));
}

#[tokio::test]
async fn a_merged_conversation_leaves_the_list() {
    let env = env().await;
    let before = env.warm(ALL).await;
    let list = ids(&before);
    let (from, into) = (list[0], list[1]);
    env.sim
        .state()
        .merge_conversations(from, into)
        .expect("merge");
    let after = env.list(ALL).await;
    assert_eq!(total(&after), total(&before) - 1);
    assert!(!ids(&after).contains(&from));
    assert!(ids(&after).contains(&into));
}

#[tokio::test]
async fn a_new_thread_reorders_a_list_sorted_by_modification() {
    let env = env().await;
    let query = "status=all&sortField=modifiedAt&sortOrder=desc";
    let before = env.warm(query).await;
    let last_page = total(&before).saturating_add(24) / 25;
    let oldest = *ids(&env.warm(&format!("{query}&page={last_page}")).await)
        .last()
        .expect("a conversation");
    assert_ne!(ids(&before).first(), Some(&oldest));
    let note = json!({"text": "moves it to the front"});
    assert_eq!(
        env.send(
            Method::POST,
            &format!("/v2/conversations/{oldest}/notes"),
            Some(note)
        )
        .await,
        StatusCode::CREATED
    );
    assert_eq!(ids(&env.list(query).await).first(), Some(&oldest));
}

/// The simulator does not end snoozes by time (only a customer reply does), so advancing the
/// clock past every snooze changes no list; what it must not do is leave a kept answer that
/// differs from a fresh one.
#[tokio::test]
async fn advancing_the_clock_keeps_lists_equal_to_fresh_ones() {
    let env = env().await;
    let before = env.warm("status=active").await;
    env.sim
        .state()
        .advance_time(std::time::Duration::from_secs(10 * 365 * 24 * 3600));
    let after = env.list("status=active").await;
    assert_eq!(ids(&after), ids(&before));
}

/// The page body spliced from kept conversation JSON is exactly what serialising the whole
/// page model through a `Value` (as the list did before it kept anything) gives.
#[test]
fn a_spliced_page_is_byte_for_byte_the_serialised_page_model() {
    use crate::seed::{SeedSizes, seed};
    use helpscout_mailbox::models::{
        ConversationPage, ConversationPageEmbedded, HalLinks, PageMetadata,
    };

    let d = seed(4, &SeedSizes::default());
    let view = super::View {
        base: "http://127.0.0.1:1",
        now: crate::seed::seed_epoch(),
        v3: false,
    };
    for embed in [false, true] {
        let ids: Vec<i64> = d.conversations.keys().copied().take(25).collect();
        let items: Vec<std::sync::Arc<[u8]>> = ids
            .iter()
            .filter_map(|&id| super::render_json(&d, id, &view, embed).ok().flatten())
            .map(|r| r.json)
            .collect();
        assert_eq!(items.len(), 25);
        let links: HalLinks = crate::http::links_vec(vec![("self", "http://x/?page=2".to_owned())]);
        let meta = PageMetadata {
            number: Some(2),
            size: Some(25),
            total_elements: Some(100),
            total_pages: Some(4),
        };
        let model = ConversationPage {
            embedded: Some(ConversationPageEmbedded {
                conversations: ids
                    .iter()
                    .filter_map(|id| d.conversations.get(id))
                    .map(|c| super::render_conversation(&d, c, &view, embed))
                    .collect(),
            }),
            links: Some(links.clone()),
            page: Some(meta.clone()),
        };
        let whole =
            serde_json::to_vec(&serde_json::to_value(&model).expect("value")).expect("bytes");
        let response = super::page_body(&items, links, meta).expect("page body");
        let spliced = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            usize::MAX,
        ))
        .expect("an in-memory body is ready")
        .expect("body bytes");
        assert_eq!(spliced.as_ref(), whole.as_slice(), "embed = {embed}");
    }
}
