//! Reports: the 31 report endpoints (company, conversations, chat, email, phone, Docs,
//! happiness, productivity, user). Reached through [`Client::reports`].
//!
//! Every report covers an interval, `start` to `end`, given to the handler method. The other
//! parameters are setters of the report's builder, and each builder has exactly the setters
//! its endpoint accepts: the filters (`mailboxes`, `tags`, `types`, `folders`) take slices of
//! typed ids or enums and are sent as the comma-separated lists the API wants, `previous`
//! adds a comparison interval, and so on.
//!
//! ```no_run
//! # async fn run(client: helpscout_mailbox::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use helpscout_mailbox::ids::MailboxId;
//! use helpscout_mailbox::models::{ConversationType, Timestamp};
//!
//! let start: Timestamp = "2024-01-01T00:00:00Z".parse()?;
//! let end: Timestamp = "2024-02-01T00:00:00Z".parse()?;
//! let report = client
//!     .reports()
//!     .company(start, end)
//!     .mailboxes(&[MailboxId::new(123)])
//!     .types(&[ConversationType::Email])
//!     .send()
//!     .await?;
//! println!("{:?} customers helped", report.current.and_then(|c| c.customers_helped));
//! # Ok(()) }
//! ```
//!
//! **Typed or free-form.** Where the docs show a report's response, the spec models it and
//! `send` returns that typed model (fields the docs cut off stay free-form inside it). Where
//! they do not, `send` returns the generated free-form type, a JSON map; each method's
//! documentation says which.
//!
//! **Paged reports.** The drill-downs, ratings lists and conversation history page on their
//! own (`{page, pages, count, results}`, not HAL). Their builders have `send` (first page),
//! `page(n)`, and, where the response is typed, lazy `pages()` and `stream()` walks.
//!
//! Reports need a Help Scout plan with reporting access; other accounts get
//! [`Error::Forbidden`] or another API error.

use std::fmt::Display;

use futures_util::Stream;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{
    CustomerId, FolderId, MailboxId, SavedReplyId, TagId, TeamId, UserId, WorkflowId,
};
use crate::models::{
    ConversationType, PageMetadata, ReportBusyTimes, ReportChat, ReportCompany,
    ReportCompanyDrilldown, ReportConversationHistory, ReportConversationHistoryEntry,
    ReportConversations, ReportCustomersHelped, ReportDocs, ReportDrilldown,
    ReportDrilldownConversation, ReportEmail, ReportField, ReportFirstResponseTime,
    ReportHappiness, ReportNewConversations, ReportPhone, ReportProductivity, ReportRange,
    ReportRating, ReportRatingEntry, ReportRatings, ReportReceivedMessages, ReportRepliesSent,
    ReportResolutionTime, ReportResolved, ReportResponseTime, ReportSortField,
    ReportSortFieldRatings, ReportSortOrder, ReportStatus, ReportUser, ReportUserReplies,
    ReportUserResolutions, ReportViewBy, ReportVolumeByChannel, Timestamp,
};
use crate::page::Page;

/// The page size of the drill-downs when `rows` is not set, per the docs.
const DEFAULT_ROWS: u32 = 25;
/// The largest page size the drill-downs accept, per the docs.
const MAX_ROWS: u32 = 50;

impl Client {
    /// The reports (Plus and Pro plans): company, conversations, channels, Docs, happiness,
    /// productivity and per-user figures.
    pub fn reports(&self) -> Reports<'_> {
        Reports { client: self }
    }
}

/// The report operations; see [`Client::reports`] and the [module docs](self).
#[derive(Clone, Copy, Debug)]
pub struct Reports<'a> {
    client: &'a Client,
}

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

/// Every parameter any report takes. Each builder exposes setters for its endpoint's subset
/// only, so a field a report does not take stays unset.
#[derive(Clone, Debug)]
struct Params {
    start: Timestamp,
    end: Timestamp,
    previous: Option<(Timestamp, Timestamp)>,
    subject: Option<ReportSubject>,
    mailboxes: Vec<MailboxId>,
    tags: Vec<TagId>,
    types: Vec<ConversationType>,
    folders: Vec<FolderId>,
    sites: Vec<String>,
    office_hours: Option<bool>,
    view_by: Option<ReportViewBy>,
    page: Option<u64>,
    rows: Option<u32>,
    range: Option<ReportRange>,
    range_id: Option<i64>,
    field: Option<DrilldownField>,
    rating: Option<ReportRating>,
    ratings_sort_field: Option<ReportSortFieldRatings>,
    sort_field: Option<ReportSortField>,
    sort_order: Option<ReportSortOrder>,
    status: Option<ReportStatus>,
}

