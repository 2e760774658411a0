//! Threads (list v2/v3, the five create kinds, PATCH, original source, scheduling) and
//! attachments.
//!
//! Rules enforced: at most 100 threads per conversation (412 beyond); a reply needs
//! `customer.id`; a customer, chat or phone thread reopens a closed or pending conversation
//! unless it is imported, and ends a snooze or a schedule set to end on a customer reply;
//! writes to a merged conversation answer 404; a thread cannot be deleted (400).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::ids::{AttachmentId, CustomerId, SavedReplyId, ThreadId, UserId};
use crate::models::{
    Attachment, AttachmentData, AttachmentState, AttachmentUpload, ConversationPerson,
    ConversationSource, ConversationStatus, CreateChatThread, CreateCustomerThread,
    CreateNoteThread, CreatePhoneThread, CreateReplyThread, PatchOp, RatingScore, RatingValue,
    ScheduleThreadBody, SourceType, SourceVia, Thread, ThreadAction, ThreadEmbedded, ThreadPage,
    ThreadPageEmbedded, ThreadPatch, ThreadRating, ThreadSchedulePatch, ThreadScheduled,
    ThreadState, ThreadStatus, ThreadStatusChange, ThreadType, Timestamp, WebhookEvent,
};

use super::super::delivery::{Change as Emit, Marks};
use super::super::hal::{self, Check, FieldError, Problem, Reply, decode, json_body, json_object};
use super::super::state::{Actor, AttachmentRec, ConversationRec, Data, ScheduleRec, ThreadRec};
use super::conversations::{
    CONVERSATION_PAGE, MAX_THREADS, View, check_future, live, live_mut, resolve_customer,
    set_status, sorted_threads,
};
use super::{Req, customer_person, user_person};

/// The thread as the API shows it.
pub(crate) fn render_thread(
    d: &Data,
    c: &ConversationRec,
    t: &ThreadRec,
    view: &View<'_>,
) -> Thread {
    let base = view.base;
    let mut links = Vec::new();
    let created_by = match t.created_by {
        Actor::User(id) => {
            links.push(("createdByUser", format!("{base}/v2/users/{id}")));
            ConversationPerson::from(user_person(d, id, view.v3))
        }
        Actor::Customer(id) => {
            links.push(("createdByCustomer", format!("{base}/v2/customers/{id}")));
            ConversationPerson::from(customer_person(d, id))
        }
    };
    if let Some(id) = t.assigned_to {
        links.push(("assignedTo", format!("{base}/v2/users/{id}")));
    }
    let rating = t
        .rating_id
        .and_then(|id| d.ratings.get(&id))
        .map(|r| ThreadRating {
            comments: r.comments.clone(),
            customer_id: Some(CustomerId::new(r.customer_id)),
            rating: Some(match r.rating {
                RatingScore::Great => RatingValue::Great,
                RatingScore::NotGood => RatingValue::NotGood,
                _ => RatingValue::Okay,
            }),
        });
    Thread {
        action: t.action.as_ref().map(|(kind, text)| ThreadAction {
            associated_entities: Default::default(),
            text: Some(text.clone()),
            type_: Some(kind.clone()),
        }),
        assigned_to: t.assigned_to.map(|id| user_person(d, id, view.v3)),
        bcc: t.bcc.clone(),
        body: (t.kind != ThreadType::Lineitem).then(|| t.body.clone()),
        cc: t.cc.clone(),
        created_at: Some(Timestamp::new(t.created_at)),
        created_by: Some(created_by),
        customer: t.customer_id.map(|id| customer_person(d, id)),
        embedded: (!t.attachments.is_empty()).then(|| ThreadEmbedded {
            attachments: t
                .attachments
                .iter()
                .map(|a| render_attachment(base, c.id, a))
                .collect(),
        }),
        id: ThreadId::new(t.id),
        linked_conversation_id: t.linked_conversation_id.map(Value::from),
        links: Some(hal::links_vec(links)),
        opened_at: t.opened_at.map(Timestamp::new),
        rating,
        saved_reply_id: t.saved_reply_id.map(SavedReplyId::new),
        scheduled: t.scheduled.as_ref().map(|s| ThreadScheduled {
            created_at: Some(Timestamp::new(s.created_at)),
            scheduled_by: Some(UserId::new(s.scheduled_by)),
            scheduled_for: Some(Timestamp::new(s.scheduled_for)),
            send_as_id: s.send_as_id.map(UserId::new),
            unschedule_on_customer_reply: Some(s.unschedule_on_customer_reply),
        }),
        source: Some(ConversationSource {
            type_: Some(t.source.clone()),
            via: Some(match t.created_by {
                Actor::User(_) => SourceVia::User,
                Actor::Customer(_) => SourceVia::Customer,
            }),
        }),
        state: Some(if t.hidden {
            ThreadState::Hidden
        } else {
            t.state.clone()
        }),
        status: Some(t.status.clone()),
        to: t.to.clone(),
        type_: Some(t.kind.clone()),
    }
}

