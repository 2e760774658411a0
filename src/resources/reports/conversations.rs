//! The conversations reports: volume, busy times, new and received conversations, channels,
//! and the three drill-downs.

use super::Reports;
use super::paged::{Results, drilldown_page};
use super::params::{DrilldownField, Params, Report};
use super::setters::{ByChannel, Compared, Drilldown, Filtered, OverTime, Paged};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    ReportBusyTimes, ReportConversations, ReportDrilldown, ReportDrilldownConversation,
    ReportNewConversations, ReportReceivedMessages, ReportVolumeByChannel, Timestamp,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Conversation volume with the busiest day and time. Typed: returns
    /// [`ReportConversations`] (its `deltas` are free-form).
    pub fn conversations(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetConversationsReport> {
        self.report(GetConversationsReport, start, end)
    }

    /// New conversations per day of the week and hour, in the company's time zone. Typed:
    /// returns [`ReportBusyTimes`], a list.
    pub fn conversations_busy_times(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetConversationsBusyTimesReport> {
        self.report(GetConversationsBusyTimesReport, start, end)
    }

    /// New conversations in each day, week or month. Free-form: returns
    /// [`ReportNewConversations`], a JSON map, because the docs show no response.
    pub fn conversations_new(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetNewConversationsReport> {
        self.report(GetNewConversationsReport, start, end)
    }

    /// Messages received from customers in each day, week or month. Typed: returns
    /// [`ReportReceivedMessages`].
    pub fn conversations_received_messages(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetReceivedMessagesReport> {
        self.report(GetReceivedMessagesReport, start, end)
    }

    /// Conversations per channel (email, chat, phone) in each day, week or month. Typed:
    /// returns [`ReportVolumeByChannel`].
    pub fn conversations_volume_by_channel(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetVolumeByChannelReport> {
        self.report(GetVolumeByChannelReport, start, end)
    }

    /// The conversations behind the conversations report, a page at a time. Typed: returns
    /// [`ReportDrilldown`]; [`stream`](Request::stream) walks its results.
    pub fn conversations_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetConversationsDrilldownReport> {
        self.report(GetConversationsDrilldownReport, start, end)
    }

    /// The conversations that involve one tag, saved reply, workflow or customer (set it
    /// with [`field`](Request::field)), a page at a time. Typed:
    /// returns [`ReportDrilldown`]; [`stream`](Request::stream) walks its results.
    pub fn conversations_fields_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetConversationsFieldsDrilldownReport> {
        self.report(GetConversationsFieldsDrilldownReport, start, end)
    }

    /// The new conversations counted by the new-conversations report, a page at a time.
    /// Typed: returns [`ReportDrilldown`]; [`stream`](Request::stream) walks its results.
    pub fn conversations_new_drilldown(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetNewConversationsDrilldownReport> {
        self.report(GetNewConversationsDrilldownReport, start, end)
    }
}

/// The conversations report; see [`Reports::conversations`]. Returns the typed
/// [`ReportConversations`].
#[derive(Clone, Debug)]
pub struct GetConversationsReport(Params);

impl Report for GetConversationsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetConversationsReport {}
impl Filtered for GetConversationsReport {}
impl ByChannel for GetConversationsReport {}

impl Operation for GetConversationsReport {
    type Output = ReportConversations;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportConversations> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_conversations_report(
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
            .run(operation::GET_CONVERSATIONS_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Busy times; see [`Reports::conversations_busy_times`]. Returns the typed
/// [`ReportBusyTimes`].
#[derive(Clone, Debug)]
pub struct GetConversationsBusyTimesReport(Params);

impl Report for GetConversationsBusyTimesReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetConversationsBusyTimesReport {}
impl Filtered for GetConversationsBusyTimesReport {}
impl ByChannel for GetConversationsBusyTimesReport {}

impl Operation for GetConversationsBusyTimesReport {
    type Output = ReportBusyTimes;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportBusyTimes> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_conversations_busy_times_report(
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
            .run(operation::GET_CONVERSATIONS_BUSY_TIMES_REPORT, call)
            .await?
            .into_inner())
    }
}

/// New conversations per period; see [`Reports::conversations_new`]. Returns the
/// free-form [`ReportNewConversations`] (a JSON map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetNewConversationsReport(Params);

impl Report for GetNewConversationsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetNewConversationsReport {}
impl Filtered for GetNewConversationsReport {}
impl ByChannel for GetNewConversationsReport {}
impl OverTime for GetNewConversationsReport {}

impl Operation for GetNewConversationsReport {
    type Output = ReportNewConversations;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportNewConversations> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_new_conversations_report(
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
            .run(operation::GET_NEW_CONVERSATIONS_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Received messages per period; see [`Reports::conversations_received_messages`].
/// Returns the typed [`ReportReceivedMessages`].
#[derive(Clone, Debug)]
pub struct GetReceivedMessagesReport(Params);

impl Report for GetReceivedMessagesReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetReceivedMessagesReport {}
impl Filtered for GetReceivedMessagesReport {}
impl ByChannel for GetReceivedMessagesReport {}
impl OverTime for GetReceivedMessagesReport {}

impl Operation for GetReceivedMessagesReport {
    type Output = ReportReceivedMessages;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportReceivedMessages> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_received_messages_report(
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
            .run(operation::GET_RECEIVED_MESSAGES_REPORT, call)
            .await?
            .into_inner())
    }
}

/// Volume per channel; see [`Reports::conversations_volume_by_channel`]. Returns the
/// typed [`ReportVolumeByChannel`].
#[derive(Clone, Debug)]
pub struct GetVolumeByChannelReport(Params);

impl Report for GetVolumeByChannelReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetVolumeByChannelReport {}
impl Filtered for GetVolumeByChannelReport {}
impl ByChannel for GetVolumeByChannelReport {}
impl OverTime for GetVolumeByChannelReport {}

impl Operation for GetVolumeByChannelReport {
    type Output = ReportVolumeByChannel;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportVolumeByChannel> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_volume_by_channel_report(
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
            .run(operation::GET_VOLUME_BY_CHANNEL_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The conversations drill-down; see [`Reports::conversations_drilldown`]. Returns the
/// typed [`ReportDrilldown`].
#[derive(Clone, Debug)]
pub struct GetConversationsDrilldownReport(Params);

impl Report for GetConversationsDrilldownReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Filtered for GetConversationsDrilldownReport {}
impl ByChannel for GetConversationsDrilldownReport {}
impl Paged for GetConversationsDrilldownReport {}
impl Drilldown for GetConversationsDrilldownReport {}

impl Operation for GetConversationsDrilldownReport {
    type Output = ReportDrilldown;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportDrilldown> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_conversations_drilldown_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            w.rows,
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_CONVERSATIONS_DRILLDOWN_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetConversationsDrilldownReport {
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

/// The fields drill-down; see [`Reports::conversations_fields_drilldown`]. Returns the
/// typed [`ReportDrilldown`].
#[derive(Clone, Debug)]
pub struct GetConversationsFieldsDrilldownReport(Params);

impl Report for GetConversationsFieldsDrilldownReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Filtered for GetConversationsFieldsDrilldownReport {}
impl ByChannel for GetConversationsFieldsDrilldownReport {}
impl Paged for GetConversationsFieldsDrilldownReport {}
impl Drilldown for GetConversationsFieldsDrilldownReport {}

impl Operation for GetConversationsFieldsDrilldownReport {
    type Output = ReportDrilldown;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportDrilldown> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_conversations_fields_drilldown_report(
            &p.end,
            w.field.as_ref(),
            w.field_id,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            w.rows,
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_CONVERSATIONS_FIELDS_DRILLDOWN_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetConversationsFieldsDrilldownReport {
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

/// The new-conversations drill-down; see [`Reports::conversations_new_drilldown`].
/// Returns the typed [`ReportDrilldown`].
#[derive(Clone, Debug)]
pub struct GetNewConversationsDrilldownReport(Params);

impl Report for GetNewConversationsDrilldownReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Filtered for GetNewConversationsDrilldownReport {}
impl ByChannel for GetNewConversationsDrilldownReport {}
impl Paged for GetNewConversationsDrilldownReport {}
impl Drilldown for GetNewConversationsDrilldownReport {}

impl Operation for GetNewConversationsDrilldownReport {
    type Output = ReportDrilldown;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportDrilldown> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_new_conversations_drilldown_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            w.page,
            w.rows,
            &p.start,
            w.tags.as_deref(),
            w.types.as_deref(),
        );
        Ok(client
            .run(operation::GET_NEW_CONVERSATIONS_DRILLDOWN_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Results for GetNewConversationsDrilldownReport {
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

impl Request<'_, GetConversationsFieldsDrilldownReport> {
    /// The tag, saved reply, workflow or customer to drill down on (the API's `field` and
    /// `fieldid`).
    pub fn field(self, field: DrilldownField) -> Self {
        self.with(|r| r.0.field = Some(field))
    }
}
