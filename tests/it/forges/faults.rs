//! What each forge's failures do: a missing repository fails alone, a rate limit is waited
//! out, a 5xx is retried, a malformed answer fails the repository or keeps its cached figures.

use std::time::Duration;

use landscape::enrich::{Source, enrich_async};

use super::{Fake, KINDS, options, stats};
use crate::support::forge_world::{self as w, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_repository_fails_alone_and_is_reported() {
    for kind in KINDS {
        let probe = Fake::start(kind, World::default()).await;
        let gone = probe.paths()[1].to_string();
        drop(probe);
        let fake = Fake::start(
            kind,
            World {
                missing: [gone.clone()].into(),
                ..World::default()
            },
        )
        .await;
        let cache = tempfile::tempdir().expect("tempdir");
        let report = enrich_async(&fake.refs(), &options(&fake.vars(), cache.path()))
            .await
            .expect("run");
        let forges = report.forges.as_ref().expect("forge report");
        assert_eq!(
            (forges.counts.fetched, forges.counts.failed),
            (1, 1),
            "{kind:?}"
        );
        let failed = forges
            .repos
            .iter()
            .find(|r| r.outcome.source == Source::Failed)
            .expect("failed");
        assert_eq!(failed.outcome.url, fake.url(&gone));
        let error = failed.outcome.error.clone().unwrap_or_default();
        assert!(error.contains("not found on"), "{error}");
        assert!(
            report
                .summary()
                .contains(&format!("failed: {}", fake.url(&gone))),
            "{}",
            report.summary()
        );
        // A 404 is an answer, not a fault: it is asked once.
        let asked = fake
            .requests()
            .await
            .iter()
            .filter(|r| {
                r.url.path().contains(&gone.replace(
                    '/',
                    if kind == landscape::enrich::forges::ForgeKind::GitLab {
                        "%2F"
                    } else {
                        "/"
                    },
                ))
            })
            .count();
        assert_eq!(asked, 1, "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_is_waited_out() {
    for kind in KINDS {
        // Any request before the wait is over is refused again: only a client that waits gets
        // through within its three rate-limit retries.
        let world = World {
            limit_first: 1,
            limit_wait: Duration::from_secs(1),
            ..World::default()
        };
        let fake = Fake::start(kind, world).await;
        let cache = tempfile::tempdir().expect("tempdir");
        let report = enrich_async(&fake.refs(), &options(&fake.vars(), cache.path()))
            .await
            .expect("run");
        let forges = report.forges.as_ref().expect("forge report");
        assert_eq!(forges.counts.fetched, 2, "{kind:?}: {}", report.summary());
        assert!(forges.hosts[0].rate_limited);
        assert!(
            forges.repos.iter().all(|r| r.outcome.warnings.is_empty()),
            "{}",
            report.summary()
        );
        let p = fake.paths()[0];
        assert_eq!(stats(&report, &fake.url(p)).stars, w::stars(p));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_retried_then_succeed() {
    for kind in KINDS {
        let fake = Fake::start(
            kind,
            World {
                fail_first: 2,
                ..World::default()
            },
        )
        .await;
        let cache = tempfile::tempdir().expect("tempdir");
        let report = enrich_async(&fake.refs(), &options(&fake.vars(), cache.path()))
            .await
            .expect("run");
        let forges = report.forges.as_ref().expect("forge report");
        assert_eq!(forges.counts.fetched, 2, "{kind:?}: {}", report.summary());
        assert!(
            forges.repos.iter().all(|r| r.outcome.warnings.is_empty()),
            "{}",
            report.summary()
        );
        assert_eq!(forges.hosts[0].unreachable, None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_answer_fails_or_keeps_the_cached_figures() {
    for kind in KINDS {
        let cache = tempfile::tempdir().expect("tempdir");
        let good = Fake::start(kind, World::default()).await;
        let [kept, fresh] = good.paths();
        let first = enrich_async(&good.refs()[..1], &options(&good.vars(), cache.path()))
            .await
            .expect("run");
        let old = stats(&first, &good.url(kept)).clone();
        drop(good);

        let bad = Fake::start(
            kind,
            World {
                malformed: [kept.to_string(), fresh.to_string()].into(),
                ..World::default()
            },
        )
        .await;
        let mut opts = options(&bad.vars(), cache.path());
        opts.ttl = Duration::ZERO;
        let report = enrich_async(&bad.refs(), &opts).await.expect("run");
        let forges = report.forges.as_ref().expect("forge report");
        let outcome = |p: &str| {
            &forges
                .repos
                .iter()
                .find(|r| r.outcome.url == bad.url(p))
                .expect("outcome")
                .outcome
        };
        // Cached before: kept, marked stale, with the reason.
        assert_eq!(
            outcome(kept).source,
            Source::Stale,
            "{kind:?}: {}",
            report.summary()
        );
        assert_eq!(stats(&report, &bad.url(kept)), &old);
        assert!(
            outcome(kept)
                .error
                .as_deref()
                .is_some_and(|e| e.contains("malformed JSON")),
            "{:?}",
            outcome(kept).error
        );
        // Never cached: no figures.
        assert_eq!(outcome(fresh).source, Source::Failed);
        assert!(
            report
                .stats(&landscape::enrich::RepoRef::new(bad.url(fresh)))
                .is_none()
        );
        // Retried: 1 + max_retries (2) attempts each.
        assert_eq!(bad.requests().await.len(), 6, "{kind:?}");
    }
}
