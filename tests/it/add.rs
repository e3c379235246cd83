//! `landscape add`: the entry lands at its place with every other byte of the file kept,
//! reads back with exactly the values given, and every refusal leaves the files untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::cli::{run, text};
use landscape::load::{Inputs, load};
use landscape::model::Item;

const LOGO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="8"/></svg>"#;

/// Comments, odd quoting, blank lines and an alphabetical subcategory with a comment
/// above one item; the second subcategory is out of order and ends in a block scalar.
const DATA: &str = "# The landscape.\n\nlandscape:\n  - category:\n    name: Runtime # the main one\n    subcategories:\n      - subcategory:\n        name: 'Container Runtime'\n        items:\n          - item:\n            name: \"Alpha\"\n            homepage_url: https://alpha.example.org/\n            logo: alpha.svg\n\n          # Gamma keeps its comment above it.\n          - item:\n            name: gamma\n            homepage_url: https://gamma.example.org/\n            logo: gamma.svg\n      - subcategory:\n        name: Storage\n        items:\n          - item:\n            name: Zulu\n            homepage_url: https://zulu.example.org/\n            logo: zulu.svg\n          - item:\n            name: Mike\n            homepage_url: https://mike.example.org/\n            logo: mike.svg\n            description: |\n              Stores things.\n\n              # not a comment: text\n\n  # a comment between categories\n  - category:\n    name: Observability\n    subcategories:\n      - subcategory:\n        name: Monitoring\n        items:\n          - item:\n            name: Beta\n            homepage_url: https://beta.example.org/\n            repo_url: https://github.com/example/beta\n            logo: beta.svg\n";

/// A landscape in `dir` with [`DATA`] (or `data`) and a logo per item; the new logo file
/// is `dir/new.svg`, outside the landscape.
fn landscape_in(dir: &Path, data: &str) -> PathBuf {
    let root = dir.join("l");
    std::fs::create_dir_all(root.join("logos")).unwrap();
    std::fs::write(root.join("landscape.yml"), data).unwrap();
    for name in ["alpha", "gamma", "zulu", "mike", "beta"] {
        std::fs::write(root.join(format!("logos/{name}.svg")), LOGO).unwrap();
    }
    std::fs::write(
        dir.join("new.svg"),
        LOGO.replace("height=\"8\"", "height=\"9\""),
    )
    .unwrap();
    root
}

fn add(root: &Path, args: &[&str]) -> std::process::Output {
    let cache = root.parent().unwrap().join("cache");
    let mut all = vec!["add", "--cache", cache.to_str().unwrap()];
    all.extend_from_slice(args);
    run(root, &all)
}

/// What `after` has that `before` lacks, asserting nothing else changed: `before` is
/// `after` with one run of bytes taken out.
fn inserted(before: &str, after: &str) -> String {
    let prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = before[prefix..]
        .bytes()
        .rev()
        .zip(after[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        prefix + suffix,
        before.len(),
        "bytes of the file were changed"
    );
    after[prefix..after.len() - suffix].to_string()
}

/// `before` with `block` inserted where `marker` is (which must be there once).
fn inserted_at(before: &str, marker: &str, block: &str) -> String {
    assert_eq!(before.matches(marker).count(), 1, "{marker:?}");
    let at = before.find(marker).unwrap();
    format!("{}{block}{}", &before[..at], &before[at..])
}

/// Every file under `dir` (hidden ones included) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                files.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    files
}

fn item(root: &Path, name: &str) -> Item {
    let loaded = load(&Inputs::beside(root.join("landscape.yml")));
    assert_eq!(loaded.report.errors(), 0, "{:?}", loaded.report.diagnostics);
    let items = loaded.data.landscape.items;
    items
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item named {name:?}"))
}

const ENTRY: [&str; 10] = [
    "--category",
    "Runtime",
    "--subcategory",
    "Container Runtime",
    "--homepage",
    "https://new.example.org/",
    "--logo",
    "../new.svg",
    "--name",
    "Beta Runtime",
];

