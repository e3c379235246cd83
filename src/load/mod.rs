//! Stage 1: read a landscape's files (`landscape.yml`, `settings.yml`, `guide.yml`) into the
//! model, recording every problem as a diagnostic rather than stopping at the first.

mod custom_values;
pub mod fields;
pub mod guide;
pub(crate) mod item_keys;
pub mod landscape;
pub mod settings;
mod settings_check;
pub mod settings_fields;
mod settings_rules;
pub mod urls;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::fs_safety::{self, Refusal};
use crate::yaml::{self, Pos};
pub use guide::Guide;
pub use landscape::{ItemSpans, LoadedLandscape, Skipped};
pub use settings::Settings;
pub use settings_fields::{CustomField, MaturityLevel, Place};

/// Where a landscape's input files are.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub data: PathBuf,
    pub settings: Option<PathBuf>,
    pub guide: Option<PathBuf>,
    pub logos: PathBuf,
}

impl Inputs {
    /// The inputs of the landscape whose data file is `data`, found the way the CLI finds
    /// them: `settings.yml`, `guide.yml` and `hosted_logos/` beside it when present, else
    /// `logos/`.
    pub fn beside(data: impl Into<PathBuf>) -> Inputs {
        let data = data.into();
        let dir = data
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let beside = |name: &str| Some(dir.join(name)).filter(|p| p.exists());
        Inputs {
            settings: beside("settings.yml"),
            guide: beside("guide.yml"),
            logos: beside("hosted_logos").unwrap_or_else(|| dir.join("logos")),
            data,
        }
    }
}

impl Inputs {
    /// The directory of the settings file (else of the data file), which paths in settings
    /// are relative to.
    pub fn settings_dir(&self) -> PathBuf {
        let file = self.settings.as_deref().unwrap_or(&self.data);
        file.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }
}

/// Everything read from the input files.
#[derive(Debug)]
pub struct Loaded {
    /// The data file's name as diagnostics show it.
    pub data_file: String,
    pub data: LoadedLandscape,
    pub settings: Settings,
    /// `settings.yml` as a position-keeping tree, for checks that point into it.
    pub settings_tree: Option<(String, yaml::Node)>,
    pub guide: Option<Guide>,
    pub report: Report,
    /// The input files' text exactly as read, each under the name landscape2 publishes it
    /// by (`data.yml`, `settings.yml`, `guide.yml`), for the site's `sources/` copies.
    pub sources: Vec<(&'static str, Arc<String>)>,
}

/// Reads all input files. Missing or unreadable files become error diagnostics.
pub fn load(inputs: &Inputs) -> Loaded {
    load_cached(inputs, None)
}

/// [`load`], keeping the parsed parts of the data file in the cache directory `cache`, so
/// the next load parses only what changed.
pub fn load_cached(inputs: &Inputs, cache: Option<&Path>) -> Loaded {
    let mut report = Report::default();
    let mut sources = Vec::new();
    let data_dir = dir_of(&inputs.data);
    // Settings are read first (the data file's reader needs the maturity levels and custom
    // fields they declare); their reports still follow the data file's.
    let data_text = read_text(&inputs.data, data_dir, &mut report);
    let mut settings = Settings::fallback();
    let mut settings_tree = None;
    let mut settings_read = false;
    let mut settings_report = Vec::new();
    let mut settings_source = None;
    if let Some(path) = &inputs.settings
        && let Some((name, text)) = read_text(path, companion_root(path, data_dir), &mut report)
    {
        match yaml::parse_typed::<Settings>(&text) {
            Ok(s) => {
                settings = s;
                settings_read = true;
            }
            Err(e) => settings_report.push(syntax_error(&name, e)),
        }
        if let Ok(tree) = yaml::parse(&text) {
            settings_tree = Some((name.clone(), tree));
        }
        settings_source = Some((name, text));
    }
    if let Some((name, tree)) = &settings_tree {
        if settings_read {
            settings_report.extend(settings_rules::check(&mut settings, name, tree));
        }
        settings_report.extend(settings_check::check(&mut settings, name, tree));
        settings_report.extend(settings_fields::check(&mut settings, name, tree));
    }
    let declared = settings_fields::Declared::of(&settings);

    let data = match data_text {
        Some((name, text)) => {
            let data = landscape::read_cached(&name, &text, &declared, cache);
            sources.push(("data.yml", text.clone()));
            report.add_source(&name, text);
            data
        }
        None => LoadedLandscape::default(),
    };
    report.extend(data.diagnostics.iter().cloned());
    if let Some((name, text)) = settings_source {
        sources.push(("settings.yml", text.clone()));
        report.add_source(&name, text);
    }
    report.extend(settings_report);

    let mut guide = None;
    if let Some(path) = &inputs.guide
        && let Some((name, text)) = read_text(path, companion_root(path, data_dir), &mut report)
    {
        match yaml::parse_typed::<Guide>(&text) {
            Ok(g) => guide = Some(g),
            Err(e) => report.extend([syntax_error(&name, e)]),
        }
        sources.push(("guide.yml", text.clone()));
        report.add_source(&name, text);
    }
    Loaded {
        data_file: inputs.data.display().to_string(),
        data,
        settings,
        settings_tree,
        guide,
        report,
        sources,
    }
}

fn syntax_error(file: &str, e: yaml::SyntaxError) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "yaml-syntax",
        file,
        e.pos.unwrap_or_default(),
        format!("cannot read {file}: {}", e.message),
    )
}

