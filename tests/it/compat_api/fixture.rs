//! One build of the compat fixture, checked file by file against landscape2's formats.

use std::collections::BTreeSet;
use std::path::Path;

use super::json::{J, assert_ordered};
use super::{
    CSV_HEADER, ITEM_FIELDS, REPO_FIELDS, build, cell, compat_copy, csv_rows, our_items, read,
};
use crate::support::site::files;

const URL: &str = "https://landscape.compat.example.org";
const NET: &str = "app-definition-and-development--ci-cd---net";
const CPP: &str = "app-definition-and-development--ci-cd--c++";
const SHARED_ONE: &str = "app-definition-and-development--ci-cd--shared-name";
const SHARED_TWO: &str = "app-definition-and-development--streaming-messaging--shared-name";
const ZETA: &str = "app-definition-and-development--streaming-messaging--zeta-stream";
const KUBE: &str = "orchestration-management--scheduling-orchestration--kubernetes";
const AENIX: &str = "orchestration-management--scheduling-orchestration--ænix";
const ENDRESS: &str = "members--platinum--endress+hauser-x";
const MEMBER_A: &str = "members--end-user-supporter--member-a";
const MEMBER_B: &str = "members--end-user-supporter--member-b";

#[test]
fn the_compat_site_serves_landscape2_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let data = compat_copy(tmp.path());
    let site = tmp.path().join("site");
    build(&data, &site, None);
    api_paths_lists_and_counts(&site);
    api_items_have_landscape2_fields(&site);
    items_csv(&site);
    projects_files(&site);
    qr_code(&site);
    for (source, copy) in [
        ("landscape.yml", "data.yml"),
        ("settings.yml", "settings.yml"),
    ] {
        let given = std::fs::read(data.join(source)).unwrap();
        let published = std::fs::read(site.join("sources").join(copy)).unwrap();
        assert!(
            given == published,
            "sources/{copy} is not {source} byte for byte"
        );
    }
    assert!(
        !site.join("sources/guide.yml").exists(),
        "no guide was given"
    );
    screenshots(&site);
}

/// The ids of an API list, in order.
fn ids(site: &Path, path: &str) -> Vec<String> {
    let list = J::parse(&read(site, path), path);
    list.items()
        .iter()
        .map(|i| i.str("id").to_string())
        .collect()
}

