//! Tokens never reach the report, the summary, the cache or debug output, even when GitHub
//! echoes one back.

use landscape::enrich::{Token, enrich_async};

use super::{options, synthetic};
use crate::support::fake_github::{FakeGitHub, World};

const GOOD: &str = "ghp_GoodSecretValue0123456789abcdefABCD";
const BAD: &str = "ghp_BadSecretValue0123456789abcdefABCDE";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_appear_nowhere() {
    let gh = FakeGitHub::with(World {
        tokens: vec![GOOD.into()],
        missing: ["org1/repo-1".to_string()].into(),
        ..World::default()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tokens = vec![Token::new(BAD), Token::new(GOOD)];
    let report = enrich_async(&synthetic(12), &opts).await.expect("run");
    assert_eq!(report.counts.fetched, 11);

    // The fake echoed the rejected token in its 401 message: the note must not carry it.
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("Bad credentials: [redacted]")),
        "{:?}",
        report.notes
    );

    let mut everything = serde_json::to_string_pretty(&report).expect("json");
    everything.push_str(&report.summary());
    everything.push_str(&format!("{report:?} {opts:?} {:?}", opts.tokens));
    for entry in std::fs::read_dir(cache.path().join("github")).expect("cache dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        everything.push_str(&String::from_utf8_lossy(&bytes));
    }
    for secret in [GOOD, BAD] {
        assert!(!everything.contains(secret));
        assert!(!everything.contains(&secret[4..20]), "not even a fragment");
    }
    // The secrets did go to GitHub, as bearer tokens.
    let sent = gh.requests().await;
    assert!(sent.iter().any(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v == &format!("Bearer {GOOD}")[..])
    }));
}
