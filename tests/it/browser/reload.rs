//! `landscape serve --watch` reloads the open page after a rebuild, keeping the explorer's
//! state (the URL), and shows a failed rebuild without reloading; the built files never hold
//! the reload script.

use std::path::Path;

use serde_json::json;

use super::harness::{Browser, assert_no_console_errors, find_tools, wait_for_value, wait_ready};
use super::watching::Watching;

/// The page's live-reload stream is open (so a change made now is announced to it).
const CONNECTED: &str = "return document.documentElement.dataset.liveReload === 'on'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_watch_reloads_the_page_after_a_rebuild() {
    let _one = super::LOCK.lock().await;
    let Some(tools) = crate::support::optional("the browser", find_tools()) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = crate::support::data_copy(tmp.path());
    let out = tmp.path().join("site");
    let serve = Watching::start(
        &data.join("landscape.yml"),
        &out,
        &tmp.path().join("cache"),
        &[],
    );
    let base = serve.base.clone();
    let data_file = data.join("landscape.yml");
    let site = out.clone();
    let b = Browser::start(tools).await;
    b.run(move |c| async move {
        c.goto(&format!("{base}/?q=metrics&view=card")).await.expect("open the landscape");
        wait_ready(&c).await;
        assert_eq!(wait_for_value(&c, CONNECTED, &json!(true)).await, json!(true), "the stream opens");
        c.execute("window.before = true", vec![]).await.expect("mark the page");

        let yaml = std::fs::read_to_string(&data_file).expect("landscape.yml");
        std::fs::write(&data_file, yaml.replace("name: Beta Metrics", "name: Gamma Metrics"))
            .expect("edit landscape.yml");
        // The new page: no mark, the new name, the same URL and the explorer state it holds.
        let reloaded = "return !window.before && document.readyState === 'complete' \
            && [...document.querySelectorAll('#cards h3, #cards .card-name')].some((e) => e.textContent.includes('Gamma Metrics'))";
        assert_eq!(wait_for_value(&c, reloaded, &json!(true)).await, json!(true), "the page reloaded with the change");
        wait_ready(&c).await;
        let state = c
            .execute("return [location.search, document.getElementById('search').value, document.querySelector('[data-view=card]').getAttribute('aria-pressed')]", vec![])
            .await
            .expect("state");
        assert_eq!(state, json!(["?q=metrics&view=card", "metrics", "true"]));
        assert_no_console_errors(&c, "after the reload").await;

        // A failed rebuild: the page stays and says so.
        assert_eq!(wait_for_value(&c, CONNECTED, &json!(true)).await, json!(true));
        c.execute("window.before = true", vec![]).await.expect("mark the page");
        std::fs::write(&data_file, "categories: [").expect("break landscape.yml");
        let failed = "const n = document.getElementById('live-reload-failed'); return n ? n.getAttribute('role') + ': ' + n.textContent : null";
        let note = wait_for_value(&c, failed, &json!("alert: The rebuild failed: the terminal running `landscape serve` says why. This page shows the last good build.")).await;
        assert_eq!(note, json!("alert: The rebuild failed: the terminal running `landscape serve` says why. This page shows the last good build."));
        assert_eq!(c.execute("return window.before === true", vec![]).await.expect("mark"), json!(true), "not reloaded");

        assert_no_reload_script(&site);
    })
    .await;
    drop(serve);
}

/// No file of the built site mentions the reload script: it exists only in responses.
fn assert_no_reload_script(site: &Path) {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.expect("walk the site");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read a site file");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(".landscape/") && !text.contains("reload.js"),
            "{}",
            entry.path().display()
        );
        pages += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
    }
    assert!(pages > 5, "the site was walked ({pages} pages)");
}
