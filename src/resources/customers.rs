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

use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerId, MailboxId};
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{Customer, CustomerPage, CustomerSortField, CustomerSortOrder, Timestamp};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

pub use entries::{
    Address, ChatHandles, CreateCustomerAddress, CreateCustomerEntry, DeleteCustomerAddress,
    DeleteCustomerEntry, Emails, Entries, EntryKind, GetCustomerAddress, ListCustomerEntries,
    Phones, SocialProfiles, TypedEntryKind, UpdateCustomerAddress, UpdateCustomerEntry, Websites,
};
pub use list_v3::ListCustomersV3;
pub use patch::PatchCustomer;
pub use profile::{CreateCustomer, OverwriteCustomer};
pub use properties::{
    CreateCustomerProperty, DeleteCustomerProperty, ListCustomerProperties, Properties,
    UpdateCustomerPropertyValues,
};

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
    /// filtered and sorted by the list's setters.
    pub fn list(self) -> List<'a, ListCustomers> {
        List::new(self.client, ListCustomers::default())
    }

    /// Lists customers with the v3 endpoint, newest first, following the opaque cursor the
    /// API hands out instead of page numbers. Prefer it for full exports: a cursor does not
    /// shift when customers are added while the walk runs, where page numbers can.
    pub fn list_v3(self) -> List<'a, ListCustomersV3> {
        List::new(self.client, ListCustomersV3::default())
    }

    /// Gets one customer with all of its entries (emails, phones, chat handles, social
    /// profiles, websites, property values, address) under `_embedded`. Fails with
    /// [`Error::NotFound`](crate::Error::NotFound) for an unknown id.
    pub fn get(self, id: CustomerId) -> Request<'a, GetCustomer> {
        Request::new(self.client, GetCustomer { id })
    }

    /// Creates a customer; returns the new customer's id. Every field is optional; entries
    /// (emails, phones, chat handles, social profiles, websites, the address) can go along in
    /// the same request.
    pub fn create(self) -> Request<'a, CreateCustomer> {
        Request::new(self.client, CreateCustomer::default())
    }

    /// Replaces the customer's own profile fields (`PUT`).
    ///
    /// **Every field the request leaves unset is cleared**: the API treats an omitted field
    /// exactly like one sent as `null`. To change one field and keep the others, use
    /// [`patch`](Self::patch), or start from the current values with
    /// [`starting_from`](Request::starting_from). Entries (emails, phones, ...) are not
    /// touched.
    pub fn overwrite(self, id: CustomerId) -> Request<'a, OverwriteCustomer> {
        Request::new(self.client, OverwriteCustomer::new(id))
    }

    /// Changes parts of a customer and its entries in one atomic request: a JSON Patch
    /// array built from the typed operations of [`PatchCustomer`].
    pub fn patch(self, id: CustomerId) -> Request<'a, PatchCustomer> {
        Request::new(self.client, PatchCustomer::new(id))
    }

    /// Deletes the customer **with their conversations and survey responses**, for good
    /// (GDPR erasure), during the request.
    ///
    /// Fails with [`Error::Forbidden`](crate::Error::Forbidden) when the caller cannot access
    /// all of the customer's conversations, or the customer has more than 100 of them (then
    /// use [`delete_async`](Self::delete_async)).
    pub fn delete(self, id: CustomerId) -> Request<'a, DeleteCustomer> {
        Request::new(
            self.client,
            DeleteCustomer {
                id,
                in_background: false,
            },
        )
    }

    /// Deletes the customer with their conversations and survey responses in the background
    /// (`async=true`): the API accepts at once (`202 Accepted`) and has no 100-conversation
    /// limit. Completion is announced only by the `customer.deleted` webhook event; a success
    /// means accepted, not done.
    pub fn delete_async(self, id: CustomerId) -> Request<'a, DeleteCustomer> {
        Request::new(
            self.client,
            DeleteCustomer {
                id,
                in_background: true,
            },
        )
    }

    /// The customer's postal address (at most one).
    pub fn address(self, customer: CustomerId) -> Address<'a> {
        Address::new(self.client, customer)
    }

    /// The customer's chat handles (the API's `chats`).
    pub fn chat_handles(self, customer: CustomerId) -> Entries<'a, ChatHandles> {
        Entries::new(self.client, customer)
    }

    /// The customer's email addresses.
    pub fn emails(self, customer: CustomerId) -> Entries<'a, Emails> {
        Entries::new(self.client, customer)
    }

    /// The customer's phone numbers.
    pub fn phones(self, customer: CustomerId) -> Entries<'a, Phones> {
        Entries::new(self.client, customer)
    }

    /// The customer's social profiles.
    pub fn social_profiles(self, customer: CustomerId) -> Entries<'a, SocialProfiles> {
        Entries::new(self.client, customer)
    }

    /// The customer's websites.
    pub fn websites(self, customer: CustomerId) -> Entries<'a, Websites> {
        Entries::new(self.client, customer)
    }

    /// The company-wide customer property definitions (Plus and Company plans).
    pub fn properties(self) -> Properties<'a> {
        Properties::new(self.client)
    }

    /// Sets or clears the customer's values of existing properties in one request.
    pub fn patch_properties(
        self,
        customer: CustomerId,
    ) -> Request<'a, UpdateCustomerPropertyValues> {
        Request::new(self.client, UpdateCustomerPropertyValues::new(customer))
    }
}

