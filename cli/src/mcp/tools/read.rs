//! The read tools: conversations, customers, mailboxes with their folders, tags, users.

use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{ConversationId, CustomerId, FolderId, MailboxId, UserId};
use helpscout_mailbox::models::{
    Conversation, ConversationSortField, ConversationStatusFilter, Customer, CustomerSortField,
    CustomerSortOrder, Mailbox, MailboxFolder, SortOrder, Tag, Timestamp, User,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::outcome::{Answer, Failure};
use super::{Context, positive};
use crate::mcp::safety::Refusal;
use crate::mcp::thread_text;

/// Arguments of `search_conversations`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SearchConversations {
    /// Help Scout's search syntax: `subject:`, `body:`, `email:` (the customer's), `tag:`,
    /// `number:`, `customerIds:`, `assigned:`, `attachments:true`,
    /// `createdAt:[2024-05-01T00:00:00Z TO *]`, `modifiedAt:[... TO ...]`, combined with
    /// AND, OR, NOT and parentheses, e.g. `(subject:"refund" AND tag:"vip")`.
    pub query: Option<String>,
    /// Only in these mailboxes (ids from `list_mailboxes`).
    #[serde(default)]
    pub mailboxes: Vec<i64>,
    /// Only in this folder (ids from `list_mailboxes` with `folders: true`).
    pub folder: Option<i64>,
    /// `active` (Help Scout's default), `open`, `pending`, `closed`, `spam` or `all`.
    pub status: Option<ConversationStatusFilter>,
    /// Only with one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only assigned to this user (ids from `list_users`).
    pub assigned_to: Option<i64>,
    /// Only of this customer (ids from `search_customers`).
    pub customer: Option<i64>,
    /// Only modified at or after this time (RFC 3339, UTC).
    pub modified_since: Option<Timestamp>,
    /// Only the conversation with this number (the number shown in the web app).
    pub number: Option<i64>,
    /// Sort field; Help Scout's default is `createdAt`.
    pub sort_field: Option<ConversationSortField>,
    /// `desc` (default) or `asc`.
    pub sort_order: Option<SortOrder>,
    /// The page to fetch, 1-based; 25 conversations a page.
    #[schemars(range(min = 1))]
    pub page: Option<u64>,
}

/// One page of conversations.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationPage {
    /// The conversations of this page, without their threads (use `get_conversation`).
    pub conversations: Vec<Conversation>,
    /// This page's number, 1-based.
    pub page: u64,
    /// How many pages the search has.
    pub total_pages: u64,
    /// How many conversations the search matched.
    pub total_conversations: u64,
}

/// `search_conversations`.
pub async fn search_conversations(
    context: &Context,
    args: SearchConversations,
) -> Result<Answer, Failure> {
    let client = &context.session.client;
    let mut list = client.conversations().list();
    for mailbox in context.safety.search_mailboxes(&args.mailboxes)? {
        list = list.mailboxes([MailboxId::new(positive("mailboxes", mailbox)?)]);
    }
    if let Some(folder) = args.folder {
        list = list.folder(FolderId::new(positive("folder", folder)?));
    }
    if let Some(status) = args.status {
        list = list.status(status);
    }
    for tag in args.tags {
        list = list.tags([tag]);
    }
    if let Some(user) = args.assigned_to {
        list = list.assigned_to(UserId::new(positive("assignedTo", user)?));
    }
    if let Some(customer) = args.customer {
        list = list.customers([CustomerId::new(positive("customer", customer)?)]);
    }
    if let Some(since) = args.modified_since {
        list = list.modified_since(since);
    }
    if let Some(query) = args.query {
        list = list.query(query);
    }
    if let Some(number) = args.number {
        list = list.number(positive("number", number)?);
    }
    if let Some(field) = args.sort_field {
        list = list.sort_field(field);
    }
    if let Some(order) = args.sort_order {
        list = list.sort_order(order);
    }
    let page = list.page(args.page.unwrap_or(1).max(1)).await?;
    Answer::json(&ConversationPage {
        page: page.number,
        total_pages: page.total_pages,
        total_conversations: page.total_elements,
        conversations: page.items.into_iter().map(without_links).collect(),
    })
}

