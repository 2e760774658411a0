//! Request shapes of the account-level operations (mailboxes, saved replies, users, teams,
//! tags, workflows, webhooks, ratings) and of the 31 reports, as insta snapshots named after
//! each operationId; plus the behaviour the facade adds on top of single requests (workflow
//! batching, checks made before sending, secrets kept out of `Debug`, report paging).

use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{
    ConversationId, CustomerId, FolderId, MailboxId, RatingId, SavedReplyId, TagId, TeamId, UserId,
    WebhookId, WorkflowId,
};
use helpscout_mailbox::models::{
    ConversationType, CreateUserRole, EmailAvailability, ReportRange, ReportRating,
    ReportSortField, ReportSortFieldRatings, ReportSortOrder, ReportStatus, ReportViewBy,
    RoutingAssignmentMethod, RoutingState, Timestamp, WebhookEvent, WorkflowType,
};
use helpscout_mailbox::request::Created;
use helpscout_mailbox::resources::reports::{DrilldownField, ReportSubject};
use helpscout_mailbox::resources::workflows::MAX_CONVERSATIONS_PER_RUN;
use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
use helpscout_mailbox::{Client, Error};
use serde::Serialize;
use serde_json::{Value, json};

use super::support::{assert_snapshot, at, client_with};

/// A fixture's JSON, from `tests/fixtures/<path>`.
fn fixture(path: &str) -> Value {
    let file = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Asserts against `tests/snapshots/requests_account__account__{name}.snap`.
fn snapshot(name: &str, shape: impl Serialize) {
    assert_snapshot("requests_account__account", name, shape);
}

/// A client that answers every request with `response`.
fn client(response: MockResponse) -> (Client, MockTransport) {
    client_with(move |_| response.clone())
}

/// A client that answers with the JSON of a fixture.
fn client_json(path: &str) -> (Client, MockTransport) {
    client(MockResponse::json(200, &fixture(path)))
}

/// The last request sent, reduced for a snapshot.
fn last(transport: &MockTransport) -> helpscout_mailbox::testing::RequestShape {
    transport
        .requests()
        .last()
        .expect("a request was sent")
        .shape()
}

fn start() -> Timestamp {
    at("2024-01-01T00:00:00Z")
}

fn end() -> Timestamp {
    at("2024-01-31T23:59:59Z")
}

fn embedded_len(value: &Value, key: &str) -> usize {
    value["_embedded"][key].as_array().map_or(0, Vec::len)
}

// ---- Mailboxes -----------------------------------------------------------------------------

#[tokio::test]
async fn list_mailboxes() {
    let (client, transport) = client_json("account/listMailboxes.json");
    let page = client.mailboxes().list().send().await.unwrap();
    let expected = embedded_len(&fixture("account/listMailboxes.json"), "mailboxes");
    assert_eq!(page.items.len(), expected);
    snapshot("listMailboxes", last(&transport));
}

#[tokio::test]
async fn get_mailbox() {
    let (client, transport) = client_json("account/getMailbox.json");
    let mailbox = client
        .mailboxes()
        .get(MailboxId::new(1))
        .send()
        .await
        .unwrap();
    assert_eq!(mailbox.id, MailboxId::new(1));
    snapshot("getMailbox", last(&transport));
}

#[tokio::test]
async fn list_mailbox_folders() {
    let (client, transport) = client_json("account/listMailboxFolders.json");
    let folders: Vec<_> = client
        .mailboxes()
        .folders(MailboxId::new(1))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(folders.len(), 1);
    assert_eq!(transport.requests().len(), 1, "one page, one request");
    snapshot("listMailboxFolders", last(&transport));
}

#[tokio::test]
async fn list_mailbox_custom_fields() {
    let (client, transport) = client_json("account/listMailboxCustomFields.json");
    let page = client
        .mailboxes()
        .custom_fields(MailboxId::new(1))
        .page(2)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    snapshot("listMailboxCustomFields", last(&transport));
}

#[tokio::test]
async fn get_mailbox_routing() {
    let (client, transport) = client_json("account/getMailboxRouting.json");
    client
        .mailboxes()
        .routing(MailboxId::new(1))
        .send()
        .await
        .unwrap();
    snapshot("getMailboxRouting", last(&transport));
}

#[tokio::test]
async fn update_mailbox_routing() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .mailboxes()
        .update_routing(
            MailboxId::new(1),
            RoutingState::Enabled,
            RoutingAssignmentMethod::RoundRobin,
            5,
            [UserId::new(10), UserId::new(11)],
        )
        .send()
        .await
        .unwrap();
    snapshot("updateMailboxRouting", last(&transport));
}

