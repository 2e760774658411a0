//! Help Scout's wire conventions: HAL bodies, pages and links, `vnd.error` bodies, request
//! decoding and validation in Help Scout's format.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use helpscout_mailbox::models::{ErrorBody, ErrorBodyEmbedded, ErrorEntry, HalLink, HalLinks};

use super::routes::Req;
use super::state::Shared;

pub(crate) use super::paging::{page_number, page_reply, paginate, paginate_slice};

/// `application/hal+json` as Help Scout sends it.
pub(crate) const HAL_JSON: &str = "application/hal+json;charset=UTF-8";
/// The content type of error bodies.
pub(crate) const VND_ERROR: &str = "application/vnd.error+json";
const ERRORS_DOC: &str = "https://developer.helpscout.com/mailbox-api/overview/errors";

/// What a handler returns.
pub(crate) type Reply = Result<Response, Problem>;

/// One rejected field of a validation failure.
#[derive(Clone, Debug)]
pub(crate) struct FieldError {
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) rejected: Option<Value>,
    pub(crate) source: &'static str,
    /// The error kind of the `about` link: `NotNull`, `NotEmpty`, `EnumValue`, ...
    pub(crate) kind: &'static str,
}

impl FieldError {
    pub(crate) fn new(
        path: impl Into<String>,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            rejected: None,
            source: "JSON",
            kind,
        }
    }

    pub(crate) fn rejecting(mut self, value: impl Into<Value>) -> Self {
        self.rejected = Some(value.into());
        self
    }

    pub(crate) fn in_query(mut self) -> Self {
        self.source = "QUERY";
        self
    }
}

/// A failure answered in Help Scout's error format.
#[derive(Debug)]
pub(crate) enum Problem {
    /// 400 with `_embedded.errors`.
    Validation(Vec<FieldError>),
    /// Any other status with a message.
    Status(StatusCode, String),
    /// 301 to the given absolute URL.
    Moved(String),
}

impl Problem {
    pub(crate) fn not_found(what: &str) -> Self {
        Self::Status(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    pub(crate) fn field(path: &str, kind: &'static str, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(path, kind, message)])
    }

    pub(crate) fn one(error: FieldError) -> Self {
        Self::Validation(vec![error])
    }
}

/// The response for a problem.
pub(crate) fn problem_response(sim: &Shared, problem: Problem) -> Response {
    match problem {
        Problem::Validation(errors) => {
            let body = ErrorBody {
                embedded: Some(ErrorBodyEmbedded {
                    errors: errors
                        .into_iter()
                        .map(|e| ErrorEntry {
                            links: Some(links([("about", format!("{ERRORS_DOC}#{}", e.kind))])),
                            message: Some(e.message),
                            path: Some(e.path),
                            rejected_value: e.rejected,
                            source: Some(e.source.to_owned()),
                        })
                        .collect(),
                }),
                links: Some(links([("about", ERRORS_DOC.to_owned())])),
                log_ref: Some(sim.log_ref()),
                message: Some("Bad request".to_owned()),
            };
            error_response(StatusCode::BAD_REQUEST, &body)
        }
        Problem::Status(status, message) => error_response(status, &status_body(sim, message)),
        Problem::Moved(location) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
    }
}

/// The error body of a failure that is not about fields: `message`, `logRef` and the
/// `about` link.
fn status_body(sim: &Shared, message: String) -> ErrorBody {
    ErrorBody {
        embedded: None,
        links: Some(links([("about", ERRORS_DOC.to_owned())])),
        log_ref: Some(sim.log_ref()),
        message: Some(message),
    }
}

/// [`status_body`] as bytes, for answers written below the router (see `parse_errors`).
pub(crate) fn status_body_bytes(sim: &Shared, message: String) -> Vec<u8> {
    serde_json::to_vec(&status_body(sim, message)).unwrap_or_default()
}

fn error_response(status: StatusCode, body: &ErrorBody) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(VND_ERROR));
    response
}

/// A JSON response with `content_type`.
pub(crate) fn json_response(
    status: StatusCode,
    body: &Value,
    content_type: &'static str,
) -> Response {
    json_bytes_response(
        status,
        serde_json::to_vec(body).unwrap_or_default(),
        content_type,
    )
}

/// [`json_response`] for a body already serialised.
pub(crate) fn json_bytes_response(
    status: StatusCode,
    bytes: Vec<u8>,
    content_type: &'static str,
) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// 200 with a model serialised as HAL JSON.
pub(crate) fn ok<T: Serialize>(model: &T) -> Reply {
    let value = serde_json::to_value(model).map_err(internal)?;
    Ok(json_response(StatusCode::OK, &value, HAL_JSON))
}

/// 201, no body, `Resource-ID` and (when given) `Location`.
pub(crate) fn created(id: i64, location: Option<String>) -> Reply {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::CREATED;
    let headers = response.headers_mut();
    headers.insert("Resource-ID", HeaderValue::from(id));
    if let Some(location) = location
        && let Ok(value) = HeaderValue::from_str(&location)
    {
        headers.insert(header::LOCATION, value);
    }
    Ok(response)
}

/// A bare status without a body (204, 202).
pub(crate) fn empty(status: StatusCode) -> Reply {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    Ok(response)
}

pub(crate) fn no_content() -> Reply {
    empty(StatusCode::NO_CONTENT)
}

pub(crate) fn internal(error: impl std::fmt::Display) -> Problem {
    Problem::Status(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("simulator failed to encode a response: {error}"),
    )
}

/// One link.
pub(crate) fn link(href: impl Into<String>) -> HalLink {
    HalLink {
        href: Some(href.into()),
        templated: None,
    }
}

/// `_links` from relation/href pairs.
pub(crate) fn links<const N: usize>(pairs: [(&str, String); N]) -> HalLinks {
    HalLinks(
        pairs
            .into_iter()
            .map(|(rel, href)| (rel.to_owned(), link(href)))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// `_links` from a list of pairs.
pub(crate) fn links_vec(pairs: Vec<(&str, String)>) -> HalLinks {
    HalLinks(
        pairs
            .into_iter()
            .map(|(rel, href)| (rel.to_owned(), link(href)))
            .collect(),
    )
}

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
pub(crate) fn json_body(req: &Req) -> Result<Value, Problem> {
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
pub(crate) fn json_object(req: &Req) -> Result<Value, Problem> {
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
pub(crate) fn strict_date(req: &Req, name: &str) -> Result<Option<DateTime<Utc>>, Problem> {
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
pub(crate) fn query_id(req: &Req, name: &str) -> Result<Option<i64>, Problem> {
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
pub(crate) fn query_ids(req: &Req, name: &str) -> Result<Vec<i64>, Problem> {
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
