//! [`FileTokenStore`]: the token set in a JSON file, for a service or a command-line tool
//! that must survive a restart, and for a few processes on one machine.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::AsyncWriteExt;

use super::store::{RefreshLock, StoreError, StoreFuture, TokenStore};
use super::{StoredTokens, TokenSet};

/// A [`TokenStore`] that keeps the token set in a JSON file ([`StoredTokens`]).
///
/// Each save writes a temporary file next to it and renames it over the old one, so a
/// reader sees the old set or the new one, never half of one, and a crash mid-write loses
/// nothing. On Unix the file is created with mode 0600 (owner only): it holds the tokens in
/// plain text. The refresh lock is a second file, `<path>.lock`, created exclusively and
/// holding its holder's identifier and expiry; an expired one is taken over. That is good
/// for processes on one machine sharing a directory, not for a network file system: use
/// Redis across machines.
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    /// A store at `path`; the file need not exist yet, its directory must.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file the set is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        self.path.with_file_name(name)
    }

    fn lock_path(&self) -> PathBuf {
        self.sibling(".lock")
    }

    fn error(&self, what: &str, source: std::io::Error) -> StoreError {
        StoreError::new(format!("{what} {}", self.path.display())).with_source(source)
    }

    async fn read(&self) -> Result<Option<TokenSet>, StoreError> {
        let bytes = match tokio::fs::read(&self.path).await {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.error("cannot read", error)),
        };
        let stored: StoredTokens = serde_json::from_slice(&bytes).map_err(|error| {
            StoreError::new(format!("{} is not a stored token set", self.path.display()))
                .with_source(error)
        })?;
        Ok(Some(TokenSet::from_stored(stored)))
    }

    async fn write(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(&tokens.to_stored())
            .map_err(|error| StoreError::new("cannot encode the token set").with_source(error))?;
        // Unique per writer, so that two processes saving at once do not share a temp file.
        let temp = self.sibling(&format!(".{:016x}.tmp", rand::random::<u64>()));
        let written = async {
            let mut file = create_private(&temp, false).await?;
            file.write_all(&json).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temp, &self.path).await
        }
        .await;
        if let Err(error) = written {
            let _ignored = tokio::fs::remove_file(&temp).await;
            return Err(self.error("cannot write", error));
        }
        Ok(())
    }

    async fn lock(&self, ttl: Duration) -> Result<Option<RefreshLock>, StoreError> {
        let path = self.lock_path();
        // Twice at most: once more after clearing an expired lock.
        for _ in 0..2 {
            match create_private(&path, true).await {
                Ok(mut file) => {
                    let lock = RefreshLock::new();
                    let until = unix_millis(SystemTime::now())
                        .saturating_add(u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX));
                    let line = format!("{} {until}\n", lock.id());
                    file.write_all(line.as_bytes())
                        .await
                        .map_err(|error| self.error("cannot write the lock of", error))?;
                    return Ok(Some(lock));
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    let held = tokio::fs::read_to_string(&path).await.unwrap_or_default();
                    let expired = held
                        .split_whitespace()
                        .nth(1)
                        .and_then(|until| until.parse::<u64>().ok())
                        // A lock file being written right now (empty) is not expired.
                        .is_some_and(|until| until <= unix_millis(SystemTime::now()));
                    if !expired {
                        return Ok(None);
                    }
                    let _gone = tokio::fs::remove_file(&path).await;
                }
                Err(error) => return Err(self.error("cannot create the lock of", error)),
            }
        }
        Ok(None)
    }

    async fn release(&self, lock: RefreshLock) -> Result<(), StoreError> {
        let path = self.lock_path();
        let held = match tokio::fs::read_to_string(&path).await {
            Ok(held) => held,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(self.error("cannot read the lock of", error)),
        };
        if held.split_whitespace().next() == Some(lock.id()) {
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(self.error("cannot remove the lock of", error)),
            }
        }
        Ok(())
    }
}

/// Creates `path` for writing, owner-only on Unix; `exclusive` fails if it exists.
async fn create_private(path: &Path, exclusive: bool) -> std::io::Result<tokio::fs::File> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true);
    if exclusive {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).await
}

fn unix_millis(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        Box::pin(self.read())
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        Box::pin(self.write(tokens))
    }

    fn try_lock(&self, ttl: Duration) -> StoreFuture<'_, Option<RefreshLock>> {
        Box::pin(self.lock(ttl))
    }

    fn unlock(&self, lock: RefreshLock) -> StoreFuture<'_, ()> {
        Box::pin(self.release(lock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Secret;

    /// A fresh directory under the system's temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "helpscout-mailbox-{name}-{}-{:x}",
                std::process::id(),
                rand::random::<u64>()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[tokio::test]
    async fn saves_atomically_reads_back_and_is_private() {
        let dir = TempDir::new("file-store");
        let store = FileTokenStore::new(dir.0.join("tokens.json"));
        assert_eq!(store.load().await.unwrap(), None);
        let expires_at = SystemTime::now() + Duration::from_secs(600);
        let first = TokenSet::new("access-1", Some(Secret::new("refresh-1")), expires_at);
        let second = TokenSet::new("access-2", Some(Secret::new("refresh-2")), expires_at);
        store.save(&first).await.unwrap();
        store.save(&second).await.unwrap();
        let loaded = store.load().await.unwrap().unwrap();
        assert_eq!(loaded.access_token().expose(), "access-2");
        assert_eq!(loaded.refresh_token().unwrap().expose(), "refresh-2");
        // Only the store file is left: the temporary files were renamed over it.
        let names: Vec<_> = std::fs::read_dir(&dir.0)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("tokens.json")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[tokio::test]
    async fn a_corrupt_file_is_an_error_not_a_panic() {
        let dir = TempDir::new("file-store-corrupt");
        let store = FileTokenStore::new(dir.0.join("tokens.json"));
        std::fs::write(store.path(), b"{not json").unwrap();
        let error = store.load().await.expect_err("corrupt");
        assert!(
            error.to_string().contains("not a stored token set"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_lock_is_exclusive_released_by_its_holder_and_taken_over_when_expired() {
        let dir = TempDir::new("file-store-lock");
        let store = FileTokenStore::new(dir.0.join("tokens.json"));
        let peer = FileTokenStore::new(dir.0.join("tokens.json"));
        let long = Duration::from_secs(60);
        let held = store.try_lock(long).await.unwrap().expect("free");
        assert_eq!(peer.try_lock(long).await.unwrap(), None);
        // Someone else's lock is not released by a stranger's identifier.
        peer.unlock(RefreshLock::new()).await.unwrap();
        assert_eq!(peer.try_lock(long).await.unwrap(), None);
        store.unlock(held).await.unwrap();
        let expired = peer
            .try_lock(Duration::ZERO)
            .await
            .unwrap()
            .expect("free again");
        let taken_over = store.try_lock(long).await.unwrap().expect("expired lock");
        assert_ne!(expired, taken_over);
        assert_eq!(peer.try_lock(long).await.unwrap(), None);
    }
}
