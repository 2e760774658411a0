//! Test your Help Scout integration without a network: a transport that records every request
//! the client sends and answers with responses you choose.
//!
//! Available with the `testing` feature. The crate's own request-shape snapshots use it, so
//! what it records is exactly what would have gone on the wire, after authentication,
//! retries and the API's quirks were applied.
//!
//! ```
//! # async fn run() -> helpscout_mailbox::Result<()> {
//! use helpscout_mailbox::{Client, auth::Credentials, testing::{MockResponse, MockTransport}};
//!
//! let transport = MockTransport::new(|request| match request.path.as_str() {
//!     "/v2/conversations/42" => MockResponse::json(200, &serde_json::json!({"id": 42, "primaryCustomer": {"id": 7}})),
//!     _ => MockResponse::status(404),
//! });
//! let client = Client::builder()
//!     .credentials(Credentials::access_token("a-token"))
//!     .mock_transport(transport.clone())
//!     .build()?;
//! let conversation = client.conversations().get(42.into()).send().await?;
//! assert_eq!(conversation.id.get(), 42);
//! assert_eq!(transport.requests()[0].method, "GET");
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

/// The value recorded in place of a secret header or form field.
pub const REDACTED: &str = "[redacted]";

/// Headers that carry secrets: recorded as [`REDACTED`].
const SECRET_HEADERS: [&str; 2] = ["authorization", "cookie"];
/// Form fields of the token request that carry secrets: recorded as [`REDACTED`].
const SECRET_FIELDS: [&str; 4] = ["client_secret", "refresh_token", "code", "access_token"];
/// JSON keys whose values are secrets (a webhook's signing secret): recorded as [`REDACTED`].
const SECRET_KEYS: [&str; 5] = [
    "secret",
    "client_secret",
    "access_token",
    "refresh_token",
    "password",
];

/// One request as the client sent it, with secrets already redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query (`/v2/conversations/42`).
    pub path: String,
    /// The query pairs, decoded, in the order they were sent.
    pub query: Vec<(String, String)>,
    /// The query exactly as sent (percent-encoded), without the `?`.
    pub raw_query: String,
    /// The headers, names in lower case, sorted; secrets redacted.
    pub headers: Vec<(String, String)>,
    /// The body as sent (with secret form fields redacted), or empty.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The value of a header, looked up in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The request reduced to what matters on the wire, stable enough for snapshots: method,
    /// path, sorted query, content type, the authorization header (redacted) and the body
    /// (as JSON, as sorted form fields, or as text).
    pub fn shape(&self) -> RequestShape {
        let mut query = self.query.clone();
        query.sort();
        let content_type = self.header("content-type").map(str::to_owned);
        let body = if self.body.is_empty() {
            Body::None
        } else if content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"))
        {
            let fields: BTreeMap<String, String> =
                form_urlencoded::parse(&self.body).into_owned().collect();
            Body::Form(fields)
        } else if let Some(json) = self.json() {
            Body::Json(json)
        } else {
            Body::Text(String::from_utf8_lossy(&self.body).into_owned())
        };
        RequestShape {
            method: self.method.clone(),
            path: self.path.clone(),
            query: query.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
            content_type,
            authorization: self.header("authorization").map(str::to_owned),
            body,
        }
    }

    /// Records `request`, redacting secrets.
    pub(crate) fn capture(request: &reqwest::Request) -> Self {
        let url = request.url();
        let mut headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let name = name.as_str().to_ascii_lowercase();
                let value = if SECRET_HEADERS.contains(&name.as_str()) {
                    // Keep the scheme: a snapshot should show that a bearer token was sent.
                    let scheme = value
                        .to_str()
                        .ok()
                        .and_then(|v| v.split_once(' '))
                        .map(|(s, _)| s);
                    scheme.map_or_else(|| REDACTED.to_owned(), |s| format!("{s} {REDACTED}"))
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name, value)
            })
            .collect();
        headers.sort();
        let raw_body = request
            .body()
            .and_then(reqwest::Body::as_bytes)
            .unwrap_or_default();
        let is_form = headers.iter().any(|(n, v)| {
            n == "content-type" && v.starts_with("application/x-www-form-urlencoded")
        });
        let body = if is_form {
            redact_form(raw_body)
        } else {
            redact_json(raw_body)
        };
        Self {
            method: request.method().as_str().to_owned(),
            path: url.path().to_owned(),
            query: url.query_pairs().into_owned().collect(),
            raw_query: url.query().unwrap_or_default().to_owned(),
            headers,
            body,
        }
    }
}

