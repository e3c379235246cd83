//! The `export` job: load and check the landscape, process its logos, and write one poster
//! file (SVG, PDF or PNG) atomically.

use std::path::{Path, PathBuf};

use crate::diagnostics::Report;
use crate::export::{self, Poster, PosterOptions};
use crate::load::{self, Inputs};
use crate::site;

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub inputs: Inputs,
    pub cache: Option<PathBuf>,
    pub out: PathBuf,
    pub options: PosterOptions,
    pub progress: bool,
}

/// Why no poster was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportJobError {
    #[error(transparent)]
    Export(#[from] export::ExportError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Runs the job. Items with errors are left out of the poster (they are in the report).
pub fn run(job: &ExportJob) -> Result<(Poster, Report), ExportJobError> {
    let loaded = load::load(&job.inputs);
    let mut report = loaded.report.clone();
    report.extend(crate::validate::cross_checks(&loaded));
    let (processed, problems) = site::process_logos(
        &loaded,
        &job.inputs.logos,
        job.cache.as_deref(),
        job.progress,
        &mut report,
    );
    let (landscape, _skipped) = site::renderable(&loaded, &problems);
    let logos = processed.into_iter().collect();
    let mut options = job.options.clone();
    if options.base_dir.is_none() {
        options.base_dir = job
            .inputs
            .settings
            .as_deref()
            .and_then(Path::parent)
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            });
    }
    if options.cache_dir.is_none() {
        options.cache_dir = job.cache.clone();
    }
    let poster = export::export_poster(&landscape, &loaded.settings, &logos, &options)?;
    write_atomically(&job.out, &poster.bytes)?;
    Ok((poster, report))
}

/// Writes through a temporary file in the same directory, renamed over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportJobError> {
    let err = |source| ExportJobError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
