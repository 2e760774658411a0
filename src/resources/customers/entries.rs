//! A customer's address and contact entries: chat handles, emails, phones, social profiles
//! and websites, each with its own list/create/update/delete endpoints.
//!
//! The four typed entry kinds share one shape (`{type, value}`) and differ only in names, so
//! one macro declares their handlers; websites have no type and are written out below it.

use crate::call::{Action, action};
use crate::client::Client;
use crate::ids::{CustomerEntryId, CustomerId};
use crate::models::{
    CreateCustomerAddress, CreateCustomerChatHandle, CreateCustomerEmail, CreateCustomerPhone,
    CreateCustomerSocialProfile, CreateCustomerWebsite, CustomerAddress, CustomerChatHandle,
    CustomerChatType, CustomerEmail, CustomerEmailType, CustomerPhone, CustomerPhoneType,
    CustomerSocialProfile, CustomerSocialProfileType, CustomerWebsite, UpdateCustomerAddress,
    UpdateCustomerChatHandle, UpdateCustomerEmail, UpdateCustomerPhone,
    UpdateCustomerSocialProfile, UpdateCustomerWebsite,
};
use crate::resources::created_id;

/// The customer's single postal address; see
/// [`Customers::address`](super::Customers::address).
#[derive(Clone, Copy, Debug)]
pub struct Address<'a> {
    client: &'a Client,
    customer: CustomerId,
}

impl<'a> Address<'a> {
    pub(super) fn new(client: &'a Client, customer: CustomerId) -> Self {
        Self { client, customer }
    }

    /// Gets the address.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`](crate::Error::NotFound) when the customer has none, and any error
    /// of a request.
    pub fn get(self) -> Action<'a, CustomerAddress> {
        let Self { client, customer } = self;
        action(async move {
            let call = client.raw().get_customer_address(customer.get());
            Ok(client.run("getCustomerAddress", call).await?.into_inner())
        })
    }

    /// Gives the customer an address (a customer has at most one; replace it with
    /// [`update`](Self::update)).
    pub fn create(self, address: CreateCustomerAddress) -> Action<'a, ()> {
        let Self { client, customer } = self;
        action(async move {
            let call = client
                .raw()
                .create_customer_address(customer.get(), &address);
            client.run("createCustomerAddress", call).await?;
            Ok(())
        })
    }

    /// Replaces the address with `address`; its unset parts are cleared. Takes the create
    /// shape or a [`CustomerAddress`] read earlier as well.
    pub fn update(self, address: impl Into<UpdateCustomerAddress>) -> Action<'a, ()> {
        let Self { client, customer } = self;
        let address = address.into();
        action(async move {
            let call = client
                .raw()
                .update_customer_address(customer.get(), &address);
            client.run("updateCustomerAddress", call).await?;
            Ok(())
        })
    }

    /// Removes the address.
    pub fn delete(self) -> Action<'a, ()> {
        let Self { client, customer } = self;
        action(async move {
            let call = client.raw().delete_customer_address(customer.get());
            client.run("deleteCustomerAddress", call).await?;
            Ok(())
        })
    }
}

impl From<CreateCustomerAddress> for UpdateCustomerAddress {
    fn from(address: CreateCustomerAddress) -> Self {
        Self {
            city: address.city,
            country: address.country,
            lines: address.lines,
            postal_code: address.postal_code,
            state: address.state,
        }
    }
}

impl From<CustomerAddress> for UpdateCustomerAddress {
    fn from(address: CustomerAddress) -> Self {
        Self {
            city: address.city,
            country: address.country,
            lines: address.lines,
            postal_code: address.postal_code,
            state: address.state,
        }
    }
}

/// Declares the handler of one typed entry kind. Per kind: the handler, the entry model and
/// its type enum, the request bodies, the operation ids and generated methods, and the field
/// of the list's `_embedded` that holds the entries.
macro_rules! typed_entries {
    ($(
        $(#[$doc:meta])*
        $handler:ident {
            entry: $entry:ident, kind: $kind:ident, what: $what:literal,
            list: $list_op:literal $list:ident => $field:ident,
            create: $create_op:literal $create:ident($create_body:ident),
            update: $update_op:literal $update:ident($update_body:ident),
            delete: $delete_op:literal $delete:ident,
        }
    )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $handler<'a> {
            client: &'a Client,
            customer: CustomerId,
        }

        impl<'a> $handler<'a> {
            pub(super) fn new(client: &'a Client, customer: CustomerId) -> Self {
                Self { client, customer }
            }

            #[doc = concat!("Lists every ", $what, " of the customer (the list is not paged).")]
            pub fn list(self) -> Action<'a, Vec<$entry>> {
                let Self { client, customer } = self;
                action(async move {
                    let call = client.raw().$list(customer.get());
                    let response = client.run($list_op, call).await?.into_inner();
                    Ok(response.embedded.map(|e| e.$field).unwrap_or_default())
                })
            }

            #[doc = concat!(
                "Adds ", $what, "; returns the new entry's id when the API reports it ",
                "(`Resource-ID`)."
            )]
            pub fn create(
                self,
                kind: $kind,
                value: impl Into<String>,
            ) -> Action<'a, Option<CustomerEntryId>> {
                let Self { client, customer } = self;
                let body = $create_body { type_: kind, value: value.into() };
                action(async move {
                    let call = client.raw().$create(customer.get(), &body);
                    let response = client.run($create_op, call).await?;
                    Ok(created_id(response.headers()).map(CustomerEntryId::new))
                })
            }

            #[doc = concat!("Replaces the type and value of one ", $what, ".")]
            pub fn update(
                self,
                entry: CustomerEntryId,
                kind: $kind,
                value: impl Into<String>,
            ) -> Action<'a, ()> {
                let Self { client, customer } = self;
                let body = $update_body { type_: kind, value: value.into() };
                action(async move {
                    let call = client.raw().$update(customer.get(), entry.get(), &body);
                    client.run($update_op, call).await?;
                    Ok(())
                })
            }

            #[doc = concat!("Removes one ", $what, ".")]
            pub fn delete(self, entry: CustomerEntryId) -> Action<'a, ()> {
                let Self { client, customer } = self;
                action(async move {
                    let call = client.raw().$delete(customer.get(), entry.get());
                    client.run($delete_op, call).await?;
                    Ok(())
                })
            }
        }
    )*};
}

