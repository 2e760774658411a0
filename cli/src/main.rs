//! `hs`: Help Scout from the command line, on top of the `helpscout-mailbox` crate.
//!
//! Each command group lives in its own file under `cmd/`; this file parses the arguments,
//! runs the command on a tokio runtime and turns the outcome into an exit code.

#![forbid(unsafe_code)]

mod cli;
mod cmd;
mod exit;
mod mcp;
mod output;
mod parse;
mod session;
mod store;
mod waits;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let color = output::stderr_color();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            exit::print_error(&anyhow::Error::new(error), color);
            return ExitCode::from(exit::Kind::Other.code());
        }
    };
    let outcome = runtime.block_on(cmd::run(cli));
    // Background work (an embedded simulator, a ticking progress bar) must not hold the
    // process open once the command has finished.
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // `hs conv list | head`: the reader has all it wanted.
        Err(error) if exit::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            exit::print_error(&error, color);
            ExitCode::from(exit::Kind::of(&error).code())
        }
    }
}
