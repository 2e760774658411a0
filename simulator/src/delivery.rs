//! Webhook deliveries: which registered webhooks an API change is sent to, the signed
//! PHP-style payload, the single delivery task, and the log of attempts.
//!
//! Handlers call [`Shared::emit`] while they still hold the data lock, after the change was
//! applied: the payload is rendered from the new state right there (only when some webhook
//! wants the event) and queued; the response is not held up. One task per simulator takes
//! the queue in order and POSTs each delivery with a short timeout, to loopback addresses
//! only, and records the outcome in [`DeliveryLog`].

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::{Notify, mpsc};

use helpscout_mailbox::models::{ConversationThreads, Timestamp, WebhookEvent, WebhookState};
use helpscout_mailbox::webhooks::{EVENT_HEADER, SIGNATURE_HEADER, sign};

use super::routes;
use super::state::{Data, Shared, WebhookRec, lock};
use super::{Delivery, DeliveryOutcome};

/// The most delivery records kept; older ones are forgotten (the count keeps growing).
const LOG_CAP: usize = 10_000;

/// A change made through the API that webhooks may subscribe to.
#[derive(Clone, Debug)]
pub(crate) enum Change {
    /// A `convo.*` event whose payload is the conversation as it is now.
    Conversation(WebhookEvent, i64),
    /// `convo.moved`: the conversation left mailbox `from` (filters on either mailbox match).
    Moved { id: i64, from: i64 },
    /// `convo.merged`: `from` was merged into `into`; the payload is `into`.
    Merged { from_mailbox: i64, into: i64 },
    /// `convo.deleted`: `{"id": ...}`.
    ConversationDeleted { id: i64, mailbox: i64 },
    /// `customer.created`, which ignores mailbox filters.
    CustomerCreated(i64),
    /// `customer.updated`.
    CustomerUpdated(i64),
    /// `customer.deleted`: `{"id": ...}`; `mailboxes` held its conversations.
    CustomerDeleted { id: i64, mailboxes: Vec<i64> },
    /// `tag.created`.
    TagCreated(i64),
}

/// The newest customer and tag ids before a request, to find those it created on the way
/// (a conversation or thread naming a new customer e-mail, a new tag name).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Marks {
    customer: i64,
    tag: i64,
}

impl Marks {
    pub(crate) fn take(d: &Data) -> Self {
        Self {
            customer: d.customers.keys().next_back().copied().unwrap_or(0),
            tag: d.tags.keys().next_back().copied().unwrap_or(0),
        }
    }
}

/// Which mailboxes an event concerns, for webhooks limited to some mailboxes.
enum Scope {
    /// Delivered whatever the filter (`customer.created`; tags, which have no mailbox).
    Any,
    /// Delivered when the webhook has no filter or its filter holds one of these.
    Mailboxes(Vec<i64>),
}

/// One queued delivery.
struct Job {
    webhook_id: i64,
    event: WebhookEvent,
    url: String,
    secret: String,
    /// `None` when the payload could not be serialised (recorded as a failure).
    body: Option<String>,
    at: DateTime<Utc>,
}

/// The queue into the delivery task and the log it writes.
pub(crate) struct Outbox {
    queue: mpsc::UnboundedSender<Job>,
    pub(crate) log: Arc<DeliveryLog>,
}

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox")
            .field("recorded", &lock(&self.log.inner).total)
            .finish_non_exhaustive()
    }
}

/// The delivery task's end of the queue; [`run`] it on the runtime.
pub(crate) struct Worker {
    jobs: mpsc::UnboundedReceiver<Job>,
    log: Arc<DeliveryLog>,
    timeout: Duration,
}

/// A new queue: the outbox for [`Shared`], the worker to spawn.
pub(crate) fn channel(timeout: Duration) -> (Outbox, Worker) {
    let (queue, jobs) = mpsc::unbounded_channel();
    let log = Arc::new(DeliveryLog::default());
    (
        Outbox {
            queue,
            log: Arc::clone(&log),
        },
        Worker { jobs, log, timeout },
    )
}

