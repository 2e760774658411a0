//! Reports: every report path answers 200 with fixed figures in the documented shape
//! (serialised through the generated report models), after checking the required `start`
//! and `end` (and `user` for user reports). Drill-downs and rating lists are built from the
//! account's conversations and ratings, paginated by `page` and `rows`.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::ids::{ConversationId, CustomerId, MailboxId, TagId, ThreadId, UserId};
use crate::models::{
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

use super::super::hal::{self, FieldError, Problem, Reply};
use super::super::paging;
use super::super::state::{Actor, Data};
use super::Req;

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
    let page = hal::page_number(req)?;
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
        .skip(paging::skipped(page, rows))
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
            count: Some(paging::wire(count)),
            page: Some(paging::wire(page)),
            pages: Some(paging::wire(count.div_ceil(rows))),
            results,
        }),
    })
}

fn ratings(req: &Req, d: &Data, span: &Span, user: Option<i64>) -> Result<ReportRatings, Problem> {
    let page = hal::page_number(req)?;
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
        .skip(paging::skipped(page, per_page))
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
        count: Some(paging::wire(count)),
        facets: Map::new(),
        page: Some(paging::wire(page)),
        pages: Some(paging::wire(count.div_ceil(per_page))),
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
        match hal::query_id(req, "user")? {
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
    let company = |from: DateTime<Utc>, to: DateTime<Utc>| ReportCompanyStats {
        closed: Some(120),
        customers_helped: Some(232),
        end_date: ts(to),
        replies_per_day: Some(35.5),
        replies_per_day_per_user: Some(7.1),
        resolved_per_day: Some(12.4),
        start_date: ts(from),
        total_days: Some((to - from).num_days().max(1)),
        total_replies: Some(355),
        total_users: Some(5),
    };
    let conversations = |from: DateTime<Utc>, to: DateTime<Utc>| ReportConversationsStats {
        conversations_created: Some(140),
        conversations_per_day: Some(14.0),
        customers: Some(120),
        end_date: ts(to),
        new_conversations: Some(130),
        start_date: ts(from),
        total_conversations: Some(260),
    };
    let email = |from: DateTime<Utc>, to: DateTime<Utc>| ReportEmailStats {
        end_date: ts(to),
        resolutions: Some(ReportEmailResolutions {
            closed: Some(100),
            handle_time: Some(412.0),
            percent_resolved_on_first_reply: Some(38.5),
            replies_to_resolve: Some(2.1),
            resolution_time: Some(86_400.0),
            resolved: Some(95),
            resolved_on_first_reply: Some(37),
        }),
        responses: Some(ReportEmailResponses {
            first_response_time: Some(3_600.0),
            response_time: Some(5_400.0),
        }),
        start_date: ts(from),
        volume: Some(ReportEmailVolume {
            email_conversations: Some(180),
            emails_created: Some(60),
            messages_received: Some(240),
            replies_sent: Some(300),
        }),
    };
    let productivity = |from: DateTime<Utc>, to: DateTime<Utc>| ReportProductivityStats {
        closed: Some(100),
        end_date: ts(to),
        first_response_time: Some(3_600.0),
        handle_time: Some(412.0),
        percent_resolved_on_first_reply: Some(38.5),
        replies_sent: Some(300),
        replies_to_resolve: Some(2.1),
        resolution_time: Some(86_400.0),
        resolved: Some(95),
        resolved_on_first_reply: Some(37),
        response_time: Some(5_400.0),
        start_date: ts(from),
        total_conversations: Some(260),
    };
    let helped = |from: DateTime<Utc>, to: DateTime<Utc>| -> Vec<ReportCustomersHelpedPoint> {
        points(from, to)
            .iter()
            .zip([10, 14, 9])
            .map(|(at, n)| ReportCustomersHelpedPoint {
                customers: Some(n),
                date: ts(*at),
            })
            .collect()
    };
    let previous = span.previous;
    match path {
        "/v2/reports/company" => hal::ok(&ReportCompany {
            current: Some(company(span.start, span.end)),
            deltas: Some(deltas()),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| company(a, b)),
        }),
        "/v2/reports/company/customers-helped" | "/v2/reports/user/customers-helped" => {
            hal::ok(&ReportCustomersHelped {
                current: helped(span.start, span.end),
                previous: previous.map(|(a, b)| helped(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/company/drilldown" => hal::ok(&ReportCompanyDrilldown(free(&drilldown(
            req, &d, &span, None,
        )?))),
        "/v2/reports/conversations" => hal::ok(&ReportConversations {
            busiest_day: Some(ReportBusyTime {
                count: Some(42),
                day: Some(2),
                hour: Some(10),
            }),
            busy_time_end: Some(17),
            busy_time_start: Some(9),
            current: Some(conversations(span.start, span.end)),
            deltas: Some(deltas()),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| conversations(a, b)),
        }),
        "/v2/reports/conversations/busy-times" => hal::ok(&ReportBusyTimes(
            (1..=7)
                .flat_map(|day| {
                    [9, 13, 16].into_iter().map(move |hour| ReportBusyTime {
                        count: Some((day * 3 + hour) % 17),
                        day: Some(day),
                        hour: Some(hour),
                    })
                })
                .collect(),
        )),
        "/v2/reports/conversations/new" => hal::ok(&ReportNewConversations(series(
            &span,
            "count",
            [12.0, 15.0, 9.0],
        ))),
        "/v2/reports/conversations/received-messages" => {
            let counts = |from, to| -> Vec<ReportMessageCount> {
                points(from, to)
                    .iter()
                    .zip([30, 41, 25])
                    .map(|(at, n)| ReportMessageCount {
                        count: Some(n),
                        start: ts(*at),
                    })
                    .collect()
            };
            hal::ok(&ReportReceivedMessages {
                current: counts(span.start, span.end),
                previous: previous.map(|(a, b)| counts(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/conversations/volume-by-channel" => {
            let volumes = |from, to| -> Vec<ReportChannelVolume> {
                points(from, to)
                    .iter()
                    .map(|at| ReportChannelVolume {
                        chat: Some(4),
                        date: ts(*at),
                        email: Some(20),
                        phone: Some(2),
                    })
                    .collect()
            };
            hal::ok(&ReportVolumeByChannel {
                current: volumes(span.start, span.end),
                previous: previous.map(|(a, b)| volumes(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/conversations/drilldown"
        | "/v2/reports/conversations/fields-drilldown"
        | "/v2/reports/conversations/new-drilldown" => hal::ok(&drilldown(req, &d, &span, None)?),
        "/v2/reports/chat" => {
            let mut map = Map::new();
            map.insert(
                "current".to_owned(),
                json!({
                    "startDate": Timestamp::new(span.start).to_string(),
                    "endDate": Timestamp::new(span.end).to_string(),
                    "chatsCreated": 24,
                    "chatConversations": 22,
                    "customers": 20,
                    "averageWaitTime": 45.0,
                    "averageDuration": 420.0,
                }),
            );
            hal::ok(&ReportChat(map))
        }
        "/v2/reports/email" => hal::ok(&ReportEmail {
            current: Some(email(span.start, span.end)),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| email(a, b)),
        }),
        "/v2/reports/phone" => {
            let phone = |from, to| ReportPhoneStats {
                customers: Some(15),
                end_date: ts(to),
                phone_calls_created: Some(18),
                phone_conversations: Some(16),
                start_date: ts(from),
            };
            hal::ok(&ReportPhone {
                current: Some(phone(span.start, span.end)),
                previous: previous.map(|(a, b)| phone(a, b)),
            })
        }
        "/v2/reports/docs" => {
            let mut article = Map::new();
            article.insert("id".to_owned(), json!("5a1b2c3d"));
            article.insert("name".to_owned(), json!("Getting started"));
            article.insert("count".to_owned(), json!(321));
            hal::ok(&ReportDocs {
                current: Some(ReportDocsStats {
                    browse_action: Some(41.0),
                    docs_viewed_per_visit: Some(2.3),
                    failed_result: Some(8.0),
                    found_an_answer_result: Some(61.0),
                    search_action: Some(44.0),
                    sent_an_email_result: Some(5.0),
                    visitors: Some(1_024),
                }),
                failed_searches: vec![ReportDocsSearch {
                    count: Some(7),
                    id: Some("refund status".to_owned()),
                    results: Some(0),
                }],
                popular_searches: vec![ReportDocsSearch {
                    count: Some(55),
                    id: Some("password".to_owned()),
                    results: Some(4),
                }],
                top_articles: vec![ReportDocsArticle(article)],
            })
        }
        "/v2/reports/happiness" | "/v2/reports/user/happiness" => hal::ok(&ReportHappiness {
            current: Some(happiness_stats()),
            deltas: Some(deltas()),
            filter_tags: Vec::new(),
            previous: previous.map(|_| happiness_stats()),
        }),
        "/v2/reports/happiness/ratings" | "/v2/reports/user/ratings" => {
            hal::ok(&ratings(req, &d, &span, user)?)
        }
        "/v2/reports/productivity" => hal::ok(&ReportProductivity {
            current: Some(productivity(span.start, span.end)),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| productivity(a, b)),
        }),
        "/v2/reports/productivity/first-response-time" => hal::ok(&ReportFirstResponseTime(
            series(&span, "time", [3_600.0, 2_900.0, 4_100.0]),
        )),
        "/v2/reports/productivity/replies-sent" => hal::ok(&ReportRepliesSent(series(
            &span,
            "replies",
            [30.0, 42.0, 28.0],
        ))),
        "/v2/reports/productivity/resolution-time" => hal::ok(&ReportResolutionTime(series(
            &span,
            "time",
            [86_400.0, 72_000.0, 90_000.0],
        ))),
        "/v2/reports/productivity/resolved" => hal::ok(&ReportResolved(series(
            &span,
            "resolved",
            [10.0, 14.0, 12.0],
        ))),
        "/v2/reports/productivity/response-time" => hal::ok(&ReportResponseTime(series(
            &span,
            "time",
            [5_400.0, 4_800.0, 6_000.0],
        ))),
        "/v2/reports/user" => {
            let user_id = user.unwrap_or_default();
            let record = d.users.get(&user_id);
            let stats = |from: DateTime<Utc>, to: DateTime<Utc>| {
                let mut map = Map::new();
                map.insert(
                    "startDate".to_owned(),
                    json!(Timestamp::new(from).to_string()),
                );
                map.insert("endDate".to_owned(), json!(Timestamp::new(to).to_string()));
                map.insert("totalReplies".to_owned(), json!(120));
                map.insert("repliesPerDay".to_owned(), json!(12.0));
                map.insert("resolved".to_owned(), json!(40));
                map.insert("happinessScore".to_owned(), json!(81.0));
                ReportUserStats(map)
            };
            hal::ok(&ReportUser {
                current: Some(stats(span.start, span.end)),
                filter_tags: Vec::new(),
                previous: previous.map(|(a, b)| stats(a, b)),
                user: Some(ReportUserSummary {
                    created_at: record.map(|u| Timestamp::new(u.created_at)),
                    has_photo: Some(false),
                    id: Some(UserId::new(user_id)),
                    name: record.map(|u| format!("{} {}", u.first_name, u.last_name)),
                    photo_url: None,
                    total_customers_helped: Some(88),
                }),
            })
        }
        "/v2/reports/user/conversation-history" => {
            let page = hal::page_number(req)?;
            let per_page = 25;
            let user_id = user.unwrap_or_default();
            let mut matching: Vec<_> = d
                .conversations
                .values()
                .filter(|c| c.merged_into.is_none())
                .filter(|c| {
                    c.threads
                        .iter()
                        .any(|t| t.created_by == Actor::User(user_id))
                })
                .collect();
            matching.sort_by_key(|c| std::cmp::Reverse(c.number));
            let count = matching.len();
            let results = matching
                .iter()
                .skip(paging::skipped(page, per_page))
                .take(per_page)
                .map(|c| ReportConversationHistoryEntry {
                    avg_handle_time: Some(300.0),
                    customers: vec![ReportConversationCustomer {
                        id: Some(CustomerId::new(c.customer_id)),
                        name: d.customers.get(&c.customer_id).map(|cu| {
                            format!(
                                "{} {}",
                                cu.first_name.as_deref().unwrap_or(""),
                                cu.last_name.as_deref().unwrap_or("")
                            )
                        }),
                    }],
                    first_response_time: Some(1_800.0),
                    id: Some(ConversationId::new(c.id)),
                    number: Some(c.number),
                    replies_sent: Some(
                        c.threads
                            .iter()
                            .filter(|t| t.created_by == Actor::User(user_id))
                            .count() as i64,
                    ),
                    resolve_time: Some(7_200.0),
                    response_time: Some(2_400.0),
                })
                .collect();
            hal::ok(&ReportConversationHistory {
                count: Some(paging::wire(count)),
                page: Some(paging::wire(page)),
                pages: Some(paging::wire(count.div_ceil(per_page))),
                results,
            })
        }
        "/v2/reports/user/drilldown" => hal::ok(&drilldown(req, &d, &span, user)?),
        "/v2/reports/user/replies" => {
            let replies = |from, to| -> Vec<ReportUserRepliesPoint> {
                points(from, to)
                    .iter()
                    .zip([8, 12, 5])
                    .map(|(at, n)| ReportUserRepliesPoint {
                        date: ts(*at),
                        replies: Some(n),
                    })
                    .collect()
            };
            hal::ok(&ReportUserReplies {
                current: replies(span.start, span.end),
                previous: previous.map(|(a, b)| replies(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/user/resolutions" => {
            let resolved = |from, to| -> Vec<ReportUserResolutionsPoint> {
                points(from, to)
                    .iter()
                    .zip([3, 6, 4])
                    .map(|(at, n)| ReportUserResolutionsPoint {
                        date: ts(*at),
                        resolved: Some(n),
                    })
                    .collect()
            };
            hal::ok(&ReportUserResolutions {
                current: resolved(span.start, span.end),
                previous: previous.map(|(a, b)| resolved(a, b)).unwrap_or_default(),
            })
        }
        _ => Err(Problem::not_found("Report")),
    }
}
