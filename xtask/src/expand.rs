//! Merges the hand-written YAML sources in `openapi/src/` into one JSON document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The source that holds the document root; it is merged first.
pub const ROOT: &str = "_root.yaml";
/// The shared components; merged second.
pub const COMMON: &str = "common.yaml";

/// Every source file, root and common first, the groups after them in name order.
pub fn all_sources(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut groups = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = file_name(&path);
        if path.extension().is_some_and(|x| x == "yaml") && name != ROOT && name != COMMON {
            groups.push(path);
        }
    }
    groups.sort();
    let mut sources = vec![dir.join(ROOT), dir.join(COMMON)];
    sources.extend(groups);
    Ok(sources)
}

/// Merges `sources` in order. The first must be the root. Paths, components and tags are
/// unions; defining the same path, component or tag twice is an error that names both files.
pub fn merge(sources: &[PathBuf]) -> Result<Value, String> {
    let mut document = Map::new();
    let mut paths = Map::new();
    let mut components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut tags: Vec<Value> = Vec::new();
    let mut origin: BTreeMap<String, String> = BTreeMap::new();

    for (index, path) in sources.iter().enumerate() {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let value: Value = serde_norway::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
        let Value::Object(top) = value else {
            return Err(format!("{name}: the top level must be a mapping"));
        };
        for (key, value) in top {
            match key.as_str() {
                "paths" => {
                    for (route, item) in as_object(value, &name, "paths")? {
                        claim(&mut origin, format!("path {route}"), &name)?;
                        paths.insert(route, item);
                    }
                }
                "components" => {
                    for (kind, entries) in as_object(value, &name, "components")? {
                        let merged = components.entry(kind.clone()).or_default();
                        for (entry, definition) in as_object(entries, &name, &kind)? {
                            claim(&mut origin, format!("components.{kind}.{entry}"), &name)?;
                            merged.insert(entry, definition);
                        }
                    }
                }
                "tags" => {
                    let Value::Array(list) = value else {
                        return Err(format!("{name}: `tags` must be a list"));
                    };
                    for tag in list {
                        let tag_name = tag.get("name").and_then(Value::as_str).unwrap_or_default();
                        claim(&mut origin, format!("tag {tag_name}"), &name)?;
                        tags.push(tag);
                    }
                }
                _ if index == 0 => {
                    document.insert(key, value);
                }
                other => {
                    return Err(format!(
                        "{name}: top-level key `{other}` belongs in {ROOT}; group files hold only paths, components and tags"
                    ));
                }
            }
        }
    }

    document.insert("paths".into(), Value::Object(paths));
    let components: Map<String, Value> = components
        .into_iter()
        .map(|(kind, entries)| (kind, Value::Object(entries)))
        .collect();
    document.insert("components".into(), Value::Object(components));
    if !tags.is_empty() {
        document.insert("tags".into(), Value::Array(tags));
    }
    Ok(sorted(Value::Object(document)))
}

/// The document as pretty JSON with sorted keys and a final newline, so that the file is the
/// same byte for byte whatever order the sources list things in.
pub fn to_json(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(document.clone()))
        .expect("a serde_json::Value always serialises");
    text.push('\n');
    text
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let entries: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

fn claim(origin: &mut BTreeMap<String, String>, what: String, file: &str) -> Result<(), String> {
    if let Some(first) = origin.get(&what) {
        return Err(format!("{what} is defined in both {first} and {file}"));
    }
    origin.insert(what, file.to_owned());
    Ok(())
}

fn as_object(value: Value, file: &str, what: &str) -> Result<Map<String, Value>, String> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(format!("{file}: `{what}` must be a mapping")),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