#[test]
fn an_entry_goes_in_alphabetically_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    let out = add(&root, &ENTRY);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("alphabetical"), "{}", text(&out));
    let after = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
    // Before Gamma's comment, which belongs to Gamma; indented like its neighbours.
    assert_eq!(
        after,
        inserted_at(
            DATA,
            "          # Gamma keeps",
            "          - item:\n            name: Beta Runtime\n            homepage_url: https://new.example.org/\n            logo: beta-runtime.svg\n"
        )
    );
    assert_eq!(
        std::fs::read(root.join("logos/beta-runtime.svg")).unwrap(),
        std::fs::read(dir.path().join("new.svg")).unwrap()
    );
    // No temporary file is left beside the data or the logos.
    let names: Vec<String> = snapshot(&root)
        .keys()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with('.')), "{names:?}");
    let added = item(&root, "Beta Runtime");
    assert_eq!(added.subcategory, "Container Runtime");
    assert_eq!(added.logo, "beta-runtime.svg");
}

#[test]
fn out_of_order_items_get_the_entry_last_after_a_block_scalar() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    let out = add(
        &root,
        &[
            "--category",
            "Runtime",
            "--subcategory",
            "Storage",
            "--name",
            "Alpha Store",
            "--homepage",
            "https://store.example.org/",
            "--logo",
            "../new.svg",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("at the end"), "{}", text(&out));
    let after = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
    // After the block scalar's last line (which looks like a comment but is its text),
    // before the blank line and the comment that open the next category.
    assert_eq!(
        after,
        inserted_at(
            DATA,
            "\n  # a comment between",
            "          - item:\n            name: Alpha Store\n            homepage_url: https://store.example.org/\n            logo: alpha-store.svg\n"
        )
    );
    assert_eq!(
        item(&root, "Mike").description.as_deref(),
        Some("Stores things.\n\n# not a comment: text")
    );
}

#[test]
fn another_indentation_style_is_followed() {
    let data = "landscape:\n- category:\n  name: Runtime\n  subcategories:\n  - subcategory:\n    name: Container Runtime\n    items:\n    -   name: Alpha\n        homepage_url: https://alpha.example.org/\n        logo: alpha.svg\n";
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), data);
    let out = add(&root, &ENTRY);
    assert!(out.status.success(), "{}", text(&out));
    let after = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
    assert_eq!(
        after,
        format!(
            "{data}    -   name: Beta Runtime\n        homepage_url: https://new.example.org/\n        logo: beta-runtime.svg\n"
        )
    );
}

#[test]
fn every_value_reads_back_exactly_however_hostile() {
    for name in [
        "yes",
        "null",
        ": x",
        "#tag",
        "  leading spaces",
        "Café 移动云",
        "quote\" and \\ backslash",
        "1.10",
        "- dash",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = landscape_in(dir.path(), DATA);
        let description = format!("{name}: described # not a comment");
        // `--name=VALUE`: a value starting with `-` is not taken for a flag.
        let (name_arg, description_arg) = (
            format!("--name={name}"),
            format!("--description={description}"),
        );
        let out = add(
            &root,
            &[
                "--category",
                "Observability",
                "--subcategory",
                "Monitoring",
                &name_arg,
                "--homepage",
                "https://x.example.org/a?b=c#frag",
                "--logo",
                "../new.svg",
                "--repo",
                "https://github.com/example/new",
                &description_arg,
                "--crunchbase",
                "https://www.crunchbase.com/organization/new",
            ],
        );
        assert!(out.status.success(), "{name:?}: {}", text(&out));
        let after = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
        inserted(DATA, &after);
        // Exactly, in the YAML: the item of Observability / Monitoring that is not Beta.
        let root_node = landscape::yaml::parse(&after).unwrap();
        let list = |node: &landscape::yaml::Node, key: &str| match &node.get(key).unwrap().value {
            landscape::yaml::Value::Seq(nodes) => nodes.clone(),
            other => panic!("{other:?}"),
        };
        let monitoring = &list(
            list(&root_node, "landscape").last().unwrap(),
            "subcategories",
        )[0];
        let items = list(monitoring, "items");
        assert_eq!(items.len(), 2);
        let entry = items
            .iter()
            .find(|i| {
                i.get("logo").unwrap().value != landscape::yaml::Value::Str("beta.svg".into())
            })
            .unwrap();
        let field = |key: &str| match entry.get(key).map(|n| &n.value) {
            Some(landscape::yaml::Value::Str(s)) => s.clone(),
            other => panic!("{key}: {other:?} in {after}"),
        };
        assert_eq!(field("name"), name, "{after}");
        assert_eq!(field("description"), description, "{after}");
        // The loader trims names, as it does every other item's.
        let added = item(&root, name.trim());
        assert_eq!(added.name, name.trim());
        assert_eq!(added.description.as_deref(), Some(description.trim()));
        assert_eq!(added.homepage_url, "https://x.example.org/a?b=c#frag");
        assert_eq!(added.repositories[0].url, "https://github.com/example/new");
        assert_eq!(
            added.crunchbase.as_deref(),
            Some("https://www.crunchbase.com/organization/new")
        );
        assert!(root.join("logos").join(&added.logo).is_file(), "{name:?}");
    }
}

