//! From what came back to an [`Error`]: a response that is not a success, a failure of the
//! generated client, a failure of the request hooks.

use std::time::Instant;

use http::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;
use super::api::{ApiError, RateLimited, ValidationError};
use super::limits::{DeadlineExceeded, ResponseTooLarge};
use super::transport::{DecodeError, TransportError, decode_json};
use crate::raw::{HookFailure, ResponseFacts, read_prefix};

/// The most of an error body read from the network before it is parsed; a longer body is
/// cut, and only its start is parsed and kept.
pub(crate) const MAX_BODY_READ_BYTES: usize = crate::raw::MAX_ERROR_BODY_BYTES;

/// Builds the error for a response that is not a success from its status, the facts of its
/// headers (`Correlation-Id`, `Location`, the rate-limit figures, as the runtime read them)
/// and its body, which is parsed leniently; never fails and never panics, whatever the bytes.
///
/// A 3xx without a readable `Location` becomes [`Error::Api`], as there is nothing to
/// follow; so does a 2xx, should one be passed in.
pub(crate) fn from_answer(
    status: u16,
    facts: &ResponseFacts,
    body: &[u8],
    operation: &str,
) -> Error {
    // quirk Q15: a merged conversation answers 301 with its new `Location`.
    if matches!(status, 301 | 302 | 303 | 307 | 308)
        && let Some(location) = &facts.location
    {
        return Error::Moved {
            status,
            location: location.clone(),
            new_id: facts.location_id,
            correlation_id: facts.correlation_id.clone(),
        };
    }
    let response = ApiError::from_parts(status, facts, body, operation);
    match status {
        400 => Error::Validation(ValidationError(response)),
        401 => Error::Unauthorized(response),
        403 => Error::Forbidden(response),
        404 => Error::NotFound(response),
        412 => Error::PreconditionFailed(response),
        429 => Error::RateLimited(RateLimited::from_response(response, facts)),
        _ => Error::Api(response),
    }
}

/// [`from_answer`] for a response that did not pass the runtime, whose facts are read here by
/// the same reader.
pub(crate) fn from_response(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    operation: &str,
) -> Error {
    // The instant dates rate-limit figures, of which an error keeps only the numbers.
    let facts = ResponseFacts::read(headers, Instant::now());
    from_answer(status, &facts, body, operation)
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
            // The runtime read the facts of every response it hands on; a response from
            // elsewhere is read here by the same code.
            let facts = match response.extensions_mut().remove::<ResponseFacts>() {
                Some(facts) => facts,
                None => ResponseFacts::read(response.headers(), Instant::now()),
            };
            let body = read_prefix(&mut response, MAX_BODY_READ_BYTES).await;
            from_answer(status, &facts, &body, operation)
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