#[tokio::test]
async fn routing_is_checked_before_sending() {
    let (client, transport) = client(MockResponse::no_content());
    let routing = |limit, users: Vec<UserId>| {
        client.mailboxes().update_routing(
            MailboxId::new(1),
            RoutingState::Enabled,
            RoutingAssignmentMethod::Balanced,
            limit,
            users,
        )
    };
    let no_users = routing(5, vec![]).send().await.unwrap_err();
    assert!(matches!(no_users, Error::InvalidRequest(_)), "{no_users:?}");
    let zero = routing(0, vec![UserId::new(1)]).send().await.unwrap_err();
    assert!(matches!(zero, Error::InvalidRequest(_)), "{zero:?}");
    let too_many = routing(101, vec![UserId::new(1)]).send().await.unwrap_err();
    assert!(matches!(too_many, Error::InvalidRequest(_)), "{too_many:?}");
    assert!(transport.requests().is_empty());
    // Disabling needs no users.
    client
        .mailboxes()
        .update_routing(
            MailboxId::new(1),
            RoutingState::Disabled,
            RoutingAssignmentMethod::Balanced,
            1,
            [],
        )
        .send()
        .await
        .unwrap();
    assert_eq!(transport.requests().len(), 1);
}

// ---- Saved replies -------------------------------------------------------------------------

#[tokio::test]
async fn list_saved_replies() {
    let (client, transport) = client_json("account/listSavedReplies.json");
    let replies = client
        .mailboxes()
        .saved_replies(MailboxId::new(1))
        .include_chat_replies(true)
        .send()
        .await
        .unwrap();
    assert_eq!(replies.len(), 3, "a plain JSON array, not a HAL page");
    snapshot("listSavedReplies", last(&transport));
}

#[tokio::test]
async fn get_saved_reply() {
    let (client, transport) = client_json("account/getSavedReply.json");
    let reply = client
        .mailboxes()
        .saved_reply(MailboxId::new(1), SavedReplyId::new(123456))
        .send()
        .await
        .unwrap();
    assert!(reply.text.is_some());
    snapshot("getSavedReply", last(&transport));
}

#[tokio::test]
async fn create_saved_reply() {
    let (client, transport) = client(MockResponse::created("/v2/mailboxes/1/saved-replies", 77));
    let id = client
        .mailboxes()
        .create_saved_reply(MailboxId::new(1), "Refund policy")
        .text("<p>Refunds take 5 days.</p>")
        .chat_text("Refunds take 5 days.")
        .send()
        .await
        .unwrap();
    assert_eq!(id, Created::Id(SavedReplyId::new(77)));
    snapshot("createSavedReply", last(&transport));
}

#[tokio::test]
async fn a_saved_reply_created_without_an_id_header_is_still_created() {
    let (client, _) = client(MockResponse::status(201));
    let id = client
        .mailboxes()
        .create_saved_reply(MailboxId::new(1), "Hello")
        .send()
        .await
        .unwrap();
    assert_eq!(id, Created::WithoutId);
}

#[tokio::test]
async fn update_saved_reply() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .mailboxes()
        .update_saved_reply(MailboxId::new(1), SavedReplyId::new(77), "Refund policy")
        .text("<p>Refunds take 3 days.</p>")
        .send()
        .await
        .unwrap();
    snapshot("updateSavedReply", last(&transport));
}

#[tokio::test]
async fn delete_saved_reply() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .mailboxes()
        .delete_saved_reply(MailboxId::new(1), SavedReplyId::new(77))
        .send()
        .await
        .unwrap();
    snapshot("deleteSavedReply", last(&transport));
}

// ---- Users ---------------------------------------------------------------------------------

#[tokio::test]
async fn list_users() {
    let (client, transport) = client_json("account/listUsers.json");
    let page = client
        .users()
        .list()
        .email("jane@example.com")
        .mailbox(MailboxId::new(5))
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    snapshot("listUsers", last(&transport));
}

#[tokio::test]
async fn get_user() {
    let (client, transport) = client_json("account/getUser.json");
    client.users().get(UserId::new(4)).send().await.unwrap();
    snapshot("getUser", last(&transport));
}

