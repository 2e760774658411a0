//! Exit codes by kind of failure, one clear error line each, and no secret in any output.

mod support;

use std::time::Duration;

use helpscout_mailbox_simulator::{Faults, Simulator};
use predicates::prelude::*;
use support::{Sim, hs};

/// The stderr of a run that must end with `code`: one `error:` line first.
fn fails(command: &mut assert_cmd::Command, code: i32) -> String {
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn usage_errors_are_2() {
    let sim = Sim::start();
    for args in [
        &["conv", "list", "--status", "clsoed"][..],
        &["conv", "get", "abc"],
        &["conv", "get", "-5"],
        &["conv", "list", "--modified-since", "last tuesday"],
        &["conv", "nonsense"],
        &["conv", "list", "--page", "2", "--all"],
        &["conv", "tag", "1"],
        &[
            "export",
            "conversations",
            "--out",
            "x.jsonl",
            "--concurrency",
            "0",
        ],
    ] {
        let stderr = fails(sim.hs().args(args), 2);
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
    }
    // A secret without its id is a usage error too.
    fails(
        hs().env("HELPSCOUT_APP_SECRET", "s").args(["user", "me"]),
        2,
    );
}

#[test]
fn auth_errors_are_3() {
    let sim = Sim::start();
    let stderr = fails(sim.bare().args(["user", "me"]), 3);
    assert!(stderr.contains("hs auth login"), "{stderr}");
    let stderr = fails(
        sim.bare()
            .env("HELPSCOUT_APP_ID", sim.app_id())
            .env("HELPSCOUT_APP_SECRET", "wrong-secret-xyz")
            .args(["user", "me"]),
        3,
    );
    assert!(!stderr.contains("wrong-secret-xyz"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn not_found_is_4_and_validation_is_5_with_the_fields() {
    let sim = Sim::start();
    let stderr = fails(sim.hs().args(["conv", "get", "999999"]), 4);
    assert!(stderr.contains("correlation id"), "{stderr}");
    let stderr = fails(
        sim.hs().args([
            "conv",
            "create",
            "--mailbox",
            "1",
            "--customer-email",
            "a@b.example",
            "--subject",
            "",
            "--text",
            "x",
        ]),
        5,
    );
    assert!(
        stderr
            .lines()
            .next()
            .unwrap()
            .contains("subject: may not be empty"),
        "{stderr}"
    );
    assert!(stderr.contains("correlation id"), "{stderr}");
}

#[test]
fn rate_limited_is_6_with_the_wait() {
    // A budget of one request in a long window: a write (which costs two) is refused with
    // a wait longer than the client will sit through.
    let sim = Sim::with(
        Simulator::builder()
            .rate_limit_per_minute(1)
            .rate_limit_window(Duration::from_secs(600)),
    );
    let stderr = fails(sim.hs().args(["conv", "note", "1", "--text", "hello"]), 6);
    assert!(stderr.contains("retry after"), "{stderr}");
}

#[test]
fn server_errors_are_7_and_network_errors_8() {
    let sim = Sim::with(Simulator::builder().faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    }));
    // A POST that meets a 5xx is not retried (it might have been applied).
    fails(sim.hs().args(["conv", "note", "1", "--text", "hello"]), 7);
    let stderr = fails(
        hs().env("HELPSCOUT_BASE_URL", "http://127.0.0.1:1")
            .env("HELPSCOUT_APP_ID", "a")
            .env("HELPSCOUT_APP_SECRET", "b")
            .args(["user", "me"]),
        8,
    );
    assert!(stderr.contains("token endpoint"), "{stderr}");
}

#[test]
fn secrets_never_reach_the_output() {
    let sim = Sim::start();
    let secret = sim.app_secret();
    for args in [
        &["auth", "status"][..],
        &["user", "me"],
        &["conv", "get", "1"],
        &["--help"],
        &["auth", "login", "--help"],
    ] {
        let output = sim.hs().args(args).output().unwrap();
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(&secret),
                "{args:?} printed the secret: {text}"
            );
        }
    }
    sim.hs()
        .args(["auth", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("environment"));
}