impl Params {
    fn new(start: Timestamp, end: Timestamp, subject: Option<ReportSubject>) -> Self {
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

    fn previous_start(&self) -> Option<&Timestamp> {
        self.previous.as_ref().map(|(start, _)| start)
    }

    fn previous_end(&self) -> Option<&Timestamp> {
        self.previous.as_ref().map(|(_, end)| end)
    }

    /// The parameters in the form the generated calls take, checked.
    fn wire(&self) -> Result<Wire> {
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
struct Wire {
    mailboxes: Option<String>,
    tags: Option<String>,
    types: Option<String>,
    folders: Option<String>,
    sites: Option<String>,
    page: Option<i64>,
    rows: Option<i64>,
    field: Option<ReportField>,
    field_id: Option<i64>,
    user: i64,
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

/// The setters of one parameter group, for the builders whose endpoint takes it.
macro_rules! report_setters {
    (previous) => {
        /// Compares with a second interval, `start` to `end` (the API's `previousStart` and
        /// `previousEnd`); the report then adds `previous` figures (and, for the summary
        /// reports, `deltas`).
        pub fn previous(mut self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> Self {
            self.params.previous = Some((start.into(), end.into()));
            self
        }
    };
    (filters) => {
        /// Only these mailboxes (replacing any earlier list).
        pub fn mailboxes(mut self, mailboxes: &[MailboxId]) -> Self {
            self.params.mailboxes = mailboxes.to_vec();
            self
        }

        /// Only conversations with these tags (replacing any earlier list).
        pub fn tags(mut self, tags: &[TagId]) -> Self {
            self.params.tags = tags.to_vec();
            self
        }

        /// Only these folders (replacing any earlier list).
        pub fn folders(mut self, folders: &[FolderId]) -> Self {
            self.params.folders = folders.to_vec();
            self
        }
    };
    (types) => {
        /// Only these channels: email, chat, phone (replacing any earlier list).
        pub fn types(mut self, types: &[ConversationType]) -> Self {
            self.params.types = types.to_vec();
            self
        }
    };
    (office_hours) => {
        /// Counts only time inside office hours (the API's default is `false`). Ignored
        /// unless the account has office hours set up.
        pub fn office_hours(mut self, office_hours: bool) -> Self {
            self.params.office_hours = Some(office_hours);
            self
        }
    };
    (view_by) => {
        /// The size of each data point. The docs allow `day` for intervals up to 60 days,
        /// `week` up to a year and `month` from 61 days.
        pub fn view_by(mut self, view_by: ReportViewBy) -> Self {
            self.params.view_by = Some(view_by);
            self
        }
    };
    (rows) => {
        /// Results per page: 1 to 50, 25 when not set. Out of range fails with
        /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), sent nowhere.
        pub fn rows(mut self, rows: u32) -> Self {
            self.params.rows = Some(rows);
            self
        }
    };
    (range) => {
        /// Only the conversations behind one metric of the company or productivity report.
        pub fn range(mut self, range: ReportRange) -> Self {
            self.params.range = Some(range);
            self
        }

        /// One bucket of the chosen [`range`](Self::range), such as one response-time band.
        pub fn range_id(mut self, bucket: i64) -> Self {
            self.params.range_id = Some(bucket);
            self
        }
    };
    (field) => {
        /// The tag, saved reply, workflow or customer to drill down on (the API's `field`
        /// and `fieldid`).
        pub fn field(mut self, field: DrilldownField) -> Self {
            self.params.field = Some(field);
            self
        }
    };
    (sites) => {
        /// Only these Docs sites, by their Docs API id (replacing any earlier list).
        pub fn sites<S: AsRef<str>>(mut self, sites: &[S]) -> Self {
            self.params.sites = sites.iter().map(|s| s.as_ref().to_owned()).collect();
            self
        }
    };
    (ratings) => {
        /// Only ratings of this kind, or `All`.
        pub fn rating(mut self, rating: ReportRating) -> Self {
            self.params.rating = Some(rating);
            self
        }

        /// The sort key. Sent under both names the API has documented for it: `sortField`
        /// (the current docs) and `sortFieldRatings` (earlier docs and the PHP SDK).
        pub fn sort_field(mut self, field: ReportSortFieldRatings) -> Self {
            self.params.ratings_sort_field = Some(field);
            self
        }

        /// The sort direction.
        pub fn sort_order(mut self, order: ReportSortOrder) -> Self {
            self.params.sort_order = Some(order);
            self
        }
    };
    (history) => {
        /// Only conversations in this status.
        pub fn status(mut self, status: ReportStatus) -> Self {
            self.params.status = Some(status);
            self
        }

        /// The sort key.
        pub fn sort_field(mut self, field: ReportSortField) -> Self {
            self.params.sort_field = Some(field);
            self
        }

        /// The sort direction.
        pub fn sort_order(mut self, order: ReportSortOrder) -> Self {
            self.params.sort_order = Some(order);
            self
        }
    };
}

/// Declares a report builder: the struct, the setters of its parameter groups, `send`, and
/// the private `call` that sends it with given parameters (the paged walks reuse it).
/// `$call` builds the generated call from the parameters `$p` and their wire form `$w`.
macro_rules! report {
    (
        $(#[$meta:meta])*
        $name:ident -> $output:ty = $op:literal [$($group:ident)*]
        |$client:ident, $p:ident, $w:ident| $call:expr
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name<'a> {
            client: &'a Client,
            params: Params,
        }

        impl $name<'_> {
            $( report_setters!($group); )*

            /// Sends the request.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidRequest`], sent nowhere, for a parameter out of range;
            /// [`Error::Forbidden`] (or another API error) on a plan without reports;
            /// [`Error::Validation`] for parameters the API rejects (such as a `view_by`
            /// too fine for the interval); and any error of a request.
            pub async fn send(self) -> Result<$output> {
                Self::call(self.client, &self.params).await
            }

            async fn call($client: &Client, $p: &Params) -> Result<$output> {
                let $w = $p.wire()?;
                let call = $call;
                Ok($client.run($op, call).await?.into_inner())
            }
        }
    };
}

/// Adds `page(n)` to a paged report, and the lazy walks when its items are typed.
macro_rules! paged {
    ($name:ident -> $output:ty) => {
        impl $name<'_> {
            /// Fetches page `number` (1-based) instead of the first.
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send).
            pub async fn page(self, number: u64) -> Result<$output> {
                let mut params = self.params;
                params.page = Some(number);
                Self::call(self.client, &params).await
            }
        }
    };
    ($name:ident -> $output:ty, $item:ty = $to_page:path) => {
        paged!($name -> $output);

        impl<'a> $name<'a> {
            /// Every page, lazily, one request per page as the stream is polled, from page 1.
            /// Ends after the last page (by the response's `pages`), on an empty page, or
            /// when the API repeats a page; after an error it yields the error and ends.
            pub fn pages(self) -> impl Stream<Item = Result<Page<$item>>> + Send + Unpin + 'a {
                let client = self.client;
                let params = self.params;
                crate::list::legacy::pages(move |number| {
                    let mut params = params.clone();
                    params.page = Some(number);
                    async move {
                        let report = Self::call(client, &params).await?;
                        Ok($to_page(report, number, params.rows))
                    }
                })
            }

            /// Every result of every page, lazily; see [`pages`](Self::pages).
            pub fn stream(self) -> impl Stream<Item = Result<$item>> + Send + Unpin + 'a {
                let client = self.client;
                let params = self.params;
                crate::list::legacy::items(move |number| {
                    let mut params = params.clone();
                    params.page = Some(number);
                    async move {
                        let report = Self::call(client, &params).await?;
                        Ok($to_page(report, number, params.rows))
                    }
                })
            }
        }
    };
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

