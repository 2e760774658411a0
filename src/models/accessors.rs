//! Short ways to the values users otherwise dig for through nested `Option`s and HAL
//! `_embedded` objects. Each is a plain read of the model; none makes a request.

use super::{Attachment, Conversation, ConversationTag, ConversationThreads, Customer, Thread};
use crate::ids::{CustomerId, UserId};

impl Conversation {
    /// The id of the customer the conversation is with: what `client.threads().reply(..)`
    /// needs.
    ///
    /// ```
    /// use helpscout_mailbox::ids::{ConversationId, CustomerId};
    /// use helpscout_mailbox::models::Conversation;
    ///
    /// let c: Conversation = serde_json::from_str(
    ///     r#"{"id": 10, "primaryCustomer": {"id": 20, "email": "ann@example.com"}}"#,
    /// )?;
    /// assert_eq!(c.id, ConversationId::new(10));
    /// assert_eq!(c.primary_customer_id(), CustomerId::new(20));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn primary_customer_id(&self) -> CustomerId {
        self.primary_customer.id
    }

    /// The id of the user the conversation is assigned to; `None` when it is unassigned (or
    /// the assignee is a deleted user). A team assignee gives the team's id here, as the API
    /// reports it; [`UserRef::team_id`](super::UserRef::team_id) tells teams apart.
    pub fn assignee_id(&self) -> Option<UserId> {
        self.assignee.as_ref().and_then(|assignee| assignee.id)
    }

    /// The names of the conversation's tags, in the order the API lists them.
    ///
    /// ```
    /// use helpscout_mailbox::models::Conversation;
    ///
    /// let c: Conversation = serde_json::from_str(
    ///     r#"{"id": 1, "primaryCustomer": {"id": 2},
    ///         "tags": [{"id": 7, "tag": "billing"}, {"id": 8, "tag": "vip"}]}"#,
    /// )?;
    /// assert_eq!(c.tag_names().collect::<Vec<_>>(), ["billing", "vip"]);
    /// assert!(c.has_tag("VIP"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(ConversationTag::name)
    }

    /// Whether the conversation carries the tag `name`, ignoring ASCII case (Help Scout
    /// stores tags in lower case but accepts any case when tagging).
    pub fn has_tag(&self, name: &str) -> bool {
        self.tag_names().any(|tag| tag.eq_ignore_ascii_case(name))
    }

    /// The threads that came with the conversation, newest first: those embedded on request
    /// (`embed=threads`, the builders' `embed_threads()`), or the thread objects that webhook
    /// payloads send in `threads`. Empty when the conversation was read without them (a plain
    /// `GET` only counts them; see [`thread_count`](Self::thread_count)).
    ///
    /// ```
    /// use helpscout_mailbox::ids::ThreadId;
    /// use helpscout_mailbox::models::Conversation;
    ///
    /// let c: Conversation = serde_json::from_str(
    ///     r#"{"id": 1, "primaryCustomer": {"id": 2}, "threads": 2,
    ///         "_embedded": {"threads": [{"id": 31}, {"id": 30}]}}"#,
    /// )?;
    /// let ids: Vec<ThreadId> = c.embedded_threads().iter().map(|t| t.id).collect();
    /// assert_eq!(ids, [ThreadId::new(31), ThreadId::new(30)]);
    /// assert_eq!(c.thread_count(), Some(2));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn embedded_threads(&self) -> &[Thread] {
        if let Some(embedded) = &self.embedded
            && !embedded.threads.is_empty()
        {
            return &embedded.threads;
        }
        match &self.threads {
            Some(ConversationThreads::Array(threads)) => threads,
            _ => &[],
        }
    }

    /// How many threads the conversation has, as the API counts them (or as many as a
    /// webhook sent); `None` when the payload has no `threads`.
    pub fn thread_count(&self) -> Option<u64> {
        self.threads.as_ref().map(ConversationThreads::count)
    }
}

impl ConversationTag {
    /// The tag's name (the API sends it under `tag`).
    pub fn name(&self) -> &str {
        &self.tag
    }
}

impl Thread {
    /// The files attached to the thread; empty when it has none.
    pub fn attachments(&self) -> &[Attachment] {
        self.embedded
            .as_ref()
            .map_or(&[], |embedded| embedded.attachments.as_slice())
    }
}

impl Customer {
    /// The customer's email addresses, in the order the API lists them; empty unless the
    /// response embedded them (`getCustomer` does, lists do not).
    ///
    /// ```
    /// use helpscout_mailbox::models::Customer;
    ///
    /// let c: Customer = serde_json::from_str(
    ///     r#"{"id": 5, "_embedded": {"emails": [{"id": 1, "value": "ann@example.com", "type": "work"}]}}"#,
    /// )?;
    /// assert_eq!(c.email_addresses().collect::<Vec<_>>(), ["ann@example.com"]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn email_addresses(&self) -> impl Iterator<Item = &str> {
        self.embedded
            .iter()
            .flat_map(|embedded| embedded.emails.iter())
            .filter_map(|email| email.value.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::ids::ThreadId;

    fn conversation(value: serde_json::Value) -> Conversation {
        serde_json::from_value(value).expect("a conversation")
    }

    #[test]
    fn embedded_threads_come_from_embed_or_from_a_webhook_list() {
        let plain = conversation(json!({ "id": 1, "primaryCustomer": { "id": 2 }, "threads": 3 }));
        assert!(plain.embedded_threads().is_empty());
        assert_eq!(plain.thread_count(), Some(3));
        let webhook = conversation(json!({
            "id": 1, "primaryCustomer": { "id": 2 }, "threads": [{ "id": 9 }],
        }));
        let ids: Vec<_> = webhook.embedded_threads().iter().map(|t| t.id).collect();
        assert_eq!(ids, [ThreadId::new(9)]);
        assert_eq!(webhook.thread_count(), Some(1));
        let bare = conversation(json!({ "id": 1, "primaryCustomer": { "id": 2 } }));
        assert!(bare.embedded_threads().is_empty());
        assert_eq!(bare.thread_count(), None);
    }

    #[test]
    fn assignee_and_tags() {
        let c = conversation(json!({
            "id": 1, "primaryCustomer": { "id": 2 },
            "assignee": { "id": 4, "type": "user" },
            "tags": [{ "id": 1, "tag": "Billing" }],
        }));
        assert_eq!(c.assignee_id(), Some(UserId::new(4)));
        assert!(c.has_tag("billing"));
        assert!(!c.has_tag("bill"));
        let unassigned = conversation(json!({ "id": 1, "primaryCustomer": { "id": 2 } }));
        assert_eq!(unassigned.assignee_id(), None);
        assert_eq!(unassigned.tag_names().count(), 0);
    }

    #[test]
    fn attachments_and_emails_default_to_empty() {
        let thread: Thread = serde_json::from_value(json!({ "id": 1 })).unwrap();
        assert!(thread.attachments().is_empty());
        let thread: Thread = serde_json::from_value(json!({
            "id": 1, "_embedded": { "attachments": [{ "id": 3, "filename": "a.pdf" }] },
        }))
        .unwrap();
        assert_eq!(thread.attachments()[0].filename.as_deref(), Some("a.pdf"));
        let customer: Customer = serde_json::from_value(json!({ "id": 1 })).unwrap();
        assert_eq!(customer.email_addresses().count(), 0);
    }
}
