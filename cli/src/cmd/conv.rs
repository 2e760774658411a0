//! `hs conv`: list and read conversations; the writes are in `conv_write.rs`.

use anyhow::Result;
use clap::{Args, Subcommand};
use futures_util::TryStreamExt;
use helpscout_mailbox::ids::{ConversationId, CustomerId, FolderId, MailboxId, UserId};
use helpscout_mailbox::models::{
    Conversation, ConversationSortField, ConversationStatusFilter, SortOrder, Timestamp,
};

use super::conv_write::{self, WriteCommand};
use crate::output::{Column, col, value, values};
use crate::parse::{self, UserRef};
use crate::session::Session;

/// The columns of a conversation table.
pub const COLUMNS: &[Column] = &[
    col("ID", "/id"),
    col("Number", "/number"),
    col("Status", "/status"),
    col("Mailbox", "/mailboxId"),
    col("Customer", "/primaryCustomer/email"),
    col("Assignee", "/assignee/email"),
    col("Subject", "/subject"),
    col("Tags", "/tags"),
];

/// The columns of a thread table.
const THREAD_COLUMNS: &[Column] = &[
    col("ID", "/id"),
    col("Type", "/type"),
    col("Status", "/status"),
    col("By", "/createdBy/email"),
    col("Created", "/createdAt"),
    col("Text", "/body"),
];

/// `hs conv ...`
#[derive(Debug, Subcommand)]
pub enum ConvCommand {
    /// List conversations (the first page unless --all, --page or --limit)
    List(ListArgs),
    /// Show a conversation and its threads
    Get {
        /// The conversation's id (not its number)
        #[arg(value_parser = parse::id)]
        id: i64,
        /// Leave the threads out
        #[arg(long)]
        no_threads: bool,
    },
    #[command(flatten)]
    Write(WriteCommand),
}

/// Filters and paging of `hs conv list`: every filter of the list operation.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only in this mailbox (repeat for several)
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: Vec<i64>,
    /// Only in this folder
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub folder: Option<i64>,
    /// Status: active, open, pending, closed, spam or all [Help Scout's default: active]
    #[arg(long, value_parser = |s: &str| parse::known::<ConversationStatusFilter>(s, ConversationStatusFilter::KNOWN))]
    pub status: Option<ConversationStatusFilter>,
    /// Only with this tag (repeat for several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Only assigned to this user: an id or `me`
    #[arg(long, value_name = "USER", value_parser = parse::user_ref)]
    pub assignee: Option<UserRef>,
    /// Only of this customer
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub customer: Option<i64>,
    /// Only modified since: a date (2024-05-01, 2024-05-01T12:00:00Z) or an age (7d, 36h)
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub modified_since: Option<Timestamp>,
    /// Help Scout's search syntax, e.g. `(subject:"refund" AND status:open)`
    #[arg(long)]
    pub query: Option<String>,
    /// Only the conversation with this number
    #[arg(long, value_parser = parse::id)]
    pub number: Option<i64>,
    /// Sort field: createdAt, customerEmail, customerName, mailboxid, modifiedAt, number,
    /// score, status, subject or waitingSince
    #[arg(long, value_name = "FIELD", value_parser = |s: &str| parse::known::<ConversationSortField>(s, ConversationSortField::KNOWN))]
    pub sort: Option<ConversationSortField>,
    /// Sort order: asc or desc
    #[arg(long, value_parser = |s: &str| parse::known::<SortOrder>(s, SortOrder::KNOWN))]
    pub order: Option<SortOrder>,
    /// Include the threads of each conversation
    #[arg(long)]
    pub threads: bool,
    /// Fetch this page (1-based)
    #[arg(long, value_parser = parse::id, conflicts_with_all = ["all", "limit"])]
    pub page: Option<i64>,
    /// Fetch every page
    #[arg(long)]
    pub all: bool,
    /// Stop after this many conversations (walks pages as needed)
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub limit: Option<usize>,
}

