//! The wire shape of every conversation, thread and attachment operation, and of the token
//! request: method, path, sorted query, content type, `Authorization` (redacted) and body,
//! recorded in process by the `testing` transport (no network) and kept as insta snapshots.
//!
//! A snapshot is a claim about what Help Scout receives; each was checked against the docs
//! page its operation names in `openapi/src/conversations.yaml`.

use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::ids::{
    AttachmentId, ConversationId, CustomFieldId, CustomerId, FolderId, MailboxId, ThreadId, UserId,
};
use helpscout_mailbox::models::{
    ConversationSortField, ConversationStatus, ConversationStatusFilter, ConversationType,
    CreateConversationStatus, CreateConversationThread, SortOrder, ThreadCustomer,
    ThreadStatusChange,
};
use helpscout_mailbox::request::Created;
use helpscout_mailbox::resources::attachments::NewAttachment;
use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
use helpscout_mailbox::{Client, Result};
use serde::Serialize;
use serde_json::json;

use super::support::{assert_snapshot, at};

/// Asserts against `tests/snapshots/requests__{name}.snap`.
fn snapshot(name: &str, shape: impl Serialize) {
    assert_snapshot("requests", name, shape);
}

/// Answers like Help Scout: JSON for reads, 201 with ids for creates, 204 otherwise.
fn help_scout(request: &RecordedRequest) -> MockResponse {
    let path = request.path.as_str();
    match (request.method.as_str(), path) {
        ("POST", "/v2/oauth2/token") => MockResponse::json(
            200,
            &json!({"token_type": "bearer", "access_token": "issued-token", "expires_in": 172800}),
        ),
        ("GET", "/v2/conversations") => MockResponse::json(
            200,
            &json!({"_embedded": {"conversations": [{"id": 1, "primaryCustomer": {"id": 555}}]}, "page": {"size": 25, "totalElements": 1, "totalPages": 1, "number": 1}}),
        ),
        ("GET", p) if p.ends_with("/threads") => MockResponse::json(
            200,
            &json!({"_embedded": {"threads": [{"id": 7}]}, "page": {"size": 25, "totalElements": 1, "totalPages": 1, "number": 1}}),
        ),
        ("GET", p) if p.ends_with("/original-source") => {
            if request.header("accept") == Some("message/rfc822") {
                MockResponse::status(200)
                    .header("content-type", "message/rfc822")
                    .body("From: a@example.com\r\n\r\nhi")
            } else {
                MockResponse::json(200, &json!({"original": "From: a@example.com\r\n\r\nhi"}))
            }
        }
        ("GET", p) if p.ends_with("/data") => MockResponse::json(200, &json!({"data": "ZmlsZQ=="})),
        ("GET", p)
            if p.starts_with("/v2/conversations/") || p.starts_with("/v3/conversations/") =>
        {
            MockResponse::json(
                200,
                &json!({"id": 100, "primaryCustomer": {"id": 555}, "tags": [{"id": 1, "tag": "vip", "color": "#fff"}, {"id": 2, "tag": "billing"}]}),
            )
        }
        ("POST", "/v2/conversations") => MockResponse::created("/v2/conversations", 100),
        ("POST", p) if p.ends_with("/attachments") => {
            MockResponse::status(201).header("Resource-ID", "31")
        }
        ("POST", _) => MockResponse::status(201).header("Resource-ID", "7"),
        _ => MockResponse::no_content(),
    }
}

fn client(credentials: Credentials) -> (Client, MockTransport) {
    let transport = MockTransport::new(help_scout);
    let client = Client::builder()
        .credentials(credentials)
        .mock_transport(transport.clone())
        .build()
        .expect("valid settings");
    (client, transport)
}

fn token_client() -> (Client, MockTransport) {
    client(Credentials::access_token("test-token"))
}

/// Snapshots the last request the client sent.
macro_rules! assert_request {
    ($name:literal, $transport:expr) => {
        let last = $transport.requests().pop().expect("a request was sent");
        snapshot($name, last.shape());
    };
}

const CONVERSATION: ConversationId = ConversationId::new(100);
const THREAD: ThreadId = ThreadId::new(7);

