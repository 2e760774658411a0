//! Typed ids: one type per kind of resource, so that a mailbox id cannot be passed where a
//! conversation id is expected.
//!
//! Every id wraps an `i64`, because the API documents ids as `int64` and the generated layer
//! carries them as `i64`: converting between the two never fails and never loses bits. The
//! types have no `Deref` (they are not smart pointers); [`get`](ConversationId::get) or
//! `i64::from` gives the number.
//!
//! ```
//! use helpscout_mailbox::ids::{ConversationId, MailboxId};
//!
//! let id: ConversationId = "123456789012".parse()?;
//! assert_eq!(id.get(), 123_456_789_012);
//! assert_eq!(id.to_string(), "123456789012");
//! let mailbox = MailboxId::new(42);
//! assert_eq!(i64::from(mailbox), 42);
//! # Ok::<(), helpscout_mailbox::ids::ParseIdError>(())
//! ```

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Text that is not a Help Scout id: ids are decimal integers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseIdError {
    kind: &'static str,
    text: String,
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a {}: expected an integer",
            self.text, self.kind
        )
    }
}

impl std::error::Error for ParseIdError {}

/// The `FromStr` of every id. Strict (no whitespace, no fraction), because the text usually
/// comes from a user or a URL, where a typo should be reported rather than guessed at.
// quirk Q27: ids exceed 32 bits; i64 throughout.
fn parse_id(text: &str, kind: &'static str) -> Result<i64, ParseIdError> {
    text.parse::<i64>().map_err(|_| ParseIdError {
        kind,
        text: text.to_owned(),
    })
}

/// Decodes an id from a JSON number or a numeric string: Help Scout sends numbers, but some
/// payloads (webhook bodies, ids embedded in links and older fixtures) carry them as text.
fn deserialize_id<'de, D: Deserializer<'de>>(
    deserializer: D,
    kind: &'static str,
) -> Result<i64, D::Error> {
    struct IdVisitor(&'static str);

    impl Visitor<'_> for IdVisitor {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} as an integer or a numeric string", self.0)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value)
                .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<i64, E> {
            parse_id(value, self.0).map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
        }
    }

    deserializer.deserialize_any(IdVisitor(kind))
}

/// Declares id newtypes over `i64`, with conversions, `Display`/`FromStr`, serde (an integer
/// on the way out; an integer or a numeric string on the way in) and `JsonSchema`.
macro_rules! ids {
    ($( $(#[$meta:meta])* $name:ident; )+) => {$(
        $(#[$meta])*
        ///
        /// Written as a JSON integer; read from an integer or a numeric string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i64);

        impl $name {
            /// Wraps a raw id, such as one read from a URL, a webhook or a database.
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The raw id, as the API and the generated layer carry it.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl ::std::convert::From<$name> for i64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ParseIdError;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                parse_id(text, stringify!($name)).map(Self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                deserialize_id(deserializer, stringify!($name)).map(Self)
            }
        }

        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for $name {
            // Inlined like the `i64` it replaces, so swapping a model field to an id type does
            // not change the schema's shape.
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "integer",
                    "format": "int64",
                })
            }
        }
    )+};
}

