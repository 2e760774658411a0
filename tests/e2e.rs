//! End to end: the facade (`Client` and its resource handlers) against the embedded simulator,
//! over a real loopback socket. Where `simulator/tests/simulator.rs` checks each quirk of the simulator
//! with raw HTTP, this file checks that the client and the simulator agree on them, so that
//! neither can drift into something the documented API would reject.
//!
//! Real time is involved (the client sleeps on tokio's clock, the simulator reads the wall
//! clock plus the offset `advance_time` adds), so every wait is kept short: backoffs of a few
//! milliseconds, and one rate-limit wait of a second or two. Nothing asserts on elapsed time.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use helpscout_mailbox_simulator::{ReceivedRequest, RunningSimulator, Simulator};

/// Starts a simulator built by `builder`.
async fn start(builder: helpscout_mailbox_simulator::SimulatorBuilder) -> RunningSimulator {
    builder.start().await.expect("the simulator starts")
}

/// The requests the simulator received for `method path`, oldest first.
fn requests_to(sim: &RunningSimulator, method: &str, path: &str) -> Vec<ReceivedRequest> {
    sim.state()
        .requests()
        .into_iter()
        .filter(|r| r.method == method && r.path == path)
        .collect()
}

/// The statuses of `requests` (`None` for a dropped connection).
fn statuses(requests: &[ReceivedRequest]) -> Vec<Option<u16>> {
    requests.iter().map(|r| r.status).collect()
}

