//! The item's repositories and its "Get badge" menu in a real browser: the table shows in the
//! explorer's dialog (the item page, inert), and the menu, a native disclosure, opens there
//! without any script to show the snippets as text.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use super::harness::{assert_no_console_errors, explore, wait_for_value};
use super::scenario;
use crate::support::fake_github::stars;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_badge_menu_opens_in_the_dialog_and_shows_the_snippets() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?item=delta-guard")).await;
        let summary = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#item-dialog .badge-menu summary"))
            .await
            .expect("the badge menu in the dialog");
        let shown = |sel: &str| {
            format!("const e = document.querySelector('#item-dialog {sel}'); return !!e && e.checkVisibility()")
        };
        assert_eq!(c.execute(&shown(".badge-markdown"), vec![]).await.expect("js"), json!(false), "closed at first");
        summary.click().await.expect("open the menu");
        assert_eq!(wait_for_value(&c, &shown(".badge-markdown"), &json!(true)).await, json!(true));
        let text = |sel: &'static str| {
            let c = c.clone();
            async move {
                let script = format!("return document.querySelector('#item-dialog {sel}').textContent");
                c.execute(&script, vec![]).await.expect("js").as_str().unwrap_or_default().to_string()
            }
        };
        let markdown = text(".badge-markdown").await;
        assert!(
            markdown.starts_with("[![Example Foundation Landscape](https://img.shields.io/badge/Example%20Foundation%20Landscape-5699C6)](https://landscape.example.org/?item=")
                && markdown.ends_with("delta-guard)"),
            "{markdown}"
        );
        let asciidoc = text(".badge-asciidoc").await;
        assert!(asciidoc.ends_with("[Example Foundation LANDSCAPE]]"), "{asciidoc}");

        // The repository table, with the repository's own figures and its chart.
        let stars_cell = text(".repo-table tbody tr td.num span").await;
        let expected = stars("delta-org/guard");
        let title = c
            .execute("return document.querySelector('#item-dialog .repo-table tbody td.num span').title", vec![])
            .await
            .expect("js");
        assert_eq!(title, json!(expected.to_string()), "{stars_cell}");
        let bars = "return document.querySelectorAll('#item-dialog .repo-table .activity-chart rect').length";
        assert_eq!(c.execute(bars, vec![]).await.expect("js"), json!(52));
        let link = "return document.querySelector('#item-dialog .good-first-issues').href";
        assert_eq!(
            c.execute(link, vec![]).await.expect("js"),
            json!("https://github.com/delta-org/guard/issues?q=is%3Aopen+is%3Aissue+label%3A%22good+first+issue%22")
        );
        assert_no_console_errors(&c, "with the badge menu").await;
    })
    .await;
}
