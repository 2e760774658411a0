//! Organizations: list (sorted), get (counts and properties on request), create, update,
//! delete, their conversations and customers, property definitions and values.

use axum::http::StatusCode;

use helpscout_mailbox::ids::OrganizationId;
use helpscout_mailbox::models::{
    Conversation, CreateOrganizationBody, CreateOrganizationPropertyDefinition, CustomerPage,
    CustomerPageEmbedded, Organization, OrganizationConversationPage,
    OrganizationConversationPageEmbedded, OrganizationPage, OrganizationPageEmbedded,
    OrganizationPropertyDefinition, OrganizationPropertyDefinitionList,
    OrganizationPropertyDefinitionListEmbedded, OrganizationPropertyOption,
    OrganizationPropertyType, OrganizationPropertyValue, SetOrganizationPropertyValueBody,
    UpdateOrganizationBody, UpdateOrganizationPropertyDefinition,
};

use super::Req;
use crate::http::{self, Check, FieldError, Problem, Reply, decode, is_plain_date, json_object};
use crate::render::{CONVERSATION_PAGE, View, render_conversation, render_customer};
use crate::state::{Data, OrgPropertyDefRec, OrganizationRec};

use super::customers::of_organization;

fn counts(d: &Data, id: i64) -> (i64, i64) {
    let customers: std::collections::HashSet<i64> = d
        .customers
        .values()
        .filter(|c| c.organization_id == Some(id))
        .map(|c| c.id)
        .collect();
    let conversations = d
        .conversations
        .values()
        .filter(|c| c.merged_into.is_none() && customers.contains(&c.customer_id))
        .count();
    (customers.len() as i64, conversations as i64)
}

fn render(
    d: &Data,
    o: &OrganizationRec,
    base: &str,
    with_counts: bool,
    with_properties: bool,
) -> Organization {
    let (customer_count, conversation_count) = if with_counts {
        let (a, b) = counts(d, o.id);
        (Some(a), Some(b))
    } else {
        (None, None)
    };
    Organization {
        brand_color: o.brand_color.clone(),
        conversation_count,
        customer_count,
        description: o.description.clone(),
        domains: o.domains.clone(),
        id: OrganizationId::new(o.id),
        links: Some(http::links([(
            "self",
            format!("{base}/v2/organizations/{}", o.id),
        )])),
        location: o.location.clone(),
        logo_url: o.logo_url.clone(),
        name: Some(o.name.clone()),
        note: o.note.clone(),
        phones: o.phones.clone(),
        properties: if with_properties {
            o.properties
                .iter()
                .filter_map(|(slug, value)| {
                    let def = d.organization_properties.iter().find(|p| &p.slug == slug)?;
                    Some(OrganizationPropertyValue {
                        definition_id: Some(def.id),
                        name: Some(def.name.clone()),
                        options: def
                            .options
                            .iter()
                            .map(|l| OrganizationPropertyOption {
                                label: Some(l.clone()),
                            })
                            .collect(),
                        slug: Some(slug.clone()),
                        type_: Some(OrganizationPropertyType::from(def.kind.as_str()).into()),
                        value: Some(value.clone()),
                    })
                })
                .collect()
        } else {
            Vec::new()
        },
        website: o.website.clone(),
    }
}

