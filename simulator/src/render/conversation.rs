//! A conversation as the API shows it (v2 and v3, with or without its threads).

use chrono::{DateTime, Utc};

use helpscout_mailbox::ids::{ConversationId, CustomFieldId, FolderId, MailboxId, TagId, UserId};
use helpscout_mailbox::models::{
    Conversation, ConversationCustomField, ConversationEmbedded, ConversationNextEvent,
    ConversationPerson, ConversationSnooze, ConversationSource, ConversationState, ConversationTag,
    ConversationThreads, CustomerWaitingSince, NextEventType, PersonType, SourceVia, ThreadType,
    Timestamp,
};

use crate::http::{self};
use crate::state::{Actor, ConversationRec, Data, FieldKind, MailboxRec, ThreadRec};

use super::person::{customer_person, user_person};
use super::thread::render_thread;

/// Conversations per page (threads too): 25, unlike the 50 of every other list.
pub(crate) const CONVERSATION_PAGE: usize = 25;
/// The most threads a conversation may hold (412 beyond).
pub(crate) const MAX_THREADS: usize = 100;

/// What rendering needs besides the record.
pub(crate) struct View<'a> {
    pub(crate) base: &'a str,
    pub(crate) now: DateTime<Utc>,
    /// v3 shows AI agents as `system_user`; v2 as `user`.
    pub(crate) v3: bool,
}

