//! On-disk cache of processed logos, so a rebuild only reprocesses logos that changed.
//!
//! Entries are keyed by blake3(blake3(input bytes) + [`PROCESS_VERSION`] + crate version +
//! options) and stored in pack files (see [`super::pack`]): a batch of entries is one file,
//! written atomically (temp file + rename in the same directory), each entry with its own
//! checksum, so a truncated or corrupt entry reads as a miss, never as an error or as wrong
//! output. The cache only deletes packs it has merged into a new one.

use std::io;
use std::path::{Path, PathBuf};

use super::advice::{self, Advice};
use super::entry::{self, format_byte, format_from_byte};
use super::packfile::{Key, PackWriter, Packs};
use super::{LogoFormat, ProcessOptions, ProcessedLogo};

/// Bump when processing changes its output for the same input, to invalidate old entries.
pub const PROCESS_VERSION: u32 = 3;

const CHECK_MAGIC: &[u8; 4] = b"LGK1";
const ADVICE_MAGIC: &[u8; 4] = b"LGA1";
/// Bump when the advice rules change, so cached advice is recomputed.
const ADVICE_VERSION: u32 = 3;

/// An on-disk cache of processed logos (and of logos known to pass [`super::check`]).
///
/// Reads go through an in-memory index of the directory built on first use; entries
/// written later by other processes are seen by a new `LogoCache`.
#[derive(Debug)]
pub struct LogoCache {
    packs: Packs,
}

/// An entry ready to be written with [`LogoCache::put_all`].
#[derive(Debug, Clone)]
pub struct PendingEntry {
    key: Key,
    value: Vec<u8>,
}

impl LogoCache {
    /// A cache in `dir` (created on the first write).
    pub fn new(dir: PathBuf) -> Self {
        Self {
            packs: Packs::new(dir),
        }
    }

    /// The directory the cache lives in.
    pub fn dir(&self) -> &Path {
        self.packs.dir()
    }

    /// The processed logo for these input bytes and options, if cached. `name` only
    /// provides the stem of the returned file name; identical bytes share one entry.
    pub fn get(&self, name: &str, input: &[u8], opts: &ProcessOptions) -> Option<ProcessedLogo> {
        self.get_content(name, &Content::of(input), opts)
    }

    /// [`LogoCache::get`] by the input's [`Content`]. The logo's bytes stay in the cache
    /// (read when the site is written), once checked here.
    pub(super) fn get_content(
        &self,
        name: &str,
        input: &Content,
        opts: &ProcessOptions,
    ) -> Option<ProcessedLogo> {
        let key = entry_key(input, opts);
        // The head holds all but the logo's bytes, unless its warning is long.
        let (head, len, at) = self.packs.get_head(&key, 512)?;
        let entry = match entry::decode(&head, len) {
            Some(entry) => entry,
            None if head.len() < len => entry::decode(&self.packs.get(&key)?, len)?,
            None => return None,
        };
        Some(entry.logo(name, at))
    }

    /// Stores a processed logo for these input bytes and options (one file: prefer
    /// [`LogoCache::writer`] for many).
    pub fn put(&self, input: &[u8], opts: &ProcessOptions, logo: &ProcessedLogo) -> io::Result<()> {
        let value = entry::encode(logo)?;
        self.put_all(vec![PendingEntry {
            key: entry_key(&Content::of(input), opts),
            value,
        }])
    }

    /// Stores many entries in one file.
    pub fn put_all(&self, entries: Vec<PendingEntry>) -> io::Result<()> {
        let entries: Vec<(Key, Vec<u8>)> = entries.into_iter().map(|e| (e.key, e.value)).collect();
        self.packs.put_all(&entries)
    }

