//! A processed logo as the logo cache stores it: a header, then the tile raster and the
//! logo's bytes, which stay in the cache's file until the site is written.

use std::io;
use std::ops::Range;

use crate::byte_reader::ByteReader;

use super::stored::{LogoBytes, Span};
use super::tile::{self, Tile};
use super::{LogoFormat, ProcessedLogo, output_file_name};

const ENTRY_MAGIC: &[u8; 4] = b"LGC3";

pub(super) fn format_byte(format: LogoFormat) -> u8 {
    match format {
        LogoFormat::Svg => 0,
        LogoFormat::Png => 1,
        LogoFormat::Jpeg => 2,
    }
}

pub(super) fn format_from_byte(b: u8) -> Option<LogoFormat> {
    match b {
        0 => Some(LogoFormat::Svg),
        1 => Some(LogoFormat::Png),
        2 => Some(LogoFormat::Jpeg),
        _ => None,
    }
}

/// The entry of `logo`, its bytes (and its tile raster's) read from wherever they are.
///
/// magic, format, warning flag, tile flag, width, height, output hash (so a hit does not
/// rehash the output for its file name), tile hash when tiled, warning (len + utf8), tile
/// length, output length, tile bytes, output bytes. The bytes come last so a read of the
/// head is enough to know where they are.
pub(super) fn encode(logo: &ProcessedLogo) -> io::Result<Vec<u8>> {
    let bytes = logo.bytes()?;
    let tile = logo.tile.as_ref().map(|t| t.bytes()).transpose()?;
    let tile_bytes = tile.as_deref().unwrap_or_default();
    let warning = logo.warning.as_deref().unwrap_or("");
    let mut data = Vec::with_capacity(bytes.len() + tile_bytes.len() + warning.len() + 128);
    data.extend_from_slice(ENTRY_MAGIC);
    data.push(format_byte(logo.format));
    data.push(u8::from(logo.warning.is_some()));
    data.push(u8::from(logo.tile.is_some()));
    data.extend_from_slice(&logo.width.to_le_bytes());
    data.extend_from_slice(&logo.height.to_le_bytes());
    data.extend_from_slice(logo.hash.as_bytes());
    if let Some(tile) = &logo.tile {
        data.extend_from_slice(tile.hash.as_bytes());
    }
    data.extend_from_slice(&(warning.len() as u64).to_le_bytes());
    data.extend_from_slice(warning.as_bytes());
    data.extend_from_slice(&(tile_bytes.len() as u64).to_le_bytes());
    data.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    data.extend_from_slice(tile_bytes);
    data.extend_from_slice(&bytes);
    Ok(data)
}

/// A processed logo's entry, read.
#[derive(Debug, PartialEq)]
pub(super) struct Entry {
    format: LogoFormat,
    width: f64,
    height: f64,
    hash: blake3::Hash,
    warning: Option<String>,
    /// The tile raster's hash and where it is in the entry.
    tile: Option<(blake3::Hash, Range<usize>)>,
    /// Where the logo's bytes are in the entry.
    bytes: Range<usize>,
}

impl Entry {
    /// The logo, its bytes where the entry is stored (the entry's value starting at `at`).
    pub fn logo(mut self, name: &str, at: Span) -> ProcessedLogo {
        let file_name = output_file_name(name, self.format, self.hash);
        let tile = (self.tile.as_ref()).map(|(hash, _)| Tile {
            file_name: tile::file_name(&file_name),
            hash: *hash,
            bytes: LogoBytes::Held(Vec::new()),
        });
        let logo = ProcessedLogo {
            file_name,
            format: self.format,
            hash: self.hash,
            bytes: LogoBytes::Held(Vec::new()),
            width: self.width,
            height: self.height,
            warning: self.warning.take(),
            tile,
        };
        self.stored(logo, at)
    }