/// "3 hours ago", as `customerWaitingSince.friendly` puts it.
fn friendly(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => "just now".to_owned(),
        1..=59 => format!("{minutes} min ago"),
        60..=1439 => format!("{} hours ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

/// Until when [`friendly`] keeps the text it gives at `now` (the next whole minute after
/// `then`, as its text changes at most once a minute); `None` past chrono's range.
pub(crate) fn friendly_until(now: DateTime<Utc>, then: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let minutes = (now - then).num_minutes().max(0);
    then.checked_add_signed(chrono::Duration::minutes(minutes.checked_add(1)?))
}

/// The conversation as the API shows it.
pub(crate) fn render_conversation(
    d: &Data,
    c: &ConversationRec,
    view: &View<'_>,
    embed_threads: bool,
) -> Conversation {
    let base = view.base;
    let mailbox = d.mailboxes.get(&c.mailbox_id);
    let preview = c
        .threads
        .iter()
        .rev()
        .find(|t| t.kind != ThreadType::Lineitem && !t.body.is_empty())
        .map(|t| t.body.chars().take(100).collect::<String>());
    let created_by = match c.created_by {
        Actor::User(id) => ConversationPerson::from(user_person(d, id, view.v3)),
        Actor::Customer(id) => {
            let full = customer_person(d, id);
            ConversationPerson {
                email: full.email,
                id: Some(id),
                type_: Some(PersonType::Customer.into()),
                ..ConversationPerson::default()
            }
        }
    };
    let custom_fields = custom_fields(c, mailbox);
    let next_event = next_event(c);
    let links = conversation_links(c, base);
    Conversation {
        assignee: c.assignee.map(|id| user_person(d, id, view.v3)),
        bcc: c.bcc.clone(),
        cc: c.cc.clone(),
        closed_at: c.closed_at.map(Timestamp::new),
        closed_by: c.closed_by.map(UserId::new),
        closed_by_user: c.closed_by.map(|id| user_person(d, id, view.v3)),
        created_at: Some(Timestamp::new(c.created_at)),
        created_by: Some(created_by),
        custom_fields,
        customer_waiting_since: c
            .customer_waiting_since()
            .map(|since| CustomerWaitingSince {
                friendly: Some(friendly(view.now, since)),
                latest_reply_from: Some("customer".to_owned()),
                time: Some(Timestamp::new(since)),
            }),
        embedded: embed_threads.then(|| ConversationEmbedded {
            threads: sorted_threads(c)
                .into_iter()
                .map(|t| render_thread(d, c, t, view))
                .collect(),
        }),
        folder_id: mailbox.and_then(|m| m.folder_for(c)).map(FolderId::new),
        id: ConversationId::new(c.id),
        links: Some(http::links_vec(links)),
        mailbox_id: Some(MailboxId::new(c.mailbox_id)),
        next_event,
        number: Some(c.number),
        preview,
        primary_customer: customer_person(d, c.customer_id),
        snooze: c.snooze.as_ref().map(|s| ConversationSnooze {
            snoozed_by: Some(UserId::new(s.snoozed_by)),
            snoozed_until: Some(Timestamp::new(s.until)),
            unsnooze_on_customer_reply: Some(s.unsnooze_on_customer_reply),
        }),
        source: Some(ConversationSource {
            type_: Some(c.source.clone().into()),
            via: Some(if c.source_via_customer {
                SourceVia::Customer.into()
            } else {
                SourceVia::User.into()
            }),
        }),
        state: Some(if c.draft {
            ConversationState::Draft.into()
        } else {
            ConversationState::Published.into()
        }),
        status: Some(c.status.clone().into()),
        subject: Some(c.subject.clone()),
        tags: c
            .tag_ids
            .iter()
            .filter_map(|id| d.tags.get(id))
            .map(|t| ConversationTag {
                color: Some(t.color.clone()),
                id: TagId::new(t.id),
                tag: t.name.clone(),
            })
            .collect(),
        threads: Some(ConversationThreads::Int64(c.thread_count() as i64)),
        type_: Some(c.kind.clone().into()),
        user_updated_at: c.user_updated_at.map(Timestamp::new),
    }
}

/// Threads newest first, as the API lists them.
pub(crate) fn sorted_threads(c: &ConversationRec) -> Vec<&ThreadRec> {
    let mut threads: Vec<&ThreadRec> = c.threads.iter().collect();
    threads.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    threads
}

/// The custom field values as the API shows them: dropdown values with their option text.
fn custom_fields(
    c: &ConversationRec,
    mailbox: Option<&MailboxRec>,
) -> Vec<ConversationCustomField> {
    c.fields
        .iter()
        .map(|(&id, value)| {
            let def = mailbox.and_then(|m| m.fields.iter().find(|f| f.id == id));
            let text = match def {
                Some(def) if def.kind == FieldKind::Dropdown => def
                    .options
                    .iter()
                    .find(|o| o.0.to_string() == *value)
                    .map(|o| o.2.clone()),
                _ => Some(value.clone()),
            };
            ConversationCustomField {
                id: Some(CustomFieldId::new(id)),
                name: def.map(|f| f.name.clone()),
                text,
                value: Some(value.clone()),
            }
        })
        .collect()
}

/// The next thing due on the conversation: its snooze, or else its earliest scheduled thread.
fn next_event(c: &ConversationRec) -> Option<ConversationNextEvent> {
    let scheduled = c
        .threads
        .iter()
        .filter_map(|t| t.scheduled.as_ref())
        .min_by_key(|s| s.scheduled_for);
    match (&c.snooze, scheduled) {
        (Some(snooze), _) => Some(ConversationNextEvent {
            cancel_on_customer_reply: Some(snooze.unsnooze_on_customer_reply),
            event_type: Some(NextEventType::Snooze.into()),
            time: Some(Timestamp::new(snooze.until)),
            user_id: Some(UserId::new(snooze.snoozed_by)),
        }),
        (None, Some(s)) => Some(ConversationNextEvent {
            cancel_on_customer_reply: Some(s.unschedule_on_customer_reply),
            event_type: Some(NextEventType::Scheduled.into()),
            time: Some(Timestamp::new(s.scheduled_for)),
            user_id: Some(UserId::new(s.scheduled_by)),
        }),
        (None, None) => None,
    }
}

/// The conversation's `_links`.
fn conversation_links(c: &ConversationRec, base: &str) -> Vec<(&'static str, String)> {
    let mut links = vec![
        ("self", format!("{base}/v2/conversations/{}", c.id)),
        ("mailbox", format!("{base}/v2/mailboxes/{}", c.mailbox_id)),
        (
            "primaryCustomer",
            format!("{base}/v2/customers/{}", c.customer_id),
        ),
        (
            "threads",
            format!("{base}/v2/conversations/{}/threads", c.id),
        ),
        (
            "web",
            format!(
                "https://secure.helpscout.net/conversation/{}/{}",
                c.id, c.number
            ),
        ),
    ];
    match c.created_by {
        Actor::User(id) => links.push(("createdByUser", format!("{base}/v2/users/{id}"))),
        Actor::Customer(id) => {
            links.push(("createdByCustomer", format!("{base}/v2/customers/{id}")))
        }
    }
    if let Some(id) = c.closed_by {
        links.push(("closedBy", format!("{base}/v2/users/{id}")));
    }
    if let Some(id) = c.assignee {
        links.push(("assignee", format!("{base}/v2/users/{id}")));
    }
    links
}
