//! GitLab and Gitea/Forgejo repositories against real HTTP servers on 127.0.0.1 speaking their
//! endpoints (`support/fake_gitlab.rs`, `support/fake_gitea.rs`): the real client, real
//! sockets, real cache files. Every test runs on both forges.

mod faults;
mod hosts;
mod reads;
mod secrets;
mod site;

use std::path::Path;
use std::time::Duration;

use landscape::enrich::forges::{ForgeKind, ForgeOptions, env_key};
use landscape::enrich::{EnrichOptions, EnrichReport, RepoRef, RepoStats};
use wiremock::Request;

use crate::support::fake_gitea::FakeGitea;
use crate::support::fake_github;
use crate::support::fake_gitlab::FakeGitLab;
use crate::support::forge_world::World;

pub const KINDS: [ForgeKind; 2] = [ForgeKind::GitLab, ForgeKind::Gitea];

/// A running fake forge of either kind.
pub enum Fake {
    GitLab(FakeGitLab),
    Gitea(FakeGitea),
}

impl Fake {
    pub async fn start(kind: ForgeKind, world: World) -> Fake {
        match kind {
            ForgeKind::GitLab => Fake::GitLab(FakeGitLab::with(world).await),
            ForgeKind::Gitea => Fake::Gitea(FakeGitea::with(world).await),
        }
    }

    pub fn kind(&self) -> ForgeKind {
        match self {
            Fake::GitLab(_) => ForgeKind::GitLab,
            Fake::Gitea(_) => ForgeKind::Gitea,
        }
    }

    pub fn uri(&self) -> String {
        match self {
            Fake::GitLab(f) => f.uri(),
            Fake::Gitea(f) => f.uri(),
        }
    }

    pub async fn requests(&self) -> Vec<Request> {
        match self {
            Fake::GitLab(f) => f.requests().await,
            Fake::Gitea(f) => f.requests().await,
        }
    }

    /// The host landscape URLs name (self-hosted: declared in the environment).
    pub fn host(&self) -> &'static str {
        match self {
            Fake::GitLab(_) => "gitlab.example",
            Fake::Gitea(_) => "gitea.example",
        }
    }

    /// Two repositories of the fake (GitLab's with a subgroup).
    pub fn paths(&self) -> [&'static str; 2] {
        match self {
            Fake::GitLab(_) => ["ghc/ghc", "finos/legend/studio"],
            Fake::Gitea(_) => ["zuul/zuul", "zuul/nodepool"],
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://{}/{path}", self.host())
    }

    pub fn refs(&self) -> Vec<RepoRef> {
        self.paths()
            .iter()
            .map(|p| RepoRef::new(self.url(p)))
            .collect()
    }

    /// The variables declaring the fake's host and pointing it at the server.
    pub fn vars(&self) -> Vec<(String, String)> {
        let hosts = match self.kind() {
            ForgeKind::GitLab => "LANDSCAPE_GITLAB_HOSTS",
            ForgeKind::Gitea => "LANDSCAPE_GITEA_HOSTS",
        };
        vec![
            (hosts.to_string(), self.host().to_string()),
            (
                format!("LANDSCAPE_FORGE_URL_{}", env_key(self.host())),
                self.uri(),
            ),
        ]
    }

    /// The token variable of the fake's host.
    pub fn token_var(&self) -> String {
        let prefix = match self.kind() {
            ForgeKind::GitLab => "GITLAB",
            ForgeKind::Gitea => "GITEA",
        };
        format!("{prefix}_TOKEN_{}", env_key(self.host()))
    }
}

/// Enrichment options reading the forges `vars` declare, with waits shrunk so faults cost
/// milliseconds. GitHub gets no repository, so it sends nothing.
pub fn options(vars: &[(String, String)], cache: &Path) -> EnrichOptions {
    let mut opts = fake_github::options("http://127.0.0.1:9", cache);
    let mut forges = ForgeOptions::from_vars(|name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    });
    forges.policy.requests_per_second = 0.0;
    forges.policy.max_retries = 2;
    forges.policy.backoff_base = Duration::from_millis(10);
    forges.policy.backoff_cap = Duration::from_millis(40);
    forges.policy.default_limit_wait = Duration::from_millis(200);
    forges.policy.max_rate_limit_wait = Duration::from_secs(5);
    forges.policy.request_timeout = Duration::from_secs(5);
    opts.forges = Some(forges);
    opts
}

/// The figures of `url`, or a failure naming the report.
pub fn stats<'r>(report: &'r EnrichReport, url: &str) -> &'r RepoStats {
    report
        .stats(&RepoRef::new(url))
        .unwrap_or_else(|| panic!("no figures for {url}: {}", report.summary()))
}
