//! Logo problems as diagnostics: each on the `logo:` line of the item that names the logo.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Advice, LogoProblem, ProcessedLogo};
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::yaml::Pos;

/// The logos a landscape names: every item's, including items skipped for other errors, so
/// one pass reports every problem.
pub fn logo_names(loaded: &Loaded) -> Vec<String> {
    let valid = loaded.data.landscape.items.iter().map(|i| i.logo.clone());
    let skipped = (loaded.data.skipped.iter()).filter_map(|s| Some(s.logo.as_ref()?.0.clone()));
    valid.chain(skipped).collect()
}

/// Stable rule names for logo problems.
fn code(problem: &LogoProblem) -> &'static str {
    use LogoProblem as P;
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

/// Every item naming a logo (skipped ones too): logo, `logo:` position, name, path.
fn logo_uses(loaded: &Loaded) -> impl Iterator<Item = (&str, Pos, String, String)> {
    let landscape = &loaded.data.landscape;
    let valid = landscape.items.iter().enumerate().map(move |(i, item)| {
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
    valid.chain(skipped)
}

/// One error per item whose logo has a problem, on the item's `logo:` line.
pub fn problem_diagnostics(
    loaded: &Loaded,
    problems: &HashMap<String, LogoProblem>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (logo, pos, name, path) in logo_uses(loaded) {
        if let Some(problem) = problems.get(logo) {
            let mut d = Diagnostic::new(
                Severity::Error,
                code(problem),
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

/// One warning per logo published with less than was asked (its viewBox kept as drawn, or
/// its filters removed as too costly to draw), on the `logo:` line of the first item naming
/// it.
pub fn fallback_warnings(
    loaded: &Loaded,
    processed: &BTreeMap<String, ProcessedLogo>,
) -> Vec<Diagnostic> {
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
            "logo-fallback",
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

/// One warning per advice on a logo, on the `logo:` line of the first item naming it.
pub fn advice_warnings(loaded: &Loaded, advice: &BTreeMap<String, Vec<Advice>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (logo, pos, name, path) in logo_uses(loaded) {
        let Some(list) = advice.get(logo) else {
            continue;
        };
        if !seen.insert(logo) {
            continue;
        }
        for a in list {
            let mut d = Diagnostic::new(
                Severity::Warning,
                a.code(),
                &loaded.data_file,
                pos,
                format!("logo `{logo}`: {}", a.message()),
            )
            .field("logo")
            .hint(a.hint());
            d.item = Some(name.clone());
            d.path = Some(path.clone());
            out.push(d);
        }
    }
    out
}
