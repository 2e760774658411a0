//! The v1 scoped conversation lists of `helpscout_mailbox::guide::v1`, each run as the v2
//! call the guide maps it to, against the simulator: the call must return exactly the
//! conversations the v1 path scoped (of every status, as v1's default was), newest first;
//! and without `status(All)` the same call must return only the active ones, the v2 default
//! the guide warns about.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryStreamExt;
use helpscout_mailbox::List;
use helpscout_mailbox::ids::{CustomerId, MailboxId, UserId};
use helpscout_mailbox::models::{Conversation, ConversationStatus, ConversationStatusFilter};
use helpscout_mailbox::resources::conversations::ListConversations;
use helpscout_mailbox::{Client, Result};
use helpscout_mailbox_simulator::{RunningSimulator, Simulator};

struct Env {
    _sim: RunningSimulator,
    client: Client,
    /// Every conversation, as the simulator's state renders it: the oracle.
    all: Vec<Conversation>,
    /// The mailbox with the most conversations.
    mailbox: i64,
}

async fn env() -> Env {
    let sim = Simulator::builder()
        .conversations(90)
        .seed(16)
        .without_rate_limit()
        .start()
        .await
        .expect("simulator starts");
    let client = sim.client_builder().build().expect("client");
    let state = sim.state();
    let all: Vec<Conversation> = state
        .conversation_ids()
        .into_iter()
        .filter_map(|id| state.conversation(id))
        .collect();
    let mut per_mailbox: BTreeMap<i64, usize> = BTreeMap::new();
    for c in &all {
        *per_mailbox
            .entry(c.mailbox_id.expect("mailboxId").get())
            .or_default() += 1;
    }
    let mailbox = per_mailbox
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
        .map(|(id, _)| *id)
        .expect("conversations were seeded");
    Env {
        _sim: sim,
        client,
        all,
        mailbox,
    }
}

impl Env {
    fn in_mailbox(&self) -> impl Iterator<Item = &Conversation> {
        self.all
            .iter()
            .filter(move |c| c.mailbox_id == Some(MailboxId::new(self.mailbox)))
    }

    fn list(&self) -> List<'_, ListConversations> {
        self.client
            .conversations()
            .list()
            .mailboxes([MailboxId::new(self.mailbox)])
    }

    /// Runs `scoped` as v1 did (every status) and as v2 does by default (active only), and
    /// checks both against the oracle's `expected`.
    async fn check(
        &self,
        scoped: impl Fn(List<'_, ListConversations>) -> List<'_, ListConversations>,
        expected: Vec<&Conversation>,
    ) -> Result<()> {
        let every: BTreeSet<i64> = expected.iter().map(|c| c.id.get()).collect();
        let active: BTreeSet<i64> = expected
            .iter()
            .filter(|c| c.status.as_deref() == Some(&ConversationStatus::Active))
            .map(|c| c.id.get())
            .collect();
        assert!(!every.is_empty(), "the scope must hold conversations");
        assert_ne!(
            every, active,
            "the scope must hold conversations that are not active, or the status default goes untested"
        );

        let listed: Vec<Conversation> = scoped(self.list())
            .status(ConversationStatusFilter::All)
            .stream()
            .try_collect()
            .await?;
        let ids: BTreeSet<i64> = listed.iter().map(|c| c.id.get()).collect();
        assert_eq!(ids, every, "v2 with status=all lists what v1 listed");
        assert_eq!(ids.len(), listed.len(), "no conversation twice");
        let created: Vec<_> = listed.iter().map(|c| c.created_at).collect();
        assert!(
            created.windows(2).all(|w| w[0] >= w[1]),
            "newest first, as v1 always sorted"
        );

        let default: BTreeSet<i64> = scoped(self.list())
            .stream()
            .map_ok(|c| c.id.get())
            .try_collect()
            .await?;
        assert_eq!(
            default, active,
            "without status=all v2 lists active ones only"
        );
        Ok(())
    }
}

/// The most frequent value of `key` among `items` (ties: the smallest).
fn most_common(items: impl Iterator<Item = i64>) -> i64 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .map(|(id, _)| id)
        .expect("at least one")
}

#[tokio::test]
async fn conversations_in_a_mailbox() -> Result<()> {
    let env = env().await;
    let expected = env.in_mailbox().collect();
    env.check(|list| list, expected).await
}

#[tokio::test]
async fn conversations_in_a_folder_of_a_mailbox() -> Result<()> {
    let env = env().await;
    // The folder of the mailbox's closed conversations: v1 listed them; v2 by default
    // lists nothing there at all.
    let folder = env
        .in_mailbox()
        .find(|c| c.status.as_deref() == Some(&ConversationStatus::Closed))
        .and_then(|c| c.folder_id)
        .expect("a closed conversation with a folder");
    let expected: Vec<&Conversation> = env
        .in_mailbox()
        .filter(|c| c.folder_id == Some(folder))
        .collect();
    env.check(|list| list.folder(folder), expected).await
}

#[tokio::test]
async fn conversations_of_a_customer_in_a_mailbox() -> Result<()> {
    let env = env().await;
    let customer_of = |c: &Conversation| Some(c.primary_customer.id.get());
    // A customer with a conversation that is not active, and as many as possible.
    let candidates: BTreeSet<i64> = env
        .in_mailbox()
        .filter(|c| c.status.as_deref() != Some(&ConversationStatus::Active))
        .filter_map(customer_of)
        .collect();
    let customer = most_common(
        env.in_mailbox()
            .filter_map(customer_of)
            .filter(|id| candidates.contains(id)),
    );
    let expected: Vec<&Conversation> = env
        .in_mailbox()
        .filter(|c| customer_of(c) == Some(customer))
        .collect();
    env.check(|list| list.customers([CustomerId::new(customer)]), expected)
        .await
}

#[tokio::test]
async fn conversations_assigned_to_a_user_in_a_mailbox() -> Result<()> {
    let env = env().await;
    let assignee_of = |c: &Conversation| c.assignee.as_ref().and_then(|p| p.id).map(UserId::get);
    let candidates: BTreeSet<i64> = env
        .in_mailbox()
        .filter(|c| c.status.as_deref() != Some(&ConversationStatus::Active))
        .filter_map(assignee_of)
        .collect();
    let user = most_common(
        env.in_mailbox()
            .filter_map(assignee_of)
            .filter(|id| candidates.contains(id)),
    );
    let expected: Vec<&Conversation> = env
        .in_mailbox()
        .filter(|c| assignee_of(c) == Some(user))
        .collect();
    env.check(|list| list.assigned_to(UserId::new(user)), expected)
        .await
}
