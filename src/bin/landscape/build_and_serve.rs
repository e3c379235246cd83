//! `landscape build` and `landscape serve` (which builds first, and again on each change
//! with `--watch`): options from the arguments, and what a build reports.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use landscape::cli::{BuildArgs, ServeArgs};
use landscape::site::{self, BuildError, BuildOptions};
use landscape::{enrich, serve};

use crate::{inputs, note_ignored, print_report};

fn build_options(args: &BuildArgs) -> Option<BuildOptions> {
    let cache = args.input.cache_dir();
    Some(BuildOptions {
        inputs: inputs(&args.input)?,
        out: absolute(&args.out),
        github: github_wanted(args)
            .then(|| enrich::EnrichOptions::from_env(cache.clone(), args.github_ttl, args.offline)),
        orgs: orgs_options(args, &cache),
        clomonitor: (!args.no_clomonitor).then(|| {
            enrich::ClomonitorOptions::from_env(cache.clone(), args.orgs_ttl, args.offline)
        }),
        cache: Some(cache),
        keep_going: args.keep_going,
        posters: args.posters,
        screenshots: !args.preview,
        templates: args.templates.clone(),
        progress: !args.quiet && std::io::stderr().is_terminal(),
        today: None,
    })
}

/// `--github`, or `GITHUB_TOKENS` set (what landscape2 users do) unless `--no-github`.
fn github_wanted(args: &BuildArgs) -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if args.github || args.no_github {
        return args.github;
    }
    if set("GITHUB_TOKENS") {
        eprintln!("github: GITHUB_TOKENS is set, so GitHub data is fetched (--no-github skips it)");
        return true;
    }
    if set("GITHUB_TOKEN") {
        eprintln!("github: GITHUB_TOKEN is set but not used: add --github to fetch GitHub data");
    }
    false
}

/// `--orgs`, or by default Crunchbase when CRUNCHBASE_API_KEY is set and Wikidata otherwise;
/// none with `--no-orgs`.
fn orgs_options(args: &BuildArgs, cache: &std::path::Path) -> Option<enrich::OrgOptions> {
    if args.no_orgs {
        return None;
    }
    let provider = args.orgs.unwrap_or_else(|| {
        let provider = enrich::OrgOptions::default_provider(|n| std::env::var(n).ok());
        if provider == enrich::OrgSource::Crunchbase {
            eprintln!(
                "orgs: CRUNCHBASE_API_KEY is set, so organizations come from Crunchbase (--orgs wikidata or --no-orgs to change)"
            );
        }
        provider
    });
    let mut opts =
        enrich::OrgOptions::from_env(provider, cache.to_path_buf(), args.orgs_ttl, args.offline);
    opts.progress = !args.quiet && std::io::stderr().is_terminal();
    Some(opts)
}

/// The output as an absolute path, taken once: after a swap, a relative `--out .` would
/// name the spare the old site became (the working directory moves with it).
fn absolute(out: &std::path::Path) -> std::path::PathBuf {
    landscape::staging::resolve(out).unwrap_or_else(|_| out.to_path_buf())
}

