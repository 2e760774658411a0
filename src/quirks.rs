//! The documented quirks of the Mailbox API, what this crate does about each, and the test
//! that fails if someone "fixes" it.
//!
//! Evidence: "docs" is the developer.helpscout.com page named in the operation's description
//! in `openapi/src/`; "changelog" is Help Scout's API changelog; "clients" are the other
//! clients' issue trackers, summarised in the project's research notes.
//!
//! | the API | the crate | evidence | pinned by |
//! |---|---|---|---|
//! | The token endpoint is reliably served form-encoded (one client reports JSON rejected) | sends `application/x-www-form-urlencoded` | docs (OAuth), hscli's API reference | `tests/requests.rs` `create_token` (snapshot `createToken`), `auth::fetch` tests |
//! | Access tokens live 48 h (`expires_in: 172800`); client credentials get no refresh token | renews 5 minutes early, by one request for all waiting callers; asks client credentials again | docs (OAuth) | `auth::manager` tests (single flight, skew) |
//! | Refresh tokens rotate: the old one dies at the first refresh | hands every token set to [`ClientBuilder::on_tokens`](crate::ClientBuilder::on_tokens); a dead refresh token is [`AuthErrorKind::StaleRefreshToken`](crate::auth::AuthErrorKind::StaleRefreshToken) | PHP SDK issue 291, PR 333 | `auth::manager` rotation tests, `tests/behaviour.rs` |
//! | A conversation or thread PATCH takes one JSON Patch *object*, not an RFC 6902 array | one typed method per documented patch, each sending one object | docs (update conversation, update thread) | snapshots `updateConversation`, `updateThread`, `publishScheduledThread` |
//! | Creating a reply needs `customer.id` although the conversation has one | [`Threads::reply`](crate::resources::threads::Threads::reply) takes the customer id; [`reply_to_primary_customer`](crate::resources::threads::Threads::reply_to_primary_customer) reads it | docs (create reply) | snapshots `createReplyThread`, `createReplyThread__primary_customer` |
//! | `assignTo` on create: omitted means the inbox default, `null` means unassigned | [`unassigned`](crate::resources::conversations::CreateConversation::unassigned) writes an explicit `null` | docs (create conversation) | snapshot `createConversation__unassigned` |
//! | `modifiedSince` rejects fractional seconds | [`Timestamp`](crate::models::Timestamp) always writes whole seconds with `Z` | hscli's API reference | snapshot `listConversations`, `models::timestamp` tests |
//! | Timestamps come with or without fractions, and the ratings docs show one without a zone | [`Timestamp`](crate::models::Timestamp) parses all of them, zone-less as UTC | docs (get rating) | `models::timestamp` tests, `fixture_tests::ids_beyond_32_bits_and_zone_less_timestamps_decode` |
//! | List filters such as `mailbox` and `tag` take comma-separated values | the builders collect typed values and join them | docs (list conversations) | snapshot `listConversations` |
//! | A `+` in a search (an email address) must be percent-encoded | the query is encoded by the URL library, `+` as `%2B` | docs (search) | `tests/requests.rs` `list_conversations` |
//! | progenitor sends an `api-version` header the API does not know | the request hook removes it | progenitor source | `tests/requests.rs` `list_conversations` |
//! | A create answers 201 with `Resource-ID` (threads only since 2023-08-30) and sometimes `Location` | the id comes from `Resource-ID`, else `Location`, else `None` without an error; an id of 0 or below counts as none | changelog 2023-08-30, docs | `resources::tests::created_ids_come_from_resource_id_then_location` |
//! | Empty pages carry `_embedded` with an empty list since 2019-07-09; older ones had no `_embedded`; some lists are `null` | every response field is optional and null lists read as empty | changelog 2019-07-09, PHP SDK fixtures | `fixture_tests::a_page_without_embedded_and_with_nulls_decodes_empty`, `page` tests |
//! | Page sizes differ (25 conversations and threads, 50 elsewhere) and have changed | [`Page`](crate::Page) reads `page.size`; streams follow page numbers and stop on an empty or repeated page | docs (pagination), PHP SDK issues 269, 290 | `page` tests |
//! | A merged conversation answers GET with 301 and its new `Location` | redirects are not followed; [`Error::Moved`](crate::Error::Moved) carries the new id | docs (get conversation) | `error` tests (`moved_conversation_gives_the_new_id`) |
//! | 429 says how long to wait in `X-RateLimit-Retry-After` | retried for every method after that wait (then `Retry-After`, then backoff) | docs (rate limiting) | `retry` tests |
//! | A 504 means an internal timeout and "can be retried safely" | retried for every method; other 5xx only for idempotent methods | changelog 2019-02-01 | `retry` tests |
//! | Rate limits are per minute and account-wide, writes count twice, figures come in `X-RateLimit-*` on every response | figures kept ([`Client::rate_limit`](crate::Client::rate_limit)); requests paced as the budget runs low, writes counted double | docs (rate limiting), PHP SDK issue 314 | `rate_limit` tests |
//! | Validation failures are `application/vnd.error+json` with `_embedded.errors[]` paths | [`Error::Validation`](crate::Error::Validation) lists each field, its message and the rejected value | docs (errors) | `error` tests |
//! | Tag updates replace the whole set; conversation tags are `{id, color, tag}` | `replace_tags`, and `add_tags`/`remove_tags` that read the tags (key `tag`) first | docs (update tags) | `tests/requests.rs` `add_and_remove_tags_read_then_replace` |
//! | Attachments are base64 in JSON; requests say `fileName`, responses `filename` | callers pass bytes; the spec models both spellings | docs (attachments) | snapshot `createAttachment`, `attachments` tests |
//! | The raw message of a thread comes as JSON `{original}` or, with `Accept: message/rfc822`, as bytes | `original_source` and `original_source_rfc822` | docs (original source) | snapshots `getThreadOriginalSource`, `getThreadOriginalSource__rfc822` |
//! | Enum values appear in other cases than documented (`Male` for `male`) and new ones appear | open enums match case-insensitively and keep unknown values | docs (customers) | `fixture_tests::enum_values_that_differ_only_in_case_are_recognised`, `unknown_fields_and_enum_values_are_tolerated` |
//! | Ids exceed 32 bits | ids are `i64` throughout | — | `fixture_tests::ids_beyond_32_bits_and_zone_less_timestamps_decode` |
