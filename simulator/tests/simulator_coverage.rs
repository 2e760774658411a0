//! Behaviour the simulator implements that no other test pinned: the thread DELETE refusal,
//! phone threads reopening, the webhook label fallback, sorting by `waitingSince`, the
//! folder, assignee, customer and custom-field filters, snooze and schedule state in
//! conversations and threads, the GDPR delete answers, the customer properties embedded in
//! get and list, and the cc/bcc of a new conversation's threads. Through the facade where it
//! has the operation, with plain HTTP where the status itself is the point.

use std::collections::BTreeSet;

use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{
    ConversationId, CustomFieldId, CustomerId, MailboxId, ThreadId, UserId, WebhookId,
};
use helpscout_mailbox::models::{
    Conversation, ConversationSortField, ConversationStatus, ConversationStatusFilter,
    CreateConversationThread, MailboxCustomFieldType, NextEventType, SortOrder, Spelled,
    ThreadCustomer, ThreadType, Timestamp, WebhookEvent,
};
use helpscout_mailbox::{Client, Error, Result};
use helpscout_mailbox_simulator::{RunningSimulator, Simulator};
use reqwest::StatusCode;
use serde_json::Value;

struct Env {
    sim: RunningSimulator,
    client: Client,
}

async fn env() -> Env {
    let sim = Simulator::builder()
        .conversations(80)
        .seed(5)
        .without_rate_limit()
        .start()
        .await
        .expect("simulator starts");
    let client = sim.client_builder().build().expect("client");
    Env { sim, client }
}

impl Env {
    /// Every conversation as the simulator's state renders it: the oracle for filters.
    fn all(&self) -> Vec<Conversation> {
        let state = self.sim.state();
        state
            .conversation_ids()
            .into_iter()
            .filter_map(|id| state.conversation(id))
            .collect()
    }

    /// A plain HTTP request with a fresh token, for statuses the facade hides.
    async fn raw(&self, method: reqwest::Method, path: &str) -> (StatusCode, Value) {
        let http = helpscout_mailbox::tls::http_client_builder()
            .build()
            .unwrap();
        let token: Value = http
            .post(format!("{}/v2/oauth2/token", self.sim.base_url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.sim.app_id()),
                ("client_secret", self.sim.app_secret()),
            ])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token json");
        let response = http
            .request(method, format!("{}{path}", self.sim.base_url()))
            .bearer_auth(token["access_token"].as_str().expect("access_token"))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    async fn listed(
        &self,
        list: helpscout_mailbox::List<
            '_,
            helpscout_mailbox::resources::conversations::ListConversations,
        >,
    ) -> Result<BTreeSet<i64>> {
        list.status(ConversationStatusFilter::All)
            .stream()
            .map_ok(|c| c.id.get())
            .try_collect()
            .await
    }

    async fn status_of(&self, id: i64) -> Result<Option<ConversationStatus>> {
        Ok(self
            .client
            .conversations()
            .get(ConversationId::new(id))
            .send()
            .await?
            .status
            .map(Spelled::into_value))
    }
}

fn ids_where(all: &[Conversation], keep: impl Fn(&Conversation) -> bool) -> BTreeSet<i64> {
    all.iter().filter(|c| keep(c)).map(|c| c.id.get()).collect()
}

fn first_thread(env: &Env, conversation: i64) -> i64 {
    env.sim
        .state()
        .threads(conversation)
        .and_then(|threads| threads.first().map(|t| t.id.get()))
        .expect("a thread")
}

