//! On-disk cache of processed logos, so a rebuild only reprocesses logos that changed.
//!
//! Entries are keyed by blake3(input bytes + [`PROCESS_VERSION`] + crate version +
//! options), written atomically (temp file + rename in the same directory) and end with a
//! blake3 checksum of their contents: a truncated or corrupt entry reads as a miss, never
//! as an error or as wrong output. The cache never deletes anything.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{LogoFormat, ProcessOptions, ProcessedLogo, output_file_name};

/// Bump when processing changes its output for the same input, to invalidate old entries.
pub const PROCESS_VERSION: u32 = 1;

const ENTRY_MAGIC: &[u8; 4] = b"LGC1";
const CHECK_MAGIC: &[u8; 4] = b"LGK1";

/// An on-disk cache of processed logos (and of logos known to pass [`super::check`]).
#[derive(Debug, Clone)]
pub struct LogoCache {
    dir: PathBuf,
}

impl LogoCache {
    /// A cache in `dir` (created on the first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The directory entries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The processed logo for these input bytes and options, if cached. `name` only
    /// provides the stem of the returned file name; identical bytes share one entry.
    pub fn get(&self, name: &str, input: &[u8], opts: &ProcessOptions) -> Option<ProcessedLogo> {
        let data = fs::read(self.entry_path(input, opts)).ok()?;
        decode_entry(name, &data)
    }

    /// Stores a processed logo for these input bytes and options.
    pub fn put(&self, input: &[u8], opts: &ProcessOptions, logo: &ProcessedLogo) -> io::Result<()> {
        self.write_atomically(&self.entry_path(input, opts), &encode_entry(logo))
    }

    /// The format of these bytes if they passed [`super::check`] before.
    pub fn checked(&self, input: &[u8]) -> Option<LogoFormat> {
        let data = fs::read(self.check_path(input)).ok()?;
        match data.as_slice() {
            [m0, m1, m2, m3, f] if [*m0, *m1, *m2, *m3] == *CHECK_MAGIC => format_from_byte(*f),
            _ => None,
        }
    }

    /// Records that these bytes passed [`super::check`] (failures are never recorded: they
    /// are rare and their messages should stay current).
    pub fn record_checked(&self, input: &[u8], format: LogoFormat) -> io::Result<()> {
        let mut data = CHECK_MAGIC.to_vec();
        data.push(format_byte(format));
        self.write_atomically(&self.check_path(input), &data)
    }

    fn entry_path(&self, input: &[u8], opts: &ProcessOptions) -> PathBuf {
        let mut h = key_hasher(b"process");
        h.update(&[u8::from(opts.adjust_viewbox)]);
        h.update(input);
        self.dir.join(format!("{}.logo", h.finalize().to_hex()))
    }

    fn check_path(&self, input: &[u8]) -> PathBuf {
        let mut h = key_hasher(b"check");
        h.update(input);
        self.dir.join(format!("{}.ok", h.finalize().to_hex()))
    }

    fn write_atomically(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".logo-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)?;
        tmp.write_all(data)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
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

fn format_byte(format: LogoFormat) -> u8 {
    match format {
        LogoFormat::Svg => 0,
        LogoFormat::Png => 1,
        LogoFormat::Jpeg => 2,
    }
}

fn format_from_byte(b: u8) -> Option<LogoFormat> {
    match b {
        0 => Some(LogoFormat::Svg),
        1 => Some(LogoFormat::Png),
        2 => Some(LogoFormat::Jpeg),
        _ => None,
    }
}

/// magic, format, width, height, warning (len + utf8), output (len + bytes), checksum.
fn encode_entry(logo: &ProcessedLogo) -> Vec<u8> {
    let warning = logo.warning.as_deref().unwrap_or("");
    let mut data = Vec::with_capacity(logo.bytes.len() + warning.len() + 96);
    data.extend_from_slice(ENTRY_MAGIC);
    data.push(format_byte(logo.format));
    data.push(u8::from(logo.warning.is_some()));
    data.extend_from_slice(&logo.width.to_le_bytes());
    data.extend_from_slice(&logo.height.to_le_bytes());
    data.extend_from_slice(&(warning.len() as u64).to_le_bytes());
    data.extend_from_slice(warning.as_bytes());
    data.extend_from_slice(&(logo.bytes.len() as u64).to_le_bytes());
    data.extend_from_slice(&logo.bytes);
    let checksum = blake3::hash(&data);
    data.extend_from_slice(checksum.as_bytes());
    data
}

fn decode_entry(name: &str, data: &[u8]) -> Option<ProcessedLogo> {
    let (body, checksum) = data.split_at_checked(data.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != checksum {
        return None;
    }
    let mut r = Reader(body);
    if r.take(4)? != ENTRY_MAGIC {
        return None;
    }
    let format = format_from_byte(r.take(1)?[0])?;
    let has_warning = r.take(1)?[0] == 1;
    let width = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
    let height = f64::from_le_bytes(r.take(8)?.try_into().ok()?);
    let warning_len = usize::try_from(u64::from_le_bytes(r.take(8)?.try_into().ok()?)).ok()?;
    let warning = std::str::from_utf8(r.take(warning_len)?).ok()?.to_string();
    let len = usize::try_from(u64::from_le_bytes(r.take(8)?.try_into().ok()?)).ok()?;
    let bytes = r.take(len)?.to_vec();
    if !r.0.is_empty() {
        return None;
    }
    Some(ProcessedLogo {
        file_name: output_file_name(name, format, blake3::hash(&bytes)),
        format,
        bytes,
        width,
        height,
        warning: has_warning.then_some(warning),
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProcessedLogo {
        ProcessedLogo {
            file_name: output_file_name("My Logo.svg", LogoFormat::Svg, blake3::hash(b"<svg/>")),
            format: LogoFormat::Svg,
            bytes: b"<svg/>".to_vec(),
            width: 12.5,
            height: 3.0,
            warning: Some("viewBox kept".into()),
        }
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
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
        // Only the entry itself: no temp file left behind by the atomic write.
        let names = files(cache.dir());
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].ends_with(".logo") && !names[0].starts_with('.'));
    }

    #[test]
    fn corrupt_or_truncated_entries_are_misses() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().to_path_buf());
        let opts = ProcessOptions {
            adjust_viewbox: true,
        };
        cache.put(b"input", &opts, &sample()).expect("put");
        let path = cache.entry_path(b"input", &opts);
        let good = fs::read(&path).expect("read");
        let mut flipped = good.clone();
        flipped[30] ^= 1;
        fs::write(&path, &flipped).expect("write");
        assert_eq!(cache.get("My Logo.svg", b"input", &opts), None);
        fs::write(&path, &good[..good.len() / 2]).expect("write");
        assert_eq!(cache.get("My Logo.svg", b"input", &opts), None);
        fs::write(&path, b"").expect("write");
        assert_eq!(cache.get("My Logo.svg", b"input", &opts), None);
        // A miss is repaired by the next put.
        cache.put(b"input", &opts, &sample()).expect("put");
        assert_eq!(cache.get("My Logo.svg", b"input", &opts), Some(sample()));
    }

    #[test]
    fn check_markers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = LogoCache::new(dir.path().to_path_buf());
        assert_eq!(cache.checked(b"png bytes"), None);
        cache
            .record_checked(b"png bytes", LogoFormat::Png)
            .expect("record");
        assert_eq!(cache.checked(b"png bytes"), Some(LogoFormat::Png));
        fs::write(cache.check_path(b"png bytes"), b"LGK1\x09").expect("write");
        assert_eq!(cache.checked(b"png bytes"), None);
    }
}
