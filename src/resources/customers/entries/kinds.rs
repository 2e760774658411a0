//! The entry kinds: which generated endpoints, models and `_embedded` key each one uses.
//! Spelled out per kind because the generated client has one method per endpoint.

use super::{EntryKind, TypedEntryKind};
use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerEntryId, CustomerId};
use crate::models::{
    CreateCustomerChatHandle, CreateCustomerEmail, CreateCustomerPhone,
    CreateCustomerSocialProfile, CreateCustomerWebsite, CustomerChatHandle, CustomerChatType,
    CustomerEmail, CustomerEmailType, CustomerPhone, CustomerPhoneType, CustomerSocialProfile,
    CustomerSocialProfileType, CustomerWebsite, UpdateCustomerChatHandle, UpdateCustomerEmail,
    UpdateCustomerPhone, UpdateCustomerSocialProfile, UpdateCustomerWebsite,
};
use crate::raw::operation;
use crate::request::{Created, Sealed};

/// The customer's chat handles (the API's `chats`): an [`EntryKind`] for [`Entries`](super::Entries).
#[derive(Clone, Copy, Debug)]
pub enum ChatHandles {}

impl EntryKind for ChatHandles {
    type Entry = CustomerChatHandle;
    type Create = CreateCustomerChatHandle;
    type Update = UpdateCustomerChatHandle;

    async fn list(
        client: &Client,
        customer: CustomerId,
        _: Sealed,
    ) -> Result<Vec<CustomerChatHandle>> {
        let call = client.raw().list_customer_chat_handles(customer.get());
        let response = client
            .run(operation::LIST_CUSTOMER_CHAT_HANDLES, call)
            .await?;
        Ok(response
            .into_inner()
            .embedded
            .map(|e| e.chats)
            .unwrap_or_default())
    }

    async fn create(
        client: &Client,
        customer: CustomerId,
        body: &CreateCustomerChatHandle,
        _: Sealed,
    ) -> Result<Created<CustomerEntryId>> {
        let call = client
            .raw()
            .create_customer_chat_handle(customer.get(), body);
        let response = client
            .run(operation::CREATE_CUSTOMER_CHAT_HANDLE, call)
            .await?;
        Ok(Created::from_headers(
            response.headers(),
            CustomerEntryId::new,
        ))
    }

    async fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &UpdateCustomerChatHandle,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .update_customer_chat_handle(customer.get(), entry.get(), body);
        client
            .run(operation::UPDATE_CUSTOMER_CHAT_HANDLE, call)
            .await?;
        Ok(())
    }

    async fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .delete_customer_chat_handle(customer.get(), entry.get());
        client
            .run(operation::DELETE_CUSTOMER_CHAT_HANDLE, call)
            .await?;
        Ok(())
    }
}

impl TypedEntryKind for ChatHandles {
    type Type = CustomerChatType;

    fn create_body(kind: CustomerChatType, value: String) -> CreateCustomerChatHandle {
        CreateCustomerChatHandle {
            type_: kind.into(),
            value,
        }
    }

    fn update_body(kind: CustomerChatType, value: String) -> UpdateCustomerChatHandle {
        UpdateCustomerChatHandle {
            type_: kind.into(),
            value,
        }
    }
}

/// The customer's email addresses: an [`EntryKind`] for [`Entries`](super::Entries).
#[derive(Clone, Copy, Debug)]
pub enum Emails {}

impl EntryKind for Emails {
    type Entry = CustomerEmail;
    type Create = CreateCustomerEmail;
    type Update = UpdateCustomerEmail;

    async fn list(client: &Client, customer: CustomerId, _: Sealed) -> Result<Vec<CustomerEmail>> {
        let call = client.raw().list_customer_emails(customer.get());
        let response = client.run(operation::LIST_CUSTOMER_EMAILS, call).await?;
        Ok(response
            .into_inner()
            .embedded
            .map(|e| e.emails)
            .unwrap_or_default())
    }