/// Runs `args` and asserts it fails with `message`, leaving every file as it was.
fn refused(data: &str, args: &[&str], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), data);
    let before = snapshot(dir.path());
    let out = add(&root, args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains(message), "{args:?}: {}", text(&out));
    assert!(text(&out).contains("nothing was written"), "{}", text(&out));
    let mut after = snapshot(dir.path());
    // The logo check cache is the only thing a refused run may leave, outside the landscape.
    after.retain(|p, _| !p.starts_with(dir.path().join("cache")));
    assert_eq!(before, after, "{args:?} changed files");
}

/// [`ENTRY`] with `flag` set to `value` (or left out when `value` is `None`).
fn entry_with(flag: &str, value: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    for pair in ENTRY.chunks(2) {
        if pair[0] != flag {
            args.extend([pair[0].to_string(), pair[1].to_string()]);
        }
    }
    if let Some(v) = value {
        args.extend([flag.to_string(), v.to_string()]);
    }
    args
}

fn refused_with(flag: &str, value: Option<&str>, message: &str) {
    let args = entry_with(flag, value);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(DATA, &args, message);
}

#[test]
fn refusals_name_the_problem_and_change_nothing() {
    refused_with(
        "--category",
        Some("Runtim"),
        "there is no category `Runtim`; did you mean `Runtime`?",
    );
    refused_with(
        "--subcategory",
        Some("container runtime"),
        "did you mean `Container Runtime`?",
    );
    refused_with("--subcategory", Some("Xyz"), "Container Runtime, Storage");
    refused_with("--name", Some("GAMMA"), "already has an item named `gamma`");
    refused_with("--homepage", Some("ftp://new.example.org/"), "--homepage");
    refused_with("--homepage", Some("not a url"), "not an absolute URL");
    refused_with("--repo", Some("github.com/x/y"), "--repo `github.com/x/y`");
    refused_with("--logo", Some("../missing.svg"), "does not exist");
    refused_with(
        "--logo",
        Some("../notes.txt"),
        ".svg (preferred), .png or .jpg",
    );
    refused_with("--name", Some("Alpha"), "already has an item named `Alpha`");
}

#[test]
fn a_logo_name_taken_by_another_file_is_refused() {
    // `alpha.svg` is the logo of Alpha, with other content than the new logo.
    let args = entry_with("--name", Some("alpha!"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(
        &DATA.replace("name: \"Alpha\"", "name: Alpha One"),
        &args,
        "alpha.svg already exists with different content",
    );
}

#[test]
fn a_logo_that_is_no_image_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    std::fs::write(dir.path().join("new.svg"), "<html>not a logo</html>").unwrap();
    let before = snapshot(&root);
    let out = add(&root, &ENTRY);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("logo file ../new.svg"),
        "{}",
        text(&out)
    );
    assert_eq!(before, snapshot(&root));
}