    /// `logo` (which this entry was made from), its bytes now where the entry is stored.
    pub fn stored(&self, mut logo: ProcessedLogo, at: Span) -> ProcessedLogo {
        let within = |range: &Range<usize>| Span {
            offset: at.offset + range.start as u64,
            file: at.file.clone(),
        };
        if let (Some(tile), Some((_, range))) = (logo.tile.as_mut(), &self.tile) {
            tile.bytes = LogoBytes::Stored {
                at: within(range),
                len: range.len(),
            };
        }
        let span = within(&self.bytes);
        logo.stored(span, self.bytes.len())
    }
}

/// The entry whose first bytes are `data`, of `len` bytes in all. The pack already
/// verified the bytes (or vouches for them); this only refuses what it cannot parse.
pub(super) fn decode(data: &[u8], len: usize) -> Option<Entry> {
    let mut r = ByteReader(data);
    if r.take(4)? != ENTRY_MAGIC {
        return None;
    }
    let format = format_from_byte(r.take(1)?[0])?;
    let has_warning = r.take(1)?[0] == 1;
    let has_tile = r.take(1)?[0] == 1;
    let width = f64::from_le_bytes(r.array()?);
    let height = f64::from_le_bytes(r.array()?);
    let hash = blake3::Hash::from_bytes(r.array()?);
    let tile_hash = match has_tile {
        true => Some(blake3::Hash::from_bytes(r.array()?)),
        false => None,
    };
    let warning_len = r.length()?;
    let warning = std::str::from_utf8(r.take(warning_len)?).ok()?.to_string();
    let tile_len = r.length()?;
    let bytes_len = r.length()?;
    let start = data.len() - r.0.len();
    let tile_end = start.checked_add(tile_len)?;
    if tile_end.checked_add(bytes_len)? != len || (tile_hash.is_none() && tile_len > 0) {
        return None;
    }
    Some(Entry {
        format,
        width,
        height,
        hash,
        warning: has_warning.then_some(warning),
        tile: tile_hash.map(|h| (h, start..tile_end)),
        bytes: tile_end..len,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A processed SVG, its bytes in memory.
    pub(in crate::logos) fn sample() -> ProcessedLogo {
        ProcessedLogo::new(
            "My Logo.svg",
            LogoFormat::Svg,
            b"<svg/>".to_vec(),
            (12.5, 3.0),
            Some("viewBox kept".into()),
        )
    }

    /// [`sample`] with a tile raster of `png`, when given.
    fn tiled(png: Option<&[u8]>) -> ProcessedLogo {
        let logo = sample();
        let tile = png.map(|png| Tile::new(&logo.file_name, png.to_vec()));
        logo.with_tile(tile)
    }

    #[test]
    fn entries_that_do_not_parse_are_misses() {
        assert_eq!(decode(b"LGC3", 4), None);
        for tile in [None, Some(&b"png"[..])] {
            let mut entry = encode(&tiled(tile)).expect("encoded");
            entry.push(0);
            assert_eq!(decode(&entry, entry.len()), None);
            entry.pop();
            assert!(decode(&entry, entry.len()).is_some());
            // A head is enough, as long as it holds the header.
            assert!(decode(&entry[..entry.len() - 6], entry.len()).is_some());
            assert_eq!(decode(&entry[..20], entry.len()), None);
            entry[4] = 9;
            assert_eq!(decode(&entry, entry.len()), None);
        }
    }

    #[test]
    fn the_tile_and_the_logo_are_found_apart() {
        let entry = encode(&tiled(Some(b"png"))).expect("encoded");
        let read = decode(&entry, entry.len()).expect("entry");
        let (hash, range) = read.tile.clone().expect("tiled");
        assert_eq!(hash, blake3::hash(b"png"));
        assert_eq!(&entry[range], b"png");
        assert_eq!(&entry[read.bytes.clone()], b"<svg/>");
        let untiled = encode(&tiled(None)).expect("encoded");
        assert_eq!(decode(&untiled, untiled.len()).expect("entry").tile, None);
    }
}
