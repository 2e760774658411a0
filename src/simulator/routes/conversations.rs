//! Conversations: list (filters, sorting, search), get (301 for merged ones), create, the
//! single-object PATCH, delete, tags, custom fields and snoozes.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;

use crate::ids::{ConversationId, CustomFieldId, FolderId, MailboxId, TagId, UserId};
use crate::models::{
    Conversation, ConversationCustomField, ConversationEmbedded, ConversationFieldValue,
    ConversationNextEvent, ConversationPatch, ConversationPerson, ConversationSnooze,
    ConversationSource, ConversationState, ConversationStatus, ConversationTag,
    ConversationThreads, ConversationType, CreateConversationBody, CreateConversationStatus,
    CreateConversationThreadType, CustomerWaitingSince, NextEventType, PatchOp, PersonType,
    SnoozeConversation, SourceType, SourceVia, ThreadCustomer, ThreadState, ThreadStatus,
    ThreadType, Timestamp, UpdateConversationCustomFields, UpdateConversationTags, WebhookEvent,
};

use super::super::delivery::{Change as Emit, Marks};
use super::super::hal::{
    self, Check, FieldError, Problem, Reply, decode, is_plain_date, json_body, json_object,
};
use super::super::state::{
    Actor, ConversationRec, CustomerRec, Data, EntryRec, FieldKind, MailboxRec, ThreadRec,
};
use super::threads::{render_thread, upload_attachments};
use super::{Req, customer_person, user_person};

mod listing;
mod search;

pub(crate) use listing::list;

/// Conversations per page (threads too): 25, unlike the 50 of every other list.
pub(crate) const CONVERSATION_PAGE: usize = 25;
/// The most threads a conversation may hold (412 beyond).
pub(crate) const MAX_THREADS: usize = 100;

/// What rendering needs besides the record.
pub(crate) struct View<'a> {
    pub(crate) base: &'a str,
    pub(crate) now: DateTime<Utc>,
    /// v3 shows AI agents as `system_user`; v2 as `user`.
    pub(crate) v3: bool,
}

