//! Webhook verification and decoding (`helpscout_mailbox::webhooks`).
//!
//! The signature vectors were computed outside this crate, with Python's `hmac` and
//! `hashlib` (`base64.b64encode(hmac.new(secret, body, hashlib.sha1).digest())`), and are
//! hard-coded here. The payload fixtures are in `tests/fixtures/webhooks/` (see its
//! `SOURCES.md`).

use std::collections::HashMap;
use std::path::PathBuf;

use helpscout_mailbox::ids::{
    ConversationId, CustomerId, OrganizationId, RatingId, TagId, ThreadId, UserId,
};
use helpscout_mailbox::models::{ConversationThreads, RatingScore, ThreadType, WebhookEvent};
use helpscout_mailbox::webhooks::{
    self, Event, SignatureProblem, WebhookError, receive, sign, verify, verify_signature,
};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};

/// The example of the official PHP SDK (`examples/incoming_webhook.php`).
const DOCS_BODY: &[u8] = br#"{"id":123}"#;
const DOCS_SECRET: &str = "asdfasdf";
const DOCS_SIGNATURE: &str = "7S2+kN8bZsrdAEADJ+yYfWWsf/4=";

/// The secret that the signature of `conversation.json` was computed with, in Python.
const FIXTURE_SECRET: &str = "fixture-secret";
const CONVERSATION_FIXTURE_SIGNATURE: &str = "osFfaEsKbW/P9DhgCQuS95tIIUo=";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/webhooks")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The headers of a delivery signed as Help Scout signs it.
fn signed(event: &str, body: &[u8], secret: &str) -> Vec<(String, String)> {
    vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-HelpScout-Event".to_owned(), event.to_owned()),
        ("X-HelpScout-Signature".to_owned(), sign(secret, body)),
    ]
}

fn expect_err<T: std::fmt::Debug>(result: Result<T, WebhookError>) -> WebhookError {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => error,
    }
}

/// Signatures: vectors, tampering, header spellings, typed errors.
mod webhook_signatures {
    use super::*;

    #[test]
    fn the_documented_vector_verifies() {
        assert_eq!(sign(DOCS_SECRET, DOCS_BODY), DOCS_SIGNATURE);
        verify_signature(DOCS_SECRET, DOCS_BODY, DOCS_SIGNATURE).unwrap();
        verify(
            [("X-HelpScout-Signature", DOCS_SIGNATURE)],
            DOCS_BODY,
            DOCS_SECRET,
        )
        .unwrap();
        let event = receive(
            [
                ("X-HelpScout-Signature", DOCS_SIGNATURE),
                ("X-HelpScout-Event", "convo.deleted"),
            ],
            DOCS_BODY,
            DOCS_SECRET,
        )
        .unwrap();
        assert!(matches!(event, Event::ConvoDeleted(deleted) if deleted.id.get() == 123));
    }

    #[test]
    fn independently_computed_vectors_verify() {
        let binary: Vec<u8> = (0..=255).collect();
        let cases: [(&str, &[u8], &str); 8] = [
            ("s", b"", "cdWK0mhC79q4otVBgYkh0gZq/r0="),
            // The longest secret Help Scout accepts (40 characters).
            (
                "0123456789abcdefghijABCDEFGHIJ0123456789",
                br#"{"id":1,"url":"https:\/\/example.com"}"#,
                "ojWULZceDkFgerggsUo03visvns=",
            ),
            // Around SHA-1's 64-byte block, where HMAC starts hashing the key.
            (&"k".repeat(64), b"hello", "U721AIhVl+Uy1a6tfKZsOZWeZkg="),
            (&"k".repeat(65), b"hello", "gstWTOWThgtNRMuGsfNfMgsRWOM="),
            (&"x".repeat(100), b"hello", "sHGRKTU+VpI1xAWmYKk9GEaRH0w="),
            (
                "sécret-ключ",
                "Café — ☕".as_bytes(),
                "W93hl4ayaGUYypchpf6NLT/VaIc=",
            ),
            ("binary", &binary, "7apqEl9CYfr4nQ01fK1rI3iihvY="),
            (
                FIXTURE_SECRET,
                &fixture("conversation.json"),
                CONVERSATION_FIXTURE_SIGNATURE,
            ),
        ];
        for (secret, body, expected) in cases {
            assert_eq!(sign(secret, body), expected, "secret {secret:?}");
            verify_signature(secret, body, expected)
                .unwrap_or_else(|error| panic!("secret {secret:?}: {error}"));
        }
    }

