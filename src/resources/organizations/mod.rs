//! Organizations: the companies customers belong to. List, get, create, update and delete
//! them, list their conversations and customers, and manage organization properties and
//! their values. Reached through [`Client::organizations`].

mod edit;
mod properties;

pub use edit::{CreateOrganization, OrganizationFields, UpdateOrganization};
pub use properties::{
    CreateOrganizationProperty, DeleteOrganizationProperty, ListOrganizationProperties,
    OrganizationProperties, UpdateOrganizationProperty,
};

use crate::client::Client;
use crate::error::Result;
use crate::ids::OrganizationId;
use crate::list::{List, Listing, NumberedListing, PageAt, page_number};
use crate::models::{
    Conversation, Customer, Organization, SetOrganizationPropertyValueBody, SortOrder,
};
use crate::page::Page;
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};
use crate::resources::customers::customer_page;

impl Client {
    /// Organizations (companies of customers), their conversations, customers and
    /// properties.
    pub fn organizations(&self) -> Organizations<'_> {
        Organizations { client: self }
    }
}

/// The organization operations; see [`Client::organizations`].
#[derive(Clone, Copy, Debug)]
pub struct Organizations<'a> {
    client: &'a Client,
}

impl<'a> Organizations<'a> {
    /// Lists organizations, 50 to a page; by default the most recently active first.
    pub fn list(self) -> List<'a, ListOrganizations> {
        List::new(self.client, ListOrganizations { sort: None })
    }

    /// Gets one organization. Its counts and property values come only when asked for with
    /// the request's setters.
    pub fn get(self, id: OrganizationId) -> Request<'a, GetOrganization> {
        let operation = GetOrganization {
            id,
            include_counts: false,
            include_properties: false,
        };
        Request::new(self.client, operation)
    }

    /// Creates an organization called `name`; customers whose email domain is one of its
    /// [`domains`](Request::domains) are linked to it.
    pub fn create(self, name: impl Into<String>) -> Request<'a, CreateOrganization> {
        Request::new(self.client, CreateOrganization::new(name.into()))
    }

    /// Replaces an organization's fields (`PUT`).
    ///
    /// **Every field the request leaves unset is cleared** (lists become empty): send the
    /// unchanged fields too, for instance with [`starting_from`](Request::starting_from).
    pub fn update(self, id: OrganizationId) -> Request<'a, UpdateOrganization> {
        Request::new(self.client, UpdateOrganization::new(id))
    }

    /// Deletes an organization and unlinks its customers (they are kept).
    pub fn delete(self, id: OrganizationId) -> Request<'a, DeleteOrganization> {
        Request::new(self.client, DeleteOrganization { id })
    }

    /// Lists the conversations of the organization's customers, in the shape of the
    /// conversation list.
    pub fn conversations(self, id: OrganizationId) -> List<'a, ListOrganizationConversations> {
        List::new(self.client, ListOrganizationConversations { id })
    }

    /// Lists the organization's customers, each with its entries under `_embedded`.
    pub fn customers(self, id: OrganizationId) -> List<'a, ListOrganizationCustomers> {
        List::new(self.client, ListOrganizationCustomers { id })
    }

    /// The account's organization property definitions.
    pub fn properties(self) -> OrganizationProperties<'a> {
        OrganizationProperties::new(self.client)
    }

    /// Sets (or replaces) the organization's value of the property `slug`. The value is
    /// always text: plain text or a URL, a number in decimal (`"100"`), a date as
    /// `YYYY-MM-DD`, or the exact label of a dropdown option.
    pub fn set_property_value(
        self,
        id: OrganizationId,
        slug: impl Into<String>,
        value: impl Into<String>,
    ) -> Request<'a, SetOrganizationPropertyValue> {
        let operation = SetOrganizationPropertyValue {
            id,
            slug: slug.into(),
            value: value.into(),
        };
        Request::new(self.client, operation)
    }

    /// Clears the organization's value of the property `slug`; the definition stays.
    pub fn delete_property_value(
        self,
        id: OrganizationId,
        slug: impl Into<String>,
    ) -> Request<'a, DeleteOrganizationPropertyValue> {
        let slug = slug.into();
        Request::new(self.client, DeleteOrganizationPropertyValue { id, slug })
    }
}

/// A field that organization lists can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrganizationSortField {
    /// `name`.
    Name,
    /// `customerCount`.
    CustomerCount,
    /// `conversationCount`.
    ConversationCount,
    /// `lastInteractionAt`, the API's default.
    LastInteractionAt,
}

impl OrganizationSortField {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::CustomerCount => "customerCount",
            Self::ConversationCount => "conversationCount",
            Self::LastInteractionAt => "lastInteractionAt",
        }
    }
}

