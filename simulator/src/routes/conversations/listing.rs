//! `GET /v2/conversations`: the query's filters and sort order, the ids they match, and the
//! page rendered from those ids.
//!
//! Filtering and sorting every conversation costs milliseconds at 10,000 conversations, so
//! the matching ids are computed once per query and kept until the next write (see
//! `store`); so is each conversation's JSON, so that a page then costs the copy of 25
//! rendered conversations. The ids depend on the query parameters and the data alone (no
//! filter reads the clock), which is what the key holds.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::json;

use helpscout_mailbox::models::{
    ConversationPage, ConversationPageEmbedded, ConversationStatus, HalLinks, PageMetadata,
    ThreadType, Timestamp,
};

use crate::http::{self, FieldError, Problem, Reply};
use crate::render::{CONVERSATION_PAGE, View, friendly_until, render_conversation};
use crate::routes::Req;
use crate::state::{Actor, ConversationRec, Data, FieldKind};
use crate::state::{ListKey, Rendered};

use super::{embed_threads, search, view};

/// The filters and the order of a list request, checked.
struct Query<'a> {
    status: &'a str,
    mailboxes: Vec<i64>,
    folder: Option<i64>,
    tags: Vec<String>,
    assigned_to: Option<i64>,
    modified_since: Option<DateTime<Utc>>,
    number: Option<i64>,
    sort_field: &'a str,
    descending: bool,
    search: Option<search::Expr>,
    custom_filters: Vec<(i64, String)>,
}

fn in_range(value: &str, at: DateTime<Utc>) -> bool {
    let inner = value.trim_start_matches('[').trim_end_matches(']');
    let Some((from, to)) = inner.split_once(" TO ") else {
        return false;
    };
    let parse = |s: &str| -> Option<DateTime<Utc>> {
        let s = s.trim();
        if s == "*" {
            return None;
        }
        s.parse::<Timestamp>().ok().map(Timestamp::get)
    };
    parse(from).is_none_or(|f| at >= f) && parse(to).is_none_or(|t| at <= t)
}

fn term_matches(d: &Data, c: &ConversationRec, term: &search::Term) -> bool {
    let value = term.value.to_lowercase();
    let customer = d.customers.get(&c.customer_id);
    match term.field.as_deref() {
        Some("subject") => c.subject.to_lowercase().contains(&value),
        Some("tag") => c
            .tag_ids
            .iter()
            .filter_map(|t| d.tags.get(t))
            .any(|t| t.name == value),
        Some("mailbox" | "mailboxid") => c.mailbox_id.to_string() == value,
        Some("email") => customer.is_some_and(|cu| {
            cu.emails
                .iter()
                .any(|e| e.value.to_lowercase() == value)
        }),
        Some("body") => c
            .threads
            .iter()
            .any(|t| t.body.to_lowercase().contains(&value)),
        Some("customerids") => value
            .split(',')
            .any(|id| id.trim() == c.customer_id.to_string()),
        Some("number") => c.number.to_string() == value,
        Some("id") => c.id.to_string() == value,
        Some("assigned") => match c.assignee {
            Some(user) => user.to_string() == value,
            None => value == "none" || value == "unassigned",
        },
        Some("status") => c.status.as_str() == value,
        Some("attachments") => {
            c.threads.iter().any(|t| !t.attachments.is_empty()) == (value == "true")
        }
        Some("replyuserids") => c.threads.iter().any(|t| {
            t.kind == ThreadType::Message
                && matches!(t.created_by, Actor::User(u) if value.split(',').any(|v| v.trim() == u.to_string()))
        }),
        Some("modifiedat") => in_range(&term.value, c.modified_at),
        Some("createdat") => in_range(&term.value, c.created_at),
        Some(_) => false,
        None => {
            c.subject.to_lowercase().contains(&value)
                || c.threads
                    .iter()
                    .any(|t| t.body.to_lowercase().contains(&value))
                || customer.is_some_and(|cu| {
                    cu.emails.iter().any(|e| e.value.to_lowercase().contains(&value))
                        || cu
                            .first_name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&value))
                        || cu
                            .last_name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&value))
                })
        }
    }
}

