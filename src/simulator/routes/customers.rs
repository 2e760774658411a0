//! Customers: list (v2 pages, v3 cursor), get, create, overwrite (PUT), the JSON Patch
//! *array* (PATCH), delete (403 over 100 conversations unless `async=true`), address, the
//! entry sub-resources, property definitions and property values.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::{Value, json};

use crate::ids::{CustomerEntryId, CustomerId, OrganizationId};
use crate::models::{
    CreateCustomerAddress, CreateCustomerBody, CreateCustomerChatHandle, CreateCustomerEmail,
    CreateCustomerPhone, CreateCustomerPropertyDefinition, CreateCustomerSocialProfile,
    CreateCustomerWebsite, Customer, CustomerAddress, CustomerChatHandle, CustomerChatHandleList,
    CustomerChatHandleListEmbedded, CustomerChatType, CustomerCursorPage,
    CustomerCursorPageEmbedded, CustomerEmail, CustomerEmailList, CustomerEmailListEmbedded,
    CustomerEmailType, CustomerEmbedded, CustomerGender, CustomerPage, CustomerPageEmbedded,
    CustomerPatchOp, CustomerPatchOperation, CustomerPhone, CustomerPhoneList,
    CustomerPhoneListEmbedded, CustomerPhoneType, CustomerPhotoType, CustomerPropertiesPatch,
    CustomerPropertyDefinition, CustomerPropertyDefinitionList,
    CustomerPropertyDefinitionListEmbedded, CustomerPropertyOption, CustomerPropertyPatchOp,
    CustomerPropertyType, CustomerPropertyValue, CustomerSocialProfile, CustomerSocialProfileList,
    CustomerSocialProfileListEmbedded, CustomerSocialProfileType, CustomerWebsite,
    CustomerWebsiteList, CustomerWebsiteListEmbedded, OverwriteCustomerBody, Timestamp,
    UpdateCustomerAddress,
};

use super::super::delivery::Change as Emit;
use super::super::hal::{
    self, Check, FieldError, Problem, Reply, decode, is_plain_date, json_body, json_object,
};
use super::super::state::{AddressRec, CustomerRec, Data, EntryRec, PropertyDefRec};
use super::Req;

const PAGE: usize = 50;

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
    fn from_segment(segment: &str) -> Option<Self> {
        Some(match segment {
            "emails" => Self::Emails,
            "phones" => Self::Phones,
            "chats" => Self::Chats,
            "social-profiles" | "socialProfiles" | "social_profiles" => Self::SocialProfiles,
            "websites" => Self::Websites,
            _ => return None,
        })
    }

    fn segment(self) -> &'static str {
        match self {
            Self::Emails => "emails",
            Self::Phones => "phones",
            Self::Chats => "chats",
            Self::SocialProfiles => "social-profiles",
            Self::Websites => "websites",
        }
    }

    /// The accepted values of `type` (`None`: the entry has no type).
    fn types(self) -> Option<&'static [&'static str]> {
        match self {
            Self::Emails => Some(CustomerEmailType::KNOWN),
            Self::Phones => Some(CustomerPhoneType::KNOWN),
            Self::Chats => Some(CustomerChatType::KNOWN),
            Self::SocialProfiles => Some(CustomerSocialProfileType::KNOWN),
            Self::Websites => None,
        }
    }

    fn entries(self, c: &CustomerRec) -> &Vec<EntryRec> {
        match self {
            Self::Emails => &c.emails,
            Self::Phones => &c.phones,
            Self::Chats => &c.chats,
            Self::SocialProfiles => &c.social_profiles,
            Self::Websites => &c.websites,
        }
    }

    fn entries_mut(self, c: &mut CustomerRec) -> &mut Vec<EntryRec> {
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
    fn check(
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
                    error.path = hal::join(prefix, &error.path);
                    check.push(error);
                }
                None
            }
            Err(_) => None,
        }
    }
}

fn entry_link(base: &str, customer: i64, kind: EntryKind, id: i64) -> crate::models::HalLinks {
    hal::links([(
        "self",
        format!("{base}/v2/customers/{customer}/{}/{id}", kind.segment()),
    )])
}

fn render_address(base: &str, customer: i64, a: &AddressRec) -> CustomerAddress {
    CustomerAddress {
        city: a.city.clone(),
        country: a.country.clone(),
        lines: a.lines.clone(),
        links: Some(hal::links([(
            "self",
            format!("{base}/v2/customers/{customer}/address"),
        )])),
        postal_code: a.postal_code.clone(),
        state: a.state.clone(),
    }
}

fn render_property(d: &Data, slug: &str, value: &Value) -> CustomerPropertyValue {
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
        type_: def.map(|d| CustomerPropertyType::from(d.kind.as_str())),
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
        gender: c.gender.clone(),
        id: CustomerId::new(id),
        job_title: c.job_title.clone(),
        last_name: c.last_name.clone(),
        links: Some(hal::links_vec(links)),
        location: c.location.clone(),
        organization: c.organization.clone(),
        organization_id: c.organization_id.map(OrganizationId::new),
        photo_type: c.photo_type.clone(),
        photo_url: c.photo_url.clone(),
        updated_at: Some(Timestamp::new(c.updated_at)),
    }
}

fn customer_mut(d: &mut Data, id: i64) -> Result<&mut CustomerRec, Problem> {
    d.customers
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Customer"))
}

