//! `hs mcp` driven by the MCP SDK's client over the real binary's stdio, against a
//! simulator this test starts (so that it can read the simulator's state after writes).

mod support;

use helpscout_mailbox::ids::{MailboxId, UserId};
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject, Tool};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use support::Sim;

type Client = RunningService<RoleClient, ()>;

/// Starts `hs mcp <args>` against `sim` and completes the MCP handshake.
async fn connect(sim: &Sim, args: &[&str]) -> Client {
    let mut command = tokio::process::Command::from(sim.spawnable());
    command.arg("mcp").args(args);
    let transport = TokioChildProcess::new(command).expect("spawn hs mcp");
    ().serve(transport).await.expect("MCP handshake")
}

/// Calls a tool; the call itself must succeed at the protocol level.
async fn call(client: &Client, name: &str, arguments: Value) -> CallToolResult {
    let Value::Object(arguments) = arguments else {
        panic!("arguments must be an object");
    };
    client
        .call_tool(CallToolRequestParams::new(name.to_owned()).with_arguments(arguments))
        .await
        .unwrap_or_else(|e| panic!("{name}: a protocol error instead of a tool result: {e}"))
}

/// The structured content of a successful call.
fn ok(result: &CallToolResult) -> &Value {
    assert_ne!(result.is_error, Some(true), "tool error: {}", text(result));
    result
        .structured_content
        .as_ref()
        .expect("structured content")
}

/// The report of a failed call: the JSON of its text.
fn error(result: &CallToolResult) -> Value {
    assert_eq!(
        result.is_error,
        Some(true),
        "expected a tool error: {result:?}"
    );
    serde_json::from_str(&text(result)).expect("the error report is JSON")
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tool<'a>(tools: &'a [Tool], name: &str) -> &'a Tool {
    tools
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no tool {name}"))
}

fn validator(tool: &Tool) -> jsonschema::Validator {
    let schema = Value::Object(JsonObject::clone(&tool.input_schema));
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: the input schema is not a valid schema: {e}", tool.name))
}

/// A conversation of the simulator with at least two threads and a primary customer.
fn a_conversation(sim: &Sim) -> (i64, helpscout_mailbox::models::Conversation) {
    let state = sim.state();
    state
        .conversation_ids()
        .into_iter()
        .filter_map(|id| state.conversation(id).map(|c| (id, c)))
        .find(|(id, c)| {
            state.threads(*id).is_some_and(|t| t.len() >= 2)
                && c.status.as_ref().is_some_and(|s| s.to_string() == "active")
        })
        .expect("a seeded conversation with threads")
}

#[test]
fn initialize_and_list_tools_with_schemas_that_check_sample_calls() {
    let sim = Sim::start();
    sim.block_on(async {
        let client = connect(&sim, &[]).await;
        let info = client.peer_info().expect("server info");
        assert_eq!(info.server_info.as_ref().map(|i| i.name.as_str()), Some("hs"));
        assert!(info.capabilities.tools.is_some());
        assert!(
            info.instructions.as_deref().unwrap_or("").contains("read-only"),
            "{:?}",
            info.instructions
        );

        let tools = client.list_all_tools().await.expect("tools/list");
        let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "get_conversation",
                "get_customer",
                "list_mailboxes",
                "list_tags",
                "list_users",
                "search_conversations",
                "search_customers"
            ],
            "a read-only server offers only the read tools"
        );
        for tool in &tools {
            assert_eq!(
                tool.input_schema.get("type"),
                Some(&json!("object")),
                "{}",
                tool.name
            );
            assert!(tool.output_schema.is_some(), "{} has no output schema", tool.name);
            assert!(
                tool.description.as_deref().is_some_and(|d| d.len() > 40),
                "{} needs a description",
                tool.name
            );
            assert_eq!(
                tool.annotations.as_ref().and_then(|a| a.read_only_hint),
                Some(true)
            );
        }

        // Sample calls an agent would make validate against the schemas; broken ones do not.
        let samples = [
            ("search_conversations", json!({"query": "(subject:\"refund\")", "status": "all", "mailboxes": [1], "page": 2})),
            ("get_conversation", json!({"id": 12, "maxThreads": 5})),
            ("list_mailboxes", json!({"folders": true})),
            ("search_customers", json!({"query": "(email:\"ada@example.com\")"})),
            ("get_customer", json!({"id": 3})),
            ("list_tags", json!({})),
            ("list_users", json!({"mailbox": 1})),
        ];
        for (name, sample) in &samples {
            let validator = validator(tool(&tools, name));
            let errors: Vec<String> = validator.iter_errors(sample).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{name}: {sample} is refused: {errors:?}");
        }
        let broken = [
            ("get_conversation", json!({})),
            ("get_conversation", json!({"id": "twelve"})),
            ("get_conversation", json!({"id": 0})),
            ("search_conversations", json!({"mailbox": 1})),
            ("get_customer", json!({"id": 3, "extra": true})),
        ];
        for (name, sample) in &broken {
            assert!(
                !validator(tool(&tools, name)).is_valid(sample),
                "{name}: {sample} should not validate"
            );
        }
        client.cancel().await.expect("close");
    });
}