    /// A batch of entries written to one file as they come (from any thread), so a cold
    /// build never holds a second copy of every processed logo.
    pub fn writer(&self) -> CacheWriter<'_> {
        CacheWriter(self.packs.writer())
    }

    /// The format of these bytes if they passed [`super::check`] before.
    pub fn checked(&self, input: &[u8]) -> Option<LogoFormat> {
        self.checked_content(&Content::of(input))
    }

    pub(super) fn checked_content(&self, input: &Content) -> Option<LogoFormat> {
        match self.packs.get(&check_key(input))?.as_slice() {
            [m0, m1, m2, m3, f] if [*m0, *m1, *m2, *m3] == *CHECK_MAGIC => format_from_byte(*f),
            _ => None,
        }
    }

    /// Prepares a "passed [`super::check`]" marker for [`LogoCache::put_all`]. Failures are
    /// never recorded: they are rare and their messages should stay current.
    pub fn check_entry(input: &[u8], format: LogoFormat) -> PendingEntry {
        Self::check_entry_content(&Content::of(input), format)
    }

    pub(super) fn check_entry_content(input: &Content, format: LogoFormat) -> PendingEntry {
        let mut value = CHECK_MAGIC.to_vec();
        value.push(format_byte(format));
        PendingEntry {
            key: check_key(input),
            value,
        }
    }
}

/// Entries on their way into one pack: see [`LogoCache::writer`].
pub struct CacheWriter<'a>(PackWriter<'a>);

impl CacheWriter<'_> {
    pub fn add(&self, entry: PendingEntry) -> io::Result<()> {
        self.0.add(&entry.key, &entry.value).map(drop)
    }

    /// Stores a logo just processed; returns it with its bytes left in the cache, or as it
    /// was if they could not be written.
    pub(super) fn add_logo(
        &self,
        input: &Content,
        opts: &ProcessOptions,
        logo: ProcessedLogo,
    ) -> ProcessedLogo {
        let Ok(value) = entry::encode(&logo) else {
            return logo;
        };
        match self.0.add(&entry_key(input, opts), &value) {
            Ok(at) => match entry::decode(&value, value.len()) {
                Some(entry) => entry.stored(logo, at),
                None => logo,
            },
            Err(_) => logo,
        }
    }

    /// Makes the entries readable: nothing added is in the cache before this.
    pub fn finish(self) -> io::Result<()> {
        self.0.finish()
    }
}

impl LogoCache {
    /// The advice for these input bytes and options, if cached.
    pub fn advice(&self, input: &[u8], opts: &ProcessOptions) -> Option<Vec<Advice>> {
        self.advice_content(&Content::of(input), opts)
    }

    pub(super) fn advice_content(
        &self,
        input: &Content,
        opts: &ProcessOptions,
    ) -> Option<Vec<Advice>> {
        let data = self.packs.get(&advice_key(input, opts))?;
        advice::decode(data.strip_prefix(ADVICE_MAGIC)?)
    }

    /// Prepares an advice entry (possibly empty: "nothing to advise") for
    /// [`LogoCache::put_all`].
    pub fn advice_entry(input: &[u8], opts: &ProcessOptions, advice: &[Advice]) -> PendingEntry {
        Self::advice_entry_content(&Content::of(input), opts, advice)
    }

    pub(super) fn advice_entry_content(
        input: &Content,
        opts: &ProcessOptions,
        advice: &[Advice],
    ) -> PendingEntry {
        let mut value = ADVICE_MAGIC.to_vec();
        value.extend(advice::encode(advice));
        PendingEntry {
            key: advice_key(input, opts),
            value,
        }
    }
}

/// A logo file's content, by its blake3 hash: hashed once, every key derives from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content(pub(super) blake3::Hash);

impl Content {
    pub fn of(input: &[u8]) -> Self {
        Content(blake3::hash(input))
    }
}

fn advice_key(input: &Content, opts: &ProcessOptions) -> Key {
    let mut h = key_hasher(b"advice");
    h.update(&ADVICE_VERSION.to_le_bytes());
    h.update(&[u8::from(opts.adjust_viewbox)]);
    h.update(input.0.as_bytes());
    *h.finalize().as_bytes()
}

