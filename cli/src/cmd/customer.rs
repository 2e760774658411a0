//! `hs customer list|get|create|update`.

use anyhow::Result;
use clap::{Args, Subcommand};
use helpscout_mailbox::ids::{CustomerId, MailboxId};
use helpscout_mailbox::models::{
    CustomerEmailType, CustomerPhoneType, CustomerSortField, CustomerSortOrder, Timestamp,
};

use super::conv::take_n;
use crate::exit;
use crate::output::{Column, col, value, values};
use crate::parse;
use crate::session::Session;

const CUSTOMERS: &[Column] = &[
    col("ID", "/id"),
    col("First", "/firstName"),
    col("Last", "/lastName"),
    col("Email", "/_embedded/emails/0/value"),
    col("Organization", "/organization"),
    col("Updated", "/updatedAt"),
];

/// `hs customer ...`
#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// List customers (the first page unless --all, --page or --limit)
    List(ListArgs),
    /// Show a customer with their emails, phones and other entries
    Get {
        #[arg(value_parser = parse::id)]
        id: i64,
    },
    /// Create a customer
    Create(Profile),
    /// Change the given fields of a customer, keeping the others
    Update {
        #[arg(value_parser = parse::id)]
        id: i64,
        #[command(flatten)]
        profile: Profile,
    },
}

/// Filters and paging of `hs customer list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only customers of this mailbox
    #[arg(long, value_name = "ID", value_parser = parse::id)]
    pub mailbox: Option<i64>,
    /// Only with this first name
    #[arg(long)]
    pub first_name: Option<String>,
    /// Only with this last name
    #[arg(long)]
    pub last_name: Option<String>,
    /// Only modified since: a date or an age (7d)
    #[arg(long, value_name = "DATE", value_parser = parse::timestamp)]
    pub modified_since: Option<Timestamp>,
    /// Help Scout's customer search syntax, e.g. `(email:"ada@example.com")`
    #[arg(long)]
    pub query: Option<String>,
    /// Sort field: score, createdAt, firstName, lastName or modifiedAt
    #[arg(long, value_name = "FIELD", value_parser = |s: &str| parse::known::<CustomerSortField>(s, CustomerSortField::KNOWN))]
    pub sort: Option<CustomerSortField>,
    /// Sort order: asc or desc
    #[arg(long, value_parser = |s: &str| parse::known::<CustomerSortOrder>(s, CustomerSortOrder::KNOWN))]
    pub order: Option<CustomerSortOrder>,
    /// Fetch this page (1-based)
    #[arg(long, value_parser = parse::id, conflicts_with_all = ["all", "limit"])]
    pub page: Option<i64>,
    /// Fetch every page
    #[arg(long)]
    pub all: bool,
    /// Stop after this many customers
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub limit: Option<usize>,
}

/// The profile fields `create` sets and `update` changes.
#[derive(Debug, Args)]
pub struct Profile {
    #[arg(long)]
    pub first_name: Option<String>,
    #[arg(long)]
    pub last_name: Option<String>,
    /// Add a (work) email address; repeat for several
    #[arg(long)]
    pub email: Vec<String>,
    /// Add a (work) phone number; repeat for several
    #[arg(long)]
    pub phone: Vec<String>,
    #[arg(long)]
    pub job_title: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    /// The organization's name (free text)
    #[arg(long)]
    pub organization: Option<String>,
    /// Notes about the customer
    #[arg(long)]
    pub background: Option<String>,
}

/// Runs `hs customer ...`.
pub async fn run(session: &Session, command: CustomerCommand) -> Result<()> {
    let customers = session.client.customers();
    let out = &session.out;
    match command {
        CustomerCommand::List(args) => list(session, args).await,
        CustomerCommand::Get { id } => out.one(&value(&customers.get(CustomerId::new(id)).await?)?),
        CustomerCommand::Create(p) => {
            let mut create = customers.create();
            if let Some(v) = p.first_name {
                create = create.first_name(v);
            }
            if let Some(v) = p.last_name {
                create = create.last_name(v);
            }
            let emails = p.email.into_iter().map(|e| (CustomerEmailType::Work, e));
            let phones = p.phone.into_iter().map(|n| (CustomerPhoneType::Work, n));
            create = create.emails(emails).phones(phones);
            if let Some(v) = p.job_title {
                create = create.job_title(v);
            }
            if let Some(v) = p.location {
                create = create.location(v);
            }
            if let Some(v) = p.organization {
                create = create.organization(v);
            }
            if let Some(v) = p.background {
                create = create.background(v);
            }
            let id = create.send().await?;
            out.created("customer", Some(id.get()))
        }
        CustomerCommand::Update { id, profile: p } => {
            let mut patch = customers.patch(CustomerId::new(id));
            if let Some(v) = p.first_name {
                patch = patch.replace_first_name(v);
            }
            if let Some(v) = p.last_name {
                patch = patch.replace_last_name(v);
            }
            for email in p.email {
                patch = patch.add_email(CustomerEmailType::Work, email);
            }
            for phone in p.phone {
                patch = patch.add_phone(CustomerPhoneType::Work, phone);
            }
            if let Some(v) = p.job_title {
                patch = patch.replace_job_title(v);
            }
            if let Some(v) = p.location {
                patch = patch.replace_location(v);
            }
            if let Some(v) = p.organization {
                patch = patch.replace_organization(v);
            }
            if let Some(v) = p.background {
                patch = patch.replace_background(v);
            }
            if patch.operations().is_empty() {
                return Err(exit::usage(
                    "nothing to change: give at least one field, such as --first-name",
                ));
            }
            patch.send().await?;
            out.done(&format!("customer {id}: updated"));
            Ok(())
        }
    }
}

async fn list(session: &Session, args: ListArgs) -> Result<()> {
    let mut list = session.client.customers().list();
    if let Some(mailbox) = args.mailbox {
        list = list.mailbox(MailboxId::new(mailbox));
    }
    if let Some(v) = args.first_name {
        list = list.first_name(v);
    }
    if let Some(v) = args.last_name {
        list = list.last_name(v);
    }
    if let Some(v) = args.modified_since {
        list = list.modified_since(v);
    }
    if let Some(v) = args.query {
        list = list.query(v);
    }
    if let Some(v) = args.sort {
        list = list.sort_field(v);
    }
    if let Some(v) = args.order {
        list = list.sort_order(v);
    }
    let customers = if args.all || args.limit.is_some() {
        take_n(list.stream(), args.limit.unwrap_or(usize::MAX)).await?
    } else {
        let number = args.page.and_then(|p| u64::try_from(p).ok()).unwrap_or(1);
        let page = list.page(number).await?;
        if page.has_next() && !session.out.quiet() {
            crate::output::note!(
                "page {} of {} ({} customers); --all or --page N for more",
                page.number,
                page.total_pages,
                page.total_elements
            );
        }
        page.items
    };
    session.out.list(&values(&customers)?, CUSTOMERS)
}
