//! A request read completely, before any handler sees it: method, path, decoded query, path
//! parameters, headers and the body, bounded by [`BODY_LIMIT`].

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};

use super::reply::Problem;

/// The largest request body accepted (attachments travel base64-encoded inside JSON).
pub(crate) const BODY_LIMIT: usize = 32 * 1024 * 1024;

/// One request, read completely, with what the answer's links and pages depend on.
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) raw_query: Option<String>,
    query: Vec<(String, String)>,
    params: Vec<(String, String)>,
    headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The simulator's base URL, which every link of the answer starts with.
    pub(crate) base_url: String,
    /// Whether empty pages take the form before 2019-07-09 (no `_embedded`), as set when the
    /// request arrived.
    pub(crate) legacy_empty_pages: bool,
}

impl Incoming {
    /// Reads `request` whole. A body over [`BODY_LIMIT`] is a 413; one whose
    /// `Content-Length` announces that is refused before any of it is read.
    pub(crate) async fn read(
        request: Request,
        base_url: String,
        legacy_empty_pages: bool,
    ) -> Result<Self, Problem> {
        let (mut parts, body) = request.into_parts();
        let params = RawPathParams::from_request_parts(&mut parts, &())
            .await
            .map(|raw| {
                raw.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let too_large = || {
            Problem::Status(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request entity too large".to_owned(),
            )
        };
        let announced = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if announced.is_some_and(|n| n > BODY_LIMIT as u64) {
            return Err(too_large());
        }
        let body = axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|_| too_large())?;
        let raw_query = parts.uri.query().map(str::to_owned);
        let query = raw_query
            .as_deref()
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            method: parts.method,
            path: parts.uri.path().to_owned(),
            raw_query,
            query,
            params,
            headers: parts.headers,
            body,
            base_url,
            legacy_empty_pages,
        })
    }

    /// The first value of a query parameter.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every query parameter, decoded, in request order.
    pub(crate) fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Every value of a (repeatable) query parameter.
    pub(crate) fn query_all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean query parameter (`true`/`1`).
    pub(crate) fn flag(&self, name: &str) -> bool {
        matches!(self.query(name), Some("true" | "1" | "TRUE" | "True"))
    }

    /// A header as text, when it is visible ASCII.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A header as text even when it is not visible ASCII (lossy), so that a garbled value
    /// is told apart from a missing one.
    pub(crate) fn header_lossy(&self, name: &str) -> Option<Cow<'_, str>> {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()))
    }

    /// A path parameter as text.
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// A numeric path parameter; anything else is a 404, as no such resource exists.
    pub(crate) fn id(&self, name: &str) -> Result<i64, Problem> {
        self.param(name)
            .parse()
            .map_err(|_| Problem::not_found("Resource"))
    }

    /// An absolute URL on this simulator.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}