/// `GET /v2/organizations`: 50 per page, `sort=field[,asc|desc]`.
pub(crate) fn list(req: &Req) -> Reply {
    let sort = req
        .query("sort")
        .filter(|s| !s.is_empty())
        .unwrap_or("lastInteractionAt,desc");
    let (field, direction) = sort.split_once(',').unwrap_or((sort, "desc"));
    if ![
        "name",
        "customerCount",
        "conversationCount",
        "lastInteractionAt",
    ]
    .contains(&field)
        || !["asc", "desc"].contains(&direction)
    {
        return Err(Problem::one(
            FieldError::new("sort", "EnumValue", "Value not supported")
                .rejecting(sort)
                .in_query(),
        ));
    }
    let d = req.sim.data();
    let mut rows: Vec<(&OrganizationRec, (i64, i64))> = d
        .organizations
        .values()
        .map(|o| (o, counts(&d, o.id)))
        .collect();
    rows.sort_by(|(a, ac), (b, bc)| {
        let ordering = match field {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            "customerCount" => ac.0.cmp(&bc.0),
            "conversationCount" => ac.1.cmp(&bc.1),
            _ => a.last_interaction_at.cmp(&b.last_interaction_at),
        }
        .then(a.id.cmp(&b.id));
        if direction == "desc" {
            ordering.reverse()
        } else {
            ordering
        }
    });
    let ids: Vec<i64> = rows.iter().map(|(o, _)| o.id).collect();
    let paged = http::paginate(req, ids, 50)?;
    let items: Vec<Organization> = paged
        .items
        .iter()
        .filter_map(|id| d.organizations.get(id))
        .map(|o| render(&d, o, &req.sim.base_url, false, false))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &OrganizationPage {
            embedded: Some(OrganizationPageEmbedded {
                organizations: items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "organizations",
        empty,
    )
}

/// `GET /v2/organizations/{id}`.
pub(crate) fn get(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let d = req.sim.data();
    let o = d
        .organizations
        .get(&id)
        .ok_or_else(|| Problem::not_found("Organization"))?;
    http::ok(&render(
        &d,
        o,
        &req.sim.base_url,
        req.flag("includeCounts"),
        req.flag("includeProperties"),
    ))
}

fn check_body(value: &serde_json::Value) -> Result<(), Problem> {
    let mut check = Check::new();
    check.required(value, "", "name");
    check.length(value, "", "name", 1, 255);
    check.length(value, "", "location", 2, 2);
    check.finish()
}

/// `POST /v2/organizations`.
pub(crate) fn create(req: &Req) -> Reply {
    let value = json_object(req)?;
    check_body(&value)?;
    let body: CreateOrganizationBody = decode(&value)?;
    let now = req.sim.now();
    let mut d = req.sim.data();
    let id = d.ids.next("organization");
    let mut domains = body.domains;
    if let Some(domain) = body.domain {
        domains.insert(0, domain);
    }
    d.organizations.insert(
        id,
        OrganizationRec {
            id,
            name: body.name.unwrap_or_default(),
            website: body.website,
            description: body.description,
            location: body.location,
            logo_url: body.logo_url,
            note: body.note,
            domains,
            phones: body.phones,
            brand_color: body.brand_color,
            properties: Default::default(),
            last_interaction_at: now,
        },
    );
    http::created(id, Some(req.url(&format!("/v2/organizations/{id}"))))
}

/// `PUT /v2/organizations/{id}`: full replacement of the organization's fields.
pub(crate) fn update(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let value = json_object(req)?;
    check_body(&value)?;
    let body: UpdateOrganizationBody = decode(&value)?;
    let mut d = req.sim.data();
    let o = d
        .organizations
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Organization"))?;
    o.name = body.name.unwrap_or_default();
    o.website = body.website;
    o.description = body.description;
    o.location = body.location;
    o.logo_url = body.logo_url;
    o.note = body.note;
    o.domains = body.domains;
    o.phones = body.phones;
    o.brand_color = body.brand_color;
    let name = o.name.clone();
    for c in d.customers.values_mut() {
        if c.organization_id == Some(id) {
            c.organization = Some(name.clone());
        }
    }
    http::no_content()
}

/// `DELETE /v2/organizations/{id}`: its customers stay, without the organization.
pub(crate) fn delete(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let mut d = req.sim.data();
    if d.organizations.remove(&id).is_none() {
        return Err(Problem::not_found("Organization"));
    }
    for c in d.customers.values_mut() {
        if c.organization_id == Some(id) {
            c.organization_id = None;
            c.organization = None;
        }
    }
    http::no_content()
}

/// `GET /v2/organizations/{id}/conversations`: 25 per page, newest first.
pub(crate) fn conversations(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let d = req.sim.data();
    if !d.organizations.contains_key(&id) {
        return Err(Problem::not_found("Organization"));
    }
    let customers: std::collections::HashSet<i64> = of_organization(&d, id).into_iter().collect();
    let mut matching: Vec<_> = d
        .conversations
        .values()
        .filter(|c| c.merged_into.is_none() && customers.contains(&c.customer_id))
        .collect();
    matching.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let ids: Vec<i64> = matching.iter().map(|c| c.id).collect();
    let paged = http::paginate(req, ids, CONVERSATION_PAGE)?;
    let view = View {
        base: &req.sim.base_url,
        now: req.sim.now(),
        v3: false,
    };
    let items: Vec<Conversation> = paged
        .items
        .iter()
        .filter_map(|id| d.conversations.get(id))
        .map(|c| render_conversation(&d, c, &view, false))
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &OrganizationConversationPage {
            embedded: Some(OrganizationConversationPageEmbedded {
                conversations: items,
            }),
            links: Some(paged.links),
            page: Some(paged.meta),
        },
        "conversations",
        empty,
    )
}

/// `GET /v2/organizations/{id}/customers`: 50 per page.
pub(crate) fn customers(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let d = req.sim.data();
    if !d.organizations.contains_key(&id) {
        return Err(Problem::not_found("Organization"));
    }
    let paged = http::paginate(req, of_organization(&d, id), 50)?;
    let items: Vec<_> = paged
        .items
        .iter()
        .filter_map(|id| d.customers.get(id))
        .map(|c| render_customer(&d, c, &req.sim.base_url))
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

fn render_definition(p: &OrgPropertyDefRec) -> OrganizationPropertyDefinition {
    OrganizationPropertyDefinition {
        name: Some(p.name.clone()),
        options: p
            .options
            .iter()
            .map(|l| OrganizationPropertyOption {
                label: Some(l.clone()),
            })
            .collect(),
        slug: Some(p.slug.clone()),
        type_: Some(OrganizationPropertyType::from(p.kind.as_str()).into()),
    }
}

/// `GET /v2/organizations/properties`.
pub(crate) fn list_properties(req: &Req) -> Reply {
    let d = req.sim.data();
    let items: Vec<_> = d
        .organization_properties
        .iter()
        .map(render_definition)
        .collect();
    let empty = items.is_empty();
    http::page_reply(
        req,
        &OrganizationPropertyDefinitionList {
            embedded: Some(OrganizationPropertyDefinitionListEmbedded {
                organization_properties: items,
            }),
            links: Some(http::links([(
                "self",
                req.url("/v2/organizations/properties"),
            )])),
        },
        "organization-properties",
        empty,
    )
}

/// `POST /v2/organizations/properties`.
pub(crate) fn create_property(req: &Req) -> Reply {
    let value = json_object(req)?;
    let mut check = Check::new();
    for key in ["type", "slug", "name"] {
        check.required(&value, "", key);
    }
    check.one_of(&value, "", "type", OrganizationPropertyType::KNOWN);
    check.length(&value, "", "slug", 1, 100);
    check.finish()?;
    let body: CreateOrganizationPropertyDefinition = decode(&value)?;
    let mut d = req.sim.data();
    if d.organization_properties
        .iter()
        .any(|p| p.slug == body.slug)
    {
        return Err(Problem::one(
            FieldError::new("slug", "Unique", "already exists").rejecting(body.slug),
        ));
    }
    let id = d.ids.next("orgProperty");
    let slug = body.slug.clone();
    d.organization_properties.push(OrgPropertyDefRec {
        id,
        slug: body.slug,
        name: body.name,
        kind: body.type_.to_string(),
        options: body.options.into_iter().map(|o| o.label).collect(),
    });
    http::created(
        id,
        Some(req.url(&format!("/v2/organizations/properties/{slug}"))),
    )
}

/// `PUT /v2/organizations/properties/{slug}`.
pub(crate) fn update_property(req: &Req) -> Reply {
    let slug = req.param("slug").to_owned();
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "name");
    check.finish()?;
    let body: UpdateOrganizationPropertyDefinition = decode(&value)?;
    let mut d = req.sim.data();
    let def = d
        .organization_properties
        .iter_mut()
        .find(|p| p.slug == slug)
        .ok_or_else(|| Problem::not_found("Organization property"))?;
    def.name = body.name;
    def.options = body.options.into_iter().map(|o| o.label).collect();
    http::no_content()
}

/// `DELETE /v2/organizations/properties/{slug}`.
pub(crate) fn delete_property(req: &Req) -> Reply {
    let slug = req.param("slug").to_owned();
    let mut d = req.sim.data();
    let before = d.organization_properties.len();
    d.organization_properties.retain(|p| p.slug != slug);
    if d.organization_properties.len() == before {
        return Err(Problem::not_found("Organization property"));
    }
    for o in d.organizations.values_mut() {
        o.properties.remove(&slug);
    }
    http::no_content()
}

/// `PUT /v2/organizations/{id}/properties/{slug}`.
pub(crate) fn set_property_value(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let slug = req.param("slug").to_owned();
    let value = json_object(req)?;
    let mut check = Check::new();
    check.required(&value, "", "value");
    check.finish()?;
    let body: SetOrganizationPropertyValueBody = decode(&value)?;
    let mut d = req.sim.data();
    let def = d
        .organization_properties
        .iter()
        .find(|p| p.slug == slug)
        .ok_or_else(|| Problem::not_found("Organization property"))?;
    let valid = match def.kind.as_str() {
        "number" => body.value.parse::<f64>().is_ok(),
        "date" => is_plain_date(&body.value),
        "url" => body.value.starts_with("http://") || body.value.starts_with("https://"),
        "dropdown" => def.options.contains(&body.value),
        _ => body.value.chars().count() <= 255,
    };
    if !valid {
        return Err(Problem::one(
            FieldError::new(
                "value",
                "InvalidValue",
                format!("not a valid {} value", def.kind),
            )
            .rejecting(body.value),
        ));
    }
    let o = d
        .organizations
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Organization"))?;
    o.properties.insert(slug, body.value);
    http::no_content()
}

/// `DELETE /v2/organizations/{id}/properties/{slug}`.
pub(crate) fn delete_property_value(req: &Req) -> Reply {
    let id = req.id("organizationId")?;
    let slug = req.param("slug").to_owned();
    let mut d = req.sim.data();
    let o = d
        .organizations
        .get_mut(&id)
        .ok_or_else(|| Problem::not_found("Organization"))?;
    if o.properties.remove(&slug).is_none() {
        return Err(Problem::Status(
            StatusCode::NOT_FOUND,
            "The organization has no value for this property".to_owned(),
        ));
    }
    http::no_content()
}
