//! The API and items.csv with GitHub data (from the fake GitHub), on a site with a base path
//! and no `screenshot_width`.

use super::json::J;
use super::{build, cell, compat_copy, csv_rows, edit_settings, read};
use crate::support::fake_github::{self, FakeGitHub};

const ZETA: &str = "app-definition-and-development--streaming-messaging--zeta-stream";
const CPP: &str = "app-definition-and-development--ci-cd--c++";

/// The fake's repository figures as landscape2's API writes them (the languages and the
/// release come from the recorded answer every fake repository shares).
fn repo(slug: &str, branch: Option<&str>, primary: bool) -> String {
    let branch = branch.map_or(String::new(), |b| format!(r#""branch":"{b}","#));
    format!(
        r#"{{"url":"https://github.com/{slug}",{branch}"contributors":{},"languages":{{"CSS":40211,"HTML":9873,"Rust":412330,"TypeScript":301877}},"latest_release":"2025-02-10T10:31:42Z","license":"Apache License 2.0","primary":{primary},"stars":{}}}"#,
        fake_github::contributors(slug),
        fake_github::stars(slug),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_figures_reach_the_api_and_items_csv() {
    let fake = FakeGitHub::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = compat_copy(tmp.path());
    edit_settings(&data, "screenshot_width: 1500\n", "base_path: /landscape\n");
    let site = tmp.path().join("site");
    let github = fake_github::options(&fake.api_url(), &tmp.path().join("cache"));
    let (d, s) = (data.clone(), site.clone());
    tokio::task::spawn_blocking(move || build(&d, &s, Some(github)))
        .await
        .unwrap();

    let zeta = J::parse(&read(&site, &format!("api/projects/{ZETA}.json")), "zeta");
    // GitHub's license in the API even where the data file names another (landscape2 does
    // the same); the item's own description stays.
    assert_eq!(
        zeta.get("repositories").unwrap().compact(),
        format!(
            "[{},{}]",
            repo("compat/zeta", Some("develop"), true),
            repo("compat/zeta-docs", None, false)
        )
    );
    assert_eq!(zeta.str("description"), "Streams of zeta.");
    let cpp = J::parse(&read(&site, &format!("api/projects/{CPP}.json")), "c++");
    assert_eq!(
        cpp.get("repositories").unwrap().compact(),
        format!("[{}]", repo("compat/cpp", None, true))
    );
    // Without a description of its own, an item takes its repository's; with a license
    // from GitHub it is open source.
    let description = fake_github::fixture("graphql_repository.json")["description"].clone();
    assert_eq!(cpp.str("description"), description.as_str().unwrap());
    assert_eq!(cpp.get("oss"), Some(&J::Bool(true)));

    // The logo URL keeps the base path: the file is published under it.
    let logo = cpp.str("logo_url");
    let file = logo
        .strip_prefix("https://landscape.compat.example.org/landscape/logos/")
        .unwrap_or_else(|| panic!("{logo}"));
    assert!(site.join("logos").join(file).is_file(), "{logo}");

    let rows = csv_rows(&read(&site, "docs/items.csv"));
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap();
    let zeta = row("zeta Stream");
    let head = fake_github::head_sha("compat/zeta", "develop");
    let first = fake_github::first_sha("compat/zeta");
    for (column, value) in [
        // The data file's license wins in the CSV.
        ("license", "MIT".to_string()),
        ("oss", "true".into()),
        ("github_repo", "https://github.com/compat/zeta".into()),
        (
            "github_stars",
            fake_github::stars("compat/zeta").to_string(),
        ),
        ("github_description", description.as_str().unwrap().into()),
        ("github_latest_commit_date", "2025-03-04".into()),
        (
            "github_latest_commit_link",
            format!("https://github.com/compat/zeta/commit/{head}"),
        ),
        ("github_latest_release_date", "2025-02-10".into()),
        (
            "github_latest_release_link",
            "https://github.com/cncf/landscape2/releases/tag/v1.0.0".into(),
        ),
        ("github_start_commit_date", "2019-06-01".into()),
        (
            "github_start_commit_link",
            format!("https://github.com/compat/zeta/commit/{first}"),
        ),
        (
            "github_contributors_count",
            fake_github::contributors("compat/zeta").to_string(),
        ),
        (
            "github_contributors_link",
            "https://github.com/compat/zeta/graphs/contributors".into(),
        ),
    ] {
        assert_eq!(cell(zeta, column), value, "{column}");
    }
    assert_eq!(cell(row("C++"), "license"), "Apache License 2.0");
    assert_eq!(
        cell(row("C++"), "description"),
        description.as_str().unwrap()
    );

    // No `screenshot_width`, no screenshots.
    for file in ["docs/landscape.png", "docs/landscape.pdf"] {
        assert!(!site.join(file).exists(), "{file}");
    }
}