#[tokio::test]
async fn get_current_user() {
    let (client, transport) = client_json("account/getCurrentUser.json");
    let me = client.users().me().send().await.unwrap();
    assert_eq!(me.id, UserId::new(4));
    snapshot("getCurrentUser", last(&transport));
}

#[tokio::test]
async fn create_user() {
    let (client, transport) = client(MockResponse::created("/v2/users", 12));
    let id = client
        .users()
        .create("Jane", "Doe", "jane@example.com", CreateUserRole::LightUser)
        .timezone("Europe/Paris")
        .job_title("Support")
        .phone("+33 1 23 45 67 89")
        .send_invite(false)
        .mailboxes([MailboxId::new(5)])
        .mailboxes_without_email([MailboxId::new(6)])
        .send()
        .await
        .unwrap();
    assert_eq!(id, UserId::new(12));
    snapshot("createUser", last(&transport));
}

#[tokio::test]
async fn list_user_statuses() {
    let (client, transport) = client_json("account/listUserStatuses.json");
    let page = client.users().statuses().send().await.unwrap();
    assert_eq!(page.items.len(), 2);
    snapshot("listUserStatuses", last(&transport));
}

#[tokio::test]
async fn get_user_status() {
    let (client, transport) = client_json("account/getUserStatus.json");
    client.users().status(UserId::new(4)).send().await.unwrap();
    snapshot("getUserStatus", last(&transport));
}

#[tokio::test]
async fn set_user_status() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .users()
        .set_status(UserId::new(4), EmailAvailability::Away)
        .custom_status("At lunch")
        .emoji("☕")
        .emoji_name(":coffee:")
        .send()
        .await
        .unwrap();
    snapshot("setUserStatus", last(&transport));
}

#[tokio::test]
async fn a_status_emoji_without_text_is_refused_before_sending() {
    let (client, transport) = client(MockResponse::no_content());
    let error = client
        .users()
        .set_status(UserId::new(4), EmailAvailability::Active)
        .emoji("☕")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn list_system_users() {
    let (client, transport) = client_json("account/listSystemUsers.json");
    let page = client.users().system_users().send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    snapshot("listSystemUsers", last(&transport));
}

// ---- Teams and tags ------------------------------------------------------------------------

fn team_page() -> Value {
    json!({
        "_embedded": {"teams": [{"id": 3, "name": "Tier 2", "mention": "@tier2"}]},
        "_links": {},
        "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 1}
    })
}

#[tokio::test]
async fn list_teams() {
    let (client, transport) = client(MockResponse::json(200, &team_page()));
    let page = client.teams().list().send().await.unwrap();
    assert_eq!(page.items[0].name.as_deref(), Some("Tier 2"));
    snapshot("listTeams", last(&transport));
}

#[tokio::test]
async fn list_team_members() {
    let (client, transport) = client_json("account/listUsers.json");
    let page = client.teams().members(TeamId::new(3)).send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    snapshot("listTeamMembers", last(&transport));
}

#[tokio::test]
async fn list_tags() {
    let (client, transport) = client_json("account/listTags.json");
    let page = client.tags().list().send().await.unwrap();
    assert_eq!(page.items.len(), 2);
    snapshot("listTags", last(&transport));
}

#[tokio::test]
async fn get_tag() {
    let (client, transport) = client_json("account/getTag.json");
    client.tags().get(TagId::new(9)).send().await.unwrap();
    snapshot("getTag", last(&transport));
}

// ---- Workflows -----------------------------------------------------------------------------

#[tokio::test]
async fn list_workflows() {
    let (client, transport) = client_json("account/listWorkflows.json");
    let page = client
        .workflows()
        .list()
        .mailbox_id(MailboxId::new(1))
        .kind(WorkflowType::Manual)
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    snapshot("listWorkflows", last(&transport));
}

#[tokio::test]
async fn update_workflow_status() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .workflows()
        .deactivate(WorkflowId::new(8))
        .send()
        .await
        .unwrap();
    snapshot("updateWorkflowStatus", last(&transport));
    client
        .workflows()
        .activate(WorkflowId::new(8))
        .send()
        .await
        .unwrap();
    let body = transport.requests().last().unwrap().json().unwrap();
    assert_eq!(
        body,
        json!({"op": "replace", "path": "/status", "value": "active"})
    );
}