/// Field lengths and enums of the customer entity (create, overwrite).
fn check_entity(value: &Value, check: &mut Check) {
    check.length(value, "", "firstName", 1, 40);
    check.length(value, "", "lastName", 1, 40);
    check.length(value, "", "photoUrl", 0, 200);
    check.length(value, "", "jobTitle", 0, 60);
    check.length(value, "", "location", 0, 60);
    check.length(value, "", "organization", 0, 60);
    check.length(value, "", "background", 0, 200);
    check.one_of(value, "", "gender", CustomerGender::KNOWN);
    check.one_of(value, "", "photoType", CustomerPhotoType::KNOWN);
}

/// A simple query language for customers: `firstName:`, `lastName:`, `email:`,
/// `emailDomain:`, `modifiedAt:[X TO Y]` and bare words, AND-ed; `OR` splits groups.
fn customer_matches(c: &CustomerRec, query: &str) -> bool {
    let groups: Vec<&str> = query.split(" OR ").collect();
    groups.iter().any(|group| {
        group
            .split_whitespace()
            .map(|t| t.trim_matches(|ch| ch == '(' || ch == ')' || ch == '"'))
            .filter(|t| !t.is_empty() && *t != "AND")
            .all(|term| {
                let lower = term.to_lowercase();
                let contains = |s: &Option<String>, v: &str| {
                    s.as_deref().is_some_and(|s| s.to_lowercase().contains(v))
                };
                // `email:"a@b.c"`: the quotes sit around the value, after the colon.
                let field = lower
                    .split_once(':')
                    .map(|(name, value)| (name, value.trim_matches('"')));
                match field {
                    Some(("firstname", v)) => contains(&c.first_name, v),
                    Some(("lastname", v)) => contains(&c.last_name, v),
                    Some(("email", v)) => c.emails.iter().any(|e| e.value.to_lowercase() == v),
                    Some(("emaildomain", v)) => c
                        .emails
                        .iter()
                        .any(|e| e.value.to_lowercase().ends_with(&format!("@{v}"))),
                    _ => {
                        contains(&c.first_name, &lower)
                            || contains(&c.last_name, &lower)
                            || c.emails
                                .iter()
                                .any(|e| e.value.to_lowercase().contains(&lower))
                    }
                }
            })
    })
}

/// `GET /v2/customers`: 50 per page.
pub(crate) fn list(req: &Req) -> Reply {
    let mailbox = hal::query_id(req, "mailbox")?;
    let first = req.query("firstName").map(str::to_lowercase);
    let last = req.query("lastName").map(str::to_lowercase);
    let modified_since = hal::strict_date(req, "modifiedSince")?;
    let sort_field = req
        .query("sortField")
        .filter(|s| !s.is_empty())
        .unwrap_or("score");
    if !crate::models::CustomerSortField::KNOWN.contains(&sort_field) {
        return Err(Problem::one(
            FieldError::new("sortField", "EnumValue", "Value not supported")
                .rejecting(sort_field)
                .in_query(),
        ));
    }
    let descending = !matches!(req.query("sortOrder"), Some("asc"));
    let query = req.query("query").map(str::to_owned);
    let d = req.sim.data();
    let in_mailbox: Option<std::collections::HashSet<i64>> = mailbox.map(|m| {
        d.conversations
            .values()
            .filter(|c| c.mailbox_id == m)
            .map(|c| c.customer_id)
            .collect()
    });
    let mut matching: Vec<&CustomerRec> = d
        .customers
        .values()
        .filter(|c| in_mailbox.as_ref().is_none_or(|set| set.contains(&c.id)))
        .filter(|c| {
            first.as_ref().is_none_or(|f| {
                c.first_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == *f)
            })
        })
        .filter(|c| {
            last.as_ref().is_none_or(|l| {
                c.last_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == *l)
            })
        })
        .filter(|c| modified_since.is_none_or(|since| c.updated_at >= since))
        .filter(|c| query.as_deref().is_none_or(|q| customer_matches(c, q)))
        .collect();
    matching.sort_by(|a, b| {
        let ordering = match sort_field {
            "firstName" => a.first_name.cmp(&b.first_name),
            "lastName" => a.last_name.cmp(&b.last_name),
            "modifiedAt" => a.updated_at.cmp(&b.updated_at),
            _ => a.created_at.cmp(&b.created_at),
        }
        .then(a.id.cmp(&b.id));
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    let ids: Vec<i64> = matching.iter().map(|c| c.id).collect();
    let paged = hal::paginate(req, ids, PAGE)?;
    let base = &req.sim.base_url;
    let items: Vec<Customer> = paged
        .items
        .iter()
        .filter_map(|id| d.customers.get(id))
        .map(|c| render_customer(&d, c, base))
        .collect();
    let empty = items.is_empty();
    hal::page_reply(
        req,
        &CustomerPage {
            embedded: Some(CustomerPageEmbedded { customers: items }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "customers",
        empty,
    )
}

/// `GET /v3/customers`: cursor pages of 50, newest first with the id as tiebreaker.
pub(crate) fn list_v3(req: &Req) -> Reply {
    let first = req.query("firstName").map(str::to_lowercase);
    let last = req.query("lastName").map(str::to_lowercase);
    let email = req.query("email").map(str::to_lowercase);
    let created_since = hal::strict_date(req, "createdSince")?;
    let modified_since = hal::strict_date(req, "modifiedSince")?;
    let query = req.query("query").map(str::to_owned);
    let cursor = match req.query("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => Some(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(text)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|s| {
                    let (at, id) = s.split_once('/')?;
                    Some((at.parse::<i64>().ok()?, id.parse::<i64>().ok()?))
                })
                .ok_or_else(|| {
                    Problem::one(
                        FieldError::new("cursor", "InvalidValue", "Invalid cursor")
                            .rejecting(text)
                            .in_query(),
                    )
                })?,
        ),
    };
    let d = req.sim.data();
    let key = |c: &CustomerRec| (c.created_at.timestamp_millis(), c.id);
    let mut matching: Vec<&CustomerRec> = d
        .customers
        .values()
        .filter(|c| {
            first.as_ref().is_none_or(|f| {
                c.first_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == *f)
            })
        })
        .filter(|c| {
            last.as_ref().is_none_or(|l| {
                c.last_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == *l)
            })
        })
        .filter(|c| {
            email
                .as_ref()
                .is_none_or(|e| c.emails.iter().any(|x| x.value.to_lowercase() == *e))
        })
        .filter(|c| created_since.is_none_or(|since| c.created_at >= since))
        .filter(|c| modified_since.is_none_or(|since| c.updated_at >= since))
        .filter(|c| query.as_deref().is_none_or(|q| customer_matches(c, q)))
        .filter(|c| cursor.is_none_or(|after| key(c) < after))
        .collect();
    matching.sort_by_key(|c| std::cmp::Reverse(key(c)));
    let more = matching.len() > PAGE;
    matching.truncate(PAGE);
    let base = &req.sim.base_url;
    let self_href = match req.raw_query.as_deref() {
        Some(q) if !q.is_empty() => format!("{base}/v3/customers?{q}"),
        _ => format!("{base}/v3/customers"),
    };
    let mut links = vec![("self", self_href)];
    if more && let Some(last) = matching.last() {
        let (at, id) = key(last);
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{at}/{id}"));
        let mut query: Vec<String> = req
            .raw_query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("cursor="))
            .map(str::to_owned)
            .collect();
        query.push(format!("cursor={token}"));
        links.push(("next", format!("{base}/v3/customers?{}", query.join("&"))));
    }
    let items: Vec<Customer> = matching
        .iter()
        .map(|c| render_customer(&d, c, base))
        .collect();
    let empty = items.is_empty();
    hal::page_reply(
        req,
        &CustomerCursorPage {
            embedded: Some(CustomerCursorPageEmbedded { customers: items }),
            links: Some(hal::links_vec(links)),
        },
        "customers",
        empty,
    )
}

