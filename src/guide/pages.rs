//! Lists: one [`Page`](crate::Page) at a time, or every item as a stream.
//!
//! Every list builder (`client.conversations().list()`, `client.users().list()`, ...) offers
//! four ways to read it:
//!
//! - `send()`: the first page; `page(n)`: page `n` (1-based). A [`Page`](crate::Page) holds
//!   the `items` and where it stands (`number`, `size`, `total_elements`, `total_pages`,
//!   [`has_next`](crate::Page::has_next)). The page size is whatever the API chose for that
//!   list (25 conversations, 50 customers today) and is read, never assumed.
//! - `pages()`: every page, lazily, one request per page as the stream is polled.
//! - `stream()`: every item of every page, lazily.
//!
//! Streams end after the last page, on an empty page, or if the API repeats a page; an error
//! is yielded once and ends the stream. They are ordinary
//! [`futures`](https://docs.rs/futures-util) streams, so `try_next`, `take`,
//! `try_collect` and friends apply, and dropping one stops the requests.
//!
//! ```no_run
//! use futures_util::{StreamExt, TryStreamExt};
//! use helpscout_mailbox::ids::MailboxId;
//! use helpscout_mailbox::models::{ConversationStatusFilter, User};
//! use helpscout_mailbox::{Client, Result};
//!
//! async fn tour(client: &Client) -> Result<()> {
//!     // One page, and what it says about the rest.
//!     let first = client.mailboxes().list().send().await?;
//!     println!("page {} of {}, {} inboxes in all", first.number, first.total_pages, first.total_elements);
//!     if first.has_next() {
//!         let second = client.mailboxes().list().page(2).await?;
//!         println!("then {} more", second.items.len());
//!     }
//!
//!     // Every item, lazily: only as many requests as the loop needs.
//!     let mut closed = client
//!         .conversations()
//!         .list()
//!         .mailboxes([MailboxId::new(1)])
//!         .status(ConversationStatusFilter::Closed)
//!         .stream();
//!     while let Some(conversation) = closed.try_next().await? {
//!         if conversation.subject.as_deref() == Some("Refund") {
//!             break; // Dropping the stream stops it.
//!         }
//!     }
//!
//!     // The first 100 users, collected.
//!     let users: Vec<User> = client.users().list().stream().take(100).try_collect().await?;
//!     println!("{} users", users.len());
//!
//!     // Page by page, for progress reports.
//!     let mut pages = client.users().list().pages();
//!     while let Some(page) = pages.try_next().await? {
//!         println!("page {}/{}: {} users", page.number, page.total_pages, page.items.len());
//!     }
//!     Ok(())
//! }
//! # let _ = tour;
//! ```