#[tokio::test]
async fn run_workflow() {
    let (client, transport) = client(MockResponse::no_content());
    let run = client
        .workflows()
        .run(
            WorkflowId::new(8),
            [ConversationId::new(1), ConversationId::new(2)],
        )
        .send()
        .await
        .unwrap();
    assert_eq!((run.batches, run.conversations), (1, 2));
    snapshot("runWorkflow", last(&transport));
}

fn ids(range: std::ops::Range<i64>) -> Vec<ConversationId> {
    range.map(ConversationId::new).collect()
}

fn sent_ids(request: &RecordedRequest) -> Vec<i64> {
    let body = request.json().expect("JSON body");
    body["conversationIds"]
        .as_array()
        .expect("conversationIds")
        .iter()
        .map(|v| v.as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn a_long_workflow_run_is_sent_in_batches_of_fifty_in_order() {
    assert_eq!(MAX_CONVERSATIONS_PER_RUN, 50);
    let (client, transport) = client(MockResponse::no_content());
    let run = client
        .workflows()
        .run(WorkflowId::new(8), ids(1..121))
        .send()
        .await
        .unwrap();
    assert_eq!((run.batches, run.conversations), (3, 120));
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    let batches: Vec<Vec<i64>> = requests.iter().map(sent_ids).collect();
    assert_eq!(batches[0], (1..51).collect::<Vec<_>>());
    assert_eq!(batches[1], (51..101).collect::<Vec<_>>());
    assert_eq!(batches[2], (101..121).collect::<Vec<_>>());
    for request in &requests {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("POST", "/v2/workflows/8/run")
        );
    }
}

#[tokio::test]
async fn a_failed_batch_stops_the_run_and_reports_the_progress() {
    let (client, transport) = client_with(|request| {
        if sent_ids(request).first() == Some(&51) {
            MockResponse::json(
                400,
                &json!({
                    "message": "Bad request",
                    "_embedded": {"errors": [{
                        "path": "conversationIds",
                        "message": "Conversation 60 is not in the workflow's mailbox"
                    }]}
                }),
            )
        } else {
            MockResponse::no_content()
        }
    });
    let failure = client
        .workflows()
        .run(WorkflowId::new(8), ids(1..121))
        .send()
        .await
        .unwrap_err();
    assert_eq!(transport.requests().len(), 2, "batch 3 is not sent");
    assert_eq!(failure.batches_succeeded(), 1);
    assert_eq!(failure.batches_total(), 3);
    assert_eq!(failure.conversations_run(), 50);
    assert_eq!(failure.remaining(), ids(51..121).as_slice());
    assert_eq!(failure.error().status(), Some(400));
    assert!(failure.to_string().contains("batch 2 of 3"), "{failure}");
    let source = std::error::Error::source(&failure).expect("the batch's error is the source");
    assert_eq!(source.to_string(), failure.error().to_string());
    let error: Error = failure.into();
    assert_eq!(error.status(), Some(400));
}

#[tokio::test]
async fn an_empty_workflow_run_is_refused_before_sending() {
    let (client, transport) = client(MockResponse::no_content());
    let failure = client
        .workflows()
        .run(WorkflowId::new(8), [])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(failure.error(), Error::InvalidRequest(_)),
        "{failure:?}"
    );
    assert_eq!(failure.batches_succeeded(), 0);
    assert!(matches!(Error::from(failure), Error::InvalidRequest(_)));
    assert!(transport.requests().is_empty());
}

// ---- Webhooks ------------------------------------------------------------------------------

fn webhook_page() -> Value {
    json!({
        "_embedded": {"webhooks": [{
            "id": 10,
            "url": "https://example.com/hooks",
            "state": "enabled",
            "events": ["convo.assigned", "convo.created"],
            "secret": "echoed-secret",
            "payloadVersion": "V2"
        }]},
        "_links": {},
        "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 1}
    })
}

#[tokio::test]
async fn list_webhooks() {
    let (client, transport) = client(MockResponse::json(200, &webhook_page()));
    let page = client.webhooks().list().send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    // An echoed secret is kept, as a Secret that prints redacted.
    let echoed = page.items[0].secret.as_ref().map(|s| s.expose().to_owned());
    assert_eq!(echoed.as_deref(), Some("echoed-secret"));
    assert!(!format!("{page:?}").contains("echoed-secret"));
    snapshot("listWebhooks", last(&transport));
}

