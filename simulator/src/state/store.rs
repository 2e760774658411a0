//! The account behind its lock, together with results derived from it that are too costly
//! to recompute on every request: the matching, sorted ids of a conversation list query, and
//! each listed conversation's JSON.
//!
//! A derived result is only right for the data it was computed from, so the guard every
//! route takes ([`DataGuard`]) forgets all of them on each *mutable* access to the data.
//! That is the one place every write passes through (the routes, the `SimulatorState`
//! methods, seeding after start), enforced by the type system: `Data` has no interior
//! mutability, so nothing changes it without `DerefMut`. A read path that happens to borrow
//! mutably only costs a recomputation, never a stale answer. Nothing the lists compute reads
//! the simulated clock, so advancing it needs no invalidation; the one clock-bound text of a
//! rendered conversation ("3 hours ago") carries the instant it stops being true.

use std::collections::{HashMap, VecDeque};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, MutexGuard};

use chrono::{DateTime, Utc};

use super::Data;

/// How many list queries keep their ids. Each holds at most one id per conversation
/// (80 KB at 10,000 conversations); the bound keeps a client that varies its filters from
/// growing the cache without limit.
const LIST_CAPACITY: usize = 32;

/// How many rendered conversations are kept; past it they are all dropped (and rendered
/// again as pages ask for them), so memory stays bounded on any account.
const RENDERED_CAPACITY: usize = 50_000;

/// A conversation's JSON as a list page shows it, and until when that text holds (`None`:
/// until the next write).
#[derive(Debug)]
pub(crate) struct Rendered {
    pub(crate) json: Arc<[u8]>,
    pub(crate) fresh_until: Option<DateTime<Utc>>,
}

/// What a list query's result depends on besides the data: its query parameters (all of
/// them but the page and the rendering options, in request order).
pub(crate) type ListKey = Vec<(String, String)>;

/// The data and what is derived from it; lives behind `Shared::data`.
#[derive(Debug)]
pub(crate) struct Store {
    data: Data,
    /// Recently computed list queries, oldest first.
    lists: VecDeque<(ListKey, Arc<[i64]>)>,
    /// Conversations rendered for list pages, by id and whether threads are embedded.
    rendered: HashMap<(i64, bool), Rendered>,
}

impl Store {
    pub(crate) fn new(data: Data) -> Self {
        Self {
            data,
            lists: VecDeque::new(),
            rendered: HashMap::new(),
        }
    }
}

/// The locked account. Reading goes through `Deref`; writing through `DerefMut`, which
/// drops every derived result first.
pub(crate) struct DataGuard<'a>(MutexGuard<'a, Store>);

impl<'a> DataGuard<'a> {
    pub(crate) fn new(guard: MutexGuard<'a, Store>) -> Self {
        Self(guard)
    }

    /// The ids `key` matches: the ones computed earlier when nothing has been written since,
    /// else those `compute` finds (kept for next time, evicting the oldest query when full).
    pub(crate) fn list_ids(
        &mut self,
        key: ListKey,
        compute: impl FnOnce(&Data) -> Vec<i64>,
    ) -> Arc<[i64]> {
        let store = &mut *self.0;
        if let Some((_, ids)) = store.lists.iter().find(|(k, _)| *k == key) {
            return Arc::clone(ids);
        }
        let ids: Arc<[i64]> = compute(&store.data).into();
        if store.lists.len() >= LIST_CAPACITY {
            store.lists.pop_front();
        }
        store.lists.push_back((key, Arc::clone(&ids)));
        ids
    }

    /// Conversation `id`'s JSON (with threads when `embed`) as of `now`: kept from an earlier
    /// page when nothing was written since and its text still holds, else what `render`
    /// makes of it (kept for next time). `None` when `render` finds no such conversation.
    pub(crate) fn rendered<E>(
        &mut self,
        id: i64,
        embed: bool,
        now: DateTime<Utc>,
        render: impl FnOnce(&Data) -> Result<Option<Rendered>, E>,
    ) -> Result<Option<Arc<[u8]>>, E> {
        let store = &mut *self.0;
        if let Some(kept) = store.rendered.get(&(id, embed))
            && kept.fresh_until.is_none_or(|until| now < until)
        {
            return Ok(Some(Arc::clone(&kept.json)));
        }
        let Some(fresh) = render(&store.data)? else {
            return Ok(None);
        };
        let json = Arc::clone(&fresh.json);
        if store.rendered.len() >= RENDERED_CAPACITY {
            store.rendered.clear();
        }
        store.rendered.insert((id, embed), fresh);
        Ok(Some(json))
    }

    /// How many list queries are kept (for tests).
    #[cfg(test)]
    pub(crate) fn cached_lists(&self) -> usize {
        self.0.lists.len()
    }
}

impl Deref for DataGuard<'_> {
    type Target = Data;

    fn deref(&self) -> &Data {
        &self.0.data
    }
}

