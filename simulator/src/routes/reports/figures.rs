//! The fixed figures the report endpoints answer with, in the documented shapes.

use chrono::{DateTime, Utc};

use super::*;

/// The fixed figures of `company` between two instants.
pub(super) fn company(from: DateTime<Utc>, to: DateTime<Utc>) -> ReportCompanyStats {
    ReportCompanyStats {
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
    }
}

/// The fixed figures of `conversations` between two instants.
pub(super) fn conversations(from: DateTime<Utc>, to: DateTime<Utc>) -> ReportConversationsStats {
    ReportConversationsStats {
        conversations_created: Some(140),
        conversations_per_day: Some(14.0),
        customers: Some(120),
        end_date: ts(to),
        new_conversations: Some(130),
        start_date: ts(from),
        total_conversations: Some(260),
    }
}

/// The fixed figures of `email` between two instants.
pub(super) fn email(from: DateTime<Utc>, to: DateTime<Utc>) -> ReportEmailStats {
    ReportEmailStats {
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
    }
}

/// The fixed figures of `productivity` between two instants.
pub(super) fn productivity(from: DateTime<Utc>, to: DateTime<Utc>) -> ReportProductivityStats {
    ReportProductivityStats {
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
    }
}

/// The fixed figures of `helped` between two instants.
pub(super) fn helped(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<ReportCustomersHelpedPoint> {
    points(from, to)
        .iter()
        .zip([10, 14, 9])
        .map(|(at, n)| ReportCustomersHelpedPoint {
            customers: Some(n),
            date: ts(*at),
        })
        .collect()
}
