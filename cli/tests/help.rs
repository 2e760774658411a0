//! `--help` snapshots: the documented surface of `hs`, exit codes included. A change here is
//! a change users see; review the diff.

mod support;

fn help(args: &[&str]) -> String {
    let output = support::hs()
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_texts() {
    let cases: &[(&str, &[&str])] = &[
        ("root", &["--help"]),
        ("auth", &["auth", "--help"]),
        ("auth_login", &["auth", "login", "--help"]),
        ("conv", &["conv", "--help"]),
        ("conv_list", &["conv", "list", "--help"]),
        ("conv_create", &["conv", "create", "--help"]),
        (
            "export_conversations",
            &["export", "conversations", "--help"],
        ),
        ("watch_conversations", &["watch", "conversations", "--help"]),
        ("report", &["report", "--help"]),
        ("api", &["api", "--help"]),
    ];
    for (name, args) in cases {
        insta::assert_snapshot!(*name, help(args));
    }
}

#[test]
fn the_root_help_documents_every_exit_code() {
    let text = help(&["--help"]);
    for code in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "130"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} "))),
            "exit code {code} missing"
        );
    }
}

#[test]
fn completions_are_generated() {
    let output = support::hs()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let script = String::from_utf8(output.stdout).unwrap();
    assert!(script.contains("conv") && script.contains("export"));
}
