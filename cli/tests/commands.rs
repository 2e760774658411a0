//! Every command of `hs` against one simulator per test: the real binary, its output
//! formats, its exit codes, and state carried from one command to the next.

mod support;

use predicates::prelude::*;
use serde_json::Value;
use support::{Sim, json, json_lines};

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect()
}

#[test]
fn a_list_prints_in_every_format() {
    let sim = Sim::start();
    let from_json = ids(&json(
        sim.hs()
            .args(["conv", "list", "--status", "all", "-o", "json"]),
    ));
    assert_eq!(from_json.len(), 25, "one page of 25");

    let output = sim
        .hs()
        .args(["conv", "list", "--status", "all", "-o", "jsonl"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines = json_lines(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(
        lines
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        from_json
    );

    let output = sim
        .hs()
        .args(["conv", "list", "--status", "all", "-o", "yaml"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let yaml: Value = serde_norway::from_slice(&output.stdout).expect("YAML");
    assert_eq!(ids(&yaml), from_json);

    let output = sim
        .hs()
        .args(["conv", "list", "--status", "all", "-o", "table"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(table.lines().next().unwrap().contains("Subject"), "{table}");
    assert_eq!(
        table.lines().count(),
        2 + 25,
        "header, rule, one row per conversation"
    );
    assert!(table.contains(&from_json[0].to_string()));
    // Piped, the default is JSON; the hint about further pages goes to stderr.
    let output = sim
        .hs()
        .args(["conv", "list", "--status", "all"])
        .output()
        .unwrap();
    assert_eq!(
        ids(&serde_json::from_slice(&output.stdout).unwrap()),
        from_json
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("--all"));
}

#[test]
fn list_filters_and_paging_reach_the_api() {
    let sim = Sim::start();
    let total = sim.state().conversation_ids().len();
    let all = json(sim.hs().args(["conv", "list", "--status", "all", "--all"]));
    assert_eq!(ids(&all).len(), total);
    let limited = json(
        sim.hs()
            .args(["conv", "list", "--status", "all", "--limit", "30"]),
    );
    assert_eq!(ids(&limited), ids(&all)[..30]);
    let page2 = json(
        sim.hs()
            .args(["conv", "list", "--status", "all", "--page", "2"]),
    );
    assert_eq!(ids(&page2), ids(&all)[25..50]);

    let closed = json(
        sim.hs()
            .args(["conv", "list", "--status", "closed", "--all"]),
    );
    assert!(!ids(&closed).is_empty());
    assert!(
        closed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "closed")
    );

    let mailbox =
        json(
            sim.hs()
                .args(["conv", "list", "--status", "all", "--mailbox", "2", "--all"]),
        );
    assert!(
        mailbox
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["mailboxId"] == 2)
    );

    let mine = json(sim.hs().args([
        "conv",
        "list",
        "--status",
        "all",
        "--assignee",
        "me",
        "--all",
    ]));
    let owner = sim.state().owner_user_id();
    assert!(!ids(&mine).is_empty());
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|c| c["assignee"]["id"] == owner)
    );

    let first = &all.as_array().unwrap()[0];
    let customer = first["primaryCustomer"]["id"].as_i64().unwrap().to_string();
    let theirs = json(sim.hs().args([
        "conv",
        "list",
        "--status",
        "all",
        "--customer",
        &customer,
        "--all",
    ]));
    assert!(ids(&theirs).contains(&first["id"].as_i64().unwrap()));
    assert!(theirs.as_array().unwrap().iter().all(|c| {
        c["primaryCustomer"]["id"]
            .as_i64()
            .map(|id| id.to_string())
            .as_deref()
            == Some(customer.as_str())
    }));

    let tagged = json(sim.hs().args([
        "conv", "list", "--status", "all", "--tag", "billing", "--all",
    ]));
    assert!(!ids(&tagged).is_empty());
    assert!(
        tagged
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["tags"].to_string().contains("billing"))
    );

    let number = first["number"].as_i64().unwrap().to_string();
    let by_number = json(
        sim.hs()
            .args(["conv", "list", "--status", "all", "--number", &number]),
    );
    assert_eq!(ids(&by_number), [first["id"].as_i64().unwrap()]);

    let sorted = json(sim.hs().args([
        "conv", "list", "--status", "all", "--sort", "number", "--order", "asc", "--limit", "10",
    ]));
    let numbers: Vec<i64> = sorted
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_i64().unwrap())
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] <= w[1]), "{numbers:?}");

    let query = json(sim.hs().args([
        "conv",
        "list",
        "--status",
        "all",
        "--query",
        "(status:closed)",
        "--all",
    ]));
    assert_eq!(ids(&query).len(), ids(&closed).len());

    let future = json(sim.hs().args([
        "conv",
        "list",
        "--status",
        "all",
        "--modified-since",
        "2099-01-01",
    ]));
    assert!(ids(&future).is_empty());

    let with_threads = json(sim.hs().args([
        "conv",
        "list",
        "--status",
        "all",
        "--threads",
        "--limit",
        "1",
    ]));
    assert!(
        with_threads[0]["_embedded"]["threads"].is_array(),
        "{with_threads}"
    );
}

