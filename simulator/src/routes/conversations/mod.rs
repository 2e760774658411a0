//! Conversations: list (filters, sorting, search), get (301 for merged ones), create, the
//! single-object PATCH, delete, tags, custom fields and snoozes.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::Value;

use helpscout_mailbox::models::{
    ConversationFieldValue, ConversationStatus, ConversationType, CreateConversationBody,
    CreateConversationStatus, CreateConversationThread, CreateConversationThreadType, SourceType,
    ThreadCustomer, ThreadState, ThreadStatus, ThreadType, Timestamp, WebhookEvent,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, is_plain_date, json_object};
use crate::render::{MAX_THREADS, View, render_conversation};
use crate::runtime::delivery::{Change as Emit, Marks};
use crate::state::{
    Actor, AttachmentRec, ConversationRec, CustomerRec, Data, EntryRec, FieldKind, MailboxRec,
    ThreadRec,
};

use super::Req;
use super::threads::upload_attachments;

mod listing;
mod search;

pub(crate) use listing::list;

mod update;

pub(crate) use update::{
    check_future, delete, merge, patch, put_fields, put_tags, set_status, snooze, unsnooze,
};

/// A conversation that can be written to: merged ones answer 404 to writes.
pub(crate) fn live_mut(d: &mut Data, id: i64) -> Result<&mut ConversationRec, Problem> {
    match d.conversations.get_mut(&id) {
        Some(c) if c.merged_into.is_none() => Ok(c),
        _ => Err(Problem::not_found("Conversation")),
    }
}

pub(crate) fn live(d: &Data, id: i64) -> Result<&ConversationRec, Problem> {
    match d.conversations.get(&id) {
        Some(c) if c.merged_into.is_none() => Ok(c),
        _ => Err(Problem::not_found("Conversation")),
    }
}

/// The conversation a merged one now lives in (following chains of merges).
fn merge_target(d: &Data, mut id: i64) -> Option<i64> {
    for _ in 0..32 {
        match d.conversations.get(&id)?.merged_into {
            Some(next) => id = next,
            None => return Some(id),
        }
    }
    None
}

fn view<'a>(req: &'a Req, v3: bool) -> View<'a> {
    View {
        base: &req.sim.base_url,
        now: req.sim.now(),
        v3,
    }
}

pub(crate) fn get(req: &Req) -> Reply {
    get_version(req, false)
}

pub(crate) fn get_v3(req: &Req) -> Reply {
    get_version(req, true)
}

fn get_version(req: &Req, v3: bool) -> Reply {
    let id = req.id("conversationId")?;
    let embed = embed_threads(req)?;
    let d = req.sim.data();
    let c = d
        .conversations
        .get(&id)
        .ok_or_else(|| Problem::not_found("Conversation"))?;
    if c.merged_into.is_some() {
        let target = merge_target(&d, id).ok_or_else(|| Problem::not_found("Conversation"))?;
        let version = if v3 { "v3" } else { "v2" };
        return Err(Problem::Moved(
            req.url(&format!("/{version}/conversations/{target}")),
        ));
    }
    http::ok(&render_conversation(&d, c, &view(req, v3), embed))
}

fn embed_threads(req: &Req) -> Result<bool, Problem> {
    match req.query("embed") {
        None | Some("") => Ok(false),
        Some("threads") => Ok(true),
        Some(other) => Err(Problem::one(
            FieldError::new("embed", "EnumValue", "Value not supported")
                .rejecting(other)
                .in_query(),
        )),
    }
}