/// The decoded value of query parameter `name` of a recorded request.
fn query_param(request: &ReceivedRequest, name: &str) -> Option<String> {
    let query = request.query.as_deref()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// A bearer token the simulator issued and still accepts, for the few raw requests that
/// check what the simulator would answer to a request the facade never sends.
fn live_token(sim: &RunningSimulator) -> String {
    sim.state()
        .live_access_tokens()
        .into_iter()
        .next()
        .expect("the client holds a live token")
}

/// A raw `GET` with `token`, bypassing the facade: status and JSON body.
async fn raw_get(
    sim: &RunningSimulator,
    token: &str,
    path_and_query: &str,
) -> (u16, serde_json::Value) {
    let response = helpscout_mailbox::tls::http_client_builder()
        .build()
        .unwrap()
        .get(format!("{}{path_and_query}", sim.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("raw request");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(serde_json::Value::Null);
    (status, body)
}

/// Every test sits in this module, so that `cargo test e2e` selects them all.
mod e2e {
    use super::*;

    use futures_util::TryStreamExt;
    use futures_util::future::join_all;
    use helpscout_mailbox::auth::{AuthErrorKind, Credentials, TokenSet};
    use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId, ThreadId, UserId};
    use helpscout_mailbox::models::{
        Conversation, ConversationState, ConversationStatus, ConversationStatusFilter,
        CreateConversationThread, CustomerEmailType, Spelled, ThreadCustomer, ThreadType,
        Timestamp,
    };
    use helpscout_mailbox::resources::attachments::NewAttachment;
    use helpscout_mailbox::retry::RetryPolicy;
    use helpscout_mailbox::{Client, Error, Page};
    use helpscout_mailbox_simulator::Faults;

    fn client(sim: &RunningSimulator) -> Client {
        sim.client_builder().build().expect("client")
    }

    /// Retries with backoffs of milliseconds, so that fault tests stay fast.
    fn fast_retry() -> RetryPolicy {
        RetryPolicy::default()
            .base_backoff(Duration::from_millis(5))
            .max_backoff(Duration::from_millis(20))
    }

    /// The customer with this e-mail address, looked up with the search syntax the docs
    /// show (`email:"..."`).
    async fn find_customer(client: &Client, email: &str) -> Option<CustomerId> {
        let found = client
            .customers()
            .list()
            .query(format!("email:\"{email}\""))
            .send()
            .await
            .expect("customer search");
        found.items.first().map(|c| c.id)
    }

    /// Creates a conversation with one customer thread through the facade.
    async fn open_conversation(
        client: &Client,
        mailbox: i64,
        customer: i64,
        subject: &str,
    ) -> ConversationId {
        client
            .conversations()
            .create(
                MailboxId::new(mailbox),
                ThreadCustomer::by_id(CustomerId::new(customer)),
                subject,
                CreateConversationThread::customer("First message."),
            )
            .send()
            .await
            .expect("create conversation")
    }

    async fn get(client: &Client, id: ConversationId) -> Conversation {
        client
            .conversations()
            .get(id)
            .send()
            .await
            .expect("get conversation")
    }

    fn tag_names(conversation: &Conversation) -> Vec<String> {
        let mut names: Vec<String> = conversation.tags.iter().map(|t| t.tag.clone()).collect();
        names.sort();
        names
    }

    // -----------------------------------------------------------------------------------------
    // 1. A whole support flow.
    // -----------------------------------------------------------------------------------------

    #[tokio::test]
    async fn a_whole_support_flow_reads_back_what_it_wrote() {
        const EMAIL: &str = "grace.hopper@e2e.example";
        let sim = start(Simulator::builder().seed(11).conversations(40)).await;
        let state = sim.state();
        let client = client(&sim);

        // Mailboxes: what the client lists is what the account holds.
        let mailboxes = client.mailboxes().list().send().await.expect("mailboxes");
        let mut listed: Vec<i64> = mailboxes.items.iter().map(|m| m.id.get()).collect();
        listed.sort_unstable();
        assert_eq!(listed, state.mailbox_ids());
        assert_eq!(mailboxes.total_elements, 3);
        let mailbox = MailboxId::new(listed[0]);

        // Find or create the customer.
        assert_eq!(find_customer(&client, EMAIL).await, None, "a new customer");
        let customer = client
            .customers()
            .create()
            .first_name("Grace")
            .last_name("Hopper")
            .emails([(CustomerEmailType::Work, EMAIL)])
            .send()
            .await
            .expect("create customer");
        let stored = state.customer(customer.get()).expect("stored customer");
        assert_eq!(stored.first_name.as_deref(), Some("Grace"));
        let emails: Vec<String> = stored
            .embedded
            .map(|e| e.emails.into_iter().filter_map(|e| e.value).collect())
            .unwrap_or_default();
        assert_eq!(emails, vec![EMAIL.to_owned()]);

        // Open a conversation, reply, add a note.
        let conversation = client
            .conversations()
            .create(
                mailbox,
                ThreadCustomer::by_id(customer),
                "Compiler on fire",
                CreateConversationThread::customer("It prints moths."),
            )
            .send()
            .await
            .expect("create conversation");
        let reply = client
            .threads()
            .reply(conversation, customer, "We removed the moth.")
            .send()
            .await
            .expect("reply");
        let note = client
            .threads()
            .note(conversation, "Moth taped into the log book.")
            .send()
            .await
            .expect("note")
            .id()
            .expect("the note's id");

        // An attachment on the reply, every byte value included.
        let bytes: Vec<u8> = (0..=255u8).chain(*b"\r\n\0end").collect();
        let attachment = client
            .attachments()
            .upload(
                conversation,
                reply,
                NewAttachment::from_bytes("moth.bin", "application/octet-stream", bytes.clone()),
            )
            .send()
            .await
            .expect("upload")
            .id()
            .expect("the attachment's id");
        let downloaded = client
            .attachments()
            .download(conversation, attachment)
            .send()
            .await
            .expect("download");
        assert_eq!(
            downloaded, bytes,
            "the attachment round-trips byte for byte"
        );

        // Tags in and out (names are compared without case; Help Scout keeps them lower case).
        client
            .conversations()
            .add_tags(conversation, ["hardware", "Moth", "vip"])
            .send()
            .await
            .expect("add tags");
        client
            .conversations()
            .add_tags(conversation, ["moth"])
            .send()
            .await
            .expect("add a tag it has");
        client
            .conversations()
            .remove_tags(conversation, ["VIP"])
            .send()
            .await
            .expect("remove tags");

        // Assign to me, close.
        let me = client.users().me().send().await.expect("me").id.get();
        assert_eq!(me, state.owner_user_id());
        client
            .conversations()
            .assign(conversation, UserId::new(me))
            .send()
            .await
            .expect("assign");
        client
            .conversations()
            .set_status(conversation, ConversationStatus::Closed)
            .send()
            .await
            .expect("close");

        // Read it all back through the client.
        let read = client
            .conversations()
            .get(conversation)
            .embed_threads()
            .send()
            .await
            .expect("read back");
        assert_eq!(read.id, conversation);
        assert_eq!(read.subject.as_deref(), Some("Compiler on fire"));
        assert_eq!(read.mailbox_id, Some(mailbox));
        assert_eq!(read.status.as_deref(), Some(&ConversationStatus::Closed));
        assert!(read.closed_at.is_some(), "closing sets closedAt");
        assert_eq!(
            read.assignee.as_ref().and_then(|a| a.id),
            Some(UserId::new(me))
        );
        let primary = read.primary_customer.clone();
        assert_eq!(primary.id, customer);
        assert_eq!(primary.email.as_deref(), Some(EMAIL));
        assert_eq!(tag_names(&read), vec!["hardware", "moth"]);
        assert_eq!(read.threads.as_ref().map(|t| t.count()), Some(3));
        let embedded = read.embedded.clone().expect("embedded threads").threads;
        let shape: Vec<(Option<ThreadType>, Option<String>)> = embedded
            .iter()
            .map(|t| (t.type_.clone().map(Spelled::into_value), t.body.clone()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    Some(ThreadType::Note),
                    Some("Moth taped into the log book.".into())
                ),
                (
                    Some(ThreadType::Message),
                    Some("We removed the moth.".into())
                ),
                (Some(ThreadType::Customer), Some("It prints moths.".into())),
            ],
            "threads newest first"
        );
        assert_eq!(embedded[0].id, note);
        assert_eq!(embedded[1].id, reply);
        let reply_thread = &embedded[1];
        assert_eq!(reply_thread.customer.as_ref().map(|c| c.id), Some(customer));
        assert_eq!(reply_thread.to, vec![EMAIL.to_owned()]);
        let files = reply_thread
            .embedded
            .as_ref()
            .map(|e| e.attachments.clone())
            .unwrap_or_default();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].id, attachment);
        assert_eq!(files[0].filename.as_deref(), Some("moth.bin"));
        assert_eq!(
            files[0].mime_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(files[0].size, Some(bytes.len() as i64));

        // The thread list says the same as the embedded threads.
        let listed: Vec<ThreadId> = client
            .threads()
            .list(conversation)
            .stream()
            .map_ok(|t| t.id)
            .try_collect()
            .await
            .expect("thread list");
        let embedded_ids: Vec<ThreadId> = embedded.iter().map(|t| t.id).collect();
        assert_eq!(listed, embedded_ids);

        // The original source of the customer's message, as JSON-wrapped text and as bytes.
        let first = embedded[2].id;
        let source = client
            .threads()
            .original_source(conversation, first)
            .send()
            .await
            .expect("original source");
        assert!(source.contains(&format!("From: {EMAIL}")), "{source}");
        assert!(source.contains("Subject: Compiler on fire"), "{source}");
        assert!(source.contains("It prints moths."), "{source}");
        let rfc822 = client
            .threads()
            .original_source_rfc822(conversation, first)
            .send()
            .await
            .expect("original source as message/rfc822");
        assert_eq!(rfc822, source.as_bytes());

        // The simulator's own view agrees.
        let stored = state
            .conversation(conversation.get())
            .expect("stored conversation");
        assert_eq!(stored.status.as_deref(), Some(&ConversationStatus::Closed));
        assert_eq!(tag_names(&stored), vec!["hardware", "moth"]);
        assert!(state.tag_names().contains(&"hardware".to_owned()));

        // A second run of the flow finds the customer instead of creating another.
        let customers = state.counts().customers;
        assert_eq!(
            find_customer(&client, EMAIL).await,
            Some(customer),
            "the customer search by `email:\"...\"` finds the customer just created"
        );
        assert_eq!(state.counts().customers, customers);
    }

    // -----------------------------------------------------------------------------------------
    // 2. Pagination.
    // -----------------------------------------------------------------------------------------

    fn ids_of(page: &Page<Conversation>) -> Vec<i64> {
        page.items.iter().map(|c| c.id.get()).collect()
    }

    #[tokio::test]
    async fn streams_and_concurrent_pages_cover_hundreds_of_conversations_exactly_once() {
        const TOTAL: usize = 310;
        let sim = start(Simulator::builder().seed(5).conversations(TOTAL)).await;
        let state = sim.state();
        let client = client(&sim);
        let all = || {
            client
                .conversations()
                .list()
                .status(ConversationStatusFilter::All)
        };
        let expected: BTreeSet<i64> = state.conversation_ids().into_iter().collect();
        assert_eq!(expected.len(), TOTAL);

        // `.stream()`: every conversation exactly once.
        let streamed: Vec<i64> = all()
            .stream()
            .map_ok(|c| c.id.get())
            .try_collect()
            .await
            .expect("stream");
        assert_eq!(streamed.len(), TOTAL, "no conversation twice");
        assert_eq!(streamed.iter().copied().collect::<BTreeSet<_>>(), expected);

        // `.pages()` and `.pages_concurrent(4)`: the same pages, in order, sizes read.
        let sequential: Vec<Page<Conversation>> = all().pages().try_collect().await.expect("pages");
        state.clear_requests();
        let concurrent: Vec<Page<Conversation>> = all()
            .pages_concurrent(4)
            .try_collect()
            .await
            .expect("concurrent pages");
        let numbers: Vec<u64> = concurrent.iter().map(|p| p.number).collect();
        assert_eq!(numbers, (1..=13).collect::<Vec<u64>>());
        for page in &concurrent {
            assert_eq!(page.size, 25, "page {}", page.number);
            assert_eq!(page.total_elements, TOTAL as u64);
            assert_eq!(page.total_pages, 13);
            let expected_len = if page.number == 13 { 10 } else { 25 };
            assert_eq!(page.items.len(), expected_len, "page {}", page.number);
        }
        assert_eq!(
            concurrent.iter().map(ids_of).collect::<Vec<_>>(),
            sequential.iter().map(ids_of).collect::<Vec<_>>()
        );
        assert_eq!(
            concurrent.iter().flat_map(ids_of).collect::<Vec<_>>(),
            streamed
        );
        let mut asked: Vec<u64> = requests_to(&sim, "GET", "/v2/conversations")
            .iter()
            .filter_map(|r| query_param(r, "page")?.parse().ok())
            .collect();
        asked.sort_unstable();
        assert_eq!(
            asked,
            (1..=13).collect::<Vec<u64>>(),
            "each page asked once"
        );

        // A filtered list keeps its filter on every page.
        let mailbox = state.mailbox_ids()[0];
        let in_mailbox: BTreeSet<i64> = expected
            .iter()
            .copied()
            .filter(|id| {
                state.conversation(*id).and_then(|c| c.mailbox_id) == Some(MailboxId::new(mailbox))
            })
            .collect();
        assert!(
            in_mailbox.len() > 50,
            "spans several pages: {}",
            in_mailbox.len()
        );
        state.clear_requests();
        let filtered: Vec<Conversation> = all()
            .mailboxes([MailboxId::new(mailbox)])
            .stream()
            .try_collect()
            .await
            .expect("filtered stream");
        assert!(
            filtered
                .iter()
                .all(|c| c.mailbox_id == Some(MailboxId::new(mailbox)))
        );
        let filtered_ids: Vec<i64> = filtered.iter().map(|c| c.id.get()).collect();
        assert_eq!(filtered_ids.len(), in_mailbox.len());
        assert_eq!(
            filtered_ids.into_iter().collect::<BTreeSet<_>>(),
            in_mailbox
        );
        let pages = requests_to(&sim, "GET", "/v2/conversations");
        assert_eq!(pages.len(), in_mailbox.len().div_ceil(25));
        for (n, request) in pages.iter().enumerate() {
            assert_eq!(query_param(request, "page"), Some((n + 1).to_string()));
            assert_eq!(query_param(request, "mailbox"), Some(mailbox.to_string()));
            assert_eq!(query_param(request, "status").as_deref(), Some("all"));
        }
    }

    /// An empty result ends every walk after one request, whether the empty page carries
    /// `_embedded` with an empty list (current) or no `_embedded` at all (before 2019).
    #[tokio::test]
    async fn an_empty_filter_result_ends_cleanly_in_the_current_and_the_legacy_form() {
        for legacy in [false, true] {
            let sim = start(
                Simulator::builder()
                    .seed(6)
                    .conversations(30)
                    .legacy_empty_pages(legacy),
            )
            .await;
            let client = client(&sim);
            let none = || client.conversations().list().tags(["no-such-tag"]);
            let first = none().send().await.expect("first page");
            assert!(first.items.is_empty());
            assert_eq!((first.total_elements, first.total_pages), (0, 0));
            assert!(!first.has_next());
            let items: Vec<Conversation> = none().stream().try_collect().await.expect("stream");
            assert!(items.is_empty());
            let pages: Vec<Page<Conversation>> = none().pages().try_collect().await.expect("pages");
            assert_eq!(pages.len(), 1);
            let concurrent: Vec<Page<Conversation>> = none()
                .pages_concurrent(4)
                .try_collect()
                .await
                .expect("concurrent pages");
            assert_eq!(concurrent.len(), 1);
            assert!(concurrent[0].items.is_empty());
            let asked = requests_to(&sim, "GET", "/v2/conversations");
            assert_eq!(asked.len(), 4, "one request per walk (legacy: {legacy})");
            assert!(asked.iter().all(|r| r.status == Some(200)));

            // The simulator really served the form under test.
            let (status, body) =
                raw_get(&sim, &live_token(&sim), "/v2/conversations?tag=no-such-tag").await;
            assert_eq!(status, 200);
            assert_eq!(body.get("_embedded").is_none(), legacy, "{body}");
        }
    }

    // -----------------------------------------------------------------------------------------
    // 3. Tokens: expiry, rotation, single flight.
    // -----------------------------------------------------------------------------------------

    #[tokio::test]
    async fn an_expired_client_credentials_token_is_renewed_once_and_the_call_succeeds() {
        let sim = start(Simulator::builder().seed(7).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        client.users().me().send().await.expect("first call");
        assert_eq!(state.token_stats().client_credentials, 1);

        state.expire_all_access_tokens();
        state.clear_requests();
        let me = client.users().me().send().await.expect("call after expiry");
        assert_eq!(me.id, UserId::new(state.owner_user_id()));
        let stats = state.token_stats();
        assert_eq!(
            (stats.client_credentials, stats.total),
            (2, 2),
            "one more grant"
        );
        assert_eq!(
            statuses(&requests_to(&sim, "GET", "/v2/users/me")),
            vec![Some(401), Some(200)],
            "the stale token's 401, then the retry with the new one"
        );
        assert_eq!(state.live_access_tokens().len(), 1);
    }

    #[tokio::test]
    async fn authorization_code_tokens_rotate_through_the_hook_and_a_revoked_app_is_stale() {
        let sim = start(Simulator::builder().seed(8).conversations(10)).await;
        let state = sim.state();
        let seen: Arc<Mutex<Vec<TokenSet>>> = Arc::default();
        let hook = Arc::clone(&seen);
        let code = state.issue_authorization_code();
        let client = Client::builder()
            .base_url(sim.base_url())
            .credentials(Credentials::authorization_code(
                sim.app_id(),
                sim.app_secret(),
                code,
                None,
            ))
            .on_tokens(move |tokens| hook.lock().expect("hook lock").push(tokens.clone()))
            .build()
            .expect("client");
        let sets = || seen.lock().expect("hook lock").clone();
        let refresh = |set: &TokenSet| {
            set.refresh_token()
                .expect("refresh token")
                .expose()
                .to_owned()
        };
        let access = |set: &TokenSet| set.access_token().expose().to_owned();

        // The code exchange: the hook sees the first token set.
        client.users().me().send().await.expect("first call");
        assert_eq!(sets().len(), 1);
        let first = sets()[0].clone();
        assert_eq!(state.token_stats().authorization_code, 1);
        assert_eq!(state.live_access_tokens(), vec![access(&first)]);

        // Expiry: one refresh, and the hook sees the rotated refresh token.
        state.expire_all_access_tokens();
        client.users().me().send().await.expect("call after expiry");
        assert_eq!(sets().len(), 2);
        let second = sets()[1].clone();
        assert_ne!(refresh(&second), refresh(&first), "rotated");
        assert_ne!(access(&second), access(&first));
        assert_eq!(state.token_stats().refresh_token, 1);

        // The old refresh token is dead.
        let stale = Client::builder()
            .base_url(sim.base_url())
            .credentials(Credentials::refresh_token(
                sim.app_id(),
                sim.app_secret(),
                refresh(&first),
            ))
            .build()
            .expect("client");
        match stale.users().me().send().await {
            Err(Error::Auth(error)) => {
                assert_eq!(error.kind(), AuthErrorKind::StaleRefreshToken, "{error}")
            }
            other => panic!("expected a stale refresh token, got {other:?}"),
        }

        // The client goes on with the newest refresh token.
        state.expire_all_access_tokens();
        client.users().me().send().await.expect("second refresh");
        assert_eq!(sets().len(), 3);
        assert_ne!(refresh(&sets()[2]), refresh(&second));
        assert_eq!(state.token_stats().refresh_token, 2);

        // The user revokes the app: the next refresh fails as a stale refresh token.
        state.revoke_refresh_tokens();
        state.expire_all_access_tokens();
        match client.users().me().send().await {
            Err(Error::Auth(error)) => {
                assert_eq!(error.kind(), AuthErrorKind::StaleRefreshToken, "{error}");
                assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
            }
            other => panic!("expected a stale refresh token, got {other:?}"),
        }
        assert_eq!(sets().len(), 3, "no token set from a failed refresh");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn twenty_concurrent_calls_share_one_token_request() {
        let sim = start(Simulator::builder().seed(9).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let results = join_all((0..20).map(|_| client.users().me().send())).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let stats = state.token_stats();
        assert_eq!((stats.total, stats.client_credentials), (1, 1));

        // Twenty calls that all meet the expired token renew it once too.
        state.expire_all_access_tokens();
        let results = join_all((0..20).map(|_| client.mailboxes().list().send())).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let stats = state.token_stats();
        assert_eq!((stats.total, stats.client_credentials), (2, 2));
    }

    // -----------------------------------------------------------------------------------------
    // 4. Rate limits.
    // -----------------------------------------------------------------------------------------

    #[tokio::test]
    async fn a_spent_rate_limit_is_waited_out_not_surfaced() {
        let sim = start(
            Simulator::builder()
                .seed(10)
                .conversations(10)
                .rate_limit_per_minute(20),
        )
        .await;
        let state = sim.state();
        // The client under test paces and retries as it does by default; the cap on the
        // rate-limit wait only turns a setup mistake into a failure instead of a minute's hang.
        let client = sim
            .client_builder()
            .retry(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(5)))
            .build()
            .expect("client");
        // Another program on the same account, which neither paces nor retries.
        let other = sim
            .client_builder()
            .pacing(false)
            .retry(RetryPolicy::none())
            .build()
            .expect("client");

        // 15 of the 20 requests: no pacing yet (5 left is above a fifth of the budget).
        let window_opened = state.now().get();
        for _ in 0..15 {
            client
                .mailboxes()
                .list()
                .send()
                .await
                .expect("within budget");
        }
        let figures = client.rate_limit().expect("figures");
        assert_eq!(figures.limit_per_minute(), Some(20));
        assert_eq!(figures.remaining(), Some(5));
        assert_eq!(figures.to_string(), "5/20 left this minute");

        // The other program spends the rest, and its next request is refused.
        for _ in 0..5 {
            other
                .mailboxes()
                .list()
                .send()
                .await
                .expect("within budget");
        }
        assert_eq!(state.rate_limit_remaining(), Some(0));
        let error = other
            .mailboxes()
            .list()
            .send()
            .await
            .expect_err("over budget, no retries");
        let Error::RateLimited(limited) = &error else {
            panic!("expected RateLimited, got {error:?}");
        };
        let wait = error.retry_after().expect("X-RateLimit-Retry-After");
        assert!(
            (Duration::from_secs(1)..=Duration::from_secs(60)).contains(&wait),
            "{wait:?}"
        );
        assert_eq!(limited.retry_after(), Some(wait));
        assert_eq!(limited.limit_per_minute(), Some(20));
        assert_eq!(limited.remaining(), Some(0));
        assert_eq!(error.status(), Some(429));
        assert!(error.is_retryable());
        let seen = other.rate_limit().expect("figures of the 429");
        assert_eq!(
            (
                seen.limit_per_minute(),
                seen.remaining(),
                seen.retry_after()
            ),
            (Some(20), Some(0), Some(wait))
        );
        assert_eq!(
            statuses(&requests_to(&sim, "GET", "/v2/mailboxes")).last(),
            Some(&Some(429)),
            "sent once, not retried"
        );

        // Let the window end about half a second from now, then ask: the client meets the
        // 429, waits the short X-RateLimit-Retry-After, and succeeds in the next window.
        let elapsed = (state.now().get() - window_opened)
            .to_std()
            .unwrap_or_default();
        state.advance_time(Duration::from_millis(59_500).saturating_sub(elapsed));
        let me = client
            .users()
            .me()
            .send()
            .await
            .expect("the 429 is waited out, not surfaced");
        assert_eq!(me.id, UserId::new(state.owner_user_id()));
        assert_eq!(
            statuses(&requests_to(&sim, "GET", "/v2/users/me")),
            vec![Some(429), Some(200)]
        );
        let figures = client.rate_limit().expect("figures");
        assert_eq!(figures.limit_per_minute(), Some(20));
        assert_eq!(figures.remaining(), Some(19), "a fresh window");
        assert_eq!(figures.retry_after(), None);
        assert_eq!(state.rate_limit_remaining(), Some(19));

        // A write costs two.
        let conversation = ConversationId::new(state.conversation_ids()[0]);
        client
            .threads()
            .note(conversation, "costs two")
            .send()
            .await
            .expect("note")
            .id()
            .expect("the note's id");
        assert_eq!(state.rate_limit_remaining(), Some(17));
        assert_eq!(client.rate_limit().and_then(|f| f.remaining()), Some(17));
        client.mailboxes().list().send().await.expect("read");
        assert_eq!(client.rate_limit().and_then(|f| f.remaining()), Some(16));
    }

    // -----------------------------------------------------------------------------------------
    // 5. Faults.
    // -----------------------------------------------------------------------------------------

    fn flaky(seed: u64) -> Faults {
        Faults {
            seed,
            gateway_timeout_rate: 0.3,
            server_error_rate: 0.2,
            drop_rate: 0.1,
            ..Faults::default()
        }
    }

    #[tokio::test]
    async fn reads_and_replacements_survive_faults_by_retrying() {
        let sim = start(
            Simulator::builder()
                .seed(12)
                .conversations(40)
                .without_rate_limit(),
        )
        .await;
        let state = sim.state();
        let client = sim
            .client_builder()
            .retry(fast_retry().max_attempts(12))
            .build()
            .expect("client");
        client.users().me().send().await.expect("sign in");
        let ids: Vec<i64> = state.conversation_ids().into_iter().take(30).collect();
        state.set_faults(flaky(21));
        state.clear_requests();

        for &id in &ids {
            let conversation = get(&client, ConversationId::new(id)).await;
            let stored = state.conversation(id).expect("stored");
            assert_eq!(conversation.id, ConversationId::new(id));
            assert_eq!(conversation.subject, stored.subject);
        }
        // PUT replaces the whole set, so it is safe to send again after any failure.
        for &id in &ids[..10] {
            client
                .conversations()
                .replace_tags(ConversationId::new(id), ["flaky", "retried"])
                .send()
                .await
                .expect("replace tags");
        }
        let page = client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .send()
            .await
            .expect("list");
        assert_eq!(page.total_elements, 40);
        state.set_faults(Faults::none());

        for &id in &ids[..10] {
            let stored = state.conversation(id).expect("stored");
            assert_eq!(tag_names(&stored), vec!["flaky", "retried"]);
        }
        let log = state.requests();
        let faulted = |fault: &str| log.iter().filter(|r| r.fault == Some(fault)).count();
        let gateway = log.iter().filter(|r| r.status == Some(504)).count();
        assert!(gateway > 0 && faulted("drop") > 0, "faults were injected");
        assert!(
            faulted("status") > gateway,
            "other 5xx were injected besides 504s"
        );
    }

    /// A body cut off mid-way is a transport failure inside the retry loop, so a read is sent
    /// again instead of surfacing a broken body.
    #[tokio::test]
    async fn reads_survive_bodies_cut_short() {
        let sim = start(
            Simulator::builder()
                .seed(13)
                .conversations(30)
                .without_rate_limit(),
        )
        .await;
        let state = sim.state();
        let client = sim
            .client_builder()
            .retry(fast_retry().max_attempts(12))
            .build()
            .expect("client");
        client.users().me().send().await.expect("sign in");
        let ids: Vec<i64> = state.conversation_ids().into_iter().take(30).collect();
        state.set_faults(Faults {
            seed: 5,
            truncate_rate: 0.3,
            ..Faults::default()
        });
        state.clear_requests();

        for &id in &ids {
            assert_eq!(
                get(&client, ConversationId::new(id)).await.id,
                ConversationId::new(id)
            );
        }
        state.set_faults(Faults::none());
        let log = state.requests();
        let truncated = log.iter().filter(|r| r.fault == Some("truncate")).count();
        assert!(truncated > 0, "bodies were cut short");
        assert_eq!(
            log.len(),
            ids.len() + truncated,
            "each cut body was fetched again once"
        );
    }

    #[tokio::test]
    async fn creates_under_faults_fail_visibly_and_are_never_written_twice() {
        const NOTES: usize = 30;
        let sim = start(
            Simulator::builder()
                .seed(13)
                .conversations(10)
                .without_rate_limit(),
        )
        .await;
        let state = sim.state();
        let client = sim
            .client_builder()
            .retry(fast_retry().max_attempts(12))
            .build()
            .expect("client");
        let conversation = open_conversation(
            &client,
            state.mailbox_ids()[0],
            state.customer_ids()[0],
            "Flaky notes",
        )
        .await;
        let threads_before = state.counts().threads;
        state.set_faults(flaky(34));
        state.clear_requests();

        let mut created = Vec::new();
        let mut failed = Vec::new();
        for i in 0..NOTES {
            let text = format!("flaky note {i}");
            match client
                .threads()
                .note(conversation, text.clone())
                .send()
                .await
            {
                Ok(id) => created.push((text, id.id().expect("the note's id"))),
                Err(Error::Api(error)) if [500, 502, 503].contains(&error.status()) => {
                    failed.push(text)
                }
                Err(Error::Transport(error)) if error.may_have_been_sent() => failed.push(text),
                Err(other) => panic!("note {i}: unexpected failure {other:?}"),
            }
        }
        state.set_faults(Faults::none());
        assert_eq!(created.len() + failed.len(), NOTES);
        assert!(
            !created.is_empty() && !failed.is_empty(),
            "{created:?} {failed:?}"
        );

        // Nothing twice, nothing lost: one thread per successful create.
        assert_eq!(state.counts().threads, threads_before + created.len());
        let stored = state.threads(conversation.get()).expect("threads");
        let count = |text: &str| {
            stored
                .iter()
                .filter(|t| t.body.as_deref() == Some(text))
                .count()
        };
        for (text, id) in &created {
            assert_eq!(count(text), 1, "{text}");
            assert!(stored.iter().any(|t| t.id == *id), "{text}");
        }
        for text in &failed {
            assert_eq!(count(text), 0, "{text} failed, so it must not exist");
        }
        let listed: Vec<ThreadId> = client
            .threads()
            .list(conversation)
            .stream()
            .map_ok(|t| t.id)
            .try_collect()
            .await
            .expect("thread list");
        assert_eq!(listed.len(), 1 + created.len());

        // 504s were sent again (the server had not processed them); other 5xx and dropped
        // connections ended their create.
        let attempts = requests_to(
            &sim,
            "POST",
            &format!("/v2/conversations/{conversation}/notes"),
        );
        let with = |wanted: &[u16]| {
            attempts
                .iter()
                .filter(|r| r.status.is_some_and(|s| wanted.contains(&s)))
                .count()
        };
        let drops = attempts.iter().filter(|r| r.fault == Some("drop")).count();
        let gateway = with(&[504]);
        assert_eq!(with(&[201]), created.len());
        assert_eq!(with(&[500, 502, 503]) + drops, failed.len());
        assert_eq!(attempts.len(), NOTES + gateway, "only 504s were retried");
        assert!(gateway > 0 && drops > 0, "the seed injects both");
    }

    // -----------------------------------------------------------------------------------------
    // 6. The enforced quirks, through the facade.
    // -----------------------------------------------------------------------------------------

    #[tokio::test]
    async fn the_conversation_patch_methods_send_one_object_each() {
        let sim = start(Simulator::builder().seed(14).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let mailboxes = state.mailbox_ids();
        let customers = state.customer_ids();
        let id = open_conversation(&client, mailboxes[0], customers[0], "Before").await;
        let conversations = client.conversations();

        conversations
            .update_subject(id, "After")
            .send()
            .await
            .expect("subject");
        assert_eq!(get(&client, id).await.subject.as_deref(), Some("After"));
        conversations
            .change_customer(id, CustomerId::new(customers[1]))
            .send()
            .await
            .expect("customer");
        assert_eq!(
            get(&client, id).await.primary_customer.id.get(),
            customers[1]
        );
        conversations
            .move_to(id, MailboxId::new(mailboxes[2]))
            .send()
            .await
            .expect("move");
        assert_eq!(
            get(&client, id).await.mailbox_id,
            Some(MailboxId::new(mailboxes[2]))
        );
        let user = state.user_ids()[1];
        conversations
            .assign(id, UserId::new(user))
            .send()
            .await
            .expect("assign");
        assert_eq!(
            get(&client, id).await.assignee.and_then(|a| a.id),
            Some(UserId::new(user))
        );
        conversations.unassign(id).send().await.expect("unassign");
        assert_eq!(get(&client, id).await.assignee, None);
        conversations
            .set_status(id, ConversationStatus::Pending)
            .send()
            .await
            .expect("status");
        assert_eq!(
            get(&client, id).await.status.as_deref(),
            Some(&ConversationStatus::Pending)
        );

        let draft = client
            .conversations()
            .create(
                MailboxId::new(mailboxes[0]),
                ThreadCustomer::by_id(CustomerId::new(customers[0])),
                "A draft",
                CreateConversationThread::reply("Not sent yet.").draft(),
            )
            .send()
            .await
            .expect("create draft");
        assert_eq!(
            get(&client, draft).await.state.as_deref(),
            Some(&ConversationState::Draft)
        );
        conversations
            .publish_draft(draft)
            .send()
            .await
            .expect("publish");
        assert_eq!(
            get(&client, draft).await.state.as_deref(),
            Some(&ConversationState::Published)
        );

        let patches: Vec<ReceivedRequest> = state
            .requests()
            .into_iter()
            .filter(|r| r.method == "PATCH")
            .collect();
        assert_eq!(patches.len(), 7);
        assert!(patches.iter().all(|r| r.status == Some(204)), "{patches:?}");
    }

    #[tokio::test]
    async fn the_customer_patch_sends_an_array() {
        let sim = start(Simulator::builder().seed(15).conversations(10)).await;
        let client = client(&sim);
        let customer = CustomerId::new(sim.state().customer_ids()[0]);
        client
            .customers()
            .patch(customer)
            .replace_first_name("Patched")
            .replace_job_title("Moth wrangler")
            .add_email(CustomerEmailType::Work, "patched@e2e.example")
            .send()
            .await
            .expect("patch");
        let read = client.customers().get(customer).send().await.expect("get");
        assert_eq!(read.first_name.as_deref(), Some("Patched"));
        assert_eq!(read.job_title.as_deref(), Some("Moth wrangler"));
        let email = read
            .embedded
            .iter()
            .flat_map(|e| e.emails.iter())
            .find(|e| e.value.as_deref() == Some("patched@e2e.example"))
            .map(|e| e.id)
            .expect("the added email");

        // One operation is still an array.
        client
            .customers()
            .patch(customer)
            .remove_email(email)
            .send()
            .await
            .expect("patch with one operation");
        let read = client.customers().get(customer).send().await.expect("get");
        assert!(
            read.embedded
                .iter()
                .flat_map(|e| e.emails.iter())
                .all(|e| e.id != email),
            "removed"
        );
        let patches = requests_to(&sim, "PATCH", &format!("/v2/customers/{customer}"));
        assert_eq!(statuses(&patches), vec![Some(204), Some(204)]);
    }

    #[tokio::test]
    async fn modified_since_with_a_fraction_is_sent_in_whole_seconds() {
        use chrono::Timelike;

        let sim = start(Simulator::builder().seed(16).conversations(30)).await;
        let state = sim.state();
        let client = client(&sim);
        let id = open_conversation(
            &client,
            state.mailbox_ids()[0],
            state.customer_ids()[0],
            "Fresh",
        )
        .await;
        // The conversation was modified when it was created, within this second; ask from
        // the last nanosecond of that second. Whole seconds (truncated) still include it.
        let created = state
            .conversation(id.get())
            .and_then(|c| c.created_at)
            .expect("createdAt")
            .get();
        let since = created
            .with_nanosecond(999_999_999)
            .expect("a valid nanosecond");
        let page = client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .modified_since(Timestamp::new(since))
            .send()
            .await
            .expect("the fraction is dropped, so the simulator accepts the filter");
        let ids: Vec<i64> = page.items.iter().map(|c| c.id.get()).collect();
        assert_eq!(ids, vec![id.get()], "only the new conversation");

        let sent = requests_to(&sim, "GET", "/v2/conversations")
            .pop()
            .and_then(|r| query_param(&r, "modifiedSince"))
            .expect("modifiedSince sent");
        let whole = created.with_nanosecond(0).expect("whole second");
        assert_eq!(sent, whole.format("%Y-%m-%dT%H:%M:%SZ").to_string());

        // What the facade avoids: the same filter with its fraction is a 400.
        let fraction = since.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        let (status, body) = raw_get(
            &sim,
            &live_token(&sim),
            &format!("/v2/conversations?modifiedSince={fraction}"),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["_embedded"]["errors"][0]["path"], "modifiedSince");
    }

    #[tokio::test]
    async fn replies_carry_the_customer_id() {
        let sim = start(Simulator::builder().seed(17).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let customers = state.customer_ids();
        let id = open_conversation(&client, state.mailbox_ids()[0], customers[0], "Hi").await;

        let to_primary = client
            .threads()
            .reply_to_primary_customer(id, "Read from the conversation.")
            .send()
            .await
            .expect("reply to the primary customer");
        let to_other = client
            .threads()
            .reply(id, CustomerId::new(customers[1]), "To someone else.")
            .send()
            .await
            .expect("reply to a named customer");
        let threads = state.threads(id.get()).expect("threads");
        let customer_of = |thread: ThreadId| {
            threads
                .iter()
                .find(|t| t.id == thread)
                .and_then(|t| t.customer.as_ref())
                .map(|c| c.id)
        };
        assert_eq!(customer_of(to_primary), Some(CustomerId::new(customers[0])));
        assert_eq!(customer_of(to_other), Some(CustomerId::new(customers[1])));
        let replies = requests_to(&sim, "POST", &format!("/v2/conversations/{id}/reply"));
        assert_eq!(statuses(&replies), vec![Some(201), Some(201)]);
    }

    #[tokio::test]
    async fn unassigned_overrides_routing_and_omitting_it_lets_routing_assign() {
        let sim = start(Simulator::builder().seed(18).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        // Routing is enabled on the second mailbox only.
        let routed = MailboxId::new(state.mailbox_ids()[1]);
        let routing = client
            .mailboxes()
            .routing(routed)
            .send()
            .await
            .expect("routing");
        assert_eq!(
            routing.state.as_deref(),
            Some(&helpscout_mailbox::models::RoutingState::Enabled)
        );
        let customer = ThreadCustomer::by_id(CustomerId::new(state.customer_ids()[0]));
        let create = |subject: &'static str| {
            client.conversations().create(
                routed,
                customer.clone(),
                subject,
                CreateConversationThread::customer("Who takes this?"),
            )
        };

        let unassigned = create("Nobody yet")
            .unassigned()
            .send()
            .await
            .expect("create unassigned");
        assert_eq!(get(&client, unassigned).await.assignee, None);

        let routed_to = create("Routing decides").send().await.expect("create");
        let assignee = get(&client, routed_to)
            .await
            .assignee
            .and_then(|a| a.id)
            .expect("routing assigned someone");
        assert!(
            routing.user_ids.contains(&assignee),
            "{assignee} is not in the rotation {:?}",
            routing.user_ids
        );
    }

    #[tokio::test]
    async fn a_merged_conversation_is_moved_with_its_new_id() {
        let sim = start(Simulator::builder().seed(19).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let ids = state.conversation_ids();
        let (from, into) = (ids[0], ids[1]);
        let threads = |id: i64| state.threads(id).map_or(0, |t| t.len());
        let (before, moving) = (threads(into), threads(from));
        state.merge_conversations(from, into).expect("merge");

        match client
            .conversations()
            .get(ConversationId::new(from))
            .send()
            .await
        {
            Err(Error::Moved {
                status,
                location,
                new_id,
                ..
            }) => {
                assert_eq!(status, 301);
                assert_eq!(new_id, Some(into));
                assert!(
                    location.ends_with(&format!("/v2/conversations/{into}")),
                    "{location}"
                );
            }
            other => panic!("expected Moved, got {other:?}"),
        }
        let note = client
            .threads()
            .note(ConversationId::new(from), "too late")
            .send()
            .await;
        assert!(matches!(note, Err(Error::NotFound(_))), "{note:?}");
        let listed = client
            .threads()
            .list(ConversationId::new(from))
            .send()
            .await;
        assert!(matches!(listed, Err(Error::NotFound(_))), "{listed:?}");
        let survivor = get(&client, ConversationId::new(into)).await;
        assert_eq!(
            survivor.threads.map(|t| t.count()),
            Some((before + moving) as u64)
        );
    }

    #[tokio::test]
    async fn the_hundred_and_first_thread_is_a_precondition_failure() {
        let sim = start(Simulator::builder().seed(20).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let (mailbox, customer) = (
            MailboxId::new(state.mailbox_ids()[0]),
            CustomerId::new(state.customer_ids()[0]),
        );
        let with_threads = |count: usize| {
            (1..count).fold(
                client.conversations().create(
                    mailbox,
                    ThreadCustomer::by_id(customer),
                    "Long story",
                    CreateConversationThread::customer("thread 0"),
                ),
                |create, i| create.threads([CreateConversationThread::note(format!("thread {i}"))]),
            )
        };

        let too_many = with_threads(101).send().await;
        assert!(
            matches!(too_many, Err(Error::PreconditionFailed(_))),
            "{too_many:?}"
        );
        let full = with_threads(100).send().await.expect("100 threads fit");
        assert_eq!(state.threads(full.get()).map(|t| t.len()), Some(100));
        let one_more = client.threads().note(full, "one too many").send().await;
        match one_more {
            Err(error @ Error::PreconditionFailed(_)) => {
                assert_eq!(error.status(), Some(412));
                assert!(!error.is_retryable());
            }
            other => panic!("expected PreconditionFailed, got {other:?}"),
        }
        assert_eq!(state.threads(full.get()).map(|t| t.len()), Some(100));
        let creates = requests_to(&sim, "POST", "/v2/conversations");
        assert_eq!(
            statuses(&creates),
            vec![Some(412), Some(201)],
            "not retried"
        );
    }

    #[tokio::test]
    async fn a_customer_thread_reopens_a_closed_conversation() {
        let sim = start(Simulator::builder().seed(21).conversations(10)).await;
        let state = sim.state();
        let client = client(&sim);
        let customer = state.customer_ids()[0];
        let id = open_conversation(&client, state.mailbox_ids()[0], customer, "Done?").await;
        let close = || {
            client
                .conversations()
                .set_status(id, ConversationStatus::Closed)
                .send()
        };
        let from_customer = |text: &'static str| {
            client
                .threads()
                .customer(id, ThreadCustomer::by_id(CustomerId::new(customer)), text)
        };

        close().await.expect("close");
        from_customer("An old mail, imported.")
            .imported()
            .send()
            .await
            .expect("imported customer thread");
        assert_eq!(
            get(&client, id).await.status.as_deref(),
            Some(&ConversationStatus::Closed)
        );

        from_customer("Still broken!")
            .send()
            .await
            .expect("customer thread");
        let reopened = get(&client, id).await;
        assert_eq!(
            reopened.status.as_deref(),
            Some(&ConversationStatus::Active)
        );
        assert_eq!(reopened.closed_at, None);

        // A note does not reopen.
        close().await.expect("close again");
        client
            .threads()
            .note(id, "Told them to reboot.")
            .send()
            .await
            .expect("note")
            .id()
            .expect("the note's id");
        assert_eq!(
            get(&client, id).await.status.as_deref(),
            Some(&ConversationStatus::Closed)
        );
    }
}
