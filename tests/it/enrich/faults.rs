//! One test per fault GitHub can throw: the run finishes, says what happened, and keeps what it
//! knew.

use std::time::Duration;

use landscape::enrich::{RepoRef, Source, enrich_async};
use wiremock::matchers::{any, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{options, slug, synthetic};
use crate::support::fake_github::{self as fake, FakeGitHub, World};

fn world() -> World {
    World {
        tokens: vec!["test-token".into()],
        ..World::default()
    }
}

fn set(names: &[&str]) -> std::collections::HashSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// GraphQL answers `template` for the next `times` queries, then behaves.
async fn graphql_fault(gh: &FakeGitHub, template: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&gh.server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_gateway_then_success_is_retried() {
    let gh = FakeGitHub::start().await;
    graphql_fault(
        &gh,
        ResponseTemplate::new(502).set_body_string("<html>502 Bad Gateway</html>"),
        1,
    )
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(5);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    assert_eq!(report.counts.fetched, 5, "{}", report.summary());
    // Normal cost: 1 metadata + 1 activity + 5 contributors, plus the retried query.
    assert_eq!(gh.request_count().await, 8);
    assert!(report.repos.iter().all(|r| r.warnings.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_times_out_is_retried() {
    let gh = FakeGitHub::start().await;
    // An answer that would come after an hour: finishing at all (the guard only fails a
    // hang) shows the request was given up and retried.
    graphql_fault(
        &gh,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3600)),
        1,
    )
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tuning.request_timeout = Duration::from_millis(300);
    let repos = synthetic(4);
    let report = tokio::time::timeout(Duration::from_secs(600), enrich_async(&repos, &opts))
        .await
        .expect("the slow request was given up")
        .expect("run");
    assert_eq!(report.counts.fetched, 4, "{}", report.summary());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_fails_cleanly_and_bounds_the_traffic() {
    let gh = FakeGitHub::start().await;
    graphql_fault(
        &gh,
        ResponseTemplate::new(200).set_body_string("{\"data\": {\"r0\": {"),
        10_000,
    )
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let report = enrich_async(&synthetic(60), &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    assert_eq!(report.counts.failed, 60);
    assert!(report.repos.iter().all(|r| {
        r.error
            .as_deref()
            .is_some_and(|e| e.contains("malformed JSON"))
    }));
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("GitHub unavailable"))
    );
    let sent = gh.request_count().await;
    assert!(sent <= 30, "an outage must not multiply requests: {sent}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_repository_fails_alone_with_a_warning() {
    let gh = FakeGitHub::with(World {
        missing: set(&["org1/repo-1"]),
        ..world()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(4);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    let gone = report.outcome(&repos[1]).expect("outcome");
    assert_eq!(gone.source, Source::Failed);
    assert!(
        gone.error
            .as_deref()
            .is_some_and(|e| e.contains("not found") && e.contains("org1/repo-1"))
    );
    assert_eq!(report.counts.fetched, 3);
    let asked_rest = gh
        .requests()
        .await
        .iter()
        .any(|r| r.url.path().contains("org1/repo-1"));
    assert!(
        !asked_rest,
        "no REST call for a repository GraphQL says is gone"
    );
    assert!(
        report
            .summary()
            .contains("failed: https://github.com/org1/repo-1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moved_repositories_are_followed() {
    let gh = FakeGitHub::with(World {
        rest_moved: set(&["org2/repo-2"]),
        renamed: [("org3/repo-3".to_string(), "neworg/renamed".to_string())].into(),
        ..world()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(4);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    assert_eq!(report.counts.fetched, 4, "{}", report.summary());

    let moved = report.stats(&repos[2]).expect("stats");
    assert_eq!(moved.contributors, Some(fake::contributors("org2/repo-2")));
    let followed = gh
        .requests()
        .await
        .iter()
        .any(|r| r.url.path() == "/repositories/0/contributors");
    assert!(followed, "the 301 was followed");

    let renamed = report.outcome(&repos[3]).expect("outcome");
    let stats = renamed.stats.as_ref().expect("stats");
    assert_eq!(stats.name_with_owner, "neworg/renamed");
    assert_eq!(
        stats.contributors,
        Some(fake::contributors("neworg/renamed"))
    );
    assert!(
        renamed
            .warnings
            .iter()
            .any(|w| w.contains("moved to https://github.com/neworg/renamed"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activity_falls_back_to_rest_statistics_through_their_202s() {
    let gh = FakeGitHub::with(World {
        activity_fails: set(&["org0/repo-0"]),
        stats_202: 2,
        ..world()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(3);
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    let stats = report.stats(&repos[0]).expect("stats");
    assert_eq!(stats.weekly_commits, fake::fixture_activity());
    let polls = gh
        .requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/repos/org0/repo-0/stats/commit_activity")
        .count();
    assert_eq!(polls, 3, "two 202s, then the data");
    let other = report.stats(&repos[1]).expect("stats");
    assert_eq!(other.weekly_commits[0], fake::week(&slug(&repos[1].url), 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_contributor_lists_fall_back_with_a_note() {
    let gh = FakeGitHub::with(World {
        too_large: set(&["org0/repo-0"]),
        no_branch: set(&["org1/repo-1"]),
        ..world()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = vec![
        RepoRef::new("https://github.com/org0/repo-0"),
        RepoRef::with_branch("https://github.com/org1/repo-1", Some("gone")),
    ];
    let report = enrich_async(&repos, &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    let big = report.stats(&repos[0]).expect("stats");
    assert_eq!(
        big.contributors,
        Some(41),
        "mentionable users from the GraphQL answer"
    );
    assert!(
        big.contributors_note
            .as_deref()
            .is_some_and(|n| n.contains("approximate"))
    );
    let no_branch = report.outcome(&repos[1]).expect("outcome");
    assert_eq!(no_branch.source, Source::Fetched);
    assert!(
        no_branch
            .warnings
            .iter()
            .any(|w| w.contains("branch \"gone\" not found"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refetch_keeps_the_cached_data() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(6);
    let mut opts = options(&gh.api_url(), cache.path());
    let first = enrich_async(&repos, &opts).await.expect("cold run");
    let entries = |dir: &std::path::Path| -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(dir.join("github"))
            .expect("cache dir")
            .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
            .collect();
        files.sort();
        files
    };
    let cached = entries(cache.path());

    let down = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(serde_json::json!({"message": "Server Error"})),
        )
        .mount(&down)
        .await;
    opts.api_url = down.uri();
    opts.ttl = Duration::ZERO;
    let second = enrich_async(&repos, &opts)
        .await
        .expect("run against a broken GitHub");
    assert_eq!(second.counts.stale, 6);
    for r in &repos {
        let outcome = second.outcome(r).expect("outcome");
        assert_eq!(outcome.source, Source::Stale);
        assert_eq!(
            outcome.stats.as_ref(),
            first.stats(r),
            "nothing known is lost"
        );
        assert_eq!(
            outcome.fetched_at,
            first.outcome(r).and_then(|o| o.fetched_at)
        );
        assert!(
            outcome
                .error
                .as_deref()
                .is_some_and(|e| e.contains("HTTP 500")),
            "{:?}",
            outcome.error
        );
    }
    assert_eq!(
        entries(cache.path()),
        cached,
        "the cache entries are untouched"
    );
    assert!(second.summary().contains("stale (0h old)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_part_keeps_its_previous_value() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(2);
    let mut opts = options(&gh.api_url(), cache.path());
    let first = enrich_async(&repos, &opts).await.expect("cold run");
    Mock::given(method("GET"))
        .and(path_regex("/contributors$"))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(&gh.server)
        .await;
    opts.ttl = Duration::ZERO;
    let second = enrich_async(&repos, &opts).await.expect("refresh");
    for r in &repos {
        let outcome = second.outcome(r).expect("outcome");
        assert_eq!(outcome.source, Source::Fetched);
        let old = first.stats(r).and_then(|s| s.contributors);
        assert_eq!(outcome.stats.as_ref().and_then(|s| s.contributors), old);
        assert!(
            outcome
                .warnings
                .iter()
                .any(|w| w.contains("contributors not refreshed"))
        );
    }
}
