//! Workflows: list them, switch them on and off, and run manual ones on conversations.
//! Reached through [`Client::workflows`].

use std::fmt;

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, MailboxId, WorkflowId};
use crate::models::{
    RunWorkflowBody, Workflow, WorkflowPatchOp, WorkflowPatchPath, WorkflowStatusPatch,
    WorkflowStatusValue, WorkflowType,
};
use crate::page::Page;
use crate::page::hal_list;
use crate::page::page_param;

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
    pub fn list(self) -> ListWorkflows<'a> {
        ListWorkflows {
            client: self.client,
            query: WorkflowsQuery::default(),
        }
    }

    /// Switches a workflow on.
    pub fn activate(self, id: WorkflowId) -> Action<'a, ()> {
        self.set_status(id, WorkflowStatusValue::Active)
    }

    /// Switches a workflow off.
    pub fn deactivate(self, id: WorkflowId) -> Action<'a, ()> {
        self.set_status(id, WorkflowStatusValue::Inactive)
    }

    /// The API takes a single JSON Patch object here, not an RFC 6902 array, and only
    /// `replace` of `/status`. (The official PHP SDK passes the three fields in the wrong
    /// order; the spec's `WorkflowStatusPatch` pins the right shape.)
    fn set_status(self, id: WorkflowId, value: WorkflowStatusValue) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let body = WorkflowStatusPatch {
                op: WorkflowPatchOp::Replace,
                path: WorkflowPatchPath::Status,
                value,
            };
            let call = client.raw().update_workflow_status(id.get(), &body);
            client.run("updateWorkflowStatus", call).await?;
            Ok(())
        })
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

/// The filters of a workflow list, as the API names them.
#[derive(Clone, Debug, Default, PartialEq)]
struct WorkflowsQuery {
    mailbox_id: Option<MailboxId>,
    kind: Option<WorkflowType>,
}

hal_list! {
    /// Lists workflows; see [`Workflows::list`].
    ListWorkflows(WorkflowsQuery) -> Workflow = fetch_workflows
}

impl ListWorkflows<'_> {
    /// Only workflows of this mailbox.
    pub fn mailbox_id(mut self, mailbox: MailboxId) -> Self {
        self.query.mailbox_id = Some(mailbox);
        self
    }

    /// Only manual or only automatic workflows (the API's `type`).
    pub fn kind(mut self, kind: WorkflowType) -> Self {
        self.query.kind = Some(kind);
        self
    }
}

async fn fetch_workflows(
    client: &Client,
    query: &WorkflowsQuery,
    number: u64,
) -> Result<Page<Workflow>> {
    let call = client.raw().list_workflows(
        query.mailbox_id.map(MailboxId::get),
        Some(page_param(number)?),
        query.kind.as_ref(),
    );
    let response = client.run("listWorkflows", call).await?.into_inner();
    let items = response.embedded.map(|e| e.workflows).unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Runs a manual workflow; see [`Workflows::run`].
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
            if let Err(error) = self.client.run("runWorkflow", call).await {
                let done = index * MAX_CONVERSATIONS_PER_RUN;
                return Err(RunWorkflowError {
                    batches_succeeded: index,
                    batches_total: total,
                    remaining: self.conversations[done..].to_vec(),
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
        self.batches_succeeded * MAX_CONVERSATIONS_PER_RUN
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
