//! Conversations: list, get, create, delete, the documented updates, tags, custom fields and
//! snoozing. Reached through [`Client::conversations`].

use std::collections::BTreeSet;

use futures_util::Stream;
use serde_json::{Value, json};

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{ConversationId, CustomFieldId, CustomerId, FolderId, MailboxId, UserId};
use crate::models::{
    Conversation, ConversationEmbed, ConversationFieldValue, ConversationPatch,
    ConversationSortField, ConversationStatus, ConversationStatusFilter, ConversationType,
    CreateConversationBody, CreateConversationStatus, CreateConversationThread,
    CreateConversationThreadType, PatchOp, SnoozeConversation, SortOrder, ThreadCustomer,
    Timestamp, UpdateConversationCustomFields, UpdateConversationTags,
};
use crate::page::Page;

mod by_customer;
mod thread_copies;

impl Client {
    /// Conversations (tickets) and their tags, custom fields and snoozes.
    pub fn conversations(&self) -> Conversations<'_> {
        Conversations { client: self }
    }
}

/// The conversation operations; see [`Client::conversations`].
#[derive(Clone, Copy, Debug)]
pub struct Conversations<'a> {
    client: &'a Client,
}

impl<'a> Conversations<'a> {
    /// Lists conversations, filtered and sorted by the builder's setters. Without filters the
    /// API lists *active* conversations only; set [`status`](ListConversations::status) to
    /// `All` for every status.
    pub fn list(self) -> ListConversations<'a> {
        ListConversations {
            client: self.client,
            query: ListQuery::default(),
        }
    }

    /// Gets one conversation.
    ///
    /// A conversation that was merged into another answers with [`Error::Moved`], which
    /// carries the id of the conversation it now lives in (Help Scout keeps that redirect
    /// for 60 days, then answers 404).
    pub fn get(self, id: ConversationId) -> GetConversation<'a> {
        GetConversation {
            client: self.client,
            id,
            embed_threads: false,
            v3: false,
        }
    }

    /// Creates a conversation in `mailbox` for `customer`, with `subject` and a first
    /// thread. Add more threads, tags, custom fields and an assignee with the builder. It is
    /// an email conversation in status `active` unless set otherwise.
    pub fn create(
        self,
        mailbox: MailboxId,
        customer: ThreadCustomer,
        subject: impl Into<String>,
        first_thread: CreateConversationThread,
    ) -> CreateConversation<'a> {
        CreateConversation {
            client: self.client,
            body: CreateConversationBody {
                assign_to: None,
                auto_reply: None,
                closed_at: None,
                created_at: None,
                customer,
                fields: Vec::new(),
                imported: None,
                mailbox_id: mailbox.get(),
                status: CreateConversationStatus::Active,
                subject: subject.into(),
                tags: Vec::new(),
                threads: vec![first_thread],
                type_: ConversationType::Email,
                user: None,
            },
            unassigned: false,
        }
    }

    /// Deletes a conversation.
    pub fn delete(self, id: ConversationId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            client
                .run(
                    "deleteConversation",
                    client.raw().delete_conversation(id.get()),
                )
                .await?;
            Ok(())
        })
    }

    /// Changes the subject.
    pub fn update_subject(self, id: ConversationId, subject: impl Into<String>) -> Action<'a, ()> {
        self.patch(
            id,
            PatchOp::Replace,
            "/subject",
            Some(json!(subject.into())),
        )
    }

    /// Makes `customer` the conversation's primary customer.
    pub fn change_customer(self, id: ConversationId, customer: CustomerId) -> Action<'a, ()> {
        self.patch(
            id,
            PatchOp::Replace,
            "/primaryCustomer.id",
            Some(json!(customer.get())),
        )
    }

    /// Publishes a draft conversation (one created with a draft reply thread).
    pub fn publish_draft(self, id: ConversationId) -> Action<'a, ()> {
        self.patch(id, PatchOp::Replace, "/draft", Some(json!(false)))
    }

    /// Moves the conversation to another mailbox (inbox).
    pub fn move_to(self, id: ConversationId, mailbox: MailboxId) -> Action<'a, ()> {
        self.patch(id, PatchOp::Move, "/mailboxId", Some(json!(mailbox.get())))
    }

    /// Changes the status (`active`, `pending`, `closed`, `spam`).
    pub fn set_status(self, id: ConversationId, status: ConversationStatus) -> Action<'a, ()> {
        self.patch(
            id,
            PatchOp::Replace,
            "/status",
            Some(json!(status.as_str())),
        )
    }

    /// Assigns the conversation to a user.
    pub fn assign(self, id: ConversationId, user: UserId) -> Action<'a, ()> {
        self.patch(id, PatchOp::Replace, "/assignTo", Some(json!(user.get())))
    }

    /// Removes the assignee.
    pub fn unassign(self, id: ConversationId) -> Action<'a, ()> {
        self.patch(id, PatchOp::Remove, "/assignTo", None)
    }

    /// One JSON Patch operation. Help Scout takes a *single object* here, not the array of
    /// RFC 6902 (customers do take arrays); the spec's `ConversationPatch` is that object.
    // quirk Q04: one JSON Patch object, not an RFC 6902 array.
    fn patch(
        self,
        id: ConversationId,
        op: PatchOp,
        path: &'static str,
        value: Option<Value>,
    ) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let body = ConversationPatch {
                op,
                path: path.to_owned(),
                value,
            };
            client
                .run(
                    "updateConversation",
                    client.raw().update_conversation(id.get(), &body),
                )
                .await?;
            Ok(())
        })
    }

    /// Replaces the conversation's tags with `tags` (names). Tags that do not exist yet are
    /// created; an empty list removes every tag.
    pub fn replace_tags<I, S>(self, id: ConversationId, tags: I) -> Action<'a, ()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let client = self.client;
        let tags: Vec<String> = tags.into_iter().map(Into::into).collect();
        action(async move { put_tags(client, id, tags).await })
    }

    /// Adds tags, keeping the ones the conversation has. The API only offers replacement, so
    /// this reads the conversation first: two callers tagging the same conversation at the
    /// same moment can overwrite each other.
    // quirk Q20: tag updates replace the whole set; read first.
    pub fn add_tags<I, S>(self, id: ConversationId, tags: I) -> Action<'a, ()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let client = self.client;
        let added: Vec<String> = tags.into_iter().map(Into::into).collect();
        action(async move {
            let mut names = current_tags(client, id).await?;
            for tag in added {
                if !names.iter().any(|n| n.eq_ignore_ascii_case(&tag)) {
                    names.push(tag);
                }
            }
            put_tags(client, id, names).await
        })
    }

    /// Removes tags (compared without regard to case), keeping the others. Reads the
    /// conversation first, like [`add_tags`](Self::add_tags).
    pub fn remove_tags<I, S>(self, id: ConversationId, tags: I) -> Action<'a, ()>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let client = self.client;
        let removed: BTreeSet<String> = tags.into_iter().map(|t| t.into().to_lowercase()).collect();
        action(async move {
            let names = current_tags(client, id).await?;
            let kept = names
                .into_iter()
                .filter(|n| !removed.contains(&n.to_lowercase()))
                .collect();
            put_tags(client, id, kept).await
        })
    }

    /// Replaces the values of the conversation's custom fields. Fields left out are cleared.
    /// Values are strings in the field's format: a dropdown takes the option id, a date
    /// `YYYY-MM-DD`, a number its digits.
    pub fn set_custom_fields<I, S>(self, id: ConversationId, fields: I) -> Action<'a, ()>
    where
        I: IntoIterator<Item = (CustomFieldId, S)>,
        S: Into<String>,
    {
        let client = self.client;
        let fields = fields
            .into_iter()
            .map(|(field, value)| ConversationFieldValue {
                id: field.get(),
                value: value.into(),
            })
            .collect();
        action(async move {
            let body = UpdateConversationCustomFields { fields };
            let call = client
                .raw()
                .update_conversation_custom_fields(id.get(), &body);
            client.run("updateConversationCustomFields", call).await?;
            Ok(())
        })
    }

    /// Snoozes the conversation until `until` (in the future, before the year 2100), waking it
    /// early on a customer reply if `unsnooze_on_customer_reply`. A later snooze replaces this
    /// one.
    pub fn snooze(
        self,
        id: ConversationId,
        until: Timestamp,
        unsnooze_on_customer_reply: bool,
    ) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let body = SnoozeConversation {
                snoozed_until: until,
                unsnooze_on_customer_reply,
            };
            client
                .run(
                    "snoozeConversation",
                    client.raw().snooze_conversation(id.get(), &body),
                )
                .await?;
            Ok(())
        })
    }

    /// Ends a snooze.
    pub fn unsnooze(self, id: ConversationId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            client
                .run(
                    "unsnoozeConversation",
                    client.raw().unsnooze_conversation(id.get()),
                )
                .await?;
            Ok(())
        })
    }
}

