//! What each logo file held when it was last read, so a rebuild need not read and hash
//! the logos that did not change (52 MB for the CNCF landscape, a third of a rebuild).
//!
//! As git's index does, a file's content hash is trusted while its size, modification and
//! change times, inode and device are all as recorded; any edit changes at least the change
//! time, which no tool can set back. A file modified or changed in the last seconds is not
//! trusted, so an edit within the timestamps' resolution of a read is never missed. The record is a
//! text file in the cache directory, written atomically; unreadable or damaged lines are
//! misses.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
#[cfg(unix)]
use std::time::SystemTime;

use super::cache::Content;
use crate::fs_safety::write_atomically;

const FILE: &str = "files-v1";
/// A file modified or changed more recently than this is not trusted (timestamps are
/// coarse: an edit within the same tick as a read would leave them as they were).
const SETTLED: Duration = Duration::from_secs(2);

/// The metadata a content hash is trusted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp([i128; 5]);

impl Stamp {
    /// The stamp of a regular file, `None` where it cannot vouch for the content (other
    /// kinds of files, systems without change times, a file changed just now).
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        let settled = |t: i128| now - t >= SETTLED.as_nanos() as i128;
        let settled = settled(ns(meta.mtime(), meta.mtime_nsec()))
            && settled(ns(meta.ctime(), meta.ctime_nsec()));
        (meta.is_file() && settled).then(|| {
            Stamp([
                i128::from(meta.len()),
                ns(meta.mtime(), meta.mtime_nsec()),
                ns(meta.ctime(), meta.ctime_nsec()),
                i128::from(meta.ino()),
                i128::from(meta.dev()),
            ])
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata) -> Option<Stamp> {
        None
    }
}

/// The record of one cache directory: read at the start of a batch, written at its end
/// with the files this batch saw.
#[derive(Debug)]
pub(super) struct Known {
    file: PathBuf,
    before: HashMap<PathBuf, (Stamp, Content)>,
    seen: Mutex<Vec<(PathBuf, Stamp, Content)>>,
}

impl Known {
    pub fn load(cache_dir: &Path) -> Known {
        let file = cache_dir.join(FILE);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        Known {
            before: text.lines().filter_map(parse_line).collect(),
            file,
            seen: Mutex::new(Vec::new()),
        }
    }

    /// The content `path` holds if its stamp is the recorded one (recorded again).
    pub fn content(&self, path: &Path, stamp: Stamp) -> Option<Content> {
        let (recorded, content) = self.before.get(path)?;
        (*recorded == stamp).then(|| {
            self.note(path, stamp, *content);
            *content
        })
    }

    /// Records that `path`, stamped `stamp`, holds `content`.
    pub fn note(&self, path: &Path, stamp: Stamp, content: Content) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((path.to_path_buf(), stamp, content));
        }
    }

    /// Writes the record of the files seen, when it differs from what was read. Best
    /// effort, like the cache: failing only costs the next run its reads.
    pub fn save(self) {
        let Ok(mut seen) = self.seen.into_inner() else {
            return;
        };
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        seen.dedup_by(|a, b| a.0 == b.0);
        let unchanged = seen.len() == self.before.len()
            && (seen.iter()).all(|(p, s, c)| self.before.get(p) == Some(&(*s, *c)));
        if unchanged {
            return;
        }
        let mut text = String::with_capacity(seen.len() * 160);
        for (path, Stamp(fields), content) in &seen {
            let Some(path) = path.to_str().filter(|p| !p.contains('\n')) else {
                continue;
            };
            let [len, mtime, ctime, ino, dev] = fields;
            text.push_str(&format!(
                "{} {len} {mtime} {ctime} {ino} {dev} {path}\n",
                content.0.to_hex()
            ));
        }
        if let Some(dir) = self.file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = write_atomically(&self.file, text.as_bytes());
    }
}

fn parse_line(line: &str) -> Option<(PathBuf, (Stamp, Content))> {
    let mut parts = line.splitn(7, ' ');
    let hash = blake3::Hash::from_hex(parts.next()?).ok()?;
    let mut fields = [0i128; 5];
    for field in &mut fields {
        *field = parts.next()?.parse().ok()?;
    }
    let path = PathBuf::from(parts.next()?);
    Some((path, (Stamp(fields), Content(hash))))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_just_now_is_not_vouched_for() {
        let dir = tempfile::tempdir().unwrap();
        let logo = dir.path().join("a.svg");
        std::fs::write(&logo, "<svg/>").unwrap();
        assert_eq!(Stamp::of(&std::fs::metadata(&logo).unwrap()), None);
        // Its modification time set back an hour: the change time is still now.
        let file = std::fs::File::options().write(true).open(&logo).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        assert_eq!(Stamp::of(&std::fs::metadata(&logo).unwrap()), None);
    }

    #[test]
    fn a_record_round_trips_and_another_stamp_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let logo = dir.path().join("a.svg");
        let stamp = Stamp([6, 1_000, 2_000, 77, 3]);
        let content = Content::of(b"<svg/>");
        let known = Known::load(dir.path());
        assert_eq!(known.content(&logo, stamp), None);
        known.note(&logo, stamp, content);
        known.save();
        let known = Known::load(dir.path());
        assert_eq!(known.content(&logo, stamp), Some(content));
        for changed in [
            Stamp([7, 1_000, 2_000, 77, 3]),
            Stamp([6, 1_000, 2_001, 77, 3]),
            Stamp([6, 1_000, 2_000, 78, 3]),
        ] {
            assert_eq!(known.content(&logo, changed), None);
        }
        assert_eq!(known.content(&dir.path().join("b.svg"), stamp), None);
    }

    #[test]
    fn damaged_lines_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "zz 1 2 3 4 5 /x\nnot a line\n").unwrap();
        assert!(Known::load(dir.path()).before.is_empty());
    }
}
