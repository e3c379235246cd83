//! The on-disk cache every source shares: one JSON file per key under `<root>/<source>/`, with
//! the time its data was fetched, replaced atomically so an interrupted run never leaves a torn
//! entry. A source decides per key whether an entry is fresh (younger than its TTL), worth
//! refetching, or — when the refetch fails — kept as stale data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::outcome::Source;

/// One cached value with its identity and age. `data`'s fields sit beside these in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry<T> {
    /// The source's layout version: an entry of another version is ignored, not misread.
    pub schema: u32,
    /// The key's identity, checked on load so a hash collision can never swap two entries.
    pub key: String,
    pub fetched_at: DateTime<Utc>,
    #[serde(flatten)]
    pub data: T,
}

impl<T> Entry<T> {
    /// Whether the entry is younger than `ttl` at `now`.
    pub fn is_fresh(&self, now: DateTime<Utc>, ttl: Duration) -> bool {
        (now - self.fetched_at).to_std().is_ok_and(|age| age < ttl)
    }
}

/// The cache directory of one source.
pub(crate) struct Cache {
    dir: PathBuf,
    schema: u32,
}

impl Cache {
    /// Opens (creating) `<root>/<source>`; entries of another `schema` are ignored.
    pub fn open(root: &Path, source: &str, schema: u32) -> std::io::Result<Cache> {
        let dir = root.join(source);
        std::fs::create_dir_all(&dir)?;
        Ok(Cache { dir, schema })
    }

    /// A file name that is safe whatever the key holds.
    fn path(&self, key: &str) -> PathBuf {
        let hash = blake3::hash(key.as_bytes()).to_hex();
        self.dir.join(format!("{}.json", &hash[..32]))
    }

    /// The entry for `key`. `Err` explains an entry that exists but cannot be used.
    pub fn load<T: DeserializeOwned>(&self, key: &str) -> Result<Option<Entry<T>>, String> {
        let path = self.path(key);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read cache entry {}: {e}", path.display())),
        };
        let entry: Entry<T> = serde_json::from_slice(&bytes)
            .map_err(|e| format!("ignoring unreadable cache entry {}: {e}", path.display()))?;
        if entry.schema != self.schema || entry.key != key {
            return Ok(None);
        }
        Ok(Some(entry))
    }

    /// The entry for `key`, with a problem reading it pushed to `notes` (it is then refetched).
    pub fn load_noting<T: DeserializeOwned>(
        &self,
        key: &str,
        notes: &mut Vec<String>,
    ) -> Option<Entry<T>> {
        self.load(key).unwrap_or_else(|why| {
            notes.push(why);
            None
        })
    }

    /// A new entry for `key`, fetched at `fetched_at`.
    pub fn entry<T>(&self, key: &str, fetched_at: DateTime<Utc>, data: T) -> Entry<T> {
        Entry {
            schema: self.schema,
            key: key.to_string(),
            fetched_at,
            data,
        }
    }

    /// Writes the entry through a temporary file renamed into place.
    pub fn store<T: Serialize>(&self, entry: &Entry<T>) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        serde_json::to_writer(&mut tmp, entry)?;
        tmp.flush()?;
        tmp.persist(self.path(&entry.key)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// What a run ends up with for one key: fresh data, data kept from the cache when the
/// refetch failed (stale-on-error), or nothing and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settled<T> {
    pub source: Source,
    pub fetched_at: Option<DateTime<Utc>>,
    pub data: Option<T>,
    pub error: Option<String>,
}

impl<T> Settled<T> {
    /// A fresh entry, used as it is.
    pub fn cached(entry: Entry<T>) -> Self {
        Settled {
            source: Source::Cache,
            fetched_at: Some(entry.fetched_at),
            data: Some(entry.data),
            error: None,
        }
    }

    /// Not refetched (offline, no key): the old entry if any, and why.
    pub fn unfetched(previous: Option<Entry<T>>, why: &str) -> Self {
        match previous {
            Some(p) => Settled {
                source: Source::Stale,
                fetched_at: Some(p.fetched_at),
                data: Some(p.data),
                error: Some(format!("{why}; cache entry older than the TTL")),
            },
            None => Settled {
                source: Source::Failed,
                fetched_at: None,
                data: None,
                error: Some(format!("{why}; not in the cache")),
            },
        }
    }

    /// The refetch failed: the old entry if any (untouched on disk), and the error.
    pub fn failed(previous: Option<Entry<T>>, error: String) -> Self {
        let source = if previous.is_some() {
            Source::Stale
        } else {
            Source::Failed
        };
        Settled {
            source,
            fetched_at: previous.as_ref().map(|p| p.fetched_at),
            data: previous.map(|p| p.data),
            error: Some(error),
        }
    }
}

