//! TEMPORARY during the move to one operation pattern: the old per-list macro and walk entry
//! points, over the new walk. Deleted once every resource returns `List`/`Request`.

use std::future::Future;

use futures_util::stream::BoxStream;

use super::walk::{self, PageAt};
use crate::error::Result;
use crate::page::Page;

/// A numbered walk from page 1 never asks for a cursor.
fn number(at: PageAt) -> u64 {
    match at {
        PageAt::Number(n) => n,
        PageAt::Cursor(_) => 0,
    }
}

pub(crate) fn pages<'a, T, F, Fut>(mut fetch: F) -> BoxStream<'a, Result<Page<T>>>
where
    T: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    walk::pages(move |at| fetch(number(at)), PageAt::Number(1))
}

pub(crate) fn items<'a, T, F, Fut>(mut fetch: F) -> BoxStream<'a, Result<T>>
where
    T: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>>> + Send + 'a,
{
    walk::items(move |at| fetch(number(at)), PageAt::Number(1))
}

pub(crate) use super::concurrent::{pages_auto, pages_concurrent};
