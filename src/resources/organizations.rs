//! Organizations: the companies customers belong to. List, get, create, update and delete
//! them, list their conversations and customers, and manage organization properties and
//! their values. Reached through [`Client::organizations`].

use futures_util::Stream;

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::Result;
use crate::ids::OrganizationId;
use crate::models::{
    Conversation, CreateOrganizationBody, CreateOrganizationPropertyDefinition, Customer,
    Organization, OrganizationPropertyDefinition, OrganizationPropertyOptionInput,
    OrganizationPropertyType, SetOrganizationPropertyValue, SortOrder, UpdateOrganizationBody,
    UpdateOrganizationPropertyDefinition,
};
use crate::page::{self, Page};
use crate::page::{hal_list, page_param};
use crate::resources::created_id;
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
    pub fn list(self) -> ListOrganizations<'a> {
        ListOrganizations {
            client: self.client,
            sort: None,
        }
    }

    /// Gets one organization. Its counts and property values come only when asked for with
    /// the builder.
    pub fn get(self, id: OrganizationId) -> GetOrganization<'a> {
        GetOrganization {
            client: self.client,
            id,
            include_counts: false,
            include_properties: false,
        }
    }

    /// Creates an organization called `name`; customers whose email domain is one of its
    /// [`domains`](CreateOrganization::domains) are linked to it.
    pub fn create(self, name: impl Into<String>) -> CreateOrganization<'a> {
        CreateOrganization {
            client: self.client,
            body: CreateOrganizationBody {
                name: Some(name.into()),
                ..CreateOrganizationBody::default()
            },
        }
    }

    /// Replaces an organization's fields (`PUT`).
    ///
    /// **Every field the builder leaves unset is cleared** (lists become empty): send the
    /// unchanged fields too, for instance with [`UpdateOrganization::starting_from`].
    pub fn update(self, id: OrganizationId) -> UpdateOrganization<'a> {
        UpdateOrganization {
            client: self.client,
            id,
            body: UpdateOrganizationBody::default(),
        }
    }

    /// Deletes an organization and unlinks its customers (they are kept).
    pub fn delete(self, id: OrganizationId) -> Action<'a, ()> {
        let client = self.client;
        action(async move {
            let call = client.raw().delete_organization(id.get());
            client.run("deleteOrganization", call).await?;
            Ok(())
        })
    }

    /// Lists the conversations of the organization's customers, in the shape of the
    /// conversation list.
    pub fn conversations(self, id: OrganizationId) -> ListOrganizationConversations<'a> {
        ListOrganizationConversations {
            client: self.client,
            query: id,
        }
    }

    /// Lists the organization's customers, each with its entries under `_embedded`.
    pub fn customers(self, id: OrganizationId) -> ListOrganizationCustomers<'a> {
        ListOrganizationCustomers {
            client: self.client,
            query: id,
        }
    }

    /// The account's organization property definitions.
    pub fn properties(self) -> OrganizationProperties<'a> {
        OrganizationProperties {
            client: self.client,
        }
    }

    /// Sets (or replaces) the organization's value of the property `slug`. The value is
    /// always text: plain text or a URL, a number in decimal (`"100"`), a date as
    /// `YYYY-MM-DD`, or the exact label of a dropdown option.
    pub fn set_property_value(
        self,
        id: OrganizationId,
        slug: impl Into<String>,
        value: impl Into<String>,
    ) -> Action<'a, ()> {
        let client = self.client;
        let slug = slug.into();
        let body = SetOrganizationPropertyValue {
            value: value.into(),
        };
        action(async move {
            let call = client
                .raw()
                .set_organization_property_value(id.get(), &slug, &body);
            client.run("setOrganizationPropertyValue", call).await?;
            Ok(())
        })
    }

    /// Clears the organization's value of the property `slug`; the definition stays.
    pub fn delete_property_value(
        self,
        id: OrganizationId,
        slug: impl Into<String>,
    ) -> Action<'a, ()> {
        let client = self.client;
        let slug = slug.into();
        action(async move {
            let call = client
                .raw()
                .delete_organization_property_value(id.get(), &slug);
            client.run("deleteOrganizationPropertyValue", call).await?;
            Ok(())
        })
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

