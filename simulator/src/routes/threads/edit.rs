//! Changing a thread: PATCH (text, hidden), the original source, scheduling, and the 400
//! a delete gets.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use helpscout_mailbox::models::{
    ConversationStatus, PatchOp, ScheduleThreadBody, ThreadPatch, ThreadSchedulePatch, ThreadState,
    ThreadType, WebhookEvent,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_body, json_object};
use crate::routes::conversations::{check_future, live, live_mut, set_status};
use crate::runtime::delivery::Change as Emit;
use crate::state::{Actor, ConversationRec, ScheduleRec, ThreadRec};

use crate::routes::Req;

pub(super) fn find_thread_mut(
    c: &mut ConversationRec,
    thread_id: i64,
) -> Result<&mut ThreadRec, Problem> {
    c.threads
        .iter_mut()
        .find(|t| t.id == thread_id)
        .ok_or_else(|| Problem::not_found("Thread"))
}

/// `DELETE /v2/conversations/{id}/threads/{threadId}`: threads cannot be deleted through the
/// API, only hidden (`PATCH replace /hidden`). Help Scout answers 400 (reported by
/// `wavyx/hscli`, "Known Limitations"), whether or not the thread exists; so does this.
pub(crate) fn delete(req: &Req) -> Reply {
    Err(Problem::Status(
        StatusCode::BAD_REQUEST,
        format!(
            "Threads cannot be deleted; hide thread {} with PATCH replace /hidden instead",
            req.param("threadId")
        ),
    ))
}

/// `PATCH /v2/conversations/{id}/threads/{threadId}`: one patch object, `replace /text` or
/// `replace /hidden`.
pub(crate) fn patch(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let value = json_body(req)?;
    if !value.is_object() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be a single patch object {op, path, value}",
        ));
    }
    let mut check = Check::new();
    for key in ["op", "path", "value"] {
        check.required(&value, "", key);
    }
    check.finish()?;
    let p: ThreadPatch = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    match (&*p.op, p.path.as_str(), &p.value) {
        (PatchOp::Replace, "/text", Value::String(text)) if !text.trim().is_empty() => {
            if t.original_body.is_none() {
                t.original_body = Some(std::mem::take(&mut t.body));
            }
            t.body = text.clone();
        }
        (PatchOp::Replace, "/hidden", Value::Bool(hidden)) => {
            let hideable = matches!(t.kind, ThreadType::Customer | ThreadType::Message)
                && t.state != ThreadState::Draft;
            if !hideable {
                return Err(Problem::field(
                    "path",
                    "InvalidValue",
                    "Only published customer and reply threads can be hidden",
                ));
            }
            t.hidden = *hidden;
        }
        _ => {
            return Err(Problem::one(
                FieldError::new(
                    "path",
                    "EnumValue",
                    format!(
                        "Operation `{}` on `{}` with this value is not supported",
                        p.op, p.path
                    ),
                )
                .rejecting(p.path.clone()),
            ));
        }
    }
    c.touch(now);
    http::no_content()
}

/// `GET .../threads/{threadId}/original-source`: JSON `{"original": ...}`, or the raw
/// message with `Accept: message/rfc822`.
pub(crate) fn original_source(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let d = req.sim.data();
    let c = live(&d, id)?;
    let t = c
        .threads
        .iter()
        .find(|t| t.id == thread_id)
        .ok_or_else(|| Problem::not_found("Thread"))?;
    let from = match t.created_by {
        Actor::User(u) => d.users.get(&u).map(|u| u.email.clone()),
        Actor::Customer(cu) => d
            .customers
            .get(&cu)
            .and_then(|cu| cu.first_email().map(str::to_owned)),
    }
    .unwrap_or_default();
    let to = d
        .mailboxes
        .get(&c.mailbox_id)
        .map(|m| m.email.clone())
        .unwrap_or_default();
    let raw = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{}@simulator.helpscout.test>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n{}\r\n",
        c.subject,
        t.created_at.to_rfc2822(),
        t.id,
        t.original_body.as_deref().unwrap_or(&t.body),
    );
    if req
        .header("accept")
        .is_some_and(|a| a.contains("message/rfc822"))
    {
        let mut response = Response::new(axum::body::Body::from(raw));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("message/rfc822"),
        );
        return Ok(response);
    }
    http::ok(&helpscout_mailbox::models::ThreadOriginalSource {
        original: Some(raw),
    })
}

/// `PUT .../threads/{threadId}/schedule`: schedules a draft reply; later calls override.
pub(crate) fn schedule(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "scheduledFor");
    check.required(&value, "", "unscheduleOnCustomerReply");
    check.finish()?;
    let body: ScheduleThreadBody = decode(&value)?;
    let now = req.sim.now();
    check_future(body.scheduled_for.get(), now, "scheduledFor")?;
    let mut d = req.sim.data();
    let owner = d.owner_id;
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    if t.kind != ThreadType::Message || t.state != ThreadState::Draft {
        return Err(Problem::field(
            "threadId",
            "InvalidValue",
            "Only draft replies can be scheduled",
        ));
    }
    let send_as_id = match (body.send_as_creator, t.created_by) {
        (Some(true), Actor::User(u)) => Some(u),
        _ => None,
    };
    t.scheduled = Some(ScheduleRec {
        scheduled_by: owner,
        created_at: now,
        scheduled_for: body.scheduled_for.get(),
        unschedule_on_customer_reply: body.unschedule_on_customer_reply,
        send_as_id,
    });
    c.touch(now);
    http::no_content()
}

/// `PATCH .../threads/{threadId}/schedule` with `replace /state published`: sends a
/// scheduled thread now.
pub(crate) fn publish_scheduled(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let value = json_body(req)?;
    if !value.is_object() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be a single patch object {op, path, value}",
        ));
    }
    let mut check = Check::new();
    for key in ["op", "path", "value"] {
        check.required(&value, "", key);
    }
    check.finish()?;
    let p: ThreadSchedulePatch = decode(&value)?;
    if p.op != PatchOp::Replace || p.path != "/state" || p.value != "published" {
        return Err(Problem::one(
            FieldError::new(
                "path",
                "EnumValue",
                "only replace /state published is supported",
            )
            .rejecting(json!({"op": p.op.as_str(), "path": p.path, "value": p.value})),
        ));
    }
    let now = req.sim.now();
    let mut d = req.sim.data();
    let owner = d.owner_id;
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    if t.scheduled.is_none() {
        return Err(Problem::not_found("Scheduled thread"));
    }
    t.scheduled = None;
    t.state = ThreadState::Published;
    t.created_at = now;
    if !c.threads.iter().any(|t| t.state == ThreadState::Draft) {
        c.draft = false;
    }
    set_status(c, ConversationStatus::Active, owner, now);
    c.touch(now);
    req.sim.emit(
        &d,
        Emit::Conversation(WebhookEvent::ConvoAgentReplyCreated, id),
    );
    http::no_content()
}

/// `DELETE .../threads/{threadId}/schedule`: the thread stays a draft.
pub(crate) fn unschedule(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    if t.scheduled.take().is_none() {
        return Err(Problem::not_found("Scheduled thread"));
    }
    c.touch(now);
    http::no_content()
}
