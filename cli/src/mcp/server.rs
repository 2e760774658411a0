//! The MCP server: what it says about itself at `initialize`, its tool list, and the
//! dispatch of tool calls. The protocol itself (JSON-RPC framing, version negotiation,
//! cancellation) is the SDK's.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, ResourceContents, ResourceTemplate,
    ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use super::resource;
use super::tools::{self, Context};

/// What the server tells the agent at `initialize`, beyond the tool descriptions.
const INSTRUCTIONS: &str = "Help Scout (customer support) through the Mailbox API. \
Find work with search_conversations (status defaults to active), read a conversation with \
get_conversation before acting on it, and look up ids with list_mailboxes, list_users, \
list_tags and search_customers. Tool errors are JSON with `error` (a kind), `message`, \
and where known `fields` (what Help Scout rejected) and `retryAfterSeconds` (wait that \
long before retrying).";

/// The `hs mcp` server.
#[derive(Clone)]
pub struct Server {
    context: Arc<Context>,
}

impl Server {
    /// A server running its tools with `context`.
    pub fn new(context: Context) -> Self {
        Self {
            context: Arc::new(context),
        }
    }

    fn instructions(&self) -> String {
        let safety = &self.context.safety;
        let mut text = INSTRUCTIONS.to_owned();
        if !safety.allow_writes {
            text.push_str(" This server is read-only.");
        } else if safety.draft_replies {
            text.push_str(" Replies are saved as drafts for a person to review and send.");
        }
        if safety.redact {
            text.push_str(" Customer email addresses and phone numbers are redacted.");
        }
        text
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("hs", env!("CARGO_PKG_VERSION")).with_title("Help Scout (hs mcp)"),
        )
        .with_instructions(self.instructions())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::list(
            &self.context.safety,
        )))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        // Conversations are reached through the template; listing them all would be a
        // search, which is what `search_conversations` is for.
        Ok(ListResourcesResult::default())
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(vec![
            ResourceTemplate::new(resource::CONVERSATION_TEMPLATE, "conversation")
                .with_title("A Help Scout conversation")
                .with_description(
                    "A conversation and its latest threads as text, as get_conversation shows it",
                )
                .with_mime_type("text/plain"),
        ]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let text = resource::read(&self.context, &request.uri).await?;
        Ok(ReadResourceResult::new(vec![ResourceContents::text(text, request.uri)]).into())
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools::find(name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(tools::call(&self.context, &request.name, request.arguments)
            .await
            .into())
    }
}
