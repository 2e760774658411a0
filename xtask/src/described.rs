//! Every field of every model gets a doc comment: the rule that each property of a named
//! schema, and each alternative of a `oneOf`, carries a `description`.
//!
//! typify turns a property's `description` into the field's rustdoc (and schemars into the
//! JSON Schema's). A `description` written next to a `$ref` is ignored by OpenAPI 3.0 tools,
//! openapiv3 included, so such a property counts as undocumented: it must be written as
//! `description` plus `allOf: [$ref]`, which generates the same Rust type.

use serde_json::Value;

/// One sentence per undocumented property or alternative, starting with where it is.
pub fn check(document: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return problems;
    };
    for (name, schema) in schemas {
        let at = format!("components.schemas.{name}");
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (property, inner) in properties {
                if let Some(problem) = undocumented(inner) {
                    problems.push(format!("{at}.{property}: {problem}"));
                }
            }
        }
        for (index, alternative) in schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let described = has_description(alternative)
                || alternative
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|target| target.strip_prefix('#'))
                    .and_then(|pointer| document.pointer(pointer))
                    .is_some_and(has_description);
            if !described {
                problems.push(format!(
                    "{at}.oneOf[{index}]: no description (it becomes the doc of the enum variant)"
                ));
            }
        }
    }
    problems
}

fn undocumented(property: &Value) -> Option<&'static str> {
    if property.get("$ref").is_some() {
        return Some(
            "a bare `$ref` loses its description; write `description` and `allOf: [$ref]`",
        );
    }
    if !has_description(property) {
        return Some("no description (it becomes the field's rustdoc)");
    }
    None
}

fn has_description(schema: &Value) -> bool {
    schema
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|text| !text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::json;

    fn document(schemas: serde_json::Value) -> serde_json::Value {
        json!({ "components": { "schemas": schemas } })
    }

    #[test]
    fn a_described_property_and_a_wrapped_ref_pass() {
        let doc = document(json!({
            "Thing": { "type": "object", "properties": {
                "id": { "description": "The id.", "type": "integer" },
                "when": { "description": "When.", "allOf": [{ "$ref": "#/components/schemas/Ts" }] }
            }},
            "Ts": { "type": "string" }
        }));
        assert_eq!(check(&doc), Vec::<String>::new());
    }

    #[test]
    fn missing_blank_and_ref_sibling_descriptions_are_reported() {
        let doc = document(json!({
            "Thing": { "type": "object", "properties": {
                "id": { "type": "integer" },
                "name": { "description": "  ", "type": "string" },
                "when": { "$ref": "#/components/schemas/Ts", "description": "Dropped by tools." }
            }},
            "Ts": { "type": "string" }
        }));
        let problems = check(&doc);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("components.schemas.Thing.id: no description"));
        assert!(problems[1].starts_with("components.schemas.Thing.name: no description"));
        assert!(problems[2].contains("Thing.when: a bare `$ref`"));
    }

    #[test]
    fn one_of_alternatives_need_a_description_of_their_own_or_of_their_target() {
        let doc = document(json!({
            "Either": { "oneOf": [
                { "type": "integer", "description": "A count." },
                { "$ref": "#/components/schemas/Described" },
                { "type": "string" }
            ]},
            "Described": { "type": "object", "description": "Something." }
        }));
        assert_eq!(
            check(&doc),
            vec!["components.schemas.Either.oneOf[2]: no description (it becomes the doc of the enum variant)".to_owned()]
        );
    }
}
