//! A customer as the API shows it: entries, address, properties and links.

use serde_json::Value;

use helpscout_mailbox::ids::{CustomerEntryId, CustomerId, OrganizationId};
use helpscout_mailbox::models::{
    CreateCustomerChatHandle, CreateCustomerEmail, CreateCustomerPhone,
    CreateCustomerSocialProfile, CreateCustomerWebsite, Customer, CustomerAddress,
    CustomerChatHandle, CustomerChatType, CustomerEmail, CustomerEmailType, CustomerEmbedded,
    CustomerPhone, CustomerPhoneType, CustomerPropertyValue, CustomerSocialProfile,
    CustomerSocialProfileType, CustomerWebsite, Timestamp,
};

use crate::http::{self, Check, Problem, decode};
use crate::state::{AddressRec, CustomerRec, Data, EntryRec};

/// The entry collections, by path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Emails,
    Phones,
    Chats,
    SocialProfiles,
    Websites,
}

impl EntryKind {
    pub(crate) fn from_segment(segment: &str) -> Option<Self> {
        Some(match segment {
            "emails" => Self::Emails,
            "phones" => Self::Phones,
            "chats" => Self::Chats,
            "social-profiles" | "socialProfiles" | "social_profiles" => Self::SocialProfiles,
            "websites" => Self::Websites,
            _ => return None,
        })
    }

    pub(crate) fn segment(self) -> &'static str {
        match self {
            Self::Emails => "emails",
            Self::Phones => "phones",
            Self::Chats => "chats",
            Self::SocialProfiles => "social-profiles",
            Self::Websites => "websites",
        }
    }

    /// The accepted values of `type` (`None`: the entry has no type).
    pub(crate) fn types(self) -> Option<&'static [&'static str]> {
        match self {
            Self::Emails => Some(CustomerEmailType::KNOWN),
            Self::Phones => Some(CustomerPhoneType::KNOWN),
            Self::Chats => Some(CustomerChatType::KNOWN),
            Self::SocialProfiles => Some(CustomerSocialProfileType::KNOWN),
            Self::Websites => None,
        }
    }

    pub(crate) fn entries(self, c: &CustomerRec) -> &Vec<EntryRec> {
        match self {
            Self::Emails => &c.emails,
            Self::Phones => &c.phones,
            Self::Chats => &c.chats,
            Self::SocialProfiles => &c.social_profiles,
            Self::Websites => &c.websites,
        }
    }

    pub(crate) fn entries_mut(self, c: &mut CustomerRec) -> &mut Vec<EntryRec> {
        match self {
            Self::Emails => &mut c.emails,
            Self::Phones => &mut c.phones,
            Self::Chats => &mut c.chats,
            Self::SocialProfiles => &mut c.social_profiles,
            Self::Websites => &mut c.websites,
        }
    }

    /// Checks one entry object (`{type, value}`) at `prefix`, then decodes it through the
    /// generated create model of its kind.
    pub(crate) fn check(
        self,
        object: &Value,
        prefix: &str,
        check: &mut Check,
    ) -> Option<(Option<String>, String)> {
        let ok_value = check.required(object, prefix, "value");
        let ok_type = match self.types() {
            Some(types) => {
                let present = check.required(object, prefix, "type");
                check.one_of(object, prefix, "type", types);
                present
            }
            None => true,
        };
        if self == Self::Emails {
            check.email(object, prefix, "value");
        }
        if !ok_value || !ok_type || !check.is_clean() {
            return None;
        }
        let decoded =
            match self {
                Self::Emails => decode::<CreateCustomerEmail>(object)
                    .map(|e| (Some(e.type_.to_string()), e.value)),
                Self::Phones => decode::<CreateCustomerPhone>(object)
                    .map(|e| (Some(e.type_.to_string()), e.value)),
                Self::Chats => decode::<CreateCustomerChatHandle>(object)
                    .map(|e| (Some(e.type_.to_string()), e.value)),
                Self::SocialProfiles => decode::<CreateCustomerSocialProfile>(object)
                    .map(|e| (Some(e.type_.to_string()), e.value)),
                Self::Websites => decode::<CreateCustomerWebsite>(object).map(|e| (None, e.value)),
            };
        match decoded {
            Ok(entry) => Some(entry),
            Err(Problem::Validation(errors)) => {
                for mut error in errors {
                    error.path = http::join(prefix, &error.path);
                    check.push(error);
                }
                None
            }
            Err(_) => None,
        }
    }
}

pub(crate) fn entry_link(
    base: &str,
    customer: i64,
    kind: EntryKind,
    id: i64,
) -> helpscout_mailbox::models::HalLinks {
    http::links([(
        "self",
        format!("{base}/v2/customers/{customer}/{}/{id}", kind.segment()),
    )])
}

