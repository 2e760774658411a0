//! Sending one delivery: the PHP-style JSON body, the loopback-only rule, and the task that
//! takes the queue in order.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use serde::Serialize;

use helpscout_mailbox::webhooks::{EVENT_HEADER, SIGNATURE_HEADER, sign};

use super::{DeliveryOutcome, Job, Worker};

/// Serialises as Help Scout's PHP backend does: compact, with `/` written `\/` and every
/// non-ASCII character as `\uXXXX` (UTF-16 units, lower-case hex).
pub(crate) fn php_json<T: Serialize>(value: &T) -> Option<String> {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PhpFormatter);
    value.serialize(&mut serializer).ok()?;
    String::from_utf8(out).ok()
}

struct PhpFormatter;

impl serde_json::ser::Formatter for PhpFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, ch) in fragment.char_indices() {
            if ch != '/' && ch.is_ascii() {
                continue;
            }
            writer.write_all(fragment.get(start..i).unwrap_or_default().as_bytes())?;
            if ch == '/' {
                writer.write_all(b"\\/")?;
            } else {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
            start = i + ch.len_utf8();
        }
        writer.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
    }
}

/// Why `url` may not be delivered to, if it may not: only `http`/`https` to 127.0.0.0/8,
/// `::1` or `localhost` (which the client resolves to those, never through DNS).
pub(crate) fn refusal(url: &str) -> Option<String> {
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(error) => return Some(format!("not a valid URL: {error}")),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Some(format!("scheme `{}` is not http or https", parsed.scheme()));
    }
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).to_canonical().is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    (!loopback).then(|| {
        format!(
            "`{}` is not a loopback address; the simulator only delivers to 127.0.0.0/8, ::1 \
             and localhost",
            parsed.host_str().unwrap_or_default()
        )
    })
}

/// The delivery task: takes the queue in order until every sender is gone.
pub(crate) async fn run(worker: Worker) {
    let Worker {
        mut jobs,
        log,
        timeout,
    } = worker;
    // No proxies (they could be anywhere), no redirects (they could lead anywhere), and
    // `localhost` pinned to loopback instead of resolved.
    let client = helpscout_mailbox::tls::http_client_builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .resolve_to_addrs(
            "localhost",
            &[
                SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
                SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 0),
            ],
        )
        .build();
    while let Some(job) = jobs.recv().await {
        let outcome = match (&client, refusal(&job.url), &job.body) {
            (_, Some(reason), _) => DeliveryOutcome::Refused(reason),
            (_, None, None) => {
                DeliveryOutcome::Failed("the payload could not be serialised".into())
            }
            (Err(error), None, Some(_)) => {
                DeliveryOutcome::Failed(format!("no HTTP client: {error}"))
            }
            (Ok(client), None, Some(body)) => send(client, &job, body).await,
        };
        log.record(job.into_delivery(outcome));
    }
}

async fn send(client: &reqwest::Client, job: &Job, body: &str) -> DeliveryOutcome {
    let signature = sign(&job.secret, body.as_bytes());
    let sent = client
        .post(&job.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(EVENT_HEADER, job.event.as_str())
        .header(SIGNATURE_HEADER, signature)
        .body(body.to_owned())
        .send()
        .await;
    match sent {
        Ok(response) => DeliveryOutcome::Answered(response.status().as_u16()),
        Err(error) if error.is_timeout() => {
            DeliveryOutcome::Failed(format!("timed out: {}", error_chain(&error)))
        }
        Err(error) => DeliveryOutcome::Failed(error_chain(&error)),
    }
}

/// An error and its sources, on one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_style_escapes_slashes_and_non_ascii() {
        let body = php_json(&serde_json::json!({
            "url": "https://x.test/a/b",
            "name": "Zoë 😀",
            "quote": "\"\n",
        }));
        let body = body.unwrap_or_default();
        assert!(body.contains(r#""url":"https:\/\/x.test\/a\/b""#), "{body}");
        assert!(body.contains(r#""name":"Zo\u00eb \ud83d\ude00""#), "{body}");
        assert!(body.contains(r#""quote":"\"\n""#), "{body}");
        let back: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(back["name"], "Zoë 😀");
    }

    #[test]
    fn only_loopback_urls_are_delivered_to() {
        for ok in [
            "http://127.0.0.1:8080/hook",
            "http://127.1.2.3/hook",
            "http://[::1]:9/hook",
            "https://localhost/hook",
            "http://LOCALHOST:1/",
        ] {
            assert_eq!(refusal(ok), None, "{ok}");
        }
        for refused in [
            "https://hooks.example/helpscout",
            "http://10.0.0.1/",
            "http://localhost.example.com/",
            "http://0.0.0.0:80/",
            "ftp://127.0.0.1/",
            "not a url",
        ] {
            assert!(refusal(refused).is_some(), "{refused}");
        }
    }
}