/// `GET /v2/customers/{id}`.
pub(crate) fn get(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let d = req.sim.data();
    let c = d
        .customers
        .get(&id)
        .ok_or_else(|| Problem::not_found("Customer"))?;
    hal::ok(&render_customer(&d, c, &req.sim.base_url))
}

fn make_entries(
    d: &mut Data,
    value: &Value,
    key: &str,
    kind: EntryKind,
    check: &mut Check,
) -> Vec<EntryRec> {
    let mut out = Vec::new();
    if let Some(Value::Array(items)) = value.get(key) {
        for (i, item) in items.iter().enumerate() {
            if let Some((entry_type, entry_value)) = kind.check(item, &format!("{key}[{i}]"), check)
            {
                out.push(EntryRec {
                    id: d.ids.next("entry"),
                    kind: entry_type,
                    value: entry_value,
                });
            }
        }
    }
    out
}

fn check_unique_emails(
    d: &Data,
    emails: &[EntryRec],
    owner: Option<i64>,
    prefix: &str,
    check: &mut Check,
) {
    for (i, email) in emails.iter().enumerate() {
        if let Some(&other) = d.customer_by_email.get(&email.value.to_lowercase())
            && Some(other) != owner
        {
            check.push(
                FieldError::new(
                    format!("{prefix}[{i}].value"),
                    "Unique",
                    format!("the email address belongs to customer {other}"),
                )
                .rejecting(email.value.clone()),
            );
        }
    }
}

/// `POST /v2/customers`.
pub(crate) fn create(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    check_entity(&value, &mut check);
    check.finish()?;
    let body: CreateCustomerBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let mut check = Check::new();
    let emails = make_entries(&mut d, &value, "emails", EntryKind::Emails, &mut check);
    let phones = make_entries(&mut d, &value, "phones", EntryKind::Phones, &mut check);
    let chats = make_entries(&mut d, &value, "chats", EntryKind::Chats, &mut check);
    let social_profiles = make_entries(
        &mut d,
        &value,
        "socialProfiles",
        EntryKind::SocialProfiles,
        &mut check,
    );
    let websites = make_entries(&mut d, &value, "websites", EntryKind::Websites, &mut check);
    check_unique_emails(&d, &emails, None, "emails", &mut check);
    if let Some(org) = body.organization_id
        && !d.organizations.contains_key(&org)
    {
        check.push(
            FieldError::new(
                "organizationId",
                "InvalidIdentifier",
                "Organization not found",
            )
            .rejecting(org),
        );
    }
    check.finish()?;
    let mut phones = phones;
    if let Some(phone) = body.phone.clone() {
        phones.push(EntryRec {
            id: d.ids.next("entry"),
            kind: Some("work".to_owned()),
            value: phone,
        });
    }
    let organization = body.organization.clone().or_else(|| {
        body.organization_id
            .and_then(|o| d.organizations.get(&o))
            .map(|o| o.name.clone())
    });
    let id = d.ids.next("customer");
    let address = body.address.as_ref().map(address_from_create);
    d.add_customer(CustomerRec {
        id,
        first_name: body.first_name,
        last_name: body.last_name,
        gender: body.gender,
        job_title: body.job_title,
        location: body.location,
        organization,
        organization_id: body.organization_id,
        photo_type: body.photo_type,
        photo_url: body.photo_url,
        age: body.age,
        background: body.background,
        created_at: now,
        updated_at: now,
        emails,
        phones,
        chats,
        social_profiles,
        websites,
        address,
        properties: BTreeMap::new(),
    });
    req.sim.emit(&d, Emit::CustomerCreated(id));
    hal::created(id, Some(req.url(&format!("/v2/customers/{id}"))))
}

