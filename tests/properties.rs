//! Arbitrary input never panics: property tests (proptest, stable toolchain) over webhook
//! bodies and headers, over response bodies decoded into every public model, and over
//! `Timestamp` text. With the `testing` feature, error responses of any status and body go
//! through the client too.
//!
//! The model list is a macro below; `the_model_list_covers_every_spec_schema` reads the
//! spec's `components.schemas` and fails when a schema has no entry, so the list cannot fall
//! behind the spec. Case counts are kept small enough for a debug build on two cores: each
//! case decodes its input into all ~280 models.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use helpscout_mailbox::models::{self, Timestamp, WebhookEvent};
use helpscout_mailbox::webhooks::{
    self, EVENT_HEADER, Event, SIGNATURE_HEADER, WebhookError, sign, verify, verify_signature,
};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use serde::Deserialize as _;
use serde_json::{Map, Number, Value};

/// Lists every model: generated ones by name (the spec's schema name is the type name), and
/// the hand-written replacements of spec schemas as `"Schema" => Type`. Generates the list of
/// names and two functions that decode one input into every model.
macro_rules! every_model {
    ($($model:ident),* $(,)?; $($schema:literal => $ty:ty),* $(,)?) => {
        /// The spec schema each listed model stands for.
        const MODEL_SCHEMAS: &[&str] = &[$(stringify!($model),)* $($schema,)*];

        /// Decodes `bytes` as JSON into every model; a model that accepts the input is written
        /// out again and must read back what it wrote. Returns how many models accepted it.
        fn decode_bytes_everywhere(bytes: &[u8]) -> usize {
            let mut accepted = 0;
            $(accepted += usize::from(round_trip(serde_json::from_slice::<models::$model>(bytes), stringify!($model)));)*
            $(accepted += usize::from(round_trip(serde_json::from_slice::<$ty>(bytes), $schema));)*
            accepted
        }

        /// As [`decode_bytes_everywhere`], from a parsed value.
        fn decode_value_everywhere(value: &Value) -> usize {
            let mut accepted = 0;
            $(accepted += usize::from(round_trip(models::$model::deserialize(value), stringify!($model)));)*
            $(accepted += usize::from(round_trip(<$ty>::deserialize(value), $schema));)*
            accepted
        }
    };
}

