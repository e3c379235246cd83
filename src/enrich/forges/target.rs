//! Which forge repository a landscape URL names: its host, its path on that host (GitLab
//! nests groups, so a path may have more than two parts) and the branch asked for.

use serde::{Deserialize, Serialize};

use crate::enrich::repo_ref::{RepoRef, SkipReason, valid_branch};

/// The kinds of forge read besides GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForgeKind {
    /// GitLab (gitlab.com or self-hosted), REST API v4.
    GitLab,
    /// Gitea or Forgejo (Codeberg or self-hosted), REST API v1.
    Gitea,
}

impl ForgeKind {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            ForgeKind::GitLab => "GitLab",
            ForgeKind::Gitea => "Gitea",
        }
    }
}

/// A repository on a forge host: the unit that is fetched and cached.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Target {
    /// Lowercase host (with `:port` when the URL has one).
    pub host: String,
    /// `group/subgroup/project` or `owner/repo`, as written.
    pub path: String,
    pub branch: Option<String>,
}

impl Target {
    /// Identity for dedup and the cache: hosts and paths are case-insensitive on both forges,
    /// branches are not.
    pub fn id(&self) -> String {
        let base = format!("{}/{}", self.host, self.path).to_ascii_lowercase();
        match &self.branch {
            Some(b) => format!("{base}@{b}"),
            None => base,
        }
    }
}

/// The lowercase host (`host:port` when a port is given) of an http(s) URL.
pub(crate) fn url_host(url: &url::Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Resolves `r` on a host of `kind`. GitLab paths end where its `/-/` routes start; Gitea
/// paths are `owner/repo`.
pub(crate) fn parse_target(r: &RepoRef, kind: ForgeKind) -> Result<Target, SkipReason> {
    let url = url::Url::parse(r.url.trim()).map_err(|_| SkipReason::Invalid)?;
    let host = url_host(&url).ok_or(SkipReason::Invalid)?;
    let segments: Vec<&str> = (url.path_segments().into_iter().flatten())
        .filter(|s| !s.is_empty())
        .collect();
    let parts: Vec<&str> = match kind {
        ForgeKind::GitLab => segments
            .iter()
            .take_while(|s| **s != "-")
            .copied()
            .collect(),
        ForgeKind::Gitea => segments.iter().take(2).copied().collect(),
    };
    if parts.len() < 2 || (kind == ForgeKind::GitLab && parts.len() > 20) {
        return Err(SkipReason::NotARepository);
    }
    let mut parts: Vec<String> = parts.into_iter().map(str::to_string).collect();
    if let Some(last) = parts.last_mut()
        && let Some(stripped) = last.strip_suffix(".git")
    {
        *last = stripped.to_string();
    }
    if !parts.iter().all(|p| valid_segment(p)) {
        return Err(SkipReason::Invalid);
    }
    let branch = (r.branch.as_deref())
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string);
    if branch.as_deref().is_some_and(|b| !valid_branch(b)) {
        return Err(SkipReason::Invalid);
    }
    Ok(Target {
        host,
        path: parts.join("/"),
        branch,
    })
}

/// What both forges allow in a namespace or project path segment.
fn valid_segment(s: &str) -> bool {
    (1..=255).contains(&s.len())
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, kind: ForgeKind) -> Result<Target, SkipReason> {
        parse_target(&RepoRef::new(url), kind)
    }

    #[test]
    fn gitlab_paths_keep_their_groups_and_stop_at_routes() {
        let t = parse(
            "https://GitLab.com/finos/legend/studio/-/tree/master",
            ForgeKind::GitLab,
        );
        assert_eq!(
            t.map(|t| (t.host, t.path)),
            Ok(("gitlab.com".into(), "finos/legend/studio".into()))
        );
        let t = parse("https://gitlab.haskell.org/ghc/ghc.git", ForgeKind::GitLab);
        assert_eq!(t.map(|t| t.path), Ok("ghc/ghc".into()));
        assert_eq!(
            parse("https://gitlab.com/finos", ForgeKind::GitLab),
            Err(SkipReason::NotARepository)
        );
        assert_eq!(
            parse("https://gitlab.com/a/%22b", ForgeKind::GitLab),
            Err(SkipReason::Invalid)
        );
    }

    #[test]
    fn gitea_paths_are_owner_and_repo_with_ports_kept() {
        let t = parse(
            "http://127.0.0.1:8080/zuul/zuul/src/branch/master",
            ForgeKind::Gitea,
        );
        assert_eq!(
            t.map(|t| (t.host, t.path)),
            Ok(("127.0.0.1:8080".into(), "zuul/zuul".into()))
        );
        let r = RepoRef::with_branch("https://codeberg.org/A/B", Some("dev"));
        let t = parse_target(&r, ForgeKind::Gitea);
        assert_eq!(t.map(|t| t.id()), Ok("codeberg.org/a/b@dev".into()));
        assert_eq!(
            parse("ftp://codeberg.org/a/b", ForgeKind::Gitea),
            Err(SkipReason::Invalid)
        );
    }
}