    #[test]
    fn a_tampered_body_fails() {
        let body = fixture("conversation.json");
        let mut flipped = body.clone();
        flipped[10] ^= 0x01;
        let mut appended = body.clone();
        appended.push(b'\n');
        let truncated = &body[..body.len() - 1];
        for tampered in [&flipped[..], &appended[..], truncated, b""] {
            let error = expect_err(verify_signature(
                FIXTURE_SECRET,
                tampered,
                CONVERSATION_FIXTURE_SIGNATURE,
            ));
            assert!(
                matches!(error, WebhookError::SignatureMismatch),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_wrong_secret_fails() {
        for secret in ["asdfasdF", "asdfasdf ", " asdfasdf", "asdfasd", "x"] {
            let error = expect_err(verify_signature(secret, DOCS_BODY, DOCS_SIGNATURE));
            assert!(
                matches!(error, WebhookError::SignatureMismatch),
                "{secret:?}: {error:?}"
            );
        }
    }

    #[test]
    fn re_serialised_json_fails() {
        // Help Scout escapes `/` and non-ASCII characters the PHP way; serde_json does not, and
        // drops nothing but changes the bytes, so the signature no longer matches.
        let body = fixture("conversation.json");
        verify_signature(FIXTURE_SECRET, &body, CONVERSATION_FIXTURE_SIGNATURE).unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap();
        for reserialised in [
            serde_json::to_vec(&value).unwrap(),
            serde_json::to_vec_pretty(&value).unwrap(),
        ] {
            assert_eq!(
                serde_json::from_slice::<Value>(&reserialised).unwrap(),
                value
            );
            let error = expect_err(verify_signature(
                FIXTURE_SECRET,
                &reserialised,
                CONVERSATION_FIXTURE_SIGNATURE,
            ));
            assert!(
                matches!(error, WebhookError::SignatureMismatch),
                "{error:?}"
            );
        }
        // Even the smallest body: a space after the colon.
        let error = expect_err(verify_signature(
            DOCS_SECRET,
            br#"{"id": 123}"#,
            DOCS_SIGNATURE,
        ));
        assert!(matches!(error, WebhookError::SignatureMismatch));
    }

    #[test]
    fn every_header_spelling_is_found() {
        for (signature_name, event_name) in [
            ("X-HelpScout-Signature", "X-HelpScout-Event"),
            ("x-helpscout-signature", "x-helpscout-event"),
            ("X-HELPSCOUT-SIGNATURE", "X-HELPSCOUT-EVENT"),
            ("HTTP_X_HELPSCOUT_SIGNATURE", "HTTP_X_HELPSCOUT_EVENT"),
            ("X_HELPSCOUT_SIGNATURE", "X_HELPSCOUT_EVENT"),
            ("http_x_helpscout_signature", "http_x_helpscout_event"),
        ] {
            let headers = [
                (signature_name, DOCS_SIGNATURE),
                (event_name, "tag.deleted"),
            ];
            let event = receive(headers, DOCS_BODY, DOCS_SECRET)
                .unwrap_or_else(|error| panic!("{signature_name}: {error}"));
            assert!(matches!(event, Event::TagDeleted(deleted) if deleted.id.get() == 123));
        }
    }

    #[test]
    fn every_header_representation_is_accepted() {
        // http::HeaderMap (names are lowercased by `http`).
        let mut map = HeaderMap::new();
        map.insert(
            "X-HelpScout-Signature",
            HeaderValue::from_static(DOCS_SIGNATURE),
        );
        map.insert(
            "X-HelpScout-Event",
            HeaderValue::from_static("customer.deleted"),
        );
        map.insert("Content-Type", HeaderValue::from_static("application/json"));
        assert!(matches!(
            receive(&map, DOCS_BODY, DOCS_SECRET),
            Ok(Event::CustomerDeleted(deleted)) if deleted.id.get() == 123
        ));

        // Owned pairs, by value and by reference.
        let owned = signed("customer.deleted", DOCS_BODY, DOCS_SECRET);
        receive(&owned, DOCS_BODY, DOCS_SECRET).unwrap();
        receive(
            owned.iter().map(|(k, v)| (k.as_str(), v.as_bytes())),
            DOCS_BODY,
            DOCS_SECRET,
        )
        .unwrap();
        receive(owned, DOCS_BODY, DOCS_SECRET).unwrap();

        // A CGI/PHP environment, as a map.
        let env: HashMap<String, String> = [
            ("HTTP_X_HELPSCOUT_SIGNATURE", DOCS_SIGNATURE),
            ("HTTP_X_HELPSCOUT_EVENT", "customer.deleted"),
            ("REQUEST_METHOD", "POST"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        receive(&env, DOCS_BODY, DOCS_SECRET).unwrap();

        // A slice of borrowed pairs.
        let slice: &[(&str, &str)] = &[
            ("x-helpscout-event", "customer.deleted"),
            ("x-helpscout-signature", DOCS_SIGNATURE),
        ];
        receive(slice, DOCS_BODY, DOCS_SECRET).unwrap();
    }

    #[test]
    fn whitespace_around_header_values_is_ignored() {
        let headers = [
            ("X-HelpScout-Signature", format!("  {DOCS_SIGNATURE}\t")),
            ("X-HelpScout-Event", " convo.deleted ".to_owned()),
        ];
        assert!(matches!(
            receive(headers, DOCS_BODY, DOCS_SECRET),
            Ok(Event::ConvoDeleted(_))
        ));
    }

    #[test]
    fn missing_and_malformed_signatures_are_typed() {
        let event = ("X-HelpScout-Event", "convo.deleted");
        let none: [(&str, &str); 1] = [event];
        let error = expect_err(receive(none, DOCS_BODY, DOCS_SECRET));
        assert!(matches!(error, WebhookError::MissingSignature), "{error:?}");
        assert!(error.is_unverified());

        let empty = [("X-HelpScout-Signature", "  "), event];
        assert!(matches!(
            expect_err(receive(empty, DOCS_BODY, DOCS_SECRET)),
            WebhookError::MissingSignature
        ));

        for not_base64 in [
            "not base64!",
            "7S2+kN8bZsrdAEADJ+yYfWWsf/4",
            "7S2-kN8bZsrdAEADJ-yYfWWsf_4=",
            "====",
        ] {
            let error = expect_err(verify_signature(DOCS_SECRET, DOCS_BODY, not_base64));
            assert!(
                matches!(
                    error,
                    WebhookError::MalformedSignature {
                        problem: SignatureProblem::NotBase64,
                        ..
                    }
                ),
                "{not_base64}: {error:?}"
            );
        }

        // Base64, but of an MD5 (16 bytes) and of a SHA-256 (32 bytes).
        for (wrong, bytes) in [
            ("AAAAAAAAAAAAAAAAAAAAAA==", 16),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 32),
        ] {
            let error = expect_err(verify_signature(DOCS_SECRET, DOCS_BODY, wrong));
            assert!(
                matches!(
                    error,
                    WebhookError::MalformedSignature { problem: SignatureProblem::WrongLength { bytes: b }, .. }
                        if b == bytes
                ),
                "{wrong}: {error:?}"
            );
            assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
        }
    }

    #[test]
    fn a_missing_secret_is_refused_before_anything_else() {
        let error = expect_err(verify_signature("", DOCS_BODY, DOCS_SIGNATURE));
        assert!(matches!(error, WebhookError::MissingSecret));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.is_unverified());
        // Even for a request that has no signature at all.
        let error = expect_err(receive(Vec::<(String, String)>::new(), DOCS_BODY, ""));
        assert!(matches!(error, WebhookError::MissingSecret));
    }

    #[test]
    fn a_verified_delivery_without_an_event_name_is_refused() {
        for headers in [
            vec![("X-HelpScout-Signature", DOCS_SIGNATURE)],
            vec![
                ("X-HelpScout-Signature", DOCS_SIGNATURE),
                ("X-HelpScout-Event", " "),
            ],
        ] {
            let error = expect_err(receive(headers, DOCS_BODY, DOCS_SECRET));
            assert!(matches!(error, WebhookError::MissingEvent), "{error:?}");
            assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        }
    }

    #[test]
    fn nothing_is_decoded_before_the_signature_is_checked() {
        // A body that would fail to decode, with a wrong signature: the signature error wins.
        let headers = [
            ("X-HelpScout-Signature", DOCS_SIGNATURE),
            ("X-HelpScout-Event", "convo.created"),
        ];
        let error = expect_err(receive(headers, b"not json", DOCS_SECRET));
        assert!(
            matches!(error, WebhookError::SignatureMismatch),
            "{error:?}"
        );
    }

    #[test]
    fn error_messages_never_show_secrets_or_signatures() {
        let secret = "hunter2-but-longer";
        let body = fixture("conversation.json");
        let good = sign(secret, &body);
        let other = sign("another secret", &body);
        let errors = [
            expect_err(receive(
                signed("convo.created", &body, "another secret"),
                &body,
                secret,
            )),
            expect_err(receive(signed("convo.created", &body, secret), &body, "")),
            expect_err(verify_signature(secret, &body, "AAAA")),
            expect_err(verify_signature(secret, &body, "%%")),
            expect_err(verify_signature(secret, b"{}", &good)),
            expect_err(receive(
                signed("convo.created", b"[1]", secret),
                b"[1]",
                secret,
            )),
        ];
        for error in errors {
            let shown = format!(
                "{error} | {error:?} | {:?}",
                std::error::Error::source(&error)
            );
            for forbidden in [secret, good.as_str(), other.as_str(), &sign(secret, b"{}")] {
                assert!(!shown.contains(forbidden), "{shown}");
            }
        }
    }
}

/// Events: every event from its fixture, threads, unknown fields and events, JSON paths.
mod webhook_events {
    use super::*;

    /// Which fixture carries each event's payload.
    const EVENT_FIXTURES: &[(&str, &str)] = &[
        ("convo.assigned", "conversation.json"),
        ("convo.created", "conversation.json"),
        ("convo.deleted", "convo.deleted.json"),
        ("convo.merged", "conversation.json"),
        ("convo.moved", "conversation.json"),
        ("convo.status", "conversation.json"),
        ("convo.tags", "conversation.json"),
        ("convo.custom-fields", "conversation.json"),
        ("convo.customer.reply.created", "conversation.json"),
        ("convo.agent.reply.created", "conversation.json"),
        ("convo.note.created", "conversation.json"),
        ("customer.created", "customer.json"),
        ("customer.updated", "customer.json"),
        ("customer.deleted", "customer.deleted.json"),
        ("satisfaction.ratings", "satisfaction.ratings.json"),
        ("beacon.chat.created", "beacon.chat.json"),
        ("beacon.chat.customer.replied", "beacon.chat.json"),
        ("tag.created", "tag.json"),
        ("tag.updated", "tag.json"),
        ("tag.deleted", "tag.deleted.json"),
        (
            "message.survey.response.received",
            "message.survey.response.received.json",
        ),
        ("organization.created", "organization.json"),
        ("organization.updated", "organization.json"),
        ("organization.deleted", "organization.deleted.json"),
        ("user.status.changed", "user.status.changed.json"),
        ("helpscout.test", "helpscout.test.json"),
    ];

    #[test]
    fn every_event_of_the_spec_has_a_fixture() {
        for &name in WebhookEvent::KNOWN {
            assert!(
                EVENT_FIXTURES.iter().any(|(event, _)| *event == name),
                "no fixture for {name}"
            );
        }
    }

    #[test]
    fn every_event_decodes_from_its_fixture() {
        for &(name, file) in EVENT_FIXTURES {
            let body = fixture(file);
            let event = receive(signed(name, &body, FIXTURE_SECRET), &body, FIXTURE_SECRET)
                .unwrap_or_else(|error| panic!("{name}: {error}"));
            assert_eq!(event.name().as_str(), name);
            assert!(!matches!(event, Event::Unknown { .. }), "{name}");
            check_payload(name, &event);
        }
    }

    /// Spot checks that each payload landed in the right model with its values.
    fn check_payload(name: &str, event: &Event) {
        match event {
            Event::ConvoDeleted(deleted) => assert_eq!(deleted.id.get(), 123),
            Event::CustomerDeleted(deleted) => assert_eq!(deleted.id.get(), 500),
            Event::TagDeleted(deleted) => assert_eq!(deleted.id.get(), 123_456_793),
            Event::OrganizationDeleted(deleted) => assert_eq!(deleted.id.get(), 10),
            Event::CustomerCreated(customer) | Event::CustomerUpdated(customer) => {
                assert_eq!(customer.id, CustomerId::new(500));
                assert_eq!(customer.first_name.as_deref(), Some("Vernon"));
                let embedded = customer.embedded.as_ref().unwrap();
                assert_eq!(embedded.emails.len(), 1);
                assert_eq!(event.customer(), Some(&**customer));
            }
            Event::SatisfactionRatings(rating) => {
                assert_eq!(rating.id, RatingId::new(1));
                assert_eq!(rating.rating.as_deref(), Some(&RatingScore::Great));
                assert_eq!(rating.conversation_id, Some(ConversationId::new(123)));
                assert!(
                    rating.created_at.is_some(),
                    "a time without zone still decodes"
                );
            }
            Event::TagCreated(tag) | Event::TagUpdated(tag) => {
                assert_eq!(tag.id, TagId::new(123_456_793));
                assert_eq!(tag.slug.as_deref(), Some("dark-side"));
            }
            Event::BeaconChatCreated(chat) | Event::BeaconChatCustomerReplied(chat) => {
                assert_eq!(chat["mailboxId"], json!(2599));
                assert_eq!(chat["_embedded"]["events"][0]["type"], json!("message"));
            }
            Event::MessageSurveyResponseReceived(survey) => {
                assert_eq!(survey["response"]["category"], json!("passive"));
                assert_eq!(survey["_embedded"]["customer"]["id"], json!(500));
            }
            Event::OrganizationCreated(organization) | Event::OrganizationUpdated(organization) => {
                assert_eq!(organization.id, OrganizationId::new(10));
                assert_eq!(organization.domains, ["domain.com", "domain.org"]);
            }
            Event::UserStatusChanged(status) => assert_eq!(status.user_id, UserId::new(4)),
            Event::Test(payload) => assert_eq!(payload, &json!({})),
            other => {
                let conversation = other
                    .conversation()
                    .unwrap_or_else(|| panic!("{name}: no conversation in {other:?}"));
                assert_eq!(conversation.id, ConversationId::new(123));
                assert_eq!(conversation.number, Some(12));
                // PHP's `\u00e9` escape decodes like any other.
                assert_eq!(
                    conversation.subject.as_deref(),
                    Some("Help with my café order")
                );
                assert_eq!(conversation.tags.len(), 1);
                assert_eq!(conversation.custom_fields.len(), 2);
                let Some(ConversationThreads::Array(threads)) = &conversation.threads else {
                    panic!("{name}: threads is {:?}", conversation.threads);
                };
                assert_eq!(threads.len(), 2);
                assert_eq!(threads[0].type_.as_deref(), Some(&ThreadType::Customer));
                assert_eq!(threads[1].type_.as_deref(), Some(&ThreadType::Note));
                assert_eq!(threads[1].id, ThreadId::new(2002));
            }
        }
    }

    #[test]
    fn conversation_threads_decode_as_a_count_and_as_objects() {
        // GET sends the number of threads ...
        let get = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/conversations/getConversation.json"),
        )
        .unwrap();
        let event = Event::decode("convo.status", &get).unwrap();
        assert_eq!(
            event.conversation().unwrap().threads,
            Some(ConversationThreads::Int64(2))
        );
        // ... webhooks send the threads themselves, and an empty list is still a list.
        let event = Event::decode("convo.created", &fixture("conversation.json")).unwrap();
        assert!(matches!(
            &event.conversation().unwrap().threads,
            Some(ConversationThreads::Array(threads)) if threads.len() == 2
        ));
        let event = Event::decode(
            "convo.created",
            br#"{"id":1,"primaryCustomer":{"id":2},"threads":[]}"#,
        )
        .unwrap();
        assert_eq!(
            event.conversation().unwrap().threads,
            Some(ConversationThreads::Array(Vec::new()))
        );
    }

    #[test]
    fn payloads_tolerate_unknown_fields() {
        for &(name, file) in EVENT_FIXTURES {
            let mut value: Value = serde_json::from_slice(&fixture(file)).unwrap();
            let object = value.as_object_mut().unwrap();
            object.insert(
                "addedByHelpScoutLater".to_owned(),
                json!({"nested": [1, "two"]}),
            );
            object.insert("anotherNewField".to_owned(), json!(null));
            let body = serde_json::to_vec(&value).unwrap();
            let event =
                Event::decode(name, &body).unwrap_or_else(|error| panic!("{name}: {error}"));
            assert_eq!(event.name().as_str(), name);
        }
    }

    #[test]
    fn deleted_ids_may_come_as_strings() {
        let event = Event::decode("convo.deleted", br#"{"id":"987654321","extra":true}"#).unwrap();
        assert!(matches!(event, Event::ConvoDeleted(deleted) if deleted.id.get() == 987_654_321));
    }

    #[test]
    fn an_unknown_event_is_delivered_raw() {
        let body = br#"{"id":5,"type":"ai"}"#;
        let event = receive(
            signed("convo.ai-answers.created", body, DOCS_SECRET),
            body,
            DOCS_SECRET,
        )
        .unwrap();
        let Event::Unknown { name, payload } = &event else {
            panic!("{event:?}");
        };
        assert_eq!(name, "convo.ai-answers.created");
        assert_eq!(payload, &json!({"id": 5, "type": "ai"}));
        assert_eq!(
            event.name(),
            WebhookEvent::Unknown("convo.ai-answers.created".to_owned())
        );
    }

    #[test]
    fn event_names_differing_in_case_are_recognised() {
        let event = Event::decode("Convo.Deleted", DOCS_BODY).unwrap();
        assert!(matches!(event, Event::ConvoDeleted(_)));
    }

    #[test]
    fn a_payload_that_does_not_fit_names_its_json_path() {
        let cases: [(&str, &[u8], &str); 5] = [
            (
                "convo.created",
                br#"{"id":1,"mailboxId":"thirteen"}"#,
                "mailboxId",
            ),
            (
                "convo.created",
                br#"{"id":1,"createdBy":{"id":[]}}"#,
                "createdBy.id",
            ),
            (
                "customer.updated",
                br#"{"_embedded":{"emails":[{"id":1},{"id":"x"}]}}"#,
                "_embedded.emails[1].id",
            ),
            ("tag.deleted", br#"{"name":"no id"}"#, "."),
            ("satisfaction.ratings", b"[]", "."),
        ];
        for (event, body, path) in cases {
            let error = expect_err(receive(signed(event, body, DOCS_SECRET), body, DOCS_SECRET));
            assert_eq!(error.status(), StatusCode::BAD_REQUEST);
            let WebhookError::Payload(payload) = &error else {
                panic!("{event}: {error:?}");
            };
            assert_eq!(payload.event(), event);
            assert_eq!(
                payload.path(),
                path,
                "{event} {}",
                String::from_utf8_lossy(body)
            );
            assert!(!payload.message().is_empty());
            assert!(std::error::Error::source(payload).is_some());
            assert!(error.to_string().contains(event), "{error}");
        }
    }
}

/// Robustness: arbitrary input never panics.
mod webhook_robustness {
    use super::*;

    /// xorshift64*: small, deterministic, good enough to spread bytes around.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }

        fn bytes(&mut self, max_len: usize) -> Vec<u8> {
            let len = self.below(max_len + 1);
            (0..len).map(|_| self.next().to_le_bytes()[0]).collect()
        }

        /// Text drawn mostly from the alphabets that matter here: base64, JSON and event names.
        fn text(&mut self, max_len: usize) -> String {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_. {}[]\":,\\";
            let len = self.below(max_len + 1);
            (0..len)
                .map(|_| {
                    if self.below(16) == 0 {
                        char::from_u32(u32::try_from(self.below(0x11_0000)).unwrap())
                            .unwrap_or('\u{FFFD}')
                    } else {
                        char::from(ALPHABET[self.below(ALPHABET.len())])
                    }
                })
                .collect()
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut rng = Rng(0x5EED_1234_ABCD_0042);
        let conversation = fixture("conversation.json");
        let names: Vec<&str> = WebhookEvent::KNOWN.to_vec();
        for round in 0..4000 {
            // The body: random bytes, random JSON-ish text, or the fixture with bytes flipped.
            let body = match round % 3 {
                0 => rng.bytes(300),
                1 => rng.text(300).into_bytes(),
                _ => {
                    let mut body = conversation.clone();
                    for _ in 0..=rng.below(4) {
                        let at = rng.below(body.len());
                        body[at] = rng.next().to_le_bytes()[0];
                    }
                    body
                }
            };
            let event = match rng.below(3) {
                0 => names[rng.below(names.len())].to_owned(),
                1 => rng.text(40),
                _ => String::from_utf8_lossy(&rng.bytes(40)).into_owned(),
            };
            let secret = if rng.below(10) == 0 {
                String::new()
            } else {
                rng.text(70)
            };

            // A random signature must never verify (a forgery chance of 2^-160 per round).
            let signature = if rng.below(2) == 0 {
                rng.text(40)
            } else {
                String::from_utf8_lossy(&rng.bytes(40)).into_owned()
            };
            let headers = [
                ("X-HelpScout-Signature", signature.as_str()),
                ("X-HelpScout-Event", event.as_str()),
            ];
            let result = receive(headers, &body, &secret);
            assert!(
                result.is_err(),
                "a random signature verified: {signature:?}"
            );
            let _ = verify_signature(&secret, &body, signature.as_bytes());

            // A genuine signature takes every body through decoding.
            if !secret.is_empty() {
                let good = sign(&secret, &body);
                let headers = [
                    ("X-HelpScout-Signature", good.as_str()),
                    ("X-HelpScout-Event", event.as_str()),
                ];
                match receive(headers, &body, &secret) {
                    Ok(_) | Err(WebhookError::Payload(_) | WebhookError::MissingEvent) => {}
                    Err(other) => panic!("a genuine signature was refused: {other:?}"),
                }
            }
            let _ = Event::decode(&event, &body);
            // Raw bytes as a header value, under a random header name.
            let raw = rng.bytes(40);
            let name = rng.text(30);
            let _ = receive([(name.as_str(), &raw[..])], &body, &secret);
            let _ = webhooks::verify([("X-HelpScout-Signature", &raw[..])], &body, "s");
        }
    }
}

/// The axum extractor, through `tower::ServiceExt::oneshot`.
#[cfg(feature = "axum")]
mod webhook_axum {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::{Body, to_bytes};
    use axum::extract::{FromRequest, State};
    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use helpscout_mailbox::ids::ConversationId;
    use helpscout_mailbox::webhooks::Event;
    use helpscout_mailbox::webhooks::axum::{VerifiedEvent, WebhookSecret};
    use tower::ServiceExt;

    use super::{DOCS_BODY, DOCS_SECRET, DOCS_SIGNATURE, FIXTURE_SECRET, fixture, sign};

    type Seen = Arc<Mutex<Vec<Event>>>;

    fn app(secret: &str, seen: Seen) -> Router {
        async fn handler(
            State(seen): State<Seen>,
            VerifiedEvent(event): VerifiedEvent,
        ) -> StatusCode {
            seen.lock().unwrap().push(event);
            StatusCode::NO_CONTENT
        }

        #[derive(Clone)]
        struct AppState {
            secret: WebhookSecret,
            seen: Seen,
        }
        impl axum::extract::FromRef<AppState> for WebhookSecret {
            fn from_ref(state: &AppState) -> Self {
                state.secret.clone()
            }
        }
        impl axum::extract::FromRef<AppState> for Seen {
            fn from_ref(state: &AppState) -> Self {
                Arc::clone(&state.seen)
            }
        }

        Router::new()
            .route("/helpscout", post(handler))
            .with_state(AppState {
                secret: WebhookSecret::new(secret),
                seen,
            })
    }

    fn request(event: &str, signature: &str, body: Vec<u8>) -> Request<Body> {
        Request::post("/helpscout")
            .header("content-type", "application/json")
            .header("x-helpscout-event", event)
            .header("x-helpscout-signature", signature)
            .body(Body::from(body))
            .unwrap()
    }

    async fn call(app: Router, request: Request<Body>) -> (StatusCode, String) {
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let body = to_bytes(response.into_body(), 64 * 1024).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_signed_delivery_reaches_the_handler() {
        let seen = Seen::default();
        let body = fixture("conversation.json");
        let signature = sign(FIXTURE_SECRET, &body);
        let (status, _) = call(
            app(FIXTURE_SECRET, Arc::clone(&seen)),
            request("convo.created", &signature, body),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].conversation().unwrap().id, ConversationId::new(123));
    }

    #[tokio::test]
    async fn bad_deliveries_are_rejected_without_calling_the_handler() {
        let body = fixture("conversation.json");
        let good = sign(FIXTURE_SECRET, &body);
        let bad_payload = br#"{"mailboxId":"x"}"#.to_vec();
        let bad_payload_signature = sign(FIXTURE_SECRET, &bad_payload);
        let cases = [
            // Wrong secret, tampered body, garbage signature: 401.
            (
                FIXTURE_SECRET,
                request("convo.created", &sign("nope", &body), body.clone()),
                StatusCode::UNAUTHORIZED,
            ),
            (
                FIXTURE_SECRET,
                request("convo.created", &good, [&body[..], b" "].concat()),
                StatusCode::UNAUTHORIZED,
            ),
            (
                FIXTURE_SECRET,
                request("convo.created", "garbage", body.clone()),
                StatusCode::UNAUTHORIZED,
            ),
            // Genuine but undecodable: 400.
            (
                FIXTURE_SECRET,
                request("convo.created", &bad_payload_signature, bad_payload),
                StatusCode::BAD_REQUEST,
            ),
            // No secret configured: 500.
            (
                "",
                request("convo.created", &good, body.clone()),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (secret, request, expected) in cases {
            let seen = Seen::default();
            let (status, text) = call(app(secret, Arc::clone(&seen)), request).await;
            assert_eq!(status, expected, "{text}");
            assert!(seen.lock().unwrap().is_empty());
            assert!(
                !text.contains(&good) && !text.contains(FIXTURE_SECRET),
                "{text}"
            );
        }
        // No signature header at all.
        let unsigned = Request::post("/helpscout")
            .header("x-helpscout-event", "convo.created")
            .body(Body::from(body))
            .unwrap();
        let (status, text) = call(app(FIXTURE_SECRET, Seen::default()), unsigned).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(text.contains("X-HelpScout-Signature"), "{text}");
    }

    #[tokio::test]
    async fn the_extractor_works_with_a_bare_secret_as_state() {
        let state = WebhookSecret::new(DOCS_SECRET);
        let good = request("tag.deleted", DOCS_SIGNATURE, DOCS_BODY.to_vec());
        let VerifiedEvent(event) = VerifiedEvent::from_request(good, &state).await.unwrap();
        assert!(matches!(event, Event::TagDeleted(deleted) if deleted.id.get() == 123));

        let bad = request("tag.deleted", "AAAA", DOCS_BODY.to_vec());
        let rejection = VerifiedEvent::from_request(bad, &state).await.unwrap_err();
        assert_eq!(rejection.status(), StatusCode::UNAUTHORIZED);
        assert!(rejection.webhook_error().is_some_and(|e| e.is_unverified()));
        assert_eq!(format!("{state:?}"), "WebhookSecret([redacted])");
    }
}
