//! Deterministic seeding: the same seed and sizes give the same account, id for id.
//!
//! Seeded timestamps lie in the year before [`SEED_EPOCH`], a fixed date, so they do not
//! depend on when the simulator starts; resources created through the API get the simulated
//! current time.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

use helpscout_mailbox::models::{
    ChatAvailability, ConversationStatus, ConversationType, CustomerGender, CustomerPhotoType,
    EmailAvailability, MailboxFolderType, RatingScore, RoutingAssignmentMethod, RoutingState,
    SourceType, StatusSource, ThreadState, ThreadStatus, ThreadType, UserRole, WebhookEvent,
    WebhookState, WorkflowStatus, WorkflowType,
};

use crate::state::{
    Actor, AddressRec, AttachmentRec, ConversationRec, CustomerRec, Data, EntryRec, FieldKind,
    FieldRec, FolderRec, MailboxRec, OrgPropertyDefRec, OrganizationRec, PropertyDefRec, RatingRec,
    Rng, RoutingRec, SavedReplyRec, SnoozeRec, TeamRec, ThreadRec, UserRec, WebhookRec,
    WorkflowAction, WorkflowRec, slugify,
};

/// How much to seed.
#[derive(Clone, Debug)]
pub(crate) struct SeedSizes {
    pub(crate) conversations: usize,
    pub(crate) customers: Option<usize>,
    pub(crate) mailboxes: usize,
    pub(crate) users: usize,
    pub(crate) max_threads: usize,
}

impl Default for SeedSizes {
    fn default() -> Self {
        Self {
            conversations: 100,
            customers: None,
            mailboxes: 3,
            users: 6,
            max_threads: 5,
        }
    }
}

/// Seeded data is dated in the year before this instant: 2025-06-01T00:00:00Z.
pub(crate) fn seed_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Katherine",
    "John",
    "Radia",
    "Tim",
    "Hedy",
    "Donald",
    "Sophie",
    "Niklaus",
    "Anita",
    "Guido",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Johnson",
    "McCarthy",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Knuth",
    "Wilson",
    "Wirth",
    "Borg",
    "van Rossum",
];
const MAILBOXES: &[&str] = &[
    "Support", "Billing", "Sales", "Partners", "Returns", "Press", "Careers", "Security",
];
const TAGS: &[&str] = &[
    "vip",
    "billing",
    "bug",
    "feature-request",
    "refund",
    "urgent",
    "follow-up",
    "onboarding",
    "feedback",
    "shipping",
    "account",
    "priority",
];
const SUBJECTS: &[&str] = &[
    "Cannot log in to my account",
    "Question about my invoice",
    "Refund request for order",
    "Feature request: dark mode",
    "The export button does nothing",
    "How do I change my plan?",
    "Shipping delay",
    "Password reset e-mail never arrives",
    "API returns 500 on large requests",
    "Thank you!",
    "Cancel my subscription",
    "Wrong item delivered",
];
const CUSTOMER_LINES: &[&str] = &[
    "Hi, I have a problem and could use some help.",
    "Following up on my previous message, any news?",
    "Thanks, that worked! One more question though.",
    "It still does not work for me, see the attached screenshot.",
    "Could you please check this as soon as possible?",
];
const REPLY_LINES: &[&str] = &[
    "Thanks for reaching out! Let me look into this for you.",
    "I have fixed this on our side; could you try again?",
    "Happy to help. Here is how to do it, step by step.",
    "Sorry for the trouble. I have issued a refund.",
    "Glad it works now. Anything else I can help with?",
];
const NOTE_LINES: &[&str] = &[
    "Checked the logs: this is the known sync issue.",
    "Escalating to engineering.",
    "Customer is on the legacy plan.",
    "@team please take a look.",
];
const ORGS: &[(&str, &str)] = &[
    ("Acme Corp", "acme.example"),
    ("Globex", "globex.example"),
    ("Initech", "initech.example"),
    ("Umbrella", "umbrella.example"),
    ("Hooli", "hooli.example"),
    ("Stark Industries", "stark.example"),
    ("Wayne Enterprises", "wayne.example"),
    ("Soylent", "soylent.example"),
];
const FREE_DOMAINS: &[&str] = &["mail.example", "inbox.example", "post.example"];
const TIMEZONES: &[&str] = &[
    "America/New_York",
    "Europe/Paris",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/London",
];

