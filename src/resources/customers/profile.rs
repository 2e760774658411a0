//! Writing a customer's own fields: [`CreateCustomer`] (with entries inline) and
//! [`OverwriteCustomer`] (a full replacement of the profile fields).

use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerId, OrganizationId};
use crate::models::{
    CreateCustomerAddressBody, CreateCustomerBody, CreateCustomerChatHandle, CreateCustomerEmail,
    CreateCustomerPhone, CreateCustomerSocialProfile, CreateCustomerWebsite, Customer,
    CustomerChatType, CustomerEmailType, CustomerGender, CustomerPhoneType, CustomerPhotoType,
    CustomerSocialProfileType, OverwriteCustomerBody,
};
use crate::raw::operation;
use crate::request::{Operation, Request, Sealed, required_id};

/// Creates a customer; see [`Customers::create`](super::Customers::create).
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use helpscout_mailbox::models::CustomerSocialProfileType;
///
/// let id = client
///     .customers()
///     .create()
///     .first_name("Ann")
///     .last_name("Lee")
///     .email("ann@example.com")
///     .social_profiles([(CustomerSocialProfileType::Twitter, "https://twitter.com/ann")])
///     .await?;
/// println!("customer {id}");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct CreateCustomer {
    body: CreateCustomerBody,
    /// The address of [`email`](Request::email), sent as the first of `emails`.
    email: Option<String>,
}

impl Request<'_, CreateCustomer> {
    /// The first name, 1 to 40 characters.
    pub fn first_name(self, first_name: impl Into<String>) -> Self {
        self.with(|o| o.body.first_name = Some(first_name.into()))
    }

    /// The last name, 1 to 40 characters.
    pub fn last_name(self, last_name: impl Into<String>) -> Self {
        self.with(|o| o.body.last_name = Some(last_name.into()))
    }

    /// The top-level `phone` field: a bare number stored with the new customer. For a typed
    /// phone entry use [`phones`](Self::phones).
    pub fn phone(self, number: impl Into<String>) -> Self {
        self.with(|o| o.body.phone = Some(number.into()))
    }

    /// The photo's URL, at most 200 characters.
    pub fn photo_url(self, url: impl Into<String>) -> Self {
        self.with(|o| o.body.photo_url = Some(url.into()))
    }

    /// Where the photo comes from.
    pub fn photo_type(self, photo_type: CustomerPhotoType) -> Self {
        self.with(|o| o.body.photo_type = Some(photo_type.into()))
    }

    /// The job title, at most 60 characters.
    pub fn job_title(self, job_title: impl Into<String>) -> Self {
        self.with(|o| o.body.job_title = Some(job_title.into()))
    }

    /// The location, at most 60 characters.
    pub fn location(self, location: impl Into<String>) -> Self {
        self.with(|o| o.body.location = Some(location.into()))
    }

    /// The "Notes" of the web app, at most 200 characters.
    pub fn background(self, notes: impl Into<String>) -> Self {
        self.with(|o| o.body.background = Some(notes.into()))
    }

    /// An age or age range as text, such as `30-35`.
    pub fn age(self, age: impl Into<String>) -> Self {
        self.with(|o| o.body.age = Some(age.into()))
    }

    /// The gender.
    pub fn gender(self, gender: CustomerGender) -> Self {
        self.with(|o| o.body.gender = Some(gender.into()))
    }

    /// The organization as free text (at most 60 characters); prefer
    /// [`organization_id`](Self::organization_id), which links a real organization.
    pub fn organization(self, name: impl Into<String>) -> Self {
        self.with(|o| o.body.organization = Some(name.into()))
    }

    /// Links the customer to an existing organization.
    pub fn organization_id(self, organization: OrganizationId) -> Self {
        self.with(|o| o.body.organization_id = Some(organization.get()))
    }

    /// The customer's email address, sent as a `work` entry first in `emails`; a second
    /// call replaces the first. For more addresses or other types use
    /// [`emails`](Self::emails).
    pub fn email(self, address: impl Into<String>) -> Self {
        self.with(|o| o.email = Some(address.into()))
    }

    /// Email addresses with their types, added to those set before (sent in `emails`).
    pub fn emails(
        self,
        emails: impl IntoIterator<Item = (CustomerEmailType, impl Into<String>)>,
    ) -> Self {
        let emails = emails
            .into_iter()
            .map(|(type_, value)| CreateCustomerEmail {
                type_: type_.into(),
                value: value.into(),
            });
        self.with(|o| o.body.emails.extend(emails))
    }

    /// Phone number entries with their types, added to those set before (sent in
    /// `phones`).
    pub fn phones(
        self,
        phones: impl IntoIterator<Item = (CustomerPhoneType, impl Into<String>)>,
    ) -> Self {
        let phones = phones
            .into_iter()
            .map(|(type_, value)| CreateCustomerPhone {
                type_: type_.into(),
                value: value.into(),
            });
        self.with(|o| o.body.phones.extend(phones))
    }

    /// Chat handles with their types, added to those set before (sent in `chats`).
    pub fn chat_handles(
        self,
        handles: impl IntoIterator<Item = (CustomerChatType, impl Into<String>)>,
    ) -> Self {
        let handles = handles
            .into_iter()
            .map(|(type_, value)| CreateCustomerChatHandle {
                type_: type_.into(),
                value: value.into(),
            });
        self.with(|o| o.body.chats.extend(handles))
    }

    /// Social profiles with their types, added to those set before; sent under the
    /// camelCase key `socialProfiles` that only this endpoint uses.
    pub fn social_profiles(
        self,
        profiles: impl IntoIterator<Item = (CustomerSocialProfileType, impl Into<String>)>,
    ) -> Self {
        let profiles = profiles
            .into_iter()
            .map(|(type_, value)| CreateCustomerSocialProfile {
                type_: type_.into(),
                value: value.into(),
            });
        self.with(|o| o.body.social_profiles.extend(profiles))
    }

    /// Websites, added to those set before (sent in `websites`).
    pub fn websites(self, urls: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let urls = urls
            .into_iter()
            .map(|url| CreateCustomerWebsite { value: url.into() });
        self.with(|o| o.body.websites.extend(urls))
    }

    /// The postal address.
    pub fn address(self, address: CreateCustomerAddressBody) -> Self {
        self.with(|o| o.body.address = Some(address))
    }
}

