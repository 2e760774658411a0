//! A thread and its attachments as the API shows them.

use serde_json::Value;

use helpscout_mailbox::ids::{AttachmentId, CustomerId, SavedReplyId, ThreadId, UserId};
use helpscout_mailbox::models::{
    Attachment, AttachmentState, ConversationPerson, ConversationSource, RatingScore, RatingValue,
    SourceVia, Thread, ThreadAction, ThreadEmbedded, ThreadRating, ThreadScheduled, ThreadState,
    ThreadType, Timestamp,
};

use crate::http;
use crate::state::{Actor, AttachmentRec, ConversationRec, Data, ThreadRec};

use super::conversation::View;
use super::person::{customer_person, user_person};

/// The thread as the API shows it.
pub(crate) fn render_thread(
    d: &Data,
    c: &ConversationRec,
    t: &ThreadRec,
    view: &View<'_>,
) -> Thread {
    let base = view.base;
    let mut links = Vec::new();
    let created_by = match t.created_by {
        Actor::User(id) => {
            links.push(("createdByUser", format!("{base}/v2/users/{id}")));
            ConversationPerson::from(user_person(d, id, view.v3))
        }
        Actor::Customer(id) => {
            links.push(("createdByCustomer", format!("{base}/v2/customers/{id}")));
            ConversationPerson::from(customer_person(d, id))
        }
    };
    if let Some(id) = t.assigned_to {
        links.push(("assignedTo", format!("{base}/v2/users/{id}")));
    }
    let rating = t
        .rating_id
        .and_then(|id| d.ratings.get(&id))
        .map(|r| ThreadRating {
            comments: r.comments.clone(),
            customer_id: Some(CustomerId::new(r.customer_id)),
            rating: Some(
                match r.rating {
                    RatingScore::Great => RatingValue::Great,
                    RatingScore::NotGood => RatingValue::NotGood,
                    _ => RatingValue::Okay,
                }
                .into(),
            ),
        });
    Thread {
        action: t.action.as_ref().map(|(kind, text)| ThreadAction {
            associated_entities: Default::default(),
            text: Some(text.clone()),
            type_: Some(kind.clone()),
        }),
        assigned_to: t.assigned_to.map(|id| user_person(d, id, view.v3)),
        bcc: t.bcc.clone(),
        body: (t.kind != ThreadType::Lineitem).then(|| t.body.clone()),
        cc: t.cc.clone(),
        created_at: Some(Timestamp::new(t.created_at)),
        created_by: Some(created_by),
        customer: t.customer_id.map(|id| customer_person(d, id)),
        embedded: (!t.attachments.is_empty()).then(|| ThreadEmbedded {
            attachments: t
                .attachments
                .iter()
                .map(|a| render_attachment(base, c.id, a))
                .collect(),
        }),
        id: ThreadId::new(t.id),
        linked_conversation_id: t.linked_conversation_id.map(Value::from),
        links: Some(http::links_vec(links)),
        opened_at: t.opened_at.map(Timestamp::new),
        rating,
        saved_reply_id: t.saved_reply_id.map(SavedReplyId::new),
        scheduled: t.scheduled.as_ref().map(|s| ThreadScheduled {
            created_at: Some(Timestamp::new(s.created_at)),
            scheduled_by: Some(UserId::new(s.scheduled_by)),
            scheduled_for: Some(Timestamp::new(s.scheduled_for)),
            send_as_id: s.send_as_id.map(UserId::new),
            unschedule_on_customer_reply: Some(s.unschedule_on_customer_reply),
        }),
        source: Some(ConversationSource {
            type_: Some(t.source.clone().into()),
            via: Some(
                match t.created_by {
                    Actor::User(_) => SourceVia::User,
                    Actor::Customer(_) => SourceVia::Customer,
                }
                .into(),
            ),
        }),
        state: Some(if t.hidden {
            ThreadState::Hidden.into()
        } else {
            t.state.clone().into()
        }),
        status: Some(t.status.clone().into()),
        to: t.to.clone(),
        type_: Some(t.kind.clone().into()),
    }
}

fn render_attachment(base: &str, conversation: i64, a: &AttachmentRec) -> Attachment {
    Attachment {
        filename: Some(a.filename.clone()),
        height: None,
        id: AttachmentId::new(a.id),
        links: Some(http::links([
            (
                "data",
                format!(
                    "{base}/v2/conversations/{conversation}/attachments/{}/data",
                    a.id
                ),
            ),
            (
                "web",
                format!("https://secure.helpscout.net/file/{}/{}", a.id, a.filename),
            ),
        ])),
        mime_type: Some(a.mime_type.clone()),
        size: Some(a.size),
        state: Some(AttachmentState::Valid.into()),
        width: None,
    }
}
