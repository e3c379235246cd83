//! landscape2's embed URLs (`embed/embed.html?classify=…&key=…`) on one site built from
//! `tests/fixtures/compat` (plus an item whose name is markup): the selection, the look (box
//! sizes and gaps measured in the browser), hostile parameters and names, item links and
//! details over a host page, iframe-resizer, and the configurator's snippet and preview.

mod hosted;
mod views;

use std::path::PathBuf;

use fantoccini::Client;
use serde_json::{Value, json};

use super::harness::{console_errors, strings, wait_for_value};
use super::scenario_in;
use super::site::compat_fixture;

const ADD: &str = "app-definition-and-development";
const OM: &str = "orchestration-management";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landscape2_embeds_on_the_compat_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = with_markup_name(dir.path());
    scenario_in(data, |c, base, _| async move {
        let (c, base) = (&c, base.as_str());
        // Each part reads the console errors of its own pages only.
        let fresh = || async { console_errors(c).await };
        fresh().await;
        views::category_and_subcategory_keys_show_landscape2s_sections(c, base).await;
        views::maturity_tag_and_several_categories(c, base).await;
        views::styles_and_sizes_measure_as_landscape2s(c, base).await;
        views::titles_names_and_colours_follow_the_parameters(c, base).await;
        views::hostile_parameters_reach_no_css(c, base).await;
        views::names_with_markup_are_shown_as_text(c, base).await;
        views::item_links_open_the_item_by_its_landscape2_id(c, base).await;
        fresh().await;
        hosted::a_pasted_card_view_shows_item_details_over_the_host_page(c, base).await;
        hosted::iframe_resizer_and_height_messages_size_the_host_iframe(c, base).await;
        hosted::old_style_embed_urls_still_lead_to_their_page(c, base).await;
        fresh().await;
        hosted::the_configurator_writes_landscape2s_snippet_and_previews_it(c, base).await;
    })
    .await;
}

/// The compat fixture plus an item whose name is markup, in `dir`.
fn with_markup_name(dir: &std::path::Path) -> PathBuf {
    let data = dir.join("data");
    crate::support::copy_dir(&compat_fixture(), &data);
    crate::support::site::edit_data(
        &data,
        "          - item:\n            name: Endress+Hauser (x)",
        "          - item:\n            name: '<img src=x onerror=\"window.pwned=1\"><b>Bold</b>'\n            homepage_url: https://markup.example.org/\n            logo: endress.svg\n            description: '<script>window.pwned=2</script>'\n          - item:\n            name: Endress+Hauser (x)",
    );
    data
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Opens `embed/embed.html?<query>` and waits until it has drawn (`state`: "ready" or
/// "invalid").
async fn open_as(c: &Client, base: &str, query: &str, state: &str) {
    let url = format!("{base}/embed/embed.html?{query}");
    c.goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    let got = wait_for_value(c, STATE, &json!(state)).await;
    assert_eq!(got, json!(state), "{url}");
}

const STATE: &str =
    "return document.getElementById('landscape-embeddable-view')?.dataset.state ?? null";

async fn open(c: &Client, base: &str, query: &str) {
    open_as(c, base, query, "ready").await;
}

async fn titles(c: &Client) -> Vec<String> {
    strings(
        c,
        "return [...document.querySelectorAll('.l2e-title')].map((e) => e.textContent)",
    )
    .await
}

async fn subtitles(c: &Client) -> Vec<String> {
    strings(
        c,
        "return [...document.querySelectorAll('.l2e-subtitle')].map((e) => e.textContent)",
    )
    .await
}

/// Item names per grid (or card list), in the order shown.
async fn sections(c: &Client) -> Vec<Vec<String>> {
    let v = js(c, "return [...document.querySelectorAll('.l2e-grid, .l2e-cards')].map((g) => [...g.querySelectorAll('img')].map((i) => i.alt.replace(/ logo$/, '')))").await;
    serde_json::from_value(v).expect("lists of names")
}

/// The first tile's size and the gap to the second, in CSS pixels.
async fn box_and_gap(c: &Client) -> (f64, f64, f64) {
    let v = js(c, "const [a, b] = document.querySelectorAll('.l2e-item'); const r = a.getBoundingClientRect(); return [r.width, r.height, b.getBoundingClientRect().left - r.right]").await;
    let v: Vec<f64> = serde_json::from_value(v).expect("numbers");
    (v[0], v[1], v[2])
}

async fn style_of(c: &Client, selector: &str, property: &str) -> String {
    let v = js(c, &format!("return getComputedStyle(document.querySelector({selector:?})).getPropertyValue({property:?})")).await;
    v.as_str().unwrap_or_default().to_string()
}