    async fn create(
        client: &Client,
        customer: CustomerId,
        body: &CreateCustomerEmail,
        _: Sealed,
    ) -> Result<Created<CustomerEntryId>> {
        let call = client.raw().create_customer_email(customer.get(), body);
        let response = client.run(operation::CREATE_CUSTOMER_EMAIL, call).await?;
        Ok(Created::from_headers(
            response.headers(),
            CustomerEntryId::new,
        ))
    }

    async fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &UpdateCustomerEmail,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .update_customer_email(customer.get(), entry.get(), body);
        client.run(operation::UPDATE_CUSTOMER_EMAIL, call).await?;
        Ok(())
    }

    async fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .delete_customer_email(customer.get(), entry.get());
        client.run(operation::DELETE_CUSTOMER_EMAIL, call).await?;
        Ok(())
    }
}

impl TypedEntryKind for Emails {
    type Type = CustomerEmailType;

    fn create_body(kind: CustomerEmailType, value: String) -> CreateCustomerEmail {
        CreateCustomerEmail {
            type_: kind.into(),
            value,
        }
    }

    fn update_body(kind: CustomerEmailType, value: String) -> UpdateCustomerEmail {
        UpdateCustomerEmail {
            type_: kind.into(),
            value,
        }
    }
}

/// The customer's phone numbers: an [`EntryKind`] for [`Entries`](super::Entries).
#[derive(Clone, Copy, Debug)]
pub enum Phones {}

impl EntryKind for Phones {
    type Entry = CustomerPhone;
    type Create = CreateCustomerPhone;
    type Update = UpdateCustomerPhone;

    async fn list(client: &Client, customer: CustomerId, _: Sealed) -> Result<Vec<CustomerPhone>> {
        let call = client.raw().list_customer_phones(customer.get());
        let response = client.run(operation::LIST_CUSTOMER_PHONES, call).await?;
        Ok(response
            .into_inner()
            .embedded
            .map(|e| e.phones)
            .unwrap_or_default())
    }

    async fn create(
        client: &Client,
        customer: CustomerId,
        body: &CreateCustomerPhone,
        _: Sealed,
    ) -> Result<Created<CustomerEntryId>> {
        let call = client.raw().create_customer_phone(customer.get(), body);
        let response = client.run(operation::CREATE_CUSTOMER_PHONE, call).await?;
        Ok(Created::from_headers(
            response.headers(),
            CustomerEntryId::new,
        ))
    }

    async fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &UpdateCustomerPhone,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .update_customer_phone(customer.get(), entry.get(), body);
        client.run(operation::UPDATE_CUSTOMER_PHONE, call).await?;
        Ok(())
    }

    async fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .delete_customer_phone(customer.get(), entry.get());
        client.run(operation::DELETE_CUSTOMER_PHONE, call).await?;
        Ok(())
    }
}

impl TypedEntryKind for Phones {
    type Type = CustomerPhoneType;

    fn create_body(kind: CustomerPhoneType, value: String) -> CreateCustomerPhone {
        CreateCustomerPhone {
            type_: kind.into(),
            value,
        }
    }

    fn update_body(kind: CustomerPhoneType, value: String) -> UpdateCustomerPhone {
        UpdateCustomerPhone {
            type_: kind.into(),
            value,
        }
    }
}

/// The customer's social profiles (their endpoint and list key are spelled `social-profiles`): an [`EntryKind`] for [`Entries`](super::Entries).
#[derive(Clone, Copy, Debug)]
// quirk Q30: endpoint and list key spelled `social-profiles`.
pub enum SocialProfiles {}

impl EntryKind for SocialProfiles {
    type Entry = CustomerSocialProfile;
    type Create = CreateCustomerSocialProfile;
    type Update = UpdateCustomerSocialProfile;

