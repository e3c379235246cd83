//! Drawn posters kept in the cache under a hash of everything they are drawn from (the
//! inputs' text, the logos' and brand images' content, the options, the day printed on
//! them, the program itself), so a build that changes none of it copies them instead of
//! drawing them again: the CNCF screenshots take seconds to draw.

use std::path::PathBuf;

use super::Site;
use crate::fs_safety::write_atomically;
use crate::poster::{PosterFormat, PosterOptions};

/// Where one drawing of the posters is kept.
pub(super) struct PosterCache {
    dir: PathBuf,
    key: String,
}

/// Posters found in the cache, in the order of the formats asked for.
pub(super) struct Hit {
    pub files: Vec<Vec<u8>>,
    pub warnings: Vec<String>,
}

impl PosterCache {
    /// The cache entry of these posters; `None` without a cache directory.
    pub fn new(site: &Site, opts: &PosterOptions, formats: &[PosterFormat]) -> Option<Self> {
        let dir = opts.cache_dir.as_ref()?.join("posters");
        let prepared = site.prepared;
        let mut hash = blake3::Hasher::new();
        // A rebuilt program may draw differently: its identity is part of the key.
        let program = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        hash.update(format!("{} {program:?}", env!("CARGO_PKG_VERSION")).as_bytes());
        for (name, text) in &prepared.sources {
            hash.update(name.as_bytes());
            hash.update(&(text.len() as u64).to_le_bytes());
            hash.update(text.as_bytes());
        }
        // Processed logo and brand file names carry their content's hash.
        let mut logos: Vec<(&String, &String)> = (prepared.logos.iter())
            .map(|(name, logo)| (name, &logo.file_name))
            .collect();
        logos.sort();
        for (name, file) in logos {
            hash.update(format!("{name}\0{file}\0").as_bytes());
        }
        for brand in &prepared.brand {
            hash.update(format!("{:?}\0{}\0", brand.slot, brand.file_name).as_bytes());
        }
        // Items left out for their errors change the poster, not the inputs.
        for item in &prepared.landscape.items {
            hash.update(item.id.as_bytes());
        }
        let day = opts
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        hash.update(format!("{opts:?}{formats:?}{day}").as_bytes());
        Some(PosterCache {
            dir,
            key: hash.finalize().to_hex()[..32].to_string(),
        })
    }

    fn file(&self, format: &PosterFormat) -> PathBuf {
        (self.dir).join(format!("{}.{}", self.key, format.extension()))
    }

    fn warnings_file(&self) -> PathBuf {
        self.dir.join(format!("{}.warnings.json", self.key))
    }

    /// Drops entries not written for two days (drawn for an older day or other inputs), so
    /// the cache does not grow by a set of posters every day.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let old = std::time::Duration::from_secs(2 * 24 * 3600);
        for entry in entries.flatten() {
            let age = (entry.metadata().and_then(|m| m.modified()))
                .ok()
                .and_then(|t| t.elapsed().ok());
            if age.is_some_and(|age| age > old) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Every format's poster, when all were drawn before.
    pub fn load(&self, formats: &[PosterFormat]) -> Option<Hit> {
        let warnings = std::fs::read(self.warnings_file()).ok()?;
        let warnings = serde_json::from_slice(&warnings).ok()?;
        let files = (formats.iter())
            .map(|format| std::fs::read(self.file(format)).ok())
            .collect::<Option<Vec<_>>>()?;
        Some(Hit { files, warnings })
    }

    /// Keeps the posters; the warnings file is written last, so an entry is complete when it
    /// exists.
    pub fn store(
        &self,
        formats: &[PosterFormat],
        files: &[Vec<u8>],
        warnings: &[String],
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        self.prune();
        for (format, bytes) in formats.iter().zip(files) {
            write_atomically(&self.file(format), bytes)?;
        }
        let json = serde_json::to_vec(warnings).map_err(std::io::Error::other)?;
        write_atomically(&self.warnings_file(), &json)
    }
}
