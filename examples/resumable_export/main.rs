//! Exports every conversation to a JSON Lines file, resumably: after each page, a checkpoint
//! next to the file records how far it got; run the same command again after an
//! interruption (Ctrl-C, a crash, a network failure) and it continues with the next page,
//! without a duplicate or a gap.
//!
//! ```sh
//! cargo run --example resumable_export -- conversations.jsonl                 # the embedded simulator
//! cargo run --example resumable_export -- conversations.jsonl --stop-after 3  # stop after 3 pages; run again to resume
//! HELPSCOUT_APP_ID=... HELPSCOUT_APP_SECRET=... cargo run --example resumable_export -- conversations.jsonl
//! ```
//!
//! Without `HELPSCOUT_APP_ID` and `HELPSCOUT_APP_SECRET` it starts the embedded simulator,
//! seeded the same on every run (so a resumed run continues the same list), and exports
//! there. With them it exports your account; `HELPSCOUT_MAILBOX` (an inbox id) limits the
//! export to one inbox, `HELPSCOUT_BASE_URL` points it at another server.
//!
//! The file is `conversations.jsonl`, the checkpoint `conversations.jsonl.checkpoint`. The
//! order of the walk (oldest first) and what it cannot see are in `export.rs`.

mod export;

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::{Client, DEFAULT_BASE_URL};
use helpscout_mailbox_simulator::{RunningSimulator, Simulator};

const USAGE: &str = "usage: resumable_export FILE [--stop-after PAGES]";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), export::Error> {
    let (out, stop_after) = arguments()?;
    let (client, mailbox, simulator) = connect().await?;

    let mut pages_this_run = 0u64;
    let checkpoint = export::export(&client, mailbox, &out, |checkpoint| {
        eprintln!(
            "page {}/{}: {} conversations in {}",
            checkpoint.last_page,
            checkpoint.total_pages,
            checkpoint.written,
            out.display()
        );
        pages_this_run += 1;
        if stop_after.is_some_and(|stop| pages_this_run >= stop) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .await?;

    if checkpoint.complete {
        eprintln!(
            "{}: {} conversations, complete ({} holds the checkpoint)",
            out.display(),
            checkpoint.written,
            export::checkpoint_path(&out).display()
        );
    } else {
        eprintln!(
            "stopped after page {}: run the same command again to resume",
            checkpoint.last_page
        );
    }
    if checkpoint.shrank {
        eprintln!(
            "warning: conversations left the list during the export (deleted or merged); \
             a later one may have moved onto a page already written and be missing"
        );
    }
    if let Some(simulator) = simulator {
        simulator.shutdown().await;
    }
    Ok(())
}

/// The file to write and how many pages to stop after, from the command line.
fn arguments() -> Result<(PathBuf, Option<u64>), export::Error> {
    let mut out = None;
    let mut stop_after = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--stop-after" {
            let pages = args.next().and_then(|n| n.to_str()?.parse::<u64>().ok());
            stop_after = Some(pages.filter(|n| *n > 0).ok_or(USAGE)?);
        } else if out.is_none() {
            out = Some(PathBuf::from(arg));
        } else {
            return Err(USAGE.into());
        }
    }
    Ok((out.ok_or(USAGE)?, stop_after))
}

/// A client for your account when the credentials are set, else for the embedded simulator
/// (returned too, to be shut down at the end).
async fn connect() -> Result<(Client, Option<MailboxId>, Option<RunningSimulator>), export::Error> {
    let user_agent = "helpscout-mailbox-resumable-export-example";
    if let (Ok(app_id), Ok(app_secret)) = (
        std::env::var("HELPSCOUT_APP_ID"),
        std::env::var("HELPSCOUT_APP_SECRET"),
    ) {
        let base_url =
            std::env::var("HELPSCOUT_BASE_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
        let client = Client::builder()
            .credentials(Credentials::client_credentials(app_id, app_secret))
            .base_url(base_url)
            .user_agent(user_agent)
            .build()?;
        let mailbox = match std::env::var("HELPSCOUT_MAILBOX") {
            Ok(mailbox) => Some(mailbox.parse::<MailboxId>()?),
            Err(_) => None,
        };
        return Ok((client, mailbox, None));
    }
    let simulator = Simulator::builder()
        .seed(42)
        .conversations(500)
        .start()
        .await?;
    eprintln!(
        "No HELPSCOUT_APP_ID/HELPSCOUT_APP_SECRET: exporting from the embedded simulator at {}.",
        simulator.base_url()
    );
    let client = simulator.client_builder().user_agent(user_agent).build()?;
    Ok((client, None, Some(simulator)))
}
