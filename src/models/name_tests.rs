//! Models and facade builders never share a name: `models::CreateConversationBody` is what is
//! sent, `resources::conversations::CreateConversation` the builder that sends it. Two types
//! of one name would make every import of both a rename, and a newcomer's `use` a guess.

use std::collections::BTreeSet;
use std::path::Path;

/// The public type names declared in the hand-written files under `dir`, read from the source
/// text (`pub struct X`, `pub enum X`), with the file that declares each.
fn public_types(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable source folder")
        .map(|entry| entry.expect("readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            public_types(&path, out);
            continue;
        }
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable source file");
        for line in text.lines() {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "));
            let Some(rest) = rest else { continue };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((name, path.display().to_string()));
            }
        }
    }
}

#[test]
fn no_facade_type_has_the_name_of_a_model() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("openapi/mailbox-v2.json")).expect("the spec"),
    )
    .expect("the spec is JSON");
    let models: BTreeSet<&str> = spec["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        models.contains("CreateConversationBody"),
        "the spec is read"
    );
    let mut facade = Vec::new();
    public_types(&root.join("src/resources"), &mut facade);
    assert!(
        facade.iter().any(|(name, _)| name == "CreateConversation"),
        "the builders are read"
    );
    let shared: Vec<_> = facade
        .iter()
        .filter(|(name, _)| models.contains(name.as_str()))
        .collect();
    assert!(
        shared.is_empty(),
        "facade types named like a model (rename the spec's schema, e.g. with a `Body` suffix): {shared:?}"
    );
}
