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
/// Error messages quote what the token endpoint said; should it ever echo a credential back,
/// the message must still be safe to log.
pub(crate) fn scrub(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // An empty secret would match everywhere; nothing can leak from it anyway.
        if !secret.0.is_empty() && out.contains(secret.0.as_str()) {
            out = out.replace(secret.0.as_str(), REDACTED);
        }
    }
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
}
