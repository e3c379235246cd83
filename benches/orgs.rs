//! Looks up the CNCF snapshot's organizations (its distinct `crunchbase` URLs) at the fake
//! Wikidata and the fake Crunchbase, and its CLOMonitor projects at the fake CLOMonitor, all
//! on 127.0.0.1; reports requests per entity (counted at the server) and wall time, cold and
//! warm.
//!
//! `LANDSCAPE_CNCF_DIR=… cargo bench --bench orgs`. Pacing is off so the numbers measure the
//! clients; in production the pacing bounds a cold run: Wikidata at one query a second,
//! Crunchbase at 200 lookups a minute.

#[allow(dead_code)]
#[path = "../tests/it/support/fake_clomonitor.rs"]
mod fake_clomonitor;
#[allow(dead_code)]
#[path = "../tests/it/support/fake_crunchbase.rs"]
mod fake_crunchbase;
#[allow(dead_code)]
#[path = "../tests/it/support/fake_wikidata.rs"]
mod fake_wikidata;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use landscape::enrich::{ClomonitorOptions, OrgOptions, OrgSource, enrich_orgs_blocking};
use landscape::load::{self, Inputs};

fn main() {
    let dir = std::env::var_os("LANDSCAPE_CNCF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/landscapes/cncf"));
    let data = dir.join("landscape.yml");
    if !data.is_file() {
        eprintln!(
            "SKIPPED: no CNCF snapshot at {} (set LANDSCAPE_CNCF_DIR)",
            dir.display()
        );
        return;
    }
    let loaded = load::load(&Inputs::beside(&data));
    let items = &loaded.data.landscape.items;
    let urls: Vec<String> = items.iter().filter_map(|i| i.crunchbase.clone()).collect();
    let names: Vec<String> = (items.iter())
        .filter_map(|i| i.extra.text.get("clomonitor_name").cloned())
        .collect();
    let foundation = loaded.settings.foundation.clone();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime for the fakes");
    let wikidata = rt.block_on(fake_wikidata::FakeWikidata::start());
    let crunchbase = rt.block_on(fake_crunchbase::FakeCrunchbase::start());
    let clomonitor = rt.block_on(fake_clomonitor::FakeClomonitor::start());
    let day = Duration::from_secs(86_400);

    for provider in [OrgSource::Wikidata, OrgSource::Crunchbase] {
        let cache = tempfile::tempdir().expect("tempdir");
        let (w, c) = (wikidata.sparql_url(), crunchbase.api_url());
        let var = |n: &str| match n {
            "WIKIDATA_SPARQL_URL" => Some(w.clone()),
            "CRUNCHBASE_API_URL" => Some(c.clone()),
            "CRUNCHBASE_API_KEY" => Some(fake_crunchbase::KEY.to_string()),
            _ => None,
        };
        let mut opts = OrgOptions::from_vars(var, provider, cache.path().into(), day, false);
        opts.wikidata.policy.requests_per_second = 0.0;
        opts.crunchbase.policy.requests_per_second = 0.0;
        let count = || match provider {
            OrgSource::Wikidata => rt.block_on(wikidata.requests()).len(),
            OrgSource::Crunchbase => rt.block_on(crunchbase.requests()).len(),
        };
        let before = count();
        let started = Instant::now();
        let report = enrich_orgs_blocking(&urls, &opts).expect("cold run");
        let cold = started.elapsed();
        let sent = count() - before;
        let started = Instant::now();
        let warm = enrich_orgs_blocking(&urls, &opts).expect("warm run");
        let warm_time = started.elapsed();
        let orgs = report.orgs.len();
        println!(
            "{}: {} URLs, {orgs} organizations; cold {:.2}s, {sent} requests ({:.3} per organization, {} fetched, {} not known); warm {:.3}s, {} requests",
            provider.name(),
            urls.len(),
            cold.as_secs_f64(),
            sent as f64 / orgs.max(1) as f64,
            report.counts.fetched,
            report.not_found,
            warm_time.as_secs_f64(),
            count() - before - sent,
        );
        assert_eq!(warm.counts.from_cache, orgs, "{}", warm.summary());
    }

    let cache = tempfile::tempdir().expect("tempdir");
    let url = clomonitor.url();
    let var = |n: &str| (n == "CLOMONITOR_API_URL").then(|| url.clone());
    let opts = ClomonitorOptions::from_vars(var, cache.path().into(), day, false);
    let started = Instant::now();
    let report = landscape::enrich::clomonitor::report_summaries(&foundation, &names, &opts)
        .expect("cold run");
    let cold = started.elapsed();
    let sent = rt.block_on(clomonitor.requests()).len();
    let started = Instant::now();
    landscape::enrich::clomonitor::report_summaries(&foundation, &names, &opts).expect("warm");
    let warm = started.elapsed();
    println!(
        "CLOMonitor: {} projects; cold {:.2}s, {sent} requests ({:.3} per project, fetch and sanitize); warm {:.3}s (sanitize only), {} requests",
        report.summaries.len(),
        cold.as_secs_f64(),
        sent as f64 / report.summaries.len().max(1) as f64,
        warm.as_secs_f64(),
        rt.block_on(clomonitor.requests()).len() - sent,
    );
}
