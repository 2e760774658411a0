//! Customer properties: the company-wide definitions, and each customer's values, which are
//! changed with a JSON Patch array of `replace`/`remove` operations addressed by slug.

use chrono::NaiveDate;
use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::models::{
    CreateCustomerPropertyDefinition, CustomerPropertiesPatch, CustomerPropertyDefinition,
    CustomerPropertyOptionInput, CustomerPropertyPatchOp, CustomerPropertyPatchOperation,
    CustomerPropertyType,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

/// The customer property definitions; see
/// [`Customers::properties`](super::Customers::properties).
#[derive(Clone, Copy, Debug)]
pub struct Properties<'a> {
    client: &'a Client,
}

impl<'a> Properties<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Lists every definition (the list is not paged).
    pub fn list(self) -> Request<'a, ListCustomerProperties> {
        Request::new(self.client, ListCustomerProperties(()))
    }

    /// Defines a property. `slug` is its permanent id: unique, 1 to 100 letters, digits, `-`
    /// and `_`; `email`, `name`, `company` and `jobTitle` are reserved. A company can have at
    /// most 50 definitions. Give a dropdown its choices with [`options`](Request::options).
    pub fn create(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
        kind: CustomerPropertyType,
    ) -> Request<'a, CreateCustomerProperty> {
        let body = CreateCustomerPropertyDefinition {
            name: name.into(),
            options: Vec::new(),
            slug: slug.into(),
            type_: kind.into(),
        };
        Request::new(self.client, CreateCustomerProperty { body })
    }

    /// Deletes a definition. The slug can be reused at once: the definition is renamed, then
    /// removed for good later.
    pub fn delete(self, slug: impl Into<String>) -> Request<'a, DeleteCustomerProperty> {
        let slug = slug.into();
        Request::new(self.client, DeleteCustomerProperty { slug })
    }
}

/// Lists the property definitions; see [`Properties::list`].
#[derive(Clone, Debug)]
pub struct ListCustomerProperties(());

impl Operation for ListCustomerProperties {
    type Output = Vec<CustomerPropertyDefinition>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Vec<CustomerPropertyDefinition>> {
        let call = client.raw().list_customer_properties();
        let response = client
            .run(operation::LIST_CUSTOMER_PROPERTIES, call)
            .await?;
        let embedded = response.into_inner().embedded;
        Ok(embedded.map(|e| e.customer_properties).unwrap_or_default())
    }
}

/// Defines a customer property; see [`Properties::create`]. The API answers with no body and
/// no id: the slug is the id. Fails with [`Error::Validation`](crate::Error::Validation) for
/// a bad or taken slug, or beyond 50 definitions.
#[derive(Clone, Debug)]
pub struct CreateCustomerProperty {
    body: CreateCustomerPropertyDefinition,
}

impl Request<'_, CreateCustomerProperty> {
    /// Dropdown choices by label, added to those set before (at most 100, labels unique and
    /// at most 255 characters); the API generates their ids. Ignored by the API for other
    /// types.
    pub fn options(self, labels: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let options = labels.into_iter().map(|label| CustomerPropertyOptionInput {
            id: None,
            label: label.into(),
        });
        self.with(|o| o.body.options.extend(options))
    }

    /// Dropdown choices as `(id, label)`, with ids of your own (UUIDs) so that values can
    /// refer to them without reading the definition back; added to those set before.
    pub fn options_with_ids(
        self,
        options: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Self {
        let options = options
            .into_iter()
            .map(|(id, label)| CustomerPropertyOptionInput {
                id: Some(id.into()),
                label: label.into(),
            });
        self.with(|o| o.body.options.extend(options))
    }
}

impl Operation for CreateCustomerProperty {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().create_customer_property(&self.body);
        client
            .run(operation::CREATE_CUSTOMER_PROPERTY, call)
            .await?;
        Ok(())
    }
}

/// Deletes a property definition; see [`Properties::delete`].
#[derive(Clone, Debug)]
pub struct DeleteCustomerProperty {
    slug: String,
}

impl Operation for DeleteCustomerProperty {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().delete_customer_property(&self.slug);
        client
            .run(operation::DELETE_CUSTOMER_PROPERTY, call)
            .await?;
        Ok(())
    }
}

