//! Settings this generator adds, in the browser, on `tests/fixtures/fields`: archived items
//! start hidden behind a "Show archived" switch kept in the URL; maturity levels with their
//! labels and colours in filters, badges and cards; custom fields on item pages, in the
//! dialog and as filters; category bands that fold on phones by keyboard; several
//! categories stacked in one embed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{assert_no_console_errors, click, explore, strings, text, wait_for_value};
use super::scenario_in;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fields")
}

/// The names of the grid's visible tiles, in page order.
async fn visible_tiles(c: &Client) -> Vec<String> {
    strings(
        c,
        "return [...document.querySelectorAll('#landscape li[data-i]')].filter((li) => li.offsetParent !== null).map((li) => li.querySelector('img').alt)",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archived_items_start_hidden_and_a_switch_in_the_url_shows_them() {
    scenario_in(fixture(), |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        let shown = ["Steady Engine", "Young Engine", "Disk One"];
        assert_eq!(visible_tiles(&c).await, shown, "archived items start hidden");
        let switch = c.find(Locator::Id("show-archived")).await.expect("the switch");
        assert!(switch.is_displayed().await.expect("displayed"), "the switch is visible");
        assert_eq!(
            text(&c, Locator::Css("label.hidden-switch")).await.trim(),
            "Show archived"
        );
        switch.click().await.expect("click");
        let all = json!(["Old Engine", "Steady Engine", "Young Engine", "Disk One"]);
        let script = "return [...document.querySelectorAll('#landscape li[data-i]')].filter((li) => li.offsetParent !== null).map((li) => li.querySelector('img').alt)";
        assert_eq!(wait_for_value(&c, script, &all).await, all);
        let kept = "return location.search.includes('archived=show')";
        assert_eq!(wait_for_value(&c, kept, &json!(true)).await, json!(true), "kept in the URL");
        // The URL alone shows them, with the switch on; back hides them again.
        explore(&c, &format!("{base}/?archived=show")).await;
        assert_eq!(visible_tiles(&c).await.len(), 4);
        let on = "return document.getElementById('show-archived').checked";
        assert_eq!(c.execute(on, vec![]).await.expect("script"), json!(true));
        c.back().await.expect("back");
        super::harness::wait_ready(&c).await;
        assert_eq!(visible_tiles(&c).await, shown);
        assert_no_console_errors(&c, "with archived items hidden and shown").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maturity_levels_name_filters_badges_and_cards_in_their_colours() {
    scenario_in(fixture(), |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        click(&c, Locator::Id("filters-toggle")).await;
        let options = strings(
            &c,
            "return Array.from([...document.querySelectorAll('#filters .facet')].find((f) => f.querySelector('legend').textContent === 'Maturity').querySelectorAll('.option-label'), (o) => o.textContent)",
        )
        .await;
        assert_eq!(options, ["Core project", "Pilot", "Archived", "None"]);
        // landscape2's `project=` names a level by its settings name.
        explore(&c, &format!("{base}/?project=pilot")).await;
        assert_eq!(visible_tiles(&c).await, ["Young Engine"]);
        let chip = text(&c, Locator::Css("#chips .chip")).await;
        assert!(chip.contains("Pilot"), "{chip}");
        // Cards: the level's label, in its colour.
        explore(&c, &format!("{base}/?view=card&project=core")).await;
        let badge = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(".card .maturity"))
            .await
            .expect("a card's maturity");
        assert_eq!(badge.text().await.expect("text"), "Core project");
        let colour = "return getComputedStyle(document.querySelector('.card .maturity')).backgroundColor";
        assert_eq!(
            c.execute(colour, vec![]).await.expect("script"),
            json!("rgb(123, 44, 191)")
        );
        // The item page's badge.
        c.goto(&format!("{base}/items/young-engine/")).await.expect("item page");
        assert_eq!(text(&c, Locator::Css(".badges .maturity")).await, "Pilot");
        let colour = "return getComputedStyle(document.querySelector('.badges .maturity')).backgroundColor";
        assert_eq!(
            c.execute(colour, vec![]).await.expect("script"),
            json!("rgb(255, 209, 102)")
        );
        // Stats count by level, in settings order, under their labels.
        c.goto(&format!("{base}/stats/")).await.expect("stats");
        let stats = text(&c, Locator::Css("body")).await;
        let (core, pilot) = (stats.find("Core project"), stats.find("Pilot"));
        assert!(core.is_some() && core < pilot, "levels in settings order");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_fields_show_on_pages_and_dialogs_escaped_and_filter_the_explorer() {
    scenario_in(fixture(), |c, base, _| async move {
        c.goto(&format!("{base}/items/steady-engine/")).await.expect("item page");
        let rows = strings(
            &c,
            "return [...document.querySelectorAll('.custom-fields .fields > div')].map((d) => d.querySelector('dt').textContent + ': ' + d.querySelector('dd').innerText.replace(/\\n/g, ' '))",
        )
        .await;
        assert_eq!(
            rows,
            [
                "Support tier: gold",
                "SLA (%): 99.9",
                "Documentation: https://docs.steady.example.org",
                "Regions: eu us",
                "Hosted: Yes",
                "Notes: <img src=x onerror=alert(1)>",
            ],
            "declared fields in order, `show_on: []` left out, markup shown as text"
        );
        let link = "return document.querySelector('.field-docs a').href";
        assert_eq!(
            c.execute(link, vec![]).await.expect("script"),
            json!("https://docs.steady.example.org/")
        );
        let images = "return document.querySelectorAll('.custom-fields img').length";
        assert_eq!(c.execute(images, vec![]).await.expect("script"), json!(0));

        // The dialog shows the same fields.
        explore(&c, &format!("{base}/?item=steady-engine")).await;
        let field = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#item-dialog .field-tier dd"))
            .await
            .expect("the dialog's custom fields");
        assert_eq!(field.text().await.expect("text"), "gold");

        // Filterable fields are filters, in the URL as `field-<key>`.
        explore(&c, &format!("{base}/?field-tier=silver")).await;
        assert_eq!(visible_tiles(&c).await, ["Young Engine"], "archived stays hidden");
        explore(&c, &format!("{base}/?field-regions=us&archived=show")).await;
        assert_eq!(visible_tiles(&c).await, ["Old Engine", "Steady Engine"]);
        click(&c, Locator::Id("filters-toggle")).await;
        let legends = strings(
            &c,
            "return [...document.querySelectorAll('#filters .facet legend')].map((l) => l.textContent)",
        )
        .await;
        assert!(
            legends.contains(&"Support tier".to_string()) && legends.contains(&"Regions".to_string()),
            "{legends:?}"
        );
        assert!(!legends.contains(&"SLA (%)".to_string()), "not filterable");
        assert_no_console_errors(&c, "with custom fields").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn category_bands_fold_on_phones_by_keyboard() {
    scenario_in(fixture(), |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        let buttons = "return document.querySelectorAll('#landscape .category-fold').length";
        assert_eq!(c.execute(buttons, vec![]).await.expect("script"), json!(0), "wide: plain titles");
        c.set_window_size(400, 900).await.expect("phone width");
        assert_eq!(wait_for_value(&c, buttons, &json!(2)).await, json!(2));
        let button = c
            .find(Locator::Css("#storage .category-fold"))
            .await
            .expect("Storage's fold button");
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&button).expect("el")])
            .await
            .expect("focus");
        button.send_keys(&Key::Enter.to_string()).await.expect("enter");
        let state = "const b = document.querySelector('#storage .category-fold'); return [b.getAttribute('aria-expanded'), getComputedStyle(document.querySelector('#storage .subcategories')).display === 'none']";
        assert_eq!(
            wait_for_value(&c, state, &json!(["false", true])).await,
            json!(["false", true])
        );
        assert_eq!(visible_tiles(&c).await, ["Steady Engine", "Young Engine"]);
        button.send_keys(" ").await.expect("space");
        assert_eq!(
            wait_for_value(&c, state, &json!(["true", false])).await,
            json!(["true", false])
        );
        c.set_window_size(1280, 900).await.expect("wide again");
        assert_eq!(wait_for_value(&c, buttons, &json!(0)).await, json!(0));
        let title = text(&c, Locator::Css("#storage .category-title")).await;
        assert_eq!(title, "Storage", "the plain title is back");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_embedded_categories_stack_in_the_order_named() {
    scenario_in(fixture(), |c, base, _| async move {
        c.goto(&format!("{base}/embed/stack.html?categories=storage,Runtime"))
            .await
            .expect("stack page");
        let bands = "return [...document.querySelectorAll('#embed-stack section.category')].map((s) => s.querySelector('.category-title').textContent)";
        let order = json!(["Storage", "Runtime"]);
        assert_eq!(wait_for_value(&c, bands, &order).await, order);
        let tops = "const s = [...document.querySelectorAll('#embed-stack section.category')]; return s.length === 2 && s[0].getBoundingClientRect().bottom <= s[1].getBoundingClientRect().top";
        assert_eq!(c.execute(tops, vec![]).await.expect("script"), json!(true), "one under another");
        // The configurator's `?category=` URL, repeated, leads there.
        c.goto(&format!("{base}/embed/?category=Runtime&category=Storage"))
            .await
            .expect("embed index");
        let order = json!(["Runtime", "Storage"]);
        assert_eq!(wait_for_value(&c, bands, &order).await, order);
        // Unknown names say so.
        c.goto(&format!("{base}/embed/stack.html?categories=nothing"))
            .await
            .expect("stack page");
        let unknown = "return !document.getElementById('embed-stack-unknown').hidden";
        assert_eq!(wait_for_value(&c, unknown, &json!(true)).await, json!(true));
        // One category keeps its own page, as before.
        c.goto(&format!("{base}/embed/?category=Storage")).await.expect("embed index");
        let path = "return location.pathname";
        let want = json!("/embed/storage/");
        assert_eq!(wait_for_value(&c, path, &want).await, want);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_fields_show_on_cards_and_hover_cards_as_settings_say() {
    scenario_in(fixture(), |c, base, _| async move {
        // `tier` is shown on cards; `notes` only on hover cards, never as markup.
        explore(&c, &format!("{base}/?view=card")).await;
        let cards = "return [...document.querySelectorAll('#cards .card')].map((k) => k.querySelector('.card-name').textContent + ' |' + [...k.querySelectorAll('.card-fields > *')].map((e) => ' ' + e.textContent).join(''))";
        let want = json!(["Disk One |", "Steady Engine | Support tier gold", "Young Engine | Support tier silver"]);
        assert_eq!(wait_for_value(&c, cards, &want).await, want);
        explore(&c, &format!("{base}/")).await;
        let tile = c
            .find(Locator::Css("#landscape li[data-i] a[href$='/steady-engine/']"))
            .await
            .expect("the tile");
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: tile,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        c.perform_actions(hover).await.expect("pointer over the tile");
        let fields = "const h = document.getElementById('hovercard'); return h.hidden ? null : [...h.querySelectorAll('.hovercard-fields > *')].map((e) => e.textContent)";
        let want = json!(["Support tier", "gold", "Notes", "<img src=x onerror=alert(1)>"]);
        assert_eq!(wait_for_value(&c, fields, &want).await, want);
        let markup = "return document.querySelectorAll('#hovercard img[src=x]').length";
        assert_eq!(c.execute(markup, vec![]).await.expect("script"), json!(0));
        assert_no_console_errors(&c, "with custom fields on cards").await;
    })
    .await;
}
