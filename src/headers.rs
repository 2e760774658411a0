//! The readers of the response headers the client acts on, each written once: delays
//! (`X-RateLimit-Retry-After`, `Retry-After`), Help Scout's `Correlation-Id`, and the id of a
//! created or moved resource (`Resource-ID`, `Location`).
//!
//! Every reader takes header names in any case (an `http::HeaderMap` lookup ignores case)
//! and never fails: a value that is absent, not visible ASCII or not in the expected form
//! reads as `None`, so that a garbled header falls back to the default behaviour instead of
//! failing a request that succeeded. [`crate::raw::ResponseFacts`] combines them into the
//! one value the runtime reads per response.

use std::time::Duration;

use http::HeaderMap;

/// `X-RateLimit-Retry-After`: Help Scout's own delay on a 429, in seconds.
pub(crate) const RATE_LIMIT_RETRY_AFTER: &str = "x-ratelimit-retry-after";
/// The standard `Retry-After`, which a proxy in front of Help Scout may set instead.
pub(crate) const RETRY_AFTER: &str = "retry-after";
/// The id of a created resource.
pub(crate) const RESOURCE_ID: &str = "resource-id";
/// The URI of a created resource, or where a moved one lives now.
pub(crate) const LOCATION: &str = "location";
/// Help Scout's name for the id of one response, then a proxy's.
const CORRELATION_ID: [&str; 2] = ["correlation-id", "x-correlation-id"];

/// The longest correlation id kept: Help Scout's are UUIDs, so a longer one is garbage that
/// should not grow every log line.
const MAX_CORRELATION_ID_CHARS: usize = 128;

/// A header's value as trimmed text; `None` when absent or not visible ASCII. The first
/// value counts when the header is repeated.
pub(crate) fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

/// Reads a delay header given in seconds (`X-RateLimit-Retry-After`, `Retry-After`).
///
/// Whole or fractional seconds, surrounded by whitespace or not. Anything else (negative,
/// not a number, an HTTP date, which Help Scout does not send) gives `None`, so that a
/// garbled header falls back to the backoff instead of failing the request.
pub(crate) fn parse_delay_seconds(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // `f64` parsing also accepts "inf" and "NaN"; `try_from_secs_f64` rejects those, and
    // negative or out-of-range values.
    let seconds = value.parse::<f64>().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

/// The standard `Retry-After`, in seconds (a date is not read).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_text(headers, RETRY_AFTER).and_then(parse_delay_seconds)
}

/// Help Scout's `Correlation-Id` (or a proxy's `X-Correlation-Id`), on one line and cut to a
/// sane length. A header value is visible ASCII already (or it is not read), so a tab is the
/// only control character to replace and a character is a byte.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    let id = CORRELATION_ID
        .iter()
        .find_map(|name| header_text(headers, name).filter(|id| !id.is_empty()))?;
    let cut = &id[..id.len().min(MAX_CORRELATION_ID_CHARS)];
    let id = cut.replace('\t', " ");
    let id = id.trim_end();
    (!id.is_empty()).then(|| id.to_owned())
}

/// The `Location` header as sent, when it is not empty.
pub(crate) fn location(headers: &HeaderMap) -> Option<&str> {
    header_text(headers, LOCATION).filter(|location| !location.is_empty())
}

