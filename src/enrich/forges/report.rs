//! The forges' part of the build report: each repository's outcome, each host's cost and
//! state, and the hosts the product cannot read (never an error: they are listed).

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;

use super::target::{ForgeKind, Target, parse_target, url_host};
use crate::enrich::outcome::{Counts, RepoOutcome, Source};
use crate::enrich::repo_ref::{RepoRef, SkipReason};
use crate::enrich::stats::RepoStats;

/// One repository on a forge.
#[derive(Debug, Clone, Serialize)]
pub struct ForgeRepo {
    pub host: String,
    pub forge: ForgeKind,
    #[serde(flatten)]
    pub outcome: RepoOutcome,
}

/// What a run did on one host.
#[derive(Debug, Clone, Serialize)]
pub struct HostSummary {
    pub host: String,
    pub forge: ForgeKind,
    /// Repositories the landscape names there.
    pub repos: usize,
    /// Requests sent, retries included.
    pub requests: u64,
    pub rate_limited: bool,
    /// Set when the host was given up for the run (unreachable, or rate limited too long).
    pub unreachable: Option<String>,
}

/// A host the product cannot read: not a known forge.
#[derive(Debug, Clone, Serialize)]
pub struct UnknownHost {
    pub host: String,
    /// The landscape URLs naming it.
    pub urls: Vec<String>,
}

/// A URL on a known forge that names no repository.
#[derive(Debug, Clone, Serialize)]
pub struct ForgeSkipped {
    pub url: String,
    pub reason: SkipReason,
}

/// The forges' report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ForgeReport {
    pub repos: Vec<ForgeRepo>,
    pub hosts: Vec<HostSummary>,
    /// Hosts that are neither GitHub nor a configured forge, with the URLs naming them.
    pub unknown_hosts: Vec<UnknownHost>,
    pub skipped: Vec<ForgeSkipped>,
    /// Requests sent to every forge, retries included.
    pub requests: u64,
    pub notes: Vec<String>,
    pub counts: Counts,
    /// Host → forge, to resolve lookups.
    #[serde(skip)]
    pub(crate) kinds: HashMap<String, ForgeKind>,
    /// Repository identity → index in `repos`.
    #[serde(skip)]
    pub(crate) index: HashMap<String, usize>,
}

impl ForgeReport {
    /// The host and target of `r` when it is on a configured forge.
    fn target(&self, r: &RepoRef) -> Option<(ForgeKind, Target)> {
        let url = url::Url::parse(r.url.trim()).ok()?;
        let kind = *self.kinds.get(&url_host(&url)?)?;
        Some((kind, parse_target(r, kind).ok()?))
    }

    /// The outcome for a landscape reference on a forge.
    pub fn outcome(&self, r: &RepoRef) -> Option<&ForgeRepo> {
        let (_, target) = self.target(r)?;
        self.index.get(&target.id()).map(|&i| &self.repos[i])
    }

    /// The figures for a landscape reference, fresh or stale, if any are known.
    pub fn stats(&self, r: &RepoRef) -> Option<&RepoStats> {
        self.outcome(r)?.outcome.stats.as_ref()
    }

    /// Which forge serves `url`, when it is a configured one.
    pub fn forge_of(&self, url: &str) -> Option<ForgeKind> {
        let url = url::Url::parse(url.trim()).ok()?;
        self.kinds.get(&url_host(&url)?).copied()
    }

    /// Whether the report accounts for `url` (read, failed, skipped or on an unknown host).
    pub(crate) fn covers(&self, url: &str) -> bool {
        self.repos.iter().any(|r| r.outcome.url == url)
            || self.skipped.iter().any(|s| s.url == url)
            || self
                .unknown_hosts
                .iter()
                .any(|h| h.urls.iter().any(|u| u == url))
            || self.outcome(&RepoRef::new(url)).is_some()
    }

    /// Human summary: counts, hosts given up, unknown hosts, failures.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "GitLab/Gitea: {} repositories ({c}), {} requests\n",
            self.repos.len(),
            self.requests
        );
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        for h in &self.hosts {
            if let Some(why) = &h.unreachable {
                let _ = writeln!(
                    out,
                    "  host not read: {} ({}): {why}",
                    h.host,
                    h.forge.name()
                );
            }
        }
        for u in &self.unknown_hosts {
            let _ = writeln!(
                out,
                "  host not read: {}: not a known forge ({} URL{}; declare it in LANDSCAPE_GITLAB_HOSTS or LANDSCAPE_GITEA_HOSTS)",
                u.host,
                u.urls.len(),
                if u.urls.len() == 1 { "" } else { "s" }
            );
        }
        for r in &self.repos {
            let o = &r.outcome;
            match o.source {
                Source::Failed => {
                    let _ = writeln!(
                        out,
                        "  failed: {}: {}",
                        o.url,
                        o.error.as_deref().unwrap_or("?")
                    );
                }
                Source::Stale => {
                    let _ = writeln!(
                        out,
                        "  stale ({}h old): {}: {}",
                        o.age_hours.unwrap_or(0),
                        o.url,
                        o.error.as_deref().unwrap_or("?")
                    );
                }
                _ => {}
            }
            for w in &o.warnings {
                let _ = writeln!(out, "  warning: {}: {w}", o.url);
            }
        }
        for s in &self.skipped {
            let _ = writeln!(out, "  not enriched ({:?}): {}", s.reason, s.url);
        }
        out
    }

    pub(crate) fn finish(&mut self) {
        let now = chrono::Utc::now();
        for r in &mut self.repos {
            r.outcome.age_hours = r.outcome.fetched_at.map(|t| (now - t).num_hours());
        }
        self.counts = Counts::tally(
            self.repos.iter().map(|r| r.outcome.source),
            self.skipped.len()
                + self
                    .unknown_hosts
                    .iter()
                    .map(|u| u.urls.len())
                    .sum::<usize>(),
        );
    }
}
