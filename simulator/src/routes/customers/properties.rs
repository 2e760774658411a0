//! Customer property definitions, and a customer's property values.

use axum::http::StatusCode;
use serde_json::{Value, json};

use helpscout_mailbox::models::{
    CreateCustomerPropertyDefinition, CustomerPropertiesPatch, CustomerPropertyDefinition,
    CustomerPropertyDefinitionList, CustomerPropertyDefinitionListEmbedded, CustomerPropertyOption,
    CustomerPropertyPatchOp, CustomerPropertyType,
};

use crate::http::{
    self, Check, FieldError, Problem, Reply, decode, is_plain_date, json_body, json_object,
};
use crate::runtime::delivery::Change as Emit;
use crate::state::PropertyDefRec;

use crate::routes::Req;

use super::*;

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
        type_: Some(p.kind.as_str().into()),
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
    http::page_reply(
        req,
        &CustomerPropertyDefinitionList {
            embedded: Some(CustomerPropertyDefinitionListEmbedded {
                customer_properties: items,
            }),
            links: Some(http::links([("self", req.url("/v2/customer-properties"))])),
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
    let mut response = http::empty(StatusCode::CREATED)?;
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
    http::no_content()
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
        match *op.op {
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
    http::no_content()
}
