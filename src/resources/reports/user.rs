//! The user reports: one user's (or a team's) figures, history, drill-down and ratings.

use super::Reports;
use super::paged::{Results, drilldown_page, history_page, ratings_page};
use super::params::{Params, Report, ReportSubject};
use super::setters::{
    ByChannel, Compared, Drilldown, Filtered, OfficeHours, OverTime, Paged, RatingsReport, Sorted,
};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    ReportConversationHistory, ReportConversationHistoryEntry, ReportCustomersHelped,
    ReportDrilldown, ReportDrilldownConversation, ReportHappiness, ReportRatingEntry,
    ReportRatings, ReportSortField, ReportStatus, ReportUser, ReportUserReplies,
    ReportUserResolutions, Timestamp,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Activity figures of one user, or summed over a team. Typed: returns [`ReportUser`]
    /// (its interval figures, `current` and `previous`, are free-form).
    pub fn user(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserReport> {
        self.user_report(GetUserReport, subject, start, end)
    }

    /// The conversations a user worked on, with per-conversation replies and times, a page
    /// at a time. Typed: returns [`ReportConversationHistory`]; [`stream`](Request::stream) walks its results.
    pub fn user_conversation_history(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserConversationHistoryReport> {
        self.user_report(GetUserConversationHistoryReport, subject, start, end)
    }

    /// Customers a user helped in each day, week or month. Typed: returns
    /// [`ReportCustomersHelped`].
    pub fn user_customers_helped(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserCustomersHelpedReport> {
        self.user_report(GetUserCustomersHelpedReport, subject, start, end)
    }

    /// The conversations behind a user's report, a page at a time. Typed: returns
    /// [`ReportDrilldown`]; [`stream`](Request::stream) walks its results.
    pub fn user_drilldown(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserDrilldownReport> {
        self.user_report(GetUserDrilldownReport, subject, start, end)
    }

    /// The ratings a user received and their happiness score. Typed: returns
    /// [`ReportHappiness`] (its `deltas` are free-form).
    pub fn user_happiness(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserHappinessReport> {
        self.user_report(GetUserHappinessReport, subject, start, end)
    }

    /// The individual ratings a user received, with their comments, a page at a time.
    /// Typed: returns [`ReportRatings`]; [`stream`](Request::stream) walks its results.
    pub fn user_ratings(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserRatingsReport> {
        self.user_report(GetUserRatingsReport, subject, start, end)
    }

    /// Replies a user sent in each day, week or month. Typed: returns
    /// [`ReportUserReplies`].
    pub fn user_replies(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserRepliesReport> {
        self.user_report(GetUserRepliesReport, subject, start, end)
    }

    /// Conversations a user resolved in each day, week or month. Typed: returns
    /// [`ReportUserResolutions`].
    pub fn user_resolutions(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetUserResolutionsReport> {
        self.user_report(GetUserResolutionsReport, subject, start, end)
    }
}

/// The user report; see [`Reports::user`]. Returns the typed [`ReportUser`].
#[derive(Clone, Debug)]
pub struct GetUserReport(Params);

impl Report for GetUserReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserReport {}
impl Filtered for GetUserReport {}
impl ByChannel for GetUserReport {}
impl OfficeHours for GetUserReport {}

impl Operation for GetUserReport {
    type Output = ReportUser;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportUser> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
        );
        Ok(client
            .run(operation::GET_USER_REPORT, call)
            .await?
            .into_inner())
    }
}

/// A user's conversation history; see [`Reports::user_conversation_history`]. Returns
/// the typed [`ReportConversationHistory`].
#[derive(Clone, Debug)]
pub struct GetUserConversationHistoryReport(Params);

impl Report for GetUserConversationHistoryReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserConversationHistoryReport {}
impl Filtered for GetUserConversationHistoryReport {}
impl ByChannel for GetUserConversationHistoryReport {}
impl OfficeHours for GetUserConversationHistoryReport {}
impl Paged for GetUserConversationHistoryReport {}
impl Sorted for GetUserConversationHistoryReport {}

impl Operation for GetUserConversationHistoryReport {
    type Output = ReportConversationHistory;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportConversationHistory> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_conversation_history_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            w.page,
            p.previous_end(),
            p.previous_start(),
            p.sort_field.as_ref(),
            p.sort_order.as_ref(),
            &p.start,
            p.status.as_ref(),
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
        );
        Ok(client
            .run(operation::GET_USER_CONVERSATION_HISTORY_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetUserConversationHistoryReport {
    type Item = ReportConversationHistoryEntry;

    fn results(
        answer: ReportConversationHistory,
        requested: u64,
        _: Option<u32>,
        _: Sealed,
    ) -> Page<ReportConversationHistoryEntry> {
        history_page(answer, requested)
    }
}

/// Customers a user helped per period; see [`Reports::user_customers_helped`]. Returns
/// the typed [`ReportCustomersHelped`].
#[derive(Clone, Debug)]
pub struct GetUserCustomersHelpedReport(Params);

impl Report for GetUserCustomersHelpedReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserCustomersHelpedReport {}
impl Filtered for GetUserCustomersHelpedReport {}
impl ByChannel for GetUserCustomersHelpedReport {}
impl OverTime for GetUserCustomersHelpedReport {}

impl Operation for GetUserCustomersHelpedReport {
    type Output = ReportCustomersHelped;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportCustomersHelped> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_customers_helped_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_USER_CUSTOMERS_HELPED_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The user drill-down; see [`Reports::user_drilldown`]. Returns the typed
/// [`ReportDrilldown`].
#[derive(Clone, Debug)]
pub struct GetUserDrilldownReport(Params);

impl Report for GetUserDrilldownReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Filtered for GetUserDrilldownReport {}
impl ByChannel for GetUserDrilldownReport {}
impl Paged for GetUserDrilldownReport {}
impl Drilldown for GetUserDrilldownReport {}

impl Operation for GetUserDrilldownReport {
    type Output = ReportDrilldown;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportDrilldown> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_drilldown_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            w.rows,
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
        );
        Ok(client
            .run(operation::GET_USER_DRILLDOWN_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetUserDrilldownReport {
    type Item = ReportDrilldownConversation;

    fn results(
        answer: ReportDrilldown,
        requested: u64,
        rows: Option<u32>,
        _: Sealed,
    ) -> Page<ReportDrilldownConversation> {
        drilldown_page(answer, requested, rows)
    }
}

/// A user's happiness report; see [`Reports::user_happiness`]. Returns the typed
/// [`ReportHappiness`].
#[derive(Clone, Debug)]
pub struct GetUserHappinessReport(Params);

impl Report for GetUserHappinessReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserHappinessReport {}
impl Filtered for GetUserHappinessReport {}
impl ByChannel for GetUserHappinessReport {}

impl Operation for GetUserHappinessReport {
    type Output = ReportHappiness;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportHappiness> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_happiness_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
        );
        Ok(client
            .run(operation::GET_USER_HAPPINESS_REPORT, call)
            .await?
            .into_inner())
    }
}

/// A user's ratings; see [`Reports::user_ratings`]. Returns the typed [`ReportRatings`].
#[derive(Clone, Debug)]
pub struct GetUserRatingsReport(Params);

impl Report for GetUserRatingsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserRatingsReport {}
impl Filtered for GetUserRatingsReport {}
impl ByChannel for GetUserRatingsReport {}
impl Paged for GetUserRatingsReport {}
impl Sorted for GetUserRatingsReport {}
impl RatingsReport for GetUserRatingsReport {}

impl Operation for GetUserRatingsReport {
    type Output = ReportRatings;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportRatings> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_ratings_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            p.previous_end(),
            p.previous_start(),
            p.rating.as_ref(),
            // quirk Q28: the ratings sort key goes out as sortField and sortFieldRatings.
            p.ratings_sort_field.as_ref(),
            p.ratings_sort_field.as_ref(),
            p.sort_order.as_ref(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
        );
        Ok(client
            .run(operation::GET_USER_RATINGS_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetUserRatingsReport {
    type Item = ReportRatingEntry;

    fn results(
        answer: ReportRatings,
        requested: u64,
        _: Option<u32>,
        _: Sealed,
    ) -> Page<ReportRatingEntry> {
        ratings_page(answer, requested)
    }
}

/// Replies a user sent per period; see [`Reports::user_replies`]. Returns the typed
/// [`ReportUserReplies`].
#[derive(Clone, Debug)]
pub struct GetUserRepliesReport(Params);

impl Report for GetUserRepliesReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserRepliesReport {}
impl Filtered for GetUserRepliesReport {}
impl ByChannel for GetUserRepliesReport {}
impl OverTime for GetUserRepliesReport {}

impl Operation for GetUserRepliesReport {
    type Output = ReportUserReplies;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportUserReplies> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_replies_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_USER_REPLIES_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Conversations a user resolved per period; see [`Reports::user_resolutions`]. Returns
/// the typed [`ReportUserResolutions`].
#[derive(Clone, Debug)]
pub struct GetUserResolutionsReport(Params);

impl Report for GetUserResolutionsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetUserResolutionsReport {}
impl Filtered for GetUserResolutionsReport {}
impl ByChannel for GetUserResolutionsReport {}
impl OverTime for GetUserResolutionsReport {}

impl Operation for GetUserResolutionsReport {
    type Output = ReportUserResolutions;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportUserResolutions> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_user_resolutions_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            w.user,
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_USER_RESOLUTIONS_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Request<'_, GetUserConversationHistoryReport> {
    /// Only conversations in this status.
    pub fn status(self, status: ReportStatus) -> Self {
        self.with(|r| r.0.status = Some(status))
    }

    /// The sort key.
    pub fn sort_field(self, field: ReportSortField) -> Self {
        self.with(|r| r.0.sort_field = Some(field))
    }
}