/// Every delivery attempt, and a way to wait for more.
#[derive(Debug, Default)]
pub(crate) struct DeliveryLog {
    inner: Mutex<LogInner>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct LogInner {
    records: VecDeque<Delivery>,
    /// Attempts recorded since the start (or the last clear), forgotten ones included.
    total: usize,
}

impl DeliveryLog {
    fn record(&self, delivery: Delivery) {
        {
            let mut inner = lock(&self.inner);
            if inner.records.len() >= LOG_CAP {
                inner.records.pop_front();
            }
            inner.records.push_back(delivery);
            inner.total += 1;
        }
        self.changed.notify_waiters();
    }

    pub(crate) fn all(&self) -> Vec<Delivery> {
        lock(&self.inner).records.iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        let mut inner = lock(&self.inner);
        inner.records.clear();
        inner.total = 0;
    }

    /// Waits until `done` holds for the recorded attempts (checked after each new one), or
    /// until `timeout`. Returns whether it held, and the records kept.
    pub(crate) async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(usize, &VecDeque<Delivery>) -> bool,
    ) -> (bool, Vec<Delivery>) {
        // `Duration::MAX` means "as long as it takes": capped instead of overflowing.
        let now = tokio::time::Instant::now();
        let deadline = now
            .checked_add(timeout)
            .or_else(|| now.checked_add(Duration::from_secs(30 * 365 * 86_400)))
            .unwrap_or(now);
        loop {
            let mut notified = std::pin::pin!(self.changed.notified());
            // Registered before the check, so a record made in between still wakes us.
            notified.as_mut().enable();
            let held = {
                let inner = lock(&self.inner);
                done(inner.total, &inner.records)
            };
            if held {
                return (true, self.all());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let inner = lock(&self.inner);
                let held = done(inner.total, &inner.records);
                return (held, inner.records.iter().cloned().collect());
            }
        }
    }
}

impl Shared {
    /// Queues `change` for every webhook that wants it: enabled, subscribed to the event,
    /// and (unless the event ignores them) with a mailbox filter that matches. Called by
    /// handlers after the change was applied, with the data lock still held.
    pub(crate) fn emit(&self, d: &Data, change: Change) {
        let (event, scope) = match &change {
            Change::Conversation(event, id) => (event.clone(), self.scope_of(d, &[*id])),
            Change::Moved { id, from } => {
                let mut scope = self.scope_of(d, &[*id]);
                if let Scope::Mailboxes(ids) = &mut scope {
                    ids.push(*from);
                }
                (WebhookEvent::ConvoMoved, scope)
            }
            Change::Merged { from_mailbox, into } => {
                let mut scope = self.scope_of(d, &[*into]);
                if let Scope::Mailboxes(ids) = &mut scope {
                    ids.push(*from_mailbox);
                }
                (WebhookEvent::ConvoMerged, scope)
            }
            Change::ConversationDeleted { mailbox, .. } => {
                (WebhookEvent::ConvoDeleted, Scope::Mailboxes(vec![*mailbox]))
            }
            Change::CustomerCreated(_) => (WebhookEvent::CustomerCreated, Scope::Any),
            Change::CustomerUpdated(id) => (
                WebhookEvent::CustomerUpdated,
                Scope::Mailboxes(customer_mailboxes(d, *id)),
            ),
            Change::CustomerDeleted { mailboxes, .. } => (
                WebhookEvent::CustomerDeleted,
                Scope::Mailboxes(mailboxes.clone()),
            ),
            Change::TagCreated(_) => (WebhookEvent::TagCreated, Scope::Any),
        };
        let targets: Vec<&WebhookRec> = d
            .webhooks
            .values()
            .filter(|w| w.state == WebhookState::Enabled && w.events.contains(&event))
            .filter(|w| match &scope {
                Scope::Any => true,
                Scope::Mailboxes(ids) => {
                    w.mailbox_ids.is_empty() || ids.iter().any(|id| w.mailbox_ids.contains(id))
                }
            })
            .collect();
        if targets.is_empty() {
            return;
        }
        let Some(body) = self.payload(d, &change) else {
            // The resource is gone already; nothing to describe.
            return;
        };
        let at = self.now();
        for w in targets {
            self.queue(w, event.clone(), body.clone(), at);
        }
    }

