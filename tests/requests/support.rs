//! What every request-shape group shares: a client on the in-process `testing` transport,
//! timestamps, and the snapshot assertion that keeps each group's snapshot file names.

use helpscout_mailbox::Client;
use helpscout_mailbox::auth::Credentials;
use helpscout_mailbox::models::Timestamp;
use helpscout_mailbox::testing::{MockResponse, MockTransport, RecordedRequest};
use serde::Serialize;

/// A client with an access token whose every request is answered by `handler`, and the
/// transport that records the requests.
pub fn client_with(
    handler: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> (Client, MockTransport) {
    let transport = MockTransport::new(handler);
    let client = Client::builder()
        .credentials(Credentials::access_token("test-token"))
        .mock_transport(transport.clone())
        .build()
        .expect("valid settings");
    (client, transport)
}

/// A timestamp from its RFC 3339 text.
pub fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

/// Asserts `shape` against the snapshot `{group}__{name}` in `tests/snapshots/`.
///
/// Each group was its own test binary before, and insta named its snapshots after the
/// binary (and module); `group` is that old prefix, so that the snapshot files keep their
/// names and contents.
pub fn assert_snapshot(group: &str, name: &str, shape: impl Serialize) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    let name = format!("{group}__{name}");
    settings.bind(|| insta::assert_yaml_snapshot!(name.as_str(), shape));
}