fn api_paths_lists_and_counts(site: &Path) {
    let api = site.join("api");
    let found: BTreeSet<String> = (files(&api).iter())
        .map(|p| p.strip_prefix(&api).unwrap().to_string_lossy().to_string())
        .collect();
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for dir in [
        "categories/app-definition-and-development",
        "categories/app-definition-and-development/ci-cd",
        "categories/app-definition-and-development/streaming-messaging",
        "categories/orchestration-management",
        "categories/orchestration-management/scheduling-orchestration",
        "projects",
    ] {
        expected.insert(format!("{dir}/all.json"));
        expected.insert(format!("{dir}/count.json"));
    }
    for file in [
        "members/all.json",
        "members/count.json",
        "members/end-users.json",
    ] {
        expected.insert(file.into());
    }
    for id in [NET, CPP, SHARED_TWO, ZETA, KUBE] {
        expected.insert(format!("projects/{id}.json"));
    }
    // The members category has its own endpoints, not category ones.
    assert_eq!(found, expected);

    // Sorted by lowercased name ('.' < 'c' < 's' < 'z' < 'æ'), equal names in data order;
    // only the item's own category counts (zeta's second path is not listed).
    for (path, want) in [
        (
            "categories/app-definition-and-development/all.json",
            vec![NET, CPP, SHARED_ONE, SHARED_TWO, ZETA],
        ),
        (
            "categories/app-definition-and-development/ci-cd/all.json",
            vec![NET, CPP, SHARED_ONE],
        ),
        (
            "categories/app-definition-and-development/streaming-messaging/all.json",
            vec![SHARED_TWO, ZETA],
        ),
        (
            "categories/orchestration-management/all.json",
            vec![KUBE, AENIX],
        ),
        (
            "categories/orchestration-management/scheduling-orchestration/all.json",
            vec![KUBE, AENIX],
        ),
        ("members/all.json", vec![ENDRESS, MEMBER_A, MEMBER_B]),
        ("projects/all.json", vec![NET, CPP, KUBE, SHARED_TWO, ZETA]),
    ] {
        assert_eq!(ids(site, &format!("api/{path}")), want, "{path}");
        let count = path.replace("all.json", "count.json");
        let text = read(site, &format!("api/{count}"));
        assert_eq!(text, format!("{{\"count\":{}}}", want.len()), "{count}");
    }

    // End users: the members the build marks `enduser` (Endress+Hauser by its own flag,
    // others by settings rules), never Member B (`enduser: false`).
    let end_users = ids(site, "api/members/end-users.json");
    let marked: Vec<String> = (our_items(site).iter())
        .filter(|i| i["category"] == "Members" && i["enduser"] == true)
        .map(|i| i["landscape2_id"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = marked.clone();
    sorted.sort_by_key(|id| {
        ids(site, "api/members/all.json")
            .iter()
            .position(|m| m == id)
    });
    assert_eq!(end_users, sorted);
    assert!(end_users.iter().any(|id| id == ENDRESS), "{end_users:?}");
    assert!(!end_users.iter().any(|id| id == MEMBER_B), "{end_users:?}");
    // The flag as set: by the item (true or false) or by a settings rule.
    let members = J::parse(&read(site, "api/members/all.json"), "members");
    let flags: Vec<Option<&J>> = (members.items().iter()).map(|m| m.get("enduser")).collect();
    let (yes, no) = (Some(&J::Bool(true)), Some(&J::Bool(false)));
    assert_eq!(flags, [yes, yes, no], "Endress+Hauser, Member A, Member B");

    // A project's file is its element of projects/all.json.
    let all = J::parse(&read(site, "api/projects/all.json"), "projects/all.json");
    for item in all.items() {
        let path = format!("api/projects/{}.json", item.str("id"));
        assert_eq!(read(site, &path), item.compact(), "{path}");
    }
}

fn api_items_have_landscape2_fields(site: &Path) {
    let ours = our_items(site);
    for path in files(&site.join("api")) {
        let rel = path
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let json = J::parse(&text, &rel);
        // Compact, no trailing newline: the file is exactly its compact form.
        assert_eq!(text, json.compact(), "{rel} is not compact JSON");
        let items = match &json {
            J::Arr(items) => items.clone(),
            J::Obj(_) if rel.ends_with("count.json") => continue,
            item => vec![item.clone()],
        };
        for item in &items {
            assert_ordered(&item.keys(), &ITEM_FIELDS, &ITEM_FIELDS[..6], &rel);
            for repo in item.get("repositories").map_or(&[][..], J::items) {
                assert_ordered(&repo.keys(), &REPO_FIELDS, &["url"], &rel);
            }
            // The logo's absolute URL names the published file.
            let ours = (ours.iter())
                .find(|i| i["landscape2_id"].as_str() == Some(item.str("id")))
                .unwrap();
            let logo = ours["logo_url"].as_str().unwrap();
            assert_eq!(item.str("logo_url"), format!("{URL}{logo}"));
            assert!(site.join(&logo[1..]).is_file(), "{logo} is not published");
        }
    }

    let zeta = read(site, &format!("api/projects/{ZETA}.json"));
    let logo = J::parse(&zeta, "zeta").str("logo_url").to_string();
    let expected = format!(
        r##"{{"category":"App Definition and Development","homepage_url":"https://zeta.example.org/","id":"{ZETA}","logo_url":"{logo}","name":"zeta Stream","subcategory":"Streaming \u0026 Messaging","accepted_at":"2020-01-01","additional_categories":[{{"category":"Orchestration \u0026 Management","subcategory":"Scheduling \u0026 Orchestration"}}],"annotations":{{"owner":"team zeta"}},"archived_at":"2024-06-30","audits":[{{"date":"2023-09-01","type":"security","url":"https://audits.example.org/2","vendor":"Vendor Two"}},{{"date":"2022-01-01","type":"fuzzing","url":"https://audits.example.org/1","vendor":"Vendor One"}}],"chat_channel":"#zeta","description":"Streams of zeta.","devstats_url":"https://zeta.devstats.example.org/","incubating_at":"2020-01-01","joined_at":"2020-02-02","latest_annual_review_at":"2023-05-05","latest_annual_review_url":"https://github.com/cncf/toc/pull/1","lfx_slug":"zeta","maturity":"archived","openssf_best_practices_url":"https://www.bestpractices.dev/projects/1","oss":true,"other_links":[{{"name":"Roadmap","url":"https://zeta.example.org/roadmap"}}],"repositories":[{{"url":"https://github.com/compat/zeta","branch":"develop","primary":true}},{{"url":"https://github.com/compat/zeta-docs","primary":false}}],"slack_url":"https://slack.example.org/zeta","specification":true,"summary":{{"intro_url":"https://zeta.example.org/intro","personas":["Developers","Operators","",""],"use_case":"Moving data."}},"tag":["streaming"],"twitter_url":"https://twitter.com/zeta"}}"##
    );
    assert_eq!(zeta, expected);
    // Without GitHub data a repository is its URL and role, and `oss` needs a license.
    let cpp = J::parse(&read(site, &format!("api/projects/{CPP}.json")), "c++");
    assert_eq!(
        cpp.get("repositories").unwrap().compact(),
        r#"[{"url":"https://github.com/compat/cpp","primary":true}]"#
    );
    assert!(cpp.get("oss").is_none() && cpp.get("description").is_none());
}

fn items_csv(site: &Path) {
    let text = read(site, "docs/items.csv");
    assert_eq!(text.lines().next(), Some(CSV_HEADER));
    let rows = csv_rows(&text);
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            ".NET",
            "C++",
            "Endress+Hauser (x)",
            "Kubernetes",
            "Member A",
            "Member B",
            "Shared Name",
            "Shared Name",
            "zeta Stream",
            "Ænix"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 50));
    assert_eq!(
        cell(&rows[7], "homepage"),
        "https://shared-one.example.org/"
    );
    let endress = &rows[3];
    assert_eq!(cell(endress, "member"), "Platinum");
    assert_eq!(cell(endress, "relation"), "member");
    // No Crunchbase data: its columns are empty, `organization` included.
    assert_eq!(cell(endress, "organization"), "");
    assert_eq!(
        cell(&rows[6], "member"),
        "",
        "Member B has no Crunchbase URL"
    );
    let zeta = &rows[9];
    for (column, value) in [
        ("relation", "archived"),
        ("tag", "streaming"),
        ("license", "MIT"),
        ("oss", "true"),
        ("twitter", "https://twitter.com/zeta"),
        ("accepted", "2020-01-01"),
        ("incubation", "2020-01-01"),
        ("graduated", ""),
        ("dev_stats_url", "https://zeta.devstats.example.org/"),
        ("slack_url", "https://slack.example.org/zeta"),
        ("chat_channel", "#zeta"),
        // The last audit listed, not the latest date.
        ("last_audit_date", "2022-01-01"),
        ("last_audit_url", "https://audits.example.org/1"),
        ("github_repo", ""),
    ] {
        assert_eq!(cell(zeta, column), value, "{column}");
    }
    let logo = cell(zeta, "logo");
    assert!(
        logo.starts_with("logos/") && site.join(logo).is_file(),
        "{logo}"
    );
}