fn address_from_create(a: &CreateCustomerAddress) -> AddressRec {
    AddressRec {
        city: a.city.clone(),
        state: a.state.clone(),
        postal_code: a.postal_code.clone(),
        country: a.country.clone(),
        lines: a.lines.clone(),
    }
}

/// `PUT /v2/customers/{id}`: overwrites the entity fields; omitted ones become null. Entries
/// are untouched.
pub(crate) fn overwrite(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_object(req)?;
    let mut check = Check::new();
    check_entity(&value, &mut check);
    check.finish()?;
    let body: OverwriteCustomerBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    if let Some(org) = body.organization_id
        && !d.organizations.contains_key(&org)
    {
        return Err(Problem::one(
            FieldError::new(
                "organizationId",
                "InvalidIdentifier",
                "Organization not found",
            )
            .rejecting(org),
        ));
    }
    let c = customer_mut(&mut d, id)?;
    c.first_name = body.first_name;
    c.last_name = body.last_name;
    c.gender = body.gender;
    c.job_title = body.job_title;
    c.location = body.location;
    c.organization = body.organization;
    c.organization_id = body.organization_id;
    c.photo_type = body.photo_type;
    c.photo_url = body.photo_url;
    c.age = body.age;
    c.background = body.background;
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

/// Applies one customer patch operation to `c`, or says what is wrong with it.
fn apply_customer_op(
    d: &mut Data,
    c: &mut CustomerRec,
    op: &CustomerPatchOperation,
    prefix: &str,
    check: &mut Check,
) {
    let path: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
    let value = op.value.clone().unwrap_or(Value::Null);
    let bad = |check: &mut Check, message: &str| {
        check.push(
            FieldError::new(format!("{prefix}.path"), "InvalidValue", message)
                .rejecting(op.path.clone()),
        );
    };
    let text = |v: &Value| {
        v.as_str()
            .map(str::to_owned)
            .or_else(|| v.as_i64().map(|n| n.to_string()))
    };
    match (path.as_slice(), &op.op) {
        ([field], CustomerPatchOp::Remove)
            if EntryKind::from_segment(field).is_none() && *field != "address" =>
        {
            match *field {
                "firstName" => c.first_name = None,
                "lastName" => c.last_name = None,
                "gender" => c.gender = None,
                "jobTitle" => c.job_title = None,
                "location" => c.location = None,
                "organization" => {
                    c.organization = None;
                    c.organization_id = None;
                }
                "photoType" => c.photo_type = None,
                "photoUrl" => c.photo_url = None,
                "age" => c.age = None,
                "background" => c.background = None,
                _ => bad(check, "Unknown customer field"),
            }
        }
        ([field], CustomerPatchOp::Add | CustomerPatchOp::Replace)
            if EntryKind::from_segment(field).is_none() && *field != "address" =>
        {
            let limits: Option<(usize, usize)> = match *field {
                "firstName" | "lastName" => Some((1, 40)),
                "jobTitle" | "location" | "organization" => Some((0, 60)),
                "photoUrl" | "background" => Some((0, 200)),
                _ => None,
            };
            if let (Some((min, max)), Some(s)) = (limits, value.as_str()) {
                let n = s.chars().count();
                if n < min || n > max {
                    check.push(
                        FieldError::new(
                            format!("{prefix}.value"),
                            "Size",
                            format!("size must be between {min} and {max}"),
                        )
                        .rejecting(s),
                    );
                    return;
                }
            }
            let Some(s) = text(&value) else {
                check.push(FieldError::new(
                    format!("{prefix}.value"),
                    "NotNull",
                    "may not be null",
                ));
                return;
            };
            match *field {
                "firstName" => c.first_name = Some(s),
                "lastName" => c.last_name = Some(s),
                "gender" if CustomerGender::KNOWN.contains(&s.as_str()) => {
                    c.gender = Some(s.as_str().into())
                }
                "jobTitle" => c.job_title = Some(s),
                "location" => c.location = Some(s),
                "organization" => c.organization = Some(s),
                "photoType" if CustomerPhotoType::KNOWN.contains(&s.as_str()) => {
                    c.photo_type = Some(s.as_str().into());
                }
                "photoUrl" => c.photo_url = Some(s),
                "age" => c.age = Some(s),
                "background" => c.background = Some(s),
                "organizationId" => match s
                    .parse::<i64>()
                    .ok()
                    .filter(|o| d.organizations.contains_key(o))
                {
                    Some(org) => {
                        c.organization_id = Some(org);
                        c.organization = d.organizations.get(&org).map(|o| o.name.clone());
                    }
                    None => check.push(
                        FieldError::new(
                            format!("{prefix}.value"),
                            "InvalidIdentifier",
                            "Organization not found",
                        )
                        .rejecting(value.clone()),
                    ),
                },
                "gender" | "photoType" => check.push(
                    FieldError::new(
                        format!("{prefix}.value"),
                        "EnumValue",
                        "Value not supported",
                    )
                    .rejecting(value.clone()),
                ),
                _ => bad(check, "Unknown customer field"),
            }
        }
        (["address"], CustomerPatchOp::Remove) => c.address = None,
        (["address"], _) => match serde_json::from_value::<CreateCustomerAddress>(value.clone()) {
            Ok(a) if value.is_object() => c.address = Some(address_from_create(&a)),
            _ => check.push(
                FieldError::new(
                    format!("{prefix}.value"),
                    "InvalidValue",
                    "must be an address object",
                )
                .rejecting(value.clone()),
            ),
        },
        (["address", field], CustomerPatchOp::Replace | CustomerPatchOp::Add) => {
            let address = c.address.get_or_insert_with(AddressRec::default);
            match (*field, &value) {
                ("city", Value::String(s)) => address.city = Some(s.clone()),
                ("state", Value::String(s)) => address.state = Some(s.clone()),
                ("postalCode", Value::String(s)) => address.postal_code = Some(s.clone()),
                ("country", Value::String(s)) => address.country = Some(s.clone()),
                ("lines", Value::Array(lines)) => {
                    address.lines = lines
                        .iter()
                        .filter_map(|l| l.as_str().map(str::to_owned))
                        .collect();
                }
                _ => bad(check, "Unknown address field or value"),
            }
        }
        ([collection], op_kind) if EntryKind::from_segment(collection).is_some() => {
            let Some(kind) = EntryKind::from_segment(collection) else {
                return;
            };
            match op_kind {
                CustomerPatchOp::Add => {
                    if let Some((entry_type, entry_value)) =
                        kind.check(&value, &format!("{prefix}.value"), check)
                    {
                        let id = d.ids.next("entry");
                        kind.entries_mut(c).push(EntryRec {
                            id,
                            kind: entry_type,
                            value: entry_value,
                        });
                    }
                }
                _ => bad(
                    check,
                    "A whole collection cannot be removed or replaced; address its entries by id",
                ),
            }
        }
        ([collection, entry, rest @ ..], op_kind)
            if EntryKind::from_segment(collection).is_some() =>
        {
            let Some(kind) = EntryKind::from_segment(collection) else {
                return;
            };
            let Some(index) = entry
                .parse::<i64>()
                .ok()
                .and_then(|id| kind.entries(c).iter().position(|e| e.id == id))
            else {
                bad(check, "No such entry");
                return;
            };
            match (rest, op_kind) {
                ([], CustomerPatchOp::Remove) => {
                    kind.entries_mut(c).remove(index);
                }
                ([], _) => {
                    if let Some((entry_type, entry_value)) =
                        kind.check(&value, &format!("{prefix}.value"), check)
                    {
                        let e = &mut kind.entries_mut(c)[index];
                        e.kind = entry_type;
                        e.value = entry_value;
                    }
                }
                (["value"], CustomerPatchOp::Replace | CustomerPatchOp::Add) => {
                    match value.as_str() {
                        Some(s) if kind != EntryKind::Emails || hal::looks_like_email(s) => {
                            kind.entries_mut(c)[index].value = s.to_owned();
                        }
                        _ => check.push(
                            FieldError::new(
                                format!("{prefix}.value"),
                                "InvalidValue",
                                "Invalid value",
                            )
                            .rejecting(value.clone()),
                        ),
                    }
                }
                (["type"], CustomerPatchOp::Replace | CustomerPatchOp::Add) => {
                    match (value.as_str(), kind.types()) {
                        (Some(s), Some(types)) if types.contains(&s) => {
                            kind.entries_mut(c)[index].kind = Some(s.to_owned());
                        }
                        _ => check.push(
                            FieldError::new(
                                format!("{prefix}.value"),
                                "EnumValue",
                                "Value not supported",
                            )
                            .rejecting(value.clone()),
                        ),
                    }
                }
                _ => bad(check, "Unsupported entry path"),
            }
        }
        _ => bad(check, "Unsupported path"),
    }
}

/// `PATCH /v2/customers/{id}`: a JSON Patch **array**; a single object is rejected.
pub(crate) fn patch(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_body(req)?;
    if !value.is_array() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be an array of patch operations",
        ));
    }
    if let Value::Array(items) = &value {
        let mut check = Check::new();
        for (i, item) in items.iter().enumerate() {
            check.required(item, &format!("[{i}]"), "op");
            check.required(item, &format!("[{i}]"), "path");
            check.one_of(
                item,
                &format!("[{i}]"),
                "op",
                crate::models::CustomerPatchOp::KNOWN,
            );
        }
        check.finish()?;
    }
    let ops: crate::models::CustomerPatch = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let mut working = d
        .customers
        .get(&id)
        .cloned()
        .ok_or_else(|| Problem::not_found("Customer"))?;
    let mut check = Check::new();
    for (i, op) in ops.0.iter().enumerate() {
        apply_customer_op(&mut d, &mut working, op, &format!("[{i}]"), &mut check);
    }
    check_unique_emails(&d, &working.emails, Some(id), "emails", &mut check);
    check.finish()?;
    working.updated_at = now;
    d.customers.insert(id, working);
    d.reindex_customer(id);
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

