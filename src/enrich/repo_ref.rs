//! A repository as the landscape names it, and why a URL is left alone.

use serde::{Deserialize, Serialize};

/// A repository as the landscape names it: an item's `repo_url` (with its `branch`) or one of its
/// `additional_repos`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RepoRef {
    /// The URL as written in the landscape.
    pub url: String,
    /// Branch for commit data; the default branch when absent.
    pub branch: Option<String>,
}

impl RepoRef {
    /// A reference on the default branch.
    pub fn new(url: impl Into<String>) -> Self {
        RepoRef {
            url: url.into(),
            branch: None,
        }
    }

    /// A reference on a named branch (an empty name means the default branch).
    pub fn with_branch(url: impl Into<String>, branch: Option<impl Into<String>>) -> Self {
        RepoRef {
            url: url.into(),
            branch: branch
                .map(Into::into)
                .filter(|b: &String| !b.trim().is_empty()),
        }
    }
}

/// Why a URL is not enriched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Hosted elsewhere than GitHub (GitLab, Gitea, ...): left alone.
    NotGitHub,
    /// A GitHub URL that names an organisation or user, not a repository.
    NotARepository,
    /// Not a URL, or a GitHub path with characters GitHub never allows.
    Invalid,
}

/// Git's ref-name rules, reduced to what matters for a query variable: printable, no spaces,
/// no `..`, bounded length.
pub(crate) fn valid_branch(s: &str) -> bool {
    s.len() <= 255
        && !s.contains("..")
        && s.chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !"~^:?*[\\".contains(c))
}