/// Finds the customer a thread or conversation names: by id (which must exist), else by
/// e-mail, else a new customer made from the other fields.
pub(crate) fn resolve_customer(
    d: &mut Data,
    customer: &ThreadCustomer,
    path: &str,
    now: DateTime<Utc>,
) -> Result<i64, Problem> {
    if let Some(id) = customer.id {
        return if d.customers.contains_key(&id) {
            Ok(id)
        } else {
            Err(Problem::one(
                FieldError::new(
                    format!("{path}.id"),
                    "InvalidIdentifier",
                    "Customer not found",
                )
                .rejecting(id),
            ))
        };
    }
    let Some(email) = customer
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Err(Problem::one(FieldError::new(
            format!("{path}.email"),
            "NotNull",
            "a customer needs an id or an email",
        )));
    };
    if !http::looks_like_email(email) {
        return Err(Problem::one(
            FieldError::new(
                format!("{path}.email"),
                "Email",
                "must be a well-formed email address",
            )
            .rejecting(email),
        ));
    }
    if let Some(&id) = d.customer_by_email.get(&email.to_lowercase()) {
        return Ok(id);
    }
    let id = d.ids.next("customer");
    let entry_id = d.ids.next("entry");
    let mut record = CustomerRec {
        id,
        first_name: customer.first_name.clone(),
        last_name: customer.last_name.clone(),
        gender: customer.gender.as_deref().map(Into::into),
        job_title: customer.job_title.clone(),
        location: customer.location.clone(),
        organization: customer.organization.clone(),
        organization_id: None,
        photo_type: customer.photo_type.as_deref().map(Into::into),
        photo_url: customer.photo_url.clone(),
        age: customer.age.clone(),
        background: customer.background.clone(),
        created_at: now,
        updated_at: now,
        emails: vec![EntryRec {
            id: entry_id,
            kind: Some("work".to_owned()),
            value: email.to_owned(),
        }],
        phones: Vec::new(),
        chats: Vec::new(),
        social_profiles: Vec::new(),
        websites: Vec::new(),
        address: None,
        properties: BTreeMap::new(),
    };
    if let Some(phone) = customer.phone.clone() {
        record.phones.push(EntryRec {
            id: d.ids.next("entry"),
            kind: Some("work".to_owned()),
            value: phone,
        });
    }
    d.add_customer(record);
    Ok(id)
}

/// Checks custom-field values against the mailbox's definitions and formats.
pub(crate) fn check_field_values(
    mailbox: &MailboxRec,
    values: &[ConversationFieldValue],
    prefix: &str,
) -> Result<BTreeMap<i64, String>, Problem> {
    let mut check = Check::new();
    let mut out = BTreeMap::new();
    for (i, field) in values.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        let Some(def) = mailbox.fields.iter().find(|f| f.id == field.id) else {
            check.push(
                FieldError::new(
                    format!("{path}.id"),
                    "InvalidIdentifier",
                    "Custom field not found in this mailbox",
                )
                .rejecting(field.id),
            );
            continue;
        };
        let value = field.value.as_str();
        let problem = match def.kind {
            FieldKind::Dropdown => (!def.options.iter().any(|o| o.0.to_string() == value))
                .then_some("must be the id of one of the field's options"),
            FieldKind::Number => (value.chars().count() > 255 || value.parse::<f64>().is_err())
                .then_some("must be a number of at most 255 characters"),
            FieldKind::Date => {
                (!is_plain_date(value)).then_some("must be a date in the format YYYY-MM-DD")
            }
            FieldKind::SingleLine => {
                (value.chars().count() > 255).then_some("size must be between 0 and 255")
            }
            FieldKind::MultiLine => {
                (value.chars().count() > 15_000).then_some("size must be between 0 and 15000")
            }
        };
        match problem {
            Some(message) => check.push(
                FieldError::new(format!("{path}.value"), "InvalidValue", message).rejecting(value),
            ),
            None => {
                out.insert(field.id, value.to_owned());
            }
        }
    }
    check.finish()?;
    Ok(out)
}

