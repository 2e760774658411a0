//! The generated models against response examples from Help Scout's docs.
//!
//! Every `tests/fixtures/<group>/<operationId>.json` is decoded into the response model of that
//! operation, encoded again, and compared key by key: a field of the docs that the spec does not
//! model would silently vanish, so it fails here instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::*;
use crate::ids::ConversationId;
use crate::raw::RESPONSE_DECODERS;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for group in std::fs::read_dir(&root).expect("tests/fixtures exists") {
        let group = group.expect("readable fixtures folder").path();
        // Webhook fixtures are event payloads, not operation responses: tests/webhooks.rs
        // decodes them.
        if !group.is_dir() || group.ends_with("webhooks") {
            continue;
        }
        for file in std::fs::read_dir(&group).expect("readable group folder") {
            let file = file.expect("readable fixture").path();
            if file.extension().is_some_and(|x| x == "json") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// The key paths of `value` that carry something: array indices collapse to `[]`, and nulls,
/// and arrays and objects holding nothing else (which the models may skip on output), are left
/// out.
fn key_paths(value: &Value, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = format!("{at}.{key}");
                if is_empty(inner) {
                    continue;
                }
                out.insert(path.clone());
                key_paths(inner, &path, out);
            }
        }
        Value::Array(items) => {
            for inner in items {
                key_paths(inner, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().all(is_empty),
        Value::Object(map) => map.values().all(is_empty),
        _ => false,
    }
}

/// Decodes a response body into an operation's model and encodes it again.
type Decoder = fn(&[u8]) -> Result<Value, String>;

fn decoder(operation: &str) -> Option<Decoder> {
    RESPONSE_DECODERS
        .iter()
        .find(|(id, _)| *id == operation)
        .map(|(_, decode)| *decode)
}

#[test]
fn every_docs_example_decodes_and_keeps_every_field() {
    let files = fixtures();
    assert!(
        files.len() >= 30,
        "expected the docs fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let operation = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let Some(decode) = decoder(operation) else {
            failures.push(format!(
                "{}: no operation `{operation}` with a JSON response",
                file.display()
            ));
            continue;
        };
        let body = std::fs::read(file).expect("readable fixture");
        let original: Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(e) => {
                failures.push(format!("{}: not JSON: {e}", file.display()));
                continue;
            }
        };
        match decode(&body) {
            Err(e) => failures.push(format!("{operation}: does not decode {e}")),
            Ok(encoded) => {
                let (mut before, mut after) = (BTreeSet::new(), BTreeSet::new());
                key_paths(&original, "", &mut before);
                key_paths(&encoded, "", &mut after);
                let dropped: Vec<_> = before.difference(&after).collect();
                if !dropped.is_empty() {
                    failures.push(format!("{operation}: the models drop {dropped:?}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn conversation_fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conversations/getConversation.json");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("JSON")
}

#[test]
fn unknown_fields_and_enum_values_are_tolerated() {
    let mut body = conversation_fixture();
    body["status"] = json!("escalated");
    body["source"]["type"] = json!("carrier-pigeon");
    body["someFieldFromTheFuture"] = json!({"nested": [1, 2, 3]});
    let conversation: Conversation = serde_json::from_value(body).expect("decodes");
    assert_eq!(
        conversation.status.as_deref(),
        Some(&ConversationStatus::Unknown("escalated".into()))
    );
    let source_type = conversation
        .source
        .and_then(|s| s.type_)
        .map(Spelled::into_value);
    assert_eq!(
        source_type,
        Some(SourceType::Unknown("carrier-pigeon".into()))
    );
    // Written back verbatim.
    assert_eq!(
        serde_json::to_value(ConversationStatus::Unknown("escalated".into())).unwrap(),
        json!("escalated")
    );
}

#[test]
fn enum_values_that_differ_only_in_case_are_recognised() {
    assert_eq!(
        ConversationStatus::from("Closed"),
        ConversationStatus::Closed
    );
    assert_eq!(ConversationStatus::from("closed").as_str(), "closed");
    assert!(ConversationStatus::from("closed-ish").is_unknown());
}

#[test]
fn a_page_without_embedded_and_with_nulls_decodes_empty() {
    let legacy = json!({
        "page": {"size": 25, "totalElements": 0, "totalPages": 0, "number": 0},
        "_links": {"self": {"href": "https://api.helpscout.net/v2/conversations?page=1"}}
    });
    let page: ConversationPage = serde_json::from_value(legacy).expect("decodes");
    assert!(page.embedded.is_none());
    assert_eq!(page.page.and_then(|p| p.total_pages), Some(0));

    let nulls = json!({"_embedded": {"conversations": null}, "page": null});
    let page: ConversationPage = serde_json::from_value(nulls).expect("decodes");
    assert!(page.embedded.is_some_and(|e| e.conversations.is_empty()));
}

#[test]
fn ids_beyond_32_bits_and_zone_less_timestamps_decode() {
    let mut body = conversation_fixture();
    body["id"] = json!(9_007_199_254_740_993_i64);
    body["createdAt"] = json!("2017-12-12T12:12:13");
    body["closedAt"] = json!("2017-12-12T12:12:13.123456+01:00");
    let conversation: Conversation = serde_json::from_value(body).expect("decodes");
    assert_eq!(conversation.id, ConversationId::new(9_007_199_254_740_993));
    assert_eq!(
        conversation.created_at.map(|t| t.to_string()).as_deref(),
        Some("2017-12-12T12:12:13Z")
    );
    assert_eq!(
        conversation.closed_at.map(|t| t.to_string()).as_deref(),
        Some("2017-12-12T11:12:13Z")
    );
}

#[cfg(feature = "schemars")]
#[test]
fn every_model_has_a_json_schema() {
    let schema = schemars::schema_for!(Conversation);
    let text = serde_json::to_string(&schema).expect("serialises");
    assert!(text.contains("primaryCustomer"), "{text}");
    let status = schemars::schema_for!(ConversationStatus);
    assert_eq!(status.get("type"), Some(&json!("string")));
}
