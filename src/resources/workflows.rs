//! Workflows: list them, switch them on and off, and run manual ones on conversations.
//! Reached through [`Client::workflows`].

use std::fmt;
use std::future::IntoFuture;

use futures_util::future::BoxFuture;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, MailboxId, WorkflowId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    RunWorkflowBody, Workflow, WorkflowPatchOp, WorkflowPatchPath, WorkflowStatusPatch,
    WorkflowStatusValue, WorkflowType,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

/// The most conversations the API takes in one run request; [`Workflows::run`] splits longer
/// lists into batches of this size.
pub const MAX_CONVERSATIONS_PER_RUN: usize = 50;

impl Client {
    /// Workflows: list, activate, deactivate, run.
    pub fn workflows(&self) -> Workflows<'_> {
        Workflows { client: self }
    }
}

/// The workflow operations; see [`Client::workflows`].
#[derive(Clone, Copy, Debug)]
pub struct Workflows<'a> {
    client: &'a Client,
}

impl<'a> Workflows<'a> {
    /// Lists workflows, optionally only those of one mailbox or of one type.
    pub fn list(self) -> List<'a, ListWorkflows> {
        List::new(self.client, ListWorkflows::default())
    }

    /// Switches a workflow on.
    pub fn activate(self, id: WorkflowId) -> Request<'a, UpdateWorkflowStatus> {
        let value = WorkflowStatusValue::Active;
        Request::new(self.client, UpdateWorkflowStatus { id, value })
    }

    /// Switches a workflow off.
    pub fn deactivate(self, id: WorkflowId) -> Request<'a, UpdateWorkflowStatus> {
        let value = WorkflowStatusValue::Inactive;
        Request::new(self.client, UpdateWorkflowStatus { id, value })
    }

    /// Runs a manual workflow on `conversations`, which must all exist and belong to the
    /// workflow's mailbox.
    ///
    /// The API takes at most [`MAX_CONVERSATIONS_PER_RUN`] ids per request, so a longer list
    /// is sent as several requests of that size, in the order given, one after the other.
    /// The first failure stops the run; the error tells how many batches went through and
    /// which ids are left (see [`RunWorkflowError`]).
    pub fn run(
        self,
        workflow: WorkflowId,
        conversations: impl IntoIterator<Item = ConversationId>,
    ) -> RunWorkflow<'a> {
        RunWorkflow {
            client: self.client,
            workflow,
            conversations: conversations.into_iter().collect(),
        }
    }
}

/// The workflow list and its filters, as the API names them; see [`Workflows::list`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListWorkflows {
    mailbox_id: Option<MailboxId>,
    kind: Option<WorkflowType>,
}

impl List<'_, ListWorkflows> {
    /// Only workflows of this mailbox.
    pub fn mailbox_id(self, mailbox: MailboxId) -> Self {
        self.with(|q| q.mailbox_id = Some(mailbox))
    }

    /// Only manual or only automatic workflows (the API's `type`).
    pub fn kind(self, kind: WorkflowType) -> Self {
        self.with(|q| q.kind = Some(kind))
    }
}

impl Listing for ListWorkflows {
    type Item = Workflow;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Workflow>> {
        let call = client.raw().list_workflows(
            self.mailbox_id.map(MailboxId::get),
            Some(page_number(&at)?),
            self.kind.as_ref(),
        );
        let response = client
            .run(operation::LIST_WORKFLOWS, call)
            .await?
            .into_inner();
        let items = response.embedded.map(|e| e.workflows).unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListWorkflows {}

/// Switches a workflow on or off; see [`Workflows::activate`] and [`Workflows::deactivate`].
#[derive(Clone, Debug)]
pub struct UpdateWorkflowStatus {
    id: WorkflowId,
    value: WorkflowStatusValue,
}

impl Operation for UpdateWorkflowStatus {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        // quirk Q33: the API takes a single JSON Patch object here, not an RFC 6902 array, and
        // only `replace` of `/status`. (The official PHP SDK passes the three fields in the
        // wrong order; the spec's `WorkflowStatusPatch` pins the right shape.)
        let body = WorkflowStatusPatch {
            op: WorkflowPatchOp::Replace.into(),
            path: WorkflowPatchPath::Status.into(),
            value: self.value.into(),
        };
        let call = client.raw().update_workflow_status(self.id.get(), &body);
        client.run(operation::UPDATE_WORKFLOW_STATUS, call).await?;
        Ok(())
    }
}

/// Runs a manual workflow; see [`Workflows::run`]. `.send().await` or `.await` sends it.
///
/// The one request of the crate that is not a [`Request`]: its failure is a
/// [`RunWorkflowError`] that carries the progress of the batches already sent, which the
/// crate's [`Error`] cannot hold. `?` still turns it into an [`Error`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RunWorkflow<'a> {
    client: &'a Client,
    workflow: WorkflowId,
    conversations: Vec<ConversationId>,
}

