//! The word lists seeded names, subjects and bodies are drawn from.

pub(super) const FIRST: &[&str] = &[
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
pub(super) const LAST: &[&str] = &[
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
pub(super) const MAILBOXES: &[&str] = &[
    "Support", "Billing", "Sales", "Partners", "Returns", "Press", "Careers", "Security",
];
pub(super) const TAGS: &[&str] = &[
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
pub(super) const SUBJECTS: &[&str] = &[
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
pub(super) const CUSTOMER_LINES: &[&str] = &[
    "Hi, I have a problem and could use some help.",
    "Following up on my previous message, any news?",
    "Thanks, that worked! One more question though.",
    "It still does not work for me, see the attached screenshot.",
    "Could you please check this as soon as possible?",
];
pub(super) const REPLY_LINES: &[&str] = &[
    "Thanks for reaching out! Let me look into this for you.",
    "I have fixed this on our side; could you try again?",
    "Happy to help. Here is how to do it, step by step.",
    "Sorry for the trouble. I have issued a refund.",
    "Glad it works now. Anything else I can help with?",
];
pub(super) const NOTE_LINES: &[&str] = &[
    "Checked the logs: this is the known sync issue.",
    "Escalating to engineering.",
    "Customer is on the legacy plan.",
    "@team please take a look.",
];
pub(super) const ORGS: &[(&str, &str)] = &[
    ("Acme Corp", "acme.example"),
    ("Globex", "globex.example"),
    ("Initech", "initech.example"),
    ("Umbrella", "umbrella.example"),
    ("Hooli", "hooli.example"),
    ("Stark Industries", "stark.example"),
    ("Wayne Enterprises", "wayne.example"),
    ("Soylent", "soylent.example"),
];
pub(super) const FREE_DOMAINS: &[&str] = &["mail.example", "inbox.example", "post.example"];
pub(super) const TIMEZONES: &[&str] = &[
    "America/New_York",
    "Europe/Paris",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/London",
];