#[tokio::test]
async fn create_token() -> Result<()> {
    let (client, transport) = client(Credentials::client_credentials("app-id", "app-secret"));
    client.conversations().get(CONVERSATION).send().await?;
    let requests = transport.requests();
    snapshot("createToken", requests[0].shape());
    // The token then authorizes the call itself.
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer [redacted]")
    );
    Ok(())
}

#[tokio::test]
async fn create_token_authorization_code() -> Result<()> {
    let (client, transport) = client(Credentials::authorization_code(
        "app-id",
        "app-secret",
        "the-code",
        Some("https://app.example/callback"),
    ));
    client.conversations().get(CONVERSATION).send().await?;
    let requests = transport.requests();
    // The code is a secret like the app secret: the recorder redacts both.
    snapshot("createToken__authorization_code", requests[0].shape());
    Ok(())
}

#[tokio::test]
async fn create_token_authorization_code_without_redirect_uri() -> Result<()> {
    let (client, transport) = client(Credentials::authorization_code(
        "app-id",
        "app-secret",
        "the-code",
        None,
    ));
    client.conversations().get(CONVERSATION).send().await?;
    let shape = serde_json::to_value(transport.requests()[0].shape()).expect("serialises");
    assert_eq!(shape["body"]["form"].get("redirect_uri"), None, "{shape}");
    assert_eq!(shape["body"]["form"]["grant_type"], "authorization_code");
    Ok(())
}

#[tokio::test]
async fn create_token_refresh_token() -> Result<()> {
    let (client, transport) = client(Credentials::refresh_token(
        "app-id",
        "app-secret",
        "the-refresh-token",
    ));
    client.conversations().get(CONVERSATION).send().await?;
    let requests = transport.requests();
    snapshot("createToken__refresh_token", requests[0].shape());
    Ok(())
}

#[tokio::test]
async fn list_conversations() -> Result<()> {
    let (client, transport) = token_client();
    let page = client
        .conversations()
        .list()
        // Multi-value setters add to what was set before: one call or two, the same list.
        .mailboxes([MailboxId::new(1)])
        .mailboxes([MailboxId::new(2)])
        .folder(FolderId::new(3))
        .status(ConversationStatusFilter::All)
        .tags(["vip", "needs review"])
        .assigned_to(UserId::new(4))
        .modified_since(at("2024-01-02T03:04:05.678Z"))
        .number(42)
        .sort_field(ConversationSortField::ModifiedAt)
        .sort_order(SortOrder::Asc)
        .query("(subject:\"refund\" AND email:\"a+b@example.com\")")
        .custom_fields([(CustomFieldId::new(6), "yes")])
        .custom_fields([(CustomFieldId::new(7), "2024-01-31")])
        .embed_threads()
        .send()
        .await?;
    assert_eq!(page.items.len(), 1);
    let sent = transport.requests().pop().expect("sent");
    // A `+` in a search must arrive encoded, or Help Scout reads it as a space.
    assert!(
        sent.raw_query.contains("a%2Bb%40example.com"),
        "{}",
        sent.raw_query
    );
    // progenitor's `api-version` header means nothing to Help Scout; the hooks remove it.
    assert_eq!(sent.header("api-version"), None);
    assert_request!("listConversations", transport);
    Ok(())
}

#[tokio::test]
async fn list_conversations_of_customers() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .list()
        .mailboxes([MailboxId::new(1)])
        .customers([CustomerId::new(555)])
        .customers([CustomerId::new(556), CustomerId::new(555)])
        .query("tag:\"vip\" OR tag:\"billing\"")
        .status(ConversationStatusFilter::All)
        .send()
        .await?;
    // The list has no customer parameter: the filter is the docs' `customerIds:` search,
    // AND-ed with the caller's own.
    assert_request!("listConversations__customers", transport);
    client
        .conversations()
        .list()
        .customers([CustomerId::new(555)])
        .send()
        .await?;
    let sent = transport.requests().pop().expect("sent");
    assert_eq!(
        sent.query,
        vec![
            ("page".to_owned(), "1".to_owned()),
            ("query".to_owned(), "(customerIds:555)".to_owned())
        ]
    );
    Ok(())
}

