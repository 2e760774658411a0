//! The simulator's webhook deliveries, end to end: changes made through the client reach an
//! axum receiver that verifies them with `webhooks::axum::VerifiedEvent`, and every attempt
//! (answered, refused, failed) is recorded in the simulator's state.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use helpscout_mailbox::Client;
use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId};
use helpscout_mailbox::models::{
    ConversationStatus, ConversationThreads, CreateConversationThread, Spelled, ThreadCustomer,
    ThreadType, WebhookEvent,
};
use helpscout_mailbox::webhooks::Event;
use helpscout_mailbox::webhooks::axum::{VerifiedEvent, WebhookSecret};
use helpscout_mailbox_simulator::{
    Delivery, DeliveryOutcome, RunningSimulator, Simulator, SimulatorError,
};

/// Generous: only reached when something is broken (nothing here asserts on timing).
const WAIT: Duration = Duration::from_secs(20);

/// What a receiver accepted: the verified event and the `Content-Type` it came with.
#[derive(Clone, Debug)]
struct Received {
    event: Event,
    content_type: Option<String>,
}

#[derive(Clone)]
struct ReceiverState {
    secret: WebhookSecret,
    got: Arc<Mutex<Vec<Received>>>,
}

impl FromRef<ReceiverState> for WebhookSecret {
    fn from_ref(state: &ReceiverState) -> Self {
        state.secret.clone()
    }
}

async fn on_webhook(
    State(state): State<ReceiverState>,
    headers: HeaderMap,
    VerifiedEvent(event): VerifiedEvent,
) -> StatusCode {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    state.got.lock().expect("receiver lock").push(Received {
        event,
        content_type,
    });
    StatusCode::OK
}

/// A webhook receiver on 127.0.0.1 verifying with `secret`: its URL and what it accepted.
/// Deliveries that do not verify are answered by the extractor (401) and not kept.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(secret: &str) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/helpscout", post(on_webhook))
            .with_state(ReceiverState {
                secret: WebhookSecret::new(secret),
                got: Arc::clone(&got),
            });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind the receiver");
        let addr = listener.local_addr().expect("receiver address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            url: format!("http://{addr}/helpscout"),
            got,
        }
    }

    fn events(&self) -> Vec<Received> {
        self.got.lock().expect("receiver lock").clone()
    }
}

async fn simulator() -> (RunningSimulator, Client) {
    let sim = Simulator::builder()
        .conversations(12)
        .seed(11)
        .start()
        .await
        .expect("simulator starts");
    let client = sim.client_builder().build().expect("client");
    (sim, client)
}

async fn register(
    client: &Client,
    url: &str,
    events: &[WebhookEvent],
    secret: &str,
    mailboxes: &[i64],
) -> i64 {
    client
        .webhooks()
        .create(url, events.iter().cloned(), secret)
        .mailbox_ids(mailboxes.iter().copied().map(MailboxId::new))
        .send()
        .await
        .expect("webhook created")
        .get()
}

async fn new_conversation(client: &Client, mailbox: i64, email: &str, subject: &str) -> i64 {
    client
        .conversations()
        .create(
            MailboxId::new(mailbox),
            ThreadCustomer::by_email(email),
            subject,
            CreateConversationThread::customer("It’s on fire — please help"),
        )
        .await
        .expect("conversation created")
        .get()
}

fn names(deliveries: &[Delivery]) -> Vec<&str> {
    deliveries.iter().map(|d| d.event.as_str()).collect()
}

fn thread_types(event: &Event) -> Vec<ThreadType> {
    match event.conversation().and_then(|c| c.threads.clone()) {
        Some(ConversationThreads::Array(threads)) => threads
            .into_iter()
            .filter_map(|t| t.type_)
            .map(Spelled::into_value)
            .collect(),
        other => panic!("{}: threads not sent as an array: {other:?}", event.name()),
    }
}