    async fn list(
        client: &Client,
        customer: CustomerId,
        _: Sealed,
    ) -> Result<Vec<CustomerSocialProfile>> {
        let call = client.raw().list_customer_social_profiles(customer.get());
        let response = client
            .run(operation::LIST_CUSTOMER_SOCIAL_PROFILES, call)
            .await?;
        Ok(response
            .into_inner()
            .embedded
            .map(|e| e.social_profiles)
            .unwrap_or_default())
    }

    async fn create(
        client: &Client,
        customer: CustomerId,
        body: &CreateCustomerSocialProfile,
        _: Sealed,
    ) -> Result<Created<CustomerEntryId>> {
        let call = client
            .raw()
            .create_customer_social_profile(customer.get(), body);
        let response = client
            .run(operation::CREATE_CUSTOMER_SOCIAL_PROFILE, call)
            .await?;
        Ok(Created::from_headers(
            response.headers(),
            CustomerEntryId::new,
        ))
    }

    async fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &UpdateCustomerSocialProfile,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .update_customer_social_profile(customer.get(), entry.get(), body);
        client
            .run(operation::UPDATE_CUSTOMER_SOCIAL_PROFILE, call)
            .await?;
        Ok(())
    }

    async fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .delete_customer_social_profile(customer.get(), entry.get());
        client
            .run(operation::DELETE_CUSTOMER_SOCIAL_PROFILE, call)
            .await?;
        Ok(())
    }
}

impl TypedEntryKind for SocialProfiles {
    type Type = CustomerSocialProfileType;

    fn create_body(kind: CustomerSocialProfileType, value: String) -> CreateCustomerSocialProfile {
        CreateCustomerSocialProfile {
            type_: kind.into(),
            value,
        }
    }

    fn update_body(kind: CustomerSocialProfileType, value: String) -> UpdateCustomerSocialProfile {
        UpdateCustomerSocialProfile {
            type_: kind.into(),
            value,
        }
    }
}

/// The customer's websites: an [`EntryKind`] for [`Entries`](super::Entries). Unlike the
/// other entries they have no type, only a URL.
#[derive(Clone, Copy, Debug)]
pub enum Websites {}

/// The create body of a website.
pub(super) fn website(url: String) -> CreateCustomerWebsite {
    CreateCustomerWebsite { value: url }
}

/// The update body of a website.
pub(super) fn website_update(url: String) -> UpdateCustomerWebsite {
    UpdateCustomerWebsite { value: url }
}

impl EntryKind for Websites {
    type Entry = CustomerWebsite;
    type Create = CreateCustomerWebsite;
    type Update = UpdateCustomerWebsite;

    async fn list(
        client: &Client,
        customer: CustomerId,
        _: Sealed,
    ) -> Result<Vec<CustomerWebsite>> {
        let call = client.raw().list_customer_websites(customer.get());
        let response = client.run(operation::LIST_CUSTOMER_WEBSITES, call).await?;
        Ok(response
            .into_inner()
            .embedded
            .map(|e| e.websites)
            .unwrap_or_default())
    }

    async fn create(
        client: &Client,
        customer: CustomerId,
        body: &CreateCustomerWebsite,
        _: Sealed,
    ) -> Result<Created<CustomerEntryId>> {
        let call = client.raw().create_customer_website(customer.get(), body);
        let response = client.run(operation::CREATE_CUSTOMER_WEBSITE, call).await?;
        Ok(Created::from_headers(
            response.headers(),
            CustomerEntryId::new,
        ))
    }

    async fn update(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        body: &UpdateCustomerWebsite,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .update_customer_website(customer.get(), entry.get(), body);
        client.run(operation::UPDATE_CUSTOMER_WEBSITE, call).await?;
        Ok(())
    }

    async fn delete(
        client: &Client,
        customer: CustomerId,
        entry: CustomerEntryId,
        _: Sealed,
    ) -> Result<()> {
        let call = client
            .raw()
            .delete_customer_website(customer.get(), entry.get());
        client.run(operation::DELETE_CUSTOMER_WEBSITE, call).await?;
        Ok(())
    }
}
