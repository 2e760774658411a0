//! Signatures: computing them, checking them in constant time, and finding Help Scout's
//! headers in whatever form a framework hands them over.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac as _};
use sha1::{Digest as _, Sha1};

use super::{EVENT_HEADER, SIGNATURE_HEADER, WebhookError};
use crate::webhooks::error::SignatureProblem;

type HmacSha1 = Hmac<Sha1>;

/// SHA-1's block size, the size HMAC pads its key to.
const SHA1_BLOCK_BYTES: usize = 64;

/// The size of an HMAC-SHA1 digest, which is what a signature decodes to.
const DIGEST_BYTES: usize = 20;

/// One header of a request: a name and a raw value.
///
/// Implemented for every `(name, value)` pair whose name is text and whose value is bytes
/// or text, and for references to them, so the header functions of this module take
/// `&http::HeaderMap` (its iterator yields `(&HeaderName, &HeaderValue)`), a
/// `Vec<(String, String)>`, a `&HashMap<String, String>`, a slice or an array of
/// `(&str, &str)`, or a CGI-style environment. Implement it for another framework's header
/// type when none of these fits.
pub trait HeaderEntry {
    /// The header's name, in any case and with `-` or `_` as separators.
    fn name(&self) -> &str;
    /// The header's value as received.
    fn value(&self) -> &[u8];
}

impl<K: AsRef<str>, V: AsRef<[u8]>> HeaderEntry for (K, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }

    fn value(&self) -> &[u8] {
        self.1.as_ref()
    }
}

impl<T: HeaderEntry + ?Sized> HeaderEntry for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn value(&self) -> &[u8] {
        (**self).value()
    }
}

/// The Help Scout headers of one request, each the first occurrence found.
#[derive(Debug, Default)]
pub(crate) struct DeliveryHeaders {
    pub(crate) signature: Option<Vec<u8>>,
    pub(crate) event: Option<String>,
}

impl DeliveryHeaders {
    /// Reads both headers in one pass, so that `headers` may be a one-shot iterator.
    // quirk Q29: the signature header in any spelling, PHP's HTTP_ form too.
    pub(crate) fn scan<H>(headers: H) -> Self
    where
        H: IntoIterator,
        H::Item: HeaderEntry,
    {
        let mut found = Self::default();
        for header in headers {
            if found.signature.is_none() && names_header(header.name(), SIGNATURE_HEADER) {
                found.signature = Some(header.value().trim_ascii().to_vec());
            } else if found.event.is_none() && names_header(header.name(), EVENT_HEADER) {
                found.event =
                    Some(String::from_utf8_lossy(header.value().trim_ascii()).into_owned());
            }
            if found.signature.is_some() && found.event.is_some() {
                break;
            }
        }
        found
    }
}

/// Whether `name` is header `wanted` as some server spelled it: any ASCII case, `_` for `-`,
/// and an optional `HTTP_` prefix. PHP and CGI servers hand headers over as
/// `HTTP_X_HELPSCOUT_SIGNATURE`, some frameworks strip the prefix (`X_HELPSCOUT_SIGNATURE`),
/// and HTTP/2 lowercases everything; the official PHP SDK accepts all of these (its PR #273).
fn names_header(name: &str, wanted: &str) -> bool {
    let (name, wanted) = (name.as_bytes(), wanted.as_bytes());
    if same_header_name(name, wanted) {
        return true;
    }
    match name.split_at_checked(5) {
        Some((prefix, rest)) => {
            same_header_name(prefix, b"http-") && same_header_name(rest, wanted)
        }
        None => false,
    }
}

fn same_header_name(a: &[u8], b: &[u8]) -> bool {
    let fold = |byte: u8| match byte {
        b'_' => b'-',
        other => other.to_ascii_lowercase(),
    };
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y))
}