/// `POST /v2/conversations`.
pub(crate) fn create(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_create_shape(&value)?;
    let body: CreateConversationBody = decode(&value)?;
    if body.threads.len() > MAX_THREADS {
        return Err(Problem::Status(
            StatusCode::PRECONDITION_FAILED,
            format!("A conversation can hold at most {MAX_THREADS} threads"),
        ));
    }
    // An explicit `"assignTo": null` keeps the conversation unassigned; omitting it lets the
    // inbox's routing decide.
    let explicit_unassigned = value.get("assignTo").is_some_and(Value::is_null);
    let now = req.sim.now();
    let mut d = req.sim.data();
    let marks = Marks::take(&d);
    let Some(mailbox) = d.mailboxes.get(&body.mailbox_id) else {
        return Err(Problem::one(
            FieldError::new("mailboxId", "InvalidIdentifier", "Mailbox not found")
                .rejecting(body.mailbox_id),
        ));
    };
    let fields = check_field_values(mailbox, &body.fields, "fields")?;
    check_create_refs(&d, &body)?;
    let mut uploads = Vec::new();
    for (i, thread) in body.threads.iter().enumerate() {
        uploads.push(upload_attachments(
            &mut d,
            &thread.attachments,
            &format!("threads[{i}].attachments"),
        )?);
    }
    let customer_id = resolve_customer(&mut d, &body.customer, "customer", now)?;
    let mut thread_customers = Vec::new();
    for (i, thread) in body.threads.iter().enumerate() {
        thread_customers.push(match &thread.customer {
            Some(customer) => {
                resolve_customer(&mut d, customer, &format!("threads[{i}].customer"), now)?
            }
            None => customer_id,
        });
    }
    let assignee = match body.assign_to {
        Some(user) => Some(user),
        None if explicit_unassigned => None,
        None => d.route(body.mailbox_id),
    };
    let user = body.user.unwrap_or(d.owner_id);
    let created_at = body.created_at.map(Timestamp::get).unwrap_or(now);
    let status = match *body.status {
        CreateConversationStatus::Closed => ConversationStatus::Closed,
        CreateConversationStatus::Pending => ConversationStatus::Pending,
        _ => ConversationStatus::Active,
    };
    let id = d.ids.next("conversation");
    let number = d.ids.next("number");
    let mut threads = Vec::with_capacity(body.threads.len());
    let mut draft = false;
    for (i, (thread, attachments)) in body.threads.iter().zip(uploads).enumerate() {
        let author = NewAuthor {
            customer: thread_customers[i],
            user,
            assignee,
            status: &status,
            created_at,
        };
        let (rec, is_draft) = new_thread(&mut d, thread, i, attachments, &author);
        draft |= is_draft;
        threads.push(rec);
    }
    let mut tag_ids = Vec::new();
    for name in &body.tags {
        let tag = d.tag_id(name, now);
        if !tag_ids.contains(&tag) {
            tag_ids.push(tag);
        }
    }
    let created_by = threads
        .first()
        .map(|t| t.created_by)
        .unwrap_or(Actor::User(user));
    let modified = threads
        .iter()
        .map(|t| t.created_at)
        .max()
        .unwrap_or(created_at)
        .max(now);
    let closed = status == ConversationStatus::Closed;
    d.conversations.insert(
        id,
        ConversationRec {
            id,
            number,
            kind: body.type_.value().clone(),
            mailbox_id: body.mailbox_id,
            status,
            draft,
            subject: body.subject.clone(),
            customer_id,
            created_by,
            assignee,
            created_at,
            modified_at: modified,
            user_updated_at: Some(now),
            closed_at: closed.then(|| body.closed_at.map(Timestamp::get).unwrap_or(now)),
            closed_by: closed.then_some(user),
            source: SourceType::Api,
            source_via_customer: matches!(created_by, Actor::Customer(_)),
            tag_ids,
            cc: Vec::new(),
            bcc: Vec::new(),
            fields,
            snooze: None,
            threads,
            merged_into: None,
        },
    );
    req.sim.emit_created_since(&d, marks);
    req.sim
        .emit(&d, Emit::Conversation(WebhookEvent::ConvoCreated, id));
    http::created(id, Some(req.url(&format!("/v2/conversations/{id}"))))
}

