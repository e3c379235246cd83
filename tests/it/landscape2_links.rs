//! What a built site holds so links made for landscape2 sites keep working: both ids of every
//! item in `data/items.json` and `data/item-ids.json`, and a redirect page per group alias.
//! Built from `tests/fixtures/compat` (names landscape2 normalizes in particular ways); what
//! a browser does with them is in `browser::compat_urls`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::copy_dir;
use crate::support::site::options;

/// Builds the compat fixture with `extra` appended to its settings; the site's directory.
fn build(tmp: &Path, extra: &str) -> PathBuf {
    let data = tmp.join("data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat"),
        &data,
    );
    let settings = data.join("settings.yml");
    let text = std::fs::read_to_string(&settings).expect("settings");
    std::fs::write(&settings, format!("{text}\n{extra}\n")).expect("write settings");
    let out = tmp.join("site");
    let mut opts = options(&data, &out);
    opts.cache = Some(tmp.join("cache"));
    landscape::site::build(&opts).unwrap_or_else(|e| panic!("the compat site builds: {e}"));
    out
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(out: &Path, path: &str) -> Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn items_carry_their_landscape2_ids() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = build(tmp.path(), "");
    let items = json(&out, "data/items.json");
    let items = items["items"].as_array().expect("items");
    let ids: Vec<(&str, &str, &str)> = (items.iter())
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap_or_else(|| panic!("{k} of {i}"));
            (s("name"), s("id"), s("landscape2_id"))
        })
        .collect();
    let l2 = |name: &str| -> Vec<&str> {
        (ids.iter())
            .filter(|(n, _, _)| *n == name)
            .map(|(_, _, l2)| *l2)
            .collect()
    };
    // landscape2's ids (spec 2.1): a leading dot keeps its dash, `+` and `Æ` stay, the
    // parenthesis goes; the same name in two subcategories gets two ids.
    assert_eq!(l2(".NET"), ["app-definition-and-development--ci-cd---net"]);
    assert_eq!(l2("C++"), ["app-definition-and-development--ci-cd--c++"]);
    assert_eq!(
        l2("Ænix"),
        ["orchestration-management--scheduling-orchestration--ænix"]
    );
    assert_eq!(
        l2("Endress+Hauser (x)"),
        ["members--platinum--endress+hauser-x"]
    );
    assert_eq!(
        l2("Shared Name"),
        [
            "app-definition-and-development--ci-cd--shared-name",
            "app-definition-and-development--streaming-messaging--shared-name"
        ]
    );
    // Our ids are the item pages' slugs: unique, and a page for each.
    let mut slugs: Vec<&str> = ids.iter().map(|(_, id, _)| *id).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), ids.len(), "{ids:?}");
    for (_, id, _) in &ids {
        assert!(out.join(format!("items/{id}/index.html")).is_file(), "{id}");
    }

    // The map every page fetches for `?item=`: the same pairs, in the same order.
    let pairs = json(&out, "data/item-ids.json");
    let want: Vec<[&str; 2]> = ids.iter().map(|(_, id, l2)| [*id, *l2]).collect();
    assert_eq!(pairs, serde_json::json!(want));
}

#[test]
fn a_group_alias_is_a_page_that_lands_on_the_group() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = build(tmp.path(), "base_path: /landscape");
    // "Projects and products" has the alias `projects`: landscape2's `BASE/projects`.
    let page = read(&out, "projects/index.html");
    let target = "/landscape/?group=projects-and-products";
    assert!(
        page.contains(&format!(
            r#"<meta http-equiv="refresh" content="0; url={target}">"#
        )),
        "{page}"
    );
    assert!(page.contains(&format!(r#"<a href="{target}">"#)), "{page}");
    assert!(page.contains("<title>Projects and products · Compat landscape</title>"));
    // Members has no alias: no page of its name.
    assert!(!out.join("members").exists());
    // The projects summary keeps landscape2's paths, out of the alias's way.
    assert!(read(&out, "projects-summary/index.html").contains(r#"id="projects-table""#));
    assert!(read(&out, "summary/index.html").contains("url=/landscape/projects-summary/"));
    // The landscape page says which view and tile size the settings chose: none here.
    let index = read(&out, "index.html");
    assert!(index.contains(r#"data-view="grid""#), "{index}");
    assert!(!index.contains("--tile:"), "{index}");
}

#[test]
fn settings_choose_the_landscape_pages_view_and_tile_size() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = build(tmp.path(), "view_mode: card\ngrid_items_size: medium");
    let index = read(&out, "index.html");
    assert!(index.contains(r#"data-view="card""#), "{index}");
    assert!(
        index.contains(r#"id="landscape" data-raster="122" style="--tile: 84px">"#),
        "{index}"
    );
}