/// `DELETE /v2/customers/{id}`: a GDPR delete, conversations included. Over 100
/// conversations it is refused with 403 unless `?async=true`, which answers 202.
pub(crate) fn delete(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let asynchronous = req.flag("async");
    let mut d = req.sim.data();
    if !d.customers.contains_key(&id) {
        return Err(Problem::not_found("Customer"));
    }
    let conversations: Vec<i64> = d
        .conversations
        .values()
        .filter(|c| c.customer_id == id)
        .map(|c| c.id)
        .collect();
    if conversations.len() > 100 && !asynchronous {
        return Err(Problem::Status(
            StatusCode::FORBIDDEN,
            "The customer has more than 100 conversations; delete with async=true".to_owned(),
        ));
    }
    let mut mailboxes = Vec::new();
    for conversation in conversations {
        if let Some(removed) = d.conversations.remove(&conversation)
            && !mailboxes.contains(&removed.mailbox_id)
        {
            mailboxes.push(removed.mailbox_id);
        }
    }
    d.ratings.retain(|_, r| r.customer_id != id);
    d.remove_customer(id);
    req.sim.emit(&d, Emit::CustomerDeleted { id, mailboxes });
    if asynchronous {
        d.deleted_customers.insert(id);
        return hal::empty(StatusCode::ACCEPTED);
    }
    hal::no_content()
}

