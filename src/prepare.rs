//! The one path every command takes from input files to a landscape ready to publish:
//! load → settings rules (end users, TAGs) → cross-checks → logos (checked, or processed
//! through the cache) → the renderable landscape (items with broken logos left out, second
//! paths placed) → GitHub data joined per item. `validate` stops at the report; `build` and `export` hand the rest on.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::brand::{self, BrandFile};
use crate::diagnostics::Report;
use crate::enrich::{
    self, ClomonitorOptions, ClomonitorReport, EnrichOptions, EnrichReport, ItemGithub, OrgOptions,
    OrgReport, Organization, RepoRef, ReportSummary,
};
use crate::load::{self, Guide, Inputs, Settings, Skipped};
use crate::logos::{self, LogoCache, LogoProblem, ProcessOptions, ProcessedLogo};
use crate::model::{Item, Landscape};
use crate::progress::{Progress, Timings};
use crate::{rules, validate};

/// What to do with the logos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoWork {
    /// Only check that each parses and draws something (`validate`: fast, cached).
    Check,
    /// Sanitize and crop each for publishing (`build`, `export`).
    Process,
}

/// How to prepare a landscape.
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    pub inputs: Inputs,
    /// Where processed logos (and GitHub data) are cached; `None`: no cache.
    pub cache: Option<PathBuf>,
    pub logos: LogoWork,
    /// Progress bars on the terminal.
    pub progress: bool,
    /// GitHub enrichment, when asked for.
    pub github: Option<EnrichOptions>,
    /// Organization data (Crunchbase or Wikidata), when asked for.
    pub orgs: Option<OrgOptions>,
    /// CLOMonitor report summaries of the items with `clomonitor_name`, when asked for.
    pub clomonitor: Option<ClomonitorOptions>,
}

impl PrepareOptions {
    /// Preparing `inputs` with `logos` work, no cache, no progress bars and no GitHub.
    pub fn new(inputs: Inputs, logos: LogoWork) -> Self {
        PrepareOptions {
            inputs,
            cache: None,
            logos,
            progress: false,
            github: None,
            orgs: None,
            clomonitor: None,
        }
    }
}

