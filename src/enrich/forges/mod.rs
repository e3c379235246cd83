//! Repositories beyond github.com: GitLab ([`crate::enrich::gitlab`]) and Gitea/Forgejo
//! ([`crate::enrich::gitea`]) hosts fill the same [`RepoStats`] as GitHub, cached the same way
//! (`<cache>/forges/`, TTL, stale-on-error), paced per host, with per-host tokens that never
//! leave their host. Hosts that cannot be read (not a known forge, unreachable) are listed in
//! the report, never an error.

mod fetch;
mod http;
mod options;
mod report;
mod target;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

pub(crate) use fetch::{Fetch, Fetched, Part, count_weeks};
pub use options::{ForgeHost, ForgeOptions, env_key};
pub use report::{ForgeRepo, ForgeReport, ForgeSkipped, HostSummary, UnknownHost};
pub use target::ForgeKind;

use super::cache::{Cache, Entry, Settled};
use super::outcome::{RepoOutcome, Source};
use super::repo_ref::RepoRef;
use super::stats::RepoStats;
use super::weeks::week_windows;
use http::{Auth, Http};
use target::{Target, parse_target, url_host};

/// Bumped when the cache entry layout changes.
const CACHE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cached {
    stats: RepoStats,
}

/// What a run needs besides the forges themselves.
pub(crate) struct Run<'a> {
    pub cache_dir: &'a std::path::Path,
    pub ttl: std::time::Duration,
    pub offline: bool,
}

struct Job {
    index: usize,
    target: Target,
    kind: ForgeKind,
    previous: Option<Entry<Cached>>,
}

/// Reads every repository of `repos` on a configured forge; the others are listed by host.
/// `repos` should hold only what GitHub does not take.
pub(crate) async fn enrich_forges(
    repos: &[RepoRef],
    opts: &ForgeOptions,
    run: &Run<'_>,
) -> Result<ForgeReport, String> {
    let mut report = ForgeReport {
        kinds: opts
            .hosts
            .iter()
            .map(|h| (h.host.clone(), h.kind))
            .collect(),
        ..ForgeReport::default()
    };
    let cache = Cache::open(run.cache_dir, "forges", CACHE_SCHEMA).map_err(|e| {
        format!(
            "cannot use the forge cache directory {}: {e}",
            run.cache_dir.display()
        )
    })?;
    let now = Utc::now();
    let mut jobs = Vec::new();
    for r in repos {
        let Some(host) = url::Url::parse(r.url.trim())
            .ok()
            .as_ref()
            .and_then(url_host)
        else {
            continue;
        };
        let Some(kind) = report.kinds.get(&host).copied() else {
            match report.unknown_hosts.iter_mut().find(|u| u.host == host) {
                Some(u) if !u.urls.contains(&r.url) => u.urls.push(r.url.clone()),
                Some(_) => {}
                None => report.unknown_hosts.push(UnknownHost {
                    host,
                    urls: vec![r.url.clone()],
                }),
            }
            continue;
        };
        let target = match parse_target(r, kind) {
            Ok(t) => t,
            Err(reason) => {
                if !report.skipped.iter().any(|s| s.url == r.url) {
                    report.skipped.push(ForgeSkipped {
                        url: r.url.clone(),
                        reason,
                    });
                }
                continue;
            }
        };
        if report.index.contains_key(&target.id()) {
            continue;
        }
        let previous: Option<Entry<Cached>> = cache.load_noting(&target.id(), &mut report.notes);
        let index = report.repos.len();
        report.index.insert(target.id(), index);
        let settled = match previous {
            Some(p) if p.is_fresh(now, run.ttl) => Settled::cached(p),
            previous if run.offline => Settled::unfetched(previous, "offline: used the cache only"),
            previous => {
                jobs.push(Job {
                    index,
                    target: target.clone(),
                    kind,
                    previous,
                });
                Settled::unfetched(None, "not fetched")
            }
        };
        report.repos.push(ForgeRepo {
            host,
            forge: kind,
            outcome: outcome(r.url.clone(), target.branch.clone(), settled, Vec::new()),
        });
    }
    if !jobs.is_empty() {
        fetch_all(&mut report, jobs, cache, opts).await;
    }
    report.hosts.retain(|h| h.repos > 0);
    report.finish();
    Ok(report)
}

