//! Every kind of change between crafted base and head landscapes, as `--format json` reports
//! it, and the exit code.

use serde_json::{Value, json};

use super::{GUIDE, SETTINGS, base_entries, entry, json, names, pair, svg, write};

#[test]
fn no_change_reports_nothing_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = pair(dir.path(), &base_entries(), &base_entries());
    let (code, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(code, 0);
    for list in [
        "added", "removed", "renamed", "moved", "edited", "logos", "settings", "guide",
    ] {
        assert_eq!(report[list], json!([]), "{list}");
    }
    assert_eq!(report["summary"]["new_errors"], 0);
}

#[test]
fn added_and_removed_items_with_their_logos() {
    let dir = tempfile::tempdir().unwrap();
    let mut head = base_entries();
    head.retain(|e| e.name != "Gamma");
    head.push(entry("Observability", "Tracing", "Delta"));
    let (base, head) = pair(dir.path(), &base_entries(), &head);
    let (code, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(code, 0);
    assert_eq!(names(&report["added"]), ["Delta"]);
    assert_eq!(report["added"][0]["category"], "Observability");
    assert_eq!(report["added"][0]["subcategory"], "Tracing");
    assert_eq!(report["added"][0]["id"], "delta");
    assert_eq!(names(&report["removed"]), ["Gamma"]);
    assert_eq!(report["renamed"], json!([]));
    let logos: Vec<(&str, &str)> = (report["logos"].as_array().unwrap().iter())
        .map(|l| (l["item"].as_str().unwrap(), l["change"].as_str().unwrap()))
        .collect();
    assert_eq!(logos, [("Delta", "added"), ("Gamma", "removed")]);
    assert_eq!(report["summary"]["added"], 1);
    assert_eq!(report["summary"]["removed"], 1);
}

#[test]
fn a_new_name_on_the_same_homepage_is_a_rename_not_a_removal() {
    let dir = tempfile::tempdir().unwrap();
    let mut head = base_entries();
    head[1].name = "Beta Two".into();
    let (base, head_data) = pair(dir.path(), &base_entries(), &head);
    let (_, report) = json(dir.path(), &base, &head_data, &[]);
    assert_eq!(report["renamed"][0]["from"], "Beta");
    assert_eq!(report["renamed"][0]["item"]["name"], "Beta Two");
    // The logo file is named after the old name: the homepage matched first.
    assert_eq!(report["renamed"][0]["matched_by"], "homepage_url");
    assert_eq!(report["added"], json!([]));
    assert_eq!(report["removed"], json!([]));
    assert_eq!(report["edited"], json!([]));

    // Nothing in common: a removal and an addition.
    let mut head = base_entries();
    head[1] = entry("Observability", "Monitoring", "Beta Two");
    let (base, head_data) = pair(dir.path(), &base_entries(), &head);
    let (_, report) = json(dir.path(), &base, &head_data, &[]);
    assert_eq!(report["renamed"], json!([]));
    assert_eq!(names(&report["added"]), ["Beta Two"]);
    assert_eq!(names(&report["removed"]), ["Beta"]);
}

#[test]
fn a_new_name_with_the_same_repository_is_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let mut base = base_entries();
    base[2].extra = vec!["repo_url: https://github.com/example/gamma".into()];
    let mut head = base.clone();
    head[2].name = "Gamma Renamed".into();
    head[2].homepage = "https://gamma.example.com/".into();
    head[2].logo = "gamma-renamed.svg".into();
    let (base, head) = pair(dir.path(), &base, &head);
    let (_, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(report["renamed"][0]["matched_by"], "repo_url");
    let fields: Vec<&str> = (report["edited"][0]["fields"].as_array().unwrap().iter())
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["homepage_url", "logo"]);
}

#[test]
fn moved_items_name_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let mut head = base_entries();
    head[2].category = "Runtime";
    head[2].subcategory = "Container Runtime";
    let (base, head) = pair(dir.path(), &base_entries(), &head);
    let (code, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["moved"][0]["item"]["name"], "Gamma");
    assert_eq!(report["moved"][0]["from"], "Observability / Monitoring");
    assert_eq!(report["moved"][0]["to"], "Runtime / Container Runtime");
    // The place is not also reported as edited fields, nor the item as added.
    assert_eq!(report["edited"], json!([]));
    assert_eq!(report["added"], json!([]));
}

#[test]
fn field_changes_are_old_and_new_per_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut base = base_entries();
    base[0].extra = vec![
        "description: A runtime.".into(),
        "project: incubating".into(),
    ];
    let mut head = base.clone();
    head[0].extra = vec![
        "description: A faster runtime.".into(),
        "project: graduated".into(),
        "extra:".into(),
        "  graduated: '2024-01-02'".into(),
    ];
    let (base, head) = pair(dir.path(), &base, &head);
    let (_, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(report["edited"].as_array().unwrap().len(), 1);
    assert_eq!(report["edited"][0]["item"]["name"], "Alpha");
    assert_eq!(
        report["edited"][0]["fields"],
        json!([
            {"field": "description", "old": "A runtime.", "new": "A faster runtime."},
            {"field": "extra.dates.graduated", "old": null, "new": "2024-01-02"},
            {"field": "maturity", "old": "incubating", "new": "graduated"},
        ])
    );
}

