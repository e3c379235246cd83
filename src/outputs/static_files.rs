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
            let path = Path::new("logos").join(&logo.file_name);
            // Its content hash is known without reading it from the logo cache.
            out.write_keyed(&path, logo.hash.as_bytes(), || {
                logo.bytes().map_err(|source| WriteError {
                    path: path.clone(),
                    source,
                })
            })
        })?;
        written.logos = logos.len();
        written.files += logos.len();
        for brand in &site.prepared.brand {
            out.write(Path::new("brand").join(&brand.file_name), &brand.bytes)?;
            written.files += 1;
        }
        Ok(written)
    }
}
