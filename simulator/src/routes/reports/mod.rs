//! Reports: every report path answers 200 with fixed figures in the documented shape
//! (serialised through the generated report models), after checking the required `start`
//! and `end` (and `user` for user reports). Drill-downs and rating lists are built from the
//! account's conversations and ratings, paginated by `page` and `rows`.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};

use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId, TagId, ThreadId, UserId};
use helpscout_mailbox::models::{
    ReportBusyTime, ReportBusyTimes, ReportChannelVolume, ReportChat, ReportCompany,
    ReportCompanyDrilldown, ReportCompanyStats, ReportConversationCustomer,
    ReportConversationHistory, ReportConversationHistoryEntry, ReportConversationTag,
    ReportConversations, ReportConversationsStats, ReportCustomersHelped,
    ReportCustomersHelpedPoint, ReportDeltas, ReportDocs, ReportDocsArticle, ReportDocsSearch,
    ReportDocsStats, ReportDrilldown, ReportDrilldownConversation, ReportDrilldownPage,
    ReportEmail, ReportEmailResolutions, ReportEmailResponses, ReportEmailStats, ReportEmailVolume,
    ReportFirstResponseTime, ReportHappiness, ReportHappinessStats, ReportMessageCount,
    ReportNewConversations, ReportPhone, ReportPhoneStats, ReportProductivity,
    ReportProductivityStats, ReportRatingEntry, ReportRatings, ReportReceivedMessages,
    ReportRepliesSent, ReportResolutionTime, ReportResolved, ReportResponseTime, ReportUser,
    ReportUserReplies, ReportUserRepliesPoint, ReportUserResolutions, ReportUserResolutionsPoint,
    ReportUserStats, ReportUserSummary, ReportVolumeByChannel, Timestamp,
};

use crate::http::{self, FieldError, Problem, Reply};

use super::Req;

mod account;
mod figures;
mod user;

use crate::state::{Actor, Data};
use figures::*;

/// Every report path.
pub(crate) const PATHS: [&str; 31] = [
    "/v2/reports/company",
    "/v2/reports/company/customers-helped",
    "/v2/reports/company/drilldown",
    "/v2/reports/conversations",
    "/v2/reports/conversations/busy-times",
    "/v2/reports/conversations/new",
    "/v2/reports/conversations/received-messages",
    "/v2/reports/conversations/volume-by-channel",
    "/v2/reports/conversations/drilldown",
    "/v2/reports/conversations/fields-drilldown",
    "/v2/reports/conversations/new-drilldown",
    "/v2/reports/chat",
    "/v2/reports/email",
    "/v2/reports/phone",
    "/v2/reports/docs",
    "/v2/reports/happiness",
    "/v2/reports/happiness/ratings",
    "/v2/reports/productivity",
    "/v2/reports/productivity/first-response-time",
    "/v2/reports/productivity/replies-sent",
    "/v2/reports/productivity/resolution-time",
    "/v2/reports/productivity/resolved",
    "/v2/reports/productivity/response-time",
    "/v2/reports/user",
    "/v2/reports/user/conversation-history",
    "/v2/reports/user/customers-helped",
    "/v2/reports/user/drilldown",
    "/v2/reports/user/happiness",
    "/v2/reports/user/ratings",
    "/v2/reports/user/replies",
    "/v2/reports/user/resolutions",
];

/// The reporting interval(s) of a request.
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    previous: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

fn date(req: &Req, name: &str, required: bool) -> Result<Option<DateTime<Utc>>, Problem> {
    match req.query(name).filter(|v| !v.is_empty()) {
        None if required => Err(Problem::one(
            FieldError::new(name, "NotNull", "may not be null").in_query(),
        )),
        None => Ok(None),
        Some(text) => text
            .parse::<Timestamp>()
            .map(|t| Some(t.get()))
            .map_err(|_| {
                Problem::one(
                    FieldError::new(name, "MalformedDate", "Malformed date")
                        .rejecting(text)
                        .in_query(),
                )
            }),
    }
}