/// A landscape ready to publish, with everything found on the way.
#[derive(Debug)]
pub struct Prepared {
    /// The data file's name as diagnostics show it.
    pub data_file: String,
    pub settings: Settings,
    pub guide: Option<Guide>,
    /// Every problem found, sorted.
    pub report: Report,
    /// The items that can be published, each in its own and its second paths.
    pub landscape: Landscape,
    /// Items left out for errors (with `--keep-going`).
    pub skipped: Vec<Skipped>,
    /// The brand images settings name by local path, sanitized.
    pub brand: Vec<BrandFile>,
    /// Processed logos keyed by the items' `logo` field (empty when only checked).
    pub logos: BTreeMap<String, ProcessedLogo>,
    /// Each item's GitHub figures, indexed like `landscape.items`.
    pub github: Vec<Option<ItemGithub>>,
    /// Each item's organization (from its `crunchbase` URL), indexed like `landscape.items`;
    /// items of one organization share it.
    pub orgs: Vec<Option<Arc<Organization>>>,
    /// The enrichment's own report, when it ran.
    pub enrichment: Option<Result<EnrichReport, String>>,
    /// The organization lookup's report, when it ran.
    pub organizations: Option<Result<OrgReport, String>>,
    /// Each item's CLOMonitor report summary (image and link), indexed like
    /// `landscape.items`.
    pub clomonitor: Vec<Option<Arc<ReportSummary>>>,
    /// The CLOMonitor run's report, when it ran.
    pub clomonitor_report: Option<Result<ClomonitorReport, String>>,
    /// The input files' text as read, by published name (see [`load::Loaded::sources`]).
    pub sources: Vec<(&'static str, std::sync::Arc<String>)>,
    /// How long each step took.
    pub timings: Timings,
}

/// Loads, checks and processes a landscape. Never fails: every problem is in the report.
pub fn prepare(opts: &PrepareOptions) -> Prepared {
    prepare_observed(opts, |_| {})
}

/// [`prepare`], showing `observe` the landscape as loaded (settings rules applied) before
/// items with broken logos are left out: what `diff` compares, without loading twice.
pub fn prepare_observed(opts: &PrepareOptions, observe: impl FnOnce(&load::Loaded)) -> Prepared {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let yaml_cache = opts.cache.as_ref().map(|c| c.join("yaml"));
    let mut loaded = load::load_cached(&opts.inputs, yaml_cache.as_deref());
    rules::apply(&mut loaded.data.landscape.items, &loaded.settings);
    observe(&loaded);
    let mut report = loaded.report.clone();
    report.extend(validate::cross_checks(&loaded));
    lap("load+validate", &mut timings);

    // GitHub enrichment is network-bound: it runs on its own thread beside the logos.
    let github_thread = opts.github.clone().map(|gh| {
        let repos = repo_refs(&loaded.data.landscape.items);
        std::thread::spawn(move || enrich::enrich(&repos, &gh).map_err(|e| e.to_string()))
    });
    // So are organizations, on a thread of their own.
    let orgs_thread = opts.orgs.clone().map(|mut o| {
        // The services ask whom to contact about the traffic: the landscape's site by default.
        if o.contact.is_none() && !loaded.settings.url.trim().is_empty() {
            o.contact = Some(loaded.settings.url.clone());
        }
        let urls: Vec<String> = (loaded.data.landscape.items.iter())
            .filter_map(|i| i.crunchbase.clone())
            .collect();
        std::thread::spawn(move || enrich::enrich_orgs_blocking(&urls, &o))
    });
    let clomonitor_thread = opts.clomonitor.clone().map(|c| {
        let names: Vec<String> = (loaded.data.landscape.items.iter())
            .filter_map(|i| clomonitor_name(i).map(str::to_string))
            .collect();
        let foundation = loaded.settings.foundation.clone();
        std::thread::spawn(move || enrich::clomonitor::report_summaries(&foundation, &names, &c))
    });

    let names = logos::logo_names(&loaded);
    let cache = (opts.cache.as_ref()).map(|c| LogoCache::new(c.join("logos")));
    let settings = &loaded.settings;
    let opts_for = |name: &str| ProcessOptions {
        adjust_viewbox: settings.adjust_viewbox(name),
    };
    let batch = match opts.logos {
        LogoWork::Check => {
            logos::check_and_advise_all(&opts.inputs.logos, &names, opts_for, cache.as_ref())
        }
        LogoWork::Process => process(opts, &names, opts_for, cache.as_ref()),
    };
    let (processed, problems) = (batch.processed, batch.problems);
    report.extend(logos::problem_diagnostics(&loaded, &problems));
    report.extend(logos::fallback_warnings(&loaded, &processed));
    report.extend(logos::advice_warnings(&loaded, &batch.advice));
    let (brand, brand_problems) = brand::images(&opts.inputs, &loaded);
    report.extend(brand_problems);
    report.sort();
    lap("logos", &mut timings);

    let load::Loaded {
        data_file,
        data,
        settings,
        guide,
        sources,
        ..
    } = loaded;
    let (landscape, skipped) = renderable(data.landscape, data.skipped, &problems);

    let enrichment = github_thread.map(|t| {
        t.join()
            .unwrap_or_else(|_| Err("the GitHub enrichment thread panicked".into()))
    });
    let github = match enrichment.as_ref().and_then(|r| r.as_ref().ok()) {
        Some(report) => (landscape.items.par_iter())
            .map(|item| item_github(item, report))
            .collect(),
        None => vec![None; landscape.items.len()],
    };
    lap("github", &mut timings);
    let organizations = orgs_thread.map(|t| {
        t.join()
            .unwrap_or_else(|_| Err("the organizations thread panicked".into()))
    });
    let orgs = match organizations.as_ref().and_then(|r| r.as_ref().ok()) {
        Some(report) => {
            let shared = report.shared();
            (landscape.items.iter())
                .map(|item| shared.get(item.crunchbase.as_deref()?).cloned())
                .collect()
        }
        None => vec![None; landscape.items.len()],
    };
    lap("organizations", &mut timings);
    let clomonitor_report = clomonitor_thread.map(|t| {
        t.join()
            .unwrap_or_else(|_| Err("the CLOMonitor thread panicked".into()))
    });
    let clomonitor = match clomonitor_report.as_ref().and_then(|r| r.as_ref().ok()) {
        Some(report) => (landscape.items.iter())
            .map(|item| report.summary_of(clomonitor_name(item)?.trim()))
            .collect(),
        None => vec![None; landscape.items.len()],
    };
    Prepared {
        data_file,
        settings,
        guide,
        report,
        landscape,
        skipped,
        brand,
        logos: processed,
        github,
        orgs,
        enrichment,
        organizations,
        clomonitor,
        clomonitor_report,
        sources,
        timings,
    }
}

/// Everything `landscape validate` reports: the files, the cross-checks and the logos.
pub fn validate(inputs: &Inputs, cache: Option<PathBuf>) -> Report {
    let mut opts = PrepareOptions::new(inputs.clone(), LogoWork::Check);
    opts.cache = cache;
    prepare(&opts).report
}

/// Processes every logo in parallel through the cache, with a progress bar.
fn process(
    opts: &PrepareOptions,
    names: &[String],
    opts_for: impl Fn(&str) -> ProcessOptions + Sync,
    cache: Option<&LogoCache>,
) -> logos::LogoBatch {
    let distinct = names.iter().collect::<HashSet<_>>().len();
    let bar = Progress::new(opts.progress, "logos", distinct);
    let batch =
        logos::process_and_advise_all(&opts.inputs.logos, names, opts_for, cache, || bar.inc());
    bar.finish();
    batch
}

/// The landscape as published: items whose logo failed are left out (and listed as skipped
/// with those the loader skipped), and items are placed in their second paths.
fn renderable(
    landscape: Landscape,
    mut skipped: Vec<Skipped>,
    problems: &HashMap<String, LogoProblem>,
) -> (Landscape, Vec<Skipped>) {
    let mut broken = HashSet::new();
    for (i, item) in landscape.items.iter().enumerate() {
        if problems.contains_key(&item.logo) {
            broken.insert(i);
            skipped.push(Skipped {
                name: item.name.clone(),
                path: format!("{} / {}", item.category, item.subcategory),
                line: item.line,
                errors: 1,
                logo: None,
            });
        }
    }
    let mut landscape = landscape.without(&broken);
    landscape.place_second_paths();
    (landscape, skipped)
}

/// Every repository of every item, for enrichment.
fn repo_refs(items: &[Item]) -> Vec<RepoRef> {
    items
        .iter()
        .flat_map(|i| &i.repositories)
        .map(|r| RepoRef::with_branch(r.url.clone(), r.branch.clone()))
        .collect()
}

/// An item's project name on CLOMonitor.
fn clomonitor_name(item: &Item) -> Option<&str> {
    item.extra.text.get("clomonitor_name").map(String::as_str)
}

/// An item's GitHub figures: the aggregate over its repositories that have data.
fn item_github(item: &Item, report: &EnrichReport) -> Option<ItemGithub> {
    let stats: Vec<_> = (item.repositories.iter())
        .filter_map(|r| report.stats(&RepoRef::with_branch(r.url.clone(), r.branch.clone())))
        .collect();
    (!stats.is_empty()).then(|| enrich::aggregate(&stats))
}
