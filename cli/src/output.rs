//! Output formats: a table for people, JSON, JSON Lines and YAML for programs.
//!
//! Commands hand over their results as `serde_json::Value`s (every model of the crate is
//! `Serialize`) with the columns a table should show; this module does the rest.

/// Writes a line to stderr, ignoring failure: `eprintln!` panics when stderr is closed,
/// and a message about the work must never end the work.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use note;

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result};
use comfy_table::{Attribute, Cell, ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::Value;

/// How results are printed (`-o`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns (the default on a terminal)
    Table,
    /// One JSON document (the default when piped)
    Json,
    /// One JSON object per line
    Jsonl,
    /// YAML
    Yaml,
}

/// One column of a table: its header and where its value sits in an item (a JSON pointer).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    header: &'static str,
    pointer: &'static str,
}

/// A column: `col("Subject", "/subject")`.
pub const fn col(header: &'static str, pointer: &'static str) -> Column {
    Column { header, pointer }
}

/// The longest text a table cell shows; the machine formats carry everything.
const MAX_CELL_CHARS: usize = 60;

/// Where results go and in which format.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    format: Format,
    quiet: bool,
    color: bool,
}

/// Whether stderr takes colour: a terminal, and `NO_COLOR` unset.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Output {
    /// The format asked for, else a table on a terminal and JSON otherwise.
    pub fn new(format: Option<Format>, quiet: bool) -> Self {
        let terminal = std::io::stdout().is_terminal();
        Self {
            format: format.unwrap_or(if terminal {
                Format::Table
            } else {
                Format::Json
            }),
            quiet,
            color: terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// The format in force.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether `--quiet` was given.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Prints a list: a table of `columns`, or every item whole in the other formats.
    pub fn list(&self, items: &[Value], columns: &[Column]) -> Result<()> {
        let text = match self.format {
            Format::Table => {
                let mut table = self.table();
                table.set_header(columns.iter().map(|c| self.header(c.header)));
                for item in items {
                    table.add_row(columns.iter().map(|c| cell(item.pointer(c.pointer))));
                }
                format!("{table}\n")
            }
            Format::Json => format!("{}\n", serde_json::to_string_pretty(items)?),
            Format::Jsonl => lines(items)?,
            Format::Yaml => serde_norway::to_string(items)?,
        };
        write_stdout(&text)
    }

    /// Prints one object: its top-level fields as rows of a two-column table, or whole.
    pub fn one(&self, item: &Value) -> Result<()> {
        let text = match self.format {
            Format::Table => {
                let mut table = self.table();
                table.set_header([self.header("Field"), self.header("Value")]);
                if let Value::Object(fields) = item {
                    for (name, value) in fields {
                        // Links are for machines; embedded lists get their own table.
                        if name == "_links" || name == "_embedded" {
                            continue;
                        }
                        table.add_row([Cell::new(name), cell(Some(value))]);
                    }
                } else {
                    table.add_row([Cell::new("value"), cell(Some(item))]);
                }
                format!("{table}\n")
            }
            Format::Json => format!("{}\n", serde_json::to_string_pretty(item)?),
            Format::Jsonl => format!("{}\n", serde_json::to_string(item)?),
            Format::Yaml => serde_norway::to_string(item)?,
        };
        write_stdout(&text)
    }

    /// Reports the id of something created: `created conversation 12` in a table, else
    /// `{"id": 12}` (`null` when Help Scout did not say).
    pub fn created(&self, what: &str, id: Option<i64>) -> Result<()> {
        match self.format {
            Format::Table => match id {
                Some(id) => write_stdout(&format!("created {what} {id}\n")),
                None => write_stdout(&format!("created {what} (Help Scout returned no id)\n")),
            },
            _ => self.one(&serde_json::json!({ "id": id })),
        }
    }

    /// A confirmation on stderr (`conversation 12: closed`), unless `--quiet`.
    pub fn done(&self, message: &str) {
        if !self.quiet {
            note!("{message}");
        }
    }

    fn table(&self) -> Table {
        let mut table = Table::new();
        table
            .load_style(if self.color {
                presets::UTF8_FULL_CONDENSED
            } else {
                presets::ASCII_MARKDOWN
            })
            .set_content_arrangement(ContentArrangement::Dynamic);
        table
    }

    fn header(&self, text: &str) -> Cell {
        let cell = Cell::new(text);
        if self.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }
}

/// Serializes models for printing.
pub fn values<T: Serialize>(items: &[T]) -> Result<Vec<Value>> {
    items
        .iter()
        .map(|item| serde_json::to_value(item).context("cannot encode a result as JSON"))
        .collect()
}

/// Serializes one model for printing.
pub fn value<T: Serialize>(item: &T) -> Result<Value> {
    serde_json::to_value(item).context("cannot encode the result as JSON")
}

fn lines(items: &[Value]) -> Result<String> {
    let mut text = String::new();
    for item in items {
        text.push_str(&serde_json::to_string(item)?);
        text.push('\n');
    }
    Ok(text)
}

/// A table cell: text as it is, numbers and booleans printed, lists of text joined,
/// anything else as compact JSON; cut to [`MAX_CELL_CHARS`] on one line.
fn cell(value: Option<&Value>) -> Cell {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object() && !i.is_array()) => items
            .iter()
            .map(|i| match i {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        // Tags and the like: their names.
        Some(Value::Array(items)) if items.iter().all(|i| named(i).is_some()) => items
            .iter()
            .filter_map(named)
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    };
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = one_line.chars().take(MAX_CELL_CHARS).collect();
    if cut.len() < one_line.len() {
        Cell::new(format!("{cut}…"))
    } else {
        Cell::new(cut)
    }
}

/// The name of an object in a list, for a table cell: a tag's `tag` or anything's `name`.
fn named(item: &Value) -> Option<String> {
    let name = item.get("tag").or_else(|| item.get("name"))?;
    name.as_str().map(str::to_owned)
}

/// Writes to stdout; a closed pipe (`hs conv list | head`) is reported as such so that
/// `main` can end quietly.
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to stdout")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: Value) -> String {
        cell(Some(&value)).content()
    }

    #[test]
    fn cells_are_one_short_line() {
        assert_eq!(text(json!("a\nb  c")), "a b c");
        assert_eq!(text(json!(["x", 2])), "x, 2");
        assert_eq!(text(json!({"a": 1})), r#"{"a":1}"#);
        assert_eq!(
            text(json!([{"id": 1, "tag": "vip"}, {"name": "b"}])),
            "vip, b"
        );
        assert_eq!(text(json!(null)), "");
        let long = text(json!("é".repeat(100)));
        assert_eq!(long.chars().count(), MAX_CELL_CHARS + 1);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn json_lines_are_one_object_per_line() {
        let text = lines(&[json!({"id": 1}), json!({"id": 2})]).unwrap();
        assert_eq!(text, "{\"id\":1}\n{\"id\":2}\n");
    }
}
