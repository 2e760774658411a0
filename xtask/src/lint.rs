//! The rules of `openapi/README.md` that a machine can check, over the merged JSON document.
//!
//! Each rule exists because progenitor 0.15 rejects or mis-generates the shape, or because the
//! generated models would fail to decode a real response (see `openapi/README.md`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const FORBIDDEN_KEYWORDS: [&str; 9] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "const",
    "$defs",
];

/// All rule violations, each a readable sentence that starts with where it is.
pub fn check(document: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !version.starts_with("3.0.") {
        problems.push(format!(
            "openapi: `{version}` is not 3.0.x, the only version progenitor reads"
        ));
    }
    check_operations(document, &mut problems);
    check_refs(document, document, "", &mut problems);
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            check_schema(
                schema,
                &format!("components.schemas.{name}"),
                true,
                &mut problems,
            );
        }
    }
    if let Some(parameters) = document
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    {
        for (name, parameter) in parameters {
            if let Some(schema) = parameter.get("schema") {
                let at = format!("components.parameters.{name}.schema");
                check_schema(schema, &at, false, &mut problems);
            }
        }
    }
    problems.extend(crate::described::check(document));
    problems
}

/// The operations of the document as (operationId, METHOD, path), in path order.
pub fn operations(document: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (route, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let id = op.get("operationId").and_then(Value::as_str).unwrap_or("?");
                out.push((id.to_owned(), method.to_uppercase(), route.clone()));
            }
        }
    }
    out
}

fn check_operations(document: &Value, problems: &mut Vec<String>) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        problems.push("paths: missing".into());
        return;
    };
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (route, item) in paths {
        let template_params: BTreeSet<String> = route
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        let shared = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = format!("{} {route}", method.to_uppercase());
            match op.get("operationId").and_then(Value::as_str) {
                None => problems.push(format!("{at}: no operationId")),
                Some(id) => {
                    if !is_camel_case(id) {
                        problems.push(format!("{at}: operationId `{id}` is not camelCase"));
                    }
                    if let Some(first) = ids.insert(id.to_owned(), at.clone()) {
                        problems.push(format!("{at}: operationId `{id}` is also used by {first}"));
                    }
                }
            }
            for field in ["summary", "description"] {
                if op
                    .get(field)
                    .and_then(Value::as_str)
                    .is_none_or(|s| s.trim().is_empty())
                {
                    problems.push(format!("{at}: no {field}"));
                }
            }
            let mut declared = BTreeSet::new();
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for param in shared.iter().chain(params.iter()) {
                let param = resolve(document, param);
                let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
                match param.get("in").and_then(Value::as_str) {
                    Some("path") => {
                        if param.get("required") != Some(&Value::Bool(true)) {
                            problems
                                .push(format!("{at}: path parameter `{name}` must be required"));
                        }
                        declared.insert(name.to_owned());
                    }
                    Some("query" | "header") => {}
                    other => problems.push(format!("{at}: parameter `{name}` is in {other:?}")),
                }
                if param.get("content").is_some() {
                    problems.push(format!(
                        "{at}: parameter `{name}` uses `content`; use `schema`"
                    ));
                }
            }
            for missing in template_params.difference(&declared) {
                problems.push(format!("{at}: path parameter `{missing}` is not declared"));
            }
            for extra in declared.difference(&template_params) {
                problems.push(format!("{at}: path parameter `{extra}` is not in the path"));
            }
            if let Some(body) = op.get("requestBody") {
                let body = resolve(document, body);
                let media = body.get("content").and_then(Value::as_object);
                let count = media.map_or(0, Map::len);
                if count != 1 {
                    problems.push(format!(
                        "{at}: the request body has {count} media types; exactly one is allowed"
                    ));
                }
                for (kind, content) in media.into_iter().flatten() {
                    if kind != "application/json" && kind != "application/x-www-form-urlencoded" {
                        problems.push(format!(
                            "{at}: request media type `{kind}` is not supported"
                        ));
                    }
                    if content.get("schema").and_then(|s| s.get("$ref")).is_none() {
                        problems.push(format!("{at}: the request body must `$ref` a named schema"));
                    }
                }
            }
            check_responses(&at, op, problems);
        }
    }
}

