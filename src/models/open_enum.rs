//! The macro behind every server-sent enumeration of the crate.
//!
//! The API adds values over time (source types, thread types, webhook events), and a closed
//! enum would turn each addition into a decode failure of the whole response. These enums keep
//! a value they do not know in `Unknown(String)`, verbatim, and write it back unchanged.

/// Declares an open enum: the documented variants, an `Unknown(String)` catch-all, the string
/// conversions, serde and `JsonSchema`. The invocations are generated from the spec (see
/// `openapi/codegen.rs`), one per enum schema.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open: a value this version of the crate does not know decodes to
        /// [`Unknown`](Self::Unknown) instead of failing, so match with a wildcard arm.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value that Help Scout sent and this version of the crate does not know, kept
            /// verbatim. Avoid sending it: the API may not accept it in requests.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every documented wire value, in the order of the spec.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a value the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl $name {
            /// The documented variant for `value`: an exact match first, then one that differs
            /// only in ASCII case (the API writes `Male` where its docs say `male`).
            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $( $value => return Some(Self::$variant), )*
                    _ => {}
                }
                // quirk Q23: enum values in other cases than documented.
                $( if value.eq_ignore_ascii_case($value) { return Some(Self::$variant); } )*
                None
            }
        }

        impl crate::models::spelled::sealed::Sealed for $name {}

        impl crate::models::OpenEnum for $name {
            fn wire_value(&self) -> &str {
                self.as_str()
            }

            fn from_wire(value: &str) -> Self {
                Self::from(value)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value))
            }
        }

        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                // Known values are listed as examples, not as an `enum`: the type accepts any string.
                ::schemars::json_schema!({
                    "type": "string",
                    "examples": Self::KNOWN,
                })
            }
        }
    };
}

pub(crate) use open_enum;
