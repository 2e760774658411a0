//! Organization property definitions: list, define, rename and delete them.

use crate::client::Client;
use crate::error::Result;
use crate::models::{
    CreateOrganizationPropertyDefinition, OrganizationPropertyDefinition,
    OrganizationPropertyOptionInput, OrganizationPropertyType,
    UpdateOrganizationPropertyDefinition,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

/// The organization property definitions; see
/// [`Organizations::properties`](super::Organizations::properties).
#[derive(Clone, Copy, Debug)]
pub struct OrganizationProperties<'a> {
    client: &'a Client,
}

impl<'a> OrganizationProperties<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Lists every definition (the list is not paged; an account has at most 50).
    pub fn list(self) -> Request<'a, ListOrganizationProperties> {
        Request::new(self.client, ListOrganizationProperties(()))
    }

    /// Defines a property: `slug` is its permanent id (unique, 1 to 120 characters), `name`
    /// its label (at most 100). Give a dropdown its choices with
    /// [`options`](Request::options).
    pub fn create(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
        kind: OrganizationPropertyType,
    ) -> Request<'a, CreateOrganizationProperty> {
        let body = CreateOrganizationPropertyDefinition {
            name: name.into(),
            options: Vec::new(),
            slug: slug.into(),
            type_: kind.into(),
        };
        Request::new(self.client, CreateOrganizationProperty { body })
    }

    /// Renames a property and, for a dropdown, replaces its whole option list. Type and slug
    /// cannot change.
    pub fn update(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
    ) -> Request<'a, UpdateOrganizationProperty> {
        let body = UpdateOrganizationPropertyDefinition {
            name: name.into(),
            options: Vec::new(),
        };
        let slug = slug.into();
        Request::new(self.client, UpdateOrganizationProperty { slug, body })
    }

    /// Deletes a definition; it is removed for good after a grace period.
    pub fn delete(self, slug: impl Into<String>) -> Request<'a, DeleteOrganizationProperty> {
        let slug = slug.into();
        Request::new(self.client, DeleteOrganizationProperty { slug })
    }
}

/// Lists the property definitions; see [`OrganizationProperties::list`].
#[derive(Clone, Debug)]
pub struct ListOrganizationProperties(());

impl Operation for ListOrganizationProperties {
    type Output = Vec<OrganizationPropertyDefinition>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Self::Output> {
        let call = client.raw().list_organization_properties();
        let response = client
            .run(operation::LIST_ORGANIZATION_PROPERTIES, call)
            .await?
            .into_inner();
        Ok(response
            .embedded
            .map(|e| e.organization_properties)
            .unwrap_or_default())
    }
}

/// Dropdown choices as the API takes them.
fn option_inputs(
    labels: impl IntoIterator<Item = impl Into<String>>,
) -> impl Iterator<Item = OrganizationPropertyOptionInput> {
    labels
        .into_iter()
        .map(|label| OrganizationPropertyOptionInput {
            label: label.into(),
        })
}

/// Defines an organization property; see [`OrganizationProperties::create`]. The API
/// answers with no body and no id: the slug is the id.
///
/// Fails with [`Error::Validation`](crate::Error::Validation) for a bad or taken slug, or
/// beyond 50 definitions; any error of a request.
#[derive(Clone, Debug)]
pub struct CreateOrganizationProperty {
    body: CreateOrganizationPropertyDefinition,
}

impl Request<'_, CreateOrganizationProperty> {
    /// Dropdown choices (adding to earlier calls; at most 100, labels at most 100
    /// characters). Ignored by the API for other types.
    pub fn options(self, labels: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|o| o.body.options.extend(option_inputs(labels)))
    }
}

impl Operation for CreateOrganizationProperty {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().create_organization_property(&self.body);
        client
            .run(operation::CREATE_ORGANIZATION_PROPERTY, call)
            .await?;
        Ok(())
    }
}

/// Renames an organization property; see [`OrganizationProperties::update`].
///
/// Fails with [`Error::Validation`](crate::Error::Validation),
/// [`Error::NotFound`](crate::Error::NotFound) for an unknown slug, and any error of a
/// request.
#[derive(Clone, Debug)]
pub struct UpdateOrganizationProperty {
    slug: String,
    body: UpdateOrganizationPropertyDefinition,
}

impl Request<'_, UpdateOrganizationProperty> {
    /// Choices of the dropdown's new option list (adding to earlier calls). The list sent
    /// replaces the old one, and organizations whose value used a dropped option lose that
    /// value.
    pub fn options(self, labels: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|o| o.body.options.extend(option_inputs(labels)))
    }
}

impl Operation for UpdateOrganizationProperty {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client
            .raw()
            .update_organization_property(&self.slug, &self.body);
        client
            .run(operation::UPDATE_ORGANIZATION_PROPERTY, call)
            .await?;
        Ok(())
    }
}

/// Deletes an organization property; see [`OrganizationProperties::delete`].
#[derive(Clone, Debug)]
pub struct DeleteOrganizationProperty {
    slug: String,
}

impl Operation for DeleteOrganizationProperty {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_organization_property(&self.slug);
        client
            .run(operation::DELETE_ORGANIZATION_PROPERTY, call)
            .await?;
        Ok(())
    }
}
