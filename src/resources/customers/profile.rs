//! Writing a customer's own fields: [`CreateCustomer`] (with entries inline) and
//! [`OverwriteCustomer`] (a full replacement of the profile fields).

use crate::client::Client;
use crate::error::Result;
use crate::ids::{CustomerId, OrganizationId};
use crate::models::{
    CreateCustomerAddress, CreateCustomerBody, CreateCustomerChatHandle, CreateCustomerEmail,
    CreateCustomerPhone, CreateCustomerSocialProfile, CreateCustomerWebsite, Customer,
    CustomerChatType, CustomerEmailType, CustomerGender, CustomerPhoneType, CustomerPhotoType,
    CustomerSocialProfileType, OverwriteCustomerBody,
};
use crate::resources::created_id;

/// Creates a customer; see [`Customers::create`](super::Customers::create).
///
/// ```no_run
/// # async fn run(client: helpscout_mailbox::Client) -> helpscout_mailbox::Result<()> {
/// use helpscout_mailbox::models::{CustomerEmailType, CustomerSocialProfileType};
///
/// let id = client
///     .customers()
///     .create()
///     .first_name("Ann")
///     .last_name("Lee")
///     .add_email(CustomerEmailType::Work, "ann@example.com")
///     .add_social_profile(CustomerSocialProfileType::Twitter, "https://twitter.com/ann")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateCustomer<'a> {
    client: &'a Client,
    body: CreateCustomerBody,
}

impl<'a> CreateCustomer<'a> {
    pub(super) fn new(client: &'a Client) -> Self {
        Self {
            client,
            body: CreateCustomerBody::default(),
        }
    }

    /// The first name, 1 to 40 characters.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.body.first_name = Some(first_name.into());
        self
    }

    /// The last name, 1 to 40 characters.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.body.last_name = Some(last_name.into());
        self
    }

    /// The top-level `phone` field: a bare number stored with the new customer. For a typed
    /// phone entry use [`add_phone`](Self::add_phone).
    pub fn phone(mut self, number: impl Into<String>) -> Self {
        self.body.phone = Some(number.into());
        self
    }

    /// The photo's URL, at most 200 characters.
    pub fn photo_url(mut self, url: impl Into<String>) -> Self {
        self.body.photo_url = Some(url.into());
        self
    }

    /// Where the photo comes from.
    pub fn photo_type(mut self, photo_type: CustomerPhotoType) -> Self {
        self.body.photo_type = Some(photo_type);
        self
    }

    /// The job title, at most 60 characters.
    pub fn job_title(mut self, job_title: impl Into<String>) -> Self {
        self.body.job_title = Some(job_title.into());
        self
    }

    /// The location, at most 60 characters.
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.body.location = Some(location.into());
        self
    }

    /// The "Notes" of the web app, at most 200 characters.
    pub fn background(mut self, notes: impl Into<String>) -> Self {
        self.body.background = Some(notes.into());
        self
    }

    /// An age or age range as text, such as `30-35`.
    pub fn age(mut self, age: impl Into<String>) -> Self {
        self.body.age = Some(age.into());
        self
    }

    /// The gender.
    pub fn gender(mut self, gender: CustomerGender) -> Self {
        self.body.gender = Some(gender);
        self
    }

    /// The organization as free text (at most 60 characters); prefer
    /// [`organization_id`](Self::organization_id), which links a real organization.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.body.organization = Some(name.into());
        self
    }

    /// Links the customer to an existing organization.
    pub fn organization_id(mut self, organization: OrganizationId) -> Self {
        self.body.organization_id = Some(organization.get());
        self
    }

    /// Adds an email address (sent in `emails`).
    pub fn add_email(mut self, kind: CustomerEmailType, address: impl Into<String>) -> Self {
        self.body.emails.push(CreateCustomerEmail {
            type_: kind,
            value: address.into(),
        });
        self
    }

    /// Adds a phone number entry (sent in `phones`).
    pub fn add_phone(mut self, kind: CustomerPhoneType, number: impl Into<String>) -> Self {
        self.body.phones.push(CreateCustomerPhone {
            type_: kind,
            value: number.into(),
        });
        self
    }

    /// Adds a chat handle (sent in `chats`).
    pub fn add_chat(mut self, kind: CustomerChatType, handle: impl Into<String>) -> Self {
        self.body.chats.push(CreateCustomerChatHandle {
            type_: kind,
            value: handle.into(),
        });
        self
    }

    /// Adds a social profile, sent under the camelCase key `socialProfiles` that only this
    /// endpoint uses.
    pub fn add_social_profile(
        mut self,
        kind: CustomerSocialProfileType,
        profile: impl Into<String>,
    ) -> Self {
        // quirk Q30: `socialProfiles` (camelCase) on customer create only.
        self.body.social_profiles.push(CreateCustomerSocialProfile {
            type_: kind,
            value: profile.into(),
        });
        self
    }

    /// Adds a website (sent in `websites`).
    pub fn add_website(mut self, url: impl Into<String>) -> Self {
        self.body
            .websites
            .push(CreateCustomerWebsite { value: url.into() });
        self
    }

    /// The postal address.
    pub fn address(mut self, address: CreateCustomerAddress) -> Self {
        self.body.address = Some(address);
        self
    }

    /// Sends the request and returns the new customer's id, read from `Resource-ID` (or
    /// `Location`); `None` if the API sent neither, which does not make the create fail.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation) with the rejected fields, and any error of a request. A create
    /// is never retried after a server error, because it may have succeeded.
    pub async fn send(self) -> Result<Option<CustomerId>> {
        let call = self.client.raw().create_customer(&self.body);
        let response = self.client.run("createCustomer", call).await?;
        Ok(created_id(response.headers()).map(CustomerId::new))
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
#[must_use = "a request does nothing until it is sent"]
pub struct OverwriteCustomer<'a> {
    client: &'a Client,
    id: CustomerId,
    body: OverwriteCustomerBody,
}

