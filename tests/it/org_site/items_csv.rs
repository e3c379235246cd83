//! `docs/items.csv` with organization data: landscape2's organization columns filled from
//! Crunchbase or Wikidata, and left empty without organization data.

use super::{Built, FakeCrunchbase, Source, build_fixture};
use crate::compat_api::{cell, csv_rows};
use crate::support::fake_wikidata::{self, FakeWikidata};

/// The columns an item's organization fills.
const ORG_COLUMNS: [&str; 14] = [
    "organization",
    "funding",
    "headquarters",
    "crunchbase_description",
    "crunchbase_homepage",
    "crunchbase_city",
    "crunchbase_region",
    "crunchbase_country",
    "crunchbase_twitter",
    "crunchbase_linkedin",
    "crunchbase_ticker",
    "crunchbase_kind",
    "crunchbase_min_employees",
    "crunchbase_max_employees",
];

/// The site's items.csv rows by item name (header left out).
fn rows(site: &Built) -> Vec<(String, Vec<String>)> {
    let rows = csv_rows(&site.read("docs/items.csv"));
    assert_eq!(rows[0].len(), 50);
    (rows[1..].iter())
        .map(|r| (r[0].clone(), r.clone()))
        .collect()
}

fn row<'a>(rows: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &(rows.iter().find(|(n, _)| n == name))
        .unwrap_or_else(|| panic!("no row {name}"))
        .1
}

/// Every organization column of `row`, as (column, value).
fn org_cells(row: &[String]) -> Vec<(&'static str, &str)> {
    ORG_COLUMNS.iter().map(|&c| (c, cell(row, c))).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crunchbase_organizations_fill_the_items_csv_columns() {
    let fake = FakeCrunchbase::start().await;
    let site = build_fixture(Source::Crunchbase(&fake), "").await;
    let rows = rows(&site);
    let acme = vec![
        ("organization", "Acme <Corp>"),
        ("funding", "150000000"),
        ("headquarters", "San Francisco, California, United States"),
        ("crunchbase_description", "Acme builds <b>runtimes</b>."),
        ("crunchbase_homepage", "https://acme.example.com/"),
        ("crunchbase_city", "San Francisco"),
        ("crunchbase_region", "California"),
        ("crunchbase_country", "United States"),
        // Crunchbase's `javascript:` twitter is no link: dropped.
        ("crunchbase_twitter", ""),
        (
            "crunchbase_linkedin",
            "https://www.linkedin.com/company/acme",
        ),
        ("crunchbase_ticker", "ACME"),
        ("crunchbase_kind", "funding"),
        ("crunchbase_min_employees", "1001"),
        ("crunchbase_max_employees", "5000"),
    ];
    // Both items of the organization, whichever way their URL is spelled.
    assert_eq!(org_cells(row(&rows, "Acme Runtime")), acme);
    assert_eq!(org_cells(row(&rows, "Acme Proxy")), acme);
    let globex = row(&rows, "Globex Mesh");
    assert_eq!(cell(globex, "headquarters"), "Berlin, Berlin, Germany");
    assert_eq!(cell(globex, "funding"), "2000000");
    assert_eq!(cell(globex, "crunchbase_min_employees"), "11");
    assert_eq!(cell(globex, "crunchbase_homepage"), "");
    // Unknown to Crunchbase, and no Crunchbase URL: nothing.
    for name in ["Initech Store", "No Org"] {
        let r = row(&rows, name);
        assert!(
            org_cells(r).iter().all(|(_, v)| v.is_empty()),
            "{name}: {r:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wikidata_organizations_fill_the_items_csv_columns() {
    let fake = FakeWikidata::start().await;
    let site = build_fixture(Source::Wikidata(&fake), "").await;
    let rows = rows(&site);
    let acme = fake_wikidata::org("acme-corp").expect("acme-corp on the fake");
    let employees = acme.employees.to_string();
    let twitter = format!("https://twitter.com/{}", acme.twitter);
    let headquarters = format!("{}, {}", acme.city, acme.country);
    let r = row(&rows, "Acme Runtime");
    assert_eq!(
        org_cells(r),
        vec![
            ("organization", acme.name.as_str()),
            // Wikidata has no funding, so no kind either (landscape2's `funding` kind).
            ("funding", ""),
            ("headquarters", headquarters.as_str()),
            ("crunchbase_description", acme.description.as_str()),
            ("crunchbase_homepage", acme.website.as_str()),
            ("crunchbase_city", acme.city.as_str()),
            ("crunchbase_region", ""),
            ("crunchbase_country", acme.country.as_str()),
            ("crunchbase_twitter", twitter.as_str()),
            ("crunchbase_linkedin", ""),
            ("crunchbase_ticker", acme.ticker.as_str()),
            ("crunchbase_kind", ""),
            ("crunchbase_min_employees", employees.as_str()),
            ("crunchbase_max_employees", employees.as_str()),
        ]
    );
    // The item has no twitter of its own: its organization's, as landscape2 writes it.
    assert_eq!(cell(r, "twitter"), twitter);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_organization_data_the_columns_stay_empty() {
    let site = build_fixture(Source::None, "").await;
    let rows = rows(&site);
    assert_eq!(rows.len(), 5);
    for (name, r) in &rows {
        assert!(
            org_cells(r).iter().all(|(_, v)| v.is_empty()),
            "{name}: {r:?}"
        );
        assert_eq!(cell(r, "twitter"), "", "{name}");
    }
}
