//! What a build with organization data writes, byte by byte.

use serde_json::json;

use super::{Built, FakeCrunchbase, Source, build_fixture, item_page};
use crate::support::fake_wikidata::{self, FakeWikidata};

/// A facet of the explorer index by key (`Null` when absent).
fn facet(index: &serde_json::Value, key: &str) -> serde_json::Value {
    (index["facets"].as_array().into_iter().flatten())
        .find(|f| f["key"] == key)
        .cloned()
        .unwrap_or_default()
}

/// The text of the first element of `class` on `page` (up to its closing `</tag>`).
fn element<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {page}"));
    let rest = &page[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wikidata_organizations_fill_the_item_pages_filters_and_stats() {
    let fake = FakeWikidata::start().await;
    let site = build_fixture(Source::Wikidata(&fake), "").await;
    let acme = fake_wikidata::org("acme-corp").expect("acme-corp on the fake");
    let globex = fake_wikidata::org("globex").expect("globex on the fake");

    let page = site.read(&item_page("acme-runtime"));
    let section = element(
        &page,
        "<section class=\"organization-section organization-data\">",
        "</section>",
    );
    assert!(
        section.contains(&format!(
            r#"<p class="org-name"><a href="{}" rel="noopener nofollow">{}</a> <span class="tag org-kind">business</span> <span class="tag org-type">For profit</span></p>"#,
            acme.website, acme.name
        )),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            r#"<p class="org-hq">{}, {}</p>"#,
            acme.city, acme.country
        )),
        "{section}"
    );
    assert!(
        section.contains(&format!(r#"<dd class="org-ticker">{}</dd>"#, acme.ticker)),
        "{section}"
    );
    assert!(
        section.contains(&format!("<dt>Founded</dt><dd>{}</dd>", acme.founded)),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            r#"<a href="https://twitter.com/{}" rel="noopener nofollow">Twitter / X</a>"#,
            acme.twitter
        )),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            r#"Organization data from <a href="https://www.wikidata.org/wiki/Q{}" rel="noopener nofollow">Wikidata</a>."#,
            acme.q
        )),
        "{section}"
    );
    // Wikidata has no funding: no rounds, no funding figure.
    assert!(
        section.contains(r#"<dd class="org-funding">-</dd>"#),
        "{section}"
    );
    assert!(!section.contains("Funding rounds"), "{section}");
    // The item has no description of its own: its organization's stands in.
    assert!(
        page.contains(&format!(
            r#"<p class="description">{}</p>"#,
            acme.description
        )),
        "{page}"
    );
    // Not on Wikidata: the name from the Crunchbase URL, as before.
    let initech = site.read(&item_page("initech-store"));
    assert!(
        initech.contains("<dl><dt>Name</dt><dd>Missing Initech</dd>"),
        "{initech}"
    );
    assert!(!initech.contains("organization-data"));
    assert!(
        !site
            .read(&item_page("no-org"))
            .contains("organization-section")
    );

    let index = site.explorer();
    let mut countries = vec![acme.country.clone(), globex.country.clone()];
    countries.dedup();
    let country = facet(&index, "country");
    assert_eq!(country["label"], "Country");
    let values: Vec<&str> = (country["values"].as_array().unwrap().iter())
        .filter_map(|v| v.as_str())
        .collect();
    let mut sorted = values.clone();
    sorted.sort();
    countries.sort();
    assert_eq!(sorted, countries);
    // Acme Runtime and Acme Proxy share their organization's country; the others have none.
    let of = country["of"].as_array().unwrap();
    assert_eq!(of[0], of[1]);
    assert_eq!(values[of[0].as_u64().unwrap() as usize], acme.country);
    assert_eq!((of[3].clone(), of[4].clone()), (json!(null), json!(null)));
    let industry = facet(&index, "industry");
    assert_eq!(
        industry["values"],
        json!(["cloud computing", "software industry"])
    );
    assert_eq!(industry["of"], json!([[0, 1], [0, 1], [0, 1], null, null]));
    assert_eq!(facet(&index, "org-type")["values"], json!(["For profit"]));
    assert_eq!(facet(&index, "organization")["values"][0], acme.name);
    assert!(
        index.get("funding").is_none(),
        "no funding figures, no funding column"
    );

    let stats = site.read("stats/index.html");
    assert!(
        stats.contains(r#"<figure class="chart-card" id="org-countries">"#),
        "{stats}"
    );
    assert!(
        stats.contains(r#"<figure class="chart-card" id="org-industries">"#),
        "{stats}"
    );
    assert!(stats.contains("<span>Countries</span>"), "{stats}");
    // Nothing to show on a finances page: none, and no link to it.
    assert!(!site.root().join("finances").exists());
    assert!(!site.read("index.html").contains("/finances/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crunchbase_funding_fills_the_item_pages_finances_and_funding_sort() {
    let fake = FakeCrunchbase::start().await;
    let site = build_fixture(Source::Crunchbase(&fake), "").await;

    let page = site.read(&item_page("acme-proxy"));
    // Under the title, as landscape2 shows it.
    assert!(
        page.contains(
            r#"<h1>Acme Proxy</h1>
      <p class="organization">Acme &lt;Corp&gt;</p>"#
        ),
        "{page}"
    );
    let section = element(
        &page,
        "<section class=\"organization-section organization-data\">",
        "</section>",
    );
    for want in [
        r#"<p class="org-name"><a href="https://acme.example.com/" rel="noopener nofollow">Acme &lt;Corp&gt;</a> <span class="tag org-kind">company</span> <span class="tag org-type">For profit</span></p>"#,
        r#"<p class="org-hq">San Francisco, California, United States</p>"#,
        r#"<p class="org-description">Acme builds &lt;b&gt;runtimes&lt;/b&gt;.</p>"#,
        r#"<dd class="org-funding" title="150000000 USD">$150M</dd>"#,
        r#"<dd class="org-employees">1,001 - 5,000</dd>"#,
        "<dt>Stock exchange</dt><dd>nasdaq</dd>",
        r#"<dd class="org-ticker">ACME</dd>"#,
        r#"<li><a href="https://www.linkedin.com/company/acme" rel="noopener nofollow">LinkedIn</a></li>"#,
        r#"Organization data from <a href="https://www.crunchbase.com/organization/acme-corp" rel="noopener nofollow">Crunchbase</a>."#,
    ] {
        assert!(section.contains(want), "{want}\nnot in\n{section}");
    }
    assert!(
        !section.contains("javascript:") && !section.contains("Twitter / X"),
        "{section}"
    );
    // Rounds newest first, investors escaped; then the acquisition.
    let rounds = element(section, r#"<table class="org-rounds">"#, "</table>");
    let b = rounds.find("2021-09-15").expect("the series B");
    let a = rounds.find("2019-05-01").expect("the series A");
    assert!(b < a, "{rounds}");
    assert!(
        rounds.contains(r#"<td>Series B</td><td data-value="100000000">$100M</td><td>Fund Two, Fund &lt;Three&gt;</td>"#),
        "{rounds}"
    );
    let acquisitions = element(section, r#"<table class="org-acquisitions">"#, "</table>");
    assert!(
        acquisitions.contains(r#"<td>Widget Co</td><td data-value="20000000">$20M</td>"#),
        "{acquisitions}"
    );

    // The finances page: each organization once (Acme has two items).
    let finances = site.read("finances/index.html");
    assert!(
        finances.contains("<title>Finances · CNCF landscape</title>"),
        "{finances}"
    );
    for headline in [
        "<li><strong>$152M</strong><span>Total funding</span></li>",
        "<li><strong>3</strong><span>Funding rounds</span></li>",
        "<li><strong>1</strong><span>Acquisitions</span></li>",
        "<li><strong>$20M</strong><span>Paid for acquisitions</span></li>",
    ] {
        assert!(finances.contains(headline), "{headline} not in {finances}");
    }
    let per_year = element(
        &finances,
        r#"<figure class="chart-card" id="raised-per-year">"#,
        "</figure>",
    );
    assert!(per_year.contains("<svg class=\"chart\""), "{per_year}");
    assert!(
        per_year.contains(r#"<tr><th scope="row">2019</th><td>$50,000,000</td></tr><tr><th scope="row">2020</th><td>$2,000,000</td></tr><tr><th scope="row">2021</th><td>$100,000,000</td></tr>"#),
        "{per_year}"
    );
    let by_category = element(
        &finances,
        r#"<figure class="chart-card" id="funding-by-category">"#,
        "</figure>",
    );
    assert!(
        by_category.contains(r#"<tr><th scope="row">Platform</th><td>$152,000,000</td></tr>"#),
        "{by_category}"
    );
    let list = element(&finances, r#"<table class="finance-rounds">"#, "</table>");
    let first = element(list, "<tbody>", "</tr>");
    assert!(
        first.contains(r#"<time datetime="2021-09-15">2021-09-15</time></td><td><a href="/items/acme-runtime/">Acme &lt;Corp&gt;</a></td><td>Series B</td>"#),
        "{first}"
    );
    assert!(
        list.contains(r#"<a href="/items/globex-mesh/">Globex</a></td><td>Seed</td>"#),
        "{list}"
    );
    let bought = element(
        &finances,
        r#"<table class="finance-acquisitions">"#,
        "</table>",
    );
    assert!(bought.contains("<td>Widget Co</td>"), "{bought}");
    // landscape2's other paths to the page, the header link and the sitemap.
    assert!(
        site.read("funding/index.html")
            .contains(r#"url=/finances/#funding""#)
    );
    assert!(
        site.read("acquisitions/index.html")
            .contains(r#"url=/finances/#acquisitions""#)
    );
    for path in ["index.html", "stats/index.html", &item_page("no-org")] {
        assert!(
            site.read(path)
                .contains(r#"<a href="/finances/">Finances</a>"#),
            "{path}"
        );
    }
    assert!(
        site.read("sitemap.xml")
            .contains("https://orgs.example.org/finances/")
    );

    // The explorer: the funding column and landscape2's organization type ids.
    let index = site.explorer();
    assert_eq!(
        index["funding"],
        json!([150_000_000, 150_000_000, 2_000_000, null, null])
    );
    let types = facet(&index, "org-type");
    assert_eq!(types["values"], json!(["For profit", "Non-profit"]));
    assert_eq!(types["ids"], json!(["for_profit", "non_profit"]));
    assert_eq!(types["of"], json!([0, 0, 1, null, null]));
    assert_eq!(
        facet(&index, "country")["values"],
        json!(["United States", "Germany"])
    );

    // landscape2's CSV falls back to the organization's description too.
    let csv = site.read("docs/items.csv");
    let row = (csv.lines())
        .find(|l| l.starts_with("Acme Runtime,"))
        .expect("Acme Runtime's row");
    assert!(row.contains(",Acme builds <b>runtimes</b>.,"), "{row}");

    let stats = site.read("stats/index.html");
    assert!(
        stats.contains("<li><strong>$152M</strong><span>Total funding</span></li>"),
        "{stats}"
    );
}

/// Without organization data the fixture's site has none of it: the names from the
/// Crunchbase URLs, no filters, no funding column, no finances page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_organization_data_nothing_is_added() {
    let site: Built = build_fixture(Source::None, "").await;
    let page = site.read(&item_page("acme-runtime"));
    assert!(
        page.contains("<dl><dt>Name</dt><dd>Acme Corp</dd>"),
        "{page}"
    );
    assert!(!page.contains("organization-data") && !page.contains(r#"<p class="description">"#));
    let index = site.explorer();
    for key in ["country", "industry", "org-type"] {
        assert_eq!(facet(&index, key), serde_json::Value::Null, "{key}");
    }
    assert!(index.get("funding").is_none());
    assert!(!site.root().join("finances").exists());
    assert!(!site.root().join("funding").exists());
    assert!(!site.read("stats/index.html").contains("org-countries"));
}

/// landscape2's embed data names the organization and falls back to its description.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embeds_name_the_organization() {
    let fake = FakeCrunchbase::start().await;
    let site = build_fixture(Source::Crunchbase(&fake), "").await;
    let file = site.root().join("data/embed_category_platform.json");
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("JSON");
    let items = data["items"].as_array().expect("items");
    let acme = (items.iter())
        .find(|i| i["name"] == "Acme Runtime")
        .expect("Acme Runtime");
    assert_eq!(acme["organization_name"], "Acme <Corp>");
    assert_eq!(acme["description"], "Acme builds <b>runtimes</b>.");
    let no_org = (items.iter())
        .find(|i| i["name"] == "No Org")
        .expect("No Org");
    assert!(no_org.get("organization_name").is_none() && no_org.get("description").is_none());
}