fn span(req: &Req) -> Result<Span, Problem> {
    let (start, end) = match (date(req, "start", true), date(req, "end", true)) {
        (Ok(start), Ok(end)) => (start.unwrap_or_default(), end.unwrap_or_default()),
        (Err(Problem::Validation(mut a)), Err(Problem::Validation(b))) => {
            a.extend(b);
            return Err(Problem::Validation(a));
        }
        (Err(problem), _) | (_, Err(problem)) => return Err(problem),
    };
    if end < start {
        return Err(Problem::one(
            FieldError::new("end", "InvalidValue", "must not be before start").in_query(),
        ));
    }
    let previous = match (
        date(req, "previousStart", false)?,
        date(req, "previousEnd", false)?,
    ) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    Ok(Span {
        start,
        end,
        previous,
    })
}

fn ts(at: DateTime<Utc>) -> Option<Timestamp> {
    Some(Timestamp::new(at))
}

/// Three points across an interval: its start, middle and end.
fn points(from: DateTime<Utc>, to: DateTime<Utc>) -> [DateTime<Utc>; 3] {
    // Both ends come from the request; the middle lies between them, but stay checked anyway.
    let middle = from
        .checked_add_signed(Duration::seconds((to - from).num_seconds() / 2))
        .unwrap_or(from);
    [from, middle, to]
}

fn free<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn deltas() -> ReportDeltas {
    let mut map = Map::new();
    for (key, value) in [
        ("customers", 5.2),
        ("conversations", -3.1),
        ("replies", 12.0),
    ] {
        map.insert(key.to_owned(), json!(value));
    }
    ReportDeltas(map)
}

/// `page` and `rows` (at most 50, 25 by default) of a drill-down.
fn rows(req: &Req) -> Result<(u64, usize), Problem> {
    let page = http::page_number(req)?;
    let rows = match req.query("rows").filter(|r| !r.is_empty()) {
        None => 25,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (1..=50).contains(&n) => n,
            _ => {
                return Err(Problem::one(
                    FieldError::new("rows", "Range", "must be between 1 and 50")
                        .rejecting(text)
                        .in_query(),
                ));
            }
        },
    };
    Ok((page, rows))
}

fn drilldown(
    req: &Req,
    d: &Data,
    span: &Span,
    user: Option<i64>,
) -> Result<ReportDrilldown, Problem> {
    let (page, rows) = rows(req)?;
    let mut matching: Vec<_> = d
        .conversations
        .values()
        .filter(|c| c.merged_into.is_none())
        .filter(|c| c.created_at >= span.start && c.created_at <= span.end)
        .filter(|c| user.is_none_or(|u| c.assignee == Some(u)))
        .collect();
    matching.sort_by(|a, b| b.modified_at.cmp(&a.modified_at).then(b.id.cmp(&a.id)));
    let count = matching.len();
    let results = matching
        .iter()
        .skip(http::skipped(page, rows))
        .take(rows)
        .map(|c| {
            let customer = d.customers.get(&c.customer_id);
            ReportDrilldownConversation {
                assigned_name: c
                    .assignee
                    .and_then(|u| d.users.get(&u))
                    .map(|u| format!("{} {}", u.first_name, u.last_name)),
                assignedid: c.assignee.map(UserId::new),
                attachments: Some(c.threads.iter().any(|t| !t.attachments.is_empty())),
                customer_email: customer.and_then(|cu| cu.first_email()).map(str::to_owned),
                customer_ids: vec![CustomerId::new(c.customer_id)],
                customer_name: customer.map(|cu| {
                    format!(
                        "{} {}",
                        cu.first_name.as_deref().unwrap_or(""),
                        cu.last_name.as_deref().unwrap_or("")
                    )
                }),
                id: Some(ConversationId::new(c.id)),
                mailboxid: Some(MailboxId::new(c.mailbox_id)),
                modified_at: ts(c.modified_at),
                number: Some(c.number),
                preview: c.threads.last().map(|t| t.body.chars().take(100).collect()),
                status: Some(c.status.to_string()),
                subject: Some(c.subject.clone()),
                tags: c
                    .tag_ids
                    .iter()
                    .filter_map(|t| d.tags.get(t))
                    .map(|t| ReportConversationTag {
                        color: Some(t.color.clone()),
                        id: Some(TagId::new(t.id)),
                        name: Some(t.name.clone()),
                    })
                    .collect(),
                thread_count: Some(c.threads.len() as i64),
                type_: Some(c.kind.to_string()),
            }
        })
        .collect();
    Ok(ReportDrilldown {
        conversations: Some(ReportDrilldownPage {
            count: Some(http::wire(count)),
            page: Some(http::wire(page)),
            pages: Some(http::wire(count.div_ceil(rows))),
            results,
        }),
    })
}

