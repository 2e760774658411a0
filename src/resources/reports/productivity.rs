//! The productivity reports: resolutions, replies, and response and resolution times.

use super::Reports;
use super::params::{Params, Report};
use super::setters::{ByChannel, Compared, Filtered, OfficeHours, OverTime};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    ReportFirstResponseTime, ReportProductivity, ReportRepliesSent, ReportResolutionTime,
    ReportResolved, ReportResponseTime, Timestamp,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Resolutions, replies, and response, resolution and handle times. Typed: returns
    /// [`ReportProductivity`].
    pub fn productivity(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetProductivityReport> {
        self.report(GetProductivityReport, start, end)
    }

    /// Average time to the first reply in each day, week or month. Free-form: returns
    /// [`ReportFirstResponseTime`], a JSON map, because the docs show no response.
    pub fn productivity_first_response_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetFirstResponseTimeReport> {
        self.report(GetFirstResponseTimeReport, start, end)
    }

    /// Replies sent in each day, week or month. Free-form: returns [`ReportRepliesSent`], a
    /// JSON map, because the docs show no response.
    pub fn productivity_replies_sent(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetRepliesSentReport> {
        self.report(GetRepliesSentReport, start, end)
    }

    /// Average time to resolution in each day, week or month. Free-form: returns
    /// [`ReportResolutionTime`], a JSON map, because the docs show no response.
    pub fn productivity_resolution_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetResolutionTimeReport> {
        self.report(GetResolutionTimeReport, start, end)
    }

    /// Conversations resolved in each day, week or month. Free-form: returns
    /// [`ReportResolved`], a JSON map, because the docs show no response.
    pub fn productivity_resolved(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetResolvedReport> {
        self.report(GetResolvedReport, start, end)
    }

    /// Average response time in each day, week or month. Free-form: returns
    /// [`ReportResponseTime`], a JSON map, because the docs show no response.
    pub fn productivity_response_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetResponseTimeReport> {
        self.report(GetResponseTimeReport, start, end)
    }
}

/// The productivity report; see [`Reports::productivity`]. Returns the typed
/// [`ReportProductivity`].
#[derive(Clone, Debug)]
pub struct GetProductivityReport(Params);

impl Report for GetProductivityReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetProductivityReport {}
impl Filtered for GetProductivityReport {}
impl ByChannel for GetProductivityReport {}
impl OfficeHours for GetProductivityReport {}

impl Operation for GetProductivityReport {
    type Output = ReportProductivity;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportProductivity> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_productivity_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_PRODUCTIVITY_REPORT, call)
            .await?
            .into_inner())
    }
}

/// First response time per period; see [`Reports::productivity_first_response_time`].
/// Returns the free-form [`ReportFirstResponseTime`] (a JSON map): the docs show no
/// response.
#[derive(Clone, Debug)]
pub struct GetFirstResponseTimeReport(Params);

impl Report for GetFirstResponseTimeReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetFirstResponseTimeReport {}
impl Filtered for GetFirstResponseTimeReport {}
impl ByChannel for GetFirstResponseTimeReport {}
impl OfficeHours for GetFirstResponseTimeReport {}
impl OverTime for GetFirstResponseTimeReport {}

impl Operation for GetFirstResponseTimeReport {
    type Output = ReportFirstResponseTime;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportFirstResponseTime> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_first_response_time_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_FIRST_RESPONSE_TIME_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Replies sent per period; see [`Reports::productivity_replies_sent`]. Returns the
/// free-form [`ReportRepliesSent`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetRepliesSentReport(Params);

impl Report for GetRepliesSentReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetRepliesSentReport {}
impl Filtered for GetRepliesSentReport {}
impl ByChannel for GetRepliesSentReport {}
impl OfficeHours for GetRepliesSentReport {}
impl OverTime for GetRepliesSentReport {}

impl Operation for GetRepliesSentReport {
    type Output = ReportRepliesSent;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportRepliesSent> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_replies_sent_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_REPLIES_SENT_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Resolution time per period; see [`Reports::productivity_resolution_time`]. Returns
/// the free-form [`ReportResolutionTime`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetResolutionTimeReport(Params);

impl Report for GetResolutionTimeReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetResolutionTimeReport {}
impl Filtered for GetResolutionTimeReport {}
impl ByChannel for GetResolutionTimeReport {}
impl OfficeHours for GetResolutionTimeReport {}
impl OverTime for GetResolutionTimeReport {}

impl Operation for GetResolutionTimeReport {
    type Output = ReportResolutionTime;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportResolutionTime> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_resolution_time_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_RESOLUTION_TIME_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Resolved conversations per period; see [`Reports::productivity_resolved`]. Returns
/// the free-form [`ReportResolved`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetResolvedReport(Params);

impl Report for GetResolvedReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetResolvedReport {}
impl Filtered for GetResolvedReport {}
impl ByChannel for GetResolvedReport {}
impl OfficeHours for GetResolvedReport {}
impl OverTime for GetResolvedReport {}

impl Operation for GetResolvedReport {
    type Output = ReportResolved;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportResolved> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_resolved_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_RESOLVED_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Response time per period; see [`Reports::productivity_response_time`]. Returns the
/// free-form [`ReportResponseTime`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetResponseTimeReport(Params);

impl Report for GetResponseTimeReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetResponseTimeReport {}
impl Filtered for GetResponseTimeReport {}
impl ByChannel for GetResponseTimeReport {}
impl OfficeHours for GetResponseTimeReport {}
impl OverTime for GetResponseTimeReport {}

impl Operation for GetResponseTimeReport {
    type Output = ReportResponseTime;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportResponseTime> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_response_time_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_RESPONSE_TIME_REPORT, call)
            .await?
            .into_inner())
    }
}