impl<'a> OverwriteCustomer<'a> {
    pub(super) fn new(client: &'a Client, id: CustomerId) -> Self {
        Self {
            client,
            id,
            body: OverwriteCustomerBody::default(),
        }
    }

    /// Copies the profile fields of `customer` (as read with [`Customers::get`](super::Customers::get)) into the
    /// body, so that only the fields set afterwards change. Reading and writing are two
    /// requests: a change made by someone else in between is lost.
    pub fn starting_from(mut self, customer: &Customer) -> Self {
        self.body.first_name.clone_from(&customer.first_name);
        self.body.last_name.clone_from(&customer.last_name);
        self.body.photo_url.clone_from(&customer.photo_url);
        self.body.photo_type.clone_from(&customer.photo_type);
        self.body.job_title.clone_from(&customer.job_title);
        self.body.location.clone_from(&customer.location);
        self.body.background.clone_from(&customer.background);
        self.body.age.clone_from(&customer.age);
        self.body.gender.clone_from(&customer.gender);
        self.body.organization.clone_from(&customer.organization);
        self.body.organization_id = customer.organization_id.map(i64::from);
        self
    }

    /// The first name, 1 to 40 characters.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.body.first_name = Some(first_name.into());
        self
    }

    /// The last name, 1 to 40 characters.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.body.last_name = Some(last_name.into());
        self
    }

    /// The top-level `phone` field (the docs list it for this endpoint too).
    pub fn phone(mut self, number: impl Into<String>) -> Self {
        self.body.phone = Some(number.into());
        self
    }

    /// The photo's URL, at most 200 characters.
    pub fn photo_url(mut self, url: impl Into<String>) -> Self {
        self.body.photo_url = Some(url.into());
        self
    }

    /// Where the photo comes from.
    pub fn photo_type(mut self, photo_type: CustomerPhotoType) -> Self {
        self.body.photo_type = Some(photo_type);
        self
    }

    /// The job title, at most 60 characters.
    pub fn job_title(mut self, job_title: impl Into<String>) -> Self {
        self.body.job_title = Some(job_title.into());
        self
    }

    /// The location, at most 60 characters.
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.body.location = Some(location.into());
        self
    }

    /// The "Notes" of the web app, at most 200 characters.
    pub fn background(mut self, notes: impl Into<String>) -> Self {
        self.body.background = Some(notes.into());
        self
    }

    /// An age or age range as text, such as `30-35`.
    pub fn age(mut self, age: impl Into<String>) -> Self {
        self.body.age = Some(age.into());
        self
    }

    /// The gender.
    pub fn gender(mut self, gender: CustomerGender) -> Self {
        self.body.gender = Some(gender);
        self
    }

    /// The organization as free text, at most 60 characters.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.body.organization = Some(name.into());
        self
    }

    /// Links the customer to an existing organization.
    pub fn organization_id(mut self, organization: OrganizationId) -> Self {
        self.body.organization_id = Some(organization.get());
        self
    }

    /// Sends the request. Every profile field not set on this builder is cleared.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`](crate::Error::Validation) with the rejected fields, [`Error::NotFound`](crate::Error::NotFound), and any error of
    /// a request.
    pub async fn send(self) -> Result<()> {
        let call = self
            .client
            .raw()
            .overwrite_customer(self.id.get(), &self.body);
        self.client.run("overwriteCustomer", call).await?;
        Ok(())
    }
}
