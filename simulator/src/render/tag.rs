//! A tag as the API shows it, with the count of conversations that carry it.

use std::collections::HashMap;

use helpscout_mailbox::ids::TagId;
use helpscout_mailbox::models::{Tag, Timestamp};

use crate::http;
use crate::state::{Data, TagRec};

pub(crate) fn render_tag(t: &TagRec, count: i64, base: &str) -> Tag {
    Tag {
        color: Some(t.color.clone()),
        created_at: Some(Timestamp::new(t.created_at)),
        id: TagId::new(t.id),
        links: Some(http::links([("self", format!("{base}/v2/tags/{}", t.id))])),
        name: t.name.clone(),
        slug: Some(t.slug.clone()),
        ticket_count: Some(count),
        updated_at: Some(Timestamp::new(t.updated_at)),
    }
}

/// A tag as `GET /v2/tags/{id}` shows it, for `tag.created` deliveries.
pub(crate) fn render_tag_for_webhook(d: &Data, t: &TagRec, base: &str) -> Tag {
    let count = tag_counts(d).get(&t.id).copied().unwrap_or(0);
    render_tag(t, count, base)
}

pub(crate) fn tag_counts(d: &Data) -> HashMap<i64, i64> {
    let mut counts = HashMap::new();
    for c in d.conversations.values().filter(|c| c.merged_into.is_none()) {
        for tag in &c.tag_ids {
            *counts.entry(*tag).or_insert(0) += 1;
        }
    }
    counts
}