impl Cache {
    /// The outcome of a fetch of `key`: new data is stored (a failed write is pushed to
    /// `warnings`, the data still used), an error keeps the previous entry.
    pub fn settle<T: Serialize>(
        &self,
        key: &str,
        previous: Option<Entry<T>>,
        result: Result<T, String>,
        warnings: &mut Vec<String>,
    ) -> Settled<T> {
        match result {
            Ok(data) => {
                let entry = self.entry(key, Utc::now(), data);
                if let Err(e) = self.store(&entry) {
                    warnings.push(format!("could not write the cache entry: {e}"));
                }
                Settled {
                    source: Source::Fetched,
                    fetched_at: Some(entry.fetched_at),
                    data: Some(entry.data),
                    error: None,
                }
            }
            Err(error) => Settled::failed(previous, error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Data {
        stars: u64,
        etag: Option<String>,
    }

    fn data(stars: u64) -> Data {
        Data { stars, etag: None }
    }

    #[test]
    fn entries_round_trip_per_key_with_their_fields_flat() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = Cache::open(dir.path(), "src", 1)?;
        assert_eq!(cache.load::<Data>("a/b"), Ok(None));
        let entry = cache.entry("a/b", Utc::now(), data(7));
        cache.store(&entry)?;
        assert_eq!(cache.load("a/b"), Ok(Some(entry.clone())));
        assert_eq!(cache.load::<Data>("a/b@dev"), Ok(None));
        let file = std::fs::read_to_string(cache.path("a/b"))?;
        assert!(
            file.contains(r#""stars":7"#) && file.contains(r#""key":"a/b""#),
            "{file}"
        );
        // Overwrite leaves one file and no temporaries behind.
        cache.store(&cache.entry("a/b", Utc::now(), data(8)))?;
        assert_eq!(std::fs::read_dir(dir.path().join("src"))?.count(), 1);
        Ok(())
    }

    #[test]
    fn other_schemas_and_corrupt_entries_are_not_used() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let old = Cache::open(dir.path(), "src", 1)?;
        old.store(&old.entry("k", Utc::now(), data(1)))?;
        let new = Cache::open(dir.path(), "src", 2)?;
        assert_eq!(new.load::<Data>("k"), Ok(None));
        std::fs::write(new.path("k"), b"{truncated")?;
        assert!(
            new.load::<Data>("k")
                .is_err_and(|e| e.contains("unreadable"))
        );
        let mut notes = Vec::new();
        assert_eq!(new.load_noting::<Data>("k", &mut notes), None);
        assert_eq!(notes.len(), 1);
        Ok(())
    }

    #[test]
    fn a_failed_refetch_keeps_the_old_entry_and_a_success_replaces_it() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let cache = Cache::open(dir.path(), "src", 1)?;
        let old = cache.entry("k", Utc::now() - chrono::Duration::days(9), data(1));
        cache.store(&old)?;
        let mut warnings = Vec::new();
        let kept = cache.settle(
            "k",
            Some(old.clone()),
            Err("HTTP 500".into()),
            &mut warnings,
        );
        assert_eq!(kept.source, Source::Stale);
        assert_eq!(
            (kept.data, kept.fetched_at),
            (Some(data(1)), Some(old.fetched_at))
        );
        assert_eq!(
            cache.load("k"),
            Ok(Some(old.clone())),
            "the entry is untouched"
        );
        let none: Settled<Data> = cache.settle("n", None, Err("x".into()), &mut warnings);
        assert_eq!((none.source, none.data), (Source::Failed, None));
        let new = cache.settle("k", Some(old), Ok(data(2)), &mut warnings);
        assert_eq!((new.source, new.data), (Source::Fetched, Some(data(2))));
        assert_eq!(
            cache.load::<Data>("k").ok().flatten().map(|e| e.data),
            Some(data(2))
        );
        assert!(warnings.is_empty());
        let offline: Settled<Data> = Settled::unfetched(None, "offline");
        assert_eq!(offline.error.as_deref(), Some("offline; not in the cache"));
        Ok(())
    }

    #[test]
    fn freshness_follows_the_ttl() {
        let now = Utc::now();
        let entry = Entry {
            schema: 1,
            key: "k".into(),
            fetched_at: now - chrono::Duration::hours(2),
            data: (),
        };
        assert!(entry.is_fresh(now, Duration::from_secs(3 * 3600)));
        assert!(!entry.is_fresh(now, Duration::from_secs(3600)));
        assert!(!entry.is_fresh(now, Duration::ZERO));
    }
}
