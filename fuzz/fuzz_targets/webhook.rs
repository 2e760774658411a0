//! Webhook deliveries: any headers and body through `verify`, `receive` and `Event::decode`
//! must not panic, and a body signed with the receiver's secret must always verify.

#![no_main]

use helpscout_mailbox::models::WebhookEvent;
use helpscout_mailbox::webhooks::{self, Event, WebhookError};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-secret";

fuzz_target!(|input: (u8, Vec<(String, Vec<u8>)>, Vec<u8>)| {
    let (pick, headers, body) = input;
    // Forged deliveries: whatever the headers say, nothing panics, and nothing is accepted
    // that does not verify.
    let verified = webhooks::verify(&headers, &body, SECRET);
    let received = webhooks::receive(&headers, &body, SECRET);
    assert!(received.is_ok() <= verified.is_ok());

    // A genuine delivery of a known event: it verifies, so only the payload can be refused.
    let name = WebhookEvent::KNOWN[usize::from(pick) % WebhookEvent::KNOWN.len()];
    let signature = webhooks::sign(SECRET, &body);
    let genuine = [
        (webhooks::SIGNATURE_HEADER, signature.as_str()),
        (webhooks::EVENT_HEADER, name),
    ];
    match webhooks::receive(genuine, &body, SECRET) {
        Ok(event) => {
            let _ = (event.name(), event.is_test(), event.customer().is_some());
        }
        Err(WebhookError::Payload(error)) => {
            let _ = (error.path(), error.message());
        }
        Err(other) => panic!("a signed delivery was refused: {other}"),
    }
    let _ = Event::decode(name, &body);
});
