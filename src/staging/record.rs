//! What each file of a site tree held when a build left it, so the next build into that tree
//! need not read the files it keeps, nor make again those whose inputs did not change.
//!
//! For each file: its [`Stamp`], the blake3 hash of its content, and the key of what it
//! was made from (for files written with a key; else the content hash). A file is trusted
//! to hold what the record says only while its stamp is unchanged; anything else is
//! compared byte for byte as before. The record lives in the cache directory, not in the
//! published tree, one per tree, named after the tree's device and inode (kept across the
//! renames of a swap); it is written atomically after a build's swap, and a damaged line is
//! a miss.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fs_safety::write_atomically;
use crate::stamp::Stamp;

/// A blake3 hash: of a file's content, or of what it was made from.
pub type Key = [u8; 32];

/// Records kept per cache directory: each build keeps its two trees' and the newest others.
const KEEP: usize = 8;
const SUFFIX: &str = ".site-v1";

/// What one file held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub stamp: Stamp,
    pub content: Key,
    pub key: Key,
}

/// The record of one tree: the last build's, read when the tree is claimed, and this
/// build's, noted as files are kept.
#[derive(Debug)]
pub(super) struct Record {
    dir: PathBuf,
    before: HashMap<PathBuf, Entry>,
    seen: Mutex<Vec<(PathBuf, Entry)>>,
}

impl Record {
    /// The record of `tree` kept in `dir` (empty when there is none).
    pub fn load(dir: &Path, tree: &Path) -> Record {
        let text = (name(tree).map(|n| dir.join(n)))
            .and_then(|file| fs::read_to_string(file).ok())
            .unwrap_or_default();
        Record {
            dir: dir.to_path_buf(),
            before: text.lines().filter_map(parse_line).collect(),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// What the last build recorded for `rel`, if its stamp is still `stamp`.
    pub fn trusted(&self, rel: &Path, stamp: Option<Stamp>) -> Option<Entry> {
        let entry = self.before.get(rel)?;
        (Some(entry.stamp) == stamp).then_some(*entry)
    }

    /// Notes what `rel` holds after this build.
    pub fn note(&self, rel: &Path, entry: Entry) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((rel.to_path_buf(), entry));
        }
    }

    /// Writes this build's record for `tree` (where the build's directory is now), and
    /// removes all but the newest records of the directory. Best effort, like the cache:
    /// failing only costs the next build its reads.
    pub fn save(self, tree: &Path) {
        let Some(file) = name(tree).map(|n| self.dir.join(n)) else {
            return;
        };
        let Ok(mut seen) = self.seen.into_inner() else {
            return;
        };
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        seen.dedup_by(|a, b| a.0 == b.0);
        let unchanged = seen.len() == self.before.len()
            && (seen.iter()).all(|(p, e)| self.before.get(p) == Some(e));
        if unchanged {
            return;
        }
        let mut text = String::with_capacity(seen.len() * 200);
        for (path, entry) in &seen {
            let Some(path) = path.to_str().filter(|p| !p.contains('\n')) else {
                continue;
            };
            let content = blake3::Hash::from_bytes(entry.content).to_hex();
            let key = blake3::Hash::from_bytes(entry.key).to_hex();
            let stamp = entry.stamp.to_text();
            text.push_str(&format!("{content} {key} {stamp} {path}\n"));
        }
        let _ = fs::create_dir_all(&self.dir);
        let _ = write_atomically(&file, text.as_bytes());
        prune(&self.dir);
    }
}

/// The record's file name for `tree`: its device and inode.
#[cfg(unix)]
fn name(tree: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::symlink_metadata(tree).ok()?;
    Some(format!("{}-{}{SUFFIX}", meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn name(_: &Path) -> Option<String> {
    None
}

/// Removes all but the [`KEEP`] newest records in `dir`.
fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut records: Vec<(std::time::SystemTime, PathBuf)> = (entries.flatten())
        .filter(|e| e.file_name().to_string_lossy().ends_with(SUFFIX))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    records.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (_, path) in records.into_iter().skip(KEEP) {
        let _ = fs::remove_file(path);
    }
}

fn parse_line(line: &str) -> Option<(PathBuf, Entry)> {
    let mut parts = line.splitn(8, ' ');
    let content = *blake3::Hash::from_hex(parts.next()?).ok()?.as_bytes();
    let key = *blake3::Hash::from_hex(parts.next()?).ok()?.as_bytes();
    let stamp = Stamp::parse(&mut parts)?;
    let path = PathBuf::from(parts.next()?);
    let entry = Entry {
        stamp,
        content,
        key,
    };
    Some((path, entry))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_per_tree_and_another_stamp_is_a_miss() {
        let cache = tempfile::tempdir().unwrap();
        let (a, b) = (cache.path().join("a"), cache.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        let stamp = Stamp([6, 1_000, 2_000, 77, 3]);
        let entry = Entry {
            stamp,
            content: [1; 32],
            key: [2; 32],
        };
        let record = Record::load(cache.path(), &a);
        assert_eq!(record.trusted(Path::new("x/index.html"), Some(stamp)), None);
        record.note(Path::new("x/index.html"), entry);
        record.save(&a);
        let record = Record::load(cache.path(), &a);
        let rel = Path::new("x/index.html");
        assert_eq!(record.trusted(rel, Some(stamp)), Some(entry));
        assert_eq!(
            record.trusted(rel, Some(Stamp([6, 1_000, 2_001, 77, 3]))),
            None
        );
        assert_eq!(record.trusted(rel, None), None);
        assert_eq!(record.trusted(Path::new("y"), Some(stamp)), None);
        // Another tree has its own record.
        assert_eq!(
            Record::load(cache.path(), &b).trusted(rel, Some(stamp)),
            None
        );
    }

    #[test]
    fn damaged_lines_are_misses_and_old_records_are_pruned() {
        let cache = tempfile::tempdir().unwrap();
        let tree = cache.path().join("t");
        fs::create_dir(&tree).unwrap();
        let file = cache.path().join(name(&tree).unwrap());
        fs::write(&file, "zz 1 2 3 4 5 6 x\nnot a line\n").unwrap();
        assert!(Record::load(cache.path(), &tree).before.is_empty());
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        for i in 0..KEEP + 3 {
            let path = cache.path().join(format!("{i}-1{SUFFIX}"));
            fs::write(&path, "").unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        }
        let record = Record::load(cache.path(), &tree);
        let entry = Entry {
            stamp: Stamp([1, 2, 3, 4, 5]),
            content: [0; 32],
            key: [0; 32],
        };
        record.note(Path::new("index.html"), entry);
        record.save(&tree);
        let left = fs::read_dir(cache.path()).unwrap().flatten();
        let records = left.filter(|e| e.file_name().to_string_lossy().ends_with(SUFFIX));
        assert_eq!(records.count(), KEEP);
        assert!(file.exists(), "the newest record is kept");
    }
}
