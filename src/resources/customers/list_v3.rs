//! The v3 customer list: paged by an opaque cursor instead of page numbers.
//!
//! Each response links the next slice under `_links.next`, whose `href` carries the
//! `cursor`; the last slice has no such link. The one walk of [`List`] passes that cursor back
//! unchanged with the original filters, and stops when the link is missing, on an empty
//! slice, or when a cursor comes back that was already followed (a server-side loop would
//! otherwise never end).

use crate::client::{Client, DEFAULT_BASE_URL};
use crate::error::{Error, Result};
use crate::list::{CursorListing, List, Listing, PageAt};
use crate::models::{Customer, HalLinks, Timestamp};
use crate::page::Page;
use crate::raw::operation;
use crate::request::Sealed;

/// The filters of a v3 customer list, as the API names them; see
/// [`Customers::list_v3`](super::Customers::list_v3).
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use futures_util::TryStreamExt;
///
/// let mut customers = client.customers().list_v3().email("ann@example.com").stream();
/// while let Some(customer) = customers.try_next().await? {
///     println!("{:?}", customer.id);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListCustomersV3 {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    created_since: Option<Timestamp>,
    modified_since: Option<Timestamp>,
    query: Option<String>,
}

impl List<'_, ListCustomersV3> {
    /// Only customers with this first name.
    pub fn first_name(self, first_name: impl Into<String>) -> Self {
        self.with(|q| q.first_name = Some(first_name.into()))
    }

    /// Only customers with this last name.
    pub fn last_name(self, last_name: impl Into<String>) -> Self {
        self.with(|q| q.last_name = Some(last_name.into()))
    }

    /// Only customers with this email address.
    pub fn email(self, email: impl Into<String>) -> Self {
        self.with(|q| q.email = Some(email.into()))
    }

    /// Only customers created after this time.
    pub fn created_since(self, since: impl Into<Timestamp>) -> Self {
        self.with(|q| q.created_since = Some(since.into()))
    }

    /// Only customers modified after this time.
    pub fn modified_since(self, since: impl Into<Timestamp>) -> Self {
        self.with(|q| q.modified_since = Some(since.into()))
    }

    /// A search in Help Scout's query syntax, as for the v2 list's `query`.
    pub fn query(self, query: impl Into<String>) -> Self {
        self.with(|q| q.query = Some(query.into()))
    }
}

impl Listing for ListCustomersV3 {
    type Item = Customer;
    const FIRST: PageAt = PageAt::Cursor(None);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Customer>> {
        let PageAt::Cursor(cursor) = at else {
            return Err(Error::InvalidRequest(
                "the v3 customer list pages by cursor, not by number".into(),
            ));
        };
        let call = client.raw().list_customers_v3(
            self.created_since.as_ref(),
            cursor.as_deref(),
            self.email.as_deref(),
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.modified_since.as_ref(),
            self.query.as_deref(),
        );
        let response = client.run(operation::LIST_CUSTOMERS_V3, call).await?;
        let response = response.into_inner();
        let items = response.embedded.map(|e| e.customers).unwrap_or_default();
        let links = response
            .links
            .unwrap_or_else(|| HalLinks(Default::default()));
        Ok(Page::from_cursor(items, next_cursor(&links), links))
    }
}

impl CursorListing for ListCustomersV3 {}

/// The `cursor` query value of the `next` link. The `href` may be absolute or relative, so it
/// is resolved against the default base URL just to parse its query; a templated link or one
/// without a cursor means there is nothing to follow.
fn next_cursor(links: &HalLinks) -> Option<String> {
    let next = links.0.get("next")?;
    if next.templated == Some(true) {
        return None;
    }
    let href = next.href.as_deref()?;
    let url = url::Url::parse(DEFAULT_BASE_URL).ok()?.join(href).ok()?;
    url.query_pairs()
        .find(|(name, _)| name == "cursor")
        .map(|(_, value)| value.into_owned())
        .filter(|cursor| !cursor.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::HalLink;

    fn links(next: Option<&str>, templated: Option<bool>) -> HalLinks {
        let mut links = HalLinks(Default::default());
        if let Some(href) = next {
            links.0.insert(
                "next".into(),
                HalLink {
                    href: Some(href.into()),
                    templated,
                },
            );
        }
        links
    }

    #[test]
    fn the_next_cursor_is_read_from_the_next_link() {
        let cases = [
            (
                links(
                    Some("https://api.helpscout.net/v3/customers?cursor=abc%3D%3D&email=a%40b.c"),
                    None,
                ),
                Some("abc=="),
            ),
            (links(Some("/v3/customers?cursor=xyz"), None), Some("xyz")),
            (links(Some("/v3/customers?email=a"), None), None),
            (links(Some("/v3/customers?cursor="), None), None),
            (links(Some("/v3/customers{?cursor}"), Some(true)), None),
            (links(None, None), None),
        ];
        for (links, expected) in cases {
            assert_eq!(next_cursor(&links).as_deref(), expected, "{links:?}");
        }
    }
}
