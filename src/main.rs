//! The `landscape` command.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use landscape::cli::{
    AddArgs, BuildArgs, Cli, Command, DiffArgs, ExportArgs, InputArgs, PosterFormatArg, ServeArgs,
    ValidateArgs, ValidatePart,
};
use landscape::diagnostics::{Format, Report};
use landscape::load::Inputs;
use landscape::site::{self, BuildError, BuildOptions};
use landscape::{enrich, scaffold, serve, sources};
use std::sync::OnceLock;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate(args) => validate(args),
        Command::Build(args) => match build(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(()) => ExitCode::FAILURE,
        },
        Command::Serve(args) => run_serve(args),
        Command::Export(args) => export(args),
        Command::Add(args) => add(args),
        Command::Diff(args) => diff(args),
        Command::Schema { kind } => {
            print!("{}", landscape::schema::to_text(schema_kind(kind)));
            ExitCode::SUCCESS
        }
        Command::New { dir, output_dir } => {
            let dir = dir.or(output_dir).expect("clap requires one of them");
            new(&dir)
        }
    }
}

fn schema_kind(part: ValidatePart) -> landscape::schema::SchemaKind {
    use landscape::schema::SchemaKind;
    match part {
        ValidatePart::Data => SchemaKind::Data,
        ValidatePart::Settings => SchemaKind::Settings,
        ValidatePart::Guide => SchemaKind::Guide,
    }
}

