//! Hosts the product cannot read are listed in the report, never an error: a host that is no
//! known forge, and a configured one that does not answer.

use landscape::enrich::forges::ForgeKind;
use landscape::enrich::{RepoRef, Source, enrich_async};

use super::{Fake, options};
use crate::support::forge_world::World;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_unreachable_hosts_are_listed() {
    let fake = Fake::start(ForgeKind::GitLab, World::default()).await;
    // A port nothing listens on any more.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let mut vars = fake.vars();
    vars.push(("LANDSCAPE_GITEA_HOSTS".into(), "gitea.dead.example".into()));
    vars.push(("LANDSCAPE_FORGE_URL_GITEA_DEAD_EXAMPLE".into(), dead));
    let cache = tempfile::tempdir().expect("tempdir");
    let mut repos = fake.refs();
    repos.push(RepoRef::new("https://opendev.org/zuul/zuul"));
    repos.push(RepoRef::new("https://opendev.org/zuul/nodepool"));
    repos.push(RepoRef::new("https://gitea.dead.example/a/b"));
    repos.push(RepoRef::new("https://gitlab.example/just-a-group"));
    let report = enrich_async(&repos, &options(&vars, cache.path()))
        .await
        .expect("never an error");
    let forges = report.forges.as_ref().expect("forge report");

    assert_eq!(forges.counts.fetched, 2, "{}", report.summary());
    assert_eq!(forges.unknown_hosts.len(), 1);
    assert_eq!(forges.unknown_hosts[0].host, "opendev.org");
    assert_eq!(forges.unknown_hosts[0].urls.len(), 2);
    let dead = forges
        .hosts
        .iter()
        .find(|h| h.host == "gitea.dead.example")
        .expect("dead host");
    assert!(dead.unreachable.is_some(), "{:?}", forges.hosts);
    let failed = forges
        .repos
        .iter()
        .find(|r| r.host == "gitea.dead.example")
        .expect("outcome");
    assert_eq!(failed.outcome.source, Source::Failed);

    let summary = report.summary();
    assert!(
        summary.contains("host not read: opendev.org: not a known forge (2 URLs"),
        "{summary}"
    );
    assert!(
        summary.contains("host not read: gitea.dead.example (Gitea)"),
        "{summary}"
    );
    assert!(
        summary.contains("not enriched (NotARepository): https://gitlab.example/just-a-group"),
        "{summary}"
    );
    // GitHub's own list no longer names what the forges account for.
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["forges"]["unknown_hosts"][0]["host"], "opendev.org");
}
