//! Guides: prose that belongs to no single operation. Nothing here is code to call.

pub mod errors;
pub mod pages;
pub mod v1;