/// The body's shape: required members and known enum values, before decoding.
fn check_create_shape(value: &Value) -> Result<(), Problem> {
    let mut check = Check::new();
    for key in [
        "subject",
        "type",
        "mailboxId",
        "status",
        "customer",
        "threads",
    ] {
        check.required(value, "", key);
    }
    check.one_of(value, "", "type", ConversationType::KNOWN);
    check.one_of(value, "", "status", CreateConversationStatus::KNOWN);
    if let Some(Value::Array(threads)) = value.get("threads") {
        for (i, thread) in threads.iter().enumerate() {
            let prefix = format!("threads[{i}]");
            check.required(thread, &prefix, "type");
            check.required(thread, &prefix, "text");
            check.one_of(thread, &prefix, "type", CreateConversationThreadType::KNOWN);
        }
    }
    check.finish()
}

/// The users the body names exist, and `closedAt` is only set on imported conversations.
fn check_create_refs(d: &Data, body: &CreateConversationBody) -> Result<(), Problem> {
    let mut check = Check::new();
    if let Some(user) = body.user
        && !d.users.contains_key(&user)
    {
        check.push(FieldError::new("user", "InvalidIdentifier", "User not found").rejecting(user));
    }
    if let Some(user) = body.assign_to
        && !d.users.contains_key(&user)
    {
        check.push(
            FieldError::new("assignTo", "InvalidIdentifier", "User not found").rejecting(user),
        );
    }
    if body.closed_at.is_some() && body.imported != Some(true) {
        check.push(FieldError::new(
            "closedAt",
            "InvalidValue",
            "closedAt can only be set on imported conversations",
        ));
    }
    check.finish()
}

/// Who and when for the threads of a new conversation.
struct NewAuthor<'a> {
    /// The thread's customer (the conversation's unless the thread names one).
    customer: i64,
    user: i64,
    assignee: Option<i64>,
    status: &'a ConversationStatus,
    created_at: DateTime<Utc>,
}

/// Thread `i` of a new conversation, and whether it is a draft.
fn new_thread(
    d: &mut Data,
    thread: &CreateConversationThread,
    i: usize,
    attachments: Vec<AttachmentRec>,
    author: &NewAuthor<'_>,
) -> (ThreadRec, bool) {
    let kind = match *thread.type_ {
        CreateConversationThreadType::Reply => ThreadType::Message,
        CreateConversationThreadType::Note => ThreadType::Note,
        CreateConversationThreadType::Chat => ThreadType::Chat,
        CreateConversationThreadType::Phone => ThreadType::Phone,
        _ => ThreadType::Customer,
    };
    let by_customer = matches!(kind, ThreadType::Customer | ThreadType::Chat);
    let is_draft = kind == ThreadType::Message && thread.draft == Some(true);
    let at = thread.created_at.map(Timestamp::get).unwrap_or_else(|| {
        // `created_at` may come from the request: a date at the end of chrono's range
        // must not overflow.
        i64::try_from(i)
            .ok()
            .and_then(|i| {
                author
                    .created_at
                    .checked_add_signed(chrono::Duration::seconds(i))
            })
            .unwrap_or(author.created_at)
    });
    let rec = ThreadRec {
        id: d.ids.next("thread"),
        kind,
        status: ThreadStatus::from(author.status.as_str()),
        state: if is_draft {
            ThreadState::Draft
        } else {
            ThreadState::Published
        },
        hidden: false,
        body: thread.text.clone(),
        original_body: None,
        customer_id: Some(author.customer),
        created_by: if by_customer {
            Actor::Customer(author.customer)
        } else {
            Actor::User(author.user)
        },
        assigned_to: author.assignee,
        to: Vec::new(),
        cc: thread.cc.clone(),
        bcc: thread.bcc.clone(),
        created_at: at,
        opened_at: None,
        source: SourceType::Api,
        attachments,
        scheduled: None,
        saved_reply_id: None,
        action: None,
        linked_conversation_id: None,
        rating_id: None,
    };
    (rec, is_draft)
}
