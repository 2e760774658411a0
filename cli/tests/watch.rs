//! `hs watch`: the change feed as JSON lines, each change once, resumable from a file.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{Sim, json_lines};

#[test]
fn the_first_poll_prints_everything_changed_since_the_date() {
    let sim = Sim::start();
    let output = sim
        .hs()
        .args([
            "watch",
            "conversations",
            "--since",
            "2000-01-01",
            "--polls",
            "1",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = json_lines(&String::from_utf8(output.stdout).unwrap());
    let mut ids: Vec<i64> = lines.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    ids.sort();
    let mut expected = sim.state().conversation_ids();
    expected.sort();
    assert_eq!(ids, expected, "every conversation of every status, once");

    let output = sim
        .hs()
        .args([
            "watch",
            "customers",
            "--since",
            "2000-01-01",
            "--polls",
            "1",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        json_lines(&String::from_utf8(output.stdout).unwrap()).len(),
        sim.state().customer_ids().len()
    );
}

/// Waits until `path` exists (the watch stores its checkpoint after each poll).
fn wait_for(path: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !path.exists() {
        assert!(Instant::now() < deadline, "no poll happened");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_change_between_polls_is_printed_once_and_not_again_after_a_restart() {
    let sim = Sim::start();
    let checkpoint = sim.config.path().join("watch.json");
    let checkpoint_text = checkpoint.to_str().unwrap();
    let child = sim
        .spawnable()
        .args([
            "watch",
            "conversations",
            "--interval",
            "1",
            "--polls",
            "3",
            "--checkpoint",
            checkpoint_text,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&checkpoint);
    let id = sim.state().conversation_ids()[3];
    sim.hs()
        .args(["conv", "note", &id.to_string(), "--text", "a change"])
        .assert()
        .success();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines = json_lines(&String::from_utf8(output.stdout).unwrap());
    let ids: Vec<i64> = lines.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [id], "the changed conversation, once");

    // Resumed from the stored checkpoint: nothing new, nothing repeated.
    let output = sim
        .hs()
        .args([
            "watch",
            "conversations",
            "--polls",
            "1",
            "--checkpoint",
            checkpoint_text,
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // A stored position and a start date contradict each other.
    sim.hs()
        .args([
            "watch",
            "conversations",
            "--since",
            "1d",
            "--checkpoint",
            checkpoint_text,
        ])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn ctrl_c_ends_a_watch_with_130() {
    let sim = Sim::start();
    let checkpoint = sim.config.path().join("interrupted.json");
    let mut child = sim
        .spawnable()
        .args([
            "watch",
            "conversations",
            "--interval",
            "60",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&checkpoint);
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
}
