//! The quirks table (`src/quirks.rs`) stays true: every row has a stable id, every test its
//! "pinned by" column names still exists, and every quirk is marked at its code sites with
//! `// quirk Qnn`. A renamed or deleted test, or a mark lost in a refactor, fails here
//! instead of leaving the table to claim a protection that is gone.
//!
//! The "pinned by" cells hold backticked references separated by `, `, each in one of three
//! forms:
//!
//! - `tests/behaviour.rs::a_404_is_not_found`: a test function in that file (any module);
//! - `error::tests::moved_conversation_gives_the_new_id`: a test function in the crate's
//!   module `error::tests`, found in the deepest source file of that path under `src/` or in
//!   the files of its folder;
//! - `snapshot:createToken`: a request snapshot `tests/snapshots/<binary>__createToken.snap`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// One row of the table.
struct Row {
    id: String,
    pinned_by: Vec<String>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The table rows of `src/quirks.rs`: the doc lines that start with `| Q`.
fn rows() -> Vec<Row> {
    let text = fs::read_to_string(root().join("src/quirks.rs")).expect("src/quirks.rs");
    let mut rows = Vec::new();
    for line in text.lines() {
        let Some(row) = line.strip_prefix("//! | Q") else {
            continue;
        };
        // `| Q01 | the API | the crate | evidence | pinned by |`: five cells between bars.
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 6, "a row of five cells: {line}");
        assert_eq!(cells[5], "", "a row ends with `|`: {line}");
        let id = format!("Q{}", cells[0]);
        let pinned_by = cells[4]
            .split(", ")
            .map(|reference| {
                reference
                    .strip_prefix('`')
                    .and_then(|r| r.strip_suffix('`'))
                    .unwrap_or_else(|| {
                        panic!("{id}: `{reference}` is not one backticked reference")
                    })
                    .to_owned()
            })
            .collect();
        rows.push(Row { id, pinned_by });
    }
    rows
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// Whether `source` defines a test function `name`: a `fn name(` whose attributes (the
/// lines above it, past comments) include one that mentions `test`.
fn has_test_fn(source: &str, name: &str) -> bool {
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        let mut text = line.trim_start();
        for prefix in ["pub(crate) ", "pub ", "async "] {
            text = text.strip_prefix(prefix).unwrap_or(text);
        }
        let defines =
            text.starts_with(&format!("fn {name}(")) || text.starts_with(&format!("fn {name}<"));
        defines
            && lines[..i]
                .iter()
                .rev()
                .map(|above| above.trim())
                .take_while(|above| above.starts_with("#[") || above.starts_with("//"))
                .any(|above| above.starts_with("#[") && above.contains("test"))
    })
}

/// The files that can hold the module at `segments` (`["error", "tests"]`): the deepest of
/// `src/error/tests.rs`, `src/error/tests/mod.rs`, `src/error.rs`, `src/error/mod.rs` that
/// exists, and every file in that module's folder.
fn module_files(segments: &[&str]) -> Vec<PathBuf> {
    for depth in (1..=segments.len()).rev() {
        let base = root().join("src").join(segments[..depth].join("/"));
        let file = base.with_extension("rs");
        let mod_rs = base.join("mod.rs");
        let found = [file, mod_rs].into_iter().find(|path| path.is_file());
        if let Some(found) = found {
            let mut files = vec![found];
            rust_files(&base, &mut files);
            return files;
        }
    }
    Vec::new()
}

/// Why `reference` does not name an existing test, or `None` when it does.
fn unresolved(reference: &str) -> Option<String> {
    if let Some(name) = reference.strip_prefix("snapshot:") {
        let suffix = format!("__{name}.snap");
        let dir = root().join("tests/snapshots");
        let exists = fs::read_dir(&dir)
            .expect("tests/snapshots")
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().ends_with(&suffix));
        return (!exists).then(|| format!("no file tests/snapshots/*{suffix}"));
    }
    let Some((path, name)) = reference.rsplit_once("::") else {
        return Some("not `tests/file.rs::name`, `module::name` or `snapshot:Name`".to_owned());
    };
    if path.ends_with(".rs") {
        let Ok(source) = fs::read_to_string(root().join(path)) else {
            return Some(format!("no file {path}"));
        };
        return (!has_test_fn(&source, name)).then(|| format!("no test fn {name} in {path}"));
    }
    let segments: Vec<&str> = path.split("::").collect();
    let files = module_files(&segments);
    if files.is_empty() {
        return Some(format!("no source file for module {path}"));
    }
    let found = files
        .iter()
        .any(|file| fs::read_to_string(file).is_ok_and(|source| has_test_fn(&source, name)));
    (!found).then(|| format!("no test fn {name} under module {path}"))
}

#[test]
fn ids_are_stable_and_in_sequence() {
    let rows = rows();
    assert!(rows.len() >= 30, "the table has {} rows", rows.len());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row.id,
            format!("Q{:02}", i + 1),
            "ids run Q01, Q02, ... in order"
        );
    }
}

#[test]
fn every_row_names_tests_that_exist() {
    let mut problems = Vec::new();
    for row in rows() {
        assert!(!row.pinned_by.is_empty(), "{} names no test", row.id);
        for reference in &row.pinned_by {
            if let Some(why) = unresolved(reference) {
                problems.push(format!("{}: `{reference}`: {why}", row.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_quirk_is_marked_at_a_code_site_and_every_mark_names_a_quirk() {
    let ids: BTreeSet<String> = rows().into_iter().map(|row| row.id).collect();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut marked = BTreeSet::new();
    let mut unknown = Vec::new();
    // The table's own docs describe the mark; they are not a code site.
    files.retain(|file| !file.ends_with("src/quirks.rs"));
    for file in files {
        let source = fs::read_to_string(&file).expect("source file");
        for (at, _) in source.match_indices("// quirk Q") {
            let id: String = source[at + "// quirk ".len()..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if ids.contains(&id) {
                marked.insert(id);
            } else {
                unknown.push(format!("{}: {id}", file.display()));
            }
        }
    }
    let unmarked: Vec<&String> = ids.difference(&marked).collect();
    assert!(unmarked.is_empty(), "no `// quirk` mark for {unmarked:?}");
    assert!(unknown.is_empty(), "marks of unknown quirks: {unknown:?}");
}

#[test]
fn the_checks_catch_what_they_claim_to() {
    // The resolver itself, on references that must fail and ones that must pass, so that a
    // resolver bug cannot make the table check vacuous.
    assert_eq!(
        unresolved("tests/quirks.rs::ids_are_stable_and_in_sequence"),
        None
    );
    assert!(
        unresolved("tests/quirks.rs::rust_files").is_some(),
        "a helper is not a test"
    );
    assert!(unresolved("tests/quirks.rs::no_such_test").is_some());
    assert!(unresolved("tests/no_such_file.rs::x").is_some());
    assert_eq!(
        unresolved("headers::tests::parse_delay_seconds_table"),
        None
    );
    assert!(unresolved("headers::tests::no_such_test").is_some());
    assert!(unresolved("no_such_module::tests::x").is_some());
    assert_eq!(unresolved("snapshot:createToken"), None);
    assert!(unresolved("snapshot:noSuchOperation").is_some());
    assert!(unresolved("snapshot:Token").is_some(), "names match whole");
    assert!(
        unresolved("create_token").is_some(),
        "a bare name is no reference"
    );
}
