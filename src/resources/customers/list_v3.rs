//! The v3 customer list: cursor pagination as a lazy stream.
//!
//! The v3 endpoint has no page numbers. Each response links the next slice under
//! `_links.next`, whose `href` carries an opaque `cursor`; the last slice has no such link.
//! The walk passes that cursor back unchanged with the original filters, and stops when the
//! link is missing, on an empty slice, or when a cursor comes back that was already followed
//! (a server-side loop would otherwise never end).

use std::collections::BTreeSet;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};

use crate::client::{Client, DEFAULT_BASE_URL};
use crate::error::Result;
use crate::models::{Customer, HalLinks, Timestamp};

/// One slice of a cursor-paged list.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CursorPage<T> {
    /// The items of this slice, in the order the API returned them.
    pub items: Vec<T>,
    /// The cursor of the next slice, read from `_links.next`; `None` on the last slice.
    pub next_cursor: Option<String>,
    /// The HAL links of the slice, as sent.
    pub links: HalLinks,
}

impl<T> IntoIterator for CursorPage<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The filters of a v3 customer list, as the API names them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Query {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    created_since: Option<Timestamp>,
    modified_since: Option<Timestamp>,
    query: Option<String>,
}

/// Lists customers with cursor pagination; see
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
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListCustomersV3<'a> {
    client: &'a Client,
    query: Query,
    cursor: Option<String>,
}

impl<'a> ListCustomersV3<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self {
            client,
            query: Query::default(),
            cursor: None,
        }
    }

    /// Only customers with this first name.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.query.first_name = Some(first_name.into());
        self
    }

    /// Only customers with this last name.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.query.last_name = Some(last_name.into());
        self
    }

    /// Only customers with this email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.query.email = Some(email.into());
        self
    }

    /// Only customers created after this time.
    pub fn created_since(mut self, since: impl Into<Timestamp>) -> Self {
        self.query.created_since = Some(since.into());
        self
    }

    /// Only customers modified after this time.
    pub fn modified_since(mut self, since: impl Into<Timestamp>) -> Self {
        self.query.modified_since = Some(since.into());
        self
    }

    /// A search in Help Scout's query syntax, as for
    /// [`ListCustomers::query`](super::ListCustomers::query).
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query.query = Some(query.into());
        self
    }

    /// Starts at this cursor (a [`CursorPage::next_cursor`] kept from an earlier walk)
    /// instead of the newest customer.
    pub fn cursor(mut self, cursor: impl Into<String>) -> Self {
        self.cursor = Some(cursor.into());
        self
    }

    /// Fetches one slice: the first, or the one at [`cursor`](Self::cursor).
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) of a request: validation of the filters, authentication,
    /// rate limits (after the configured retries), transport.
    pub async fn send(self) -> Result<CursorPage<Customer>> {
        fetch_slice(self.client, &self.query, self.cursor.as_deref()).await
    }

    /// Every slice, lazily, one request per slice as the stream is polled, following the
    /// cursor of `_links.next`. Ends on the last slice (no next cursor), on an empty slice, or
    /// when the API hands out a cursor the walk has already followed; after an error it yields
    /// the error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<CursorPage<Customer>>> + Send + Unpin + 'a {
        let mut seen = BTreeSet::new();
        if let Some(cursor) = &self.cursor {
            seen.insert(cursor.clone());
        }
        let walk = Walk {
            client: self.client,
            query: self.query,
            next: Some(self.cursor),
            seen,
        };
        stream::unfold(walk, |mut walk| async move {
            let cursor = walk.next.take()?;
            let result = fetch_slice(walk.client, &walk.query, cursor.as_deref()).await;
            if let Ok(page) = &result {
                walk.next = next_request(page, &mut walk.seen);
            }
            Some((result, walk))
        })
        .boxed()
    }

    /// Every customer of every slice, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<Customer>> + Send + Unpin + 'a {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// What the walk knows between two requests. `next` is `None` once the walk is over, and
/// `Some(None)` before the first request of a walk without a starting cursor.
struct Walk<'a> {
    client: &'a Client,
    query: Query,
    next: Option<Option<String>>,
    seen: BTreeSet<String>,
}

/// The request after `page`: its next cursor, unless the slice was empty or the cursor was
/// already followed (which is recorded here).
fn next_request(
    page: &CursorPage<Customer>,
    seen: &mut BTreeSet<String>,
) -> Option<Option<String>> {
    let cursor = page.next_cursor.as_ref()?;
    // quirk Q32: stop on an empty slice or a cursor already followed.
    if page.items.is_empty() || !seen.insert(cursor.clone()) {
        return None;
    }
    Some(Some(cursor.clone()))
}

async fn fetch_slice(
    client: &Client,
    query: &Query,
    cursor: Option<&str>,
) -> Result<CursorPage<Customer>> {
    let call = client.raw().list_customers_v3(
        query.created_since.as_ref(),
        cursor,
        query.email.as_deref(),
        query.first_name.as_deref(),
        query.last_name.as_deref(),
        query.modified_since.as_ref(),
        query.query.as_deref(),
    );
    let response = client.run("listCustomersV3", call).await?.into_inner();
    let items = response.embedded.map(|e| e.customers).unwrap_or_default();
    let links = response
        .links
        .unwrap_or_else(|| HalLinks(Default::default()));
    Ok(CursorPage {
        items,
        next_cursor: next_cursor(&links),
        links,
    })
}

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