impl RunWorkflow<'_> {
    /// Sends the batches, in order, and stops at the first that fails.
    ///
    /// # Errors
    ///
    /// A [`RunWorkflowError`] that carries the underlying [`Error`] and the progress made:
    /// [`Error::InvalidRequest`], with nothing sent, for an empty list; otherwise the error
    /// of the failed batch ([`Error::Validation`] for a conversation of another mailbox or
    /// an automatic workflow, [`Error::NotFound`], any error of a request). Batches are
    /// never retried after a server error, because they may have run. The `?` operator
    /// turns it into the [`Error`] alone.
    pub async fn send(self) -> Result<WorkflowRun, RunWorkflowError> {
        let total = self.conversations.len().div_ceil(MAX_CONVERSATIONS_PER_RUN);
        if self.conversations.is_empty() {
            return Err(RunWorkflowError {
                batches_succeeded: 0,
                batches_total: 0,
                remaining: Vec::new(),
                error: Error::InvalidRequest(
                    "a workflow run needs at least one conversation".into(),
                ),
            });
        }
        for (index, batch) in self
            .conversations
            .chunks(MAX_CONVERSATIONS_PER_RUN)
            .enumerate()
        {
            let body = RunWorkflowBody {
                conversation_ids: batch.iter().map(|id| id.get()).collect(),
            };
            let call = self.client.raw().run_workflow(self.workflow.get(), &body);
            if let Err(error) = self.client.run(operation::RUN_WORKFLOW, call).await {
                // `index` batches of `MAX_CONVERSATIONS_PER_RUN` went through, fewer than
                // the list holds: the product cannot overflow and `get` stays in range.
                let done = index.saturating_mul(MAX_CONVERSATIONS_PER_RUN);
                return Err(RunWorkflowError {
                    batches_succeeded: index,
                    batches_total: total,
                    remaining: self.conversations.get(done..).unwrap_or_default().to_vec(),
                    error,
                });
            }
        }
        Ok(WorkflowRun {
            batches: total,
            conversations: self.conversations.len(),
        })
    }
}

impl<'a> IntoFuture for RunWorkflow<'a> {
    type Output = Result<WorkflowRun, RunWorkflowError>;
    type IntoFuture = BoxFuture<'a, Result<WorkflowRun, RunWorkflowError>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What a successful [`RunWorkflow`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkflowRun {
    /// How many requests were sent (one per [`MAX_CONVERSATIONS_PER_RUN`] conversations).
    pub batches: usize,
    /// How many conversations the workflow ran on.
    pub conversations: usize,
}

/// A workflow run that stopped at a failed batch (or never started): the error, and how far
/// the run got, so that the caller can resume with [`remaining`](Self::remaining).
#[derive(Debug)]
pub struct RunWorkflowError {
    batches_succeeded: usize,
    batches_total: usize,
    remaining: Vec<ConversationId>,
    error: Error,
}

impl RunWorkflowError {
    /// How many batches the API accepted before the failure, each of
    /// [`MAX_CONVERSATIONS_PER_RUN`] conversations.
    pub fn batches_succeeded(&self) -> usize {
        self.batches_succeeded
    }

    /// How many batches the run was split into (`0` for an empty list).
    pub fn batches_total(&self) -> usize {
        self.batches_total
    }

    /// How many conversations the accepted batches held.
    pub fn conversations_run(&self) -> usize {
        self.batches_succeeded
            .saturating_mul(MAX_CONVERSATIONS_PER_RUN)
    }

    /// The ids of the failed batch and of every later one, in the order given: the ones the
    /// workflow is not known to have run on. Whether the API applied part of the failed
    /// batch is not reported, so check those before running them again.
    pub fn remaining(&self) -> &[ConversationId] {
        &self.remaining
    }

    /// The error of the failed batch.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The error of the failed batch, dropping the progress.
    pub fn into_error(self) -> Error {
        self.error
    }
}

impl fmt::Display for RunWorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.batches_total == 0 {
            return f.write_str("the workflow run was not started");
        }
        write!(
            f,
            "the workflow run stopped at batch {} of {} ({} succeeded)",
            self.batches_succeeded + 1,
            self.batches_total,
            self.batches_succeeded
        )
    }
}

impl std::error::Error for RunWorkflowError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<RunWorkflowError> for Error {
    /// Keeps the error of the failed batch, so `?` works in functions returning
    /// [`crate::Result`]; the progress is dropped.
    fn from(error: RunWorkflowError) -> Self {
        error.error
    }
}
