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
use crate::load::{self, Guide, Inputs, Settings};
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
        let (report, mut loaded) = rayon::join(
            || {
                let mut opts = PrepareOptions::new(inputs.clone(), LogoWork::Check);
                opts.cache = cache;
                prepare::prepare(&opts).report
            },
            || load::load(inputs),
        );
        crate::rules::apply(&mut loaded.data.landscape.items, &loaded.settings);
        let mut landscape = loaded.data.landscape;
        landscape.place_second_paths();
        let mut names: Vec<&str> = landscape.items.iter().map(|i| i.logo.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let logo_hashes = names
            .par_iter()
            .map(|name| (name.to_string(), content_hash(&inputs.logos, name)))
            .collect();
        Side {
            inputs: inputs.clone(),
            landscape,
            settings: loaded.settings,
            guide: loaded.guide,
            report,
            logo_hashes,
        }
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
}

/// Reads both sides, compares them and draws the previews asked for.
pub fn run(opts: &DiffOptions) -> Result<DiffReport, DiffError> {
    let base_files = opts.base.read(&opts.head)?;
    let (base, head) = rayon::join(
        || Side::read(&base_files.inputs, opts.cache.clone()),
        || Side::read(&opts.head, opts.cache.clone()),
    );
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
