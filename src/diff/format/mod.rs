//! The three ways of printing a diff: for a terminal, for a pull request (markdown), and for
//! programs (JSON).

mod human;
pub mod markdown;

use super::DiffReport;

/// How to print a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// The report in `format`. Preview files are linked as `previews` joined with their names
/// (the directory as given, so that the links are relative when it is).
pub fn render(report: &DiffReport, format: DiffFormat, previews: &str) -> String {
    match format {
        DiffFormat::Human => human::render(report, previews),
        DiffFormat::Markdown => markdown::render(report, previews),
        DiffFormat::Json => {
            let mut out = serde_json::to_string_pretty(report).expect("a diff serializes");
            out.push('\n');
            out
        }
    }
}

/// A preview file's path as linked: `dir/file`, `/`-separated.
fn link(dir: &str, file: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// "1 item added, 2 removed, ...": the non-zero counts.
fn headline(report: &DiffReport) -> String {
    let s = &report.summary;
    let parts: Vec<String> = [
        (s.added, "added"),
        (s.removed, "removed"),
        (s.renamed, "renamed"),
        (s.moved, "moved"),
        (s.edited, "edited"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let mut out = match parts.is_empty() {
        true => "no item changes".to_string(),
        false => format!("items: {}", parts.join(", ")),
    };
    for (n, what) in [
        (s.logos, "logo change"),
        (s.settings, "settings change"),
        (s.guide, "guide change"),
        (s.new_errors, "new error"),
        (s.new_warnings, "new warning"),
        (s.fixed_problems, "fixed problem"),
    ] {
        if n > 0 {
            out.push_str(&format!("; {n} {what}{}", if n == 1 { "" } else { "s" }));
        }
    }
    out
}
