//! The `export` job: prepare the landscape and write one poster file (SVG, PDF or PNG)
//! atomically.

use std::path::{Path, PathBuf};

use super::{ExportError, Poster, PosterOptions, export_poster};
use crate::diagnostics::Report;
use crate::load::Inputs;
use crate::prepare::{self, LogoWork, PrepareOptions};

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub inputs: Inputs,
    pub cache: Option<PathBuf>,
    pub out: PathBuf,
    pub options: PosterOptions,
    pub progress: bool,
    /// Draw the valid items even when some have errors (like `build --keep-going`).
    pub keep_going: bool,
}

/// Why no poster was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportJobError {
    #[error("the landscape has {} error(s); nothing was written (use --keep-going to draw the valid items)", .0.errors())]
    Invalid(Box<Report>),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(
        "refusing to write the poster to {path}: {reason}; nothing was changed. Name a new file for --out, such as landscape.{ext}"
    )]
    Refused {
        path: PathBuf,
        reason: &'static str,
        ext: &'static str,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Runs the job. With `keep_going`, items with errors are left out of the poster (they are
/// in the report); without, errors write nothing.
pub fn run(job: &ExportJob) -> Result<(Poster, Report), ExportJobError> {
    check_out(job)?;
    let mut opts = PrepareOptions::new(job.inputs.clone(), LogoWork::Process);
    opts.cache = job.cache.clone();
    opts.progress = job.progress;
    let prepared = prepare::prepare(&opts);
    if prepared.report.errors() > 0 && !job.keep_going {
        return Err(ExportJobError::Invalid(Box::new(prepared.report)));
    }
    let mut options = job.options.clone();
    if options.base_dir.is_none() {
        options.base_dir = Some(job.inputs.settings_dir());
    }
    if options.cache_dir.is_none() {
        options.cache_dir = job.cache.clone();
    }
    let poster = export_poster(
        &prepared.landscape,
        &prepared.settings,
        &prepared.logos,
        &options,
    )?;
    write_atomically(&job.out, &poster.bytes)?;
    Ok((poster, prepared.report))
}

/// Refuses, before any work, an `--out` the poster would destroy: a directory, or a file
/// the export reads (a data, settings or guide file, or anything in the logos directory).
fn check_out(job: &ExportJob) -> Result<(), ExportJobError> {
    let refuse = |reason| ExportJobError::Refused {
        path: job.out.clone(),
        reason,
        ext: job.options.format.extension(),
    };
    if job.out.is_dir() {
        return Err(refuse("it is a directory"));
    }
    let resolved = crate::staging::resolve(&job.out).ok();
    let inputs = &job.inputs;
    let mut reads = vec![&inputs.data];
    reads.extend(inputs.settings.as_ref());
    reads.extend(inputs.guide.as_ref());
    let is_input = reads
        .into_iter()
        .any(|read| resolved.is_some() && crate::staging::resolve(read).ok() == resolved);
    if is_input {
        return Err(refuse("it is an input of the landscape"));
    }
    let logos = crate::staging::resolve(&inputs.logos).ok();
    if let (Some(out), Some(logos)) = (&resolved, &logos)
        && out.starts_with(logos)
    {
        return Err(refuse("it is inside the logos directory"));
    }
    Ok(())
}

/// Writes through a temporary file in the same directory, renamed over `path`. Nothing
/// but that temporary file is ever removed (on failure, when it is dropped).
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
    let mut builder = tempfile::Builder::new();
    // The mode `fs::write` gives a new file, narrowed by the umask (a temporary file's
    // default is 0600, which a web server could not read).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(err)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
