//! Every validation rule, each asserting the line it reports.

use std::path::Path;

use landscape::diagnostics::{Format, Severity};
use landscape::load::Inputs;

/// A coloured square: visible on light and dark backgrounds, so it gets no logo advice.
const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#2f6fd0"/></svg>"##;

/// Writes a landscape with `data` (and optional settings) plus a valid `ok.svg`, validates
/// it, and returns (code, line, severity) of every diagnostic.
fn check_with(
    data: &str,
    settings: Option<&str>,
    logos: &[(&str, &[u8])],
) -> Vec<(String, u32, Severity)> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), data, settings, logos);
    let report = landscape::prepare::validate(&inputs(dir.path(), settings.is_some()), None);
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.line, d.severity))
        .collect()
}

fn check(data: &str) -> Vec<(String, u32, Severity)> {
    check_with(data, None, &[])
}

fn write(dir: &Path, data: &str, settings: Option<&str>, logos: &[(&str, &[u8])]) {
    std::fs::write(dir.join("landscape.yml"), data).unwrap();
    if let Some(s) = settings {
        std::fs::write(dir.join("settings.yml"), s).unwrap();
    }
    std::fs::create_dir_all(dir.join("logos")).unwrap();
    std::fs::write(dir.join("logos/ok.svg"), LOGO).unwrap();
    for (name, bytes) in logos {
        std::fs::write(dir.join("logos").join(name), bytes).unwrap();
    }
}

fn inputs(dir: &Path, settings: bool) -> Inputs {
    Inputs {
        data: dir.join("landscape.yml"),
        settings: settings.then(|| dir.join("settings.yml")),
        guide: None,
        logos: dir.join("logos"),
    }
}

/// A landscape with one subcategory holding `items` (already indented as list entries).
fn landscape(items: &str) -> String {
    format!(
        "landscape:\n  - category:\n    name: Cat\n    subcategories:\n      - subcategory:\n        name: Sub\n        items:\n{items}"
    )
}

fn has(found: &[(String, u32, Severity)], code: &str, line: u32, severity: Severity) {
    assert!(
        found
            .iter()
            .any(|(c, l, s)| c == code && *l == line && *s == severity),
        "expected {code} on line {line} ({severity:?}), got {found:?}"
    );
}

const ITEM_OK: &str = "          - item:\n            name: Ok\n            homepage_url: https://ok.example.org\n            logo: ok.svg\n";

#[test]
fn clean_landscape_has_no_diagnostics() {
    assert_eq!(check(&landscape(ITEM_OK)), vec![]);
}