/// `GET /v2/customers/{id}/address`.
pub(crate) fn get_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let d = req.sim.data();
    let c = d
        .customers
        .get(&id)
        .ok_or_else(|| Problem::not_found("Customer"))?;
    let address = c
        .address
        .as_ref()
        .ok_or_else(|| Problem::not_found("Address"))?;
    hal::ok(&render_address(&req.sim.base_url, id, address))
}

/// `POST /v2/customers/{id}/address`: a customer has one address; creating a second is
/// refused.
pub(crate) fn create_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_object(req)?;
    let body: CreateCustomerAddress = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = customer_mut(&mut d, id)?;
    if c.address.is_some() {
        return Err(Problem::field(
            "",
            "InvalidValue",
            "The customer already has an address; update it with PUT",
        ));
    }
    c.address = Some(address_from_create(&body));
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::created(id, Some(req.url(&format!("/v2/customers/{id}/address"))))
}

/// `PUT /v2/customers/{id}/address`.
pub(crate) fn update_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_object(req)?;
    let body: UpdateCustomerAddress = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = customer_mut(&mut d, id)?;
    c.address = Some(AddressRec {
        city: body.city,
        state: body.state,
        postal_code: body.postal_code,
        country: body.country,
        lines: body.lines,
    });
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

/// `DELETE /v2/customers/{id}/address`.
pub(crate) fn delete_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = customer_mut(&mut d, id)?;
    if c.address.take().is_none() {
        return Err(Problem::not_found("Address"));
    }
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

fn entry_kind(req: &Req) -> Result<EntryKind, Problem> {
    req.path
        .split('/')
        .nth(4)
        .and_then(EntryKind::from_segment)
        .ok_or_else(|| Problem::not_found("Resource"))
}

/// `GET /v2/customers/{id}/{emails|phones|chats|social-profiles|websites}`.
pub(crate) fn list_entries(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let kind = entry_kind(req)?;
    let d = req.sim.data();
    let c = d
        .customers
        .get(&id)
        .ok_or_else(|| Problem::not_found("Customer"))?;
    let base = &req.sim.base_url;
    let links = Some(hal::links([(
        "self",
        format!("{base}/v2/customers/{id}/{}", kind.segment()),
    )]));
    let link = |e: &EntryRec| Some(entry_link(base, id, kind, e.id));
    let entries = kind.entries(c);
    let empty = entries.is_empty();
    let key = kind.segment();
    match kind {
        EntryKind::Emails => hal::page_reply(
            req,
            &CustomerEmailList {
                embedded: Some(CustomerEmailListEmbedded {
                    emails: entries
                        .iter()
                        .map(|e| CustomerEmail {
                            id: CustomerEntryId::new(e.id),
                            links: link(e),
                            type_: e.kind.as_deref().map(Into::into),
                            value: Some(e.value.clone()),
                        })
                        .collect(),
                }),
                links,
            },
            key,
            empty,
        ),
        EntryKind::Phones => hal::page_reply(
            req,
            &CustomerPhoneList {
                embedded: Some(CustomerPhoneListEmbedded {
                    phones: entries
                        .iter()
                        .map(|e| CustomerPhone {
                            id: CustomerEntryId::new(e.id),
                            links: link(e),
                            type_: e.kind.as_deref().map(Into::into),
                            value: Some(e.value.clone()),
                        })
                        .collect(),
                }),
                links,
            },
            key,
            empty,
        ),
        EntryKind::Chats => hal::page_reply(
            req,
            &CustomerChatHandleList {
                embedded: Some(CustomerChatHandleListEmbedded {
                    chats: entries
                        .iter()
                        .map(|e| CustomerChatHandle {
                            id: CustomerEntryId::new(e.id),
                            links: link(e),
                            type_: e.kind.as_deref().map(Into::into),
                            value: Some(e.value.clone()),
                        })
                        .collect(),
                }),
                links,
            },
            key,
            empty,
        ),
        EntryKind::SocialProfiles => hal::page_reply(
            req,
            &CustomerSocialProfileList {
                embedded: Some(CustomerSocialProfileListEmbedded {
                    social_profiles: entries
                        .iter()
                        .map(|e| CustomerSocialProfile {
                            id: CustomerEntryId::new(e.id),
                            links: link(e),
                            type_: e.kind.as_deref().map(Into::into),
                            value: Some(e.value.clone()),
                        })
                        .collect(),
                }),
                links,
            },
            key,
            empty,
        ),
        EntryKind::Websites => hal::page_reply(
            req,
            &CustomerWebsiteList {
                embedded: Some(CustomerWebsiteListEmbedded {
                    websites: entries
                        .iter()
                        .map(|e| CustomerWebsite {
                            id: CustomerEntryId::new(e.id),
                            links: link(e),
                            value: Some(e.value.clone()),
                        })
                        .collect(),
                }),
                links,
            },
            key,
            empty,
        ),
    }
}

