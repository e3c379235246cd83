//! Crunchbase: one entity lookup per organization with the key in a header, its fields, rounds
//! and acquisitions in `Prepared.orgs`, faults survived, and the key in no output.

use std::path::Path;

use landscape::enrich::{OrgReport, OrgSource};
use wiremock::ResponseTemplate;

use super::{options, org_of, prepare};
use crate::support::cli;
use crate::support::fake_crunchbase::{self, FakeCrunchbase, KEY};

fn report(prepared: &landscape::prepare::Prepared) -> &OrgReport {
    match &prepared.organizations {
        Some(Ok(report)) => report,
        other => panic!("no organizations report: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entity_lookups_fill_fields_rounds_and_acquisitions() {
    let fake = FakeCrunchbase::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.api_url();
    let env = [
        ("CRUNCHBASE_API_URL", url.as_str()),
        ("CRUNCHBASE_API_KEY", KEY),
    ];
    let prepared = prepare(options(OrgSource::Crunchbase, &env, tmp.path())).await;

    let requests = fake.requests().await;
    let mut paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/v4/entities/organizations/acme-corp",
            "/api/v4/entities/organizations/globex",
            "/api/v4/entities/organizations/missing-initech",
        ],
        "one lookup per distinct permalink"
    );
    for r in &requests {
        assert_eq!(r.headers.get("x-cb-user-key").unwrap(), KEY);
        assert!(!r.url.as_str().contains(KEY), "the key is never in a URL");
    }

    let acme = org_of(&prepared, "Acme Runtime").expect("Acme Runtime has its organization");
    assert!(std::sync::Arc::ptr_eq(
        acme,
        org_of(&prepared, "Acme Proxy").unwrap()
    ));
    let want = fake_crunchbase::org("acme-corp").unwrap();
    assert_eq!(acme.source, Some(OrgSource::Crunchbase));
    assert_eq!(
        acme.source_url.as_deref(),
        Some("https://www.crunchbase.com/organization/acme-corp")
    );
    assert_eq!(acme.name.as_deref(), Some(want.name.as_str()));
    // The head office card, not the profile's location list.
    assert_eq!(
        (
            acme.city.as_deref(),
            acme.region.as_deref(),
            acme.country.as_deref()
        ),
        (Some("Austin"), Some("Texas"), Some("United States"))
    );
    assert_eq!(
        acme.homepage_url.as_deref(),
        Some("https://acme-corp.example.com")
    );
    assert_eq!(acme.company_type.as_deref(), Some("for_profit"));
    assert_eq!(acme.kind.as_deref(), Some("company"));
    assert_eq!(acme.categories, ["Cloud Computing", "Developer Tools"]);
    assert_eq!(
        (acme.num_employees_min, acme.num_employees_max),
        (Some(want.employees.0), Some(want.employees.1))
    );
    assert_eq!(
        acme.linkedin_url.as_deref(),
        Some("https://www.linkedin.com/company/acme-corp")
    );
    assert_eq!(
        acme.twitter_url.as_deref(),
        Some("https://twitter.com/acme-corp")
    );
    assert_eq!(
        (acme.stock_exchange.as_deref(), acme.ticker.as_deref()),
        (Some("nasdaq"), Some(want.ticker.as_str()))
    );
    assert_eq!(acme.founded.as_deref(), Some("2014"));
    assert_eq!(acme.funding, Some(want.funding));
    let rounds: Vec<(String, String, u64, Vec<String>)> = (acme.funding_rounds.iter())
        .map(|r| {
            (
                r.announced_on.unwrap().to_string(),
                r.kind.clone().unwrap(),
                r.amount.unwrap(),
                r.lead_investors.clone(),
            )
        })
        .collect();
    assert_eq!(rounds, want.rounds);
    let acquisitions: Vec<(String, String, String, u64)> = (acme.acquisitions.iter())
        .map(|a| {
            (
                a.announced_on.unwrap().to_string(),
                a.acquiree_name.clone().unwrap(),
                a.acquiree_cb_permalink.clone().unwrap(),
                a.price.unwrap(),
            )
        })
        .collect();
    assert_eq!(acquisitions, want.acquisitions);
    assert_eq!(
        org_of(&prepared, "Initech Store"),
        None,
        "a 404 is no organization"
    );
    let r = report(&prepared);
    assert_eq!(
        (r.counts.fetched, r.not_found, r.requests),
        (3, 1, 3),
        "{}",
        r.summary()
    );

    // The 404 is cached too: a warm run sends nothing.
    let warm = prepare(options(OrgSource::Crunchbase, &env, tmp.path())).await;
    assert_eq!(fake.requests().await.len(), 3);
    assert_eq!(report(&warm).counts.from_cache, 3);
    // Offline with an empty cache: nothing sent.
    let empty = tempfile::tempdir().unwrap();
    let mut offline = options(OrgSource::Crunchbase, &env, empty.path());
    offline.offline = true;
    let cold = prepare(offline).await;
    assert_eq!(fake.requests().await.len(), 3, "offline sends no request");
    assert_eq!(report(&cold).counts.failed, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_server_errors_and_malformed_answers_are_retried() {
    let fake = FakeCrunchbase::start().await;
    let tmp = tempfile::tempdir().unwrap();
    fake.queue([
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(503).set_body_string("upstream down"),
        ResponseTemplate::new(200).set_body_string("{truncated"),
    ]);
    let url = fake.api_url();
    let env = [
        ("CRUNCHBASE_API_URL", url.as_str()),
        ("CRUNCHBASE_API_KEY", KEY),
    ];
    let prepared = prepare(options(OrgSource::Crunchbase, &env, tmp.path())).await;
    let r = report(&prepared);
    assert_eq!((r.counts.fetched, r.not_found), (3, 1), "{}", r.summary());
    assert!(r.rate_limited);
    assert_eq!(r.requests, 6, "three lookups and three faults");
    assert_eq!(fake.requests().await.len(), 6);
    assert!(org_of(&prepared, "Globex Mesh").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_key_stops_the_run_and_keeps_the_cache() {
    let fake = FakeCrunchbase::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.api_url();
    let good = [
        ("CRUNCHBASE_API_URL", url.as_str()),
        ("CRUNCHBASE_API_KEY", KEY),
    ];
    prepare(options(OrgSource::Crunchbase, &good, tmp.path())).await;
    let secret = "cb-revoked-secret-0042";
    let bad = [
        ("CRUNCHBASE_API_URL", url.as_str()),
        ("CRUNCHBASE_API_KEY", secret),
    ];
    let mut due = options(OrgSource::Crunchbase, &bad, tmp.path());
    due.ttl = std::time::Duration::ZERO;
    let prepared = prepare(due).await;
    let r = report(&prepared);
    let summary = r.summary();
    assert!(
        summary.contains("Crunchbase refused the key (HTTP 401"),
        "{summary}"
    );
    assert!(
        summary.contains("[redacted]"),
        "the echoed key is redacted: {summary}"
    );
    assert!(!summary.contains(secret), "{summary}");
    assert!(!serde_json::to_string(r).unwrap().contains(secret));
    assert_eq!(r.counts.stale, 3, "{summary}");
    assert!(
        org_of(&prepared, "Acme Runtime").is_some(),
        "kept from the cache"
    );
    // One lookup is in flight at a time: the refusal stops the others before they are sent.
    assert_eq!(fake.requests().await.len(), 4);
}

/// Every file under `dir`, as bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_is_in_no_output_file_or_cache_entry() {
    let fake = FakeCrunchbase::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.api_url();
    let file = super::fixture().join("landscape.yml");
    let run = |out: &str, key: &str| {
        let (cache, out) = (tmp.path().join("cache"), tmp.path().join(out));
        let args = [
            "build",
            "--data",
            file.to_str().unwrap(),
            "--cache",
            cache.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        let env = [
            ("CRUNCHBASE_API_URL", url.as_str()),
            ("CRUNCHBASE_API_KEY", key),
        ];
        tokio::task::block_in_place(|| cli::run_with(tmp.path(), &args, &env))
    };
    // A refused key, echoed back by the service.
    let wrong = "cb-wrong-secret-77aa";
    let output = run("refused", wrong);
    let text = cli::text(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("Crunchbase refused the key"), "{text}");
    assert!(!text.contains(wrong), "{text}");

    let output = run("site", KEY);
    let text = cli::text(&output);
    assert!(output.status.success(), "{text}");
    assert_eq!(
        text.matches("CRUNCHBASE_API_KEY is set, so organizations come from Crunchbase")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("orgs: Crunchbase: 3 organizations (3 fetched"),
        "{text}"
    );
    assert!(!text.contains(KEY), "{text}");
    let written = files(tmp.path());
    assert!(
        written.iter().any(|(p, _)| p.contains("crunchbase")),
        "cache entries written"
    );
    for (path, bytes) in written {
        for secret in [KEY, wrong] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} in {path}");
        }
    }
}
