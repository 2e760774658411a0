//! The tools: their catalogue (names, descriptions, JSON Schemas from the crate's models)
//! and the dispatch of a call to the function that runs it.

mod outcome;
pub mod read;
pub mod write;

use std::sync::Arc;

use rmcp::handler::server::common::{schema_for_input, schema_for_output};
use rmcp::model::{CallToolResult, JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

pub use outcome::{Answer, Failure};

use crate::mcp::safety::Safety;
use crate::session::Session;

/// What every tool runs with.
pub struct Context {
    /// The client, built as for every other `hs` command.
    pub session: Arc<Session>,
    /// The options of `hs mcp`.
    pub safety: Safety,
}

/// A tool's input and output schemas.
type Schemas = (Arc<JsonObject>, Arc<JsonObject>);

/// A tool of the catalogue.
struct Spec {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    /// Whether it changes Help Scout (only offered with `--allow-writes`).
    write: bool,
    /// Whether calling it twice has the effect of calling it once.
    idempotent: bool,
    schemas: fn() -> Result<Schemas, String>,
}

/// The input and output schemas of a tool, from its argument and answer types; an error
/// when the input's schema is not an object, as MCP requires.
fn schemas<I: JsonSchema + 'static, O: JsonSchema + 'static>() -> Result<Schemas, String> {
    Ok((schema_for_input::<I>()?, schema_for_output::<O>()))
}

const CATALOGUE: &[Spec] = &[
    Spec {
        name: "search_conversations",
        title: "Search conversations",
        description: "Find Help Scout conversations (support tickets) by mailbox, folder, status, tag, assignee, customer, number or modification time, or with Help Scout's search syntax in `query`. Returns one page (25) of conversations without their threads, with the page count; use `get_conversation` to read one. Status defaults to `active`: pass `status: \"all\"` to include closed ones.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::SearchConversations, read::ConversationPage>,
    },
    Spec {
        name: "get_conversation",
        title: "Read a conversation",
        description: "Read one conversation by id: its status, customer, assignee and tags, and its latest threads (customer messages, replies, internal notes, line items) oldest first, each body as plain text with quoted history left out and long bodies cut. Use it before replying or changing a conversation.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::GetConversation, crate::mcp::thread_text::ConversationThreads>,
    },
    Spec {
        name: "list_mailboxes",
        title: "List mailboxes",
        description: "List the mailboxes (inboxes) this server may use, with their ids; with `folders: true` also each mailbox's folders (ids and conversation counts), for filtering `search_conversations`.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::ListMailboxes, read::MailboxList>,
    },
    Spec {
        name: "search_customers",
        title: "Search customers",
        description: "Find customers by name, mailbox, modification time, or with Help Scout's customer search syntax in `query` (for example by email address). Returns one page (50) of customer profiles.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::SearchCustomers, read::CustomerPage>,
    },
    Spec {
        name: "get_customer",
        title: "Read a customer",
        description: "Read one customer profile by id: names, emails, phones, organization, job title, location, background notes and other entries.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::GetCustomer, helpscout_mailbox::models::Customer>,
    },
    Spec {
        name: "list_tags",
        title: "List tags",
        description: "List every tag of the account with how many conversations carry it; use the names with `search_conversations` (`tags`) and `tag`.",
        write: false,
        idempotent: true,
        schemas: schemas::<read::NoArguments, read::TagList>,
    },
    Spec {
        name: "list_users",
        title: "List users",
        description: "List the team's users (ids, names, emails, roles), optionally only those of one mailbox or with one email; use the ids with `assign` and `search_conversations` (`assignedTo`).",
        write: false,
        idempotent: true,
        schemas: schemas::<read::ListUsers, read::UserList>,
    },
    Spec {
        name: "reply",
        title: "Reply to the customer",
        description: "Reply to the customer of a conversation (the email the customer receives), optionally setting the conversation's status. Saved as a draft for a person to send when `draft` is true or the server runs with --draft-replies. For internal remarks use `add_note` instead.",
        write: true,
        idempotent: false,
        schemas: schemas::<write::Reply, write::WriteResult>,
    },
    Spec {
        name: "add_note",
        title: "Add an internal note",
        description: "Add an internal note to a conversation: visible to the team only, never sent to the customer.",
        write: true,
        idempotent: false,
        schemas: schemas::<write::AddNote, write::WriteResult>,
    },
    Spec {
        name: "set_status",
        title: "Set a conversation's status",
        description: "Set a conversation's status: `active`, `pending` (waiting on something), `closed` or `spam`.",
        write: true,
        idempotent: true,
        schemas: schemas::<write::SetStatus, write::WriteResult>,
    },
    Spec {
        name: "assign",
        title: "Assign a conversation",
        description: "Assign a conversation to a user (an id from `list_users`, or `me`), or unassign it with `none`.",
        write: true,
        idempotent: true,
        schemas: schemas::<write::Assign, write::WriteResult>,
    },
    Spec {
        name: "tag",
        title: "Tag a conversation",
        description: "Add tags to and/or remove tags from a conversation; the other tags stay.",
        write: true,
        idempotent: true,
        schemas: schemas::<write::TagConversation, write::WriteResult>,
    },
    Spec {
        name: "snooze",
        title: "Snooze a conversation",
        description: "Snooze a conversation until a time (or for a delay such as `2h` or `3d`), optionally waking it when the customer replies; or end a snooze with `off: true`.",
        write: true,
        idempotent: true,
        schemas: schemas::<write::Snooze, write::WriteResult>,
    },
];

/// The tools offered: the read tools, and the write tools with `--allow-writes`.
pub fn list(safety: &Safety) -> Vec<Tool> {
    CATALOGUE
        .iter()
        .filter(|spec| !spec.write || safety.allow_writes)
        .map(tool)
        .collect()
}

/// The tool named `name`, offered or not.
pub fn find(name: &str) -> Option<Tool> {
    CATALOGUE.iter().find(|spec| spec.name == name).map(tool)
}

fn tool(spec: &Spec) -> Tool {
    // Every argument type is a struct, whose schema is an object; the fallback keeps a
    // broken type from taking the server down (a unit test checks none needs it).
    let (input, output) = (spec.schemas)().unwrap_or_else(|_| {
        let mut object = JsonObject::new();
        object.insert("type".into(), "object".into());
        (Arc::new(object.clone()), Arc::new(object))
    });
    let annotations = ToolAnnotations::with_title(spec.title)
        .read_only(!spec.write)
        .destructive(false)
        .idempotent(spec.idempotent)
        // A reply leaves the account: it is an email to the customer.
        .open_world(spec.name == "reply");
    Tool::new(spec.name, spec.description, input)
        .with_title(spec.title)
        .with_raw_output_schema(output)
        .with_annotations(annotations)
}

/// Runs a call; every failure is a tool error (`isError`), never a protocol error.
pub async fn call(context: &Context, name: &str, arguments: Option<JsonObject>) -> CallToolResult {
    let arguments = arguments.unwrap_or_default();
    let answer = match name {
        "search_conversations" => run(context, arguments, read::search_conversations).await,
        "get_conversation" => run(context, arguments, read::get_conversation).await,
        "list_mailboxes" => run(context, arguments, read::list_mailboxes).await,
        "search_customers" => run(context, arguments, read::search_customers).await,
        "get_customer" => run(context, arguments, read::get_customer).await,
        "list_tags" => run(context, arguments, read::list_tags).await,
        "list_users" => run(context, arguments, read::list_users).await,
        "reply" => run(context, arguments, write::reply).await,
        "add_note" => run(context, arguments, write::add_note).await,
        "set_status" => run(context, arguments, write::set_status).await,
        "assign" => run(context, arguments, write::assign).await,
        "tag" => run(context, arguments, write::tag).await,
        "snooze" => run(context, arguments, write::snooze).await,
        other => Err(Failure::Arguments(format!(
            "there is no tool `{other}`; the tools are: {}",
            list(&context.safety)
                .iter()
                .map(|t| t.name.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    };
    match answer {
        Ok(answer) => answer.into_result(&context.safety),
        Err(failure) => failure.into_result(&context.safety),
    }
}

/// Decodes the arguments as the tool's input type, then runs it.
async fn run<'c, A, F, Fut>(
    context: &'c Context,
    arguments: JsonObject,
    tool: F,
) -> Result<Answer, Failure>
where
    A: DeserializeOwned,
    F: FnOnce(&'c Context, A) -> Fut,
    Fut: Future<Output = Result<Answer, Failure>>,
{
    let arguments: A = serde_json::from_value(serde_json::Value::Object(arguments))
        .map_err(|e| Failure::Arguments(e.to_string()))?;
    tool(context, arguments).await
}

/// Checks an id is positive, the one constraint of the schema serde cannot.
pub fn positive(field: &str, value: i64) -> Result<i64, Failure> {
    if value > 0 {
        Ok(value)
    } else {
        Err(Failure::Arguments(format!(
            "`{field}` must be a positive id, not {value}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_object_schemas_and_a_valid_name() {
        for spec in CATALOGUE {
            assert!(
                schema_for_input_is_object(spec),
                "{}: input schema is not an object",
                spec.name
            );
            assert!(
                rmcp::handler::server::tool_name_validation::validate_and_warn_tool_name(spec.name)
            );
        }
        let read_only = list(&Safety::default());
        assert!(
            read_only
                .iter()
                .all(|t| t.annotations.as_ref().and_then(|a| a.read_only_hint) == Some(true))
        );
        let all = list(&Safety {
            allow_writes: true,
            ..Safety::default()
        });
        assert_eq!(all.len(), CATALOGUE.len());
        assert!(all.len() > read_only.len());
    }

    fn schema_for_input_is_object(spec: &Spec) -> bool {
        let Ok((input, output)) = (spec.schemas)() else {
            return false;
        };
        input.get("type").and_then(|t| t.as_str()) == Some("object")
            && output.get("type").and_then(|t| t.as_str()) == Some("object")
    }
}