fn render_attachment(base: &str, conversation: i64, a: &AttachmentRec) -> Attachment {
    Attachment {
        filename: Some(a.filename.clone()),
        height: None,
        id: AttachmentId::new(a.id),
        links: Some(hal::links([
            (
                "data",
                format!(
                    "{base}/v2/conversations/{conversation}/attachments/{}/data",
                    a.id
                ),
            ),
            (
                "web",
                format!("https://secure.helpscout.net/file/{}/{}", a.id, a.filename),
            ),
        ])),
        mime_type: Some(a.mime_type.clone()),
        size: Some(a.size),
        state: Some(AttachmentState::Valid),
        width: None,
    }
}

pub(crate) fn list(req: &Req) -> Reply {
    list_version(req, false)
}

pub(crate) fn list_v3(req: &Req) -> Reply {
    list_version(req, true)
}

/// `GET /v2|v3/conversations/{id}/threads`: newest first, 25 per page; a merged
/// conversation answers 404.
fn list_version(req: &Req, v3: bool) -> Reply {
    let id = req.id("conversationId")?;
    let d = req.sim.data();
    let c = live(&d, id)?;
    let threads = sorted_threads(c);
    let paged = hal::paginate(req, threads, CONVERSATION_PAGE)?;
    let view = View {
        base: &req.sim.base_url,
        now: req.sim.now(),
        v3,
    };
    let items: Vec<Thread> = paged
        .items
        .iter()
        .map(|t| render_thread(&d, c, t, &view))
        .collect();
    let empty = items.is_empty();
    let model = ThreadPage {
        embedded: Some(ThreadPageEmbedded { threads: items }),
        links: Some(paged.links),
        page: Some(paged.meta),
    };
    hal::page_reply(req, &model, "threads", empty)
}

/// Checks and stores uploaded attachments (`fileName`, `mimeType`, base64 `data`).
pub(crate) fn upload_attachments(
    d: &mut Data,
    uploads: &[AttachmentUpload],
    prefix: &str,
) -> Result<Vec<AttachmentRec>, Problem> {
    let mut check = Check::new();
    let mut sizes = Vec::new();
    for (i, upload) in uploads.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        if upload.file_name.trim().is_empty() {
            check.push(FieldError::new(
                format!("{path}.fileName"),
                "NotEmpty",
                "may not be empty",
            ));
        }
        if upload.mime_type.trim().is_empty() {
            check.push(FieldError::new(
                format!("{path}.mimeType"),
                "NotEmpty",
                "may not be empty",
            ));
        }
        let cleaned: String = upload.data.chars().filter(|c| !c.is_whitespace()).collect();
        match base64::engine::general_purpose::STANDARD.decode(cleaned.as_bytes()) {
            Ok(bytes) => sizes.push(bytes.len() as i64),
            Err(_) => {
                sizes.push(0);
                check.push(FieldError::new(
                    format!("{path}.data"),
                    "InvalidValue",
                    "must be base64-encoded",
                ));
            }
        }
    }
    check.finish()?;
    Ok(uploads
        .iter()
        .zip(sizes)
        .map(|(upload, size)| AttachmentRec {
            id: d.ids.next("attachment"),
            filename: upload.file_name.clone(),
            mime_type: upload.mime_type.clone(),
            data: upload.data.clone(),
            size,
        })
        .collect())
}