#[test]
fn yaml_syntax_error_is_reported_with_its_line() {
    let found = check("landscape:\n  - category:\n    name: [unclosed\n    subcategories: []\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "yaml-syntax");
    assert!(found[0].1 >= 3, "{found:?}");
}

#[test]
fn duplicate_keys_are_syntax_errors() {
    let found = check(&landscape(
        "          - item:\n            name: A\n            name: B\n            homepage_url: https://a.example.org\n            logo: ok.svg\n",
    ));
    has(&found, "yaml-syntax", 10, Severity::Error);
}

#[test]
fn required_fields_missing() {
    let found = check(&landscape("          - item:\n            name: NoHome\n"));
    has(&found, "missing-field", 8, Severity::Error);
    assert_eq!(
        found.iter().filter(|f| f.0 == "missing-field").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn wrong_types() {
    let found = check(&landscape(&format!(
        "{ITEM_OK}            enduser: \"yes\"\n            second_path: Cat / Sub\n"
    )));
    has(&found, "wrong-type", 12, Severity::Error);
    has(&found, "wrong-type", 13, Severity::Error);
}

#[test]
fn urls_must_be_http() {
    let found = check(&landscape(
        "          - item:\n            name: Evil\n            homepage_url: javascript:alert(1)\n            logo: ok.svg\n            twitter: not a url\n",
    ));
    has(&found, "bad-url", 10, Severity::Error);
    has(&found, "bad-url", 12, Severity::Warning);
}

#[test]
fn dates_must_be_iso() {
    let found = check(&landscape(&format!(
        "{ITEM_OK}            joined: 2024/05/14\n            extra:\n              accepted: '2023-02-30'\n"
    )));
    has(&found, "bad-date", 12, Severity::Warning);
    has(&found, "bad-date", 14, Severity::Warning);
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = landscape(&format!(
        "{ITEM_OK}            extra:\n              documentation_ul: https://docs.example.org\n"
    ));
    write(dir.path(), &data, None, &[]);
    let report = landscape::prepare::validate(&inputs(dir.path(), false), None);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.severity),
        ("unknown-key", 13, Severity::Warning)
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `documentation_url`?"));
    assert_eq!(d.item.as_deref(), Some("Ok"));
    assert_eq!(d.path.as_deref(), Some("Cat / Sub"));
}

#[test]
fn legacy_keys_are_warnings() {
    let found = check(&landscape(&format!(
        "{ITEM_OK}            stock_ticker: NOK\n"
    )));
    assert_eq!(found, vec![("legacy-key".into(), 12, Severity::Warning)]);
}

#[test]
fn duplicate_names_in_a_subcategory() {
    let found = check(&landscape(&format!("{ITEM_OK}{ITEM_OK}")));
    has(&found, "duplicate-item", 12, Severity::Error);
}

#[test]
fn duplicate_repos_unless_allowed() {
    let item = |name: &str, extra: &str| {
        format!(
            "          - item:\n            name: {name}\n            homepage_url: https://x.example.org\n            logo: ok.svg\n            repo_url: https://github.com/a/b\n{extra}"
        )
    };
    let found = check(&landscape(&format!("{}{}", item("A", ""), item("B", ""))));
    has(&found, "duplicate-repo", 17, Severity::Warning);
    let allowed = check(&landscape(&format!(
        "{}{}",
        item("A", ""),
        item("B", "            allow_duplicate_repo: true\n")
    )));
    assert_eq!(allowed, vec![]);
}

#[test]
fn dangling_second_path() {
    let found = check(&landscape(&format!(
        "{ITEM_OK}            second_path:\n              - Cat / Nope\n"
    )));
    has(&found, "dangling-second-path", 13, Severity::Warning);
}

#[test]
fn settings_naming_missing_categories() {
    let settings = "foundation: F\nurl: https://f.example.org\ngroups:\n  - name: G\n    categories:\n      - Cat\n      - Catt\ncategories:\n  - name: Cat\n    subcategories:\n      - Sub\n      - Nope\n";
    let found = check_with(&landscape(ITEM_OK), Some(settings), &[]);
    has(&found, "unknown-category", 7, Severity::Warning);
    has(&found, "unknown-category", 12, Severity::Warning);
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn featured_exclusions_naming_missing_groups() {
    let settings = "foundation: F\nurl: https://f.example.org\ngroups:\n  - name: Projects\n    alias: projects\n    categories:\n      - Cat\nfeatured_items:\n  - field: maturity\n    options:\n      - value: graduated\n    exclude:\n      groups:\n        - PROJECTS\n        - Projcts\n";
    let found = check_with(&landscape(ITEM_OK), Some(settings), &[]);
    has(&found, "unknown-group", 15, Severity::Warning);
    assert_eq!(
        found.len(),
        1,
        "a group named by alias, in any case, is known: {found:?}"
    );
}

#[test]
fn logo_problems_are_errors_on_the_logo_line() {
    let item = |name: &str, logo: &str| {
        format!(
            "          - item:\n            name: {name}\n            homepage_url: https://x.example.org\n            logo: {logo}\n"
        )
    };
    let data = landscape(
        &[
            item("Missing", "missing.svg"),
            item("Escape", "../../etc/passwd"),
            item("Absolute", "/etc/passwd"),
            item("Broken", "broken.svg"),
            item("Empty", "empty.svg"),
            item("Raster", "fine.png"),
        ]
        .concat(),
    );
    let png = {
        let mut bytes = Vec::new();
        // Coloured, so it gets no logo advice either.
        image::RgbImage::from_pixel(4, 2, image::Rgb([47, 111, 208]))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    };
    let found = check_with(
        &data,
        None,
        &[
            ("broken.svg", b"<svg><rect></svg>"),
            ("empty.svg", br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#),
            ("fine.png", &png),
        ],
    );
    has(&found, "logo-missing", 11, Severity::Error);
    has(&found, "logo-unsafe-path", 15, Severity::Error);
    has(&found, "logo-unsafe-path", 19, Severity::Error);
    has(&found, "logo-invalid", 23, Severity::Error);
    has(&found, "logo-empty", 27, Severity::Error);
    assert_eq!(found.len(), 5, "the PNG logo is accepted: {found:?}");
}

#[test]
fn null_key_style_and_plain_items_both_load() {
    let data = "categories:\n  - name: Cat\n    subcategories:\n      - name: Sub\n        items:\n          - name: Plain\n            homepage_url: https://p.example.org\n            logo: ok.svg\n";
    assert_eq!(check(data), vec![]);
}

#[test]
fn every_problem_is_reported_in_one_pass_and_renders_in_every_format() {
    let data = landscape(
        "          - item:\n            name: A\n            homepage_url: ftp://a\n            logo: missing.svg\n          - item:\n            name: B\n            homepage_url: https://b.example.org\n            logo: ok.svg\n            enduser: 3\n",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &data, None, &[]);
    let report = landscape::prepare::validate(&inputs(dir.path(), false), None);
    assert_eq!(report.errors(), 3, "{:?}", report.diagnostics);
    let github = report.render(Format::Github, false);
    assert!(
        github.contains(",line=10,col=27,title=bad-url::"),
        "{github}"
    );
    assert!(github.contains(",line=16,"), "{github}");
    let json: serde_json::Value =
        serde_json::from_str(&report.render(Format::Json, false)).unwrap();
    assert_eq!(json["errors"], 3);
    let human = report.render(Format::Human, false);
    assert!(human.contains("homepage_url: ftp://a"), "{human}");
}
