//! This generator's own settings (`hide_archived_items`, `maturity_levels`, `custom_fields`)
//! on `tests/fixtures/fields`: wrong values are errors naming file, line and field; custom
//! fields become columns appended to both CSV files and keys of `items.json`; the settings'
//! schema knows them. What the browser shows is in `browser::fields`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{cli, copy_dir};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fields")
}

/// A copy of the fixture in `dir/data`, `settings` replacing the settings file when given.
fn copy(dir: &Path, settings: Option<&str>) -> PathBuf {
    let data = dir.join("data");
    copy_dir(&fixture(), &data);
    if let Some(text) = settings {
        std::fs::write(data.join("settings.yml"), text).expect("settings written");
    }
    data
}

fn build(data: &Path, out: &Path) {
    let done = cli::run(
        data,
        &[
            "build",
            "--data",
            "landscape.yml",
            "--out",
            &out.display().to_string(),
        ],
    );
    assert!(done.status.success(), "build: {}", cli::text(&done));
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The fixture's settings without its `custom_fields` (everything from that key on).
fn settings_without_fields() -> String {
    let text = std::fs::read_to_string(fixture().join("settings.yml")).expect("settings");
    text[..text
        .find("custom_fields:")
        .expect("custom_fields in the fixture")]
        .to_string()
}

#[test]
fn custom_fields_are_columns_after_the_files_own_and_keys_of_items_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with = copy(&dir.path().join("with"), None);
    let without = copy(
        &dir.path().join("without"),
        Some(&settings_without_fields()),
    );
    let (out_with, out_without) = (
        dir.path().join("site-with"),
        dir.path().join("site-without"),
    );
    build(&with, &out_with);
    build(&without, &out_without);
    let keys = [
        "tier",
        "sla",
        "docs",
        "regions",
        "hosted",
        "notes",
        "internal_code",
    ];
    for file in ["items.csv", "docs/items.csv"] {
        let (rows, plain) = (
            csv_rows(&out_with.join(file)),
            csv_rows(&out_without.join(file)),
        );
        assert_eq!(rows.len(), plain.len(), "{file}: one row per item");
        let own = plain[0].len();
        assert_eq!(
            rows[0][..own],
            plain[0][..],
            "{file}: the file's own columns first"
        );
        assert_eq!(rows[0][own..], keys, "{file}: then the custom fields' keys");
        for (row, base) in rows.iter().zip(&plain) {
            assert_eq!(row[..own], base[..], "{file}: own cells unchanged");
        }
        let steady = rows
            .iter()
            .find(|r| r.contains(&"Steady Engine".to_string()));
        let steady = &steady.expect("Steady Engine's row")[own..];
        assert_eq!(
            steady,
            [
                "gold",
                "99.9",
                "https://docs.steady.example.org",
                "eu,us",
                "true",
                "<img src=x onerror=alert(1)>",
                // A formula is defused, as every contributor text cell is.
                "'=HYPERLINK(1)",
            ],
            "{file}"
        );
    }
    let json: Value = serde_json::from_slice(
        &std::fs::read(out_with.join("data/items.json")).expect("items.json"),
    )
    .expect("JSON");
    let steady = (json["items"].as_array().expect("items").iter())
        .find(|i| i["name"] == "Steady Engine")
        .expect("Steady Engine");
    assert_eq!(steady["extra"]["custom"]["sla"], serde_json::json!(99.9));
    assert_eq!(
        steady["extra"]["custom"]["regions"],
        serde_json::json!(["eu", "us"])
    );
    let plain: Value = serde_json::from_slice(
        &std::fs::read(out_without.join("data/items.json")).expect("items.json"),
    )
    .expect("JSON");
    assert!(
        (plain["items"].as_array().expect("items").iter())
            .all(|i| i["extra"].get("custom").is_none()),
        "no custom fields declared, none published"
    );
    // landscape2's API files carry them too, under a key of their own.
    let api = |out: &Path| -> Value {
        let path = out.join("api/categories/runtime/all.json");
        serde_json::from_slice(&std::fs::read(&path).expect("the category's API file"))
            .expect("JSON")
    };
    let listed = api(&out_with);
    let steady = (listed.as_array().expect("a list").iter())
        .find(|i| i["name"] == "Steady Engine")
        .expect("Steady Engine");
    assert_eq!(steady["custom"]["sla"], serde_json::json!(99.9));
    assert_eq!(steady["custom"]["tier"], serde_json::json!("gold"));
    let plain = api(&out_without);
    assert!(
        (plain.as_array().expect("a list").iter()).all(|i| i.get("custom").is_none()),
        "no custom fields declared, none in the API"
    );
}

#[test]
fn wrong_values_are_errors_naming_file_line_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = copy(dir.path(), None);
    crate::support::site::edit_data(&data, "sla: 99.9", "sla: high");
    crate::support::site::edit_data(
        &data,
        "docs: https://docs.steady.example.org",
        "docs: \"javascript:alert(1)\"",
    );
    crate::support::site::edit_data(&data, "regions: [us]", "regions: {us: 1}");
    crate::support::site::edit_data(&data, "project: pilot", "project: beta");
    let settings = std::fs::read_to_string(data.join("settings.yml")).expect("settings");
    let settings = settings.replace("type: boolean", "type: yes-or-no");
    std::fs::write(data.join("settings.yml"), settings).expect("settings written");
    let out = cli::run(
        &data,
        &["validate", "--data", "landscape.yml", "--format", "json"],
    );
    assert!(!out.status.success(), "errors fail validation");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let found: Vec<(String, u64, String, String)> = (report["diagnostics"].as_array())
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["file"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("./")
                    .to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["field"].as_str().unwrap_or("").to_string(),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect = |file: &str, line: u64, field: &str, code: &str| {
        let wanted = (file.to_string(), line, field.to_string(), code.to_string());
        assert!(found.contains(&wanted), "{wanted:?} in {found:#?}");
    };
    expect("landscape.yml", 15, "sla", "wrong-type");
    expect("landscape.yml", 16, "docs", "bad-url");
    expect("landscape.yml", 28, "regions", "wrong-type");
    expect("landscape.yml", 33, "project", "unknown-maturity");
    expect("settings.yml", 29, "custom_fields[4].type", "bad-setting");
}

#[test]
fn the_settings_schema_knows_the_new_keys_and_accepts_the_fixture() {
    let out = cli::run(Path::new("."), &["schema", "settings"]);
    let schema: Value = serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    let properties = &schema["properties"];
    for key in ["hide_archived_items", "maturity_levels", "custom_fields"] {
        assert!(
            properties[key]["description"].is_string(),
            "settings {key}: {:#}",
            properties[key]
        );
    }
    let validator = jsonschema::draft202012::new(&schema).expect("a valid schema");
    let text = std::fs::read_to_string(fixture().join("settings.yml")).expect("settings");
    let settings: Value = serde_saphyr::from_str(&text).expect("settings as JSON");
    let errors: Vec<String> = validator
        .iter_errors(&settings)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let wrong: Value = serde_json::json!({
        "foundation": "F",
        "custom_fields": [{"key": "tier", "type": "text", "filterable": "yes"}],
    });
    assert!(!validator.is_valid(&wrong), "filterable must be a boolean");
}
