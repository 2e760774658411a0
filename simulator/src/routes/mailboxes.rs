//! Mailboxes (inboxes) and their folders, custom fields, routing and saved replies.

use helpscout_mailbox::ids::{CustomFieldId, FolderId, MailboxId, SavedReplyId, UserId};
use helpscout_mailbox::models::{ConversationStatus, EmailAvailability};
use helpscout_mailbox::models::{
    CreateSavedReplyBody, Mailbox, MailboxCustomField, MailboxCustomFieldOption,
    MailboxCustomFieldPage, MailboxCustomFieldPageEmbedded, MailboxCustomFieldType, MailboxFolder,
    MailboxFolderPage, MailboxFolderPageEmbedded, MailboxFolderType, MailboxPage,
    MailboxPageEmbedded, MailboxRouting, MailboxRoutingRotationEntry, RoutingAssignmentMethod,
    RoutingIneligibleReason, RoutingState, SavedReply, SavedReplyList, SavedReplySummary,
    Timestamp, UpdateMailboxRoutingBody, UpdateSavedReplyBody,
};

use super::Req;
use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_object};
use crate::state::{Data, MailboxRec, SavedReplyRec};

const PAGE: usize = 50;

fn render(m: &MailboxRec, base: &str) -> Mailbox {
    Mailbox {
        created_at: Some(Timestamp::new(m.created_at)),
        email: Some(m.email.clone()),
        id: MailboxId::new(m.id),
        links: Some(http::links([
            ("self", format!("{base}/v2/mailboxes/{}", m.id)),
            ("folders", format!("{base}/v2/mailboxes/{}/folders", m.id)),
            ("fields", format!("{base}/v2/mailboxes/{}/fields", m.id)),
        ])),
        name: Some(m.name.clone()),
        slug: Some(m.slug.clone()),
        updated_at: Some(Timestamp::new(m.updated_at)),
    }
}

fn mailbox<'a>(d: &'a Data, req: &Req) -> Result<&'a MailboxRec, Problem> {
    let id = req.id("mailboxId")?;
    d.mailboxes
        .get(&id)
        .ok_or_else(|| Problem::not_found("Mailbox"))
}

