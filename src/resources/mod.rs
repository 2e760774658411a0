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
/// not an error (threads only carry `Resource-ID` since 2023-08-30, per the changelog).
pub(crate) fn created_id(headers: &HeaderMap) -> Option<i64> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    // Ids are positive: a `Resource-ID` of 0 or -5 is as good as none.
    if let Some(id) = header("resource-id")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|id| *id > 0)
    {
        return Some(id);
    }
    crate::error::trailing_id(header("location")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header value"));
        }
        map
    }

    #[test]
    fn created_ids_come_from_resource_id_then_location() {
        type Case<'a> = (&'a [(&'static str, &'a str)], Option<i64>);
        let cases: [Case<'_>; 11] = [
            (&[("Resource-ID", "123")], Some(123)),
            (
                &[("resource-id", " 9007199254740993 ")],
                Some(9_007_199_254_740_993),
            ),
            (
                &[("Location", "https://api.helpscout.net/v2/conversations/77")],
                Some(77),
            ),
            (
                &[("Location", "https://api.helpscout.net/v2/webhooks/10/")],
                Some(10),
            ),
            (
                &[("Resource-ID", "abc"), ("Location", "/v2/users/5?x=1")],
                Some(5),
            ),
            (
                &[("Location", "https://api.helpscout.net/v2/conversations")],
                None,
            ),
            (&[], None),
            (&[("Resource-ID", "0")], None),
            (&[("Resource-ID", "-5")], None),
            (&[("Resource-ID", "-5"), ("Location", "/v2/users/0")], None),
            (
                &[("Resource-ID", "0"), ("Location", "/v2/users/8")],
                Some(8),
            ),
        ];
        for (pairs, expected) in cases {
            assert_eq!(created_id(&headers(pairs)), expected, "{pairs:?}");
        }
    }
}
