//! Customers: list (v2 pages, v3 cursor), get, create, overwrite (PUT), the JSON Patch
//! *array* (PATCH), delete (403 over 100 conversations unless `async=true`), address, the
//! entry sub-resources, property definitions and property values.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::Value;

use helpscout_mailbox::models::{
    CreateCustomerAddressBody, CreateCustomerBody, Customer, CustomerCursorPage,
    CustomerCursorPageEmbedded, CustomerGender, CustomerPage, CustomerPageEmbedded,
    CustomerPhotoType, OverwriteCustomerBody, Spelled,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_object};
use crate::render::{EntryKind, render_customer};
use crate::runtime::delivery::Change as Emit;
use crate::state::{AddressRec, CustomerRec, Data, EntryRec};

use super::Req;

mod entries;
mod patch;
mod properties;

pub(crate) use entries::{
    create_address, create_entry, delete_address, delete_entry, get_address, list_entries,
    update_address, update_entry,
};
pub(crate) use patch::patch;
pub(crate) use properties::{
    create_property_definition, delete_property_definition, list_property_definitions,
    patch_properties,
};

const PAGE: usize = 50;

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
    let mailbox = http::query_id(req, "mailbox")?;
    let first = req.query("firstName").map(str::to_lowercase);
    let last = req.query("lastName").map(str::to_lowercase);
    let modified_since = http::strict_date(req, "modifiedSince")?;
    let sort_field = req
        .query("sortField")
        .filter(|s| !s.is_empty())
        .unwrap_or("score");
    if !helpscout_mailbox::models::CustomerSortField::KNOWN.contains(&sort_field) {
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
    let paged = http::paginate(req, ids, PAGE)?;
    let base = &req.sim.base_url;
    let items: Vec<Customer> = paged
        .items
        .iter()
        .filter_map(|id| d.customers.get(id))
        .map(|c| render_customer(&d, c, base))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
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
    let created_since = http::strict_date(req, "createdSince")?;
    let modified_since = http::strict_date(req, "modifiedSince")?;
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
    http::page_reply(
        req,
        &CustomerCursorPage {
            embedded: Some(CustomerCursorPageEmbedded { customers: items }),
            links: Some(http::links_vec(links)),
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
    http::ok(&render_customer(&d, c, &req.sim.base_url))
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
        gender: body.gender.map(Spelled::into_value),
        job_title: body.job_title,
        location: body.location,
        organization,
        organization_id: body.organization_id,
        photo_type: body.photo_type.map(Spelled::into_value),
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
    http::created(id, Some(req.url(&format!("/v2/customers/{id}"))))
}

fn address_from_create(a: &CreateCustomerAddressBody) -> AddressRec {
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
    c.gender = body.gender.map(Spelled::into_value);
    c.job_title = body.job_title;
    c.location = body.location;
    c.organization = body.organization;
    c.organization_id = body.organization_id;
    c.photo_type = body.photo_type.map(Spelled::into_value);
    c.photo_url = body.photo_url;
    c.age = body.age;
    c.background = body.background;
    c.updated_at = now;
    req.sim.emit(&d, Emit::CustomerUpdated(id));
    http::no_content()
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
        return http::empty(StatusCode::ACCEPTED);
    }
    http::no_content()
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
