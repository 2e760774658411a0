//! Reading a request as Help Scout does: JSON bodies and their content type, decoding into
//! the generated models with Help Scout-shaped paths, field checks, dates and id filters.

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::reply::{FieldError, Problem};
use super::request::Incoming;

/// Whether a `Content-Type` names JSON as Help Scout's API accepts it: `application/json` or
/// a structured `application/*+json` type (`application/json-patch+json`), any parameters
/// (`;charset=UTF-8`) allowed, case-insensitive.
pub(crate) fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", subtype)) => {
            subtype == "json" || (subtype.len() > "+json".len() && subtype.ends_with("+json"))
        }
        _ => false,
    }
}

/// The request body as JSON. A missing or non-JSON `Content-Type` is a 415 (both alike: see
/// the behaviour table in the module docs); an empty body or malformed JSON is a validation
/// error, as Help Scout answers it.
pub(crate) fn json_body(req: &Incoming) -> Result<Value, Problem> {
    match req.header_lossy("content-type") {
        Some(content_type) if is_json_media_type(&content_type) => {}
        Some(content_type) => {
            return Err(Problem::Status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content type '{content_type}' not supported; send application/json"),
            ));
        }
        None => {
            return Err(Problem::Status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Content type missing; send application/json".to_owned(),
            ));
        }
    }
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::field(
            "",
            "NotNull",
            "Required request body is missing",
        ));
    }
    serde_json::from_slice(&req.body)
        .map_err(|e| Problem::field("", "MalformedJson", &format!("Malformed JSON: {e}")))
}

/// The JSON body, which must be an object.
pub(crate) fn json_object(req: &Incoming) -> Result<Value, Problem> {
    let value = json_body(req)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(Problem::field(
            "",
            "MalformedJson",
            &format!("Expected a JSON object, got {}", kind_of(&value)),
        ))
    }
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Decodes `value` into a generated request model, reporting the failing field's path as
/// Help Scout does (`threads[0].type`).
pub(crate) fn decode<T: DeserializeOwned>(value: &Value) -> Result<T, Problem> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let mut segments: Vec<Seg> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                _ => None,
            })
            .collect();
        let inner = error.into_inner().to_string();
        let message;
        let kind;
        if let Some(field) = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            segments.push(Seg::Key(field.to_owned()));
            message = "may not be null".to_owned();
            kind = "NotNull";
        } else {
            message = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
            kind = "InvalidValue";
        }
        let rejected = lookup(value, &segments).filter(|v| !v.is_null()).cloned();
        let mut field = FieldError::new(path_text(&segments), kind, message);
        field.rejected = rejected;
        Problem::one(field)
    })
}

enum Seg {
    Key(String),
    Index(usize),
}

fn path_text(segments: &[Seg]) -> String {
    let mut text = String::new();
    for segment in segments {
        match segment {
            Seg::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Seg::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

fn lookup<'a>(value: &'a Value, segments: &[Seg]) -> Option<&'a Value> {
    let mut current = value;
    for segment in segments {
        current = match segment {
            Seg::Key(key) => current.get(key)?,
            Seg::Index(index) => current.get(index)?,
        };
    }
    Some(current)
}

/// Collects field errors, like Help Scout's validation, which reports every bad field at
/// once.
#[derive(Default)]
pub(crate) struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    pub(crate) fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// `object[key]` must be present and not null; strings must not be blank.
    pub(crate) fn required(&mut self, object: &Value, prefix: &str, key: &str) -> bool {
        let path = join(prefix, key);
        match object.get(key) {
            None | Some(Value::Null) => {
                self.push(FieldError::new(path, "NotNull", "may not be null"));
                false
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.push(
                    FieldError::new(path, "NotEmpty", "may not be empty").rejecting(s.clone()),
                );
                false
            }
            Some(Value::Array(items)) if items.is_empty() => {
                self.push(
                    FieldError::new(path, "NotEmpty", "may not be empty").rejecting(json!([])),
                );
                false
            }
            Some(_) => true,
        }
    }

    /// A string field (when present) must be at most `max` characters long, and at least
    /// `min`.
    pub(crate) fn length(
        &mut self,
        object: &Value,
        prefix: &str,
        key: &str,
        min: usize,
        max: usize,
    ) {
        if let Some(Value::String(s)) = object.get(key) {
            let n = s.chars().count();
            if n < min || n > max {
                self.push(
                    FieldError::new(
                        join(prefix, key),
                        "Size",
                        format!("size must be between {min} and {max}"),
                    )
                    .rejecting(s.clone()),
                );
            }
        }
    }

    /// A string field (when present) must be one of `allowed`.
    pub(crate) fn one_of(&mut self, object: &Value, prefix: &str, key: &str, allowed: &[&str]) {
        match object.get(key) {
            Some(Value::String(s)) if allowed.contains(&s.as_str()) => {}
            None | Some(Value::Null) => {}
            Some(other) => self.push(
                FieldError::new(join(prefix, key), "EnumValue", "Value not supported")
                    .rejecting(other.clone()),
            ),
        }
    }

    /// A string field (when present) must look like an e-mail address.
    pub(crate) fn email(&mut self, object: &Value, prefix: &str, key: &str) {
        if let Some(Value::String(s)) = object.get(key)
            && !looks_like_email(s)
        {
            self.push(
                FieldError::new(
                    join(prefix, key),
                    "Email",
                    "must be a well-formed email address",
                )
                .rejecting(s.clone()),
            );
        }
    }

    pub(crate) fn finish(self) -> Result<(), Problem> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Problem::Validation(self.errors))
        }
    }
}

pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

pub(crate) fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        _ => false,
    }
}

/// A date-time query parameter in Help Scout's strict format `yyyy-MM-dd'T'HH:mm:ss'Z'`.
/// Fractional seconds are rejected, as the API rejects them.
pub(crate) fn strict_date(req: &Incoming, name: &str) -> Result<Option<DateTime<Utc>>, Problem> {
    let Some(text) = req.query(name).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%SZ")
        .map(|naive| Some(naive.and_utc()))
        .map_err(|_| {
            Problem::one(
                FieldError::new(
                    name,
                    "MalformedDate",
                    "Malformed date, expected format yyyy-MM-dd'T'HH:mm:ss'Z'",
                )
                .rejecting(text)
                .in_query(),
            )
        })
}

/// A `YYYY-MM-DD` date.
pub(crate) fn is_plain_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// An optional id query parameter; a non-number is a validation error.
pub(crate) fn query_id(req: &Incoming, name: &str) -> Result<Option<i64>, Problem> {
    match req.query(name).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text.parse::<i64>().map(Some).map_err(|_| {
            Problem::one(
                FieldError::new(name, "InvalidNumber", "Invalid number")
                    .rejecting(text)
                    .in_query(),
            )
        }),
    }
}

/// A comma-separated list of ids in a query parameter.
pub(crate) fn query_ids(req: &Incoming, name: &str) -> Result<Vec<i64>, Problem> {
    let mut ids = Vec::new();
    for value in req.query_all(name) {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            ids.push(part.parse::<i64>().map_err(|_| {
                Problem::one(
                    FieldError::new(name, "InvalidNumber", "Invalid number")
                        .rejecting(part)
                        .in_query(),
                )
            })?);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_loosely() {
        assert!(looks_like_email("a@b.co"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("ab.co"));
        assert!(!looks_like_email("a b@c.de"));
    }

    #[test]
    fn only_json_media_types_are_json() {
        for yes in [
            "application/json",
            "Application/JSON; charset=UTF-8",
            "application/json-patch+json",
            "application/vnd.api+json",
        ] {
            assert!(is_json_media_type(yes), "{yes}");
        }
        for no in [
            "",
            "text/plain",
            "text/json",
            "application/jsonp",
            "application/+json",
            "application/x-www-form-urlencoded",
            "json",
            "multipart/form-data; boundary=json",
        ] {
            assert!(!is_json_media_type(no), "{no}");
        }
    }

    #[test]
    fn decode_reports_paths_like_help_scout() {
        let value = json!({"threads": [{"type": "note"}]});
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Thread {
            text: String,
        }
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Body {
            threads: Vec<Thread>,
        }
        let Err(Problem::Validation(errors)) = decode::<Body>(&value) else {
            panic!("expected a validation error");
        };
        assert_eq!(errors[0].path, "threads[0].text");
        assert_eq!(errors[0].message, "may not be null");
    }
}
