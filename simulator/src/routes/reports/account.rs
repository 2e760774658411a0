//! Company, conversation, channel, happiness and productivity reports.

use axum::response::Response;

use super::*;

/// Company and conversation reports.
pub(super) fn company_and_conversations(
    ctx: &Ctx<'_>,
    path: &str,
) -> Result<Option<Response>, Problem> {
    let Ctx {
        req,
        span,
        user: _,
        d,
        previous,
    } = *ctx;
    let reply: Reply = match path {
        "/v2/reports/company" => http::ok(&ReportCompany {
            current: Some(company(span.start, span.end)),
            deltas: Some(deltas()),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| company(a, b)),
        }),
        "/v2/reports/company/customers-helped" | "/v2/reports/user/customers-helped" => {
            http::ok(&ReportCustomersHelped {
                current: helped(span.start, span.end),
                previous: previous.map(|(a, b)| helped(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/company/drilldown" => http::ok(&ReportCompanyDrilldown(free(&drilldown(
            req, d, span, None,
        )?))),
        "/v2/reports/conversations" => http::ok(&ReportConversations {
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
        "/v2/reports/conversations/busy-times" => http::ok(&ReportBusyTimes(
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
        "/v2/reports/conversations/new" => http::ok(&ReportNewConversations(series(
            span,
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
            http::ok(&ReportReceivedMessages {
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
            http::ok(&ReportVolumeByChannel {
                current: volumes(span.start, span.end),
                previous: previous.map(|(a, b)| volumes(a, b)).unwrap_or_default(),
            })
        }
        "/v2/reports/conversations/drilldown"
        | "/v2/reports/conversations/fields-drilldown"
        | "/v2/reports/conversations/new-drilldown" => http::ok(&drilldown(req, d, span, None)?),
        _ => return Ok(None),
    };
    reply.map(Some)
}

/// Chat, e-mail, phone, Docs, happiness and productivity reports.
pub(super) fn channels_and_productivity(
    ctx: &Ctx<'_>,
    path: &str,
) -> Result<Option<Response>, Problem> {
    let Ctx {
        req,
        span,
        user,
        d,
        previous,
    } = *ctx;
    let reply: Reply = match path {
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
            http::ok(&ReportChat(map))
        }
        "/v2/reports/email" => http::ok(&ReportEmail {
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
            http::ok(&ReportPhone {
                current: Some(phone(span.start, span.end)),
                previous: previous.map(|(a, b)| phone(a, b)),
            })
        }
        "/v2/reports/docs" => {
            let mut article = Map::new();
            article.insert("id".to_owned(), json!("5a1b2c3d"));
            article.insert("name".to_owned(), json!("Getting started"));
            article.insert("count".to_owned(), json!(321));
            http::ok(&ReportDocs {
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
        "/v2/reports/happiness" | "/v2/reports/user/happiness" => http::ok(&ReportHappiness {
            current: Some(happiness_stats()),
            deltas: Some(deltas()),
            filter_tags: Vec::new(),
            previous: previous.map(|_| happiness_stats()),
        }),
        "/v2/reports/happiness/ratings" | "/v2/reports/user/ratings" => {
            http::ok(&ratings(req, d, span, user)?)
        }
        "/v2/reports/productivity" => http::ok(&ReportProductivity {
            current: Some(productivity(span.start, span.end)),
            filter_tags: Vec::new(),
            previous: previous.map(|(a, b)| productivity(a, b)),
        }),
        "/v2/reports/productivity/first-response-time" => http::ok(&ReportFirstResponseTime(
            series(span, "time", [3_600.0, 2_900.0, 4_100.0]),
        )),
        "/v2/reports/productivity/replies-sent" => http::ok(&ReportRepliesSent(series(
            span,
            "replies",
            [30.0, 42.0, 28.0],
        ))),
        "/v2/reports/productivity/resolution-time" => http::ok(&ReportResolutionTime(series(
            span,
            "time",
            [86_400.0, 72_000.0, 90_000.0],
        ))),
        "/v2/reports/productivity/resolved" => http::ok(&ReportResolved(series(
            span,
            "resolved",
            [10.0, 14.0, 12.0],
        ))),
        "/v2/reports/productivity/response-time" => http::ok(&ReportResponseTime(series(
            span,
            "time",
            [5_400.0, 4_800.0, 6_000.0],
        ))),
        _ => return Ok(None),
    };
    reply.map(Some)
}