async fn current_tags(client: &Client, id: ConversationId) -> Result<Vec<String>> {
    let conversation = client.conversations().get(id).send().await?;
    Ok(conversation.tags.into_iter().map(|tag| tag.tag).collect())
}

async fn put_tags(client: &Client, id: ConversationId, tags: Vec<String>) -> Result<()> {
    let body = UpdateConversationTags { tags };
    client
        .run(
            "updateConversationTags",
            client.raw().update_conversation_tags(id.get(), &body),
        )
        .await?;
    Ok(())
}

/// The filters and sorting of a conversation list, as the API names them.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    mailboxes: Vec<MailboxId>,
    folder: Option<FolderId>,
    status: Option<ConversationStatusFilter>,
    tags: Vec<String>,
    assigned_to: Option<UserId>,
    modified_since: Option<Timestamp>,
    number: Option<i64>,
    sort_field: Option<ConversationSortField>,
    sort_order: Option<SortOrder>,
    query: Option<String>,
    /// Written into `query` as `customerIds:` terms; see `by_customer`.
    // quirk Q25: no customer parameter; written as customerIds: into query.
    customers: Vec<CustomerId>,
    custom_fields: Vec<(CustomFieldId, String)>,
    embed_threads: bool,
}

/// Lists conversations; see [`Conversations::list`].
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use futures_util::TryStreamExt;
/// use helpscout_mailbox::models::ConversationStatusFilter;
///
/// let mut open = client
///     .conversations()
///     .list()
///     .mailbox(123.into())
///     .status(ConversationStatusFilter::All)
///     .tag("vip")
///     .stream();
/// while let Some(conversation) = open.try_next().await? {
///     println!("#{:?} {:?}", conversation.number, conversation.subject);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListConversations<'a> {
    client: &'a Client,
    query: ListQuery,
}

