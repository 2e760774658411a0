//! Exports every conversation of an account as JSON lines, fetching pages concurrently while
//! the client paces itself against the rate limit.
//!
//! ```sh
//! HELPSCOUT_APP_ID=... HELPSCOUT_APP_SECRET=... cargo run --example export_conversations > conversations.jsonl
//! ```
//!
//! Optional: `HELPSCOUT_MAILBOX` (an inbox id) limits the export; `HELPSCOUT_BASE_URL` points
//! it elsewhere (such as the simulator).

use std::io::Write;

use futures_util::TryStreamExt;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::ids::MailboxId;
use helpscout_mailbox::models::ConversationStatusFilter;
use helpscout_mailbox::{Client, DEFAULT_BASE_URL};

/// Pages in flight at once: enough to hide latency, few enough to leave budget for others.
const CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(app_id), Ok(app_secret)) = (
        std::env::var("HELPSCOUT_APP_ID"),
        std::env::var("HELPSCOUT_APP_SECRET"),
    ) else {
        eprintln!(
            "set HELPSCOUT_APP_ID and HELPSCOUT_APP_SECRET (an app under Your Profile > My Apps)"
        );
        return Ok(());
    };
    let base_url =
        std::env::var("HELPSCOUT_BASE_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let client = Client::builder()
        .credentials(Credentials::client_credentials(app_id, app_secret))
        .base_url(base_url)
        .user_agent("helpscout-mailbox-export-example")
        .build()?;

    let mut list = client
        .conversations()
        .list()
        .status(ConversationStatusFilter::All);
    if let Ok(mailbox) = std::env::var("HELPSCOUT_MAILBOX") {
        list = list.mailboxes([mailbox.parse::<MailboxId>()?]);
    }

    let started = std::time::Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut pages = list.pages_concurrent(CONCURRENCY);
    let mut exported = 0usize;
    while let Some(page) = pages.try_next().await? {
        for conversation in &page.items {
            serde_json::to_writer(&mut out, conversation)?;
            out.write_all(b"\n")?;
        }
        exported += page.items.len();
        let figures = client
            .rate_limit()
            .map(|f| f.to_string())
            .unwrap_or_default();
        eprintln!(
            "page {}/{}: {exported} conversations so far; {figures}",
            page.number, page.total_pages
        );
    }
    out.flush()?;
    eprintln!(
        "exported {exported} conversations in {:.1?}",
        started.elapsed()
    );
    Ok(())
}