#[tokio::test]
async fn get_webhook() {
    let mut body = fixture("account/getWebhook.json");
    body["secret"] = json!("echoed-secret");
    let (client, transport) = client(MockResponse::json(200, &body));
    let webhook = client
        .webhooks()
        .get(WebhookId::new(10))
        .send()
        .await
        .unwrap();
    assert_eq!(webhook.events, vec![WebhookEvent::ConvoAssigned]);
    assert!(!format!("{webhook:?}").contains("echoed-secret"));
    snapshot("getWebhook", last(&transport));
}

#[tokio::test]
async fn create_webhook() {
    let (client, transport) = client(MockResponse::created("/v2/webhooks", 10));
    let builder = client
        .webhooks()
        .create(
            "https://example.com/hooks",
            [WebhookEvent::ConvoCreated, WebhookEvent::ConvoAssigned],
            "s3cr3t-signing-key",
        )
        .label("sync")
        .notification(true)
        .mailbox_ids([MailboxId::new(1), MailboxId::new(2)]);
    assert!(!format!("{builder:?}").contains("s3cr3t"), "{builder:?}");
    let id = builder.send().await.unwrap();
    assert_eq!(id, WebhookId::new(10));
    snapshot("createWebhook", last(&transport));
}

#[tokio::test]
async fn a_new_webhook_defaults_to_payload_v2_for_every_mailbox() {
    let (client, transport) = client(MockResponse::created("/v2/webhooks", 11));
    client
        .webhooks()
        .create(
            "https://example.com/hooks",
            [WebhookEvent::TagCreated],
            "key",
        )
        .send()
        .await
        .unwrap();
    let body = transport.requests()[0].json().unwrap();
    assert_eq!(body["payloadVersion"], "V2");
    assert!(body.get("mailboxIds").is_none(), "{body}");
}

#[tokio::test]
async fn update_webhook() {
    let (client, transport) = client(MockResponse::no_content());
    let builder = client
        .webhooks()
        .update(
            WebhookId::new(10),
            "https://example.com/hooks/v2",
            [WebhookEvent::ConvoStatus],
            "rotated-key",
        )
        .label("sync");
    assert!(
        !format!("{builder:?}").contains("rotated-key"),
        "{builder:?}"
    );
    builder.send().await.unwrap();
    snapshot("updateWebhook", last(&transport));
}

#[tokio::test]
async fn a_webhook_without_events_is_refused_before_sending() {
    let (client, transport) = client(MockResponse::no_content());
    let create = client
        .webhooks()
        .create("https://example.com/hooks", [], "key")
        .send()
        .await
        .unwrap_err();
    let update = client
        .webhooks()
        .update(WebhookId::new(1), "https://example.com/hooks", [], "key")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(create, Error::InvalidRequest(_)), "{create:?}");
    assert!(matches!(update, Error::InvalidRequest(_)), "{update:?}");
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn delete_webhook() {
    let (client, transport) = client(MockResponse::no_content());
    client
        .webhooks()
        .delete(WebhookId::new(10))
        .send()
        .await
        .unwrap();
    snapshot("deleteWebhook", last(&transport));
}

// ---- Ratings -------------------------------------------------------------------------------

#[tokio::test]
async fn get_rating() {
    let (client, transport) = client_json("account/getRating.json");
    let rating = client.ratings().get(RatingId::new(5)).send().await.unwrap();
    assert!(
        rating.created_at.is_some(),
        "a time without a zone reads as UTC"
    );
    snapshot("getRating", last(&transport));
}

// ---- Reports -------------------------------------------------------------------------------

/// A report client answering with a fixture if there is one, else an empty JSON object.
fn report_client(operation: &str) -> (Client, MockTransport) {
    let file = format!(
        "{}/tests/fixtures/reports/{operation}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let body = if std::path::Path::new(&file).exists() {
        fixture(&format!("reports/{operation}.json"))
    } else {
        json!({})
    };
    client(MockResponse::json(200, &body))
}

const MAILBOXES: [MailboxId; 2] = [MailboxId::new(123), MailboxId::new(567)];
const TAGS: [TagId; 2] = [TagId::new(5666), TagId::new(99787)];
const FOLDERS: [FolderId; 2] = [FolderId::new(991), FolderId::new(992)];
const TYPES: [ConversationType; 2] = [ConversationType::Email, ConversationType::Chat];

fn previous_start() -> Timestamp {
    at("2023-12-01T00:00:00Z")
}