/// The HMAC-SHA1 state keyed with `secret`.
///
/// The key is prepared as HMAC itself does (RFC 2104 §2: a key longer than the block is
/// hashed, then zero-padded to the block), which makes it exactly one block long and lets
/// the infallible constructor take it; `new_from_slice` would return a `Result` that can
/// never be an error but would still have to be unwrapped.
fn keyed_mac(secret: &[u8]) -> HmacSha1 {
    let mut key = [0_u8; SHA1_BLOCK_BYTES];
    if secret.len() > SHA1_BLOCK_BYTES {
        key[..DIGEST_BYTES].copy_from_slice(&Sha1::digest(secret));
    } else {
        key[..secret.len()].copy_from_slice(secret);
    }
    <HmacSha1 as KeyInit>::new(&key.into())
}

/// The `X-HelpScout-Signature` Help Scout sends with `body` for a webhook whose secret is
/// `secret`: the base64 of the HMAC-SHA1 of the body's bytes, keyed with the secret.
///
/// Useful to test a receiver, or to deliver webhooks the way Help Scout does.
///
/// ```
/// use helpscout_mailbox::webhooks::sign;
///
/// // The example of Help Scout's official PHP SDK.
/// assert_eq!(sign("asdfasdf", br#"{"id":123}"#), "7S2+kN8bZsrdAEADJ+yYfWWsf/4=");
/// ```
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = keyed_mac(secret.as_bytes());
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks one `X-HelpScout-Signature` value against `body`, in constant time.
///
/// `body` must be the request body exactly as received: Help Scout signs its own
/// serialisation (with PHP-style `\/` escapes), so a body that was parsed and serialised
/// again does not verify. Surrounding whitespace in `signature` is ignored.
///
/// ```
/// use helpscout_mailbox::webhooks::{WebhookError, verify_signature};
///
/// let body = br#"{"id":123}"#;
/// verify_signature("asdfasdf", body, "7S2+kN8bZsrdAEADJ+yYfWWsf/4=")?;
/// assert!(matches!(
///     verify_signature("wrong secret", body, "7S2+kN8bZsrdAEADJ+yYfWWsf/4="),
///     Err(WebhookError::SignatureMismatch)
/// ));
/// # Ok::<(), WebhookError>(())
/// ```
///
/// # Errors
///
/// [`WebhookError::MissingSecret`] for an empty `secret`, [`WebhookError::MissingSignature`]
/// for an empty `signature`, [`WebhookError::MalformedSignature`] when it is not the base64
/// of 20 bytes, and [`WebhookError::SignatureMismatch`] when it does not match.
pub fn verify_signature(
    secret: &str,
    body: &[u8],
    signature: impl AsRef<[u8]>,
) -> Result<(), WebhookError> {
    check(secret, body, Some(signature.as_ref()))
}

/// Verifies a delivery: finds `X-HelpScout-Signature` among `headers` and checks it against
/// `body` with [`verify_signature`].
///
/// Header names are matched in any case, with `_` for `-` and an optional `HTTP_` prefix,
/// so `x-helpscout-signature` and PHP's `HTTP_X_HELPSCOUT_SIGNATURE` are found too; the first
/// match is used. `headers` is anything that iterates over [`HeaderEntry`] items, such as
/// `&http::HeaderMap`.
///
/// ```
/// use helpscout_mailbox::webhooks::{WebhookError, verify};
/// use http::{HeaderMap, HeaderValue};
///
/// let body = br#"{"id":123}"#;
/// let cgi_env = [("HTTP_X_HELPSCOUT_SIGNATURE", "7S2+kN8bZsrdAEADJ+yYfWWsf/4=")];
/// verify(cgi_env, body, "asdfasdf")?;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-helpscout-signature", HeaderValue::from_static("7S2+kN8bZsrdAEADJ+yYfWWsf/4="));
/// verify(&headers, body, "asdfasdf")?;
/// # Ok::<(), WebhookError>(())
/// ```
///
/// # Errors
///
/// As [`verify_signature`]; [`WebhookError::MissingSignature`] also when no header matches.
pub fn verify<H>(headers: H, body: &[u8], secret: &str) -> Result<(), WebhookError>
where
    H: IntoIterator,
    H::Item: HeaderEntry,
{
    let found = DeliveryHeaders::scan(headers);
    check(secret, body, found.signature.as_deref())
}

