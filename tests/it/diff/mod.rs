//! `landscape diff`: crafted base/head pairs for every kind of change, a real git
//! repository as the base, markdown escaping, preview images, and the CNCF snapshot.

mod changes;
mod cncf;
mod git;
mod markdown;
mod preview;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::cli;

/// One item of a crafted landscape.
#[derive(Debug, Clone)]
pub struct Entry {
    pub category: &'static str,
    pub subcategory: &'static str,
    pub name: String,
    pub homepage: String,
    pub logo: String,
    /// More YAML lines of the item (indented by the writer).
    pub extra: Vec<String>,
}

/// An item listed in `category / subcategory` with a homepage and logo named after it.
pub fn entry(category: &'static str, subcategory: &'static str, name: &str) -> Entry {
    let slug = name.to_lowercase().replace(' ', "-");
    Entry {
        category,
        subcategory,
        name: name.to_string(),
        homepage: format!("https://{slug}.example.org/"),
        logo: format!("{slug}.svg"),
        extra: Vec::new(),
    }
}

/// The three items every test starts from.
pub fn base_entries() -> Vec<Entry> {
    vec![
        entry("Runtime", "Container Runtime", "Alpha"),
        entry("Observability", "Monitoring", "Beta"),
        entry("Observability", "Monitoring", "Gamma"),
    ]
}

pub const SETTINGS: &str = "foundation: Test Foundation\nurl: https://landscape.example.org\n";
pub const GUIDE: &str = "categories:\n  - category: Runtime\n    content: Where containers run.\n    subcategories:\n      - subcategory: Container Runtime\n        content: Runtimes.\n";

/// A logo: a square of one colour.
pub fn svg(color: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"><rect width=\"40\" height=\"20\" fill=\"{color}\"/></svg>"
    )
}

/// Writes a landscape (data, settings, guide, a logo per item unless one is there) into
/// `dir`; returns its data file.
pub fn write(dir: &Path, entries: &[Entry], settings: &str, guide: &str) -> PathBuf {
    let mut yaml = String::from("landscape:\n");
    let mut categories: Vec<&str> = Vec::new();
    for e in entries {
        if !categories.contains(&e.category) {
            categories.push(e.category);
        }
    }
    for category in categories {
        yaml.push_str(&format!(
            "  - category:\n    name: {category}\n    subcategories:\n"
        ));
        let mut subs: Vec<&str> = Vec::new();
        for e in entries.iter().filter(|e| e.category == category) {
            if !subs.contains(&e.subcategory) {
                subs.push(e.subcategory);
            }
        }
        for sub in subs {
            yaml.push_str(&format!(
                "      - subcategory:\n        name: {sub}\n        items:\n"
            ));
            for e in entries
                .iter()
                .filter(|e| e.category == category && e.subcategory == sub)
            {
                yaml.push_str(&format!(
                    "          - item:\n            name: {}\n            homepage_url: {}\n            logo: {}\n",
                    e.name, e.homepage, e.logo
                ));
                for line in &e.extra {
                    yaml.push_str(&format!("            {line}\n"));
                }
            }
        }
    }
    std::fs::create_dir_all(dir.join("hosted_logos")).unwrap();
    let data = dir.join("landscape.yml");
    std::fs::write(&data, yaml).unwrap();
    std::fs::write(dir.join("settings.yml"), settings).unwrap();
    std::fs::write(dir.join("guide.yml"), guide).unwrap();
    for e in entries {
        let logo = dir.join("hosted_logos").join(&e.logo);
        if !logo.exists() && !e.logo.is_empty() {
            std::fs::write(logo, svg("#3366cc")).unwrap();
        }
    }
    data
}

/// Writes base and head landscapes under `dir` (`base/`, `head/`).
pub fn pair(dir: &Path, base: &[Entry], head: &[Entry]) -> (PathBuf, PathBuf) {
    (
        write(&dir.join("base"), base, SETTINGS, GUIDE),
        write(&dir.join("head"), head, SETTINGS, GUIDE),
    )
}

/// Runs `landscape diff` in `dir` with the base and head data files and `args`.
pub fn run(dir: &Path, base: &Path, head: &Path, args: &[&str]) -> Output {
    let (base, head, cache) = (
        base.display().to_string(),
        head.display().to_string(),
        dir.join("cache").display().to_string(),
    );
    let mut all = vec![
        "diff",
        "--base-data",
        &base,
        "--data",
        &head,
        "--cache",
        &cache,
    ];
    all.extend(args);
    cli::run(dir, &all)
}

/// Runs it with `--format json`: the exit code and the parsed report.
pub fn json(dir: &Path, base: &Path, head: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    let out = run(dir, base, head, &all);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", cli::text(&out)));
    (out.status.code().unwrap_or(-1), report)
}

/// The names in a list of item entries (`added`, `removed`).
pub fn names(list: &Value) -> Vec<&str> {
    (list.as_array().unwrap().iter())
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}
