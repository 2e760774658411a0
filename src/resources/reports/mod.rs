//! Reports: the 31 report endpoints (company, conversations, chat, email, phone, Docs,
//! happiness, productivity, user). Reached through [`Client::reports`].
//!
//! Every report covers an interval, `start` to `end`, given to the handler method. The other
//! parameters are setters of the report's [`Request`], and each report has exactly the
//! setters its endpoint accepts: they come in groups, one marker trait per group
//! ([`Filtered`] for `mailboxes`, `tags` and `folders`; [`Compared`] for `previous`; ...),
//! and a report implements the traits of the groups it takes. The filters take any iterator
//! of typed ids or enums, add to what was set before, and are sent as the comma-separated
//! lists the API wants.
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
//!     .mailboxes([MailboxId::new(123)])
//!     .types([ConversationType::Email])
//!     .await?;
//! println!("{:?} customers helped", report.current.and_then(|c| c.customers_helped));
//! # Ok(()) }
//! ```
//!
//! **Typed or free-form.** Where the docs show a report's response, the spec models it and
//! the request returns that typed model (fields the docs cut off stay free-form inside it).
//! Where they do not, it returns the generated free-form type, a JSON map; each method's
//! documentation says which.
//!
//! **Paged reports.** The drill-downs, ratings lists and conversation history page on their
//! own (`{page, pages, count, results}`, not HAL). Their requests return the whole answer of
//! one page ([`page`](Request::page) picks which) and, where the results are typed, walk
//! every page with [`pages`](Request::pages) and [`stream`](Request::stream).
//!
//! **Errors.** Every report fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest),
//! sent nowhere, for a parameter out of range (`rows`, `page`);
//! [`Error::Forbidden`](crate::Error::Forbidden) (or another API error) on a plan without
//! reports; [`Error::Validation`](crate::Error::Validation) for parameters the API rejects
//! (such as a `view_by` too fine for the interval); and any error of a request.

mod channels;
mod company;
mod conversations;
mod happiness;
mod paged;
mod params;
mod productivity;
mod setters;
mod user;

pub use channels::{GetChatReport, GetDocsReport, GetEmailReport, GetPhoneReport};
pub use company::{GetCompanyCustomersHelpedReport, GetCompanyDrilldownReport, GetCompanyReport};
pub use conversations::{
    GetConversationsBusyTimesReport, GetConversationsDrilldownReport,
    GetConversationsFieldsDrilldownReport, GetConversationsReport,
    GetNewConversationsDrilldownReport, GetNewConversationsReport, GetReceivedMessagesReport,
    GetVolumeByChannelReport,
};
pub use happiness::{GetHappinessRatingsReport, GetHappinessReport};
pub use paged::Results;
pub use params::{DrilldownField, ReportSubject};
pub use productivity::{
    GetFirstResponseTimeReport, GetProductivityReport, GetRepliesSentReport,
    GetResolutionTimeReport, GetResolvedReport, GetResponseTimeReport,
};
pub use setters::{
    ByChannel, Compared, Drilldown, Filtered, OfficeHours, OverTime, Paged, RatingsReport, Sorted,
};
pub use user::{
    GetUserConversationHistoryReport, GetUserCustomersHelpedReport, GetUserDrilldownReport,
    GetUserHappinessReport, GetUserRatingsReport, GetUserRepliesReport, GetUserReport,
    GetUserResolutionsReport,
};

use crate::client::Client;
use crate::models::Timestamp;
use crate::request::Request;
use params::{Params, Report};

impl Client {
    /// The reports (Plus and Pro plans): company, conversations, channels, Docs, happiness,
    /// productivity and per-user figures.
    pub fn reports(&self) -> Reports<'_> {
        Reports { client: self }
    }
}

/// The report operations; see [`Client::reports`] and the [module docs](self). The methods
/// are grouped by report family in this module's files.
#[derive(Clone, Copy, Debug)]
pub struct Reports<'a> {
    client: &'a Client,
}

impl<'a> Reports<'a> {
    /// The request of a report over `start` to `end`; `make` is the report type's
    /// constructor.
    fn report<R: Report>(
        self,
        make: fn(Params) -> R,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, R> {
        Request::new(
            self.client,
            make(Params::new(start.into(), end.into(), None)),
        )
    }

    /// The request of a user report: [`report`](Self::report) about `subject`.
    fn user_report<R: Report>(
        self,
        make: fn(Params) -> R,
        subject: impl Into<ReportSubject>,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, R> {
        let params = Params::new(start.into(), end.into(), Some(subject.into()));
        Request::new(self.client, make(params))
    }
}
