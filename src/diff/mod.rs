//! `landscape diff`: what a change to a landscape does, for the people reviewing it. The base
//! (a git revision, or files) and the head (the working files) are loaded through the same
//! pipeline as `validate`, compared into a typed [`ChangeSet`], printed for a terminal, a
//! pull request comment or a program ([`format`]), and optionally drawn ([`preview`]).
//!
//! Everything on either side may come from an untrusted pull request: names are escaped by
//! every format, logos are read only inside the logos directory and sanitized before they
//! are drawn, and nothing is fetched.

pub mod base;
pub mod compare;
pub mod format;
pub mod preview;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

pub use base::{Base, BaseError, BaseSpec};
pub use compare::{ChangeSet, compare};
pub use format::DiffFormat;
pub use preview::Previews;

use crate::diagnostics::{Report, Severity};
use crate::load::{Guide, Inputs, Settings};
use crate::model::Landscape;
use crate::prepare::{self, LogoWork, PrepareOptions};

/// What to compare.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    pub base: BaseSpec,
    pub head: Inputs,
    /// The logo cache (as for `validate` and `build`); `None`: no cache.
    pub cache: Option<PathBuf>,
    /// Where to write preview images, if wanted.
    pub preview: Option<PathBuf>,
}

/// One side of the comparison: the landscape as loaded (settings rules applied, second
/// paths placed), its settings, guide and problems, and each logo's content hash.
#[derive(Debug)]
pub struct Side {
    pub inputs: Inputs,
    pub landscape: Landscape,
    pub settings: Settings,
    pub guide: Option<Guide>,
    pub report: Report,
    logo_hashes: HashMap<String, Option<String>>,
}

impl Side {
    /// Loads and checks a landscape. Items are taken as loaded, not as published: an item
    /// whose logo broke is still the same item (its problem is reported).
    pub fn read(inputs: &Inputs, cache: Option<PathBuf>) -> Side {
        Self::read_hashing(inputs, cache, true)
    }

    /// [`Side::read`], hashing the logo files only when `hash_logos` (see
    /// [`Side::share_logo_hashes`]).
    fn read_hashing(inputs: &Inputs, cache: Option<PathBuf>, hash_logos: bool) -> Side {
        let mut opts = PrepareOptions::new(inputs.clone(), LogoWork::Check);
        opts.cache = cache;
        let mut landscape = None;
        let prepared = prepare::prepare_observed(&opts, |loaded| {
            landscape = Some(loaded.data.landscape.clone());
        });
        let mut landscape = landscape.unwrap_or_default();
        landscape.place_second_paths();
        let mut names: Vec<&str> = landscape.items.iter().map(|i| i.logo.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let logo_hashes = match hash_logos {
            true => (names.par_iter())
                .map(|name| (name.to_string(), content_hash(&inputs.logos, name)))
                .collect(),
            false => names.iter().map(|name| (name.to_string(), None)).collect(),
        };
        Side {
            inputs: inputs.clone(),
            landscape,
            settings: prepared.settings,
            guide: prepared.guide,
            report: prepared.report,
            logo_hashes,
        }
    }

    /// Fills this side's logo hashes from `other`'s, which reads the same logos directory:
    /// each file is hashed once; only names `other` does not use are read here.
    fn share_logo_hashes(&mut self, other: &Side) {
        let logos = &self.inputs.logos;
        (self.logo_hashes.par_iter_mut()).for_each(|(name, hash)| {
            *hash = match other.logo_hashes.get(name) {
                Some(known) => known.clone(),
                None => content_hash(logos, name),
            };
        });
    }

    /// The content hash of a logo file this side's items name (`None`: absent).
    pub fn logo_hash(&self, logo: &str) -> Option<String> {
        self.logo_hashes.get(logo).cloned().flatten()
    }
}

/// The first 16 hex digits of the blake3 hash of a logo file, read as `validate` reads it
/// (only inside the logos directory).
fn content_hash(logos: &Path, name: &str) -> Option<String> {
    let (_, bytes) = crate::logos::read(logos, name).ok()?;
    Some(blake3::hash(&bytes).to_hex()[..16].to_string())
}

/// Refuses, before any work, a preview directory that is a file or inside the logos
/// directory (preview images would land among the logos and be committed as logos).
fn check_preview_dir(dir: &Path, head: &Inputs) -> Result<(), DiffError> {
    let refuse = |reason| DiffError::PreviewDir {
        path: dir.to_path_buf(),
        reason,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(refuse("it is not a directory"));
    }
    let resolved = crate::staging::resolve(dir).ok();
    let logos = crate::staging::resolve(&head.logos).ok();
    if let (Some(dir), Some(logos)) = (&resolved, &logos)
        && dir.starts_with(logos)
    {
        return Err(refuse("it is inside the logos directory"));
    }
    Ok(())
}

/// Counts, for a quick look and for the exit code.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub moved: usize,
    pub edited: usize,
    pub logos: usize,
    pub settings: usize,
    pub guide: usize,
    pub new_errors: usize,
    pub new_warnings: usize,
    pub fixed_problems: usize,
}

/// The result of `landscape diff`: what `--format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    /// The base as named (`origin/main`, or its data file) and the head's data file.
    pub base: String,
    pub head: String,
    pub summary: Summary,
    #[serde(flatten)]
    pub changes: ChangeSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previews: Option<Previews>,
}

/// Why there is no diff.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(transparent)]
    Base(#[from] BaseError),
    #[error(transparent)]
    Preview(#[from] preview::PreviewError),
    /// `--preview` names a place previews must not be written to.
    #[error("refusing to write previews to {path}: {reason}")]
    PreviewDir { path: PathBuf, reason: &'static str },
}

/// Reads both sides, compares them and draws the previews asked for.
pub fn run(opts: &DiffOptions) -> Result<DiffReport, DiffError> {
    if let Some(dir) = &opts.preview {
        check_preview_dir(dir, &opts.head)?;
    }
    let base_files = opts.base.read(&opts.head)?;
    // Both sides usually read one logos directory (logos kept outside the repository, or
    // explicit files beside each other): its files are then hashed once.
    let resolve = |dir: &Path| crate::staging::resolve(dir).ok();
    let shared =
        resolve(&base_files.inputs.logos).is_some_and(|b| resolve(&opts.head.logos) == Some(b));
    let (mut base, head) = rayon::join(
        || Side::read_hashing(&base_files.inputs, opts.cache.clone(), !shared),
        || Side::read(&opts.head, opts.cache.clone()),
    );
    if shared {
        base.share_logo_hashes(&head);
    }
    let changes = compare(&base, &head);
    let previews = match &opts.preview {
        Some(dir) => Some(preview::render(
            &base,
            &head,
            &changes,
            dir,
            opts.cache.as_deref(),
        )?),
        None => None,
    };
    let problems = |s: Severity| {
        (changes.new_problems.iter())
            .filter(|d| d.severity == s)
            .count()
    };
    let summary = Summary {
        added: changes.added.len(),
        removed: changes.removed.len(),
        renamed: changes.renamed.len(),
        moved: changes.moved.len(),
        edited: changes.edited.len(),
        logos: changes.logos.len(),
        settings: changes.settings.len(),
        guide: changes.guide.len(),
        new_errors: problems(Severity::Error),
        new_warnings: problems(Severity::Warning),
        fixed_problems: changes.fixed_problems,
    };
    Ok(DiffReport {
        base: base_files.label,
        head: opts.head.data.display().to_string(),
        summary,
        changes,
        previews,
    })
}
