//! The `landscape` command.

mod build_and_serve;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use build_and_serve::{build, run_serve};
use clap::Parser;
use landscape::cli::{
    AddArgs, Cli, Command, DiffArgs, ExportArgs, InputArgs, PosterFormatArg, ValidateArgs,
    ValidatePart,
};
use landscape::diagnostics::{Format, Report};
use landscape::load::Inputs;
use landscape::{scaffold, sources};

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
