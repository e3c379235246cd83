//! `enduser` and `tags` rules reach every output: items.json, the explorer's filters, the
//! item pages.

use serde_json::Value;

use super::build;
use landscape::load::Inputs;
use landscape::prepare::{LogoWork, PrepareOptions, prepare};

/// The item named `name` in items.json.
fn item<'a>(json: &'a Value, name: &str) -> &'a Value {
    (json["items"].as_array().expect("items").iter())
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("{name} in items.json"))
}

#[test]
fn enduser_and_tag_rules_are_applied_to_the_items() {
    let site = build("");
    let json: Value = serde_json::from_str(&site.read("data/items.json")).expect("items.json");
    let item = |name| item(&json, name);
    // `enduser: [Members / End User Supporter]`: Member A is an end user by the rule, Member
    // B keeps its own `enduser: false`, a member of another subcategory is left alone.
    assert_eq!(item("Member A")["enduser"], true);
    assert_eq!(item("Member B")["enduser"], false);
    assert_eq!(item("Endress+Hauser (x)").get("enduser"), None);
    // `tags: orchestration: [Orchestration & Management]`: the graduated Kubernetes gets
    // it; Ænix (not a project) does not; .NET keeps its own tag.
    assert_eq!(
        item("Kubernetes")["extra"]["tags"],
        serde_json::json!(["orchestration"])
    );
    assert_eq!(item("Ænix")["extra"]["tags"], serde_json::json!([]));
    assert_eq!(
        item(".NET")["extra"]["tags"],
        serde_json::json!(["app-delivery"])
    );

    // The explorer's "End user" and "TAG" filters see them.
    let index_name = std::fs::read_dir(site.out.join("data"))
        .expect("data dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("explorer."))
        .expect("the explorer index");
    let index: Value =
        serde_json::from_str(&site.read(&format!("data/{index_name}"))).expect("index");
    let names: Vec<&str> = (json["items"].as_array().expect("items").iter())
        .map(|i| i["name"].as_str().expect("name"))
        .collect();
    let facet = |key: &str| -> Vec<String> {
        let facet = (index["facets"].as_array().expect("facets").iter())
            .find(|f| f["key"] == key)
            .unwrap_or_else(|| panic!("facet {key}"));
        let values = facet["values"].as_array().expect("values");
        (facet["of"].as_array().expect("of").iter())
            .map(|of| {
                let mut found: Vec<String> = match of {
                    Value::Null => Vec::new(),
                    Value::Array(list) => list
                        .iter()
                        .map(|k| values[k.as_u64().unwrap() as usize].to_string())
                        .collect(),
                    k => vec![values[k.as_u64().unwrap() as usize].to_string()],
                };
                found.sort();
                found.join(",")
            })
            .collect()
    };
    let enduser = facet("enduser");
    let tags = facet("tag");
    let at = |name: &str| names.iter().position(|n| *n == name).expect("item");
    assert_eq!(enduser[at("Member A")], "\"Yes\"");
    assert_eq!(enduser[at("Member B")], "\"No\"");
    assert_eq!(tags[at("Kubernetes")], "\"orchestration\"");

    let page = site.read("items/member-a/index.html");
    assert!(page.contains("<dt>End user</dt><dd>yes</dd>"), "{page}");
    let page = site.read("items/kubernetes/index.html");
    assert!(
        page.contains(r#"<span class="tag">TAG orchestration</span>"#),
        "{page}"
    );
}

/// The CNCF landscape's settings make the 81 "End User Supporter and Contributor" members
/// end users (landscape2's site counts them all).
#[test]
fn every_cncf_end_user_supporter_is_an_end_user() {
    let Some(dir) = crate::support::cncf_dir() else {
        return;
    };
    let prepared = prepare(&PrepareOptions::new(
        Inputs::beside(dir.join("landscape.yml")),
        LogoWork::Check,
    ));
    let supporters: Vec<_> = (prepared.landscape.items.iter())
        .filter(|i| {
            i.category == "CNCF Members" && i.subcategory == "End User Supporter and Contributor"
        })
        .collect();
    let end_users = supporters.iter().filter(|i| i.is_enduser()).count();
    println!(
        "CNCF: {end_users} of {} End User Supporter and Contributor members are end users",
        supporters.len()
    );
    assert_eq!(supporters.len(), 81);
    assert_eq!(end_users, 81);
}