impl DerefMut for DataGuard<'_> {
    fn deref_mut(&mut self) -> &mut Data {
        let store = &mut *self.0;
        if !store.lists.is_empty() {
            store.lists.clear();
        }
        if !store.rendered.is_empty() {
            store.rendered.clear();
        }
        &mut store.data
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::state::lock;

    fn upto(n: usize) -> Vec<i64> {
        (0..i64::try_from(n).unwrap_or(0)).collect()
    }

    #[test]
    fn a_query_is_computed_once_until_the_data_is_borrowed_mutably() {
        let store = Mutex::new(Store::new(Data::new()));
        let key = || vec![("status".to_owned(), "all".to_owned())];
        let mut calls = 0;
        let mut guard = DataGuard::new(lock(&store));
        for _ in 0..3 {
            let got = guard.list_ids(key(), |_| {
                calls += 1;
                upto(3)
            });
            assert_eq!(&*got, &[0, 1, 2]);
        }
        assert_eq!(calls, 1);
        // A read through `Deref` keeps the cache.
        assert_eq!(guard.conversations.len(), 0);
        assert_eq!(guard.cached_lists(), 1);
        // Any mutable access forgets it, even one that changes nothing.
        guard.company_id = 7;
        assert_eq!(guard.cached_lists(), 0);
        let got = guard.list_ids(key(), |_| {
            calls += 1;
            upto(1)
        });
        assert_eq!(&*got, &[0]);
        assert_eq!(calls, 2);
    }

    #[test]
    fn a_new_guard_keeps_what_the_last_one_computed() {
        let store = Mutex::new(Store::new(Data::new()));
        let key = || vec![("tag".to_owned(), "vip".to_owned())];
        let first = DataGuard::new(lock(&store)).list_ids(key(), |_| upto(2));
        let second = DataGuard::new(lock(&store)).list_ids(key(), |_| upto(5));
        assert_eq!(first, second);
        let mut writer = DataGuard::new(lock(&store));
        let _ = &mut *writer;
        drop(writer);
        let third = DataGuard::new(lock(&store)).list_ids(key(), |_| upto(5));
        assert_eq!(third.len(), 5);
    }

    #[test]
    fn a_rendering_is_kept_until_a_write_or_until_its_text_expires() {
        let store = Mutex::new(Store::new(Data::new()));
        let mut guard = DataGuard::new(lock(&store));
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        let later = |s: i64| t0 + chrono::Duration::seconds(s);
        let render = |text: &str, until: Option<DateTime<Utc>>| {
            let json: Arc<[u8]> = text.as_bytes().into();
            move |_: &Data| {
                Ok::<_, ()>(Some(Rendered {
                    json,
                    fresh_until: until,
                }))
            }
        };
        let got = |r: Result<Option<Arc<[u8]>>, ()>| r.ok().flatten().map(|j| j.to_vec());
        assert_eq!(
            got(guard.rendered(1, true, t0, render("a", Some(later(60))))),
            Some(b"a".to_vec())
        );
        // Kept while its text holds, also apart from the same id without threads.
        assert_eq!(
            got(guard.rendered(1, true, later(59), render("b", None))),
            Some(b"a".to_vec())
        );
        assert_eq!(
            got(guard.rendered(1, false, later(59), render("c", None))),
            Some(b"c".to_vec())
        );
        // Rendered again once the clock reaches the end of its text.
        assert_eq!(
            got(guard.rendered(1, true, later(60), render("d", None))),
            Some(b"d".to_vec())
        );
        // And after any write.
        let _ = &mut *guard;
        assert_eq!(
            got(guard.rendered(1, true, later(61), render("e", None))),
            Some(b"e".to_vec())
        );
        // A conversation that is not there is not kept.
        assert_eq!(got(guard.rendered(2, true, t0, |_| Ok(None))), None);
        assert_eq!(
            got(guard.rendered(2, true, t0, render("f", None))),
            Some(b"f".to_vec())
        );
    }

    #[test]
    fn different_queries_are_kept_apart_and_the_oldest_is_evicted() {
        let store = Mutex::new(Store::new(Data::new()));
        let mut guard = DataGuard::new(lock(&store));
        let key = |n: usize| vec![("number".to_owned(), n.to_string())];
        for n in 0..=LIST_CAPACITY {
            assert_eq!(guard.list_ids(key(n), |_| upto(n)).len(), n);
        }
        assert_eq!(guard.cached_lists(), LIST_CAPACITY);
        // The newest is still there; the first was evicted, so it is computed again.
        let kept = guard.list_ids(key(LIST_CAPACITY), |_| upto(0));
        assert_eq!(kept.len(), LIST_CAPACITY);
        let evicted = guard.list_ids(key(0), |_| upto(9));
        assert_eq!(evicted.len(), 9);
    }
}