/// A JSON body with secret values replaced; any other body as it is.
fn redact_json(body: &[u8]) -> Vec<u8> {
    fn walk(value: &mut serde_json::Value) -> bool {
        let mut changed = false;
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if SECRET_KEYS.contains(&key.as_str()) && inner.is_string() {
                        *inner = serde_json::Value::String(REDACTED.to_owned());
                        changed = true;
                    } else {
                        changed |= walk(inner);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for inner in items {
                    changed |= walk(inner);
                }
            }
            _ => {}
        }
        changed
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    if !walk(&mut value) {
        return body.to_vec();
    }
    serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
}

fn redact_form(body: &[u8]) -> Vec<u8> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(body) {
        let value = if SECRET_FIELDS.contains(&name.as_ref()) {
            REDACTED.into()
        } else {
            value
        };
        out.append_pair(&name, &value);
    }
    out.finish().into_bytes()
}

/// A request reduced for snapshots; see [`RecordedRequest::shape`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RequestShape {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// `name=value` pairs, sorted.
    pub query: Vec<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Authorization` header, always redacted.
    pub authorization: Option<String>,
    /// The body.
    pub body: Body,
}

/// A request body as a snapshot shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Body {
    /// No body.
    None,
    /// A JSON body.
    Json(serde_json::Value),
    /// A form body, fields sorted, secrets redacted.
    Form(BTreeMap<String, String>),
    /// Any other body, as text.
    Text(String),
}

/// A response that a [`MockTransport`] answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl MockResponse {
    /// A response with this status and no body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON response, as Help Scout sends them (`application/hal+json`).
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        let body = serde_json::to_vec(body).unwrap_or_default();
        Self::status(status)
            .header("content-type", "application/hal+json;charset=UTF-8")
            .body(body)
    }

    /// `201 Created` with the new id in `Resource-ID` and `Location`, as Help Scout answers a
    /// create.
    pub fn created(location: &str, id: i64) -> Self {
        Self::status(201)
            .header("resource-id", &id.to_string())
            .header(
                "location",
                &format!("https://api.helpscout.net{location}/{id}"),
            )
    }

    /// `204 No Content`, the answer to updates and deletes.
    pub fn no_content() -> Self {
        Self::status(204)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub(crate) fn into_reqwest(self) -> reqwest::Response {
        let mut builder = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        // Fallback for a status or header the http crate rejects: a plain 500 says the mock
        // was misconfigured without panicking inside the client.
        let response = builder.body(self.body).unwrap_or_else(|_| {
            http::Response::builder()
                .status(500)
                .body(Vec::new())
                .unwrap_or_default()
        });
        reqwest::Response::from(response)
    }
}

type Handler = dyn Fn(&RecordedRequest) -> MockResponse + Send + Sync;

/// Records requests and answers them with a handler, in process: nothing touches a socket.
///
/// Cheap to clone; clones share the log, so keep one to inspect what the client sent.
#[derive(Clone)]
pub struct MockTransport {
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockTransport")
            .field("requests", &self.requests().len())
            .finish_non_exhaustive()
    }
}

impl MockTransport {
    /// A transport that answers every request with `handler`'s response.
    pub fn new(handler: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static) -> Self {
        Self {
            handler: Arc::new(handler),
            log: Arc::default(),
        }
    }

    /// Every request sent so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets the requests recorded so far.
    pub fn clear(&self) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub(crate) fn send(&self, request: &reqwest::Request) -> reqwest::Response {
        let recorded = RecordedRequest::capture(request);
        let response = (self.handler)(&recorded);
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(recorded);
        response.into_reqwest()
    }
}
