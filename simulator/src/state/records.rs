//! The records of the account, one struct per resource, and [`Data`], the whole account.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use helpscout_mailbox::models::{
    ChatAvailability, ConversationStatus, ConversationType, CustomerGender, CustomerPhotoType,
    EmailAvailability, MailboxFolderType, RatingScore, RoutingAssignmentMethod, RoutingState,
    SourceType, StatusSource, ThreadState, ThreadStatus, ThreadType, UserRole, WebhookEvent,
    WebhookState, WorkflowStatus, WorkflowType,
};

use super::{Ids, slugify};

#[derive(Clone, Debug)]
pub(crate) struct MailboxRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) email: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) folders: Vec<FolderRec>,
    pub(crate) fields: Vec<FieldRec>,
    pub(crate) routing: RoutingRec,
    pub(crate) saved_replies: BTreeMap<i64, SavedReplyRec>,
    /// Users with access to the mailbox.
    pub(crate) user_ids: Vec<i64>,
}

impl MailboxRec {
    /// The folder a conversation in this mailbox lives in.
    pub(crate) fn folder_for(&self, c: &ConversationRec) -> Option<i64> {
        let wanted = if c.status == ConversationStatus::Spam {
            MailboxFolderType::Spam
        } else if c.status == ConversationStatus::Closed {
            MailboxFolderType::Closed
        } else if c.draft {
            MailboxFolderType::Drafts
        } else if c.assignee.is_some() {
            MailboxFolderType::Assigned
        } else {
            MailboxFolderType::Open
        };
        self.folders.iter().find(|f| f.kind == wanted).map(|f| f.id)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct FolderRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) kind: MailboxFolderType,
    pub(crate) user_id: Option<i64>,
    pub(crate) updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Dropdown,
    SingleLine,
    MultiLine,
    Number,
    Date,
}

impl FieldKind {
    pub(crate) fn wire(&self) -> &'static str {
        match self {
            Self::Dropdown => "dropdown",
            Self::SingleLine => "singleline",
            Self::MultiLine => "multiline",
            Self::Number => "number",
            Self::Date => "date",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct FieldRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) kind: FieldKind,
    pub(crate) required: bool,
    pub(crate) order: i64,
    /// Dropdown options: (id, order, label).
    pub(crate) options: Vec<(i64, i64, String)>,
}

#[derive(Clone, Debug)]
pub(crate) struct RoutingRec {
    pub(crate) state: RoutingState,
    pub(crate) assignment_limit: i64,
    pub(crate) method: RoutingAssignmentMethod,
    pub(crate) user_ids: Vec<i64>,
    /// Round-robin cursor into `user_ids`.
    pub(crate) cursor: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct SavedReplyRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) text: Option<String>,
    pub(crate) chat_text: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct UserRec {
    pub(crate) id: i64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) role: UserRole,
    pub(crate) timezone: String,
    pub(crate) job_title: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) alternate_emails: Vec<String>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    /// An AI agent: listed by `/v3/system-users` only, shown as `user` by v2 threads.
    pub(crate) system: bool,
    pub(crate) email_status: EmailAvailability,
    pub(crate) status_updated_at: DateTime<Utc>,
    pub(crate) status_performed_by: i64,
    pub(crate) status_source: StatusSource,
    pub(crate) custom_status: Option<(String, Option<String>, Option<String>)>,
    pub(crate) chat_status: ChatAvailability,
}

#[derive(Clone, Debug)]
pub(crate) struct TeamRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) timezone: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) member_ids: Vec<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct TagRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) color: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
}

