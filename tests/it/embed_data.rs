//! landscape2's embed datasets (`data/embed_<key>.json`) as a build of
//! `tests/fixtures/compat` writes them: which keys exist, and each view's exact shape.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::copy_dir;
use crate::support::site::{edit_data, options};
use landscape::site;

/// Builds the compat fixture, with C++ also listed under Orchestration & Management by a
/// second path, into `dir/site`.
fn build(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat"),
        &data,
    );
    edit_data(
        &data,
        "            logo: cpp.svg\n",
        "            logo: cpp.svg\n            second_path:\n              - Orchestration & Management / Scheduling & Orchestration\n",
    );
    let out = dir.join("site");
    site::build(&options(&data, &out)).expect("the fixture builds");
    out
}

fn read(out: &Path, key: &str) -> Value {
    let path = out.join(format!("data/embed_{key}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("JSON")
}

/// The view with each item's `logo` checked to be a published file, then left out.
fn without_logos(out: &Path, mut view: Value) -> Value {
    for item in view["items"].as_array_mut().into_iter().flatten() {
        let logo = item["logo"].as_str().expect("a logo").to_string();
        assert!(
            logo.starts_with("logos/") && out.join(&logo).is_file(),
            "{logo}"
        );
        item.as_object_mut().unwrap().remove("logo");
    }
    view
}

#[test]
fn one_dataset_per_landscape2_key() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let mut keys: Vec<String> = std::fs::read_dir(out.join("data"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Some(
                name.strip_prefix("embed_")?
                    .strip_suffix(".json")?
                    .to_string(),
            )
        })
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "category_app-definition-and-development",
            "category_app-definition-and-development--ci-cd",
            "category_app-definition-and-development--streaming-messaging",
            "category_members",
            "category_members--end-user-supporter",
            "category_members--platinum",
            "category_orchestration-management",
            "category_orchestration-management--scheduling-orchestration",
            "maturity_all",
            "maturity_graduated",
            "maturity_incubating",
            "maturity_sandbox",
            "tag_all",
            "tag_app-delivery",
            "tag_orchestration",
        ]
    );
}

