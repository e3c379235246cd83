//! What each logo file held when it was last read, so a rebuild need not read and hash
//! the logos that did not change (52 MB for the CNCF landscape, a third of a rebuild).
//!
//! A file's content hash is trusted while its [`Stamp`] is as recorded. The record is a
//! text file in the cache directory, written atomically; unreadable or damaged lines are
//! misses.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::cache::Content;
use crate::fs_safety::write_atomically;
pub(super) use crate::stamp::Stamp;

const FILE: &str = "files-v1";

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
        for (path, stamp, content) in &seen {
            let Some(path) = path.to_str().filter(|p| !p.contains('\n')) else {
                continue;
            };
            let (hash, stamp) = (content.0.to_hex(), stamp.to_text());
            text.push_str(&format!("{hash} {stamp} {path}\n"));
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
    let stamp = Stamp::parse(&mut parts)?;
    let path = PathBuf::from(parts.next()?);
    Some((path, (stamp, Content(hash))))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

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