every_model! {
    Attachment, AttachmentData, AttachmentState, AttachmentUpload, ChatAvailability,
    Conversation, ConversationCustomField, ConversationEmbed, ConversationEmbedded,
    ConversationFieldValue, ConversationNextEvent, ConversationPage, ConversationPageEmbedded,
    ConversationPatch, ConversationPerson, ConversationSnooze, ConversationSortField,
    ConversationSource, ConversationState, ConversationStatus, ConversationStatusFilter,
    ConversationTag, ConversationThreads, ConversationType, CreateChatThreadBody,
    CreateConversationBody, CreateConversationStatus, CreateConversationThread,
    CreateConversationThreadType, CreateCustomerBody, CreateCustomerAddressBody,
    CreateCustomerChatHandle, CreateCustomerEmail, CreateCustomerPhone,
    CreateCustomerPropertyDefinition, CreateCustomerSocialProfile, CreateCustomerThreadBody,
    CreateCustomerWebsite, CreateNoteThreadBody, CreateOrganizationBody,
    CreateOrganizationPropertyDefinition, CreatePhoneThreadBody, CreateReplyThreadBody,
    CreateSavedReplyBody, CreateUserBody, CreateUserMailboxAccess, CreateUserRole, CreateWebhookBody,
    Customer, CustomerAddress, CustomerChatHandle, CustomerChatHandleList,
    CustomerChatHandleListEmbedded, CustomerChatType, CustomerCursorPage,
    CustomerCursorPageEmbedded, CustomerEmail, CustomerEmailList, CustomerEmailListEmbedded,
    CustomerEmailType, CustomerEmbedded, CustomerGender, CustomerPage, CustomerPageEmbedded,
    CustomerPatch, CustomerPatchOp, CustomerPatchOperation, CustomerPhone, CustomerPhoneList,
    CustomerPhoneListEmbedded, CustomerPhoneType, CustomerPhotoType, CustomerPropertiesPatch,
    CustomerPropertyDefinition, CustomerPropertyDefinitionList,
    CustomerPropertyDefinitionListEmbedded, CustomerPropertyOption,
    CustomerPropertyOptionInput, CustomerPropertyPatchOp, CustomerPropertyPatchOperation,
    CustomerPropertySource, CustomerPropertyType, CustomerPropertyValue, CustomerRef, CustomerSocialProfile,
    CustomerSocialProfileList, CustomerSocialProfileListEmbedded, CustomerSocialProfileType,
    CustomerSortField, CustomerSortOrder, CustomerWaitingSince, CustomerWebsite,
    CustomerWebsiteList, CustomerWebsiteListEmbedded, EmailAvailability, ErrorBody,
    ErrorBodyEmbedded, ErrorEntry, GrantType, HalLink, HalLinks, Mailbox, MailboxCustomField,
    MailboxCustomFieldOption, MailboxCustomFieldPage, MailboxCustomFieldPageEmbedded,
    MailboxCustomFieldType, MailboxFolder, MailboxFolderPage, MailboxFolderPageEmbedded,
    MailboxFolderType, MailboxPage, MailboxPageEmbedded, MailboxRouting,
    MailboxRoutingRotationEntry, NextEventType, Organization, OrganizationConversationPage,
    OrganizationConversationPageEmbedded, OrganizationPage, OrganizationPageEmbedded,
    OrganizationPropertyDefinition, OrganizationPropertyDefinitionList,
    OrganizationPropertyDefinitionListEmbedded, OrganizationPropertyOption,
    OrganizationPropertyOptionInput, OrganizationPropertyType, OrganizationPropertyValue,
    OverwriteCustomerBody, PageMetadata, PatchOp, PersonType, Rating, RatingCustomer, RatingScore,
    RatingUser, RatingValue, ReplyThreadCustomer, ReportBusyTime, ReportBusyTimes,
    ReportChannelVolume, ReportChat, ReportCompany, ReportCompanyDrilldown, ReportCompanyStats,
    ReportConversationCustomer, ReportConversationHistory, ReportConversationHistoryEntry,
    ReportConversationTag, ReportConversations, ReportConversationsStats,
    ReportCustomersHelped, ReportCustomersHelpedPoint, ReportDeltas, ReportDocs,
    ReportDocsArticle, ReportDocsSearch, ReportDocsStats, ReportDrilldown,
    ReportDrilldownConversation, ReportDrilldownPage, ReportEmail, ReportEmailResolutions,
    ReportEmailResponses, ReportEmailStats, ReportEmailVolume, ReportField, ReportFilterTag,
    ReportFirstResponseTime, ReportHappiness, ReportHappinessStats, ReportMessageCount,
    ReportNewConversations, ReportPhone, ReportPhoneStats, ReportProductivity,
    ReportProductivityStats, ReportRange, ReportRating, ReportRatingEntry, ReportRatings,
    ReportReceivedMessages, ReportRepliesSent, ReportResolutionTime, ReportResolved,
    ReportResponseTime, ReportSortField, ReportSortFieldRatings, ReportSortOrder, ReportStatus,
    ReportUser, ReportUserReplies, ReportUserRepliesPoint, ReportUserResolutions,
    ReportUserResolutionsPoint, ReportUserStats, ReportUserSummary, ReportViewBy,
    ReportVolumeByChannel, RoutingAssignmentMethod, RoutingIneligibleReason, RoutingState,
    RunWorkflowBody, SavedReply, SavedReplyList, SavedReplySummary, ScheduleThreadBody,
    SetOrganizationPropertyValueBody, SetUserCustomStatus, SetUserStatusBody, SnoozeConversationBody,
    SortOrder, SourceType, SourceVia, StatusSource, SystemUser, SystemUserPage,
    SystemUserPageEmbedded, Tag, TagPage, TagPageEmbedded, Team, TeamPage, TeamPageEmbedded,
    Thread, ThreadAction, ThreadCustomer, ThreadEmbedded, ThreadOriginalSource, ThreadPage,
    ThreadPageEmbedded, ThreadPatch, ThreadRating, ThreadSchedulePatch, ThreadScheduled,
    ThreadState, ThreadStatus, ThreadStatusChange, ThreadType, TokenRequest, TokenResponse,
    UpdateConversationCustomFieldsBody, UpdateConversationTagsBody, UpdateCustomerAddressBody,
    UpdateCustomerChatHandle, UpdateCustomerEmail, UpdateCustomerPhone,
    UpdateCustomerSocialProfile, UpdateCustomerWebsite, UpdateMailboxRoutingBody,
    UpdateOrganizationBody, UpdateOrganizationPropertyDefinition, UpdateSavedReplyBody, UpdateWebhookBody,
    User, UserChatMailboxStatuses, UserChatStatus, UserCustomStatus, UserEmailStatus, UserPage,
    UserPageEmbedded, UserRef, UserRole, UserStatus, UserStatusPage, UserStatusPageEmbedded, UserType,
    Webhook, WebhookEvent, WebhookPage, WebhookPageEmbedded, WebhookPayloadVersion,
    WebhookState, Workflow, WorkflowPage, WorkflowPageEmbedded, WorkflowPatchOp,
    WorkflowPatchPath, WorkflowStatus, WorkflowStatusPatch, WorkflowStatusValue, WorkflowType,
;
    "Timestamp" => Timestamp,
    "WebhookSecret" => helpscout_mailbox::auth::Secret,
    "ConversationId" => helpscout_mailbox::ids::ConversationId,
    "ThreadId" => helpscout_mailbox::ids::ThreadId,
    "AttachmentId" => helpscout_mailbox::ids::AttachmentId,
    "CustomerId" => helpscout_mailbox::ids::CustomerId,
    "MailboxId" => helpscout_mailbox::ids::MailboxId,
    "FolderId" => helpscout_mailbox::ids::FolderId,
    "UserId" => helpscout_mailbox::ids::UserId,
    "TeamId" => helpscout_mailbox::ids::TeamId,
    "TagId" => helpscout_mailbox::ids::TagId,
    "WorkflowId" => helpscout_mailbox::ids::WorkflowId,
    "WebhookId" => helpscout_mailbox::ids::WebhookId,
    "RatingId" => helpscout_mailbox::ids::RatingId,
    "OrganizationId" => helpscout_mailbox::ids::OrganizationId,
    "SavedReplyId" => helpscout_mailbox::ids::SavedReplyId,
    "CustomFieldId" => helpscout_mailbox::ids::CustomFieldId,
    "CustomerEntryId" => helpscout_mailbox::ids::CustomerEntryId,
}