#[tokio::test]
async fn list_conversations_defaults_to_page_one_and_nothing_else() -> Result<()> {
    let (client, transport) = token_client();
    client.conversations().list().send().await?;
    assert_request!("listConversations__defaults", transport);
    Ok(())
}

#[tokio::test]
async fn get_conversation() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .get(CONVERSATION)
        .embed_threads()
        .send()
        .await?;
    assert_request!("getConversation", transport);
    Ok(())
}

#[tokio::test]
async fn get_conversation_v3() -> Result<()> {
    let (client, transport) = token_client();
    client.conversations().get(CONVERSATION).v3().send().await?;
    assert_request!("getConversationV3", transport);
    Ok(())
}

#[tokio::test]
async fn create_conversation() -> Result<()> {
    let (client, transport) = token_client();
    let customer = ThreadCustomer {
        first_name: Some("Ada".into()),
        ..ThreadCustomer::by_email("ada@example.com")
    };
    let id = client
        .conversations()
        .create(
            MailboxId::new(1),
            customer,
            "Where is my order?",
            CreateConversationThread::customer("It has not arrived."),
        )
        .kind(ConversationType::Email)
        .status(CreateConversationStatus::Pending)
        .threads([CreateConversationThread::note("Checked the warehouse").imported()])
        .tags(["orders"])
        .custom_fields([(CustomFieldId::new(6), "yes")])
        .assign_to(UserId::new(4))
        .auto_reply(false)
        .user(UserId::new(4))
        .send()
        .await?;
    assert_eq!(id, ConversationId::new(100));
    assert_request!("createConversation", transport);
    Ok(())
}

#[tokio::test]
async fn create_conversation_with_thread_copies() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .create(
            MailboxId::new(1),
            ThreadCustomer::by_id(CustomerId::new(555)),
            "Quote",
            CreateConversationThread::reply("Here is the quote.")
                .cc(["buyer@example.com"])
                .cc(["finance@example.com"])
                .bcc(["sales@example.com"]),
        )
        .send()
        .await?;
    assert_request!("createConversation__thread_copies", transport);
    Ok(())
}

#[tokio::test]
async fn create_conversation_unassigned_sends_an_explicit_null() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .create(
            MailboxId::new(1),
            ThreadCustomer::by_id(CustomerId::new(555)),
            "Imported ticket",
            CreateConversationThread::reply("Draft answer").draft(),
        )
        .unassigned()
        .imported(true)
        .created_at(at("2020-05-06T07:08:09Z"))
        .closed_at(at("2020-05-07T07:08:09Z"))
        .status(CreateConversationStatus::Closed)
        .send()
        .await?;
    let body = transport
        .requests()
        .pop()
        .expect("sent")
        .json()
        .expect("JSON body");
    assert_eq!(
        body.get("assignTo"),
        Some(&serde_json::Value::Null),
        "assignTo must be sent as null"
    );
    assert_request!("createConversation__unassigned", transport);
    Ok(())
}

#[tokio::test]
async fn delete_conversation() -> Result<()> {
    let (client, transport) = token_client();
    client.conversations().delete(CONVERSATION).send().await?;
    assert_request!("deleteConversation", transport);
    Ok(())
}

/// Each documented PATCH sends one JSON Patch *object*, never an array.
#[tokio::test]
async fn update_conversation_each_documented_patch() -> Result<()> {
    let (client, transport) = token_client();
    let conversations = client.conversations();
    conversations
        .update_subject(CONVERSATION, "New subject")
        .send()
        .await?;
    conversations
        .change_customer(CONVERSATION, CustomerId::new(555))
        .send()
        .await?;
    conversations.publish_draft(CONVERSATION).send().await?;
    conversations
        .move_to(CONVERSATION, MailboxId::new(2))
        .send()
        .await?;
    conversations
        .set_status(CONVERSATION, ConversationStatus::Closed)
        .send()
        .await?;
    conversations
        .assign(CONVERSATION, UserId::new(4))
        .send()
        .await?;
    conversations.unassign(CONVERSATION).send().await?;
    let shapes: Vec<_> = transport
        .requests()
        .iter()
        .map(RecordedRequest::shape)
        .collect();
    assert!(
        shapes
            .iter()
            .all(|s| s.method == "PATCH" && s.path == "/v2/conversations/100")
    );
    for request in transport.requests() {
        assert!(
            request.json().is_some_and(|b| b.is_object()),
            "a single object, not an array"
        );
    }
    snapshot("updateConversation", shapes);
    Ok(())
}

