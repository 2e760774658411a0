//! `hs mcp`: Help Scout as tools for AI agents, over the Model Context Protocol on stdio.
//!
//! One file per concern: the server (`server.rs`), the tool catalogue and dispatch
//! (`tools/`), a conversation as a resource (`resource.rs`), thread bodies as text (`text.rs`, `thread_text.rs`), redaction
//! (`redact.rs`) and the safety options (`safety.rs`).

mod redact;
mod resource;
mod safety;
mod server;
mod text;
mod thread_text;
mod tools;

use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::Args;
use rmcp::ServiceExt;

use crate::cli::Global;
use crate::session::Session;

pub use safety::Safety;

/// Arguments of `hs mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    #[command(flatten)]
    pub safety: Safety,
}

/// Serves MCP on stdin/stdout until the client closes stdin. Nothing but protocol
/// messages goes to stdout; notes go to stderr, which MCP clients log.
pub async fn run(global: &Global, args: McpArgs) -> Result<()> {
    let session = Arc::new(Session::connect(global).await?);
    let server = server::Server::new(tools::Context {
        session,
        safety: args.safety,
    });
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .context("the MCP client did not complete the handshake")?;
    running.waiting().await.context("the MCP server stopped")?;
    Ok(())
}
