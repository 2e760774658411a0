//! Threads (list v2/v3, the five create kinds, PATCH, original source, scheduling) and
//! attachments.
//!
//! Rules enforced: at most 100 threads per conversation (412 beyond); a reply needs
//! `customer.id`; a customer, chat or phone thread reopens a closed or pending conversation
//! unless it is imported, and ends a snooze or a schedule set to end on a customer reply;
//! writes to a merged conversation answer 404; a thread cannot be deleted (400).

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::Value;

use helpscout_mailbox::models::{
    AttachmentUpload, ConversationStatus, CreateChatThreadBody, CreateCustomerThreadBody,
    CreateNoteThreadBody, CreatePhoneThreadBody, CreateReplyThreadBody, SourceType, Spelled,
    Thread, ThreadPage, ThreadPageEmbedded, ThreadState, ThreadStatus, ThreadStatusChange,
    ThreadType, Timestamp, WebhookEvent,
};

use super::conversations::{live, live_mut, resolve_customer, set_status};
use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_object};
use crate::render::{CONVERSATION_PAGE, MAX_THREADS, View, render_thread, sorted_threads};
use crate::runtime::delivery::{Change as Emit, Marks};
use crate::state::{Actor, ConversationRec, ThreadRec};

use super::Req;

mod attachments;
mod edit;

pub(crate) use attachments::{
    attachment_data, create_attachment, delete_attachment, upload_attachments,
};
pub(crate) use edit::{delete, original_source, patch, publish_scheduled, schedule, unschedule};

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
    let paged = http::paginate(req, threads, CONVERSATION_PAGE)?;
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
    http::page_reply(req, &model, "threads", empty)
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
    customer: Option<helpscout_mailbox::models::ThreadCustomer>,
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
    let body: CreateReplyThreadBody = decode(&value)?;
    add(
        req,
        NewThread {
            reply_customer: Some(body.customer.id),
            user: body.user,
            assign_to: body.assign_to,
            status: body.status.map(Spelled::into_value),
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
    let body: CreateNoteThreadBody = decode(&value)?;
    add(
        req,
        NewThread {
            user: body.user,
            status: body.status.map(Spelled::into_value),
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
    let body: CreateChatThreadBody = decode(&value)?;
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
    let body: CreateCustomerThreadBody = decode(&value)?;
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
    let body: CreatePhoneThreadBody = decode(&value)?;
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
        reopen_for_customer(c, owner, now);
    }
    apply_thread_effects(c, &new, user, now);
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
    http::created(thread_id, None)
}

/// A customer writing back (unless imported) reopens a closed or pending conversation, and
/// ends a snooze or a schedule set to end on a customer reply.
fn reopen_for_customer(c: &mut ConversationRec, owner: i64, now: DateTime<Utc>) {
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

/// What a published reply (status, assignee) or a note (status) changes on the conversation.
fn apply_thread_effects(c: &mut ConversationRec, new: &NewThread, user: i64, now: DateTime<Utc>) {
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
}
