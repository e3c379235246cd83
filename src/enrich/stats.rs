//! What is known about one GitHub repository. This is what the cache stores and the site shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Number of weeks of commit activity kept (oldest first, the current week last).
pub const ACTIVITY_WEEKS: usize = 52;

/// GitHub data for one repository (on one branch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepoStats {
    /// Canonical `owner/name` as GitHub reports it (differs from the landscape URL after a rename).
    pub name_with_owner: String,
    /// Canonical repository URL.
    pub url: String,
    /// Branch the commit data comes from (the default branch's name when none was asked for).
    pub branch: Option<String>,
    /// Stargazers.
    pub stars: u64,
    /// Forks.
    pub forks: u64,
    /// Open issues (pull requests not included).
    pub open_issues: u64,
    /// Repository description.
    pub description: Option<String>,
    /// Homepage URL set on the repository.
    pub homepage: Option<String>,
    /// Topics, in GitHub's order.
    pub topics: Vec<String>,
    /// License detected by GitHub.
    pub license: Option<License>,
    /// Primary language.
    pub primary_language: Option<String>,
    /// Languages by size in bytes, largest first.
    pub languages: Vec<Language>,
    /// When the repository was created.
    pub created_at: Option<DateTime<Utc>>,
    /// Oldest commit on the branch.
    pub first_commit: Option<CommitRef>,
    /// Newest commit on the branch.
    pub latest_commit: Option<CommitRef>,
    /// Latest release.
    pub latest_release: Option<Release>,
    /// Contributors (from the REST contributors list, anonymous ones included).
    pub contributors: Option<u64>,
    /// Set when `contributors` is approximate or missing, saying why.
    pub contributors_note: Option<String>,
    /// Commits per week on the branch, oldest first; empty when unknown.
    pub weekly_commits: Vec<u32>,
}

/// A license as GitHub identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct License {
    /// SPDX identifier (`Apache-2.0`), absent for licenses GitHub cannot classify.
    pub spdx_id: Option<String>,
    /// Human name (`Apache License 2.0`).
    pub name: String,
}

impl License {
    /// How a page names it: the SPDX identifier when GitHub could classify it, else the
    /// license's own name.
    pub fn display(&self) -> &str {
        (self.spdx_id.as_deref())
            .filter(|s| !s.is_empty() && *s != "NOASSERTION")
            .unwrap_or(&self.name)
    }
}

/// One language's share of a repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    /// Language name as GitHub's linguist names it.
    pub name: String,
    /// Bytes of code.
    pub bytes: u64,
}

/// A commit, with the minimum the site links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRef {
    /// Commit date.
    pub date: DateTime<Utc>,
    /// Full SHA.
    pub sha: String,
    /// Web URL of the commit.
    pub url: String,
}

/// A release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Tag name.
    pub tag: String,
    /// Publication date (absent for drafts GitHub still lists).
    pub date: Option<DateTime<Utc>>,
    /// Web URL of the release.
    pub url: String,
}
