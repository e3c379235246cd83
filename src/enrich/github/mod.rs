//! GitHub enrichment: stars, commits, contributors, activity and more for every
//! repository the landscape names, with few requests, a per-repository disk cache, and no data
//! lost when GitHub fails.
//!
//! A cold run costs about 1.12 requests per repository: one metadata GraphQL query per 50
//! repositories, one activity GraphQL query per 10 (first commit through the history cursor,
//! 52 weekly `totalCount`s) and one REST contributors call each (its `Link` header gives the
//! count; a stale entry revalidates it with `If-None-Match`). A warm run sends nothing.
//!
//! ```no_run
//! use landscape::enrich::{EnrichOptions, RepoRef, enrich, default_cache_dir};
//! use std::time::Duration;
//! let opts = EnrichOptions::from_env(default_cache_dir(), Duration::from_secs(86_400), false);
//! let report = enrich(&[RepoRef::new("https://github.com/cncf/landscape")], &opts)?;
//! eprint!("{}", report.summary());
//! # Ok::<(), landscape::enrich::EnrichError>(())
//! ```

mod client;
mod fetch;
mod graphql;
mod options;
mod repo_key;
mod report;
mod rest;
mod signals;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};

use serde::{Deserialize, Serialize};

pub use options::{EnrichOptions, PUBLIC_API_URL, Tuning, default_cache_dir};
pub use report::{EnrichReport, SkippedUrl};

use super::cache::{Cache, Entry};
use super::forges;
use super::outcome::{Counts, RepoOutcome, Source};
use super::repo_ref::{RepoRef, SkipReason};
use super::stats::RepoStats;
use super::weeks;
use client::Api;
use fetch::{Ctx, Job};
use repo_key::parse_repo_url;

/// Bumped when the cache entry layout changes: older entries are then ignored, not misread.
const CACHE_SCHEMA: u32 = 1;

/// What the cache keeps of one repository (and branch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cached {
    pub stats: RepoStats,
    /// ETag of the contributors answer, for a conditional refresh.
    pub contributors_etag: Option<String>,
}

pub(crate) type CacheEntry = Entry<Cached>;

/// Whether the GitHub stage takes `r` (a github.com repository, or one on the GitHub
/// Enterprise host of `api_url`); the other forges take the rest.
pub fn accepts(r: &RepoRef, api_url: &str) -> bool {
    parse_repo_url(r, enterprise_host(api_url).as_deref()).is_ok()
}

/// Why a run could not produce a report at all. Everything else (a repository that failed, a
/// rate limit) is in the report.
#[derive(Debug, thiserror::Error)]
pub enum EnrichError {
    /// The cache directory cannot be created.
    #[error("cannot use the GitHub cache directory {path}: {source}")]
    Cache {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `GITHUB_API_URL` is not usable.
    #[error("{0}")]
    ApiUrl(String),
    /// GitHub rejected every token: a configuration error worth stopping for.
    #[error(
        "GitHub rejected the token{} (401 Bad credentials): check GITHUB_TOKEN / GITHUB_TOKENS, or build with --offline",
        if *.tokens > 1 { "s" } else { "" }
    )]
    BadCredentials {
        /// How many tokens were tried.
        tokens: usize,
    },
    /// The async runtime could not start, or [`enrich`] was called from inside one.
    #[error("cannot run GitHub enrichment: {0}")]
    Runtime(String),
}

/// Enriches `repos`, blocking the calling thread (it runs its own single-threaded runtime, so it
/// can sit on a thread beside the logo stage). Call [`enrich_async`] from async code.
pub fn enrich(repos: &[RepoRef], opts: &EnrichOptions) -> Result<EnrichReport, EnrichError> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(EnrichError::Runtime(
            "called from inside an async runtime; use enrich_async".into(),
        ));
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| EnrichError::Runtime(e.to_string()))?
        .block_on(enrich_async(repos, opts))
}

/// The GitHub Enterprise host to accept in landscape URLs, from the API URL.
fn enterprise_host(api_url: &str) -> Option<String> {
    let host = url::Url::parse(api_url)
        .ok()?
        .host_str()?
        .to_ascii_lowercase();
    (host != "api.github.com").then_some(host)
}

/// [`enrich`] for callers already inside a tokio runtime: GitHub and, when `opts.forges` is
/// set, the other forges side by side, in one report.
pub async fn enrich_async(
    repos: &[RepoRef],
    opts: &EnrichOptions,
) -> Result<EnrichReport, EnrichError> {
    let Some(forge_opts) = &opts.forges else {
        return github_async(repos, opts).await;
    };
    let extra_host = enterprise_host(&opts.api_url);
    let elsewhere: Vec<RepoRef> = (repos.iter())
        .filter(|r| parse_repo_url(r, extra_host.as_deref()) == Err(SkipReason::NotGitHub))
        .cloned()
        .collect();
    let run = forges::Run {
        cache_dir: &opts.cache_dir,
        ttl: opts.ttl,
        offline: opts.offline,
    };
    let (github, others) = tokio::join!(
        github_async(repos, opts),
        forges::enrich_forges(&elsewhere, forge_opts, &run)
    );
    let mut report = github?;
    match others {
        Ok(others) => {
            // The forges' report lists every URL GitHub left alone, by host.
            report.skipped.retain(|s| !others.covers(&s.url));
            report.counts.skipped = report.skipped.len();
            report.forges = Some(others);
        }
        Err(why) => report.notes.push(why),
    }
    Ok(report)
}