/// Runs `hs conv ...`.
pub async fn run(session: &Session, command: ConvCommand) -> Result<()> {
    match command {
        ConvCommand::List(args) => list(session, args).await,
        ConvCommand::Get { id, no_threads } => get(session, id, !no_threads).await,
        ConvCommand::Write(command) => conv_write::run(session, command).await,
    }
}

async fn list(session: &Session, args: ListArgs) -> Result<()> {
    let client = &session.client;
    let mailboxes = args.mailbox.iter().copied().map(MailboxId::new);
    let mut list = client.conversations().list().mailboxes(mailboxes);
    if let Some(folder) = args.folder {
        list = list.folder(FolderId::new(folder));
    }
    if let Some(status) = args.status {
        list = list.status(status);
    }
    list = list.tags(&args.tag);
    match args.assignee {
        None => {}
        Some(user) => list = list.assigned_to(resolve_user(session, user).await?),
    }
    if let Some(customer) = args.customer {
        list = list.customers([CustomerId::new(customer)]);
    }
    if let Some(since) = args.modified_since {
        list = list.modified_since(since);
    }
    if let Some(query) = &args.query {
        list = list.query(query);
    }
    if let Some(number) = args.number {
        list = list.number(number);
    }
    if let Some(field) = args.sort {
        list = list.sort_field(field);
    }
    if let Some(order) = args.order {
        list = list.sort_order(order);
    }
    if args.threads {
        list = list.embed_threads();
    }
    let conversations: Vec<Conversation> = if args.all || args.limit.is_some() {
        let limit = args.limit.unwrap_or(usize::MAX);
        take_n(list.stream(), limit).await?
    } else {
        let number = args.page.and_then(|p| u64::try_from(p).ok()).unwrap_or(1);
        let page = list.page(number).await?;
        if page.has_next() && !session.out.quiet() {
            crate::output::note!(
                "page {} of {} ({} conversations); --all or --page N for more",
                page.number,
                page.total_pages,
                page.total_elements
            );
        }
        page.items
    };
    session.out.list(&values(&conversations)?, COLUMNS)
}

/// Collects at most `n` items of a fallible stream, requesting no page beyond them.
pub async fn take_n<T>(
    mut stream: impl futures_util::Stream<Item = helpscout_mailbox::Result<T>> + Unpin,
    n: usize,
) -> Result<Vec<T>> {
    let mut items = Vec::new();
    while items.len() < n {
        match stream.try_next().await? {
            Some(item) => items.push(item),
            None => break,
        }
    }
    Ok(items)
}

async fn get(session: &Session, id: i64, threads: bool) -> Result<()> {
    let mut request = session.client.conversations().get(ConversationId::new(id));
    if threads {
        request = request.embed_threads();
    }
    let conversation = value(&request.send().await?)?;
    session.out.one(&conversation)?;
    if threads && session.out.format() == crate::output::Format::Table {
        let threads = conversation
            .pointer("/_embedded/threads")
            .and_then(|t| t.as_array())
            .cloned()
            .unwrap_or_default();
        let threads: Vec<_> = threads.into_iter().map(plain_body).collect();
        session.out.list(&threads, THREAD_COLUMNS)?;
    }
    Ok(())
}

/// A thread with its HTML body reduced to text for a table cell.
fn plain_body(mut thread: serde_json::Value) -> serde_json::Value {
    if let Some(body) = thread.get_mut("body")
        && let Some(html) = body.as_str()
    {
        *body = serde_json::Value::String(strip_tags(html));
    }
    thread
}

/// Drops HTML tags; enough for a one-line preview, not a renderer.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The user id of `me` (one request), or of an id; `none` is only valid for assignment.
pub async fn resolve_user(session: &Session, user: UserRef) -> Result<UserId> {
    match user {
        UserRef::Id(id) => Ok(UserId::new(id)),
        UserRef::Me => {
            let me = session.client.users().me().await?;
            Ok(me.id)
        }
        UserRef::Nobody => Err(crate::exit::usage(
            "`none` only makes sense for `hs conv assign`",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_stripped() {
        assert_eq!(
            strip_tags("<p>Hi <b>there</b></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["Hi", "there"]
        );
        assert_eq!(strip_tags("a < b"), "a  ");
    }
}