/// Sets or clears a customer's property values in one request; see
/// [`Customers::patch_properties`](super::Customers::patch_properties).
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// client
///     .customers()
///     .patch_properties(42.into())
///     .replace_text("car", "Tesla")
///     .replace_number("seats", 5)
///     .remove("trial-ends")
///     .await?;
/// # Ok(()) }
/// ```
///
/// Sends every operation as one JSON Patch array, each addressed as `/<slug>`. Fails with
/// [`Error::InvalidRequest`] without sending anything when there is no operation or a slug
/// is not 1 to 100 letters, digits, `-` and `_`, and with
/// [`Error::Validation`](crate::Error::Validation) for a value the property's type rejects.
#[derive(Clone, Debug)]
pub struct UpdateCustomerPropertyValues {
    customer: CustomerId,
    operations: Vec<(CustomerPropertyPatchOp, String, Option<Value>)>,
}

impl UpdateCustomerPropertyValues {
    pub(super) fn new(customer: CustomerId) -> Self {
        Self {
            customer,
            operations: Vec::new(),
        }
    }
}

impl Request<'_, UpdateCustomerPropertyValues> {
    fn push(self, op: CustomerPropertyPatchOp, slug: String, value: Option<Value>) -> Self {
        self.with(|o| o.operations.push((op, slug, value)))
    }

    /// Sets a value as any JSON, for formats the typed setters do not cover.
    pub fn replace(self, slug: impl Into<String>, value: impl Into<Value>) -> Self {
        let value = Some(value.into());
        self.push(CustomerPropertyPatchOp::Replace, slug.into(), value)
    }

    /// Sets a text property (at most 255 characters).
    pub fn replace_text(self, slug: impl Into<String>, text: impl Into<String>) -> Self {
        self.replace(slug, Value::String(text.into()))
    }

    /// Sets a number property (sent as a JSON number).
    pub fn replace_number(self, slug: impl Into<String>, number: i64) -> Self {
        self.replace(slug, Value::from(number))
    }

    /// Sets a URL property.
    pub fn replace_url(self, slug: impl Into<String>, url: impl Into<String>) -> Self {
        self.replace(slug, Value::String(url.into()))
    }

    /// Sets a date property, sent as `YYYY-MM-DD`.
    pub fn replace_date(self, slug: impl Into<String>, date: NaiveDate) -> Self {
        self.replace(slug, Value::String(date.format("%Y-%m-%d").to_string()))
    }

    /// Sets a dropdown property to one of its options, by the option's id or its label.
    pub fn replace_dropdown(self, slug: impl Into<String>, option: impl Into<String>) -> Self {
        self.replace(slug, Value::String(option.into()))
    }

    /// Clears a value; the definition stays.
    pub fn remove(self, slug: impl Into<String>) -> Self {
        self.push(CustomerPropertyPatchOp::Remove, slug.into(), None)
    }
}

impl Operation for UpdateCustomerPropertyValues {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        if self.operations.is_empty() {
            return Err(Error::InvalidRequest(
                "a property value patch needs at least one operation".to_owned(),
            ));
        }
        let mut operations = Vec::with_capacity(self.operations.len());
        for (op, slug, value) in self.operations {
            check_slug(&slug)?;
            operations.push(CustomerPropertyPatchOperation {
                op: op.into(),
                path: format!("/{slug}"),
                value,
            });
        }
        let body = CustomerPropertiesPatch(operations);
        let call = client
            .raw()
            .update_customer_property_values(self.customer.get(), &body);
        client
            .run(operation::UPDATE_CUSTOMER_PROPERTY_VALUES, call)
            .await?;
        Ok(())
    }
}

/// Slugs become JSON Pointer segments here; the documented slug alphabet never needs escaping,
/// so anything else (a `/` would address a different path) is refused before sending.
fn check_slug(slug: &str) -> Result<()> {
    let valid = (1..=100).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidRequest(format!(
            "`{slug}` is not a property slug: expected 1 to 100 letters, digits, `-` and `_`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::check_slug;

    #[test]
    fn slugs_are_checked_before_they_become_paths() {
        for good in ["car", "trial-ends", "a_b-9", &"x".repeat(100)] {
            assert!(check_slug(good).is_ok(), "{good}");
        }
        for bad in ["", "a/b", "a~1", "ünï", "sp ace", &"x".repeat(101)] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }
}