#[test]
fn conversation_writes_show_in_later_reads() {
    let sim = Sim::start();
    let created = json(sim.hs().args([
        "conv",
        "create",
        "--mailbox",
        "1",
        "--customer-email",
        "new.person@example.com",
        "--subject",
        "Printer on fire",
        "--text",
        "It is on fire.",
        "--tag",
        "urgent",
        "-o",
        "json",
    ]));
    let id = created["id"].as_i64().expect("the new id");
    let id_text = id.to_string();

    sim.hs()
        .args([
            "conv",
            "note",
            &id_text,
            "--text",
            "Called the fire brigade.",
        ])
        .assert()
        .success();
    sim.hs()
        .args(["conv", "reply", &id_text, "--text", "Help is on the way."])
        .assert()
        .success();
    let conversation = json(sim.hs().args(["conv", "get", &id_text, "-o", "json"]));
    let threads = conversation["_embedded"]["threads"].to_string();
    assert!(threads.contains("Called the fire brigade."), "{threads}");
    assert!(threads.contains("Help is on the way."), "{threads}");
    assert_eq!(conversation["subject"], "Printer on fire");

    sim.hs()
        .args(["conv", "status", &id_text, "pending"])
        .assert()
        .success()
        .stderr(predicate::str::contains("pending"));
    assert_eq!(
        json(sim.hs().args(["conv", "get", &id_text, "--no-threads"]))["status"],
        "pending"
    );

    sim.hs()
        .args(["conv", "assign", &id_text, "me"])
        .assert()
        .success();
    let owner = sim.state().owner_user_id();
    assert_eq!(
        json(sim.hs().args(["conv", "get", &id_text]))["assignee"]["id"],
        owner
    );
    sim.hs()
        .args(["conv", "assign", &id_text, "none"])
        .assert()
        .success();
    assert!(json(sim.hs().args(["conv", "get", &id_text]))["assignee"].is_null());

    let tags = |sim: &Sim| -> Vec<String> {
        let conversation = json(sim.hs().args(["conv", "get", &id_text]));
        let mut tags: Vec<String> =
            // An empty list is left out of the JSON.
            conversation["tags"].as_array().map(|tags| tags.iter().map(|t| t["tag"].as_str().unwrap().to_owned()).collect()).unwrap_or_default();
        tags.sort();
        tags
    };
    sim.hs()
        .args(["conv", "tag", &id_text, "--add", "vip", "--add", "fire"])
        .assert()
        .success();
    assert_eq!(tags(&sim), ["fire", "urgent", "vip"]);
    sim.hs()
        .args(["conv", "tag", &id_text, "--remove", "urgent"])
        .assert()
        .success();
    assert_eq!(tags(&sim), ["fire", "vip"]);
    sim.hs()
        .args(["conv", "tag", &id_text, "--set", "calm"])
        .assert()
        .success();
    assert_eq!(tags(&sim), ["calm"]);
    sim.hs()
        .args(["conv", "tag", &id_text, "--clear"])
        .assert()
        .success();
    assert!(tags(&sim).is_empty());

    sim.hs()
        .args(["conv", "move", &id_text, "2"])
        .assert()
        .success();
    assert_eq!(
        json(sim.hs().args(["conv", "get", &id_text]))["mailboxId"],
        2
    );

    sim.hs()
        .args([
            "conv",
            "snooze",
            &id_text,
            "--until",
            "3d",
            "--unsnooze-on-reply",
        ])
        .assert()
        .success();
    assert!(!json(sim.hs().args(["conv", "get", &id_text]))["snooze"].is_null());
    sim.hs()
        .args(["conv", "snooze", &id_text, "--off"])
        .assert()
        .success();
    assert!(json(sim.hs().args(["conv", "get", &id_text]))["snooze"].is_null());

    // No terminal to ask on: refuse without --yes.
    sim.hs()
        .args(["conv", "delete", &id_text])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert!(sim.state().conversation(id).is_some());
    sim.hs()
        .args(["conv", "delete", &id_text, "--yes"])
        .assert()
        .success();
    assert!(sim.state().conversation(id).is_none());
    sim.hs()
        .args(["conv", "get", &id_text])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("error:"));
}