/// "3 hours ago", as `customerWaitingSince.friendly` puts it.
fn friendly(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => "just now".to_owned(),
        1..=59 => format!("{minutes} min ago"),
        60..=1439 => format!("{} hours ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// Until when [`friendly`] keeps the text it gives at `now` (the next whole minute after
/// `then`, as its text changes at most once a minute); `None` past chrono's range.
pub(crate) fn friendly_until(now: DateTime<Utc>, then: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let minutes = (now - then).num_minutes().max(0);
    then.checked_add_signed(chrono::Duration::minutes(minutes.checked_add(1)?))
}

/// The conversation as the API shows it.
pub(crate) fn render_conversation(
    d: &Data,
    c: &ConversationRec,
    view: &View<'_>,
    embed_threads: bool,
) -> Conversation {
    let base = view.base;
    let mailbox = d.mailboxes.get(&c.mailbox_id);
    let preview = c
        .threads
        .iter()
        .rev()
        .find(|t| t.kind != ThreadType::Lineitem && !t.body.is_empty())
        .map(|t| t.body.chars().take(100).collect::<String>());
    let created_by = match c.created_by {
        Actor::User(id) => ConversationPerson::from(user_person(d, id, view.v3)),
        Actor::Customer(id) => {
            let full = customer_person(d, id);
            ConversationPerson {
                email: full.email,
                id: Some(id),
                type_: Some(PersonType::Customer),
                ..ConversationPerson::default()
            }
        }
    };
    let custom_fields = c
        .fields
        .iter()
        .map(|(&id, value)| {
            let def = mailbox.and_then(|m| m.fields.iter().find(|f| f.id == id));
            let text = match def {
                Some(def) if def.kind == FieldKind::Dropdown => def
                    .options
                    .iter()
                    .find(|o| o.0.to_string() == *value)
                    .map(|o| o.2.clone()),
                _ => Some(value.clone()),
            };
            ConversationCustomField {
                id: Some(CustomFieldId::new(id)),
                name: def.map(|f| f.name.clone()),
                text,
                value: Some(value.clone()),
            }
        })
        .collect();
    let scheduled = c
        .threads
        .iter()
        .filter_map(|t| t.scheduled.as_ref())
        .min_by_key(|s| s.scheduled_for);
    let next_event = match (&c.snooze, scheduled) {
        (Some(snooze), _) => Some(ConversationNextEvent {
            cancel_on_customer_reply: Some(snooze.unsnooze_on_customer_reply),
            event_type: Some(NextEventType::Snooze),
            time: Some(Timestamp::new(snooze.until)),
            user_id: Some(UserId::new(snooze.snoozed_by)),
        }),
        (None, Some(s)) => Some(ConversationNextEvent {
            cancel_on_customer_reply: Some(s.unschedule_on_customer_reply),
            event_type: Some(NextEventType::Scheduled),
            time: Some(Timestamp::new(s.scheduled_for)),
            user_id: Some(UserId::new(s.scheduled_by)),
        }),
        (None, None) => None,
    };
    let mut links = vec![
        ("self", format!("{base}/v2/conversations/{}", c.id)),
        ("mailbox", format!("{base}/v2/mailboxes/{}", c.mailbox_id)),
        (
            "primaryCustomer",
            format!("{base}/v2/customers/{}", c.customer_id),
        ),
        (
            "threads",
            format!("{base}/v2/conversations/{}/threads", c.id),
        ),
        (
            "web",
            format!(
                "https://secure.helpscout.net/conversation/{}/{}",
                c.id, c.number
            ),
        ),
    ];
    match c.created_by {
        Actor::User(id) => links.push(("createdByUser", format!("{base}/v2/users/{id}"))),
        Actor::Customer(id) => {
            links.push(("createdByCustomer", format!("{base}/v2/customers/{id}")))
        }
    }
    if let Some(id) = c.closed_by {
        links.push(("closedBy", format!("{base}/v2/users/{id}")));
    }
    if let Some(id) = c.assignee {
        links.push(("assignee", format!("{base}/v2/users/{id}")));
    }
    Conversation {
        assignee: c.assignee.map(|id| user_person(d, id, view.v3)),
        bcc: c.bcc.clone(),
        cc: c.cc.clone(),
        closed_at: c.closed_at.map(Timestamp::new),
        closed_by: c.closed_by.map(UserId::new),
        closed_by_user: c.closed_by.map(|id| user_person(d, id, view.v3)),
        created_at: Some(Timestamp::new(c.created_at)),
        created_by: Some(created_by),
        custom_fields,
        customer_waiting_since: c
            .customer_waiting_since()
            .map(|since| CustomerWaitingSince {
                friendly: Some(friendly(view.now, since)),
                latest_reply_from: Some("customer".to_owned()),
                time: Some(Timestamp::new(since)),
            }),
        embedded: embed_threads.then(|| ConversationEmbedded {
            threads: sorted_threads(c)
                .into_iter()
                .map(|t| render_thread(d, c, t, view))
                .collect(),
        }),
        folder_id: mailbox.and_then(|m| m.folder_for(c)).map(FolderId::new),
        id: ConversationId::new(c.id),
        links: Some(hal::links_vec(links)),
        mailbox_id: Some(MailboxId::new(c.mailbox_id)),
        next_event,
        number: Some(c.number),
        preview,
        primary_customer: customer_person(d, c.customer_id),
        snooze: c.snooze.as_ref().map(|s| ConversationSnooze {
            snoozed_by: Some(UserId::new(s.snoozed_by)),
            snoozed_until: Some(Timestamp::new(s.until)),
            unsnooze_on_customer_reply: Some(s.unsnooze_on_customer_reply),
        }),
        source: Some(ConversationSource {
            type_: Some(c.source.clone()),
            via: Some(if c.source_via_customer {
                SourceVia::Customer
            } else {
                SourceVia::User
            }),
        }),
        state: Some(if c.draft {
            ConversationState::Draft
        } else {
            ConversationState::Published
        }),
        status: Some(c.status.clone()),
        subject: Some(c.subject.clone()),
        tags: c
            .tag_ids
            .iter()
            .filter_map(|id| d.tags.get(id))
            .map(|t| ConversationTag {
                color: Some(t.color.clone()),
                id: TagId::new(t.id),
                tag: t.name.clone(),
            })
            .collect(),
        threads: Some(ConversationThreads::Int64(c.thread_count() as i64)),
        type_: Some(c.kind.clone()),
        user_updated_at: c.user_updated_at.map(Timestamp::new),
    }
}

/// Threads newest first, as the API lists them.
pub(crate) fn sorted_threads(c: &ConversationRec) -> Vec<&ThreadRec> {
    let mut threads: Vec<&ThreadRec> = c.threads.iter().collect();
    threads.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    threads
}

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
    hal::ok(&render_conversation(&d, c, &view(req, v3), embed))
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
    if !hal::looks_like_email(email) {
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
    let mut check = Check::new();
    for key in [
        "subject",
        "type",
        "mailboxId",
        "status",
        "customer",
        "threads",
    ] {
        check.required(&value, "", key);
    }
    check.one_of(&value, "", "type", ConversationType::KNOWN);
    check.one_of(&value, "", "status", CreateConversationStatus::KNOWN);
    if let Some(Value::Array(threads)) = value.get("threads") {
        for (i, thread) in threads.iter().enumerate() {
            let prefix = format!("threads[{i}]");
            check.required(thread, &prefix, "type");
            check.required(thread, &prefix, "text");
            check.one_of(thread, &prefix, "type", CreateConversationThreadType::KNOWN);
        }
    }
    check.finish()?;
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
    check.finish()?;
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
    let status = match body.status {
        CreateConversationStatus::Closed => ConversationStatus::Closed,
        CreateConversationStatus::Pending => ConversationStatus::Pending,
        _ => ConversationStatus::Active,
    };
    let id = d.ids.next("conversation");
    let number = d.ids.next("number");
    let mut threads = Vec::with_capacity(body.threads.len());
    let mut draft = false;
    for (i, (thread, attachments)) in body.threads.iter().zip(uploads).enumerate() {
        let kind = match thread.type_ {
            CreateConversationThreadType::Reply => ThreadType::Message,
            CreateConversationThreadType::Note => ThreadType::Note,
            CreateConversationThreadType::Chat => ThreadType::Chat,
            CreateConversationThreadType::Phone => ThreadType::Phone,
            _ => ThreadType::Customer,
        };
        let by_customer = matches!(kind, ThreadType::Customer | ThreadType::Chat);
        let is_draft = kind == ThreadType::Message && thread.draft == Some(true);
        draft |= is_draft;
        let at = thread.created_at.map(Timestamp::get).unwrap_or_else(|| {
            // `created_at` may come from the request: a date at the end of chrono's range
            // must not overflow.
            i64::try_from(i)
                .ok()
                .and_then(|i| created_at.checked_add_signed(chrono::Duration::seconds(i)))
                .unwrap_or(created_at)
        });
        threads.push(ThreadRec {
            id: d.ids.next("thread"),
            kind,
            status: ThreadStatus::from(status.as_str()),
            state: if is_draft {
                ThreadState::Draft
            } else {
                ThreadState::Published
            },
            hidden: false,
            body: thread.text.clone(),
            original_body: None,
            customer_id: Some(thread_customers[i]),
            created_by: if by_customer {
                Actor::Customer(thread_customers[i])
            } else {
                Actor::User(user)
            },
            assigned_to: assignee,
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
        });
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
            kind: body.type_.clone(),
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
    hal::created(id, Some(req.url(&format!("/v2/conversations/{id}"))))
}

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
    let change = match (&p.op, p.path.as_str()) {
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
    hal::no_content()
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
    hal::no_content()
}

/// `PUT /v2/conversations/{id}/tags`: full replacement; unknown names are created; `[]`
/// clears.
pub(crate) fn put_tags(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_object(req)?;
    if !value.get("tags").is_some_and(Value::is_array) {
        return Err(Problem::field("tags", "NotNull", "may not be null"));
    }
    let body: UpdateConversationTags = decode(&value)?;
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
    hal::no_content()
}

/// `PUT /v2/conversations/{id}/fields`: full replacement of custom-field values.
pub(crate) fn put_fields(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let value = json_object(req)?;
    if !value.get("fields").is_some_and(Value::is_array) {
        return Err(Problem::field("fields", "NotNull", "may not be null"));
    }
    let body: UpdateConversationCustomFields = decode(&value)?;
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
    hal::no_content()
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
    let body: SnoozeConversation = decode(&value)?;
    let now = req.sim.now();
    check_future(body.snoozed_until.get(), now, "snoozedUntil")?;
    let mut d = req.sim.data();
    let owner = d.owner_id;
    let c = live_mut(&mut d, id)?;
    c.snooze = Some(super::super::state::SnoozeRec {
        snoozed_by: owner,
        until: body.snoozed_until.get(),
        unsnooze_on_customer_reply: body.unsnooze_on_customer_reply,
    });
    c.touch(now);
    hal::no_content()
}

/// `DELETE /v2/conversations/{id}/snooze`.
pub(crate) fn unsnooze(req: &Req) -> Reply {
    let id = req.id("conversationId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = live_mut(&mut d, id)?;
    c.snooze = None;
    c.touch(now);
    hal::no_content()
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
