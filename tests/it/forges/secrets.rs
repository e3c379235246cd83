//! A host's token goes to that host only, as its forge expects it, and nowhere else: not in
//! the report, the summary, debug output or the cache, even when the forge echoes it back.

use landscape::enrich::enrich_async;
use landscape::enrich::forges::ForgeKind;

use super::{Fake, KINDS, options};
use crate::support::forge_world::World;

const SECRET: &str = "glpat-SecretValue0123456789abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_go_to_their_host_and_appear_nowhere() {
    for kind in KINDS {
        let good = Fake::start(
            kind,
            World {
                token: Some(SECRET.into()),
                ..World::default()
            },
        )
        .await;
        let cache = tempfile::tempdir().expect("tempdir");
        let mut vars = good.vars();
        vars.push((good.token_var(), SECRET.into()));
        let report = enrich_async(&good.refs(), &options(&vars, cache.path()))
            .await
            .expect("run");
        assert_eq!(
            report.forges.as_ref().map(|f| f.counts.fetched),
            Some(2),
            "{}",
            report.summary()
        );
        let sent = good.requests().await;
        let expected = match kind {
            ForgeKind::GitLab => ("private-token", SECRET.to_string()),
            ForgeKind::Gitea => ("authorization", format!("token {SECRET}")),
        };
        assert!(sent.iter().all(|r| {
            r.headers
                .get(expected.0)
                .is_some_and(|v| v == &expected.1[..])
        }));

        // A server that refuses the token and echoes it in its message.
        let echo = Fake::start(
            kind,
            World {
                token: Some("another".into()),
                ..World::default()
            },
        )
        .await;
        let cache = tempfile::tempdir().expect("tempdir");
        let mut vars = echo.vars();
        vars.push((echo.token_var(), SECRET.into()));
        let opts = options(&vars, cache.path());
        let refused = enrich_async(&echo.refs(), &opts).await.expect("run");
        let forges = refused.forges.as_ref().expect("forge report");
        assert_eq!(forges.counts.failed, 2);
        assert!(
            refused.summary().contains("[redacted]"),
            "{}",
            refused.summary()
        );

        let mut everything = String::new();
        for report in [&report, &refused] {
            everything.push_str(&serde_json::to_string_pretty(report).expect("json"));
            everything.push_str(&report.summary());
            everything.push_str(&format!("{report:?}"));
        }
        everything.push_str(&format!("{opts:?}"));
        for entry in walkdir::WalkDir::new(cache.path()).into_iter().flatten() {
            if entry.file_type().is_file() {
                everything.push_str(&String::from_utf8_lossy(
                    &std::fs::read(entry.path()).expect("read"),
                ));
            }
        }
        assert!(
            !everything.contains(&SECRET[6..22]),
            "{kind:?}: the token leaked"
        );
        // Another host's token variable is not sent here.
        let o = options(
            &[(String::from("GITLAB_TOKEN"), SECRET.into())],
            cache.path(),
        );
        let forges = o.forges.expect("forges");
        assert!(
            forges
                .hosts
                .iter()
                .filter(|h| h.host != "gitlab.com")
                .all(|h| h.token.is_none())
        );
    }
}
