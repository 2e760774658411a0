//! Seeding: Mailboxes (folders, fields, routing, saved replies) and tags.

use std::collections::BTreeMap;

use helpscout_mailbox::models::{MailboxFolderType, RoutingAssignmentMethod, RoutingState};

use crate::state::{
    Data, FieldKind, FieldRec, FolderRec, MailboxRec, Rng, RoutingRec, SavedReplyRec, slugify,
};

use super::names::*;
use super::{SeedSizes, past, seed_epoch, year_ago};

/// Mailboxes with folders, custom fields, routing and saved replies.
pub(super) fn mailboxes(d: &mut Data, sizes: &SeedSizes, user_ids: &[i64]) {
    let epoch = seed_epoch();
    let year_ago = year_ago();
    for i in 0..sizes.mailboxes.max(1) {
        let id = d.ids.next("mailbox");
        let name = MAILBOXES
            .get(i)
            .map(|name| (*name).to_owned())
            .unwrap_or_else(|| format!("Inbox {}", i + 1));
        let slug = slugify(&name);
        let mut folders = Vec::new();
        for (fname, kind, mine) in [
            ("Unassigned", MailboxFolderType::Open, false),
            ("Mine", MailboxFolderType::Mytickets, true),
            ("Needs Attention", MailboxFolderType::Needsattention, false),
            ("Drafts", MailboxFolderType::Drafts, false),
            ("Assigned", MailboxFolderType::Assigned, false),
            ("Closed", MailboxFolderType::Closed, false),
            ("Spam", MailboxFolderType::Spam, false),
        ] {
            folders.push(FolderRec {
                id: d.ids.next("folder"),
                name: fname.to_owned(),
                kind,
                user_id: mine.then_some(d.owner_id),
                updated_at: epoch,
            });
        }
        let mut fields = Vec::new();
        for (order, (fname, kind)) in [
            ("Account Type", FieldKind::Dropdown),
            ("Order Number", FieldKind::Number),
            ("Renewal Date", FieldKind::Date),
            ("Reference", FieldKind::SingleLine),
            ("Details", FieldKind::MultiLine),
        ]
        .into_iter()
        .enumerate()
        {
            let field_id = d.ids.next("field");
            let options = if kind == FieldKind::Dropdown {
                ["Free", "Pro", "Enterprise"]
                    .iter()
                    .enumerate()
                    .map(|(n, label)| (d.ids.next("option"), n as i64 + 1, (*label).to_owned()))
                    .collect()
            } else {
                Vec::new()
            };
            fields.push(FieldRec {
                id: field_id,
                name: fname.to_owned(),
                kind,
                required: false,
                order: order as i64 + 1,
                options,
            });
        }
        let mut saved_replies = BTreeMap::new();
        for (sname, text, chat) in [
            (
                "Greeting",
                Some("Hi there,<br /><br />Thanks for contacting us!"),
                Some("Hi! Thanks for reaching out."),
            ),
            (
                "Refund policy",
                Some("Refunds are processed within 5 business days."),
                None,
            ),
            (
                "Chat: one moment",
                None,
                Some("One moment please, I'm checking."),
            ),
        ] {
            let reply_id = d.ids.next("savedReply");
            saved_replies.insert(
                reply_id,
                SavedReplyRec {
                    id: reply_id,
                    name: sname.to_owned(),
                    text: text.map(str::to_owned),
                    chat_text: chat.map(str::to_owned),
                },
            );
        }
        let access: Vec<i64> = user_ids
            .iter()
            .copied()
            .enumerate()
            .filter(|(n, _)| i == 0 || n % (i + 1) == 0)
            .map(|(_, id)| id)
            .collect();
        d.mailboxes.insert(
            id,
            MailboxRec {
                id,
                email: format!("{slug}@acme-support.example"),
                name,
                slug,
                created_at: year_ago,
                updated_at: year_ago,
                folders,
                fields,
                routing: RoutingRec {
                    // Routing on for the second inbox only, so that assignment in the first
                    // stays predictable.
                    state: if i == 1 {
                        RoutingState::Enabled
                    } else {
                        RoutingState::Disabled
                    },
                    assignment_limit: 10,
                    method: RoutingAssignmentMethod::RoundRobin,
                    user_ids: access.clone(),
                    cursor: 0,
                },
                saved_replies,
                user_ids: access,
            },
        );
    }
}

/// The tags; returns the mailbox ids and the tag ids.
pub(super) fn tags(rng: &mut Rng, d: &mut Data) -> (Vec<i64>, Vec<i64>) {
    let mailbox_ids: Vec<i64> = d.mailboxes.keys().copied().collect();

    for name in TAGS {
        let at = past(rng);
        let id = d.tag_id(name, at);
        if let Some(tag) = d.tags.get_mut(&id) {
            tag.updated_at = at;
        }
    }
    let tag_ids: Vec<i64> = d.tags.keys().copied().collect();
    (mailbox_ids, tag_ids)
}
