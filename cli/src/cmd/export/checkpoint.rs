//! The checkpoint of an export, `FILE.checkpoint` next to `FILE`: the export's fixed
//! parameters, the last page completely written and how many bytes of the file that is.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::store::write_atomic;

/// The format version of the checkpoint file.
const VERSION: u32 = 1;

/// What must not change between an export and its resumption: a different filter or order
/// would make the pages mean something else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    /// `conversations` or `customers`.
    pub kind: String,
    /// The `modifiedSince` filter, as sent.
    pub since: Option<String>,
    pub mailboxes: Vec<i64>,
    pub threads: bool,
    /// The status filter (conversations: `all`).
    pub status: Option<String>,
    /// The order the pages are walked in, such as `createdAt asc`.
    pub sort: String,
}

/// Where an export stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub version: u32,
    pub params: Params,
    /// The last page whose items are all in the file (0: none yet).
    pub last_page: u64,
    /// How many pages the list had when that page was fetched.
    pub total_pages: u64,
    /// The file's length after that page: anything past it is a torn page, cut on resume.
    pub bytes: u64,
    /// How many items the file holds.
    pub written: u64,
    /// Whether the export reached the last page.
    pub complete: bool,
}

impl Checkpoint {
    /// A checkpoint before the first page.
    pub fn start(params: Params) -> Self {
        Self {
            version: VERSION,
            params,
            last_page: 0,
            total_pages: 0,
            bytes: 0,
            written: 0,
            complete: false,
        }
    }

    /// The checkpoint file of an export to `out`.
    pub fn path_for(out: &Path) -> PathBuf {
        let mut name = out.as_os_str().to_owned();
        name.push(".checkpoint");
        PathBuf::from(name)
    }

    /// Reads a checkpoint; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let checkpoint: Self = serde_json::from_str(&text)
            .with_context(|| format!("{} is not an export checkpoint of hs", path.display()))?;
        if checkpoint.version != VERSION {
            anyhow::bail!("{} was written by another version of hs", path.display());
        }
        Ok(Some(checkpoint))
    }

    /// Replaces the checkpoint file atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomic(path, &serde_json::to_vec_pretty(self)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params {
            kind: "conversations".into(),
            since: Some("2024-01-01T00:00:00Z".into()),
            mailboxes: vec![1],
            threads: false,
            status: Some("all".into()),
            sort: "createdAt asc".into(),
        }
    }

    #[test]
    fn round_trips_next_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export.jsonl");
        let path = Checkpoint::path_for(&out);
        assert_eq!(path, dir.path().join("export.jsonl.checkpoint"));
        assert_eq!(Checkpoint::load(&path).unwrap(), None);
        let mut checkpoint = Checkpoint::start(params());
        checkpoint.last_page = 3;
        checkpoint.bytes = 1234;
        checkpoint.save(&path).unwrap();
        assert_eq!(Checkpoint::load(&path).unwrap(), Some(checkpoint));
        std::fs::write(&path, "[]").unwrap();
        assert!(Checkpoint::load(&path).is_err());
    }
}
