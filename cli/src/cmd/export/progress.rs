//! The progress bar of an export on stderr: items, rate, ETA, and the rate-limit budget,
//! with what the client is waiting for when it waits (a rate-limit pause, a retry, pacing),
//! as its events report it.

use std::time::Duration;

use helpscout_mailbox::Client;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::waits::ClientWaits;

/// How often the note is refreshed.
const TICK: Duration = Duration::from_millis(250);

/// The bar, and the ticker that keeps its note current.
pub struct Progress {
    bar: ProgressBar,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// A bar for `what` (`conversations`), hidden with `--quiet` or when stderr is not a
    /// terminal.
    pub fn new(client: &Client, waits: &ClientWaits, what: &'static str, quiet: bool) -> Self {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        let template = format!(
            "{{spinner}} {{elapsed_precise}} [{{bar:30}}] {{human_pos}}/{{human_len}} {what} ({{per_sec}}, ETA {{eta}}) {{msg}}"
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        let ticker = (!bar.is_hidden()).then(|| {
            let (bar, client, waits) = (bar.clone(), client.clone(), waits.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(TICK).await;
                    bar.set_message(note(&client, &waits));
                    bar.tick();
                }
            })
        });
        Self { bar, ticker }
    }

    /// Sets the total once the first page tells it.
    pub fn set_total(&self, total: u64) {
        self.bar.set_length(total);
    }

    /// Counts items already in the file of a resumed export.
    pub fn resume_at(&self, done: u64) {
        self.bar.set_position(done);
        self.bar.reset_eta();
    }

    /// Counts a written page's items.
    pub fn page(&self, items: u64) {
        self.bar.inc(items);
    }

    /// Removes the bar.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(ticker) = &self.ticker {
            ticker.abort();
        }
    }
}

/// The note after the bar: what the client waits for, if anything, and the budget left.
fn note(client: &Client, waits: &ClientWaits) -> String {
    let figures = client.rate_limit().map(|figures| figures.to_string());
    match (waits.describe(), figures) {
        (Some(wait), Some(figures)) => format!("| {wait} ({figures})"),
        (Some(wait), None) => format!("| {wait}"),
        (None, Some(figures)) => format!("| {figures}"),
        (None, None) => String::new(),
    }
}
