//! The browser half of `hs auth login --browser`: print the authorization URL, wait on a
//! loopback port for Help Scout's redirect, check its `state`, return the code.

use std::time::Duration;

use anyhow::{Context, Result};
use rand::RngCore;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::exit;

/// The most of a request head read from the browser.
const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// How long one browser connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What the redirect brought.
pub struct Redirect {
    pub code: String,
    pub redirect_uri: String,
}

/// Listens on `127.0.0.1:port` (any free port for 0), prints where to go, and waits up to
/// `timeout` for the redirect to `/callback` with the `state` generated here.
pub async fn authorize(app_id: &str, port: u16, timeout: Duration) -> Result<Redirect> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} for the redirect"))?;
    let port = listener.local_addr()?.port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let state = random_state();
    let url = helpscout_mailbox::auth::authorize_url(app_id, Some(&state));
    crate::output::note!("Open this URL in a browser and approve the app:");
    crate::output::note!("  {url}");
    crate::output::note!(
        "The app's Redirection URL (Your Profile > My Apps) must be {redirect_uri}"
    );
    crate::output::note!("Waiting for the redirect...");
    let code = tokio::time::timeout(timeout, wait_for_code(&listener, &state))
        .await
        .map_err(|_| {
            exit::auth(format!(
                "no redirect within {} s; run `hs auth login --browser` again",
                timeout.as_secs()
            ))
        })??;
    Ok(Redirect { code, redirect_uri })
}

/// 32 random bytes as hex: the OAuth `state` that ties the redirect to this login.
fn random_state() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Serves connections until one is the redirect: a code with the right state, an error,
/// or a wrong state (which ends the login: someone else's redirect must not be retried).
async fn wait_for_code(listener: &TcpListener, state: &str) -> Result<String> {
    loop {
        let (mut stream, _) = listener
            .accept()
            .await
            .context("the redirect listener failed")?;
        let Some(target) = read_target(&mut stream).await else {
            respond(&mut stream, 400, "Bad request.").await;
            continue;
        };
        let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
        if path != "/callback" {
            respond(&mut stream, 404, "Not found.").await;
            continue;
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        if get("state").as_deref() != Some(state) {
            respond(
                &mut stream,
                400,
                "This sign-in was not started here (state mismatch).",
            )
            .await;
            return Err(exit::auth(
                "the redirect's state does not match this login (possible cross-site request forgery); nothing was stored",
            ));
        }
        if let Some(error) = get("error") {
            respond(&mut stream, 400, "Authorization was not granted.").await;
            let error: String = error.chars().take(100).collect();
            return Err(exit::auth(format!(
                "Help Scout did not authorize the app: {error}"
            )));
        }
        let Some(code) = get("code").filter(|c| !c.is_empty()) else {
            respond(&mut stream, 400, "The redirect carried no code.").await;
            return Err(exit::auth("the redirect carried no authorization code"));
        };
        respond(
            &mut stream,
            200,
            "Signed in. You can close this tab and return to the terminal.",
        )
        .await;
        return Ok(code);
    }
}

/// The request target of an HTTP request line (`GET /callback?... HTTP/1.1`), if the head
/// arrives in time and within the size limit.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST_BYTES {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Some(())
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.ok()??;
    let line = head.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end();
    let mut parts = line.split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Some(target.to_owned()),
        _ => None,
    }
}

async fn respond(stream: &mut TcpStream, status: u16, text: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let body = format!("<!doctype html><title>hs</title><p>{text}</p>\n");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone; the login's outcome does not depend on this page.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_random_hex() {
        let (a, b) = (random_state(), random_state());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
