//! Seeding: Conversations and their threads.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};

use helpscout_mailbox::models::{
    ConversationStatus, ConversationType, RatingScore, SourceType, ThreadState, ThreadStatus,
    ThreadType,
};

use crate::state::{
    Actor, AttachmentRec, ConversationRec, Data, RatingRec, Rng, SnoozeRec, ThreadRec,
};

use super::names::*;
use super::{SeedSizes, past, seed_epoch};

use super::Known;

/// Conversations with threads of every kind.
pub(super) fn conversations(rng: &mut Rng, d: &mut Data, sizes: &SeedSizes, known: &Known<'_>) {
    let epoch = seed_epoch();
    let Known {
        user_ids,
        ai_id,
        mailbox_ids,
        tag_ids,
        customer_ids,
    } = *known;
    let max_threads = sizes.max_threads.clamp(1, 100);
    for n in 0..sizes.conversations {
        let id = d.ids.next("conversation");
        let number = d.ids.next("number");
        // The first inbox gets half of the conversations.
        let mailbox_id = if rng.chance(0.5) {
            mailbox_ids[0]
        } else {
            *rng.pick(mailbox_ids)
        };
        let customer_id = *rng.pick(customer_ids);
        let kind = match rng.below(20) {
            0..=13 => ConversationType::Email,
            14..=16 => ConversationType::Chat,
            _ => ConversationType::Phone,
        };
        let status = match rng.below(20) {
            0..=7 => ConversationStatus::Active,
            8..=11 => ConversationStatus::Pending,
            12..=18 => ConversationStatus::Closed,
            _ => ConversationStatus::Spam,
        };
        let assignee = rng.chance(0.6).then(|| *rng.pick(user_ids));
        let created_at = past(rng);
        let draft = rng.chance(0.01);
        let thread_total = 1 + rng.below(max_threads);
        let mut threads = Vec::with_capacity(thread_total);
        let mut at = created_at;
        for t in 0..thread_total {
            let plan = ThreadPlan {
                n,
                kind: &kind,
                status: &status,
                draft,
                thread_total,
                assignee,
                customer_id,
                ai_id,
                user_ids,
            };
            threads.push(thread(rng, d, &plan, t, at));
            at += Duration::minutes(5 + rng.below(600) as i64);
        }
        let last_at = threads.last().map(|t| t.created_at).unwrap_or(created_at);
        // A rating on the last published reply now and then.
        if rng.chance(0.05)
            && let Some(thread) = threads
                .iter_mut()
                .rev()
                .find(|t| t.kind == ThreadType::Message && t.state == ThreadState::Published)
            && let Actor::User(user_id) = thread.created_by
        {
            let rating_id = d.ids.next("rating");
            thread.rating_id = Some(rating_id);
            d.ratings.insert(
                rating_id,
                RatingRec {
                    id: rating_id,
                    customer_id,
                    user_id,
                    conversation_id: id,
                    thread_id: thread.id,
                    rating: [RatingScore::Great, RatingScore::Okay, RatingScore::NotGood][n % 3]
                        .clone(),
                    comments: (n % 2 == 0).then(|| "Quick and helpful.".to_owned()),
                    created_at: thread.created_at + Duration::hours(2),
                },
            );
        }
        let tags: Vec<i64> =
            (0..rng.below(3))
                .map(|_| *rng.pick(tag_ids))
                .fold(Vec::new(), |mut acc, t| {
                    if !acc.contains(&t) {
                        acc.push(t);
                    }
                    acc
                });
        let mut fields = BTreeMap::new();
        if rng.chance(0.3)
            && let Some(field) = d.mailboxes.get(&mailbox_id).and_then(|m| m.fields.first())
            && let Some(option) = field.options.get(n % field.options.len().max(1))
        {
            fields.insert(field.id, option.0.to_string());
        }
        let closed = status == ConversationStatus::Closed;
        let snooze =
            (status == ConversationStatus::Active && rng.chance(0.02)).then(|| SnoozeRec {
                snoozed_by: assignee.unwrap_or(d.owner_id),
                until: Utc
                    .with_ymd_and_hms(2030, 1, 1, 9, 0, 0)
                    .single()
                    .unwrap_or(epoch),
                unsnooze_on_customer_reply: true,
            });
        let source_type = match kind {
            ConversationType::Chat => SourceType::Beacon,
            ConversationType::Phone => SourceType::Web,
            _ => SourceType::Email,
        };
        d.conversations.insert(
            id,
            ConversationRec {
                id,
                number,
                kind,
                mailbox_id,
                status,
                draft,
                subject: SUBJECTS[(n + rng.below(SUBJECTS.len())) % SUBJECTS.len()].to_owned(),
                customer_id,
                created_by: threads
                    .first()
                    .map(|t| t.created_by)
                    .unwrap_or(Actor::Customer(customer_id)),
                assignee,
                created_at,
                modified_at: last_at,
                user_updated_at: Some(last_at),
                closed_at: closed.then_some(last_at),
                closed_by: closed.then(|| assignee.unwrap_or(d.owner_id)),
                source: source_type,
                source_via_customer: true,
                tag_ids: tags,
                cc: if rng.chance(0.05) {
                    vec!["cc@partner.example".to_owned()]
                } else {
                    Vec::new()
                },
                bcc: Vec::new(),
                fields,
                snooze,
                threads,
                merged_into: None,
            },
        );
    }
}

