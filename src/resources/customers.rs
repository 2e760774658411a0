//! Customers: list (paged v2 and cursor-paged v3), get, create, overwrite, patch and delete;
//! their address and contact entries; customer property definitions and values. Reached
//! through [`Client::customers`].
//!
//! The customer endpoints spell one thing three ways, which this module hides: social profiles
//! are `socialProfiles` in a create body, `social_profiles` in a customer's `_embedded`, and
//! `social-profiles` in their own endpoint and list key. And unlike conversations, a customer
//! PATCH takes a JSON Patch *array* ([`PatchCustomer`] builds it).

mod entries;
mod list_v3;
mod patch;
mod profile;
mod properties;

use futures_util::Stream;

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerId, MailboxId};
use crate::models::{Customer, CustomerPage, CustomerSortField, CustomerSortOrder, Timestamp};
use crate::page::Page;

pub use entries::{Address, ChatHandles, Emails, Phones, SocialProfiles, Websites};
pub use list_v3::{CursorPage, ListCustomersV3};
pub use patch::PatchCustomer;
pub use profile::{CreateCustomer, OverwriteCustomer};
pub use properties::{CreateProperty, PatchProperties, Properties};

impl Client {
    /// Customers, their address and contact entries, and customer properties.
    pub fn customers(&self) -> Customers<'_> {
        Customers { client: self }
    }
}

/// The customer operations; see [`Client::customers`].
#[derive(Clone, Copy, Debug)]
pub struct Customers<'a> {
    client: &'a Client,
}

impl<'a> Customers<'a> {
    /// Lists customers with the v2 endpoint, one numbered page at a time (50 per page),
    /// filtered and sorted by the builder's setters.
    pub fn list(self) -> ListCustomers<'a> {
        ListCustomers {
            client: self.client,
            query: ListQuery::default(),
        }
    }

    /// Lists customers with the v3 endpoint, newest first, following the opaque cursor the
    /// API hands out instead of page numbers. Prefer it for full exports: a cursor does not
    /// shift when customers are added while the walk runs, where page numbers can.
    pub fn list_v3(self) -> ListCustomersV3<'a> {
        ListCustomersV3::new(self.client)
    }

    /// Gets one customer with all of its entries (emails, phones, chat handles, social
    /// profiles, websites, property values, address) under `_embedded`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown id, and any error of a request.
    pub fn get(self, id: CustomerId) -> Action<'a, Customer> {
        let client = self.client;
        action(async move {
            let call = client.raw().get_customer(id.get());
            Ok(client.run("getCustomer", call).await?.into_inner())
        })
    }

    /// Creates a customer. Every field is optional; entries (emails, phones, chat handles,
    /// social profiles, websites, the address) can go along in the same request.
    pub fn create(self) -> CreateCustomer<'a> {
        CreateCustomer::new(self.client)
    }

    /// Replaces the customer's own profile fields (`PUT`).
    ///
    /// **Every field the builder leaves unset is cleared**: the API treats an omitted field
    /// exactly like one sent as `null`. To change one field and keep the others, use
    /// [`patch`](Self::patch), or start the builder from the current values with
    /// [`OverwriteCustomer::starting_from`]. Entries (emails, phones, ...) are not touched.
    pub fn overwrite(self, id: CustomerId) -> OverwriteCustomer<'a> {
        OverwriteCustomer::new(self.client, id)
    }

    /// Changes parts of a customer and its entries in one atomic request: a JSON Patch
    /// array built from the typed operations of [`PatchCustomer`].
    pub fn patch(self, id: CustomerId) -> PatchCustomer<'a> {
        PatchCustomer::new(self.client, id)
    }

    /// Deletes the customer **with their conversations and survey responses**, for good
    /// (GDPR erasure), during the request.
    ///
    /// # Errors
    ///
    /// [`Error::Forbidden`](crate::Error::Forbidden) when the caller cannot access all of the customer's
    /// conversations, or the customer has more than 100 of them (then use
    /// [`delete_async`](Self::delete_async)); any error of a request.
    pub fn delete(self, id: CustomerId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client.raw().delete_customer(id.get(), None);
            client.run("deleteCustomer", call).await?;
            Ok(())
        })
    }

    /// Deletes the customer with their conversations and survey responses in the background
    /// (`async=true`): the API accepts at once (`202 Accepted`) and has no 100-conversation
    /// limit. Completion is announced only by the `customer.deleted` webhook event.
    ///
    /// # Errors
    ///
    /// [`Error::Forbidden`](crate::Error::Forbidden) when the caller cannot access all of the customer's conversations;
    /// any error of a request. A success means accepted, not done.
    pub fn delete_async(self, id: CustomerId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client.raw().delete_customer(id.get(), Some(true));
            client.run("deleteCustomer", call).await?;
            Ok(())
        })
    }

    /// The customer's postal address (at most one).
    pub fn address(self, customer: CustomerId) -> Address<'a> {
        Address::new(self.client, customer)
    }

    /// The customer's chat handles (the API's `chats`).
    pub fn chat_handles(self, customer: CustomerId) -> ChatHandles<'a> {
        ChatHandles::new(self.client, customer)
    }

    /// The customer's email addresses.
    pub fn emails(self, customer: CustomerId) -> Emails<'a> {
        Emails::new(self.client, customer)
    }

    /// The customer's phone numbers.
    pub fn phones(self, customer: CustomerId) -> Phones<'a> {
        Phones::new(self.client, customer)
    }

    /// The customer's social profiles.
    pub fn social_profiles(self, customer: CustomerId) -> SocialProfiles<'a> {
        SocialProfiles::new(self.client, customer)
    }

    /// The customer's websites.
    pub fn websites(self, customer: CustomerId) -> Websites<'a> {
        Websites::new(self.client, customer)
    }

    /// The company-wide customer property definitions (Plus and Company plans).
    pub fn properties(self) -> Properties<'a> {
        Properties::new(self.client)
    }

    /// Sets or clears the customer's values of existing properties in one request.
    pub fn patch_properties(self, customer: CustomerId) -> PatchProperties<'a> {
        PatchProperties::new(self.client, customer)
    }
}

