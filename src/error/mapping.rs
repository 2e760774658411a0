//! From what came back to an [`Error`]: a response that is not a success, a failure of the
//! generated client, a failure of the request hooks.

use http::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;
use super::api::{ApiError, RateLimited, ValidationError};
use super::body::clean_message;
use super::limits::{DeadlineExceeded, ResponseTooLarge};
use super::transport::{DecodeError, TransportError, decode_json};
use crate::raw::{HookFailure, read_prefix};

/// The most of an error body read from the network before it is parsed; a longer body is
/// cut, and only its start is parsed and kept.
pub(crate) const MAX_BODY_READ_BYTES: usize = crate::raw::MAX_ERROR_BODY_BYTES;

/// Builds the error for a response that is not a success. Picks the variant by status,
/// reads `Correlation-Id`, `Location` and the rate-limit headers, and parses the body
/// leniently; never fails and never panics, whatever the bytes.
///
/// A 3xx without a readable `Location` becomes [`Error::Api`], as there is nothing to
/// follow; so does a 2xx, should one be passed in.
pub(crate) fn from_response(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    operation: &str,
) -> Error {
    if matches!(status, 301 | 302 | 303 | 307 | 308)
        && let Some(location) = header_text(headers, "location").filter(|l| !l.is_empty())
    {
        return Error::Moved {
            status,
            location: location.to_owned(),
            new_id: trailing_id(location),
            correlation_id: correlation_id(headers),
        };
    }
    let response = ApiError::from_parts(status, headers, body, operation);
    match status {
        400 => Error::Validation(ValidationError(response)),
        401 => Error::Unauthorized(response),
        403 => Error::Forbidden(response),
        404 => Error::NotFound(response),
        412 => Error::PreconditionFailed(response),
        429 => Error::RateLimited(RateLimited::from_response(response, headers)),
        _ => Error::Api(response),
    }
}

/// Maps every failure of a generated (raw) operation to an [`Error`]: the one place where
/// `progenitor_client::Error` is taken apart. `T` is the operation's success type, used to
/// decode a rejected payload again and find the path that failed.
///
/// Reads at most [`MAX_BODY_READ_BYTES`] of an unexpected response's body.
pub(crate) async fn from_progenitor<T: DeserializeOwned, E>(
    operation: &str,
    error: progenitor_client::Error<E>,
) -> Error {
    use progenitor_client::Error as Raw;
    match error {
        Raw::InvalidRequest(message) => Error::InvalidRequest(message),
        Raw::CommunicationError(error)
        | Raw::InvalidUpgrade(error)
        | Raw::ResponseBodyError(error) => Error::Transport(TransportError::from_reqwest(error)),
        // The raw client declares no typed error responses (`E` is `()`), so the body was
        // not kept; status and headers still classify the failure.
        Raw::ErrorResponse(response) => from_response(
            response.status().as_u16(),
            response.headers(),
            b"",
            operation,
        ),
        Raw::InvalidResponsePayload(body, error) => match decode_json::<T>(operation, &body) {
            Err(decoded) => decoded,
            // serde_path_to_error accepted what serde_json rejected; keep serde_json's word.
            Ok(_) => Error::Decode(DecodeError::new(operation, &body, error, None)),
        },
        Raw::UnexpectedResponse(mut response) => {
            // The hooks could not authenticate the request; they carry the typed failure in
            // the synthetic response they return (see `raw::HookFailure`).
            if let Some(failure) = response.extensions().get::<HookFailure>() {
                return from_hook_failure(operation, failure);
            }
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let body = read_prefix(&mut response, MAX_BODY_READ_BYTES).await;
            from_response(status, &headers, &body, operation)
        }
        // Only this crate's own hooks produce `Custom`, to refuse a request before sending it.
        Raw::Custom(message) => Error::InvalidRequest(message),
    }
}

/// The error for a failure of the request hooks themselves (see `raw::HookFailure`).
fn from_hook_failure(operation: &str, failure: &HookFailure) -> Error {
    match failure {
        HookFailure::Auth(error) => Error::Auth((**error).clone()),
        HookFailure::TooLarge { limit, declared } => Error::ResponseTooLarge(ResponseTooLarge {
            operation: operation.to_owned(),
            limit: *limit,
            declared: *declared,
        }),
        HookFailure::DeadlineExceeded { deadline, attempts } => {
            Error::DeadlineExceeded(DeadlineExceeded {
                operation: operation.to_owned(),
                deadline: *deadline,
                attempts: *attempts,
            })
        }
        HookFailure::Unrepeatable => {
            Error::InvalidRequest("a streamed request body cannot be sent with retries".to_owned())
        }
    }
}

/// A header's value as trimmed text; `None` when absent or not visible ASCII.
// TODO(facade): share with rate_limit.rs and retry.rs (`Outcome::from_response`), which read
// headers the same way.
pub(super) fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

/// Help Scout's `Correlation-Id` (or a proxy's `X-Correlation-Id`), cut to a sane length.
/// `HeaderMap` lookups ignore case.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    ["correlation-id", "x-correlation-id"]
        .iter()
        .find_map(|name| header_text(headers, name).filter(|id| !id.is_empty()))
        .and_then(|id| clean_message(id, 128))
}

/// The id at the end of a location's path: `https://api.helpscout.net/v2/conversations/123`,
/// `/v2/conversations/123/`, `.../123?embed=threads` all give 123. Ids are positive.
pub(crate) fn trailing_id(location: &str) -> Option<i64> {
    let path = location.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse::<i64>().ok().filter(|id| *id > 0)
}