    /// Emits `customer.created` and `tag.created` for what the request created besides its
    /// main resource (customers named by e-mail, new tag names), since `marks`.
    pub(crate) fn emit_created_since(&self, d: &Data, marks: Marks) {
        let customers: Vec<i64> = d
            .customers
            .range(marks.customer.saturating_add(1)..)
            .map(|(id, _)| *id)
            .collect();
        for id in customers {
            self.emit(d, Change::CustomerCreated(id));
        }
        let tags: Vec<i64> = d
            .tags
            .range(marks.tag.saturating_add(1)..)
            .map(|(id, _)| *id)
            .collect();
        for id in tags {
            self.emit(d, Change::TagCreated(id));
        }
    }

    /// Queues the `helpscout.test` ping for one webhook, whatever its events and state.
    pub(crate) fn emit_test(&self, w: &WebhookRec) {
        self.queue(
            w,
            WebhookEvent::HelpscoutTest,
            Some("{}".to_owned()),
            self.now(),
        );
    }

    fn queue(&self, w: &WebhookRec, event: WebhookEvent, body: Option<String>, at: DateTime<Utc>) {
        let job = Job {
            webhook_id: w.id,
            event,
            url: w.url.clone(),
            secret: w.secret.clone(),
            body,
            at,
        };
        // The worker only stops once every sender (this one) is gone; should its runtime
        // have shut down, the attempt is recorded as failed instead.
        if let Err(mpsc::error::SendError(job)) = self.outbox.queue.send(job) {
            let outcome = DeliveryOutcome::Failed("the delivery task is not running".to_owned());
            self.outbox.log.record(job.into_delivery(outcome));
        }
    }

    fn scope_of(&self, d: &Data, conversations: &[i64]) -> Scope {
        Scope::Mailboxes(
            conversations
                .iter()
                .filter_map(|id| d.conversations.get(id))
                .map(|c| c.mailbox_id)
                .collect(),
        )
    }

    /// The payload of `change`, PHP-style JSON, or `None` when its resource is missing.
    /// `Some(None)` is a payload that failed to serialise.
    fn payload(&self, d: &Data, change: &Change) -> Option<Option<String>> {
        match change {
            Change::Conversation(_, id)
            | Change::Moved { id, .. }
            | Change::Merged { into: id, .. } => {
                let c = d.conversations.get(id)?;
                let view = routes::ConversationView {
                    base: &self.base_url,
                    now: self.now(),
                    v3: false,
                };
                let mut conversation = routes::render_conversation(d, c, &view, true);
                // Webhook payloads carry the thread objects in `threads`, not `_embedded`.
                conversation.threads = conversation
                    .embedded
                    .take()
                    .map(|e| ConversationThreads::Array(e.threads));
                Some(php_json(&conversation))
            }
            Change::CustomerCreated(id) | Change::CustomerUpdated(id) => {
                let c = d.customers.get(id)?;
                Some(php_json(&routes::render_customer(d, c, &self.base_url)))
            }
            Change::ConversationDeleted { id, .. } | Change::CustomerDeleted { id, .. } => {
                Some(php_json(&serde_json::json!({ "id": id })))
            }
            Change::TagCreated(id) => {
                let t = d.tags.get(id)?;
                Some(php_json(&routes::render_tag_for_webhook(
                    d,
                    t,
                    &self.base_url,
                )))
            }
        }
    }
}

/// The mailboxes of a customer's conversations.
fn customer_mailboxes(d: &Data, customer: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = d
        .conversations
        .values()
        .filter(|c| c.customer_id == customer)
        .map(|c| c.mailbox_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

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

impl Job {
    fn into_delivery(self, outcome: DeliveryOutcome) -> Delivery {
        Delivery {
            webhook_id: self.webhook_id,
            event: self.event,
            url: self.url,
            body: self.body.unwrap_or_default(),
            at: Timestamp::new(self.at),
            outcome,
        }
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