/// `POST /v2/customers/{id}/{kind}`.
pub(crate) fn create_entry(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let kind = entry_kind(req)?;
    let value = json_object(req)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    if !d.customers.contains_key(&id) {
        return Err(Problem::not_found("Customer"));
    }
    let mut check = Check::new();
    let Some((entry_type, entry_value)) = kind.check(&value, "", &mut check) else {
        return Err(check
            .finish()
            .err()
            .unwrap_or_else(|| Problem::field("value", "NotNull", "may not be null")));
    };
    let entry = EntryRec {
        id: d.ids.next("entry"),
        kind: entry_type,
        value: entry_value,
    };
    if kind == EntryKind::Emails {
        check_unique_emails(
            &d,
            std::slice::from_ref(&entry),
            Some(id),
            "emails",
            &mut check,
        );
        check.finish().map_err(|p| match p {
            Problem::Validation(errors) => Problem::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.path = "value".to_owned();
                        e
                    })
                    .collect(),
            ),
            other => other,
        })?;
    }
    let entry_id = entry.id;
    let c = customer_mut(&mut d, id)?;
    kind.entries_mut(c).push(entry);
    c.updated_at = now;
    d.reindex_customer(id);
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::created(
        entry_id,
        Some(req.url(&format!("/v2/customers/{id}/{}/{entry_id}", kind.segment()))),
    )
}

/// `PUT /v2/customers/{id}/{kind}/{entryId}`.
pub(crate) fn update_entry(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let entry_id = req.id("entryId")?;
    let kind = entry_kind(req)?;
    let value = json_object(req)?;
    let now = req.sim.now();
    let mut check = Check::new();
    let checked = kind.check(&value, "", &mut check);
    let mut d = req.sim.data();
    let c = customer_mut(&mut d, id)?;
    let Some(index) = kind.entries(c).iter().position(|e| e.id == entry_id) else {
        return Err(Problem::not_found("Entry"));
    };
    let Some((entry_type, entry_value)) = checked else {
        return Err(check
            .finish()
            .err()
            .unwrap_or_else(|| Problem::field("value", "NotNull", "may not be null")));
    };
    let entry = &mut kind.entries_mut(c)[index];
    entry.kind = entry_type;
    entry.value = entry_value;
    c.updated_at = now;
    d.reindex_customer(id);
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

/// `DELETE /v2/customers/{id}/{kind}/{entryId}`.
pub(crate) fn delete_entry(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let entry_id = req.id("entryId")?;
    let kind = entry_kind(req)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let c = customer_mut(&mut d, id)?;
    let before = kind.entries(c).len();
    kind.entries_mut(c).retain(|e| e.id != entry_id);
    if kind.entries(c).len() == before {
        return Err(Problem::not_found("Entry"));
    }
    c.updated_at = now;
    d.reindex_customer(id);
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

fn render_definition(p: &PropertyDefRec) -> CustomerPropertyDefinition {
    CustomerPropertyDefinition {
        name: Some(p.name.clone()),
        options: p
            .options
            .iter()
            .map(|(id, label)| CustomerPropertyOption {
                id: Some(id.clone()),
                label: Some(label.clone()),
            })
            .collect(),
        slug: Some(p.slug.clone()),
        type_: Some(CustomerPropertyType::from(p.kind.as_str())),
    }
}

/// `GET /v2/customer-properties`.
pub(crate) fn list_property_definitions(req: &Req) -> Reply {
    let d = req.sim.data();
    let items: Vec<CustomerPropertyDefinition> = d
        .customer_properties
        .iter()
        .map(render_definition)
        .collect();
    let empty = items.is_empty();
    hal::page_reply(
        req,
        &CustomerPropertyDefinitionList {
            embedded: Some(CustomerPropertyDefinitionListEmbedded {
                customer_properties: items,
            }),
            links: Some(hal::links([("self", req.url("/v2/customer-properties"))])),
        },
        "customer-properties",
        empty,
    )
}

/// A UUID-shaped option id, derived from a counter.
fn option_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// `POST /v2/customer-properties`: at most 50 definitions; slugs are unique, 1-100
/// characters of `[A-Za-z0-9_-]`, and not `email`, `name`, `company` or `jobTitle`.
pub(crate) fn create_property_definition(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "type");
    check.required(&value, "", "slug");
    check.required(&value, "", "name");
    check.one_of(&value, "", "type", CustomerPropertyType::KNOWN);
    check.length(&value, "", "slug", 1, 100);
    check.finish()?;
    let body: CreateCustomerPropertyDefinition = decode(&value)?;
    let mut d = req.sim.data();
    let mut check = Check::new();
    let slug = body.slug.clone();
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        check.push(
            FieldError::new("slug", "Pattern", "must match [A-Za-z0-9_-]+").rejecting(slug.clone()),
        );
    }
    if ["email", "name", "company", "jobTitle"].contains(&slug.as_str()) {
        check.push(FieldError::new("slug", "InvalidValue", "is reserved").rejecting(slug.clone()));
    }
    if d.customer_properties.iter().any(|p| p.slug == slug) {
        check.push(FieldError::new("slug", "Unique", "already exists").rejecting(slug.clone()));
    }
    if d.customer_properties.len() >= 50 {
        check.push(FieldError::new(
            "",
            "Size",
            "a company can define at most 50 properties",
        ));
    }
    let dropdown = body.type_ == CustomerPropertyType::Dropdown;
    if !dropdown && !body.options.is_empty() {
        check.push(FieldError::new(
            "options",
            "InvalidValue",
            "only dropdown properties have options",
        ));
    }
    if body.options.len() > 100 {
        check.push(FieldError::new(
            "options",
            "Size",
            "size must be between 0 and 100",
        ));
    }
    for (i, option) in body.options.iter().enumerate() {
        if option.label.trim().is_empty() || option.label.chars().count() > 255 {
            check.push(
                FieldError::new(
                    format!("options[{i}].label"),
                    "Size",
                    "size must be between 1 and 255",
                )
                .rejecting(option.label.clone()),
            );
        }
    }
    check.finish()?;
    let options = body
        .options
        .iter()
        .map(|o| {
            let id =
                o.id.clone()
                    .unwrap_or_else(|| option_id(d.ids.next("option") as u64));
            (id, o.label.clone())
        })
        .collect();
    d.customer_properties.push(PropertyDefRec {
        slug: slug.clone(),
        name: body.name,
        kind: body.type_.to_string(),
        options,
    });
    let mut response = hal::empty(StatusCode::CREATED)?;
    if let Ok(location) = req.url(&format!("/v2/customer-properties/{slug}")).parse() {
        response
            .headers_mut()
            .insert(axum::http::header::LOCATION, location);
    }
    Ok(response)
}

