//! An enum value as it was received: the variant to match on, and the spelling to write back.
//!
//! The API sends some enum values in other cases than its docs (`"Male"` for `male`, quirk
//! Q23). The open enums match those to the documented variant, which is what a caller wants
//! to `match` on; but a model that is read, changed and written back should send the value
//! as it came. Every enum field of a model is therefore a [`Spelled`]: it dereferences to
//! the enum and serializes the spelling it was decoded from.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// The open enums of [`crate::models`], which [`Spelled`] wraps. Sealed: implemented by the
/// generated enums only.
pub trait OpenEnum: Sized + sealed::Sealed {
    /// The documented wire value of a known variant, or the value kept in `Unknown`.
    fn wire_value(&self) -> &str;

    /// The variant for a received value (known values match in any ASCII case).
    fn from_wire(value: &str) -> Self;
}

pub(crate) mod sealed {
    /// Keeps [`super::OpenEnum`] implemented by the crate's own enums only.
    pub trait Sealed {}
}

/// An enum value with the spelling it was received in.
///
/// Read it as the enum (it dereferences to `E`, and compares equal to an `E`); write it back
/// and it sends the spelling it was decoded from, so a round trip through the crate changes
/// nothing on the wire. A value built by the caller ([`From<E>`](#impl-From<E>-for-Spelled<E>))
/// sends the documented spelling.
///
/// ```
/// use helpscout_mailbox::models::{CustomerGender, Spelled};
///
/// let gender: Spelled<CustomerGender> = serde_json::from_str(r#""Male""#).unwrap();
/// assert_eq!(gender, CustomerGender::Male);
/// assert!(matches!(*gender, CustomerGender::Male));
/// assert_eq!(serde_json::to_string(&gender).unwrap(), r#""Male""#);
///
/// let chosen = Spelled::from(CustomerGender::Male);
/// assert_eq!(serde_json::to_string(&chosen).unwrap(), r#""male""#);
/// // Equal: both are the variant `Male`, whatever their spelling.
/// assert_eq!(gender, chosen);
/// ```
#[derive(Clone)]
pub struct Spelled<E> {
    value: E,
    /// The spelling received, kept only when it differs from `value`'s own, so that the
    /// common case costs no allocation.
    received: Option<Box<str>>,
}

impl<E> Spelled<E> {
    /// The enum value.
    pub fn value(&self) -> &E {
        &self.value
    }

    /// The enum value, dropping the spelling.
    pub fn into_value(self) -> E {
        self.value
    }
}

impl<E: OpenEnum> Spelled<E> {
    /// Reads a received value, keeping its spelling.
    pub fn received(spelling: &str) -> Self {
        let value = E::from_wire(spelling);
        let received = (value.wire_value() != spelling).then(|| spelling.into());
        Self { value, received }
    }

    /// The spelling this value is written with: as received, or the documented one.
    pub fn as_str(&self) -> &str {
        self.received
            .as_deref()
            .unwrap_or_else(|| self.value.wire_value())
    }
}

impl<E> From<E> for Spelled<E> {
    fn from(value: E) -> Self {
        Self {
            value,
            received: None,
        }
    }
}

/// A value as received, like [`Spelled::received`] (the enums convert from strings alike).
impl<E: OpenEnum> From<&str> for Spelled<E> {
    fn from(spelling: &str) -> Self {
        Self::received(spelling)
    }
}

/// A value as received, like [`Spelled::received`].
impl<E: OpenEnum> From<String> for Spelled<E> {
    fn from(spelling: String) -> Self {
        Self::received(&spelling)
    }
}

impl<E> Deref for Spelled<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.value
    }
}

impl<E> AsRef<E> for Spelled<E> {
    fn as_ref(&self) -> &E {
        &self.value
    }
}

// Comparisons look at the value only: `"Male"` and `"male"` are the same gender.
impl<E: PartialEq> PartialEq for Spelled<E> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<E: Eq> Eq for Spelled<E> {}

impl<E: PartialEq> PartialEq<E> for Spelled<E> {
    fn eq(&self, other: &E) -> bool {
        self.value == *other
    }
}

impl<E: Hash> Hash for Spelled<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<E: PartialOrd> PartialOrd for Spelled<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<E: Ord> Ord for Spelled<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<E: fmt::Debug> fmt::Debug for Spelled<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)?;
        match &self.received {
            Some(spelling) => write!(f, " (received as {spelling:?})"),
            None => Ok(()),
        }
    }
}

impl<E: OpenEnum> fmt::Display for Spelled<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<E: OpenEnum> std::str::FromStr for Spelled<E> {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::received(value))
    }
}

impl<E: OpenEnum> serde::Serialize for Spelled<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, E: OpenEnum> serde::Deserialize<'de> for Spelled<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spelling = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::received(&spelling))
    }
}

#[cfg(feature = "schemars")]
impl<E: schemars::JsonSchema> schemars::JsonSchema for Spelled<E> {
    fn inline_schema() -> bool {
        E::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        E::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        E::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        E::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{ConversationStatus, CustomerGender};

    #[test]
    fn a_case_variant_matches_the_known_variant_and_keeps_its_spelling() {
        let gender: Spelled<CustomerGender> = serde_json::from_str(r#""FEMALE""#).unwrap();
        assert_eq!(*gender, CustomerGender::Female);
        assert_eq!(gender.as_str(), "FEMALE");
        assert_eq!(gender.to_string(), "FEMALE");
        assert_eq!(format!("{gender:?}"), r#"Female (received as "FEMALE")"#);
    }

    #[test]
    fn the_documented_spelling_costs_nothing_extra_and_reads_plainly() {
        let status: Spelled<ConversationStatus> = serde_json::from_str(r#""closed""#).unwrap();
        assert!(status.received.is_none());
        assert_eq!(format!("{status:?}"), "Closed");
    }

    #[test]
    fn an_unknown_value_is_kept_once_and_written_back() {
        let status: Spelled<ConversationStatus> = "archived".parse().unwrap();
        assert_eq!(*status, ConversationStatus::Unknown("archived".to_owned()));
        assert!(
            status.received.is_none(),
            "the enum already holds the spelling"
        );
        assert_eq!(serde_json::to_string(&status).unwrap(), r#""archived""#);
    }

    #[test]
    fn a_value_that_is_not_a_string_is_a_decode_error_not_a_panic() {
        assert!(serde_json::from_str::<Spelled<CustomerGender>>("7").is_err());
        assert!(serde_json::from_str::<Spelled<CustomerGender>>("null").is_err());
    }

    #[test]
    fn an_escaped_spelling_is_read_and_written_back() {
        let gender: Spelled<CustomerGender> = serde_json::from_str(r#""M\u0061le""#).unwrap();
        assert_eq!(*gender, CustomerGender::Male);
        assert_eq!(serde_json::to_string(&gender).unwrap(), r#""Male""#);
    }
}
