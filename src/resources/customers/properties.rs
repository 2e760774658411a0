//! Customer properties: the company-wide definitions, and each customer's values, which are
//! changed with a JSON Patch array of `replace`/`remove` operations addressed by slug.

use chrono::NaiveDate;
use serde_json::Value;

use crate::call::{Action, action};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::models::{
    CreateCustomerPropertyDefinition, CustomerPropertiesPatch, CustomerPropertyDefinition,
    CustomerPropertyOptionInput, CustomerPropertyPatchOp, CustomerPropertyPatchOperation,
    CustomerPropertyType,
};

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
    pub fn list(self) -> Action<'a, Vec<CustomerPropertyDefinition>> {
        let client = self.client;
        action(async move {
            let call = client.raw().list_customer_properties();
            let response = client
                .run("listCustomerProperties", call)
                .await?
                .into_inner();
            Ok(response
                .embedded
                .map(|e| e.customer_properties)
                .unwrap_or_default())
        })
    }

    /// Defines a property. `slug` is its permanent id: unique, 1 to 100 letters, digits, `-`
    /// and `_`; `email`, `name`, `company` and `jobTitle` are reserved. A company can have at
    /// most 50 definitions. Give a dropdown its choices with [`CreateProperty::option`].
    pub fn create(
        self,
        slug: impl Into<String>,
        name: impl Into<String>,
        kind: CustomerPropertyType,
    ) -> CreateProperty<'a> {
        CreateProperty {
            client: self.client,
            body: CreateCustomerPropertyDefinition {
                name: name.into(),
                options: Vec::new(),
                slug: slug.into(),
                type_: kind,
            },
        }
    }

    /// Deletes a definition. The slug can be reused at once: the definition is renamed, then
    /// removed for good later.
    pub fn delete(self, slug: impl Into<String>) -> Action<'a, ()> {
        let client = self.client;
        let slug = slug.into();
        action(async move {
            let call = client.raw().delete_customer_property(&slug);
            client.run("deleteCustomerProperty", call).await?;
            Ok(())
        })
    }
}

/// Defines a customer property; see [`Properties::create`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateProperty<'a> {
    client: &'a Client,
    body: CreateCustomerPropertyDefinition,
}

impl CreateProperty<'_> {
    /// Adds a dropdown choice (at most 100, labels unique and at most 255 characters); the
    /// API generates its id. Ignored by the API for other types.
    pub fn option(mut self, label: impl Into<String>) -> Self {
        self.body.options.push(CustomerPropertyOptionInput {
            id: None,
            label: label.into(),
        });
        self
    }

    /// Adds a dropdown choice with an id of your own (a UUID), so that values can refer to it
    /// without reading the definition back.
    pub fn option_with_id(mut self, id: impl Into<String>, label: impl Into<String>) -> Self {
        self.body.options.push(CustomerPropertyOptionInput {
            id: Some(id.into()),
            label: label.into(),
        });
        self
    }

    /// Sends the request. The API answers with no body and no id: the slug is the id.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a bad or taken slug, or beyond 50 definitions; any error of
    /// a request.
    pub async fn send(self) -> Result<()> {
        let call = self.client.raw().create_customer_property(&self.body);
        self.client.run("createCustomerProperty", call).await?;
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
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct PatchProperties<'a> {
    client: &'a Client,
    customer: CustomerId,
    operations: Vec<(CustomerPropertyPatchOp, String, Option<Value>)>,
}

impl<'a> PatchProperties<'a> {
    pub(super) fn new(client: &'a Client, customer: CustomerId) -> Self {
        Self {
            client,
            customer,
            operations: Vec::new(),
        }
    }

    fn push(mut self, op: CustomerPropertyPatchOp, slug: String, value: Option<Value>) -> Self {
        self.operations.push((op, slug, value));
        self
    }

    /// Sets a value as any JSON, for formats the typed setters do not cover.
    pub fn replace(self, slug: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(
            CustomerPropertyPatchOp::Replace,
            slug.into(),
            Some(value.into()),
        )
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

    /// Sends every operation as one JSON Patch array, each addressed as `/<slug>`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] without sending anything when there is no operation or a
    /// slug is not 1 to 100 letters, digits, `-` and `_`; [`Error::Validation`] for a value
    /// the property's type rejects; any error of a request.
    pub async fn send(self) -> Result<()> {
        if self.operations.is_empty() {
            return Err(Error::InvalidRequest(
                "a property value patch needs at least one operation".to_owned(),
            ));
        }
        let mut operations = Vec::with_capacity(self.operations.len());
        for (op, slug, value) in self.operations {
            check_slug(&slug)?;
            operations.push(CustomerPropertyPatchOperation {
                op,
                path: format!("/{slug}"),
                value,
            });
        }
        let body = CustomerPropertiesPatch(operations);
        let call = self
            .client
            .raw()
            .update_customer_property_values(self.customer.get(), &body);
        self.client
            .run("updateCustomerPropertyValues", call)
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
