//! Guides: prose that belongs to no single operation. Nothing here is code to call.

pub mod v1;
