//! The change feed (`helpscout_mailbox::feed`): against the simulator, changes made between
//! polls come out once, the overlap's refetches are not repeated, and a feed resumed from a
//! stored checkpoint repeats nothing and misses nothing; on a paused clock with the testing
//! transport, the stream polls at its interval and a failed poll loses nothing.

mod against_the_simulator {
    use std::collections::BTreeSet;

    use helpscout_mailbox::feed::Checkpoint;
    use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId};
    use helpscout_mailbox::models::{
        ConversationStatus, ConversationStatusFilter, CreateConversationThread, ThreadCustomer,
    };
    use helpscout_mailbox::{Client, Result};
    use helpscout_mailbox_simulator::{RunningSimulator, Simulator};

    async fn start() -> (RunningSimulator, Client) {
        let sim = Simulator::builder()
            .conversations(40)
            .seed(21)
            .without_rate_limit()
            .start()
            .await
            .expect("simulator starts");
        let client = sim.client_builder().build().expect("client");
        (sim, client)
    }

    fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
        items.iter().map(id).collect()
    }

    /// Two conversations of the seed that are not closed, to change.
    fn open_pair(sim: &RunningSimulator) -> (i64, i64) {
        let state = sim.state();
        let open: Vec<i64> = state
            .conversation_ids()
            .into_iter()
            .filter(|id| {
                state
                    .conversation(*id)
                    .is_some_and(|c| c.status.as_deref() != Some(&ConversationStatus::Closed))
            })
            .take(2)
            .collect();
        (open[0], open[1])
    }

    #[tokio::test]
    async fn changes_between_polls_come_out_once() -> Result<()> {
        let (sim, client) = start().await;
        let (a, b) = open_pair(&sim);
        let mut feed = client.changes().conversations(Checkpoint::now());
        assert_eq!(feed.poll().await?.len(), 0, "nothing changed yet");

        client
            .conversations()
            .set_status(ConversationId::new(a), ConversationStatus::Closed)
            .send()
            .await?;
        client
            .conversations()
            .replace_tags(ConversationId::new(b), ["feed"])
            .send()
            .await?;
        let changed = feed.poll().await?;
        assert_eq!(
            ids(&changed, |c| c.id.get()),
            vec![a, b],
            "oldest change first"
        );
        assert_eq!(
            changed[0].status.as_deref(),
            Some(&ConversationStatus::Closed)
        );

        // The next poll reaches back by the overlap and fetches both again, unchanged.
        assert_eq!(feed.poll().await?.len(), 0, "refetched, not repeated");
        let last = sim
            .state()
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.path == "/v2/conversations")
            .and_then(|r| r.query)
            .expect("the feed listed conversations");
        let since = last
            .split('&')
            .find_map(|pair| pair.strip_prefix("modifiedSince="))
            .map(|v| v.replace("%3A", ":"))
            .expect("modifiedSince sent");
        let window: BTreeSet<i64> = client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .modified_since(
                since
                    .parse::<helpscout_mailbox::models::Timestamp>()
                    .expect("time"),
            )
            .send()
            .await?
            .items
            .iter()
            .map(|c| c.id.get())
            .collect();
        assert_eq!(window, BTreeSet::from([a, b]), "the overlap did fetch them");

        // A conversation that changes again comes out again, in its new state.
        client
            .conversations()
            .update_subject(ConversationId::new(a), "Changed twice")
            .send()
            .await?;
        let again = feed.poll().await?;
        assert_eq!(ids(&again, |c| c.id.get()), vec![a]);
        assert_eq!(again[0].subject.as_deref(), Some("Changed twice"));
        Ok(())
    }

    #[tokio::test]
    async fn a_feed_resumed_from_a_stored_checkpoint_repeats_and_misses_nothing() -> Result<()> {
        let (sim, client) = start().await;
        let (a, b) = open_pair(&sim);
        let stored = {
            let mut feed = client.changes().conversations(Checkpoint::now());
            feed.poll().await?;
            client
                .conversations()
                .replace_tags(ConversationId::new(a), ["before"])
                .send()
                .await?;
            assert_eq!(ids(&feed.poll().await?, |c| c.id.get()), vec![a]);
            serde_json::to_string(feed.checkpoint()).expect("serialises")
        };

        // While the feed is stopped: one change and one new conversation.
        client
            .conversations()
            .replace_tags(ConversationId::new(b), ["while-stopped"])
            .send()
            .await?;
        let mailbox = MailboxId::new(sim.state().mailbox_ids()[0]);
        let created = client
            .conversations()
            .create(
                mailbox,
                ThreadCustomer::by_email("feed@example.com"),
                "New while stopped",
                CreateConversationThread::customer("Hello"),
            )
            .await?
            .get();

        let checkpoint: Checkpoint = serde_json::from_str(&stored).expect("parses");
        let mut resumed = client.changes().conversations(checkpoint);
        let changed = resumed.poll().await?;
        assert_eq!(
            ids(&changed, |c| c.id.get()),
            vec![b, created],
            "a is not repeated; b and the new one are not missed"
        );
        assert_eq!(resumed.poll().await?.len(), 0);
        Ok(())
    }

    #[tokio::test]
    async fn customers_changed_between_polls_come_out_once() -> Result<()> {
        let (sim, client) = start().await;
        let customer = sim.state().customer_ids()[0];
        let mut feed = client.changes().customers(Checkpoint::now());
        assert_eq!(feed.poll().await?.len(), 0);
        client
            .customers()
            .patch(CustomerId::new(customer))
            .replace("/firstName", "Renamed")
            .send()
            .await?;
        let changed = feed.poll().await?;
        assert_eq!(ids(&changed, |c| c.id.get()), vec![customer]);
        assert_eq!(changed[0].first_name.as_deref(), Some("Renamed"));
        assert_eq!(feed.poll().await?.len(), 0, "refetched, not repeated");
        Ok(())
    }
}

