//! The explorer page: filters, search, sort, the item dialog and the URL state.

use std::collections::BTreeSet;
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{
    assert_no_console_errors, click, explore, select, strings, text, url_when, wait_for_value,
    wait_ready,
};
use super::{ITEMS, scenario, stars};

/// Names of the items whose tiles are visible in the grid.
const VISIBLE_TILES: &str =
    "return [...new Set([...document.querySelectorAll('#landscape li[data-i]')]
    .filter((li) => li.checkVisibility()).map((li) => li.querySelector('img').alt))].sort()";
/// Names on the cards, in order.
const CARD_NAMES: &str =
    "return [...document.querySelectorAll('#cards .card-name')].map((e) => e.textContent)";

fn set(names: &[&str]) -> Vec<String> {
    let s: BTreeSet<String> = names.iter().map(|n| n.to_string()).collect();
    s.into_iter().collect()
}

async fn visible(c: &Client, expected: &[&str]) -> Vec<String> {
    let want = set(expected);
    let got = wait_for_value(c, VISIBLE_TILES, &json!(want)).await;
    serde_json::from_value(got).expect("names")
}

/// How many items have a visible tile, once it is `expected` (or after the wait times out).
async fn visible_count(c: &Client, expected: usize) -> usize {
    let script = format!("{}.length", VISIBLE_TILES.trim_end());
    let got = wait_for_value(c, &script, &json!(expected)).await;
    serde_json::from_value(got).expect("a count")
}

async fn option(c: &Client, facet: &str, value: &str) -> fantoccini::elements::Element {
    c.find(Locator::XPath(&format!(
        "//fieldset[legend='{facet}']//label[span='{value}']"
    )))
    .await
    .unwrap_or_else(|e| panic!("filter option {facet}: {value}: {e}"))
}

/// The count shown next to a filter option.
async fn option_count(c: &Client, facet: &str, value: &str) -> String {
    let option = option(c, facet, value).await;
    let count = option.find(Locator::Css(".option-count")).await;
    count.expect("a count").text().await.expect("its text")
}

/// Ticks (or unticks) a filter option.
async fn tick(c: &Client, facet: &str, value: &str) {
    let option = option(c, facet, value).await;
    option
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot tick {facet}: {value}: {e}"));
}

