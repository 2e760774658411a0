//! Stored credentials: the App ID and Secret, and the latest refresh token of an
//! authorization-code login, as JSON in the config directory, readable by the user only.
//!
//! The crate's token store (issue 12) has not landed; this module stands in for it and is
//! the only place that touches the file, so swapping it for the crate's store is local.
//! Until then only the refresh token is kept: the crate cannot start from a stored access
//! token that it will also refresh, so every run makes one token request.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The file's name inside the config directory.
const FILE_NAME: &str = "credentials.json";

/// How the stored credentials obtain tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// App ID and Secret buy a token directly.
    ClientCredentials,
    /// A user authorized the app; the refresh token (rotated on every use) gets the next one.
    AuthorizationCode,
}

/// What is stored. `Debug` is hand-written so that no secret is ever printed.
#[derive(Clone, Serialize, Deserialize)]
pub struct Stored {
    pub grant: Grant,
    pub app_id: String,
    pub app_secret: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The API's base URL, when logged in against another than Help Scout's (a simulator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// When the last access token expires (RFC 3339), for `hs auth status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<String>,
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stored")
            .field("grant", &self.grant)
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// The credentials file of one config directory.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    /// The store in `dir`, else in the platform's config directory for `hs`.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        let dir = match dir {
            Some(dir) => dir.to_path_buf(),
            None => directories::ProjectDirs::from("", "", "hs")
                .context("cannot find a home directory for the config; pass --config-dir")?
                .config_dir()
                .to_path_buf(),
        };
        Ok(Self {
            path: dir.join(FILE_NAME),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored credentials, or `None` when nothing is stored.
    pub fn load(&self) -> Result<Option<Stored>> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", self.path.display()));
            }
        };
        let stored = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not a credentials file of hs; run `hs auth login` again",
                self.path.display()
            )
        })?;
        Ok(Some(stored))
    }

    /// Saves `stored`, replacing the file atomically, readable by the user only.
    pub fn save(&self, stored: &Stored) -> Result<()> {
        let text = serde_json::to_vec_pretty(stored)?;
        write_private(&self.path, &text)
    }

    /// Deletes the file; `false` when there was none.
    pub fn remove(&self) -> Result<bool> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e).with_context(|| format!("cannot delete {}", self.path.display())),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// that a crash leaves the old file or the new one, never half of one. On Unix the directory
/// is created `0700` and the file `0600` from the start, so the secret is never readable
/// by others, not even for a moment.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    create_private_dir(parent(path))?;
    replace(path, bytes, private_options())
}

/// Writes `bytes` to `path` atomically (temporary file and rename), with the default
/// permissions: for export checkpoints.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    replace(path, bytes, options)
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn replace(path: &Path, bytes: &[u8], options: fs::OpenOptions) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = parent(path).join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(unix)]
fn private_options() -> fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true).mode(0o600);
    options
}

#[cfg(not(unix))]
fn private_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    options
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Stored {
        Stored {
            grant: Grant::AuthorizationCode,
            app_id: "app".into(),
            app_secret: "s3cret-value".into(),
            refresh_token: Some("r3fresh-value".into()),
            base_url: None,
            access_token_expires_at: None,
        }
    }

    #[test]
    fn round_trips_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(&dir.path().join("nested"))).unwrap();
        assert!(store.load().unwrap().is_none());
        store.save(&sample()).unwrap();
        let mut changed = sample();
        changed.refresh_token = Some("next".into());
        store.save(&changed).unwrap();
        let loaded = store.load().unwrap().unwrap();
        assert_eq!(loaded.refresh_token.as_deref(), Some("next"));
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("nested"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from(FILE_NAME)]);
        assert!(store.remove().unwrap());
        assert!(!store.remove().unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(&dir.path().join("cfg"))).unwrap();
        store.save(&sample()).unwrap();
        let mode = fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = fs::metadata(dir.path().join("cfg"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn debug_hides_secrets() {
        let debug = format!("{:?}", sample());
        assert!(
            !debug.contains("s3cret") && !debug.contains("r3fresh"),
            "{debug}"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(Some(dir.path())).unwrap();
        fs::write(store.path(), "{not json").unwrap();
        assert!(store.load().is_err());
    }
}