#[tokio::test]
async fn deleting_a_thread_is_a_400_and_the_thread_stays() -> Result<()> {
    let env = env().await;
    let conversation = env.sim.state().conversation_ids()[0];
    let thread = first_thread(&env, conversation);
    let (status, body) = env
        .raw(
            reqwest::Method::DELETE,
            &format!("/v2/conversations/{conversation}/threads/{thread}"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be deleted")),
        "{body}"
    );
    assert!(body["logRef"].is_string(), "Help Scout-shaped: {body}");
    let threads = env
        .client
        .threads()
        .list(ConversationId::new(conversation))
        .stream()
        .map_ok(|t| t.id)
        .try_collect::<Vec<_>>()
        .await?;
    assert!(threads.contains(&ThreadId::new(thread)));
    Ok(())
}

#[tokio::test]
async fn a_phone_thread_reopens_a_closed_conversation_unless_imported() -> Result<()> {
    let env = env().await;
    let id = env.sim.state().conversation_ids()[0];
    let conversation = ConversationId::new(id);
    let caller = ThreadCustomer::by_email("caller@example.com");
    env.client
        .conversations()
        .set_status(conversation, ConversationStatus::Closed)
        .send()
        .await?;
    env.client
        .threads()
        .phone(conversation, caller.clone(), "Called back")
        .send()
        .await?;
    assert_eq!(env.status_of(id).await?, Some(ConversationStatus::Active));

    env.client
        .conversations()
        .set_status(conversation, ConversationStatus::Closed)
        .send()
        .await?;
    env.client
        .threads()
        .phone(conversation, caller, "An old call, imported")
        .imported()
        .send()
        .await?;
    assert_eq!(env.status_of(id).await?, Some(ConversationStatus::Closed));
    Ok(())
}

#[tokio::test]
async fn a_webhook_without_label_reads_back_with_the_fallback_label() -> Result<()> {
    let env = env().await;
    let hooks = env.client.webhooks();
    let url = "http://127.0.0.1:9/hook";
    let unnamed = hooks
        .create(url, [WebhookEvent::ConvoCreated], "secret")
        .send()
        .await?;
    let named = hooks
        .create(url, [WebhookEvent::ConvoCreated], "secret")
        .label("sync")
        .send()
        .await?;
    let client = &env.client;
    let label =
        |id: WebhookId| async move { client.webhooks().get(id).send().await.map(|w| w.label) };
    assert_eq!(label(unnamed).await?.as_deref(), Some("Webhooks"));
    assert_eq!(label(named).await?.as_deref(), Some("sync"));
    // An update is a full replacement: leaving the label out gives the fallback again.
    env.client
        .webhooks()
        .update(named, url, [WebhookEvent::ConvoCreated], "secret")
        .send()
        .await?;
    assert_eq!(label(named).await?.as_deref(), Some("Webhooks"));
    Ok(())
}

#[tokio::test]
async fn sorting_by_waiting_since_orders_by_the_customers_wait() -> Result<()> {
    let env = env().await;
    let waits = |order: SortOrder| {
        env.client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .sort_field(ConversationSortField::WaitingSince)
            .sort_order(order)
            .stream()
            .map_ok(|c| c.customer_waiting_since.and_then(|w| w.time))
            .try_collect::<Vec<Option<Timestamp>>>()
    };
    let ascending = waits(SortOrder::Asc).await?;
    let waiting: BTreeSet<_> = ascending.iter().flatten().collect();
    assert!(waiting.len() >= 2, "the seed has customers waiting");
    assert!(
        ascending.windows(2).all(|w| w[0] <= w[1]),
        "not waiting first, then the longest wait"
    );
    let mut descending = waits(SortOrder::Desc).await?;
    descending.reverse();
    assert_eq!(descending, ascending);
    Ok(())
}

#[tokio::test]
async fn folder_assignee_and_customer_filters_across_mailboxes() -> Result<()> {
    let env = env().await;
    let all = env.all();
    let list = || env.client.conversations().list();

    let folder = all
        .iter()
        .find(|c| c.status.as_deref() == Some(&ConversationStatus::Closed))
        .and_then(|c| c.folder_id)
        .expect("a closed conversation");
    assert_eq!(
        env.listed(list().folder(folder)).await?,
        ids_where(&all, |c| c.folder_id == Some(folder))
    );

    let user = all
        .iter()
        .find_map(|c| c.assignee.as_ref().and_then(|a| a.id))
        .expect("an assigned conversation");
    let assigned = ids_where(&all, |c| {
        c.assignee.as_ref().and_then(|a| a.id) == Some(user)
    });
    assert_eq!(env.listed(list().assigned_to(user)).await?, assigned);

    let customer_of = |c: &Conversation| Some(c.primary_customer.id.get());
    let customer = all.iter().find_map(customer_of).expect("a customer");
    let second = all
        .iter()
        .filter_map(customer_of)
        .find(|id| *id != customer)
        .expect("another customer");
    assert_eq!(
        env.listed(
            list()
                .customers([CustomerId::new(customer)])
                .customers([CustomerId::new(second)])
        )
        .await?,
        ids_where(&all, |c| {
            customer_of(c) == Some(customer) || customer_of(c) == Some(second)
        })
    );
    // The customer filter AND-ed with a search of one's own that has an OR: only the
    // customer's closed or spam conversations, for a customer who has others too.
    let done = |c: &Conversation| {
        matches!(
            c.status.as_deref(),
            Some(ConversationStatus::Closed | ConversationStatus::Spam)
        )
    };
    let mixed = all
        .iter()
        .filter_map(customer_of)
        .find(|id| {
            let theirs = || all.iter().filter(|c| customer_of(c) == Some(*id));
            theirs().any(done) && !theirs().all(done)
        })
        .expect("a customer with closed and open conversations");
    let expected = ids_where(&all, |c| customer_of(c) == Some(mixed) && done(c));
    assert!(!expected.is_empty());
    assert_eq!(
        env.listed(
            list()
                .customers([CustomerId::new(mixed)])
                .query("status:closed OR status:spam")
        )
        .await?,
        expected
    );
    Ok(())
}

#[tokio::test]
async fn the_custom_field_filter_matches_dropdown_values_and_needs_a_mailbox() -> Result<()> {
    let env = env().await;
    let all = env.all();
    let mut found = None;
    for mailbox in env.sim.state().mailbox_ids() {
        let fields = env
            .client
            .mailboxes()
            .custom_fields(MailboxId::new(mailbox))
            .send()
            .await?;
        let dropdowns: Vec<CustomFieldId> = fields
            .items
            .iter()
            .filter(|f| f.type_.as_deref() == Some(&MailboxCustomFieldType::Dropdown))
            .map(|f| f.id)
            .collect();
        found = all
            .iter()
            .filter(|c| c.mailbox_id == Some(MailboxId::new(mailbox)))
            .flat_map(|c| c.custom_fields.iter())
            .find(|f| f.id.is_some_and(|id| dropdowns.contains(&id)) && f.value.is_some())
            .map(|f| {
                (
                    mailbox,
                    f.id.expect("a field id"),
                    f.value.clone().unwrap_or_default(),
                )
            });
        if found.is_some() {
            break;
        }
    }
    let (mailbox, field, value) = found.expect("a conversation with a dropdown value");
    let expected = ids_where(&all, |c| {
        c.mailbox_id == Some(MailboxId::new(mailbox))
            && c.custom_fields
                .iter()
                .any(|f| f.id == Some(field) && f.value.as_deref() == Some(value.as_str()))
    });
    let listed = env
        .listed(
            env.client
                .conversations()
                .list()
                .mailboxes([MailboxId::new(mailbox)])
                .custom_fields([(field, value.clone())]),
        )
        .await?;
    assert_eq!(listed, expected);

    let without_mailbox = env
        .client
        .conversations()
        .list()
        .custom_fields([(field, value)])
        .send()
        .await;
    match without_mailbox {
        Err(Error::Validation(e)) => {
            assert_eq!(e.fields()[0].path(), Some("customFieldsByIds"));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn snooze_state_shows_in_the_conversation_and_ends_on_a_customer_reply() -> Result<()> {
    let env = env().await;
    let id = env.sim.state().conversation_ids()[1];
    let conversation = ConversationId::new(id);
    let until: Timestamp = "2031-05-01T09:00:00Z".parse().expect("time");
    env.client
        .conversations()
        .snooze(conversation, until, true)
        .send()
        .await?;
    let snoozed = env.client.conversations().get(conversation).send().await?;
    let snooze = snoozed.snooze.expect("snooze shown");
    assert_eq!(snooze.snoozed_until, Some(until));
    assert_eq!(snooze.unsnooze_on_customer_reply, Some(true));
    assert_eq!(
        snooze.snoozed_by,
        Some(UserId::new(env.sim.state().owner_user_id()))
    );
    let next = snoozed.next_event.expect("nextEvent shown");
    assert_eq!(next.event_type.as_deref(), Some(&NextEventType::Snooze));
    assert_eq!(next.time, Some(until));
    assert_eq!(next.cancel_on_customer_reply, Some(true));

    env.client
        .threads()
        .customer(
            conversation,
            ThreadCustomer::by_email("back@example.com"),
            "Any news?",
        )
        .send()
        .await?;
    let woken = env.client.conversations().get(conversation).send().await?;
    assert!(
        woken.snooze.is_none() && woken.next_event.is_none(),
        "{woken:?}"
    );

    // Without unsnoozeOnCustomerReply the snooze holds until unsnoozed.
    env.client
        .conversations()
        .snooze(conversation, until, false)
        .send()
        .await?;
    env.client
        .threads()
        .customer(
            conversation,
            ThreadCustomer::by_email("back@example.com"),
            "Again",
        )
        .send()
        .await?;
    let held = env.client.conversations().get(conversation).send().await?;
    assert!(held.snooze.is_some());
    env.client
        .conversations()
        .unsnooze(conversation)
        .send()
        .await?;
    let ended = env.client.conversations().get(conversation).send().await?;
    assert!(ended.snooze.is_none() && ended.next_event.is_none());
    Ok(())
}

#[tokio::test]
async fn schedule_state_shows_in_the_thread_and_the_conversation() -> Result<()> {
    let env = env().await;
    let id = env.sim.state().conversation_ids()[2];
    let conversation = ConversationId::new(id);
    let customer = env
        .client
        .conversations()
        .get(conversation)
        .send()
        .await?
        .primary_customer
        .id;
    let draft = env
        .client
        .threads()
        .reply(conversation, customer, "Later")
        .draft()
        .await?;
    let at: Timestamp = "2031-06-01T08:30:00Z".parse().expect("time");
    env.client
        .threads()
        .schedule(conversation, draft, at, false)
        .send()
        .await?;

    let client = &env.client;
    let scheduled_thread = |thread: ThreadId| async move {
        client
            .threads()
            .list(conversation)
            .stream()
            .try_filter(|t| std::future::ready(t.id == thread))
            .try_next()
            .await
            .map(|t| t.expect("listed").scheduled)
    };
    let schedule = scheduled_thread(draft).await?.expect("schedule shown");
    assert_eq!(schedule.scheduled_for, Some(at));
    assert_eq!(schedule.unschedule_on_customer_reply, Some(false));
    assert_eq!(
        schedule.scheduled_by,
        Some(UserId::new(env.sim.state().owner_user_id()))
    );
    let next = env
        .client
        .conversations()
        .get(conversation)
        .send()
        .await?
        .next_event
        .expect("nextEvent shown");
    assert_eq!(next.event_type.as_deref(), Some(&NextEventType::Scheduled));
    assert_eq!(next.time, Some(at));

    env.client
        .threads()
        .unschedule(conversation, draft)
        .send()
        .await?;
    assert!(scheduled_thread(draft).await?.is_none());
    let after = env.client.conversations().get(conversation).send().await?;
    assert!(after.next_event.is_none());
    Ok(())
}

#[tokio::test]
async fn gdpr_delete_refuses_over_100_conversations_unless_async() -> Result<()> {
    let env = env().await;
    let mailbox = MailboxId::new(env.sim.state().mailbox_ids()[0]);
    let email = "many@example.com";
    for n in 0..101 {
        env.client
            .conversations()
            .create(
                mailbox,
                ThreadCustomer::by_email(email),
                format!("Order {n}"),
                CreateConversationThread::customer("Hello"),
            )
            .send()
            .await?;
    }
    let customer = env
        .all()
        .iter()
        .find(|c| c.primary_customer.email.as_deref() == Some(email))
        .map(|c| c.primary_customer.id.get())
        .expect("the customer");

    let (status, body) = env
        .raw(
            reqwest::Method::DELETE,
            &format!("/v2/customers/{customer}"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("100")),
        "{body}"
    );
    let facade = env
        .client
        .customers()
        .delete(CustomerId::new(customer))
        .send()
        .await;
    assert!(matches!(facade, Err(Error::Forbidden(_))), "{facade:?}");
    assert_eq!(
        env.sim.state().counts().conversations,
        80 + 101,
        "nothing deleted"
    );

    let (status, _) = env
        .raw(
            reqwest::Method::DELETE,
            &format!("/v2/customers/{customer}?async=true"),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert!(env.sim.state().customer(customer).is_none());
    assert_eq!(
        env.sim.state().counts().conversations,
        80,
        "its conversations went too"
    );

    // A customer within the limit is deleted at once: 204.
    let small = env.sim.state().customer_ids()[0];
    let (status, _) = env
        .raw(reqwest::Method::DELETE, &format!("/v2/customers/{small}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    Ok(())
}

#[tokio::test]
async fn customer_properties_are_embedded_in_get_and_list() -> Result<()> {
    let env = env().await;
    let state = env.sim.state();
    let customer = state
        .customer_ids()
        .into_iter()
        .find(|id| {
            state
                .customer(*id)
                .and_then(|c| c.embedded)
                .is_some_and(|e| !e.properties.is_empty())
        })
        .expect("a seeded customer with property values");
    let got = env
        .client
        .customers()
        .get(CustomerId::new(customer))
        .send()
        .await?;
    let properties = got.embedded.expect("_embedded").properties;
    assert!(!properties.is_empty());
    assert!(
        properties
            .iter()
            .all(|p| p.slug.is_some() && p.value.is_some())
    );

    let listed = env
        .client
        .customers()
        .list()
        .stream()
        .try_filter(|c| std::future::ready(c.id == CustomerId::new(customer)))
        .try_next()
        .await?
        .expect("listed");
    assert_eq!(listed.embedded.expect("_embedded").properties, properties);
    Ok(())
}

#[tokio::test]
async fn a_new_conversations_threads_keep_their_cc_and_bcc() -> Result<()> {
    let env = env().await;
    let mailbox = MailboxId::new(env.sim.state().mailbox_ids()[0]);
    let id = env
        .client
        .conversations()
        .create(
            mailbox,
            ThreadCustomer::by_email("copied@example.com"),
            "Copies",
            CreateConversationThread::customer("Hello")
                .cc(["boss@example.com"])
                .bcc(["audit@example.com"]),
        )
        .await?;
    let threads = env.client.threads().list(id).send().await?.items;
    let thread = threads
        .iter()
        .find(|t| t.type_.as_deref() == Some(&ThreadType::Customer))
        .expect("the customer thread");
    assert_eq!(thread.cc, ["boss@example.com"]);
    assert_eq!(thread.bcc, ["audit@example.com"]);
    Ok(())
}
