//! Accessibility checked in the browser: axe-core (pinned in tests/axe/package.json,
//! installed by `npm ci --prefix tests/axe`) audits every kind of page and finds no serious
//! or critical violation; the main controls are reachable and usable by keyboard.

use std::path::{Path, PathBuf};

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::harness::{explore, wait_for_value, wait_ready};
use super::scenario;

/// axe-core's browser build, under the skip policy.
fn axe_source() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    let found = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e} (install it with `npm ci --prefix tests/axe`)",
            PathBuf::from(&path).display()
        )
    });
    crate::support::optional("axe-core", found)
}

/// Runs axe on the open page; the serious and critical violations, one line each (rule id,
/// impact, the elements).
async fn audit(c: &Client, axe: &str) -> Vec<String> {
    // WebDriver scripts run outside the page's content security policy.
    c.execute(&format!("{axe}\n;return true"), vec![])
        .await
        .expect("axe loads");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(
               (r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)),
               (e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    serde_json::from_value(found).expect("a list of violations")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_passes_axe_without_serious_violations() {
    let Some(axe) = axe_source() else {
        return;
    };
    scenario(|c, base, _| async move {
        every_page_passes(&c, &base, &axe, "").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_passes_axe_in_dark_mode_too() {
    let Some(axe) = axe_source() else {
        return;
    };
    super::scenario_with_flags(&["--force-dark-mode"], |c, base, _| async move {
        c.goto(&format!("{base}/")).await.expect("open");
        let dark = "return matchMedia('(prefers-color-scheme: dark)').matches";
        assert_eq!(
            wait_for_value(&c, dark, &json!(true)).await,
            json!(true),
            "the browser prefers dark"
        );
        every_page_passes(&c, &base, &axe, " in dark mode").await;
    })
    .await;
}

/// Audits every kind of page of the fixture site, and the header search with its list
/// open, and fails on any serious or critical violation, each named by page.
async fn every_page_passes(c: &Client, base: &str, axe: &str, mode: &str) {
    let mut failures = Vec::new();
    let pages: &[(&str, &str)] = &[
        ("landscape (grid)", "/"),
        ("card view", "/?view=card"),
        ("item dialog", "/?item=alpha-deploy"),
        ("item page", "/items/alpha-deploy/"),
        ("stats", "/stats/"),
        ("guide", "/guide/"),
        ("embed configurator", "/embed/"),
        (
            "embedded view",
            "/embed/embed.html?key=runtime&classify=category",
        ),
        ("embedded category", "/embed/?category=runtime"),
        ("projects", "/projects-summary/"),
        ("not found", "/no/such/page"),
    ];
    for (what, path) in pages {
        c.goto(&format!("{base}{path}")).await.expect("open");
        if path.starts_with("/?") || *path == "/" {
            wait_ready(c).await;
        }
        if path.contains("item=") {
            let open = "return document.getElementById('item-dialog').open && !!document.querySelector('#item-dialog article h1')";
            assert_eq!(
                wait_for_value(c, open, &json!(true)).await,
                json!(true),
                "the dialog opens"
            );
        }
        let found = audit(c, axe).await;
        failures.extend(found.into_iter().map(|v| format!("{what} ({path}): {v}")));
    }
    // The header's search with its result list open.
    c.goto(&format!("{base}/stats/")).await.expect("open");
    let input = c
        .find(Locator::Id("site-search-input"))
        .await
        .expect("search box");
    input.send_keys("org").await.expect("type");
    input
        .send_keys(&Key::Down.to_string())
        .await
        .expect("choose");
    let listed = "return !!document.getElementById('site-search-input').getAttribute('aria-activedescendant')";
    assert_eq!(wait_for_value(c, listed, &json!(true)).await, json!(true));
    let found = audit(c, axe).await;
    failures.extend(
        found
            .into_iter()
            .map(|v| format!("header search, open: {v}")),
    );
    assert!(
        failures.is_empty(),
        "axe found serious or critical violations{mode}:\n{}",
        failures.join("\n")
    );
}

/// The element that has the focus: its id, else its tag and text.
async fn focused(c: &Client) -> String {
    let v = c
        .execute(
            "const e = document.activeElement;
             return e.id || `${e.tagName.toLowerCase()}:${(e.getAttribute('aria-label') || e.textContent).trim().slice(0, 40)}`",
            vec![],
        )
        .await
        .expect("focus");
    v.as_str().unwrap_or_default().to_owned()
}

async fn key(c: &Client, key: Key) {
    c.active_element()
        .await
        .expect("focus")
        .send_keys(&key.to_string())
        .await
        .expect("key");
}

/// Tabs forward until `stop` (a function body) holds for the focused element; the focused
/// elements on the way.
async fn tab_until(c: &Client, stop: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..80 {
        key(c, Key::Tab).await;
        seen.push(focused(c).await);
        let done = c.execute(stop, vec![]).await.expect("stop test");
        if done == Value::Bool(true) {
            return seen;
        }
    }
    panic!("never reached ({stop}) by Tab: {seen:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_controls_work_from_the_keyboard() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        // Forward from the top of the page: skip link, header, then the explorer's controls
        // in order, up to the first tile.
        c.execute("document.activeElement?.blur(); window.scrollTo(0, 0)", vec![]).await.expect("reset");
        let seen = tab_until(&c, "return !!document.activeElement.closest('#landscape li[data-i]')").await;
        for control in ["a:Skip to content", "search", "filters-toggle", "button:Grid", "button:Cards"] {
            assert!(seen.iter().any(|s| s == control), "{control} not reached by Tab: {seen:#?}");
        }
        // The skip link leads to the content.
        c.execute("document.querySelector('.skip').focus()", vec![]).await.expect("focus skip");
        key(&c, Key::Enter).await;
        assert_eq!(c.execute("return location.hash", vec![]).await.expect("hash"), json!("#main"));

        // Search: `/` focuses it, typing filters.
        c.execute("document.activeElement?.blur()", vec![]).await.expect("blur");
        c.find(Locator::Css("body")).await.expect("body").send_keys("/").await.expect("slash");
        assert_eq!(focused(&c).await, "search");
        key(&c, Key::Escape).await;

        // Filters: Enter opens the panel, Space ticks an option, the count follows.
        c.execute("document.getElementById('filters-toggle').focus()", vec![]).await.expect("focus");
        key(&c, Key::Enter).await;
        let expanded = "return document.getElementById('filters-toggle').getAttribute('aria-expanded')";
        assert_eq!(wait_for_value(&c, expanded, &json!("true")).await, json!("true"));
        let before = c.execute("return document.getElementById('count').textContent", vec![]).await.expect("count");
        let seen = tab_until(&c, "return document.activeElement.matches('#filters input[type=checkbox]')").await;
        assert!(!seen.is_empty());
        key(&c, Key::Space).await;
        // The focus stays on the option as the list is redrawn.
        let ticked = "return document.activeElement.matches('#filters input[type=checkbox]') && document.activeElement.checked";
        assert_eq!(wait_for_value(&c, ticked, &json!(true)).await, json!(true));
        let changed = format!("return document.getElementById('count').textContent !== {before}");
        assert_eq!(wait_for_value(&c, &changed, &json!(true)).await, json!(true), "the filter applied");
        key(&c, Key::Space).await;
        let unticked = "return document.activeElement.matches('#filters input[type=checkbox]') && !document.activeElement.checked";
        assert_eq!(wait_for_value(&c, unticked, &json!(true)).await, json!(true));

        // Views: Space on "Cards" switches, then Enter on a card opens the dialog with the
        // focus in it, Escape closes it.
        c.execute("document.querySelector('[data-view=card]').focus()", vec![]).await.expect("focus");
        key(&c, Key::Space).await;
        let cards = "return !document.getElementById('cards').hidden && document.querySelectorAll('#cards a.card-link').length > 0";
        assert_eq!(wait_for_value(&c, cards, &json!(true)).await, json!(true), "the card view shows");
        // Sort: a select, changed by arrow keys (before the dialog, whose closing puts the
        // focus back on a card).
        c.execute("document.getElementById('sort').focus()", vec![]).await.expect("focus sort");
        let sort = c.execute("return document.getElementById('sort').value", vec![]).await.expect("sort");
        key(&c, Key::Down).await;
        let moved = format!("return document.getElementById('sort').value !== {sort} && location.search.includes('sort=')");
        assert_eq!(wait_for_value(&c, &moved, &json!(true)).await, json!(true), "the sort changed by keyboard");
        tab_until(&c, "return document.activeElement.matches('#cards a.card-link')").await;
        key(&c, Key::Enter).await;
        let open = "return document.getElementById('item-dialog').open && document.getElementById('item-dialog').contains(document.activeElement)";
        assert_eq!(wait_for_value(&c, open, &json!(true)).await, json!(true), "the dialog opens with the focus in it");
        key(&c, Key::Escape).await;
        let closed = "return !document.getElementById('item-dialog').open";
        assert_eq!(wait_for_value(&c, closed, &json!(true)).await, json!(true));
        // Once the URL has dropped the item (history back, the cards redrawn), the focus is
        // on a card again, where the keyboard user left off.
        let back = "return !location.search.includes('item=') && document.activeElement.matches('#cards a.card-link')";
        assert_eq!(wait_for_value(&c, back, &json!(true)).await, json!(true), "the focus returns to a card");

    })
    .await;
}
