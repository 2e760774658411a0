//! A customer's address and entry sub-resources (emails, phones, chats, social profiles,
//! websites).

use helpscout_mailbox::ids::CustomerEntryId;
use helpscout_mailbox::models::{
    CreateCustomerAddressBody, CustomerChatHandle, CustomerChatHandleList,
    CustomerChatHandleListEmbedded, CustomerEmail, CustomerEmailList, CustomerEmailListEmbedded,
    CustomerPhone, CustomerPhoneList, CustomerPhoneListEmbedded, CustomerSocialProfile,
    CustomerSocialProfileList, CustomerSocialProfileListEmbedded, CustomerWebsite,
    CustomerWebsiteList, CustomerWebsiteListEmbedded, UpdateCustomerAddressBody,
};

use crate::http::{self, Check, Problem, Reply, decode, json_object};
use crate::render::{EntryKind, entry_link, render_address};
use crate::runtime::delivery::Change as Emit;
use crate::state::{AddressRec, EntryRec};

use crate::routes::Req;

use super::*;

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
    http::ok(&render_address(&req.sim.base_url, id, address))
}

/// `POST /v2/customers/{id}/address`: a customer has one address; creating a second is
/// refused.
pub(crate) fn create_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_object(req)?;
    let body: CreateCustomerAddressBody = decode(&value)?;
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
    http::created(id, Some(req.url(&format!("/v2/customers/{id}/address"))))
}

/// `PUT /v2/customers/{id}/address`.
pub(crate) fn update_address(req: &Req) -> Reply {
    let id = req.id("customerId")?;
    let value = json_object(req)?;
    let body: UpdateCustomerAddressBody = decode(&value)?;
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
    http::no_content()
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
    http::no_content()
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
    let links = Some(http::links([(
        "self",
        format!("{base}/v2/customers/{id}/{}", kind.segment()),
    )]));
    let link = |e: &EntryRec| Some(entry_link(base, id, kind, e.id));
    let entries = kind.entries(c);
    let empty = entries.is_empty();
    let key = kind.segment();
    match kind {
        EntryKind::Emails => http::page_reply(
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
        EntryKind::Phones => http::page_reply(
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
        EntryKind::Chats => http::page_reply(
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
        EntryKind::SocialProfiles => http::page_reply(
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
        EntryKind::Websites => http::page_reply(
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
    http::created(
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
    http::no_content()
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
    http::no_content()
}
