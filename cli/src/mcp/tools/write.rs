//! The write tools: reply, note, status, assign, tag, snooze. Each checks `--allow-writes`
//! before anything else, and with `--mailbox` reads the conversation first to check its
//! mailbox; nothing is sent when a check fails.

use helpscout_mailbox::ids::{ConversationId, CustomerId, UserId};
use helpscout_mailbox::models::{Conversation, ConversationStatus, ThreadStatusChange};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::outcome::{Answer, Failure};
use super::{Context, positive};
use crate::parse::{self, UserRef};

/// The statuses `set_status` accepts.
const SETTABLE_STATUSES: &[&str] = &["active", "pending", "closed", "spam"];
/// The statuses a reply can leave the conversation in.
const REPLY_STATUSES: &[&str] = &["active", "pending", "closed"];

/// What a write did.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WriteResult {
    /// The conversation written to.
    pub conversation_id: i64,
    /// The new thread, for a reply or a note (when Help Scout says its id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<i64>,
    /// For a reply: whether it was saved as a draft rather than sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<bool>,
    /// What was done, in words.
    pub done: String,
}

impl WriteResult {
    fn new(conversation_id: i64, done: String) -> Self {
        Self {
            conversation_id,
            thread_id: None,
            draft: None,
            done,
        }
    }
}

/// Checks the write may happen: `--allow-writes`, a positive id, and with `--mailbox` the
/// conversation's mailbox (read first; returned for reuse).
async fn guard(
    context: &Context,
    id: i64,
) -> Result<(ConversationId, Option<Conversation>), Failure> {
    context.safety.check_write()?;
    let id = positive("conversation", id)?;
    let conversation = ConversationId::new(id);
    if context.safety.all_mailboxes() {
        return Ok((conversation, None));
    }
    let read = context
        .session
        .client
        .conversations()
        .get(conversation)
        .send()
        .await?;
    context
        .safety
        .check_conversation(id, read.mailbox_id.map(i64::from))?;
    Ok((conversation, Some(read)))
}

/// Arguments of `reply`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Reply {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// The reply (HTML allowed; plain line breaks are kept).
    #[schemars(length(min = 1))]
    pub text: String,
    /// The customer to reply to; the conversation's primary customer when left out.
    pub customer: Option<i64>,
    /// The conversation's status after the reply: `active`, `pending` or `closed`.
    pub status: Option<ThreadStatusChange>,
    /// Save as a draft instead of sending (always a draft when the server runs with
    /// `--draft-replies`).
    #[serde(default)]
    pub draft: bool,
}

/// `reply`: the customer id is resolved from the conversation when not given.
pub async fn reply(context: &Context, args: Reply) -> Result<Answer, Failure> {
    let (conversation, read) = guard(context, args.conversation).await?;
    if args.text.trim().is_empty() {
        return Err(Failure::Arguments("`text` is empty".into()));
    }
    let status = args
        .status
        .map(|s| parse::known::<ThreadStatusChange>(&s.to_string(), REPLY_STATUSES))
        .transpose()
        .map_err(|e| Failure::Arguments(format!("`status`: {e}")))?;
    let threads = context.session.client.threads();
    let customer = match args.customer {
        Some(customer) => Some(positive("customer", customer)?),
        // The conversation read for the mailbox check names the customer: no second read.
        None => read.as_ref().map(|c| c.primary_customer.id.get()),
    };
    let mut request = match customer {
        Some(customer) => threads.reply(conversation, CustomerId::new(customer), args.text),
        None => threads.reply_to_primary_customer(conversation, args.text),
    };
    let draft = args.draft || context.safety.draft_replies;
    if draft {
        request = request.draft();
    }
    if let Some(status) = status {
        request = request.status(status);
    }
    let thread = request.send().await?;
    let id = conversation.get();
    let mut result = WriteResult::new(
        id,
        if draft {
            format!("draft reply saved on conversation {id}, for a person to review and send")
        } else {
            format!("reply sent on conversation {id}")
        },
    );
    result.thread_id = Some(thread.get());
    result.draft = Some(draft);
    Answer::json(&result)
}

/// Arguments of `add_note`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AddNote {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// The note (HTML allowed); only the team sees it.
    #[schemars(length(min = 1))]
    pub text: String,
}

/// `add_note`.
pub async fn add_note(context: &Context, args: AddNote) -> Result<Answer, Failure> {
    let (conversation, _) = guard(context, args.conversation).await?;
    if args.text.trim().is_empty() {
        return Err(Failure::Arguments("`text` is empty".into()));
    }
    let thread = context
        .session
        .client
        .threads()
        .note(conversation, args.text)
        .send()
        .await?;
    let id = conversation.get();
    let mut result = WriteResult::new(id, format!("note added to conversation {id}"));
    result.thread_id = thread.id().map(|t| t.get());
    Answer::json(&result)
}