#[test]
fn an_entry_the_validation_rejects_is_not_written() {
    // A name of bidirectional controls only: the loader drops them and finds no name, an
    // error only the whole landscape's checks see.
    let args = entry_with("--name", Some("\u{202E}\u{2066}"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(DATA, &args, "would have 1 new error");
}

#[test]
fn existing_errors_do_not_block_an_addition() {
    // Zulu's logo is missing before the addition: that error is not the new item's.
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    std::fs::remove_file(root.join("logos/zulu.svg")).unwrap();
    let out = add(&root, &ENTRY);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn warnings_the_entry_brings_are_shown_and_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    let mut args = ENTRY.to_vec();
    // A Crunchbase page that is not an organization's: a warning in validation.
    args.extend(["--crunchbase", "https://www.crunchbase.com/person/someone"]);
    let out = add(&root, &args);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("not a Crunchbase organization page"),
        "{}",
        text(&out)
    );
    assert_eq!(
        item(&root, "Beta Runtime").crunchbase.as_deref(),
        Some("https://www.crunchbase.com/person/someone")
    );
}

#[test]
fn the_same_logo_already_there_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    std::fs::copy(
        dir.path().join("new.svg"),
        root.join("logos/beta-runtime.svg"),
    )
    .unwrap();
    let out = add(&root, &ENTRY);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("already there"), "{}", text(&out));
}

#[test]
fn missing_flags_without_a_terminal_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let root = landscape_in(dir.path(), DATA);
    let before = snapshot(dir.path());
    let out = add(&root, &["--name", "X", "--logo", "../new.svg"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("missing --category, --subcategory, --homepage"),
        "{}",
        text(&out)
    );
    assert_eq!(before, snapshot(dir.path()));
}

/// Hard-links (else copies) the files of `from` into `to`.
fn link_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            link_dir(&e.path(), &target);
        } else if std::fs::hard_link(e.path(), &target).is_err() {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_cncf_landscape_keeps_every_byte() {
    let Some(cncf) = crate::support::cncf_dir() else {
        return;
    };
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let root = dir.path().join("l");
    std::fs::create_dir_all(&root).unwrap();
    for file in ["landscape.yml", "settings.yml", "guide.yml"] {
        std::fs::copy(cncf.join(file), root.join(file)).unwrap();
    }
    link_dir(&cncf.join("hosted_logos"), &root.join("hosted_logos"));
    std::fs::write(dir.path().join("new.svg"), LOGO).unwrap();
    let before = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
    // Service Mesh is in alphabetical order (AWS App Mesh, Consul, ...): Bravo Mesh goes
    // right before Consul there.
    let sub = before.find("name: Service Mesh\n").unwrap();
    let consul = sub
        + before[sub..]
            .find("          - item:\n            name: Consul\n")
            .unwrap();
    let out = add(
        &root,
        &[
            "--category",
            "Orchestration & Management",
            "--subcategory",
            "Service Mesh",
            "--name",
            "Bravo Mesh",
            "--homepage",
            "https://bravo.example.org/",
            "--logo",
            "../new.svg",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("alphabetical"), "{}", text(&out));
    let after = std::fs::read_to_string(root.join("landscape.yml")).unwrap();
    let expected = format!(
        "{}          - item:\n            name: Bravo Mesh\n            homepage_url: https://bravo.example.org/\n            logo: bravo-mesh.svg\n{}",
        &before[..consul],
        &before[consul..]
    );
    assert!(
        after == expected,
        "the file changed elsewhere than before Consul"
    );
    assert_eq!(
        std::fs::read(root.join("hosted_logos/bravo-mesh.svg")).unwrap(),
        LOGO.as_bytes()
    );
}