/// The organization list and its order; see [`Organizations::list`].
#[derive(Clone, Debug)]
pub struct ListOrganizations {
    sort: Option<String>,
}

impl List<'_, ListOrganizations> {
    /// The order, sent as the single `sort` parameter (`name,asc`). The API's default is
    /// `lastInteractionAt,desc`.
    pub fn sort(self, field: OrganizationSortField, order: SortOrder) -> Self {
        self.with(|q| q.sort = Some(format!("{},{}", field.as_str(), order.as_str())))
    }
}

impl Listing for ListOrganizations {
    type Item = Organization;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Organization>> {
        let call = client
            .raw()
            .list_organizations(Some(page_number(&at)?), self.sort.as_deref());
        let response = client
            .run(operation::LIST_ORGANIZATIONS, call)
            .await?
            .into_inner();
        let items = response
            .embedded
            .map(|e| e.organizations)
            .unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListOrganizations {}

/// Gets an organization; see [`Organizations::get`].
///
/// Fails with [`Error::NotFound`](crate::Error::NotFound), and any error of a request.
#[derive(Clone, Debug)]
pub struct GetOrganization {
    id: OrganizationId,
    include_counts: bool,
    include_properties: bool,
}

impl Request<'_, GetOrganization> {
    /// Includes `customerCount` and `conversationCount` (`includeCounts=true`).
    pub fn include_counts(self) -> Self {
        self.with(|o| o.include_counts = true)
    }

    /// Includes the property values under `properties` (`includeProperties=true`).
    pub fn include_properties(self) -> Self {
        self.with(|o| o.include_properties = true)
    }
}

impl Operation for GetOrganization {
    type Output = Organization;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Organization> {
        let call = client.raw().get_organization(
            self.id.get(),
            self.include_counts.then_some(true),
            self.include_properties.then_some(true),
        );
        Ok(client
            .run(operation::GET_ORGANIZATION, call)
            .await?
            .into_inner())
    }
}

/// Deletes an organization; see [`Organizations::delete`].
#[derive(Clone, Debug)]
pub struct DeleteOrganization {
    id: OrganizationId,
}

impl Operation for DeleteOrganization {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_organization(self.id.get());
        client.run(operation::DELETE_ORGANIZATION, call).await?;
        Ok(())
    }
}

/// An organization's conversations; see [`Organizations::conversations`].
#[derive(Clone, Debug)]
pub struct ListOrganizationConversations {
    id: OrganizationId,
}

impl Listing for ListOrganizationConversations {
    type Item = Conversation;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Conversation>> {
        let call = client
            .raw()
            .list_organization_conversations(self.id.get(), Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_ORGANIZATION_CONVERSATIONS, call)
            .await?
            .into_inner();
        let items = response
            .embedded
            .map(|e| e.conversations)
            .unwrap_or_default();
        Ok(Page::from_parts(items, response.page, response.links))
    }
}

impl NumberedListing for ListOrganizationConversations {}

/// An organization's customers; see [`Organizations::customers`].
#[derive(Clone, Debug)]
pub struct ListOrganizationCustomers {
    id: OrganizationId,
}

impl Listing for ListOrganizationCustomers {
    type Item = Customer;
    const FIRST: PageAt = PageAt::Number(1);

    async fn fetch(&self, client: &Client, at: PageAt, _: Sealed) -> Result<Page<Customer>> {
        let call = client
            .raw()
            .list_organization_customers(self.id.get(), Some(page_number(&at)?));
        let response = client
            .run(operation::LIST_ORGANIZATION_CUSTOMERS, call)
            .await?
            .into_inner();
        Ok(customer_page(response))
    }
}

impl NumberedListing for ListOrganizationCustomers {}

/// Sets an organization's property value; see [`Organizations::set_property_value`].
#[derive(Clone, Debug)]
pub struct SetOrganizationPropertyValue {
    id: OrganizationId,
    slug: String,
    value: String,
}

impl Operation for SetOrganizationPropertyValue {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let body = SetOrganizationPropertyValueBody { value: self.value };
        let call = client
            .raw()
            .set_organization_property_value(self.id.get(), &self.slug, &body);
        client
            .run(operation::SET_ORGANIZATION_PROPERTY_VALUE, call)
            .await?;
        Ok(())
    }
}

/// Clears an organization's property value; see [`Organizations::delete_property_value`].
#[derive(Clone, Debug)]
pub struct DeleteOrganizationPropertyValue {
    id: OrganizationId,
    slug: String,
}

impl Operation for DeleteOrganizationPropertyValue {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client
            .raw()
            .delete_organization_property_value(self.id.get(), &self.slug);
        client
            .run(operation::DELETE_ORGANIZATION_PROPERTY_VALUE, call)
            .await?;
        Ok(())
    }
}