/// A customer entry (email, phone, chat handle, social profile, website).
#[derive(Clone, Debug)]
pub(crate) struct EntryRec {
    pub(crate) id: i64,
    /// `None` for websites, which have no type.
    pub(crate) kind: Option<String>,
    pub(crate) value: String,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct AddressRec {
    pub(crate) city: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) postal_code: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) lines: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct CustomerRec {
    pub(crate) id: i64,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) gender: Option<CustomerGender>,
    pub(crate) job_title: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) organization: Option<String>,
    pub(crate) organization_id: Option<i64>,
    pub(crate) photo_type: Option<CustomerPhotoType>,
    pub(crate) photo_url: Option<String>,
    pub(crate) age: Option<String>,
    pub(crate) background: Option<String>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) updated_at: DateTime<Utc>,
    pub(crate) emails: Vec<EntryRec>,
    pub(crate) phones: Vec<EntryRec>,
    pub(crate) chats: Vec<EntryRec>,
    pub(crate) social_profiles: Vec<EntryRec>,
    pub(crate) websites: Vec<EntryRec>,
    pub(crate) address: Option<AddressRec>,
    /// Property values by slug.
    pub(crate) properties: BTreeMap<String, Value>,
}

impl CustomerRec {
    pub(crate) fn first_email(&self) -> Option<&str> {
        self.emails.first().map(|e| e.value.as_str())
    }
}

#[derive(Clone, Debug)]
pub(crate) struct PropertyDefRec {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) kind: String,
    /// Dropdown options: (id, label).
    pub(crate) options: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub(crate) struct OrgPropertyDefRec {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) options: Vec<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct OrganizationRec {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) website: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) logo_url: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) domains: Vec<String>,
    pub(crate) phones: Vec<String>,
    pub(crate) brand_color: Option<String>,
    pub(crate) properties: BTreeMap<String, String>,
    pub(crate) last_interaction_at: DateTime<Utc>,
}

/// Who did something: a user (or AI agent) or a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Actor {
    User(i64),
    Customer(i64),
}

#[derive(Clone, Debug)]
pub(crate) struct AttachmentRec {
    pub(crate) id: i64,
    pub(crate) filename: String,
    pub(crate) mime_type: String,
    /// Base64, as uploaded.
    pub(crate) data: String,
    pub(crate) size: i64,
}

#[derive(Clone, Debug)]
pub(crate) struct ScheduleRec {
    pub(crate) scheduled_by: i64,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) scheduled_for: DateTime<Utc>,
    pub(crate) unschedule_on_customer_reply: bool,
    pub(crate) send_as_id: Option<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct ThreadRec {
    pub(crate) id: i64,
    pub(crate) kind: ThreadType,
    pub(crate) status: ThreadStatus,
    pub(crate) state: ThreadState,
    /// Set by `PATCH replace /hidden`; shown as state `hidden`.
    pub(crate) hidden: bool,
    pub(crate) body: String,
    /// The text before the first edit (`replace /text`).
    pub(crate) original_body: Option<String>,
    pub(crate) customer_id: Option<i64>,
    pub(crate) created_by: Actor,
    pub(crate) assigned_to: Option<i64>,
    pub(crate) to: Vec<String>,
    pub(crate) cc: Vec<String>,
    pub(crate) bcc: Vec<String>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) opened_at: Option<DateTime<Utc>>,
    pub(crate) source: SourceType,
    pub(crate) attachments: Vec<AttachmentRec>,
    pub(crate) scheduled: Option<ScheduleRec>,
    pub(crate) saved_reply_id: Option<i64>,
    pub(crate) action: Option<(String, String)>,
    pub(crate) linked_conversation_id: Option<i64>,
    pub(crate) rating_id: Option<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct SnoozeRec {
    pub(crate) snoozed_by: i64,
    pub(crate) until: DateTime<Utc>,
    pub(crate) unsnooze_on_customer_reply: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct ConversationRec {
    pub(crate) id: i64,
    pub(crate) number: i64,
    pub(crate) kind: ConversationType,
    pub(crate) mailbox_id: i64,
    pub(crate) status: ConversationStatus,
    /// A draft conversation (created with a draft reply, not yet published).
    pub(crate) draft: bool,
    pub(crate) subject: String,
    pub(crate) customer_id: i64,
    pub(crate) created_by: Actor,
    pub(crate) assignee: Option<i64>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) modified_at: DateTime<Utc>,
    pub(crate) user_updated_at: Option<DateTime<Utc>>,
    pub(crate) closed_at: Option<DateTime<Utc>>,
    pub(crate) closed_by: Option<i64>,
    pub(crate) source: SourceType,
    pub(crate) source_via_customer: bool,
    pub(crate) tag_ids: Vec<i64>,
    pub(crate) cc: Vec<String>,
    pub(crate) bcc: Vec<String>,
    /// Custom-field values: field id to raw value.
    pub(crate) fields: BTreeMap<i64, String>,
    pub(crate) snooze: Option<SnoozeRec>,
    /// Oldest first.
    pub(crate) threads: Vec<ThreadRec>,
    /// Set when merged into another conversation: GET answers 301, writes 404.
    pub(crate) merged_into: Option<i64>,
}