#[test]
fn a_logo_swapped_under_the_same_name_is_a_logo_change() {
    let dir = tempfile::tempdir().unwrap();
    let (base, head) = pair(dir.path(), &base_entries(), &base_entries());
    std::fs::write(
        dir.path().join("head/hosted_logos/beta.svg"),
        svg("#cc3300"),
    )
    .unwrap();
    let (_, report) = json(dir.path(), &base, &head, &[]);
    let logos = report["logos"].as_array().unwrap();
    assert_eq!(logos.len(), 1, "{logos:?}");
    assert_eq!(logos[0]["item"], "Beta");
    assert_eq!(logos[0]["change"], "changed");
    assert_eq!(logos[0]["file"], "beta.svg");
    let hash = |v: &Value| v.as_str().unwrap().to_string();
    assert_eq!(hash(&logos[0]["old_hash"]).len(), 16);
    assert_ne!(hash(&logos[0]["old_hash"]), hash(&logos[0]["new_hash"]));
    // The data did not change.
    assert_eq!(report["edited"], json!([]));
}

#[test]
fn settings_changes_per_top_level_key() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(&dir.path().join("base"), &base_entries(), SETTINGS, GUIDE);
    let settings = "foundation: Other Foundation\nurl: https://landscape.example.org\ncolors:\n  color1: '#112233'\n";
    let head = write(&dir.path().join("head"), &base_entries(), settings, GUIDE);
    let (_, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(
        report["settings"],
        json!([
            {"key": "colors", "change": "added", "old": null, "new": null},
            {"key": "foundation", "change": "changed", "old": "Test Foundation", "new": "Other Foundation"},
        ])
    );
    assert_eq!(report["added"], json!([]));
}

#[test]
fn guide_changes_per_section() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(&dir.path().join("base"), &base_entries(), SETTINGS, GUIDE);
    let guide = GUIDE.replace("content: Runtimes.", "content: Container runtimes.")
        + "  - category: Observability\n    content: Seeing what runs.\n";
    let head = write(&dir.path().join("head"), &base_entries(), SETTINGS, &guide);
    let (_, report) = json(dir.path(), &base, &head, &[]);
    let guide: Vec<(&str, &str)> = (report["guide"].as_array().unwrap().iter())
        .map(|g| (g["key"].as_str().unwrap(), g["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        guide,
        [
            ("Observability", "added"),
            ("Runtime / Container Runtime", "changed"),
        ]
    );
}

#[test]
fn only_errors_the_change_introduces_fail_it() {
    let dir = tempfile::tempdir().unwrap();
    // The base already has an error: Beta's logo file is missing.
    let mut base = base_entries();
    base[1].logo = "missing.svg".into();
    let base_data = write(&dir.path().join("base"), &base, SETTINGS, GUIDE);
    std::fs::remove_file(dir.path().join("base/hosted_logos/missing.svg")).unwrap();

    // The head keeps it (on another line: an item is inserted before it) and adds nothing
    // wrong: exit 0, no new problem.
    let mut head = base.clone();
    head.insert(1, entry("Observability", "Monitoring", "Aardvark"));
    let head_data = write(&dir.path().join("head"), &head, SETTINGS, GUIDE);
    std::fs::remove_file(dir.path().join("head/hosted_logos/missing.svg")).unwrap();
    let (code, report) = json(dir.path(), &base_data, &head_data, &[]);
    assert_eq!(report["new_problems"], json!([]), "{report:#}");
    assert_eq!(code, 0);

    // A new item with a homepage that is not a URL: one new error, exit 1.
    let mut bad = entry("Observability", "Monitoring", "Broken");
    bad.homepage = "not a url".into();
    head.push(bad);
    let head_data = write(&dir.path().join("head2"), &head, SETTINGS, GUIDE);
    std::fs::remove_file(dir.path().join("head2/hosted_logos/missing.svg")).unwrap();
    let (code, report) = json(dir.path(), &base_data, &head_data, &[]);
    let problems = report["new_problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["item"], "Broken");
    assert_eq!(problems[0]["field"], "homepage_url");
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(report["summary"]["new_errors"], 1);
    assert_eq!(code, 1);
}

#[test]
fn fixing_a_problem_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut base = base_entries();
    base[1].homepage = "not a url".into();
    let (base, head) = pair(dir.path(), &base, &base_entries());
    let (code, report) = json(dir.path(), &base, &head, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["fixed_problems"], 1);
    assert_eq!(report["new_problems"], json!([]));
}
