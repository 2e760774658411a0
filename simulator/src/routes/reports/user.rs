//! User reports: one user's figures, conversation history, drill-down, replies and resolutions.

use axum::response::Response;
use helpscout_mailbox::ids::{ConversationId, CustomerId, UserId};

use super::*;

/// User reports (`user` is required, checked by the caller).
pub(super) fn user_reports(ctx: &Ctx<'_>, path: &str) -> Result<Option<Response>, Problem> {
    let Ctx {
        req,
        span,
        user,
        d,
        previous,
    } = *ctx;
    let reply: Reply = match path {
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
            http::ok(&ReportUser {
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
            let page = http::page_number(req)?;
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
                .skip(http::skipped(page, per_page))
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
            http::ok(&ReportConversationHistory {
                count: Some(http::wire(count)),
                page: Some(http::wire(page)),
                pages: Some(http::wire(count.div_ceil(per_page))),
                results,
            })
        }
        "/v2/reports/user/drilldown" => http::ok(&drilldown(req, d, span, user)?),
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
            http::ok(&ReportUserReplies {
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
            http::ok(&ReportUserResolutions {
                current: resolved(span.start, span.end),
                previous: previous.map(|(a, b)| resolved(a, b)).unwrap_or_default(),
            })
        }
        _ => return Ok(None),
    };
    reply.map(Some)
}