/// The filters and sorting of a v2 customer list, as the API names them.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListQuery {
    mailbox: Option<MailboxId>,
    first_name: Option<String>,
    last_name: Option<String>,
    modified_since: Option<Timestamp>,
    sort_field: Option<CustomerSortField>,
    sort_order: Option<CustomerSortOrder>,
    query: Option<String>,
}

/// Lists customers; see [`Customers::list`].
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use futures_util::TryStreamExt;
/// use helpscout_mailbox::models::CustomerSortField;
///
/// let mut customers = client
///     .customers()
///     .list()
///     .query("(email:\"ann@example.com\")")
///     .sort_field(CustomerSortField::ModifiedAt)
///     .stream();
/// while let Some(customer) = customers.try_next().await? {
///     println!("{:?} {:?}", customer.first_name, customer.last_name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListCustomers<'a> {
    client: &'a Client,
    query: ListQuery,
}

impl<'a> ListCustomers<'a> {
    /// Only customers of this mailbox (inbox).
    pub fn mailbox(mut self, mailbox: MailboxId) -> Self {
        self.query.mailbox = Some(mailbox);
        self
    }

    /// Only customers with this first name.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.query.first_name = Some(first_name.into());
        self
    }

    /// Only customers with this last name.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.query.last_name = Some(last_name.into());
        self
    }

    /// Only customers modified after this time; sent in whole seconds, which the API needs.
    pub fn modified_since(mut self, since: impl Into<Timestamp>) -> Self {
        self.query.modified_since = Some(since.into());
        self
    }

    /// The sort field. Set it when the order matters: the docs name both `score` and
    /// `createdAt` as the default.
    pub fn sort_field(mut self, field: CustomerSortField) -> Self {
        self.query.sort_field = Some(field);
        self
    }

    /// The sort order; the API's default is descending.
    pub fn sort_order(mut self, order: CustomerSortOrder) -> Self {
        self.query.sort_order = Some(order);
        self
    }

    /// A search in Help Scout's query syntax: `firstName:`, `lastName:`, `email:`,
    /// `emailDomain:`, `modifiedAt:[2013-11-20T00:00:00Z TO *]`, joined with AND/OR.
    pub fn query(mut self, query: impl Into<String>) -> Self {
        self.query.query = Some(query.into());
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) of a request: validation of the filters, authentication, rate limits
    /// (after the configured retries), transport.
    pub async fn send(self) -> Result<Page<Customer>> {
        fetch_page(self.client, &self.query, 1).await
    }

    /// Fetches page `number` (1-based).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn page(self, number: u64) -> Result<Page<Customer>> {
        fetch_page(self.client, &self.query, number).await
    }

    /// Every page, lazily, one request per page as the stream is polled. Ends after the last
    /// page, on an empty page, or when the API repeats a page; after an error it yields the
    /// error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<Page<Customer>>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::pages(move |number| {
            let query = query.clone();
            async move { fetch_page(client, &query, number).await }
        })
    }

    /// Every customer of every page, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<Customer>> + Send + Unpin + 'a {
        let client = self.client;
        let query = self.query;
        crate::list::legacy::items(move |number| {
            let query = query.clone();
            async move { fetch_page(client, &query, number).await }
        })
    }
}

async fn fetch_page(client: &Client, query: &ListQuery, number: u64) -> Result<Page<Customer>> {
    let call = client.raw().list_customers(
        query.first_name.as_deref(),
        query.last_name.as_deref(),
        query.mailbox.map(MailboxId::get),
        query.modified_since.as_ref(),
        Some(crate::page::page_param(number)?),
        query.query.as_deref(),
        query.sort_field.as_ref(),
        query.sort_order.as_ref(),
    );
    let response = client.run("listCustomers", call).await?.into_inner();
    Ok(customer_page(response))
}

/// A decoded customer list as a [`Page`]; organizations list their customers in this shape
/// too.
pub(crate) fn customer_page(response: CustomerPage) -> Page<Customer> {
    let items = response.embedded.map(|e| e.customers).unwrap_or_default();
    Page::from_parts(items, response.page, response.links)
}
