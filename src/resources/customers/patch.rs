//! [`PatchCustomer`]: the customer PATCH, a JSON Patch *array* built from typed operations.
//!
//! Conversations and threads take a single patch object; customers take an array, even for
//! one operation, and reject a lone object. The builder collects every operation and sends
//! them as one array, which the API applies atomically.

use serde_json::{Value, json};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::ids::{CustomerEntryId, CustomerId};
use crate::models::{
    CustomerChatType, CustomerEmailType, CustomerGender, CustomerPatch, CustomerPatchOp,
    CustomerPatchOperation, CustomerPhoneType, CustomerPhotoType, CustomerSocialProfileType,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed};

/// Updates parts of a customer and its entries atomically; see
/// [`Customers::patch`](super::Customers::patch).
///
/// Each setter appends one operation; sending sends them all, in call order, as one JSON
/// Patch array.
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use helpscout_mailbox::models::CustomerEmailType;
///
/// client
///     .customers()
///     .patch(42.into())
///     .replace_first_name("Ann")
///     .add_email(CustomerEmailType::Work, "ann@example.com")
///     .remove_email(7.into())
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct PatchCustomer {
    id: CustomerId,
    operations: Vec<CustomerPatchOperation>,
}

impl PatchCustomer {
    pub(super) fn new(id: CustomerId) -> Self {
        Self {
            id,
            operations: Vec::new(),
        }
    }
}