/// Arguments of `get_conversation`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetConversation {
    /// The conversation's id (not its number; `search_conversations` with `number` finds
    /// the id of a number).
    #[schemars(range(min = 1))]
    pub id: i64,
    /// At most this many of the latest threads (default 30).
    #[schemars(range(min = 1, max = 500))]
    pub max_threads: Option<usize>,
    /// Cut each thread's text after this many characters (default 2000).
    #[schemars(range(min = 100))]
    pub max_chars_per_thread: Option<usize>,
}

/// `get_conversation`: the conversation, then its threads oldest first as text.
pub async fn get_conversation(context: &Context, args: GetConversation) -> Result<Answer, Failure> {
    let id = positive("id", args.id)?;
    let client = &context.session.client;
    let conversation = client
        .conversations()
        .get(ConversationId::new(id))
        .send()
        .await?;
    context
        .safety
        .check_conversation(id, conversation.mailbox_id.map(i64::from))?;
    let max_threads = args.max_threads.unwrap_or(30).clamp(1, 500);
    let mut threads = Vec::new();
    let mut stream = client.threads().list(ConversationId::new(id)).stream();
    let mut more = false;
    while let Some(thread) = stream.try_next().await? {
        if threads.len() == max_threads {
            more = true;
            break;
        }
        threads.push(thread);
    }
    let max_chars = args.max_chars_per_thread.unwrap_or(2000).max(100);
    let view = thread_text::view(without_links(conversation), threads, more, max_chars);
    Ok(Answer::json(&view)?.with_text(thread_text::transcript))
}

/// Help Scout's links are of no use to an agent and cost tokens.
fn without_links(mut conversation: Conversation) -> Conversation {
    conversation.links = None;
    conversation
}

/// Arguments of `search_customers`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SearchCustomers {
    /// Help Scout's customer search syntax: `email:`, `emailDomain:`, `firstName:`,
    /// `lastName:`, `modifiedAt:[2024-05-01T00:00:00Z TO *]`, with AND/OR, e.g.
    /// `(email:"ada@example.com")`.
    pub query: Option<String>,
    /// Only with this first name.
    pub first_name: Option<String>,
    /// Only with this last name.
    pub last_name: Option<String>,
    /// Only customers of this mailbox.
    pub mailbox: Option<i64>,
    /// Only modified at or after this time (RFC 3339, UTC).
    pub modified_since: Option<Timestamp>,
    /// `score` (default), `firstName`, `lastName` or `modifiedAt`.
    pub sort_field: Option<CustomerSortField>,
    /// `desc` or `asc`.
    pub sort_order: Option<CustomerSortOrder>,
    /// The page to fetch, 1-based; 50 customers a page.
    #[schemars(range(min = 1))]
    pub page: Option<u64>,
}

/// One page of customers.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    /// The customers of this page.
    pub customers: Vec<Customer>,
    /// This page's number, 1-based.
    pub page: u64,
    /// How many pages the search has.
    pub total_pages: u64,
    /// How many customers the search matched.
    pub total_customers: u64,
}

/// `search_customers`.
pub async fn search_customers(context: &Context, args: SearchCustomers) -> Result<Answer, Failure> {
    let mut list = context.session.client.customers().list();
    if let Some(mailbox) = context.safety.customer_mailbox(args.mailbox)? {
        list = list.mailbox(MailboxId::new(positive("mailbox", mailbox)?));
    }
    if let Some(query) = args.query {
        list = list.query(query);
    }
    if let Some(name) = args.first_name {
        list = list.first_name(name);
    }
    if let Some(name) = args.last_name {
        list = list.last_name(name);
    }
    if let Some(since) = args.modified_since {
        list = list.modified_since(since);
    }
    if let Some(field) = args.sort_field {
        list = list.sort_field(field);
    }
    if let Some(order) = args.sort_order {
        list = list.sort_order(order);
    }
    let page = list.page(args.page.unwrap_or(1).max(1)).await?;
    Answer::json(&CustomerPage {
        page: page.number,
        total_pages: page.total_pages,
        total_customers: page.total_elements,
        customers: page.items.into_iter().map(customer_without_links).collect(),
    })
}

