//! A cold run reads every figure each forge has, at a known cost; a warm run sends nothing.

use landscape::enrich::forges::ForgeKind;
use landscape::enrich::{ACTIVITY_WEEKS, Source, aggregate, enrich_async};

use super::{Fake, KINDS, options, stats};
use crate::support::forge_world::{self as w, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_is_read_then_served_from_the_cache() {
    for kind in KINDS {
        let fake = Fake::start(kind, World::default()).await;
        let cache = tempfile::tempdir().expect("tempdir");
        let opts = options(&fake.vars(), cache.path());
        let report = enrich_async(&fake.refs(), &opts).await.expect("run");
        let forges = report.forges.as_ref().expect("forge report");
        assert_eq!(forges.counts.fetched, 2, "{kind:?}: {}", report.summary());

        let now = chrono::Utc::now();
        for path in fake.paths() {
            let s = stats(&report, &fake.url(path));
            assert_eq!(s.name_with_owner, path);
            assert_eq!(s.stars, w::stars(path), "{kind:?} {path}");
            assert_eq!(s.branch.as_deref(), Some("master"));
            let total = w::total(path);
            assert_eq!(
                s.latest_commit.as_ref().map(|c| c.sha.clone()),
                Some(w::commit(path, 0, now).0)
            );
            assert_eq!(
                s.first_commit.as_ref().map(|c| c.sha.clone()),
                Some(w::commit(path, total - 1, now).0),
                "{kind:?}: the oldest commit is the last page of one"
            );
            assert_eq!(s.weekly_commits.len(), ACTIVITY_WEEKS);
            assert_eq!(
                s.weekly_commits.iter().sum::<u32>() as usize,
                w::recent(path),
                "{kind:?}: every commit of the last year, over several pages"
            );
            assert_eq!(
                s.latest_release.as_ref().map(|r| r.tag.clone()),
                Some(w::release(path))
            );
            assert!(s.created_at.is_some());
            match kind {
                ForgeKind::GitLab => {
                    assert_eq!(s.contributors, Some(w::contributors(path)));
                    assert_eq!(s.forks, 12);
                    assert_eq!(s.open_issues, 345);
                    assert_eq!(
                        s.license
                            .as_ref()
                            .and_then(|l| l.spdx_id.clone())
                            .as_deref(),
                        Some("BSD-3-Clause")
                    );
                    assert_eq!(s.languages[0].name, "Haskell");
                    assert_eq!(s.primary_language.as_deref(), Some("Haskell"));
                    assert_eq!(s.topics, ["compiler", "haskell"]);
                }
                ForgeKind::Gitea => {
                    assert_eq!(s.contributors, None);
                    assert!(
                        s.contributors_note
                            .as_deref()
                            .is_some_and(|n| n.contains("does not list"))
                    );
                    assert_eq!(s.forks, 21);
                    assert_eq!(s.homepage.as_deref(), Some("https://zuul-ci.org"));
                    assert_eq!(s.license.as_ref().map(|l| l.display()), Some("Apache-2.0"));
                    assert_eq!(
                        (s.languages[0].name.as_str(), s.languages[0].bytes),
                        ("Python", 812_345)
                    );
                    assert_eq!(s.topics, ["ci", "gating"]);
                }
            }
        }
        // An item's aggregate counts these repositories like GitHub ones.
        let a = stats(&report, &fake.url(fake.paths()[0]));
        let b = stats(&report, &fake.url(fake.paths()[1]));
        let item = aggregate(&[a, b]);
        assert_eq!(item.stars, a.stars + b.stars);
        assert_eq!(item.repos, 2);

        let sent = fake.requests().await.len();
        assert_eq!(
            forges.requests as usize, sent,
            "the report counts what the server saw"
        );
        println!("{kind:?}: {sent} requests for 2 repositories");
        let host = &forges.hosts[0];
        assert_eq!(
            (host.host.as_str(), host.repos, host.unreachable.clone()),
            (fake.host(), 2, None)
        );

        // Warm: the cache answers, nothing is sent.
        let again = enrich_async(&fake.refs(), &opts).await.expect("warm run");
        let forges = again.forges.as_ref().expect("forge report");
        assert_eq!(forges.counts.from_cache, 2);
        assert!(
            forges
                .repos
                .iter()
                .all(|r| r.outcome.source == Source::Cache)
        );
        assert_eq!(
            fake.requests().await.len(),
            sent,
            "a warm run sends nothing"
        );
        assert_eq!(stats(&again, &fake.url(fake.paths()[0])), a);

        // Offline with a TTL of zero: the old entries, marked stale, and still nothing sent.
        let mut offline = opts.clone();
        offline.offline = true;
        offline.ttl = std::time::Duration::ZERO;
        let stale = enrich_async(&fake.refs(), &offline)
            .await
            .expect("offline run");
        assert_eq!(stale.forges.as_ref().map(|f| f.counts.stale), Some(2));
        assert_eq!(fake.requests().await.len(), sent);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_is_read_where_it_is_asked_for_and_paths_travel_encoded() {
    let fake = Fake::start(ForgeKind::GitLab, World::default()).await;
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = options(&fake.vars(), cache.path());
    let url = format!("{}/-/tree/master/docs", fake.url("finos/legend/studio"));
    let r = landscape::enrich::RepoRef::with_branch(url.clone(), Some("master"));
    let report = enrich_async(std::slice::from_ref(&r), &opts)
        .await
        .expect("run");
    let s = report.stats(&r).expect("figures");
    assert_eq!(s.name_with_owner, "finos/legend/studio");
    let sent = fake.requests().await;
    assert!(
        sent.iter().all(|q| q
            .url
            .path()
            .starts_with("/api/v4/projects/finos%2Flegend%2Fstudio")),
        "the project id is one encoded segment"
    );
    assert!(
        sent.iter()
            .filter(|q| q.url.path().ends_with("/repository/commits"))
            .all(|q| { q.url.query().is_some_and(|s| s.contains("ref_name=master")) })
    );
}