fn new(dir: &std::path::Path) -> ExitCode {
    match scaffold::create(dir) {
        Ok(()) => {
            println!(
                "Created a landscape in {}.\nNext: cd {} && landscape build && landscape serve",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn add(args: AddArgs) -> ExitCode {
    use landscape::add::{self, AddError, Fields, Placement};
    if !args.input.remote().is_empty() {
        eprintln!("error: `add` edits local files: name them with --data and --logos");
        return ExitCode::FAILURE;
    }
    let inputs = args.input.inputs();
    let mut fields = Fields {
        category: args.category,
        subcategory: args.subcategory,
        name: args.name,
        homepage: args.homepage,
        logo: args.logo,
        repo: args.repo,
        description: args.description,
        crunchbase: args.crunchbase,
    };
    if !fields.missing().is_empty() {
        if !std::io::stdin().is_terminal() {
            eprintln!(
                "error: missing {} (pass them, or run on a terminal to be asked)",
                fields.missing().join(", ")
            );
            return ExitCode::FAILURE;
        }
        let asked = std::fs::read_to_string(&inputs.data)
            .map_err(|e| e.to_string())
            .and_then(|text| add::insert::outline(&text).map_err(|e| e.to_string()))
            .and_then(|outline| {
                let mut stdin = std::io::stdin().lock();
                add::prompt::fill(&mut fields, &outline, &mut stdin, &mut std::io::stderr())
                    .map_err(|e| e.to_string())
            });
        if let Err(e) = asked {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    match add::add(&inputs, Some(args.input.cache_dir()), &fields) {
        Ok(added) => {
            if !added.warnings.diagnostics.is_empty() {
                print_report(&added.warnings, Format::Human);
            }
            let place = match added.placement {
                Placement::Alphabetical => "in alphabetical order",
                Placement::End => "at the end of its subcategory",
            };
            let logo = if added.logo_reused {
                "already there"
            } else {
                "copied"
            };
            eprintln!(
                "Added `{}` to {} line {} ({place}); logo {} {logo}.",
                fields.name.unwrap_or_default(),
                inputs.data.display(),
                added.line,
                inputs.logos.join(&added.logo).display()
            );
            ExitCode::SUCCESS
        }
        Err(AddError::Invalid(report)) => {
            print_report(&report, Format::Human);
            eprintln!(
                "error: with the new item the landscape would have {} new error(s); nothing was written",
                report.errors()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e} (nothing was written)");
            ExitCode::FAILURE
        }
    }
}

/// landscape2 flags that name something this generator does not build.
fn note_ignored(input: &InputArgs) {
    if let Some(games) = &input.games_file {
        eprintln!(
            "note: --games-file {}: this generator builds no quiz, so the file is not read",
            games.display()
        );
    }
}

/// Reports name inputs given by URL by their URL, not by their copy in the cache.
static SHOWN_NAMES: OnceLock<Vec<(String, String)>> = OnceLock::new();
static RESOLVED: OnceLock<Option<Inputs>> = OnceLock::new();

/// The inputs to read: local files, with those given by URL fetched into the cache first
/// (once per run: a rebuild reads the same copies).
fn inputs(input: &InputArgs) -> Option<Inputs> {
    RESOLVED
        .get_or_init(|| {
            let remote = input.remote();
            if remote.is_empty() {
                return Some(input.inputs());
            }
            let started = Instant::now();
            match sources::fetch(&remote, &input.inputs(), &input.cache_dir()) {
                Ok(local) => {
                    for warning in &local.warnings {
                        eprintln!("warning: {warning}");
                    }
                    if remote.logos.is_some() {
                        let n = local.logos;
                        eprintln!(
                            "logos: {} fetched, {} unchanged, {} missing ({:.2?})",
                            n.fetched,
                            n.unchanged,
                            n.missing,
                            started.elapsed()
                        );
                    }
                    let _ = SHOWN_NAMES.set(local.names);
                    Some(local.inputs)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    None
                }
            }
        })
        .clone()
}

/// A file as the user named it: its URL when it was fetched.
fn shown(path: &std::path::Path) -> String {
    let local = path.display().to_string();
    SHOWN_NAMES
        .get()
        .into_iter()
        .flatten()
        .find(|(from, _)| *from == local)
        .map_or(local, |(_, url)| url.clone())
}

fn print_report(report: &Report, format: Format) {
    let mut report = report.clone();
    for (local, url) in SHOWN_NAMES.get().into_iter().flatten() {
        report.rename_file(local, url);
    }
    let color = std::io::stderr().is_terminal();
    match format {
        // Machine formats go to stdout so they can be piped; human output to stderr.
        Format::Json | Format::Github => print!("{}", report.render(format, false)),
        Format::Human => eprint!("{}", report.render(format, color)),
    }
}

fn validate(args: ValidateArgs) -> ExitCode {
    let started = Instant::now();
    note_ignored(&args.input);
    let Some(inputs) = inputs(&args.input) else {
        return ExitCode::FAILURE;
    };
    let mut report = landscape::prepare::validate(&inputs, Some(args.input.cache_dir()));
    if let Some(part) = args.part {
        let file = match part {
            ValidatePart::Data => Some(&inputs.data),
            ValidatePart::Settings => inputs.settings.as_ref(),
            ValidatePart::Guide => inputs.guide.as_ref(),
        };
        let Some(file) = file else {
            let flag = if part == ValidatePart::Settings {
                "settings"
            } else {
                "guide"
            };
            eprintln!("error: no {flag} file to validate: name it with --{flag}-file FILE");
            return ExitCode::FAILURE;
        };
        let name = file.display().to_string();
        report.diagnostics.retain(|d| d.file == name);
    }
    print_report(&report, args.format);
    if args.format == Format::Human {
        eprintln!(
            "{}: {} (checked in {:.2?})",
            shown(&inputs.data),
            report.summary(),
            started.elapsed()
        );
    }
    let failed = report.errors() > 0 || (args.strict && report.warnings() > 0);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

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

fn build(args: &BuildArgs) -> Result<(), ()> {
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

fn run_serve(mut args: ServeArgs) -> ExitCode {
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

fn diff(args: DiffArgs) -> ExitCode {
    use landscape::diff::{self, DiffOptions};
    let started = Instant::now();
    note_ignored(&args.input);
    let Some(head) = inputs(&args.input) else {
        return ExitCode::FAILURE;
    };
    let opts = DiffOptions {
        base: args.base_spec(),
        head,
        cache: Some(args.input.cache_dir()),
        preview: args.preview.clone(),
    };
    match diff::run(&opts) {
        Ok(report) => {
            let previews = args
                .preview
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            print!("{}", diff::format::render(&report, args.format, &previews));
            eprintln!(
                "diff: {} new error(s), {} new warning(s) (in {:.2?})",
                report.summary.new_errors,
                report.summary.new_warnings,
                started.elapsed()
            );
            if report.summary.new_errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn export(args: ExportArgs) -> ExitCode {
    use landscape::layout::Selection;
    use landscape::poster::{PosterFormat, PosterOptions};
    let started = Instant::now();
    let format = match args.format {
        PosterFormatArg::Svg => PosterFormat::Svg,
        PosterFormatArg::Pdf => PosterFormat::Pdf,
        PosterFormatArg::Png => PosterFormat::Png,
    };
    let mut options = PosterOptions::new(format);
    options.selection = match (&args.group, &args.category) {
        (Some(g), _) => Selection::Group(g.clone()),
        (None, Some(c)) => Selection::Category(c.clone()),
        (None, None) => Selection::All,
    };
    options.width_px = args.width;
    options.dpi = args.dpi;
    options.paper = args.paper;
    options.portrait = args.portrait;
    options.names = args.names;
    let Some(inputs) = inputs(&args.input) else {
        return ExitCode::FAILURE;
    };
    let job = landscape::poster::job::ExportJob {
        inputs,
        cache: Some(args.input.cache_dir()),
        out: args.out.clone(),
        options,
        progress: !args.quiet && std::io::stderr().is_terminal(),
        keep_going: args.keep_going,
    };
    match landscape::poster::job::run(&job) {
        Ok((poster, report)) => {
            if report.errors() > 0 {
                eprintln!(
                    "{} (items with errors are left out; `landscape validate` shows them)",
                    report.summary()
                );
            }
            for w in &poster.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "Wrote {} ({:.0} x {:.0}, {} bytes) in {:.2?}",
                args.out.display(),
                poster.width,
                poster.height,
                poster.bytes.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(landscape::poster::job::ExportJobError::Invalid(report)) => {
            print_report(&report, Format::Human);
            eprintln!("{}", report.summary());
            eprintln!(
                "error: the landscape has {} error(s); nothing was written (use --keep-going to draw the valid items)",
                report.errors()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