/// Reads and checks the filters, the order and the search of a list request (a 400 for
/// the first bad one).
fn parse(req: &Req) -> Result<Query<'_>, Problem> {
    let status = req
        .query("status")
        .filter(|s| !s.is_empty())
        .unwrap_or("active");
    if !helpscout_mailbox::models::ConversationStatusFilter::KNOWN.contains(&status) {
        return Err(Problem::one(
            FieldError::new("status", "EnumValue", "Value not supported")
                .rejecting(status)
                .in_query(),
        ));
    }
    let mailboxes = http::query_ids(req, "mailbox")?;
    let folder = http::query_id(req, "folder")?;
    let tags: Vec<String> = req
        .query("tag")
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let assigned_to = http::query_id(req, "assigned_to")?;
    let modified_since = http::strict_date(req, "modifiedSince")?;
    let number = http::query_id(req, "number")?;
    let sort_field = req
        .query("sortField")
        .filter(|s| !s.is_empty())
        .unwrap_or("createdAt");
    if !helpscout_mailbox::models::ConversationSortField::KNOWN.contains(&sort_field) {
        return Err(Problem::one(
            FieldError::new("sortField", "EnumValue", "Value not supported")
                .rejecting(sort_field)
                .in_query(),
        ));
    }
    let descending = match req.query("sortOrder").filter(|s| !s.is_empty()) {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(other) => {
            return Err(Problem::one(
                FieldError::new("sortOrder", "EnumValue", "Value not supported")
                    .rejecting(other)
                    .in_query(),
            ));
        }
    };
    let search = search::parse(req.query("query").unwrap_or("")).map_err(|message| {
        Problem::one(FieldError::new("query", "InvalidValue", message).in_query())
    })?;
    let mut custom_filters: Vec<(i64, String)> = Vec::new();
    for value in req.query_all("customFieldsByIds") {
        for pair in value.split(',').filter(|p| !p.is_empty()) {
            let parsed = pair
                .split_once(':')
                .and_then(|(id, v)| Some((id.trim().parse::<i64>().ok()?, v.to_owned())));
            match parsed {
                Some(filter) => custom_filters.push(filter),
                None => {
                    return Err(Problem::one(
                        FieldError::new("customFieldsByIds", "InvalidValue", "expected id:value")
                            .rejecting(pair)
                            .in_query(),
                    ));
                }
            }
        }
    }
    if !custom_filters.is_empty() && mailboxes.is_empty() {
        return Err(Problem::one(
            FieldError::new(
                "customFieldsByIds",
                "InvalidValue",
                "filtering by custom fields requires the mailbox parameter",
            )
            .in_query(),
        ));
    }
    Ok(Query {
        status,
        mailboxes,
        folder,
        tags,
        assigned_to,
        modified_since,
        number,
        sort_field,
        descending,
        search,
        custom_filters,
    })
}

/// What the matching ids depend on in the request: every parameter but `page` (which only
/// cuts them) and `embed` (which only renders them), in request order, so that two requests
/// share ids exactly when they ask for the same thing.
fn cache_key(req: &Req) -> ListKey {
    req.query_pairs()
        .iter()
        .filter(|(name, _)| name != "page" && name != "embed")
        .cloned()
        .collect()
}