/// Lists organizations; see [`Organizations::list`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListOrganizations<'a> {
    client: &'a Client,
    sort: Option<String>,
}

impl<'a> ListOrganizations<'a> {
    /// The order, sent as the single `sort` parameter (`name,asc`). The API's default is
    /// `lastInteractionAt,desc`.
    pub fn sort(mut self, field: OrganizationSortField, order: SortOrder) -> Self {
        self.sort = Some(format!("{},{}", field.as_str(), order.as_str()));
        self
    }

    /// Fetches the first page.
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) of a request: authentication, rate limits (after the
    /// configured retries), transport.
    pub async fn send(self) -> Result<Page<Organization>> {
        fetch_organizations(self.client, self.sort.as_deref(), 1).await
    }

    /// Fetches page `number` (1-based).
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    pub async fn page(self, number: u64) -> Result<Page<Organization>> {
        fetch_organizations(self.client, self.sort.as_deref(), number).await
    }

    /// Every page, lazily, one request per page as the stream is polled. Ends after the last
    /// page, on an empty page, or when the API repeats a page; after an error it yields the
    /// error and ends.
    pub fn pages(self) -> impl Stream<Item = Result<Page<Organization>>> + Send + Unpin + 'a {
        let Self { client, sort } = self;
        page::pages(move |number| {
            let sort = sort.clone();
            async move { fetch_organizations(client, sort.as_deref(), number).await }
        })
    }

    /// Every organization of every page, lazily; see [`pages`](Self::pages).
    pub fn stream(self) -> impl Stream<Item = Result<Organization>> + Send + Unpin + 'a {
        let Self { client, sort } = self;
        page::items(move |number| {
            let sort = sort.clone();
            async move { fetch_organizations(client, sort.as_deref(), number).await }
        })
    }
}

async fn fetch_organizations(
    client: &Client,
    sort: Option<&str>,
    number: u64,
) -> Result<Page<Organization>> {
    let call = client
        .raw()
        .list_organizations(Some(page_param(number)?), sort);
    let response = client.run("listOrganizations", call).await?.into_inner();
    let items = response
        .embedded
        .map(|e| e.organizations)
        .unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

/// Gets an organization; see [`Organizations::get`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetOrganization<'a> {
    client: &'a Client,
    id: OrganizationId,
    include_counts: bool,
    include_properties: bool,
}

impl GetOrganization<'_> {
    /// Includes `customerCount` and `conversationCount` (`includeCounts=true`).
    pub fn include_counts(mut self) -> Self {
        self.include_counts = true;
        self
    }

    /// Includes the property values under `properties` (`includeProperties=true`).
    pub fn include_properties(mut self) -> Self {
        self.include_properties = true;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`](crate::Error::NotFound), and any error of a request.
    pub async fn send(self) -> Result<Organization> {
        let call = self.client.raw().get_organization(
            self.id.get(),
            self.include_counts.then_some(true),
            self.include_properties.then_some(true),
        );
        Ok(self.client.run("getOrganization", call).await?.into_inner())
    }
}

/// Creates an organization; see [`Organizations::create`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateOrganization<'a> {
    client: &'a Client,
    body: CreateOrganizationBody,
}

impl CreateOrganization<'_> {
    /// One email domain, sent as the single `domain` field the docs' example uses.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.body.domain = Some(domain.into());
        self
    }

    /// The email domains, sent as the `domains` list (replacing earlier calls).
    pub fn domains<I, S>(mut self, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.body.domains = domains.into_iter().map(Into::into).collect();
        self
    }

    /// The website.
    pub fn website(mut self, website: impl Into<String>) -> Self {
        self.body.website = Some(website.into());
        self
    }

    /// The description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// The country, as a two-letter code such as `US`.
    pub fn location(mut self, country: impl Into<String>) -> Self {
        self.body.location = Some(country.into());
        self
    }

    /// The logo's URL.
    pub fn logo_url(mut self, url: impl Into<String>) -> Self {
        self.body.logo_url = Some(url.into());
        self
    }

    /// A note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.body.note = Some(note.into());
        self
    }

    /// The phone numbers (replacing earlier calls).
    pub fn phones<I, S>(mut self, phones: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.body.phones = phones.into_iter().map(Into::into).collect();
        self
    }

    /// The brand colour, as hex such as `#00FF00`.
    pub fn brand_color(mut self, color: impl Into<String>) -> Self {
        self.body.brand_color = Some(color.into());
        self
    }

    /// Sends the request and returns the new organization's id, read from `Resource-ID` (or
    /// `Location`); `None` if the API sent neither, which does not make the create fail.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation) with the rejected fields, and any
    /// error of a request.
    pub async fn send(self) -> Result<Option<OrganizationId>> {
        let call = self.client.raw().create_organization(&self.body);
        let response = self.client.run("createOrganization", call).await?;
        Ok(created_id(response.headers()).map(OrganizationId::new))
    }
}

