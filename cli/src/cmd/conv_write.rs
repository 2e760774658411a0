//! `hs conv create|reply|note|status|assign|move|tag|snooze|delete`: the writes.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;
use clap::{ArgGroup, Args, Subcommand};
use helpscout_mailbox::ids::{ConversationId, CustomerId, MailboxId};
use helpscout_mailbox::models::{
    ConversationStatus, ConversationType, CreateConversationStatus, CreateConversationThread,
    ThreadCustomer, ThreadStatusChange, Timestamp,
};

use super::conv::resolve_user;
use crate::exit;
use crate::parse::{self, UserRef};
use crate::session::Session;

/// The statuses a conversation can be set to.
const SETTABLE_STATUSES: &[&str] = &["active", "pending", "closed", "spam"];
/// The statuses a reply can leave a conversation in.
const REPLY_STATUSES: &[&str] = &["active", "pending", "closed"];

/// The writes of `hs conv`.
#[derive(Debug, Subcommand)]
pub enum WriteCommand {
    /// Create a conversation with its first thread
    Create(CreateArgs),
    /// Reply to the customer (the conversation's customer unless --customer)
    Reply {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// The reply's text (HTML allowed)
        #[arg(long)]
        text: String,
        /// The customer to reply to; looked up from the conversation when not given
        #[arg(long, value_name = "ID", value_parser = parse::id)]
        customer: Option<i64>,
        /// Save as a draft instead of sending
        #[arg(long)]
        draft: bool,
        /// The conversation's status after the reply: active, pending or closed
        #[arg(long, value_parser = |s: &str| parse::known::<ThreadStatusChange>(s, REPLY_STATUSES))]
        status: Option<ThreadStatusChange>,
    },
    /// Add an internal note
    Note {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// The note's text (HTML allowed)
        #[arg(long)]
        text: String,
    },
    /// Set the status: active, pending, closed or spam
    Status {
        #[arg(value_parser = parse::id)]
        id: i64,
        #[arg(value_parser = |s: &str| parse::known::<ConversationStatus>(s, SETTABLE_STATUSES))]
        status: ConversationStatus,
    },
    /// Assign to a user (an id or `me`), or unassign with `none`
    Assign {
        #[arg(value_parser = parse::id)]
        id: i64,
        #[arg(value_parser = parse::user_ref)]
        user: UserRef,
    },
    /// Move to another mailbox
    Move {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// The mailbox to move to
        #[arg(value_parser = parse::id)]
        mailbox: i64,
    },
    /// Add, remove or replace tags
    #[command(group(ArgGroup::new("change").required(true).multiple(true).args(["add", "remove", "set", "clear"])))]
    Tag {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// Add this tag (repeat for several)
        #[arg(long)]
        add: Vec<String>,
        /// Remove this tag (repeat for several)
        #[arg(long)]
        remove: Vec<String>,
        /// Replace all tags with these (repeat for several)
        #[arg(long, conflicts_with_all = ["add", "remove", "clear"])]
        set: Vec<String>,
        /// Remove every tag
        #[arg(long, conflicts_with_all = ["add", "remove"])]
        clear: bool,
    },
    /// Snooze until a date or for a while (2h, 3d), or end a snooze with --off
    #[command(group(ArgGroup::new("when").required(true).args(["until", "off"])))]
    Snooze {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// Until when: a date-time or a delay (2h, 3d)
        #[arg(long, value_name = "WHEN", value_parser = parse::future_timestamp)]
        until: Option<Timestamp>,
        /// Wake up early when the customer replies
        #[arg(long, requires = "until")]
        unsnooze_on_reply: bool,
        /// End the snooze
        #[arg(long)]
        off: bool,
    },
    /// Delete a conversation (asks first unless --yes)
    Delete {
        #[arg(value_parser = parse::id)]
        id: i64,
        /// Do not ask for confirmation
        #[arg(short, long)]
        yes: bool,
    },
}

/// Arguments of `hs conv create`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["customer_email", "customer"])))]
pub struct CreateArgs {
    /// The mailbox to create it in
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: i64,
    /// The customer's email (created if new)
    #[arg(long, value_name = "EMAIL")]
    pub customer_email: Option<String>,
    /// The customer's id
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub customer: Option<i64>,
    /// The subject
    #[arg(long)]
    pub subject: String,
    /// The first thread's text (HTML allowed)
    #[arg(long)]
    pub text: String,
    /// The first thread: a message from the customer, a reply, a note, a chat or a phone call
    #[arg(long, value_enum, default_value_t = FirstThread::Customer)]
    pub thread: FirstThread,
    /// The channel: email, chat or phone
    #[arg(long = "type", value_name = "TYPE", value_parser = |s: &str| parse::known::<ConversationType>(s, ConversationType::KNOWN))]
    pub kind: Option<ConversationType>,
    /// The status: active, pending or closed
    #[arg(long, value_parser = |s: &str| parse::known::<CreateConversationStatus>(s, CreateConversationStatus::KNOWN))]
    pub status: Option<CreateConversationStatus>,
    /// A tag (repeat for several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Assign to a user: an id or `me`
    #[arg(long, value_name = "USER", value_parser = parse::user_ref)]
    pub assign: Option<UserRef>,
}

