//! Help Scout-shaped bodies for the answers hyper writes on its own.
//!
//! When hyper cannot parse a request head (a garbled request line: 400; a URI over its fixed
//! limit of 65,534 bytes: 414; a head over the read buffer: 431), it answers without calling
//! the service, with a bare status and no body, and closes the connection. No router or
//! middleware sees those requests, so the only place to give the answer the simulator's
//! error body is the connection's byte stream: [`ShapedParseErrors`] wraps it and replaces
//! such a bodiless answer with the same status, a `vnd.error` body and a `Correlation-Id`.
//!
//! Telling hyper's answers apart from the service's: every answer that comes from the
//! service carries `Correlation-Id` (added in `server.rs`), and hyper writes its own answer as
//! one buffer holding a head and nothing else. A write is replaced only when it is exactly
//! such a head, with status 400, 414 or 431 and no `Correlation-Id`.
//!
//! The wrapper does not offer vectored writes, so hyper copies each response's head and body
//! into one buffer before writing it: hyper's own answer, a small head and nothing else,
//! always arrives whole in one write. That costs a copy per response, nothing on loopback.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::reply::{self as hal, VND_ERROR};
use super::stamps::Stamps;

/// A connection whose parse-error answers get a Help Scout-shaped body.
pub(crate) struct ShapedParseErrors<S> {
    inner: S,
    stamps: Arc<Stamps>,
    /// A replacement answer not yet fully written, and how much of it is.
    pending: Vec<u8>,
    written: usize,
}

impl<S> ShapedParseErrors<S> {
    pub(crate) fn new(inner: S, stamps: Arc<Stamps>) -> Self {
        Self {
            inner,
            stamps,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<S: AsyncWrite + Unpin> ShapedParseErrors<S> {
    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(rest) = self.pending.get(self.written..).filter(|r| !r.is_empty()) {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, rest))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written = self.written.saturating_add(n);
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for ShapedParseErrors<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for ShapedParseErrors<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(head) = parse_error_head(buf) {
            let message = match head.status {
                StatusCode::URI_TOO_LONG => "URI Too Long: the request line is over 65534 bytes",
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "Request header fields too large",
                _ => "Bad request: the request line or a header could not be parsed",
            };
            let body = hal::status_body_bytes(&this.stamps, message.to_owned());
            this.pending = shaped_answer(&head, &body, &this.stamps.correlation_id());
            this.written = 0;
            // hyper's bytes count as written; the replacement goes out now, or on the flush
            // or shutdown that follows.
            if let Poll::Ready(Err(error)) = this.poll_pending(cx) {
                return Poll::Ready(Err(error));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// What is kept of hyper's own answer.
#[derive(Debug, PartialEq, Eq)]
struct ParseErrorHead<'a> {
    status: StatusCode,
    /// Its `date` header line, kept as is.
    date: Option<&'a str>,
}

/// `buf` as hyper's own parse-error answer: one whole head and nothing after it, status 400,
/// 414 or 431, no `Correlation-Id`, no body announced.
fn parse_error_head(buf: &[u8]) -> Option<ParseErrorHead<'_>> {
    let head = buf.strip_suffix(b"\r\n\r\n")?;
    if head.windows(4).any(|w| w == b"\r\n\r\n") {
        return None;
    }
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let code = status_line.strip_prefix("HTTP/1.1 ")?.get(..3)?;
    let status = match code {
        "400" => StatusCode::BAD_REQUEST,
        "414" => StatusCode::URI_TOO_LONG,
        "431" => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let mut date = None;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "correlation-id" | "content-type" | "transfer-encoding" => return None,
            "content-length" if value.trim() != "0" => return None,
            "date" => date = Some(line),
            _ => {}
        }
    }
    Some(ParseErrorHead { status, date })
}

/// The replacement: the same status, the error body, and `Connection: close` (hyper closes
/// the connection after a parse error either way).
fn shaped_answer(head: &ParseErrorHead<'_>, body: &[u8], correlation_id: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {VND_ERROR}\r\ncontent-length: {}\r\nconnection: close\r\ncorrelation-id: {correlation_id}\r\n",
        head.status.as_str(),
        head.status.canonical_reason().unwrap_or(""),
        body.len(),
    );
    if let Some(date) = head.date {
        out.push_str(date);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &str = "date: Tue, 02 Jun 2026 10:00:00 GMT";

    #[test]
    fn hypers_bare_answers_are_recognised() {
        for (code, status) in [
            ("400 Bad Request", StatusCode::BAD_REQUEST),
            ("414 URI Too Long", StatusCode::URI_TOO_LONG),
            (
                "431 Request Header Fields Too Large",
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ),
        ] {
            let wire = format!("HTTP/1.1 {code}\r\ncontent-length: 0\r\n{DATE}\r\n\r\n");
            assert_eq!(
                parse_error_head(wire.as_bytes()),
                Some(ParseErrorHead {
                    status,
                    date: Some(DATE)
                }),
                "{code}"
            );
        }
    }

    #[test]
    fn the_services_answers_are_left_alone() {
        for wire in [
            // Ours: a Correlation-Id.
            "HTTP/1.1 400 Bad Request\r\ncorrelation-id: sim-1\r\ncontent-length: 0\r\n\r\n",
            // A body follows the head.
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}",
            // A body is announced.
            "HTTP/1.1 414 URI Too Long\r\ncontent-length: 10\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n",
            // Another status, or not a head at all.
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\n\r\n",
            "{\"message\":\"HTTP/1.1 400\"}\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\n\r\nHTTP/1.1 400 Bad Request\r\n\r\n",
        ] {
            assert_eq!(parse_error_head(wire.as_bytes()), None, "{wire:?}");
        }
    }

    #[test]
    fn the_replacement_carries_the_body_and_keeps_the_date() {
        let head = ParseErrorHead {
            status: StatusCode::URI_TOO_LONG,
            date: Some(DATE),
        };
        let bytes = shaped_answer(&head, br#"{"message":"m"}"#, "sim-7");
        let text = String::from_utf8(bytes).expect("ASCII");
        assert!(text.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{text}");
        assert!(text.contains("\r\ncontent-length: 15\r\n"), "{text}");
        assert!(text.contains("\r\ncorrelation-id: sim-7\r\n"), "{text}");
        assert!(text.contains(&format!("\r\n{DATE}\r\n")), "{text}");
        assert!(text.ends_with("\r\n\r\n{\"message\":\"m\"}"), "{text}");
    }
}
