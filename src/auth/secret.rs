//! [`Secret`]: a string that keeps out of logs.

use std::fmt;

/// What `Debug` and `Display` print instead of a secret.
const REDACTED: &str = "[redacted]";

/// A credential string (app secret, authorization code, access or refresh token) that prints
/// as `[redacted]`.
///
/// Credentials end up inside structs that get logged with `{:?}` (the client, its builder,
/// an error chain); wrapping them here means no such log can leak one. The memory is not
/// zeroed on drop: the aim is to keep secrets out of text output, not out of a core dump.
///
/// ```
/// use helpscout_mailbox::auth::Secret;
///
/// let secret = Secret::new("s3cr3t");
/// assert_eq!(format!("{secret:?} {secret}"), "[redacted] [redacted]");
/// assert_eq!(secret.expose(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential string.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    ///
    /// This is the only way to read it, so every leak is a visible call. Use it to persist a
    /// rotated refresh token (see [`TokenSet`](super::TokenSet)) and nowhere near a log line.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Written as the plain string: a secret in a request body (a webhook's signing secret) has to
/// reach the API. Only text meant for people is redacted.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "writeOnly": true })
    }
}

/// Replaces every occurrence of a known secret in `text` with `[redacted]`.
///
/// Error messages quote what servers said; should one ever echo a credential back, the
/// message must still be safe to log. See [`scrub_bytes`] for the spellings caught.
pub(crate) fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let scrubbed = scrub_bytes(text.as_bytes().to_vec(), secrets);
    // Replacing valid UTF-8 with ASCII keeps it valid; the fallback is never taken.
    String::from_utf8(scrubbed)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Replaces every occurrence of a known secret in `body` with `[redacted]`, in each spelling
/// a server might echo it in: as sent in a header or JSON, form-encoded (as the token request
/// carries it), and JSON-escaped.
pub(crate) fn scrub_bytes(mut body: Vec<u8>, secrets: &[&Secret]) -> Vec<u8> {
    for secret in secrets {
        // An empty secret would match everywhere; nothing can leak from it anyway.
        if secret.0.is_empty() {
            continue;
        }
        let form_encoded: String = form_urlencoded::byte_serialize(secret.0.as_bytes()).collect();
        let json_escaped = serde_json::to_string(&secret.0).unwrap_or_default();
        let json_escaped = json_escaped
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(&secret.0);
        for spelling in [secret.0.as_str(), form_encoded.as_str(), json_escaped] {
            body = replace_all(body, spelling.as_bytes(), REDACTED.as_bytes());
        }
    }
    body
}

/// `haystack` with every non-overlapping `needle` replaced by `with`; unchanged (and not
/// copied) when the needle does not occur.
fn replace_all(haystack: Vec<u8>, needle: &[u8], with: &[u8]) -> Vec<u8> {
    let found = |from: usize| {
        haystack
            .get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map(|at| at + from)
    };
    let Some(mut at) = found(0) else {
        return haystack;
    };
    let mut out = Vec::with_capacity(haystack.len());
    let mut copied = 0;
    loop {
        out.extend_from_slice(&haystack[copied..at]);
        out.extend_from_slice(with);
        copied = at + needle.len();
        match found(copied) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.extend_from_slice(&haystack[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some([redacted])");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn conversions_keep_the_value() {
        assert_eq!(Secret::from("a").expose(), "a");
        assert_eq!(Secret::from(String::from("b")).expose(), "b");
        assert_eq!(Secret::new("c"), Secret::from("c"));
    }

    #[test]
    fn scrub_replaces_every_known_secret() {
        let a = Secret::new("abc123");
        let b = Secret::new("xyz");
        let empty = Secret::new("");
        assert_eq!(
            scrub("bad abc123 and xyz, abc123 again", &[&a, &b, &empty]),
            "bad [redacted] and [redacted], [redacted] again"
        );
        assert_eq!(scrub("nothing here", &[&a, &empty]), "nothing here");
    }

    #[test]
    fn scrub_catches_form_encoded_and_json_escaped_echoes() {
        let secret = Secret::new(r#"s+e/c=r"e\t"#);
        let echoed = [
            r#"raw s+e/c=r"e\t."#,
            "form s%2Be%2Fc%3Dr%22e%5Ct.",
            r#"json s+e/c=r\"e\\t."#,
        ];
        for text in echoed {
            let scrubbed = scrub(text, &[&secret]);
            assert!(scrubbed.contains("[redacted]"), "{text} -> {scrubbed}");
            assert!(!scrubbed.contains("s+e/c"), "{scrubbed}");
            assert!(!scrubbed.contains("s%2Be"), "{scrubbed}");
        }
        // Bytes that are not UTF-8 are scrubbed too, and left as they are otherwise.
        let body = [b"\xff\xfe token ".as_slice(), b"abc", b" \xff"].concat();
        let scrubbed = scrub_bytes(body, &[&Secret::new("abc")]);
        assert_eq!(
            scrubbed,
            [b"\xff\xfe token ".as_slice(), b"[redacted]", b" \xff"].concat()
        );
        assert_eq!(replace_all(b"aaaa".to_vec(), b"aa", b"b"), b"bb");
    }
}
