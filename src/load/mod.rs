//! Stage 1: read a landscape's files (`landscape.yml`, `settings.yml`, `guide.yml`) into the
//! model, recording every problem as a diagnostic rather than stopping at the first.

pub mod fields;
pub mod guide;
pub mod landscape;
pub mod settings;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::yaml::{self, Pos};
pub use guide::Guide;
pub use landscape::{ItemSpans, LoadedLandscape, Skipped};
pub use settings::Settings;

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
}

/// Reads all input files. Missing or unreadable files become error diagnostics.
pub fn load(inputs: &Inputs) -> Loaded {
    let mut report = Report::default();
    let data = match read_text(&inputs.data, &mut report) {
        Some((name, text)) => {
            let data = landscape::read(&name, &text);
            report.add_source(&name, text);
            data
        }
        None => LoadedLandscape::default(),
    };
    report.extend(data.diagnostics.iter().cloned());

    let mut settings = Settings::fallback();
    let mut settings_tree = None;
    if let Some(path) = &inputs.settings
        && let Some((name, text)) = read_text(path, &mut report)
    {
        match yaml::parse_typed::<Settings>(&text) {
            Ok(s) => settings = s,
            Err(e) => report.extend([syntax_error(&name, e)]),
        }
        if let Ok(tree) = yaml::parse(&text) {
            settings_tree = Some((name.clone(), tree));
        }
        report.add_source(&name, text);
    }

    let mut guide = None;
    if let Some(path) = &inputs.guide
        && let Some((name, text)) = read_text(path, &mut report)
    {
        match yaml::parse_typed::<Guide>(&text) {
            Ok(g) => guide = Some(g),
            Err(e) => report.extend([syntax_error(&name, e)]),
        }
        report.add_source(&name, text);
    }
    Loaded {
        data_file: inputs.data.display().to_string(),
        data,
        settings,
        settings_tree,
        guide,
        report,
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

/// Reads a file as UTF-8; its display name is the path as the user gave it.
fn read_text(path: &Path, report: &mut Report) -> Option<(String, Arc<String>)> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some((name, Arc::new(text))),
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
                None
            }
        },
        Err(e) => {
            report.extend([Diagnostic::new(
                Severity::Error,
                "unreadable-file",
                &name,
                Pos::default(),
                format!("cannot read {name}: {e}"),
            )
            .hint("check the path, or pass another with --data / --settings / --guide")]);
            None
        }
    }
}
