//! Which GitHub repository a landscape URL names, or why it names none that can be enriched.

use crate::enrich::repo_ref::{RepoRef, SkipReason, valid_branch};

/// A GitHub repository resolved from a [`RepoRef`]: the unit that is fetched and cached.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct RepoKey {
    pub owner: String,
    pub name: String,
    pub branch: Option<String>,
}

impl RepoKey {
    /// Identity for dedup and the cache: GitHub names are case-insensitive, branches are not.
    pub fn id(&self) -> String {
        let base = format!("{}/{}", self.owner, self.name).to_ascii_lowercase();
        match &self.branch {
            Some(b) => format!("{base}@{b}"),
            None => base,
        }
    }

    /// `owner/name` as written.
    pub fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// Resolves a URL to a repository. `extra_host` is a GitHub Enterprise host accepted besides
/// github.com.
pub(crate) fn parse_repo_url(r: &RepoRef, extra_host: Option<&str>) -> Result<RepoKey, SkipReason> {
    let url = url::Url::parse(r.url.trim()).map_err(|_| SkipReason::Invalid)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SkipReason::Invalid);
    }
    let host = url
        .host_str()
        .ok_or(SkipReason::Invalid)?
        .to_ascii_lowercase();
    let is_github = host == "github.com" || host == "www.github.com";
    if !is_github && extra_host.is_none_or(|h| !h.eq_ignore_ascii_case(&host)) {
        return Err(SkipReason::NotGitHub);
    }
    let mut segments = url
        .path_segments()
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty());
    let owner = segments.next().ok_or(SkipReason::NotARepository)?;
    let name = segments.next().ok_or(SkipReason::NotARepository)?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    if !valid_owner(owner) || !valid_name(name) {
        return Err(SkipReason::Invalid);
    }
    let branch = r
        .branch
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_string);
    if branch.as_deref().is_some_and(|b| !valid_branch(b)) {
        return Err(SkipReason::Invalid);
    }
    Ok(RepoKey {
        owner: owner.to_string(),
        name: name.to_string(),
        branch,
    })
}

fn valid_owner(s: &str) -> bool {
    (1..=39).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn valid_name(s: &str) -> bool {
    (1..=100).contains(&s.len())
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<RepoKey, SkipReason> {
        parse_repo_url(&RepoRef::new(url), None)
    }

    #[test]
    fn github_urls_resolve_to_owner_and_name() {
        for url in [
            "https://github.com/cncf/landscape",
            "http://github.com/cncf/landscape/",
            "https://www.github.com/cncf/landscape.git",
            "https://github.com/cncf/landscape/tree/main/docs",
            " https://GitHub.com/cncf/landscape ",
        ] {
            let key = parse(url).unwrap_or_else(|e| panic!("{url}: {e:?}"));
            assert_eq!(key.slug(), "cncf/landscape", "{url}");
            assert_eq!(key.branch, None);
        }
    }

    #[test]
    fn other_urls_are_named_with_a_reason() {
        assert_eq!(parse("https://gitlab.com/a/b"), Err(SkipReason::NotGitHub));
        assert_eq!(
            parse("https://opendev.org/zuul/zuul"),
            Err(SkipReason::NotGitHub)
        );
        assert_eq!(
            parse("https://github.com/tensorflow"),
            Err(SkipReason::NotARepository)
        );
        assert_eq!(
            parse("https://github.com/"),
            Err(SkipReason::NotARepository)
        );
        assert_eq!(parse("not a url"), Err(SkipReason::Invalid));
        assert_eq!(parse("ftp://github.com/a/b"), Err(SkipReason::Invalid));
        assert_eq!(
            parse("https://github.com/a%22b/c"),
            Err(SkipReason::Invalid)
        );
        assert_eq!(
            parse("https://github.com/a/.."),
            Err(SkipReason::NotARepository)
        );
    }

    #[test]
    fn branch_is_kept_and_checked() {
        let r = RepoRef::with_branch("https://github.com/a/b", Some("release-1.2"));
        let key = parse_repo_url(&r, None).unwrap();
        assert_eq!(key.branch.as_deref(), Some("release-1.2"));
        assert_eq!(key.id(), "a/b@release-1.2");
        let blank = RepoRef::with_branch("https://github.com/A/B", Some("  "));
        assert_eq!(parse_repo_url(&blank, None).unwrap().id(), "a/b");
        let bad = RepoRef::with_branch("https://github.com/a/b", Some("x y"));
        assert_eq!(parse_repo_url(&bad, None), Err(SkipReason::Invalid));
    }

    #[test]
    fn enterprise_host_is_accepted_when_configured() {
        let r = RepoRef::new("https://ghe.corp.example/team/tool");
        assert_eq!(parse_repo_url(&r, None), Err(SkipReason::NotGitHub));
        assert_eq!(
            parse_repo_url(&r, Some("ghe.corp.example")).unwrap().slug(),
            "team/tool"
        );
    }
}
