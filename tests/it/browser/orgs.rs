//! The organization side of the site in the browser: the organizations fixture built with a
//! fake Crunchbase (tests/it/org_site), its item dialog's organization section, the country
//! and organization type filters, the funding sort and the finances page.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use super::harness::{
    assert_no_console_errors, click, explore, select, strings, text, wait_for_value,
};
use super::{scenario_site, site};
use crate::org_site::{FakeCrunchbase, Source, build_fixture};

/// The organizations fixture built with the fake Crunchbase's data, served.
async fn served() -> site::Site {
    let fake = FakeCrunchbase::start().await;
    let built = build_fixture(Source::Crunchbase(&fake), "").await;
    let out = built.root();
    site::serve(built.dir, &out)
}

const CARD_NAMES: &str =
    "return [...document.querySelectorAll('#cards .card-name')].map((e) => e.textContent)";
const COUNT: &str = "return document.getElementById('count').textContent";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialog_shows_the_organization_with_its_rounds() {
    scenario_site(served(), |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        click(&c, Locator::Css("#landscape li[data-i] a:has(img[alt='Acme Runtime'])")).await;
        let section = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#item-dialog .organization-data"))
            .await
            .expect("the organization section in the dialog");
        let shown = section.text().await.expect("text");
        for want in ["Acme <Corp>", "San Francisco, California, United States", "$150M", "1,001 - 5,000", "ACME"] {
            assert!(shown.contains(want), "{want:?} not in {shown:?}");
        }
        let rounds = strings(
            &c,
            "return [...document.querySelectorAll('#item-dialog .org-rounds tbody tr')].map((r) => r.cells[0].textContent + ' ' + r.cells[1].textContent + ' ' + r.cells[2].textContent)",
        )
        .await;
        assert_eq!(rounds, ["2021-09-15 Series B $100M", "2019-05-01 Series A $50M"]);
        let credit = c
            .find(Locator::Css("#item-dialog .org-source a"))
            .await
            .expect("the source credit");
        assert_eq!(
            credit.attr("href").await.expect("href").as_deref(),
            Some("https://www.crunchbase.com/organization/acme-corp")
        );
        // The item has no description: its organization's shows, as text.
        let description = text(&c, Locator::Css("#item-dialog .description")).await;
        assert_eq!(description, "Acme builds <b>runtimes</b>.");
        assert_no_console_errors(&c, "with the organization dialog").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn country_and_type_filters_count_and_narrow() {
    scenario_site(served(), |c, base, _| async move {
        explore(&c, &format!("{base}/?view=card")).await;
        click(&c, Locator::Id("filters-toggle")).await;
        let options = strings(
            &c,
            "return [...document.querySelectorAll('#filters fieldset')].filter((f) => f.querySelector('legend').textContent === 'Country').flatMap((f) => [...f.querySelectorAll('label')].map((l) => l.textContent))",
        )
        .await;
        assert_eq!(options, ["United States2", "Germany1"]);
        click(
            &c,
            Locator::XPath("//fieldset[legend='Country']//label[span='United States']/input"),
        )
        .await;
        assert_eq!(wait_for_value(&c, COUNT, &json!("2 of 5 items")).await, json!("2 of 5 items"));
        let names = strings(&c, CARD_NAMES).await;
        assert_eq!(names, ["Acme Proxy", "Acme Runtime"]);
        let kept = "return location.search.includes('country=United+States')";
        assert_eq!(wait_for_value(&c, kept, &json!(true)).await, json!(true), "kept in the URL");
        // The organization type counts follow the country chosen.
        let types = strings(
            &c,
            "return [...document.querySelectorAll('#filters fieldset')].filter((f) => f.querySelector('legend').textContent === 'Organization type').flatMap((f) => [...f.querySelectorAll('label')].map((l) => l.textContent))",
        )
        .await;
        assert_eq!(types, ["For profit2", "Non-profit0"]);

        // landscape2's parameter and value.
        explore(&c, &format!("{base}/?view-mode=card&org-type=non_profit")).await;
        assert_eq!(wait_for_value(&c, COUNT, &json!("1 of 5 items")).await, json!("1 of 5 items"));
        assert_eq!(strings(&c, CARD_NAMES).await, ["Globex Mesh"]);
        assert_no_console_errors(&c, "while filtering by organization").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn funding_sort_orders_the_cards() {
    scenario_site(served(), |c, base, _| async move {
        explore(&c, &format!("{base}/?view=card")).await;
        select(&c, "sort", "funding").await;
        // Most funding first, ties by name, items without funding last.
        let want = ["Acme Proxy", "Acme Runtime", "Globex Mesh", "Initech Store", "No Org"];
        assert_eq!(wait_for_value(&c, CARD_NAMES, &json!(want)).await, json!(want));
        let funding = strings(
            &c,
            "return [...document.querySelectorAll('#cards .card-funding')].map((e) => e.textContent)",
        )
        .await;
        assert_eq!(funding, ["$150M", "$150M", "$2M"]);
        let kept = "return location.search.includes('sort=funding')";
        assert_eq!(wait_for_value(&c, kept, &json!(true)).await, json!(true), "kept in the URL");
        // Turned round: least first, still without funding last.
        click(&c, Locator::Id("sort-dir")).await;
        let asc = ["Globex Mesh", "Acme Proxy", "Acme Runtime", "Initech Store", "No Org"];
        assert_eq!(wait_for_value(&c, CARD_NAMES, &json!(asc)).await, json!(asc));
        // landscape2's link to the same order.
        explore(&c, &format!("{base}/?view-mode=card&sort-by=funding&sort-direction=desc")).await;
        assert_eq!(strings(&c, CARD_NAMES).await, want);
        assert_no_console_errors(&c, "while sorting by funding").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finances_page_shows_charts_and_lists() {
    scenario_site(served(), |c, base, _| async move {
        c.goto(&format!("{base}/stats/")).await.expect("open stats");
        click(&c, Locator::Css(".site-nav a[href='/finances/']")).await;
        let path = "return location.pathname";
        assert_eq!(wait_for_value(&c, path, &json!("/finances/")).await, json!("/finances/"));
        let ids = strings(&c, "return [...document.querySelectorAll('figure.chart-card')].map((f) => f.id)").await;
        for id in ["raised-per-year", "rounds-per-year", "acquisitions-per-year", "funding-by-category", "raised-by-type"] {
            assert!(ids.iter().any(|i| i == id), "chart {id} missing from {ids:?}");
        }
        // Drawn, one column per year from 2019 to 2021.
        let width = c
            .execute("return document.querySelector('#raised-per-year svg').getBoundingClientRect().width", vec![])
            .await
            .expect("width");
        assert!(width.as_f64().unwrap_or(0.0) > 200.0, "{width}");
        let bars = c
            .execute("return document.querySelectorAll('#raised-per-year rect.bar').length", vec![])
            .await
            .expect("bars");
        assert_eq!(bars, json!(3));
        let rows = strings(
            &c,
            "return [...document.querySelectorAll('.finance-rounds tbody tr')].map((r) => r.cells[0].textContent + ' ' + r.cells[1].textContent + ' ' + r.cells[3].textContent)",
        )
        .await;
        assert_eq!(
            rows,
            ["2021-09-15 Acme <Corp> $100M", "2020-03-03 Globex $2M", "2019-05-01 Acme <Corp> $50M"]
        );
        // An organization links to its item.
        click(&c, Locator::Css(".finance-acquisitions tbody a")).await;
        assert_eq!(
            wait_for_value(&c, path, &json!("/items/acme-runtime/")).await,
            json!("/items/acme-runtime/")
        );
        // landscape2's path to the acquisitions lands on them.
        c.goto(&format!("{base}/acquisitions/")).await.expect("open");
        let target = "return location.pathname + location.hash";
        let want = json!("/finances/#acquisitions");
        assert_eq!(wait_for_value(&c, target, &want).await, want);
        assert_no_console_errors(&c, "on the finances page").await;
    })
    .await;
}
