//! `landscape schema`: JSON Schemas of the input files that agree with the validator, and
//! `landscape new` pointing editors at them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use landscape::diagnostics::Severity;
use landscape::load::Inputs;
use serde_json::Value;

use crate::support::{self, cli};

/// Error codes a schema cannot express, so only the validator reports them: what a URL
/// says (its scheme, its site), the settings' `base_path` safety, and the input file itself
/// (unreadable, binary, too large, outside the landscape). Logos, duplicates and second
/// paths are checked after loading (`validate::cross_checks`, `logos`), not compared here.
const VALIDATOR_ONLY: &[&str] = &[
    "bad-url",
    "url-site",
    "bad-base-path",
    "unreadable-file",
    "not-utf8",
    "input-too-large",
    "input-outside-dir",
    "input-not-regular",
    "input-binary",
];

const KINDS: [(&str, &str); 3] = [
    ("data", "landscape.yml"),
    ("settings", "settings.yml"),
    ("guide", "guide.yml"),
];

fn schema_of(kind: &str) -> Value {
    let out = cli::run(Path::new("."), &["schema", kind]);
    assert!(out.status.success(), "{}", cli::text(&out));
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).expect("a valid draft 2020-12 schema")
}

/// The file as JSON, the way YAML reads; `None` when it is not YAML at all.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_saphyr::from_str::<Value>(&text).ok()
}

/// Whether our loader finds errors (other than [`VALIDATOR_ONLY`] ones) in each file of the
/// landscape whose data file is `data`, keyed by file name.
fn our_verdicts(data: &Path) -> BTreeMap<String, Vec<String>> {
    let inputs = Inputs::beside(data);
    let loaded = landscape::load::load(&inputs);
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in [
        Some(&inputs.data),
        inputs.settings.as_ref(),
        inputs.guide.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        errors.entry(path.display().to_string()).or_default();
    }
    for d in &loaded.report.diagnostics {
        if d.severity == Severity::Error && !VALIDATOR_ONLY.contains(&d.code) {
            (errors.entry(d.file.clone()).or_default())
                .push(format!("{}:{} {}", d.code, d.line, d.message));
        }
    }
    errors
}

/// Checks that the schema and the validator give every file of the landscape in `dir` the
/// same verdict; returns the verdicts (file name → valid).
fn agree(dir: &Path, schemas: &BTreeMap<&str, jsonschema::Validator>) -> BTreeMap<String, bool> {
    let ours = our_verdicts(&dir.join("landscape.yml"));
    let mut verdicts = BTreeMap::new();
    for (file, errors) in ours {
        let path = PathBuf::from(&file);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(&(kind, _)) = KINDS.iter().find(|(_, f)| *f == name) else {
            continue;
        };
        let schema_errors: Vec<String> = match as_json(&path) {
            Some(json) => schemas[kind]
                .iter_errors(&json)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect(),
            None => vec!["not YAML".into()],
        };
        assert_eq!(
            schema_errors.is_empty(),
            errors.is_empty(),
            "{file}: the schema says {schema_errors:#?}, the validator {errors:#?}"
        );
        verdicts.insert(name.to_string(), errors.is_empty());
    }
    verdicts
}

fn all_schemas() -> BTreeMap<&'static str, jsonschema::Validator> {
    KINDS
        .iter()
        .map(|(kind, _)| (*kind, validator(&schema_of(kind))))
        .collect()
}

#[test]
fn schemas_are_draft_2020_12_with_descriptions() {
    for (kind, file) in KINDS {
        let schema = schema_of(kind);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{kind}"
        );
        assert!(schema["title"].as_str().unwrap_or("").contains(file));
        validator(&schema);
    }
    let data = schema_of("data");
    let item = &data["$defs"]["item"];
    assert_eq!(
        item["required"],
        serde_json::json!(["name", "homepage_url", "logo"])
    );
    for key in [
        "name",
        "logo",
        "repo_url",
        "enduser",
        "second_path",
        "extra",
    ] {
        let description = item["properties"][key]["description"]
            .as_str()
            .unwrap_or("");
        assert!(!description.is_empty(), "item.{key} has no description");
    }
    let extra = &data["$defs"]["extra"]["properties"];
    for key in [
        "funding_url",
        "summary_intro_url",
        "training_type",
        "audits",
        "tag",
    ] {
        assert!(extra[key]["description"].is_string(), "extra.{key}");
    }
    let settings = schema_of("settings");
    let properties = settings["properties"]
        .as_object()
        .expect("settings properties");
    for key in [
        "foundation",
        "url",
        "colors",
        "header",
        "view_mode",
        "featured_items",
    ] {
        assert!(properties.contains_key(key), "settings {key}");
    }
    for (key, property) in properties {
        assert!(
            property["description"].is_string(),
            "settings {key}: {property:#}"
        );
    }
    // Unknown keys only warn.
    assert_ne!(settings["additionalProperties"], false);
    let out = cli::run(Path::new("."), &["schema", "nothing"]);
    assert!(!out.status.success());
}

