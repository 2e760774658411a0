//! `cargo xtask`: the project's maintenance tasks.
//!
//! - `cargo xtask regen`: merge `openapi/src/*.yaml` into `openapi/mailbox-v2.json`, validate
//!   it, generate the raw client and write it to `generated/raw.rs`.
//! - `cargo xtask regen --check`: the same in memory; fails with a diff if a file is stale.
//! - `cargo xtask spec-check FILE...`: validate and generate the root, the common components
//!   and the named group files only, writing nothing: the quick loop while writing a group.
//! - `cargo xtask msrv`: fails when a locked dependency needs a newer Rust than the crate's
//!   `rust-version`.

#[path = "../../openapi/codegen.rs"]
mod codegen;
mod described;
mod expand;
mod lint;
mod msrv;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

const SPEC: &str = "openapi/mailbox-v2.json";
const GENERATED: &str = "generated/raw.rs";
const SOURCES: &str = "openapi/src";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("regen") => match args.get(1).map(String::as_str) {
            None => regen(&root, false),
            Some("--check") => regen(&root, true),
            Some(other) => Err(format!("unknown option `{other}`\n{USAGE}")),
        },
        Some("spec-check") => spec_check(&root, &args[1..]),
        Some("msrv") => msrv::check(&root).map(|verdict| println!("{verdict}")),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str =
    "usage: cargo xtask regen [--check] | cargo xtask spec-check FILE... | cargo xtask msrv";

fn regen(root: &Path, check: bool) -> Result<(), String> {
    let sources = expand::all_sources(&root.join(SOURCES))?;
    let document = expand::merge(&sources)?;
    let spec_json = expand::to_json(&document);
    let code = validate_and_generate(&document)?;
    let outputs = [(root.join(SPEC), spec_json), (root.join(GENERATED), code)];

    let mut stale = Vec::new();
    for (path, wanted) in &outputs {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current == *wanted {
            continue;
        }
        if check {
            stale.push(diff(path, &current, wanted));
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(path, wanted).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("wrote {}", relative(root, path));
        }
    }
    if !stale.is_empty() {
        return Err(format!(
            "{}\nstale generated files: run `cargo xtask regen`",
            stale.join("\n")
        ));
    }
    let operations = lint::operations(&document).len();
    println!("spec: {operations} operations, generated code up to date");
    Ok(())
}

fn spec_check(root: &Path, files: &[String]) -> Result<(), String> {
    if files.is_empty() {
        return Err(USAGE.to_owned());
    }
    let dir = root.join(SOURCES);
    let mut sources = vec![dir.join(expand::ROOT), dir.join(expand::COMMON)];
    for file in files {
        let path = PathBuf::from(file);
        let path = if path.is_absolute() || path.exists() {
            path
        } else {
            root.join(file)
        };
        sources.push(path);
    }
    let document = expand::merge(&sources)?;
    validate_and_generate(&document)?;
    println!(
        "ok: {} operations validate and generate",
        lint::operations(&document).len()
    );
    Ok(())
}

/// Lints the merged document, then generates from it with progenitor's panics caught. When the
/// whole document fails, every operation is tried alone so that the report names the culprits.
fn validate_and_generate(document: &Value) -> Result<String, String> {
    let problems = lint::check(document);
    if !problems.is_empty() {
        return Err(format!(
            "the spec breaks {} rule(s) of openapi/README.md:\n  {}",
            problems.len(),
            problems.join("\n  ")
        ));
    }
    let spec = parse(document)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let whole = generate_caught(&spec);
    let result = match whole {
        Ok(code) => Ok(code),
        Err(whole_error) => {
            let mut report = vec![format!("generation failed: {whole_error}")];
            for (id, method, route) in lint::operations(document) {
                let single = only_operation(document, &method, &route);
                if let Err(e) = parse(&single).and_then(|spec| generate_caught(&spec)) {
                    report.push(format!("  {id} ({method} {route}): {e}"));
                }
            }
            Err(report.join("\n"))
        }
    };
    std::panic::set_hook(previous_hook);
    result
}

fn generate_caught(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(|| codegen::generate(spec))) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(format!("progenitor panicked: {message}"))
        }
    }
}

fn parse(document: &Value) -> Result<openapiv3::OpenAPI, String> {
    serde_json::from_value(document.clone())
        .map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))
}

/// The document with one operation and every component.
fn only_operation(document: &Value, method: &str, route: &str) -> Value {
    let mut single = document.clone();
    let method = method.to_lowercase();
    if let Some(paths) = single.get_mut("paths").and_then(Value::as_object_mut) {
        paths.retain(|r, _| r == route);
        if let Some(item) = paths.get_mut(route).and_then(Value::as_object_mut) {
            item.retain(|key, _| key == &method || key == "parameters");
        }
    }
    single
}

fn diff(path: &Path, current: &str, wanted: &str) -> String {
    const MAX_LINES: usize = 200;
    let name = path.display().to_string();
    let text = similar::TextDiff::from_lines(current, wanted)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (checked in)"),
            &format!("{name} (regenerated)"),
        )
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_LINES {
        return text;
    }
    format!(
        "{}\n... {} more diff lines",
        lines[..MAX_LINES].join("\n"),
        lines.len() - MAX_LINES
    )
}

fn workspace_root() -> PathBuf {
    // CARGO_MANIFEST_DIR is xtask/; the workspace root is its parent.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
