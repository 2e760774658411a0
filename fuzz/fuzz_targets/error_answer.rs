//! Error answers through the public client: any status and body, answered by the in-process
//! transport of the `testing` feature, give a typed result, never a panic.

#![no_main]

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use helpscout_mailbox::Client;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::retry::RetryPolicy;
use helpscout_mailbox::testing::{MockResponse, MockTransport};
use libfuzzer_sys::fuzz_target;

/// The status and body the transport answers next.
type Next = Arc<Mutex<(u16, Vec<u8>)>>;

struct Harness {
    runtime: tokio::runtime::Runtime,
    client: Client,
    next: Next,
}

/// One runtime and one client for the whole run: building them per input would dominate.
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let next: Next = Arc::default();
        let answer = Arc::clone(&next);
        let transport = MockTransport::new(move |_| {
            let (status, body) = answer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            MockResponse::status(status)
                .header("content-type", "application/vnd.error+json")
                .body(body)
        });
        let client = Client::builder()
            .credentials(Credentials::access_token("fuzz-token"))
            .mock_transport(transport)
            .retry(RetryPolicy::none())
            .pacing(false)
            .build()
            .expect("client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        Harness {
            runtime,
            client,
            next,
        }
    })
}

fuzz_target!(|input: (u16, Vec<u8>)| {
    let (raw_status, body) = input;
    // Statuses a server can send: 200..=599.
    let status = 200 + raw_status % 400;
    let harness = harness();
    *harness.next.lock().unwrap_or_else(PoisonError::into_inner) = (status, body);
    let result = harness
        .runtime
        .block_on(harness.client.conversations().get(1.into()).send());
    if let Err(error) = result {
        let _ = (error.to_string(), format!("{error:?}"), error.status());
    }
});
