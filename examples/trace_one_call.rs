//! What `tracing` shows of one call that is retried once, as `tracing-subscriber`'s fmt
//! layer prints it at DEBUG for this crate: the token request before the call, the retry
//! inside its `helpscout.operation` span, and the span's fields when it closes. (The fmt
//! layer appends a field recorded again rather than replacing it, so the closing span lists
//! the first attempt's `attempt`, `status` and `correlation_id`, then the second's.)
//!
//! ```sh
//! cargo run --example trace_one_call
//! ```
//!
//! Runs against the embedded simulator, no credentials needed. Its first answer to the API
//! is a 504 (the token endpoint is exempt from faults); the client's `on_event` hook clears
//! the fault when the client announces the retry, so exactly one attempt fails. The output
//! is checked for the simulator's App Secret and every access token it issued before it is
//! printed; the example fails if one is found, or if the simulator did not answer a 504 and
//! then a 200.

use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use helpscout_mailbox::events::Event;
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox_simulator::{Faults, Simulator};
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;

/// What the subscriber writes, kept to be checked before it is printed.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.text().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A writer that panicked mid-line leaves whole bytes behind: keep them.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

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

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                // The span's fields (status, attempt, ...) are filled in as the call goes:
                // show them when it closes.
                .with_span_events(FmtSpan::CLOSE)
                .with_ansi(false)
                .with_writer(move || writer.clone()),
        )
        // This crate's events only (`RUST_LOG=helpscout_mailbox=debug` with an `EnvFilter`):
        // at DEBUG, hyper's connection pool would interleave its own.
        .with(Targets::new().with_target("helpscout_mailbox", Level::DEBUG));
    // Global rather than scoped to this thread: the client's work may run on any worker.
    tracing::subscriber::set_global_default(subscriber)?;

    let simulator = Simulator::builder().seed(1).start().await?;
    let state = simulator.state();
    state.set_faults(Faults {
        gateway_timeout_rate: 1.0,
        ..Faults::default()
    });
    let clear = simulator.state();
    let client = simulator
        .client_builder()
        .retry(RetryPolicy::default().base_backoff(Duration::from_millis(100)))
        .on_event(move |event| {
            if matches!(event, Event::Retrying { .. }) {
                clear.set_faults(Faults::none());
            }
        })
        .build()?;

    let me = client.users().me().send().await?;
    drop(client);

    let text = String::from_utf8(captured.text().clone())?;
    let mut secrets = state.live_access_tokens();
    secrets.push(simulator.app_secret().to_owned());
    if let Some(leak) = secrets.iter().find(|secret| text.contains(secret.as_str())) {
        return Err(format!("a secret is in the output ({} characters)", leak.len()).into());
    }
    let answers: Vec<String> = state
        .requests()
        .iter()
        .filter(|request| request.path == "/v2/users/me")
        .map(|request| request.status.map_or("none".into(), |s| s.to_string()))
        .collect();
    if answers != ["504", "200"] {
        return Err(
            format!("expected a 504 then a 200, the simulator answered {answers:?}").into(),
        );
    }
    print!("{text}");
    println!(
        "--\nuser {} after answers {}; no App Secret or access token in the output",
        me.id,
        answers.join(", ")
    );
    simulator.shutdown().await;
    Ok(())
}
