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

/// Declares the builder of a HAL list: a struct holding the client and the list's query, with
/// `send` (first page), `page(n)`, and the lazy `pages`/`stream` walks, all of which fetch
/// through `$fetch(client, &query, page_number)`.
///
/// One macro instead of a hand-written builder per list, because the lists
/// differ only in their filters (kept in `$query`) and in where the items sit in `_embedded`
/// (handled by `$fetch`).
macro_rules! hal_list {
    ($(#[$meta:meta])* $name:ident($query:ty) -> $item:ty = $fetch:path) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name<'a> {
            client: &'a $crate::client::Client,
            query: $query,
        }

        impl<'a> $name<'a> {
            /// Fetches the first page.
            ///
            /// # Errors
            ///
            /// Any [`Error`](crate::Error) of a request: authentication, rate limits (after
            /// the configured retries), transport, decoding.
            pub async fn send(self) -> $crate::error::Result<$crate::page::Page<$item>> {
                $fetch(self.client, &self.query, 1).await
            }

            /// Fetches page `number` (1-based).
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send), and [`Error::InvalidRequest`](crate::Error::InvalidRequest)
            /// for a page number beyond `i64`.
            pub async fn page(
                self,
                number: u64,
            ) -> $crate::error::Result<$crate::page::Page<$item>> {
                $fetch(self.client, &self.query, number).await
            }

            /// Every page, lazily, one request per page as the stream is polled. Ends after
            /// the last page, on an empty page, or when the API repeats a page; after an
            /// error it yields the error and ends.
            pub fn pages(
                self,
            ) -> impl ::futures_util::Stream<
                Item = $crate::error::Result<$crate::page::Page<$item>>,
            > + Send
                   + Unpin
                   + 'a {
                let client = self.client;
                let query = self.query;
                $crate::list::legacy::pages(move |number| {
                    let query = query.clone();
                    async move { $fetch(client, &query, number).await }
                })
            }

            /// Every item of every page, lazily; see [`pages`](Self::pages).
            pub fn stream(
                self,
            ) -> impl ::futures_util::Stream<Item = $crate::error::Result<$item>>
                   + Send
                   + Unpin
                   + 'a {
                let client = self.client;
                let query = self.query;
                $crate::list::legacy::items(move |number| {
                    let query = query.clone();
                    async move { $fetch(client, &query, number).await }
                })
            }
        }
    };
}

pub(crate) use hal_list;
