//! Tags, workflows, webhooks and ratings.

use serde_json::Value;

use helpscout_mailbox::ids::{
    ConversationId, CustomerId, MailboxId, RatingId, ThreadId, UserId, WebhookId, WorkflowId,
};
use helpscout_mailbox::models::{
    CreateWebhookBody, Rating, RatingCustomer, RatingUser, RunWorkflowBody, Spelled, Tag, TagPage,
    TagPageEmbedded, Timestamp, UpdateWebhookBody, Webhook, WebhookEvent, WebhookPage,
    WebhookPageEmbedded, WebhookPayloadVersion, WebhookState, Workflow, WorkflowPage,
    WorkflowPageEmbedded, WorkflowPatchOp, WorkflowPatchPath, WorkflowStatus, WorkflowStatusPatch,
    WorkflowStatusValue, WorkflowType,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_body, json_object};
use crate::render::{render_tag, tag_counts};
use crate::runtime::delivery::{Change as Emit, Marks};
use crate::state::{Data, TagRec, WebhookRec, WorkflowAction, WorkflowRec};

use super::Req;
use super::conversations::set_status;

const PAGE: usize = 50;

/// `GET /v2/tags`: alphabetical, across all inboxes.
pub(crate) fn list_tags(req: &Req) -> Reply {
    let d = req.sim.data();
    let counts = tag_counts(&d);
    let mut tags: Vec<&TagRec> = d.tags.values().collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let paged = http::paginate(req, tags, PAGE)?;
    let items: Vec<Tag> = paged
        .items
        .iter()
        .map(|t| {
            render_tag(
                t,
                counts.get(&t.id).copied().unwrap_or(0),
                &req.sim.base_url,
            )
        })
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &TagPage {
            embedded: Some(TagPageEmbedded { tags: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "tags",
        empty,
    )
}

/// `GET /v2/tags/{id}`.
pub(crate) fn get_tag(req: &Req) -> Reply {
    let id = req.id("tagId")?;
    let d = req.sim.data();
    let t = d.tags.get(&id).ok_or_else(|| Problem::not_found("Tag"))?;
    let count = tag_counts(&d).get(&id).copied().unwrap_or(0);
    http::ok(&render_tag(t, count, &req.sim.base_url))
}

fn render_workflow(w: &WorkflowRec, base: &str) -> Workflow {
    Workflow {
        created_at: Some(Timestamp::new(w.created_at)),
        id: WorkflowId::new(w.id),
        links: Some(http::links([(
            "self",
            format!("{base}/v2/workflows/{}", w.id),
        )])),
        mailbox_id: Some(MailboxId::new(w.mailbox_id)),
        modified_at: Some(Timestamp::new(w.modified_at)),
        name: Some(w.name.clone()),
        order: Some(w.order),
        status: Some(w.status.clone().into()),
        type_: Some(w.kind.clone().into()),
    }
}

/// `GET /v2/workflows`: `mailboxId` and `type` filters.
pub(crate) fn list_workflows(req: &Req) -> Reply {
    let mailbox = http::query_id(req, "mailboxId")?;
    let kind = match req.query("type").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) if WorkflowType::KNOWN.contains(&t) => Some(WorkflowType::from(t)),
        Some(other) => {
            return Err(Problem::one(
                FieldError::new("type", "EnumValue", "Value not supported")
                    .rejecting(other)
                    .in_query(),
            ));
        }
    };
    let d = req.sim.data();
    let mut workflows: Vec<&WorkflowRec> = d
        .workflows
        .values()
        .filter(|w| mailbox.is_none_or(|m| w.mailbox_id == m))
        .filter(|w| kind.as_ref().is_none_or(|k| w.kind == *k))
        .collect();
    workflows.sort_by_key(|w| (w.mailbox_id, w.order, w.id));
    let paged = http::paginate(req, workflows, PAGE)?;
    let items: Vec<Workflow> = paged
        .items
        .iter()
        .map(|w| render_workflow(w, &req.sim.base_url))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &WorkflowPage {
            embedded: Some(WorkflowPageEmbedded { workflows: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "workflows",
        empty,
    )
}

/// `PATCH /v2/workflows/{id}`: one object `{op:"replace", path:"/status", value}`.
pub(crate) fn patch_workflow(req: &Req) -> Reply {
    let id = req.id("workflowId")?;
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
    check.one_of(&value, "", "op", WorkflowPatchOp::KNOWN);
    check.one_of(&value, "", "path", WorkflowPatchPath::KNOWN);
    check.one_of(&value, "", "value", WorkflowStatusValue::KNOWN);
    check.finish()?;
    let body: WorkflowStatusPatch = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let w = d
        .workflows
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Workflow"))?;
    w.status = match *body.value {
        WorkflowStatusValue::Active => WorkflowStatus::Active,
        _ => WorkflowStatus::Inactive,
    };
    w.modified_at = now;
    http::no_content()
}

/// `POST /v2/workflows/{id}/run`: a manual, active workflow on at most 50 conversations of
/// its own inbox.
pub(crate) fn run_workflow(req: &Req) -> Reply {
    let id = req.id("workflowId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "conversationIds");
    check.finish()?;
    let body: RunWorkflowBody = decode(&value)?;
    if body.conversation_ids.len() > 50 {
        return Err(Problem::one(
            FieldError::new("conversationIds", "Size", "size must be between 1 and 50")
                .rejecting(body.conversation_ids.len() as i64),
        ));
    }
    let now = req.sim.now();
    let mut d = req.sim.data();
    let w = d
        .workflows
        .get(&id)
        .cloned()
        .ok_or_else(|| Problem::not_found("Workflow"))?;
    if w.kind != WorkflowType::Manual {
        return Err(Problem::field(
            "",
            "InvalidValue",
            "Only manual workflows can be run",
        ));
    }
    if w.status != WorkflowStatus::Active {
        return Err(Problem::field(
            "",
            "InvalidValue",
            "The workflow is not active",
        ));
    }
    let mut check = Check::new();
    for (i, conversation) in body.conversation_ids.iter().enumerate() {
        match d.conversations.get(conversation) {
            Some(c) if c.merged_into.is_none() && c.mailbox_id == w.mailbox_id => {}
            Some(c) if c.merged_into.is_none() => check.push(
                FieldError::new(
                    format!("conversationIds[{i}]"),
                    "InvalidValue",
                    "the conversation is in another inbox than the workflow",
                )
                .rejecting(*conversation),
            ),
            _ => check.push(
                FieldError::new(
                    format!("conversationIds[{i}]"),
                    "InvalidIdentifier",
                    "Conversation not found",
                )
                .rejecting(*conversation),
            ),
        }
    }
    check.finish()?;
    let marks = Marks::take(&d);
    let tag = match &w.action {
        WorkflowAction::AddTag(name) => Some(d.tag_id(name, now)),
        _ => None,
    };
    let owner = d.owner_id;
    for conversation in &body.conversation_ids {
        if let Some(c) = d.conversations.get_mut(conversation) {
            match &w.action {
                WorkflowAction::AddTag(_) => {
                    if let Some(tag) = tag
                        && !c.tag_ids.contains(&tag)
                    {
                        c.tag_ids.push(tag);
                    }
                }
                WorkflowAction::SetStatus(status) => set_status(c, status.clone(), owner, now),
                WorkflowAction::Assign(user) => c.assignee = Some(*user),
            }
            c.touch(now);
        }
    }
    req.sim.emit_created_since(&d, marks);
    let event = match &w.action {
        WorkflowAction::AddTag(_) => WebhookEvent::ConvoTags,
        WorkflowAction::SetStatus(_) => WebhookEvent::ConvoStatus,
        WorkflowAction::Assign(_) => WebhookEvent::ConvoAssigned,
    };
    for conversation in &body.conversation_ids {
        req.sim
            .emit(&d, Emit::Conversation(event.clone(), *conversation));
    }
    http::no_content()
}

fn render_webhook(w: &WebhookRec, base: &str) -> Webhook {
    Webhook {
        events: w.events.iter().cloned().map(Into::into).collect(),
        id: WebhookId::new(w.id),
        label: w.label.clone(),
        links: Some(http::links([(
            "self",
            format!("{base}/v2/webhooks/{}", w.id),
        )])),
        mailbox_ids: w
            .mailbox_ids
            .clone()
            .into_iter()
            .map(MailboxId::new)
            .collect(),
        notification: Some(w.notification),
        payload_version: Some(WebhookPayloadVersion::V2.into()),
        // The docs' example of a webhook does not show the secret.
        secret: None,
        state: Some(w.state.clone().into()),
        url: Some(w.url.clone()),
    }
}

/// `GET /v2/webhooks`.
pub(crate) fn list_webhooks(req: &Req) -> Reply {
    let d = req.sim.data();
    let hooks: Vec<&WebhookRec> = d.webhooks.values().collect();
    let paged = http::paginate(req, hooks, PAGE)?;
    let items: Vec<Webhook> = paged
        .items
        .iter()
        .map(|w| render_webhook(w, &req.sim.base_url))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &WebhookPage {
            embedded: Some(WebhookPageEmbedded { webhooks: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "webhooks",
        empty,
    )
}

/// `GET /v2/webhooks/{id}`.
pub(crate) fn get_webhook(req: &Req) -> Reply {
    let id = req.id("webhookId")?;
    let d = req.sim.data();
    let w = d
        .webhooks
        .get(&id)
        .ok_or_else(|| Problem::not_found("Webhook"))?;
    http::ok(&render_webhook(w, &req.sim.base_url))
}

/// The checks shared by create and update: `url`, `events` (known ones), `secret` (at most
/// 40 characters), `payloadVersion` (`V2` only) and existing `mailboxIds`.
fn check_webhook(d: &Data, value: &Value) -> Result<(), Problem> {
    let mut check = Check::new();
    for key in ["url", "events", "secret"] {
        check.required(value, "", key);
    }
    if let Some(Value::String(url)) = value.get("url")
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        check.push(FieldError::new("url", "URL", "must be a valid URL").rejecting(url.clone()));
    }
    check.length(value, "", "secret", 1, 40);
    check.one_of(value, "", "payloadVersion", WebhookPayloadVersion::KNOWN);
    if let Some(Value::Array(events)) = value.get("events") {
        for (i, event) in events.iter().enumerate() {
            let known = event
                .as_str()
                .is_some_and(|e| WebhookEvent::KNOWN.contains(&e));
            if !known {
                check.push(
                    FieldError::new(format!("events[{i}]"), "EnumValue", "Value not supported")
                        .rejecting(event.clone()),
                );
            }
        }
    }
    if let Some(Value::Array(ids)) = value.get("mailboxIds") {
        for (i, id) in ids.iter().enumerate() {
            if !id.as_i64().is_some_and(|id| d.mailboxes.contains_key(&id)) {
                check.push(
                    FieldError::new(
                        format!("mailboxIds[{i}]"),
                        "InvalidIdentifier",
                        "Mailbox not found",
                    )
                    .rejecting(id.clone()),
                );
            }
        }
    }
    check.finish()
}

/// The label a webhook reads back with: the one given, or `Webhooks` when the create or
/// update left it out (changelog 2020-10-05: "Omitting this property results in a Webhooks
/// fallback value").
const WEBHOOK_FALLBACK_LABEL: &str = "Webhooks";

fn label_or_fallback(label: Option<String>) -> String {
    label.unwrap_or_else(|| WEBHOOK_FALLBACK_LABEL.to_owned())
}

/// `POST /v2/webhooks`.
pub(crate) fn create_webhook(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut d = req.sim.data();
    check_webhook(&d, &value)?;
    let body: CreateWebhookBody = decode(&value)?;
    let id = d.ids.next("webhook");
    d.webhooks.insert(
        id,
        WebhookRec {
            id,
            url: body.url,
            state: WebhookState::Enabled,
            events: body.events.into_iter().map(Spelled::into_value).collect(),
            notification: body.notification.unwrap_or(false),
            label: Some(label_or_fallback(body.label)),
            secret: body.secret.expose().to_owned(),
            mailbox_ids: body.mailbox_ids,
        },
    );
    http::created(id, Some(req.url(&format!("/v2/webhooks/{id}"))))
}

/// `PUT /v2/webhooks/{id}`: full replacement.
pub(crate) fn update_webhook(req: &Req) -> Reply {
    let id = req.id("webhookId")?;
    let value = json_object(req)?;
    let mut d = req.sim.data();
    if !d.webhooks.contains_key(&id) {
        return Err(Problem::not_found("Webhook"));
    }
    check_webhook(&d, &value)?;
    let body: UpdateWebhookBody = decode(&value)?;
    let w = d
        .webhooks
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Webhook"))?;
    w.url = body.url;
    w.events = body.events.into_iter().map(Spelled::into_value).collect();
    w.notification = body.notification.unwrap_or(false);
    w.label = Some(label_or_fallback(body.label));
    w.secret = body.secret.expose().to_owned();
    w.mailbox_ids = body.mailbox_ids;
    http::no_content()
}

/// `DELETE /v2/webhooks/{id}`.
pub(crate) fn delete_webhook(req: &Req) -> Reply {
    let id = req.id("webhookId")?;
    let mut d = req.sim.data();
    if d.webhooks.remove(&id).is_none() {
        return Err(Problem::not_found("Webhook"));
    }
    http::no_content()
}

/// `GET /v2/ratings/{id}`.
pub(crate) fn get_rating(req: &Req) -> Reply {
    let id = req.id("ratingId")?;
    let d = req.sim.data();
    let r = d
        .ratings
        .get(&id)
        .ok_or_else(|| Problem::not_found("Rating"))?;
    let base = &req.sim.base_url;
    let conversation = d.conversations.get(&r.conversation_id);
    let customer = d.customers.get(&r.customer_id);
    let user = d.users.get(&r.user_id);
    let mailbox_id = conversation.map(|c| c.mailbox_id);
    let mut links = vec![
        ("self", format!("{base}/v2/ratings/{id}")),
        (
            "conversation",
            format!("{base}/v2/conversations/{}", r.conversation_id),
        ),
        ("customer", format!("{base}/v2/customers/{}", r.customer_id)),
        ("user", format!("{base}/v2/users/{}", r.user_id)),
    ];
    if let Some(m) = mailbox_id {
        links.push(("mailbox", format!("{base}/v2/mailboxes/{m}")));
    }
    http::ok(&Rating {
        comments: r.comments.clone(),
        conversation_id: Some(ConversationId::new(r.conversation_id)),
        conversation_number: conversation.map(|c| c.number),
        created_at: Some(Timestamp::new(r.created_at)),
        customer: Some(RatingCustomer {
            email: customer.and_then(|c| c.first_email()).map(str::to_owned),
            first_name: customer.and_then(|c| c.first_name.clone()),
            id: Some(CustomerId::new(r.customer_id)),
            last_name: customer.and_then(|c| c.last_name.clone()),
            photo_url: customer.and_then(|c| c.photo_url.clone()),
        }),
        id: RatingId::new(r.id),
        links: Some(http::links_vec(links)),
        mailbox_id: mailbox_id.map(MailboxId::new),
        modified_at: None,
        rating: Some(r.rating.clone().into()),
        thread_id: Some(ThreadId::new(r.thread_id)),
        user: Some(RatingUser {
            email: user.map(|u| u.email.clone()),
            first_name: user.map(|u| u.first_name.clone()),
            id: Some(UserId::new(r.user_id)),
            last_name: user.map(|u| u.last_name.clone()),
        }),
    })
}