impl Request<'_, PatchCustomer> {
    fn push(self, op: CustomerPatchOp, path: String, value: Option<Value>) -> Self {
        self.with(|o| {
            o.operations.push(CustomerPatchOperation {
                op: op.into(),
                path,
                value,
            })
        })
    }

    fn replace_text(self, path: &str, value: String) -> Self {
        self.push(
            CustomerPatchOp::Replace,
            path.to_owned(),
            Some(Value::String(value)),
        )
    }

    /// `add` of a typed entry (`{type, value}`) to its collection.
    fn add_typed(self, collection: &str, kind: &str, value: String) -> Self {
        let entry = json!({ "type": kind, "value": value });
        self.push(CustomerPatchOp::Add, format!("/{collection}"), Some(entry))
    }

    /// `replace` of one part (`value` or `type`) of an entry, addressed by id.
    fn replace_part(
        self,
        collection: &str,
        entry: CustomerEntryId,
        part: &str,
        value: &str,
    ) -> Self {
        let path = format!("/{collection}/{entry}/{part}");
        self.push(CustomerPatchOp::Replace, path, Some(json!(value)))
    }

    /// `remove` of an entry, addressed by id.
    fn remove_entry(self, collection: &str, entry: CustomerEntryId) -> Self {
        self.push(
            CustomerPatchOp::Remove,
            format!("/{collection}/{entry}"),
            None,
        )
    }

    /// Replaces the first name (`replace` `/firstName`).
    pub fn replace_first_name(self, value: impl Into<String>) -> Self {
        self.replace_text("/firstName", value.into())
    }

    /// Replaces the last name (`replace` `/lastName`).
    pub fn replace_last_name(self, value: impl Into<String>) -> Self {
        self.replace_text("/lastName", value.into())
    }

    /// Replaces the job title (`replace` `/jobTitle`).
    pub fn replace_job_title(self, value: impl Into<String>) -> Self {
        self.replace_text("/jobTitle", value.into())
    }

    /// Replaces the location (`replace` `/location`).
    pub fn replace_location(self, value: impl Into<String>) -> Self {
        self.replace_text("/location", value.into())
    }

    /// Replaces the "Notes" (`background`) (`replace` `/background`).
    pub fn replace_background(self, value: impl Into<String>) -> Self {
        self.replace_text("/background", value.into())
    }

    /// Replaces the age (text, such as `30-35`) (`replace` `/age`).
    pub fn replace_age(self, value: impl Into<String>) -> Self {
        self.replace_text("/age", value.into())
    }

    /// Replaces the organization name (free text) (`replace` `/organization`).
    pub fn replace_organization(self, value: impl Into<String>) -> Self {
        self.replace_text("/organization", value.into())
    }

    /// Replaces the photo URL (`replace` `/photoUrl`).
    pub fn replace_photo_url(self, value: impl Into<String>) -> Self {
        self.replace_text("/photoUrl", value.into())
    }

    /// Replaces the gender (`replace` `/gender`).
    pub fn replace_gender(self, gender: CustomerGender) -> Self {
        let value = json!(gender.as_str());
        self.push(CustomerPatchOp::Replace, "/gender".to_owned(), Some(value))
    }

    /// Replaces the photo type (`replace` `/photoType`).
    pub fn replace_photo_type(self, photo_type: CustomerPhotoType) -> Self {
        let value = json!(photo_type.as_str());
        self.push(
            CustomerPatchOp::Replace,
            "/photoType".to_owned(),
            Some(value),
        )
    }

    /// Adds an email address (`add` `/emails` with `{type, value}`).
    pub fn add_email(self, kind: CustomerEmailType, value: impl Into<String>) -> Self {
        self.add_typed("emails", kind.as_str(), value.into())
    }

    /// Changes the value of an email address (`replace` `/emails/{id}/value`).
    pub fn replace_email_value(self, entry: CustomerEntryId, value: impl Into<String>) -> Self {
        self.replace_part("emails", entry, "value", &value.into())
    }

    /// Changes the type of an email address (`replace` `/emails/{id}/type`).
    pub fn replace_email_type(self, entry: CustomerEntryId, kind: CustomerEmailType) -> Self {
        self.replace_part("emails", entry, "type", kind.as_str())
    }

    /// Removes an email address (`remove` `/emails/{id}`).
    pub fn remove_email(self, entry: CustomerEntryId) -> Self {
        self.remove_entry("emails", entry)
    }

    /// Adds a phone number (`add` `/phones` with `{type, value}`).
    pub fn add_phone(self, kind: CustomerPhoneType, value: impl Into<String>) -> Self {
        self.add_typed("phones", kind.as_str(), value.into())
    }

    /// Changes the value of a phone number (`replace` `/phones/{id}/value`).
    pub fn replace_phone_value(self, entry: CustomerEntryId, value: impl Into<String>) -> Self {
        self.replace_part("phones", entry, "value", &value.into())
    }

    /// Changes the type of a phone number (`replace` `/phones/{id}/type`).
    pub fn replace_phone_type(self, entry: CustomerEntryId, kind: CustomerPhoneType) -> Self {
        self.replace_part("phones", entry, "type", kind.as_str())
    }

    /// Removes a phone number (`remove` `/phones/{id}`).
    pub fn remove_phone(self, entry: CustomerEntryId) -> Self {
        self.remove_entry("phones", entry)
    }

    /// Adds a chat handle (`add` `/chats` with `{type, value}`).
    pub fn add_chat(self, kind: CustomerChatType, value: impl Into<String>) -> Self {
        self.add_typed("chats", kind.as_str(), value.into())
    }

    /// Changes the value of a chat handle (`replace` `/chats/{id}/value`).
    pub fn replace_chat_value(self, entry: CustomerEntryId, value: impl Into<String>) -> Self {
        self.replace_part("chats", entry, "value", &value.into())
    }

    /// Changes the type of a chat handle (`replace` `/chats/{id}/type`).
    pub fn replace_chat_type(self, entry: CustomerEntryId, kind: CustomerChatType) -> Self {
        self.replace_part("chats", entry, "type", kind.as_str())
    }

    /// Removes a chat handle (`remove` `/chats/{id}`).
    pub fn remove_chat(self, entry: CustomerEntryId) -> Self {
        self.remove_entry("chats", entry)
    }

    /// Adds a social profile (`add` `/socialProfiles` with `{type, value}`).
    pub fn add_social_profile(
        self,
        kind: CustomerSocialProfileType,
        value: impl Into<String>,
    ) -> Self {
        self.add_typed("socialProfiles", kind.as_str(), value.into())
    }

    /// Changes the value of a social profile (`replace` `/socialProfiles/{id}/value`).
    pub fn replace_social_profile_value(
        self,
        entry: CustomerEntryId,
        value: impl Into<String>,
    ) -> Self {
        self.replace_part("socialProfiles", entry, "value", &value.into())
    }

    /// Changes the type of a social profile (`replace` `/socialProfiles/{id}/type`).
    pub fn replace_social_profile_type(
        self,
        entry: CustomerEntryId,
        kind: CustomerSocialProfileType,
    ) -> Self {
        self.replace_part("socialProfiles", entry, "type", kind.as_str())
    }

    /// Removes a social profile (`remove` `/socialProfiles/{id}`).
    pub fn remove_social_profile(self, entry: CustomerEntryId) -> Self {
        self.remove_entry("socialProfiles", entry)
    }

    /// Adds a website (`add` `/websites` with `{value}`).
    pub fn add_website(self, url: impl Into<String>) -> Self {
        let entry = json!({ "value": url.into() });
        self.push(CustomerPatchOp::Add, "/websites".to_owned(), Some(entry))
    }

    /// Changes the URL of a website (`replace` `/websites/{id}/value`).
    pub fn replace_website_value(self, entry: CustomerEntryId, url: impl Into<String>) -> Self {
        self.replace_part("websites", entry, "value", &url.into())
    }

    /// Removes a website (`remove` `/websites/{id}`).
    pub fn remove_website(self, entry: CustomerEntryId) -> Self {
        self.remove_entry("websites", entry)
    }

    /// Any `add` operation, for paths the typed methods do not cover. `path` is a JSON
    /// Pointer starting with `/`.
    pub fn add(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(CustomerPatchOp::Add, path.into(), Some(value.into()))
    }

    /// Any `replace` operation, for paths the typed methods do not cover (such as
    /// `/organizationId`). `path` is a JSON Pointer starting with `/`.
    pub fn replace(self, path: impl Into<String>, value: impl Into<Value>) -> Self {
        self.push(CustomerPatchOp::Replace, path.into(), Some(value.into()))
    }

    /// Any `remove` operation: clears a profile field (`/jobTitle`) or removes an entry
    /// (`/emails/7`). A whole entry collection cannot be removed.
    pub fn remove(self, path: impl Into<String>) -> Self {
        self.push(CustomerPatchOp::Remove, path.into(), None)
    }

    /// The operations collected so far, in the order they will be sent.
    pub fn operations(&self) -> &[CustomerPatchOperation] {
        &self.operation().operations
    }
}

/// Sends every operation as one JSON Patch array; the API applies all of them or none. Fails
/// with [`Error::InvalidRequest`] without sending anything when there is no operation or a
/// path does not start with `/`, and with [`Error::Validation`](crate::Error::Validation)
/// when the API rejects an operation.
impl Operation for PatchCustomer {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        if self.operations.is_empty() {
            return Err(Error::InvalidRequest(
                "a customer patch needs at least one operation".to_owned(),
            ));
        }
        if let Some(bad) = self.operations.iter().find(|o| !o.path.starts_with('/')) {
            return Err(Error::InvalidRequest(format!(
                "patch path `{}` is not a JSON Pointer (it must start with `/`)",
                bad.path
            )));
        }
        let body = CustomerPatch(self.operations);
        let call = client.raw().patch_customer(self.id.get(), &body);
        client.run(operation::PATCH_CUSTOMER, call).await?;
        Ok(())
    }
}
