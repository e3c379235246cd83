//! The grid view's own controls, as landscape2 users know them: zoom, classify, sort
//! direction, the hover card, one subcategory opened large, featured labels, and the guide's
//! tiles. Each works by keyboard and keeps its state in the URL.

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;

use super::harness::{
    assert_no_console_errors, click, explore, select, strings, url_when, wait_for_value,
};
use super::{scenario, stars};

async fn url(c: &Client) -> String {
    c.current_url().await.expect("url").to_string()
}

/// The width of the first visible tile of the grid, in CSS pixels.
pub(super) const TILE_WIDTH: &str = "const li = [...document.querySelectorAll('#landscape li[data-i]:not(.tile-large)')]
    .find((li) => li.checkVisibility()); return li ? Math.round(li.getBoundingClientRect().width) : 0";

/// Presses `key` on the element `locator` finds (focusing it first).
async fn press(c: &Client, locator: Locator<'_>, key: Key) {
    let what = format!("{locator:?}");
    let el = c
        .find(locator)
        .await
        .unwrap_or_else(|e| panic!("no {what}: {e}"));
    el.send_keys(&char::from(key).to_string())
        .await
        .unwrap_or_else(|e| panic!("cannot press a key on {what}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zoom_changes_the_tile_size_by_keyboard_and_is_kept_in_the_url() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        // No grid_items_size in the fixture: the small tiles, level 3 of 7.
        assert_eq!(wait_for_value(&c, TILE_WIDTH, &json!(68)).await, json!(68));
        let level = "return document.getElementById('zoom-level').textContent";
        assert_eq!(wait_for_value(&c, level, &json!("3/7")).await, json!("3/7"));
        press(&c, Locator::Id("zoom-in"), Key::Enter).await;
        assert_eq!(wait_for_value(&c, TILE_WIDTH, &json!(84)).await, json!(84));
        assert!(
            url_when(&c, "zoom=3", true).await.contains("zoom=3"),
            "{}",
            url(&c).await
        );
        click(&c, Locator::Id("zoom-in")).await;
        assert_eq!(
            wait_for_value(&c, TILE_WIDTH, &json!(104)).await,
            json!(104)
        );
        // Back below must find this size in the URL it leaves.
        assert!(
            url_when(&c, "zoom=4", true).await.contains("zoom=4"),
            "{}",
            url(&c).await
        );
        // The URL brings the size back; back steps through the sizes.
        explore(&c, &format!("{base}/?group=all&zoom=0")).await;
        assert_eq!(wait_for_value(&c, TILE_WIDTH, &json!(40)).await, json!(40));
        let disabled = "return document.getElementById('zoom-out').disabled";
        assert_eq!(
            wait_for_value(&c, disabled, &json!(true)).await,
            json!(true)
        );
        c.back().await.expect("back");
        assert_eq!(
            wait_for_value(&c, TILE_WIDTH, &json!(104)).await,
            json!(104)
        );
        // The cards have no zoom.
        click(&c, Locator::Css(".view-switch [data-view=card]")).await;
        let hidden = "return document.getElementById('zoom-box').hidden";
        assert_eq!(wait_for_value(&c, hidden, &json!(true)).await, json!(true));
        assert_no_console_errors(&c, "while zooming").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_grid_items_size_is_the_default_zoom() {
    super::scenario_on(
        "explorer",
        "grid_items_size: large",
        |c, base, _| async move {
            explore(&c, &format!("{base}/?group=all")).await;
            assert_eq!(
                wait_for_value(&c, TILE_WIDTH, &json!(104)).await,
                json!(104)
            );
            let level = "return document.getElementById('zoom-level').textContent";
            assert_eq!(wait_for_value(&c, level, &json!("5/7")).await, json!("5/7"));
            click(&c, Locator::Id("zoom-out")).await;
            assert_eq!(wait_for_value(&c, TILE_WIDTH, &json!(84)).await, json!(84));
            assert!(
                url_when(&c, "zoom=3", true).await.contains("zoom=3"),
                "{}",
                url(&c).await
            );
        },
    )
    .await;
}

/// Band titles of the classified grid shown, each with its visible tiles' names.
const BANDS: &str = "return [...document.querySelectorAll('.landscape-classified section.category')]
    .filter((s) => s.checkVisibility())
    .map((s) => s.querySelector('.category-title').textContent + ': ' + [...s.querySelectorAll('li[data-i]')]
      .filter((li) => li.checkVisibility()).map((li) => li.querySelector('img').alt).join(', '))";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grid_classifies_by_maturity_or_tag_and_still_filters() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        select(&c, "classify", "maturity").await;
        let bands = wait_for_value(
            &c,
            "return document.querySelectorAll('.landscape-classified section.category').length > 0",
            &json!(true),
        )
        .await;
        assert_eq!(bands, json!(true));
        let shown = strings(&c, BANDS).await;
        assert_eq!(
            shown[0], "Graduated: Alpha Deploy, Delta Guard, Theta Mesh",
            "{shown:#?}"
        );
        assert!(shown[1].starts_with("Incubating: "), "{shown:#?}");
        assert!(shown.last().unwrap().starts_with("None: "), "{shown:#?}");
        assert!(
            url_when(&c, "classify=maturity", true)
                .await
                .contains("classify=maturity"),
            "{}",
            url(&c).await
        );
        // Parked (kept rendered out of sight), so its boxes are not visible.
        let server =
            "return document.querySelector('#landscape section.category').checkVisibility()";
        assert_eq!(
            wait_for_value(&c, server, &json!(false)).await,
            json!(false)
        );
        // The search narrows the classified grid like the other.
        let input = c.find(Locator::Id("search")).await.expect("search");
        input.send_keys("mesh").await.expect("type");
        let want = json!(["Graduated: Theta Mesh"]);
        assert_eq!(wait_for_value(&c, BANDS, &want).await, want);
        // By TAG, from the URL; by category again, the server's grid.
        explore(&c, &format!("{base}/?group=all&classify=tag")).await;
        let tags = strings(&c, BANDS).await;
        assert!(
            tags.iter()
                .any(|b| b == "security: Delta Guard, Epsilon Scan"),
            "{tags:#?}"
        );
        select(&c, "classify", "category").await;
        assert_eq!(wait_for_value(&c, server, &json!(true)).await, json!(true));
        assert!(
            !url_when(&c, "classify=", false).await.contains("classify="),
            "{}",
            url(&c).await
        );
        assert_no_console_errors(&c, "while classifying").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grid_sorts_tiles_within_their_boxes_either_way() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        let network = "return [...document.querySelectorAll('#runtime-network li[data-i] img')].map((i) => i.alt)";
        // Featured first (Theta Mesh is graduated), then by name.
        let asc = json!(["Theta Mesh", "Iota Proxy", "Nu Tunnel"]);
        assert_eq!(wait_for_value(&c, network, &asc).await, asc);
        press(&c, Locator::Id("sort-dir"), Key::Enter).await;
        let desc = json!(["Theta Mesh", "Nu Tunnel", "Iota Proxy"]);
        assert_eq!(wait_for_value(&c, network, &desc).await, desc);
        assert!(url_when(&c, "dir=desc", true).await.contains("dir=desc"), "{}", url(&c).await);
        // By stars, from the URL, most first.
        explore(&c, &format!("{base}/?group=all&sort=stars")).await;
        let mut rest = [("Iota Proxy", stars("iota-org/proxy")), ("Nu Tunnel", stars("nu-org/tunnel"))];
        rest.sort_by_key(|r| std::cmp::Reverse(r.1));
        let by_stars = json!(["Theta Mesh", rest[0].0, rest[1].0]);
        assert_eq!(wait_for_value(&c, network, &by_stars).await, by_stars);
        c.back().await.expect("back");
        assert_eq!(wait_for_value(&c, network, &desc).await, desc);
        assert_no_console_errors(&c, "while sorting").await;
    })
    .await;
}