async fn url(c: &Client) -> String {
    c.current_url().await.expect("url").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtering_by_maturity_shows_exactly_those_items() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        assert_eq!(visible_count(&c, 14).await, 14, "all items at first");
        click(&c, Locator::Id("filters-toggle")).await;
        assert_eq!(option_count(&c, "Maturity", "Graduated").await, "3");
        tick(&c, "Maturity", "Graduated").await;
        let want = ["Alpha Deploy", "Delta Guard", "Theta Mesh"];
        assert_eq!(visible(&c, &want).await, set(&want));
        assert!(
            url_when(&c, "maturity=graduated", true).await.contains("maturity=graduated"),
            "{}",
            url(&c).await
        );
        let count = text(&c, Locator::Id("count")).await;
        assert_eq!(count, "3 of 14 items");
        // The contents links count what is shown now; categories with nothing shown go.
        let toc = strings(
            &c,
            "return [...document.querySelectorAll('.toc a')].filter((a) => a.checkVisibility()).map((a) => a.textContent)",
        )
        .await;
        let tiles = strings(
            &c,
            "return [...document.querySelectorAll('#landscape section.category')].filter((s) => s.checkVisibility()).map((s) => s.querySelector('.category-title').textContent + ' ' + [...s.querySelectorAll('li[data-i]')].filter((li) => li.checkVisibility()).length)",
        )
        .await;
        assert_eq!(toc, tiles, "contents links follow the filter");
        assert!(toc.len() < 3, "a category with no graduated item is hidden: {toc:?}");
        // Counts of the other options stay meaningful: they count against the other filters.
        assert_eq!(option_count(&c, "Maturity", "Incubating").await, "2");

        tick(&c, "Category", "Runtime").await;
        assert_eq!(visible(&c, &["Theta Mesh"]).await, set(&["Theta Mesh"]));
        // The URL follows after the frame: each change is its own history entry once written.
        url_when(&c, "category=", true).await;
        // Removing the maturity chip leaves the category filter.
        click(&c, Locator::XPath(
            "//ul[@id='chips']//button[starts-with(., 'Maturity:')]",
        )).await;
        let runtime = [
            "Zeta Store",
            "Eta Disk",
            "Theta Mesh",
            "Iota Proxy",
            "Nu Tunnel",
        ];
        assert_eq!(visible(&c, &runtime).await, set(&runtime));
        url_when(&c, "maturity=", false).await;
        // Back brings the maturity filter back.
        c.back().await.expect("back");
        assert_eq!(visible(&c, &["Theta Mesh"]).await, set(&["Theta Mesh"]));
        click(&c, Locator::Id("clear")).await;
        assert_eq!(visible_count(&c, 14).await, 14);
        assert_no_console_errors(&c, "while filtering").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn option_counts_past_the_first_rows_catch_up() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        // Only the rows a list shows are counted within the click; the rest follow when the
        // browser is idle. A one-row window leaves most of this fixture's rows to that.
        c.execute("Landscape.Filters.WINDOW = 1", vec![])
            .await
            .expect("window");
        click(&c, Locator::Id("filters-toggle")).await;
        tick(&c, "Maturity", "Graduated").await;
        let rows = "return [...[...document.querySelectorAll('#filters fieldset')]
            .find((f) => f.querySelector('legend').textContent === 'Category')
            .querySelectorAll('li')].map((li) => li.querySelector('.option-label').textContent
            + ' ' + li.querySelector('.option-count').textContent + (li.classList.contains('zero') ? ' (none)' : ''))";
        let want = json!(["Provisioning 2", "Runtime 1", "Members 0 (none)"]);
        assert_eq!(wait_for_value(&c, rows, &want).await, want);
        assert_no_console_errors(&c, "with counts caught up").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_tab_shows_the_items_its_rules_exclude_at_normal_size() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        // The fixture features incubating items except in the Projects group.
        let large = "return [...new Set([...document.querySelectorAll('#landscape li.tile-large')]
            .filter((li) => li.checkVisibility()).map((li) => li.querySelector('img').alt))].sort()";
        let all = json!(["Alpha Deploy", "Beta Config", "Delta Guard", "Theta Mesh", "Zeta Store"]);
        assert_eq!(wait_for_value(&c, large, &all).await, all);
        click(&c, Locator::Css("button[data-group=projects]")).await;
        let projects = json!(["Alpha Deploy", "Delta Guard", "Theta Mesh"]);
        assert_eq!(wait_for_value(&c, large, &projects).await, projects);
        // The first group is the default: the URL need not name it.
        assert!(!url_when(&c, "group=", false).await.contains("group="), "{}", url(&c).await);
        // Back to every group: featured again.
        c.back().await.expect("back");
        assert_eq!(wait_for_value(&c, large, &all).await, all);
        assert_no_console_errors(&c, "switching groups").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_items_by_a_word_of_their_description() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        // `/` focuses the search box.
        c.find(Locator::Css("body"))
            .await
            .expect("body")
            .send_keys("/")
            .await
            .expect("key");
        let active = c
            .active_element()
            .await
            .expect("active")
            .attr("id")
            .await
            .expect("id");
        assert_eq!(active.as_deref(), Some("search"));
        let search = c.find(Locator::Id("search")).await.expect("search");
        search.send_keys("reconciles").await.expect("type");
        assert_eq!(visible(&c, &["Alpha Deploy"]).await, set(&["Alpha Deploy"]));
        // The URL follows once the keys pause.
        let q = "return location.search.includes('q=reconciles')";
        assert_eq!(wait_for_value(&c, q, &json!(true)).await, json!(true));
        // A typo still finds it.
        search.clear().await.expect("clear");
        search.send_keys("declaritive").await.expect("type");
        assert_eq!(visible(&c, &["Alpha Deploy"]).await, set(&["Alpha Deploy"]));
        // Ranked: a name match comes before description matches.
        search.clear().await.expect("clear");
        search.send_keys("cloud").await.expect("type");
        click(&c, Locator::Css("[data-view=card]")).await;
        let cards = strings(&c, CARD_NAMES).await;
        assert_eq!(
            cards.first().map(String::as_str),
            Some("Kappa Cloud"),
            "{cards:?}"
        );
        assert!(
            cards.len() >= 3 && cards.contains(&"Delta Guard".to_string()),
            "{cards:?}"
        );
        // The sort box says so; choosing Name orders the same results by name.
        let shown = c
            .execute("return document.getElementById('sort').value", vec![])
            .await
            .expect("sort value");
        assert_eq!(shown, json!("relevance"));
        select(&c, "sort", "name").await;
        let mut by_name = cards.clone();
        by_name.sort_by_key(|n| n.to_lowercase());
        assert_eq!(strings(&c, CARD_NAMES).await, by_name);
        // The URL follows once the view is painted.
        let sorted = "return location.search.includes('sort=name')";
        assert_eq!(wait_for_value(&c, sorted, &json!(true)).await, json!(true));
        select(&c, "sort", "relevance").await;
        // Escape clears the search.
        search
            .send_keys(&Key::Escape.to_string())
            .await
            .expect("escape");
        assert_eq!(strings(&c, CARD_NAMES).await.len(), 14);
        assert_no_console_errors(&c, "while searching").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sort_by_stars_orders_the_cards() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?view=card&group=all")).await;
        select(&c, "sort", "stars").await;
        let mut with: Vec<(u64, &str)> = ITEMS
            .iter()
            .filter_map(|(name, repo)| repo.map(|r| (stars(r), *name)))
            .collect();
        with.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let cards = strings(&c, CARD_NAMES).await;
        let head: Vec<&str> = cards.iter().take(with.len()).map(String::as_str).collect();
        let want: Vec<&str> = with.iter().map(|(_, n)| *n).collect();
        assert_eq!(head, want, "items with stars, most first");
        let tail: BTreeSet<&str> = cards.iter().skip(with.len()).map(String::as_str).collect();
        let none: BTreeSet<&str> = ITEMS
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(tail, none, "items without GitHub data come last");
        let first_stars = c
            .find(Locator::Css("#cards .card-stars"))
            .await
            .expect("stars")
            .attr("title")
            .await
            .expect("title");
        assert_eq!(first_stars, Some(format!("{} GitHub stars", with[0].0)));
        assert!(
            url_when(&c, "sort=stars", true)
                .await
                .contains("sort=stars")
        );
        assert_no_console_errors(&c, "while sorting").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialog_opens_with_the_items_stars_and_closes_with_escape() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        // Keyboard: focus the tile's link and press Enter.
        let tile = c
            .find(Locator::Css(
                "#landscape li[data-i] a:has(img[alt='Delta Guard'])",
            ))
            .await
            .expect("tile");
        c.execute(
            "arguments[0].focus()",
            vec![serde_json::to_value(&tile).expect("el")],
        )
        .await
        .expect("focus");
        tile.send_keys(&Key::Enter.to_string())
            .await
            .expect("enter");
        let dialog_open = "return document.getElementById('item-dialog').open";
        assert_eq!(
            wait_for_value(&c, dialog_open, &json!(true)).await,
            json!(true)
        );
        let stars_el = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#item-dialog .stars"))
            .await
            .expect("stars in the dialog");
        let expected = stars("delta-org/guard");
        assert_eq!(
            stars_el.attr("data-value").await.expect("attr"),
            Some(expected.to_string())
        );
        let h1 = text(&c, Locator::Css("#item-dialog h1")).await;
        assert_eq!(h1, "Delta Guard");
        assert!(
            url_when(&c, "item=delta-guard", true)
                .await
                .contains("item=delta-guard"),
            "{}",
            url(&c).await
        );
        let inside =
            "return document.getElementById('item-dialog').contains(document.activeElement)";
        assert_eq!(
            c.execute(inside, vec![]).await.expect("focus"),
            json!(true),
            "focus moves into the dialog"
        );
        c.active_element()
            .await
            .expect("active")
            .send_keys(&Key::Escape.to_string())
            .await
            .expect("escape");
        assert_eq!(
            wait_for_value(&c, dialog_open, &json!(false)).await,
            json!(false)
        );
        // Closing goes back in history to the page without the item.
        let no_item = "return !location.search.includes('item=')";
        assert_eq!(
            wait_for_value(&c, no_item, &json!(true)).await,
            json!(true),
            "{}",
            url(&c).await
        );
        let back =
            "return document.activeElement.matches(\"li[data-i] a:has(img[alt='Delta Guard'])\")";
        assert_eq!(
            c.execute(back, vec![]).await.expect("focus"),
            json!(true),
            "focus returns to the tile"
        );
        assert_no_console_errors(&c, "with the dialog").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_url_round_trips_the_state_on_reload() {
    scenario(|c, base, _| async move {
        explore(
            &c,
            &format!("{base}/?view=card&q=storage&sort=stars&maturity=incubating"),
        )
        .await;
        let check = |c: Client| async move {
            assert_eq!(strings(&c, CARD_NAMES).await, ["Zeta Store"]);
            let search = c.find(Locator::Id("search")).await.expect("search");
            assert_eq!(
                search.prop("value").await.expect("value").as_deref(),
                Some("storage")
            );
            let pressed = c
                .find(Locator::Css("[data-view=card]"))
                .await
                .expect("btn")
                .attr("aria-pressed")
                .await
                .expect("attr");
            assert_eq!(pressed.as_deref(), Some("true"));
            let sort = c
                .find(Locator::Id("sort"))
                .await
                .expect("sort")
                .prop("value")
                .await
                .expect("value");
            assert_eq!(sort.as_deref(), Some("stars"));
            let chips = strings(
                &c,
                "return [...document.querySelectorAll('#chips .chip')].map((e) => e.textContent)",
            )
            .await;
            assert_eq!(chips, ["Maturity: Incubating"]);
        };
        check(c.clone()).await;
        c.refresh().await.expect("reload");
        wait_ready(&c).await;
        check(c.clone()).await;
        // An open item is in the URL too.
        click(&c, Locator::Css("#cards a.card-link")).await;
        let open = "return document.getElementById('item-dialog').open";
        assert_eq!(wait_for_value(&c, open, &json!(true)).await, json!(true));
        c.refresh().await.expect("reload");
        wait_ready(&c).await;
        assert_eq!(wait_for_value(&c, open, &json!(true)).await, json!(true));
        let h1 = c
            .wait()
            .for_element(Locator::Css("#item-dialog h1"))
            .await
            .expect("h1")
            .text()
            .await
            .expect("text");
        assert_eq!(h1, "Zeta Store");
        assert_no_console_errors(&c, "across reloads").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_out_of_view_follow_a_filter() {
    scenario(|c, base, _| async move {
        // A short window: the last categories are out of view, where the browser skips their
        // style and layout (`content-visibility: auto`); their tiles must follow anyway.
        c.set_window_size(1280, 240).await.expect("resize");
        explore(&c, &format!("{base}/?group=all")).await;
        let far = c
            .execute(
                "const cats = [...document.querySelectorAll('#landscape section.category')];
                 return cats[cats.length - 1].getBoundingClientRect().top - innerHeight",
                vec![],
            )
            .await
            .expect("distance");
        assert!(
            far.as_f64().unwrap_or(0.0) > 600.0,
            "the last category must start well out of view: {far}"
        );
        // Only an item of the last category matches.
        explore(&c, &format!("{base}/?group=all&q=lambda")).await;
        assert_eq!(
            visible(&c, &["Lambda Retail"]).await,
            set(&["Lambda Retail"])
        );
        // And back to everything, from the top of the page: far tiles reappear too.
        click(&c, Locator::Id("clear")).await;
        assert_eq!(visible_count(&c, 14).await, 14);
        assert_no_console_errors(&c, "with categories out of view").await;
    })
    .await;
}
