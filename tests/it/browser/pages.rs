//! The other pages in the browser: embeds, stats, an item page, markup in a name, and the
//! preview server's content security policy.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::support::file_server::FileServer;

use super::harness::{
    assert_no_console_errors, click, console_errors, explore, strings, text, wait_for_value,
};
use super::scenario;

/// Fails if a JavaScript dialog (alert) is showing.
async fn assert_no_alert(c: &Client, when: &str) {
    if let Ok(text) = c.get_alert_text().await {
        panic!("an alert ran {when}: {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embed_renders_one_category_and_reports_its_height() {
    scenario(|c, base, _| async move {
        // A page of another site, embedding the landscape with the snippet /embed/ gives, and
        // trying to frame the landscape's home page, which must refuse.
        // Served from an origin of its own (another port), with none of the preview server's
        // headers.
        let host = FileServer::start("/host.html", "text/html; charset=utf-8", format!(
            r#"<!DOCTYPE html><title>host</title><link rel="icon" href="data:,"><iframe id="f" src="{base}/embed/?category=runtime" style="width:900px;height:50px;border:0"></iframe><iframe id="g" src="{base}/"></iframe>
<script>window.heights = []; addEventListener("message", (e) => {{ if (e.data?.type !== "landscape:height") return;
for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) {{ f.style.height = e.data.height + "px"; heights.push(e.data.height); }} }});</script>"#,
        )).await;
        c.goto(host.url()).await.expect("open host");
        let tall = "return window.heights.length > 0 && document.getElementById('f').getBoundingClientRect().height > 120";
        assert_eq!(wait_for_value(&c, tall, &json!(true)).await, json!(true), "the iframe was resized");
        c.enter_frame(0).await.expect("into the iframe");
        let path = "return location.pathname";
        assert_eq!(wait_for_value(&c, path, &json!("/embed/runtime/")).await, json!("/embed/runtime/"));
        let cats = strings(&c, "return [...document.querySelectorAll('.category-title')].map((e) => e.textContent)").await;
        assert_eq!(cats, ["Runtime"]);
        let mut tiles = strings(&c, "return [...document.querySelectorAll('li[data-i] img')].map((e) => e.alt)").await;
        tiles.sort();
        assert_eq!(tiles, ["Eta Disk", "Iota Proxy", "Nu Tunnel", "Theta Mesh", "Zeta Store"]);
        let reported = c.execute("return Math.ceil(document.documentElement.getBoundingClientRect().height)", vec![]).await.expect("height");
        c.enter_parent_frame().await.expect("back to the host");
        // Messages cross frames asynchronously: wait for the latest one to arrive.
        let last = wait_for_value(&c, "return window.heights[window.heights.length - 1]", &reported).await;
        assert_eq!(last, reported, "the last reported height is the page's height");
        // The home page refused the frame: Chromium shows its error page there instead.
        c.enter_frame(1).await.expect("into the second iframe");
        let refused = json!("chrome-error://chromewebdata/");
        assert_eq!(wait_for_value(&c, "return location.href", &refused).await, refused);
        c.enter_parent_frame().await.expect("back to the host");
        let errors = console_errors(&c).await;
        let why = format!("Framing '{base}/' violates the following Content Security Policy directive: \"frame-ancestors 'none'\"");
        assert!(errors.len() == 1 && errors[0].contains(&why), "{errors:#?}");

        // A subcategory, names in any case.
        c.goto(&format!("{base}/embed/?category=RUNTIME&subcategory=network")).await.expect("open");
        assert_eq!(wait_for_value(&c, path, &json!("/embed/runtime/network/")).await, json!("/embed/runtime/network/"));
        let subs = strings(&c, "return [...document.querySelectorAll('.subcategory-title')].map((e) => e.firstChild.textContent.trim())").await;
        assert_eq!(subs, ["Network"]);
        assert_no_console_errors(&c, "on the embeds").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_page_shows_its_charts() {
    scenario(|c, base, _| async move {
        c.goto(&format!("{base}/stats/")).await.expect("open");
        let ids = strings(&c, "return [...document.querySelectorAll('figure.chart-card')].map((f) => f.id)").await;
        for id in ["categories", "maturity", "accepted", "licenses", "languages", "stars", "activity"] {
            assert!(ids.iter().any(|i| i == id), "chart {id} missing from {ids:?}");
        }
        let bars = c.execute("return document.querySelectorAll('#categories rect.bar').length", vec![]).await.expect("bars");
        assert_eq!(bars, json!(3), "one bar per category");
        let width = c.execute("return document.querySelector('#activity svg').getBoundingClientRect().width", vec![]).await.expect("width");
        assert!(width.as_f64().unwrap_or(0.0) > 200.0, "the activity chart is drawn: {width}");
        let area = c.execute("return document.querySelectorAll('#activity path.area').length", vec![]).await.expect("area");
        assert_eq!(area, json!(1));
        let starred = c.execute("return [...document.querySelectorAll('#stars rect.bar')].map((r) => r.querySelector('title').textContent)", vec![]).await.expect("stars");
        assert!(starred.as_array().is_some_and(|a| a.len() == 7), "{starred}");
        assert_no_console_errors(&c, "on the stats page").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_name_never_runs() {
    scenario(|c, base, _| async move {
        let name = "<script>alert(1)</script>";
        explore(&c, &format!("{base}/?view=card&q=markup")).await;
        assert_no_alert(&c, "on the explorer").await;
        let cards = strings(&c, "return [...document.querySelectorAll('#cards .card-name')].map((e) => e.textContent)").await;
        assert_eq!(cards, [name]);
        click(&c, Locator::Css("#cards a.card-link")).await;
        let h1 = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#item-dialog article h1"))
            .await
            .expect("dialog");
        assert_eq!(h1.text().await.expect("text"), name);
        assert_no_alert(&c, "in the dialog").await;
        // The grid tile and the item page show it as text too.
        explore(&c, &format!("{base}/?q=script")).await;
        // Tiles far from the viewport may catch up when idle: wait for them.
        let alts = wait_for_value(&c, "return [...document.querySelectorAll('#landscape li[data-i]')].filter((li) => li.checkVisibility()).map((li) => li.querySelector('img').alt)", &json!([name])).await;
        assert_eq!(alts, json!([name]));
        c.goto(&format!("{base}/items/script-alert-1-script/")).await.expect("item page");
        assert_eq!(text(&c, Locator::Css("h1")).await, name);
        assert_no_alert(&c, "on the item page").await;
        let scripts = c.execute("return document.querySelectorAll('script:not([src])').length", vec![]).await.expect("scripts");
        assert_eq!(scripts, json!(1), "only the page's own inline script");
        assert_no_console_errors(&c, "with markup in a name").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_runs_under_the_preview_policy_and_nothing_else_does() {
    scenario(|c, base, root| async move {
        // Pages the other tests do not open; the policy allows what each needs (the console
        // would show a refusal), and the inline script of base.html runs by its hash.
        for path in ["/guide/", "/embed/", "/no/such/page", "/items/alpha-deploy/"] {
            c.goto(&format!("{base}{path}")).await.expect("open");
            let js = c.execute("return document.documentElement.classList.contains('js')", vec![]).await.expect("script");
            assert_eq!(js, json!(true), "the inline script ran on {path}");
            let errors = console_errors(&c).await;
            // The one error of the 404 page is its own status.
            let expected = usize::from(path == "/no/such/page");
            assert!(errors.len() == expected && errors.iter().all(|e| e.contains("status of 404")), "on {path}: {errors:#?}");
        }
        // An inline script the templates do not hold is refused.
        std::fs::write(root.join("probe.html"), r#"<!DOCTYPE html><title>probe</title><link rel="icon" href="data:,"><script>window.ran = true</script>"#).expect("probe page");
        c.goto(&format!("{base}/probe.html")).await.expect("open probe");
        let ran = c.execute("return window.ran === true", vec![]).await.expect("script");
        assert_eq!(ran, json!(false), "an unknown inline script ran");
        let errors = console_errors(&c).await;
        assert!(errors.len() == 1 && errors[0].contains("Content Security Policy"), "{errors:#?}");
    })
    .await;
}
