//! Reading response bodies with a cap, so that no server can make the client hold more than
//! it agreed to: a success body above the client's limit fails the call, an error body is
//! cut to what an error message can use, and neither is read twice.

use reqwest::header::CONTENT_LENGTH;

use super::ResponseFacts;

/// The most of an error body read from the network. Help Scout's error bodies are a few
/// hundred bytes; the rest of a longer one (a proxy's page, a runaway stream) is left unread
/// and its connection closed, on every attempt.
pub(crate) const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// How a body read ended when it did not produce a body.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    /// The connection broke or timed out while the body was read.
    Transport(reqwest::Error),
    /// The body is longer than `limit` bytes: announced so by `Content-Length` (`declared`),
    /// or found so while it streamed in.
    TooLarge {
        /// The cap that was exceeded.
        limit: u64,
        /// The `Content-Length` the server announced, when it announced one.
        declared: Option<u64>,
    },
}

/// The `Content-Length` a response announced, if it is a number.
fn declared_length(response: &reqwest::Response) -> Option<u64> {
    response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|text| text.trim().parse().ok())
}

/// Reads the whole body, failing as soon as it is known to exceed `limit` bytes: before a
/// byte is read when `Content-Length` says so, else at the chunk that crosses the limit.
/// Memory stays within `limit` plus one chunk either way, and dropping the response closes
/// the connection instead of draining the rest.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, ReadFailure> {
    let declared = declared_length(response);
    if declared.is_some_and(|length| length > limit) {
        return Err(ReadFailure::TooLarge { limit, declared });
    }
    // Reserve what was announced (it is within the limit), so that a large page grows once.
    let capacity = declared.map_or(0, |length| usize::try_from(length).unwrap_or(0));
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Transport)? {
        let total = u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
        if total > limit {
            return Err(ReadFailure::TooLarge { limit, declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads up to `limit` bytes of a body and ignores the rest. A read failure ends the body
/// early rather than hiding the status behind a transport error: for an error response the
/// status says more than the body.
pub(crate) async fn read_prefix(response: &mut reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let take = chunk.len().min(limit - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// A copy of `response`'s status, version and headers around `body`, with the facts read
/// from its headers in its extensions: what the hooks hand to the generated code once the
/// body has been read within its limits, and where the error mapping finds the facts.
pub(crate) fn with_body(
    response: &reqwest::Response,
    body: Vec<u8>,
    facts: ResponseFacts,
) -> reqwest::Response {
    let mut copy = http::Response::new(body);
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    copy.extensions_mut().insert(facts);
    reqwest::Response::from(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: Vec<u8>, content_length: Option<&str>) -> reqwest::Response {
        let mut response = http::Response::new(body);
        if let Some(length) = content_length {
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, length.parse().unwrap());
        }
        reqwest::Response::from(response)
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_read_whole() {
        let mut ok = response(b"0123456789".to_vec(), Some("10"));
        assert_eq!(read_limited(&mut ok, 10).await.unwrap(), b"0123456789");
        // An announced length that is not a number is ignored; the count still applies.
        let mut odd = response(b"abc".to_vec(), Some("lots"));
        assert_eq!(read_limited(&mut odd, 3).await.unwrap(), b"abc");
    }

    #[tokio::test]
    async fn an_announced_length_over_the_limit_fails_before_reading() {
        let mut big = response(Vec::new(), Some("1073741824"));
        match read_limited(&mut big, 1024).await {
            Err(ReadFailure::TooLarge { limit, declared }) => {
                assert_eq!((limit, declared), (1024, Some(1_073_741_824)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_body_that_grows_past_the_limit_fails_without_a_declared_length() {
        let mut big = response(vec![b'x'; 11], None);
        match read_limited(&mut big, 10).await {
            Err(ReadFailure::TooLarge { limit, declared }) => {
                assert_eq!((limit, declared), (10, None));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_error_body_is_cut_to_its_prefix() {
        let mut long = response(vec![b'e'; 100], None);
        assert_eq!(read_prefix(&mut long, 8).await, b"eeeeeeee");
        let mut short = response(b"no".to_vec(), None);
        assert_eq!(read_prefix(&mut short, 8).await, b"no");
    }
}