#[test]
fn views_have_landscape2s_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    // A subcategory: its own items and those listed there by a second path, in data order;
    // tags from the item or from the settings rule for its category's projects.
    let key = "category_orchestration-management--scheduling-orchestration";
    assert_eq!(
        without_logos(&out, read(&out, key)),
        json!({
            "classification": {"category": {
                "name": "Orchestration & Management",
                "normalized_name": "orchestration-management",
                "subcategories": [{"name": "Scheduling & Orchestration", "normalized_name": "scheduling-orchestration"}],
            }},
            "foundation": "Compat",
            "items": [
                {"category": "App Definition and Development", "id": "app-definition-and-development--ci-cd--c++", "name": "C++",
                 "subcategory": "CI/CD", "website": "https://cpp.example.org/",
                 "additional_categories": [{"category": "Orchestration & Management", "subcategory": "Scheduling & Orchestration"}],
                 "maturity": "sandbox", "primary_repository_url": "https://github.com/compat/cpp"},
                {"category": "Orchestration & Management", "id": "orchestration-management--scheduling-orchestration--kubernetes",
                 "name": "Kubernetes", "subcategory": "Scheduling & Orchestration", "website": "https://kubernetes.example.org/",
                 "maturity": "graduated", "primary_repository_url": "https://github.com/compat/kubernetes", "tag": ["orchestration"]},
                {"category": "Orchestration & Management", "id": "orchestration-management--scheduling-orchestration--ænix",
                 "name": "Ænix", "subcategory": "Scheduling & Orchestration", "website": "https://aenix.example.org/"},
            ],
        })
    );
    // Field order as landscape2 writes it; `<`, `>` and `&` escaped, as in items.json.
    let text = std::fs::read_to_string(out.join(format!("data/embed_{key}.json"))).unwrap();
    assert!(text.starts_with(r#"{"classification":{"category":{"name":"Orchestration \u0026 Management","normalized_name":"orchestration-management","subcategories":"#), "{text}");
    assert!(text.contains(r#"{"category":"Orchestration \u0026 Management","id":"orchestration-management--scheduling-orchestration--kubernetes","name":"Kubernetes","logo":"logos/"#), "{text}");

    // A category lists all its subcategories.
    let category = read(&out, "category_app-definition-and-development");
    let subs: Vec<&str> = category["classification"]["category"]["subcategories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["normalized_name"].as_str().unwrap())
        .collect();
    assert_eq!(subs, ["ci-cd", "streaming-messaging"]);
    let ids: Vec<&str> = category["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "app-definition-and-development--ci-cd--c++",
            "app-definition-and-development--ci-cd---net",
            "app-definition-and-development--ci-cd--shared-name",
            "app-definition-and-development--streaming-messaging--shared-name",
        ]
    );

    // Members: the subcategory of the members entry with the same Crunchbase URL.
    let platinum = read(&out, "category_members--platinum");
    assert_eq!(platinum["items"][0]["member_subcategory"], "Platinum");
    let supporters = read(&out, "category_members--end-user-supporter");
    let members: Vec<&Value> = supporters["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["member_subcategory"])
        .collect();
    assert_eq!(members, [&json!("End User Supporter"), &Value::Null]);

    // `_all`: every option by name, the items sorted by id once each.
    let all = read(&out, "maturity_all");
    assert_eq!(
        all["classification"],
        json!({"maturity": [
            {"name": "graduated", "normalized_name": "graduated"},
            {"name": "incubating", "normalized_name": "incubating"},
            {"name": "sandbox", "normalized_name": "sandbox"},
        ]})
    );
    let ids: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "app-definition-and-development--ci-cd---net",
            "app-definition-and-development--ci-cd--c++",
            "app-definition-and-development--streaming-messaging--shared-name",
            "orchestration-management--scheduling-orchestration--kubernetes",
        ]
    );
    let tag = read(&out, "tag_app-delivery");
    assert_eq!(
        tag["classification"],
        json!({"tag": [{"name": "app-delivery", "normalized_name": "app-delivery"}]})
    );
    assert_eq!(tag["items"][0]["name"], ".NET");
    assert_eq!(tag["items"][0]["description"], "A framework.");
}

#[test]
fn the_configurator_offers_what_has_items() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path());
    let page = std::fs::read_to_string(out.join("embed/index.html")).unwrap();
    let start = page
        .find(r#"<script type="application/json" id="embed-options">"#)
        .expect("options block");
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let options: Value = serde_json::from_str(json).expect("options JSON");
    let categories: Vec<(&str, Vec<&str>)> = options["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let subs = c["subcategories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap())
                .collect();
            (c["name"].as_str().unwrap(), subs)
        })
        .collect();
    assert_eq!(
        categories,
        [
            (
                "App Definition and Development",
                vec!["CI/CD", "Streaming & Messaging"]
            ),
            ("Members", vec!["End User Supporter", "Platinum"]),
            (
                "Orchestration & Management",
                vec!["Scheduling & Orchestration"]
            ),
        ]
    );
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|o| o["normalized_name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&options["maturity"]),
        ["graduated", "incubating", "sandbox"]
    );
    assert_eq!(names(&options["tags"]), ["app-delivery", "orchestration"]);
    // The fixed paths pasted snippets name.
    for file in [
        "embed/embed.html",
        "embed/embed-item.html",
        "embed/embed-item.js",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // landscape2's route to its embed setup leads to the configurator.
    let setup = std::fs::read_to_string(out.join("embed-setup/index.html")).unwrap();
    assert!(
        setup.contains(r#"<meta http-equiv="refresh" content="0; url=/embed/">"#),
        "{setup}"
    );
}

/// The configurator starts from the settings: `color5` (as hex) for the title background,
/// `hide_organization_section_in_projects` for the item details.
#[test]
fn the_configurator_starts_from_the_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat"),
        &data,
    );
    let settings = data.join("settings.yml");
    let text = std::fs::read_to_string(&settings).unwrap()
        + "hide_organization_section_in_projects: true\ncolors:\n  color5: \"rgba(62, 121, 176, 1)\"\n";
    std::fs::write(&settings, text).unwrap();
    let out = tmp.path().join("site");
    site::build(&options(&data, &out)).expect("the fixture builds");
    let page = std::fs::read_to_string(out.join("embed/index.html")).unwrap();
    assert!(
        page.contains(r##"data-bg-color="#3e79b0" data-hide-organization="true""##),
        "{page}"
    );
    assert!(page.contains(r##"<input type="color" id="setup-bg-color" value="#3e79b0">"##));
}