#[tokio::test]
async fn update_conversation_tags() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .replace_tags(CONVERSATION, ["vip", "refund"])
        .send()
        .await?;
    assert_request!("updateConversationTags", transport);
    Ok(())
}

#[tokio::test]
async fn add_and_remove_tags_read_then_replace() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .add_tags(CONVERSATION, ["urgent", "VIP"])
        .send()
        .await?;
    let body = transport
        .requests()
        .pop()
        .expect("sent")
        .json()
        .expect("JSON");
    assert_eq!(body, json!({"tags": ["vip", "billing", "urgent"]}));
    client
        .conversations()
        .remove_tags(CONVERSATION, ["Billing"])
        .send()
        .await?;
    let body = transport
        .requests()
        .pop()
        .expect("sent")
        .json()
        .expect("JSON");
    assert_eq!(body, json!({"tags": ["vip"]}));
    let methods: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| r.method.clone())
        .collect();
    assert_eq!(methods, ["GET", "PUT", "GET", "PUT"]);
    Ok(())
}

#[tokio::test]
async fn update_conversation_custom_fields() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .set_custom_fields(
            CONVERSATION,
            [
                (CustomFieldId::new(6), "yes"),
                (CustomFieldId::new(7), "2024-01-31"),
            ],
        )
        .send()
        .await?;
    assert_request!("updateConversationCustomFields", transport);
    Ok(())
}

#[tokio::test]
async fn snooze_and_unsnooze() -> Result<()> {
    let (client, transport) = token_client();
    client
        .conversations()
        .snooze(CONVERSATION, at("2030-01-01T09:00:00.250Z"), true)
        .send()
        .await?;
    assert_request!("snoozeConversation", transport);
    client.conversations().unsnooze(CONVERSATION).send().await?;
    assert_request!("unsnoozeConversation", transport);
    Ok(())
}

#[tokio::test]
async fn list_threads_v2_and_v3() -> Result<()> {
    let (client, transport) = token_client();
    client.threads().list(CONVERSATION).page(2).await?;
    assert_request!("listThreads", transport);
    client.threads().list_v3(CONVERSATION).send().await?;
    assert_request!("listThreadsV3", transport);
    Ok(())
}

#[tokio::test]
async fn create_reply_thread() -> Result<()> {
    let (client, transport) = token_client();
    let id = client
        .threads()
        .reply(CONVERSATION, CustomerId::new(555), "Thanks, sorted.")
        .status(ThreadStatusChange::Closed)
        .user(UserId::new(4))
        .cc(["boss@example.com"])
        .bcc(["audit@example.com"])
        .attachments([NewAttachment::from_bytes(
            "receipt.txt",
            "text/plain",
            b"file".to_vec(),
        )])
        .send()
        .await?;
    assert_eq!(id, ThreadId::new(7));
    assert_request!("createReplyThread", transport);
    Ok(())
}

/// The convenience reads the conversation's primary customer, then sends the same reply.
#[tokio::test]
async fn reply_to_primary_customer_reads_the_customer_id() -> Result<()> {
    let (client, transport) = token_client();
    client
        .threads()
        .reply_to_primary_customer(CONVERSATION, "Hello")
        .draft()
        .send()
        .await?;
    let requests = transport.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/v2/conversations/100")
    );
    let body = requests[1].json().expect("JSON");
    assert_eq!(body["customer"], json!({"id": 555}));
    assert_request!("createReplyThread__primary_customer", transport);
    Ok(())
}