/// A decoded model is written out and read back: what a model writes, it must read.
fn round_trip<T, E>(decoded: Result<T, E>, name: &str) -> bool
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let Ok(model) = decoded else {
        return false;
    };
    let written = serde_json::to_value(&model)
        .unwrap_or_else(|e| panic!("{name} decoded but does not encode: {e}"));
    if let Err(e) = serde_json::from_value::<T>(written.clone()) {
        panic!("{name} does not read what it wrote ({e}): {written}");
    }
    true
}

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The spec, parsed once.
static SPEC: LazyLock<Value> = LazyLock::new(|| {
    let text = std::fs::read_to_string(manifest_path("openapi/mailbox-v2.json")).expect("spec");
    serde_json::from_str(&text).expect("spec is JSON")
});

/// Every property name of every schema: keys that reach deep into the models, unlike random
/// ones, which the models ignore.
static FIELD_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = BTreeSet::new();
    let mut stack = vec![&*SPEC];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    names.into_iter().collect()
});

/// Every JSON fixture under tests/fixtures: real API and webhook bodies.
static FIXTURES: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let mut found = Vec::new();
    let mut dirs = vec![manifest_path("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let bytes = std::fs::read(&path).expect("fixture");
                found.push((path.display().to_string(), bytes));
            }
        }
    }
    found.sort();
    assert!(found.len() >= 40, "only {} fixtures", found.len());
    found
});

/// Strings that models treat specially: dates at the edges of what parses, enum values, the
/// empty string and number-like text.
const SPECIAL_STRINGS: &[&str] = &[
    "",
    "0",
    "-1",
    "9223372036854775808",
    "1e400",
    "2018-05-04T12:00:03Z",
    "2017-12-12T12:12:13",
    "2017-12-12",
    "9999-12-31T23:59:59-23:59",
    "0000-01-01T00:00:00+23:59",
    "+262143-12-31T23:59:59Z",
    "2018-05-04T12:00:03.123456789+00:00",
    "active",
    "closed",
    "customer",
    "user",
    "email",
    "valid",
    "virus",
    "threads",
    "\u{0}",
    "\u{fffd}\u{1F600}",
];

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        select(SPECIAL_STRINGS).prop_map(str::to_owned),
        "[0-9T:Z.+-]{0,26}",
        any::<String>(),
    ]
}

