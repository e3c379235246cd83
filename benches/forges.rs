//! Reads N synthetic GitLab and N Gitea repositories against the fake forges on 127.0.0.1 and
//! reports requests per repository (counted at the servers) and wall time, cold and warm, as
//! medians.
//!
//! `cargo bench --bench forges [-- RUNS [N]]` (default 3 runs of 200 repositories per forge).
//! Pacing is off so the numbers measure the client; with the default pacing (5 requests/s per
//! host, 4 in flight) a cold run costs about requests / 5 seconds per host. The fakes give each
//! repository 120 to 270 commits in the last year, so the activity takes 2 to 3 pages on
//! GitLab (100 a page) and 3 to 6 on Gitea (50 a page).

#[allow(dead_code)]
#[path = "../tests/it/support/fake_gitea.rs"]
mod fake_gitea;
#[allow(dead_code)]
#[path = "../tests/it/support/fake_github.rs"]
mod fake_github;
#[allow(dead_code)]
#[path = "../tests/it/support/fake_gitlab.rs"]
mod fake_gitlab;
#[allow(dead_code)]
#[path = "../tests/it/support/forge_world.rs"]
mod forge_world;

use std::time::Instant;

use landscape::enrich::forges::{ForgeOptions, env_key};
use landscape::enrich::{RepoRef, enrich};

/// The CNCF landscape, to count its repositories beyond github.com (not needed to run).
const CNCF: &str = "/work/shared/landscapes/cncf/landscape.yml";

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<usize>().ok());
    let runs = args.next().unwrap_or(3).max(1);
    let n = args.next().unwrap_or(200).max(1);
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime for the fakes");
    let (gitlab, gitea) = server_rt.block_on(async {
        (
            fake_gitlab::FakeGitLab::with(forge_world::World::default()).await,
            fake_gitea::FakeGitea::with(forge_world::World::default()).await,
        )
    });
    let vars = [
        (
            "LANDSCAPE_GITLAB_HOSTS".to_string(),
            "gitlab.example".to_string(),
        ),
        ("LANDSCAPE_GITEA_HOSTS".into(), "gitea.example".into()),
        (
            format!("LANDSCAPE_FORGE_URL_{}", env_key("gitlab.example")),
            gitlab.uri(),
        ),
        (
            format!("LANDSCAPE_FORGE_URL_{}", env_key("gitea.example")),
            gitea.uri(),
        ),
    ];
    let mut forges = ForgeOptions::from_vars(|name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    });
    forges.policy.requests_per_second = 0.0;
    let repos: Vec<RepoRef> = (0..n)
        .flat_map(|i| {
            [
                RepoRef::new(format!(
                    "https://gitlab.example/group{}/sub/project-{i}",
                    i % 11
                )),
                RepoRef::new(format!("https://gitea.example/owner{}/repo-{i}", i % 13)),
            ]
        })
        .collect();
    let count = || {
        server_rt.block_on(async { (gitlab.requests().await.len(), gitea.requests().await.len()) })
    };

    let (mut cold, mut warm, mut per_gitlab, mut per_gitea) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let cache = tempfile::tempdir().expect("tempdir");
        let mut opts = fake_github::options("http://127.0.0.1:9", cache.path());
        opts.forges = Some(forges.clone());
        let before = count();
        let started = Instant::now();
        let report = enrich(&repos, &opts).expect("cold run");
        cold.push(started.elapsed().as_secs_f64());
        let after = count();
        let f = report.forges.as_ref().expect("forge report");
        assert_eq!(f.counts.fetched, 2 * n, "{}", report.summary());
        per_gitlab.push((after.0 - before.0) as f64 / n as f64);
        per_gitea.push((after.1 - before.1) as f64 / n as f64);

        let started = Instant::now();
        let report = enrich(&repos, &opts).expect("warm run");
        warm.push(started.elapsed().as_secs_f64());
        assert_eq!(count(), after, "a warm run sends nothing");
        assert_eq!(report.forges.map(|f| f.counts.from_cache), Some(2 * n));
        eprintln!(
            "run {}: cold {:.3}s ({} + {} requests), warm {:.3}s",
            run + 1,
            cold[run],
            after.0 - before.0,
            after.1 - before.1,
            warm[run]
        );
    }
    println!(
        "forges: {n} GitLab + {n} Gitea repositories, median of {runs}: cold {:.3}s, warm {:.3}s; \
         requests per repository: GitLab {:.2}, Gitea {:.2}; warm: 0",
        median(cold),
        median(warm),
        median(per_gitlab),
        median(per_gitea)
    );
    if let Ok(yaml) = std::fs::read_to_string(CNCF) {
        let hosts: Vec<&str> = (yaml.lines())
            .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("repo_url: "))
            .filter_map(|u| u.split('/').nth(2))
            .filter(|h| !h.eq_ignore_ascii_case("github.com"))
            .collect();
        println!(
            "CNCF snapshot: {} repositories beyond github.com ({})",
            hosts.len(),
            hosts.join(", ")
        );
    }
}
