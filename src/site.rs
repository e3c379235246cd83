//! `landscape build`: prepare the landscape, lay it out, write every output into a
//! [`Staging`] directory beside the site, and swap it in.
//!
//! The staging makes the build atomic: a failed or interrupted build leaves the previous site
//! intact.

use std::path::{Path, PathBuf};

use crate::diagnostics::Report;
use crate::layout::{LayoutModel, Selection};
use crate::load::{self, Inputs};
use crate::outputs::{self, OutputError, Site, Written};
use crate::poster::PosterOptions;
use crate::prepare::{self, LogoWork, PrepareOptions};
use crate::progress::{Progress, Timings};
use crate::render::{TemplateError, Templates};
use crate::staging::{self, Staging, StagingError, Target, WriteError};

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Inputs,
    pub out: PathBuf,
    pub cache: Option<PathBuf>,
    pub keep_going: bool,
    pub templates: Option<PathBuf>,
    pub progress: bool,
    /// GitHub enrichment, when asked for.
    pub github: Option<crate::enrich::EnrichOptions>,
    /// Organization data (Crunchbase or Wikidata), when asked for.
    pub orgs: Option<crate::enrich::OrgOptions>,
    /// CLOMonitor report summaries, when asked for.
    pub clomonitor: Option<crate::enrich::ClomonitorOptions>,
    /// Also write the poster as `poster/landscape.{svg,pdf,png}` into the site.
    pub posters: bool,
    /// Draw landscape2's `docs/landscape.png` and `.pdf` when settings set
    /// `screenshot_width` (seconds on a large landscape: `serve --watch` leaves them out).
    pub screenshots: bool,
    /// The day the site is built for (today when not given): an event banner whose event
    /// ended before it is left out.
    pub today: Option<chrono::NaiveDate>,
}

impl BuildOptions {
    /// Building `inputs` into `out`: no cache, stop on errors, built-in templates, no
    /// progress bars, no GitHub, no posters, today's date. Set the fields that differ.
    pub fn new(inputs: Inputs, out: impl Into<PathBuf>) -> Self {
        BuildOptions {
            inputs,
            out: out.into(),
            cache: None,
            keep_going: false,
            templates: None,
            progress: false,
            github: None,
            orgs: None,
            clomonitor: None,
            posters: false,
            screenshots: true,
            today: None,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildOutcome {
    pub report: Report,
    pub items: usize,
    pub skipped: Vec<load::Skipped>,
    pub written: Written,
    /// How many of the site's files were written, kept, or kept without being made again.
    pub files: crate::staging::WriteStats,
    pub timings: Timings,
    /// The GitHub enrichment's report, when it ran.
    pub github: Option<Result<crate::enrich::EnrichReport, String>>,
    /// The organization lookup's report, when it ran.
    pub orgs: Option<Result<crate::enrich::OrgReport, String>>,
    /// The CLOMonitor run's report, when it ran.
    pub clomonitor: Option<Result<crate::enrich::ClomonitorReport, String>>,
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the landscape has {} error(s); nothing was written (use --keep-going to build the valid items)", .0.errors())]
    Invalid(Box<Report>),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Templates(#[from] TemplateError),
    #[error(transparent)]
    Staging(#[from] StagingError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Checks that `opts.out` can take the site before anything is touched: the output must
/// not be, hold or lie in what the build reads (see [`staging::check_output`]).
pub fn check_output(opts: &BuildOptions) -> Result<Target, StagingError> {
    let inputs = &opts.inputs;
    let data_dir = inputs
        .data
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut reads = vec![data_dir, inputs.data.as_path(), inputs.logos.as_path()];
    reads.extend(inputs.settings.as_deref());
    reads.extend(inputs.guide.as_deref());
    reads.extend(opts.templates.as_deref());
    reads.extend(opts.cache.as_deref());
    let mut read_dirs = vec![inputs.logos.as_path()];
    read_dirs.extend(opts.templates.as_deref());
    staging::check_output(&opts.out, &reads, &read_dirs)
}

/// Builds the site: check the output → prepare → layout → outputs → swap.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome, BuildError> {
    let target = check_output(opts)?;
    let templates = Templates::load(opts.templates.as_deref())?;
    // What the output's trees hold is recorded beside the cache's other entries.
    let records = opts.cache.as_ref().map(|c| c.join("site"));
    let staging = Staging::prepare(target, records);
    let prepared = prepare::prepare(&PrepareOptions {
        inputs: opts.inputs.clone(),
        cache: opts.cache.clone(),
        logos: LogoWork::Process,
        progress: opts.progress,
        github: opts.github.clone(),
        orgs: opts.orgs.clone(),
        clomonitor: opts.clomonitor.clone(),
    });
    let mut report = prepared.report.clone();
    if report.errors() > 0 && !opts.keep_going {
        return Err(BuildError::Invalid(Box::new(report)));
    }
    let mut timings = prepared.timings.clone();
    let started = std::time::Instant::now();
    let layout = LayoutModel::build(&prepared.landscape, &prepared.settings, &Selection::All)
        .unwrap_or_default();
    timings.push(("layout", started.elapsed()));

    let staging = staging.wait()?;
    let today = (opts.today).unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut site = Site::new(
        &prepared,
        &layout,
        &templates,
        poster_options(opts),
        opts.posters,
        today,
    );
    site.screenshots = opts.screenshots;
    let bar = Progress::new(opts.progress, "pages", prepared.landscape.items.len());
    let outputs = outputs::site_outputs(&site);
    let (written, output_timings) = outputs::write_all(&outputs, &site, &staging, &|| bar.inc())?;
    bar.finish();
    timings.extend(output_timings);
    report.extend(written.diagnostics.iter().cloned());
    let started = std::time::Instant::now();
    let files = staging.stats();
    staging.commit()?;
    timings.push(("swap", started.elapsed()));
    Ok(BuildOutcome {
        report,
        items: prepared.landscape.items.len(),
        skipped: prepared.skipped,
        written,
        files,
        timings,
        github: prepared.enrichment,
        orgs: prepared.organizations,
        clomonitor: prepared.clomonitor_report,
    })
}

/// The site's posters: the poster's defaults, with a header logo found beside settings.
fn poster_options(opts: &BuildOptions) -> PosterOptions {
    let mut poster = PosterOptions::new(crate::poster::PosterFormat::Svg);
    poster.cache_dir = opts.cache.clone();
    poster.base_dir = Some(opts.inputs.settings_dir());
    poster
}
