//! The error module's tests: each status to its variant, every body shape, the display
//! lines, decoding failures, and the mapping of the generated client's failures.

#![allow(clippy::type_complexity)] // The test tables spell out the types of their rows.

use super::*;

use std::error::Error as StdError;

use http::HeaderMap;
use serde_json::Value;

use super::body::{
    MAX_BODY_BYTES, MAX_FIELDS, MAX_MESSAGE_CHARS, MAX_SNIPPET_CHARS, snippet_around,
};
use super::mapping::{MAX_BODY_READ_BYTES, from_response};
use crate::headers::correlation_id;

use http::{HeaderName, HeaderValue};
use serde::Deserialize;

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn variant(error: &Error) -> &'static str {
    match error {
        Error::Validation(_) => "Validation",
        Error::RateLimited(_) => "RateLimited",
        Error::Unauthorized(_) => "Unauthorized",
        Error::Forbidden(_) => "Forbidden",
        Error::NotFound(_) => "NotFound",
        Error::Moved { .. } => "Moved",
        Error::PreconditionFailed(_) => "PreconditionFailed",
        Error::Api(_) => "Api",
        Error::Auth(_) => "Auth",
        Error::Transport(_) => "Transport",
        Error::Decode(_) => "Decode",
        Error::ResponseTooLarge(_) => "ResponseTooLarge",
        Error::DeadlineExceeded(_) => "DeadlineExceeded",
        Error::InvalidRequest(_) => "InvalidRequest",
    }
}

/// The chain below an error, as reporters print it.
fn chain(error: &dyn StdError) -> Vec<String> {
    let mut texts = Vec::new();
    let mut next = error.source();
    while let Some(source) = next {
        texts.push(source.to_string());
        next = source.source();
    }
    texts
}

const HAL_VALIDATION: &str = r#"{
        "logRef": "0a1b2c3d-4e5f-6789-abcd-ef0123456789#12345",
        "message": "Bad request",
        "_embedded": { "errors": [
            { "path": "subject", "message": "may not be empty", "rejectedValue": "",
              "source": "JSON", "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors#NotEmpty" } } },
            { "path": "customer.email", "message": "must be a well-formed email address",
              "rejectedValue": "nope", "source": "JSON" },
            { "path": "threads[0].text", "message": "may not be null", "rejectedValue": null, "source": "JSON" }
        ] },
        "_links": { "about": { "href": "https://developer.helpscout.com/mailbox-api/overview/errors" } }
    }"#;

const OLD_VALIDATION: &str = r#"{
        "logRef": "ab12",
        "message": "Bad request",
        "_embedded": { "errors": [
            { "path": "status", "message": "Value not supported",
              "links": [ { "rel": "about", "href": "http://developer.helpscout.net/#EnumValue" } ] },
            { "path": "mailboxId", "message": "Invalid identifier",
              "links": [ { "rel": "about", "href": "http://developer.helpscout.net/#Identifier" } ] }
        ] },
        "links": [ { "rel": "about", "href": "http://developer.helpscout.net/" } ]
    }"#;