fn drilldown_page(
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

fn ratings_page(report: ReportRatings, requested: u64, _: Option<u32>) -> Page<ReportRatingEntry> {
    report_page(
        report.results,
        report.page,
        report.pages,
        report.count,
        requested,
        None,
    )
}

fn history_page(
    report: ReportConversationHistory,
    requested: u64,
    _: Option<u32>,
) -> Page<ReportConversationHistoryEntry> {
    report_page(
        report.results,
        report.page,
        report.pages,
        report.count,
        requested,
        None,
    )
}

impl<'a> Reports<'a> {
    fn params(start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> Params {
        Params::new(start.into(), end.into(), None)
    }

    fn user_params(
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Params {
        Params::new(start.into(), end.into(), Some(subject.into()))
    }

    // ---- Company -------------------------------------------------------------------------

    /// Company-wide figures: customers helped, conversations closed, replies sent, per-day
    /// averages. Typed: returns [`ReportCompany`] (its `deltas` are free-form).
    pub fn company(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> CompanyReport<'a> {
        CompanyReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Customers helped in each day, week or month. Typed: returns
    /// [`ReportCustomersHelped`].
    pub fn company_customers_helped(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> CompanyCustomersHelpedReport<'a> {
        CompanyCustomersHelpedReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// The conversations behind the company and productivity figures, a page at a time,
    /// optionally only those of one metric (`range`) and bucket (`range_id`). Free-form:
    /// returns [`ReportCompanyDrilldown`], a JSON map, because the docs show no response;
    /// so it has `page(n)` but no typed walk.
    pub fn company_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> CompanyDrilldownReport<'a> {
        CompanyDrilldownReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    // ---- Conversations -------------------------------------------------------------------

    /// Conversation volume with the busiest day and time. Typed: returns
    /// [`ReportConversations`] (its `deltas` are free-form).
    pub fn conversations(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsReport<'a> {
        ConversationsReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// New conversations per day of the week and hour, in the company's time zone. Typed:
    /// returns [`ReportBusyTimes`], a list.
    pub fn conversations_busy_times(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsBusyTimesReport<'a> {
        ConversationsBusyTimesReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// New conversations in each day, week or month. Free-form: returns
    /// [`ReportNewConversations`], a JSON map, because the docs show no response.
    pub fn conversations_new(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsNewReport<'a> {
        ConversationsNewReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Messages received from customers in each day, week or month. Typed: returns
    /// [`ReportReceivedMessages`].
    pub fn conversations_received_messages(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsReceivedMessagesReport<'a> {
        ConversationsReceivedMessagesReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Conversations per channel (email, chat, phone) in each day, week or month. Typed:
    /// returns [`ReportVolumeByChannel`].
    pub fn conversations_volume_by_channel(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsVolumeByChannelReport<'a> {
        ConversationsVolumeByChannelReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// The conversations behind the conversations report, a page at a time. Typed: returns
    /// [`ReportDrilldown`]; `stream()` walks its results.
    pub fn conversations_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsDrilldownReport<'a> {
        ConversationsDrilldownReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// The conversations that involve one tag, saved reply, workflow or customer (set it
    /// with [`field`](ConversationsFieldsDrilldownReport::field)), a page at a time. Typed:
    /// returns [`ReportDrilldown`]; `stream()` walks its results.
    pub fn conversations_fields_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsFieldsDrilldownReport<'a> {
        ConversationsFieldsDrilldownReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// The new conversations counted by the new-conversations report, a page at a time.
    /// Typed: returns [`ReportDrilldown`]; `stream()` walks its results.
    pub fn conversations_new_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ConversationsNewDrilldownReport<'a> {
        ConversationsNewDrilldownReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    // ---- Channels and Docs ---------------------------------------------------------------

    /// Beacon live-chat volume and efficiency (chats of third-party integrations are not
    /// counted). Free-form: returns [`ReportChat`], a JSON map, because the docs show no
    /// response.
    pub fn chat(self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> ChatReport<'a> {
        ChatReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Email volume, resolution and response times. Typed: returns [`ReportEmail`].
    pub fn email(self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> EmailReport<'a> {
        EmailReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Logged phone conversations and the customers involved. Typed: returns
    /// [`ReportPhone`].
    pub fn phone(self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> PhoneReport<'a> {
        PhoneReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Knowledge-base usage: visitors, searches (popular and failed), top articles. Typed:
    /// returns [`ReportDocs`] (its article entries are free-form).
    pub fn docs(self, start: impl Into<Timestamp>, end: impl Into<Timestamp>) -> DocsReport<'a> {
        DocsReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    // ---- Happiness -----------------------------------------------------------------------

    /// Counts and shares of Great, Okay and Not Good ratings, and the happiness score.
    /// Typed: returns [`ReportHappiness`] (its `deltas` are free-form).
    pub fn happiness(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> HappinessReport<'a> {
        HappinessReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// The individual ratings customers gave, with their comments, a page at a time. Typed:
    /// returns [`ReportRatings`]; `stream()` walks its results.
    pub fn happiness_ratings(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> HappinessRatingsReport<'a> {
        HappinessRatingsReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    // ---- Productivity --------------------------------------------------------------------

    /// Resolutions, replies, and response, resolution and handle times. Typed: returns
    /// [`ReportProductivity`].
    pub fn productivity(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityReport<'a> {
        ProductivityReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Average time to the first reply in each day, week or month. Free-form: returns
    /// [`ReportFirstResponseTime`], a JSON map, because the docs show no response.
    pub fn productivity_first_response_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityFirstResponseTimeReport<'a> {
        ProductivityFirstResponseTimeReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Replies sent in each day, week or month. Free-form: returns [`ReportRepliesSent`], a
    /// JSON map, because the docs show no response.
    pub fn productivity_replies_sent(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityRepliesSentReport<'a> {
        ProductivityRepliesSentReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Average time to resolution in each day, week or month. Free-form: returns
    /// [`ReportResolutionTime`], a JSON map, because the docs show no response.
    pub fn productivity_resolution_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityResolutionTimeReport<'a> {
        ProductivityResolutionTimeReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Conversations resolved in each day, week or month. Free-form: returns
    /// [`ReportResolved`], a JSON map, because the docs show no response.
    pub fn productivity_resolved(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityResolvedReport<'a> {
        ProductivityResolvedReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    /// Average response time in each day, week or month. Free-form: returns
    /// [`ReportResponseTime`], a JSON map, because the docs show no response.
    pub fn productivity_response_time(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> ProductivityResponseTimeReport<'a> {
        ProductivityResponseTimeReport {
            client: self.client,
            params: Self::params(start, end),
        }
    }

    // ---- User ----------------------------------------------------------------------------

    /// Activity figures of one user, or summed over a team. Typed: returns [`ReportUser`]
    /// (its interval figures, `current` and `previous`, are free-form).
    pub fn user(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserReport<'a> {
        UserReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// The conversations a user worked on, with per-conversation replies and times, a page
    /// at a time. Typed: returns [`ReportConversationHistory`]; `stream()` walks its results.
    pub fn user_conversation_history(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserConversationHistoryReport<'a> {
        UserConversationHistoryReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// Customers a user helped in each day, week or month. Typed: returns
    /// [`ReportCustomersHelped`].
    pub fn user_customers_helped(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserCustomersHelpedReport<'a> {
        UserCustomersHelpedReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// The conversations behind a user's report, a page at a time. Typed: returns
    /// [`ReportDrilldown`]; `stream()` walks its results.
    pub fn user_drilldown(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserDrilldownReport<'a> {
        UserDrilldownReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// The ratings a user received and their happiness score. Typed: returns
    /// [`ReportHappiness`] (its `deltas` are free-form).
    pub fn user_happiness(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserHappinessReport<'a> {
        UserHappinessReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// The individual ratings a user received, with their comments, a page at a time.
    /// Typed: returns [`ReportRatings`]; `stream()` walks its results.
    pub fn user_ratings(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserRatingsReport<'a> {
        UserRatingsReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// Replies a user sent in each day, week or month. Typed: returns
    /// [`ReportUserReplies`].
    pub fn user_replies(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserRepliesReport<'a> {
        UserRepliesReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }

    /// Conversations a user resolved in each day, week or month. Typed: returns
    /// [`ReportUserResolutions`].
    pub fn user_resolutions(
        self,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> UserResolutionsReport<'a> {
        UserResolutionsReport {
            client: self.client,
            params: Self::user_params(subject, start, end),
        }
    }
}

// ---- Builders, one per endpoint ------------------------------------------------------------

report! {
    /// The company report; see [`Reports::company`]. Returns the typed [`ReportCompany`].
    CompanyReport -> ReportCompany = "getCompanyReport" [previous filters types]
    |c, p, w| c.raw().get_company_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}

report! {
    /// Customers helped per period; see [`Reports::company_customers_helped`]. Returns the
    /// typed [`ReportCustomersHelped`].
    CompanyCustomersHelpedReport -> ReportCustomersHelped = "getCompanyCustomersHelpedReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_company_customers_helped_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// The company drill-down; see [`Reports::company_drilldown`]. Returns the free-form
    /// [`ReportCompanyDrilldown`] (a JSON map): the docs show no response.
    CompanyDrilldownReport -> ReportCompanyDrilldown = "getCompanyDrilldownReport"
    [filters types rows range]
    |c, p, w| c.raw().get_company_drilldown_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, p.range.as_ref(),
        p.range_id, w.rows, &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}
paged!(CompanyDrilldownReport -> ReportCompanyDrilldown);

report! {
    /// The conversations report; see [`Reports::conversations`]. Returns the typed
    /// [`ReportConversations`].
    ConversationsReport -> ReportConversations = "getConversationsReport"
    [previous filters types]
    |c, p, w| c.raw().get_conversations_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}

report! {
    /// Busy times; see [`Reports::conversations_busy_times`]. Returns the typed
    /// [`ReportBusyTimes`].
    ConversationsBusyTimesReport -> ReportBusyTimes = "getConversationsBusyTimesReport"
    [previous filters types]
    |c, p, w| c.raw().get_conversations_busy_times_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}

report! {
    /// New conversations per period; see [`Reports::conversations_new`]. Returns the
    /// free-form [`ReportNewConversations`] (a JSON map): the docs show no response.
    ConversationsNewReport -> ReportNewConversations = "getNewConversationsReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_new_conversations_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Received messages per period; see [`Reports::conversations_received_messages`].
    /// Returns the typed [`ReportReceivedMessages`].
    ConversationsReceivedMessagesReport -> ReportReceivedMessages = "getReceivedMessagesReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_received_messages_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Volume per channel; see [`Reports::conversations_volume_by_channel`]. Returns the
    /// typed [`ReportVolumeByChannel`].
    ConversationsVolumeByChannelReport -> ReportVolumeByChannel = "getVolumeByChannelReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_volume_by_channel_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// The conversations drill-down; see [`Reports::conversations_drilldown`]. Returns the
    /// typed [`ReportDrilldown`].
    ConversationsDrilldownReport -> ReportDrilldown = "getConversationsDrilldownReport"
    [filters types rows]
    |c, p, w| c.raw().get_conversations_drilldown_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, w.rows, &p.start,
        w.tags.as_deref(), w.types.as_deref(),
    )
}
paged!(ConversationsDrilldownReport -> ReportDrilldown, ReportDrilldownConversation = drilldown_page);

report! {
    /// The fields drill-down; see [`Reports::conversations_fields_drilldown`]. Returns the
    /// typed [`ReportDrilldown`].
    ConversationsFieldsDrilldownReport -> ReportDrilldown = "getConversationsFieldsDrilldownReport"
    [field filters types rows]
    |c, p, w| c.raw().get_conversations_fields_drilldown_report(
        &p.end, w.field.as_ref(), w.field_id, w.folders.as_deref(), w.mailboxes.as_deref(),
        w.page, w.rows, &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}
paged!(ConversationsFieldsDrilldownReport -> ReportDrilldown, ReportDrilldownConversation = drilldown_page);

report! {
    /// The new-conversations drill-down; see [`Reports::conversations_new_drilldown`].
    /// Returns the typed [`ReportDrilldown`].
    ConversationsNewDrilldownReport -> ReportDrilldown = "getNewConversationsDrilldownReport"
    [filters types rows]
    |c, p, w| c.raw().get_new_conversations_drilldown_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, w.rows, &p.start,
        w.tags.as_deref(), w.types.as_deref(),
    )
}
paged!(ConversationsNewDrilldownReport -> ReportDrilldown, ReportDrilldownConversation = drilldown_page);

report! {
    /// The chat report; see [`Reports::chat`]. Returns the free-form [`ReportChat`] (a JSON
    /// map): the docs show no response.
    ChatReport -> ReportChat = "getChatReport" [previous filters office_hours]
    |c, p, w| c.raw().get_chat_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(),
    )
}

report! {
    /// The email report; see [`Reports::email`]. Returns the typed [`ReportEmail`].
    EmailReport -> ReportEmail = "getEmailReport" [previous filters office_hours]
    |c, p, w| c.raw().get_email_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(),
    )
}

report! {
    /// The phone report; see [`Reports::phone`]. Returns the typed [`ReportPhone`].
    PhoneReport -> ReportPhone = "getPhoneReport" [previous filters office_hours]
    |c, p, w| c.raw().get_phone_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(),
    )
}

report! {
    /// The Docs report; see [`Reports::docs`]. Returns the typed [`ReportDocs`].
    DocsReport -> ReportDocs = "getDocsReport" [previous sites]
    |c, p, w| c.raw().get_docs_report(
        &p.end, p.previous_end(), p.previous_start(), w.sites.as_deref(), &p.start,
    )
}

report! {
    /// The happiness report; see [`Reports::happiness`]. Returns the typed
    /// [`ReportHappiness`].
    HappinessReport -> ReportHappiness = "getHappinessReport" [previous filters types]
    |c, p, w| c.raw().get_happiness_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}

report! {
    /// The company's ratings; see [`Reports::happiness_ratings`]. Returns the typed
    /// [`ReportRatings`].
    HappinessRatingsReport -> ReportRatings = "getHappinessRatingsReport"
    [previous filters types ratings]
    |c, p, w| c.raw().get_happiness_ratings_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, p.previous_end(),
        p.previous_start(), p.rating.as_ref(), p.ratings_sort_field.as_ref(),
        p.ratings_sort_field.as_ref(), p.sort_order.as_ref(), &p.start, w.tags.as_deref(),
        w.types.as_deref(),
    )
}
paged!(HappinessRatingsReport -> ReportRatings, ReportRatingEntry = ratings_page);

report! {
    /// The productivity report; see [`Reports::productivity`]. Returns the typed
    /// [`ReportProductivity`].
    ProductivityReport -> ReportProductivity = "getProductivityReport"
    [previous filters types office_hours]
    |c, p, w| c.raw().get_productivity_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(),
    )
}

report! {
    /// First response time per period; see [`Reports::productivity_first_response_time`].
    /// Returns the free-form [`ReportFirstResponseTime`] (a JSON map): the docs show no
    /// response.
    ProductivityFirstResponseTimeReport -> ReportFirstResponseTime = "getFirstResponseTimeReport"
    [previous filters types office_hours view_by]
    |c, p, w| c.raw().get_first_response_time_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Replies sent per period; see [`Reports::productivity_replies_sent`]. Returns the
    /// free-form [`ReportRepliesSent`] (a JSON map): the docs show no response.
    ProductivityRepliesSentReport -> ReportRepliesSent = "getRepliesSentReport"
    [previous filters types office_hours view_by]
    |c, p, w| c.raw().get_replies_sent_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Resolution time per period; see [`Reports::productivity_resolution_time`]. Returns
    /// the free-form [`ReportResolutionTime`] (a JSON map): the docs show no response.
    ProductivityResolutionTimeReport -> ReportResolutionTime = "getResolutionTimeReport"
    [previous filters types office_hours view_by]
    |c, p, w| c.raw().get_resolution_time_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Resolved conversations per period; see [`Reports::productivity_resolved`]. Returns
    /// the free-form [`ReportResolved`] (a JSON map): the docs show no response.
    ProductivityResolvedReport -> ReportResolved = "getResolvedReport"
    [previous filters types office_hours view_by]
    |c, p, w| c.raw().get_resolved_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// Response time per period; see [`Reports::productivity_response_time`]. Returns the
    /// free-form [`ReportResponseTime`] (a JSON map): the docs show no response.
    ProductivityResponseTimeReport -> ReportResponseTime = "getResponseTimeReport"
    [previous filters types office_hours view_by]
    |c, p, w| c.raw().get_response_time_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), p.view_by.as_ref(),
    )
}

report! {
    /// The user report; see [`Reports::user`]. Returns the typed [`ReportUser`].
    UserReport -> ReportUser = "getUserReport" [previous filters types office_hours]
    |c, p, w| c.raw().get_user_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), w.user,
    )
}

report! {
    /// A user's conversation history; see [`Reports::user_conversation_history`]. Returns
    /// the typed [`ReportConversationHistory`].
    UserConversationHistoryReport -> ReportConversationHistory =
    "getUserConversationHistoryReport" [previous filters types office_hours history]
    |c, p, w| c.raw().get_user_conversation_history_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.office_hours, w.page,
        p.previous_end(), p.previous_start(), p.sort_field.as_ref(), p.sort_order.as_ref(),
        &p.start, p.status.as_ref(), w.tags.as_deref(), w.types.as_deref(), w.user,
    )
}
paged!(UserConversationHistoryReport -> ReportConversationHistory, ReportConversationHistoryEntry = history_page);

report! {
    /// Customers a user helped per period; see [`Reports::user_customers_helped`]. Returns
    /// the typed [`ReportCustomersHelped`].
    UserCustomersHelpedReport -> ReportCustomersHelped = "getUserCustomersHelpedReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_user_customers_helped_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), w.user,
        p.view_by.as_ref(),
    )
}

report! {
    /// The user drill-down; see [`Reports::user_drilldown`]. Returns the typed
    /// [`ReportDrilldown`].
    UserDrilldownReport -> ReportDrilldown = "getUserDrilldownReport" [filters types rows]
    |c, p, w| c.raw().get_user_drilldown_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, w.rows, &p.start,
        w.tags.as_deref(), w.types.as_deref(), w.user,
    )
}
paged!(UserDrilldownReport -> ReportDrilldown, ReportDrilldownConversation = drilldown_page);

report! {
    /// A user's happiness report; see [`Reports::user_happiness`]. Returns the typed
    /// [`ReportHappiness`].
    UserHappinessReport -> ReportHappiness = "getUserHappinessReport" [previous filters types]
    |c, p, w| c.raw().get_user_happiness_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), w.user,
    )
}

report! {
    /// A user's ratings; see [`Reports::user_ratings`]. Returns the typed [`ReportRatings`].
    UserRatingsReport -> ReportRatings = "getUserRatingsReport" [previous filters types ratings]
    |c, p, w| c.raw().get_user_ratings_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), w.page, p.previous_end(),
        p.previous_start(), p.rating.as_ref(), p.ratings_sort_field.as_ref(),
        p.ratings_sort_field.as_ref(), p.sort_order.as_ref(), &p.start, w.tags.as_deref(),
        w.types.as_deref(), w.user,
    )
}
paged!(UserRatingsReport -> ReportRatings, ReportRatingEntry = ratings_page);

report! {
    /// Replies a user sent per period; see [`Reports::user_replies`]. Returns the typed
    /// [`ReportUserReplies`].
    UserRepliesReport -> ReportUserReplies = "getUserRepliesReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_user_replies_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), w.user,
        p.view_by.as_ref(),
    )
}

report! {
    /// Conversations a user resolved per period; see [`Reports::user_resolutions`]. Returns
    /// the typed [`ReportUserResolutions`].
    UserResolutionsReport -> ReportUserResolutions = "getUserResolutionsReport"
    [previous filters types view_by]
    |c, p, w| c.raw().get_user_resolutions_report(
        &p.end, w.folders.as_deref(), w.mailboxes.as_deref(), p.previous_end(),
        p.previous_start(), &p.start, w.tags.as_deref(), w.types.as_deref(), w.user,
        p.view_by.as_ref(),
    )
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

    #[test]
    fn a_missing_page_number_is_the_one_requested() {
        let report = ReportDrilldown::default();
        let page = drilldown_page(report, 3, None);
        assert_eq!((page.number, page.size, page.total_pages), (3, 25, 0));
    }
}