/// The conversation status a thread's `status` field asks for (`None`: no change).
fn status_change(change: &ThreadStatusChange) -> Option<ConversationStatus> {
    match change {
        ThreadStatusChange::Active
        | ThreadStatusChange::Open
        | ThreadStatusChange::InboxPredefined => Some(ConversationStatus::Active),
        ThreadStatusChange::Closed => Some(ConversationStatus::Closed),
        ThreadStatusChange::Pending => Some(ConversationStatus::Pending),
        ThreadStatusChange::Spam => Some(ConversationStatus::Spam),
        _ => None,
    }
}

/// What a new thread is, after its body was checked.
struct NewThread {
    kind: ThreadType,
    text: String,
    customer: Option<crate::models::ThreadCustomer>,
    reply_customer: Option<i64>,
    user: Option<i64>,
    assign_to: Option<i64>,
    status: Option<ThreadStatusChange>,
    draft: bool,
    imported: bool,
    created_at: Option<DateTime<Utc>>,
    cc: Vec<String>,
    bcc: Vec<String>,
    attachments: Vec<AttachmentUpload>,
}

impl NewThread {
    /// A thread of `kind` with the fields every create body shares; callers set the rest
    /// with struct-update syntax.
    fn base(
        kind: ThreadType,
        text: String,
        imported: Option<bool>,
        created_at: Option<Timestamp>,
        attachments: Vec<AttachmentUpload>,
    ) -> Self {
        Self {
            kind,
            text,
            customer: None,
            reply_customer: None,
            user: None,
            assign_to: None,
            status: None,
            draft: false,
            imported: imported == Some(true),
            created_at: created_at.map(Timestamp::get),
            cc: Vec::new(),
            bcc: Vec::new(),
            attachments,
        }
    }
}

fn check_common(value: &Value, needs_customer: bool) -> Result<(), Problem> {
    let mut check = Check::new();
    check.required(value, "", "text");
    if needs_customer {
        check.required(value, "", "customer");
    }
    if let Some(Value::Array(items)) = value.get("attachments") {
        for (i, item) in items.iter().enumerate() {
            let prefix = format!("attachments[{i}]");
            for key in ["fileName", "mimeType", "data"] {
                check.required(item, &prefix, key);
            }
        }
    }
    check.finish()
}

/// `POST /v2/conversations/{id}/reply`. Help Scout requires `customer.id` here even though
/// the conversation already has a customer.
pub(crate) fn reply(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "text");
    let has_customer_id = value
        .get("customer")
        .and_then(|c| c.get("id"))
        .is_some_and(|id| !id.is_null());
    if !has_customer_id {
        check.push(FieldError::new("customer.id", "NotNull", "may not be null"));
    }
    check.finish()?;
    check_common(&value, false)?;
    let body: CreateReplyThread = decode(&value)?;
    add(
        req,
        NewThread {
            reply_customer: Some(body.customer.id),
            user: body.user,
            assign_to: body.assign_to,
            status: body.status,
            draft: body.draft == Some(true),
            cc: body.cc,
            bcc: body.bcc,
            ..NewThread::base(
                ThreadType::Message,
                body.text,
                body.imported,
                body.created_at,
                body.attachments,
            )
        },
    )
}

/// `POST /v2/conversations/{id}/notes`.
pub(crate) fn note(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_common(&value, false)?;
    let body: CreateNoteThread = decode(&value)?;
    add(
        req,
        NewThread {
            user: body.user,
            status: body.status,
            ..NewThread::base(
                ThreadType::Note,
                body.text,
                body.imported,
                body.created_at,
                body.attachments,
            )
        },
    )
}

/// `POST /v2/conversations/{id}/chats`.
pub(crate) fn chat(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_common(&value, true)?;
    let body: CreateChatThread = decode(&value)?;
    add(
        req,
        NewThread {
            customer: Some(body.customer),
            ..NewThread::base(
                ThreadType::Chat,
                body.text,
                body.imported,
                body.created_at,
                body.attachments,
            )
        },
    )
}

