//! Which packs were read whole and found intact. A pack is never modified after it is
//! written, so while its [`Stamp`] is unchanged it is still intact: reads from it need not
//! check each value's checksum again, nor read more of a value than they use (a rebuild
//! needs only the head of each processed logo's entry, not its 34 MB of bytes). The
//! record is a text file beside the packs, written atomically; damaged lines are misses.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::fs_safety::write_atomically;
use crate::stamp::Stamp;

const FILE: &str = "packs-v1";

/// The packs of `dir` that can be trusted intact: vouched for by the record, or read whole
/// now and found intact (`intact` checks one pack, given its path). Records what it found.
pub(super) fn vouched(
    dir: &Path,
    packs: &[Arc<PathBuf>],
    intact: impl Fn(&Path) -> bool,
) -> HashSet<Arc<PathBuf>> {
    let record = dir.join(FILE);
    let text = fs::read_to_string(&record).unwrap_or_default();
    let before: HashMap<&str, Stamp> = text.lines().filter_map(parse_line).collect();
    let mut now = Vec::new();
    let mut vouched = HashSet::new();
    for pack in packs {
        let stamp = fs::metadata(pack.as_path())
            .ok()
            .and_then(|m| Stamp::of(&m));
        let (Some(stamp), Some(name)) = (stamp, pack.file_name().and_then(|n| n.to_str())) else {
            continue;
        };
        if before.get(name) == Some(&stamp) || intact(pack) {
            now.push((name.to_string(), stamp));
            vouched.insert(Arc::clone(pack));
        }
    }
    now.sort_by(|a, b| a.0.cmp(&b.0));
    let unchanged =
        now.len() == before.len() && (now.iter()).all(|(n, s)| before.get(n.as_str()) == Some(s));
    if !unchanged {
        let lines: String = (now.iter())
            .map(|(name, stamp)| format!("{} {name}\n", stamp.to_text()))
            .collect();
        // Best effort, like the cache: failing costs the next run one read of each pack.
        let _ = write_atomically(&record, lines.as_bytes());
    }
    vouched
}

fn parse_line(line: &str) -> Option<(&str, Stamp)> {
    let mut parts = line.splitn(6, ' ');
    let stamp = Stamp::parse(&mut parts)?;
    let name = parts.next().filter(|n| !n.contains('/'))?;
    Some((name, stamp))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Waits until `path` is old enough to have a stamp.
    fn settle(path: &Path) {
        while Stamp::of(&fs::metadata(path).unwrap()).is_none() {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    #[test]
    fn a_pack_is_read_whole_once_then_trusted_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let pack = Arc::new(dir.path().join("a.lgp"));
        fs::write(pack.as_path(), "pack").unwrap();
        settle(&pack);
        let packs = [Arc::clone(&pack)];
        let reads = std::cell::Cell::new(0);
        let intact = |_: &Path| {
            reads.set(reads.get() + 1);
            true
        };
        assert!(vouched(dir.path(), &packs, intact).contains(&pack));
        assert!(vouched(dir.path(), &packs, intact).contains(&pack));
        assert_eq!(reads.get(), 1, "the record vouches for it the second time");
        // Changed in place: read again, and not trusted when it is not intact.
        fs::write(pack.as_path(), "damaged").unwrap();
        settle(&pack);
        assert!(vouched(dir.path(), &packs, |_| false).is_empty());
        assert!(vouched(dir.path(), &packs, intact).contains(&pack));
        assert_eq!(reads.get(), 2);
    }

    #[test]
    fn a_pack_changed_just_now_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let pack = Arc::new(dir.path().join("a.lgp"));
        fs::write(pack.as_path(), "pack").unwrap();
        assert!(vouched(dir.path(), &[pack], |_| true).is_empty());
    }
}
