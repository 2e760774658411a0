//! The parameters every report shares, their checked wire form, and the trait that gives the
//! shared setters access to them.

use std::fmt::Display;

use crate::error::{Error, Result};
use crate::ids::{
    CustomerId, FolderId, MailboxId, SavedReplyId, TagId, TeamId, UserId, WorkflowId,
};
use crate::models::{
    ConversationType, ReportField, ReportRange, ReportRating, ReportSortField,
    ReportSortFieldRatings, ReportSortOrder, ReportStatus, ReportViewBy, Timestamp,
};
use crate::request::Operation;

/// The largest page size the drill-downs accept, per the docs.
pub(super) const MAX_ROWS: u32 = 50;

/// Whom a user report is about: a user, or a team (the report then sums over its members).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReportSubject {
    /// One user.
    User(UserId),
    /// A team; the API takes its id where it takes a user's.
    Team(TeamId),
}

impl ReportSubject {
    /// The id sent as `user`.
    fn id(self) -> i64 {
        match self {
            Self::User(user) => user.get(),
            Self::Team(team) => team.get(),
        }
    }
}

impl From<UserId> for ReportSubject {
    fn from(user: UserId) -> Self {
        Self::User(user)
    }
}

impl From<TeamId> for ReportSubject {
    fn from(team: TeamId) -> Self {
        Self::Team(team)
    }
}

/// What a fields drill-down is about (its `field` and `fieldid`): one tag, saved reply,
/// workflow or customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DrilldownField {
    /// Conversations with this tag.
    Tag(TagId),
    /// Conversations where this saved reply was used.
    SavedReply(SavedReplyId),
    /// Conversations this workflow ran on.
    Workflow(WorkflowId),
    /// Conversations of this customer.
    Customer(CustomerId),
}

impl DrilldownField {
    fn kind(self) -> ReportField {
        match self {
            Self::Tag(_) => ReportField::Tagid,
            Self::SavedReply(_) => ReportField::Replyid,
            Self::Workflow(_) => ReportField::Workflowid,
            Self::Customer(_) => ReportField::Customerid,
        }
    }

    fn id(self) -> i64 {
        match self {
            Self::Tag(id) => id.get(),
            Self::SavedReply(id) => id.get(),
            Self::Workflow(id) => id.get(),
            Self::Customer(id) => id.get(),
        }
    }
}

/// Every parameter any report takes. A report's request has setters for its endpoint's
/// subset only (through the marker traits it implements), so a field a report does not
/// take stays unset.
///
/// Public in a private module: the report types and the shared setters reach it through
/// [`Report`], users cannot name it.
#[derive(Clone, Debug)]
pub struct Params {
    pub(super) start: Timestamp,
    pub(super) end: Timestamp,
    pub(super) previous: Option<(Timestamp, Timestamp)>,
    pub(super) subject: Option<ReportSubject>,
    pub(super) mailboxes: Vec<MailboxId>,
    pub(super) tags: Vec<TagId>,
    pub(super) types: Vec<ConversationType>,
    pub(super) folders: Vec<FolderId>,
    pub(super) sites: Vec<String>,
    pub(super) office_hours: Option<bool>,
    pub(super) view_by: Option<ReportViewBy>,
    pub(super) page: Option<u64>,
    pub(super) rows: Option<u32>,
    pub(super) range: Option<ReportRange>,
    pub(super) range_id: Option<i64>,
    pub(super) field: Option<DrilldownField>,
    pub(super) rating: Option<ReportRating>,
    pub(super) ratings_sort_field: Option<ReportSortFieldRatings>,
    pub(super) sort_field: Option<ReportSortField>,
    pub(super) sort_order: Option<ReportSortOrder>,
    pub(super) status: Option<ReportStatus>,
}

/// A report's parameter type: the access the shared setters and the page walk need. The
/// supertrait of every public report marker trait, so only this crate can implement them.
pub trait Report: Operation + Clone + Sync {
    /// The report's parameters.
    fn params(&mut self) -> &mut Params;
}

impl Params {
    pub(super) fn new(start: Timestamp, end: Timestamp, subject: Option<ReportSubject>) -> Self {
        Self {
            start,
            end,
            previous: None,
            subject,
            mailboxes: Vec::new(),
            tags: Vec::new(),
            types: Vec::new(),
            folders: Vec::new(),
            sites: Vec::new(),
            office_hours: None,
            view_by: None,
            page: None,
            rows: None,
            range: None,
            range_id: None,
            field: None,
            rating: None,
            ratings_sort_field: None,
            sort_field: None,
            sort_order: None,
            status: None,
        }
    }

    pub(super) fn previous_start(&self) -> Option<&Timestamp> {
        self.previous.as_ref().map(|(start, _)| start)
    }

    pub(super) fn previous_end(&self) -> Option<&Timestamp> {
        self.previous.as_ref().map(|(_, end)| end)
    }

    /// The parameters in the form the generated calls take, checked.
    pub(super) fn wire(&self) -> Result<Wire> {
        let page = self.page.map(crate::page::page_param).transpose()?;
        if let Some(rows) = self.rows
            && !(1..=MAX_ROWS).contains(&rows)
        {
            return Err(Error::InvalidRequest(format!(
                "a report page holds 1 to {MAX_ROWS} rows, not {rows}"
            )));
        }
        Ok(Wire {
            mailboxes: join(&self.mailboxes),
            tags: join(&self.tags),
            types: join(&self.types),
            folders: join(&self.folders),
            sites: join(&self.sites),
            page,
            rows: self.rows.map(i64::from),
            field: self.field.map(DrilldownField::kind),
            field_id: self.field.map(DrilldownField::id),
            // Only the user reports read it, and their constructors always set it.
            user: self.subject.map_or(0, ReportSubject::id),
        })
    }
}

/// The values of [`Params`] that have to be computed (and live across the request's await).
pub(super) struct Wire {
    pub(super) mailboxes: Option<String>,
    pub(super) tags: Option<String>,
    pub(super) types: Option<String>,
    pub(super) folders: Option<String>,
    pub(super) sites: Option<String>,
    pub(super) page: Option<i64>,
    pub(super) rows: Option<i64>,
    pub(super) field: Option<ReportField>,
    pub(super) field_id: Option<i64>,
    pub(super) user: i64,
}

/// The comma-separated list the API takes (`123,567`), or nothing for an empty list.
fn join<T: Display>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_comma_separated_and_empty_lists_are_left_out() {
        assert_eq!(
            join(&[MailboxId::new(123), MailboxId::new(567)]).as_deref(),
            Some("123,567")
        );
        assert_eq!(
            join(&[ConversationType::Email, ConversationType::Chat]).as_deref(),
            Some("email,chat")
        );
        assert_eq!(join::<TagId>(&[]), None);
    }

    #[test]
    fn rows_out_of_range_are_refused_before_sending() {
        let at: Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
        for (rows, ok) in [(0, false), (1, true), (50, true), (51, false)] {
            let mut params = Params::new(at, at, None);
            params.rows = Some(rows);
            assert_eq!(params.wire().is_ok(), ok, "rows {rows}");
        }
    }
}