#[cfg(feature = "testing")]
mod on_a_paused_clock {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use futures_util::StreamExt;
    use helpscout_mailbox::auth::Credentials;
    use helpscout_mailbox::feed::Checkpoint;
    use helpscout_mailbox::models::Timestamp;
    use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
    use helpscout_mailbox::{Client, Error};
    use serde_json::json;

    /// A conversation list over `(id, modified at)` pairs: `modifiedSince` and `sortOrder`
    /// honoured, sorted by modification, one page. `fail` makes the next request a 400.
    #[derive(Clone, Default)]
    struct Api {
        conversations: Arc<Mutex<Vec<(i64, Timestamp)>>>,
        fail: Arc<Mutex<bool>>,
    }

    impl Api {
        fn change(&self, id: i64) {
            let mut all = self.conversations.lock().expect("lock");
            all.retain(|(other, _)| *other != id);
            all.push((id, Timestamp::now()));
        }

        fn answer(&self, request: &RecordedRequest) -> MockResponse {
            if std::mem::take(&mut *self.fail.lock().expect("lock")) {
                return MockResponse::json(400, &json!({"message": "Bad request", "logRef": "x"}));
            }
            let since: Option<Timestamp> = request
                .query
                .iter()
                .find(|(k, _)| k == "modifiedSince")
                .and_then(|(_, v)| v.parse().ok());
            let mut items: Vec<(i64, Timestamp)> = self
                .conversations
                .lock()
                .expect("lock")
                .iter()
                .filter(|(_, at)| since.is_none_or(|s| *at >= s))
                .copied()
                .collect();
            items.sort_by_key(|(id, at)| (*at, *id));
            if request
                .query
                .iter()
                .any(|(k, v)| k == "sortOrder" && v == "desc")
            {
                items.reverse();
            }
            let n = items.len();
            let items: Vec<_> = items
                .into_iter()
                .map(|(id, at)| json!({"id": id, "primaryCustomer": {"id": 1}, "userUpdatedAt": at.to_string()}))
                .collect();
            MockResponse::json(
                200,
                &json!({
                    "_embedded": {"conversations": items},
                    "page": {"size": 25, "totalElements": n, "totalPages": u64::from(n > 0), "number": 1}
                }),
            )
        }
    }

