//! The HTTP server: a hyper HTTP/1.1 accept loop on loopback in front of the axum router.
//!
//! The loop is hand-written (instead of `axum::serve`) so that a fault can close a connection
//! without any response, which a router cannot do. Faults, latency, the request log and the
//! `Correlation-Id` header are applied here, around the router, and the answers hyper writes
//! on its own get their error body in `parse_errors`.

use std::fmt;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::service::Service as _;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::http::{self, Problem, ShapedParseErrors};
use crate::runtime::faults::{self, Fault};
use crate::runtime::{ReceivedRequest, Shared};
use crate::state::lock;

/// The most requests the log keeps; older ones are forgotten.
const LOG_CAP: usize = 10_000;

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until `shutdown` fires (or its sender is dropped), then aborts every
/// open connection.
pub(crate) async fn serve(
    listener: TcpListener,
    sim: Arc<Shared>,
    router: Router,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let sim = Arc::clone(&sim);
                let router = router.clone();
                connections.spawn(async move {
                    let stream = ShapedParseErrors::new(stream, Arc::clone(&sim.stamps));
                    let service = hyper::service::service_fn(move |request| {
                        handle(Arc::clone(&sim), router.clone(), request)
                    });
                    // A failed connection (a client hanging up, a dropped fault) ends quietly.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

async fn handle(
    sim: Arc<Shared>,
    router: Router,
    request: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let settings = sim.settings();
    let (fault, delay) = if path == "/v2/oauth2/token" || !settings.faults.is_active() {
        (Fault::None, std::time::Duration::ZERO)
    } else {
        faults::draw(&settings.faults, &mut lock(&sim.faults_rng))
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let record = |status: Option<u16>, fault: Option<&'static str>| {
        let mut log = lock(&sim.log);
        if log.len() >= LOG_CAP {
            log.remove(0);
        }
        log.push(ReceivedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            status,
            fault,
        });
    };
    let mut response = match fault {
        Fault::Drop => {
            record(None, Some("drop"));
            return Err(Dropped);
        }
        Fault::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = match code {
                504 => "Gateway Timeout: an internal call timed out; the request can be retried",
                _ => "Internal server error",
            };
            http::problem_response(&sim.stamps, Problem::Status(status, message.to_owned()))
        }
        Fault::None | Fault::Truncate => {
            match TowerToHyperService::new(router).call(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    };
    let correlation = sim.stamps.correlation_id();
    if let Ok(value) = HeaderValue::from_str(&correlation) {
        response.headers_mut().insert("Correlation-Id", value);
    }
    let status = response.status().as_u16();
    if fault == Fault::Truncate {
        record(Some(status), Some("truncate"));
        return Ok(truncate(response).await);
    }
    record(
        Some(status),
        matches!(fault, Fault::Status(_)).then_some("status"),
    );
    Ok(response)
}

/// Sends half the body under the full `Content-Length`, then fails the body so the
/// connection closes mid-response.
async fn truncate(response: Response<Body>) -> Response<Body> {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    // The pause lets hyper flush the head and the first half before the body fails, so the
    // client sees a response whose body breaks off rather than no response at all.
    let chunks = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                1 => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    Some((
                        Err(std::io::Error::other("body truncated by fault injection")),
                        2,
                    ))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}
