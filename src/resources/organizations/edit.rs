//! Creating and replacing an organization: the two requests share their fields and setters
//! through [`OrganizationFields`].

use crate::client::Client;
use crate::error::Result;
use crate::ids::OrganizationId;
use crate::models::{CreateOrganizationBody, Organization, UpdateOrganizationBody};
use crate::raw::operation;
use crate::request::{Created, Operation, Request, Sealed};

mod fields {
    /// What create and update both send. Public in a private module: the crate's requests
    /// reach it through [`HasFields`], users cannot name it.
    #[derive(Clone, Debug, Default)]
    pub struct Fields {
        pub(super) name: Option<String>,
        pub(super) website: Option<String>,
        pub(super) description: Option<String>,
        pub(super) location: Option<String>,
        pub(super) logo_url: Option<String>,
        pub(super) note: Option<String>,
        pub(super) domains: Vec<String>,
        pub(super) phones: Vec<String>,
        pub(super) brand_color: Option<String>,
    }

    /// The requests that carry [`Fields`]; the supertrait of
    /// [`OrganizationFields`](super::OrganizationFields), which only this crate can
    /// implement.
    pub trait HasFields {
        /// The fields, for the shared setters.
        fn fields(&mut self) -> &mut Fields;
    }
}

use fields::{Fields, HasFields};

/// The organization requests that take the organization's fields, [`CreateOrganization`]
/// and [`UpdateOrganization`]: both have the setters of
/// `impl<O: OrganizationFields> Request<'_, O>`. Implemented by this crate only.
pub trait OrganizationFields: HasFields {}

impl<O: OrganizationFields + Operation> Request<'_, O> {
    /// The website.
    pub fn website(self, website: impl Into<String>) -> Self {
        self.with(|o| o.fields().website = Some(website.into()))
    }

    /// The description.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.with(|o| o.fields().description = Some(description.into()))
    }

    /// The country, as a two-letter code such as `US`.
    pub fn location(self, country: impl Into<String>) -> Self {
        self.with(|o| o.fields().location = Some(country.into()))
    }

    /// The logo's URL.
    pub fn logo_url(self, url: impl Into<String>) -> Self {
        self.with(|o| o.fields().logo_url = Some(url.into()))
    }

    /// A note.
    pub fn note(self, note: impl Into<String>) -> Self {
        self.with(|o| o.fields().note = Some(note.into()))
    }

    /// Email domains, sent as the `domains` list (adding to earlier calls, and to the list
    /// copied by [`starting_from`](Request::starting_from)).
    pub fn domains(self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|o| {
            o.fields()
                .domains
                .extend(domains.into_iter().map(Into::into))
        })
    }

    /// Phone numbers (adding to earlier calls, and to the list copied by
    /// [`starting_from`](Request::starting_from)).
    pub fn phones(self, phones: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.with(|o| o.fields().phones.extend(phones.into_iter().map(Into::into)))
    }

    /// The brand colour, as hex such as `#00FF00`.
    pub fn brand_color(self, color: impl Into<String>) -> Self {
        self.with(|o| o.fields().brand_color = Some(color.into()))
    }
}

/// Creates an organization; see [`Organizations::create`](super::Organizations::create).
/// Sending it returns [`Created`]: the API documents no `Resource-ID` for this create, so
/// the new id may be missing.
///
/// Fails with [`Error::Validation`](crate::Error::Validation) with the rejected fields, and
/// any error of a request.
#[derive(Clone, Debug)]
pub struct CreateOrganization {
    fields: Fields,
    domain: Option<String>,
}

impl CreateOrganization {
    pub(super) fn new(name: String) -> Self {
        let fields = Fields {
            name: Some(name),
            ..Fields::default()
        };
        Self {
            fields,
            domain: None,
        }
    }
}

impl HasFields for CreateOrganization {
    fn fields(&mut self) -> &mut Fields {
        &mut self.fields
    }
}

impl OrganizationFields for CreateOrganization {}

impl Request<'_, CreateOrganization> {
    /// One email domain, sent as the single `domain` field the docs' example uses.
    pub fn domain(self, domain: impl Into<String>) -> Self {
        self.with(|o| o.domain = Some(domain.into()))
    }
}

impl Operation for CreateOrganization {
    type Output = Created<OrganizationId>;

    async fn execute(self, client: &Client, _: Sealed) -> Result<Created<OrganizationId>> {
        let f = self.fields;
        let body = CreateOrganizationBody {
            brand_color: f.brand_color,
            description: f.description,
            domain: self.domain,
            domains: f.domains,
            location: f.location,
            logo_url: f.logo_url,
            name: f.name,
            note: f.note,
            phones: f.phones,
            website: f.website,
        };
        let call = client.raw().create_organization(&body);
        let response = client.run(operation::CREATE_ORGANIZATION, call).await?;
        Ok(Created::from_headers(
            response.headers(),
            OrganizationId::new,
        ))
    }
}

/// Replaces an organization's fields; see
/// [`Organizations::update`](super::Organizations::update).
///
/// **Fields left unset are cleared on the organization.**
///
/// Fails with [`Error::Validation`](crate::Error::Validation),
/// [`Error::NotFound`](crate::Error::NotFound), and any error of a request.
#[derive(Clone, Debug)]
pub struct UpdateOrganization {
    id: OrganizationId,
    fields: Fields,
}

impl UpdateOrganization {
    pub(super) fn new(id: OrganizationId) -> Self {
        let fields = Fields::default();
        Self { id, fields }
    }
}

impl HasFields for UpdateOrganization {
    fn fields(&mut self) -> &mut Fields {
        &mut self.fields
    }
}

impl OrganizationFields for UpdateOrganization {}

impl Request<'_, UpdateOrganization> {
    /// Copies the fields of `organization` (as read with
    /// [`Organizations::get`](super::Organizations::get)) into the request, so that only the
    /// fields set afterwards change. Reading and writing are two requests: a change made by
    /// someone else in between is lost. The list setters add to the copied lists; to drop
    /// an entry, edit the organization before passing it here.
    pub fn starting_from(self, organization: &Organization) -> Self {
        self.with(|o| {
            let f = &mut o.fields;
            f.name.clone_from(&organization.name);
            f.website.clone_from(&organization.website);
            f.description.clone_from(&organization.description);
            f.location.clone_from(&organization.location);
            f.logo_url.clone_from(&organization.logo_url);
            f.note.clone_from(&organization.note);
            f.domains.clone_from(&organization.domains);
            f.phones.clone_from(&organization.phones);
            f.brand_color.clone_from(&organization.brand_color);
        })
    }

    /// The name.
    pub fn name(self, name: impl Into<String>) -> Self {
        self.with(|o| o.fields.name = Some(name.into()))
    }
}

impl Operation for UpdateOrganization {
    type Output = ();

    async fn execute(self, client: &Client, _: Sealed) -> Result<()> {
        let f = self.fields;
        let body = UpdateOrganizationBody {
            brand_color: f.brand_color,
            description: f.description,
            domains: f.domains,
            location: f.location,
            logo_url: f.logo_url,
            name: f.name,
            note: f.note,
            phones: f.phones,
            website: f.website,
        };
        let call = client.raw().update_organization(self.id.get(), &body);
        client.run(operation::UPDATE_ORGANIZATION, call).await?;
        Ok(())
    }
}