/// Arguments of `set_status`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetStatus {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// `active`, `pending`, `closed` or `spam`.
    pub status: ConversationStatus,
}

/// `set_status`.
pub async fn set_status(context: &Context, args: SetStatus) -> Result<Answer, Failure> {
    let (conversation, _) = guard(context, args.conversation).await?;
    let status = parse::known::<ConversationStatus>(&args.status.to_string(), SETTABLE_STATUSES)
        .map_err(|e| Failure::Arguments(format!("`status`: {e}")))?;
    context
        .session
        .client
        .conversations()
        .set_status(conversation, status.clone())
        .await?;
    let id = conversation.get();
    Answer::json(&WriteResult::new(
        id,
        format!("conversation {id} is now {status}"),
    ))
}

/// Arguments of `assign`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Assign {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// A user id (from `list_users`), `me` (the user the server acts as) or `none` to
    /// unassign.
    pub user: String,
}

/// `assign`.
pub async fn assign(context: &Context, args: Assign) -> Result<Answer, Failure> {
    let (conversation, _) = guard(context, args.conversation).await?;
    let user =
        parse::user_ref(&args.user).map_err(|e| Failure::Arguments(format!("`user`: {e}")))?;
    let conversations = context.session.client.conversations();
    let id = conversation.get();
    let done = match user {
        UserRef::Nobody => {
            conversations.unassign(conversation).await?;
            format!("conversation {id} unassigned")
        }
        UserRef::Id(user) => {
            conversations
                .assign(conversation, UserId::new(user))
                .await?;
            format!("conversation {id} assigned to user {user}")
        }
        UserRef::Me => {
            let user = crate::cmd::conv::resolve_user(&context.session, UserRef::Me).await?;
            conversations.assign(conversation, user).await?;
            format!("conversation {id} assigned to user {user}")
        }
    };
    Answer::json(&WriteResult::new(id, done))
}

/// Arguments of `tag`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TagConversation {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// Tags to add (created when new).
    #[serde(default)]
    pub add: Vec<String>,
    /// Tags to remove.
    #[serde(default)]
    pub remove: Vec<String>,
}

/// `tag`.
pub async fn tag(context: &Context, args: TagConversation) -> Result<Answer, Failure> {
    if args.add.is_empty() && args.remove.is_empty() {
        return Err(Failure::Arguments(
            "give tags to `add`, to `remove`, or both".into(),
        ));
    }
    let (conversation, _) = guard(context, args.conversation).await?;
    let conversations = context.session.client.conversations();
    if !args.add.is_empty() {
        conversations.add_tags(conversation, &args.add).await?;
    }
    if !args.remove.is_empty() {
        conversations
            .remove_tags(conversation, &args.remove)
            .await?;
    }
    let id = conversation.get();
    Answer::json(&WriteResult::new(
        id,
        format!(
            "conversation {id}: added [{}], removed [{}]",
            args.add.join(", "),
            args.remove.join(", ")
        ),
    ))
}

/// Arguments of `snooze`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Snooze {
    /// The conversation's id.
    #[schemars(range(min = 1))]
    pub conversation: i64,
    /// Until when: an RFC 3339 time in the future, or a delay such as `2h` or `3d`. Leave
    /// out (with `off: true`) to end a snooze.
    pub until: Option<String>,
    /// Wake the conversation early when the customer replies.
    #[serde(default)]
    pub unsnooze_on_reply: bool,
    /// End the snooze instead.
    #[serde(default)]
    pub off: bool,
}

/// `snooze`.
pub async fn snooze(context: &Context, args: Snooze) -> Result<Answer, Failure> {
    let until = match (&args.until, args.off) {
        (Some(_), true) => {
            return Err(Failure::Arguments(
                "give either `until` or `off: true`, not both".into(),
            ));
        }
        (None, false) => {
            return Err(Failure::Arguments(
                "give `until` (a time or a delay such as 2h), or `off: true`".into(),
            ));
        }
        (Some(until), false) => Some(
            parse::future_timestamp(until)
                .map_err(|e| Failure::Arguments(format!("`until`: {e}")))?,
        ),
        (None, true) => None,
    };
    let (conversation, _) = guard(context, args.conversation).await?;
    let conversations = context.session.client.conversations();
    let id = conversation.get();
    let done = match until {
        Some(until) => {
            conversations
                .snooze(conversation, until, args.unsnooze_on_reply)
                .await?;
            format!("conversation {id} snoozed until {until}")
        }
        None => {
            conversations.unsnooze(conversation).await?;
            format!("conversation {id}: snooze ended")
        }
    };
    Answer::json(&WriteResult::new(id, done))
}
