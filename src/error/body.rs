//! Lenient reading of error bodies, and the text helpers that keep what an error carries
//! short, on one line and cut on character boundaries.

use serde_json::{Map, Value};

use super::api::FieldError;

/// The most of an error body kept as text: enough for any Help Scout error, small enough to
/// log, since a proxy's HTML page or a runaway body should not be carried around whole.
pub(crate) const MAX_BODY_BYTES: usize = 4 * 1024;

/// The longest body snippet a [`DecodeError`] keeps, in characters.
pub(crate) const MAX_SNIPPET_CHARS: usize = 512;

/// The longest message kept from a response body, in characters: it goes into `Display`,
/// which should stay one readable line.
pub(super) const MAX_MESSAGE_CHARS: usize = 512;

/// The most field errors kept from one body; a request has far fewer fields, so more means
/// a garbled body.
pub(super) const MAX_FIELDS: usize = 100;

/// A non-JSON body is taken as the message only when it is this short: a proxy's one-line
/// "Bad Gateway" is worth showing, a page of text is not.
const MAX_PLAIN_TEXT_MESSAGE_CHARS: usize = 200;

#[derive(Debug, Default, PartialEq)]
pub(super) struct ParsedBody {
    pub(super) message: Option<String>,
    pub(super) log_ref: Option<String>,
    pub(super) fields: Vec<FieldError>,
}

impl ParsedBody {
    /// Reads any of Help Scout's error shapes; anything unrecognised gives empty fields.
    pub(super) fn parse(body: &[u8]) -> Self {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => Self::from_object(&object),
            Ok(Value::String(message)) => Self {
                message: clean_message(&message, MAX_MESSAGE_CHARS),
                ..Self::default()
            },
            Ok(_) => Self::default(),
            Err(_) => Self {
                message: plain_text_message(body),
                ..Self::default()
            },
        }
    }

    // quirk Q19: vnd.error bodies with `_embedded.errors[]` (and older shapes).
    fn from_object(object: &Map<String, Value>) -> Self {
        let oauth_error = object.get("error").and_then(scalar_text);
        let nested_error_message = object
            .get("error")
            .and_then(|error| error.get("message"))
            .and_then(scalar_text);
        // Help Scout's `message`, then OAuth's description, then RFC 7807's fields, then the
        // bare OAuth code as the last resort.
        let message = ["message", "error_description", "detail", "title"]
            .iter()
            .find_map(|key| object.get(*key).and_then(scalar_text))
            .or(nested_error_message)
            .or(oauth_error)
            .and_then(|message| clean_message(&message, MAX_MESSAGE_CHARS));
        let entries = object
            .get("_embedded")
            .and_then(|embedded| embedded.get("errors"))
            .or_else(|| object.get("errors"))
            .and_then(Value::as_array);
        let fields = entries
            .into_iter()
            .flatten()
            .filter_map(field_error)
            .take(MAX_FIELDS)
            .collect();
        Self {
            message,
            log_ref: object
                .get("logRef")
                .and_then(scalar_text)
                .and_then(|log_ref| clean_message(&log_ref, MAX_MESSAGE_CHARS)),
            fields,
        }
    }
}

/// Reads one entry of `_embedded.errors`; a bare string counts as its message.
fn field_error(entry: &Value) -> Option<FieldError> {
    let text = |key: &str| {
        entry
            .get(key)
            .and_then(scalar_text)
            .and_then(|text| clean_message(&text, MAX_MESSAGE_CHARS))
    };
    match entry {
        Value::Object(object) => Some(FieldError {
            path: text("path"),
            message: text("message"),
            rejected_value: object.get("rejectedValue").cloned(),
            source: text("source"),
        }),
        Value::String(message) => Some(FieldError {
            path: None,
            message: clean_message(message, MAX_MESSAGE_CHARS),
            rejected_value: None,
            source: None,
        }),
        _ => None,
    }
}

/// A string, number or boolean as text; containers and null are not text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// One line of at most `max_chars` characters: control characters (newlines included)
/// become spaces, the ends are trimmed, and an empty result is `None`.
pub(super) fn clean_message(text: &str, max_chars: usize) -> Option<String> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max_chars)
        .collect();
    let cleaned = cleaned.trim_end();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

/// The message of a body that is not JSON: a proxy's short `Bad Gateway` is worth showing,
/// markup, binary data and long text are not.
fn plain_text_message(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    // Markup, and JSON that failed to parse (cut short, say), are not messages.
    let readable = !text.starts_with(['<', '{', '['])
        && text.chars().count() <= MAX_PLAIN_TEXT_MESSAGE_CHARS
        && !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    readable.then(|| clean_message(text, MAX_PLAIN_TEXT_MESSAGE_CHARS))?
}

/// `max_bytes` bytes.
pub(super) fn truncate_text(body: &[u8], max_bytes: usize) -> String {
    // Replacement characters can make the text longer than the bytes, so cut the bytes
    // first (bounding the work) and the text after.
    let text = String::from_utf8_lossy(&body[..body.len().min(max_bytes)]);
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// The byte offset of a `serde_json` error in `body`, from its 1-based line and column
/// (0 when it has no position).
pub(super) fn error_offset(body: &[u8], error: &serde_json::Error) -> usize {
    let line_start = if error.line() <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(error.line() - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    line_start
        .saturating_add(error.column().saturating_sub(1))
        .min(body.len())
}

/// Up to [`MAX_SNIPPET_CHARS`] characters of `body` around byte `offset`: a quarter of them
/// before, so the snippet shows both what led to the failure and the value itself.
pub(super) fn snippet_around(body: &[u8], offset: usize) -> String {
    let is_continuation = |i: usize| body.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let mut start = offset.min(body.len()).saturating_sub(MAX_SNIPPET_CHARS / 4);
    while start > 0 && is_continuation(start) {
        start -= 1;
    }
    // Four bytes per character at most: enough bytes for the snippet, whatever the text.
    let mut end = start.saturating_add(MAX_SNIPPET_CHARS * 4).min(body.len());
    while end < body.len() && is_continuation(end) {
        end += 1;
    }
    String::from_utf8_lossy(&body[start..end])
        .chars()
        .take(MAX_SNIPPET_CHARS)
        .collect()
}
