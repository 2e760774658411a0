//! "Send later": scheduling a draft reply, sending a scheduled one now, cancelling.

use super::Threads;
use crate::client::Client;
use crate::error::Result;
use crate::ids::{ConversationId, ThreadId};
use crate::models::{PatchOp, ScheduleThreadBody, ThreadSchedulePatch, Timestamp};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

impl<'a> Threads<'a> {
    /// Schedules a draft reply to be sent at `at` ("send later"), cancelled by a customer
    /// reply if `unschedule_on_customer_reply`. A later schedule replaces this one.
    pub fn schedule(
        self,
        conversation: ConversationId,
        thread: ThreadId,
        at: impl Into<Timestamp>,
        unschedule_on_customer_reply: bool,
    ) -> Request<'a, ScheduleThread> {
        let body = ScheduleThreadBody {
            scheduled_for: at.into(),
            send_as_creator: None,
            unschedule_on_customer_reply,
        };
        let operation = ScheduleThread {
            conversation,
            thread,
            body,
        };
        Request::new(self.client, operation)
    }

    /// Sends a scheduled thread now.
    pub fn publish_scheduled(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Request<'a, PublishScheduledThread> {
        Request::new(
            self.client,
            PublishScheduledThread {
                conversation,
                thread,
            },
        )
    }

    /// Cancels a schedule; the thread stays a draft.
    pub fn unschedule(
        self,
        conversation: ConversationId,
        thread: ThreadId,
    ) -> Request<'a, UnscheduleThread> {
        Request::new(
            self.client,
            UnscheduleThread {
                conversation,
                thread,
            },
        )
    }
}

/// Schedules a thread; see [`Threads::schedule`]. Fails with
/// [`Error::Validation`](crate::Error::Validation) for a time in the past or after 2100.
#[derive(Clone, Debug)]
pub struct ScheduleThread {
    conversation: ConversationId,
    thread: ThreadId,
    body: ScheduleThreadBody,
}

impl Request<'_, ScheduleThread> {
    /// Sends the thread as the user who created it rather than the one who scheduled it.
    pub fn send_as_creator(self, yes: bool) -> Self {
        self.with(|o| o.body.send_as_creator = Some(yes))
    }
}

impl Operation for ScheduleThread {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client
            .raw()
            .schedule_thread(conversation, thread, &self.body);
        client.run(operation::SCHEDULE_THREAD, call).await?;
        Ok(())
    }
}

/// Sends a scheduled thread now; see [`Threads::publish_scheduled`].
#[derive(Clone, Debug)]
pub struct PublishScheduledThread {
    conversation: ConversationId,
    thread: ThreadId,
}

impl Operation for PublishScheduledThread {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let body = ThreadSchedulePatch {
            op: PatchOp::Replace.into(),
            path: "/state".into(),
            value: "published".into(),
        };
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client
            .raw()
            .publish_scheduled_thread(conversation, thread, &body);
        client
            .run(operation::PUBLISH_SCHEDULED_THREAD, call)
            .await?;
        Ok(())
    }
}

/// Cancels a schedule; see [`Threads::unschedule`].
#[derive(Clone, Debug)]
pub struct UnscheduleThread {
    conversation: ConversationId,
    thread: ThreadId,
}

impl Operation for UnscheduleThread {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let (conversation, thread) = (self.conversation.get(), self.thread.get());
        let call = client.raw().unschedule_thread(conversation, thread);
        client.run(operation::UNSCHEDULE_THREAD, call).await?;
        Ok(())
    }
}
