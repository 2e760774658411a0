//! The checked-in generated code and spec surface stay what build.rs and the spec say.

use std::collections::BTreeMap;

use serde_json::Value;

/// `generated/raw.rs` is for review only; build.rs output is what compiles. They must agree,
/// or a reviewer reads code that is not the code that ships.
#[test]
fn checked_in_client_matches_what_build_rs_generated() {
    let built = include_str!(concat!(env!("OUT_DIR"), "/raw.rs"));
    let checked_in = include_str!("../generated/raw.rs");
    assert!(
        built == checked_in,
        "generated/raw.rs differs from what build.rs generated from openapi/mailbox-v2.json: run `cargo xtask regen`"
    );
}

fn spec() -> Value {
    serde_json::from_str(include_str!("../openapi/mailbox-v2.json"))
        .expect("the expanded spec is JSON")
}

/// One line per operation, grouped by tag: a spec change shows up in review as a readable diff
/// of this snapshot.
#[test]
fn operation_surface() {
    let spec = spec();
    let paths = spec["paths"].as_object().expect("paths");
    let mut by_tag: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (route, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"].as_str().expect("operationId");
            let tag = op["tags"][0].as_str().unwrap_or("(untagged)").to_owned();
            by_tag
                .entry(tag)
                .or_default()
                .push(format!("{id:<40} {:<6} {route}", method.to_uppercase()));
        }
    }
    let total: usize = by_tag.values().map(Vec::len).sum();
    let mut text = format!("{total} operations\n");
    for (tag, mut lines) in by_tag {
        lines.sort();
        text.push_str(&format!(
            "\n## {tag} ({})\n{}\n",
            lines.len(),
            lines.join("\n")
        ));
    }
    insta::assert_snapshot!(text);
}

/// The generated client's public method names: what the facade calls.
#[test]
fn every_operation_is_a_method_of_the_raw_client() {
    let code = include_str!("../generated/raw.rs");
    // The table's rows, whatever prettyplease's line breaks.
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let spec = spec();
    let mut missing = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let snake: String = id
                .chars()
                .flat_map(|c| {
                    if c.is_ascii_uppercase() {
                        vec!['_', c.to_ascii_lowercase()]
                    } else {
                        vec![c]
                    }
                })
                .collect();
            if !code.contains(&format!("pub async fn {snake}")) {
                missing.push(snake.clone());
            }
            // The operations table names the same method, so that the hooks (which progenitor
            // tells the method name) and the errors (which use the id) agree.
            if !compact.contains(&format!("(\"{id}\",\"{snake}\",")) {
                missing.push(format!("OPERATIONS row of {id}"));
            }
        }
    }
    assert!(missing.is_empty(), "no method for {missing:?}");
}

/// Every operation of the spec has a request-shape snapshot (`tests/snapshots/`), named after
/// its operationId: a new operation without a facade method and a snapshot fails here.
#[test]
fn every_operation_has_a_request_snapshot() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/snapshots")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    let spec = spec();
    let mut missing = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let snapshotted = names.iter().any(|name| {
                name.strip_suffix(".snap")
                    .and_then(|stem| stem.split("__").find(|part| *part == id))
                    .is_some()
            });
            if !snapshotted {
                missing.push(id.to_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations without a request snapshot: {missing:?}"
    );
}
