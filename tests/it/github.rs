//! `build --github` end to end: the real client talks to a fake GitHub on 127.0.0.1, and the
//! numbers land on item pages, in `items.json` and in the build report, never the token.

use crate::support::fake_github;

use std::path::Path;

use fake_github::FakeGitHub;
use landscape::load::Inputs;
use landscape::site::{self, BuildOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_data_reaches_pages_and_items_json() {
    let fake = FakeGitHub::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let out = tmp.path().join("site");
    let github = fake_github::options(&fake.api_url(), &tmp.path().join("cache"));
    let mut opts = BuildOptions::new(Inputs::beside(fixture.join("landscape.yml")), &out);
    opts.cache = Some(tmp.path().join("cache"));
    opts.github = Some(github);
    // The build blocks (it runs its own runtime on a thread): keep it off this runtime.
    let outcome = tokio::task::spawn_blocking(move || site::build(&opts))
        .await
        .unwrap()
        .unwrap();
    let report = outcome
        .github
        .expect("enrichment ran")
        .expect("enrichment succeeded");
    assert_eq!(report.counts.fetched, 1, "{}", report.summary());

    let stars = fake_github::stars("example/alpha");
    let page = std::fs::read_to_string(out.join("items/alpha-runtime/index.html")).unwrap();
    assert!(
        page.contains(&format!(r#"<dd class="stars" data-value="{stars}""#)),
        "stars {stars} not on the page:\n{page}"
    );
    assert!(page.contains("<svg"), "sparkline missing");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/items.json")).unwrap())
            .unwrap();
    let alpha = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "alpha-runtime")
        .unwrap();
    assert_eq!(alpha["github"]["stars"], stars);
    assert_eq!(
        alpha["github"]["contributors"],
        fake_github::contributors("example/alpha")
    );
    // Items without a GitHub repository are simply not enriched.
    let beta = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "beta-metrics")
        .unwrap();
    assert!(beta.get("github").is_none());

    let report_json = std::fs::read_to_string(out.join("data/github-report.json")).unwrap();
    assert!(report_json.contains("example/alpha"));
    for file in [report_json, page] {
        assert!(!file.contains("test-token"), "the token leaked");
    }
    assert!(fake.request_count().await > 0);
}

/// Runs `landscape build` on the core fixture with `vars` set (and no other GitHub variable).
fn cli_build(
    out: &Path,
    cache: &Path,
    api_url: &str,
    vars: &[(&str, &str)],
    args: &[&str],
) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let mut command = crate::support::cli::command();
    command
        .arg("build")
        .arg("--data")
        .arg(fixture.join("landscape.yml"))
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache)
        .args(args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .env("GITHUB_API_URL", api_url);
    command.envs(vars.iter().copied());
    let run = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    stderr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_tokens_in_the_environment_enrich_like_landscape2() {
    let fake = FakeGitHub::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let (out, cache, api) = (
        tmp.path().join("site"),
        tmp.path().join("cache"),
        fake.api_url(),
    );

    // GITHUB_TOKEN alone (set by many shells for other tools) is not used without --github.
    let vars = [("GITHUB_TOKEN", "ghp_other_tool")];
    let (o, c, a) = (out.clone(), cache.clone(), api.clone());
    let stderr = tokio::task::spawn_blocking(move || cli_build(&o, &c, &a, &vars, &[]))
        .await
        .unwrap();
    assert!(stderr.contains("add --github"), "{stderr}");
    assert_eq!(fake.request_count().await, 0, "nothing fetched");

    // GITHUB_TOKENS is landscape2's variable: set, it enriches without a flag...
    let vars = [("GITHUB_TOKENS", "test-token")];
    let (o, c, a) = (out.clone(), cache.clone(), api.clone());
    let stderr =
        tokio::task::spawn_blocking(move || cli_build(&o, &c, &a, &vars, &["--no-github"]))
            .await
            .unwrap();
    assert!(!stderr.contains("github:"), "{stderr}");
    assert_eq!(fake.request_count().await, 0, "--no-github fetches nothing");
    let stderr = tokio::task::spawn_blocking(move || cli_build(&out, &cache, &api, &vars, &[]))
        .await
        .unwrap();
    assert!(stderr.contains("GITHUB_TOKENS is set"), "{stderr}");
    assert!(fake.request_count().await > 0, "fetched: {stderr}");
    assert!(!stderr.contains("test-token"), "the token leaked");
}
