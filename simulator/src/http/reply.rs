//! Help Scout's answer conventions: HAL bodies and links, `vnd.error` bodies, and the
//! [`Problem`] every handler fails with.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use helpscout_mailbox::models::{ErrorBody, ErrorBodyEmbedded, ErrorEntry, HalLink, HalLinks};

use super::stamps::Stamps;

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
pub(crate) fn problem_response(stamps: &Stamps, problem: Problem) -> Response {
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
                log_ref: Some(stamps.log_ref()),
                message: Some("Bad request".to_owned()),
            };
            error_response(StatusCode::BAD_REQUEST, &body)
        }
        Problem::Status(status, message) => error_response(status, &status_body(stamps, message)),
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
fn status_body(stamps: &Stamps, message: String) -> ErrorBody {
    ErrorBody {
        embedded: None,
        links: Some(links([("about", ERRORS_DOC.to_owned())])),
        log_ref: Some(stamps.log_ref()),
        message: Some(message),
    }
}

/// [`status_body`] as bytes, for answers written below the router (see `parse_errors`).
pub(crate) fn status_body_bytes(stamps: &Stamps, message: String) -> Vec<u8> {
    serde_json::to_vec(&status_body(stamps, message)).unwrap_or_default()
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
