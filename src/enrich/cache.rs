//! The on-disk cache: one JSON file per repository (and branch), with the time it was fetched,
//! replaced atomically so an interrupted run never leaves a torn entry.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::repo_ref::RepoKey;
use super::stats::RepoStats;

/// Bumped when the entry layout changes: older entries are then ignored, not misread.
const SCHEMA: u32 = 1;

/// One cached repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CacheEntry {
    pub schema: u32,
    /// The key's identity, checked on load so a hash collision can never swap repositories.
    pub key: String,
    pub fetched_at: DateTime<Utc>,
    pub stats: RepoStats,
    /// ETag of the contributors answer, for a conditional refresh.
    pub contributors_etag: Option<String>,
}

impl CacheEntry {
    pub fn new(
        key: &RepoKey,
        fetched_at: DateTime<Utc>,
        stats: RepoStats,
        etag: Option<String>,
    ) -> Self {
        CacheEntry {
            schema: SCHEMA,
            key: key.id(),
            fetched_at,
            stats,
            contributors_etag: etag,
        }
    }
}

/// The cache directory for GitHub data.
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// Opens (creating) `<root>/github`.
    pub fn open(root: &Path) -> std::io::Result<Cache> {
        let dir = root.join("github");
        std::fs::create_dir_all(&dir)?;
        Ok(Cache { dir })
    }

    /// A file name that is safe whatever the URL held.
    fn path(&self, key: &RepoKey) -> PathBuf {
        let hash = blake3::hash(key.id().as_bytes()).to_hex();
        self.dir.join(format!("{}.json", &hash[..32]))
    }

    /// The entry for `key`. `Err` explains an entry that exists but cannot be used.
    pub fn load(&self, key: &RepoKey) -> Result<Option<CacheEntry>, String> {
        let path = self.path(key);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read cache entry {}: {e}", path.display())),
        };
        let entry: CacheEntry = serde_json::from_slice(&bytes)
            .map_err(|e| format!("ignoring unreadable cache entry {}: {e}", path.display()))?;
        if entry.schema != SCHEMA || entry.key != key.id() {
            return Ok(None);
        }
        Ok(Some(entry))
    }

    /// Writes the entry through a temporary file renamed into place.
    pub fn store(&self, key: &RepoKey, entry: &CacheEntry) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        serde_json::to_writer(&mut tmp, entry)?;
        tmp.flush()?;
        tmp.persist(self.path(key)).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_stats(stars: u64) -> RepoStats {
        RepoStats {
            name_with_owner: "a/b".into(),
            url: "https://github.com/a/b".into(),
            branch: Some("main".into()),
            stars,
            forks: 1,
            open_issues: 2,
            description: None,
            homepage: None,
            topics: vec![],
            license: None,
            primary_language: None,
            languages: vec![],
            created_at: None,
            first_commit: None,
            latest_commit: None,
            latest_release: None,
            contributors: Some(3),
            contributors_note: None,
            weekly_commits: vec![1; 52],
        }
    }

    fn key(name: &str, branch: Option<&str>) -> RepoKey {
        RepoKey {
            owner: "a".into(),
            name: name.into(),
            branch: branch.map(Into::into),
        }
    }

    #[test]
    fn entries_round_trip_per_key_and_branch() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = Cache::open(dir.path())?;
        let main = key("b", None);
        let dev = key("b", Some("dev"));
        assert_eq!(cache.load(&main), Ok(None));
        let entry = CacheEntry::new(&main, Utc::now(), sample_stats(7), Some("\"e1\"".into()));
        cache.store(&main, &entry)?;
        assert_eq!(cache.load(&main), Ok(Some(entry.clone())));
        assert_eq!(cache.load(&dev), Ok(None));
        // Case-insensitive names share an entry.
        assert!(cache.load(&key("B", None)).is_ok_and(|e| e.is_some()));
        // Overwrite leaves one file and no temporaries behind.
        cache.store(
            &main,
            &CacheEntry::new(&main, Utc::now(), sample_stats(8), None),
        )?;
        assert_eq!(std::fs::read_dir(dir.path().join("github"))?.count(), 1);
        Ok(())
    }

    #[test]
    fn corrupt_entries_are_reported_not_fatal() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = Cache::open(dir.path())?;
        let k = key("b", None);
        std::fs::write(cache.path(&k), b"{truncated")?;
        assert!(cache.load(&k).is_err_and(|e| e.contains("unreadable")));
        Ok(())
    }
}
