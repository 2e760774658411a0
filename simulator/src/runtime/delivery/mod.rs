//! Webhook deliveries: which registered webhooks an API change is sent to, the signed
//! PHP-style payload, the single delivery task, and the log of attempts.
//!
//! Handlers call [`Shared::emit`] while they still hold the data lock, after the change was
//! applied: the payload is rendered from the new state right there (only when some webhook
//! wants the event) and queued; the response is not held up. One task per simulator takes
//! the queue in order and POSTs each delivery with a short timeout, to loopback addresses
//! only (`send`), and records the outcome in [`DeliveryLog`] (`log`).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use helpscout_mailbox::models::{ConversationThreads, Timestamp, WebhookEvent, WebhookState};

use crate::render;
use crate::state::{Data, WebhookRec};

use super::Shared;

mod log;
mod send;

pub(crate) use log::DeliveryLog;
pub use log::{Delivery, DeliveryOutcome};
use send::php_json;
pub(crate) use send::run;

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
            .field("recorded", &self.log.total())
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
                let view = render::ConversationView {
                    base: &self.base_url,
                    now: self.now(),
                    v3: false,
                };
                let mut conversation = render::render_conversation(d, c, &view, true);
                // Webhook payloads carry the thread objects in `threads`, not `_embedded`.
                conversation.threads = conversation
                    .embedded
                    .take()
                    .map(|e| ConversationThreads::Array(e.threads));
                Some(php_json(&conversation))
            }
            Change::CustomerCreated(id) | Change::CustomerUpdated(id) => {
                let c = d.customers.get(id)?;
                Some(php_json(&render::render_customer(d, c, &self.base_url)))
            }
            Change::ConversationDeleted { id, .. } | Change::CustomerDeleted { id, .. } => {
                Some(php_json(&serde_json::json!({ "id": id })))
            }
            Change::TagCreated(id) => {
                let t = d.tags.get(id)?;
                Some(php_json(&render::render_tag_for_webhook(
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
