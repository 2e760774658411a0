//! Several clients, each with its own Redis connection, sharing one simulator account
//! through a real `redis-server` (started per test on a free loopback port by
//! `support/redis_server.rs`; the tests fail, saying why, when the binary is missing):
//! one budget (no 429 however many clients export at once, a 429 pauses all of them), one
//! token (one token request per expiry for the fleet, the refresh-token chain intact), and
//! a restart from the stored set without a token request. Redis unreachable: a typed error
//! when connecting, and pacing alone once running.

#![cfg(feature = "redis")]

#[path = "support/redis_server.rs"]
mod redis_server;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use futures_util::{Stream, TryStreamExt};
use helpscout_mailbox::auth::{Credentials, StoredTokens, TokenSet, TokenStore};
use helpscout_mailbox::ids::ConversationId;
use helpscout_mailbox::models::{Conversation, ConversationStatusFilter};
use helpscout_mailbox::shared::{RedisCoordinator, RedisSetupError};
use helpscout_mailbox::{Client, Page, Result};
use helpscout_mailbox_simulator::{RunningSimulator, Simulator};
use redis_server::RedisServer;

const CONVERSATIONS: usize = 150;
const WINDOW: Duration = Duration::from_secs(1);
const PREFIX: &str = "helpscout:test";

async fn simulator(budget: u32) -> RunningSimulator {
    Simulator::builder()
        .seed(12)
        .conversations(CONVERSATIONS)
        .rate_limit_per_minute(budget)
        .rate_limit_window(WINDOW)
        .start()
        .await
        .expect("the simulator starts")
}

/// A client of its own (own HTTP pool, own Redis connection) on the shared account.
async fn fleet_client(sim: &RunningSimulator, redis: &RedisServer) -> Client {
    fleet_client_with(sim, redis, sim.credentials()).await
}

async fn fleet_client_with(
    sim: &RunningSimulator,
    redis: &RedisServer,
    credentials: Credentials,
) -> Client {
    let coordinator = RedisCoordinator::connect(&redis.url(), PREFIX)
        .await
        .expect("Redis answers");
    sim.client_builder()
        .credentials(credentials)
        .rate_limit_window(WINDOW)
        .redis(&coordinator)
        .build()
        .expect("the client builds")
}

async fn store(redis: &RedisServer) -> impl TokenStore {
    RedisCoordinator::connect(&redis.url(), PREFIX)
        .await
        .expect("Redis answers")
        .token_store()
}

async fn collect(
    mut pages: impl Stream<Item = Result<Page<Conversation>>> + Unpin,
) -> HashMap<i64, usize> {
    let mut seen = HashMap::new();
    while let Some(page) = pages.try_next().await.expect("the export completes") {
        for conversation in page.items {
            *seen.entry(conversation.id.get()).or_insert(0) += 1;
        }
    }
    seen
}

async fn export(client: Client) -> HashMap<i64, usize> {
    collect(
        client
            .conversations()
            .list()
            .status(ConversationStatusFilter::All)
            .pages_auto(),
    )
    .await
}

fn answered_429(sim: &RunningSimulator) -> usize {
    sim.state()
        .requests()
        .iter()
        .filter(|request| request.status == Some(429))
        .count()
}