/// Returns the new customer's id, which the API always sends (`Resource-ID`, or `Location`).
/// Fails with [`Error::Validation`](crate::Error::Validation) with the rejected fields; a
/// create is never retried after a server error, because it may have succeeded.
impl Operation for CreateCustomer {
    type Output = CustomerId;

    async fn execute(mut self, client: &Client, _: Sealed) -> Result<CustomerId> {
        if let Some(address) = self.email {
            let email = CreateCustomerEmail {
                type_: CustomerEmailType::Work.into(),
                value: address,
            };
            self.body.emails.insert(0, email);
        }
        let response = client
            .run(
                operation::CREATE_CUSTOMER,
                client.raw().create_customer(&self.body),
            )
            .await?;
        required_id(
            operation::CREATE_CUSTOMER,
            response.headers(),
            CustomerId::new,
        )
    }
}

/// Overwrites a customer's profile fields; see [`Customers::overwrite`](super::Customers::overwrite).
///
/// **Fields left unset are cleared on the customer.**
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// let id = 42.into();
/// let current = client.customers().get(id).send().await?;
/// client
///     .customers()
///     .overwrite(id)
///     .starting_from(&current) // keep what is there...
///     .job_title("CTO") // ...and change one field
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct OverwriteCustomer {
    id: CustomerId,
    body: OverwriteCustomerBody,
}

impl OverwriteCustomer {
    pub(super) fn new(id: CustomerId) -> Self {
        Self {
            id,
            body: OverwriteCustomerBody::default(),
        }
    }
}

impl Request<'_, OverwriteCustomer> {
    /// Copies the profile fields of `customer` (as read with [`Customers::get`](super::Customers::get)) into the
    /// body, so that only the fields set afterwards change. Reading and writing are two
    /// requests: a change made by someone else in between is lost.
    pub fn starting_from(self, customer: &Customer) -> Self {
        self.with(|o| {
            let body = &mut o.body;
            body.first_name.clone_from(&customer.first_name);
            body.last_name.clone_from(&customer.last_name);
            body.photo_url.clone_from(&customer.photo_url);
            body.photo_type.clone_from(&customer.photo_type);
            body.job_title.clone_from(&customer.job_title);
            body.location.clone_from(&customer.location);
            body.background.clone_from(&customer.background);
            body.age.clone_from(&customer.age);
            body.gender.clone_from(&customer.gender);
            body.organization.clone_from(&customer.organization);
            body.organization_id = customer.organization_id.map(i64::from);
        })
    }

    /// The first name, 1 to 40 characters.
    pub fn first_name(self, first_name: impl Into<String>) -> Self {
        self.with(|o| o.body.first_name = Some(first_name.into()))
    }

    /// The last name, 1 to 40 characters.
    pub fn last_name(self, last_name: impl Into<String>) -> Self {
        self.with(|o| o.body.last_name = Some(last_name.into()))
    }

    /// The top-level `phone` field (the docs list it for this endpoint too).
    pub fn phone(self, number: impl Into<String>) -> Self {
        self.with(|o| o.body.phone = Some(number.into()))
    }

    /// The photo's URL, at most 200 characters.
    pub fn photo_url(self, url: impl Into<String>) -> Self {
        self.with(|o| o.body.photo_url = Some(url.into()))
    }

    /// Where the photo comes from.
    pub fn photo_type(self, photo_type: CustomerPhotoType) -> Self {
        self.with(|o| o.body.photo_type = Some(photo_type.into()))
    }

    /// The job title, at most 60 characters.
    pub fn job_title(self, job_title: impl Into<String>) -> Self {
        self.with(|o| o.body.job_title = Some(job_title.into()))
    }

    /// The location, at most 60 characters.
    pub fn location(self, location: impl Into<String>) -> Self {
        self.with(|o| o.body.location = Some(location.into()))
    }

    /// The "Notes" of the web app, at most 200 characters.
    pub fn background(self, notes: impl Into<String>) -> Self {
        self.with(|o| o.body.background = Some(notes.into()))
    }

    /// An age or age range as text, such as `30-35`.
    pub fn age(self, age: impl Into<String>) -> Self {
        self.with(|o| o.body.age = Some(age.into()))
    }

    /// The gender.
    pub fn gender(self, gender: CustomerGender) -> Self {
        self.with(|o| o.body.gender = Some(gender.into()))
    }

    /// The organization as free text, at most 60 characters.
    pub fn organization(self, name: impl Into<String>) -> Self {
        self.with(|o| o.body.organization = Some(name.into()))
    }

    /// Links the customer to an existing organization.
    pub fn organization_id(self, organization: OrganizationId) -> Self {
        self.with(|o| o.body.organization_id = Some(organization.get()))
    }
}

/// Every profile field not set on the request is cleared. Fails with
/// [`Error::Validation`](crate::Error::Validation) with the rejected fields and
/// [`Error::NotFound`](crate::Error::NotFound).
impl Operation for OverwriteCustomer {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let call = client.raw().overwrite_customer(self.id.get(), &self.body);
        client.run(operation::OVERWRITE_CUSTOMER, call).await?;
        Ok(())
    }
}
