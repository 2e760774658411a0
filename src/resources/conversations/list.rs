//! The conversation list: its filters, sorting and how one page is fetched.

use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomFieldId, CustomerId, FolderId, MailboxId, UserId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    Conversation, ConversationEmbed, ConversationSortField, ConversationStatusFilter, SortOrder,
    Timestamp,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::Sealed;

/// The filters and sorting of a conversation list, as the API names them; see
/// [`Conversations::list`](super::Conversations::list).
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use futures_util::TryStreamExt;
/// use helpscout_mailbox::models::ConversationStatusFilter;
///
/// let mut open = client
///     .conversations()
///     .list()
///     .mailboxes([123.into()])
///     .status(ConversationStatusFilter::All)
///     .tags(["vip"])
///     .stream();
/// while let Some(conversation) = open.try_next().await? {
///     println!("#{:?} {:?}", conversation.number, conversation.subject);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListConversations {
    mailboxes: Vec<MailboxId>,
    folder: Option<FolderId>,
    status: Option<ConversationStatusFilter>,
    tags: Vec<String>,
    assigned_to: Option<UserId>,
    modified_since: Option<Timestamp>,
    number: Option<i64>,
    sort_field: Option<ConversationSortField>,
    sort_order: Option<SortOrder>,
    pub(super) query: Option<String>,
    /// Written into `query` as `customerIds:` terms; see `by_customer`.
    // quirk Q25: no customer parameter; written as customerIds: into query.
    pub(super) customers: Vec<CustomerId>,
    custom_fields: Vec<(CustomFieldId, String)>,
    embed_threads: bool,
}

impl List<'_, ListConversations> {
    /// Only conversations in these mailboxes, added to those set before (sent as the
    /// comma-separated list the API takes).
    pub fn mailboxes(self, mailboxes: impl IntoIterator<Item = MailboxId>) -> Self {
        self.with(|q| q.mailboxes.extend(mailboxes))
    }

    /// Only conversations in this folder.
    pub fn folder(self, folder: FolderId) -> Self {
        self.with(|q| q.folder = Some(folder))
    }

    /// Only conversations with this status. The API's default is `active`.
    pub fn status(self, status: ConversationStatusFilter) -> Self {
        self.with(|q| q.status = Some(status))
    }

    /// Only conversations with any of these tags, added to those set before.
    pub fn tags(self, tags: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|q| q.tags.extend(tags.into_iter().map(Into::into)))
    }

    /// Only conversations assigned to this user.
    pub fn assigned_to(self, user: UserId) -> Self {
        self.with(|q| q.assigned_to = Some(user))
    }

    /// Only conversations modified at or after this time. Sent without fractional seconds,
    /// which the API rejects here.
    pub fn modified_since(self, since: impl Into<Timestamp>) -> Self {
        self.with(|q| q.modified_since = Some(since.into()))
    }

    /// Only the conversation with this number (the one people see, not the id).
    pub fn number(self, number: i64) -> Self {
        self.with(|q| q.number = Some(number))
    }

    /// The sort field; the API's default is `createdAt`.
    pub fn sort_field(self, field: ConversationSortField) -> Self {
        self.with(|q| q.sort_field = Some(field))
    }

    /// The sort order; the API's default is descending.
    pub fn sort_order(self, order: SortOrder) -> Self {
        self.with(|q| q.sort_order = Some(order))
    }

    /// A search in Help Scout's query syntax, such as `(subject:"refund" AND tag:"vip")`.
    // quirk Q10: the URL library percent-encodes `+` in the search.
    pub fn query(self, query: impl Into<String>) -> Self {
        self.with(|q| q.query = Some(query.into()))
    }

    /// Only conversations whose custom fields have these values (a dropdown's option id),
    /// added to those set before; they must all match. The API requires a mailbox filter
    /// with it.
    pub fn custom_fields(
        self,
        fields: impl IntoIterator<Item = (CustomFieldId, impl Into<String>)>,
    ) -> Self {
        let fields = fields.into_iter().map(|(id, value)| (id, value.into()));
        self.with(|q| q.custom_fields.extend(fields))
    }

    /// Includes each conversation's threads (chat threads come shortened; use the thread
    /// list for their full text).
    pub fn embed_threads(self) -> Self {
        self.with(|q| q.embed_threads = true)
    }
}

impl Listing for ListConversations {
    type Item = Conversation;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Conversation>> {
        let page = page_number(&at)?;
        let mailboxes = join(&self.mailboxes);
        let tags = join(&self.tags);
        let custom_fields = (!self.custom_fields.is_empty()).then(|| {
            let pairs: Vec<String> = self
                .custom_fields
                .iter()
                .map(|(id, value)| format!("{id}:{value}"))
                .collect();
            pairs.join(",")
        });
        let embed = self.embed_threads.then_some(ConversationEmbed::Threads);
        let search = super::by_customer::search(self);
        let call = client.raw().list_conversations(
            self.assigned_to.map(UserId::get),
            custom_fields.as_deref(),
            embed.as_ref(),
            self.folder.map(FolderId::get),
            mailboxes.as_deref(),
            self.modified_since.as_ref(),
            self.number,
            Some(page),
            search.as_deref(),
            self.sort_field.as_ref(),
            self.sort_order.as_ref(),
            self.status.as_ref(),
            tags.as_deref(),
        );
        let response = client.run(operation::LIST_CONVERSATIONS, call).await?;
        let response = response.into_inner();
        let items = response
            .embedded
            .map(|e| e.conversations)
            .unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListConversations {}

/// The comma-separated list the API takes for a multi-valued filter; `None` when empty.
// quirk Q09: multi-value filters are comma-separated.
fn join<T: ToString>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| {
        let items: Vec<String> = items.iter().map(ToString::to_string).collect();
        items.join(",")
    })
}
