//! One handler per resource group: `client.conversations()`, `client.threads()`, ...
//!
//! Each handler method takes the required arguments and returns a request builder; optional
//! parameters are setters named after the API field, and `.send().await` sends it.

pub mod attachments;
pub mod conversations;
pub mod customers;
pub mod mailboxes;
pub mod organizations;
pub mod ratings;
pub mod reports;
pub mod tags;
pub mod teams;
pub mod threads;
pub mod users;
pub mod webhooks_admin;
pub mod workflows;

use reqwest::header::HeaderMap;

/// The id of a created resource: the `Resource-ID` header, else the last path segment of
/// `Location`. `None` when neither is there or parses; the create still succeeded, so this is
/// not an error (threads only carry `Resource-ID` since 2023-08-30, per the changelog). The
/// one reader of these headers is `crate::headers::created_id`, pinned by its tests.
pub(crate) fn created_id(headers: &HeaderMap) -> Option<i64> {
    crate::headers::created_id(headers) // quirk Q12
}