/// Replaces an organization's fields; see [`Organizations::update`].
///
/// **Fields left unset are cleared on the organization.**
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateOrganization<'a> {
    client: &'a Client,
    id: OrganizationId,
    body: UpdateOrganizationBody,
}

impl UpdateOrganization<'_> {
    /// Copies the fields of `organization` (as read with [`Organizations::get`]) into the
    /// body, so that only the fields set afterwards change. Reading and writing are two
    /// requests: a change made by someone else in between is lost.
    pub fn starting_from(mut self, organization: &Organization) -> Self {
        self.body.name.clone_from(&organization.name);
        self.body.website.clone_from(&organization.website);
        self.body.description.clone_from(&organization.description);
        self.body.location.clone_from(&organization.location);
        self.body.logo_url.clone_from(&organization.logo_url);
        self.body.note.clone_from(&organization.note);
        self.body.domains.clone_from(&organization.domains);
        self.body.phones.clone_from(&organization.phones);
        self.body.brand_color.clone_from(&organization.brand_color);
        self
    }

    /// The name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.body.name = Some(name.into());
        self
    }

    /// The website.
    pub fn website(mut self, website: impl Into<String>) -> Self {
        self.body.website = Some(website.into());
        self
    }

    /// The description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.body.description = Some(description.into());
        self
    }

    /// The country, as a two-letter code such as `US`.
    pub fn location(mut self, country: impl Into<String>) -> Self {
        self.body.location = Some(country.into());
        self
    }

    /// The logo's URL.
    pub fn logo_url(mut self, url: impl Into<String>) -> Self {
        self.body.logo_url = Some(url.into());
        self
    }

    /// A note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.body.note = Some(note.into());
        self
    }

    /// The email domains; replaces the whole list.
    pub fn domains<I, S>(mut self, domains: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.body.domains = domains.into_iter().map(Into::into).collect();
        self
    }

    /// The phone numbers; replaces the whole list.
    pub fn phones<I, S>(mut self, phones: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.body.phones = phones.into_iter().map(Into::into).collect();
        self
    }

    /// The brand colour, as hex such as `#0066CC`.
    pub fn brand_color(mut self, color: impl Into<String>) -> Self {
        self.body.brand_color = Some(color.into());
        self
    }

    /// Sends the request. Every field not set on this builder is cleared.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation),
    /// [`Error::NotFound`](crate::Error::NotFound), and any error of a request.
    pub async fn send(self) -> Result<()> {
        let call = self
            .client
            .raw()
            .update_organization(self.id.get(), &self.body);
        self.client.run("updateOrganization", call).await?;
        Ok(())
    }
}

hal_list! {
    /// Lists an organization's conversations; see [`Organizations::conversations`].
    ListOrganizationConversations(OrganizationId) -> Conversation = fetch_conversations
}

async fn fetch_conversations(
    client: &Client,
    id: &OrganizationId,
    number: u64,
) -> Result<Page<Conversation>> {
    let call = client
        .raw()
        .list_organization_conversations(id.get(), Some(page_param(number)?));
    let response = client
        .run("listOrganizationConversations", call)
        .await?
        .into_inner();
    let items = response
        .embedded
        .map(|e| e.conversations)
        .unwrap_or_default();
    Ok(Page::from_parts(items, response.page, response.links))
}

hal_list! {
    /// Lists an organization's customers; see [`Organizations::customers`].
    ListOrganizationCustomers(OrganizationId) -> Customer = fetch_customers
}