fn projects_files(site: &Path) {
    assert_eq!(
        read(site, "docs/projects.csv"),
        "project_name,maturity,tag,accepted_date,sandbox_date,incubating_date,graduated_date,archived_date,num_security_audits,last_security_audit_date
.net,incubating,app-delivery,2021-02-03,2021-02-03,2022-04-05,,,0,
c++,sandbox,,2023-01-10,2023-01-10,,,,0,
kubernetes,graduated,orchestration,2016-03-10,2016-03-10,,2018-03-06,,0,
shared name,graduated,,2019-01-01,2019-01-01,2019-06-01,2020-07-08,,0,
zeta stream,archived,streaming,2020-01-01,,2020-01-01,,2024-06-30,2,2022-01-01
"
    );
    assert_eq!(
        read(site, "docs/projects.md"),
        "## Projects

| **project_name** | **maturity** | **accepted_date** | **sandbox_date** | **incubating_date** | **graduated_date** | **archived_date** | **num_security_audits** | **last_security_audit_date** |
| :--------------- | :----------: | :---------------: | :--------------: | :-----------------: | :----------------: | :---------------: | :---------------------: | :--------------------------: |
[.net](https://dotnet.example.org/) | incubating | 2021-02-03 | 2021-02-03 | 2022-04-05 |  |  | 0 |  |
[c++](https://cpp.example.org/) | sandbox | 2023-01-10 | 2023-01-10 |  |  |  | 0 |  |
[kubernetes](https://kubernetes.example.org/) | graduated | 2016-03-10 | 2016-03-10 |  | 2018-03-06 |  | 0 |  |
[shared name](https://shared-two.example.org/) | graduated | 2019-01-01 | 2019-01-01 | 2019-06-01 | 2020-07-08 |  | 0 |  |
[zeta stream](https://zeta.example.org/) | archived | 2020-01-01 |  | 2020-01-01 |  | 2024-06-30 | 2 | 2022-01-01 |"
    );
}

/// The QR code is an SVG of at least 200×200, black on white, that decodes to the URL.
fn qr_code(site: &Path) {
    let svg = read(site, "images/qr_code.svg");
    let doc = roxmltree::Document::parse(&svg).expect("the QR code is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let size = |a: &str| root.attribute(a).unwrap().parse::<u32>().unwrap();
    let (w, h) = (size("width"), size("height"));
    assert!(w >= 200 && h >= 200, "{w}×{h}");
    let fills: BTreeSet<&str> = (doc.descendants())
        .filter_map(|n| n.attribute("fill"))
        .collect();
    assert_eq!(fills, BTreeSet::from(["#000000", "#ffffff"]));

    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).unwrap();
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    let grey = |x: usize, y: usize| pixmap.pixel(x as u32, y as u32).unwrap().red();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, grey);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(content, URL);
}

/// `screenshot_width: 1500`: a PNG 3000 pixels wide and a PDF page 1500 CSS pixels (1125
/// pt) wide, both with the poster's aspect ratio.
fn screenshots(site: &Path) {
    let png = std::fs::read(site.join("docs/landscape.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    let (w, h) = (be(16), be(20));
    assert_eq!(w, 3000);
    let pdf = site.join("docs/landscape.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let Some(pdfinfo) = crate::support::tool("pdfinfo", "poppler-utils") else {
        return;
    };
    let info = std::process::Command::new(pdfinfo)
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let size = (info.lines())
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_else(|| panic!("{info}"));
    let numbers: Vec<f64> = (size.split_whitespace())
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(numbers[0], 1125.0, "{info}");
    let (ratio_png, ratio_pdf) = (f64::from(h) / f64::from(w), numbers[1] / numbers[0]);
    assert!((ratio_png - ratio_pdf).abs() < 0.001, "{info} vs {w}×{h}");
}
