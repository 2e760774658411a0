//! A client for the [Help Scout Mailbox API v2](https://developer.helpscout.com/mailbox-api/).
//!
//! The crate is built in three layers:
//!
//! 1. **The spec** (`openapi/`): an OpenAPI 3.0.3 description of every Mailbox API operation,
//!    written for this crate because Help Scout publishes none.
//! 2. **The raw client**, generated from the spec by progenitor in `build.rs` and kept private.
//! 3. **The facade**, hand-written on top: authentication, retries, rate limits, pagination
//!    and the API's documented quirks.
//!
//! The models of every resource are in [`models`]; they tolerate fields and enum values that
//! the API adds after this crate was released.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod auth;
mod call;
mod client;
pub mod error;
pub mod ids;
pub mod models;
pub mod page;
pub mod rate_limit;
mod raw;
pub mod resources;
pub mod retry;
#[cfg(feature = "testing")]
pub mod testing;

pub use call::Action;
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, USER_AGENT,
};
pub use error::{Error, Result};
pub use page::Page;