/// What one seeded thread depends on from its conversation.
struct ThreadPlan<'a> {
    n: usize,
    kind: &'a ConversationType,
    status: &'a ConversationStatus,
    draft: bool,
    thread_total: usize,
    assignee: Option<i64>,
    customer_id: i64,
    ai_id: i64,
    user_ids: &'a [i64],
}

/// Thread `t` of a seeded conversation, written at `at`.
fn thread(
    rng: &mut Rng,
    d: &mut Data,
    plan: &ThreadPlan<'_>,
    t: usize,
    at: DateTime<Utc>,
) -> ThreadRec {
    let ThreadPlan {
        n,
        kind,
        status,
        draft,
        thread_total,
        assignee,
        customer_id,
        ai_id,
        user_ids,
    } = *plan;
    let kind_of_thread = if t == 0 {
        match kind {
            ConversationType::Chat if rng.chance(0.5) => ThreadType::Beaconchat,
            ConversationType::Chat => ThreadType::Chat,
            ConversationType::Phone => ThreadType::Phone,
            _ => ThreadType::Customer,
        }
    } else if draft && t + 1 == thread_total {
        ThreadType::Message
    } else {
        match rng.below(20) {
            0..=7 => ThreadType::Message,
            8..=12 => ThreadType::Customer,
            13..=15 => ThreadType::Note,
            16..=17 => ThreadType::Lineitem,
            18 => ThreadType::Forwardparent,
            _ if *kind == ConversationType::Chat => ThreadType::Chat,
            _ => ThreadType::Forwardchild,
        }
    };
    let by_user = matches!(
        kind_of_thread,
        ThreadType::Message
            | ThreadType::Note
            | ThreadType::Lineitem
            | ThreadType::Forwardparent
            | ThreadType::Phone
    );
    let author = if by_user {
        // Now and then an AI agent answers.
        if kind_of_thread == ThreadType::Message && rng.chance(0.05) {
            Actor::User(ai_id)
        } else {
            Actor::User(assignee.unwrap_or_else(|| *rng.pick(user_ids)))
        }
    } else {
        Actor::Customer(customer_id)
    };
    let body = match kind_of_thread {
        ThreadType::Message | ThreadType::Forwardparent => rng.pick(REPLY_LINES).to_string(),
        ThreadType::Note => rng.pick(NOTE_LINES).to_string(),
        ThreadType::Lineitem => String::new(),
        _ => rng.pick(CUSTOMER_LINES).to_string(),
    };
    let state = if draft && t + 1 == thread_total {
        ThreadState::Draft
    } else {
        ThreadState::Published
    };
    let action = (kind_of_thread == ThreadType::Lineitem).then(|| {
        (
            "manual-workflow".to_owned(),
            "Workflow ran: Tag VIP customers".to_owned(),
        )
    });
    let attachments = if rng.chance(0.05) && !body.is_empty() {
        let text = format!("log line {n}-{t}\n");
        let data =
            base64::Engine::encode(&base64::engine::general_purpose::STANDARD, text.as_bytes());
        vec![AttachmentRec {
            id: d.ids.next("attachment"),
            filename: format!("log-{n}-{t}.txt"),
            mime_type: "text/plain".to_owned(),
            size: text.len() as i64,
            data,
        }]
    } else {
        Vec::new()
    };
    ThreadRec {
        id: d.ids.next("thread"),
        kind: kind_of_thread.clone(),
        status: match status {
            ConversationStatus::Closed if t + 1 == thread_total => ThreadStatus::Closed,
            ConversationStatus::Pending => ThreadStatus::Pending,
            ConversationStatus::Spam => ThreadStatus::Spam,
            _ => ThreadStatus::Active,
        },
        state,
        hidden: false,
        body,
        original_body: None,
        customer_id: Some(customer_id),
        created_by: author,
        assigned_to: assignee,
        to: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
        created_at: at,
        opened_at: (kind_of_thread == ThreadType::Message && rng.chance(0.5))
            .then(|| at + Duration::minutes(30)),
        source: match kind_of_thread {
            ThreadType::Chat | ThreadType::Beaconchat => SourceType::Beacon,
            ThreadType::Customer => SourceType::Email,
            _ => SourceType::Web,
        },
        attachments,
        scheduled: None,
        saved_reply_id: None,
        action,
        linked_conversation_id: None,
        rating_id: None,
    }
}
