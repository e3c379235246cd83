//! Where each piece of enriched data comes from, shared by every source: fetched now, fresh
//! from the cache, kept from an older entry when the refetch failed, or missing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::stats::RepoStats;

/// Where a piece of data (a repository's figures, an organization, a report summary) comes
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Fetched from its service in this run.
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

impl std::fmt::Display for Counts {
    /// What every source's summary line says: `3 fetched, 1 from cache, 0 stale, 0 failed`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} fetched, {} from cache, {} stale, {} failed",
            self.fetched, self.from_cache, self.stale, self.failed
        )
    }
}

impl Counts {
    /// Counts `sources` (and `skipped` URLs left alone).
    pub(crate) fn tally(sources: impl Iterator<Item = Source>, skipped: usize) -> Counts {
        let mut counts = Counts {
            skipped,
            ..Counts::default()
        };
        for source in sources {
            match source {
                Source::Fetched => counts.fetched += 1,
                Source::Cache => counts.from_cache += 1,
                Source::Stale => counts.stale += 1,
                Source::Failed => counts.failed += 1,
            }
        }
        counts
    }
}