fn ratings(req: &Req, d: &Data, span: &Span, user: Option<i64>) -> Result<ReportRatings, Problem> {
    let page = http::page_number(req)?;
    let per_page = 10;
    let mut matching: Vec<_> = d
        .ratings
        .values()
        .filter(|r| user.is_none_or(|u| r.user_id == u))
        .filter(|r| r.created_at >= span.start && r.created_at <= span.end)
        .collect();
    matching.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let count = matching.len();
    let results = matching
        .iter()
        .skip(http::skipped(page, per_page))
        .take(per_page)
        .map(|r| {
            let conversation = d.conversations.get(&r.conversation_id);
            let thread = conversation.and_then(|c| c.threads.iter().find(|t| t.id == r.thread_id));
            ReportRatingEntry {
                id: Some(ConversationId::new(r.conversation_id)),
                number: conversation.map(|c| c.number),
                rating_comments: r.comments.clone(),
                rating_created_at: ts(r.created_at),
                rating_customer_id: Some(CustomerId::new(r.customer_id)),
                rating_customer_name: d
                    .customers
                    .get(&r.customer_id)
                    .and_then(|c| c.first_email())
                    .map(str::to_owned),
                rating_id: Some(match r.rating.as_str() {
                    "great" => 1,
                    "okay" => 2,
                    _ => 3,
                }),
                rating_user_id: Some(UserId::new(r.user_id)),
                rating_user_name: d
                    .users
                    .get(&r.user_id)
                    .map(|u| format!("{} {}", u.first_name, u.last_name)),
                thread_created_at: thread.map(|t| Timestamp::new(t.created_at)),
                threadid: Some(ThreadId::new(r.thread_id)),
                type_: conversation.map(|c| c.kind.to_string()),
            }
        })
        .collect();
    Ok(ReportRatings {
        count: Some(http::wire(count)),
        facets: Map::new(),
        page: Some(http::wire(page)),
        pages: Some(http::wire(count.div_ceil(per_page))),
        results,
    })
}

fn happiness_stats() -> ReportHappinessStats {
    ReportHappinessStats {
        great: Some(80.0),
        great_count: Some(40),
        happiness_score: Some(74.0),
        not_good: Some(6.0),
        not_good_count: Some(3),
        okay: Some(14.0),
        okay_count: Some(7),
        ratings_count: Some(50),
        ratings_percent: Some(21.5),
        total_customers: Some(232),
        total_customers_with_ratings: Some(50),
    }
}

fn series(span: &Span, key: &str, values: [f64; 3]) -> Map<String, Value> {
    let current: Vec<Value> = points(span.start, span.end)
        .iter()
        .zip(values)
        .map(|(at, v)| json!({ "date": Timestamp::new(*at).to_string(), key: v }))
        .collect();
    let previous: Vec<Value> = span
        .previous
        .map(|(a, b)| {
            points(a, b)
                .iter()
                .map(|at| json!({ "date": Timestamp::new(*at).to_string(), key: values[0] }))
                .collect()
        })
        .unwrap_or_default();
    let mut map = Map::new();
    map.insert("current".to_owned(), Value::Array(current));
    map.insert("previous".to_owned(), Value::Array(previous));
    map
}

/// Answers any report path.
pub(crate) fn report(req: &Req) -> Reply {
    let span = span(req)?;
    let path = req.path.trim_end_matches('/');
    let user = if path.starts_with("/v2/reports/user") {
        match http::query_id(req, "user")? {
            Some(u) => Some(u),
            None => {
                return Err(Problem::one(
                    FieldError::new("user", "NotNull", "may not be null").in_query(),
                ));
            }
        }
    } else {
        None
    };
    let d = req.sim.data();
    let ctx = Ctx {
        req,
        span: &span,
        user,
        d: &d,
        previous: span.previous,
    };
    let answered = match account::company_and_conversations(&ctx, path)? {
        Some(response) => Some(response),
        None => match account::channels_and_productivity(&ctx, path)? {
            Some(response) => Some(response),
            None => user::user_reports(&ctx, path)?,
        },
    };
    answered.ok_or_else(|| Problem::not_found("Report"))
}

/// What every report answer depends on.
struct Ctx<'a> {
    req: &'a Req,
    span: &'a Span,
    user: Option<i64>,
    d: &'a Data,
    previous: Option<(DateTime<Utc>, DateTime<Utc>)>,
}