/// `DELETE /v2/customer-properties/{slug}`: also removes every customer's value.
pub(crate) fn delete_property_definition(req: &Req) -> Reply {
    let slug = req.param("slug").to_owned();
    let mut d = req.sim.data();
    let before = d.customer_properties.len();
    d.customer_properties.retain(|p| p.slug != slug);
    if d.customer_properties.len() == before {
        return Err(Problem::not_found("Customer property"));
    }
    for c in d.customers.values_mut() {
        c.properties.remove(&slug);
    }
    hal::no_content()
}

/// Checks a property value against its definition; dropdowns take an option id or label
/// and store the id.
fn property_value(def: &PropertyDefRec, value: &Value) -> Result<Value, &'static str> {
    match def.kind.as_str() {
        "number" => match value {
            Value::Number(n) if n.is_i64() => Ok(value.clone()),
            Value::String(s) => s
                .parse::<i64>()
                .map(|n| json!(n))
                .map_err(|_| "must be an integer"),
            _ => Err("must be an integer"),
        },
        "text" => match value.as_str() {
            Some(s) if s.chars().count() <= 255 => Ok(value.clone()),
            _ => Err("must be text of at most 255 characters"),
        },
        "url" => match value.as_str() {
            Some(s) if s.starts_with("http://") || s.starts_with("https://") => Ok(value.clone()),
            _ => Err("must be a URL"),
        },
        "date" => match value.as_str() {
            Some(s) if is_plain_date(s) => Ok(value.clone()),
            _ => Err("must be a date in the format YYYY-MM-DD"),
        },
        "dropdown" => {
            let text = value.as_str().unwrap_or("");
            def.options
                .iter()
                .find(|(id, label)| id == text || label == text)
                .map(|(id, _)| json!(id))
                .ok_or("must be the id or label of one of the options")
        }
        _ => Ok(value.clone()),
    }
}

/// `PATCH /v2/customers/{id}/properties`: a JSON Patch array of `replace`/`remove` on
/// `/{slug}`.
pub(crate) fn patch_properties(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_body(req)?;
    if !value.is_array() {
        return Err(Problem::field(
            "",
            "MalformedJson",
            "The body must be an array of patch operations",
        ));
    }
    let ops: CustomerPropertiesPatch = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    if !d.customers.contains_key(&id) {
        return Err(Problem::not_found("Customer"));
    }
    let mut check = Check::new();
    let mut changes: Vec<(String, Option<Value>)> = Vec::new();
    for (i, op) in ops.0.iter().enumerate() {
        let slug = op.path.trim_start_matches('/');
        let Some(def) = d.customer_properties.iter().find(|p| p.slug == slug) else {
            check.push(
                FieldError::new(
                    format!("[{i}].path"),
                    "InvalidValue",
                    "Unknown customer property",
                )
                .rejecting(op.path.clone()),
            );
            continue;
        };
        match op.op {
            CustomerPropertyPatchOp::Remove => changes.push((slug.to_owned(), None)),
            CustomerPropertyPatchOp::Replace => {
                match property_value(def, op.value.as_ref().unwrap_or(&Value::Null)) {
                    Ok(v) => changes.push((slug.to_owned(), Some(v))),
                    Err(message) => check.push(
                        FieldError::new(format!("[{i}].value"), "InvalidValue", message)
                            .rejecting(op.value.clone().unwrap_or(Value::Null)),
                    ),
                }
            }
            _ => check.push(
                FieldError::new(format!("[{i}].op"), "EnumValue", "Value not supported")
                    .rejecting(op.op.to_string()),
            ),
        }
    }
    check.finish()?;
    let c = customer_mut(&mut d, id)?;
    for (slug, value) in changes {
        match value {
            Some(v) => {
                c.properties.insert(slug, v);
            }
            None => {
                c.properties.remove(&slug);
            }
        }
    }
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    hal::no_content()
}

/// The newest first customers of an organization (for `/organizations/{id}/customers`).
pub(crate) fn of_organization(d: &Data, organization: i64) -> Vec<i64> {
    let mut customers: Vec<&CustomerRec> = d
        .customers
        .values()
        .filter(|c| c.organization_id == Some(organization))
        .collect();
    customers.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    customers.iter().map(|c| c.id).collect()
}
