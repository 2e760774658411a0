//! Receives Help Scout webhooks on 127.0.0.1: verifies each delivery and prints its event.
//!
//! ```text
//! HELPSCOUT_WEBHOOK_SECRET=... cargo run --example webhook_receiver --features axum -- [PORT]
//! ```
//!
//! The port comes from the first argument, else from `PORT`, else 0 (any free port); the
//! address actually bound is printed. Set `WEBHOOK_RECEIVER_MAX_EVENTS=N` to stop after N
//! verified events, for scripted tests.
//!
//! Try it with a signed request of your own:
//!
//! ```text
//! body='{"id":123}'
//! sig=$(printf %s "$body" | openssl dgst -sha1 -hmac "$HELPSCOUT_WEBHOOK_SECRET" -binary | base64)
//! curl -i http://127.0.0.1:PORT/helpscout -H "X-HelpScout-Event: convo.deleted" \
//!      -H "X-HelpScout-Signature: $sig" --data-binary "$body"
//! ```
//!
//! Or have the simulator (feature `simulator`) send real deliveries, signed and serialised
//! as Help Scout does: register a webhook on it that points here, with the same secret, and
//! change something through its API.
//!
//! ```text
//! cargo run -p helpscout-mailbox-simulator --example simulator -- 8080 &
//! HELPSCOUT_WEBHOOK_SECRET=s3cret cargo run --example webhook_receiver --features axum -- 3000 &
//! token=$(curl -s -d grant_type=client_credentials -d client_id=simulator-app-id \
//!     -d client_secret=simulator-app-secret http://127.0.0.1:8080/v2/oauth2/token | jq -r .access_token)
//! curl -i http://127.0.0.1:8080/v2/webhooks -H "Authorization: Bearer $token" \
//!     -H 'Content-Type: application/json' \
//!     -d '{"url":"http://127.0.0.1:3000/helpscout","events":["convo.status","convo.tags"],"secret":"s3cret"}'
//! curl -i -X PATCH http://127.0.0.1:8080/v2/conversations/1000000 -H "Authorization: Bearer $token" \
//!     -H 'Content-Type: application/json' -d '{"op":"replace","path":"/status","value":"closed"}'
//! ```
//!
//! The simulator only delivers to loopback addresses; see "Webhook deliveries" in the
//! `helpscout_mailbox_simulator` docs, and `tests/webhook_delivery.rs` for the same in a test.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use helpscout_mailbox::webhooks::Event;
use helpscout_mailbox::webhooks::axum::{VerifiedEvent, WebhookSecret};
use tokio::sync::Notify;

#[derive(Clone)]
struct AppState {
    secret: WebhookSecret,
    /// How many more events to take before shutting down; `None` runs until interrupted.
    remaining: Option<Arc<AtomicUsize>>,
    done: Arc<Notify>,
}

impl FromRef<AppState> for WebhookSecret {
    fn from_ref(state: &AppState) -> Self {
        state.secret.clone()
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let secret = std::env::var("HELPSCOUT_WEBHOOK_SECRET")
        .map_err(|_| "set HELPSCOUT_WEBHOOK_SECRET to the secret of the Help Scout webhook")?;
    let port: u16 = match std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
    {
        Some(port) => port.parse()?,
        None => 0,
    };
    let remaining = match std::env::var("WEBHOOK_RECEIVER_MAX_EVENTS") {
        Ok(max) => Some(Arc::new(AtomicUsize::new(max.parse()?))),
        Err(_) => None,
    };
    let state = AppState {
        secret: WebhookSecret::new(secret),
        remaining,
        done: Arc::new(Notify::new()),
    };
    let done = Arc::clone(&state.done);

    let app = Router::new()
        .route("/helpscout", post(on_webhook))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}/helpscout", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { done.notified().await })
        .await?;
    Ok(())
}

/// Runs only for verified deliveries; the extractor answers the others (401, 400 or 500).
async fn on_webhook(
    State(state): State<AppState>,
    VerifiedEvent(event): VerifiedEvent,
) -> StatusCode {
    match &event {
        Event::Test(_) => println!("test ping from Help Scout"),
        Event::ConvoDeleted(deleted) => println!("convo.deleted: conversation {}", deleted.id),
        Event::CustomerDeleted(deleted) => println!("customer.deleted: customer {}", deleted.id),
        Event::TagDeleted(deleted) => println!("tag.deleted: tag {}", deleted.id),
        Event::Unknown { name, payload } => println!("{name} (not known to this crate): {payload}"),
        event => match (event.conversation(), event.customer()) {
            (Some(conversation), _) => println!(
                "{}: conversation {:?} #{:?} {:?}",
                event.name(),
                conversation.id,
                conversation.number,
                conversation.subject
            ),
            (None, Some(customer)) => println!(
                "{}: customer {:?} {:?} {:?}",
                event.name(),
                customer.id,
                customer.first_name,
                customer.last_name
            ),
            (None, None) => println!("{}: {event:?}", event.name()),
        },
    }
    if let Some(remaining) = &state.remaining {
        // `fetch_sub` on 0 would wrap; `fetch_update` stops at 0.
        let before = remaining
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .unwrap_or(0);
        if before <= 1 {
            state.done.notify_one();
        }
    }
    // Answer fast: Help Scout retries slow or failed deliveries.
    StatusCode::OK
}