typed_entries! {
    /// The customer's chat handles; see
    /// [`Customers::chat_handles`](super::Customers::chat_handles).
    ChatHandles {
        entry: CustomerChatHandle, kind: CustomerChatType, what: "chat handle",
        list: "listCustomerChatHandles" list_customer_chat_handles => chats,
        create: "createCustomerChatHandle" create_customer_chat_handle(CreateCustomerChatHandle),
        update: "updateCustomerChatHandle" update_customer_chat_handle(UpdateCustomerChatHandle),
        delete: "deleteCustomerChatHandle" delete_customer_chat_handle,
    }

    /// The customer's email addresses; see [`Customers::emails`](super::Customers::emails).
    Emails {
        entry: CustomerEmail, kind: CustomerEmailType, what: "email address",
        list: "listCustomerEmails" list_customer_emails => emails,
        create: "createCustomerEmail" create_customer_email(CreateCustomerEmail),
        update: "updateCustomerEmail" update_customer_email(UpdateCustomerEmail),
        delete: "deleteCustomerEmail" delete_customer_email,
    }

    /// The customer's phone numbers; see [`Customers::phones`](super::Customers::phones).
    Phones {
        entry: CustomerPhone, kind: CustomerPhoneType, what: "phone number",
        list: "listCustomerPhones" list_customer_phones => phones,
        create: "createCustomerPhone" create_customer_phone(CreateCustomerPhone),
        update: "updateCustomerPhone" update_customer_phone(UpdateCustomerPhone),
        delete: "deleteCustomerPhone" delete_customer_phone,
    }

    /// The customer's social profiles; see
    /// [`Customers::social_profiles`](super::Customers::social_profiles). Their endpoint and
    /// list key are spelled `social-profiles`.
    // quirk Q30: endpoint and list key spelled `social-profiles`.
    SocialProfiles {
        entry: CustomerSocialProfile, kind: CustomerSocialProfileType, what: "social profile",
        list: "listCustomerSocialProfiles" list_customer_social_profiles => social_profiles,
        create: "createCustomerSocialProfile"
            create_customer_social_profile(CreateCustomerSocialProfile),
        update: "updateCustomerSocialProfile"
            update_customer_social_profile(UpdateCustomerSocialProfile),
        delete: "deleteCustomerSocialProfile" delete_customer_social_profile,
    }
}

/// The customer's websites; see [`Customers::websites`](super::Customers::websites). Unlike
/// the other entries they have no type, only a URL.
#[derive(Clone, Copy, Debug)]
pub struct Websites<'a> {
    client: &'a Client,
    customer: CustomerId,
}

impl<'a> Websites<'a> {
    pub(super) fn new(client: &'a Client, customer: CustomerId) -> Self {
        Self { client, customer }
    }

    /// Lists every website of the customer (the list is not paged).
    pub fn list(self) -> Action<'a, Vec<CustomerWebsite>> {
        let Self { client, customer } = self;
        action(async move {
            let call = client.raw().list_customer_websites(customer.get());
            let response = client.run("listCustomerWebsites", call).await?.into_inner();
            Ok(response.embedded.map(|e| e.websites).unwrap_or_default())
        })
    }

    /// Adds a website; returns the new entry's id when the API reports it (`Resource-ID`).
    pub fn create(self, url: impl Into<String>) -> Action<'a, Option<CustomerEntryId>> {
        let Self { client, customer } = self;
        let body = CreateCustomerWebsite { value: url.into() };
        action(async move {
            let call = client.raw().create_customer_website(customer.get(), &body);
            let response = client.run("createCustomerWebsite", call).await?;
            Ok(created_id(response.headers()).map(CustomerEntryId::new))
        })
    }

    /// Replaces the URL of one website.
    pub fn update(self, entry: CustomerEntryId, url: impl Into<String>) -> Action<'a, ()> {
        let Self { client, customer } = self;
        let body = UpdateCustomerWebsite { value: url.into() };
        action(async move {
            let call = client
                .raw()
                .update_customer_website(customer.get(), entry.get(), &body);
            client.run("updateCustomerWebsite", call).await?;
            Ok(())
        })
    }

    /// Removes one website.
    pub fn delete(self, entry: CustomerEntryId) -> Action<'a, ()> {
        let Self { client, customer } = self;
        action(async move {
            let call = client
                .raw()
                .delete_customer_website(customer.get(), entry.get());
            client.run("deleteCustomerWebsite", call).await?;
            Ok(())
        })
    }
}