#[test]
fn write_tools_are_listed_and_schemas_check_them_with_allow_writes() {
    let sim = Sim::start();
    sim.block_on(async {
        let client = connect(&sim, &["--allow-writes"]).await;
        let tools = client.list_all_tools().await.expect("tools/list");
        assert_eq!(tools.len(), 13);
        let samples = [
            (
                "reply",
                json!({"conversation": 1, "text": "Hello", "status": "pending"}),
            ),
            ("add_note", json!({"conversation": 1, "text": "FYI"})),
            ("set_status", json!({"conversation": 1, "status": "closed"})),
            ("assign", json!({"conversation": 1, "user": "me"})),
            (
                "tag",
                json!({"conversation": 1, "add": ["vip"], "remove": ["old"]}),
            ),
            (
                "snooze",
                json!({"conversation": 1, "until": "2h", "unsnoozeOnReply": true}),
            ),
        ];
        for (name, sample) in &samples {
            let tool = tool(&tools, name);
            assert_eq!(
                tool.annotations.as_ref().and_then(|a| a.read_only_hint),
                Some(false)
            );
            assert!(validator(tool).is_valid(sample), "{name}: {sample}");
        }
        assert!(!validator(tool(&tools, "reply")).is_valid(&json!({"conversation": 1})));
        client.cancel().await.expect("close");
    });
}

