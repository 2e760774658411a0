//! `hs export`: every conversation (or customer) exactly once, a checkpoint after every
//! page, and an export killed mid-way that resumes where it stopped.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use helpscout_mailbox_simulator::{Faults, Simulator};
use predicates::prelude::*;
use serde_json::Value;
use support::{Sim, json_lines, read};

/// The ids in an export file, asserting that every line is a whole JSON object.
fn exported_ids(path: &Path) -> Vec<i64> {
    json_lines(&read(path))
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

fn checkpoint(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path.with_extension("jsonl.checkpoint")).ok()?;
    serde_json::from_str(&text).ok()
}

fn assert_exactly_once(ids: &[i64], expected: &BTreeSet<i64>) {
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a conversation was written twice");
    assert_eq!(&unique, expected, "a conversation is missing or foreign");
}

#[test]
fn an_export_writes_every_conversation_once_and_refuses_to_overwrite() {
    let sim = Sim::with(Simulator::builder().conversations(130));
    let out = sim.config.path().join("all.jsonl");
    let out_text = out.to_str().unwrap();
    sim.hs()
        .args([
            "export",
            "conversations",
            "--out",
            out_text,
            "--concurrency",
            "3",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 130 conversations"));
    let expected: BTreeSet<i64> = sim.state().conversation_ids().into_iter().collect();
    assert_exactly_once(&exported_ids(&out), &expected);
    let done = checkpoint(&out).expect("a checkpoint");
    assert_eq!(done["complete"], true);
    assert_eq!(done["last_page"], 6);

    sim.hs()
        .args(["export", "conversations", "--out", out_text])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    sim.hs()
        .args(["export", "conversations", "--out", out_text, "--resume"])
        .assert()
        .success()
        .stderr(predicate::str::contains("already complete"));
    sim.hs()
        .args([
            "export",
            "conversations",
            "--out",
            out_text,
            "--resume",
            "--mailbox",
            "1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("other options"));
    sim.hs()
        .args([
            "export",
            "conversations",
            "--out",
            out_text,
            "--force",
            "--mailbox",
            "1",
            "--threads",
        ])
        .assert()
        .success();
    let lines = json_lines(&read(&out));
    assert!(!lines.is_empty() && lines.iter().all(|c| c["mailboxId"] == 1));
    assert!(lines.iter().all(|c| c["_embedded"]["threads"].is_array()));
}

#[test]
fn a_killed_export_resumes_without_duplicates_or_gaps() {
    // Slow pages, so that the export can be killed in the middle.
    let slow = Faults {
        latency: Duration::from_millis(150),
        ..Faults::default()
    };
    let sim = Sim::with(
        Simulator::builder()
            .conversations(500)
            .faults(slow)
            .without_rate_limit(),
    );
    let out = sim.config.path().join("killed.jsonl");
    let mut child = sim
        .spawnable()
        .args([
            "export",
            "conversations",
            "--out",
            out.to_str().unwrap(),
            "--concurrency",
            "2",
            "--quiet",
        ])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let page = checkpoint(&out)
            .and_then(|c| c["last_page"].as_u64())
            .unwrap_or(0);
        if page >= 3 {
            break;
        }
        assert!(Instant::now() < deadline, "the export made no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the export ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let stopped = checkpoint(&out).unwrap();
    let stopped_at = stopped["last_page"].as_u64().unwrap();
    assert!(
        stopped_at < 20,
        "killed before the end ({stopped_at} of 20 pages)"
    );
    assert_eq!(stopped["complete"], false);

    // A kill can tear a page: bytes past the checkpoint, a line cut short.
    let mut torn = std::fs::OpenOptions::new().append(true).open(&out).unwrap();
    std::io::Write::write_all(&mut torn, b"{\"id\":1000001,\"subject\":\"half a li").unwrap();
    drop(torn);

    // Meanwhile the account changes: one conversation is created, one is closed.
    let state = sim.state();
    state.set_faults(Faults::none());
    sim.hs()
        .args([
            "conv",
            "create",
            "--mailbox",
            "1",
            "--customer-email",
            "late@example.com",
            "--subject",
            "Late",
            "--text",
            "x",
        ])
        .assert()
        .success();
    let first = state.conversation_ids()[0].to_string();
    sim.hs()
        .args(["conv", "status", &first, "closed"])
        .assert()
        .success();

    state.clear_requests();
    sim.hs()
        .args([
            "export",
            "conversations",
            "--out",
            out.to_str().unwrap(),
            "--resume",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("exported 501 conversations"));
    let expected: BTreeSet<i64> = state.conversation_ids().into_iter().collect();
    assert_eq!(expected.len(), 501);
    assert_exactly_once(&exported_ids(&out), &expected);
    assert_eq!(checkpoint(&out).unwrap()["complete"], true);

    // The resumed run asked only for the pages after the checkpoint.
    let pages: Vec<u64> = state
        .requests()
        .iter()
        .filter(|r| r.path == "/v2/conversations" && r.method == "GET")
        .filter_map(|r| {
            r.query
                .as_deref()
                .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("page=")))
                .and_then(|p| p.parse().ok())
        })
        .collect();
    assert!(!pages.is_empty());
    assert!(
        pages.iter().all(|p| *p > stopped_at),
        "asked for {pages:?} after stopping at {stopped_at}"
    );
}

#[test]
fn conversations_deleted_during_an_export_shift_nothing_out_of_it() {
    let slow = Faults {
        latency: Duration::from_millis(250),
        ..Faults::default()
    };
    let sim = Sim::with(
        Simulator::builder()
            .conversations(500)
            .faults(slow)
            .without_rate_limit(),
    );
    let out = sim.config.path().join("shrinking.jsonl");
    let child = sim
        .spawnable()
        .args([
            "export",
            "conversations",
            "--out",
            out.to_str().unwrap(),
            "--concurrency",
            "2",
            "--quiet",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while checkpoint(&out)
        .and_then(|c| c["last_page"].as_u64())
        .unwrap_or(0)
        < 2
    {
        assert!(Instant::now() < deadline, "the export made no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Delete 40 conversations already written: everything after them moves back more than a
    // page, onto pages the export has read.
    let gone: Vec<i64> = exported_ids(&out).into_iter().take(40).collect();
    let client = sim.client();
    sim.block_on(futures_util::future::try_join_all(gone.iter().map(|id| {
        client
            .conversations()
            .delete(helpscout_mailbox::ids::ConversationId::new(*id))
            .send()
    })))
    .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let ids = exported_ids(&out);
    let unique: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a conversation was written twice");
    let remaining: BTreeSet<i64> = sim.state().conversation_ids().into_iter().collect();
    assert_eq!(remaining.len(), 460);
    let missing: Vec<_> = remaining.difference(&unique).collect();
    assert!(missing.is_empty(), "skipped: {missing:?}");
    assert!(
        gone.iter().all(|id| unique.contains(id)),
        "what was written stays written"
    );
    assert_eq!(unique.len(), 500);
}

#[test]
fn customers_export_too() {
    let sim = Sim::with(Simulator::builder().customers(120));
    let out = sim.config.path().join("customers.jsonl");
    sim.hs()
        .args([
            "export",
            "customers",
            "--out",
            out.to_str().unwrap(),
            "--concurrency",
            "2",
        ])
        .assert()
        .success();
    let expected: BTreeSet<i64> = sim.state().customer_ids().into_iter().collect();
    assert_exactly_once(&exported_ids(&out), &expected);
    sim.hs()
        .args(["export", "customers", "--out", "x.jsonl", "--threads"])
        .assert()
        .code(2);
}
