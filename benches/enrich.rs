//! Enriches 1,000 synthetic repositories against the fake GitHub on 127.0.0.1 and reports
//! requests per repository (counted at the server) and wall time, cold and warm, as medians.
//!
//! `cargo bench --bench enrich [-- RUNS]` (default 5 runs). Pacing is off here so the numbers
//! measure the client, not the token bucket; with the default 10 requests/s per token a cold
//! run of this size is bounded by pacing at about 1,125 / 10 s per token.

#[allow(dead_code)]
#[path = "../tests/it/support/fake_github.rs"]
mod fake_github;

use std::time::Instant;

use landscape::enrich::{RepoRef, SkipReason, enrich};

const REPOS: usize = 1_000;

/// The CNCF landscape used for a realism run when present (the benchmark does not need it).
const CNCF: &str = "../shared/landscapes/cncf/landscape.yml";

/// Every `repo_url` (with its `branch`) anywhere in the landscape: items and additional repos.
fn landscape_refs(value: &serde_json::Value, out: &mut Vec<RepoRef>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(url) = map.get("repo_url").and_then(|u| u.as_str()) {
                let branch = map.get("branch").and_then(|b| b.as_str());
                out.push(RepoRef::with_branch(url, branch));
            }
            map.values().for_each(|v| landscape_refs(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| landscape_refs(v, out)),
        _ => {}
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5)
        .max(1);
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime for the fake GitHub");
    let gh = server_rt.block_on(fake_github::FakeGitHub::start());
    let repos: Vec<RepoRef> = (0..REPOS)
        .map(|i| RepoRef::new(format!("https://github.com/org{}/repo-{i}", i % 37)))
        .collect();

    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut per_repo = Vec::new();
    let mut warm_requests = 0;
    for run in 0..runs {
        let cache = tempfile::tempdir().expect("tempdir");
        let opts = fake_github::options(&gh.api_url(), cache.path());
        let before = server_rt.block_on(gh.request_count());
        let started = Instant::now();
        let report = enrich(&repos, &opts).expect("cold run");
        cold.push(started.elapsed().as_secs_f64());
        let sent = server_rt.block_on(gh.request_count()) - before;
        assert_eq!(report.counts.fetched, REPOS, "{}", report.summary());
        per_repo.push(sent as f64 / REPOS as f64);

        let started = Instant::now();
        let report = enrich(&repos, &opts).expect("warm run");
        warm.push(started.elapsed().as_secs_f64());
        warm_requests += server_rt.block_on(gh.request_count()) - before - sent;
        assert_eq!(report.counts.from_cache, REPOS);
        eprintln!(
            "run {}: cold {:.3}s ({sent} requests), warm {:.3}s",
            run + 1,
            cold[run],
            warm[run]
        );
    }
    println!(
        "enrich {REPOS} repositories, {runs} runs: cold median {:.3}s, {:.3} requests/repository; warm median {:.3}s, {warm_requests} requests",
        median(cold),
        median(per_repo),
        median(warm)
    );

    let cncf = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CNCF);
    let Ok(text) = std::fs::read_to_string(&cncf) else {
        println!(
            "skipping the CNCF realism run: {} is absent",
            cncf.display()
        );
        return;
    };
    let yaml: serde_json::Value = serde_saphyr::from_str(&text).expect("landscape.yml");
    let mut refs = Vec::new();
    landscape_refs(&yaml, &mut refs);
    let cache = tempfile::tempdir().expect("tempdir");
    let before = server_rt.block_on(gh.request_count());
    let started = Instant::now();
    let report =
        enrich(&refs, &fake_github::options(&gh.api_url(), cache.path())).expect("CNCF run");
    let sent = server_rt.block_on(gh.request_count()) - before;
    let skipped = |reason| report.skipped.iter().filter(|s| s.reason == reason).count();
    println!(
        "CNCF landscape: {} repo URLs -> {} repositories, {} not GitHub, {} not a repository, {} invalid; cold {:.3}s, {sent} requests = {:.3}/repository",
        refs.len(),
        report.repos.len(),
        skipped(SkipReason::NotGitHub),
        skipped(SkipReason::NotARepository),
        skipped(SkipReason::Invalid),
        started.elapsed().as_secs_f64(),
        sent as f64 / report.repos.len().max(1) as f64
    );
}
