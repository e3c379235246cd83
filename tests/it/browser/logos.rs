//! Which logo files the explorer loads, and when: tiles show their raster while it is
//! sharp and the SVG past it; the first logos of the card view and of the other groups are
//! loaded while the page is idle, so that switching costs no requests.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::grid::TILE_WIDTH;
use super::harness::{assert_no_console_errors, cdp, click, explore, wait_for_value};
use super::scenario;

/// What the loaded logos of the small (or large) tiles in view are: "png" (their rasters),
/// "svg", or both.
fn logo_kinds(large: bool) -> String {
    let which = if large {
        ".tile-large"
    } else {
        ":not(.tile-large)"
    };
    format!(
        "const imgs = [...document.querySelectorAll('#landscape li[data-i]{which} img')]
            .filter((i) => i.checkVisibility() && i.complete && i.naturalWidth > 0);
        return imgs.length < 2 ? 'loading' : [...new Set(imgs.map((i) => i.currentSrc.split('.').pop()))].sort().join()"
    )
}

/// Waits until the loaded logos of the small (or large) tiles in view are `kind`.
async fn assert_logos(c: &Client, large: bool, kind: &str) {
    let got = wait_for_value(c, &logo_kinds(large), &json!(kind)).await;
    let which = if large { "large" } else { "small" };
    assert_eq!(got, json!(kind), "the logos of {which} tiles");
}

/// Zooms in `steps` times, until tiles are `px` wide.
async fn zoom_in(c: &Client, steps: usize, px: u32) {
    for _ in 0..steps {
        click(c, Locator::Id("zoom-in")).await;
    }
    assert_eq!(wait_for_value(c, TILE_WIDTH, &json!(px)).await, json!(px));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiles_show_their_raster_until_zoomed_past_it_then_the_svg() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        assert_logos(&c, false, "png").await;
        // A large tile's logo box (121 px wide) is within the raster too.
        assert_logos(&c, true, "png").await;
        // 84 px tiles: large ones (153 px boxes) are past the raster's 122 px.
        zoom_in(&c, 1, 84).await;
        assert_logos(&c, true, "svg").await;
        assert_logos(&c, false, "png").await;
        // 156 px tiles (144 px boxes): every tile shows the SVG, in view and to come.
        zoom_in(&c, 3, 156).await;
        assert_logos(&c, false, "svg").await;
        let rasters =
            "return document.querySelectorAll('#landscape img[src$=\".tile.png\"]').length";
        assert_eq!(c.execute(rasters, vec![]).await.expect("count"), json!(0));
        assert_no_console_errors(&c, "while zooming").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_zoom_past_the_raster_switches_tiles_to_the_svg() {
    scenario(|c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        assert_logos(&c, true, "png").await;
        // As a browser zoom to 200 % does: two device pixels per CSS pixel, page open.
        let two = json!({ "width": 0, "height": 0, "deviceScaleFactor": 2, "mobile": false });
        cdp(&c, "Emulation.setDeviceMetricsOverride", two).await;
        let dpr = "return devicePixelRatio";
        assert_eq!(wait_for_value(&c, dpr, &json!(2)).await, json!(2));
        // Large tiles' 121 px boxes are now 242 device pixels: the SVG. Small ones' 112
        // are still within the raster.
        assert_logos(&c, true, "svg").await;
        assert_logos(&c, false, "png").await;
        assert_no_console_errors(&c, "changing the resolution").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_screen_of_two_device_pixels_the_raster_serves_the_default_size_only() {
    let flags = ["--force-device-scale-factor=2"];
    super::scenario_with_flags(&flags, |c, base, _| async move {
        explore(&c, &format!("{base}/?group=all")).await;
        // 56 px logo boxes are 112 device pixels; large tiles' are past the raster.
        assert_logos(&c, false, "png").await;
        assert_logos(&c, true, "svg").await;
        zoom_in(&c, 1, 84).await;
        assert_logos(&c, false, "svg").await;
        // A larger size from the URL: the SVG from the start.
        explore(&c, &format!("{base}/?group=all&zoom=4")).await;
        assert_logos(&c, false, "svg").await;
    })
    .await;
}

/// The logos of the tiles that are not shown (absolute URLs, sorted, once each).
const HIDDEN_LOGOS: &str =
    "return [...new Set([...document.querySelectorAll('#landscape li[data-i] img')]
    .filter((img) => !img.checkVisibility()).map((img) => img.src))].sort()";

/// The requests this page has made so far for the images in `arguments[0]` (once per request).
const REQUESTS_OF: &str = "return performance.getEntriesByType('resource')
    .filter((e) => arguments[0].includes(e.name)).map((e) => e.name).sort()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_other_groups_first_logos_load_while_idle_and_their_tab_requests_none() {
    scenario(|c, base, _| async move {
        // The first group (Projects) is shown; the Members tiles are not.
        explore(&c, &format!("{base}/")).await;
        let hidden = c.execute(HIDDEN_LOGOS, vec![]).await.expect("hidden logos");
        assert!(
            hidden.as_array().is_some_and(|a| a.len() >= 2),
            "the fixture hides some tiles in the first group: {hidden}"
        );
        // Fewer than a screen of tiles in the fixture: every hidden logo is warmed, loaded
        // and decoded.
        let warmed = "const w = Landscape.explorer.grid.warmed;
            return w && w.length && w.every((img) => img.complete && img.naturalWidth > 0)
                ? [...new Set(w.map((img) => img.src))].filter((src) => arguments[0].includes(src)).sort()
                : 'loading'";
        let got = wait_for_value(&c, &warmed.replace("arguments[0]", &hidden.to_string()), &hidden).await;
        assert_eq!(got, hidden);
        // Each hidden logo was requested once (the card view's first logos, warmed too, are
        // other files: SVGs).
        let requests = || c.execute(REQUESTS_OF, vec![hidden.clone()]);
        let before = requests().await.expect("requests");
        assert_eq!(before, hidden);
        click(&c, Locator::Css("button[data-group=members]")).await;
        // The Members tiles show their logos, from memory: no request is added.
        let shown = "const imgs = [...document.querySelectorAll('#landscape li[data-i] img')]
            .filter((img) => img.checkVisibility());
            return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0)
                && imgs.some((img) => arguments[0].includes(img.src))";
        let shown = shown.replace("arguments[0]", &hidden.to_string());
        assert_eq!(wait_for_value(&c, &shown, &json!(true)).await, json!(true));
        let after = requests().await.expect("requests");
        assert_eq!(after, before, "switching to a warmed group requested images");
        assert_no_console_errors(&c, "warming the groups").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_slow_connection_the_other_groups_are_not_warmed() {
    let flags = ["--force-effective-connection-type=2G"];
    super::scenario_with_flags(&flags, |c, base, _| async move {
        explore(&c, &format!("{base}/")).await;
        let state = "return [navigator.connection.effectiveType, Landscape.explorer.grid.warmed]";
        let got = c.execute(state, vec![]).await.expect("state");
        assert_eq!(got, json!(["2g", null]));
    })
    .await;
}
