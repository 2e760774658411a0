//! The customer filter of the conversation list. The list operation has no parameter for
//! it; the docs' search syntax does (`customerIds:` in `query`), so the filter is written
//! into `query`, next to whatever search the caller set.

use std::borrow::Cow;

use super::{ListConversations, ListQuery};
use crate::ids::CustomerId;

impl ListConversations<'_> {
    /// Only conversations of this customer; call again to add customers (a conversation
    /// matches if it belongs to *any* of them).
    ///
    /// Sent as the search `(customerIds:N)` (`(customerIds:N OR customerIds:M)` for several),
    /// and AND-ed with a [`query`](Self::query) of your own as `(customerIds:N) AND (query)`.
    /// Like every search, it goes through Help Scout's search index, which can trail a
    /// change by a few seconds.
    pub fn customer(mut self, customer: CustomerId) -> Self {
        if !self.query.customers.contains(&customer) {
            self.query.customers.push(customer);
        }
        self
    }
}

/// The `query` parameter: the caller's search and the customer filter, AND-ed.
pub(super) fn search(query: &ListQuery) -> Option<Cow<'_, str>> {
    let own = query.query.as_deref().filter(|q| !q.trim().is_empty());
    if query.customers.is_empty() {
        return own.map(Cow::Borrowed);
    }
    let customers = query
        .customers
        .iter()
        .map(|id| format!("customerIds:{id}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    Some(Cow::Owned(match own {
        Some(own) => format!("({customers}) AND ({own})"),
        None => format!("({customers})"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(customers: &[i64], own: Option<&str>) -> ListQuery {
        ListQuery {
            customers: customers.iter().copied().map(CustomerId::new).collect(),
            query: own.map(str::to_owned),
            ..ListQuery::default()
        }
    }

    #[test]
    fn without_customers_the_own_query_is_sent_as_it_is() {
        assert_eq!(search(&query(&[], None)), None);
        assert_eq!(
            search(&query(&[], Some("tag:vip"))).as_deref(),
            Some("tag:vip")
        );
    }

    #[test]
    fn customers_are_or_ed_and_the_own_query_and_ed() {
        assert_eq!(
            search(&query(&[7], None)).as_deref(),
            Some("(customerIds:7)")
        );
        assert_eq!(
            search(&query(&[7, 8], Some("subject:a OR subject:b"))).as_deref(),
            Some("(customerIds:7 OR customerIds:8) AND (subject:a OR subject:b)")
        );
        // A blank search of one's own adds nothing.
        assert_eq!(
            search(&query(&[7], Some("  "))).as_deref(),
            Some("(customerIds:7)")
        );
    }
}