    fn client(api: &Api) -> Client {
        let api = api.clone();
        Client::builder()
            .credentials(Credentials::access_token("t"))
            .mock_transport(MockTransport::new(move |r| api.answer(r)))
            .build()
            .expect("client")
    }

    const INTERVAL: Duration = Duration::from_secs(300);

    #[tokio::test(start_paused = true)]
    async fn the_stream_polls_at_its_interval_and_a_failed_poll_loses_nothing() {
        let api = Api::default();
        let start_at = Timestamp::now();
        api.change(1);
        let client = client(&api);
        let mut batches = client
            .changes()
            .conversations(Checkpoint::starting_at(start_at))
            .interval(INTERVAL)
            .batches();
        let clock = tokio::time::Instant::now();

        let first = batches.next().await.expect("a batch").expect("ok");
        assert_eq!(
            first.items.iter().map(|c| c.id.get()).collect::<Vec<_>>(),
            [1]
        );
        assert_eq!(
            clock.elapsed(),
            Duration::ZERO,
            "the first poll is immediate"
        );

        api.change(2);
        *api.fail.lock().expect("lock") = true;
        let failed = batches.next().await.expect("a batch");
        assert!(matches!(failed, Err(Error::Validation(_))), "{failed:?}");
        assert_eq!(clock.elapsed(), INTERVAL);

        let second = batches.next().await.expect("a batch").expect("ok");
        assert_eq!(
            second.items.iter().map(|c| c.id.get()).collect::<Vec<_>>(),
            [2],
            "the change the failed poll missed, and not 1 again"
        );
        assert_eq!(clock.elapsed(), INTERVAL * 2);

        let idle = batches.next().await.expect("a batch").expect("ok");
        assert!(idle.items.is_empty());
        assert_eq!(clock.elapsed(), INTERVAL * 3);
        assert!(idle.checkpoint.since() >= second.checkpoint.since());
    }
}

#[cfg(feature = "testing")]
mod while_pages_shift {
    use std::sync::{Arc, Mutex};

    use helpscout_mailbox::auth::Credentials;
    use helpscout_mailbox::feed::Checkpoint;
    use helpscout_mailbox::models::{Conversation, Timestamp};
    use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
    use helpscout_mailbox::{Client, Result};
    use serde_json::json;

    type Rows = Vec<(i64, Timestamp)>;
    type Hook = Box<dyn FnOnce(&mut Rows) + Send>;

