//! `hs api METHOD PATH`: any call of the API, for what the commands do not cover.
//!
//! The crate has no public way to send an arbitrary request through its runtime yet (a gap
//! this command reports to the library). So the token comes from the crate's client (the
//! same credentials, grant and refresh-token rotation as every command), and the request
//! goes out here, with its own answer to a 429: wait `X-RateLimit-Retry-After` and retry, a
//! few times. The client's pacing does not see these requests.

use std::io::Read;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use serde_json::Value;

use crate::exit::{self, Failure, Kind};
use crate::session::Session;

/// How often a rate-limited request is sent in all.
const ATTEMPTS: u32 = 3;
/// The longest rate-limit wait honoured.
const MAX_WAIT: Duration = Duration::from_secs(65);
/// The most of an error body quoted in the message.
const MAX_MESSAGE_CHARS: usize = 300;

/// Arguments of `hs api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// GET, POST, PUT, PATCH or DELETE
    pub method: String,
    /// The path under the base URL, such as /v2/conversations?status=all
    pub path: String,
    /// A JSON body: the JSON itself, @FILE, or - for stdin
    #[arg(long, short = 'd', value_name = "JSON")]
    pub data: Option<String>,
}

/// Runs `hs api`.
pub async fn run(session: &Session, args: ApiArgs) -> Result<()> {
    let method = match args.method.to_ascii_uppercase().as_str() {
        "GET" => reqwest::Method::GET,
        "POST" => reqwest::Method::POST,
        "PUT" => reqwest::Method::PUT,
        "PATCH" => reqwest::Method::PATCH,
        "DELETE" => reqwest::Method::DELETE,
        other => {
            return Err(exit::usage(format!(
                "`{other}` is not GET, POST, PUT, PATCH or DELETE"
            )));
        }
    };
    if !args.path.starts_with('/') || args.path.starts_with("//") {
        return Err(exit::usage(
            "the path must start with / (it is appended to the base URL)",
        ));
    }
    let body = args.data.as_deref().map(read_body).transpose()?;

    // Any call makes the client obtain a token through its usual grant.
    if session.token.get().is_none() {
        session.client.users().me().await?;
    }
    let token = session
        .token
        .get()
        .ok_or_else(|| exit::auth("the client obtained no access token"))?;

    let http = reqwest::Client::builder()
        .user_agent(concat!("hs/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .context("cannot set up the HTTP client")?;
    let url = format!("{}{}", session.base_url, args.path);
    let mut attempt = 1;
    let response = loop {
        let mut request = http
            .request(method.clone(), &url)
            .bearer_auth(token.access_token().expose());
        if let Some(body) = &body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.clone());
        }
        let response = request.send().await.map_err(|e| Failure {
            kind: Kind::Network,
            message: format!("{method} {}: {}", args.path, e.without_url()),
        })?;
        let wait = retry_after(&response);
        match wait {
            Some(wait)
                if response.status().as_u16() == 429 && attempt < ATTEMPTS && wait <= MAX_WAIT =>
            {
                if !session.out.quiet() {
                    crate::output::note!("rate limited: waiting {} s", wait.as_secs());
                }
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            _ => break response,
        }
    };
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.context("cannot read the response")?;
    let correlation = headers
        .get("correlation-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if !status.is_success() {
        return Err(failure(
            status.as_u16(),
            &text,
            correlation.as_deref(),
            retry_after_headers(&headers),
        ));
    }
    match serde_json::from_str::<Value>(&text) {
        // An answer of any shape: JSON unless another machine format is asked for.
        Ok(value) if session.out.format() == crate::output::Format::Table => {
            crate::output::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&value)?))
        }
        Ok(value) => session.out.one(&value),
        Err(_) if text.trim().is_empty() => {
            let id = headers
                .get("resource-id")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<i64>().ok());
            match id {
                Some(id) => session.out.created("resource", Some(id)),
                None => {
                    session.out.done(&format!("HTTP {}", status.as_u16()));
                    Ok(())
                }
            }
        }
        Err(_) => crate::output::write_stdout(&text),
    }
}

/// The body of `--data`: inline JSON, `@file` or `-` for stdin, checked to be JSON.
fn read_body(data: &str) -> Result<Vec<u8>> {
    let text = match data {
        "-" => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read stdin")?;
            text
        }
        file if file.starts_with('@') => std::fs::read_to_string(&file[1..])
            .with_context(|| format!("cannot read {}", &file[1..]))?,
        inline => inline.to_owned(),
    };
    serde_json::from_str::<Value>(&text)
        .map_err(|e| exit::usage(format!("--data is not JSON: {e}")))?;
    Ok(text.into_bytes())
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    retry_after_headers(response.headers())
}

fn retry_after_headers(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get("x-ratelimit-retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// The error of a failed call, with its exit code by status and Help Scout's message.
fn failure(
    status: u16,
    body: &str,
    correlation: Option<&str>,
    wait: Option<Duration>,
) -> anyhow::Error {
    let kind = match status {
        400 | 412 | 422 => Kind::Validation,
        401 | 403 => Kind::Auth,
        404 | 410 => Kind::NotFound,
        429 => Kind::RateLimited,
        500..=599 => Kind::Server,
        _ => Kind::Other,
    };
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let message = parsed
        .as_ref()
        .and_then(|v| v.get("message").or_else(|| v.get("error_description")))
        .and_then(Value::as_str)
        .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect::<String>());
    let mut text = format!("Help Scout answered HTTP {status}");
    if let Some(message) = message {
        text.push_str(&format!(": {message}"));
    }
    let fields: Vec<String> = parsed
        .as_ref()
        .and_then(|v| v.pointer("/_embedded/errors"))
        .and_then(Value::as_array)
        .map(|errors| {
            errors
                .iter()
                .take(20)
                .map(|e| {
                    let path = e.get("path").and_then(Value::as_str).unwrap_or("?");
                    let message = e
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("invalid");
                    format!("{path}: {message}")
                })
                .collect()
        })
        .unwrap_or_default();
    if !fields.is_empty() {
        text.push_str(&format!(" ({})", fields.join("; ")));
    }
    if let Some(wait) = wait {
        text.push_str(&format!("; retry after {} s", wait.as_secs()));
    }
    if let Some(id) = correlation {
        text.push_str(&format!("; correlation id {id}"));
    }
    Failure {
        kind,
        message: text,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_carry_status_fields_and_ids() {
        let body = r#"{"message":"Bad request","_embedded":{"errors":[{"path":"subject","message":"may not be empty"}]}}"#;
        let error = failure(400, body, Some("abc"), None);
        assert_eq!(Kind::of(&error), Kind::Validation);
        let text = error.to_string();
        assert!(
            text.contains("subject: may not be empty") && text.contains("abc"),
            "{text}"
        );
        assert_eq!(
            Kind::of(&failure(404, "<html>", None, None)),
            Kind::NotFound
        );
        assert_eq!(Kind::of(&failure(503, "", None, None)), Kind::Server);
        assert!(
            failure(429, "", None, Some(Duration::from_secs(7)))
                .to_string()
                .contains("retry after 7 s")
        );
    }

    #[test]
    fn bodies_must_be_json() {
        assert!(read_body("{\"a\":1}").is_ok());
        assert!(read_body("{oops").is_err());
    }
}
