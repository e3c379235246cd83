//! Settings' banners and the projects table in the browser: the message of the day stays
//! dismissed, the event banner leaves once its end day has passed by the reader's clock, and
//! the projects table sorts by column. Sites built from `tests/fixtures/compat`.

use std::net::SocketAddr;
use std::path::Path;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{self, assert_no_console_errors, click, strings};
use crate::support::site::options;
use landscape::serve::{ServeOptions, ServerHandle, start};

const MOTD: &str = "header:\n  motd: \"Hello **readers**\"\n";

/// Builds the compat fixture with `extra` settings for the day `today` into `dir/site` and
/// serves it.
fn serve(dir: &Path, extra: &str, today: &str) -> ServerHandle {
    let data = dir.join("data");
    crate::support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat"),
        &data,
    );
    let settings = data.join("settings.yml");
    let text = std::fs::read_to_string(&settings).expect("settings") + extra;
    std::fs::write(&settings, text).expect("write settings");
    let out = dir.join("site");
    let mut opts = options(&data, &out);
    opts.today = NaiveDate::parse_from_str(today, "%Y-%m-%d").ok();
    landscape::site::build(&opts).expect("the compat site builds");
    let mut serve = ServeOptions::new(&out, SocketAddr::from(([127, 0, 0, 1], 0)));
    serve.log_requests = false;
    start(&serve).expect("server starts")
}

async fn count(c: &Client, selector: &str) -> serde_json::Value {
    c.execute(
        &format!("return document.querySelectorAll({selector:?}).length"),
        vec![],
    )
    .await
    .expect("script runs")
}

/// The projects' names in table order.
async fn projects(c: &Client) -> Vec<String> {
    strings(c, "return [...document.querySelectorAll('#projects-table tbody tr')].map((r) => r.cells[0].querySelector('a').textContent)").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn banners_are_dismissed_and_dated_and_projects_sort() {
    let _one = super::LOCK.lock().await;
    let Some(tools) = crate::support::optional("the browser", harness::find_tools()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    // An event that ends far in the future, and one whose end (2001) any reader's clock
    // has passed although the site was built before it: the page holds its banner.
    let (current, past) = (dir.path().join("current"), dir.path().join("past"));
    let event = |end: &str| {
        format!("upcoming_event:\n  name: Con\n  start: \"2000-06-01\"\n  end: \"{end}\"\n")
    };
    let current = serve(
        &current,
        &format!("{MOTD}{}", event("2999-12-31")),
        "2000-01-01",
    );
    let past_server = serve(&past, &event("2001-01-02"), "2000-01-01");
    let past_html = std::fs::read_to_string(past.join("site/index.html")).expect("index");
    assert!(
        past_html.contains("event-banner"),
        "built before the end, the page holds the banner"
    );
    let (now, then) = (
        format!("http://{}", current.addr()),
        format!("http://{}", past_server.addr()),
    );

    let b = harness::Browser::start(tools).await;
    b.run(move |c| async move {
        c.goto(&format!("{now}/")).await.expect("open");
        assert_eq!(count(&c, ".banner.motd").await, json!(1));
        assert_eq!(
            count(&c, ".event-banner").await,
            json!(1),
            "the event is still ahead"
        );
        click(&c, Locator::Css(".banner.motd .banner-close")).await;
        assert_eq!(count(&c, ".banner.motd").await, json!(0), "dismissed");
        // Dismissed stays dismissed, on this page and the others; the event banner stays.
        c.goto(&format!("{now}/stats/")).await.expect("open stats");
        assert_eq!(
            count(&c, ".banner.motd").await,
            json!(0),
            "still dismissed on another page"
        );
        assert_eq!(count(&c, ".event-banner").await, json!(1));
        c.goto(&format!("{now}/")).await.expect("reopen");
        assert_eq!(
            count(&c, ".banner.motd").await,
            json!(0),
            "still dismissed after a reload"
        );

        c.goto(&format!("{then}/"))
            .await
            .expect("open the other site");
        assert_eq!(
            count(&c, ".event-banner").await,
            json!(0),
            "the event is over by the reader's clock"
        );

        // The projects table: by name without a click, then by any column, both ways;
        // projects without the value (no audit, no incubating date) come last either way.
        c.goto(&format!("{now}/projects-summary/"))
            .await
            .expect("open projects");
        assert_eq!(
            projects(&c).await,
            [".NET", "C++", "Kubernetes", "Shared Name"]
        );
        click(&c, Locator::XPath("//th[.//text()='Incubating']//button")).await;
        assert_eq!(
            projects(&c).await,
            ["Shared Name", ".NET", "C++", "Kubernetes"]
        );
        click(&c, Locator::XPath("//th[.//text()='Incubating']//button")).await;
        assert_eq!(
            projects(&c).await,
            [".NET", "Shared Name", "C++", "Kubernetes"]
        );
        click(&c, Locator::XPath("//th[.//text()='Accepted']//button")).await;
        assert_eq!(
            projects(&c).await,
            ["Kubernetes", "Shared Name", ".NET", "C++"]
        );
        let sorted = c
            .execute(
                "return document.querySelector('th[aria-sort]').textContent",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(sorted, json!("Accepted"));
        assert_no_console_errors(&c, "with banners and the projects table").await;
    })
    .await;
    drop((current, past_server));
}
