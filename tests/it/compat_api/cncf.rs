//! The CNCF snapshot's build writes every landscape2 download path.

use std::collections::BTreeSet;

use landscape::load::Inputs;
use landscape::model::normalize_name;
use landscape::site::{self, BuildOptions};

use super::json::J;
use super::{CSV_HEADER, our_items, read};
use crate::support::cncf_dir;

#[test]
fn the_cncf_site_serves_every_landscape2_download() {
    let Some(dir) = cncf_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let mut opts = BuildOptions::new(Inputs::beside(dir.join("landscape.yml")), &site);
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
        ("landscape.yml", "data.yml"),
        ("settings.yml", "settings.yml"),
        ("guide.yml", "guide.yml"),
    ] {
        let given = std::fs::read(dir.join(source)).unwrap();
        let published = std::fs::read(site.join("sources").join(copy)).unwrap();
        assert!(
            given == published,
            "sources/{copy} is not {source} byte for byte"
        );
    }
    // `screenshot_width: 3000`.
    for file in ["docs/landscape.png", "docs/landscape.pdf"] {
        assert!(site.join(file).is_file(), "{file}");
    }
}