fn previous_end() -> Timestamp {
    at("2023-12-31T23:59:59Z")
}

#[tokio::test]
async fn get_company_report() {
    let (client, transport) = report_client("getCompanyReport");
    client
        .reports()
        .company(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .send()
        .await
        .unwrap();
    snapshot("getCompanyReport", last(&transport));
}

#[tokio::test]
async fn get_company_customers_helped_report() {
    let (client, transport) = report_client("getCompanyCustomersHelpedReport");
    client
        .reports()
        .company_customers_helped(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getCompanyCustomersHelpedReport", last(&transport));
}

#[tokio::test]
async fn get_company_drilldown_report() {
    let (client, transport) = report_client("getCompanyDrilldownReport");
    client
        .reports()
        .company_drilldown(start(), end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rows(50)
        .range(ReportRange::ResponseTime)
        .range_id(3)
        .page(2)
        .await
        .unwrap();
    snapshot("getCompanyDrilldownReport", last(&transport));
}

#[tokio::test]
async fn get_conversations_report() {
    let (client, transport) = report_client("getConversationsReport");
    client
        .reports()
        .conversations(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .send()
        .await
        .unwrap();
    snapshot("getConversationsReport", last(&transport));
}

#[tokio::test]
async fn get_conversations_busy_times_report() {
    let (client, transport) = report_client("getConversationsBusyTimesReport");
    let busy = client
        .reports()
        .conversations_busy_times(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .send()
        .await
        .unwrap();
    assert_eq!(busy.0.len(), 4);
    snapshot("getConversationsBusyTimesReport", last(&transport));
}

#[tokio::test]
async fn get_new_conversations_report() {
    let (client, transport) = report_client("getNewConversationsReport");
    client
        .reports()
        .conversations_new(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Day)
        .send()
        .await
        .unwrap();
    snapshot("getNewConversationsReport", last(&transport));
}

#[tokio::test]
async fn get_received_messages_report() {
    let (client, transport) = report_client("getReceivedMessagesReport");
    client
        .reports()
        .conversations_received_messages(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Month)
        .send()
        .await
        .unwrap();
    snapshot("getReceivedMessagesReport", last(&transport));
}

#[tokio::test]
async fn get_volume_by_channel_report() {
    let (client, transport) = report_client("getVolumeByChannelReport");
    let volume = client
        .reports()
        .conversations_volume_by_channel(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Day)
        .send()
        .await
        .unwrap();
    assert!(!volume.current.is_empty());
    snapshot("getVolumeByChannelReport", last(&transport));
}

#[tokio::test]
async fn get_conversations_drilldown_report() {
    let (client, transport) = report_client("getConversationsDrilldownReport");
    client
        .reports()
        .conversations_drilldown(start(), end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rows(10)
        .page(3)
        .await
        .unwrap();
    snapshot("getConversationsDrilldownReport", last(&transport));
}

#[tokio::test]
async fn get_conversations_fields_drilldown_report() {
    let (client, transport) = report_client("getConversationsFieldsDrilldownReport");
    let report = client
        .reports()
        .conversations_fields_drilldown(start(), end())
        .field(DrilldownField::Tag(TagId::new(123)))
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rows(25)
        .send()
        .await
        .unwrap();
    assert!(!report.conversations.unwrap().results.is_empty());
    snapshot("getConversationsFieldsDrilldownReport", last(&transport));
}

#[tokio::test]
async fn every_drilldown_field_is_sent_with_its_kind() {
    let (client, transport) = report_client("getConversationsFieldsDrilldownReport");
    let fields = [
        (DrilldownField::Tag(TagId::new(1)), "tagid", "1"),
        (
            DrilldownField::SavedReply(SavedReplyId::new(2)),
            "replyid",
            "2",
        ),
        (
            DrilldownField::Workflow(WorkflowId::new(3)),
            "workflowid",
            "3",
        ),
        (
            DrilldownField::Customer(CustomerId::new(4)),
            "customerid",
            "4",
        ),
    ];
    for (field, kind, id) in fields {
        client
            .reports()
            .conversations_fields_drilldown(start(), end())
            .field(field)
            .send()
            .await
            .unwrap();
        let query = transport.requests().last().unwrap().query.clone();
        assert!(query.contains(&("field".into(), kind.into())), "{query:?}");
        assert!(query.contains(&("fieldid".into(), id.into())), "{query:?}");
    }
}

#[tokio::test]
async fn get_new_conversations_drilldown_report() {
    let (client, transport) = report_client("getNewConversationsDrilldownReport");
    client
        .reports()
        .conversations_new_drilldown(start(), end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rows(50)
        .send()
        .await
        .unwrap();
    snapshot("getNewConversationsDrilldownReport", last(&transport));
}

#[tokio::test]
async fn get_chat_report() {
    let (client, transport) = report_client("getChatReport");
    client
        .reports()
        .chat(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .folders(FOLDERS)
        .office_hours(true)
        .send()
        .await
        .unwrap();
    snapshot("getChatReport", last(&transport));
}

#[tokio::test]
async fn get_email_report() {
    let (client, transport) = report_client("getEmailReport");
    client
        .reports()
        .email(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .folders(FOLDERS)
        .office_hours(false)
        .send()
        .await
        .unwrap();
    snapshot("getEmailReport", last(&transport));
}

#[tokio::test]
async fn get_phone_report() {
    let (client, transport) = report_client("getPhoneReport");
    client
        .reports()
        .phone(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .folders(FOLDERS)
        .office_hours(true)
        .send()
        .await
        .unwrap();
    snapshot("getPhoneReport", last(&transport));
}

#[tokio::test]
async fn get_docs_report() {
    let (client, transport) = report_client("getDocsReport");
    client
        .reports()
        .docs(start(), end())
        .previous(previous_start(), previous_end())
        .sites(["5214c77c45667acd25394b51", "52404efc4566799d06fbd33a"])
        .send()
        .await
        .unwrap();
    snapshot("getDocsReport", last(&transport));
}

#[tokio::test]
async fn get_happiness_report() {
    let (client, transport) = report_client("getHappinessReport");
    client
        .reports()
        .happiness(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .send()
        .await
        .unwrap();
    snapshot("getHappinessReport", last(&transport));
}

#[tokio::test]
async fn get_happiness_ratings_report() {
    let (client, transport) = report_client("getHappinessRatingsReport");
    client
        .reports()
        .happiness_ratings(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rating(ReportRating::NotGood)
        .sort_field(ReportSortFieldRatings::ModifiedAt)
        .sort_order(ReportSortOrder::Desc)
        .page(2)
        .await
        .unwrap();
    snapshot("getHappinessRatingsReport", last(&transport));
}

#[tokio::test]
async fn get_productivity_report() {
    let (client, transport) = report_client("getProductivityReport");
    client
        .reports()
        .productivity(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .send()
        .await
        .unwrap();
    snapshot("getProductivityReport", last(&transport));
}

#[tokio::test]
async fn get_first_response_time_report() {
    let (client, transport) = report_client("getFirstResponseTimeReport");
    client
        .reports()
        .productivity_first_response_time(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getFirstResponseTimeReport", last(&transport));
}

#[tokio::test]
async fn get_replies_sent_report() {
    let (client, transport) = report_client("getRepliesSentReport");
    client
        .reports()
        .productivity_replies_sent(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getRepliesSentReport", last(&transport));
}

#[tokio::test]
async fn get_resolution_time_report() {
    let (client, transport) = report_client("getResolutionTimeReport");
    client
        .reports()
        .productivity_resolution_time(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getResolutionTimeReport", last(&transport));
}

#[tokio::test]
async fn get_resolved_report() {
    let (client, transport) = report_client("getResolvedReport");
    client
        .reports()
        .productivity_resolved(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getResolvedReport", last(&transport));
}

#[tokio::test]
async fn get_response_time_report() {
    let (client, transport) = report_client("getResponseTimeReport");
    client
        .reports()
        .productivity_response_time(start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    snapshot("getResponseTimeReport", last(&transport));
}

#[tokio::test]
async fn get_user_report() {
    let (client, transport) = report_client("getUserReport");
    client
        .reports()
        .user(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .send()
        .await
        .unwrap();
    snapshot("getUserReport", last(&transport));
}

#[tokio::test]
async fn a_team_is_sent_as_the_user_of_a_user_report() {
    let (client, transport) = report_client("getUserReport");
    client
        .reports()
        .user(TeamId::new(77), start(), end())
        .send()
        .await
        .unwrap();
    client
        .reports()
        .user_happiness(ReportSubject::Team(TeamId::new(78)), start(), end())
        .send()
        .await
        .unwrap();
    let users: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| {
            r.query
                .iter()
                .find(|(k, _)| k == "user")
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(users, ["77", "78"]);
}

#[tokio::test]
async fn get_user_conversation_history_report() {
    let (client, transport) = report_client("getUserConversationHistoryReport");
    client
        .reports()
        .user_conversation_history(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .status(ReportStatus::Closed)
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .office_hours(true)
        .sort_field(ReportSortField::RepliesSent)
        .sort_order(ReportSortOrder::Asc)
        .page(2)
        .await
        .unwrap();
    snapshot("getUserConversationHistoryReport", last(&transport));
}

#[tokio::test]
async fn get_user_customers_helped_report() {
    let (client, transport) = report_client("getUserCustomersHelpedReport");
    let report = client
        .reports()
        .user_customers_helped(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Day)
        .send()
        .await
        .unwrap();
    assert!(!report.current.is_empty());
    snapshot("getUserCustomersHelpedReport", last(&transport));
}

#[tokio::test]
async fn get_user_drilldown_report() {
    let (client, transport) = report_client("getUserDrilldownReport");
    client
        .reports()
        .user_drilldown(UserId::new(4), start(), end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rows(20)
        .page(4)
        .await
        .unwrap();
    snapshot("getUserDrilldownReport", last(&transport));
}

#[tokio::test]
async fn get_user_happiness_report() {
    let (client, transport) = report_client("getUserHappinessReport");
    client
        .reports()
        .user_happiness(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .send()
        .await
        .unwrap();
    snapshot("getUserHappinessReport", last(&transport));
}

#[tokio::test]
async fn get_user_ratings_report() {
    let (client, transport) = report_client("getUserRatingsReport");
    let report = client
        .reports()
        .user_ratings(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .rating(ReportRating::Great)
        .sort_field(ReportSortFieldRatings::Rating)
        .sort_order(ReportSortOrder::Asc)
        .send()
        .await
        .unwrap();
    assert!(!report.results.is_empty());
    snapshot("getUserRatingsReport", last(&transport));
}

#[tokio::test]
async fn get_user_replies_report() {
    let (client, transport) = report_client("getUserRepliesReport");
    let report = client
        .reports()
        .user_replies(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    assert!(!report.current.is_empty());
    snapshot("getUserRepliesReport", last(&transport));
}

#[tokio::test]
async fn get_user_resolutions_report() {
    let (client, transport) = report_client("getUserResolutionsReport");
    let report = client
        .reports()
        .user_resolutions(UserId::new(4), start(), end())
        .previous(previous_start(), previous_end())
        .mailboxes(MAILBOXES)
        .tags(TAGS)
        .types(TYPES)
        .folders(FOLDERS)
        .view_by(ReportViewBy::Week)
        .send()
        .await
        .unwrap();
    assert!(!report.current.is_empty());
    snapshot("getUserResolutionsReport", last(&transport));
}

#[tokio::test]
async fn a_report_with_only_its_interval_sends_only_start_and_end() {
    let (client, transport) = report_client("getCompanyReport");
    client
        .reports()
        .company(start(), end())
        .send()
        .await
        .unwrap();
    let query = &transport.requests()[0].query;
    assert_eq!(
        query
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .len(),
        2,
        "{query:?}"
    );
}

#[tokio::test]
async fn a_drilldown_stream_walks_the_reports_own_pages() {
    let (client, transport) = client_with(|request| {
        let page: i64 = request
            .query
            .iter()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        MockResponse::json(
            200,
            &json!({"conversations": {
                "page": page,
                "pages": 2,
                "count": 3,
                "results": (0..(if page == 1 { 2 } else { 1 }))
                    .map(|i| json!({"id": page * 100 + i}))
                    .collect::<Vec<_>>(),
            }}),
        )
    });
    let ids: Vec<i64> = client
        .reports()
        .user_drilldown(UserId::new(4), start(), end())
        .rows(2)
        .stream()
        .map_ok(|conversation| conversation.id.map_or(0, i64::from))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [100, 101, 200]);
    let pages: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| {
            r.query
                .iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(pages, ["1", "2"]);
}

#[tokio::test]
async fn report_rows_out_of_range_are_refused_before_sending() {
    let (client, transport) = report_client("getConversationsDrilldownReport");
    let error = client
        .reports()
        .conversations_drilldown(start(), end())
        .rows(51)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(transport.requests().is_empty());
}