pub(crate) fn render_address(base: &str, customer: i64, a: &AddressRec) -> CustomerAddress {
    CustomerAddress {
        city: a.city.clone(),
        country: a.country.clone(),
        lines: a.lines.clone(),
        links: Some(http::links([(
            "self",
            format!("{base}/v2/customers/{customer}/address"),
        )])),
        postal_code: a.postal_code.clone(),
        state: a.state.clone(),
    }
}

pub(crate) fn render_property(d: &Data, slug: &str, value: &Value) -> CustomerPropertyValue {
    let def = d.customer_properties.iter().find(|p| p.slug == slug);
    let text = match (def, value) {
        (Some(def), Value::String(id)) if def.kind == "dropdown" => def
            .options
            .iter()
            .find(|(option, _)| option == id)
            .map(|(_, label)| label.clone()),
        (_, Value::String(s)) => Some(s.clone()),
        (_, other) => Some(other.to_string()),
    };
    CustomerPropertyValue {
        name: def.map(|d| d.name.clone()),
        slug: Some(slug.to_owned()),
        source: None,
        text,
        type_: def.map(|d| d.kind.as_str().into()),
        value: Some(value.clone()),
    }
}

/// The customer as the API shows it, with its entries under `_embedded`.
pub(crate) fn render_customer(d: &Data, c: &CustomerRec, base: &str) -> Customer {
    let id = c.id;
    let mut links = vec![
        ("self", format!("{base}/v2/customers/{id}")),
        ("address", format!("{base}/v2/customers/{id}/address")),
        ("chats", format!("{base}/v2/customers/{id}/chats")),
        ("emails", format!("{base}/v2/customers/{id}/emails")),
        ("phones", format!("{base}/v2/customers/{id}/phones")),
        (
            "social-profiles",
            format!("{base}/v2/customers/{id}/social-profiles"),
        ),
        ("websites", format!("{base}/v2/customers/{id}/websites")),
    ];
    if let Some(org) = c.organization_id {
        links.push(("organization", format!("{base}/v2/organizations/{org}")));
    }
    Customer {
        age: c.age.clone(),
        background: c.background.clone(),
        conversation_count: None,
        created_at: Some(Timestamp::new(c.created_at)),
        draft: Some(false),
        embedded: Some(CustomerEmbedded {
            address: c.address.as_ref().map(|a| render_address(base, id, a)),
            chats: c
                .chats
                .iter()
                .map(|e| CustomerChatHandle {
                    id: CustomerEntryId::new(e.id),
                    links: Some(entry_link(base, id, EntryKind::Chats, e.id)),
                    type_: e.kind.as_deref().map(Into::into),
                    value: Some(e.value.clone()),
                })
                .collect(),
            emails: c
                .emails
                .iter()
                .map(|e| CustomerEmail {
                    id: CustomerEntryId::new(e.id),
                    links: Some(entry_link(base, id, EntryKind::Emails, e.id)),
                    type_: e.kind.as_deref().map(Into::into),
                    value: Some(e.value.clone()),
                })
                .collect(),
            phones: c
                .phones
                .iter()
                .map(|e| CustomerPhone {
                    id: CustomerEntryId::new(e.id),
                    links: Some(entry_link(base, id, EntryKind::Phones, e.id)),
                    type_: e.kind.as_deref().map(Into::into),
                    value: Some(e.value.clone()),
                })
                .collect(),
            properties: c
                .properties
                .iter()
                .map(|(slug, value)| render_property(d, slug, value))
                .collect(),
            social_profiles: c
                .social_profiles
                .iter()
                .map(|e| CustomerSocialProfile {
                    id: CustomerEntryId::new(e.id),
                    links: Some(entry_link(base, id, EntryKind::SocialProfiles, e.id)),
                    type_: e.kind.as_deref().map(Into::into),
                    value: Some(e.value.clone()),
                })
                .collect(),
            websites: c
                .websites
                .iter()
                .map(|e| CustomerWebsite {
                    id: CustomerEntryId::new(e.id),
                    links: Some(entry_link(base, id, EntryKind::Websites, e.id)),
                    value: Some(e.value.clone()),
                })
                .collect(),
        }),
        first_name: c.first_name.clone(),
        gender: c.gender.clone().map(Into::into),
        id: CustomerId::new(id),
        job_title: c.job_title.clone(),
        last_name: c.last_name.clone(),
        links: Some(http::links_vec(links)),
        location: c.location.clone(),
        organization: c.organization.clone(),
        organization_id: c.organization_id.map(OrganizationId::new),
        photo_type: c.photo_type.clone().map(Into::into),
        photo_url: c.photo_url.clone(),
        updated_at: Some(Timestamp::new(c.updated_at)),
    }
}
