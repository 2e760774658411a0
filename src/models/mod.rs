//! The models of the Mailbox API: what requests send and responses return.
//!
//! Most types are generated from the crate's OpenAPI spec (`openapi/`), one per schema, and
//! derive `Serialize`, `Deserialize`, `Debug`, `Clone`, `PartialEq` and, with the `schemars`
//! feature (on by default), `schemars::JsonSchema`, so `schemars::schema_for!(Conversation)`
//! gives a JSON Schema for any of them. They ignore fields they do not know. A response field is an `Option`
//! unless every real payload carries it: a resource's own `id`, a conversation's
//! `primaryCustomer` and a tag's name are plain values; the API omits the rest more often
//! than its docs say.
//!
//! Ids are the typed ids of [`crate::ids`] (`Conversation::id` is a
//! [`ConversationId`](crate::ids::ConversationId)), so an id read from one response passes
//! straight into the next call. Accessors cover the values users otherwise dig for:
//! [`Conversation::primary_customer_id`], [`Conversation::tag_names`],
//! [`Conversation::embedded_threads`], [`ConversationPerson::customer_id`], ...
//!
//! Three kinds of types are hand-written and replace spec schemas in the generated code: the
//! ids, [`Timestamp`], and the open enums (one per enum schema, built by one macro), which
//! keep an unknown value in `Unknown(String)` instead of failing to decode. An enum field of
//! a model is a [`Spelled`] enum: it matches a value sent in another case (`"Male"`) to the
//! documented variant (`Male`) and writes it back as it came.

mod accessors;
mod open_enum;
mod people;
pub(crate) mod spelled;
mod timestamp;

pub(crate) use open_enum::open_enum;
pub use spelled::{OpenEnum, Spelled};
pub use timestamp::{Timestamp, TimestampError};

pub use crate::raw::open_enums::*;
pub use crate::raw::types::*;

impl ConversationThreads {
    /// How many threads the conversation has: the count a GET sends, or the length of the
    /// list a webhook sends. A negative count reads as zero.
    pub fn count(&self) -> u64 {
        match self {
            Self::Int64(count) => u64::try_from(*count).unwrap_or(0),
            Self::Array(threads) => threads.len() as u64,
        }
    }
}

/// Deserialises a defaulted field (a list or a map) so that an explicit `null` reads as empty.
/// The generated models use it on every such field (see `openapi/codegen.rs`).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + serde::Deserialize<'de>,
{
    let value = <Option<T> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}

/// Decodes `body` into `T` and encodes it again, naming the JSON path of a decode failure: the
/// fixture tests compare the result with the fixture to find fields the models drop.
#[cfg(test)]
pub(crate) fn decode_for_test<T>(body: &[u8]) -> Result<serde_json::Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let model: T = serde_path_to_error::deserialize(deserializer)
        .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
    serde_json::to_value(&model).map_err(|e| e.to_string())
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod name_tests;
