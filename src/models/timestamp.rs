//! [`Timestamp`]: Help Scout's points in time, read leniently and written plainly.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// A point in time in UTC, as the Help Scout API writes it (`2018-05-04T12:00:03Z`).
///
/// Decoding is lenient because the API is: fractional seconds, a numeric offset, a missing
/// zone (the ratings docs show `2017-12-12T12:12:13`, read as UTC) and a bare date are all
/// accepted. Encoding always writes whole seconds with a `Z`, because filters such as
/// `modifiedSince` reject fractional seconds; the sub-second part is dropped, not rounded.
///
/// ```
/// use helpscout_mailbox::models::Timestamp;
///
/// let t: Timestamp = "2017-12-12T12:12:13.250".parse()?;
/// assert_eq!(t.to_string(), "2017-12-12T12:12:13Z");
/// # Ok::<(), helpscout_mailbox::models::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// Wraps a UTC date-time. It keeps its sub-second part; only the wire form drops it.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(at)
    }

    /// The current time.
    pub fn now() -> Self {
        Self(Utc::now())
    }

    /// The UTC date-time.
    pub fn get(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self(at)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(at: Timestamp) -> Self {
        at.0
    }
}

/// The text was not a date-time in any form the API uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    text: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an ISO 8601 date-time", self.text)
    }
}

impl std::error::Error for TimestampError {}

impl FromStr for Timestamp {
    type Err = TimestampError;

    // quirk Q08: with or without fractions, and without a zone.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if let Ok(at) = DateTime::parse_from_rfc3339(trimmed) {
            return Ok(Self(at.with_timezone(&Utc)));
        }
        // A year outside 0000..=9999 as `Display` writes it (`+10000-01-01T00:00:00Z`, which
        // RFC 3339 has no room for): `9999-12-31T23:59:59-01:00` is such a year in UTC, and a
        // timestamp must read back what it writes.
        if let Some(rest) = trimmed
            .strip_suffix('Z')
            .filter(|rest| rest.starts_with(['+', '-']))
            && let Ok(naive) = NaiveDateTime::parse_from_str(rest, "%Y-%m-%dT%H:%M:%S%.f")
        {
            return Ok(Self(Utc.from_utc_datetime(&naive)));
        }
        // No zone at all: the API means UTC.
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(trimmed, format) {
                return Ok(Self(Utc.from_utc_datetime(&naive)));
            }
        }
        // Offsets without a colon (`+0000`) and a space instead of the `T`.
        for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
            if let Ok(at) = DateTime::parse_from_str(trimmed, format) {
                return Ok(Self(at.with_timezone(&Utc)));
            }
        }
        if let Some(midnight) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
        {
            return Ok(Self(Utc.from_utc_datetime(&midnight)));
        }
        Err(TimestampError {
            text: text.chars().take(64).collect(),
        })
    }
}

impl fmt::Display for Timestamp {
    /// The wire form: whole seconds, UTC, `Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // quirk Q07: whole seconds only; fractions are rejected by filters.
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> String {
        text.parse::<Timestamp>()
            .map(|t| t.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn reads_every_form_the_api_uses_and_writes_whole_seconds() {
        let cases = [
            ("2018-05-04T12:00:03Z", "2018-05-04T12:00:03Z"),
            ("2018-05-04T12:00:03.123Z", "2018-05-04T12:00:03Z"),
            ("2018-05-04T12:00:03.999999999Z", "2018-05-04T12:00:03Z"),
            ("2018-05-04T14:00:03+02:00", "2018-05-04T12:00:03Z"),
            ("2018-05-04T14:00:03+0200", "2018-05-04T12:00:03Z"),
            ("2017-12-12T12:12:13", "2017-12-12T12:12:13Z"),
            ("2017-12-12T12:12:13.5", "2017-12-12T12:12:13Z"),
            ("2017-12-12 12:12:13", "2017-12-12T12:12:13Z"),
            ("2017-12-12", "2017-12-12T00:00:00Z"),
            // Past year 9999 in UTC: written with a sign, and read back in that form.
            ("9999-12-31T23:59:59-01:00", "+10000-01-01T00:59:59Z"),
            ("+10000-01-01T00:59:59Z", "+10000-01-01T00:59:59Z"),
            ("0000-01-01T00:00:00+01:00", "-0001-12-31T23:00:00Z"),
            ("-0001-12-31T23:00:00Z", "-0001-12-31T23:00:00Z"),
            ("yesterday", "`yesterday` is not an ISO 8601 date-time"),
            ("", "`` is not an ISO 8601 date-time"),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn serde_round_trip_drops_fractions() {
        let t: Timestamp = serde_json::from_str("\"2020-01-02T03:04:05.678Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2020-01-02T03:04:05Z\""
        );
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }
}
