//! The commands, one group per file, and the dispatch from the parsed command line.

pub mod api;
pub mod auth;
mod auth_browser;
pub mod completions;
pub mod conv;
mod conv_write;
pub mod customer;
pub mod export;
pub mod mailbox;
pub mod report;
pub mod tag;
pub mod user;
pub mod watch;
pub mod webhook;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::exit::{Failure, Kind};
use crate::session::Session;

/// Runs the command; Ctrl-C ends it with exit code 130 (an export's checkpoint is written
/// after every page, so nothing is lost).
pub async fn run(cli: Cli) -> Result<()> {
    let interrupted = interrupt()?;
    tokio::select! {
        result = dispatch(cli) => result,
        _ = interrupted => Err(Failure { kind: Kind::Interrupted, message: "interrupted".into() }.into()),
    }
}

/// Completes on Ctrl-C. On Unix the handler is registered here, before the command starts,
/// so that an interrupt can never arrive between the command's first step and the handler.
fn interrupt() -> Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupts = signal(SignalKind::interrupt())?;
        Ok(async move {
            interrupts.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn dispatch(cli: Cli) -> Result<()> {
    let Cli { global, command } = cli;
    let connect = || Session::connect(&global);
    match command {
        Command::Completions(args) => completions::run(&args),
        Command::Auth(command) => auth::run(&global, command).await,
        Command::Conv(command) => conv::run(&connect().await?, command).await,
        Command::Mailbox(command) => mailbox::run(&connect().await?, command).await,
        Command::User(command) => user::run(&connect().await?, command).await,
        Command::Customer(command) => customer::run(&connect().await?, command).await,
        Command::Tag(command) => tag::run(&connect().await?, command).await,
        Command::Webhook(command) => webhook::run(&connect().await?, command).await,
        Command::Report(args) => report::run(&connect().await?, args).await,
        Command::Api(args) => api::run(&connect().await?, args).await,
        Command::Export(command) => export::run(&connect().await?, command).await,
        Command::Watch(command) => watch::run(&connect().await?, command).await,
        Command::Mcp(args) => crate::mcp::run(&global, args).await,
    }
}