#[test]
fn a_reply_to_another_customer_and_a_create_by_customer_id() {
    let sim = Sim::start();
    let customer = sim.state().customer_ids()[0].to_string();
    let created = json(sim.hs().args([
        "conv",
        "create",
        "--mailbox",
        "1",
        "--customer",
        &customer,
        "--subject",
        "Hello",
        "--text",
        "Hi",
        "--thread",
        "phone",
        "--type",
        "phone",
        "--status",
        "closed",
        "--assign",
        "me",
    ]));
    let id = created["id"].as_i64().unwrap();
    let stored = sim.state().conversation(id).expect("created");
    assert_eq!(stored.status.unwrap().as_str(), "closed");
    let reply = json(sim.hs().args([
        "conv",
        "reply",
        &id.to_string(),
        "--text",
        "Done",
        "--customer",
        &customer,
        "--draft",
    ]));
    assert!(reply["id"].as_i64().is_some(), "{reply}");
    let threads = sim.state().threads(id).unwrap();
    assert!(
        threads
            .iter()
            .any(|t| t.state.as_ref().is_some_and(|s| s.as_str() == "draft"))
    );
}

#[test]
fn mailboxes_users_tags_and_customers() {
    let sim = Sim::start();
    let mailboxes = json(sim.hs().args(["mailbox", "list"]));
    assert_eq!(ids(&mailboxes).len(), sim.state().mailbox_ids().len());
    assert_eq!(json(sim.hs().args(["mailbox", "get", "1"]))["id"], 1);
    let folders = json(sim.hs().args(["mailbox", "folders", "1"]));
    assert!(
        folders
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["type"] == "mytickets")
    );
    let fields = json(sim.hs().args(["mailbox", "fields", "1"]));
    assert!(!ids(&fields).is_empty());

    let me = json(sim.hs().args(["user", "me"]));
    assert_eq!(me["id"], sim.state().owner_user_id());
    let users = json(sim.hs().args(["user", "list"]));
    let known = sim.state().user_ids();
    assert!(
        ids(&users).len() > 1 && ids(&users).iter().all(|id| known.contains(id)),
        "{users}"
    );
    let email = me["email"].as_str().unwrap();
    assert_eq!(
        ids(&json(sim.hs().args(["user", "list", "--email", email]))),
        [me["id"].as_i64().unwrap()]
    );

    let tags = json(sim.hs().args(["tag", "list"]));
    let names: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"billing"), "{names:?}");

    let created = json(sim.hs().args([
        "customer",
        "create",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--email",
        "ada@analytical.example",
        "--job-title",
        "Programmer",
    ]));
    let id = created["id"].as_i64().unwrap().to_string();
    sim.hs()
        .args([
            "customer",
            "update",
            &id,
            "--job-title",
            "Countess",
            "--location",
            "London",
        ])
        .assert()
        .success();
    let customer = json(sim.hs().args(["customer", "get", &id]));
    assert_eq!(customer["jobTitle"], "Countess");
    assert_eq!(customer["location"], "London");
    assert_eq!(customer["firstName"], "Ada");
    assert!(
        customer["_embedded"]["emails"]
            .to_string()
            .contains("ada@analytical.example")
    );
    sim.hs().args(["customer", "update", &id]).assert().code(2);
    let found = json(sim.hs().args([
        "customer",
        "list",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
    ]));
    assert_eq!(ids(&found), [id.parse::<i64>().unwrap()]);
    let all = json(sim.hs().args(["customer", "list", "--all"]));
    assert_eq!(ids(&all).len(), sim.state().customer_ids().len());
}

