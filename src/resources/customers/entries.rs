//! A customer's contact entries: chat handles, emails, phones, social profiles and websites,
//! each with its own list/create/update/delete endpoints, and the postal address.
//!
//! The entry kinds differ only in names (endpoints, models, the list's `_embedded` key), so
//! one handler, [`Entries`], and four operations generic over the kind serve them all; each
//! kind is a marker type implementing [`EntryKind`] in `kinds`.

mod address;
mod kinds;

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;

use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerEntryId, CustomerId};
use crate::request::{Created, Operation, Request, Sealed};

pub use address::{
    Address, CreateCustomerAddress, DeleteCustomerAddress, GetCustomerAddress,
    UpdateCustomerAddress,
};
pub use kinds::{ChatHandles, Emails, Phones, SocialProfiles, Websites};

/// One kind of customer entry and its endpoints: implemented by this crate for
/// [`ChatHandles`], [`Emails`], [`Phones`], [`SocialProfiles`] and [`Websites`].
pub trait EntryKind: Clone + fmt::Debug + Send + Sync + 'static {
    /// An entry as the API lists it.
    type Entry: Send;
    /// The body of a create.
    type Create: Clone + fmt::Debug + Send + Sync;
    /// The body of an update.
    type Update: Clone + fmt::Debug + Send + Sync;

    /// Lists the customer's entries of this kind.
    #[doc(hidden)]
    fn list(
        client: &Client,
        customer: CustomerId,
        sealed: Sealed,
    ) -> impl Future<Output = Result<Vec<Self::Entry>>> + Send;

    /// Creates one.
    #[doc(hidden)]
    fn create(
        client: &Client,
        customer: CustomerId,
        body: &Self::Create,
        sealed: Sealed,
    ) -> impl Future<Output = Result<Created<CustomerEntryId>>> + Send;

    /// Replaces one.
    #[doc(hidden)]
    fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &Self::Update,
        sealed: Sealed,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Removes one.
    #[doc(hidden)]
    fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        sealed: Sealed,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// An entry kind with a `type` besides its `value` (every kind but websites).
pub trait TypedEntryKind: EntryKind {
    /// The kind's type enumeration (`work`, `home`, ... for emails).
    type Type: Send;

    /// The create body for `type` and `value`.
    #[doc(hidden)]
    fn create_body(kind: Self::Type, value: String) -> Self::Create;

    /// The update body for `type` and `value`.
    #[doc(hidden)]
    fn update_body(kind: Self::Type, value: String) -> Self::Update;
}

/// The customer's entries of kind `K`; see
/// [`Customers::emails`](super::Customers::emails) and its siblings.
#[derive(Debug)]
pub struct Entries<'a, K> {
    client: &'a Client,
    customer: CustomerId,
    kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Entries<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Entries<'_, K> {}

impl<'a, K: EntryKind> Entries<'a, K> {
    pub(super) fn new(client: &'a Client, customer: CustomerId) -> Self {
        Self {
            client,
            customer,
            kind: PhantomData,
        }
    }

    /// Lists every entry of this kind (the list is not paged).
    pub fn list(self) -> Request<'a, ListCustomerEntries<K>> {
        let operation = ListCustomerEntries {
            customer: self.customer,
            kind: PhantomData,
        };
        Request::new(self.client, operation)
    }

    /// Removes one entry.
    pub fn delete(self, entry: CustomerEntryId) -> Request<'a, DeleteCustomerEntry<K>> {
        let operation = DeleteCustomerEntry {
            customer: self.customer,
            entry,
            kind: PhantomData,
        };
        Request::new(self.client, operation)
    }

    fn create_with(self, body: K::Create) -> Request<'a, CreateCustomerEntry<K>> {
        let operation = CreateCustomerEntry {
            customer: self.customer,
            body,
        };
        Request::new(self.client, operation)
    }

    fn update_with(
        self,
        entry: CustomerEntryId,
        body: K::Update,
    ) -> Request<'a, UpdateCustomerEntry<K>> {
        let operation = UpdateCustomerEntry {
            customer: self.customer,
            entry,
            body,
        };
        Request::new(self.client, operation)
    }
}

impl<'a, K: TypedEntryKind> Entries<'a, K> {
    /// Adds an entry; returns its id when the API names it (`Resource-ID`).
    pub fn create(
        self,
        kind: K::Type,
        value: impl Into<String>,
    ) -> Request<'a, CreateCustomerEntry<K>> {
        self.create_with(K::create_body(kind, value.into()))
    }

    /// Replaces the type and value of one entry.
    pub fn update(
        self,
        entry: CustomerEntryId,
        kind: K::Type,
        value: impl Into<String>,
    ) -> Request<'a, UpdateCustomerEntry<K>> {
        self.update_with(entry, K::update_body(kind, value.into()))
    }
}

impl<'a> Entries<'a, Websites> {
    /// Adds a website; returns its id when the API names it (`Resource-ID`). Websites have
    /// no type, only a URL.
    pub fn create(self, url: impl Into<String>) -> Request<'a, CreateCustomerEntry<Websites>> {
        self.create_with(kinds::website(url.into()))
    }

    /// Replaces the URL of one website.
    pub fn update(
        self,
        entry: CustomerEntryId,
        url: impl Into<String>,
    ) -> Request<'a, UpdateCustomerEntry<Websites>> {
        self.update_with(entry, kinds::website_update(url.into()))
    }
}

/// Lists a customer's entries of one kind; see [`Entries::list`].
#[derive(Clone, Debug)]
pub struct ListCustomerEntries<K> {
    customer: CustomerId,
    kind: PhantomData<fn() -> K>,
}

impl<K: EntryKind> Operation for ListCustomerEntries<K> {
    type Output = Vec<K::Entry>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Vec<K::Entry>> {
        K::list(client, self.customer, Sealed(())).await
    }
}

/// Adds an entry; see [`Entries::create`]. The entry endpoints are seen to answer with
/// `Resource-ID` only in an SDK, so a create without it succeeds as [`Created::WithoutId`].
#[derive(Clone, Debug)]
pub struct CreateCustomerEntry<K: EntryKind> {
    customer: CustomerId,
    body: K::Create,
}

impl<K: EntryKind> Operation for CreateCustomerEntry<K> {
    type Output = Created<CustomerEntryId>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Created<CustomerEntryId>> {
        K::create(client, self.customer, &self.body, Sealed(())).await
    }
}

/// Replaces an entry; see [`Entries::update`].
#[derive(Clone, Debug)]
pub struct UpdateCustomerEntry<K: EntryKind> {
    customer: CustomerId,
    entry: CustomerEntryId,
    body: K::Update,
}

impl<K: EntryKind> Operation for UpdateCustomerEntry<K> {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        K::update(client, self.customer, self.entry, &self.body, Sealed(())).await
    }
}

/// Removes an entry; see [`Entries::delete`].
#[derive(Clone, Debug)]
pub struct DeleteCustomerEntry<K> {
    customer: CustomerId,
    entry: CustomerEntryId,
    kind: PhantomData<fn() -> K>,
}

impl<K: EntryKind> Operation for DeleteCustomerEntry<K> {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        K::delete(client, self.customer, self.entry, Sealed(())).await
    }
}
