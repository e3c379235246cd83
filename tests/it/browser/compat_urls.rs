//! Links made for landscape2 sites land on the same view here: `?item=<landscape2 id>` on
//! every page, the group aliases, landscape2's query parameters and anchors. On
//! `tests/fixtures/compat`, whose names landscape2 normalizes in particular ways.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::harness::{
    assert_no_console_errors, console_errors, explore, strings, text, url_when, wait_for_value,
    wait_ready,
};
use super::{scenario, scenario_on};

/// Names of the items whose tiles are visible in the grid, sorted.
const VISIBLE_TILES: &str =
    "return [...new Set([...document.querySelectorAll('#landscape li[data-i]')]
    .filter((li) => li.checkVisibility()).map((li) => li.querySelector('img').alt))].sort()";
/// Names on the cards, in order.
const CARD_NAMES: &str =
    "return [...document.querySelectorAll('#cards .card-name')].map((e) => e.textContent)";
const DIALOG_OPEN: &str = "return document.getElementById('item-dialog').open";
/// The pressed group tab.
const GROUP: &str = "return [...document.querySelectorAll('#groups button[aria-pressed=true]')].map((b) => b.textContent)";

/// The compat fixture's items in the "Projects and products" group.
const PROJECTS: &[&str] = &[".NET", "C++", "Kubernetes", "Shared Name", "Ænix"];

fn sorted(names: &[&str]) -> Value {
    let mut v: Vec<&str> = names.to_vec();
    v.sort();
    json!(v)
}

/// Waits until the visible tiles are `names` and returns them.
async fn tiles(c: &Client, names: &[&str]) -> Value {
    wait_for_value(c, VISIBLE_TILES, &sorted(names)).await
}

async fn path_and_query(c: &Client) -> String {
    let url = c.current_url().await.expect("url");
    format!(
        "{}{}",
        url.path(),
        url.query().map(|q| format!("?{q}")).unwrap_or_default()
    )
}

/// Opens `path` on the landscape page and returns the title of the item its dialog shows.
async fn dialog_title(c: &Client, base: &str, path: &str) -> String {
    explore(c, &format!("{base}{path}")).await;
    assert_eq!(
        wait_for_value(c, DIALOG_OPEN, &json!(true)).await,
        json!(true),
        "{path}: no dialog"
    );
    c.wait()
        .for_element(Locator::Css("#item-dialog article h1"))
        .await
        .unwrap_or_else(|e| panic!("{path}: the item's page in the dialog: {e}"))
        .text()
        .await
        .expect("title")
}

