//! Coming from the v1 API: its scoped conversation lists, as v2 calls.
//!
//! v1 (`https://api.helpscout.net/v1`, API keys, switched off in 2019) had four list
//! operations, each scoped by its path. v2 has one conversation list, scoped by filters that
//! are AND-ed. Each row below is pinned by a test against the simulator
//! (`tests/v1_mapping.rs`).
//!
//! | v1 | v2 request | this crate |
//! |---|---|---|
//! | `GET /v1/mailboxes/{mailboxId}/conversations.json` | `GET /v2/conversations?mailbox={mailboxId}&status=all` | `client.conversations().list().mailboxes([m]).status(ConversationStatusFilter::All)` |
//! | `GET /v1/mailboxes/{mailboxId}/folders/{folderId}/conversations.json` | `…?mailbox={mailboxId}&folder={folderId}&status=all` | `….mailboxes([m]).folder(f).status(ConversationStatusFilter::All)` |
//! | `GET /v1/mailboxes/{mailboxId}/customers/{customerId}/conversations.json` | `…?mailbox={mailboxId}&query=(customerIds:{customerId})&status=all` | `….mailboxes([m]).customers([c]).status(ConversationStatusFilter::All)` |
//! | `GET /v1/mailboxes/{mailboxId}/users/{userId}/conversations.json` | `…?mailbox={mailboxId}&assigned_to={userId}&status=all` | `….mailboxes([m]).assigned_to(u).status(ConversationStatusFilter::All)` |
//!
//! **The status default changed.** v1 listed conversations of *every* status unless told
//! otherwise (`status=all` was its default, `active` and `pending` the alternatives). v2
//! lists only **active** conversations unless asked: without `status=all` the v2 calls
//! above silently leave out pending, closed and spam conversations. Hence the
//! `.status(ConversationStatusFilter::All)` in every row.
//!
//! The other v1 parameters:
//!
//! | v1 | v2 | this crate |
//! |---|---|---|
//! | `status=all` (default), `active`, `pending` | `status=all`, `active` (default), `pending`, also `closed`, `spam`, `open` | [`status`](crate::List::status) |
//! | `modifiedSince` (UTC date-time) | `modifiedSince`, whole seconds only | [`modified_since`](crate::List::modified_since) (drops the fraction) |
//! | `tag=a,b` (any of them) | `tag=a,b` (any of them) | [`tags`](crate::List::tags), all tags at once or a call per tag |
//! | `page` | `page` | [`page`](crate::List::page), or [`stream`](crate::List::stream) for all |
//! | always `createdAt`, newest first | `sortField=createdAt`, `sortOrder=desc` by default; other fields too | [`sort_field`](crate::List::sort_field), [`sort_order`](crate::List::sort_order) |
//! | threads never included | `embed=threads` includes them | [`embed_threads`](crate::List::embed_threads) |
//!
//! And the answer: v1's `{page, pages, count, items}` is v2's HAL page, which
//! [`Page`](crate::Page) reads as `number`, `total_pages`, `total_elements` and `items`;
//! v2's page holds 25 conversations today (read [`Page::size`](crate::Page::size), do not
//! assume it). v1's conversation fields `owner`, `customer`, `threadCount` and
//! `userModifiedAt` are v2's `assignee`, `primaryCustomer`, `threads` (a count in lists) and
//! `userUpdatedAt`.
//!
//! The customer row has no v2 parameter of its own: it is the search syntax's `customerIds:`
//! written into `query`, so it goes through Help Scout's search index, which can trail a
//! change by a few seconds, and it combines with a `query` of your own by AND.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use helpscout_mailbox::ids::{CustomerId, MailboxId};
//! use helpscout_mailbox::models::ConversationStatusFilter;
//!
//! # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
//! // v1: GET /v1/mailboxes/1/customers/42/conversations.json
//! let conversations: Vec<_> = client
//!     .conversations()
//!     .list()
//!     .mailboxes([MailboxId::new(1)])
//!     .customers([CustomerId::new(42)])
//!     .status(ConversationStatusFilter::All)
//!     .stream()
//!     .try_collect()
//!     .await?;
//! # let _ = conversations;
//! # Ok(()) }
//! ```
