//! The optional parameters of the reports, in groups. Each group is a marker trait; a report
//! implements the traits of the groups its endpoint accepts, and `impl<R: Group> Request<'_,
//! R>` writes the group's setters once for all of them. So every report request has exactly
//! the setters its endpoint takes, and a newcomer reads one setter in one place.

use super::params::Report;
use crate::ids::{FolderId, MailboxId, TagId};
use crate::models::{
    ConversationType, ReportSortFieldRatings, ReportSortOrder, ReportViewBy, Timestamp,
};
use crate::request::Request;

/// Reports that compare with a second interval: [`previous`](Request::previous).
pub trait Compared: Report {}

/// Reports that take the mailbox, tag and folder filters: [`mailboxes`](Request::mailboxes),
/// [`tags`](Request::tags), [`folders`](Request::folders).
pub trait Filtered: Report {}

/// Reports that can be limited to some channels: [`types`](Request::types).
pub trait ByChannel: Report {}

/// Reports that can count office hours only: [`office_hours`](Request::office_hours).
pub trait OfficeHours: Report {}

/// Reports that give a series of data points: [`view_by`](Request::view_by).
pub trait OverTime: Report {}

/// Reports that come a page at a time: [`page`](Request::page).
pub trait Paged: Report {}

/// The drill-downs, whose page size can be set: [`rows`](Request::rows).
pub trait Drilldown: Paged {}

/// Reports with a sort direction: [`sort_order`](Request::sort_order).
pub trait Sorted: Report {}

/// The ratings reports: [`rating`](Request::rating) and their own `sort_field`.
pub trait RatingsReport: Paged + Sorted {}

impl<R: Compared> Request<'_, R> {
    /// Compares with a second interval, `start` to `end` (the API's `previousStart` and
    /// `previousEnd`); the report then adds `previous` figures (and, for the summary
    /// reports, `deltas`).
    pub fn previous(self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> Self {
        let interval = (start.into(), end.into());
        self.with(|r| r.params().previous = Some(interval))
    }
}

impl<R: Filtered> Request<'_, R> {
    /// Only these mailboxes (adding to earlier calls).
    pub fn mailboxes(self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.with(|r| r.params().mailboxes.extend(mailboxes))
    }

    /// Only conversations with these tags (adding to earlier calls).
    pub fn tags(self, tags: impl IntoIterator<Item = TagId>) -> Self {
        self.with(|r| r.params().tags.extend(tags))
    }

    /// Only these folders (adding to earlier calls).
    pub fn folders(self, folders: impl IntoIterator<Item = FolderId>) -> Self {
        self.with(|r| r.params().folders.extend(folders))
    }
}

impl<R: ByChannel> Request<'_, R> {
    /// Only these channels: email, chat, phone (adding to earlier calls).
    pub fn types(self, types: impl IntoIterator<Item = ConversationType>) -> Self {
        self.with(|r| r.params().types.extend(types))
    }
}

impl<R: OfficeHours> Request<'_, R> {
    /// Counts only time inside office hours (the API's default is `false`). Ignored unless
    /// the account has office hours set up.
    pub fn office_hours(self, office_hours: bool) -> Self {
        self.with(|r| r.params().office_hours = Some(office_hours))
    }
}

impl<R: OverTime> Request<'_, R> {
    /// The size of each data point. The docs allow `day` for intervals up to 60 days,
    /// `week` up to a year and `month` from 61 days.
    pub fn view_by(self, view_by: ReportViewBy) -> Self {
        self.with(|r| r.params().view_by = Some(view_by))
    }
}

impl<R: Paged> Request<'_, R> {
    /// Asks for page `number` (1-based) instead of the first. A number beyond `i64` fails
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest), sent nowhere.
    pub fn page(self, number: u64) -> Self {
        self.with(|r| r.params().page = Some(number))
    }
}

impl<R: Drilldown> Request<'_, R> {
    /// Results per page: 1 to 50, 25 when not set. Out of range fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), sent nowhere.
    pub fn rows(self, rows: u32) -> Self {
        self.with(|r| r.params().rows = Some(rows))
    }
}

impl<R: Sorted> Request<'_, R> {
    /// The sort direction.
    pub fn sort_order(self, order: ReportSortOrder) -> Self {
        self.with(|r| r.params().sort_order = Some(order))
    }
}

impl<R: RatingsReport> Request<'_, R> {
    /// Only ratings of this kind, or `All`.
    pub fn rating(self, rating: crate::models::ReportRating) -> Self {
        self.with(|r| r.params().rating = Some(rating))
    }

    /// The sort key. Sent under both names the API has documented for it: `sortField` (the
    /// current docs) and `sortFieldRatings` (earlier docs and the PHP SDK).
    pub fn sort_field(self, field: ReportSortFieldRatings) -> Self {
        self.with(|r| r.params().ratings_sort_field = Some(field))
    }
}
