//! [`ResponseFacts`]: what the client acts on in a response's headers, read once per
//! response by the runtime and handed to everything that needs it (the rate-limit
//! bookkeeping, the retry decision, the tracing span, the interceptors and the error
//! mapping), so that no two of them can read a header differently.

use std::time::{Duration, Instant};

use http::HeaderMap;

use crate::headers;
use crate::rate_limit::RateLimitFigures;

/// The facts of one response's headers.
///
/// The runtime stores them in the extensions of the response it hands on, where the error
/// mapping finds them; a response that did not pass the runtime is read with
/// [`read`](Self::read) by the same code.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ResponseFacts {
    /// Help Scout's `Correlation-Id` (or a proxy's `X-Correlation-Id`).
    pub(crate) correlation_id: Option<String>,
    /// The `X-RateLimit-*` figures; `None` when the response carried none.
    pub(crate) rate_limit: Option<RateLimitFigures>,
    /// How long to wait before the next request: `X-RateLimit-Retry-After`, else the
    /// standard `Retry-After` (quirk Q16). Meaningful on a 429 only; read on any status so
    /// that the decision of what it means stays with the retry rules.
    pub(crate) retry_after: Option<Duration>,
    /// The `Location` header as sent, when not empty: a created resource's URI, or where a
    /// moved one lives now.
    pub(crate) location: Option<String>,
    /// The id at the end of [`location`](Self::location)'s path.
    pub(crate) location_id: Option<i64>,
    /// The id of a created resource: `Resource-ID`, else the end of `Location` (quirk Q12).
    pub(crate) created_id: Option<i64>,
}

impl ResponseFacts {
    /// Reads the facts from `headers` (names in any case); `observed_at` is when the
    /// response arrived, which dates the rate-limit figures.
    pub(crate) fn read(headers: &HeaderMap, observed_at: Instant) -> Self {
        let rate_limit = RateLimitFigures::from_header_map(headers, observed_at);
        // quirk Q16: X-RateLimit-Retry-After, then Retry-After.
        let retry_after = rate_limit
            .as_ref()
            .and_then(RateLimitFigures::retry_after)
            .or_else(|| headers::retry_after(headers));
        let location = headers::location(headers);
        Self {
            correlation_id: headers::correlation_id(headers),
            rate_limit,
            retry_after,
            location_id: location.and_then(headers::trailing_id),
            location: location.map(str::to_owned),
            created_id: headers::created_id(headers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use http::{HeaderName, HeaderValue};

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
    fn every_fact_is_read_in_any_case() {
        let at = Instant::now();
        let facts = ResponseFacts::read(
            &headers(&[
                ("CORRELATION-ID", "c-1"),
                ("x-ratelimit-limit-minute", "400"),
                ("X-RATELIMIT-REMAINING-MINUTE", "0"),
                ("X-RateLimit-Retry-After", "4"),
                ("retry-after", "9"),
                ("LOCATION", "/v2/conversations/42"),
                ("resource-id", "43"),
            ]),
            at,
        );
        let figures = facts.rate_limit.clone().expect("figures");
        assert_eq!(
            (figures.limit_per_minute(), figures.remaining()),
            (Some(400), Some(0))
        );
        assert_eq!(figures.observed_at(), at);
        assert_eq!(facts.correlation_id.as_deref(), Some("c-1"));
        assert_eq!(facts.retry_after, Some(Duration::from_secs(4)));
        assert_eq!(facts.location.as_deref(), Some("/v2/conversations/42"));
        // A create's id prefers `Resource-ID`; a move's id is the end of `Location`.
        assert_eq!((facts.location_id, facts.created_id), (Some(42), Some(43)));
    }

    #[test]
    fn the_delay_is_help_scouts_header_then_the_standard_one() {
        let delay = |pairs: &[(&str, &str)]| {
            ResponseFacts::read(&headers(pairs), Instant::now()).retry_after
        };
        let s = Duration::from_secs;
        assert_eq!(
            delay(&[("X-RateLimit-Retry-After", "3"), ("Retry-After", "9")]),
            Some(s(3))
        );
        assert_eq!(delay(&[("Retry-After", "9")]), Some(s(9)));
        // A garbled Help Scout header falls back to the standard one, then to nothing.
        assert_eq!(
            delay(&[("X-RateLimit-Retry-After", "soon"), ("Retry-After", "6")]),
            Some(s(6))
        );
        assert_eq!(
            delay(&[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]),
            None
        );
        let mut opaque = HeaderMap::new();
        opaque.insert(
            "x-ratelimit-retry-after",
            HeaderValue::from_bytes(b"\xff5").unwrap(),
        );
        assert_eq!(
            ResponseFacts::read(&opaque, Instant::now()).retry_after,
            None
        );
    }

    #[test]
    fn a_response_without_the_headers_has_no_facts() {
        let facts = ResponseFacts::read(
            &headers(&[("Content-Type", "application/json")]),
            Instant::now(),
        );
        assert_eq!(facts, ResponseFacts::default());
    }
}
