//! A conversation as an agent reads it: the conversation's fields, then its threads oldest
//! first, each with who wrote it, when, and its body as trimmed text.

use std::fmt::Write;

use helpscout_mailbox::models::{
    Conversation, ConversationPerson, Spelled, Thread, ThreadStatus, ThreadType, Timestamp,
};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::text;

/// A conversation with its threads as text.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationThreads {
    /// The conversation (its threads are in `threads`).
    pub conversation: Conversation,
    /// The latest threads, oldest first.
    pub threads: Vec<ThreadText>,
    /// Whether older threads were left out (see `maxThreads`).
    pub older_threads_omitted: bool,
}

/// One thread, its body as text.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreadText {
    /// The thread's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// `customer` (from the customer), `message` (a reply from the team), `note`
    /// (internal), `chat`, `phone`, `lineitem` (a change such as an assignment), ...
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spelled<ThreadType>>,
    /// The conversation's status the thread set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Spelled<ThreadStatus>>,
    /// Who wrote it: a name and an email address, as far as Help Scout says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When it was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// The body as text (HTML converted, quoted history left out), or the action's
    /// description for a line item.
    pub text: String,
    /// Whether `text` was cut (see `maxCharsPerThread`).
    pub truncated: bool,
}

/// The view of `conversation` with `threads` (as Help Scout lists them, newest first,
/// `more` telling whether there were older ones), each body cut at `max_chars`.
pub fn view(
    mut conversation: Conversation,
    threads: Vec<Thread>,
    more: bool,
    max_chars: usize,
) -> ConversationThreads {
    conversation.embedded = None;
    let mut threads: Vec<ThreadText> = threads
        .into_iter()
        .map(|thread| thread_text(thread, max_chars))
        .collect();
    // Oldest first reads like the conversation did; Help Scout lists newest first.
    threads.reverse();
    ConversationThreads {
        conversation,
        threads,
        older_threads_omitted: more,
    }
}

fn thread_text(thread: Thread, max_chars: usize) -> ThreadText {
    let body = thread
        .body
        .as_deref()
        .map(text::html_to_text)
        .filter(|t| !t.is_empty())
        .or_else(|| thread.action.as_ref().and_then(|a| a.text.clone()))
        .unwrap_or_default();
    let (text, truncated) = text::truncate(&body, max_chars);
    ThreadText {
        id: Some(thread.id.get()),
        kind: thread.type_,
        status: thread.status,
        author: thread
            .created_by
            .or_else(|| thread.customer.map(ConversationPerson::from))
            .as_ref()
            .and_then(person),
        created_at: thread.created_at,
        text,
        truncated,
    }
}

/// `First Last <email>`, or whichever part Help Scout gave.
fn person(person: &ConversationPerson) -> Option<String> {
    let name = [person.first.as_deref(), person.last.as_deref()]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    match (name.is_empty(), person.email.as_deref()) {
        (false, Some(email)) => Some(format!("{name} <{email}>")),
        (false, None) => Some(name),
        (true, Some(email)) => Some(email.to_owned()),
        (true, None) => None,
    }
}

/// The view (as JSON: [`ConversationThreads`] after any redaction, so that redaction
/// applies to the fields and never to the ids around them) as plain text: a header of the
/// conversation's main fields, then each thread.
pub fn transcript(view: &Value) -> String {
    let c = &view["conversation"];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Conversation {} (#{}): {}",
        show(&c["id"]),
        show(&c["number"]),
        c["subject"].as_str().unwrap_or("(no subject)")
    );
    let _ = writeln!(
        out,
        "Status: {} · Mailbox: {} · Customer: {} · Assignee: {}",
        show(&c["status"]),
        show(&c["mailboxId"]),
        json_person(&c["primaryCustomer"]).unwrap_or_else(|| "?".into()),
        json_person(&c["assignee"]).unwrap_or_else(|| "nobody".into()),
    );
    let tags: Vec<&str> = c["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["tag"].as_str())
        .collect();
    if !tags.is_empty() {
        let _ = writeln!(out, "Tags: {}", tags.join(", "));
    }
    if view["olderThreadsOmitted"].as_bool() == Some(true) {
        let _ = writeln!(out, "(older threads left out)");
    }
    for thread in view["threads"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "\n--- {} {} by {} at {}",
            thread["type"].as_str().unwrap_or("thread"),
            show(&thread["id"]),
            thread["author"].as_str().unwrap_or("?"),
            show(&thread["createdAt"]),
        );
        let _ = writeln!(out, "{}", thread["text"].as_str().unwrap_or_default());
    }
    out
}

/// A person of the conversation's JSON, as [`person`] writes one.
fn json_person(value: &Value) -> Option<String> {
    let person: ConversationPerson = serde_json::from_value(value.clone()).ok()?;
    self::person(&person)
}

/// A string or a number as written, `?` when absent.
fn show(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "?".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn thread(id: i64, body: &str, email: &str) -> Thread {
        serde_json::from_value(json!({
            "id": id,
            "type": "customer",
            "body": body,
            "createdBy": {"first": "Ada", "last": "Lovelace", "email": email},
            "createdAt": format!("2024-05-0{id}T10:00:00Z"),
        }))
        .unwrap()
    }

    #[test]
    fn threads_read_oldest_first_as_text() {
        let conversation: Conversation = serde_json::from_value(json!({
            "id": 1234567, "number": 7, "subject": "Refund", "status": "active",
            "primaryCustomer": {"id": 5}, "tags": [{"id": 1, "tag": "vip"}],
        }))
        .unwrap();
        // Help Scout lists newest first.
        let threads = vec![
            thread(2, "<p>Second</p>", "ada@example.com"),
            thread(1, "<p>First &amp; foremost</p>", "ada@example.com"),
        ];
        let view = view(conversation, threads, true, 2000);
        assert_eq!(view.threads[0].text, "First & foremost");
        assert_eq!(
            view.threads[1].author.as_deref(),
            Some("Ada Lovelace <ada@example.com>")
        );
        let text = transcript(&serde_json::to_value(&view).unwrap());
        assert!(
            text.starts_with("Conversation 1234567 (#7): Refund\n"),
            "{text}"
        );
        assert!(text.contains("Tags: vip"), "{text}");
        assert!(text.contains("(older threads left out)"), "{text}");
        let first = text.find("First & foremost").unwrap();
        assert!(first < text.find("Second").unwrap(), "{text}");
    }

    #[test]
    fn people_are_named_as_far_as_known() {
        let nobody = ConversationPerson::default();
        assert_eq!(person(&nobody), None);
        let email_only = ConversationPerson {
            email: Some("a@b.io".into()),
            ..ConversationPerson::default()
        };
        assert_eq!(person(&email_only).as_deref(), Some("a@b.io"));
    }
}