impl ConversationRec {
    /// The threads that count towards the limit of 100.
    pub(crate) fn thread_count(&self) -> usize {
        self.threads.len()
    }

    pub(crate) fn touch(&mut self, at: DateTime<Utc>) {
        if at > self.modified_at {
            self.modified_at = at;
        }
    }

    /// When the customer has been waiting since: the latest customer thread after the
    /// latest published reply.
    pub(crate) fn customer_waiting_since(&self) -> Option<DateTime<Utc>> {
        let mut since = None;
        for t in &self.threads {
            match t.kind {
                ThreadType::Customer | ThreadType::Chat | ThreadType::Beaconchat
                    if since.is_none() =>
                {
                    since = Some(t.created_at);
                }
                ThreadType::Message if t.state == ThreadState::Published => since = None,
                _ => {}
            }
        }
        since
    }
}

#[derive(Clone, Debug)]
pub(crate) enum WorkflowAction {
    AddTag(String),
    SetStatus(ConversationStatus),
    Assign(i64),
}

#[derive(Clone, Debug)]
pub(crate) struct WorkflowRec {
    pub(crate) id: i64,
    pub(crate) mailbox_id: i64,
    pub(crate) kind: WorkflowType,
    pub(crate) status: WorkflowStatus,
    pub(crate) order: i64,
    pub(crate) name: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) modified_at: DateTime<Utc>,
    pub(crate) action: WorkflowAction,
}

#[derive(Clone, Debug)]
pub(crate) struct WebhookRec {
    pub(crate) id: i64,
    pub(crate) url: String,
    pub(crate) state: WebhookState,
    pub(crate) events: Vec<WebhookEvent>,
    pub(crate) notification: bool,
    pub(crate) label: Option<String>,
    pub(crate) secret: String,
    pub(crate) mailbox_ids: Vec<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct RatingRec {
    pub(crate) id: i64,
    pub(crate) customer_id: i64,
    pub(crate) user_id: i64,
    pub(crate) conversation_id: i64,
    pub(crate) thread_id: i64,
    pub(crate) rating: RatingScore,
    pub(crate) comments: Option<String>,
    pub(crate) created_at: DateTime<Utc>,
}

/// The whole account.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) ids: Ids,
    pub(crate) company_id: i64,
    /// The user the app belongs to: every token acts as this user.
    pub(crate) owner_id: i64,
    pub(crate) mailboxes: BTreeMap<i64, MailboxRec>,
    pub(crate) users: BTreeMap<i64, UserRec>,
    pub(crate) teams: BTreeMap<i64, TeamRec>,
    pub(crate) tags: BTreeMap<i64, TagRec>,
    pub(crate) customers: BTreeMap<i64, CustomerRec>,
    pub(crate) customer_properties: Vec<PropertyDefRec>,
    pub(crate) organizations: BTreeMap<i64, OrganizationRec>,
    pub(crate) organization_properties: Vec<OrgPropertyDefRec>,
    pub(crate) conversations: BTreeMap<i64, ConversationRec>,
    pub(crate) workflows: BTreeMap<i64, WorkflowRec>,
    pub(crate) webhooks: BTreeMap<i64, WebhookRec>,
    pub(crate) ratings: BTreeMap<i64, RatingRec>,
    /// Lower-cased e-mail address to customer id.
    pub(crate) customer_by_email: HashMap<String, i64>,
    /// Lower-cased tag name to tag id.
    pub(crate) tag_by_name: HashMap<String, i64>,
    /// Customers deleted asynchronously (`?async=true`), for inspection.
    pub(crate) deleted_customers: HashSet<i64>,
}

