//! The CNCF snapshot's build writes every landscape2 download path.

use std::collections::BTreeSet;

use landscape::load::Inputs;
use landscape::model::normalize_name;
use landscape::site::{self, BuildOptions};

use super::json::J;
use super::{CSV_HEADER, our_items, read};
use crate::support::cncf_dir;

const KUBERNETES: &str = "orchestration-management--scheduling-orchestration--kubernetes";

/// One build of the snapshot, checked path by path. Its settings are used without
/// `screenshot_width` (the compat fixture's test covers the screenshots): drawing the
/// 6000-pixel PNG takes minutes in a debug build.
#[test]
fn the_cncf_site_serves_every_landscape2_download() {
    let Some(dir) = cncf_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let settings = std::fs::read_to_string(dir.join("settings.yml")).unwrap();
    let width = "\nscreenshot_width: 3000\n";
    assert!(settings.contains(width), "the snapshot's settings changed");
    let settings_file = tmp.path().join("settings.yml");
    std::fs::write(&settings_file, settings.replace(width, "\n")).unwrap();
    let mut inputs = Inputs::beside(dir.join("landscape.yml"));
    inputs.settings = Some(settings_file.clone());
    let site = tmp.path().join("site");
    let mut opts = BuildOptions::new(inputs, &site);
    opts.keep_going = true;
    site::build(&opts).unwrap_or_else(|e| panic!("the build failed: {e}"));

    let items = our_items(&site);
    let json: serde_json::Value = serde_json::from_str(&read(&site, "data/items.json")).unwrap();
    let members = "CNCF Members";
    let mut lists = vec![
        "api/members/all.json".to_string(),
        "api/projects/all.json".to_string(),
    ];
    for category in json["categories"].as_array().unwrap() {
        let name = category["name"].as_str().unwrap();
        if name == members {
            continue;
        }
        let c = normalize_name(name);
        lists.push(format!("api/categories/{c}/all.json"));
        for sub in category["subcategories"].as_array().unwrap() {
            let s = normalize_name(sub.as_str().unwrap());
            lists.push(format!("api/categories/{c}/{s}/all.json"));
        }
    }
    assert!(lists.len() > 50, "{lists:?}");
    for all in &lists {
        let list = J::parse(&read(&site, all), all);
        let count = J::parse(&read(&site, &all.replace("all.json", "count.json")), all);
        assert_eq!(
            count.compact(),
            format!("{{\"count\":{}}}", list.items().len()),
            "{all}"
        );
    }
    let count = |path: &str| J::parse(&read(&site, path), path).items().len();
    let member_items = items.iter().filter(|i| i["category"] == members).count();
    assert_eq!(count("api/members/all.json"), member_items);
    assert!(count("api/members/end-users.json") <= member_items);

    // One file per project id, and nothing else beside the list and its count.
    let projects: Vec<&serde_json::Value> = (items.iter())
        .filter(|i| i.get("maturity").is_some())
        .collect();
    assert!(projects.len() > 150, "{} projects", projects.len());
    assert_eq!(count("api/projects/all.json"), projects.len());
    let ids: BTreeSet<String> = (projects.iter())
        .map(|i| format!("{}.json", i["landscape2_id"].as_str().unwrap()))
        .collect();
    let files: BTreeSet<String> = (std::fs::read_dir(site.join("api/projects")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "all.json" && n != "count.json")
        .collect();
    assert_eq!(files, ids);

    let csv = read(&site, "docs/items.csv");
    assert_eq!(csv.lines().next(), Some(CSV_HEADER));
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(rows, items.len());
    let projects_csv = read(&site, "docs/projects.csv");
    assert_eq!(projects_csv.lines().count(), projects.len() + 1);
    let md = read(&site, "docs/projects.md");
    assert_eq!(md.lines().count(), projects.len() + 4);
    assert!(site.join("images/qr_code.svg").is_file());
    for (source, copy) in [
        (dir.join("landscape.yml"), "data.yml"),
        (settings_file, "settings.yml"),
        (dir.join("guide.yml"), "guide.yml"),
    ] {
        let given = std::fs::read(&source).unwrap();
        let published = std::fs::read(site.join("sources").join(copy)).unwrap();
        assert!(
            given == published,
            "sources/{copy} is not {source:?} byte for byte"
        );
    }
    for file in ["docs/landscape.png", "docs/landscape.pdf"] {
        assert!(!site.join(file).exists(), "{file} without screenshot_width");
    }

    kubernetes(&site);
    scheduling_and_orchestration(&site, &items);
    end_users(&site, &items);
}

/// Kubernetes' own file under landscape2's id, with the snapshot's values.
fn kubernetes(site: &std::path::Path) {
    let path = format!("api/projects/{KUBERNETES}.json");
    let k8s = J::parse(&read(site, &path), &path);
    for (field, value) in [
        ("id", KUBERNETES),
        ("name", "Kubernetes"),
        ("category", "Orchestration & Management"),
        ("subcategory", "Scheduling & Orchestration"),
        ("homepage_url", "https://kubernetes.io/"),
        ("maturity", "graduated"),
        ("accepted_at", "2016-03-10"),
        ("graduated_at", "2018-03-06"),
        ("lfx_slug", "k8s"),
        ("devstats_url", "https://k8s.devstats.cncf.io/"),
    ] {
        assert_eq!(k8s.str(field), value, "{field}");
    }
    let logo = k8s.str("logo_url");
    let file =
        (logo.strip_prefix("https://landscape.cncf.io/logos/")).unwrap_or_else(|| panic!("{logo}"));
    assert!(site.join("logos").join(file).is_file(), "{logo}");
    assert_eq!(
        k8s.get("additional_categories").unwrap().compact(),
        r#"[{"category":"Wasm","subcategory":"Orchestration \u0026 Management"},{"category":"AI Native Infra","subcategory":"Orchestration and Scheduling"}]"#
    );
    assert_eq!(
        k8s.get("repositories").unwrap().compact(),
        r#"[{"url":"https://github.com/kubernetes/kubernetes","primary":true}]"#
    );
    assert!(k8s.get("audits").unwrap().items().len() >= 2);
}

/// A category's and a subcategory's lists: their items only (by their own path), sorted by
/// lowercased name, Kubernetes among them.
fn scheduling_and_orchestration(site: &std::path::Path, items: &[serde_json::Value]) {
    for (path, subcategory) in [
        ("api/categories/orchestration-management/all.json", None),
        (
            "api/categories/orchestration-management/scheduling-orchestration/all.json",
            Some("Scheduling & Orchestration"),
        ),
    ] {
        let list = J::parse(&read(site, path), path);
        let names: Vec<String> = (list.items().iter())
            .map(|i| i.str("name").to_lowercase())
            .collect();
        assert!(names.is_sorted(), "{path}: {names:?}");
        assert!(
            list.items().iter().any(|i| i.str("id") == KUBERNETES),
            "{path}"
        );
        let expected = (items.iter())
            .filter(|i| i["category"] == "Orchestration & Management")
            .filter(|i| subcategory.is_none_or(|s| i["subcategory"] == s))
            .count();
        assert_eq!(list.items().len(), expected, "{path}");
        for item in list.items() {
            assert_eq!(item.str("category"), "Orchestration & Management", "{path}");
        }
    }
}

/// The members the build marks as end users, and there are some.
fn end_users(site: &std::path::Path, items: &[serde_json::Value]) {
    let path = "api/members/end-users.json";
    let list = J::parse(&read(site, path), path);
    let ids: BTreeSet<&str> = list.items().iter().map(|i| i.str("id")).collect();
    let marked: BTreeSet<&str> = (items.iter())
        .filter(|i| i["category"] == "CNCF Members" && i["enduser"] == true)
        .map(|i| i["landscape2_id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 81, "{} end users", ids.len());
    assert_eq!(ids, marked);
}