#[tokio::test]
async fn create_note_thread() -> Result<()> {
    let (client, transport) = token_client();
    let created = client
        .threads()
        .note(CONVERSATION, "Internal: refund approved")
        .user(UserId::new(4))
        .status(ThreadStatusChange::Pending)
        .send()
        .await?;
    assert_eq!(created, Created::Id(ThreadId::new(7)));
    assert_request!("createNoteThread", transport);
    Ok(())
}

#[tokio::test]
async fn create_chat_customer_and_phone_threads() -> Result<()> {
    let (client, transport) = token_client();
    let customer = ThreadCustomer::by_id(CustomerId::new(555));
    client
        .threads()
        .chat(CONVERSATION, customer.clone(), "Hi from chat")
        .send()
        .await?;
    assert_request!("createChatThread", transport);
    client
        .threads()
        .customer(CONVERSATION, customer.clone(), "Any news?")
        .cc(["friend@example.com"])
        .imported()
        .created_at(at("2021-02-03T04:05:06Z"))
        .send()
        .await?;
    assert_request!("createCustomerThread", transport);
    client
        .threads()
        .phone(CONVERSATION, customer, "Called about the refund")
        .send()
        .await?;
    assert_request!("createPhoneThread", transport);
    Ok(())
}

#[tokio::test]
async fn update_thread_text_hide_unhide() -> Result<()> {
    let (client, transport) = token_client();
    client
        .threads()
        .update_text(CONVERSATION, THREAD, "Corrected text")
        .send()
        .await?;
    client.threads().hide(CONVERSATION, THREAD).send().await?;
    client.threads().unhide(CONVERSATION, THREAD).send().await?;
    let shapes: Vec<_> = transport
        .requests()
        .iter()
        .map(RecordedRequest::shape)
        .collect();
    snapshot("updateThread", shapes);
    Ok(())
}

#[tokio::test]
async fn original_source_as_json_and_as_rfc822() -> Result<()> {
    let (client, transport) = token_client();
    let text = client
        .threads()
        .original_source(CONVERSATION, THREAD)
        .send()
        .await?;
    assert!(text.starts_with("From: a@example.com"));
    assert_request!("getThreadOriginalSource", transport);
    let bytes = client
        .threads()
        .original_source_rfc822(CONVERSATION, THREAD)
        .send()
        .await?;
    assert!(bytes.starts_with(b"From: a@example.com"));
    let last = transport.requests().pop().expect("sent");
    assert_eq!(last.header("accept"), Some("message/rfc822"));
    assert_request!("getThreadOriginalSource__rfc822", transport);
    Ok(())
}

#[tokio::test]
async fn schedule_publish_unschedule() -> Result<()> {
    let (client, transport) = token_client();
    client
        .threads()
        .schedule(CONVERSATION, THREAD, at("2030-05-06T07:08:09.999Z"), true)
        .send_as_creator(true)
        .send()
        .await?;
    assert_request!("scheduleThread", transport);
    client
        .threads()
        .publish_scheduled(CONVERSATION, THREAD)
        .send()
        .await?;
    assert_request!("publishScheduledThread", transport);
    client
        .threads()
        .unschedule(CONVERSATION, THREAD)
        .send()
        .await?;
    assert_request!("unscheduleThread", transport);
    Ok(())
}

#[tokio::test]
async fn attachments_upload_download_delete() -> Result<()> {
    let (client, transport) = token_client();
    let file = NewAttachment::from_bytes("hello.txt", "text/plain", b"hello".to_vec());
    let id = client
        .attachments()
        .upload(CONVERSATION, THREAD, file)
        .send()
        .await?;
    assert_eq!(id, Created::Id(AttachmentId::new(31)));
    assert_request!("createAttachment", transport);
    let bytes = client
        .attachments()
        .download(CONVERSATION, AttachmentId::new(31))
        .send()
        .await?;
    assert_eq!(bytes, b"file");
    assert_request!("getAttachmentData", transport);
    client
        .attachments()
        .delete(CONVERSATION, AttachmentId::new(31))
        .send()
        .await?;
    assert_request!("deleteAttachment", transport);
    Ok(())
}
