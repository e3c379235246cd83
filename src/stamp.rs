//! A file's stamp: what its content hash is trusted under while it stays the same, as git's
//! index does. Any edit changes at least the change time, which no tool can set back. A
//! file modified or changed in the last seconds gets no stamp, so an edit within the
//! timestamps' resolution of a read is never missed.

use std::fs::Metadata;
use std::time::Duration;
#[cfg(unix)]
use std::time::SystemTime;

/// A file modified or changed more recently than this is not trusted (timestamps are
/// coarse: an edit within the same tick as a read would leave them as they were). Where
/// timestamps have nanoseconds (ext4, XFS, Btrfs, APFS, NTFS) a tick is a few milliseconds at
/// most; where they have none (ext3, FAT, HFS+) it is up to two seconds.
const SETTLED_FINE: Duration = Duration::from_millis(50);
const SETTLED_COARSE: Duration = Duration::from_secs(2);

/// Size, modification and change times (ns since 1970, good until 2262), inode and device
/// (as stored, compared bit for bit). Kept small: a record holds one per file of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub [i64; 5]);

impl Stamp {
    /// The stamp of a regular file, `None` where it cannot vouch for the content (other
    /// kinds of files, systems without change times, a file changed just now).
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i64);
        let fine = meta.mtime_nsec() != 0 || meta.ctime_nsec() != 0;
        let settled = if fine { SETTLED_FINE } else { SETTLED_COARSE };
        let settled = |t: i64| now.saturating_sub(t) >= settled.as_nanos() as i64;
        let settled = settled(ns(meta.mtime(), meta.mtime_nsec()))
            && settled(ns(meta.ctime(), meta.ctime_nsec()));
        (meta.is_file() && settled).then(|| {
            Stamp([
                meta.len() as i64,
                ns(meta.mtime(), meta.mtime_nsec()),
                ns(meta.ctime(), meta.ctime_nsec()),
                meta.ino() as i64,
                meta.dev() as i64,
            ])
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata) -> Option<Stamp> {
        None
    }

    /// The fields as text, space-separated (see [`Stamp::parse`]).
    pub fn to_text(&self) -> String {
        let [len, mtime, ctime, ino, dev] = self.0;
        format!("{len} {mtime} {ctime} {ino} {dev}")
    }

    /// Reads five space-separated fields from `parts`.
    pub fn parse<'a>(parts: &mut impl Iterator<Item = &'a str>) -> Option<Stamp> {
        let mut fields = [0i64; 5];
        for field in &mut fields {
            *field = parts.next()?.parse().ok()?;
        }
        Some(Stamp(fields))
    }
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
    fn stamps_round_trip_as_text() {
        let stamp = Stamp([6, 1_000, -2_000, 77, 3]);
        let text = stamp.to_text();
        assert_eq!(Stamp::parse(&mut text.split(' ')), Some(stamp));
        assert_eq!(Stamp::parse(&mut "1 2 3 4".split(' ')), None);
    }
}