#[test]
fn read_tools_return_what_the_simulator_holds() {
    let sim = Sim::start();
    let api = sim.client();
    let (id, conversation) = a_conversation(&sim);
    let threads = sim.state().threads(id).expect("threads");
    sim.block_on(async {
        let client = connect(&sim, &[]).await;

        let all = call(&client, "search_conversations", json!({"status": "all"})).await;
        let expected = api
            .conversations()
            .list()
            .status(helpscout_mailbox::models::ConversationStatusFilter::All)
            .send()
            .await
            .expect("list");
        let all = ok(&all);
        assert_eq!(all["totalConversations"], json!(expected.total_elements));
        assert_eq!(
            all["conversations"].as_array().map(Vec::len),
            Some(expected.items.len())
        );
        assert!(all["conversations"][0].get("_links").is_none());

        let number = conversation.number.expect("number");
        let found = call(
            &client,
            "search_conversations",
            json!({"number": number, "status": "all"}),
        )
        .await;
        assert_eq!(ok(&found)["conversations"][0]["id"], json!(id));

        let got = call(&client, "get_conversation", json!({"id": id})).await;
        let view = ok(&got);
        assert_eq!(view["conversation"]["id"], json!(id));
        assert_eq!(view["conversation"]["subject"], json!(conversation.subject));
        let shown = view["threads"].as_array().expect("threads");
        assert_eq!(shown.len(), threads.len().min(30));
        // Oldest first, as the conversation happened; the simulator lists newest first.
        let oldest = threads.last().expect("a thread");
        assert_eq!(shown[0]["id"], json!(oldest.id));
        // Bodies are text: no markup left, and the words of the HTML are there.
        for thread in shown {
            let text = thread["text"].as_str().expect("text");
            assert!(!text.contains("<p>") && !text.contains("<br"), "{text}");
        }
        let transcript = text(&got);
        assert!(transcript.contains(conversation.subject.as_deref().unwrap_or_default()));
        assert!(transcript.contains(&format!("Conversation {id}")));

        // The same conversation as a resource, for clients that attach context.
        let templates = client
            .list_all_resource_templates()
            .await
            .expect("templates");
        assert_eq!(templates.len(), 1);
        assert_eq!(templates[0].uri_template, "helpscout://conversations/{id}");
        let resource = client
            .read_resource(rmcp::model::ReadResourceRequestParams::new(format!(
                "helpscout://conversations/{id}"
            )))
            .await
            .expect("resources/read");
        let rmcp::model::ResourceContents::TextResourceContents { text: body, .. } =
            &resource.contents[0]
        else {
            panic!("a text resource: {resource:?}");
        };
        assert_eq!(body, &transcript);
        assert!(
            client
                .read_resource(rmcp::model::ReadResourceRequestParams::new(
                    "helpscout://conversations/999999999"
                ))
                .await
                .is_err()
        );

        let few = call(
            &client,
            "get_conversation",
            json!({"id": id, "maxThreads": 1, "maxCharsPerThread": 100}),
        )
        .await;
        let few = ok(&few);
        assert_eq!(few["threads"].as_array().map(Vec::len), Some(1));
        assert_eq!(few["olderThreadsOmitted"], json!(true));
        assert_eq!(
            few["threads"][0]["id"],
            json!(threads[0].id),
            "the latest thread is kept"
        );

        let mailboxes = call(&client, "list_mailboxes", json!({"folders": true})).await;
        let mailboxes = ok(&mailboxes)["mailboxes"]
            .as_array()
            .expect("mailboxes")
            .clone();
        assert_eq!(mailboxes.len(), sim.state().mailbox_ids().len());
        let first = mailboxes[0]["mailbox"]["id"].as_i64().expect("id");
        let folders = api
            .mailboxes()
            .folders(helpscout_mailbox::ids::MailboxId::new(first))
            .send()
            .await
            .expect("folders");
        assert_eq!(
            mailboxes[0]["folders"].as_array().map(Vec::len),
            Some(folders.items.len())
        );

        let customer_id = conversation.primary_customer.id.get();
        let expected = sim.state().customer(customer_id).expect("customer");
        let customer = call(&client, "get_customer", json!({"id": customer_id})).await;
        let customer = ok(&customer);
        assert_eq!(customer["id"], json!(customer_id));
        assert_eq!(customer["firstName"], json!(expected.first_name));

        let search = call(
            &client,
            "search_customers",
            json!({"firstName": expected.first_name}),
        )
        .await;
        let search = ok(&search);
        assert!(
            search["customers"]
                .as_array()
                .expect("customers")
                .iter()
                .any(|c| c["id"] == json!(customer_id)),
            "{search}"
        );

        let tags = call(&client, "list_tags", json!({})).await;
        let expected = api.tags().list().send().await.expect("tags");
        assert_eq!(
            ok(&tags)["tags"].as_array().map(Vec::len),
            Some(expected.items.len())
        );

        let users = call(&client, "list_users", json!({})).await;
        let expected: Vec<i64> = api
            .users()
            .list()
            .send()
            .await
            .expect("users")
            .items
            .iter()
            .map(|u| u.id.get())
            .collect();
        let shown: Vec<i64> = ok(&users)["users"]
            .as_array()
            .expect("users")
            .iter()
            .filter_map(|u| u["id"].as_i64())
            .collect();
        assert_eq!(shown, expected);
        client.cancel().await.expect("close");
    });
}

