//! An embedded, stateful Help Scout Mailbox API on loopback, for tests, examples and demos
//! of code built on [`helpscout_mailbox`].
//!
//! [`Simulator::builder`] seeds an in-memory account deterministically (mailboxes with
//! folders, custom fields, routing and saved replies; users, teams, tags; customers with
//! entries, properties and organizations; conversations with threads of every kind; workflows,
//! webhooks and ratings), starts an HTTP/1.1 server (axum on tokio) on `127.0.0.1` and returns
//! its base URL and working OAuth credentials. Requests and responses go through
//! `helpscout_mailbox`'s generated models, so the simulator speaks the same spec as the
//! client. Drop the [`RunningSimulator`] (or call [`RunningSimulator::shutdown`]) to stop it.
//!
//! ```
//! use helpscout_mailbox_simulator::Simulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Simulator::builder().conversations(30).seed(7).start().await?;
//! let client = sim.client_builder().build()?;
//! let page = client.conversations().list().send().await?;
//! assert_eq!(page.size, 25);
//! assert!(sim.state().token_stats().client_credentials >= 1);
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The standalone server is `cargo run -p helpscout-mailbox-simulator --example simulator -- 8080`.
//!
//! # Documented behaviour it enforces
//!
//! The quirk ids are those of the library's table, `helpscout_mailbox::quirks`.
//!
//! | Behaviour | Evidence | Quirk |
//! |---|---|---|
//! | `POST /v2/oauth2/token` takes a form-encoded body (JSON too, as the docs allow); grants `client_credentials` (no refresh token), `authorization_code` (codes from [`SimulatorState::issue_authorization_code`]) and `refresh_token`, which **rotates**: the refresh token used stops working | authentication docs |
//! | Access tokens expire after [`SimulatorBuilder::token_lifetime`] (172800 s by default); a missing, unknown or expired bearer token is a 401 | authentication docs | Q02 |
//! | Validation failures are 400 `application/vnd.error+json` with `_embedded.errors[]` of `{path, message, rejectedValue, source}` | errors docs | Q19 |
//! | `PATCH /v2/conversations/{id}` takes one patch object (an array is a 400); `PATCH /v2/customers/{id}` and `.../properties` take an array (an object is a 400) | conversation and customer update docs | Q04 |
//! | A reply without `customer.id` is a 400 with path `customer.id` | reply docs | Q05 |
//! | `modifiedSince` (and other date filters) with fractional seconds is a 400 | third-party report; PHP SDK date format | Q07 |
//! | Pages are 1-based: 25 conversations or threads per page, 50 of everything else | pagination and list docs | Q14 |
//! | `page` is an `int64` of at least 1: `0` and negative pages are a 400 (`Min`), a value that is no `int64` (`2^63`, `abc`) a 400 (`InvalidNumber`), a page past the last one an empty page (200); the same for report pages. Any arithmetic on request values saturates or is checked, so no input panics | spec (`page`: `int64`); error kinds "invalid number" in the errors docs | — |
//! | A JSON body needs `Content-Type: application/json` (parameters such as `;charset=UTF-8` allowed) or an `application/*+json` type (`application/json-patch+json`): a missing and a wrong content type alike are a 415 with the error body | docs and SDKs send `application/json`; treating a missing type like a wrong one is an inference (Help Scout's `vnd.error`/`logRef` errors are those of a Spring server, which reads a missing type as `application/octet-stream` and answers 415), not an observation | — |
//! | The token endpoint takes a form or JSON; a missing and a wrong content type alike are a 400 `invalid_request` (OAuth error body, as every token error) | authentication docs | — |
//! | Errors outside any handler have the error body too: unknown path 404, wrong method 405, body over 32 MiB 413 (refused unread when `Content-Length` announces it), URI over 65,534 bytes 414, more than 100 headers or a head over ~400 KiB 431, an unparsable request line 400 | Help Scout answers errors in one format; the limits are hyper's and the simulator's, Help Scout's own are unknown | — |
//! | An empty page has `_embedded` with an empty array; [`SimulatorBuilder::legacy_empty_pages`] serves the pre-2019 form without `_embedded` | changelog 2019-07-09 | Q13 |
//! | HAL `_links` (`self`, `first`, `last`, `next`, `previous`, templated `page`) keep the request's query string | changelog fix, pagination docs | — |
//! | Creates answer 201 with `Resource-ID` (and `Location` for top-level resources) and no body | changelog 2023-08-30, create docs | Q12 |
//! | A conversation holds at most 100 threads: creating one with more, or adding to a full one, is a 412 | threads docs | — |
//! | A customer, chat or phone thread reopens a closed or pending conversation unless `imported` | threads docs; changelog 2020-07-23 | — |
//! | `DELETE` of a thread is a 400 (threads can only be hidden) | third-party report (`wavyx/hscli`) | Q24 |
//! | A webhook created or updated without `label` reads back with the label `Webhooks` | changelog 2020-10-05 | — |
//! | `PUT .../tags` and `PUT .../fields` replace everything; unknown tag names are created | tags docs | Q20 |
//! | A merged conversation answers GET with 301 and `Location`; writes and thread lists 404 | conversation docs | Q15 |
//! | Every API response carries `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`; writes cost two; over budget is a 429 with `X-RateLimit-Retry-After` | rate-limit docs | Q16, Q18 |
//! | `Correlation-Id` on every response | observed on the real API | — |
//!
//! Fault injection ([`Faults`]): latency, 500/502/503 and 504 answers, connections closed
//! without a response, bodies truncated mid-way. The token endpoint is exempt from faults and
//! from the rate limit (which is per account, behind authentication).
//!
//! # Coverage
//!
//! **Served with real state** (reads see earlier writes): every operation of the spec except
//! reports: conversations (list with `status`, `mailbox`, `folder`, `tag`, `assigned_to`,
//! `modifiedSince`, `number`, `sortField`, `sortOrder`, `customFieldsByIds`, `embed=threads`
//! and a subset of `query`; get v2/v3; create; PATCH; delete; tags; fields; snooze), threads
//! (list v2/v3; reply, note, chat, customer, phone; PATCH text/hidden; original source as JSON
//! or `message/rfc822`; schedule, publish, unschedule), attachments (upload, data, delete),
//! customers (list v2 and v3 cursor pages, get, create, PUT, PATCH, delete incl. `async=true`),
//! customer address, emails, phones, chats, social profiles and websites, customer property
//! definitions and values, organizations (CRUD, conversations, customers, property
//! definitions and values), mailboxes (list, get, folders with computed counts, custom
//! fields, routing get/put, saved replies CRUD), users (list, get, me, create, statuses),
//! `/v3/system-users`, teams and members, tags (list, get), workflows (list, status PATCH, run
//! with at most 50 ids: the seeded manual workflows tag, close or assign), webhooks (CRUD,
//! and signed deliveries of the events below to loopback receivers) and ratings.
//!
//! **Fixed data in the documented shape**: the 31 report endpoints (they check `start`, `end`
//! and, for user reports, `user`; drill-downs, rating lists and conversation history are built
//! from the account's data).
//!
//! **Not served** (404 with a Help Scout-shaped error): any path outside the spec, the
//! browser authorization page (`secure.helpscout.net`), and the search syntax beyond
//! `field:value`, quoted values, `[from TO to]` ranges, `AND`/`OR`/`NOT` and
//! parentheses (`NOT` binds tighter than `AND`, `AND` tighter than `OR`).
//!
//! Simplifications worth knowing: every token acts as the account owner (the first seeded
//! user, `/v2/users/me`); `status=open` lists active and pending conversations; sorting by
//! `score` sorts by creation date; tag names are stored in lower case; the rate-limit window
//! is fixed (it starts with the first request after the previous one ended).
//!
//! # Webhook deliveries
//!
//! Webhooks registered through the API (`POST /v2/webhooks`, or
//! [`Client::webhooks`](helpscout_mailbox::Client::webhooks)) receive the events of changes made through
//! the API, as Help Scout sends them: a `POST` of the payload as JSON with
//! `Content-Type: application/json`, `X-HelpScout-Event: <event>` and
//! `X-HelpScout-Signature` (the base64 HMAC-SHA1 of the body with the webhook's secret,
//! [`webhooks::sign`](helpscout_mailbox::webhooks::sign)), so a receiver built on
//! [`webhooks::receive`](helpscout_mailbox::webhooks::receive) can be tested end to end.
//!
//! ```no_run
//! use std::time::Duration;
//! use helpscout_mailbox::models::WebhookEvent;
//! use helpscout_mailbox_simulator::Simulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let sim = Simulator::builder().start().await?;
//! let client = sim.client_builder().build()?;
//! // A receiver listening on 127.0.0.1, e.g. `examples/webhook_receiver.rs`.
//! let hook = client
//!     .webhooks()
//!     .create("http://127.0.0.1:3000/helpscout", [WebhookEvent::ConvoStatus], "secret")
//!     .send()
//!     .await?;
//! // ... change a conversation's status through `client` ...
//! let state = sim.state();
//! let sent = state.wait_for_deliveries_to(hook.get(), 1, Duration::from_secs(5)).await?;
//! assert_eq!(sent[0].status(), Some(200));
//! # Ok(()) }
//! ```
//!
//! | Change (through the API only) | Event | Payload |
//! |---|---|---|
//! | `POST /v2/conversations` | `convo.created` | the conversation |
//! | `PATCH` `replace /assignTo`, `remove /assignTo` | `convo.assigned` | the conversation |
//! | `PATCH` `replace /status` | `convo.status` | the conversation |
//! | `PATCH` `move /mailboxId` | `convo.moved` | the conversation |
//! | `PUT .../tags` | `convo.tags` | the conversation |
//! | `PUT .../fields` | `convo.custom-fields` | the conversation |
//! | `DELETE /v2/conversations/{id}` | `convo.deleted` | `{"id": …}` |
//! | customer, chat and phone threads | `convo.customer.reply.created` | the conversation |
//! | reply threads (not drafts), publishing a scheduled reply | `convo.agent.reply.created` | the conversation |
//! | note threads | `convo.note.created` | the conversation |
//! | [`SimulatorState::merge_conversations`] | `convo.merged` | the conversation merged into |
//! | running a workflow | `convo.tags`, `convo.status` or `convo.assigned`, per conversation | the conversation |
//! | `POST /v2/customers`, and a conversation or thread naming a new e-mail | `customer.created` | the customer |
//! | `PUT`/`PATCH /v2/customers/{id}`, its address, entries and property values | `customer.updated` | the customer |
//! | `DELETE /v2/customers/{id}` | `customer.deleted` | `{"id": …}` |
//! | a tag name used for the first time (conversation create, tags, workflows) | `tag.created` | the tag |
//! | [`SimulatorState::send_test_event`] | `helpscout.test` | `{}` (its real body is undocumented) |
//!
//! A conversation payload is the v2 conversation as `GET` shows it, with its threads (newest
//! first) as an array in `threads` instead of `_embedded`, as Help Scout's webhook payloads
//! carry them; customers and tags are as `GET` shows them. Bodies are serialised PHP-style,
//! as Help Scout's are: compact, with `/` escaped as `\/` and non-ASCII characters as
//! `\uXXXX`, so a receiver that verifies a re-serialised body instead of the raw bytes
//! fails here as it would in production.
//!
//! Who gets what: every webhook whose `state` is `enabled` and whose `events` include the
//! event; a webhook limited with `mailboxIds` only gets events of conversations in those
//! mailboxes (`convo.moved` and `convo.merged`: either mailbox). `customer.created` ignores
//! mailbox filters, as Help Scout documents, and so do tag events (a tag belongs to no
//! mailbox). For `customer.updated` and `customer.deleted` a limited webhook needs the
//! customer to have a conversation in one of its mailboxes: an assumption, the docs do not
//! say. Nothing is sent for the seeded account, nor for changes made through
//! [`SimulatorState`] other than merges.
//!
//! How: the payload is rendered from the state as it is right after the change, and queued;
//! the API answers without waiting. One task per simulator sends the queue in order, one
//! delivery at a time, each with a timeout ([`SimulatorBuilder::webhook_timeout`], 5 s by
//! default). Every attempt is recorded as a [`Delivery`]: [`SimulatorState::deliveries`],
//! [`SimulatorState::wait_for_deliveries`] and [`SimulatorState::wait_for_deliveries_to`]
//! (which wake on each new record instead of sleeping). A receiver's answer, whatever its
//! status, or a failure to reach it never affects the API call that caused the event.
//!
//! **Only loopback receivers**: URLs must be `http`/`https` to 127.0.0.0/8, `[::1]` or
//! `localhost` (pinned to those addresses, never looked up); any other URL is recorded as
//! [`DeliveryOutcome::Refused`] and nothing is sent. Proxy settings are ignored and
//! redirects are not followed, so the simulator never sends traffic off the machine. The
//! seeded webhooks point at `hooks.example`, so their attempts are refused and recorded.
//!
//! Not done: retries of failed deliveries, disabling a webhook that keeps failing or answers
//! 410 ([`SimulatorState::set_webhook_enabled`] does it by hand), the URI-only bodies of
//! `notification: true` webhooks (they get the full payload), and the events of
//! organizations, ratings, Beacon chats, surveys, user statuses, `tag.updated` and
//! `tag.deleted`. One change sends one event: a reply that also closes or assigns the
//! conversation sends `convo.agent.reply.created` only, and deleting a customer sends no
//! `convo.deleted` for its conversations. Changing the subject or the customer, publishing
//! a draft conversation, editing or hiding threads, snoozes and attachments send nothing.
//! Deliveries still queued when the simulator's runtime shuts down are dropped.

