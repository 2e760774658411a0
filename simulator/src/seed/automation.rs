//! Seeding: Workflows and webhooks.

use helpscout_mailbox::models::{
    ConversationStatus, WebhookEvent, WebhookState, WorkflowStatus, WorkflowType,
};

use crate::state::{Data, WebhookRec, WorkflowAction, WorkflowRec};

use super::year_ago;

/// Workflows, manual and automatic, per mailbox.
pub(super) fn workflows(d: &mut Data, user_ids: &[i64], mailbox_ids: &[i64]) {
    let year_ago = year_ago();
    for (m, &mailbox_id) in mailbox_ids.iter().enumerate() {
        for (order, (name, kind, status, action)) in [
            (
                "Tag VIP customers",
                WorkflowType::Manual,
                WorkflowStatus::Active,
                WorkflowAction::AddTag("vip".to_owned()),
            ),
            (
                "Close stale conversations",
                WorkflowType::Manual,
                WorkflowStatus::Active,
                WorkflowAction::SetStatus(ConversationStatus::Closed),
            ),
            (
                "Auto-assign billing questions",
                WorkflowType::Automatic,
                if m % 2 == 0 {
                    WorkflowStatus::Active
                } else {
                    WorkflowStatus::Inactive
                },
                WorkflowAction::Assign(user_ids[m % user_ids.len()]),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let id = d.ids.next("workflow");
            d.workflows.insert(
                id,
                WorkflowRec {
                    id,
                    mailbox_id,
                    kind,
                    status,
                    order: order as i64 + 1,
                    name: name.to_owned(),
                    created_at: year_ago,
                    modified_at: year_ago,
                    action,
                },
            );
        }
    }
}

/// Webhooks pointing off the machine (their deliveries are refused and recorded).
pub(super) fn webhooks(d: &mut Data, _mailbox_ids: &[i64]) {
    for (url, events, label) in [
        (
            "https://hooks.example/helpscout/conversations",
            vec![
                WebhookEvent::ConvoCreated,
                WebhookEvent::ConvoAssigned,
                WebhookEvent::ConvoStatus,
            ],
            "Conversation sync",
        ),
        (
            "https://hooks.example/helpscout/customers",
            vec![WebhookEvent::CustomerCreated, WebhookEvent::CustomerUpdated],
            "CRM sync",
        ),
    ] {
        let id = d.ids.next("webhook");
        d.webhooks.insert(
            id,
            WebhookRec {
                id,
                url: url.to_owned(),
                state: WebhookState::Enabled,
                events,
                notification: false,
                label: Some(label.to_owned()),
                secret: format!("seeded-secret-{id}"),
                mailbox_ids: Vec::new(),
            },
        );
    }
}
