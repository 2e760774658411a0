//! The channel reports (chat, email, phone) and the Docs report.

use super::Reports;
use super::params::{Params, Report};
use super::setters::{Compared, Filtered, OfficeHours};
use crate::client::Client;
use crate::error::Result;
use crate::models::{ReportChat, ReportDocs, ReportEmail, ReportPhone, Timestamp};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Reports<'a> {
    /// Beacon live-chat volume and efficiency (chats of third-party integrations are not
    /// counted). Free-form: returns [`ReportChat`], a JSON map, because the docs show no
    /// response.
    pub fn chat(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetChatReport> {
        self.report(GetChatReport, start, end)
    }

    /// Email volume, resolution and response times. Typed: returns [`ReportEmail`].
    pub fn email(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetEmailReport> {
        self.report(GetEmailReport, start, end)
    }

    /// Logged phone conversations and the customers involved. Typed: returns
    /// [`ReportPhone`].
    pub fn phone(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetPhoneReport> {
        self.report(GetPhoneReport, start, end)
    }

    /// Knowledge-base usage: visitors, searches (popular and failed), top articles. Typed:
    /// returns [`ReportDocs`] (its article entries are free-form).
    pub fn docs(
        self,
        start: impl Into<Timestamp>,
        end: impl Into<Timestamp>,
    ) -> Request<'a, GetDocsReport> {
        self.report(GetDocsReport, start, end)
    }
}

/// The chat report; see [`Reports::chat`]. Returns the free-form [`ReportChat`] (a JSON
/// map): the docs show no response.
#[derive(Clone, Debug)]
pub struct GetChatReport(Params);

impl Report for GetChatReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetChatReport {}
impl Filtered for GetChatReport {}
impl OfficeHours for GetChatReport {}

impl Operation for GetChatReport {
    type Output = ReportChat;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportChat> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_chat_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
        );
        Ok(client
            .run(operation::GET_CHAT_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The email report; see [`Reports::email`]. Returns the typed [`ReportEmail`].
#[derive(Clone, Debug)]
pub struct GetEmailReport(Params);

impl Report for GetEmailReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetEmailReport {}
impl Filtered for GetEmailReport {}
impl OfficeHours for GetEmailReport {}

impl Operation for GetEmailReport {
    type Output = ReportEmail;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportEmail> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_email_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
        );
        Ok(client
            .run(operation::GET_EMAIL_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The phone report; see [`Reports::phone`]. Returns the typed [`ReportPhone`].
#[derive(Clone, Debug)]
pub struct GetPhoneReport(Params);

impl Report for GetPhoneReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetPhoneReport {}
impl Filtered for GetPhoneReport {}
impl OfficeHours for GetPhoneReport {}

impl Operation for GetPhoneReport {
    type Output = ReportPhone;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportPhone> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_phone_report(
            &p.end,
            w.folders.as_deref(),
            w.mailboxes.as_deref(),
            p.office_hours,
            p.previous_end(),
            p.previous_start(),
            &p.start,
            w.tags.as_deref(),
        );
        Ok(client
            .run(operation::GET_PHONE_REPORT, call)
            .await?
            .into_inner())
    }
}

/// The Docs report; see [`Reports::docs`]. Returns the typed [`ReportDocs`].
#[derive(Clone, Debug)]
pub struct GetDocsReport(Params);

impl Report for GetDocsReport {
    fn params(&mut self) -> &mut Params {
        &mut self.0
    }
}

impl Compared for GetDocsReport {}

impl Operation for GetDocsReport {
    type Output = ReportDocs;

    async fn execute(self, client: &Client, _: Sealed) -> Result<ReportDocs> {
        let (p, w) = (&self.0, self.0.wire()?);
        let call = client.raw().get_docs_report(
            &p.end,
            p.previous_end(),
            p.previous_start(),
            w.sites.as_deref(),
            &p.start,
        );
        Ok(client
            .run(operation::GET_DOCS_REPORT, call)
            .await?
            .into_inner())
    }
}

impl Request<'_, GetDocsReport> {
    /// Only these Docs sites, by their Docs API id (adding to earlier calls).
    pub fn sites(self, sites: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|r| r.0.sites.extend(sites.into_iter().map(Into::into)))
    }
}