/// Arguments of `get_customer`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GetCustomer {
    /// The customer's id.
    #[schemars(range(min = 1))]
    pub id: i64,
}

/// `get_customer`: with an allow-list, only a customer with a conversation in an allowed
/// mailbox (one more request), so that the tool is no way around `--mailbox`.
pub async fn get_customer(context: &Context, args: GetCustomer) -> Result<Answer, Failure> {
    let id = positive("id", args.id)?;
    let client = &context.session.client;
    if !context.safety.all_mailboxes() {
        let mailboxes = context.safety.mailboxes.iter().copied();
        let list = client
            .conversations()
            .list()
            .customers([CustomerId::new(id)])
            .status(ConversationStatusFilter::All)
            .mailboxes(mailboxes.map(MailboxId::new));
        if list.send().await?.items.is_empty() {
            return Err(Refusal::Customer(id).into());
        }
    }
    let customer = client.customers().get(CustomerId::new(id)).await?;
    Answer::json(&customer_without_links(customer))
}

fn customer_without_links(mut customer: Customer) -> Customer {
    customer.links = None;
    customer
}

/// Arguments of `list_mailboxes`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListMailboxes {
    /// Also list each mailbox's folders with their conversation counts (one more request
    /// per mailbox).
    #[serde(default)]
    pub folders: bool,
}

/// A mailbox and, when asked for, its folders.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailboxEntry {
    /// The mailbox.
    pub mailbox: Mailbox,
    /// Its folders, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folders: Option<Vec<MailboxFolder>>,
}

/// The mailboxes this server may use.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MailboxList {
    /// Every mailbox the credentials see, less those outside `--mailbox`.
    pub mailboxes: Vec<MailboxEntry>,
}

/// `list_mailboxes`.
pub async fn list_mailboxes(context: &Context, args: ListMailboxes) -> Result<Answer, Failure> {
    let client = &context.session.client;
    let mailboxes: Vec<Mailbox> = client.mailboxes().list().stream().try_collect().await?;
    let mut entries = Vec::new();
    for mut mailbox in mailboxes {
        if !context.safety.allows_mailbox(mailbox.id.get()) {
            continue;
        }
        let folders = if args.folders {
            let folders: Vec<MailboxFolder> = client
                .mailboxes()
                .folders(mailbox.id)
                .stream()
                .try_collect()
                .await?;
            Some(folders)
        } else {
            None
        };
        mailbox.links = None;
        entries.push(MailboxEntry { mailbox, folders });
    }
    Ok(Answer::json(&MailboxList { mailboxes: entries })?.team_data())
}

/// Arguments of `list_tags` (none).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArguments {}

/// Every tag of the account.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TagList {
    /// The tags, with how many conversations carry each.
    pub tags: Vec<Tag>,
}

/// `list_tags`.
pub async fn list_tags(context: &Context, _: NoArguments) -> Result<Answer, Failure> {
    let tags: Vec<Tag> = context
        .session
        .client
        .tags()
        .list()
        .stream()
        .try_collect()
        .await?;
    Ok(Answer::json(&TagList { tags })?.team_data())
}

/// Arguments of `list_users`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListUsers {
    /// Only the user with this email address.
    pub email: Option<String>,
    /// Only users with access to this mailbox.
    pub mailbox: Option<i64>,
}

/// The team.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UserList {
    /// The users.
    pub users: Vec<User>,
}

/// `list_users`.
pub async fn list_users(context: &Context, args: ListUsers) -> Result<Answer, Failure> {
    let mut list = context.session.client.users().list();
    if let Some(email) = args.email {
        list = list.email(email);
    }
    if let Some(mailbox) = args.mailbox {
        if !context.safety.allows_mailbox(mailbox) {
            return Err(Refusal::Mailbox(mailbox).into());
        }
        list = list.mailbox(MailboxId::new(positive("mailbox", mailbox)?));
    }
    let mut users: Vec<User> = list.stream().try_collect().await?;
    for user in &mut users {
        user.links = None;
    }
    Ok(Answer::json(&UserList { users })?.team_data())
}