/// The one verification path: the secret first (a configuration error outranks anything
/// the request did), then the signature's presence, form and value.
pub(crate) fn check(
    secret: &str,
    body: &[u8],
    signature: Option<&[u8]>,
) -> Result<(), WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::MissingSecret);
    }
    let signature = signature
        .map(<[u8]>::trim_ascii)
        .filter(|signature| !signature.is_empty())
        .ok_or(WebhookError::MissingSignature)?;
    let digest = STANDARD
        .decode(signature)
        .map_err(|_| WebhookError::MalformedSignature {
            problem: SignatureProblem::NotBase64,
        })?;
    if digest.len() != DIGEST_BYTES {
        return Err(WebhookError::MalformedSignature {
            problem: SignatureProblem::WrongLength {
                bytes: digest.len(),
            },
        });
    }
    let mut mac = keyed_mac(secret.as_bytes());
    mac.update(body);
    // `verify_slice` compares in constant time; `==` on the encoded strings (as the PHP SDK
    // does) would tell an attacker how many leading bytes of a forgery were right.
    mac.verify_slice(&digest)
        .map_err(|_| WebhookError::SignatureMismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_match_every_server_spelling() {
        for name in [
            "X-HelpScout-Signature",
            "x-helpscout-signature",
            "X-HELPSCOUT-SIGNATURE",
            "HTTP_X_HELPSCOUT_SIGNATURE",
            "X_HELPSCOUT_SIGNATURE",
            "http_x_helpscout_signature",
            "Http-X-HelpScout-Signature",
        ] {
            assert!(names_header(name, SIGNATURE_HEADER), "{name}");
        }
        for name in [
            "X-HelpScout-Signatur",
            "X-HelpScout-Signature2",
            "HTTPX_HELPSCOUT_SIGNATURE",
            "HTTP__X_HELPSCOUT_SIGNATURE",
            "X-HelpScout-Event",
            "",
            "HTTP_",
            "Signature",
        ] {
            assert!(!names_header(name, SIGNATURE_HEADER), "{name}");
        }
    }

    #[test]
    fn the_first_occurrence_wins_and_values_are_trimmed() {
        let found = DeliveryHeaders::scan([
            ("X-Other", " x "),
            ("x-helpscout-signature", "  first \t"),
            ("HTTP_X_HELPSCOUT_SIGNATURE", "second"),
            ("x-helpscout-event", " convo.created "),
            ("X-HelpScout-Event", "tag.created"),
        ]);
        assert_eq!(found.signature.as_deref(), Some(&b"first"[..]));
        assert_eq!(found.event.as_deref(), Some("convo.created"));
    }

    #[test]
    fn the_key_preparation_matches_hmac_for_every_key_length() {
        // Keys around the block size take different branches of RFC 2104 §2.
        for len in [0, 1, 20, 63, 64, 65, 100, 200] {
            let secret = vec![b'k'; len];
            let mut ours = keyed_mac(&secret);
            let mut reference = match <HmacSha1 as KeyInit>::new_from_slice(&secret) {
                Ok(mac) => mac,
                Err(error) => panic!("HMAC takes keys of any length: {error}"),
            };
            ours.update(b"body");
            reference.update(b"body");
            assert_eq!(
                ours.finalize().into_bytes(),
                reference.finalize().into_bytes(),
                "{len}"
            );
        }
    }

    #[test]
    fn errors_never_show_the_secret_or_a_signature() {
        let secret = "super-secret-value";
        let body = b"{}";
        let good = sign(secret, body);
        let cases = [
            check("", body, Some(good.as_bytes())),
            check(secret, body, None),
            check(secret, body, Some(b"%%%")),
            check(secret, body, Some(b"AAAA")),
            check(secret, b"{ }", Some(good.as_bytes())),
            check("other", body, Some(good.as_bytes())),
        ];
        for result in cases {
            let Err(error) = result else {
                panic!("expected an error");
            };
            let text = format!("{error} {error:?}");
            assert!(!text.contains(secret), "{text}");
            assert!(!text.contains(&good), "{text}");
            assert!(!text.contains(&sign("other", body)), "{text}");
        }
    }
}