fn outcome(
    url: String,
    branch: Option<String>,
    settled: Settled<Cached>,
    warnings: Vec<String>,
) -> RepoOutcome {
    RepoOutcome {
        url,
        branch,
        source: settled.source,
        fetched_at: settled.fetched_at,
        age_hours: None,
        stats: settled.data.map(|c| c.stats),
        error: settled.error,
        warnings,
    }
}

async fn fetch_all(report: &mut ForgeReport, jobs: Vec<Job>, cache: Cache, opts: &ForgeOptions) {
    let mut clients: HashMap<String, Arc<Http>> = HashMap::new();
    for host in &opts.hosts {
        if !jobs.iter().any(|j| j.target.host == host.host) {
            continue;
        }
        let auth = host.token.clone().map(|token| match host.kind {
            ForgeKind::GitLab => Auth {
                header: "private-token",
                scheme: "",
                token,
            },
            ForgeKind::Gitea => Auth {
                header: "authorization",
                scheme: "token ",
                token,
            },
        });
        match Http::new(&host.host, opts.policy.clone(), auth) {
            Ok(http) => {
                clients.insert(host.host.clone(), Arc::new(http));
            }
            Err(why) => report.notes.push(format!("{}: {why}", host.host)),
        }
    }
    let base_urls: HashMap<String, String> = (opts.hosts.iter())
        .map(|h| (h.host.clone(), h.base_url.clone()))
        .collect();
    let weeks = Arc::new(week_windows(Utc::now()));
    let cache = Arc::new(cache);
    let mut set = JoinSet::new();
    for job in jobs {
        let Some(http) = clients.get(&job.target.host).cloned() else {
            let r = &mut report.repos[job.index].outcome;
            *r = RepoOutcome {
                source: if job.previous.is_some() {
                    Source::Stale
                } else {
                    Source::Failed
                },
                error: Some("no HTTP client for this host".into()),
                ..r.clone()
            };
            continue;
        };
        let base_url = base_urls.get(&job.target.host).cloned().unwrap_or_default();
        let (weeks, cache, pages) = (weeks.clone(), cache.clone(), opts.activity_pages);
        set.spawn(async move {
            let fetch = Fetch {
                http: &http,
                kind: job.kind,
                base_url: &base_url,
                target: &job.target,
                previous: job.previous.as_ref().map(|p| &p.data.stats),
                pages,
                weeks: &weeks,
            };
            let result = match job.kind {
                ForgeKind::GitLab => super::gitlab::fetch(&fetch).await,
                ForgeKind::Gitea => super::gitea::fetch(&fetch).await,
            };
            let mut warnings = Vec::new();
            let result = result.map(|f| {
                warnings = f.warnings;
                Cached { stats: f.stats }
            });
            let settled = cache.settle(&job.target.id(), job.previous, result, &mut warnings);
            (job.index, settled, warnings)
        });
    }
    while let Some(done) = set.join_next().await {
        // A panicking task is a bug; its repository keeps the "not fetched" outcome.
        if let Ok((index, settled, warnings)) = done {
            let r = &mut report.repos[index].outcome;
            *r = outcome(r.url.clone(), r.branch.clone(), settled, warnings);
        }
    }
    for host in &opts.hosts {
        let Some(http) = clients.get(&host.host) else {
            continue;
        };
        report.requests += http.requests();
        report.hosts.push(HostSummary {
            host: host.host.clone(),
            forge: host.kind,
            repos: report.repos.iter().filter(|r| r.host == host.host).count(),
            requests: http.requests(),
            rate_limited: http.rate_limited(),
            unreachable: http.unreachable(),
        });
    }
}