/// Gets a customer; see [`Customers::get`].
#[derive(Clone, Debug)]
pub struct GetCustomer {
    id: CustomerId,
}

impl Operation for GetCustomer {
    type Output = Customer;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Customer> {
        let call = client.raw().get_customer(self.id.get());
        Ok(client
            .run(operation::GET_CUSTOMER, call)
            .await?
            .into_inner())
    }
}

/// Deletes a customer, now or in the background; see [`Customers::delete`] and
/// [`Customers::delete_async`].
#[derive(Clone, Debug)]
pub struct DeleteCustomer {
    id: CustomerId,
    in_background: bool,
}

impl Operation for DeleteCustomer {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let in_background = self.in_background.then_some(true);
        let call = client.raw().delete_customer(self.id.get(), in_background);
        client.run(operation::DELETE_CUSTOMER, call).await?;
        Ok(())
    }
}

/// The filters and sorting of a v2 customer list, as the API names them; see
/// [`Customers::list`].
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListCustomers {
    mailbox: Option<MailboxId>,
    first_name: Option<String>,
    last_name: Option<String>,
    modified_since: Option<Timestamp>,
    sort_field: Option<CustomerSortField>,
    sort_order: Option<CustomerSortOrder>,
    query: Option<String>,
}

impl List<'_, ListCustomers> {
    /// Only customers of this mailbox (inbox); the list takes one.
    pub fn mailbox(self, mailbox: MailboxId) -> Self {
        self.with(|q| q.mailbox = Some(mailbox))
    }

    /// Only customers with this first name.
    pub fn first_name(self, first_name: impl Into<String>) -> Self {
        self.with(|q| q.first_name = Some(first_name.into()))
    }

    /// Only customers with this last name.
    pub fn last_name(self, last_name: impl Into<String>) -> Self {
        self.with(|q| q.last_name = Some(last_name.into()))
    }

    /// Only customers modified after this time; sent in whole seconds, which the API needs.
    pub fn modified_since(self, since: impl Into<Timestamp>) -> Self {
        self.with(|q| q.modified_since = Some(since.into()))
    }

    /// The sort field. Set it when the order matters: the docs name both `score` and
    /// `createdAt` as the default.
    pub fn sort_field(self, field: CustomerSortField) -> Self {
        self.with(|q| q.sort_field = Some(field))
    }

    /// The sort order; the API's default is descending.
    pub fn sort_order(self, order: CustomerSortOrder) -> Self {
        self.with(|q| q.sort_order = Some(order))
    }

    /// A search in Help Scout's query syntax: `firstName:`, `lastName:`, `email:`,
    /// `emailDomain:`, `modifiedAt:[2013-11-20T00:00:00Z TO *]`, joined with AND/OR.
    pub fn query(self, query: impl Into<String>) -> Self {
        self.with(|q| q.query = Some(query.into()))
    }
}

impl Listing for ListCustomers {
    type Item = Customer;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Customer>> {
        let call = client.raw().list_customers(
            self.first_name.as_deref(),
            self.last_name.as_deref(),
            self.mailbox.map(MailboxId::get),
            self.modified_since.as_ref(),
            Some(page_number(&at)?),
            self.query.as_deref(),
            self.sort_field.as_ref(),
            self.sort_order.as_ref(),
        );
        let response = client.run(operation::LIST_CUSTOMERS, call).await?;
        Ok(customer_page(response.into_inner()))
    }
}

impl NumberedListing for ListCustomers {}

/// A decoded customer list as a [`Page`]; organizations list their customers in this shape
/// too.
pub(crate) fn customer_page(response: CustomerPage) -> Page<Customer> {
    let items = response.embedded.map(|e| e.customers).unwrap_or_default();
    Page::from_parts(items, response.page, response.links)
}