fn entry_key(input: &Content, opts: &ProcessOptions) -> Key {
    let mut h = key_hasher(b"process");
    h.update(&[u8::from(opts.adjust_viewbox)]);
    h.update(input.0.as_bytes());
    *h.finalize().as_bytes()
}

fn check_key(input: &Content) -> Key {
    let mut h = key_hasher(b"check");
    h.update(input.0.as_bytes());
    *h.finalize().as_bytes()
}

fn key_hasher(kind: &[u8]) -> blake3::Hasher {
    let mut h = blake3::Hasher::new();
    h.update(b"landscape-logo\0");
    h.update(kind);
    h.update(&PROCESS_VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(b"\0");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logos::entry::tests::sample;
    use crate::logos::stored::LogoBytes;
    use crate::logos::tile::Tile;

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn round_trip_is_keyed_by_bytes_and_options() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().join("logos"));
        let on = ProcessOptions {
            adjust_viewbox: true,
        };
        let off = ProcessOptions {
            adjust_viewbox: false,
        };
        assert_eq!(cache.get("My Logo.svg", b"input", &on), None);
        cache.put(b"input", &on, &sample()).expect("put");
        assert_eq!(cache.get("My Logo.svg", b"input", &on), Some(sample()));
        assert_eq!(cache.get("My Logo.svg", b"input", &off), None);
        assert_eq!(cache.get("My Logo.svg", b"other", &on), None);
        let renamed = cache
            .get("other.svg", b"input", &on)
            .expect("same bytes hit");
        assert!(renamed.file_name.starts_with("other."));
        // Only the pack itself: no temp file left behind by the atomic write.
        let names = files(cache.dir());
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].ends_with(".lgp") && !names[0].starts_with('.'));
        // A new reader (another run) sees it too.
        let again = LogoCache::new(dir.path().join("logos"));
        assert_eq!(again.get("My Logo.svg", b"input", &on), Some(sample()));
    }

    #[test]
    fn a_cached_logo_is_read_when_needed_and_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().join("logos"));
        let on = ProcessOptions {
            adjust_viewbox: true,
        };
        cache.put(b"input", &on, &sample()).expect("put");
        let got = cache.get("My Logo.svg", b"input", &on).expect("hit");
        assert!(matches!(got.bytes, LogoBytes::Stored { .. }), "{got:?}");
        // Read through the file opened by the lookup, even once the pack is deleted (as a
        // merge of packs by another build would).
        let pack = cache.dir().join(&files(cache.dir())[0]);
        let kept = std::fs::read(&pack).expect("read");
        std::fs::remove_file(&pack).expect("remove");
        assert_eq!(&*got.bytes().expect("bytes"), b"<svg/>");
        // Changed in place underneath: an error, never other bytes.
        std::fs::write(&pack, &kept).expect("write");
        let again = LogoCache::new(cache.dir().to_path_buf());
        let got = again.get("My Logo.svg", b"input", &on).expect("hit");
        let mut changed = kept.clone();
        let at = changed
            .windows(6)
            .position(|w| w == b"<svg/>")
            .expect("stored");
        changed[at + 1] = b'x';
        std::fs::write(&pack, &changed).expect("write");
        assert!(got.bytes().is_err());
    }

    #[test]
    fn a_logo_added_to_a_writer_leaves_memory_and_reads_back_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().join("logos"));
        let on = ProcessOptions {
            adjust_viewbox: true,
        };
        let writer = cache.writer();
        let logo = writer.add_logo(&Content::of(b"input"), &on, sample());
        assert!(matches!(logo.bytes, LogoBytes::Stored { .. }), "{logo:?}");
        assert_eq!(logo, sample());
        assert_eq!(&*logo.bytes().expect("bytes"), b"<svg/>");
        assert_eq!(
            cache.get("My Logo.svg", b"input", &on),
            None,
            "not before finish"
        );
        writer.finish().expect("finish");
        assert_eq!(&*logo.bytes().expect("bytes"), b"<svg/>");
        let got = cache.get("My Logo.svg", b"input", &on).expect("hit");
        assert_eq!(&*got.bytes().expect("bytes"), b"<svg/>");
    }

    #[test]
    fn corrupt_or_truncated_entries_are_misses() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = ProcessOptions {
            adjust_viewbox: true,
        };
        LogoCache::new(dir.path().to_path_buf())
            .put(b"input", &opts, &sample())
            .expect("put");
        let path = dir.path().join(&files(dir.path())[0]);
        let good = std::fs::read(&path).expect("read");
        let mut flipped = good.clone();
        flipped[30] ^= 1;
        for damaged in [flipped, good[..good.len() / 2].to_vec(), Vec::new()] {
            std::fs::write(&path, &damaged).expect("write");
            let cache = LogoCache::new(dir.path().to_path_buf());
            assert_eq!(cache.get("My Logo.svg", b"input", &opts), None);
        }
        // A miss is repaired by the next put.
        let cache = LogoCache::new(dir.path().to_path_buf());
        cache.put(b"input", &opts, &sample()).expect("put");
        assert_eq!(cache.get("My Logo.svg", b"input", &opts), Some(sample()));
    }

    #[test]
    fn a_tile_raster_is_kept_beside_its_logo() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().join("logos"));
        let on = ProcessOptions {
            adjust_viewbox: true,
        };
        let tile = Tile::new(&sample().file_name, b"png bytes".to_vec());
        let tiled = sample().with_tile(Some(tile));
        let writer = cache.writer();
        let logo = writer.add_logo(&Content::of(b"input"), &on, tiled.clone());
        writer.finish().expect("finish");
        assert_eq!(logo, tiled);
        let got = cache.get("Other.svg", b"input", &on).expect("hit");
        let tile = got.tile.as_ref().expect("tile");
        assert!(matches!(tile.bytes, LogoBytes::Stored { .. }), "{tile:?}");
        // Named after the SVG it was drawn from, as the logo is.
        assert!(got.file_name.starts_with("other."), "{}", got.file_name);
        assert_eq!(tile.file_name, got.file_name.replace(".svg", ".tile.png"));
        assert_eq!(&*tile.bytes().expect("tile bytes"), b"png bytes");
        assert_eq!(&*got.bytes().expect("bytes"), b"<svg/>");
        // put() stores it too.
        cache.put(b"again", &on, &tiled).expect("put");
        let got = cache.get("My Logo.svg", b"again", &on).expect("hit");
        assert_eq!(got, tiled);
    }

    #[test]
    fn check_markers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().to_path_buf());
        assert_eq!(cache.checked(b"png bytes"), None);
        cache
            .put_all(vec![
                LogoCache::check_entry(b"png bytes", LogoFormat::Png),
                LogoCache::check_entry(b"svg bytes", LogoFormat::Svg),
            ])
            .expect("put");
        assert_eq!(cache.checked(b"png bytes"), Some(LogoFormat::Png));
        assert_eq!(cache.checked(b"svg bytes"), Some(LogoFormat::Svg));
        assert_eq!(cache.checked(b"other"), None);
        assert_eq!(files(cache.dir()).len(), 1);
    }

    #[test]
    fn advice_is_keyed_by_bytes_and_options() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().to_path_buf());
        let on = ProcessOptions {
            adjust_viewbox: true,
        };
        let off = ProcessOptions {
            adjust_viewbox: false,
        };
        let advice = vec![Advice::Text, Advice::Aspect { ratio: 10.0 }];
        cache
            .put_all(vec![
                LogoCache::advice_entry(b"logo", &on, &advice),
                LogoCache::advice_entry(b"clean", &on, &[]),
            ])
            .expect("put");
        assert_eq!(cache.advice(b"logo", &on), Some(advice));
        assert_eq!(cache.advice(b"clean", &on), Some(vec![]));
        assert_eq!(cache.advice(b"logo", &off), None);
        // Neither a processed logo nor a check marker.
        assert_eq!(cache.get("a.svg", b"logo", &on), None);
        assert_eq!(cache.checked(b"logo"), None);
    }
}
