//! Which hosts are which forge, where their APIs are and which token each gets, from the
//! environment:
//!
//! | variable | meaning |
//! | --- | --- |
//! | `LANDSCAPE_GITLAB_HOSTS` | self-hosted GitLab hosts, comma-separated (`gitlab.haskell.org`) |
//! | `LANDSCAPE_GITEA_HOSTS` | self-hosted Gitea/Forgejo hosts (`opendev.org`) |
//! | `LANDSCAPE_FORGE_URL_<HOST>` | the host's base URL, when not `https://<host>` (tests, proxies) |
//! | `GITLAB_TOKEN_<HOST>`, `GITEA_TOKEN_<HOST>` | a token for that host only |
//! | `GITLAB_TOKEN`, `CODEBERG_TOKEN` | a token for gitlab.com, codeberg.org |
//!
//! `<HOST>` is the host in capitals with every other character an underscore
//! (`gitlab.haskell.org` → `GITLAB_HASKELL_ORG`). A token is only ever sent to its own host.

use std::time::Duration;

use super::target::ForgeKind;
use crate::enrich::pacing::Policy;
use crate::enrich::secret::Token;

/// One forge host the run may read.
#[derive(Debug, Clone, PartialEq)]
pub struct ForgeHost {
    /// Lowercase host, as landscape URLs name it.
    pub host: String,
    pub kind: ForgeKind,
    /// Where its API lives, without the `/api/v4` or `/api/v1` the client adds.
    pub base_url: String,
    pub token: Option<Token>,
}

/// The forges a run reads besides GitHub.
#[derive(Debug, Clone, PartialEq)]
pub struct ForgeOptions {
    pub hosts: Vec<ForgeHost>,
    /// Pacing, timeouts and retries, per host.
    pub policy: Policy,
    /// Pages of commits read per repository for the 52-week activity (100 commits a page on
    /// GitLab, 50 on Gitea); a busier repository's activity is marked incomplete.
    pub activity_pages: u32,
}

/// Hosts known without configuration.
const KNOWN: &[(&str, ForgeKind)] = &[
    ("gitlab.com", ForgeKind::GitLab),
    ("codeberg.org", ForgeKind::Gitea),
];

impl ForgeOptions {
    /// Options from the process environment.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Options from variables read through `var` (testable without the process environment).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let mut hosts: Vec<ForgeHost> = Vec::new();
        let mut add = |host: String, kind: ForgeKind| {
            if host.is_empty() || host == "github.com" || hosts.iter().any(|h| h.host == host) {
                return;
            }
            let key = env_key(&host);
            let base_url = var(&format!("LANDSCAPE_FORGE_URL_{key}"))
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                .unwrap_or_else(|| format!("https://{host}"));
            let prefix = match kind {
                ForgeKind::GitLab => "GITLAB",
                ForgeKind::Gitea => "GITEA",
            };
            let shared = match host.as_str() {
                "gitlab.com" => var("GITLAB_TOKEN"),
                "codeberg.org" => var("CODEBERG_TOKEN"),
                _ => None,
            };
            let token = var(&format!("{prefix}_TOKEN_{key}"))
                .or(shared)
                .map(Token::new)
                .filter(|t| !t.expose().is_empty());
            hosts.push(ForgeHost {
                host,
                kind,
                base_url,
                token,
            });
        };
        for (name, kind) in [
            ("LANDSCAPE_GITLAB_HOSTS", ForgeKind::GitLab),
            ("LANDSCAPE_GITEA_HOSTS", ForgeKind::Gitea),
        ] {
            for host in var(name).unwrap_or_default().split(',') {
                add(clean_host(host), kind);
            }
        }
        for (host, kind) in KNOWN {
            add((*host).to_string(), *kind);
        }
        ForgeOptions {
            hosts,
            policy: Policy {
                request_timeout: Duration::from_secs(30),
                ..Policy::default()
            },
            activity_pages: 10,
        }
    }

    /// The host entry for `host`, if the run reads it.
    pub fn host(&self, host: &str) -> Option<&ForgeHost> {
        self.hosts.iter().find(|h| h.host == host)
    }
}

/// `https://Gitlab.Example/` or ` gitlab.example ` → `gitlab.example`.
fn clean_host(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    s.trim_end_matches('/').to_ascii_lowercase()
}

/// `gitlab.haskell.org` → `GITLAB_HASKELL_ORG`.
pub fn env_key(host: &str) -> String {
    host.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            (pairs.iter())
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn known_hosts_need_no_configuration_and_tokens_stay_with_their_host() {
        let o = ForgeOptions::from_vars(vars(&[("GITLAB_TOKEN", "glpat-1")]));
        let names: Vec<&str> = o.hosts.iter().map(|h| h.host.as_str()).collect();
        assert_eq!(names, ["gitlab.com", "codeberg.org"]);
        assert_eq!(
            o.host("gitlab.com").and_then(|h| h.token.clone()),
            Some(Token::new("glpat-1"))
        );
        assert_eq!(o.host("codeberg.org").and_then(|h| h.token.clone()), None);
        assert_eq!(
            o.host("gitlab.com").map(|h| h.base_url.as_str()),
            Some("https://gitlab.com")
        );
    }

    #[test]
    fn self_hosted_forges_come_from_the_environment() {
        let o = ForgeOptions::from_vars(vars(&[
            ("LANDSCAPE_GITLAB_HOSTS", " https://GitLab.Haskell.org/ ,"),
            ("LANDSCAPE_GITEA_HOSTS", "opendev.org,github.com"),
            ("LANDSCAPE_FORGE_URL_OPENDEV_ORG", "http://127.0.0.1:9999/"),
            ("LANDSCAPE_FORGE_URL_GITLAB_COM", "file:///etc"),
            ("GITLAB_TOKEN", "for-gitlab-com-only"),
            ("GITLAB_TOKEN_GITLAB_HASKELL_ORG", "haskell"),
        ]));
        let haskell = o.host("gitlab.haskell.org").cloned();
        assert_eq!(haskell.as_ref().map(|h| h.kind), Some(ForgeKind::GitLab));
        assert_eq!(haskell.and_then(|h| h.token), Some(Token::new("haskell")));
        let opendev = o.host("opendev.org").cloned();
        assert_eq!(
            opendev.as_ref().map(|h| (h.kind, h.base_url.as_str())),
            Some((ForgeKind::Gitea, "http://127.0.0.1:9999"))
        );
        assert_eq!(opendev.and_then(|h| h.token), None);
        assert!(o.host("github.com").is_none());
        assert_eq!(
            o.host("gitlab.com").map(|h| h.base_url.as_str()),
            Some("https://gitlab.com"),
            "a base URL that is not http(s) is ignored"
        );
        assert_eq!(env_key("git.example:8443"), "GIT_EXAMPLE_8443");
    }
}
