//! The header's search box on every page but the landscape: a combobox ranked like the
//! explorer, driven by the keyboard, and a plain form to the landscape without a choice.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{assert_no_console_errors, explore, strings, wait_for_value, wait_ready};
use super::scenario;

/// The names the open result list shows, in order (the "all results" entry left out).
const LISTED: &str = "return [...document.querySelectorAll('#site-search-results [role=option] .site-search-name')].map((e) => e.textContent)";

async fn type_in(c: &Client, text: &str) {
    let input = c
        .find(Locator::Id("site-search-input"))
        .await
        .expect("the header's search box");
    input.send_keys(text).await.expect("type");
}

async fn press(c: &Client, key: Key) {
    let input = c
        .find(Locator::Id("site-search-input"))
        .await
        .expect("the header's search box");
    input.send_keys(&key.to_string()).await.expect("press");
}

async fn combobox(c: &Client) -> serde_json::Value {
    c.execute(
        "const i = document.getElementById('site-search-input'), l = document.getElementById('site-search-results');
         const a = i.getAttribute('aria-activedescendant');
         return [i.getAttribute('role'), i.getAttribute('aria-expanded'), i.getAttribute('aria-controls') === l.id, l.getAttribute('role'), l.hidden,
                 a, a && document.getElementById(a).getAttribute('aria-selected')]",
        vec![],
    )
    .await
    .expect("combobox state")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_search_ranks_like_the_explorer_and_opens_items_by_keyboard() {
    scenario(|c, base, _| async move {
        // The explorer's ranking for a query matching every item with a repository.
        explore(&c, &format!("{base}/?view=card&q=org&sort=relevance")).await;
        let ranked = strings(&c, "return [...document.querySelectorAll('#cards .card-name')].map((e) => e.textContent)").await;
        assert!(ranked.len() > 8, "{ranked:?}");
        // The landscape page has one search box: the explorer's.
        let boxes = c.execute("return [document.querySelectorAll('input[type=search]').length, !!document.getElementById('site-search')]", vec![]).await.expect("boxes");
        assert_eq!(boxes, json!([1, false]));

        for page in ["/stats/", "/guide/", "/items/alpha-deploy/", "/projects-summary/"] {
            c.goto(&format!("{base}{page}")).await.expect("open");
            type_in(&c, "org").await;
            assert_eq!(wait_for_value(&c, LISTED, &json!(ranked[..8])).await, json!(ranked[..8]), "ranked as the explorer on {page}");
        }
        assert_eq!(combobox(&c).await, json!(["combobox", "true", true, "listbox", false, null, null]));
        // Arrows move through the list (wrapping), the choice is announced by id.
        press(&c, Key::Down).await;
        assert_eq!(combobox(&c).await, json!(["combobox", "true", true, "listbox", false, "site-search-option-0", "true"]));
        press(&c, Key::Up).await;
        let last = combobox(&c).await;
        assert_eq!(last[5], json!("site-search-option-8"), "up from the first wraps to the last: {last}");
        press(&c, Key::Down).await;
        press(&c, Key::Down).await;
        assert_eq!(combobox(&c).await[5], json!("site-search-option-1"));
        // Escape closes the list and keeps the text.
        press(&c, Key::Escape).await;
        assert_eq!(combobox(&c).await, json!(["combobox", "false", true, "listbox", true, null, null]));
        let value = c.execute("return document.getElementById('site-search-input').value", vec![]).await.expect("value");
        assert_eq!(value, json!("org"));
        // Enter on a chosen item opens its page.
        press(&c, Key::Down).await;
        wait_for_value(&c, LISTED, &json!(ranked[..8])).await;
        press(&c, Key::Down).await;
        press(&c, Key::Down).await;
        press(&c, Key::Enter).await;
        let second = json!(ranked[1]);
        let h1 = "return location.pathname.startsWith('/items/') && document.readyState === 'complete' ? document.querySelector('h1').textContent : null";
        assert_eq!(wait_for_value(&c, h1, &second).await, second, "the second result's page opened");

        // Enter without a choice searches the landscape (`?q=`), whose explorer applies it.
        type_in(&c, "mesh").await;
        wait_for_value(&c, "return document.getElementById('site-search-results').hidden", &json!(false)).await;
        press(&c, Key::Enter).await;
        let landed = "return location.pathname + location.search";
        assert_eq!(wait_for_value(&c, landed, &json!("/?q=mesh")).await, json!("/?q=mesh"));
        wait_ready(&c).await;
        let q = c.execute("return document.getElementById('search').value", vec![]).await.expect("q");
        assert_eq!(q, json!("mesh"));

        // Names are text: markup in one shows as written.
        c.goto(&format!("{base}/stats/")).await.expect("open");
        type_in(&c, "script").await;
        let name = json!(["<script>alert(1)</script>"]);
        assert_eq!(wait_for_value(&c, LISTED, &name).await, name);
        assert!(c.get_alert_text().await.is_err(), "no alert ran");
        assert_no_console_errors(&c, "with the header's search").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_scripts_the_header_search_is_a_form_to_the_landscape() {
    scenario(|c, base, _| async move {
        c.goto(&format!("{base}/guide/")).await.expect("open");
        let form = c
            .execute(
                "const f = document.getElementById('site-search');
                 return [f.getAttribute('action'), f.method, f.elements.q.type, f.querySelector('label').htmlFor]",
                vec![],
            )
            .await
            .expect("form");
        assert_eq!(form, json!(["/", "get", "search", "site-search-input"]));
        // The submit button that pages without scripts show; submitting is the browser's own
        // GET, which the preview's policy (form-action) allows.
        c.execute("document.documentElement.classList.remove('js'); document.getElementById('site-search-input').value = 'proxy'", vec![])
            .await
            .expect("no-script look");
        c.find(Locator::Css(".site-search-go")).await.expect("button").click().await.expect("submit");
        let landed = "return location.pathname + location.search";
        assert_eq!(wait_for_value(&c, landed, &json!("/?q=proxy")).await, json!("/?q=proxy"));
        wait_ready(&c).await;
        assert_no_console_errors(&c, "after the plain form").await;
    })
    .await;
}