impl Data {
    pub(crate) fn new() -> Self {
        Self {
            ids: Ids::new(),
            company_id: 12_345,
            owner_id: 0,
            mailboxes: BTreeMap::new(),
            users: BTreeMap::new(),
            teams: BTreeMap::new(),
            tags: BTreeMap::new(),
            customers: BTreeMap::new(),
            customer_properties: Vec::new(),
            organizations: BTreeMap::new(),
            organization_properties: Vec::new(),
            conversations: BTreeMap::new(),
            workflows: BTreeMap::new(),
            webhooks: BTreeMap::new(),
            ratings: BTreeMap::new(),
            customer_by_email: HashMap::new(),
            tag_by_name: HashMap::new(),
            deleted_customers: HashSet::new(),
        }
    }

    /// The id of the tag called `name` (case-insensitively), created if it does not exist.
    /// Help Scout keeps tag names in lower case.
    pub(crate) fn tag_id(&mut self, name: &str, now: DateTime<Utc>) -> i64 {
        let key = name.trim().to_lowercase();
        if let Some(&id) = self.tag_by_name.get(&key) {
            return id;
        }
        let id = self.ids.next("tag");
        let colors = [
            "#929499", "#e54b4b", "#f5a623", "#4bb85f", "#3197d6", "#9b59b6",
        ];
        let color = colors[(id as usize) % colors.len()].to_owned();
        self.tags.insert(
            id,
            TagRec {
                id,
                slug: slugify(&key),
                name: key.clone(),
                color,
                created_at: now,
                updated_at: now,
            },
        );
        self.tag_by_name.insert(key, id);
        id
    }

    pub(crate) fn add_customer(&mut self, customer: CustomerRec) {
        for email in &customer.emails {
            self.customer_by_email
                .entry(email.value.to_lowercase())
                .or_insert(customer.id);
        }
        self.customers.insert(customer.id, customer);
    }

    /// Rebuilds the e-mail index of one customer after its entries changed.
    pub(crate) fn reindex_customer(&mut self, id: i64) {
        self.customer_by_email.retain(|_, owner| *owner != id);
        if let Some(customer) = self.customers.get(&id) {
            for email in &customer.emails {
                self.customer_by_email
                    .entry(email.value.to_lowercase())
                    .or_insert(id);
            }
        }
    }

    pub(crate) fn remove_customer(&mut self, id: i64) -> Option<CustomerRec> {
        let removed = self.customers.remove(&id);
        self.customer_by_email.retain(|_, owner| *owner != id);
        removed
    }

    /// The next user of a mailbox's routing rotation, when routing is enabled.
    pub(crate) fn route(&mut self, mailbox_id: i64) -> Option<i64> {
        let mailbox = self.mailboxes.get_mut(&mailbox_id)?;
        let routing = &mut mailbox.routing;
        if routing.state != RoutingState::Enabled || routing.user_ids.is_empty() {
            return None;
        }
        let user = routing.user_ids[routing.cursor % routing.user_ids.len()];
        routing.cursor = routing.cursor.wrapping_add(1);
        Some(user)
    }

    /// Finds the conversation holding `thread_id`.
    pub(crate) fn find_attachment(&self, conversation_id: i64, attachment_id: i64) -> bool {
        self.conversations.get(&conversation_id).is_some_and(|c| {
            c.threads
                .iter()
                .any(|t| t.attachments.iter().any(|a| a.id == attachment_id))
        })
    }
}
