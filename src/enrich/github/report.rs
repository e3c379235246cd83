//! The build report of a run: what each repository's data is and where it came from, what failed
//! and why, what was skipped, and what it cost.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::repo_key::parse_repo_url;
use crate::enrich::forges::ForgeReport;
use crate::enrich::outcome::{Counts, RepoOutcome, Source};
use crate::enrich::repo_ref::{RepoRef, SkipReason};
use crate::enrich::stats::RepoStats;

/// A URL that was not enriched, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedUrl {
    /// The URL as written.
    pub url: String,
    /// Why it was left alone.
    pub reason: SkipReason,
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
    /// GitLab and Gitea repositories, when the run read other forges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forges: Option<ForgeReport>,
}

impl EnrichReport {
    /// The outcome for a landscape reference (an item's `repo_url` + `branch`, or one of its
    /// `additional_repos`), if it names a GitHub repository.
    pub fn outcome(&self, r: &RepoRef) -> Option<&RepoOutcome> {
        let key = parse_repo_url(r, self.extra_host.as_deref()).ok()?;
        self.index.get(&key.id()).map(|&i| &self.repos[i])
    }

    /// The data for a landscape reference (on GitHub or another forge), fresh or stale, if
    /// any is known.
    pub fn stats(&self, r: &RepoRef) -> Option<&RepoStats> {
        match self.outcome(r) {
            Some(o) => o.stats.as_ref(),
            None => self.forges.as_ref()?.stats(r),
        }
    }

    /// Human summary for the end of a build: counts, then each failure and stale entry.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "GitHub: {} repositories ({c}), {} URLs not enriched, {} requests in {:.1}s{}\n",
            self.repos.len(),
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
        if let Some(forges) = &self.forges {
            out.push_str(&forges.summary());
        }
        out
    }

    pub(crate) fn finish(&mut self) {
        let now = Utc::now();
        for r in &mut self.repos {
            r.age_hours = r.fetched_at.map(|t| (now - t).num_hours());
        }
        self.counts = Counts::tally(self.repos.iter().map(|r| r.source), self.skipped.len());
        self.duration_ms = u64::try_from((now - self.started_at).num_milliseconds()).unwrap_or(0);
    }
}