    /// A conversation list served two per page, honouring `modifiedSince`, `sortOrder` and
    /// `page`; `before_page` changes the rows just before a given page is answered, as
    /// another user of the account would between two requests of a walk.
    #[derive(Clone, Default)]
    struct Api {
        rows: Arc<Mutex<Rows>>,
        before_page: Arc<Mutex<Option<(String, Hook)>>>,
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    impl Api {
        fn with(rows: &[(i64, &str)]) -> Self {
            let api = Self::default();
            *api.rows.lock().expect("lock") = rows.iter().map(|(id, t)| (*id, at(t))).collect();
            api
        }

        fn before_page(&self, page: &str, hook: impl FnOnce(&mut Rows) + Send + 'static) {
            *self.before_page.lock().expect("lock") = Some((page.to_owned(), Box::new(hook)));
        }

        fn answer(&self, request: &RecordedRequest) -> MockResponse {
            let param = |name: &str| {
                request
                    .query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            let page = param("page").unwrap_or_else(|| "1".to_owned());
            let mut hook = self.before_page.lock().expect("lock");
            if hook.as_ref().is_some_and(|(p, _)| *p == page)
                && let Some((_, change)) = hook.take()
            {
                change(&mut self.rows.lock().expect("lock"));
            }
            let since: Option<Timestamp> = param("modifiedSince").and_then(|v| v.parse().ok());
            let mut rows: Rows = self
                .rows
                .lock()
                .expect("lock")
                .iter()
                .filter(|(_, t)| since.is_none_or(|s| *t >= s))
                .copied()
                .collect();
            rows.sort_by_key(|(id, t)| (*t, *id));
            if param("sortOrder").as_deref() == Some("desc") {
                rows.reverse();
            }
            let number: usize = page.parse().unwrap_or(1);
            let total = rows.len();
            let items: Vec<_> = rows
                .iter()
                .skip((number - 1) * 2)
                .take(2)
                .map(|(id, t)| json!({"id": id, "primaryCustomer": {"id": 1}, "userUpdatedAt": t.to_string()}))
                .collect();
            MockResponse::json(
                200,
                &json!({
                    "_embedded": {"conversations": items},
                    "page": {"size": 2, "totalElements": total, "totalPages": total.div_ceil(2), "number": number}
                }),
            )
        }

        fn client(&self) -> Client {
            let api = self.clone();
            Client::builder()
                .credentials(Credentials::access_token("t"))
                .mock_transport(MockTransport::new(move |r| api.answer(r)))
                .build()
                .expect("client")
        }
    }

    fn ids(items: &[Conversation]) -> Vec<i64> {
        items.iter().map(|c| c.id.get()).collect()
    }

    const ROWS: [(i64, &str); 5] = [
        (1, "2024-01-01T00:00:01Z"),
        (2, "2024-01-01T00:00:02Z"),
        (3, "2024-01-01T00:00:03Z"),
        (4, "2024-01-01T00:00:04Z"),
        (5, "2024-01-01T00:00:05Z"),
    ];

    #[tokio::test]
    async fn an_item_changed_mid_walk_skips_nothing_and_comes_with_the_next_poll() -> Result<()> {
        let api = Api::with(&ROWS);
        // After page 1 (5, 4) was read, 2 changes: it sorts first and pushes 4 onto page 2.
        api.before_page("2", |rows| {
            rows.retain(|(id, _)| *id != 2);
            rows.push((2, Timestamp::now()));
        });
        let client = api.client();
        let mut feed = client
            .changes()
            .conversations(Checkpoint::starting_at(at("2024-01-01T00:00:00Z")));
        let first = feed.poll().await?;
        // 4 was read twice and yielded once; 2 was passed over in its old state.
        assert_eq!(ids(&first), vec![1, 3, 4, 5]);
        assert_ne!(
            feed.checkpoint().since(),
            at("2024-01-01T00:00:00Z"),
            "a walk that only grew moves the checkpoint on"
        );
        assert_eq!(ids(&feed.poll().await?), vec![2], "the change comes next");
        assert_eq!(ids(&feed.poll().await?), Vec::<i64>::new());
        Ok(())
    }

    #[tokio::test]
    async fn an_item_leaving_mid_walk_holds_the_checkpoint_so_nothing_is_missed() -> Result<()> {
        let api = Api::with(&ROWS);
        // After page 1 (5, 4) was read, 5 is deleted: 3 slides onto page 1 and is not read.
        api.before_page("2", |rows| rows.retain(|(id, _)| *id != 5));
        let client = api.client();
        let start = at("2024-01-01T00:00:00Z");
        let mut feed = client
            .changes()
            .conversations(Checkpoint::starting_at(start));
        assert_eq!(ids(&feed.poll().await?), vec![1, 2, 4, 5]);
        assert_eq!(
            feed.checkpoint().since(),
            start,
            "the total shrank: ask again"
        );
        // Old rows, far outside the overlap of a poll that had moved on: only the held
        // checkpoint finds 3 now.
        assert_eq!(ids(&feed.poll().await?), vec![3]);
        assert_ne!(feed.checkpoint().since(), start);
        Ok(())
    }
}