#[tokio::test]
async fn changes_through_the_client_reach_a_verifying_receiver() {
    let secret = "receiver-secret";
    let receiver = Receiver::start(secret).await;
    let (sim, client) = simulator().await;
    let state = sim.state();
    assert!(
        state.deliveries().is_empty(),
        "seeding delivers nothing: {:?}",
        state.deliveries()
    );
    let mailbox = state.mailbox_ids()[0];
    let hook = register(
        &client,
        &receiver.url,
        &[
            WebhookEvent::ConvoCreated,
            WebhookEvent::ConvoAgentReplyCreated,
            WebhookEvent::ConvoNoteCreated,
            WebhookEvent::ConvoCustomerReplyCreated,
            WebhookEvent::ConvoStatus,
            WebhookEvent::ConvoTags,
            WebhookEvent::CustomerCreated,
            WebhookEvent::CustomerUpdated,
            WebhookEvent::TagCreated,
        ],
        secret,
        &[],
    )
    .await;

    // A new customer (by e-mail) and a new tag come with the conversation.
    let conversation = client
        .conversations()
        .create(
            MailboxId::new(mailbox),
            ThreadCustomer::by_email("pat.webhook@example.com"),
            "Printer / scanner on fire",
            CreateConversationThread::customer("It’s on fire — please help"),
        )
        .tags(["Hooked"])
        .await
        .expect("conversation created");
    let customer = state
        .conversation(conversation.get())
        .map(|c| c.primary_customer.id.get())
        .expect("primary customer");
    client
        .threads()
        .reply(conversation, CustomerId::new(customer), "On our way")
        .send()
        .await
        .expect("reply");
    client
        .threads()
        .note(conversation, "Brought an extinguisher")
        .send()
        .await
        .expect("note")
        .id()
        .expect("the note's id");
    client
        .conversations()
        .set_status(conversation, ConversationStatus::Closed)
        .await
        .expect("status");
    client
        .conversations()
        .replace_tags(conversation, ["hooked", "fire-drill"])
        .await
        .expect("tags");
    let ann = client
        .customers()
        .create()
        .first_name("Ann")
        .email("ann.webhook@example.com")
        .await
        .expect("customer created");
    client
        .customers()
        .patch(ann)
        .replace_first_name("Anna")
        .send()
        .await
        .expect("customer patched");

    let deliveries = state
        .wait_for_deliveries_to(hook, 10, WAIT)
        .await
        .expect("ten deliveries");
    assert_eq!(
        names(&deliveries),
        [
            "customer.created",
            "tag.created",
            "convo.created",
            "convo.agent.reply.created",
            "convo.note.created",
            "convo.status",
            "tag.created",
            "convo.tags",
            "customer.created",
            "customer.updated",
        ]
    );
    for d in &deliveries {
        assert_eq!(d.outcome, DeliveryOutcome::Answered(200), "{d:?}");
        assert!(d.succeeded());
        assert_eq!(d.url, receiver.url);
    }
    // PHP-style bodies, as Help Scout sends them: `\/` and `\uXXXX` escapes.
    let created = &deliveries[2];
    assert!(
        created.body.contains(r"Printer \/ scanner on fire"),
        "{}",
        created.body
    );
    assert!(
        created
            .body
            .contains(r"It\u2019s on fire \u2014 please help")
    );
    assert!(created.body.is_ascii());

    let got = receiver.events();
    assert_eq!(got.len(), 10, "{got:#?}");
    for r in &got {
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
    }
    let events: Vec<&Event> = got.iter().map(|r| &r.event).collect();
    let Event::CustomerCreated(c) = events[0] else {
        panic!("{:?}", events[0]);
    };
    assert_eq!(c.id, CustomerId::new(customer));
    let Event::TagCreated(t) = events[1] else {
        panic!("{:?}", events[1]);
    };
    assert_eq!(t.name, "hooked");
    let Event::ConvoCreated(c) = events[2] else {
        panic!("{:?}", events[2]);
    };
    assert_eq!(c.id, conversation);
    assert_eq!(c.mailbox_id, Some(MailboxId::new(mailbox)));
    assert_eq!(c.subject.as_deref(), Some("Printer / scanner on fire"));
    assert_eq!(thread_types(events[2]), [ThreadType::Customer]);
    assert!(matches!(events[3], Event::ConvoAgentReplyCreated(_)));
    assert_eq!(
        thread_types(events[3]),
        [ThreadType::Message, ThreadType::Customer]
    );
    assert!(matches!(events[4], Event::ConvoNoteCreated(_)));
    assert_eq!(thread_types(events[4])[0], ThreadType::Note);
    let Event::ConvoStatus(c) = events[5] else {
        panic!("{:?}", events[5]);
    };
    assert_eq!(c.id, conversation);
    assert_eq!(c.status.as_deref(), Some(&ConversationStatus::Closed));
    let Event::TagCreated(t) = events[6] else {
        panic!("{:?}", events[6]);
    };
    assert_eq!(t.name, "fire-drill");
    let Event::ConvoTags(c) = events[7] else {
        panic!("{:?}", events[7]);
    };
    let mut tags: Vec<&str> = c.tags.iter().map(|t| t.tag.as_str()).collect();
    tags.sort_unstable();
    assert_eq!(tags, ["fire-drill", "hooked"]);
    let Event::CustomerCreated(c) = events[8] else {
        panic!("{:?}", events[8]);
    };
    assert_eq!(c.id, ann);
    let Event::CustomerUpdated(c) = events[9] else {
        panic!("{:?}", events[9]);
    };
    assert_eq!(c.id, ann);
    assert_eq!(c.first_name.as_deref(), Some("Anna"));

    // The seeded webhooks point off the machine: their attempts are refused, not sent.
    let seeded: Vec<Delivery> = state
        .deliveries()
        .into_iter()
        .filter(|d| d.webhook_id != hook)
        .collect();
    assert!(!seeded.is_empty());
    for d in &seeded {
        assert!(
            matches!(&d.outcome, DeliveryOutcome::Refused(why) if why.contains("hooks.example")),
            "{d:?}"
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn customer_replies_and_deletions_carry_the_right_ids() {
    let secret = "another-secret";
    let receiver = Receiver::start(secret).await;
    let (sim, client) = simulator().await;
    let state = sim.state();
    let mailbox = state.mailbox_ids()[0];
    let conversation = new_conversation(&client, mailbox, "del@example.com", "To delete").await;
    let customer = state
        .conversation(conversation)
        .map(|c| c.primary_customer.id.get())
        .expect("primary customer");
    let hook = register(
        &client,
        &receiver.url,
        &[
            WebhookEvent::ConvoCustomerReplyCreated,
            WebhookEvent::ConvoDeleted,
            WebhookEvent::CustomerDeleted,
        ],
        secret,
        &[],
    )
    .await;
    client
        .threads()
        .customer(
            ConversationId::new(conversation),
            ThreadCustomer::by_id(CustomerId::new(customer)),
            "Any news?",
        )
        .send()
        .await
        .expect("customer thread");
    client
        .conversations()
        .delete(ConversationId::new(conversation))
        .await
        .expect("conversation deleted");
    client
        .customers()
        .delete(CustomerId::new(customer))
        .await
        .expect("customer deleted");

    let deliveries = state
        .wait_for_deliveries_to(hook, 3, WAIT)
        .await
        .expect("three deliveries");
    assert_eq!(
        names(&deliveries),
        [
            "convo.customer.reply.created",
            "convo.deleted",
            "customer.deleted"
        ]
    );
    assert_eq!(deliveries[1].body, format!(r#"{{"id":{conversation}}}"#));
    let got = receiver.events();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(
        matches!(&got[0].event, Event::ConvoCustomerReplyCreated(c) if c.id == ConversationId::new(conversation))
    );
    assert_eq!(thread_types(&got[0].event)[0], ThreadType::Customer);
    assert!(matches!(&got[1].event, Event::ConvoDeleted(d) if d.id.get() == conversation));
    assert!(matches!(&got[2].event, Event::CustomerDeleted(d) if d.id.get() == customer));
    sim.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_by_the_receiver_and_recorded() {
    let receiver = Receiver::start("the-receivers-secret").await;
    let (sim, client) = simulator().await;
    let state = sim.state();
    let hook = register(
        &client,
        &receiver.url,
        &[WebhookEvent::ConvoStatus],
        "not-the-receivers-secret",
        &[],
    )
    .await;
    let conversation = state.conversation_ids()[0];
    // The receiver's 401 does not make the API call fail.
    client
        .conversations()
        .set_status(ConversationId::new(conversation), ConversationStatus::Spam)
        .await
        .expect("status changed");
    let deliveries = state
        .wait_for_deliveries_to(hook, 1, WAIT)
        .await
        .expect("one delivery");
    assert_eq!(deliveries[0].outcome, DeliveryOutcome::Answered(401));
    assert_eq!(deliveries[0].status(), Some(401));
    assert!(!deliveries[0].succeeded());
    assert!(receiver.events().is_empty());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_webhook_limited_to_another_mailbox_gets_nothing_from_this_one() {
    let secret = "mailbox-secret";
    let limited_receiver = Receiver::start(secret).await;
    let open_receiver = Receiver::start(secret).await;
    let (sim, client) = simulator().await;
    let state = sim.state();
    let mailboxes = state.mailbox_ids();
    let (here, elsewhere) = (mailboxes[0], mailboxes[1]);
    let events = [
        WebhookEvent::ConvoCreated,
        WebhookEvent::ConvoStatus,
        WebhookEvent::ConvoMoved,
        WebhookEvent::CustomerCreated,
    ];
    // Registered first: for each event its attempt is queued (and made) before the others'.
    let limited = register(
        &client,
        &limited_receiver.url,
        &events,
        secret,
        &[elsewhere],
    )
    .await;
    let disabled = register(&client, &open_receiver.url, &events, secret, &[]).await;
    state
        .set_webhook_enabled(disabled, false)
        .expect("webhook exists");
    let open = register(&client, &open_receiver.url, &events, secret, &[]).await;

    let conversation = new_conversation(&client, here, "filter@example.com", "Here").await;
    client
        .conversations()
        .set_status(
            ConversationId::new(conversation),
            ConversationStatus::Pending,
        )
        .await
        .expect("status");
    let to_open = state
        .wait_for_deliveries_to(open, 3, WAIT)
        .await
        .expect("three deliveries to the open webhook");
    assert_eq!(
        names(&to_open),
        ["customer.created", "convo.created", "convo.status"]
    );
    // `customer.created` ignores mailbox filters; the conversation's events do not.
    let to_limited: Vec<Delivery> = state
        .deliveries()
        .into_iter()
        .filter(|d| d.webhook_id == limited)
        .collect();
    assert_eq!(names(&to_limited), ["customer.created"]);
    let got = limited_receiver.events();
    assert_eq!(got.len(), 1);
    assert!(matches!(got[0].event, Event::CustomerCreated(_)));
    assert!(
        state.deliveries().iter().all(|d| d.webhook_id != disabled),
        "a disabled webhook gets nothing"
    );

    // Moved into its mailbox, the conversation concerns it.
    client
        .conversations()
        .move_to(ConversationId::new(conversation), MailboxId::new(elsewhere))
        .await
        .expect("moved");
    let to_limited = state
        .wait_for_deliveries_to(limited, 2, WAIT)
        .await
        .expect("the move reaches the limited webhook");
    assert_eq!(names(&to_limited), ["customer.created", "convo.moved"]);
    let got = limited_receiver.events();
    assert!(
        matches!(&got[1].event, Event::ConvoMoved(c) if c.id == ConversationId::new(conversation) && c.mailbox_id == Some(MailboxId::new(elsewhere))),
        "{got:#?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn urls_off_the_machine_are_refused_and_recorded() {
    let (sim, client) = simulator().await;
    let state = sim.state();
    let mut hooks = Vec::new();
    for url in [
        "https://hooks.example.org/helpscout",
        "http://10.1.2.3:8080/helpscout",
        "http://localhost.example.net/helpscout",
    ] {
        hooks.push((
            url,
            register(&client, url, &[WebhookEvent::ConvoStatus], "secret", &[]).await,
        ));
    }
    client
        .conversations()
        .set_status(
            ConversationId::new(state.conversation_ids()[0]),
            ConversationStatus::Closed,
        )
        .await
        .expect("status changed");
    for (url, hook) in hooks {
        let deliveries = state
            .wait_for_deliveries_to(hook, 1, WAIT)
            .await
            .expect("one attempt");
        assert_eq!(deliveries[0].url, url);
        assert_eq!(deliveries[0].event, WebhookEvent::ConvoStatus);
        assert!(
            matches!(&deliveries[0].outcome, DeliveryOutcome::Refused(why) if why.contains("loopback")),
            "{deliveries:?}"
        );
        assert_eq!(deliveries[0].status(), None);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_receiver_is_recorded_as_failed_without_failing_the_call() {
    // A loopback port that nothing listens on any more.
    let port = {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind");
        listener.local_addr().expect("address").port()
    };
    let (sim, client) = simulator().await;
    let state = sim.state();
    let hook = register(
        &client,
        &format!("http://127.0.0.1:{port}/gone"),
        &[WebhookEvent::ConvoAssigned],
        "secret",
        &[],
    )
    .await;
    let conversation = ConversationId::new(state.conversation_ids()[1]);
    client
        .conversations()
        .unassign(conversation)
        .await
        .expect("unassigned");
    let deliveries = state
        .wait_for_deliveries_to(hook, 1, WAIT)
        .await
        .expect("one attempt");
    assert_eq!(deliveries[0].event, WebhookEvent::ConvoAssigned);
    assert!(
        matches!(deliveries[0].outcome, DeliveryOutcome::Failed(_)),
        "{deliveries:?}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_test_ping_and_merges_are_delivered() {
    let secret = "ping-secret";
    let receiver = Receiver::start(secret).await;
    let (sim, client) = simulator().await;
    let state = sim.state();
    let hook = register(
        &client,
        &receiver.url,
        &[WebhookEvent::ConvoMerged],
        secret,
        &[],
    )
    .await;
    state.send_test_event(hook).expect("webhook exists");
    let ids = state.conversation_ids();
    state.merge_conversations(ids[2], ids[3]).expect("merged");
    let deliveries = state
        .wait_for_deliveries_to(hook, 2, WAIT)
        .await
        .expect("two deliveries");
    assert_eq!(names(&deliveries), ["helpscout.test", "convo.merged"]);
    let got = receiver.events();
    assert!(got[0].event.is_test(), "{got:#?}");
    assert!(matches!(&got[1].event, Event::ConvoMerged(c) if c.id == ConversationId::new(ids[3])));
    assert!(matches!(
        state.send_test_event(-1),
        Err(SimulatorError::NotFound(_))
    ));
    sim.shutdown().await;
}

#[tokio::test]
async fn waiting_for_more_deliveries_than_come_times_out() {
    let (sim, _client) = simulator().await;
    let state = sim.state();
    let result = state
        .wait_for_deliveries(1, Duration::from_millis(50))
        .await;
    assert!(
        matches!(
            result,
            Err(SimulatorError::DeliveryTimeout {
                expected: 1,
                recorded: 0
            })
        ),
        "{result:?}"
    );
    sim.shutdown().await;
}
