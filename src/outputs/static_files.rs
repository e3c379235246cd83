//! Files published as they are: the built-in assets, the processed logos and the brand
//! images.

use std::path::Path;

use rayon::prelude::*;

use super::{Output, OutputError, Site, Written};
use crate::logos::ProcessedLogo;
use crate::staging::{Staging, WriteError};

/// `assets/`, `logos/` and `brand/`.
pub struct StaticFiles;

impl Output for StaticFiles {
    fn name(&self) -> &'static str {
        "static files"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let mut written = Written::default();
        for asset in &site.templates.assets {
            out.write(Path::new("assets").join(&asset.hashed_path), &asset.bytes)?;
            written.files += 1;
        }
        // Items sharing a logo share its file.
        let mut logos: Vec<&ProcessedLogo> = site.prepared.logos.values().collect();
        logos.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        logos.dedup_by(|a, b| a.file_name == b.file_name);
        (logos.par_iter()).try_for_each(|logo| {
            publish(out, &logo.file_name, &logo.hash, || logo.bytes())?;
            match &logo.tile {
                Some(tile) => publish(out, &tile.file_name, &tile.hash, || tile.bytes()),
                None => Ok(()),
            }
        })?;
        let tiles = logos.iter().filter(|l| l.tile.is_some()).count();
        written.logos = logos.len();
        written.files += logos.len() + tiles;
        for brand in &site.prepared.brand {
            out.write(Path::new("brand").join(&brand.file_name), &brand.bytes)?;
            written.files += 1;
        }
        Ok(written)
    }
}

/// Writes `logos/<file_name>`, keyed by its content hash, known without reading the bytes
/// from the logo cache: an unchanged file is kept unread.
fn publish<'a>(
    out: &Staging,
    file_name: &str,
    hash: &blake3::Hash,
    bytes: impl FnOnce() -> std::io::Result<std::borrow::Cow<'a, [u8]>>,
) -> Result<(), WriteError> {
    let path = Path::new("logos").join(file_name);
    out.write_keyed(&path, hash.as_bytes(), || {
        bytes().map_err(|source| WriteError {
            path: path.clone(),
            source,
        })
    })
}