/// `POST /v2/conversations/{id}/customer`.
pub(crate) fn customer(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_common(&value, true)?;
    let body: CreateCustomerThread = decode(&value)?;
    add(
        req,
        NewThread {
            customer: Some(body.customer),
            cc: body.cc,
            bcc: body.bcc,
            ..NewThread::base(
                ThreadType::Customer,
                body.text,
                body.imported,
                body.created_at,
                body.attachments,
            )
        },
    )
}

/// `POST /v2/conversations/{id}/phones`.
pub(crate) fn phone(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_common(&value, true)?;
    let body: CreatePhoneThread = decode(&value)?;
    add(
        req,
        NewThread {
            customer: Some(body.customer),
            ..NewThread::base(
                ThreadType::Phone,
                body.text,
                body.imported,
                body.created_at,
                body.attachments,
            )
        },
    )
}

/// Adds a thread and applies its effects on the conversation.
fn add(req: &Req, new: NewThread) -> Reply {
    let id = req.id("conversationId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let marks = Marks::take(&d);
    let count = live(&d, id)?.thread_count();
    if count >= MAX_THREADS {
        return Err(Problem::Status(
            StatusCode::PRECONDITION_FAILED,
            format!("The conversation has reached its limit of {MAX_THREADS} threads"),
        ));
    }
    let mut check = Check::new();
    for (path, user) in [("user", new.user), ("assignTo", new.assign_to)] {
        if let Some(user) = user
            && !d.users.contains_key(&user)
        {
            check
                .push(FieldError::new(path, "InvalidIdentifier", "User not found").rejecting(user));
        }
    }
    if let Some(customer) = new.reply_customer
        && !d.customers.contains_key(&customer)
    {
        check.push(
            FieldError::new("customer.id", "InvalidIdentifier", "Customer not found")
                .rejecting(customer),
        );
    }
    check.finish()?;
    let attachments = upload_attachments(&mut d, &new.attachments, "attachments")?;
    let customer_id = match &new.customer {
        Some(customer) => Some(resolve_customer(&mut d, customer, "customer", now)?),
        None => new.reply_customer,
    };
    let owner = d.owner_id;
    let user = new.user.unwrap_or(owner);
    let thread_id = d.ids.next("thread");
    let thread_customer = customer_id.unwrap_or(live(&d, id)?.customer_id);
    let to: Vec<String> = if new.kind == ThreadType::Message {
        d.customers
            .get(&thread_customer)
            .and_then(|cu| cu.first_email())
            .map(str::to_owned)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    let c = live_mut(&mut d, id)?;
    // `createdAt` is honoured for imported threads only.
    let created_at = match new.created_at {
        Some(at) if new.imported => at,
        _ => now,
    };
    let by_customer = matches!(new.kind, ThreadType::Customer | ThreadType::Chat);
    // Customer, chat and phone threads are the "customer threads" of changelog 2020-07-23;
    // a phone thread is logged by a user, but it still reopens the conversation.
    let customer_thread = by_customer || new.kind == ThreadType::Phone;
    if customer_thread && !new.imported {
        // A customer writing back reopens the conversation.
        if matches!(
            c.status,
            ConversationStatus::Closed | ConversationStatus::Pending
        ) {
            set_status(c, ConversationStatus::Active, owner, now);
        }
        if c.snooze
            .as_ref()
            .is_some_and(|s| s.unsnooze_on_customer_reply)
        {
            c.snooze = None;
        }
        for t in &mut c.threads {
            if t.scheduled
                .as_ref()
                .is_some_and(|s| s.unschedule_on_customer_reply)
            {
                t.scheduled = None;
            }
        }
    }
    match new.kind {
        ThreadType::Message if !new.draft => {
            let status = new
                .status
                .as_ref()
                .map_or(Some(ConversationStatus::Active), status_change);
            if let Some(status) = status {
                set_status(c, status, user, now);
            }
            if let Some(assignee) = new.assign_to {
                c.assignee = Some(assignee);
            }
        }
        ThreadType::Note => {
            if let Some(status) = new.status.as_ref().and_then(status_change) {
                set_status(c, status, user, now);
            }
        }
        _ => {}
    }
    c.threads.push(ThreadRec {
        id: thread_id,
        kind: new.kind.clone(),
        status: ThreadStatus::from(c.status.as_str()),
        state: if new.draft {
            ThreadState::Draft
        } else {
            ThreadState::Published
        },
        hidden: false,
        body: new.text,
        original_body: None,
        customer_id: Some(thread_customer),
        created_by: if by_customer {
            Actor::Customer(thread_customer)
        } else {
            Actor::User(user)
        },
        assigned_to: c.assignee,
        to,
        cc: new.cc,
        bcc: new.bcc,
        created_at,
        opened_at: None,
        source: SourceType::Api,
        attachments,
        scheduled: None,
        saved_reply_id: None,
        action: None,
        linked_conversation_id: None,
        rating_id: None,
    });
    c.touch(created_at.max(now));
    if !by_customer {
        c.user_updated_at = Some(now);
    }
    let event = match new.kind {
        ThreadType::Customer | ThreadType::Chat | ThreadType::Phone => {
            Some(WebhookEvent::ConvoCustomerReplyCreated)
        }
        // A draft is not sent: its event comes when it is published.
        ThreadType::Message if !new.draft => Some(WebhookEvent::ConvoAgentReplyCreated),
        ThreadType::Note => Some(WebhookEvent::ConvoNoteCreated),
        _ => None,
    };
    req.sim.emit_created_since(&d, marks);
    if let Some(event) = event {
        req.sim.emit(&d, Emit::Conversation(event, id));
    }
    hal::created(thread_id, None)
}

fn find_thread_mut(c: &mut ConversationRec, thread_id: i64) -> Result<&mut ThreadRec, Problem> {
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
    match (&p.op, p.path.as_str(), &p.value) {
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
    hal::no_content()
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
    hal::ok(&crate::models::ThreadOriginalSource {
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
    hal::no_content()
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
    hal::no_content()
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
    hal::no_content()
}

/// `POST .../threads/{threadId}/attachments`.
pub(crate) fn create_attachment(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let thread_id = req.id("threadId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    for key in ["fileName", "mimeType", "data"] {
        check.required(&value, "", key);
    }
    check.finish()?;
    let upload: AttachmentUpload = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live(&d, id)?;
    if !c.threads.iter().any(|t| t.id == thread_id) {
        return Err(Problem::not_found("Thread"));
    }
    let mut stored = upload_attachments(&mut d, std::slice::from_ref(&upload), "attachments")
        .map_err(|problem| match problem {
            // A single upload is the whole body: report bare field names.
            Problem::Validation(errors) => Problem::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.path = e.path.trim_start_matches("attachments[0].").to_owned();
                        e
                    })
                    .collect(),
            ),
            other => other,
        })?;
    let attachment = stored
        .pop()
        .ok_or_else(|| Problem::not_found("Attachment"))?;
    let attachment_id = attachment.id;
    let c = live_mut(&mut d, id)?;
    let t = find_thread_mut(c, thread_id)?;
    t.attachments.push(attachment);
    c.touch(now);
    hal::created(attachment_id, None)
}

/// `GET /v2/conversations/{id}/attachments/{attachmentId}/data`.
pub(crate) fn attachment_data(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let attachment_id = req.id("attachmentId")?;
    let d = req.sim.data();
    let c = live(&d, id)?;
    let attachment = c
        .threads
        .iter()
        .flat_map(|t| t.attachments.iter())
        .find(|a| a.id == attachment_id)
        .ok_or_else(|| Problem::not_found("Attachment"))?;
    hal::ok(&AttachmentData {
        data: Some(attachment.data.clone()),
    })
}

/// `DELETE /v2/conversations/{id}/attachments/{attachmentId}`.
pub(crate) fn delete_attachment(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let attachment_id = req.id("attachmentId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    if !d.find_attachment(id, attachment_id) {
        return Err(Problem::not_found("Attachment"));
    }
    let c = live_mut(&mut d, id)?;
    for t in &mut c.threads {
        t.attachments.retain(|a| a.id != attachment_id);
    }
    c.touch(now);
    hal::no_content()
}
