//! The orchestrator: runs the stages in order for `validate` and `build`.
//!
//! A build renders through a [`Staging`] beside the output and swaps it in only when
//! everything succeeded, so a failed or interrupted build leaves the previous site intact.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::brand;
use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::layout::{LayoutModel, Selection};
use crate::load::{self, Inputs, Loaded};
use crate::logos::{self, LogoCache, ProcessOptions, ProcessedLogo};
use crate::model::{Item, Landscape};
use crate::progress::Progress;
use crate::render::{self, RenderStats, Templates};
use crate::staging::{self, Staging, StagingError, Target, WriteError};
use crate::validate;
use rayon::prelude::*;

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
    /// Also write the poster as `poster/landscape.{svg,pdf,png}` into the site.
    pub posters: bool,
}

impl BuildOptions {
    /// Building `inputs` into `out`: no cache, stop on errors, built-in templates, no
    /// progress bars, no GitHub, no posters. Set the fields that differ.
    pub fn new(inputs: Inputs, out: impl Into<PathBuf>) -> Self {
        BuildOptions {
            inputs,
            out: out.into(),
            cache: None,
            keep_going: false,
            templates: None,
            progress: false,
            github: None,
            posters: false,
        }
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildOutcome {
    pub report: Report,
    pub items: usize,
    pub skipped: Vec<load::Skipped>,
    pub stats: RenderStats,
    pub timings: Vec<(&'static str, Duration)>,
    /// The GitHub enrichment's report, when it ran.
    pub github: Option<Result<crate::enrich::EnrichReport, String>>,
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the landscape has {} error(s); nothing was written (use --keep-going to build the valid items)", .0.errors())]
    Invalid(Box<Report>),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Templates(#[from] render::TemplateError),
    #[error(transparent)]
    Output(#[from] StagingError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Loads and checks a landscape: everything `validate` reports, logos included.
pub fn validate(inputs: &Inputs, cache: Option<&Path>) -> Report {
    let loaded = load::load(inputs);
    let mut report = checked_report(&loaded);
    let names = logo_names(&loaded);
    let cache = cache.map(|c| LogoCache::new(c.join("logos")));
    let problems = logos::check_all(&inputs.logos, &names, cache.as_ref());
    report.extend(logo_diagnostics(&loaded, &problems));
    report.extend(brand::images(inputs, &loaded).1);
    report.sort();
    report
}

fn checked_report(loaded: &Loaded) -> Report {
    let mut report = loaded.report.clone();
    report.extend(validate::cross_checks(loaded));
    report
}

/// The logos to check: every item's, including items skipped for other errors, so one pass
/// reports every problem.
fn logo_names(loaded: &Loaded) -> Vec<String> {
    let valid = loaded.data.landscape.items.iter().map(|i| i.logo.clone());
    let skipped = (loaded.data.skipped.iter()).filter_map(|s| Some(s.logo.as_ref()?.0.clone()));
    valid.chain(skipped).collect()
}

/// Stable rule names for logo problems.
fn logo_code(problem: &logos::LogoProblem) -> &'static str {
    use logos::LogoProblem as P;
    match problem {
        P::UnsafePath { .. } => "logo-unsafe-path",
        P::Missing { .. } => "logo-missing",
        P::Unreadable { .. } => "logo-unreadable",
        P::NotParseable { .. } => "logo-invalid",
        P::EmptyDrawing => "logo-empty",
        P::UnsupportedFormat { .. } => "logo-format",
        P::BadRaster { .. } => "logo-invalid",
    }
}

/// One diagnostic per item whose logo has a problem, on the item's `logo:` line.
fn logo_diagnostics(
    loaded: &Loaded,
    problems: &std::collections::HashMap<String, logos::LogoProblem>,
) -> Vec<Diagnostic> {
    let landscape = &loaded.data.landscape;
    let valid = landscape.items.iter().enumerate().map(|(i, item)| {
        (
            item.logo.as_str(),
            loaded.data.spans[i].logo,
            item.name.clone(),
            format!("{} / {}", item.category, item.subcategory),
        )
    });
    let skipped = loaded.data.skipped.iter().filter_map(|s| {
        let (logo, pos) = s.logo.as_ref()?;
        Some((logo.as_str(), *pos, s.name.clone(), s.path.clone()))
    });
    let mut out = Vec::new();
    for (logo, pos, name, path) in valid.chain(skipped) {
        if let Some(problem) = problems.get(logo) {
            let mut d = Diagnostic::new(
                Severity::Error,
                logo_code(problem),
                &loaded.data_file,
                pos,
                format!("logo `{logo}`: {problem}"),
            )
            .field("logo")
            .hint(problem.hint());
            d.item = Some(name);
            d.path = Some(path);
            out.push(d);
        }
    }
    out
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

/// Builds the site: check the output → load → validate → logos → layout → render → swap.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome, BuildError> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let target = check_output(opts)?;
    let templates = Templates::load(opts.templates.as_deref())?;
    let staging = Staging::prepare(target);
    let loaded = load::load(&opts.inputs);
    let mut report = checked_report(&loaded);
    lap("load+validate", &mut timings);

    let items = &loaded.data.landscape.items;
    // GitHub enrichment is network-bound: it runs on its own thread beside the logos.
    let github_thread = opts.github.clone().map(|gh| {
        let repos = repo_refs(items);
        std::thread::spawn(move || crate::enrich::enrich(&repos, &gh).map_err(|e| e.to_string()))
    });
    let (brand_files, brand_warnings) = brand::images(&opts.inputs, &loaded);
    report.extend(brand_warnings);
    let (processed, problems) = process_logos(
        &loaded,
        &opts.inputs.logos,
        opts.cache.as_deref(),
        opts.progress,
        &mut report,
    );
    lap("logos", &mut timings);

    if report.errors() > 0 && !opts.keep_going {
        return Err(BuildError::Invalid(Box::new(report)));
    }
    let (landscape, skipped) = renderable(&loaded, &problems);
    let settings = &loaded.settings;
    let layout = LayoutModel::build(&landscape, settings, &Selection::All).unwrap_or_default();
    lap("layout", &mut timings);

    let github = github_thread.map(|t| {
        t.join()
            .unwrap_or_else(|_| Err("the GitHub enrichment thread panicked".into()))
    });
    lap("github", &mut timings);
    let github_report = github.as_ref().and_then(|r| r.as_ref().ok());
    // Once per item: pages, the explorer index, stats and items.json all read it.
    let github_data: Vec<Option<serde_json::Value>> = match github_report {
        Some(report) => landscape
            .items
            .par_iter()
            .map(|item| item_github(item, report))
            .collect(),
        None => vec![None; landscape.items.len()],
    };

    let staging = staging.wait()?;
    let bar = Progress::new(opts.progress, "pages", landscape.items.len());
    let input = render::SiteInput {
        landscape: &landscape,
        settings,
        guide: loaded.guide.as_ref(),
        layout: &layout,
        logos: &processed,
        brand_files: &brand_files,
        posters: opts.posters,
        github: &github_data,
    };
    let stats = render::render_site(&input, &templates, &staging, &|| bar.inc())?;
    if opts.posters {
        write_posters(
            &landscape,
            settings,
            &processed,
            opts,
            &staging,
            &mut report,
        )?;
        lap("posters", &mut timings);
    }
    if let Some(report) = github_report {
        let json = serde_json::to_vec_pretty(report).unwrap_or_default();
        staging.write("data/github-report.json", &json)?;
    }
    bar.finish();
    lap("render", &mut timings);
    staging.commit()?;
    lap("swap", &mut timings);
    Ok(BuildOutcome {
        report,
        items: landscape.items.len(),
        skipped,
        stats,
        timings,
        github,
    })
}

/// The three poster formats, into `<site>/poster/`. A poster that cannot be made is a
/// warning: the site is still complete without it.
fn write_posters(
    landscape: &Landscape,
    settings: &load::Settings,
    processed: &BTreeMap<String, ProcessedLogo>,
    opts: &BuildOptions,
    out: &Staging,
    report: &mut Report,
) -> Result<(), BuildError> {
    use crate::export::{PosterFormat, PosterOptions, export_poster};
    let logos: std::collections::HashMap<String, ProcessedLogo> = processed
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for format in [PosterFormat::Svg, PosterFormat::Pdf, PosterFormat::Png] {
        let mut poster_opts = PosterOptions::new(format);
        poster_opts.cache_dir = opts.cache.clone();
        poster_opts.base_dir = opts
            .inputs
            .settings
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let file = format!("poster/landscape.{}", format.extension());
        match export_poster(landscape, settings, &logos, &poster_opts) {
            Ok(poster) => out.write(file, &poster.bytes)?,
            Err(e) => report.extend([Diagnostic::new(
                Severity::Warning,
                "poster",
                &loaded_name(opts),
                Default::default(),
                format!("the {} poster could not be made: {e}", format.extension()),
            )]),
        }
    }
    Ok(())
}

fn loaded_name(opts: &BuildOptions) -> String {
    opts.inputs.data.display().to_string()
}

/// Logo problems by logo name.
pub type LogoProblems = std::collections::HashMap<String, logos::LogoProblem>;

/// Processes every item's logo (in parallel, through the cache), adding logo problems to
/// `report`. Returns the processed logos by name, and the problems.
pub fn process_logos(
    loaded: &Loaded,
    logos_dir: &Path,
    cache: Option<&Path>,
    progress: bool,
    report: &mut Report,
) -> (BTreeMap<String, ProcessedLogo>, LogoProblems) {
    let names = logo_names(loaded);
    let cache = cache.map(|c| LogoCache::new(c.join("logos")));
    let bar = Progress::new(progress, "logos", unique(&names));
    let settings = &loaded.settings;
    let results = logos::process_all(
        logos_dir,
        &names,
        |name| ProcessOptions {
            adjust_viewbox: settings.adjust_viewbox(name),
        },
        cache.as_ref(),
        || bar.inc(),
    );
    bar.finish();
    let mut processed = BTreeMap::new();
    let mut problems = LogoProblems::new();
    for (name, result) in results {
        match result {
            Ok(logo) => {
                processed.insert(name, logo);
            }
            Err(problem) => {
                problems.insert(name, problem);
            }
        }
    }
    report.extend(logo_diagnostics(loaded, &problems));
    report.extend(logo_warnings(loaded, &processed));
    report.sort();
    (processed, problems)
}

/// The landscape as rendered: items whose logo failed are left out (and listed as skipped
/// with those the loader skipped), and items are placed in their second paths.
pub fn renderable(loaded: &Loaded, problems: &LogoProblems) -> (Landscape, Vec<load::Skipped>) {
    let items = &loaded.data.landscape.items;
    let mut skipped = loaded.data.skipped.clone();
    let broken: HashSet<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| problems.contains_key(&item.logo))
        .map(|(i, _)| i)
        .collect();
    for &i in &broken {
        skipped.push(load::Skipped {
            name: items[i].name.clone(),
            path: format!("{} / {}", items[i].category, items[i].subcategory),
            line: items[i].line,
            errors: 1,
            logo: None,
        });
    }
    let mut landscape = without(&loaded.data.landscape, &broken);
    validate::place_second_paths(&mut landscape);
    (landscape, skipped)
}

/// Every repository of every item, for enrichment.
fn repo_refs(items: &[Item]) -> Vec<crate::enrich::RepoRef> {
    items
        .iter()
        .flat_map(|i| &i.repositories)
        .map(|r| crate::enrich::RepoRef::with_branch(r.url.clone(), r.branch.clone()))
        .collect()
}

/// An item's GitHub data as pages and `items.json` show it: the aggregate over its
/// repositories, plus its activity sparkline (numbers only, safe to inline).
fn item_github(item: &Item, report: &crate::enrich::EnrichReport) -> Option<serde_json::Value> {
    let stats: Vec<&crate::enrich::RepoStats> = item
        .repositories
        .iter()
        .filter_map(|r| {
            report.stats(&crate::enrich::RepoRef::with_branch(
                r.url.clone(),
                r.branch.clone(),
            ))
        })
        .collect();
    if stats.is_empty() {
        return None;
    }
    let aggregate = crate::enrich::aggregate(&stats);
    let mut value = serde_json::to_value(&aggregate).ok()?;
    if let Some(map) = value.as_object_mut() {
        let sparkline = if aggregate.weekly_commits.is_empty() {
            String::new()
        } else {
            crate::enrich::sparkline_svg(&aggregate.weekly_commits, 240, 40)
        };
        map.insert("sparkline".into(), sparkline.into());
        let names: Vec<&str> = aggregate
            .languages
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        map.insert("language_names".into(), names.into());
    }
    Some(value)
}

fn unique(names: &[String]) -> usize {
    names.iter().collect::<HashSet<_>>().len()
}

fn logo_warnings(loaded: &Loaded, processed: &BTreeMap<String, ProcessedLogo>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, item) in loaded.data.landscape.items.iter().enumerate() {
        let Some(warning) = processed.get(&item.logo).and_then(|l| l.warning.as_ref()) else {
            continue;
        };
        if !seen.insert(&item.logo) {
            continue;
        }
        let mut d = Diagnostic::new(
            Severity::Warning,
            "logo-viewbox",
            &loaded.data_file,
            loaded.data.spans[i].logo,
            format!("logo `{}`: {warning}", item.logo),
        )
        .field("logo");
        d.item = Some(item.name.clone());
        out.push(d);
    }
    out
}

/// The landscape without the items in `drop` (indices remapped).
fn without(landscape: &Landscape, drop: &HashSet<usize>) -> Landscape {
    if drop.is_empty() {
        return landscape.clone();
    }
    let mut remap = vec![usize::MAX; landscape.items.len()];
    let mut items = Vec::with_capacity(landscape.items.len() - drop.len());
    for (i, item) in landscape.items.iter().enumerate() {
        if !drop.contains(&i) {
            remap[i] = items.len();
            items.push(item.clone());
        }
    }
    let mut categories = landscape.categories.clone();
    for sub in categories
        .iter_mut()
        .flat_map(|c| c.subcategories.iter_mut())
    {
        sub.items = sub
            .items
            .iter()
            .map(|&i| remap[i])
            .filter(|&i| i != usize::MAX)
            .collect();
    }
    Landscape { categories, items }
}