impl<'a> ListConversations<'a> {
    /// Only conversations in this mailbox; call again to add more mailboxes (sent as the
    /// comma-separated list the API takes).
    pub fn mailbox(mut self, mailbox: MailboxId) -> Self {
        self.query.mailboxes.push(mailbox);
        self
    }

    /// Only conversations in this folder.
    pub fn folder(mut self, folder: FolderId) -> Self {
        self.query.folder = Some(folder);
        self
    }

    /// Only conversations with this status. The API's default is `active`.
    pub fn status(mut self, status: ConversationStatusFilter) -> Self {
        self.query.status = Some(status);
        self
    }

    /// Only conversations with this tag; call again to add tags (a conversation matches if it
    /// has *any* of them).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.query.tags.push(tag.into());
        self
    }

    /// Only conversations assigned to this user.
    pub fn assigned_to(mut self, user: UserId) -> Self {
        self.query.assigned_to = Some(user);
        self
    }

    /// Only conversations modified at or after this time. Sent without fractional seconds,
    /// which the API rejects here.
    pub fn modified_since(mut self, since: impl Into<Timestamp>) -> Self {
        self.query.modified_since = Some(since.into());
        self
    }

    /// Only the conversation with this number (the one people see, not the id).
    pub fn number(mut self, number: i64) -> Self {
        self.query.number = Some(number);
        self
    }

    /// The sort field; the API's default is `createdAt`.
    pub fn sort_field(mut self, field: ConversationSortField) -> Self {
        self.query.sort_field = Some(field);
        self
    }

    /// The sort order; the API's default is descending.
    pub fn sort_order(mut self, order: SortOrder) -> Self {
        self.query.sort_order = Some(order);
        self
    }

    /// A search in Help Scout's query syntax, such as `(subject:"refund" AND tag:"vip")`.
    // quirk Q10: the URL library percent-encodes `+` in the search.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query.query = Some(query.into());
        self
    }

    /// Only conversations whose custom field has this value (a dropdown's option id). Call
    /// again for more fields; they must all match. The API requires a mailbox filter with it.
    pub fn custom_field(mut self, field: CustomFieldId, value: impl Into<String>) -> Self {
        self.query.custom_fields.push((field, value.into()));
        self
    }

    /// Includes each conversation's threads (chat threads come shortened; use the thread
    /// list for their full text).
    pub fn embed_threads(mut self) -> Self {
        self.query.embed_threads = true;
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of a request: validation of the filters, authentication, rate limits
    /// (after the configured retries), transport.
    pub async fn send(self) -> Result<Page<Conversation>> {
        fetch_page(self.client, &self.query, 1).await
    }

    /// Fetches page `number` (1-based).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn page(self, number: u64) -> Result<Page<Conversation>> {
        fetch_page(self.client, &self.query, number).await
    }

    /// Every page, lazily, one request per page as the stream is polled. Ends after the last
    /// page, on an empty page, or when the API repeats a page; after an error it yields the
    /// error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<Page<Conversation>>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::pages(move |number| {
            let query = query.clone();
            async move { fetch_page(client, &query, number).await }
        })
    }

    /// Every page, fetching up to `concurrency` pages at a time once the first page tells how
    /// many there are, yielded in order. For exports of many thousands of conversations: the
    /// client's pacing still spreads the requests over the per-minute budget. Stops at the
    /// first error or empty page.
    pub fn pages_concurrent(
        self,
        concurrency: usize,
    ) -> impl Stream<Item = Result<Page<Conversation>>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::pages_concurrent(
            move |number| {
                let query = query.clone();
                async move { fetch_page(client, &query, number).await }
            },
            concurrency,
        )
    }

    /// Every page, with as many requests in flight as the account's rate limit sustains:
    /// the concurrency follows the client's pacer (the budget per second times the measured
    /// latency, plus one, at most 32), so an export runs at the rate-limit bound without a
    /// 429 and without a number to tune. Pages come in order, each once; a bounded number is
    /// held while a late one is retried. Stops at the first error or empty page.
    ///
    /// Use it for exports and syncs of more than a few pages; [`pages`](Self::pages) for
    /// reading as you go, [`pages_concurrent`](Self::pages_concurrent) to fix the
    /// concurrency yourself.
    ///
    /// ```no_run
    /// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use helpscout_mailbox::models::ConversationStatusFilter;
    ///
    /// let mut pages = client.conversations().list().status(ConversationStatusFilter::All).pages_auto();
    /// while let Some(page) = pages.try_next().await? {
    ///     for conversation in page {
    ///         println!("{:?}", conversation.id);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages_auto(self) -> impl Stream<Item = Result<Page<Conversation>>> + Send + Unpin + 'a {
        self.pages_auto_from(1)
    }

    /// [`pages_auto`](Self::pages_auto) from page `start` on (1-based): to resume an export
    /// after the last page it saved. With a stable order (`sortField` by creation, oldest
    /// first) the pages before `start` are the ones already read.
    pub fn pages_auto_from(
        self,
        start: u64,
    ) -> impl Stream<Item = Result<Page<Conversation>>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::pages_auto(
            move |number| {
                let query = query.clone();
                async move { fetch_page(client, &query, number).await }
            },
            std::sync::Arc::clone(&client.runtime().pacer),
            start,
        )
    }

    /// Every conversation of every page, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<Conversation>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::items(move |number| {
            let query = query.clone();
            async move { fetch_page(client, &query, number).await }
        })
    }
}

