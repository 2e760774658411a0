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

/// Updates parts of a customer and its entries atomically; see
/// [`Customers::patch`](super::Customers::patch).
///
/// Each method appends one operation; [`send`](Self::send) sends them all, in call order, as
/// one JSON Patch array.
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
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct PatchCustomer<'a> {
    client: &'a Client,
    id: CustomerId,
    operations: Vec<CustomerPatchOperation>,
}

/// Setters of the customer's own text fields: `replace` with a JSON string.
macro_rules! replace_text_fields {
    ($( $method:ident => $path:literal: $what:literal; )*) => {$(
        #[doc = concat!("Replaces the ", $what, " (`replace` `", $path, "`).")]
        pub fn $method(self, value: impl Into<String>) -> Self {
            self.push(CustomerPatchOp::Replace, $path.to_owned(), Some(Value::String(value.into())))
        }
    )*};
}

/// The operations on one kind of typed entry (an entry with `type` and `value`): add one, change
/// its value or its type, remove it. Entries are addressed by id under their collection.
macro_rules! typed_entry_operations {
    ($(
        $collection:literal, $what:literal, $kind:ty =>
            $add:ident, $replace_value:ident, $replace_type:ident, $remove:ident;
    )*) => {$(
        #[doc = concat!("Adds ", $what, " (`add` `/", $collection, "` with `{type, value}`).")]
        pub fn $add(self, kind: $kind, value: impl Into<String>) -> Self {
            let entry = json!({ "type": kind.as_str(), "value": value.into() });
            self.push(CustomerPatchOp::Add, concat!("/", $collection).to_owned(), Some(entry))
        }

        #[doc = concat!(
            "Changes the value of ", $what, " (`replace` `/", $collection, "/{id}/value`)."
        )]
        pub fn $replace_value(self, entry: CustomerEntryId, value: impl Into<String>) -> Self {
            let path = format!("/{}/{entry}/value", $collection);
            self.push(CustomerPatchOp::Replace, path, Some(Value::String(value.into())))
        }

        #[doc = concat!(
            "Changes the type of ", $what, " (`replace` `/", $collection, "/{id}/type`)."
        )]
        pub fn $replace_type(self, entry: CustomerEntryId, kind: $kind) -> Self {
            let path = format!("/{}/{entry}/type", $collection);
            self.push(CustomerPatchOp::Replace, path, Some(json!(kind.as_str())))
        }

        #[doc = concat!("Removes ", $what, " (`remove` `/", $collection, "/{id}`).")]
        pub fn $remove(self, entry: CustomerEntryId) -> Self {
            let path = format!("/{}/{entry}", $collection);
            self.push(CustomerPatchOp::Remove, path, None)
        }
    )*};
}

impl<'a> PatchCustomer<'a> {
    pub(super) fn new(client: &'a Client, id: CustomerId) -> Self {
        Self {
            client,
            id,
            operations: Vec::new(),
        }
    }

    fn push(mut self, op: CustomerPatchOp, path: String, value: Option<Value>) -> Self {
        self.operations
            .push(CustomerPatchOperation { op, path, value });
        self
    }

    replace_text_fields! {
        replace_first_name => "/firstName": "first name";
        replace_last_name => "/lastName": "last name";
        replace_job_title => "/jobTitle": "job title";
        replace_location => "/location": "location";
        replace_background => "/background": "\"Notes\" (`background`)";
        replace_age => "/age": "age (text, such as `30-35`)";
        replace_organization => "/organization": "organization name (free text)";
        replace_photo_url => "/photoUrl": "photo URL";
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

    typed_entry_operations! {
        "emails", "an email address", CustomerEmailType =>
            add_email, replace_email_value, replace_email_type, remove_email;
        "phones", "a phone number", CustomerPhoneType =>
            add_phone, replace_phone_value, replace_phone_type, remove_phone;
        "chats", "a chat handle", CustomerChatType =>
            add_chat, replace_chat_value, replace_chat_type, remove_chat;
        "socialProfiles", "a social profile", CustomerSocialProfileType =>
            add_social_profile, replace_social_profile_value, replace_social_profile_type,
            remove_social_profile;
    }

    /// Adds a website (`add` `/websites` with `{value}`).
    pub fn add_website(self, url: impl Into<String>) -> Self {
        let entry = json!({ "value": url.into() });
        self.push(CustomerPatchOp::Add, "/websites".to_owned(), Some(entry))
    }

    /// Changes the URL of a website (`replace` `/websites/{id}/value`).
    pub fn replace_website_value(self, entry: CustomerEntryId, url: impl Into<String>) -> Self {
        let path = format!("/websites/{entry}/value");
        self.push(
            CustomerPatchOp::Replace,
            path,
            Some(Value::String(url.into())),
        )
    }

    /// Removes a website (`remove` `/websites/{id}`).
    pub fn remove_website(self, entry: CustomerEntryId) -> Self {
        let path = format!("/websites/{entry}");
        self.push(CustomerPatchOp::Remove, path, None)
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
        &self.operations
    }

    /// Sends every operation as one JSON Patch array; the API applies all of them or none.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] without sending anything when there is no operation or a
    /// path does not start with `/`; [`Error::Validation`] when the API rejects an operation;
    /// any error of a request.
    pub async fn send(self) -> Result<()> {
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
        let call = self.client.raw().patch_customer(self.id.get(), &body);
        self.client.run("patchCustomer", call).await?;
        Ok(())
    }
}