ids! {
    /// A conversation, as in `/v2/conversations/{id}`. Not the conversation `number` shown in
    /// the Help Scout app, which is a different, per-account counter.
    ConversationId;
    /// A thread of a conversation: a customer message, a reply, a note or a status change.
    ThreadId;
    /// A file attached to a thread.
    AttachmentId;
    /// A customer: someone who writes in, as opposed to a [`UserId`].
    CustomerId;
    /// A mailbox, the shared inbox that conversations belong to.
    MailboxId;
    /// A folder of a mailbox (Unassigned, Mine, a custom folder, ...).
    FolderId;
    /// A user of the Help Scout account: an agent who answers, as opposed to a [`CustomerId`].
    UserId;
    /// A team of users; the API lists teams apart from users, with their own ids.
    TeamId;
    /// A tag.
    TagId;
    /// A workflow (manual or automatic) of a mailbox.
    WorkflowId;
    /// A webhook subscription.
    WebhookId;
    /// A customer's satisfaction rating of a reply.
    RatingId;
    /// An organization: the company that customers belong to.
    OrganizationId;
    /// A saved reply of a mailbox.
    SavedReplyId;
    /// A custom field defined on a mailbox (the field, not a conversation's value for it).
    CustomFieldId;
    /// One entry of a customer's contact details: an email address, phone number, chat
    /// handle, social profile or website. Each kind has its own endpoints, but all share this
    /// id space, so one type serves them all.
    CustomerEntryId;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deserializes_from_number_or_numeric_string() {
        let rows = [
            (json!(42), 42),
            (json!("42"), 42),
            (json!(0), 0),
            (json!("-7"), -7),
            (json!(-7), -7),
            (json!("+9"), 9),
            // Beyond 32 bits, signed and unsigned.
            (json!(5_000_000_000_i64), 5_000_000_000),
            (json!("5000000000"), 5_000_000_000),
            (json!(i64::MAX), i64::MAX),
            (json!(i64::MAX.to_string()), i64::MAX),
            (json!(i64::MIN), i64::MIN),
        ];
        for (value, expected) in rows {
            let id: ConversationId = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(id.get(), expected, "{value}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_integer() {
        let rows = [
            json!("abc"),
            json!(""),
            json!(" 42"),
            json!("42 "),
            json!("4 2"),
            json!("42.0"),
            json!("0x2a"),
            json!("9223372036854775808"),
            json!(u64::MAX),
            json!(42.5),
            json!(42.0),
            json!(true),
            json!(null),
            json!([42]),
            json!({ "id": 42 }),
        ];
        for value in rows {
            let result: Result<MailboxId, _> = serde_json::from_value(value.clone());
            assert!(result.is_err(), "{value} decoded to {result:?}");
        }
        let error = serde_json::from_str::<MailboxId>(r#""abc""#).unwrap_err();
        assert!(error.to_string().contains("MailboxId"), "{error}");
    }

    #[test]
    fn serializes_as_a_number() {
        assert_eq!(
            serde_json::to_value(CustomerId::new(5_000_000_000)).unwrap(),
            json!(5_000_000_000_i64)
        );
        assert_eq!(serde_json::to_string(&UserId::new(-1)).unwrap(), "-1");
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct Body {
            mailbox_id: MailboxId,
            tags: Vec<TagId>,
            assignee: Option<UserId>,
        }
        let body: Body = serde_json::from_value(json!({
            "mailbox_id": "12",
            "tags": [1, "2", 3],
            "assignee": null,
        }))
        .unwrap();
        assert_eq!(
            body,
            Body {
                mailbox_id: MailboxId::new(12),
                tags: vec![TagId::new(1), TagId::new(2), TagId::new(3)],
                assignee: None,
            }
        );
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({ "mailbox_id": 12, "tags": [1, 2, 3], "assignee": null })
        );
    }

    #[test]
    fn display_and_from_str_round_trip() {
        for raw in [
            0,
            1,
            42,
            -1,
            i64::from(u32::MAX) + 1,
            123_456_789_012,
            i64::MAX,
            i64::MIN,
        ] {
            let id = ThreadId::new(raw);
            let text = id.to_string();
            assert_eq!(text, raw.to_string());
            assert_eq!(text.parse::<ThreadId>(), Ok(id));
        }
        // Formatting flags reach the number.
        assert_eq!(format!("{:>6}", TagId::new(42)), "    42");
    }

    #[test]
    fn from_str_reports_the_text_and_the_kind() {
        for text in ["", "abc", " 1", "1.0", "12345678901234567890", "1e3"] {
            let error = text.parse::<WebhookId>().unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("`{text}` is not a WebhookId: expected an integer")
            );
        }
    }

    #[test]
    fn conversions() {
        let id = AttachmentId::from(7_i64);
        assert_eq!(id, AttachmentId::new(7));
        assert_eq!(i64::from(id), 7);
        assert_eq!(id.get(), 7);
        const CONST_ID: SavedReplyId = SavedReplyId::new(3);
        assert_eq!(CONST_ID.get(), 3);
        // Ordering follows the number, so ids sort as the API returns them.
        let mut ids = vec![RatingId::new(3), RatingId::new(-1), RatingId::new(2)];
        ids.sort();
        assert_eq!(ids, [RatingId::new(-1), RatingId::new(2), RatingId::new(3)]);
        assert_eq!(format!("{:?}", FolderId::new(9)), "FolderId(9)");
    }

    #[cfg(feature = "schemars")]
    #[test]
    fn every_id_is_declared() {
        // A slip in the macro's list would drop a type or misname it.
        let names = [
            ConversationId::schema_name(),
            ThreadId::schema_name(),
            AttachmentId::schema_name(),
            CustomerId::schema_name(),
            MailboxId::schema_name(),
            FolderId::schema_name(),
            UserId::schema_name(),
            TeamId::schema_name(),
            TagId::schema_name(),
            WorkflowId::schema_name(),
            WebhookId::schema_name(),
            RatingId::schema_name(),
            OrganizationId::schema_name(),
            SavedReplyId::schema_name(),
            CustomFieldId::schema_name(),
            CustomerEntryId::schema_name(),
        ];
        assert_eq!(
            names,
            [
                "ConversationId",
                "ThreadId",
                "AttachmentId",
                "CustomerId",
                "MailboxId",
                "FolderId",
                "UserId",
                "TeamId",
                "TagId",
                "WorkflowId",
                "WebhookId",
                "RatingId",
                "OrganizationId",
                "SavedReplyId",
                "CustomFieldId",
                "CustomerEntryId",
            ]
        );
        assert_eq!(
            ConversationId::schema_id(),
            "helpscout_mailbox::ids::ConversationId"
        );
    }

    #[cfg(feature = "schemars")]
    use schemars::JsonSchema;

    #[cfg(feature = "schemars")]
    #[test]
    fn json_schema_is_an_inline_int64() {
        assert_eq!(
            schemars::schema_for!(OrganizationId).as_value(),
            &json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": "OrganizationId",
                "type": "integer",
                "format": "int64",
            })
        );
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code)]
        struct Model {
            customer: CustomerId,
        }
        let schema = schemars::schema_for!(Model);
        assert_eq!(
            schema.as_value()["properties"]["customer"],
            json!({ "type": "integer", "format": "int64" })
        );
        assert!(schema.as_value().get("$defs").is_none());
    }

    #[test]
    fn ids_are_small_and_thread_safe() {
        fn assert_traits<T: Copy + Send + Sync + std::hash::Hash + Ord + 'static>() {}
        assert_traits::<CustomFieldId>();
        assert_eq!(std::mem::size_of::<CustomerEntryId>(), 8);
    }
}