//!
//! # Layers
//!
//! The modules form a one-way stack; a module imports only those below it (checked by
//! grepping each layer's `use crate::` lines):
//!
//! 1. `http`: HTTP as Help Scout speaks it (the request read whole, answers, error bodies,
//!    body and parameter checks, page links). Imports nothing of the crate.
//! 2. `state`: the account as plain data, its lock and the results cached from it.
//!    Imports nothing of the crate.
//! 3. `render`: wire views of the state (the generated models), used by routes and by
//!    webhook deliveries alike. Imports `http` and `state`.
//! 4. `seed`: the seeded account, one function per section. Imports `state`.
//! 5. `runtime`: what a running simulator shares between connections (settings, tokens, the
//!    rate-limit window, faults, webhook deliveries). Imports `http`, `state`, `render`.
//! 6. `routes`: the router and one module per resource group. Imports everything below.
//! 7. `server` (the accept loop), then `builder`, `handle` and `error`, the public API.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod builder;
mod error;
mod handle;
mod http;
mod render;
mod routes;
mod runtime;
mod seed;
mod server;
mod state;

pub use builder::{
    DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_TOKEN_LIFETIME,
    DEFAULT_WEBHOOK_TIMEOUT, RunningSimulator, Simulator, SimulatorBuilder,
};
pub use error::SimulatorError;
pub use handle::{Counts, SimulatorState};
pub use runtime::ReceivedRequest;
pub use runtime::auth::TokenStats;
pub use runtime::delivery::{Delivery, DeliveryOutcome};
pub use runtime::faults::Faults;
