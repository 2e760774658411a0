//! The happiness reports: the score and the individual ratings.

use super::Reports;
use super::paged::{Results, ratings_page};
use super::params::{Params, Report};
use super::setters::{ByChannel, Compared, Filtered, Paged, RatingsReport, Sorted};
use crate::client::Client;
use crate::error::Result;
use crate::models::{ReportHappiness, ReportRatingEntry, ReportRatings, Timestamp};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Counts and shares of Great, Okay and Not Good ratings, and the happiness score.
    /// Typed: returns [`ReportHappiness`] (its `deltas` are free-form).
    pub fn happiness(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetHappinessReport> {
        self.report(GetHappinessReport, start, end)
    }

    /// The individual ratings customers gave, with their comments, a page at a time. Typed:
    /// returns [`ReportRatings`]; [`stream`](Request::stream) walks its results.
    pub fn happiness_ratings(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetHappinessRatingsReport> {
        self.report(GetHappinessRatingsReport, start, end)
    }
}

/// The happiness report; see [`Reports::happiness`]. Returns the typed
/// [`ReportHappiness`].
#[derive(Clone, Debug)]
pub struct GetHappinessReport(Params);

impl Report for GetHappinessReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetHappinessReport {}
impl Filtered for GetHappinessReport {}
impl ByChannel for GetHappinessReport {}

impl Operation for GetHappinessReport {
    type Output = ReportHappiness;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportHappiness> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_happiness_report(
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
            .run(operation::GET_HAPPINESS_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The company's ratings; see [`Reports::happiness_ratings`]. Returns the typed
/// [`ReportRatings`].
#[derive(Clone, Debug)]
pub struct GetHappinessRatingsReport(Params);

impl Report for GetHappinessRatingsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetHappinessRatingsReport {}
impl Filtered for GetHappinessRatingsReport {}
impl ByChannel for GetHappinessRatingsReport {}
impl Paged for GetHappinessRatingsReport {}
impl Sorted for GetHappinessRatingsReport {}
impl RatingsReport for GetHappinessRatingsReport {}

impl Operation for GetHappinessRatingsReport {
    type Output = ReportRatings;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportRatings> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_happiness_ratings_report(
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
        );
        Ok(client
            .run(operation::GET_HAPPINESS_RATINGS_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetHappinessRatingsReport {
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
