//! The generated client: progenitor's output for `openapi/mailbox-v2.json`, built by build.rs.
//!
//! Private to the crate: its methods take raw strings and integers and return progenitor's
//! types. The facade wraps it; the models are re-exported from [`crate::models`].

// Generated code: its docs come from the spec and dead-code analysis means nothing for it.
#![allow(missing_docs, dead_code, unreachable_pub, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/raw.rs"));