#[test]
fn webhooks_never_show_their_secret() {
    let sim = Sim::start();
    let created = json(sim.hs().env("HS_WEBHOOK_SECRET", "hook-secret-123").args([
        "webhook",
        "create",
        "--url",
        "https://example.com/hook",
        "--event",
        "convo.created",
        "--label",
        "Mine",
    ]));
    let id = created["id"].as_i64().unwrap();
    let output = sim.hs().args(["webhook", "list"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains("hook-secret-123"), "{text}");
    let list: Value = serde_json::from_str(&text).unwrap();
    assert!(ids(&list).contains(&id));
    sim.hs()
        .args(["webhook", "delete", &id.to_string()])
        .assert()
        .success();
    assert!(!sim.state().webhook_ids().contains(&id));
    sim.hs()
        .args([
            "webhook",
            "create",
            "--url",
            "https://example.com/hook",
            "--event",
            "convo.nonsense",
            "--secret",
            "x",
        ])
        .assert()
        .code(2);
}

#[test]
fn reports_and_the_api_escape_hatch() {
    let sim = Sim::start();
    let company = json(sim.hs().args(["report", "company", "--start", "30d"]));
    assert!(company["current"].is_object(), "{company}");
    let docs = json(sim.hs().args(["report", "docs"]));
    assert!(docs.is_object());
    sim.hs()
        .args(["report", "docs", "--mailbox", "1"])
        .assert()
        .code(2);
    sim.hs()
        .args(["report", "user"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--user"));
    let user = json(
        sim.hs()
            .args(["report", "user-replies", "--user", "me", "--mailbox", "1"]),
    );
    assert!(user.is_object());

    let me = json(sim.hs().args(["api", "GET", "/v2/users/me"]));
    assert_eq!(me["id"], sim.state().owner_user_id());
    let created = json(sim.hs().args([
        "api",
        "POST",
        "/v2/customers",
        "--data",
        r#"{"firstName":"Via","lastName":"Api"}"#,
    ]));
    let id = created["id"].as_i64().expect("Resource-ID");
    assert_eq!(
        sim.state().customer(id).unwrap().first_name.as_deref(),
        Some("Via")
    );
    sim.hs()
        .args(["api", "GET", "/v2/conversations/1"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("HTTP 404"));
    sim.hs()
        .args(["api", "POST", "/v2/conversations", "--data", "{}"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("HTTP 400"));
    sim.hs().args(["api", "GET", "v2/users"]).assert().code(2);
    sim.hs()
        .args(["api", "GET", "/v2/users", "--data", "{oops"])
        .assert()
        .code(2);
}

#[test]
fn a_merged_conversation_points_to_the_survivor() {
    let sim = Sim::start();
    let ids = sim.state().conversation_ids();
    let (from, into) = (ids[0], ids[1]);
    sim.state().merge_conversations(from, into).unwrap();
    let output = sim
        .hs()
        .args(["conv", "get", &from.to_string()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!("merged into conversation {into}")),
        "{stderr}"
    );
}

#[test]
fn the_embedded_simulator_needs_nothing() {
    let list = json(support::hs().args(["--simulator", "conv", "list", "-o", "json"]));
    assert_eq!(ids(&list).len(), 25);
    let list = json(support::hs().args([
        "--simulator",
        "--sim-conversations",
        "3",
        "conv",
        "list",
        "--status",
        "all",
    ]));
    assert_eq!(ids(&list).len(), 3);
    support::hs()
        .args(["--simulator", "auth", "login"])
        .assert()
        .code(2);
    support::hs()
        .args(["--sim-conversations", "3", "conv", "list"])
        .assert()
        .code(2);
}