fn check_responses(at: &str, op: &Value, problems: &mut Vec<String>) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        problems.push(format!("{at}: no responses"));
        return;
    };
    let (mut typed, mut empty) = (0, 0);
    for (code, response) in responses {
        if !(code.starts_with('2') && code.len() == 3) {
            problems.push(format!(
                "{at}: response `{code}`: declare success responses only"
            ));
        }
        match response.get("content").and_then(Value::as_object) {
            None => empty += 1,
            Some(content) => {
                typed += 1;
                for (kind, media) in content {
                    if kind != "application/json" {
                        problems.push(format!(
                            "{at}: response {code} is `{kind}`; declare JSON as application/json"
                        ));
                    }
                    if media.get("schema").and_then(|s| s.get("$ref")).is_none() {
                        problems.push(format!("{at}: response {code} must `$ref` a named schema"));
                    }
                }
            }
        }
    }
    if typed > 0 && empty > 0 {
        problems.push(format!(
            "{at}: mixes typed and empty success responses (progenitor panics)"
        ));
    }
    if typed > 1 {
        problems.push(format!("{at}: more than one typed success response"));
    }
}

/// `top_level` is true for the schema right under `components.schemas`, the only place where
/// an `enum` may stand (it becomes an open enum).
fn check_schema(schema: &Value, at: &str, top_level: bool, problems: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if object.get("additionalProperties") == Some(&Value::Bool(false)) {
        problems.push(format!(
            "{at}: additionalProperties: false would reject fields the API adds"
        ));
    }
    if object.contains_key("enum") {
        if !top_level {
            problems.push(format!(
                "{at}: an inline enum would be closed; make it a named schema and $ref it"
            ));
        } else if object.get("type").and_then(Value::as_str) != Some("string") {
            problems.push(format!("{at}: enums must be `type: string`"));
        }
    }
    if object.get("format").and_then(Value::as_str) == Some("date-time")
        && at != "components.schemas.Timestamp"
    {
        problems.push(format!(
            "{at}: use `$ref: '#/components/schemas/Timestamp'` for date-times"
        ));
    }
    match object.get("type") {
        None | Some(Value::String(_)) => {}
        Some(_) => problems.push(format!(
            "{at}: `type` must be one string (OpenAPI 3.0); use nullable"
        )),
    }
    if object.contains_key("examples") {
        problems.push(format!("{at}: `examples` is OpenAPI 3.1; use `example`"));
    }
    for keyword in FORBIDDEN_KEYWORDS {
        if object.contains_key(keyword) {
            problems.push(format!(
                "{at}: `{keyword}` is not allowed; state the limit in the description"
            ));
        }
    }
    if object.get("$ref").is_some() && object.len() > 1 {
        let extra: Vec<&String> = object
            .keys()
            .filter(|k| *k != "$ref" && *k != "description")
            .collect();
        if !extra.is_empty() {
            problems.push(format!(
                "{at}: `$ref` with siblings {extra:?} (wrap it in allOf)"
            ));
        }
    }
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (property, inner) in properties {
            check_schema(inner, &format!("{at}.{property}"), false, problems);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = object.get(key).filter(|v| v.is_object()) {
            check_schema(inner, &format!("{at}.{key}"), false, problems);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (index, inner) in object
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check_schema(inner, &format!("{at}.{key}[{index}]"), false, problems);
        }
    }
}

fn check_refs(document: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                let found = target
                    .strip_prefix('#')
                    .and_then(|pointer| document.pointer(pointer))
                    .is_some();
                if !found {
                    problems.push(format!("{at}: `$ref: {target}` points nowhere"));
                }
            }
            for (key, inner) in map {
                check_refs(document, inner, &format!("{at}/{key}"), problems);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                check_refs(document, inner, &format!("{at}/{index}"), problems);
            }
        }
        _ => {}
    }
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|target| target.strip_prefix('#'))
        .and_then(|pointer| document.pointer(pointer))
        .unwrap_or(value)
}

fn is_camel_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
}
