//! [`Page`]: one page of a list, whether the list pages by number or by cursor.
//!
//! Help Scout pages most lists by number (`?page=2`, 1-based) and reports `page.number`,
//! `page.size`, `page.totalElements` and `page.totalPages`. Sizes differ per list (25
//! conversations, 50 customers) and have changed over time, so nothing here assumes one: the
//! size is read from each response. Lists omitted `_embedded` on empty pages before 2019 and
//! some still may, so a page without it is simply empty. The v3 customer list pages by an
//! opaque cursor instead; its pages carry [`next_cursor`](Page::next_cursor) and no numbers.

use crate::error::Result;
use crate::models::{HalLinks, PageMetadata};

/// One page of a list: its items and where it stands among the others.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page, in the order the API returned them.
    pub items: Vec<T>,
    /// This page's 1-based number (`0` when the list is empty or pages by cursor).
    pub number: u64,
    /// How many items the API puts on a page of this list (`0` when it does not say).
    pub size: u64,
    /// How many items the whole list holds (`0` when it does not say).
    pub total_elements: u64,
    /// How many pages the whole list has (`0` when it does not say).
    pub total_pages: u64,
    /// The cursor of the next page of a cursor-paged list, read from `_links.next`; `None`
    /// on the last page and for lists paged by number. Keep it to resume a walk later with
    /// [`List::cursor`](crate::list::List::cursor).
    pub next_cursor: Option<String>,
    /// The HAL links of the page (`next`, `last`, ...), for callers who want them.
    pub links: HalLinks,
}

impl<T> Page<T> {
    /// A page from the parts of a decoded HAL list. Missing metadata reads as an empty list;
    /// a missing `_embedded` as no items.
    // quirk Q13: a page without `_embedded`, or with null lists, is empty.
    pub(crate) fn from_parts(
        items: Vec<T>,
        page: Option<PageMetadata>,
        links: Option<HalLinks>,
    ) -> Self {
        let page = page.unwrap_or_default();
        let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        Self {
            items,
            number: count(page.number),
            size: count(page.size),
            total_elements: count(page.total_elements),
            total_pages: count(page.total_pages),
            next_cursor: None,
            links: links.unwrap_or_else(|| HalLinks(Default::default())),
        }
    }

    /// A page of a list that pages by cursor: no numbers, and the next page's cursor.
    pub(crate) fn from_cursor(items: Vec<T>, next_cursor: Option<String>, links: HalLinks) -> Self {
        Self {
            items,
            number: 0,
            size: 0,
            total_elements: 0,
            total_pages: 0,
            next_cursor,
            links,
        }
    }

    /// Whether a later page exists, judged by the page numbers, the `next` link and the
    /// next cursor.
    pub fn has_next(&self) -> bool {
        self.number < self.total_pages
            || self.links.0.contains_key("next")
            || self.next_cursor.is_some()
    }

    /// Applies `f` to every item, keeping the page metadata.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            number: self.number,
            size: self.size,
            total_elements: self.total_elements,
            total_pages: self.total_pages,
            next_cursor: self.next_cursor,
            links: self.links,
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The `page` query value for a 1-based page number: the spec types it `int64`, the facade
/// counts in `u64`.
pub(crate) fn page_param(number: u64) -> Result<i64> {
    i64::try_from(number)
        .map_err(|_| crate::Error::InvalidRequest(format!("page {number} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_read_from_the_response_and_missing_parts_read_as_empty() {
        let metadata = PageMetadata {
            number: Some(2),
            size: Some(50),
            total_elements: Some(511),
            total_pages: Some(11),
        };
        let page = Page::from_parts(vec!['a'], Some(metadata), None);
        assert_eq!(
            (
                page.number,
                page.size,
                page.total_elements,
                page.total_pages
            ),
            (2, 50, 511, 11)
        );
        assert!(page.has_next());
        let empty: Page<char> = Page::from_parts(vec![], None, None);
        assert_eq!((empty.number, empty.total_pages), (0, 0));
        assert!(!empty.has_next());
        let negative = PageMetadata {
            number: Some(-1),
            ..Default::default()
        };
        assert_eq!(
            Page::<char>::from_parts(vec![], Some(negative), None).number,
            0
        );
    }

    #[test]
    fn a_cursor_page_has_a_next_page_while_it_carries_a_cursor() {
        let links = HalLinks(Default::default());
        assert!(Page::from_cursor(vec![1], Some("c2".into()), links.clone()).has_next());
        assert!(!Page::from_cursor(vec![1], None, links).has_next());
    }
}