const CARD: &str = "const h = document.getElementById('hovercard');
    return h && !h.hidden ? h.innerText.replace(/\\s+/g, ' ').trim() : ''";

/// Whether the hover card shows and starts with `name` (a JSON string).
fn card_starts(name: &str) -> String {
    format!("return (() => {{ {CARD} }})().startsWith({name})")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hover_card_shows_on_pointer_and_on_keyboard_focus() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        let tile = c
            .find(Locator::Css("#landscape li[data-i] a img[alt='Theta Mesh']"))
            .await
            .expect("Theta Mesh's tile");
        let tile = tile.find(Locator::XPath("..")).await.expect("its link");
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: tile.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        c.perform_actions(hover).await.expect("pointer over the tile");
        let shown = wait_for_value(&c, &card_starts("'Theta Mesh'"), &json!(true)).await;
        assert_eq!(shown, json!(true));
        let text = c.execute(CARD, vec![]).await.expect("card text");
        let text = text.as_str().unwrap_or_default();
        let star_count = stars("theta-org/mesh");
        for part in ["Theta Mesh", "Graduated", &format!("★ {}", thousands(star_count))] {
            assert!(text.contains(part), "{part:?} in the hover card: {text}");
        }
        // The pointer leaves: the card goes.
        let away = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
            duration: None,
            x: 2.0,
            y: 2.0,
        });
        c.perform_actions(away).await.expect("pointer away");
        assert_eq!(wait_for_value(&c, CARD, &json!("")).await, json!(""));

        // Keyboard: Tab onto a tile shows its card, described by it; Escape hides it.
        c.execute("document.getElementById('count').setAttribute('tabindex', '-1'); document.getElementById('count').focus()", vec![])
            .await
            .expect("focus before the grid");
        let active = c.active_element().await.expect("focus");
        active.send_keys(&char::from(Key::Tab).to_string()).await.expect("tab");
        let focused = "const a = document.activeElement; return a.closest('#landscape li[data-i]') ? a.getAttribute('aria-describedby') : 'not a tile: ' + a.outerHTML.slice(0, 80)";
        let mut described = c.execute(focused, vec![]).await.expect("focus");
        // Tab walks through the contents links first.
        for _ in 0..12 {
            if described == json!("hovercard") {
                break;
            }
            let active = c.active_element().await.expect("focus");
            active.send_keys(&char::from(Key::Tab).to_string()).await.expect("tab");
            described = c.execute(focused, vec![]).await.expect("focus");
        }
        assert_eq!(described, json!("hovercard"));
        let name = "return document.activeElement.querySelector('img, span').getAttribute('alt') || document.activeElement.textContent";
        let name = c.execute(name, vec![]).await.expect("name");
        let starts = card_starts(&name.to_string());
        assert_eq!(wait_for_value(&c, &starts, &json!(true)).await, json!(true));
        let active = c.active_element().await.expect("focus");
        active.send_keys(&char::from(Key::Escape).to_string()).await.expect("escape");
        assert_eq!(wait_for_value(&c, CARD, &json!("")).await, json!(""));
        assert_no_console_errors(&c, "with hover cards").await;
    })
    .await;
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, ch) in s.chars().enumerate() {
        if k > 0 && (s.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Titles of the subcategories shown.
const SUBS: &str = "return [...document.querySelectorAll('#landscape section.subcategory')]
    .filter((s) => s.checkVisibility()).map((s) => s.querySelector('.subcategory-title a').textContent)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subcategory_opens_large_and_back_closes_it() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        let all = strings(&c, SUBS).await;
        assert!(all.len() > 1, "{all:?}");
        let small = c.execute(TILE_WIDTH, vec![]).await.expect("width");
        click(&c, Locator::Css("#runtime-network .subcategory-title a")).await;
        let one = json!(["Network"]);
        assert_eq!(wait_for_value(&c, SUBS, &one).await, one);
        assert!(
            url_when(&c, "sub=runtime-network", true)
                .await
                .contains("sub=runtime-network"),
            "{}",
            url(&c).await
        );
        let large = c.execute(TILE_WIDTH, vec![]).await.expect("width");
        assert!(
            large.as_f64() > small.as_f64(),
            "larger tiles: {small} -> {large}"
        );
        let title = "return document.getElementById('sub-title').textContent";
        assert_eq!(
            wait_for_value(&c, title, &json!("Network")).await,
            json!("Network")
        );
        // Back shows the whole grid again; forward reopens it; the URL alone opens it.
        c.back().await.expect("back");
        assert_eq!(wait_for_value(&c, SUBS, &json!(all)).await, json!(all));
        c.forward().await.expect("forward");
        assert_eq!(wait_for_value(&c, SUBS, &one).await, one);
        // Keyboard: the close button has the focus; Escape closes too.
        explore(&c, &format!("{base}/?sub=provisioning-security")).await;
        let sec = json!(["Security"]);
        assert_eq!(wait_for_value(&c, SUBS, &sec).await, sec);
        press(&c, Locator::Id("sub-close"), Key::Enter).await;
        assert_eq!(wait_for_value(&c, SUBS, &json!(all)).await, json!(all));
        press(
            &c,
            Locator::Css("#runtime-storage .subcategory-title a"),
            Key::Enter,
        )
        .await;
        let storage = json!(["Storage"]);
        assert_eq!(wait_for_value(&c, SUBS, &storage).await, storage);
        let focus = "return document.activeElement.id";
        assert_eq!(
            wait_for_value(&c, focus, &json!("sub-close")).await,
            json!("sub-close")
        );
        let active = c.active_element().await.expect("focus");
        active
            .send_keys(&char::from(Key::Escape).to_string())
            .await
            .expect("escape");
        assert_eq!(wait_for_value(&c, SUBS, &json!(all)).await, json!(all));
        assert_no_console_errors(&c, "opening subcategories").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn featured_tiles_show_their_rule_label() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        // A label counts when it is displayed (plain tiles keep theirs hidden).
        let labels = "return [...document.querySelectorAll('#landscape li[data-i]')]
            .filter((li) => li.checkVisibility())
            .map((li) => { const l = li.querySelector('.tile-label');
              return li.querySelector('img').alt + ': ' + (l && getComputedStyle(l).display !== 'none' ? l.textContent : ''); })";
        let shown = strings(&c, labels).await;
        assert!(shown.contains(&"Theta Mesh: Graduated".to_string()), "{shown:#?}");
        assert!(shown.contains(&"Zeta Store: Incubating".to_string()), "{shown:#?}");
        assert!(shown.contains(&"Iota Proxy: ".to_string()), "{shown:#?}");
        // In the Projects tab incubating projects are plain tiles: no label.
        explore(&c, &format!("{base}/?group=projects")).await;
        let shown = strings(&c, labels).await;
        assert!(shown.contains(&"Zeta Store: ".to_string()), "{shown:#?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_shows_each_subcategorys_tiles_beside_its_text() {
    scenario(|c, base, _| async move {
        c.goto(&format!("{base}/guide/")).await.expect("guide");
        let beside = "const s = document.getElementById('provisioning-automation');
            const text = s.querySelector('.guide-text').getBoundingClientRect();
            const tiles = s.querySelector('.guide-tiles').getBoundingClientRect();
            return [tiles.left >= text.right, [...s.querySelectorAll('.guide-tiles img')].map((i) => i.alt)]";
        let got = c.execute(beside, vec![]).await.expect("layout");
        assert_eq!(
            got,
            // Zeta Store is there by its second path, as on the landscape.
            json!([true, ["Alpha Deploy", "Beta Config", "Zeta Store", "Gamma Provision"]])
        );
        // A tile leads to its item's page.
        click(&c, Locator::Css("#provisioning-automation .guide-tiles a")).await;
        assert!(url_when(&c, "/items/", true).await.contains("/items/"), "{}", url(&c).await);
        assert_no_console_errors(&c, "on the guide").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_view_not_shown_is_out_of_sight_and_out_of_the_tab_order() {
    scenario(|c, base, _| async move {
        // Filtered from the URL: the card view would list the graduated items only.
        explore(&c, &format!("{base}/?group=all&maturity=graduated")).await;
        // While the grid is shown and the page idle, the first cards' logos are loaded and
        // decoded (every logo of the fixture is also a tile in view, so ask the explorer).
        let fetched = "const { model, cards } = Landscape.explorer;
            const want = [...new Set(model.items.filter((it) => it.maturity === 'graduated' && it.logo)
                .map((it) => new URL(it.logo, location.href).href))].sort();
            const got = (cards.warmed || []).filter((img) => img.complete && img.naturalWidth > 0).map((img) => img.src).sort();
            return want.length === 3 && JSON.stringify(got) === JSON.stringify(want)";
        assert_eq!(wait_for_value(&c, fetched, &json!(true)).await, json!(true));
        click(&c, Locator::Css(".view-switch [data-view=card]")).await;
        let tiles_seen = "return [...document.querySelectorAll('#landscape li[data-i]')].some((li) => li.checkVisibility())";
        assert_eq!(wait_for_value(&c, tiles_seen, &json!(false)).await, json!(false));
        // The parked grid takes no room: the cards start where the grid started.
        let room = "return Math.round(document.getElementById('landscape').getBoundingClientRect().height)";
        assert_eq!(wait_for_value(&c, room, &json!(0)).await, json!(0));
        // Tab from the view switch reaches cards, never a tile of the parked grid.
        let mut reached = Vec::new();
        for _ in 0..40 {
            c.active_element()
                .await
                .expect("focus")
                .send_keys(&char::from(Key::Tab).to_string())
                .await
                .expect("tab");
            let now = c
                .execute("const a = document.activeElement; return a.closest('#landscape') ? 'tile' : a.closest('#cards') ? 'card' : ''", vec![])
                .await
                .expect("active");
            reached.push(now.as_str().unwrap_or_default().to_string());
        }
        assert!(reached.iter().any(|r| r == "card"), "{reached:?}");
        assert!(!reached.iter().any(|r| r == "tile"), "{reached:?}");
        // And back: the grid shows, the cards are parked.
        click(&c, Locator::Css(".view-switch [data-view=grid]")).await;
        assert_eq!(wait_for_value(&c, tiles_seen, &json!(true)).await, json!(true));
        let cards_seen = "return [...document.querySelectorAll('#cards .card')].some((e) => e.checkVisibility())";
        assert_eq!(wait_for_value(&c, cards_seen, &json!(false)).await, json!(false));
        assert_no_console_errors(&c, "while switching views").await;
    })
    .await;
}
