//! The change feed (`helpscout_mailbox::feed`): against the simulator, changes made between
//! polls come out once, the overlap's refetches are not repeated, and a feed resumed from a
//! stored checkpoint repeats nothing and misses nothing; on a paused clock with the testing
//! transport, the stream polls at its interval and a failed poll loses nothing.

#[cfg(feature = "simulator")]
mod against_the_simulator {
    use std::collections::BTreeSet;

    use helpscout_mailbox::feed::Checkpoint;
    use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId};
    use helpscout_mailbox::models::{
        ConversationStatus, ConversationStatusFilter, CreateConversationThread, ThreadCustomer,
    };
    use helpscout_mailbox::simulator::{RunningSimulator, Simulator};
    use helpscout_mailbox::{Client, Result};

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

    fn ids<T>(items: &[T], id: impl Fn(&T) -> Option<i64>) -> Vec<i64> {
        items.iter().filter_map(id).collect()
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
                    .is_some_and(|c| c.status != Some(ConversationStatus::Closed))
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
        assert_eq!(ids(&changed, |c| c.id), vec![a, b], "oldest change first");
        assert_eq!(changed[0].status, Some(ConversationStatus::Closed));

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
            .filter_map(|c| c.id)
            .collect();
        assert_eq!(window, BTreeSet::from([a, b]), "the overlap did fetch them");

        // A conversation that changes again comes out again, in its new state.
        client
            .conversations()
            .update_subject(ConversationId::new(a), "Changed twice")
            .send()
            .await?;
        let again = feed.poll().await?;
        assert_eq!(ids(&again, |c| c.id), vec![a]);
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
            assert_eq!(ids(&feed.poll().await?, |c| c.id), vec![a]);
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
            .send()
            .await?
            .expect("an id")
            .get();

        let checkpoint: Checkpoint = serde_json::from_str(&stored).expect("parses");
        let mut resumed = client.changes().conversations(checkpoint);
        let changed = resumed.poll().await?;
        assert_eq!(
            ids(&changed, |c| c.id),
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
        assert_eq!(ids(&changed, |c| c.id), vec![customer]);
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

    /// A conversation list over `(id, modified at)` pairs: `modifiedSince` honoured, sorted
    /// by modification ascending, one page. `fail` makes the next request a 400.
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
            let n = items.len();
            let items: Vec<_> = items
                .into_iter()
                .map(|(id, at)| json!({"id": id, "userUpdatedAt": at.to_string()}))
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
            first.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            [Some(1)]
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
            second.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            [Some(2)],
            "the change the failed poll missed, and not 1 again"
        );
        assert_eq!(clock.elapsed(), INTERVAL * 2);

        let idle = batches.next().await.expect("a batch").expect("ok");
        assert!(idle.items.is_empty());
        assert_eq!(clock.elapsed(), INTERVAL * 3);
        assert!(idle.checkpoint.since() >= second.checkpoint.since());
    }
}
