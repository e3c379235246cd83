//! A one-item change to the CNCF landscape, diffed with previews.

use serde_json::json;

use super::json;
use crate::support;

#[test]
fn a_one_item_change_to_the_cncf_landscape() {
    let Some(cncf) = support::cncf_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let head = dir.path().join("head");
    std::fs::create_dir_all(&head).unwrap();
    let text = std::fs::read_to_string(cncf.join("landscape.yml")).unwrap();
    let from = "description: Kubernetes is an open-source system for automating deployment";
    assert_eq!(text.matches(from).count(), 1);
    let edited = text.replace(from, "description: Kubernetes automates deployment");
    std::fs::write(head.join("landscape.yml"), edited).unwrap();
    for file in ["settings.yml", "guide.yml"] {
        std::fs::copy(cncf.join(file), head.join(file)).unwrap();
    }
    let logos = cncf.join("hosted_logos").display().to_string();
    let (code, report) = json(
        dir.path(),
        &cncf.join("landscape.yml"),
        &head.join("landscape.yml"),
        &["--logos", &logos, "--preview", "previews"],
    );
    assert_eq!(code, 0, "{report:#}");
    for list in [
        "added",
        "removed",
        "renamed",
        "moved",
        "logos",
        "settings",
        "guide",
        "new_problems",
    ] {
        assert_eq!(report[list], json!([]), "{list}");
    }
    assert_eq!(report["edited"].as_array().unwrap().len(), 1);
    assert_eq!(report["edited"][0]["item"]["name"], "Kubernetes");
    let fields = &report["edited"][0]["fields"];
    assert_eq!(fields.as_array().unwrap().len(), 1);
    assert_eq!(fields[0]["field"], "description");
    assert_eq!(
        fields[0]["new"],
        "Kubernetes automates deployment, scaling, and management of containerized applications"
    );
    // Its own subcategory and both second paths, each with the one tile outlined.
    let subs: Vec<String> = (report["previews"]["subcategories"]
        .as_array()
        .unwrap()
        .iter())
    .map(|s| {
        assert_eq!(s["highlighted"], 1);
        let file = dir
            .path()
            .join("previews")
            .join(s["file"].as_str().unwrap());
        assert!(std::fs::read(file).unwrap().starts_with(b"\x89PNG"));
        format!(
            "{} / {}",
            s["category"].as_str().unwrap(),
            s["subcategory"].as_str().unwrap()
        )
    })
    .collect();
    assert!(
        subs.contains(&"Orchestration & Management / Scheduling & Orchestration".to_string()),
        "{subs:?}"
    );
    assert!(
        subs.contains(&"Wasm / Orchestration & Management".to_string()),
        "{subs:?}"
    );
    assert!(
        subs.contains(&"AI Native Infra / Orchestration and Scheduling".to_string()),
        "{subs:?}"
    );
    assert_eq!(subs.len(), 3);
    let tiles = report["previews"]["tiles"].as_array().unwrap();
    assert_eq!(tiles.len(), 1);
    assert_eq!(tiles[0]["files"].as_array().unwrap().len(), 4);
}
