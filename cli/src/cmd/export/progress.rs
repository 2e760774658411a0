//! The progress bar of an export on stderr: items, rate, ETA, and the rate-limit budget,
//! with a visible note when the client is pausing for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use helpscout_mailbox::Client;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the rate-limit note is refreshed.
const TICK: Duration = Duration::from_millis(250);
/// A page slower than this while the budget is low counts as a rate-limit pause.
const PAUSE_AFTER: Duration = Duration::from_secs(1);

/// The bar, and the ticker that keeps its rate-limit note current.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    last_page_ms: Arc<AtomicU64>,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// A bar for `what` (`conversations`), hidden with `--quiet` or when stderr is not a
    /// terminal.
    pub fn new(client: &Client, what: &'static str, quiet: bool) -> Self {
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
        let started = Instant::now();
        let last_page_ms = Arc::new(AtomicU64::new(0));
        let ticker = (!bar.is_hidden()).then(|| {
            let (bar, client, last) = (bar.clone(), client.clone(), last_page_ms.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(TICK).await;
                    let since_page = started
                        .elapsed()
                        .saturating_sub(Duration::from_millis(last.load(Ordering::Relaxed)));
                    bar.set_message(note(&client, since_page));
                    bar.tick();
                }
            })
        });
        Self {
            bar,
            started,
            last_page_ms,
            ticker,
        }
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
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_page_ms.store(elapsed, Ordering::Relaxed);
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

/// The rate-limit part of the bar: the budget left, and a pause when the client is waiting.
fn note(client: &Client, since_page: Duration) -> String {
    let Some(figures) = client.rate_limit() else {
        return String::new();
    };
    let low = match (figures.remaining(), figures.limit_per_minute()) {
        (Some(remaining), Some(limit)) => remaining.saturating_mul(5) <= limit,
        _ => false,
    };
    if figures.remaining() == Some(0) && since_page >= PAUSE_AFTER {
        format!("| paused: rate limit spent, waiting for the next minute ({figures})")
    } else if low && since_page >= PAUSE_AFTER {
        format!("| pacing: rate limit nearly spent ({figures})")
    } else {
        format!("| {figures}")
    }
}
