//! `landscape build --repos` end to end: an item with a GitHub, a GitLab and a Gitea
//! repository (and one on a host no forge serves) gets a table of each repository's figures,
//! its activity chart and good-first-issues link, the badge snippets, an aggregate over all
//! three, and a build report naming the host it could not read; the tokens appear nowhere.

use std::path::Path;
use std::process::Command;

use landscape::enrich::forges::ForgeKind;

use super::Fake;
use crate::support::fake_github::{self, FakeGitHub};
use crate::support::forge_world::{self as w, World};
use crate::support::{data_copy, site::edit_data};

const GITLAB_SECRET: &str = "glpat-SiteSecret0123456789abc";
const GITEA_SECRET: &str = "gitea-SiteSecret0123456789xyz";

/// The page text as a reader sees it (tera escapes `/`, `&` and quotes).
fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn build(
    data: &Path,
    out: &Path,
    cache: &Path,
    vars: &[(String, String)],
    args: &[&str],
) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_landscape"))
        .arg("build")
        .arg("--data")
        .arg(data.join("landscape.yml"))
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .args(args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("the binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{text}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_item_page_shows_each_repository_and_the_badge() {
    let github = FakeGitHub::start().await;
    let gitlab = Fake::start(
        ForgeKind::GitLab,
        World {
            token: Some(GITLAB_SECRET.into()),
            ..World::default()
        },
    )
    .await;
    let gitea = Fake::start(
        ForgeKind::Gitea,
        World {
            token: Some(GITEA_SECRET.into()),
            ..World::default()
        },
    )
    .await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = data_copy(tmp.path());
    let (gl, gt) = (gitlab.paths()[1], gitea.paths()[0]);
    edit_data(
        &data,
        "            repo_url: https://github.com/example/alpha\n",
        &format!(
            "            repo_url: https://github.com/example/alpha\n            additional_repos:\n              - repo_url: {}\n              - repo_url: {}\n              - repo_url: https://opendev.org/zuul/zuul\n",
            gitlab.url(gl),
            gitea.url(gt)
        ),
    );
    let mut vars = gitlab.vars();
    vars.extend(gitea.vars());
    vars.push((gitlab.token_var(), GITLAB_SECRET.into()));
    vars.push((gitea.token_var(), GITEA_SECRET.into()));
    vars.push(("GITHUB_API_URL".into(), github.api_url()));
    let (out, cache) = (tmp.path().join("site"), tmp.path().join("cache"));

    // Without --repos (or GITHUB_TOKENS) no forge is asked anything.
    build(&data, &out, &cache, &vars, &[]);
    assert!(gitlab.requests().await.is_empty() && gitea.requests().await.is_empty());
    let plain = std::fs::read_to_string(out.join("items/alpha-runtime/index.html")).expect("page");
    assert!(!plain.contains("repo-table"), "no figures, no table");

    vars.push(("GITHUB_TOKEN".into(), "test-token".into()));
    let output = build(&data, &out, &cache, &vars, &["--repos"]);
    assert!(
        output.contains("host not read: opendev.org: not a known forge"),
        "{output}"
    );
    assert!(!gitlab.requests().await.is_empty() && !gitea.requests().await.is_empty());

    let html = std::fs::read_to_string(out.join("items/alpha-runtime/index.html")).expect("page");
    let page = unescape(&html);
    let table = &page[page
        .find(r#"<table class="repo-table">"#)
        .expect("the table")..];
    let table = &table[..table.find("</table>").expect("end of table")];
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 4, "{table}");
    let gh_stars = fake_github::stars("example/alpha");
    let expectations = [
        ("example/alpha", gh_stars, "GitHub", "https://github.com/example/alpha/issues?q=is%3Aopen+is%3Aissue+label%3A%22good+first+issue%22".to_string()),
        (gl, w::stars(gl), "GitLab", format!("https://gitlab.example/{gl}/-/issues?state=opened&label_name%5B%5D=good+first+issue")),
        (gt, w::stars(gt), "Gitea", format!("https://gitea.example/{gt}/issues?state=open&type=all&q=good+first+issue")),
    ];
    for (row, (name, stars, forge, issues)) in rows.iter().zip(&expectations) {
        assert!(
            row.contains(&format!(
                ">{name}</a> <small class=\"forge\">{forge}</small>"
            )),
            "{row}"
        );
        assert!(
            row.contains(&format!(r#"<span title="{stars}">"#)),
            "{name}: {stars} stars\n{row}"
        );
        assert!(
            row.contains(&format!(r#"<a class="good-first-issues" href="{issues}""#)),
            "{row}"
        );
        assert!(row.contains(r#"class="activity-chart""#), "{row}");
        assert_eq!(row.matches("<rect ").count(), 52, "a bar per week");
    }
    let now = chrono::Utc::now();
    let first = w::commit(gl, w::total(gl) - 1, now)
        .1
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        rows[1].contains(&format!(r#"<time datetime="{first}">"#)),
        "first commit {first}\n{}",
        rows[1]
    );
    assert!(
        rows[1].contains(&format!(">{}</a>", w::release(gl))) && rows[1].contains("BSD-3-Clause")
    );
    assert!(
        rows[1].contains("<td>Haskell, C, Shell</td>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("Apache-2.0") && rows[2].contains("<td>Python, Shell</td>"),
        "{}",
        rows[2]
    );
    // The host nobody reads keeps its plain row: the link, nothing else.
    assert!(
        rows[3].contains(r#"href="https://opendev.org/zuul/zuul""#)
            && !rows[3].contains("good-first-issues")
    );

    // The badge: landscape2's snippets, linking to the item on the site from settings (its
    // `url`, then its `base_path`, /landscape).
    let ids: Vec<[String; 2]> = serde_json::from_str(
        &std::fs::read_to_string(out.join("data/item-ids.json")).expect("ids"),
    )
    .expect("json");
    let l2 = &ids
        .iter()
        .find(|[slug, _]| slug == "alpha-runtime")
        .expect("alpha")[1];
    let link = format!("https://fixture.example.org/landscape/?item={l2}");
    let image = "https://img.shields.io/badge/Fixture%20Foundation%20Landscape-5699C6";
    assert!(page.contains(&format!(
        r#"<code class="badge-markdown">[![Fixture Foundation Landscape]({image})]({link})</code>"#
    )), "markdown badge\n{page}");
    assert!(page.contains(&format!(
        r#"<code class="badge-asciidoc">{link}[image:{image}[Fixture Foundation LANDSCAPE]]</code>"#
    )), "asciidoc badge");
    assert!(page.contains("<details class=\"badge-menu\"><summary>Get badge</summary>"));

    // The item's aggregate counts all three repositories, and says it is not GitHub's alone.
    assert!(page.contains(r#"<section class="github"><h2>Repository figures</h2>"#));
    let items: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/items.json")).expect("items"))
            .expect("json");
    let alpha = items["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == "alpha-runtime"))
        .expect("alpha");
    assert_eq!(
        alpha["github"]["stars"],
        gh_stars + w::stars(gl) + w::stars(gt)
    );
    assert_eq!(alpha["github"]["repos"], 3);

    let report = std::fs::read_to_string(out.join("data/github-report.json")).expect("report");
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["forges"]["unknown_hosts"][0]["host"], "opendev.org");
    assert_eq!(report["forges"]["counts"]["fetched"], 2);

    // The tokens went to their hosts and are nowhere in what the build wrote or said.
    let mut everything = output;
    for dir in [&out, &cache] {
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            everything.push_str(&String::from_utf8_lossy(
                &std::fs::read(entry.path()).expect("read"),
            ));
        }
    }
    for secret in [GITLAB_SECRET, GITEA_SECRET] {
        assert!(!everything.contains(&secret[6..]), "a token leaked");
    }
}