/// The id at the end of a location's path: `https://api.helpscout.net/v2/conversations/123`,
/// `/v2/conversations/123/`, `.../123?embed=threads` all give 123. Ids are positive.
pub(crate) fn trailing_id(location: &str) -> Option<i64> {
    let path = location.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The `Resource-ID` header as an id; ids are positive, so 0 or -5 is as good as none.
pub(crate) fn resource_id(headers: &HeaderMap) -> Option<i64> {
    header_text(headers, RESOURCE_ID)
        .and_then(|value| value.parse::<i64>().ok())
        .filter(|id| *id > 0)
}

/// The id of a created resource: `Resource-ID`, else the last path segment of `Location`
/// (quirk Q12). `None` when neither is there or parses; the create still succeeded, so this
/// is not an error.
pub(crate) fn created_id(headers: &HeaderMap) -> Option<i64> {
    // quirk Q12: Resource-ID, else Location, else no id.
    resource_id(headers).or_else(|| location(headers).and_then(trailing_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    use http::{HeaderName, HeaderValue};

    /// Header (name, value) pairs of one test row.
    type Pairs<'a> = &'a [(&'a str, &'a str)];

    const MS: fn(u64) -> Duration = Duration::from_millis;
    const S: fn(u64) -> Duration = Duration::from_secs;

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

    #[test]
    fn parse_delay_seconds_table() {
        let rows: &[(&str, Option<Duration>)] = &[
            ("0", Some(Duration::ZERO)),
            ("12", Some(S(12))),
            (" 12 ", Some(S(12))),
            ("\t7\r\n", Some(S(7))),
            ("+3", Some(S(3))),
            ("1.5", Some(MS(1_500))),
            (" 0.25", Some(MS(250))),
            ("2.", Some(S(2))),
            ("18446744073709551615", Some(S(u64::MAX))),
            ("", None),
            ("   ", None),
            ("-1", None),
            ("-0.5", None),
            ("abc", None),
            ("12s", None),
            ("1 2", None),
            ("NaN", None),
            ("inf", None),
            ("1e300", None),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ];
        for (text, expected) in rows {
            assert_eq!(parse_delay_seconds(text), *expected, "{text:?}");
        }
    }

    #[test]
    fn created_ids_come_from_resource_id_then_location() {
        let cases: &[(Pairs<'_>, Option<i64>)] = &[
            (&[("Resource-ID", "123")], Some(123)),
            (
                &[("resource-id", " 9007199254740993 ")],
                Some(9_007_199_254_740_993),
            ),
            (&[("RESOURCE-ID", "5")], Some(5)),
            (
                &[("Location", "https://api.helpscout.net/v2/conversations/77")],
                Some(77),
            ),
            (
                &[("LOCATION", "https://api.helpscout.net/v2/webhooks/10/")],
                Some(10),
            ),
            (
                &[("Resource-ID", "abc"), ("Location", "/v2/users/5?x=1")],
                Some(5),
            ),
            (
                &[("Location", "https://api.helpscout.net/v2/conversations")],
                None,
            ),
            (&[("Location", "")], None),
            (&[], None),
            (&[("Resource-ID", "0")], None),
            (&[("Resource-ID", "-5")], None),
            (&[("Resource-ID", "-5"), ("Location", "/v2/users/0")], None),
            (
                &[("Resource-ID", "0"), ("Location", "/v2/users/8")],
                Some(8),
            ),
            (&[("Resource-ID", "99999999999999999999")], None),
        ];
        for (pairs, expected) in cases {
            assert_eq!(created_id(&headers(pairs)), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn trailing_ids_of_locations() {
        let rows: &[(&str, Option<i64>)] = &[
            ("https://api.helpscout.net/v2/conversations/42", Some(42)),
            ("/v2/conversations/42/", Some(42)),
            ("/v2/conversations/42?embed=threads#top", Some(42)),
            ("42", Some(42)),
            ("/v2/conversations/", None),
            ("/v2/conversations/4x2", None),
            ("/v2/conversations/+42", None),
            ("/v2/conversations/0", None),
            ("/v2/conversations/99999999999999999999", None),
            ("", None),
            ("?", None),
        ];
        for (location, expected) in rows {
            assert_eq!(trailing_id(location), *expected, "{location:?}");
        }
    }

    #[test]
    fn correlation_ids_in_any_case_cut_and_on_one_line() {
        let long = "c".repeat(500);
        let rows: &[(Pairs<'_>, Option<&str>)] = &[
            (&[("Correlation-Id", "a")], Some("a")),
            (&[("CORRELATION-ID", " b ")], Some("b")),
            (&[("x-correlation-id", "c")], Some("c")),
            (
                &[("Correlation-Id", "d"), ("X-Correlation-Id", "e")],
                Some("d"),
            ),
            (
                &[("Correlation-Id", ""), ("X-Correlation-Id", "f")],
                Some("f"),
            ),
            (&[("Correlation-Id", "g\th")], Some("g h")),
            (&[("Correlation-Id", "")], None),
            (&[], None),
            (&[("Correlation-Id", &long)], Some(&long[..128])),
        ];
        for (pairs, expected) in rows {
            assert_eq!(
                correlation_id(&headers(pairs)).as_deref(),
                *expected,
                "{pairs:?}"
            );
        }
        let mut opaque = HeaderMap::new();
        opaque.insert("correlation-id", HeaderValue::from_bytes(b"\xff").unwrap());
        assert_eq!(correlation_id(&opaque), None);
    }
}