/// The kind of a new conversation's first thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FirstThread {
    Customer,
    Reply,
    Note,
    Chat,
    Phone,
}

/// Runs a write.
pub async fn run(session: &Session, command: WriteCommand) -> Result<()> {
    let conversations = session.client.conversations();
    let out = &session.out;
    match command {
        WriteCommand::Create(args) => create(session, args).await,
        WriteCommand::Reply {
            id,
            text,
            customer,
            draft,
            status,
        } => {
            let threads = session.client.threads();
            let conversation = ConversationId::new(id);
            let mut reply = match customer {
                Some(customer) => threads.reply(conversation, CustomerId::new(customer), text),
                None => threads.reply_to_primary_customer(conversation, text),
            };
            if draft {
                reply = reply.draft();
            }
            if let Some(status) = status {
                reply = reply.status(status);
            }
            let thread = reply.send().await?;
            out.created("reply", Some(thread.get()))
        }
        WriteCommand::Note { id, text } => {
            let thread = session
                .client
                .threads()
                .note(ConversationId::new(id), text)
                .send()
                .await?;
            out.created("note", thread.id().map(|t| t.get()))
        }
        WriteCommand::Status { id, status } => {
            conversations
                .set_status(ConversationId::new(id), status.clone())
                .await?;
            out.done(&format!("conversation {id}: {status}"));
            Ok(())
        }
        WriteCommand::Assign { id, user } => {
            let conversation = ConversationId::new(id);
            if user == UserRef::Nobody {
                conversations.unassign(conversation).await?;
                out.done(&format!("conversation {id}: unassigned"));
            } else {
                let user = resolve_user(session, user).await?;
                conversations.assign(conversation, user).await?;
                out.done(&format!("conversation {id}: assigned to user {user}"));
            }
            Ok(())
        }
        WriteCommand::Move { id, mailbox } => {
            conversations
                .move_to(ConversationId::new(id), MailboxId::new(mailbox))
                .await?;
            out.done(&format!("conversation {id}: moved to mailbox {mailbox}"));
            Ok(())
        }
        WriteCommand::Tag {
            id,
            add,
            remove,
            set,
            clear,
        } => {
            let conversation = ConversationId::new(id);
            if clear || !set.is_empty() {
                conversations.replace_tags(conversation, &set).await?;
            }
            if !add.is_empty() {
                conversations.add_tags(conversation, &add).await?;
            }
            if !remove.is_empty() {
                conversations.remove_tags(conversation, &remove).await?;
            }
            out.done(&format!("conversation {id}: tags updated"));
            Ok(())
        }
        WriteCommand::Snooze {
            id,
            until,
            unsnooze_on_reply,
            off,
        } => {
            let conversation = ConversationId::new(id);
            match until {
                Some(until) if !off => {
                    conversations
                        .snooze(conversation, until, unsnooze_on_reply)
                        .await?;
                    out.done(&format!("conversation {id}: snoozed until {until}"));
                }
                _ => {
                    conversations.unsnooze(conversation).await?;
                    out.done(&format!("conversation {id}: snooze ended"));
                }
            }
            Ok(())
        }
        WriteCommand::Delete { id, yes } => {
            if !yes && !confirm(&format!("Delete conversation {id} for good?"))? {
                return Err(exit::usage("not deleted"));
            }
            conversations.delete(ConversationId::new(id)).await?;
            out.done(&format!("conversation {id}: deleted"));
            Ok(())
        }
    }
}

async fn create(session: &Session, args: CreateArgs) -> Result<()> {
    let customer = match (args.customer, args.customer_email) {
        (Some(id), _) => ThreadCustomer::by_id(CustomerId::new(id)),
        (None, Some(email)) => ThreadCustomer::by_email(email),
        (None, None) => return Err(exit::usage("give --customer or --customer-email")),
    };
    let thread = match args.thread {
        FirstThread::Customer => CreateConversationThread::customer(args.text),
        FirstThread::Reply => CreateConversationThread::reply(args.text),
        FirstThread::Note => CreateConversationThread::note(args.text),
        FirstThread::Chat => CreateConversationThread::chat(args.text),
        FirstThread::Phone => CreateConversationThread::phone(args.text),
    };
    let mut request = session.client.conversations().create(
        MailboxId::new(args.mailbox),
        customer,
        args.subject,
        thread,
    );
    if let Some(kind) = args.kind {
        request = request.kind(kind);
    }
    if let Some(status) = args.status {
        request = request.status(status);
    }
    request = request.tags(args.tag);
    if let Some(user) = args.assign {
        request = request.assign_to(resolve_user(session, user).await?);
    }
    let id = request.send().await?;
    session.out.created("conversation", Some(id.get()))
}

/// Asks `question` on the terminal; without one, refuses (a script must say `--yes`).
fn confirm(question: &str) -> Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(exit::usage(
            "refusing to delete without confirmation: pass --yes",
        ));
    }
    let mut stderr = std::io::stderr();
    write!(stderr, "{question} [y/N] ")?;
    stderr.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}