pub fn build(args: &BuildArgs) -> Result<(), ()> {
    let started = Instant::now();
    note_ignored(&args.input);
    let opts = build_options(args).ok_or(())?;
    // Building into the working directory swaps it away: the shell stays in the old site.
    let in_place = Some(&opts.out) == std::env::current_dir().ok().as_ref();
    let shown = if in_place { &opts.out } else { &args.out };
    match site::build(&opts) {
        Ok(outcome) => {
            if !outcome.report.diagnostics.is_empty() {
                print_report(&outcome.report, args.format);
                eprintln!("{}", outcome.report.summary());
            }
            if !outcome.skipped.is_empty() {
                eprintln!("skipped {} item(s) with errors:", outcome.skipped.len());
                for s in &outcome.skipped {
                    eprintln!("  - {} ({}), line {}", s.name, s.path, s.line);
                }
            }
            match &outcome.github {
                Some(Ok(report)) => eprintln!("github: {}", report.summary()),
                Some(Err(e)) => eprintln!("github: enrichment failed: {e}"),
                None => {}
            }
            match &outcome.orgs {
                Some(Ok(report)) if !report.orgs.is_empty() || !report.skipped.is_empty() => {
                    eprint!("orgs: {}", report.summary())
                }
                Some(Err(e)) => eprintln!("warning: organizations: {e}"),
                _ => {}
            }
            match &outcome.clomonitor {
                Some(Ok(report)) if !report.summaries.is_empty() || !report.skipped.is_empty() => {
                    eprint!("clomonitor: {}", report.summary())
                }
                Some(Err(e)) => eprintln!("warning: clomonitor: {e}"),
                _ => {}
            }
            let timings: Vec<String> = outcome
                .timings
                .iter()
                .map(|(name, d)| format!("{name} {:.0?}", d))
                .collect();
            let files = outcome.files;
            eprintln!(
                "Built {} items ({} pages, {} logos; {} of {} files written) into {} in {:.2?} [{}]",
                outcome.items,
                outcome.written.pages,
                outcome.written.logos,
                files.written,
                files.written + files.kept,
                shown.display(),
                started.elapsed(),
                timings.join(", ")
            );
            if in_place {
                eprintln!(
                    "The current directory was replaced by the new site: `cd {}` to see it.",
                    shown.display()
                );
            }
            eprintln!(
                "View it: landscape serve --dir {}   (then open http://127.0.0.1:8000/)",
                shown.display()
            );
            Ok(())
        }
        Err(BuildError::Invalid(report)) => {
            print_report(&report, args.format);
            eprintln!("{}", report.summary());
            eprintln!(
                "error: the landscape has {} error(s); nothing was written (use --keep-going to build the valid items)",
                report.errors()
            );
            Err(())
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(())
        }
    }
}

pub fn run_serve(mut args: ServeArgs) -> ExitCode {
    args.build.out = absolute(&args.build.out);
    let dir = args.dir.clone().unwrap_or_else(|| args.build.out.clone());
    let builds = args.watch || !dir.join("index.html").exists();
    args.build.preview = args.watch;
    // An output that can never be built into is an error, not something to serve.
    if builds {
        let Some(opts) = build_options(&args.build) else {
            return ExitCode::FAILURE;
        };
        if let Err(e) = site::check_output(&opts) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let Some(inputs) = inputs(&args.build.input) else {
        return ExitCode::FAILURE;
    };
    if builds && build(&args.build).is_err() && !dir.join("index.html").exists() {
        return ExitCode::FAILURE;
    }
    let settings_base = landscape::load::load(&inputs).settings.base_path();
    let mut opts = serve::ServeOptions::new(&dir, args.addr);
    opts.base_path = settings_base.clone();
    let live_reload = args.watch.then(serve::LiveReload::new);
    opts.live_reload = live_reload.clone();
    let handle = match serve::start(&opts) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let _guard = if args.watch {
        let mut paths = vec![inputs.data.clone(), inputs.logos.clone()];
        paths.extend(inputs.settings.clone());
        paths.extend(inputs.guide.clone());
        paths.extend(args.build.templates.clone());
        paths.retain(|p| p.exists());
        let build_args = args.build.clone();
        let live_reload = live_reload.unwrap_or_default();
        match serve::watch(&paths, move || {
            eprintln!("change detected: rebuilding");
            match build(&build_args) {
                Ok(()) => live_reload.rebuilt(),
                Err(()) => live_reload.failed(),
            }
        }) {
            Ok(guard) => Some(guard),
            Err(e) => {
                eprintln!("error: cannot watch the inputs: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    // Announced only once the watcher is in place, so a change made after this line is seen.
    eprintln!(
        "Serving {} at http://{}{}/ (Ctrl-C to stop)",
        dir.display(),
        handle.addr(),
        settings_base
    );
    handle.wait();
    ExitCode::SUCCESS
}
