//! Whole runs: cold cache, warm cache, stale refresh, offline, branches, skipped URLs.

use std::time::Duration;

use landscape::enrich::{
    RepoRef, SkipReason, Source, Token, aggregate, enrich, enrich_async, sparkline_svg,
};

use super::{options, slug, synthetic};
use crate::support::fake_github::{self as fake, FakeGitHub};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_cache_gets_everything_within_the_request_budget() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(120);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");

    let sent = gh.request_count().await;
    assert_eq!(
        report.requests as usize, sent,
        "the report counts what the server saw"
    );
    let per_repo = sent as f64 / repos.len() as f64;
    println!(
        "cold cache: {sent} requests for {} repositories = {per_repo:.3} per repository",
        repos.len()
    );
    assert!(per_repo <= 2.2, "{per_repo} requests per repository");
    assert_eq!(report.counts.fetched, 120);
    assert_eq!(
        report.graphql_points,
        (120 / 50 + 1) + 120 / 10,
        "one point per GraphQL query"
    );

    for r in &repos {
        let s = slug(&r.url);
        let stats = report
            .stats(r)
            .unwrap_or_else(|| panic!("no stats for {s}"));
        assert_eq!(stats.stars, fake::stars(&s));
        assert_eq!(stats.forks, fake::stars(&s) / 5);
        assert_eq!(stats.contributors, Some(fake::contributors(&s)), "{s}");
        assert_eq!(
            stats.weekly_commits,
            (0..52).map(|w| fake::week(&s, w)).collect::<Vec<_>>()
        );
        assert_eq!(
            stats.first_commit.as_ref().map(|c| c.sha.clone()),
            Some(fake::first_sha(&s))
        );
        assert_eq!(
            stats.latest_commit.as_ref().map(|c| c.sha.clone()),
            Some(fake::head_sha(&s, "main"))
        );
        assert_eq!(stats.branch.as_deref(), Some("main"));
    }
    // The fields straight from the recorded GraphQL shape.
    let one = report.stats(&repos[0]).expect("stats");
    assert_eq!(
        one.license.as_ref().and_then(|l| l.spdx_id.as_deref()),
        Some("Apache-2.0")
    );
    assert_eq!(one.languages[0].name, "Rust");
    assert_eq!(one.languages[0].bytes, 412_330);
    assert_eq!(one.topics, ["cncf", "landscape"]);
    assert_eq!(one.open_issues, 29);
    assert_eq!(
        one.latest_release.as_ref().map(|r| r.tag.as_str()),
        Some("v1.0.0")
    );
    assert_eq!(one.homepage.as_deref(), Some("https://landscape.cncf.io"));
    assert!(one.created_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warm_cache_sends_no_request() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(30);
    let opts = options(&gh.api_url(), cache.path());
    let first = enrich_async(&repos, &opts).await.expect("cold run");
    let before = gh.request_count().await;

    let second = enrich_async(&repos, &opts).await.expect("warm run");
    assert_eq!(
        gh.request_count().await,
        before,
        "a warm cache sends nothing"
    );
    assert_eq!(second.requests, 0);
    assert_eq!(second.counts.from_cache, 30);
    for r in &repos {
        assert_eq!(second.stats(r), first.stats(r));
        let outcome = second.outcome(r).expect("outcome");
        assert_eq!(outcome.source, Source::Cache);
        assert_eq!(
            outcome.fetched_at,
            first.outcome(r).and_then(|o| o.fetched_at)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_entries_revalidate_contributors_with_their_etag() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(8);
    let mut opts = options(&gh.api_url(), cache.path());
    enrich_async(&repos, &opts).await.expect("cold run");
    let before = gh.request_count().await;

    opts.ttl = Duration::ZERO;
    let report = enrich_async(&repos, &opts).await.expect("refresh");
    let requests = gh.requests().await;
    let conditional: Vec<_> = requests[before..]
        .iter()
        .filter(|r| r.url.path().ends_with("/contributors"))
        .collect();
    assert_eq!(conditional.len(), 8);
    for r in &conditional {
        let slug = r
            .url
            .path()
            .trim_start_matches("/repos/")
            .trim_end_matches("/contributors");
        let sent = r.headers.get("if-none-match").and_then(|v| v.to_str().ok());
        assert_eq!(
            sent,
            Some(fake::contributors_etag(slug).as_str()),
            "revalidated with the ETag"
        );
    }
    assert_eq!(report.counts.fetched, 8);
    for r in &repos {
        let stats = report.stats(r).expect("stats");
        assert_eq!(
            stats.contributors,
            Some(fake::contributors(&slug(&r.url))),
            "kept on 304"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_and_tokenless_runs_use_the_cache_only() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(3);
    let mut opts = options(&gh.api_url(), cache.path());
    enrich_async(&repos[..2], &opts).await.expect("cold run");
    let before = gh.request_count().await;

    opts.offline = true;
    opts.ttl = Duration::ZERO;
    let report = enrich_async(&repos, &opts).await.expect("offline run");
    assert_eq!(gh.request_count().await, before);
    assert_eq!(
        report.outcome(&repos[0]).map(|o| o.source),
        Some(Source::Stale)
    );
    assert!(report.stats(&repos[1]).is_some());
    let missing = report.outcome(&repos[2]).expect("outcome");
    assert_eq!(missing.source, Source::Failed);
    assert!(
        missing
            .error
            .as_deref()
            .is_some_and(|e| e.contains("offline") && e.contains("not in the cache"))
    );

    opts.offline = false;
    opts.tokens.clear();
    let report = enrich_async(&repos, &opts).await.expect("tokenless run");
    assert_eq!(gh.request_count().await, before);
    assert!(report.notes.iter().any(|n| n.contains("no GitHub token")));
    assert_eq!(report.counts.stale, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn branch_is_honoured_for_commit_data() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let on_dev = RepoRef::with_branch("https://github.com/acme/tool", Some("dev"));
    let default = RepoRef::new("https://github.com/acme/tool");
    let report = enrich_async(
        &[on_dev.clone(), default.clone()],
        &options(&gh.api_url(), cache.path()),
    )
    .await
    .expect("run");
    let dev = report.stats(&on_dev).expect("dev stats");
    assert_eq!(dev.branch.as_deref(), Some("dev"));
    assert_eq!(
        dev.latest_commit.as_ref().map(|c| c.sha.clone()),
        Some(fake::head_sha("acme/tool", "dev"))
    );
    let main = report.stats(&default).expect("main stats");
    assert_eq!(
        main.latest_commit.as_ref().map(|c| c.sha.clone()),
        Some(fake::head_sha("acme/tool", "main"))
    );
    assert_eq!(report.repos.len(), 2, "a branch is its own entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_urls_are_left_alone_and_named() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = [
        RepoRef::new("https://gitlab.com/group/project"),
        RepoRef::new("https://github.com/tensorflow"),
        RepoRef::new("https://github.com/acme/tool"),
        RepoRef::new("https://github.com/ACME/tool/"),
    ];
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    let reasons: Vec<(String, SkipReason)> = report
        .skipped
        .iter()
        .map(|s| (s.url.clone(), s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "https://gitlab.com/group/project".to_string(),
                SkipReason::NotGitHub
            ),
            (
                "https://github.com/tensorflow".to_string(),
                SkipReason::NotARepository
            ),
        ]
    );
    assert_eq!(
        report.repos.len(),
        1,
        "same repository named twice is fetched once"
    );
    assert!(report.stats(&repos[3]).is_some());
    assert!(
        report
            .summary()
            .contains("not enriched (NotGitHub): https://gitlab.com/group/project")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_entry_point_runs_on_a_plain_thread_and_refuses_inside_a_runtime() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = options(&gh.api_url(), cache.path());
    let repos = synthetic(3);
    assert!(enrich(&repos, &opts).is_err_and(|e| e.to_string().contains("enrich_async")));
    let report = std::thread::spawn(move || enrich(&repos, &opts))
        .join()
        .expect("thread")
        .expect("run");
    assert_eq!(report.counts.fetched, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_is_spread_over_the_tokens() {
    let gh = FakeGitHub::with(fake::World {
        tokens: vec!["token-a".into(), "token-b".into()],
        ..Default::default()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tokens = vec![Token::new("token-a"), Token::new("token-b")];
    let report = enrich_async(&synthetic(20), &opts).await.expect("run");
    assert_eq!(report.counts.fetched, 20);
    let requests = gh.requests().await;
    let by = |t: &str| {
        requests
            .iter()
            .filter(|r| {
                r.headers.get("authorization").and_then(|v| v.to_str().ok())
                    == Some(&format!("Bearer {t}"))
            })
            .count()
    };
    let (a, b) = (by("token-a"), by("token-b"));
    assert_eq!(a + b, requests.len());
    assert!(
        a >= requests.len() / 3 && b >= requests.len() / 3,
        "a={a} b={b}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_aggregates_its_repositories_and_draws_its_activity() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(3);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    let stats: Vec<_> = repos.iter().filter_map(|r| report.stats(r)).collect();
    let item = aggregate(&stats);
    let slugs: Vec<String> = repos.iter().map(|r| slug(&r.url)).collect();
    assert_eq!(
        item.stars,
        slugs.iter().map(|s| fake::stars(s)).sum::<u64>()
    );
    assert_eq!(
        item.contributors,
        Some(slugs.iter().map(|s| fake::contributors(s)).sum())
    );
    assert!(item.contributors_note.is_some());
    assert_eq!(
        item.weekly_commits[7],
        slugs.iter().map(|s| fake::week(s, 7)).sum::<u32>()
    );
    let svg = sparkline_svg(&item.weekly_commits, 100, 20);
    let total: u32 = item.weekly_commits.iter().sum();
    assert!(
        svg.contains(&format!(
            "aria-label=\"{total} commits in the last 52 weeks\""
        )),
        "{svg}"
    );
}