async fn fetch_customers(
    client: &Client,
    id: &OrganizationId,
    number: u64,
) -> Result<Page<Customer>> {
    let call = client
        .raw()
        .list_organization_customers(id.get(), Some(page_param(number)?));
    let response = client
        .run("listOrganizationCustomers", call)
        .await?
        .into_inner();
    Ok(customer_page(response))
}

/// The organization property definitions; see [`Organizations::properties`].
#[derive(Clone, Copy, Debug)]
pub struct OrganizationProperties<'a> {
    client: &'a Client,
}

impl<'a> OrganizationProperties<'a> {
    /// Lists every definition (the list is not paged; an account has at most 50).
    pub fn list(self) -> Action<'a, Vec<OrganizationPropertyDefinition>> {
        let client = self.client;
        action(async move {
            let call = client.raw().list_organization_properties();
            let response = client
                .run("listOrganizationProperties", call)
                .await?
                .into_inner();
            Ok(response
                .embedded
                .map(|e| e.organization_properties)
                .unwrap_or_default())
        })
    }

    /// Defines a property: `slug` is its permanent id (unique, 1 to 120 characters), `name`
    /// its label (at most 100). Give a dropdown its choices with
    /// [`CreateOrganizationProperty::option`].
    pub fn create(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
        kind: OrganizationPropertyType,
    ) -> CreateOrganizationProperty<'a> {
        CreateOrganizationProperty {
            client: self.client,
            body: CreateOrganizationPropertyDefinition {
                name: name.into(),
                options: Vec::new(),
                slug: slug.into(),
                type_: kind,
            },
        }
    }

    /// Renames a property and, for a dropdown, replaces its whole option list. Type and slug
    /// cannot change.
    pub fn update(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
    ) -> UpdateOrganizationProperty<'a> {
        UpdateOrganizationProperty {
            client: self.client,
            slug: slug.into(),
            body: UpdateOrganizationPropertyDefinition {
                name: name.into(),
                options: Vec::new(),
            },
        }
    }

    /// Deletes a definition; it is removed for good after a grace period.
    pub fn delete(self, slug: impl Into<String>) -> Action<'a, ()> {
        let client = self.client;
        let slug = slug.into();
        action(async move {
            let call = client.raw().delete_organization_property(&slug);
            client.run("deleteOrganizationProperty", call).await?;
            Ok(())
        })
    }
}

/// Defines an organization property; see [`OrganizationProperties::create`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateOrganizationProperty<'a> {
    client: &'a Client,
    body: CreateOrganizationPropertyDefinition,
}

impl CreateOrganizationProperty<'_> {
    /// Adds a dropdown choice (at most 100, labels at most 100 characters). Ignored by the
    /// API for other types.
    pub fn option(mut self, label: impl Into<String>) -> Self {
        self.body.options.push(OrganizationPropertyOptionInput {
            label: label.into(),
        });
        self
    }

    /// Sends the request. The API answers with no body and no id: the slug is the id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation) for a bad or taken slug, or beyond 50
    /// definitions; any error of a request.
    pub async fn send(self) -> Result<()> {
        let call = self.client.raw().create_organization_property(&self.body);
        self.client.run("createOrganizationProperty", call).await?;
        Ok(())
    }
}

/// Renames an organization property; see [`OrganizationProperties::update`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateOrganizationProperty<'a> {
    client: &'a Client,
    slug: String,
    body: UpdateOrganizationPropertyDefinition,
}

impl UpdateOrganizationProperty<'_> {
    /// Adds a choice to the dropdown's new option list. The list sent replaces the old one,
    /// and organizations whose value used a dropped option lose that value.
    pub fn option(mut self, label: impl Into<String>) -> Self {
        self.body.options.push(OrganizationPropertyOptionInput {
            label: label.into(),
        });
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation), [`Error::NotFound`](crate::Error::NotFound)
    /// for an unknown slug, and any error of a request.
    pub async fn send(self) -> Result<()> {
        let call = self
            .client
            .raw()
            .update_organization_property(&self.slug, &self.body);
        self.client.run("updateOrganizationProperty", call).await?;
        Ok(())
    }
}