/// `GET /v2/mailboxes`.
pub(crate) fn list(req: &Req) -> Reply {
    let d = req.sim.data();
    let ids: Vec<i64> = d.mailboxes.keys().copied().collect();
    let paged = http::paginate(req, ids, PAGE)?;
    let items: Vec<Mailbox> = paged
        .items
        .iter()
        .filter_map(|id| d.mailboxes.get(id))
        .map(|m| render(m, &req.sim.base_url))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &MailboxPage {
            embedded: Some(MailboxPageEmbedded { mailboxes: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "mailboxes",
        empty,
    )
}

/// `GET /v2/mailboxes/{id}`.
pub(crate) fn get(req: &Req) -> Reply {
    let d = req.sim.data();
    http::ok(&render(mailbox(&d, req)?, &req.sim.base_url))
}

/// `GET /v2/mailboxes/{id}/folders`, with counts computed from the conversations.
pub(crate) fn folders(req: &Req) -> Reply {
    let d = req.sim.data();
    let m = mailbox(&d, req)?;
    let in_mailbox: Vec<_> = d
        .conversations
        .values()
        .filter(|c| c.mailbox_id == m.id && c.merged_into.is_none())
        .collect();
    let folders: Vec<MailboxFolder> = m
        .folders
        .iter()
        .map(|f| {
            let members: Vec<_> = in_mailbox
                .iter()
                .filter(|c| match f.kind {
                    MailboxFolderType::Mytickets => {
                        c.assignee == f.user_id
                            && matches!(
                                c.status,
                                ConversationStatus::Active | ConversationStatus::Pending
                            )
                    }
                    _ => m.folder_for(c) == Some(f.id),
                })
                .collect();
            MailboxFolder {
                active_count: Some(
                    members
                        .iter()
                        .filter(|c| c.status == ConversationStatus::Active)
                        .count() as i64,
                ),
                id: FolderId::new(f.id),
                name: Some(f.name.clone()),
                total_count: Some(members.len() as i64),
                type_: Some(f.kind.clone().into()),
                updated_at: Some(Timestamp::new(f.updated_at)),
                user_id: f.user_id.map(UserId::new),
            }
        })
        .collect();
    let paged = http::paginate(req, folders, PAGE)?;
    let empty = paged.items.is_empty();
    http::page_reply(
        req,
        &MailboxFolderPage {
            embedded: Some(MailboxFolderPageEmbedded {
                folders: paged.items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "folders",
        empty,
    )
}

/// `GET /v2/mailboxes/{id}/fields`.
pub(crate) fn fields(req: &Req) -> Reply {
    let d = req.sim.data();
    let m = mailbox(&d, req)?;
    let fields: Vec<MailboxCustomField> = m
        .fields
        .iter()
        .map(|f| MailboxCustomField {
            id: CustomFieldId::new(f.id),
            name: Some(f.name.clone()),
            options: f
                .options
                .iter()
                .map(|(id, order, label)| MailboxCustomFieldOption {
                    id: Some(*id),
                    label: Some(label.clone()),
                    order: Some(*order),
                })
                .collect(),
            order: Some(f.order),
            required: Some(f.required),
            type_: Some(MailboxCustomFieldType::from(f.kind.wire()).into()),
        })
        .collect();
    let paged = http::paginate(req, fields, PAGE)?;
    let empty = paged.items.is_empty();
    http::page_reply(
        req,
        &MailboxCustomFieldPage {
            embedded: Some(MailboxCustomFieldPageEmbedded {
                fields: paged.items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "fields",
        empty,
    )
}

/// `GET /v2/mailboxes/{id}/routing`, with the rotation computed from assignments.
pub(crate) fn get_routing(req: &Req) -> Reply {
    let d = req.sim.data();
    let m = mailbox(&d, req)?;
    let r = &m.routing;
    let rotation = m
        .user_ids
        .iter()
        .map(|&user| {
            let count = d
                .conversations
                .values()
                .filter(|c| {
                    c.mailbox_id == m.id
                        && c.assignee == Some(user)
                        && c.status == ConversationStatus::Active
                })
                .count() as i64;
            let away = d
                .users
                .get(&user)
                .is_some_and(|u| u.email_status == EmailAvailability::Away);
            let reason = if !r.user_ids.contains(&user) {
                Some(RoutingIneligibleReason::NotInRotation)
            } else if away {
                Some(RoutingIneligibleReason::Away)
            } else if count >= r.assignment_limit {
                Some(RoutingIneligibleReason::AtCapacity)
            } else {
                None
            };
            MailboxRoutingRotationEntry {
                conversations_count: Some(count),
                eligible: Some(reason.is_none()),
                reason: reason.map(Into::into),
                user_id: Some(UserId::new(user)),
            }
        })
        .collect();
    http::ok(&MailboxRouting {
        assignment_limit: Some(r.assignment_limit),
        assignment_method: Some(r.method.clone().into()),
        links: Some(http::links([(
            "self",
            req.url(&format!("/v2/mailboxes/{}/routing", m.id)),
        )])),
        rotation,
        state: Some(r.state.clone().into()),
        user_ids: r.user_ids.clone().into_iter().map(UserId::new).collect(),
    })
}

/// `PUT /v2/mailboxes/{id}/routing`: every field required; users required when enabled.
pub(crate) fn put_routing(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    for key in ["state", "assignmentLimit", "assignmentMethod"] {
        check.required(&value, "", key);
    }
    // `userIds` may be empty when routing is disabled; that is checked below.
    if !value
        .get("userIds")
        .is_some_and(serde_json::Value::is_array)
    {
        check.push(FieldError::new("userIds", "NotNull", "may not be null"));
    }
    check.one_of(&value, "", "state", RoutingState::KNOWN);
    check.one_of(
        &value,
        "",
        "assignmentMethod",
        RoutingAssignmentMethod::KNOWN,
    );
    check.finish()?;
    let body: UpdateMailboxRoutingBody = decode(&value)?;
    let mut d = req.sim.data();
    let id = req.id("mailboxId")?;
    let mut check = Check::new();
    if !(1..=100).contains(&body.assignment_limit) {
        check.push(
            FieldError::new("assignmentLimit", "Range", "must be between 1 and 100")
                .rejecting(body.assignment_limit),
        );
    }
    if body.state == RoutingState::Enabled && body.user_ids.is_empty() {
        check.push(FieldError::new(
            "userIds",
            "NotEmpty",
            "may not be empty when routing is enabled",
        ));
    }
    for (i, user) in body.user_ids.iter().enumerate() {
        if !d.users.contains_key(user) {
            check.push(
                FieldError::new(
                    format!("userIds[{i}]"),
                    "InvalidIdentifier",
                    "User not found",
                )
                .rejecting(*user),
            );
        }
    }
    check.finish()?;
    let m = d
        .mailboxes
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Mailbox"))?;
    m.routing.state = body.state.into_value();
    m.routing.assignment_limit = body.assignment_limit;
    m.routing.method = body.assignment_method.into_value();
    m.routing.user_ids = body.user_ids;
    m.routing.cursor = 0;
    http::no_content()
}

/// Text without HTML tags, cut to 100 characters, for previews.
fn preview(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in text.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(100)
        .collect()
}

/// `GET /v2/mailboxes/{id}/saved-replies`: a plain JSON array; chat-only replies only
/// with `includeChatReplies=true`.
pub(crate) fn list_saved_replies(req: &Req) -> Reply {
    let include_chat = req.flag("includeChatReplies");
    let d = req.sim.data();
    let m = mailbox(&d, req)?;
    let items: Vec<SavedReplySummary> = m
        .saved_replies
        .values()
        .filter(|r| include_chat || r.text.is_some())
        .map(|r| SavedReplySummary {
            chat_preview: r.chat_text.as_deref().map(preview),
            id: SavedReplyId::new(r.id),
            name: Some(r.name.clone()),
            preview: r.text.as_deref().map(preview),
        })
        .collect();
    http::ok(&SavedReplyList(items))
}

/// `GET /v2/mailboxes/{id}/saved-replies/{replyId}`.
pub(crate) fn get_saved_reply(req: &Req) -> Reply {
    let reply_id = req.id("savedReplyId")?;
    let d = req.sim.data();
    let m = mailbox(&d, req)?;
    let r = m
        .saved_replies
        .get(&reply_id)
        .ok_or_else(|| Problem::not_found("Saved reply"))?;
    http::ok(&SavedReply {
        chat_text: r.chat_text.clone(),
        id: SavedReplyId::new(r.id),
        name: Some(r.name.clone()),
        text: r.text.clone(),
    })
}

fn check_saved_reply(value: &serde_json::Value) -> Result<(), Problem> {
    let mut check = Check::new();
    check.required(value, "", "name");
    check.length(value, "", "name", 1, 255);
    let has_text = ["text", "chatText"].iter().any(|k| {
        value
            .get(k)
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
    });
    if !has_text {
        check.push(FieldError::new(
            "text",
            "NotEmpty",
            "text or chatText is required",
        ));
    }
    check.finish()
}

/// `POST /v2/mailboxes/{id}/saved-replies`.
pub(crate) fn create_saved_reply(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_saved_reply(&value)?;
    let body: CreateSavedReplyBody = decode(&value)?;
    let mailbox_id = req.id("mailboxId")?;
    let mut d = req.sim.data();
    if !d.mailboxes.contains_key(&mailbox_id) {
        return Err(Problem::not_found("Mailbox"));
    }
    let id = d.ids.next("savedReply");
    if let Some(m) = d.mailboxes.get_mut(&mailbox_id) {
        m.saved_replies.insert(
            id,
            SavedReplyRec {
                id,
                name: body.name,
                text: body.text,
                chat_text: body.chat_text,
            },
        );
    }
    http::created(
        id,
        Some(req.url(&format!("/v2/mailboxes/{mailbox_id}/saved-replies/{id}"))),
    )
}

/// `PUT /v2/mailboxes/{id}/saved-replies/{replyId}`.
pub(crate) fn update_saved_reply(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_saved_reply(&value)?;
    let body: UpdateSavedReplyBody = decode(&value)?;
    let mailbox_id = req.id("mailboxId")?;
    let reply_id = req.id("savedReplyId")?;
    let mut d = req.sim.data();
    let r = d
        .mailboxes
        .get_mut(&mailbox_id)
        .ok_or_else(|| Problem::not_found("Mailbox"))?
        .saved_replies
        .get_mut(&reply_id)
        .ok_or_else(|| Problem::not_found("Saved reply"))?;
    r.name = body.name;
    r.text = body.text;
    r.chat_text = body.chat_text;
    http::no_content()
}

/// `DELETE /v2/mailboxes/{id}/saved-replies/{replyId}`.
pub(crate) fn delete_saved_reply(req: &Req) -> Reply {
    let mailbox_id = req.id("mailboxId")?;
    let reply_id = req.id("savedReplyId")?;
    let mut d = req.sim.data();
    let m = d
        .mailboxes
        .get_mut(&mailbox_id)
        .ok_or_else(|| Problem::not_found("Mailbox"))?;
    if m.saved_replies.remove(&reply_id).is_none() {
        return Err(Problem::not_found("Saved reply"));
    }
    http::no_content()
}