#[test]
fn each_status_maps_to_its_variant() {
    let location = [("Location", "https://api.helpscout.net/v2/conversations/42")];
    #[rustfmt::skip]
        let rows: &[(u16, &[(&str, &str)], &str)] = &[
            (400, &[], "Validation"),
            (401, &[], "Unauthorized"),
            (403, &[], "Forbidden"),
            (404, &[], "NotFound"),
            (412, &[], "PreconditionFailed"),
            (429, &[], "RateLimited"),
            (301, &location, "Moved"),
            (302, &location, "Moved"),
            (303, &location, "Moved"),
            (307, &location, "Moved"),
            (308, &location, "Moved"),
            // Nothing to follow without a location.
            (301, &[], "Api"),
            (301, &[("Location", "  ")], "Api"),
            (304, &location, "Api"),
            (405, &[], "Api"),
            (409, &[], "Api"),
            (413, &[], "Api"),
            (422, &[], "Api"),
            (500, &[], "Api"),
            (502, &[], "Api"),
            (503, &[], "Api"),
            (504, &[], "Api"),
            (200, &[], "Api"),
            (0, &[], "Api"),
            (999, &[], "Api"),
        ];
    for &(status, pairs, expected) in rows {
        let error = from_response(status, &headers(pairs), b"{}", "get_conversation");
        assert_eq!(variant(&error), expected, "status {status}");
        assert_eq!(error.status(), Some(status), "status {status}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn accessors_by_variant() {
    let ten = Duration::from_secs(10);
    #[rustfmt::skip]
        let rows: &[(u16, &[(&str, &str)], bool, Option<Duration>)] = &[
            (400, &[], false, None),
            (401, &[], false, None),
            (403, &[], false, None),
            (404, &[], false, None),
            (412, &[], false, None),
            (429, &[("X-RateLimit-Retry-After", "10")], true, Some(ten)),
            (429, &[], true, None),
            (301, &[("Location", "/v2/conversations/1")], false, None),
            (409, &[], false, None),
            (500, &[], true, None),
            (503, &[("Retry-After", "10")], true, None),
            (504, &[], true, None),
            (599, &[], true, None),
            (600, &[], false, None),
        ];
    for &(status, pairs, retryable, retry_after) in rows {
        let mut pairs = pairs.to_vec();
        pairs.push(("Correlation-Id", "corr-1"));
        let error = from_response(status, &headers(&pairs), b"", "op");
        assert_eq!(error.is_retryable(), retryable, "status {status}");
        assert_eq!(error.retry_after(), retry_after, "status {status}");
        assert_eq!(error.correlation_id(), Some("corr-1"), "status {status}");
        let is_response = !matches!(error, Error::Moved { .. });
        assert_eq!(error.response().is_some(), is_response, "status {status}");
    }

    let io = || std::io::Error::other("x");
    let token_endpoint = |status| {
        AuthError::new(AuthErrorKind::TokenEndpoint)
            .with_status(http::StatusCode::from_u16(status).unwrap())
    };
    let others = [
        (Error::Transport(TransportError::connect(io())), true),
        (Error::Transport(TransportError::timeout(io())), true),
        (Error::InvalidRequest("empty id list".into()), false),
        (
            Error::Auth(AuthError::new(AuthErrorKind::NoRefreshPossible)),
            false,
        ),
        (
            Error::Auth(AuthError::new(AuthErrorKind::StaleRefreshToken)),
            false,
        ),
        (Error::Auth(AuthError::new(AuthErrorKind::Transport)), true),
        (Error::Auth(token_endpoint(503)), true),
        (Error::Auth(token_endpoint(429)), true),
        (Error::Auth(token_endpoint(400)), false),
        (
            Error::Auth(AuthError::new(AuthErrorKind::TokenEndpoint)),
            false,
        ),
    ];
    for (error, retryable) in others {
        assert_eq!(error.is_retryable(), retryable, "{error:?}");
        assert_eq!(error.retry_after(), None);
        assert!(error.response().is_none());
    }
    let error = Error::from(token_endpoint(503));
    assert_eq!((error.status(), error.correlation_id()), (Some(503), None));
    let error: Error = TransportError::connect(io()).into();
    assert_eq!(
        (error.status(), error.correlation_id()),
        (None, None),
        "transport errors have no response"
    );
}

#[test]
fn validation_body_in_hal_form() {
    let error = from_response(
        400,
        &headers(&[("Correlation-Id", "c0ffee")]),
        HAL_VALIDATION.as_bytes(),
        "create_conversation",
    );
    let Error::Validation(validation) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(validation.message(), Some("Bad request"));
    assert_eq!(
        validation.log_ref(),
        Some("0a1b2c3d-4e5f-6789-abcd-ef0123456789#12345")
    );
    assert_eq!(validation.correlation_id(), Some("c0ffee"));
    assert_eq!(error.correlation_id(), Some("c0ffee"));
    assert_eq!(validation.response().operation(), "create_conversation");
    let fields = validation.fields();
    let paths: Vec<_> = fields.iter().map(FieldError::path).collect();
    assert_eq!(
        paths,
        [
            Some("subject"),
            Some("customer.email"),
            Some("threads[0].text")
        ]
    );
    assert_eq!(fields[0].message(), Some("may not be empty"));
    assert_eq!(
        fields[0].rejected_value(),
        Some(&Value::String(String::new()))
    );
    assert_eq!(fields[0].source(), Some("JSON"));
    assert_eq!(fields[1].rejected_value(), Some(&Value::from("nope")));
    // An echoed null is kept apart from no echo at all.
    assert_eq!(fields[2].rejected_value(), Some(&Value::Null));
    assert_eq!(
        error.to_string(),
        "Help Scout rejected the request (HTTP 400, create_conversation): 3 invalid fields \
             (subject: may not be empty; customer.email: must be a well-formed email address; \
             threads[0].text: may not be null)"
    );
}

#[test]
fn validation_body_in_the_older_non_hal_form() {
    let error = from_response(400, &HeaderMap::new(), OLD_VALIDATION.as_bytes(), "");
    let Error::Validation(validation) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(validation.log_ref(), Some("ab12"));
    let fields: Vec<_> = validation
        .fields()
        .iter()
        .map(|field| {
            (
                field.path(),
                field.message(),
                field.rejected_value(),
                field.source(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (Some("status"), Some("Value not supported"), None, None),
            (Some("mailboxId"), Some("Invalid identifier"), None, None),
        ]
    );
    assert_eq!(
        error.to_string(),
        "Help Scout rejected the request (HTTP 400): 2 invalid fields \
             (status: Value not supported; mailboxId: Invalid identifier)"
    );
}

#[test]
fn validation_display_summarises_many_fields() {
    let entries: Vec<_> = (0..7)
        .map(|i| serde_json::json!({"path": format!("f{i}"), "message": "bad"}))
        .collect();
    let body = serde_json::json!({"_embedded": {"errors": entries}}).to_string();
    let error = from_response(400, &HeaderMap::new(), body.as_bytes(), "op");
    assert_eq!(
        error.to_string(),
        "Help Scout rejected the request (HTTP 400, op): 7 invalid fields \
             (f0: bad; f1: bad; f2: bad; and 4 more)"
    );
    // Entries of odd shapes still count; entries that are not objects or text do not.
    let body = br#"{"errors": ["just text", {"path": 7}, {}, 12, null, [1]]}"#;
    let error = from_response(400, &HeaderMap::new(), body, "op");
    assert_eq!(
        error.to_string(),
        "Help Scout rejected the request (HTTP 400, op): 3 invalid fields \
             (just text; 7: invalid; invalid value)"
    );
    // One field, singular.
    let body = br#"{"_embedded": {"errors": [{"path": "to", "message": "may not be empty"}]}}"#;
    let error = from_response(400, &HeaderMap::new(), body, "op");
    assert!(
        error
            .to_string()
            .ends_with(": 1 invalid field (to: may not be empty)")
    );
    // A runaway list is capped.
    let entries: Vec<_> = (0..1000)
        .map(|_| serde_json::json!({"path": "p"}))
        .collect();
    let body = serde_json::json!({"_embedded": {"errors": entries}}).to_string();
    let error = from_response(400, &HeaderMap::new(), body.as_bytes(), "op");
    assert_eq!(error.response().unwrap().fields().len(), MAX_FIELDS);
}

#[test]
fn every_body_shape_yields_a_readable_message() {
    #[rustfmt::skip]
        let rows: &[(u16, &[u8], Option<&str>, Option<&str>)] = &[
            (429, br#"{"message":"API rate limit exceeded"}"#, Some("API rate limit exceeded"), None),
            (500, br#"{"message":"Internal error","status":500}"#, Some("Internal error"), None),
            (400, br#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#,
                Some("Invalid refresh_token"), None),
            (401, br#"{"error":"invalid_token"}"#, Some("invalid_token"), None),
            (500, br#"{"error":{"message":"nested"}}"#, Some("nested"), None),
            (422, br#"{"title":"Unprocessable","detail":"the detail wins"}"#, Some("the detail wins"), None),
            (404, br#"{"logRef":"lr-9","message":"Resource not found","_embedded":{"errors":[]}}"#,
                Some("Resource not found"), Some("lr-9")),
            (404, br#"{"logRef":12345,"message":"  spaced\n out\t "}"#, Some("spaced  out"), Some("12345")),
            (403, b"\xEF\xBB\xBF{\"message\":\"after a BOM\"}", Some("after a BOM"), None),
            (502, br#""a bare JSON string""#, Some("a bare JSON string"), None),
            (502, b"Bad Gateway\n", Some("Bad Gateway"), None),
            (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", None, None),
            (500, b"", None, None),
            (500, b"   ", None, None),
            (500, b"null", None, None),
            (500, b"[1,2,3]", None, None),
            (500, br#"{"message": null, "logRef": {"a": 1}}"#, None, None),
            (500, br#"{"message": ""}"#, None, None),
            (500, b"{\"message\": \"unterminated", None, None),
            (500, b"\x00\x01\x02garbage\xff\xfe", None, None),
        ];
    for &(status, body, message, log_ref) in rows {
        let error = from_response(status, &HeaderMap::new(), body, "op");
        let response = error.response().unwrap();
        assert_eq!(
            response.message(),
            message,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(
            response.log_ref(),
            log_ref,
            "{}",
            String::from_utf8_lossy(body)
        );
        // A 429's message says nothing its display does not already say.
        if let Some(message) = message.filter(|_| status != 429) {
            assert!(error.to_string().contains(message), "{error}");
        }
    }
}

#[test]
fn oauth_error_body_reads_well_on_any_endpoint() {
    let body = br#"{"error":"invalid_request","error_description":"Invalid refresh_token"}"#;
    let error = from_response(400, &HeaderMap::new(), body, "token");
    assert_eq!(variant(&error), "Validation");
    assert_eq!(
        error.to_string(),
        "Help Scout rejected the request (HTTP 400, token): Invalid refresh_token"
    );
}

#[test]
fn rate_limit_headers_in_every_combination() {
    let s = Duration::from_secs;
    #[rustfmt::skip]
        let rows: &[(&[(&str, &str)], Option<Duration>, Option<u32>, Option<u32>)] = &[
            (&[], None, None, None),
            (&[("X-RateLimit-Retry-After", "12")], Some(s(12)), None, None),
            (&[("Retry-After", "7")], Some(s(7)), None, None),
            // Help Scout's own header wins over the standard one.
            (&[("X-RateLimit-Retry-After", "12"), ("Retry-After", "7")], Some(s(12)), None, None),
            // An unreadable own header falls back to the standard one.
            (&[("X-RateLimit-Retry-After", "soon"), ("Retry-After", "7")], Some(s(7)), None, None),
            (&[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], None, None, None),
            (&[("x-ratelimit-retry-after", "1.5")], Some(Duration::from_millis(1500)), None, None),
            (&[("X-RateLimit-Limit-Minute", "400"), ("X-RateLimit-Remaining-Minute", "0")], None, Some(400), Some(0)),
            (&[("X-RATELIMIT-LIMIT-MINUTE", "200"), ("X-RateLimit-Remaining-Minute", "0"),
               ("X-RateLimit-Retry-After", "30")], Some(s(30)), Some(200), Some(0)),
            (&[("X-RateLimit-Limit-Minute", "lots"), ("X-RateLimit-Remaining-Minute", "-2"),
               ("Retry-After", "-1")], None, None, Some(0)),
        ];
    for &(pairs, retry_after, limit, remaining) in rows {
        let error = from_response(
            429,
            &headers(pairs),
            br#"{"message":"API rate limit exceeded"}"#,
            "list_conversations",
        );
        let Error::RateLimited(limited) = &error else {
            panic!("expected RateLimited, got {error:?}");
        };
        assert_eq!(limited.retry_after(), retry_after, "{pairs:?}");
        assert_eq!(error.retry_after(), retry_after, "{pairs:?}");
        assert_eq!(limited.limit_per_minute(), limit, "{pairs:?}");
        assert_eq!(limited.remaining(), remaining, "{pairs:?}");
        assert_eq!(
            limited.response().message(),
            Some("API rate limit exceeded")
        );
    }
    let error = from_response(
        429,
        &headers(&[("X-RateLimit-Retry-After", "12")]),
        b"",
        "list_conversations",
    );
    assert_eq!(
        error.to_string(),
        "rate limited by Help Scout (HTTP 429, list_conversations); retry after 12 s"
    );
    let error = from_response(429, &headers(&[("Retry-After", "0.25")]), b"", "");
    assert_eq!(
        error.to_string(),
        "rate limited by Help Scout (HTTP 429); retry after 0.2 s"
    );
}

#[test]
fn moved_conversation_gives_the_new_id() {
    #[rustfmt::skip]
        let rows: &[(&str, Option<i64>)] = &[
            ("https://api.helpscout.net/v2/conversations/123456", Some(123_456)),
            ("/v2/conversations/789", Some(789)),
            ("/v2/conversations/789/", Some(789)),
            ("https://api.helpscout.net/v2/conversations/55?embed=threads", Some(55)),
            ("https://api.helpscout.net/v2/conversations/56#top", Some(56)),
            ("https://api.helpscout.net/v2/conversations/9223372036854775807", Some(i64::MAX)),
            ("https://api.helpscout.net/v2/conversations/9223372036854775808", None),
            ("https://api.helpscout.net/v2/conversations/0", None),
            ("https://api.helpscout.net/v2/conversations/-5", None),
            ("https://api.helpscout.net/v2/conversations/+5", None),
            ("https://api.helpscout.net/v2/conversations/12ab", None),
            ("https://api.helpscout.net/v2/conversations", None),
            ("123", Some(123)),
            ("/", None),
            ("?", None),
        ];
    for &(location, new_id) in rows {
        let error = from_response(
            301,
            &headers(&[("Location", location), ("CORRELATION-ID", "m-1")]),
            b"",
            "get_conversation",
        );
        let Error::Moved {
            status,
            location: found,
            new_id: id,
            ..
        } = &error
        else {
            panic!("expected Moved, got {error:?}");
        };
        assert_eq!(
            (*status, found.as_str(), *id),
            (301, location, new_id),
            "{location}"
        );
        assert_eq!(error.correlation_id(), Some("m-1"));
        assert_eq!(
            error.to_string(),
            format!("the resource has moved to {location}")
        );
    }
}

#[test]
fn correlation_id_in_any_case_and_from_a_proxy() {
    let rows: &[(&[(&str, &str)], Option<&str>)] = &[
        (&[("Correlation-Id", "a")], Some("a")),
        (&[("correlation-id", "b")], Some("b")),
        (&[("CORRELATION-ID", " c ")], Some("c")),
        (&[("X-Correlation-Id", "d")], Some("d")),
        (
            &[("Correlation-Id", "e"), ("X-Correlation-Id", "f")],
            Some("e"),
        ),
        (&[("Correlation-Id", "")], None),
        (&[], None),
    ];
    for &(pairs, expected) in rows {
        assert_eq!(
            correlation_id(&headers(pairs)).as_deref(),
            expected,
            "{pairs:?}"
        );
    }
    let mut map = HeaderMap::new();
    map.insert(
        "correlation-id",
        HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
    );
    assert_eq!(correlation_id(&map), None);
    let long = "x".repeat(1000);
    assert_eq!(
        correlation_id(&headers(&[("Correlation-Id", &long)])).map(|id| id.len()),
        Some(128)
    );
}

#[test]
fn display_of_response_errors() {
    #[rustfmt::skip]
        let rows: &[(u16, &str, &str)] = &[
            (401, "get_conversation", "Help Scout did not accept the access token (HTTP 401, get_conversation): m"),
            (403, "get_report", "Help Scout denied access (HTTP 403, get_report): m"),
            (404, "get_conversation", "Help Scout found no such resource (HTTP 404, get_conversation): m"),
            (412, "create_reply", "Help Scout refused the change (HTTP 412, create_reply): m"),
            (500, "op", "Help Scout failed to handle the request (HTTP 500, op): m"),
            (409, "op", "Help Scout returned an error (HTTP 409, op): m"),
            (200, "", "Help Scout returned an unexpected response (HTTP 200): m"),
        ];
    for &(status, operation, expected) in rows {
        let error = from_response(status, &HeaderMap::new(), br#"{"message":"m"}"#, operation);
        assert_eq!(error.to_string(), expected);
        assert!(error.source().is_none(), "a response error has no source");
    }
    let error = from_response(503, &HeaderMap::new(), b"<html/>", "op");
    assert_eq!(
        error.to_string(),
        "Help Scout failed to handle the request (HTTP 503, op)"
    );
    assert_eq!(
        Error::InvalidRequest("the base URL must use https".into()).to_string(),
        "invalid request: the base URL must use https"
    );
}

/// A deterministic xorshift stream, so the fuzz-like tests need no dependency.
fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn any_body_is_survived_and_truncated() {
    let statuses = [0, 200, 301, 400, 401, 403, 404, 412, 429, 500, 503, 999];
    let mut bodies: Vec<Vec<u8>> = (0..200)
        .map(|seed| pseudo_random_bytes(seed, (seed as usize * 37) % 9000))
        .collect();
    bodies.push(vec![b'['; 100_000]); // nesting deeper than any parser should recurse
    bodies.push(vec![b'{'; 100_000]);
    bodies.push(b"{\"message\":".repeat(10_000));
    bodies.push("é".repeat(5_000).into_bytes()); // multi-byte characters across the cut
    bodies.push(vec![0xFF; 10_000]); // replacement characters outgrow the bytes
    bodies.push(vec![b'a'; 1 << 20]);
    let huge_message = format!(r#"{{"message":"{}"}}"#, "m".repeat(100_000));
    bodies.push(huge_message.into_bytes());
    for body in &bodies {
        for status in statuses {
            let error = from_response(status, &headers(&[("Location", "/x/1")]), body, "op");
            let shown = error.to_string();
            assert!(shown.len() < 2_000, "display of {} bytes", shown.len());
            if let Some(response) = error.response() {
                assert!(response.body().len() <= MAX_BODY_BYTES);
                assert!(
                    response
                        .message()
                        .is_none_or(|m| m.chars().count() <= MAX_MESSAGE_CHARS)
                );
            }
        }
        let _ = decode_json::<Value>("op", body).map_err(|error| error.to_string());
    }
    let body = "é".repeat(5_000);
    let error = from_response(500, &HeaderMap::new(), body.as_bytes(), "op");
    let kept = error.response().unwrap().body();
    assert_eq!(kept, "é".repeat(MAX_BODY_BYTES / 2));
    let error = from_response(500, &HeaderMap::new(), &[0xFF; 10_000], "op");
    let kept = error.response().unwrap().body();
    assert!(kept.len() <= MAX_BODY_BYTES && kept.chars().all(|c| c == '\u{FFFD}'));
    let error = from_response(500, &HeaderMap::new(), b"short", "op");
    assert_eq!(error.response().unwrap().body(), "short");
}

#[test]
fn display_never_repeats_the_source() {
    const SECRET_CAUSE: &str = "distinctive cause xyzzy-4711";
    let cause = || std::io::Error::new(std::io::ErrorKind::ConnectionRefused, SECRET_CAUSE);
    #[rustfmt::skip]
        let rows: Vec<(TransportError, bool, bool, &str)> = vec![
            (TransportError::connect(cause()), false, false, "could not reach Help Scout"),
            (TransportError::connect_timeout(cause()), false, true, "could not reach Help Scout in time"),
            (TransportError::timeout(cause()), true, true, "Help Scout did not answer in time"),
            (TransportError::interrupted(cause()), true, false, "the connection to Help Scout failed"),
        ];
    for (transport, sent, timeout, shown) in rows {
        assert_eq!(transport.may_have_been_sent(), sent);
        assert_eq!(transport.is_timeout(), timeout);
        let error = Error::Transport(transport);
        assert_eq!(error.to_string(), shown);
        assert!(!error.to_string().contains(SECRET_CAUSE));
        assert_eq!(chain(&error), [SECRET_CAUSE]);
        let Error::Transport(transport) = &error else {
            unreachable!()
        };
        assert_eq!(chain(transport), [SECRET_CAUSE]);
        let io = transport
            .source()
            .unwrap()
            .downcast_ref::<std::io::Error>()
            .unwrap();
        assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
    }
    // Any boxed error will do, and the chain below it is kept.
    let boxed: Box<dyn StdError + Send + Sync> =
        Box::new(AuthError::new(AuthErrorKind::TokenEndpoint).with_source(cause()));
    let error = Error::from(TransportError::interrupted(boxed));
    assert_eq!(chain(&error).last().map(String::as_str), Some(SECRET_CAUSE));

    // Error::Auth shows the auth error's own text, and its cause only in the chain.
    let auth =
        AuthError::new(AuthErrorKind::Transport).with_source(TransportError::connect(cause()));
    let error = Error::Auth(auth.clone());
    assert_eq!(error.to_string(), auth.to_string());
    assert!(!error.to_string().contains(SECRET_CAUSE), "{error}");
    assert_eq!(chain(&error), ["could not reach Help Scout", SECRET_CAUSE]);
    assert!(
        Error::Auth(AuthError::new(AuthErrorKind::NoRefreshPossible))
            .source()
            .is_none()
    );

    let error = decode_json::<Vec<u32>>("list_tags", b"[1, \"two\"]").unwrap_err();
    let serde_text = chain(&error);
    assert_eq!(serde_text.len(), 1);
    assert!(serde_text[0].contains("invalid type"), "{serde_text:?}");
    assert!(!error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn transport_errors_from_boxed_and_text_sources() {
    let from_text = TransportError::connect("dns lookup failed");
    assert_eq!(chain(&from_text), ["dns lookup failed"]);
    let boxed: Box<dyn StdError + Send + Sync> = "boxed".into();
    assert_eq!(chain(&TransportError::timeout(boxed)), ["boxed"]);
}

#[derive(Debug, Deserialize, PartialEq)]
struct Page {
    #[serde(rename = "_embedded")]
    embedded: Embedded,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Embedded {
    conversations: Vec<Conversation>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Conversation {
    id: i64,
    #[serde(rename = "createdAt")]
    created_at: chrono::DateTime<chrono::Utc>,
}

fn conversations(bad_index: usize, count: usize, padding: usize) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            let created = if i == bad_index {
                "last tuesday"
            } else {
                "2017-03-31T23:30:01Z"
            };
            format!(
                r#"{{"id": {i}, "subject": "{}", "createdAt": "{created}"}}"#,
                "s".repeat(padding)
            )
        })
        .collect();
    format!(
        r#"{{"_embedded": {{"conversations": [{}]}}}}"#,
        items.join(",\n")
    )
}

#[test]
fn decode_reports_the_path_and_a_snippet() {
    let body = conversations(3, 5, 10);
    let error = decode_json::<Page>("list_conversations", body.as_bytes()).unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(decode.path(), Some("_embedded.conversations[3].createdAt"));
    assert_eq!(decode.operation(), "list_conversations");
    assert_eq!(decode.message(), chain(&error)[0]);
    assert!(
        decode.snippet().contains("last tuesday"),
        "{}",
        decode.snippet()
    );
    assert_eq!(
        error.to_string(),
        "the response to list_conversations did not match the expected shape at \
             `_embedded.conversations[3].createdAt`"
    );
    assert_eq!(error.status(), None);
    assert!(!error.is_retryable());

    // Deep in a large body, the snippet still shows the failing value.
    let body = conversations(150, 200, 300);
    assert!(body.len() > 50_000);
    let error = decode_json::<Page>("list_conversations", body.as_bytes()).unwrap_err();
    let Error::Decode(decode) = &error else {
        unreachable!()
    };
    assert_eq!(
        decode.path(),
        Some("_embedded.conversations[150].createdAt")
    );
    assert!(
        decode.snippet().contains("last tuesday"),
        "{}",
        decode.snippet()
    );
    assert!(decode.snippet().chars().count() <= MAX_SNIPPET_CHARS);

    let good = conversations(usize::MAX, 2, 1);
    let page: Page = decode_json("list_conversations", good.as_bytes()).unwrap();
    assert_eq!(page.embedded.conversations.len(), 2);
}

#[test]
fn decode_failures_of_every_kind() {
    #[rustfmt::skip]
        let rows: &[(&[u8], Option<&str>, &str)] = &[
            (b"", Some("."), "the response to op did not match the expected shape"),
            (b"{\"id\": 1, \"createdAt\": \"2017-03-31T23:30:01Z\"} trailing", Some("."),
                "the response to op did not match the expected shape"),
            (b"{\"id\": \"one\"}", Some("id"), "the response to op did not match the expected shape at `id`"),
            (b"{\"id\": 1}", Some("."), "the response to op did not match the expected shape"),
            (b"\xff\xfe", Some("."), "the response to op did not match the expected shape"),
            (b"{\"id\": 1, \"createdAt\": \"\xff\"}", Some("createdAt"),
                "the response to op did not match the expected shape at `createdAt`"),
        ];
    for &(body, path, shown) in rows {
        let error = decode_json::<Conversation>("op", body).unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("expected Decode, got {error:?}");
        };
        assert_eq!(decode.path(), path, "{}", String::from_utf8_lossy(body));
        assert_eq!(error.to_string(), shown);
        assert!(decode.snippet().chars().count() <= MAX_SNIPPET_CHARS);
    }
    let error = decode_json::<Conversation>("", b"[]").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the response did not match the expected shape"
    );
}

#[test]
fn decode_error_records_the_correlation_id() {
    let Error::Decode(decode) = decode_json::<u8>("op", b"300").unwrap_err() else {
        panic!("expected Decode");
    };
    let error = Error::Decode(decode.with_correlation_id(&headers(&[("Correlation-Id", "d-1")])));
    assert_eq!(error.correlation_id(), Some("d-1"));
}

#[test]
fn snippets_stay_on_character_boundaries() {
    let body = "ü€😀".repeat(1000);
    for offset in [
        0,
        1,
        2,
        3,
        5,
        7,
        100,
        2_000,
        body.len() - 1,
        body.len(),
        body.len() + 10,
    ] {
        let snippet = snippet_around(body.as_bytes(), offset);
        assert!(!snippet.contains('\u{FFFD}'), "offset {offset}");
        assert!(snippet.chars().count() <= MAX_SNIPPET_CHARS);
    }
    assert_eq!(snippet_around(b"", 5), "");
    assert_eq!(snippet_around(b"abc", 1), "abc");
}

#[tokio::test]
async fn reqwest_failures_say_whether_the_request_was_sent() {
    // Building fails before anything is sent.
    let built = crate::tls::http_client_builder()
        .build()
        .unwrap()
        .get("not a url")
        .build()
        .unwrap_err();
    let transport = TransportError::from_reqwest(built);
    assert!(!transport.may_have_been_sent() && !transport.is_timeout());

    // A closed port refuses the connection.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = crate::tls::http_client_builder()
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .unwrap_err();
    let transport = TransportError::from_reqwest(refused);
    assert!(!transport.may_have_been_sent(), "{transport:?}");
    assert!(!transport.is_timeout());
    assert_eq!(transport.to_string(), "could not reach Help Scout");
    assert!(!chain(&transport).is_empty());

    // A server that accepts the connection but never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = silent.local_addr().unwrap();
    let client = crate::tls::http_client_builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let timed_out = client
        .get(format!("http://{address}/"))
        .send()
        .await
        .unwrap_err();
    let transport = TransportError::from_reqwest(timed_out);
    assert!(
        transport.may_have_been_sent() && transport.is_timeout(),
        "{transport:?}"
    );
    drop(silent);
}

#[tokio::test]
async fn progenitor_errors_are_mapped_in_one_place() {
    let response = http::Response::builder()
        .status(404)
        .header("Correlation-Id", "p-1")
        .body(r#"{"message":"Resource not found","logRef":"lr"}"#)
        .unwrap();
    let raw = progenitor_client::Error::<()>::UnexpectedResponse(response.into());
    let error = from_progenitor::<Value, ()>("get_conversation", raw).await;
    assert_eq!(variant(&error), "NotFound");
    assert_eq!(error.correlation_id(), Some("p-1"));
    assert_eq!(error.response().unwrap().log_ref(), Some("lr"));
    assert_eq!(
        error.to_string(),
        "Help Scout found no such resource (HTTP 404, get_conversation): Resource not found"
    );

    // A long body is read only so far.
    let long = "x".repeat(MAX_BODY_READ_BYTES * 3);
    let response = http::Response::builder().status(500).body(long).unwrap();
    let raw = progenitor_client::Error::<()>::UnexpectedResponse(response.into());
    let error = from_progenitor::<Value, ()>("op", raw).await;
    assert_eq!(error.response().unwrap().body().len(), MAX_BODY_BYTES);

    let body = br#"{"id": 1, "createdAt": "yesterday"}"#;
    let serde_error = serde_json::from_slice::<Conversation>(body).unwrap_err();
    let raw =
        progenitor_client::Error::<()>::InvalidResponsePayload(body.to_vec().into(), serde_error);
    let error = from_progenitor::<Conversation, ()>("get_conversation", raw).await;
    let Error::Decode(decode) = &error else {
        panic!("expected Decode, got {error:?}");
    };
    assert_eq!(decode.path(), Some("createdAt"));

    // When the second decode disagrees, serde_json's error is kept without a path.
    let serde_error = serde_json::from_slice::<u8>(b"x").unwrap_err();
    let raw =
        progenitor_client::Error::<()>::InvalidResponsePayload(b"1".to_vec().into(), serde_error);
    let error = from_progenitor::<Value, ()>("op", raw).await;
    let Error::Decode(decode) = &error else {
        panic!()
    };
    assert_eq!(decode.path(), None);

    let raw = progenitor_client::Error::<()>::InvalidRequest("bad".into());
    let error = from_progenitor::<Value, ()>("op", raw).await;
    assert_eq!(variant(&error), "InvalidRequest");

    let raw = progenitor_client::Error::<()>::Custom("refused".into());
    assert_eq!(
        variant(&from_progenitor::<Value, ()>("op", raw).await),
        "InvalidRequest"
    );

    let built = crate::tls::http_client_builder()
        .build()
        .unwrap()
        .get("not a url")
        .build()
        .unwrap_err();
    let raw = progenitor_client::Error::<()>::CommunicationError(built);
    assert_eq!(
        variant(&from_progenitor::<Value, ()>("op", raw).await),
        "Transport"
    );
}

#[test]
fn error_stays_small() {
    // Every `Result` of the crate carries an `Error`; the bulky context is boxed.
    assert!(
        std::mem::size_of::<Error>() <= 128,
        "{}",
        std::mem::size_of::<Error>()
    );
}

#[test]
fn error_is_send_sync_static() {
    fn assert_bounds<T: Send + Sync + 'static + StdError>() {}
    assert_bounds::<Error>();
    assert_bounds::<ApiError>();
    assert_bounds::<ValidationError>();
    assert_bounds::<RateLimited>();
    assert_bounds::<AuthError>();
    assert_bounds::<TransportError>();
    assert_bounds::<DecodeError>();
    let boxed: Box<dyn StdError + Send + Sync> = Box::new(Error::InvalidRequest("x".into()));
    assert_eq!(boxed.to_string(), "invalid request: x");
}