#[test]
fn new_landscapes_point_editors_at_their_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = cli::run(dir.path(), &["new", "demo"]);
    assert!(out.status.success(), "{}", cli::text(&out));
    let demo = dir.path().join("demo");
    let schemas = all_schemas();
    for (kind, file) in KINDS {
        let text = std::fs::read_to_string(demo.join(file)).expect("input file");
        let schema_path = format!(".schema/{}.json", file.trim_end_matches(".yml"));
        assert_eq!(
            text.lines().next(),
            Some(format!("# yaml-language-server: $schema={schema_path}").as_str()),
            "{file}"
        );
        let written: Value =
            serde_json::from_slice(&std::fs::read(demo.join(&schema_path)).expect("schema file"))
                .expect("schema JSON");
        assert_eq!(written, schema_of(kind), "{schema_path}");
    }
    // The new landscape is valid for both, and builds.
    let verdicts = agree(&demo, &schemas);
    assert_eq!(verdicts.len(), 3, "{verdicts:?}");
    assert!(verdicts.values().all(|v| *v), "{verdicts:?}");
    let out = cli::run(&demo, &["validate", "--cache", "cache"]);
    assert!(out.status.success(), "{}", cli::text(&out));
}

#[test]
fn schema_and_validator_agree_on_every_fixture_and_the_cncf_landscape() {
    let schemas = all_schemas();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let dir = entry.expect("entry").path();
        if dir.join("landscape.yml").is_file() {
            checked += agree(&dir, &schemas).len();
        }
    }
    // Every YAML file under tests/fixtures is one of a landscape's three files.
    let yaml_files = walk(&fixtures)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .count();
    assert_eq!(checked, yaml_files, "a YAML fixture was not compared");
    if let Some(cncf) = support::cncf_dir() {
        let verdicts = agree(&cncf, &schemas);
        assert_eq!(verdicts.len(), 3, "{verdicts:?}");
        assert!(verdicts.values().all(|v| *v), "{verdicts:?}");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

const ITEM: &str = "          - item:\n            name: Acme\n            homepage_url: https://acme.example/\n            logo: acme.svg\n";

fn data_with(item: &str) -> String {
    format!(
        "landscape:\n  - category:\n    name: Cat\n    subcategories:\n      - subcategory:\n        name: Sub\n        items:\n{item}"
    )
}

/// Writes a landscape (data, and settings or guide when given) and returns the verdicts.
fn crafted(data: &str, settings: Option<&str>, guide: Option<&str>) -> BTreeMap<String, bool> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("landscape.yml"), data).expect("write");
    if let Some(s) = settings {
        std::fs::write(dir.path().join("settings.yml"), s).expect("write");
    }
    if let Some(g) = guide {
        std::fs::write(dir.path().join("guide.yml"), g).expect("write");
    }
    agree(dir.path(), &all_schemas())
}

#[test]
fn crafted_errors_are_invalid_for_both_and_warnings_valid_for_both() {
    let invalid_data = [
        // A required field missing, or blank.
        ITEM.replace("            name: Acme\n", ""),
        ITEM.replace("name: Acme", "name: \"  \""),
        ITEM.replace("logo: acme.svg", "logo:"),
        // A boolean landscape2 reads, written as text.
        format!("{ITEM}            enduser: \"yes\"\n"),
        format!("{ITEM}            extra:\n              specification: no-thanks\n"),
        format!("{ITEM}            unnamed_organization: 1\n"),
        // A mapping where text goes, a list where a mapping goes.
        format!("{ITEM}            description:\n              en: text\n"),
        format!("{ITEM}            extra: [a, b]\n"),
        format!("{ITEM}            additional_repos:\n              - branch: main\n"),
        format!(
            "{ITEM}            extra:\n              audits:\n                - type: security\n"
        ),
        "          - just a string\n".to_string(),
    ];
    for item in &invalid_data {
        let verdicts = crafted(&data_with(item), None, None);
        assert!(!verdicts["landscape.yml"], "{item}");
    }
    assert!(!crafted("landscape: 12\n", None, None)["landscape.yml"]);
    assert!(!crafted("items: []\n", None, None)["landscape.yml"]);

    let valid_data = [
        ITEM.to_string(),
        // Unknown and legacy keys, own booleans of the wrong kind, malformed dates and
        // links on another site only warn.
        format!("{ITEM}            colour: blue\n            slug: acme\n"),
        format!("{ITEM}            open_source: \"yes\"\n            allow_duplicate_repo: 1\n"),
        format!("{ITEM}            joined: last week\n"),
        format!("{ITEM}            twitter: https://example.org/acme\n"),
        format!("{ITEM}            organization: https://acme.example/\n"),
        format!(
            "{ITEM}            extra:\n              tag: [a, b]\n              annotations:\n                x: 1\n              unknown: 2\n"
        ),
        format!(
            "{ITEM}            enduser: true\n            extra:\n              specification: false\n"
        ),
    ];
    for item in &valid_data {
        let verdicts = crafted(&data_with(item), None, None);
        assert!(verdicts["landscape.yml"], "{item}");
    }

    let data = data_with(ITEM);
    for settings in [
        "foundation: [a, b]\n",
        "groups: 5\n",
        "logos_viewbox:\n  adjust: maybe\n",
        "screenshot_width: wide\n",
    ] {
        let verdicts = crafted(&data, Some(settings), None);
        assert!(!verdicts["settings.yml"], "{settings}");
    }
    for settings in [
        "foundation: Acme\nurl: https://acme.example\n",
        "view_mode: gallery\ngrid_items_size: huge\nsomething_new: 1\n",
        "foundation: Acme\nenduser:\ntags:\n",
    ] {
        let verdicts = crafted(&data, Some(settings), None);
        assert!(verdicts["settings.yml"], "{settings}");
    }
    for guide in ["categories: 5\n", "categories:\n  - keywords: 7\n"] {
        assert!(!crafted(&data, None, Some(guide))["guide.yml"], "{guide}");
    }
    let guide = "categories:\n  - category: Cat\n    content: Hello\n    subcategories:\n      - subcategory: Sub\n        content: More\n";
    assert!(crafted(&data, None, Some(guide))["guide.yml"]);
}
