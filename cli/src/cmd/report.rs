//! `hs report NAME`: the reports, one name per report endpoint.

use anyhow::Result;
use clap::{Args, ValueEnum};
use helpscout_mailbox::Request;
use helpscout_mailbox::ids::{FolderId, MailboxId, TagId, UserId};
use helpscout_mailbox::models::Timestamp;
use helpscout_mailbox::request::Operation;
use helpscout_mailbox::resources::reports::Filtered;
use serde::Serialize;
use serde_json::Value;

use crate::exit;
use crate::output::value;
use crate::parse;
use crate::session::Session;

/// Arguments of `hs report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report
    #[arg(value_enum)]
    pub name: ReportName,
    /// Start of the interval: a date or an age (30d) [default: 30 days ago]
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub start: Option<Timestamp>,
    /// End of the interval [default: now]
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub end: Option<Timestamp>,
    /// The user (or team) of a user-* report: an id or `me`
    #[arg(long, value_name = "USER", value_parser = parse::user_ref)]
    pub user: Option<parse::UserRef>,
    /// Only these mailboxes (repeat for several)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: Vec<i64>,
    /// Only these tags, by id (repeat for several)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub tag: Vec<i64>,
    /// Only these folders (repeat for several)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub folder: Vec<i64>,
}

/// The reports, named after their endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportName {
    Company,
    CompanyCustomersHelped,
    CompanyDrilldown,
    Conversations,
    ConversationsBusyTimes,
    ConversationsNew,
    ConversationsReceivedMessages,
    ConversationsVolumeByChannel,
    ConversationsDrilldown,
    ConversationsNewDrilldown,
    Chat,
    Email,
    Phone,
    Docs,
    Happiness,
    HappinessRatings,
    Productivity,
    ProductivityFirstResponseTime,
    ProductivityRepliesSent,
    ProductivityResolutionTime,
    ProductivityResolved,
    ProductivityResponseTime,
    User,
    UserConversationHistory,
    UserCustomersHelped,
    UserDrilldown,
    UserHappiness,
    UserRatings,
    UserReplies,
    UserResolutions,
}

impl ReportName {
    /// Whether the report is about one user or team (and needs `--user`).
    fn is_about_a_user(self) -> bool {
        matches!(
            self,
            Self::User
                | Self::UserConversationHistory
                | Self::UserCustomersHelped
                | Self::UserDrilldown
                | Self::UserHappiness
                | Self::UserRatings
                | Self::UserReplies
                | Self::UserResolutions
        )
    }
}

/// The mailbox, tag and folder filters, in the crate's types.
struct Filters {
    mailboxes: Vec<MailboxId>,
    tags: Vec<TagId>,
    folders: Vec<FolderId>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.mailboxes.is_empty() && self.tags.is_empty() && self.folders.is_empty()
    }
}

/// Sends a report that takes the mailbox, tag and folder filters, with them.
async fn filtered<R>(report: Request<'_, R>, filters: &Filters) -> Result<Value>
where
    R: Filtered,
    R::Output: Serialize,
{
    let report = report
        .mailboxes(filters.mailboxes.iter().copied())
        .tags(filters.tags.iter().copied())
        .folders(filters.folders.iter().copied())
        .send()
        .await?;
    value(&report)
}

/// Sends a report that takes no filters, refusing any that were given.
async fn unfiltered<R>(report: Request<'_, R>, filters: &Filters) -> Result<Value>
where
    R: Operation,
    R::Output: Serialize,
{
    if !filters.is_empty() {
        return Err(exit::usage(
            "this report takes no --mailbox, --tag or --folder",
        ));
    }
    value(&report.send().await?)
}

/// Runs `hs report NAME`.
pub async fn run(session: &Session, args: ReportArgs) -> Result<()> {
    use ReportName as R;
    let end = args.end.unwrap_or_else(Timestamp::now);
    let start = match args.start {
        Some(start) => start,
        None => end
            .get()
            .checked_sub_signed(chrono::TimeDelta::days(30))
            .map(Timestamp::new)
            .ok_or_else(|| exit::usage("--end is too early"))?,
    };
    let f = Filters {
        mailboxes: args.mailbox.iter().copied().map(MailboxId::new).collect(),
        tags: args.tag.iter().copied().map(TagId::new).collect(),
        folders: args.folder.iter().copied().map(FolderId::new).collect(),
    };
    let user = match args.user {
        Some(user) => Some(super::conv::resolve_user(session, user).await?),
        None => None,
    };
    let subject = match (user, args.name.is_about_a_user()) {
        (Some(user), true) => user,
        (None, true) => return Err(exit::usage("a user report needs --user (an id or `me`)")),
        (Some(_), false) => return Err(exit::usage("--user is for the user-* reports")),
        (None, false) => UserId::new(0),
    };
    let r = session.client.reports();
    let (s, e) = (start, end);
    let report = match args.name {
        R::Company => filtered(r.company(s, e), &f).await?,
        R::CompanyCustomersHelped => filtered(r.company_customers_helped(s, e), &f).await?,
        R::CompanyDrilldown => filtered(r.company_drilldown(s, e), &f).await?,
        R::Conversations => filtered(r.conversations(s, e), &f).await?,
        R::ConversationsBusyTimes => filtered(r.conversations_busy_times(s, e), &f).await?,
        R::ConversationsNew => filtered(r.conversations_new(s, e), &f).await?,
        R::ConversationsReceivedMessages => {
            filtered(r.conversations_received_messages(s, e), &f).await?
        }
        R::ConversationsVolumeByChannel => {
            filtered(r.conversations_volume_by_channel(s, e), &f).await?
        }
        R::ConversationsDrilldown => filtered(r.conversations_drilldown(s, e), &f).await?,
        R::ConversationsNewDrilldown => filtered(r.conversations_new_drilldown(s, e), &f).await?,
        R::Chat => filtered(r.chat(s, e), &f).await?,
        R::Email => filtered(r.email(s, e), &f).await?,
        R::Phone => filtered(r.phone(s, e), &f).await?,
        R::Docs => unfiltered(r.docs(s, e), &f).await?,
        R::Happiness => filtered(r.happiness(s, e), &f).await?,
        R::HappinessRatings => filtered(r.happiness_ratings(s, e), &f).await?,
        R::Productivity => filtered(r.productivity(s, e), &f).await?,
        R::ProductivityFirstResponseTime => {
            filtered(r.productivity_first_response_time(s, e), &f).await?
        }
        R::ProductivityRepliesSent => filtered(r.productivity_replies_sent(s, e), &f).await?,
        R::ProductivityResolutionTime => filtered(r.productivity_resolution_time(s, e), &f).await?,
        R::ProductivityResolved => filtered(r.productivity_resolved(s, e), &f).await?,
        R::ProductivityResponseTime => filtered(r.productivity_response_time(s, e), &f).await?,
        R::User => filtered(r.user(subject, s, e), &f).await?,
        R::UserConversationHistory => {
            filtered(r.user_conversation_history(subject, s, e), &f).await?
        }
        R::UserCustomersHelped => filtered(r.user_customers_helped(subject, s, e), &f).await?,
        R::UserDrilldown => filtered(r.user_drilldown(subject, s, e), &f).await?,
        R::UserHappiness => filtered(r.user_happiness(subject, s, e), &f).await?,
        R::UserRatings => filtered(r.user_ratings(subject, s, e), &f).await?,
        R::UserReplies => filtered(r.user_replies(subject, s, e), &f).await?,
        R::UserResolutions => filtered(r.user_resolutions(subject, s, e), &f).await?,
    };
    session.out.one(&report)
}
