//! The wire shape of every operation: method, path, sorted query, content type,
//! `Authorization` (redacted) and body, recorded in process by the `testing` transport (no
//! network) and kept as insta snapshots in `tests/snapshots/`, one module per resource group,
//! plus the behaviour the facade adds on top of single requests.
//!
//! One test binary for all of them (one link instead of three); `cargo test --test requests
//! account` still selects one group.

#![cfg(feature = "testing")]

mod account;
mod conversations;
mod customers;
mod support;
