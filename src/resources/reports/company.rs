//! The company reports: company-wide figures, customers helped over time, and the
//! drill-down behind them.

use super::Reports;
use super::params::{Params, Report};
use super::setters::{ByChannel, Compared, Drilldown, Filtered, OverTime, Paged};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    ReportCompany, ReportCompanyDrilldown, ReportCustomersHelped, ReportRange, Timestamp,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Company-wide figures: customers helped, conversations closed, replies sent, per-day
    /// averages. Typed: returns [`ReportCompany`] (its `deltas` are free-form).
    pub fn company(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetCompanyReport> {
        self.report(GetCompanyReport, start, end)
    }

    /// Customers helped in each day, week or month. Typed: returns
    /// [`ReportCustomersHelped`].
    pub fn company_customers_helped(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetCompanyCustomersHelpedReport> {
        self.report(GetCompanyCustomersHelpedReport, start, end)
    }

    /// The conversations behind the company and productivity figures, a page at a time,
    /// optionally only those of one metric (`range`) and bucket (`range_id`). Free-form:
    /// returns [`ReportCompanyDrilldown`], a JSON map, because the docs show no response;
    /// so it has `page(n)` but no typed walk.
    pub fn company_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetCompanyDrilldownReport> {
        self.report(GetCompanyDrilldownReport, start, end)
    }
}

/// The company report; see [`Reports::company`]. Returns the typed [`ReportCompany`].
#[derive(Clone, Debug)]
pub struct GetCompanyReport(Params);

impl Report for GetCompanyReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetCompanyReport {}
impl Filtered for GetCompanyReport {}
impl ByChannel for GetCompanyReport {}

impl Operation for GetCompanyReport {
    type Output = ReportCompany;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportCompany> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_company_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_COMPANY_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Customers helped per period; see [`Reports::company_customers_helped`]. Returns the
/// typed [`ReportCustomersHelped`].
#[derive(Clone, Debug)]
pub struct GetCompanyCustomersHelpedReport(Params);

impl Report for GetCompanyCustomersHelpedReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetCompanyCustomersHelpedReport {}
impl Filtered for GetCompanyCustomersHelpedReport {}
impl ByChannel for GetCompanyCustomersHelpedReport {}
impl OverTime for GetCompanyCustomersHelpedReport {}

impl Operation for GetCompanyCustomersHelpedReport {
    type Output = ReportCustomersHelped;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportCustomersHelped> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_company_customers_helped_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
            p.view_by.as_ref(),
        );
        Ok(client
            .run(operation::GET_COMPANY_CUSTOMERS_HELPED_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The company drill-down; see [`Reports::company_drilldown`]. Returns the free-form
/// [`ReportCompanyDrilldown`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetCompanyDrilldownReport(Params);

impl Report for GetCompanyDrilldownReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Filtered for GetCompanyDrilldownReport {}
impl ByChannel for GetCompanyDrilldownReport {}
impl Paged for GetCompanyDrilldownReport {}
impl Drilldown for GetCompanyDrilldownReport {}

impl Operation for GetCompanyDrilldownReport {
    type Output = ReportCompanyDrilldown;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportCompanyDrilldown> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_company_drilldown_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            p.range.as_ref(),
            p.range_id,
            w.rows,
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_COMPANY_DRILLDOWN_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Request<'_, GetCompanyDrilldownReport> {
    /// Only the conversations behind one metric of the company or productivity report.
    pub fn range(self, range: ReportRange) -> Self {
        self.with(|r| r.0.range = Some(range))
    }

    /// One bucket of the chosen [`range`](Self::range), such as one response-time band.
    pub fn range_id(self, bucket: i64) -> Self {
        self.with(|r| r.0.range_id = Some(bucket))
    }
}