/// The path the browser settles on after opening `path` (a page that moves on by itself).
async fn lands_on(c: &Client, base: &str, path: &str, expected: &str) -> Value {
    c.goto(&format!("{base}{path}")).await.expect("open");
    wait_for_value(c, "return location.pathname", &json!(expected)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_links_made_for_landscape2_open_the_item_on_the_landscape() {
    scenario_on("compat", "", |c, base, root| async move {
        // A leading dot gives landscape2's id a third dash.
        let net = "/?item=app-definition-and-development--ci-cd---net";
        assert_eq!(dialog_title(&c, &base, net).await, ".NET");
        // The URL names the item by its permalink slug now.
        let slug = path_and_query(&c).await;
        assert!(
            slug.starts_with("/?item=") && !slug.contains("ci-cd"),
            "{slug}"
        );
        let page = c
            .find(Locator::Css("#item-dialog .dialog-permalink"))
            .await
            .expect("permalink")
            .attr("href")
            .await
            .expect("href");
        assert_eq!(
            page.as_deref(),
            Some(format!("/items/{}/", &slug[7..]).as_str())
        );
        assert!(
            root.join(format!("items/{}/index.html", &slug[7..]))
                .is_file()
        );

        let aenix = "/?item=orchestration-management--scheduling-orchestration--%C3%A6nix";
        assert_eq!(dialog_title(&c, &base, aenix).await, "Ænix");
        // `+` written as is in a query string reads as a space.
        let cpp = "/?item=app-definition-and-development--ci-cd--c++";
        assert_eq!(dialog_title(&c, &base, cpp).await, "C++");
        // The same name in two subcategories: the subcategory decides.
        for (sub, homepage) in [
            ("streaming-messaging", "https://shared-two.example.org/"),
            ("ci-cd", "https://shared-one.example.org/"),
        ] {
            let path = format!("/?item=app-definition-and-development--{sub}--shared-name");
            assert_eq!(dialog_title(&c, &base, &path).await, "Shared Name");
            let links = strings(
                &c,
                "return [...document.querySelectorAll('#item-dialog a')].map((a) => a.href)",
            )
            .await;
            assert!(links.iter().any(|l| l == homepage), "{sub}: {links:?}");
        }
        // An item of another group than the one shown.
        let member = "/?item=members--platinum--endress%2Bhauser-x";
        assert_eq!(dialog_title(&c, &base, member).await, "Endress+Hauser (x)");
        // This site's own links name the slug.
        assert_eq!(
            dialog_title(&c, &base, "/?item=kubernetes").await,
            "Kubernetes"
        );
        // An id naming nothing: no dialog, and the URL lets go of it.
        explore(&c, &format!("{base}/?item=runtime--nothing--here")).await;
        let gone = wait_for_value(&c, "return location.search", &json!("")).await;
        assert_eq!(gone, json!(""));
        assert_eq!(
            c.execute(DIALOG_OPEN, vec![]).await.expect("open"),
            json!(false)
        );
        assert_no_console_errors(&c, "opening items by landscape2 ids").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_links_on_other_pages_go_to_the_item_page() {
    scenario_on("compat", "", |c, base, _| async move {
        let kube = "orchestration-management--scheduling-orchestration--kubernetes";
        let page = "/items/kubernetes/";
        // landscape2's route (no trailing slash), the stats page, this site's slug.
        for path in [
            format!("/stats?item={kube}"),
            format!("/stats/?item={kube}"),
            "/stats/?item=kubernetes".to_string(),
        ] {
            assert_eq!(
                lands_on(&c, &base, &path, page).await,
                json!(page),
                "{path}"
            );
            assert_eq!(text(&c, Locator::Css("h1")).await, "Kubernetes", "{path}");
        }
        assert_no_console_errors(&c, "following item links from the stats page").await;
        // A landscape2 page this site does not have: the 404 page, whose status is its one
        // console error.
        let games = format!("/games?item={kube}");
        assert_eq!(lands_on(&c, &base, &games, page).await, json!(page));
        assert_eq!(text(&c, Locator::Css("h1")).await, "Kubernetes");
        let errors = console_errors(&c).await;
        assert!(
            errors.len() == 1 && errors[0].contains("status of 404"),
            "{errors:#?}"
        );
        // Names landscape2 normalizes in particular ways, on other pages: `+` unescaped (a
        // space once read), a non-ASCII letter, `+` escaped.
        for (path, name) in [
            ("/stats/?item=app-definition-and-development--ci-cd--c++", "C++"),
            (
                "/projects-summary/?item=orchestration-management--scheduling-orchestration--%C3%A6nix",
                "Ænix",
            ),
            ("/stats?item=members--platinum--endress%2Bhauser-x", "Endress+Hauser (x)"),
        ] {
            c.goto(&format!("{base}{path}")).await.expect("open");
            let shown = json!([true, name]);
            let page = "return [location.pathname.startsWith('/items/'), document.querySelector('h1')?.textContent]";
            assert_eq!(wait_for_value(&c, page, &shown).await, shown, "{path}");
        }
        // On an item page, another item's id goes to that item's page.
        let dotnet = "/items/kubernetes/?item=app-definition-and-development--ci-cd---net";
        // The move happens once the id map has arrived, maybe after the page's load event.
        c.goto(&format!("{base}{dotnet}")).await.expect("open");
        let moved = format!("return location.pathname !== '{page}' ? document.querySelector('h1')?.textContent : null");
        assert_eq!(wait_for_value(&c, &moved, &json!(".NET")).await, json!(".NET"), "stayed on Kubernetes");
        // Its own id leaves it where it is.
        let own = format!("{page}?item={kube}");
        c.goto(&format!("{base}{own}")).await.expect("open");
        assert_eq!(text(&c, Locator::Css("h1")).await, "Kubernetes");
        assert_eq!(path_and_query(&c).await, own);
        assert_no_console_errors(&c, "following item links on other pages").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_aliases_and_landscape2_group_and_view_parameters() {
    scenario_on("compat", "", |c, base, _| async move {
        // No group named: the first one, as on landscape2.
        explore(&c, &format!("{base}/")).await;
        assert_eq!(tiles(&c, PROJECTS).await, sorted(PROJECTS));
        assert_eq!(strings(&c, GROUP).await, ["Projects and products"]);
        let members = ["Endress+Hauser (x)", "Member A", "Member B"];
        explore(&c, &format!("{base}/?group=members")).await;
        assert_eq!(tiles(&c, &members).await, sorted(&members));
        let all: Vec<&str> = PROJECTS.iter().chain(&members).copied().collect();
        explore(&c, &format!("{base}/?group=all")).await;
        assert_eq!(tiles(&c, &all).await, sorted(&all));
        assert_eq!(strings(&c, GROUP).await, ["All"]);
        // A group this site does not know: the first one.
        explore(&c, &format!("{base}/?group=nothing&view-mode=sideways")).await;
        assert_eq!(tiles(&c, PROJECTS).await, sorted(PROJECTS));

        // The alias, with and without the trailing slash, lands on the group.
        for alias in ["/projects/", "/projects"] {
            c.goto(&format!("{base}{alias}")).await.expect("open alias");
            let landed = json!("/?group=projects-and-products");
            let url = "return location.pathname + location.search";
            assert_eq!(wait_for_value(&c, url, &landed).await, landed, "{alias}");
            wait_ready(&c).await;
            assert_eq!(strings(&c, GROUP).await, ["Projects and products"], "{alias}");
            assert_eq!(tiles(&c, PROJECTS).await, sorted(PROJECTS), "{alias}");
        }

        // Nothing in this group, but in others: one click shows them.
        explore(&c, &format!("{base}/?q=member")).await;
        let offer = "return document.getElementById('all-groups').checkVisibility() && document.getElementById('all-groups').textContent";
        assert_eq!(wait_for_value(&c, offer, &json!("Show 2 in all groups")).await, json!("Show 2 in all groups"));
        c.find(Locator::Id("all-groups")).await.expect("offer").click().await.expect("click");
        assert_eq!(tiles(&c, &["Member A", "Member B"]).await, sorted(&["Member A", "Member B"]));
        assert_eq!(strings(&c, GROUP).await, ["All"]);

        explore(&c, &format!("{base}/?view-mode=card&group=members")).await;
        let mut cards = strings(&c, CARD_NAMES).await;
        cards.sort();
        assert_eq!(json!(cards), sorted(&members));
        assert_eq!(strings(&c, GROUP).await, ["Members"]);
        explore(&c, &format!("{base}/?view-mode=card&group=projects-and-products")).await;
        let mut cards = strings(&c, CARD_NAMES).await;
        cards.sort();
        let mut want: Vec<&str> = PROJECTS.iter().chain(["Shared Name"].iter()).copied().collect();
        want.sort();
        assert_eq!(cards, want, "the group's cards, each item once");
        assert_no_console_errors(&c, "with groups and views").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landscape2_filters_in_the_url() {
    scenario_on("compat", "", |c, base, _| async move {
        let chips = "return [...document.querySelectorAll('#chips .chip')].map((e) => e.textContent)";
        explore(&c, &format!("{base}/?project=graduated")).await;
        assert_eq!(tiles(&c, &["Kubernetes", "Shared Name"]).await, sorted(&["Kubernetes", "Shared Name"]));
        assert_eq!(strings(&c, chips).await, ["Maturity: Graduated"]);
        // Only the graduated "Shared Name" is shown: the one in Streaming & Messaging.
        let shown_in = "return [...document.querySelectorAll('#landscape li[data-i]')].filter((li) => li.checkVisibility()).map((li) => li.closest('section.subcategory').querySelector('h3').firstChild.textContent.trim()).sort()";
        assert_eq!(strings(&c, shown_in).await, ["Scheduling & Orchestration", "Streaming & Messaging"]);
        // The foundation's label: every maturity; `non-` it: none.
        explore(&c, &format!("{base}/?project=compat")).await;
        let any = [".NET", "C++", "Kubernetes", "Shared Name"];
        assert_eq!(tiles(&c, &any).await, sorted(&any));
        explore(&c, &format!("{base}/?project=non-compat")).await;
        assert_eq!(tiles(&c, &["Shared Name", "Ænix"]).await, sorted(&["Shared Name", "Ænix"]));
        assert_eq!(strings(&c, chips).await, ["Maturity: None"]);
        // Written back as this site's parameter with the next change.
        c.find(Locator::Css("[data-view=card]")).await.expect("cards").click().await.expect("click");
        let written = json!("?view=card&maturity=non-compat");
        assert_eq!(wait_for_value(&c, "return location.search", &written).await, written);
        explore(&c, &format!("{base}/?category=Orchestration+%26+Management")).await;
        assert_eq!(tiles(&c, &["Kubernetes", "Ænix"]).await, sorted(&["Kubernetes", "Ænix"]));
        // Values this site does not know are ignored.
        explore(&c, &format!("{base}/?project=bogus&tag=nothing&organization=nobody&sort-by=funding&classify=colour")).await;
        assert_eq!(tiles(&c, PROJECTS).await, sorted(PROJECTS));
        assert_eq!(strings(&c, chips).await, Vec::<String>::new());
        assert_no_console_errors(&c, "with landscape2 filters").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landscape2_end_user_filter_and_sort_direction() {
    // The explorer fixture: end users flagged in the data, stars from the fake GitHub.
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=members&enduser=true")).await;
        assert_eq!(
            tiles(&c, &["Lambda Retail"]).await,
            sorted(&["Lambda Retail"])
        );
        // landscape2 sorts ascending unless told: fewest stars first, items without last.
        explore(
            &c,
            &format!("{base}/?view-mode=card&group=all&sort-by=stars"),
        )
        .await;
        let asc = strings(&c, CARD_NAMES).await;
        explore(
            &c,
            &format!("{base}/?view-mode=card&group=all&sort-by=stars&sort-direction=desc"),
        )
        .await;
        let desc = strings(&c, CARD_NAMES).await;
        let with: Vec<&str> = super::ITEMS
            .iter()
            .filter(|(_, r)| r.is_some())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(asc.len(), super::ITEMS.len());
        let (asc_head, desc_head) = (&asc[..with.len()], &desc[..with.len()]);
        let mut reversed = desc_head.to_vec();
        reversed.reverse();
        assert_eq!(
            asc_head,
            reversed.as_slice(),
            "ascending is descending turned round"
        );
        assert_eq!(
            asc[with.len()..],
            desc[with.len()..],
            "items without stars last either way"
        );
        let stars = |name: &str| {
            let repo = super::ITEMS
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, r)| *r);
            super::stars(repo.expect("a repository"))
        };
        assert!(stars(&desc[0]) > stars(&desc[with.len() - 1]), "{desc:?}");
        // The direction button says so, and turns it round.
        let dir = c.find(Locator::Id("sort-dir")).await.expect("direction");
        assert_eq!(
            dir.attr("aria-label").await.expect("label").as_deref(),
            Some("Descending order")
        );
        dir.click().await.expect("click");
        assert_eq!(
            json!(asc),
            wait_for_value(&c, CARD_NAMES, &json!(asc)).await
        );
        // The URL is written after the frame.
        url_when(&c, "dir=asc", true).await;
        // Names Z to A.
        explore(
            &c,
            &format!("{base}/?view-mode=card&group=all&sort-by=name&sort-direction=desc"),
        )
        .await;
        let names = strings(&c, CARD_NAMES).await;
        let mut want = names.clone();
        want.sort_by_key(|n| std::cmp::Reverse(n.to_lowercase()));
        assert_eq!(names, want);
        assert_no_console_errors(&c, "with landscape2 sorting").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn landscape2_anchors_land_on_the_subcategory() {
    scenario_on("compat", "", |c, base, _| async move {
        // A short window: the subcategories below are out of view until landed on.
        c.set_window_size(1280, 300).await.expect("resize");
        let top = |id: &str| format!("return Math.round(document.getElementById('{id}').getBoundingClientRect().top)");
        let near_top = |id: &str| format!("return Math.abs(document.getElementById('{id}').getBoundingClientRect().top) < 2 && scrollY > 0");
        let kube = "orchestration-management-scheduling-orchestration";
        explore(&c, &format!("{base}/#orchestration-management--scheduling-orchestration")).await;
        assert_eq!(wait_for_value(&c, &near_top(kube), &json!(true)).await, json!(true), "{}", c.execute(&top(kube), vec![]).await.expect("top"));
        // A subcategory of another group: that group is shown.
        explore(&c, &format!("{base}/#members--end-user-supporter")).await;
        let sub = "members-end-user-supporter";
        assert_eq!(wait_for_value(&c, &near_top(sub), &json!(true)).await, json!(true));
        assert_eq!(strings(&c, GROUP).await, ["Members"]);
        assert_eq!(path_and_query(&c).await, "/?group=members");
        // The card view shows the cards under their subcategories, from that one.
        explore(&c, &format!("{base}/?view-mode=card&group=projects-and-products#app-definition-and-development--streaming-messaging")).await;
        let heads = strings(&c, "return [...document.querySelectorAll('#cards .cards-section')].map((h) => h.firstChild.textContent.trim())").await;
        assert_eq!(heads, [
            "App Definition and Development / CI/CD",
            "App Definition and Development / Streaming & Messaging",
            "Orchestration & Management / Scheduling & Orchestration",
        ]);
        let landed = "return Math.abs([...document.querySelectorAll('#cards .cards-section')][1].getBoundingClientRect().top) < 2";
        assert_eq!(wait_for_value(&c, landed, &json!(true)).await, json!(true));
        assert!(path_and_query(&c).await.contains("classify=category"));
        assert_no_console_errors(&c, "landing on anchors").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_choose_the_default_view_and_tile_size() {
    scenario_on("compat", "view_mode: card\ngrid_items_size: large", |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        let mut cards = strings(&c, CARD_NAMES).await;
        cards.sort();
        assert_eq!(cards.len(), PROJECTS.len() + 1, "{cards:?}");
        // The default is left out of the URL; the grid is asked for.
        assert_eq!(path_and_query(&c).await, "/");
        explore(&c, &format!("{base}/?view-mode=grid")).await;
        assert_eq!(tiles(&c, PROJECTS).await, sorted(PROJECTS));
        let width = "return Math.round(document.querySelector('#landscape li[data-i]:not(.tile-large)').getBoundingClientRect().width)";
        assert_eq!(c.execute(width, vec![]).await.expect("width"), json!(104));
        assert_no_console_errors(&c, "with settings defaults").await;
    })
    .await;
}
