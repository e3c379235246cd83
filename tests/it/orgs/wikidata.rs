//! Wikidata: one SPARQL query per batch of permalinks, its facts in `Prepared.orgs`, the cache,
//! and every fault a build must survive.

use std::sync::Arc;

use landscape::enrich::{OrgReport, OrgSource, Source};
use wiremock::ResponseTemplate;

use super::{options, org_of, prepare};
use crate::support::cli;
use crate::support::fake_wikidata::{self, FakeWikidata, permalinks_of, query_of};

fn report(prepared: &landscape::prepare::Prepared) -> &OrgReport {
    match &prepared.organizations {
        Some(Ok(report)) => report,
        other => panic!("no organizations report: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_query_fills_every_items_organization() {
    let fake = FakeWikidata::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let env = [("WIKIDATA_SPARQL_URL", fake.sparql_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let prepared = prepare(options(OrgSource::Wikidata, &env, tmp.path())).await;

    let requests = fake.requests().await;
    assert_eq!(requests.len(), 1, "one query for the whole batch");
    let mut asked = permalinks_of(&query_of(&requests[0]));
    asked.sort();
    assert_eq!(asked, ["acme-corp", "globex", "missing-initech"]);
    assert_eq!(requests[0].method.as_str(), "POST");
    let agent = requests[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(agent.starts_with("landscape/"), "{agent}");

    let acme = org_of(&prepared, "Acme Runtime").expect("Acme Runtime has its organization");
    let proxy = org_of(&prepared, "Acme Proxy").expect("Acme Proxy too");
    assert!(
        Arc::ptr_eq(acme, proxy),
        "one organization, one shared value"
    );
    let want = fake_wikidata::org("acme-corp").unwrap();
    assert_eq!(acme.source, Some(OrgSource::Wikidata));
    assert_eq!(
        acme.source_url.as_deref(),
        Some(format!("https://www.wikidata.org/wiki/Q{}", want.q).as_str())
    );
    assert_eq!(acme.name.as_deref(), Some(want.name.as_str()));
    assert_eq!(acme.description.as_deref(), Some(want.description.as_str()));
    assert_eq!(acme.homepage_url.as_deref(), Some(want.website.as_str()));
    assert_eq!(acme.city.as_deref(), Some(want.city.as_str()));
    assert_eq!(acme.country.as_deref(), Some(want.country.as_str()));
    assert_eq!(acme.categories, want.industries);
    // The latest count wins over an older, larger one.
    assert_eq!(
        (acme.num_employees_min, acme.num_employees_max),
        (Some(want.employees), Some(want.employees))
    );
    assert_eq!(acme.stock_exchange.as_deref(), Some(want.exchange.as_str()));
    assert_eq!(acme.ticker.as_deref(), Some(want.ticker.as_str()));
    assert_eq!(acme.founded.as_deref(), Some(want.founded.as_str()));
    assert_eq!(acme.company_type.as_deref(), Some("for_profit"));
    assert_eq!(
        acme.twitter_url.as_deref(),
        Some(format!("https://twitter.com/{}", want.twitter).as_str())
    );
    assert_eq!(
        acme.logo_url.as_deref(),
        Some("https://commons.wikimedia.org/wiki/Special:FilePath/Logo.svg")
    );
    let globex = org_of(&prepared, "Globex Mesh").expect("Globex Mesh has its organization");
    assert_eq!(
        globex.name.as_deref(),
        Some(fake_wikidata::org("globex").unwrap().name.as_str())
    );
    assert_eq!(org_of(&prepared, "Initech Store"), None, "not on Wikidata");
    assert_eq!(org_of(&prepared, "No Org"), None, "no crunchbase URL");

    let report = report(&prepared);
    assert_eq!(
        (report.counts.fetched, report.not_found, report.requests),
        (3, 1, 1),
        "{}",
        report.summary()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_cache_sends_nothing_and_offline_sends_nothing() {
    let fake = FakeWikidata::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.sparql_url();
    let env = [("WIKIDATA_SPARQL_URL", url.as_str())];
    prepare(options(OrgSource::Wikidata, &env, tmp.path())).await;
    assert_eq!(fake.requests().await.len(), 1);

    let warm = prepare(options(OrgSource::Wikidata, &env, tmp.path())).await;
    assert_eq!(
        fake.requests().await.len(),
        1,
        "fresh entries, the missing one included"
    );
    let r = report(&warm);
    assert_eq!(
        (r.counts.from_cache, r.not_found),
        (3, 1),
        "{}",
        r.summary()
    );
    assert!(org_of(&warm, "Globex Mesh").is_some());

    // Offline with an empty cache: nothing sent, nothing known, the build goes on.
    let empty = tempfile::tempdir().unwrap();
    let mut offline = options(OrgSource::Wikidata, &env, empty.path());
    offline.offline = true;
    let cold = prepare(offline).await;
    assert_eq!(fake.requests().await.len(), 1, "offline sends no request");
    assert!(cold.orgs.iter().all(Option::is_none));
    assert!(
        report(&cold).summary().contains("offline"),
        "{}",
        report(&cold).summary()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_server_errors_and_malformed_answers_are_retried() {
    let fake = FakeWikidata::start().await;
    let tmp = tempfile::tempdir().unwrap();
    fake.queue([
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(500).set_body_string("java.util.concurrent.TimeoutException"),
        ResponseTemplate::new(200).set_body_string("<html>not JSON</html>"),
    ]);
    let url = fake.sparql_url();
    let prepared = prepare(options(
        OrgSource::Wikidata,
        &[("WIKIDATA_SPARQL_URL", &url)],
        tmp.path(),
    ))
    .await;
    assert_eq!(
        fake.requests().await.len(),
        4,
        "three faults, then the answer"
    );
    let r = report(&prepared);
    assert!(r.rate_limited);
    assert_eq!((r.counts.fetched, r.requests), (3, 4), "{}", r.summary());
    assert!(org_of(&prepared, "Acme Proxy").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refetch_keeps_the_cached_data() {
    let fake = FakeWikidata::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.sparql_url();
    let env = [("WIKIDATA_SPARQL_URL", url.as_str())];
    prepare(options(OrgSource::Wikidata, &env, tmp.path())).await;
    // Every entry is due, and the service answers SPARQL JSON without results from now on.
    let not_results = || ResponseTemplate::new(200).set_body_string(r#"{"head": {"vars": []}}"#);
    fake.queue((0..50).map(|_| not_results()));
    let mut due = options(OrgSource::Wikidata, &env, tmp.path());
    due.ttl = std::time::Duration::ZERO;
    let prepared = prepare(due).await;
    let r = report(&prepared);
    assert_eq!(r.counts.stale, 3, "{}", r.summary());
    assert!(
        r.summary().contains("no results.bindings"),
        "{}",
        r.summary()
    );
    let acme = org_of(&prepared, "Acme Runtime").expect("kept from the cache");
    assert_eq!(acme.name, fake_wikidata::org("acme-corp").map(|o| o.name));
    assert!(r.orgs.iter().all(|o| o.source == Source::Stale));
}

/// `landscape build` of the fixture into `dir/out` with the cache in `dir/cache`.
fn build(
    dir: &std::path::Path,
    out: &str,
    env: &[(&str, &str)],
    extra: &[&str],
) -> std::process::Output {
    let file = super::fixture().join("landscape.yml");
    let (cache, out) = (dir.join("cache"), dir.join(out));
    let mut args = vec!["build", "--data", file.to_str().unwrap()];
    args.extend([
        "--cache",
        cache.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    args.extend(extra);
    // The binary blocks: keep this runtime's other thread serving the fake.
    tokio::task::block_in_place(|| cli::run_with(dir, &args, env))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_uses_wikidata_by_default_and_survives_an_unreachable_one() {
    let fake = FakeWikidata::start().await;
    let tmp = tempfile::tempdir().unwrap();
    let url = fake.sparql_url();
    let output = build(tmp.path(), "site", &[("WIKIDATA_SPARQL_URL", &url)], &[]);
    let text = cli::text(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("orgs: Wikidata: 3 organizations (3 fetched, 0 from cache, 0 stale, 0 failed; 1 not known there)"),
        "{text}"
    );
    assert_eq!(fake.requests().await.len(), 1);
    let published =
        std::fs::read_to_string(tmp.path().join("site/data/organizations.json")).unwrap();
    let published: serde_json::Value = serde_json::from_str(&published).unwrap();
    assert_eq!(published["source"], "wikidata");
    let keys: Vec<&String> = published["organizations"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        keys,
        ["acme-corp", "globex"],
        "the organizations found, by permalink"
    );
    assert_eq!(
        published["organizations"]["globex"]["city"],
        fake_wikidata::org("globex").unwrap().city
    );

    // Unreachable (the support runner's closed port) with every entry due: one note, the
    // cached data, a site.
    let output = build(tmp.path(), "site2", &[], &["--orgs-ttl", "0s"]);
    let text = cli::text(&output);
    assert!(output.status.success(), "{text}");
    assert_eq!(
        text.matches("Wikidata cannot be reached").count(),
        1,
        "{text}"
    );
    assert!(text.contains("3 stale"), "{text}");
    assert!(tmp.path().join("site2/index.html").is_file());

    // --no-orgs: nothing asked, nothing said.
    let no_orgs = ["--no-orgs", "--orgs-ttl", "0s"];
    let output = build(
        tmp.path(),
        "site3",
        &[("WIKIDATA_SPARQL_URL", &url)],
        &no_orgs,
    );
    assert!(
        !cli::text(&output).contains("orgs:"),
        "{}",
        cli::text(&output)
    );
    assert_eq!(fake.requests().await.len(), 1);
}