/// The directory a file sits in (`.` for a bare file name).
fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The directory the settings or guide file must stay in: the data file's, when it sits
/// there (or below); its own when the command line names one elsewhere.
fn companion_root<'p>(path: &'p Path, data_dir: &'p Path) -> &'p Path {
    let own = dir_of(path);
    match (own.canonicalize(), data_dir.canonicalize()) {
        (Ok(own_real), Ok(data_real)) if own_real.starts_with(&data_real) => data_dir,
        _ => own,
    }
}

/// Largest input file read: ten times the CNCF landscape.yml is under 20 MiB.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads an input file as text; its display name is the path as the user gave it.
///
/// The file must be a regular file inside `root` (symlinks resolved), at most
/// [`MAX_INPUT_BYTES`], UTF-8, and free of control characters other than tab, CR and LF.
/// A file that fails is not registered for snippets, so no byte of it reaches the output.
fn read_text(path: &Path, root: &Path, report: &mut Report) -> Option<(String, Arc<String>)> {
    let name = path.display().to_string();
    let refused = |code: &'static str, message: String, hint: &str| {
        Diagnostic::new(Severity::Error, code, &name, Pos::default(), message).hint(hint)
    };
    let bytes = fs_safety::contained_file(root, path)
        .and_then(|real| fs_safety::read_regular(&real, MAX_INPUT_BYTES));
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(Refusal::Outside) => {
            report.extend([refused(
                "input-outside-dir",
                format!(
                    "{name} resolves (through a symlink) to a file outside {}; it is not read",
                    root.display()
                ),
                "input files must be regular files inside the landscape's directory: replace the symlink with the file itself",
            )]);
            return None;
        }
        Err(Refusal::NotRegular(what)) => {
            report.extend([refused(
                "input-not-regular",
                format!("{name} is not a regular file but {what}; it is not read"),
                "input files must be regular files inside the landscape's directory",
            )]);
            return None;
        }
        Err(Refusal::TooLarge(limit)) => {
            report.extend([refused(
                "input-too-large",
                format!("{name} is larger than {} MiB; it is not read", limit >> 20),
                "split the file, or check that the path names the right file",
            )]);
            return None;
        }
        Err(e) => {
            report.extend([refused(
                "unreadable-file",
                format!("cannot read {name}: {e}"),
                "check the path, or pass another with --data / --settings / --guide",
            )]);
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            report.extend([Diagnostic::new(
                Severity::Error,
                "not-utf8",
                &name,
                Pos::default(),
                format!(
                    "{name} is not UTF-8 text (byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )]);
            return None;
        }
    };
    if let Some((pos, c)) = first_control(&text) {
        report.extend([Diagnostic::new(
            Severity::Error,
            "input-binary",
            &name,
            pos,
            format!(
                "{name} holds the control character U+{:04X} on line {}: it is not a text file; it is not read",
                c as u32, pos.line
            ),
        )
        .hint("remove the character; only tab, CR and LF may appear besides printable text")]);
        return None;
    }
    Some((name, Arc::new(text)))
}

/// The first control character other than tab, CR and LF, with its position.
fn first_control(text: &str) -> Option<(Pos, char)> {
    let (offset, c) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))?;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() as u32 + 1;
    Some((Pos { line, col, offset }, c))
}
