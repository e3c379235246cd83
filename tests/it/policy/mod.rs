//! The tolerance policy: what landscape2 builds builds here. Errors are what would make the
//! site wrong or unsafe; everything else landscape2 accepts (or ignores) is at most a warning
//! on its line, with a hint. Items in `data`, settings in `settings`.

use std::path::Path;

use landscape::diagnostics::{Diagnostic, Severity};
use landscape::load::Inputs;
use landscape::site::BuildOptions;

mod data;
mod settings;

/// A coloured square: visible on light and dark backgrounds, so it gets no logo advice.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#2f6fd0"/></svg>"##;

/// Writes `landscape.yml` (and `settings.yml` when given) with a valid `logos/ok.svg`.
pub fn write(dir: &Path, data: &str, settings: Option<&str>) -> Inputs {
    std::fs::write(dir.join("landscape.yml"), data).unwrap();
    if let Some(s) = settings {
        std::fs::write(dir.join("settings.yml"), s).unwrap();
    }
    std::fs::create_dir_all(dir.join("logos")).unwrap();
    std::fs::write(dir.join("logos/ok.svg"), LOGO).unwrap();
    Inputs::beside(dir.join("landscape.yml"))
}

/// Validates `data` (and `settings`): every diagnostic.
pub fn diagnostics(data: &str, settings: Option<&str>) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    landscape::prepare::validate(&write(dir.path(), data, settings), None).diagnostics
}

/// A landscape with one subcategory holding one item: its first lines, then `fields`
/// (indented as item fields). The item starts on line 6, `fields` on line 9.
pub fn one_item(fields: &str) -> String {
    format!(
        "landscape:\n  - name: Cat\n    subcategories:\n      - name: Sub\n        items:\n          - name: Ok\n            homepage_url: https://ok.example.org\n            logo: ok.svg\n{fields}"
    )
}

/// Code, line and severity of each diagnostic.
pub fn summary(found: &[Diagnostic]) -> Vec<(&str, u32, Severity)> {
    found.iter().map(|d| (d.code, d.line, d.severity)).collect()
}

/// Builds `data` and returns its first item from `data/items.json`.
pub fn built_item(data: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let inputs = write(&data_dir, data, None);
    let out = dir.path().join("site");
    landscape::site::build(&BuildOptions::new(inputs, &out)).expect("the landscape builds");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/items.json")).unwrap())
            .unwrap();
    json["items"][0].clone()
}

#[test]
fn cncf_snapshot_has_one_error_the_missing_logo() {
    let Some(dir) = crate::support::cncf_dir() else {
        return;
    };
    let data = dir.join("landscape.yml");
    let report = landscape::prepare::validate(&Inputs::beside(&data), None);
    let errors: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    eprintln!("CNCF snapshot: {}", report.summary());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = errors[0];
    assert_eq!(e.code, "logo-missing");
    assert_eq!(e.file, data.display().to_string());
    assert_eq!(e.field.as_deref(), Some("logo"));
    assert_eq!(e.item.as_deref(), Some("MCP Gateway Registry"));
    let source = std::fs::read_to_string(&data).unwrap();
    let line = source.lines().nth(e.line as usize - 1).unwrap();
    assert_eq!(line.trim(), "logo: mcp-gateway-registry.svg");
    // The organization URL of the Devtron item is a warning with a hint.
    let org = report
        .diagnostics
        .iter()
        .find(|d| d.field.as_deref() == Some("organization"))
        .expect("the organization URL is reported");
    assert_eq!(org.severity, Severity::Warning);
    assert_eq!(org.hint.as_deref(), Some("did you mean `crunchbase:`?"));
}