// quirk Q09: multi-value filters are comma-separated.
fn join<T: ToString>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    })
}

async fn fetch_page(client: &Client, query: &ListQuery, number: u64) -> Result<Page<Conversation>> {
    let page = crate::page::page_param(number)?;
    let mailboxes = join(&query.mailboxes);
    let tags = join(&query.tags);
    let custom_fields = (!query.custom_fields.is_empty()).then(|| {
        query
            .custom_fields
            .iter()
            .map(|(id, value)| format!("{id}:{value}"))
            .collect::<Vec<_>>()
            .join(",")
    });
    let embed = query.embed_threads.then_some(ConversationEmbed::Threads);
    let search = by_customer::search(query);
    let call = client.raw().list_conversations(
        query.assigned_to.map(UserId::get),
        custom_fields.as_deref(),
        embed.as_ref(),
        query.folder.map(FolderId::get),
        mailboxes.as_deref(),
        query.modified_since.as_ref(),
        query.number,
        Some(page),
        search.as_deref(),
        query.sort_field.as_ref(),
        query.sort_order.as_ref(),
        query.status.as_ref(),
        tags.as_deref(),
    );
    let response = client.run("listConversations", call).await?.into_inner();
    let items = response
        .embedded
        .map(|e| e.conversations)
        .unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Gets a conversation; see [`Conversations::get`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetConversation<'a> {
    client: &'a Client,
    id: ConversationId,
    embed_threads: bool,
    v3: bool,
}

impl GetConversation<'_> {
    /// Includes the conversation's threads under `_embedded.threads`.
    pub fn embed_threads(mut self) -> Self {
        self.embed_threads = true;
        self
    }

    /// Uses the v3 endpoint, which reports AI agents and other system users with their real
    /// type (`system_user`) where v2 normalises them to `user`.
    pub fn v3(mut self) -> Self {
        self.v3 = true;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::Moved`] for a merged conversation, [`Error::NotFound`], and any error of a
    /// request.
    pub async fn send(self) -> Result<Conversation> {
        let embed = self.embed_threads.then_some(ConversationEmbed::Threads);
        if self.v3 {
            let call = self
                .client
                .raw()
                .get_conversation_v3(self.id.get(), embed.as_ref());
            return Ok(self
                .client
                .run("getConversationV3", call)
                .await?
                .into_inner());
        }
        let call = self
            .client
            .raw()
            .get_conversation(self.id.get(), embed.as_ref());
        Ok(self.client.run("getConversation", call).await?.into_inner())
    }
}

/// Creates a conversation; see [`Conversations::create`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateConversation<'a> {
    client: &'a Client,
    body: CreateConversationBody,
    unassigned: bool,
}

impl CreateConversation<'_> {
    /// The channel: email (the default), chat or phone.
    pub fn kind(mut self, kind: ConversationType) -> Self {
        self.body.type_ = kind;
        self
    }

    /// The initial status: active (the default), pending or closed.
    pub fn status(mut self, status: CreateConversationStatus) -> Self {
        self.body.status = status;
        self
    }

    /// Adds another thread (at most 100 in all; the API answers 412 beyond that).
    pub fn thread(mut self, thread: CreateConversationThread) -> Self {
        self.body.threads.push(thread);
        self
    }

    /// Adds a tag by name; unknown names create the tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.body.tags.push(tag.into());
        self
    }

    /// Sets a custom field's value (see [`Conversations::set_custom_fields`] for formats).
    pub fn custom_field(mut self, field: CustomFieldId, value: impl Into<String>) -> Self {
        self.body.fields.push(ConversationFieldValue {
            id: field.get(),
            value: value.into(),
        });
        self
    }

    /// Assigns the new conversation to a user. Without this or
    /// [`unassigned`](Self::unassigned) the mailbox's default assignment applies.
    pub fn assign_to(mut self, user: UserId) -> Self {
        self.body.assign_to = Some(user.get());
        self.unassigned = false;
        self
    }

    /// Leaves the new conversation unassigned, overriding the mailbox's default assignment
    /// (sent as `"assignTo": null`, which differs from leaving the field out).
    // quirk Q06: an explicit null assignTo, unlike an omitted one.
    pub fn unassigned(mut self) -> Self {
        self.body.assign_to = None;
        self.unassigned = true;
        self
    }

    /// Marks the conversation as imported: no emails go out, and `created_at`/`closed_at`
    /// may be set to past times.
    pub fn imported(mut self, imported: bool) -> Self {
        self.body.imported = Some(imported);
        self
    }

    /// Whether Help Scout sends the mailbox's auto reply.
    pub fn auto_reply(mut self, auto_reply: bool) -> Self {
        self.body.auto_reply = Some(auto_reply);
        self
    }

    /// When the conversation was created (for imports).
    pub fn created_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.body.created_at = Some(at.into());
        self
    }

    /// When the conversation was closed (imported conversations only).
    pub fn closed_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.body.closed_at = Some(at.into());
        self
    }

    /// The user the conversation is created as (its `createdBy`).
    pub fn user(mut self, user: UserId) -> Self {
        self.body.user = Some(user.get());
        self
    }

    /// Sends the request and returns the new conversation's id, read from `Resource-ID` (or
    /// `Location`); `None` if the API sent neither, which does not make the create fail.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] with the rejected fields, [`Error::PreconditionFailed`] beyond
    /// 100 threads, and any error of a request. A create is never retried after a server
    /// error, because it may have succeeded.
    pub async fn send(self) -> Result<Option<ConversationId>> {
        if self.unassigned {
            // The generated body cannot carry an explicit null, so this one is written here.
            let mut body = serde_json::to_value(&self.body)
                .map_err(|e| Error::InvalidRequest(e.to_string()))?;
            if let Some(object) = body.as_object_mut() {
                object.insert("assignTo".into(), Value::Null);
            }
            let response = self
                .client
                .send_json(
                    reqwest::Method::POST,
                    "/v2/conversations",
                    &body,
                    "createConversation",
                )
                .await?;
            return Ok(crate::resources::created_id(&response.headers).map(ConversationId::new));
        }
        let call = self.client.raw().create_conversation(&self.body);
        let response = self.client.run("createConversation", call).await?;
        Ok(crate::resources::created_id(response.headers()).map(ConversationId::new))
    }
}

impl ThreadCustomer {
    /// An existing customer, by id.
    pub fn by_id(id: CustomerId) -> Self {
        Self {
            id: Some(id.get()),
            ..Self::default()
        }
    }

    /// A customer by email address: matched to an existing customer, or created (with the
    /// other fields of this value) if there is none.
    pub fn by_email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            ..Self::default()
        }
    }
}

impl CreateConversationThread {
    fn of(kind: CreateConversationThreadType, text: impl Into<String>) -> Self {
        Self {
            attachments: Vec::new(),
            bcc: Vec::new(),
            cc: Vec::new(),
            created_at: None,
            customer: None,
            draft: None,
            imported: None,
            text: text.into(),
            type_: kind,
        }
    }

    /// A message from the customer.
    pub fn customer(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Customer, text)
    }

    /// A reply from a user to the customer. Make it a [`draft`](Self::draft) to create a
    /// draft conversation.
    pub fn reply(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Reply, text)
    }

    /// An internal note.
    pub fn note(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Note, text)
    }

    /// A chat message.
    pub fn chat(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Chat, text)
    }

    /// A phone call record.
    pub fn phone(text: impl Into<String>) -> Self {
        Self::of(CreateConversationThreadType::Phone, text)
    }

    /// Makes a reply thread a draft: the conversation is created as a draft, to be published
    /// with [`Conversations::publish_draft`].
    pub fn draft(mut self) -> Self {
        self.draft = Some(true);
        self
    }

    /// The thread's customer, when it is not the conversation's.
    pub fn from_customer(mut self, customer: ThreadCustomer) -> Self {
        self.customer = Some(customer);
        self
    }

    /// Marks the thread as imported (no email goes out).
    pub fn imported(mut self) -> Self {
        self.imported = Some(true);
        self
    }

    /// When the thread was created (for imports).
    pub fn created_at(mut self, at: impl Into<Timestamp>) -> Self {
        self.created_at = Some(at.into());
        self
    }

    /// Attaches a file.
    pub fn attachment(mut self, attachment: crate::resources::attachments::NewAttachment) -> Self {
        self.attachments.push(attachment.into_upload());
        self
    }
}