/// Every client calls `users().me()` at once.
async fn all_call_me(clients: &[Client]) {
    let calls = clients.iter().map(|client| async move {
        client.users().me().send().await.expect("me");
    });
    futures_util::future::join_all(calls).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_exports_within_one_budget_with_one_token() {
    let redis = RedisServer::start();
    // 4 exports of 6 pages each, 24 pages at 10 a window: the shared budget binds. The
    // simulator answers 429 to any request over the budget of its window, so none means
    // that the fleet's rate never exceeded it.
    let sim = simulator(10).await;
    let mut clients = Vec::new();
    for _ in 0..4 {
        clients.push(fleet_client(&sim, &redis).await);
    }
    let exports = clients.iter().cloned().map(export);
    let results = futures_util::future::join_all(exports).await;
    for seen in &results {
        assert_eq!(seen.len(), CONVERSATIONS);
        assert!(seen.values().all(|count| *count == 1), "{seen:?}");
    }
    assert_eq!(answered_429(&sim), 0, "the fleet stayed within the budget");
    let pages = sim
        .state()
        .requests()
        .iter()
        .filter(|request| request.path == "/v2/conversations")
        .count();
    assert!(pages >= 4 * CONVERSATIONS.div_ceil(25), "{pages}");
    assert_eq!(sim.state().token_requests(), 1, "one token for the fleet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_token_is_replaced_once_for_the_fleet() {
    let redis = RedisServer::start();
    let sim = simulator(1_000).await;
    let first = fleet_client(&sim, &redis).await;
    first.users().me().send().await.expect("me");
    assert_eq!(sim.state().token_requests(), 1);
    // The stored set is due: a minute left, well within the five minutes before expiry at
    // which every client renews it.
    let store = store(&redis).await;
    let stored = store
        .load()
        .await
        .unwrap()
        .expect("the first client saved its set");
    let due = TokenSet::from_stored(StoredTokens {
        expires_at: (SystemTime::now() + Duration::from_secs(60)).into(),
        ..stored.to_stored()
    });
    store.save(&due).await.unwrap();
    let mut clients = Vec::new();
    for _ in 0..4 {
        clients.push(fleet_client(&sim, &redis).await);
    }
    all_call_me(&clients).await;
    all_call_me(&clients).await;
    assert_eq!(
        sim.state().token_requests(),
        2,
        "one request for the expiry"
    );
    let renewed = store.load().await.unwrap().unwrap();
    assert_ne!(renewed.access_token(), due.access_token());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_refreshed_once_and_the_refresh_chain_holds() {
    let redis = RedisServer::start();
    let sim = simulator(1_000).await;
    let code = sim.state().issue_authorization_code();
    let first = fleet_client_with(
        &sim,
        &redis,
        Credentials::authorization_code(sim.app_id(), sim.app_secret(), code, None),
    )
    .await;
    first.users().me().send().await.expect("me");
    // The others start from whatever is in the store; the refresh token they were given
    // is never used.
    let mut clients = vec![first];
    for _ in 0..3 {
        let never_used = Credentials::refresh_token(sim.app_id(), sim.app_secret(), "unused");
        clients.push(fleet_client_with(&sim, &redis, never_used).await);
    }
    all_call_me(&clients).await;
    for round in 1..=3 {
        sim.state().expire_all_access_tokens();
        all_call_me(&clients).await;
        let stats = sim.state().token_stats();
        assert_eq!(stats.refresh_token, round, "one refresh per expiry");
        assert_eq!(stats.rejected, 0, "no stale refresh token was sent");
    }
    assert_eq!(sim.state().token_stats().authorization_code, 1);
    assert_eq!(sim.state().token_requests(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_from_the_stored_set_makes_no_token_request() {
    let redis = RedisServer::start();
    let sim = simulator(1_000).await;
    let first = fleet_client(&sim, &redis).await;
    first.users().me().send().await.expect("me");
    drop(first);
    let stored = store(&redis).await.load().await.unwrap().expect("saved");
    assert_eq!(sim.state().token_requests(), 1);

    // A restarted process with the set it persisted, without Redis.
    let restarted = sim
        .client_builder()
        .credentials(Credentials::from_stored(
            sim.app_id(),
            sim.app_secret(),
            stored,
        ))
        .build()
        .unwrap();
    restarted.users().me().send().await.expect("me");
    // And one that finds the set in Redis.
    let rejoined = fleet_client(&sim, &redis).await;
    rejoined.users().me().send().await.expect("me");
    assert_eq!(
        sim.state().token_requests(),
        1,
        "no token request after a restart"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_seen_by_one_client_pauses_the_others() {
    let redis = RedisServer::start();
    let sim = simulator(4).await;
    let a = fleet_client(&sim, &redis).await;
    let b = fleet_client(&sim, &redis).await;
    // Someone outside the fleet spends the whole budget of the window.
    let outsider = sim
        .client_builder()
        .pacing(false)
        .rate_limit_window(WINDOW)
        .build()
        .unwrap();
    sim.state().reset_rate_limit();
    for _ in 0..4 {
        outsider
            .users()
            .me()
            .send()
            .await
            .expect("within the budget");
    }
    let first = tokio::spawn(async move { a.users().me().send().await.map(drop) });
    // Wait until `a` has met its 429 and announced the pause in Redis.
    let mut connection = redis::Client::open(redis.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let pause_key = format!("{PREFIX}:rate:pause");
    loop {
        let left: i64 = redis::cmd("PTTL")
            .arg(&pause_key)
            .query_async(&mut connection)
            .await
            .unwrap();
        if left > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    b.users().me().send().await.expect("b waits out the pause");
    first.await.unwrap().expect("a retries after the pause");
    assert_eq!(answered_429(&sim), 1, "only the first client met the limit");
}

#[tokio::test]
async fn an_unreachable_redis_is_a_typed_error_at_setup() {
    let port = redis_server::free_port();
    let error = RedisCoordinator::connect(&format!("redis://127.0.0.1:{port}"), PREFIX)
        .await
        .expect_err("nothing listens there");
    assert!(
        matches!(error, RedisSetupError::Unreachable(_)),
        "{error:?}"
    );
    let error = RedisCoordinator::connect("http://not-redis", PREFIX)
        .await
        .expect_err("not a Redis URL");
    assert!(matches!(error, RedisSetupError::InvalidUrl(_)), "{error:?}");
    let redis = RedisServer::start();
    let error = RedisCoordinator::connect(&redis.url(), "")
        .await
        .expect_err("empty prefix");
    assert!(matches!(error, RedisSetupError::EmptyPrefix), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_outage_degrades_to_pacing_alone() {
    let mut redis = RedisServer::start();
    let sim = simulator(10).await;
    let client = fleet_client(&sim, &redis).await;
    client.users().me().send().await.expect("me");
    redis.stop();
    // Every call still succeeds, paced by the process alone, within the budget.
    let seen = export(client.clone()).await;
    assert_eq!(seen.len(), CONVERSATIONS);
    assert_eq!(answered_429(&sim), 0);
    assert_eq!(sim.state().token_requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_cost_two_units_of_the_shared_budget() {
    let redis = RedisServer::start();
    // 9 notes are 18 units at 6 a window: counted as one unit each, the first window would
    // take 5 of them (10 units) and meet 429s.
    let sim = simulator(6).await;
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(fleet_client(&sim, &redis).await);
    }
    // The first answer tells the fleet the budget.
    clients[0].users().me().send().await.expect("me");
    let conversation = ConversationId::new(sim.state().conversation_ids()[0]);
    let writes = clients.iter().flat_map(|client| {
        (0..3).map(move |n| async move {
            client
                .threads()
                .note(conversation, format!("note {n}"))
                .send()
                .await
                .map(drop)
        })
    });
    for result in futures_util::future::join_all(writes).await {
        result.expect("the note is added");
    }
    assert_eq!(answered_429(&sim), 0);
}
