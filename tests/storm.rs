//! A seeded fault storm against the simulator (see `support/storm.rs`): a few thousand
//! requests at concurrency 8 through 5xx, 504s, dropped connections, cut-off bodies, tokens
//! revoked every second and a stretch of 429s. No panic, no write applied twice, no
//! confirmed write lost, every read completed, every failed write a typed error.
//!
//! `cargo run --release --example storm` runs the same storm with
//! 10,000 requests and prints its figures.

#[path = "support/storm.rs"]
mod storm;

use std::time::Duration;

use storm::StormConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_storm_loses_no_read_and_applies_no_write_twice() {
    storm::count_panics();
    let report = storm::run(&StormConfig::new(2_000, Duration::from_secs(1))).await;
    println!("{report:#?}");

    assert_eq!(report.panics, 0);
    assert_eq!(report.unexpected, Vec::<String>::new());
    assert_eq!(report.reads_ok, report.reads, "every read completed");
    assert_eq!(report.duplicate_writes, 0);
    assert_eq!(report.lost_writes, 0);
    assert_eq!(report.writes_ok + report.writes_failed_typed, report.writes);

    // And it was a storm: faults, revoked tokens and 429s all happened.
    assert!(report.faults_injected >= 100, "{}", report.faults_injected);
    assert!(report.token_requests >= 2, "{}", report.token_requests);
    assert!(report.answered_429 >= 1, "{}", report.answered_429);
    assert!(report.reads >= 1_000 && report.writes >= 300, "{report:?}");
}
