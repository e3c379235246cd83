//! The build report of a run: what each repository's data is and where it came from, what failed
//! and why, what was skipped, and what it cost.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::repo_ref::{RepoRef, SkipReason, parse_repo_url};
use super::stats::RepoStats;

/// Where a repository's data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Fetched from GitHub in this run.
    Fetched,
    /// From a cache entry younger than the TTL: no request sent.
    Cache,
    /// From an older cache entry, because refetching failed (or the run was offline, out of rate
    /// limit, or had no token). `error` says why.
    Stale,
    /// No data at all: never fetched and the fetch failed. `error` says why.
    Failed,
}

/// One repository's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RepoOutcome {
    /// The landscape URL (the first one seen, when several name the same repository).
    pub url: String,
    /// Branch asked for.
    pub branch: Option<String>,
    /// Where `stats` comes from.
    pub source: Source,
    /// When `stats` was fetched from GitHub.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Age of `stats` in whole hours at the end of the run.
    pub age_hours: Option<i64>,
    /// The data, if any is known.
    pub stats: Option<RepoStats>,
    /// Why the repository could not be (re)fetched.
    pub error: Option<String>,
    /// Parts that could not be refreshed (kept from the cache or left empty), renames, etc.
    pub warnings: Vec<String>,
}

/// A URL that was not enriched, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedUrl {
    /// The URL as written.
    pub url: String,
    /// Why it was left alone.
    pub reason: SkipReason,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Fetched in this run.
    pub fetched: usize,
    /// Fresh from the cache.
    pub from_cache: usize,
    /// Kept from an older cache entry.
    pub stale: usize,
    /// Without any data.
    pub failed: usize,
    /// URLs left alone.
    pub skipped: usize,
}

/// Everything a run produced; serialised into the site as the enrichment build report.
#[derive(Debug, Clone, Serialize)]
pub struct EnrichReport {
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// Wall time of the run.
    pub duration_ms: u64,
    /// Whether the run used the cache only.
    pub offline: bool,
    /// One entry per distinct repository and branch, in first-seen order.
    pub repos: Vec<RepoOutcome>,
    /// URLs not enriched (not GitHub, not a repository, invalid).
    pub skipped: Vec<SkippedUrl>,
    /// HTTP requests sent to GitHub, retries included.
    pub requests: u64,
    /// GraphQL rate-limit points spent, as GitHub reported them.
    pub graphql_points: u64,
    /// Whether a rate limit was hit (the run may have finished with cached or missing data).
    pub rate_limited: bool,
    /// Run-level notes (rejected tokens, rate limits, no token).
    pub notes: Vec<String>,
    /// Summary counts.
    pub counts: Counts,
    /// Repository identity → index in `repos`.
    #[serde(skip)]
    pub(crate) index: HashMap<String, usize>,
    /// GitHub Enterprise host accepted besides github.com.
    #[serde(skip)]
    pub(crate) extra_host: Option<String>,
}

impl EnrichReport {
    /// The outcome for a landscape reference (an item's `repo_url` + `branch`, or one of its
    /// `additional_repos`), if it names a GitHub repository.
    pub fn outcome(&self, r: &RepoRef) -> Option<&RepoOutcome> {
        let key = parse_repo_url(r, self.extra_host.as_deref()).ok()?;
        self.index.get(&key.id()).map(|&i| &self.repos[i])
    }

    /// The data for a landscape reference, fresh or stale, if any is known.
    pub fn stats(&self, r: &RepoRef) -> Option<&RepoStats> {
        self.outcome(r)?.stats.as_ref()
    }

    /// Human summary for the end of a build: counts, then each failure and stale entry.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "GitHub: {} repositories ({} fetched, {} from cache, {} stale, {} failed), {} URLs not enriched, {} requests in {:.1}s{}\n",
            self.repos.len(),
            c.fetched,
            c.from_cache,
            c.stale,
            c.failed,
            c.skipped,
            self.requests,
            self.duration_ms as f64 / 1000.0,
            if self.rate_limited {
                ", rate limit hit"
            } else {
                ""
            },
        );
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        for r in &self.repos {
            match r.source {
                Source::Failed => {
                    let _ = writeln!(
                        out,
                        "  failed: {}: {}",
                        r.url,
                        r.error.as_deref().unwrap_or("?")
                    );
                }
                Source::Stale => {
                    let _ = writeln!(
                        out,
                        "  stale ({}h old): {}: {}",
                        r.age_hours.unwrap_or(0),
                        r.url,
                        r.error.as_deref().unwrap_or("?")
                    );
                }
                _ => {}
            }
            for w in &r.warnings {
                let _ = writeln!(out, "  warning: {}: {w}", r.url);
            }
        }
        for s in &self.skipped {
            let _ = writeln!(out, "  not enriched ({:?}): {}", s.reason, s.url);
        }
        out
    }

    pub(crate) fn finish(&mut self) {
        let now = Utc::now();
        let mut counts = Counts {
            skipped: self.skipped.len(),
            ..Counts::default()
        };
        for r in &mut self.repos {
            r.age_hours = r.fetched_at.map(|t| (now - t).num_hours());
            match r.source {
                Source::Fetched => counts.fetched += 1,
                Source::Cache => counts.from_cache += 1,
                Source::Stale => counts.stale += 1,
                Source::Failed => counts.failed += 1,
            }
        }
        self.counts = counts;
        self.duration_ms = u64::try_from((now - self.started_at).num_milliseconds()).unwrap_or(0);
    }
}