/// The ids of every conversation `q` matches, in its order.
fn matching_ids(d: &Data, q: &Query<'_>) -> Vec<i64> {
    let mut matching: Vec<&ConversationRec> = d
        .conversations
        .values()
        .filter(|c| c.merged_into.is_none())
        .filter(|c| match q.status {
            "all" => true,
            "open" => matches!(
                c.status,
                ConversationStatus::Active | ConversationStatus::Pending
            ),
            other => c.status.as_str() == other,
        })
        .filter(|c| q.mailboxes.is_empty() || q.mailboxes.contains(&c.mailbox_id))
        .filter(|c| {
            q.folder.is_none_or(|f| {
                d.mailboxes.get(&c.mailbox_id).and_then(|m| m.folder_for(c)) == Some(f)
            })
        })
        .filter(|c| {
            q.tags.is_empty()
                || c.tag_ids
                    .iter()
                    .filter_map(|t| d.tags.get(t))
                    .any(|t| q.tags.contains(&t.name))
        })
        .filter(|c| q.assigned_to.is_none_or(|u| c.assignee == Some(u)))
        .filter(|c| q.modified_since.is_none_or(|since| c.modified_at >= since))
        .filter(|c| q.number.is_none_or(|n| c.number == n))
        .filter(|c| {
            q.custom_filters.iter().all(|(field, wanted)| {
                let single_line = d
                    .mailboxes
                    .get(&c.mailbox_id)
                    .and_then(|m| m.fields.iter().find(|f| f.id == *field))
                    .is_some_and(|f| f.kind == FieldKind::SingleLine);
                c.fields.get(field).is_some_and(|value| {
                    if single_line {
                        value.to_lowercase().contains(&wanted.to_lowercase())
                    } else {
                        value == wanted
                    }
                })
            })
        })
        .filter(|c| {
            q.search
                .as_ref()
                .is_none_or(|e| e.matches(&mut |term| term_matches(d, c, term)))
        })
        .collect();
    let customer_key = |c: &ConversationRec, email: bool| -> String {
        d.customers
            .get(&c.customer_id)
            .map(|cu| {
                if email {
                    cu.first_email().unwrap_or("").to_owned()
                } else {
                    format!(
                        "{} {}",
                        cu.first_name.as_deref().unwrap_or(""),
                        cu.last_name.as_deref().unwrap_or("")
                    )
                }
            })
            .unwrap_or_default()
    };
    matching.sort_by(|a, b| {
        let ordering = match q.sort_field {
            "customerEmail" => customer_key(a, true).cmp(&customer_key(b, true)),
            "customerName" => customer_key(a, false).cmp(&customer_key(b, false)),
            "mailboxid" => a.mailbox_id.cmp(&b.mailbox_id),
            "modifiedAt" => a.modified_at.cmp(&b.modified_at),
            "number" => a.number.cmp(&b.number),
            "status" => a.status.as_str().cmp(b.status.as_str()),
            "subject" => a.subject.cmp(&b.subject),
            "waitingSince" => a.customer_waiting_since().cmp(&b.customer_waiting_since()),
            // `score` ranks search hits; without a score, newest first.
            _ => a.created_at.cmp(&b.created_at),
        }
        .then(a.id.cmp(&b.id));
        if q.descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    matching.iter().map(|c| c.id).collect()
}

/// `GET /v2/conversations`.
pub(crate) fn list(req: &Req) -> Reply {
    let query = parse(req)?;
    let embed = embed_threads(req)?;
    let view = view(req, false);
    let mut d = req.sim.data();
    let ids = d.list_ids(cache_key(req), |d| matching_ids(d, &query));
    let paged = http::paginate_slice(req, &ids, CONVERSATION_PAGE)?;
    let mut items = Vec::with_capacity(paged.items.len());
    for &id in &paged.items {
        let json = d.rendered(id, embed, view.now, |d| render_json(d, id, &view, embed))?;
        items.extend(json);
    }
    // Assembling the body needs only the rendered items: the other connections get the
    // data back.
    drop(d);
    if items.is_empty() {
        let model = ConversationPage {
            embedded: Some(ConversationPageEmbedded::default()),
            links: Some(paged.links),
            page: Some(paged.meta),
        };
        return http::page_reply(req, &model, "conversations", true);
    }
    page_body(&items, paged.links, paged.meta)
}

/// One conversation's JSON for a list page, with the instant its clock-bound text
/// (`customerWaitingSince.friendly`) changes. Serialised through a `Value`, as every other
/// answer of the simulator, so that keys come out in the same (sorted) order.
fn render_json(
    d: &Data,
    id: i64,
    view: &View<'_>,
    embed: bool,
) -> Result<Option<Rendered>, Problem> {
    let Some(c) = d.conversations.get(&id) else {
        return Ok(None);
    };
    let value =
        serde_json::to_value(render_conversation(d, c, view, embed)).map_err(http::internal)?;
    let json = serde_json::to_vec(&value).map_err(http::internal)?;
    // Past chrono's range the text is not kept at all (it expires at once).
    let fresh_until = c
        .customer_waiting_since()
        .map(|since| friendly_until(view.now, since).unwrap_or(view.now));
    Ok(Some(Rendered {
        json: json.into(),
        fresh_until,
    }))
}

/// A page of rendered conversations, byte for byte what serialising the whole
/// `ConversationPage` through a `Value` gives: its keys are sorted, so `_embedded` comes
/// first and `_links` and `page` follow.
fn page_body(items: &[Arc<[u8]>], links: HalLinks, meta: PageMetadata) -> Reply {
    let tail =
        serde_json::to_vec(&json!({ "_links": links, "page": meta })).map_err(http::internal)?;
    let size = items.iter().map(|i| i.len() + 1).sum::<usize>() + tail.len() + 40;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(br#"{"_embedded":{"conversations":["#);
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            body.push(b',');
        }
        body.extend_from_slice(item);
    }
    body.extend_from_slice(b"]}");
    match tail.get(1..) {
        Some(rest) if rest != b"}" => {
            body.push(b',');
            body.extend_from_slice(rest);
        }
        _ => body.push(b'}'),
    }
    Ok(http::json_bytes_response(
        StatusCode::OK,
        body,
        http::HAL_JSON,
    ))
}

#[cfg(test)]
mod tests;
