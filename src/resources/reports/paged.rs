//! The walks over the typed paged reports (drill-downs, ratings, conversation history). These
//! page on their own (`{page, pages, count, results}`, not HAL); the walk is the crate's one
//! [`List`] walk, fed by the report's own request with `page` set.

use futures_util::Stream;

use super::setters::Paged;
use crate::client::Client;
use crate::error::Result;
use crate::list::{List, Listing, PageAt, page_number};
use crate::models::{
    PageMetadata, ReportConversationHistory, ReportConversationHistoryEntry, ReportDrilldown,
    ReportDrilldownConversation, ReportRatingEntry, ReportRatings,
};
use crate::page::Page;
use crate::request::{Request, Sealed};

/// The page size of the drill-downs when `rows` is not set, per the docs.
const DEFAULT_ROWS: u32 = 25;

/// Paged reports whose results are typed: [`pages`](Request::pages) and
/// [`stream`](Request::stream) walk them. Implemented by this crate only.
pub trait Results: Paged {
    /// One result of the report.
    type Item: Send;

    /// The page of results in one answer, for page `requested` of `rows` results.
    #[doc(hidden)]
    fn results(
        answer: Self::Output,
        requested: u64,
        rows: Option<u32>,
        _: Sealed,
    ) -> Page<Self::Item>;
}

impl<'a, R: Results + 'a> Request<'a, R> {
    /// Every page of results, lazily, one request per page as the stream is polled, from
    /// page 1. Ends after the last page (by the answer's `pages`), on an empty page, or when
    /// the API repeats a page; after an error it yields the error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<Page<R::Item>>> + Send + Unpin + 'a {
        let (client, report) = self.into_parts();
        List::new(client, Pages(report)).pages()
    }

    /// Every result of every page, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<R::Item>> + Send + Unpin + 'a {
        let (client, report) = self.into_parts();
        List::new(client, Pages(report)).stream()
    }
}

/// A paged report as a [`Listing`]: each page is the report sent with `page` set.
#[derive(Clone, Debug)]
struct Pages<R>(R);

impl<R: Results> Listing for Pages<R> {
    type Item = R::Item;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<R::Item>> {
        // `page_number` refuses what is not a page number within `i64`, so the number is
        // not negative and converts back exactly.
        let number = page_number(&at)?.unsigned_abs();
        let mut report = self.0.clone();
        report.params().page = Some(number);
        let rows = report.params().rows;
        let answer = report.execute(client, Sealed(())).await?;
        Ok(R::results(answer, number, rows, Sealed(())))
    }
}

/// Page metadata from a report's own paging fields. A missing `page` is taken to be the one
/// requested, so that the walk does not stop on it alone.
fn report_page<T>(
    items: Vec<T>,
    number: Option<i64>,
    pages: Option<i64>,
    count: Option<i64>,
    requested: u64,
    size: Option<i64>,
) -> Page<T> {
    let metadata = PageMetadata {
        number: number.or_else(|| i64::try_from(requested).ok()),
        size,
        total_elements: count,
        total_pages: pages,
    };
    Page::from_parts(items, Some(metadata), None)
}

/// The results of a drill-down answer.
pub(super) fn drilldown_page(
    report: ReportDrilldown,
    requested: u64,
    rows: Option<u32>,
) -> Page<ReportDrilldownConversation> {
    let list = report.conversations.unwrap_or_default();
    let size = i64::from(rows.unwrap_or(DEFAULT_ROWS));
    report_page(
        list.results,
        list.page,
        list.pages,
        list.count,
        requested,
        Some(size),
    )
}

/// The results of a ratings answer.
pub(super) fn ratings_page(report: ReportRatings, requested: u64) -> Page<ReportRatingEntry> {
    let (page, pages, count) = (report.page, report.pages, report.count);
    report_page(report.results, page, pages, count, requested, None)
}

/// The results of a conversation-history answer.
pub(super) fn history_page(
    report: ReportConversationHistory,
    requested: u64,
) -> Page<ReportConversationHistoryEntry> {
    let (page, pages, count) = (report.page, report.pages, report.count);
    report_page(report.results, page, pages, count, requested, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_page_number_is_the_one_requested() {
        let report = ReportDrilldown::default();
        let page = drilldown_page(report, 3, None);
        assert_eq!((page.number, page.size, page.total_pages), (3, 25, 0));
    }
}
