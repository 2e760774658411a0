//! Changing a conversation: the single-object PATCH, status, delete, tags, custom fields,
//! snoozes and merges.

use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

use helpscout_mailbox::models::{
    ConversationPatch, ConversationStatus, PatchOp, SnoozeConversationBody, ThreadState, Timestamp,
    UpdateConversationCustomFieldsBody, UpdateConversationTagsBody, WebhookEvent,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_body, json_object};
use crate::runtime::delivery::{Change as Emit, Marks};
use crate::state::{ConversationRec, Data, ThreadRec};

use crate::routes::Req;

use super::*;

/// One change of the single-object PATCH, checked before it is applied.
enum Change {
    Subject(String),
    Customer(i64),
    Publish,
    Mailbox(i64),
    Status(ConversationStatus),
    Assign(Option<i64>),
}

/// `PATCH /v2/conversations/{id}`: one JSON Patch object, not an array (customers take
/// arrays; conversations do not).
pub(crate) fn patch(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_body(req)?;
    if value.is_array() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be a single patch object {op, path, value}, not an array",
        ));
    }
    if !value.is_object() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be a JSON object",
        ));
    }
    let mut check = Check::new();
    check.required(&value, "", "op");
    check.required(&value, "", "path");
    check.one_of(&value, "", "op", PatchOp::KNOWN);
    check.finish()?;
    let p: ConversationPatch = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    live(&d, id)?;
    let bad_value = |message: &str| {
        Problem::one(
            FieldError::new("value", "InvalidValue", message)
                .rejecting(p.value.clone().unwrap_or(Value::Null)),
        )
    };
    let number = p.value.as_ref().and_then(Value::as_i64);
    let change = match (&*p.op, p.path.as_str()) {
        (PatchOp::Replace, "/subject") => match p.value.as_ref().and_then(Value::as_str) {
            Some(s) if !s.trim().is_empty() => Change::Subject(s.to_owned()),
            _ => return Err(bad_value("may not be empty")),
        },
        (PatchOp::Replace, "/primaryCustomer.id") => match number {
            Some(c) if d.customers.contains_key(&c) => Change::Customer(c),
            _ => return Err(bad_value("Customer not found")),
        },
        (PatchOp::Replace, "/draft") => match p.value.as_ref().and_then(Value::as_bool) {
            Some(false) => Change::Publish,
            _ => return Err(bad_value("only false (publish the draft) is supported")),
        },
        (PatchOp::Move, "/mailboxId") => match number {
            Some(m) if d.mailboxes.contains_key(&m) => Change::Mailbox(m),
            _ => return Err(bad_value("Mailbox not found")),
        },
        (PatchOp::Replace, "/status") => match p.value.as_ref().and_then(Value::as_str) {
            Some(s @ ("active" | "pending" | "closed" | "spam")) => {
                Change::Status(ConversationStatus::from(s))
            }
            _ => {
                return Err(Problem::one(
                    FieldError::new("value", "EnumValue", "Value not supported")
                        .rejecting(p.value.clone().unwrap_or(Value::Null)),
                ));
            }
        },
        (PatchOp::Replace, "/assignTo") => match number {
            Some(u) if d.users.contains_key(&u) => Change::Assign(Some(u)),
            _ => return Err(bad_value("User not found")),
        },
        (PatchOp::Remove, "/assignTo") => Change::Assign(None),
        _ => {
            return Err(Problem::one(
                FieldError::new(
                    "path",
                    "EnumValue",
                    format!("Operation `{}` on `{}` is not supported", p.op, p.path),
                )
                .rejecting(p.path.clone()),
            ));
        }
    };
    let owner = d.owner_id;
    let c = live_mut(&mut d, id)?;
    let event = match &change {
        Change::Mailbox(_) => Some(Emit::Moved {
            id,
            from: c.mailbox_id,
        }),
        Change::Status(_) => Some(Emit::Conversation(WebhookEvent::ConvoStatus, id)),
        Change::Assign(_) => Some(Emit::Conversation(WebhookEvent::ConvoAssigned, id)),
        Change::Subject(_) | Change::Customer(_) | Change::Publish => None,
    };
    match change {
        Change::Subject(subject) => c.subject = subject,
        Change::Customer(customer) => c.customer_id = customer,
        Change::Publish => {
            c.draft = false;
            for t in &mut c.threads {
                if t.state == ThreadState::Draft && t.scheduled.is_none() {
                    t.state = ThreadState::Published;
                }
            }
        }
        Change::Mailbox(mailbox) => {
            c.mailbox_id = mailbox;
            // Custom fields belong to the old inbox.
            c.fields.clear();
        }
        Change::Status(status) => set_status(c, status, owner, now),
        Change::Assign(user) => c.assignee = user,
    }
    c.touch(now);
    c.user_updated_at = Some(now);
    if let Some(event) = event {
        req.sim.emit(&d, event);
    }
    http::no_content()
}