async fn github_async(
    repos: &[RepoRef],
    opts: &EnrichOptions,
) -> Result<EnrichReport, EnrichError> {
    let started_at = Utc::now();
    let extra_host = enterprise_host(&opts.api_url);
    let mut report = EnrichReport {
        started_at,
        duration_ms: 0,
        offline: opts.offline,
        repos: Vec::new(),
        skipped: Vec::new(),
        requests: 0,
        graphql_points: 0,
        rate_limited: false,
        notes: Vec::new(),
        counts: Counts::default(),
        index: HashMap::new(),
        extra_host: extra_host.clone(),
        forges: None,
    };
    let cache = Cache::open(&opts.cache_dir, "github", CACHE_SCHEMA).map_err(|source| {
        EnrichError::Cache {
            path: opts.cache_dir.clone(),
            source,
        }
    })?;

    let mut jobs = Vec::new();
    for r in repos {
        let key = match parse_repo_url(r, extra_host.as_deref()) {
            Ok(key) => key,
            Err(reason) => {
                if !report.skipped.iter().any(|s| s.url == r.url) {
                    report.skipped.push(SkippedUrl {
                        url: r.url.clone(),
                        reason,
                    });
                }
                continue;
            }
        };
        if report.index.contains_key(&key.id()) {
            continue;
        }
        let previous: Option<CacheEntry> = cache.load_noting(&key.id(), &mut report.notes);
        let index = report.repos.len();
        report.index.insert(key.id(), index);
        let fresh = (previous.as_ref()).filter(|p| p.is_fresh(started_at, opts.ttl));
        report.repos.push(RepoOutcome {
            url: r.url.clone(),
            branch: key.branch.clone(),
            source: if fresh.is_some() {
                Source::Cache
            } else {
                Source::Failed
            },
            fetched_at: previous.as_ref().map(|p| p.fetched_at),
            age_hours: None,
            stats: previous.as_ref().map(|p| p.data.stats.clone()),
            error: None,
            warnings: Vec::new(),
        });
        if fresh.is_none() {
            jobs.push(Job {
                index,
                url: r.url.clone(),
                key,
                previous,
            });
        }
    }

    let why_not = if jobs.is_empty() {
        None
    } else if opts.offline {
        Some("offline: used the cache only".to_string())
    } else if opts.tokens.is_empty() {
        let note = "no GitHub token (set GITHUB_TOKEN or GITHUB_TOKENS): used the cache only";
        report.notes.push(note.into());
        Some(note.to_string())
    } else {
        None
    };
    if let Some(why) = why_not {
        for job in &jobs {
            let r = &mut report.repos[job.index];
            r.source = if r.stats.is_some() {
                Source::Stale
            } else {
                Source::Failed
            };
            r.error = Some(if r.stats.is_some() {
                format!("{why}; cache entry older than the TTL")
            } else {
                format!("{why}; not in the cache")
            });
        }
    } else if !jobs.is_empty() {
        fetch_jobs(&mut report, jobs, cache, opts).await?;
    }
    report.finish();
    Ok(report)
}

async fn fetch_jobs(
    report: &mut EnrichReport,
    jobs: Vec<Job>,
    cache: Cache,
    opts: &EnrichOptions,
) -> Result<(), EnrichError> {
    let api =
        Api::new(&opts.api_url, &opts.tokens, opts.tuning.clone()).map_err(EnrichError::ApiUrl)?;
    let progress = if opts.progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "GitHub {bar:30} {pos}/{len} repositories · {msg} · ETA {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let ctx = Arc::new(Ctx {
        api,
        tuning: opts.tuning.clone(),
        weeks: weeks::week_windows(Utc::now()),
        cache,
        progress,
        graphql_points: AtomicU64::new(0),
    });
    for (index, outcome) in fetch::fetch_all(ctx.clone(), jobs).await {
        report.repos[index] = outcome;
    }
    ctx.progress.finish_and_clear();
    report.requests = ctx.api.requests();
    report.graphql_points = ctx.graphql_points.load(Ordering::Relaxed);
    report.rate_limited = ctx.api.rate_limited();
    report.notes.extend(ctx.api.notes());
    if ctx.api.all_rejected() {
        return Err(EnrichError::BadCredentials {
            tokens: opts.tokens.len(),
        });
    }
    Ok(())
}