/// Builds the account.
pub(crate) fn seed(seed: u64, sizes: &SeedSizes) -> Data {
    let mut rng = Rng::new(seed);
    let mut d = Data::new();
    let epoch = seed_epoch();
    let year_ago = epoch - Duration::days(365);
    let past = |rng: &mut Rng| year_ago + Duration::seconds((rng.below(364 * 86_400)) as i64);

    // Users; the first is the account owner, whom every token acts as.
    let user_count = sizes.users.max(1);
    for i in 0..user_count {
        let id = d.ids.next("user");
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i * 7 + 3) % LAST.len()];
        let role = match i {
            0 => UserRole::Owner,
            1 => UserRole::Admin,
            _ if i + 1 == user_count && user_count > 3 => UserRole::LightUser,
            _ => UserRole::User,
        };
        let created = past(&mut rng);
        d.users.insert(
            id,
            UserRec {
                id,
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email: format!("{}.{}@helpdesk.example", first, slugify(last)).to_lowercase(),
                role,
                timezone: rng.pick(TIMEZONES).to_string(),
                job_title: Some(
                    ["Support Lead", "Support Agent", "Billing Specialist"][i % 3].to_owned(),
                ),
                phone: (i % 2 == 0).then(|| format!("+1-555-01{:02}", i % 100)),
                alternate_emails: Vec::new(),
                created_at: created,
                updated_at: created,
                system: false,
                email_status: if rng.chance(0.8) {
                    EmailAvailability::Active
                } else {
                    EmailAvailability::Away
                },
                status_updated_at: created,
                status_performed_by: id,
                status_source: StatusSource::Ui,
                custom_status: None,
                chat_status: if rng.chance(0.5) {
                    ChatAvailability::Available
                } else {
                    ChatAvailability::Unavailable
                },
            },
        );
    }
    d.owner_id = d.users.keys().next().copied().unwrap_or(1_000);
    let user_ids: Vec<i64> = d.users.keys().copied().collect();
    // One AI agent, shown as a `user` by v2 threads and as a `system_user` by v3.
    let ai_id = d.ids.next("user");
    d.users.insert(
        ai_id,
        UserRec {
            id: ai_id,
            first_name: "AI".to_owned(),
            last_name: "Answers".to_owned(),
            email: String::new(),
            role: UserRole::User,
            timezone: "UTC".to_owned(),
            job_title: None,
            phone: None,
            alternate_emails: Vec::new(),
            created_at: year_ago,
            updated_at: year_ago,
            system: true,
            email_status: EmailAvailability::Active,
            status_updated_at: year_ago,
            status_performed_by: ai_id,
            status_source: StatusSource::Api,
            custom_status: None,
            chat_status: ChatAvailability::Unavailable,
        },
    );

    // Teams.
    for (i, name) in ["Tier 1", "Billing Team"].iter().enumerate() {
        let id = d.ids.next("team");
        let members = user_ids
            .iter()
            .copied()
            .enumerate()
            .filter(|(n, _)| n % 2 == i % 2 || *n == 0)
            .map(|(_, id)| id)
            .collect();
        d.teams.insert(
            id,
            TeamRec {
                id,
                name: (*name).to_owned(),
                timezone: "America/New_York".to_owned(),
                created_at: year_ago,
                updated_at: year_ago,
                member_ids: members,
            },
        );
    }

    // Mailboxes with folders, custom fields, routing and saved replies.
    for i in 0..sizes.mailboxes.max(1) {
        let id = d.ids.next("mailbox");
        let name = MAILBOXES
            .get(i)
            .map(|name| (*name).to_owned())
            .unwrap_or_else(|| format!("Inbox {}", i + 1));
        let slug = slugify(&name);
        let mut folders = Vec::new();
        for (fname, kind, mine) in [
            ("Unassigned", MailboxFolderType::Open, false),
            ("Mine", MailboxFolderType::Mytickets, true),
            ("Needs Attention", MailboxFolderType::Needsattention, false),
            ("Drafts", MailboxFolderType::Drafts, false),
            ("Assigned", MailboxFolderType::Assigned, false),
            ("Closed", MailboxFolderType::Closed, false),
            ("Spam", MailboxFolderType::Spam, false),
        ] {
            folders.push(FolderRec {
                id: d.ids.next("folder"),
                name: fname.to_owned(),
                kind,
                user_id: mine.then_some(d.owner_id),
                updated_at: epoch,
            });
        }
        let mut fields = Vec::new();
        for (order, (fname, kind)) in [
            ("Account Type", FieldKind::Dropdown),
            ("Order Number", FieldKind::Number),
            ("Renewal Date", FieldKind::Date),
            ("Reference", FieldKind::SingleLine),
            ("Details", FieldKind::MultiLine),
        ]
        .into_iter()
        .enumerate()
        {
            let field_id = d.ids.next("field");
            let options = if kind == FieldKind::Dropdown {
                ["Free", "Pro", "Enterprise"]
                    .iter()
                    .enumerate()
                    .map(|(n, label)| (d.ids.next("option"), n as i64 + 1, (*label).to_owned()))
                    .collect()
            } else {
                Vec::new()
            };
            fields.push(FieldRec {
                id: field_id,
                name: fname.to_owned(),
                kind,
                required: false,
                order: order as i64 + 1,
                options,
            });
        }
        let mut saved_replies = BTreeMap::new();
        for (sname, text, chat) in [
            (
                "Greeting",
                Some("Hi there,<br /><br />Thanks for contacting us!"),
                Some("Hi! Thanks for reaching out."),
            ),
            (
                "Refund policy",
                Some("Refunds are processed within 5 business days."),
                None,
            ),
            (
                "Chat: one moment",
                None,
                Some("One moment please, I'm checking."),
            ),
        ] {
            let reply_id = d.ids.next("savedReply");
            saved_replies.insert(
                reply_id,
                SavedReplyRec {
                    id: reply_id,
                    name: sname.to_owned(),
                    text: text.map(str::to_owned),
                    chat_text: chat.map(str::to_owned),
                },
            );
        }
        let access: Vec<i64> = user_ids
            .iter()
            .copied()
            .enumerate()
            .filter(|(n, _)| i == 0 || n % (i + 1) == 0)
            .map(|(_, id)| id)
            .collect();
        d.mailboxes.insert(
            id,
            MailboxRec {
                id,
                email: format!("{slug}@acme-support.example"),
                name,
                slug,
                created_at: year_ago,
                updated_at: year_ago,
                folders,
                fields,
                routing: RoutingRec {
                    // Routing on for the second inbox only, so that assignment in the first
                    // stays predictable.
                    state: if i == 1 {
                        RoutingState::Enabled
                    } else {
                        RoutingState::Disabled
                    },
                    assignment_limit: 10,
                    method: RoutingAssignmentMethod::RoundRobin,
                    user_ids: access.clone(),
                    cursor: 0,
                },
                saved_replies,
                user_ids: access,
            },
        );
    }
    let mailbox_ids: Vec<i64> = d.mailboxes.keys().copied().collect();

    for name in TAGS {
        let at = past(&mut rng);
        let id = d.tag_id(name, at);
        if let Some(tag) = d.tags.get_mut(&id) {
            tag.updated_at = at;
        }
    }
    let tag_ids: Vec<i64> = d.tags.keys().copied().collect();

    // Customer property definitions.
    d.customer_properties = vec![
        PropertyDefRec {
            slug: "plan".to_owned(),
            name: "Plan".to_owned(),
            kind: "dropdown".to_owned(),
            options: vec![
                (
                    "5f0c8a1e-0000-4000-8000-000000000001".to_owned(),
                    "Free".to_owned(),
                ),
                (
                    "5f0c8a1e-0000-4000-8000-000000000002".to_owned(),
                    "Pro".to_owned(),
                ),
                (
                    "5f0c8a1e-0000-4000-8000-000000000003".to_owned(),
                    "Enterprise".to_owned(),
                ),
            ],
        },
        PropertyDefRec {
            slug: "mrr".to_owned(),
            name: "Monthly revenue".to_owned(),
            kind: "number".to_owned(),
            options: Vec::new(),
        },
        PropertyDefRec {
            slug: "signup-date".to_owned(),
            name: "Signup date".to_owned(),
            kind: "date".to_owned(),
            options: Vec::new(),
        },
        PropertyDefRec {
            slug: "dashboard".to_owned(),
            name: "Dashboard".to_owned(),
            kind: "url".to_owned(),
            options: Vec::new(),
        },
    ];
    d.organization_properties = vec![
        OrgPropertyDefRec {
            id: d.ids.next("orgProperty"),
            slug: "industry".to_owned(),
            name: "Industry".to_owned(),
            kind: "dropdown".to_owned(),
            options: vec![
                "Software".to_owned(),
                "Retail".to_owned(),
                "Finance".to_owned(),
            ],
        },
        OrgPropertyDefRec {
            id: d.ids.next("orgProperty"),
            slug: "account-owner".to_owned(),
            name: "Account owner".to_owned(),
            kind: "text".to_owned(),
            options: Vec::new(),
        },
    ];

    // Organizations.
    for (i, (name, domain)) in ORGS.iter().enumerate() {
        let id = d.ids.next("organization");
        let mut properties = BTreeMap::new();
        properties.insert(
            "industry".to_owned(),
            ["Software", "Retail", "Finance"][i % 3].to_owned(),
        );
        d.organizations.insert(
            id,
            OrganizationRec {
                id,
                name: (*name).to_owned(),
                website: Some(format!("https://www.{domain}")),
                description: Some(format!("{name} is a customer of ours.")),
                location: Some(["US", "FR", "JP", "GB"][i % 4].to_owned()),
                logo_url: None,
                note: (i % 2 == 0).then(|| "Key account".to_owned()),
                domains: vec![(*domain).to_owned()],
                phones: vec![format!("+1-555-02{i:02}")],
                brand_color: Some("#3197d6".to_owned()),
                properties,
                last_interaction_at: past(&mut rng),
            },
        );
    }
    let org_ids: Vec<i64> = d.organizations.keys().copied().collect();

    // Customers with their entries.
    let customer_count = sizes
        .customers
        .unwrap_or_else(|| (sizes.conversations / 3).max(20))
        .max(1);
    for n in 0..customer_count {
        let id = d.ids.next("customer");
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let org = (rng.chance(0.4) && !org_ids.is_empty()).then(|| org_ids[n % org_ids.len()]);
        let domain = match org.and_then(|o| d.organizations.get(&o)) {
            Some(o) => o.domains.first().cloned().unwrap_or_default(),
            None => rng.pick(FREE_DOMAINS).to_string(),
        };
        let created = past(&mut rng);
        let local = format!("{}.{}{}", first, slugify(last), n + 1).to_lowercase();
        let mut emails = vec![EntryRec {
            id: d.ids.next("entry"),
            kind: Some(if org.is_some() { "work" } else { "home" }.to_owned()),
            value: format!("{local}@{domain}"),
        }];
        if rng.chance(0.2) {
            emails.push(EntryRec {
                id: d.ids.next("entry"),
                kind: Some("other".to_owned()),
                value: format!("{local}@{}", rng.pick(FREE_DOMAINS)),
            });
        }
        let entry = |rng: &mut Rng,
                     p: f64,
                     kind: Option<&str>,
                     value: String,
                     ids: &mut crate::state::Ids| {
            if rng.chance(p) {
                vec![EntryRec {
                    id: ids.next("entry"),
                    kind: kind.map(str::to_owned),
                    value,
                }]
            } else {
                Vec::new()
            }
        };
        let phones = entry(
            &mut rng,
            0.5,
            Some("work"),
            format!("+1-555-{:04}", n % 10_000),
            &mut d.ids,
        );
        let chats = entry(
            &mut rng,
            0.2,
            Some("skype"),
            format!("{local}.skype"),
            &mut d.ids,
        );
        let social_profiles = entry(
            &mut rng,
            0.3,
            Some("twitter"),
            format!("https://twitter.example/{local}"),
            &mut d.ids,
        );
        let websites = entry(
            &mut rng,
            0.2,
            None,
            format!("https://{local}.blog.example"),
            &mut d.ids,
        );
        let address = rng.chance(0.5).then(|| AddressRec {
            city: Some(["Dallas", "Lyon", "Osaka", "Leeds"][n % 4].to_owned()),
            state: Some(["TX", "ARA", "OSK", "WYK"][n % 4].to_owned()),
            postal_code: Some(format!("{:05}", 10_000 + n % 89_999)),
            country: Some(["US", "FR", "JP", "GB"][n % 4].to_owned()),
            lines: vec![format!("{} Main Street", n % 900 + 1)],
        });
        let mut properties = BTreeMap::new();
        if rng.chance(0.5) {
            properties.insert(
                "plan".to_owned(),
                json!(
                    [
                        "5f0c8a1e-0000-4000-8000-000000000001",
                        "5f0c8a1e-0000-4000-8000-000000000002"
                    ][n % 2]
                ),
            );
            properties.insert("mrr".to_owned(), json!((n % 50) * 10));
        }
        let customer = CustomerRec {
            id,
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            gender: Some(match n % 3 {
                0 => CustomerGender::Female,
                1 => CustomerGender::Male,
                _ => CustomerGender::Unspecified,
            }),
            job_title: rng.chance(0.5).then(|| "Engineer".to_owned()),
            location: address.as_ref().and_then(|a| a.city.clone()),
            organization: org
                .and_then(|o| d.organizations.get(&o))
                .map(|o| o.name.clone()),
            organization_id: org,
            photo_type: Some(CustomerPhotoType::Gravatar),
            photo_url: Some(format!("https://avatars.example/{id}.png")),
            age: rng.chance(0.3).then(|| format!("{}", 20 + n % 50)),
            background: rng
                .chance(0.2)
                .then(|| "Met at the 2024 conference.".to_owned()),
            created_at: created,
            updated_at: created,
            emails,
            phones,
            chats,
            social_profiles,
            websites,
            address,
            properties,
        };
        d.add_customer(customer);
    }
    let customer_ids: Vec<i64> = d.customers.keys().copied().collect();

    // Conversations with threads of every kind.
    let max_threads = sizes.max_threads.clamp(1, 100);
    for n in 0..sizes.conversations {
        let id = d.ids.next("conversation");
        let number = d.ids.next("number");
        // The first inbox gets half of the conversations.
        let mailbox_id = if rng.chance(0.5) {
            mailbox_ids[0]
        } else {
            *rng.pick(&mailbox_ids)
        };
        let customer_id = *rng.pick(&customer_ids);
        let kind = match rng.below(20) {
            0..=13 => ConversationType::Email,
            14..=16 => ConversationType::Chat,
            _ => ConversationType::Phone,
        };
        let status = match rng.below(20) {
            0..=7 => ConversationStatus::Active,
            8..=11 => ConversationStatus::Pending,
            12..=18 => ConversationStatus::Closed,
            _ => ConversationStatus::Spam,
        };
        let assignee = rng.chance(0.6).then(|| *rng.pick(&user_ids));
        let created_at = past(&mut rng);
        let draft = rng.chance(0.01);
        let thread_total = 1 + rng.below(max_threads);
        let mut threads = Vec::with_capacity(thread_total);
        let mut at = created_at;
        for t in 0..thread_total {
            let kind_of_thread = if t == 0 {
                match kind {
                    ConversationType::Chat if rng.chance(0.5) => ThreadType::Beaconchat,
                    ConversationType::Chat => ThreadType::Chat,
                    ConversationType::Phone => ThreadType::Phone,
                    _ => ThreadType::Customer,
                }
            } else if draft && t + 1 == thread_total {
                ThreadType::Message
            } else {
                match rng.below(20) {
                    0..=7 => ThreadType::Message,
                    8..=12 => ThreadType::Customer,
                    13..=15 => ThreadType::Note,
                    16..=17 => ThreadType::Lineitem,
                    18 => ThreadType::Forwardparent,
                    _ if kind == ConversationType::Chat => ThreadType::Chat,
                    _ => ThreadType::Forwardchild,
                }
            };
            let by_user = matches!(
                kind_of_thread,
                ThreadType::Message
                    | ThreadType::Note
                    | ThreadType::Lineitem
                    | ThreadType::Forwardparent
                    | ThreadType::Phone
            );
            let author = if by_user {
                // Now and then an AI agent answers.
                if kind_of_thread == ThreadType::Message && rng.chance(0.05) {
                    Actor::User(ai_id)
                } else {
                    Actor::User(assignee.unwrap_or_else(|| *rng.pick(&user_ids)))
                }
            } else {
                Actor::Customer(customer_id)
            };
            let body = match kind_of_thread {
                ThreadType::Message | ThreadType::Forwardparent => {
                    rng.pick(REPLY_LINES).to_string()
                }
                ThreadType::Note => rng.pick(NOTE_LINES).to_string(),
                ThreadType::Lineitem => String::new(),
                _ => rng.pick(CUSTOMER_LINES).to_string(),
            };
            let state = if draft && t + 1 == thread_total {
                ThreadState::Draft
            } else {
                ThreadState::Published
            };
            let action = (kind_of_thread == ThreadType::Lineitem).then(|| {
                (
                    "manual-workflow".to_owned(),
                    "Workflow ran: Tag VIP customers".to_owned(),
                )
            });
            let attachments = if rng.chance(0.05) && !body.is_empty() {
                let text = format!("log line {n}-{t}\n");
                let data = base64::Engine::encode(
                    &base64::engine::general_purpose::STANDARD,
                    text.as_bytes(),
                );
                vec![AttachmentRec {
                    id: d.ids.next("attachment"),
                    filename: format!("log-{n}-{t}.txt"),
                    mime_type: "text/plain".to_owned(),
                    size: text.len() as i64,
                    data,
                }]
            } else {
                Vec::new()
            };
            threads.push(ThreadRec {
                id: d.ids.next("thread"),
                kind: kind_of_thread.clone(),
                status: match status {
                    ConversationStatus::Closed if t + 1 == thread_total => ThreadStatus::Closed,
                    ConversationStatus::Pending => ThreadStatus::Pending,
                    ConversationStatus::Spam => ThreadStatus::Spam,
                    _ => ThreadStatus::Active,
                },
                state,
                hidden: false,
                body,
                original_body: None,
                customer_id: Some(customer_id),
                created_by: author,
                assigned_to: assignee,
                to: Vec::new(),
                cc: Vec::new(),
                bcc: Vec::new(),
                created_at: at,
                opened_at: (kind_of_thread == ThreadType::Message && rng.chance(0.5))
                    .then(|| at + Duration::minutes(30)),
                source: match kind_of_thread {
                    ThreadType::Chat | ThreadType::Beaconchat => SourceType::Beacon,
                    ThreadType::Customer => SourceType::Email,
                    _ => SourceType::Web,
                },
                attachments,
                scheduled: None,
                saved_reply_id: None,
                action,
                linked_conversation_id: None,
                rating_id: None,
            });
            at += Duration::minutes(5 + rng.below(600) as i64);
        }
        let last_at = threads.last().map(|t| t.created_at).unwrap_or(created_at);
        // A rating on the last published reply now and then.
        if rng.chance(0.05)
            && let Some(thread) = threads
                .iter_mut()
                .rev()
                .find(|t| t.kind == ThreadType::Message && t.state == ThreadState::Published)
            && let Actor::User(user_id) = thread.created_by
        {
            let rating_id = d.ids.next("rating");
            thread.rating_id = Some(rating_id);
            d.ratings.insert(
                rating_id,
                RatingRec {
                    id: rating_id,
                    customer_id,
                    user_id,
                    conversation_id: id,
                    thread_id: thread.id,
                    rating: [RatingScore::Great, RatingScore::Okay, RatingScore::NotGood][n % 3]
                        .clone(),
                    comments: (n % 2 == 0).then(|| "Quick and helpful.".to_owned()),
                    created_at: thread.created_at + Duration::hours(2),
                },
            );
        }
        let tags: Vec<i64> =
            (0..rng.below(3))
                .map(|_| *rng.pick(&tag_ids))
                .fold(Vec::new(), |mut acc, t| {
                    if !acc.contains(&t) {
                        acc.push(t);
                    }
                    acc
                });
        let mut fields = BTreeMap::new();
        if rng.chance(0.3)
            && let Some(field) = d.mailboxes.get(&mailbox_id).and_then(|m| m.fields.first())
            && let Some(option) = field.options.get(n % field.options.len().max(1))
        {
            fields.insert(field.id, option.0.to_string());
        }
        let closed = status == ConversationStatus::Closed;
        let snooze =
            (status == ConversationStatus::Active && rng.chance(0.02)).then(|| SnoozeRec {
                snoozed_by: assignee.unwrap_or(d.owner_id),
                until: Utc
                    .with_ymd_and_hms(2030, 1, 1, 9, 0, 0)
                    .single()
                    .unwrap_or(epoch),
                unsnooze_on_customer_reply: true,
            });
        let source_type = match kind {
            ConversationType::Chat => SourceType::Beacon,
            ConversationType::Phone => SourceType::Web,
            _ => SourceType::Email,
        };
        d.conversations.insert(
            id,
            ConversationRec {
                id,
                number,
                kind,
                mailbox_id,
                status,
                draft,
                subject: SUBJECTS[(n + rng.below(SUBJECTS.len())) % SUBJECTS.len()].to_owned(),
                customer_id,
                created_by: threads
                    .first()
                    .map(|t| t.created_by)
                    .unwrap_or(Actor::Customer(customer_id)),
                assignee,
                created_at,
                modified_at: last_at,
                user_updated_at: Some(last_at),
                closed_at: closed.then_some(last_at),
                closed_by: closed.then(|| assignee.unwrap_or(d.owner_id)),
                source: source_type,
                source_via_customer: true,
                tag_ids: tags,
                cc: if rng.chance(0.05) {
                    vec!["cc@partner.example".to_owned()]
                } else {
                    Vec::new()
                },
                bcc: Vec::new(),
                fields,
                snooze,
                threads,
                merged_into: None,
            },
        );
    }

    // Workflows.
    for (m, &mailbox_id) in mailbox_ids.iter().enumerate() {
        for (order, (name, kind, status, action)) in [
            (
                "Tag VIP customers",
                WorkflowType::Manual,
                WorkflowStatus::Active,
                WorkflowAction::AddTag("vip".to_owned()),
            ),
            (
                "Close stale conversations",
                WorkflowType::Manual,
                WorkflowStatus::Active,
                WorkflowAction::SetStatus(ConversationStatus::Closed),
            ),
            (
                "Auto-assign billing questions",
                WorkflowType::Automatic,
                if m % 2 == 0 {
                    WorkflowStatus::Active
                } else {
                    WorkflowStatus::Inactive
                },
                WorkflowAction::Assign(user_ids[m % user_ids.len()]),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let id = d.ids.next("workflow");
            d.workflows.insert(
                id,
                WorkflowRec {
                    id,
                    mailbox_id,
                    kind,
                    status,
                    order: order as i64 + 1,
                    name: name.to_owned(),
                    created_at: year_ago,
                    modified_at: year_ago,
                    action,
                },
            );
        }
    }

    // Webhooks.
    for (url, events, label) in [
        (
            "https://hooks.example/helpscout/conversations",
            vec![
                WebhookEvent::ConvoCreated,
                WebhookEvent::ConvoAssigned,
                WebhookEvent::ConvoStatus,
            ],
            "Conversation sync",
        ),
        (
            "https://hooks.example/helpscout/customers",
            vec![WebhookEvent::CustomerCreated, WebhookEvent::CustomerUpdated],
            "CRM sync",
        ),
    ] {
        let id = d.ids.next("webhook");
        d.webhooks.insert(
            id,
            WebhookRec {
                id,
                url: url.to_owned(),
                state: WebhookState::Enabled,
                events,
                notification: false,
                label: Some(label.to_owned()),
                secret: format!("seeded-secret-{id}"),
                mailbox_ids: Vec::new(),
            },
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_account() {
        let sizes = SeedSizes {
            conversations: 50,
            ..SeedSizes::default()
        };
        let a = seed(42, &sizes);
        let b = seed(42, &sizes);
        let c = seed(43, &sizes);
        let subjects = |d: &Data| {
            d.conversations
                .values()
                .map(|c| (c.subject.clone(), c.threads.len(), c.customer_id))
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects(&a), subjects(&b));
        assert_ne!(subjects(&a), subjects(&c));
        assert_eq!(a.conversations.len(), 50);
        assert!(a.customers.len() >= 20);
    }

    #[test]
    fn every_thread_kind_is_seeded() {
        let d = seed(
            1,
            &SeedSizes {
                conversations: 400,
                ..SeedSizes::default()
            },
        );
        for kind in [
            ThreadType::Customer,
            ThreadType::Message,
            ThreadType::Note,
            ThreadType::Chat,
            ThreadType::Beaconchat,
            ThreadType::Phone,
            ThreadType::Lineitem,
            ThreadType::Forwardparent,
            ThreadType::Forwardchild,
        ] {
            assert!(
                d.conversations
                    .values()
                    .any(|c| c.threads.iter().any(|t| t.kind == kind)),
                "{kind}"
            );
        }
    }
}
