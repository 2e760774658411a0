//! The customer filter of the conversation list. The list operation has no parameter for
//! it; the docs' search syntax does (`customerIds:` in `query`), so the filter is written
//! into `query`, next to whatever search the caller set.

use std::borrow::Cow;

use super::ListConversations;
use crate::ids::CustomerId;
use crate::list::List;

impl List<'_, ListConversations> {
    /// Only conversations of these customers, added to those set before (a conversation
    /// matches if it belongs to *any* of them).
    ///
    /// Sent as the search `(customerIds:N)` (`(customerIds:N OR customerIds:M)` for several),
    /// and AND-ed with a [`query`](Self::query) of your own as `(customerIds:N) AND (query)`.
    /// Like every search, it goes through Help Scout's search index, which can trail a
    /// change by a few seconds.
    pub fn customers(self, customers: impl IntoIterator<Item = CustomerId>) -> Self {
        self.with(|q| {
            for customer in customers {
                if !q.customers.contains(&customer) {
                    q.customers.push(customer);
                }
            }
        })
    }
}

/// The `query` parameter: the caller's search and the customer filter, AND-ed.
pub(super) fn search(query: &ListConversations) -> Option<Cow<'_, str>> {
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

    fn query(customers: &[i64], own: Option<&str>) -> ListConversations {
        let mut list = ListConversations::default();
        list.customers = customers.iter().copied().map(CustomerId::new).collect();
        list.query = own.map(str::to_owned);
        list
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
