//! Where the runtime calls the [`Interceptor`]s: on each attempt, after pacing and the token,
//! with the token redacted; and on each answer, once its body was read.

use http::Uri;
use reqwest::header::AUTHORIZATION;

use crate::interceptor::{Interceptor, RequestParts, ResponseView, redacted_authorization};

/// The interceptors of one client, in the order they were registered.
pub(crate) type Interceptors = std::sync::Arc<[Box<dyn Interceptor>]>;

/// Runs every interceptor's `before_send` on `request`, which has no `Authorization` yet:
/// they see [`REDACTED_AUTHORIZATION`](crate::interceptor::REDACTED_AUTHORIZATION) there, and
/// the caller sets the real header after them, over whatever they left.
pub(super) fn before_send(
    interceptors: &[Box<dyn Interceptor>],
    request: &mut reqwest::Request,
    operation: &str,
    attempt: u32,
) {
    if interceptors.is_empty() {
        return;
    }
    // Taken out so that the headers can be lent mutably while method, URI and body are read.
    let mut headers = std::mem::take(request.headers_mut());
    headers.insert(AUTHORIZATION, redacted_authorization());
    // reqwest converts its URL to a URI the same way to send it, so this cannot fail for a
    // request that can be sent; the fallback only keeps a broken URL from panicking here.
    let uri: Uri = request.url().as_str().parse().unwrap_or_default();
    let mut parts = RequestParts {
        operation,
        attempt,
        method: request.method(),
        uri: &uri,
        headers: &mut headers,
        body: request.body().and_then(reqwest::Body::as_bytes),
    };
    for interceptor in interceptors {
        interceptor.before_send(&mut parts);
    }
    *request.headers_mut() = headers;
}

/// Runs every interceptor's `after_receive` on one answer.
pub(super) fn after_receive(interceptors: &[Box<dyn Interceptor>], view: &ResponseView<'_>) {
    for interceptor in interceptors {
        interceptor.after_receive(view);
    }
}