fn json_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        select(&[0_i64, 1, -1, i64::MIN, i64::MAX, 172_800][..]).prop_map(Number::from),
    ]
}

/// Any JSON value, objects keyed mostly with the spec's field names.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number().prop_map(Value::Number),
        json_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let key = prop_oneof![
            4 => select(FIELD_NAMES.clone()),
            1 => "[a-z_]{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Bytes that are JSON-ish more often than random bytes would be.
fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        (json_value(), any::<Index>(), any::<u8>()).prop_map(|(v, at, byte)| {
            let mut bytes = serde_json::to_vec(&v).unwrap_or_default();
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            bytes
        }),
    ]
}

/// One change to a fixture.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the node at the index (in a walk of all nodes) with a value.
    Replace(Index, Value),
    /// Remove the node at the index from its parent.
    Remove(Index),
    /// Cut the text off.
    Truncate(Index),
    /// Overwrite one byte of the text.
    Byte(Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), json_value()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
    ]
}

/// JSON pointers of every node of `value`, the root first.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    stack.push((format!("{pointer}/{escaped}"), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{i}"), child));
                }
            }
            _ => {}
        }
        out.push(pointer);
    }
    out
}

/// Applies `mutations` to a fixture and returns the bytes to decode.
fn mutate(fixture: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(fixture).expect("fixtures are JSON");
    let mut bytes = None;
    for m in mutations {
        let nodes = pointers(&value);
        match m {
            Mutation::Replace(at, new) => {
                if let Some(node) = value.pointer_mut(&nodes[at.index(nodes.len())]) {
                    *node = new.clone();
                }
            }
            Mutation::Remove(at) => {
                let pointer = &nodes[at.index(nodes.len())];
                if let Some((parent, last)) = pointer.rsplit_once('/') {
                    let key = last.replace("~1", "/").replace("~0", "~");
                    match value.pointer_mut(parent) {
                        Some(Value::Object(map)) => {
                            map.remove(&key);
                        }
                        Some(Value::Array(items)) => {
                            if let Ok(i) = key.parse::<usize>()
                                && i < items.len()
                            {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Mutation::Truncate(at) => {
                let text =
                    bytes.get_or_insert_with(|| serde_json::to_vec(&value).unwrap_or_default());
                let len = at.index(text.len().max(1));
                text.truncate(len);
            }
            Mutation::Byte(at, byte) => {
                let text =
                    bytes.get_or_insert_with(|| serde_json::to_vec(&value).unwrap_or_default());
                if !text.is_empty() {
                    let i = at.index(text.len());
                    text[i] = *byte;
                }
            }
        }
    }
    bytes.unwrap_or_else(|| serde_json::to_vec(&value).unwrap_or_default())
}

/// The spellings of the signature header a receiver may be handed.
const SIGNATURE_SPELLINGS: &[&str] = &[
    SIGNATURE_HEADER,
    "x-helpscout-signature",
    "X_HELPSCOUT_SIGNATURE",
    "HTTP_X_HELPSCOUT_SIGNATURE",
    "http-x-helpscout-signature",
];

/// Every event name the crate knows, plus a few it does not.
fn event_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(WebhookEvent::KNOWN).prop_map(str::to_owned),
        1 => select(WebhookEvent::KNOWN).prop_map(str::to_ascii_uppercase),
        1 => any::<String>(),
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(SIGNATURE_SPELLINGS).prop_map(str::to_owned),
        Just(EVENT_HEADER.to_owned()),
        Just("HTTP_X_HELPSCOUT_EVENT".to_owned()),
        Just("HTTP_".to_owned()),
        any::<String>(),
    ]
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40),
        "[A-Za-z0-9+/=]{0,32}".prop_map(String::into_bytes),
        select(WebhookEvent::KNOWN).prop_map(|s| s.as_bytes().to_vec()),
    ]
}

#[test]
fn the_model_list_covers_every_spec_schema() {
    let schemas: BTreeSet<&str> = SPEC["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .keys()
        .map(String::as_str)
        .collect();
    let listed: BTreeSet<&str> = MODEL_SCHEMAS.iter().copied().collect();
    let missing: Vec<_> = schemas.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&schemas).collect();
    assert!(
        missing.is_empty(),
        "schemas without an entry in every_model!: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "entries of every_model! that are no spec schema: {unknown:?}"
    );
}

#[test]
fn every_fixture_decodes_into_some_model() {
    for (path, bytes) in FIXTURES.iter() {
        assert!(decode_bytes_everywhere(bytes) > 0, "{path}");
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn arbitrary_bytes_decode_into_every_model_without_panicking(bytes in body_bytes()) {
        decode_bytes_everywhere(&bytes);
    }

    #[test]
    fn arbitrary_json_decodes_into_every_model_without_panicking(value in json_value()) {
        decode_value_everywhere(&value);
        decode_bytes_everywhere(&serde_json::to_vec(&value).unwrap_or_default());
    }

    #[test]
    fn mutated_fixtures_decode_without_panicking(
        fixture in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (_, original) = &FIXTURES[fixture.index(FIXTURES.len())];
        let bytes = mutate(original, &mutations);
        decode_bytes_everywhere(&bytes);
        for name in WebhookEvent::KNOWN {
            let _ = Event::decode(name, &bytes);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_correctly_signed_body_always_verifies(
        secret in ".{1,80}",
        body in prop::collection::vec(any::<u8>(), 0..300),
        spelling in select(SIGNATURE_SPELLINGS),
        padding in "[ \t]{0,3}",
        event in event_name(),
    ) {
        let signature = sign(&secret, &body);
        prop_assert!(verify_signature(&secret, &body, &signature).is_ok());
        let padded = format!("{padding}{signature}{padding}");
        prop_assert!(verify([(spelling, padded.as_str())], &body, &secret).is_ok());
        let headers = [(spelling, signature.as_str()), (EVENT_HEADER, event.as_str())];
        match webhooks::receive(headers, &body, &secret) {
            Ok(_) => {}
            // A verified body may still not be the event's payload, or the name be blank.
            Err(WebhookError::Payload(_)) => {}
            Err(WebhookError::MissingEvent) => prop_assert!(event.trim().is_empty()),
            Err(other) => prop_assert!(false, "signed delivery refused: {other}"),
        }
    }

    #[test]
    fn a_changed_body_or_secret_does_not_verify(
        secret in ".{1,40}",
        body in prop::collection::vec(any::<u8>(), 1..200),
        at in any::<Index>(),
        flip in 1_u8..=255,
    ) {
        let signature = sign(&secret, &body);
        let mut changed = body.clone();
        let i = at.index(changed.len());
        changed[i] ^= flip;
        prop_assert!(matches!(
            verify_signature(&secret, &changed, &signature),
            Err(WebhookError::SignatureMismatch)
        ));
        let other_secret = format!("{secret}x");
        prop_assert!(matches!(
            verify_signature(&other_secret, &body, &signature),
            Err(WebhookError::SignatureMismatch)
        ));
    }

    #[test]
    fn arbitrary_headers_and_bodies_never_panic(
        headers in prop::collection::vec((header_name(), header_value()), 0..6),
        body in body_bytes(),
        secret in prop_oneof![Just(String::new()), ".{0,70}"],
        signature in prop::collection::vec(any::<u8>(), 0..64),
        name in event_name(),
    ) {
        let verified = verify(&headers, &body, &secret);
        let received = webhooks::receive(&headers, &body, &secret);
        // Nothing is accepted that does not verify.
        prop_assert!(received.is_ok() <= verified.is_ok());
        if let Err(error) = &received {
            let _ = (error.status(), error.to_string());
        }
        let _ = verify_signature(&secret, &body, &signature);
        if let Ok(event) = Event::decode(&name, &body) {
            let _ = (event.name(), event.is_test(), event.conversation().is_some());
        }
    }

    #[test]
    fn any_text_parses_as_a_timestamp_or_fails_cleanly(text in prop_oneof![
        any::<String>(),
        "[0-9T:Z.+ -]{0,40}",
        select(SPECIAL_STRINGS).prop_map(str::to_owned),
    ]) {
        if let Ok(at) = text.parse::<Timestamp>() {
            let _ = at.to_string();
        }
    }

    #[test]
    fn any_rfc3339_text_reads_back_what_it_writes(
        year in 0_u32..=9999,
        month in 1_u32..=12,
        day in 1_u32..=28,
        (hour, minute, second) in (0_u32..24, 0_u32..60, 0_u32..60),
        offset_minutes in -1439_i32..=1439,
    ) {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let offset = offset_minutes.unsigned_abs();
        let text = format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{sign}{:02}:{:02}",
            offset / 60,
            offset % 60
        );
        let at: Timestamp = text.parse().expect("RFC 3339 text reads");
        let written = at.to_string();
        let again: Timestamp = written
            .parse()
            .unwrap_or_else(|e| panic!("{text} was written as {written}, unreadable: {e}"));
        prop_assert_eq!(again, at);
    }

    #[test]
    fn timestamps_in_the_api_range_read_back_what_they_write(
        seconds in -62_135_596_800_i64..253_402_300_799,
    ) {
        let at = chrono::DateTime::from_timestamp(seconds, 0).expect("in range");
        let written = Timestamp::new(at).to_string();
        let read: Timestamp = written.parse().expect("reads its own output");
        prop_assert_eq!(read.get(), at);
    }
}

#[cfg(feature = "testing")]
mod through_the_client {
    use std::sync::{Arc, Mutex, PoisonError};

    use helpscout_mailbox::auth::Credentials;
    use helpscout_mailbox::retry::RetryPolicy;
    use helpscout_mailbox::testing::{MockResponse, MockTransport};
    use helpscout_mailbox::{Client, Error};

    use super::*;

    /// The answer the mock transport gives next: status, content type, body.
    type Next = Arc<Mutex<(u16, String, Vec<u8>)>>;

    fn client(next: &Next) -> Client {
        let next = Arc::clone(next);
        let transport = MockTransport::new(move |_| {
            let (status, content_type, body) =
                next.lock().unwrap_or_else(PoisonError::into_inner).clone();
            MockResponse::status(status)
                .header("content-type", &content_type)
                .body(body)
        });
        Client::builder()
            .credentials(Credentials::access_token("property-token"))
            .mock_transport(transport)
            .retry(RetryPolicy::none())
            .pacing(false)
            .build()
            .expect("client")
    }

    /// Help Scout-like error bodies with arbitrary contents, and arbitrary bytes.
    fn error_body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            body_bytes(),
            (
                json_value(),
                json_value(),
                prop::collection::vec(json_value(), 0..4)
            )
                .prop_map(|(message, log_ref, errors)| {
                    serde_json::to_vec(&serde_json::json!({
                        "message": message,
                        "logRef": log_ref,
                        "_embedded": {"errors": errors},
                    }))
                    .unwrap_or_default()
                }),
        ]
    }

    proptest! {
        #![proptest_config(config(128))]

        #[test]
        fn any_status_and_body_give_a_typed_result(
            status in prop_oneof![Just(200_u16), Just(201), Just(204), 400_u16..=599],
            content_type in select(&[
                "application/vnd.error+json",
                "application/hal+json;charset=UTF-8",
                "application/json",
                "text/html",
                "",
            ][..]),
            body in error_body(),
        ) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let next: Next = Arc::new(Mutex::new((status, content_type.to_owned(), body)));
            let client = client(&next);
            let result = runtime.block_on(client.conversations().get(1.into()).send());
            match result {
                Ok(_) => prop_assert!((200..300).contains(&status)),
                Err(error) => {
                    let _ = (error.to_string(), format!("{error:?}"), error.status());
                    if status >= 400 {
                        prop_assert_eq!(error.status(), Some(status));
                    }
                    if let Error::Validation(validation) = &error {
                        for field in validation.fields() {
                            let _ = field.to_string();
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn edge_timestamps_read_back_what_they_write() {
    for text in SPECIAL_STRINGS {
        if let Ok(at) = text.parse::<Timestamp>() {
            let written = at.to_string();
            assert!(
                written.parse::<Timestamp>().is_ok(),
                "{text:?} reads as {written:?}, which does not read back"
            );
        }
    }
}
