//! `PATCH /v2/customers/{id}`: the JSON Patch array, one operation at a time.

use serde_json::Value;

use helpscout_mailbox::models::{
    CreateCustomerAddressBody, CustomerGender, CustomerPatchOp, CustomerPatchOperation,
    CustomerPhotoType,
};

use crate::http::{self, Check, FieldError, Problem, Reply, decode, json_body};
use crate::render::EntryKind;
use crate::runtime::delivery::Change as Emit;
use crate::state::{AddressRec, CustomerRec, Data, EntryRec};

use crate::routes::Req;

use super::*;

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
    let at = OpAt {
        prefix,
        path: &op.path,
        value: &value,
    };
    match (path.as_slice(), &*op.op) {
        ([field], CustomerPatchOp::Remove)
            if EntryKind::from_segment(field).is_none() && *field != "address" =>
        {
            if !remove_field(c, field) {
                at.bad(check, "Unknown customer field");
            }
        }
        ([field], CustomerPatchOp::Add | CustomerPatchOp::Replace)
            if EntryKind::from_segment(field).is_none() && *field != "address" =>
        {
            set_field(d, c, field, &at, check);
        }
        (["address"], CustomerPatchOp::Remove) => c.address = None,
        (["address"], _) => {
            match serde_json::from_value::<CreateCustomerAddressBody>(value.clone()) {
                Ok(a) if value.is_object() => c.address = Some(address_from_create(&a)),
                _ => check.push(
                    FieldError::new(at.value_path(), "InvalidValue", "must be an address object")
                        .rejecting(value.clone()),
                ),
            }
        }
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
                _ => at.bad(check, "Unknown address field or value"),
            }
        }
        ([collection], op_kind) if EntryKind::from_segment(collection).is_some() => {
            let Some(kind) = EntryKind::from_segment(collection) else {
                return;
            };
            match op_kind {
                CustomerPatchOp::Add => {
                    if let Some((entry_type, entry_value)) =
                        kind.check(&value, &at.value_path(), check)
                    {
                        let id = d.ids.next("entry");
                        kind.entries_mut(c).push(EntryRec {
                            id,
                            kind: entry_type,
                            value: entry_value,
                        });
                    }
                }
                _ => at.bad(
                    check,
                    "A whole collection cannot be removed or replaced; address its entries by id",
                ),
            }
        }
        ([collection, entry, rest @ ..], op_kind)
            if EntryKind::from_segment(collection).is_some() =>
        {
            patch_entry(c, [collection, entry], rest, op_kind, &at, check);
        }
        _ => at.bad(check, "Unsupported path"),
    }
}

/// Where a patch operation points, for its errors.
struct OpAt<'a> {
    prefix: &'a str,
    path: &'a str,
    value: &'a Value,
}

impl OpAt<'_> {
    /// The error path of the operation's value.
    fn value_path(&self) -> String {
        format!("{}.value", self.prefix)
    }

    /// Rejects the operation's path.
    fn bad(&self, check: &mut Check, message: &str) {
        check.push(
            FieldError::new(format!("{}.path", self.prefix), "InvalidValue", message)
                .rejecting(self.path.to_owned()),
        );
    }
}

/// A patch value as text: strings as they are, numbers written out.
fn text(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::to_owned)
        .or_else(|| v.as_i64().map(|n| n.to_string()))
}

/// `remove` of a plain field; `false` for an unknown one.
fn remove_field(c: &mut CustomerRec, field: &str) -> bool {
    match field {
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
        _ => return false,
    }
    true
}

/// `add` or `replace` of a plain field, checked as Help Scout checks it.
fn set_field(d: &Data, c: &mut CustomerRec, field: &str, at: &OpAt<'_>, check: &mut Check) {
    let value = at.value;
    let limits: Option<(usize, usize)> = match field {
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
                    at.value_path(),
                    "Size",
                    format!("size must be between {min} and {max}"),
                )
                .rejecting(s),
            );
            return;
        }
    }
    let Some(s) = text(value) else {
        check.push(FieldError::new(
            at.value_path(),
            "NotNull",
            "may not be null",
        ));
        return;
    };
    match field {
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
                    at.value_path(),
                    "InvalidIdentifier",
                    "Organization not found",
                )
                .rejecting(value.clone()),
            ),
        },
        "gender" | "photoType" => check.push(
            FieldError::new(at.value_path(), "EnumValue", "Value not supported")
                .rejecting(value.clone()),
        ),
        _ => at.bad(check, "Unknown customer field"),
    }
}

/// An operation on one entry (`/emails/{id}`, `/emails/{id}/value`, ...).
fn patch_entry(
    c: &mut CustomerRec,
    [collection, entry]: [&str; 2],
    rest: &[&str],
    op_kind: &CustomerPatchOp,
    at: &OpAt<'_>,
    check: &mut Check,
) {
    let value = at.value;
    let Some(kind) = EntryKind::from_segment(collection) else {
        return;
    };
    let Some(index) = entry
        .parse::<i64>()
        .ok()
        .and_then(|id| kind.entries(c).iter().position(|e| e.id == id))
    else {
        at.bad(check, "No such entry");
        return;
    };
    match (rest, op_kind) {
        ([], CustomerPatchOp::Remove) => {
            kind.entries_mut(c).remove(index);
        }
        ([], _) => {
            if let Some((entry_type, entry_value)) = kind.check(value, &at.value_path(), check) {
                let e = &mut kind.entries_mut(c)[index];
                e.kind = entry_type;
                e.value = entry_value;
            }
        }
        (["value"], CustomerPatchOp::Replace | CustomerPatchOp::Add) => match value.as_str() {
            Some(s) if kind != EntryKind::Emails || http::looks_like_email(s) => {
                kind.entries_mut(c)[index].value = s.to_owned();
            }
            _ => check.push(
                FieldError::new(at.value_path(), "InvalidValue", "Invalid value")
                    .rejecting(value.clone()),
            ),
        },
        (["type"], CustomerPatchOp::Replace | CustomerPatchOp::Add) => {
            match (value.as_str(), kind.types()) {
                (Some(s), Some(types)) if types.contains(&s) => {
                    kind.entries_mut(c)[index].kind = Some(s.to_owned());
                }
                _ => check.push(
                    FieldError::new(at.value_path(), "EnumValue", "Value not supported")
                        .rejecting(value.clone()),
                ),
            }
        }
        _ => at.bad(check, "Unsupported entry path"),
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
                helpscout_mailbox::models::CustomerPatchOp::KNOWN,
            );
        }
        check.finish()?;
    }
    let ops: helpscout_mailbox::models::CustomerPatch = decode(&value)?;
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
    http::no_content()
}