#[test]
fn writes_are_refused_without_allow_writes() {
    let sim = Sim::start();
    let (id, conversation) = a_conversation(&sim);
    let threads = sim.state().threads(id).expect("threads").len();
    sim.block_on(async {
        let client = connect(&sim, &[]).await;
        for (name, arguments) in [
            ("reply", json!({"conversation": id, "text": "Hello"})),
            ("add_note", json!({"conversation": id, "text": "FYI"})),
            (
                "set_status",
                json!({"conversation": id, "status": "closed"}),
            ),
            ("assign", json!({"conversation": id, "user": "none"})),
            (
                "tag",
                json!({"conversation": id, "add": ["agent-was-here"]}),
            ),
            ("snooze", json!({"conversation": id, "until": "2h"})),
        ] {
            let report = error(&call(&client, name, arguments).await);
            assert_eq!(report["error"], "refused", "{name}: {report}");
            assert!(
                report["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("--allow-writes"),
                "{report}"
            );
        }
        client.cancel().await.expect("close");
    });
    let after = sim.state().conversation(id).expect("conversation");
    assert_eq!(sim.state().threads(id).expect("threads").len(), threads);
    assert_eq!(after.status, conversation.status);
    assert_eq!(after.tags, conversation.tags);
    assert_eq!(after.assignee, conversation.assignee);
    assert!(after.snooze.is_none());
}

#[test]
fn writes_apply_with_allow_writes() {
    let sim = Sim::start();
    let (id, _) = a_conversation(&sim);
    let threads = sim.state().threads(id).expect("threads").len();
    let user = *sim.state().user_ids().last().expect("a user");
    sim.block_on(async {
        let client = connect(&sim, &["--allow-writes"]).await;
        let reply = call(
            &client,
            "reply",
            json!({"conversation": id, "text": "We are on it."}),
        )
        .await;
        let reply = ok(&reply).clone();
        assert_eq!(reply["draft"], json!(false));
        let note = call(
            &client,
            "add_note",
            json!({"conversation": id, "text": "Checked the logs."}),
        )
        .await;
        ok(&note);
        let status = call(
            &client,
            "set_status",
            json!({"conversation": id, "status": "pending"}),
        )
        .await;
        ok(&status);
        let assign = call(
            &client,
            "assign",
            json!({"conversation": id, "user": user.to_string()}),
        )
        .await;
        ok(&assign);
        let tag = call(
            &client,
            "tag",
            json!({"conversation": id, "add": ["agent-triaged"]}),
        )
        .await;
        ok(&tag);
        let snooze = call(
            &client,
            "snooze",
            json!({"conversation": id, "until": "3d"}),
        )
        .await;
        ok(&snooze);

        // A status a conversation cannot be set to is a tool error, not a request.
        let report = error(
            &call(
                &client,
                "set_status",
                json!({"conversation": id, "status": "open"}),
            )
            .await,
        );
        assert_eq!(report["error"], "invalid_arguments", "{report}");
        client.cancel().await.expect("close");
    });
    let state = sim.state();
    let after = state.conversation(id).expect("conversation");
    let all = state.threads(id).expect("threads");
    assert_eq!(all.len(), threads + 2, "a reply and a note");
    let texts: Vec<String> = all.iter().filter_map(|t| t.body.clone()).collect();
    assert!(
        texts.iter().any(|b| b.contains("We are on it.")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|b| b.contains("Checked the logs.")),
        "{texts:?}"
    );
    let reply = all
        .iter()
        .find(|t| {
            t.body
                .as_deref()
                .is_some_and(|b| b.contains("We are on it."))
        })
        .expect("the reply");
    // Help Scout lists a reply from the team as a `message` thread.
    assert_eq!(
        reply.type_.as_ref().map(ToString::to_string).as_deref(),
        Some("message")
    );
    assert_eq!(
        after.status.as_ref().map(ToString::to_string).as_deref(),
        Some("pending")
    );
    assert_eq!(
        after.assignee.as_ref().and_then(|a| a.id),
        Some(UserId::new(user))
    );
    assert!(after.tags.iter().any(|t| t.tag == "agent-triaged"));
    assert!(after.snooze.is_some(), "snoozed");
}

#[test]
fn draft_replies_are_drafts() {
    let sim = Sim::start();
    let (id, _) = a_conversation(&sim);
    sim.block_on(async {
        let client = connect(&sim, &["--allow-writes", "--draft-replies"]).await;
        let reply = call(
            &client,
            "reply",
            json!({"conversation": id, "text": "Draft for review."}),
        )
        .await;
        assert_eq!(ok(&reply)["draft"], json!(true));
        client.cancel().await.expect("close");
    });
    let threads = sim.state().threads(id).expect("threads");
    let draft = threads
        .iter()
        .find(|t| {
            t.body
                .as_deref()
                .is_some_and(|b| b.contains("Draft for review."))
        })
        .expect("the reply");
    assert_eq!(
        draft.state.as_ref().map(ToString::to_string).as_deref(),
        Some("draft")
    );
}

#[test]
fn failures_are_tool_errors_with_what_to_fix() {
    let sim = Sim::start();
    sim.block_on(async {
        let client = connect(&sim, &[]).await;
        let missing = error(&call(&client, "get_conversation", json!({"id": 999_999_999})).await);
        assert_eq!(missing["error"], "not_found", "{missing}");

        let bad = error(&call(&client, "get_conversation", json!({"id": "twelve"})).await);
        assert_eq!(bad["error"], "invalid_arguments", "{bad}");
        let unknown = error(&call(&client, "delete_everything", json!({})).await);
        assert_eq!(unknown["error"], "invalid_arguments");
        assert!(
            unknown["message"]
                .as_str()
                .unwrap_or("")
                .contains("search_conversations")
        );

        // Help Scout's validation errors name the rejected field.
        let rejected = error(
            &call(
                &client,
                "search_conversations",
                json!({"sortField": "bogus"}),
            )
            .await,
        );
        assert_eq!(rejected["error"], "validation", "{rejected}");
        let fields = rejected["fields"].as_array().expect("fields");
        assert!(
            fields.iter().any(|f| f["path"] == "sortField"),
            "{rejected}"
        );

        // The server is still there after all that.
        let tags = call(&client, "list_tags", json!({})).await;
        ok(&tags);
        client.cancel().await.expect("close");
    });
}

#[test]
fn redaction_hides_customer_emails_and_phones() {
    let sim = Sim::start();
    let (id, conversation) = a_conversation(&sim);
    let customer = conversation.primary_customer.id.get();
    let email = sim
        .state()
        .customer(customer)
        .and_then(|c| c.embedded)
        .and_then(|e| e.emails.first().and_then(|e| e.value.clone()))
        .expect("the customer's email");
    sim.block_on(async {
        let plain = connect(&sim, &[]).await;
        let shown = call(&plain, "get_customer", json!({"id": customer})).await;
        assert!(
            ok(&shown).to_string().contains(&email),
            "without --redact the email shows"
        );
        plain.cancel().await.expect("close");

        let client = connect(&sim, &["--redact"]).await;
        for (name, arguments) in [
            ("get_customer", json!({"id": customer})),
            ("get_conversation", json!({"id": id})),
            ("search_conversations", json!({"status": "all"})),
            ("search_customers", json!({})),
        ] {
            let result = call(&client, name, arguments).await;
            let structured = ok(&result).to_string();
            let text = text(&result);
            for shown in [&structured, &text] {
                assert!(!shown.contains(&email), "{name} shows {email}");
                assert!(
                    !shown.contains("+1-555-"),
                    "{name} shows a phone number: {shown}"
                );
            }
            assert!(
                structured.contains("[email redacted]"),
                "{name}: {structured}"
            );
            if name == "get_conversation" {
                // Redaction applies to the fields, never to the ids around them.
                assert!(text.contains(&format!("Conversation {id} ")), "{text}");
            }
        }
        client.cancel().await.expect("close");
    });
}

#[test]
fn the_mailbox_allow_list_limits_what_the_tools_reach() {
    let sim = Sim::start();
    let state = sim.state();
    let allowed = state.mailbox_ids()[0];
    let outside = state
        .conversation_ids()
        .into_iter()
        .find(|id| {
            state
                .conversation(*id)
                .is_some_and(|c| c.mailbox_id != Some(MailboxId::new(allowed)))
        })
        .expect("a conversation in another mailbox");
    let allowed_arg = allowed.to_string();
    sim.block_on(async {
        let client = connect(&sim, &["--mailbox", &allowed_arg, "--allow-writes"]).await;
        let mailboxes = call(&client, "list_mailboxes", json!({})).await;
        let mailboxes = ok(&mailboxes)["mailboxes"]
            .as_array()
            .expect("mailboxes")
            .clone();
        assert_eq!(mailboxes.len(), 1);
        assert_eq!(mailboxes[0]["mailbox"]["id"], json!(allowed));

        let search = call(&client, "search_conversations", json!({"status": "all"})).await;
        let found = ok(&search)["conversations"]
            .as_array()
            .expect("conversations")
            .clone();
        assert!(!found.is_empty());
        assert!(found.iter().all(|c| c["mailboxId"] == json!(allowed)));

        let refused = error(&call(&client, "get_conversation", json!({"id": outside})).await);
        assert_eq!(refused["error"], "refused", "{refused}");
        let refused = error(
            &call(
                &client,
                "add_note",
                json!({"conversation": outside, "text": "x"}),
            )
            .await,
        );
        assert_eq!(refused["error"], "refused", "{refused}");
        let refused = error(
            &call(
                &client,
                "search_conversations",
                json!({"mailboxes": [allowed + 1000]}),
            )
            .await,
        );
        assert_eq!(refused["error"], "refused", "{refused}");
        client.cancel().await.expect("close");
    });
}

#[test]
fn a_spent_rate_limit_is_a_tool_error_with_the_wait() {
    // One request a (long) window: a write, which costs two, is refused with a wait longer
    // than the client sits through, and the agent is told how long to wait.
    let sim = Sim::with(
        helpscout_mailbox_simulator::Simulator::builder()
            .rate_limit_per_minute(1)
            .rate_limit_window(std::time::Duration::from_secs(600)),
    );
    sim.block_on(async {
        let client = connect(&sim, &["--allow-writes"]).await;
        let report = error(
            &call(
                &client,
                "add_note",
                json!({"conversation": 1, "text": "hello"}),
            )
            .await,
        );
        assert_eq!(report["error"], "rate_limited", "{report}");
        assert!(
            report["retryAfterSeconds"].as_u64().is_some_and(|s| s > 0),
            "{report}"
        );
        client.cancel().await.expect("close");
    });
}
