//! `cargo xtask msrv`: checks that the crate's `rust-version` is no lower than what its locked
//! dependencies declare, since a user on the stated minimum could not build it otherwise.
//!
//! It reads `cargo metadata` (the resolve of `Cargo.lock`, all features), walks the library's
//! normal and build dependencies (dev-dependencies never reach users), and compares the
//! highest `rust-version` among them with the crate's own.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

const CRATE: &str = "helpscout-mailbox";

/// The check; `Ok` carries the one-line verdict.
pub fn check(root: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    verdict(&metadata)
}

/// The comparison over a parsed `cargo metadata` document.
fn verdict(metadata: &Value) -> Result<String, String> {
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let (root_id, root) = packages
        .iter()
        .find(|(_, p)| p["name"] == CRATE)
        .ok_or_else(|| format!("{CRATE} is not in the metadata"))?;
    let declared = root["rust_version"]
        .as_str()
        .ok_or_else(|| format!("{CRATE} declares no rust-version"))?;
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();

    let mut seen = BTreeSet::new();
    let mut stack = vec![*root_id];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes
            .get(id)
            .and_then(|n| n["deps"].as_array())
            .into_iter()
            .flatten()
        {
            let only_dev = dep["dep_kinds"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().all(|k| k["kind"] == "dev"));
            if only_dev {
                continue;
            }
            if let Some(pkg) = dep["pkg"].as_str() {
                stack.push(pkg);
            }
        }
    }

    let highest = seen
        .iter()
        .filter(|id| *id != root_id)
        .filter_map(|id| {
            let p = packages.get(id)?;
            let version = p["rust_version"].as_str()?;
            Some((
                parse(version)?,
                format!("{} {}", p["name"].as_str()?, p["version"].as_str()?),
            ))
        })
        .max();
    let declared_parsed =
        parse(declared).ok_or_else(|| format!("rust-version `{declared}` does not parse"))?;
    match highest {
        Some((needed, by)) if needed > declared_parsed => Err(format!(
            "rust-version {declared} is too low: {by} needs {}",
            show(needed)
        )),
        Some((needed, by)) => Ok(format!(
            "rust-version {declared}; the highest among {} dependencies is {} ({by})",
            seen.len() - 1,
            show(needed)
        )),
        None => Ok(format!(
            "rust-version {declared}; no dependency declares one"
        )),
    }
}

fn parse(version: &str) -> Option<(u32, u32, u32)> {
    let mut parts = version.split('.').map(str::parse::<u32>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    Some((major, minor, patch))
}

fn show((major, minor, patch): (u32, u32, u32)) -> String {
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

#[cfg(test)]
mod tests {
    use super::verdict;
    use serde_json::json;

    fn metadata(declared: &str, normal: &str, dev: &str) -> serde_json::Value {
        json!({
            "packages": [
                { "id": "root", "name": "helpscout-mailbox", "version": "0.1.0", "rust_version": declared },
                { "id": "n", "name": "normal-dep", "version": "1.0.0", "rust_version": normal },
                { "id": "d", "name": "dev-dep", "version": "2.0.0", "rust_version": dev }
            ],
            "resolve": { "nodes": [
                { "id": "root", "deps": [
                    { "pkg": "n", "dep_kinds": [{ "kind": null }] },
                    { "pkg": "d", "dep_kinds": [{ "kind": "dev" }] }
                ]},
                { "id": "n", "deps": [] },
                { "id": "d", "deps": [] }
            ]}
        })
    }

    #[test]
    fn a_dependency_needing_a_newer_rust_fails_the_check() {
        let error = verdict(&metadata("1.85", "1.88", "1.60")).unwrap_err();
        assert!(error.contains("normal-dep 1.0.0 needs 1.88"), "{error}");
    }

    #[test]
    fn dev_dependencies_do_not_count() {
        let ok = verdict(&metadata("1.88", "1.88", "1.95")).unwrap();
        assert!(
            ok.contains("highest among 1 dependencies is 1.88 (normal-dep 1.0.0)"),
            "{ok}"
        );
    }
}
