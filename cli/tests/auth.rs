//! `hs auth`: client-credentials and browser logins against the simulator, the stored file
//! (0600, atomic), refresh-token rotation across runs, logout.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use predicates::prelude::*;
use serde_json::Value;
use support::{Sim, json, read};

fn stored(sim: &Sim) -> Value {
    serde_json::from_str(&read(&sim.credentials_file())).expect("a JSON credentials file")
}

#[test]
fn a_client_credentials_login_is_stored_privately_and_used_later() {
    let sim = Sim::start();
    let output = sim.hs().args(["auth", "login"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("logged in as") && !said.contains(&sim.app_secret()),
        "{said}"
    );

    let file = stored(&sim);
    assert_eq!(file["grant"], "client_credentials");
    assert_eq!(file["app_id"], sim.app_id().as_str());
    assert_eq!(file["base_url"], sim.base_url().as_str());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(sim.credentials_file())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Later runs need no environment: the stored credentials (and base URL) apply.
    let me = json(
        sim.bare()
            .env_remove("HELPSCOUT_BASE_URL")
            .args(["user", "me"]),
    );
    assert_eq!(me["id"], sim.state().owner_user_id());
    let status = json(sim.bare().args(["auth", "status"]));
    assert_eq!(status["credentials"], "stored");
    assert_eq!(status["user"]["id"], sim.state().owner_user_id());
    sim.bare()
        .args(["auth", "refresh"])
        .assert()
        .success()
        .stderr(predicate::str::contains("valid until"));

    sim.bare().args(["auth", "logout"]).assert().success();
    assert!(!sim.credentials_file().exists());
    sim.bare().args(["user", "me"]).assert().code(3);
    sim.bare().args(["auth", "status"]).assert().code(3);
    sim.bare()
        .args(["auth", "logout"])
        .assert()
        .success()
        .stderr(predicate::str::contains("nothing stored"));
}

#[test]
fn a_login_with_wrong_credentials_stores_nothing() {
    let sim = Sim::start();
    sim.bare()
        .env("HELPSCOUT_APP_ID", sim.app_id())
        .env("HELPSCOUT_APP_SECRET", "not-the-secret")
        .args(["auth", "login"])
        .assert()
        .code(3);
    assert!(!sim.credentials_file().exists());
    sim.bare().args(["auth", "login"]).assert().code(2);
}

/// Starts `hs auth login --browser` on a free port and reads, from its stderr, the
/// authorization URL's `state` and the redirect URL it listens on.
fn start_browser_login(sim: &Sim) -> (Child, String, String) {
    let mut child = sim
        .spawnable()
        .args([
            "auth",
            "login",
            "--browser",
            "--port",
            "0",
            "--timeout",
            "60",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (mut state, mut redirect) = (None, None);
    while state.is_none() || redirect.is_none() {
        let line = lines.next().expect("hs printed the URL").unwrap();
        if let Some((_, query)) = line.trim().split_once("authorizeClientApplication?") {
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            assert!(
                pairs
                    .iter()
                    .any(|(k, v)| k == "client_id" && *v == sim.app_id()),
                "{line}"
            );
            state = pairs
                .into_iter()
                .find(|(k, _)| k == "state")
                .map(|(_, v)| v);
        }
        if let Some((_, url)) = line.split_once("must be ") {
            redirect = Some(url.trim().to_owned());
        }
    }
    // Keep reading, as a terminal would, so that hs can go on writing.
    std::thread::spawn(move || lines.for_each(drop));
    (child, state.unwrap(), redirect.unwrap())
}

/// What a browser does after approval: GET the redirect URL with `query`.
fn follow_redirect(redirect: &str, query: &str) -> String {
    let rest = redirect.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /{path}?{query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_browser_login_stores_a_refresh_token_that_survives_restarts() {
    let sim = Sim::start();
    let (mut child, state, redirect) = start_browser_login(&sim);
    // A browser asks for other things too; they must not end the login.
    assert!(
        follow_redirect(&redirect.replace("/callback", "/favicon.ico"), "")
            .starts_with("HTTP/1.1 404")
    );
    let code = sim.state().issue_authorization_code();
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", &state)
        .finish();
    let page = follow_redirect(&redirect, &query);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(child.wait().unwrap().success());

    let file = stored(&sim);
    assert_eq!(file["grant"], "authorization_code");
    let first = file["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_owned();

    // Each run refreshes (rotating the token) and stores the new one, so the next run works.
    for _ in 0..2 {
        let me = json(sim.bare().args(["user", "me"]));
        assert_eq!(me["id"], sim.state().owner_user_id());
    }
    let rotated = stored(&sim)["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, first, "the refresh token rotated");
    assert!(sim.state().token_stats().refresh_token >= 2);
}

#[test]
fn a_redirect_with_another_state_is_refused() {
    let sim = Sim::start();
    let (mut child, _state, redirect) = start_browser_login(&sim);
    let code = sim.state().issue_authorization_code();
    let page = follow_redirect(&redirect, &format!("code={code}&state=forged"));
    assert!(page.starts_with("HTTP/1.1 400"), "{page}");
    assert_eq!(child.wait().unwrap().code(), Some(3));
    assert!(!sim.credentials_file().exists());
}

#[test]
fn a_code_obtained_elsewhere_can_be_exchanged() {
    let sim = Sim::start();
    let code = sim.state().issue_authorization_code();
    sim.hs()
        .args(["auth", "login", "--code", &code])
        .assert()
        .success();
    assert_eq!(stored(&sim)["grant"], "authorization_code");
    // A code is single-use.
    sim.hs()
        .args(["auth", "login", "--code", &code])
        .assert()
        .code(3);
}