/// Sets the status, keeping `closedAt`/`closedBy` consistent.
pub(crate) fn set_status(
    c: &mut ConversationRec,
    status: ConversationStatus,
    by: i64,
    now: DateTime<Utc>,
) {
    if status == ConversationStatus::Closed {
        if c.status != ConversationStatus::Closed {
            c.closed_at = Some(now);
            c.closed_by = Some(by);
        }
    } else {
        c.closed_at = None;
        c.closed_by = None;
    }
    c.status = status;
}

/// `DELETE /v2/conversations/{id}`.
pub(crate) fn delete(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let mut d = req.sim.data();
    let mailbox = live(&d, id)?.mailbox_id;
    d.conversations.remove(&id);
    d.ratings.retain(|_, r| r.conversation_id != id);
    req.sim.emit(&d, Emit::ConversationDeleted { id, mailbox });
    http::no_content()
}

/// `PUT /v2/conversations/{id}/tags`: full replacement; unknown names are created; `[]`
/// clears.
pub(crate) fn put_tags(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_object(req)?;
    if !value.get("tags").is_some_and(Value::is_array) {
        return Err(Problem::field("tags", "NotNull", "may not be null"));
    }
    let body: UpdateConversationTagsBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    live(&d, id)?;
    let marks = Marks::take(&d);
    let mut ids = Vec::new();
    for name in body.tags.iter().filter(|n| !n.trim().is_empty()) {
        let tag = d.tag_id(name, now);
        if !ids.contains(&tag) {
            ids.push(tag);
        }
    }
    let c = live_mut(&mut d, id)?;
    c.tag_ids = ids;
    c.touch(now);
    req.sim.emit_created_since(&d, marks);
    req.sim
        .emit(&d, Emit::Conversation(WebhookEvent::ConvoTags, id));
    http::no_content()
}

/// `PUT /v2/conversations/{id}/fields`: full replacement of custom-field values.
pub(crate) fn put_fields(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_object(req)?;
    if !value.get("fields").is_some_and(Value::is_array) {
        return Err(Problem::field("fields", "NotNull", "may not be null"));
    }
    let body: UpdateConversationCustomFieldsBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let mailbox_id = live(&d, id)?.mailbox_id;
    let mailbox = d
        .mailboxes
        .get(&mailbox_id)
        .ok_or_else(|| Problem::not_found("Mailbox"))?;
    let fields = check_field_values(mailbox, &body.fields, "fields")?;
    let c = live_mut(&mut d, id)?;
    c.fields = fields;
    c.touch(now);
    req.sim
        .emit(&d, Emit::Conversation(WebhookEvent::ConvoCustomFields, id));
    http::no_content()
}

/// A date for snoozing or scheduling: in the future, and no later than the year 2100.
pub(crate) fn check_future(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    path: &str,
) -> Result<(), Problem> {
    if at <= now {
        return Err(Problem::one(
            FieldError::new(path, "Future", "must be in the future")
                .rejecting(Timestamp::new(at).to_string()),
        ));
    }
    if at.year() > 2100 {
        return Err(Problem::one(
            FieldError::new(path, "InvalidValue", "must not be later than the year 2100")
                .rejecting(Timestamp::new(at).to_string()),
        ));
    }
    Ok(())
}

/// `PUT /v2/conversations/{id}/snooze`: each call overrides the previous snooze.
pub(crate) fn snooze(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "snoozedUntil");
    check.required(&value, "", "unsnoozeOnCustomerReply");
    check.finish()?;
    let body: SnoozeConversationBody = decode(&value)?;
    let now = req.sim.now();
    check_future(body.snoozed_until.get(), now, "snoozedUntil")?;
    let mut d = req.sim.data();
    let owner = d.owner_id;
    let c = live_mut(&mut d, id)?;
    c.snooze = Some(crate::state::SnoozeRec {
        snoozed_by: owner,
        until: body.snoozed_until.get(),
        unsnooze_on_customer_reply: body.unsnooze_on_customer_reply,
    });
    c.touch(now);
    http::no_content()
}

/// `DELETE /v2/conversations/{id}/snooze`.
pub(crate) fn unsnooze(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live_mut(&mut d, id)?;
    c.snooze = None;
    c.touch(now);
    http::no_content()
}

/// Merges `from` into `into`: its threads move over and it answers GET with 301 afterwards.
pub(crate) fn merge(d: &mut Data, from: i64, into: i64, now: DateTime<Utc>) -> Result<(), String> {
    if from == into {
        return Err("cannot merge a conversation into itself".to_owned());
    }
    live(d, into).map_err(|_| format!("conversation {into} not found"))?;
    let source = live_mut(d, from).map_err(|_| format!("conversation {from} not found"))?;
    let moved: Vec<ThreadRec> = std::mem::take(&mut source.threads);
    let moved_tags = source.tag_ids.clone();
    source.merged_into = Some(into);
    source.touch(now);
    let target = live_mut(d, into).map_err(|_| format!("conversation {into} not found"))?;
    target.threads.extend(moved);
    target
        .threads
        .sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    for tag in moved_tags {
        if !target.tag_ids.contains(&tag) {
            target.tag_ids.push(tag);
        }
    }
    target.touch(now);
    Ok(())
}
