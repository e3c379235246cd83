//! Embeds inside other pages: item details over the host page, iframe heights, the old
//! per-category URLs, and the configurator's preview.

use fantoccini::{Client, Locator};
use serde_json::json;

use super::super::harness::{assert_no_console_errors, click, select, strings, wait_for_value};
use super::*;
use crate::support::file_server::FileServer;

/// A snippet pasted from a landscape2 site before this one replaced it: a subcategory key,
/// cards, `item-modal=true`, the details relay and frame on the host page.
pub(super) async fn a_pasted_card_view_shows_item_details_over_the_host_page(
    c: &Client,
    base: &str,
) {
    let host = FileServer::start(
        "/host.html",
        "text/html; charset=utf-8",
        format!(
        r#"<!DOCTYPE html><title>host</title><link rel="icon" href="data:,">
<iframe src="{base}/embed/embed.html?key={ADD}--ci-cd&style=card&size=md&item-modal=true" style="width:100%;height:500px;display:block;border:none;"></iframe>
<script src="{base}/embed/embed-item.js"></script>
<iframe id="embed-item" src="{base}/embed/embed-item.html" style="width:100%;height:100%;display:block;border:none;position:fixed;top:0;bottom:0;left:0;right:0;z-index:2147483647;display:none;"></iframe>"#
    ),
    )
    .await;
    c.goto(host.url()).await.expect("open host");
    let display = "return getComputedStyle(document.getElementById('embed-item')).display";
    assert_eq!(js(c, display).await, json!("none"));
    c.enter_frame(0).await.expect("into the view");
    assert_eq!(
        wait_for_value(c, STATE, &json!("ready")).await,
        json!("ready")
    );
    // Exactly that subcategory's items, as cards (their fixed height; `size` ignored), each
    // a button asking the host for its details rather than a link.
    assert_eq!(sections(c).await, [vec![".NET", "C++", "Shared Name"]]);
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('.l2e-cards .l2e-card').length"
        )
        .await,
        json!(3)
    );
    assert_eq!(style_of(c, ".l2e-card", "height").await, "192px");
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('.l2e a:not(.l2e-card-icon)').length"
        )
        .await,
        json!(0)
    );
    click(c, Locator::Css("button[aria-label='.NET info']")).await;
    c.enter_parent_frame().await.expect("back to the host");
    assert_eq!(
        wait_for_value(c, display, &json!("block")).await,
        json!("block")
    );
    c.find(Locator::Id("embed-item"))
        .await
        .expect("details frame")
        .enter_frame()
        .await
        .expect("into the details");
    let name = "return document.querySelector('.ei-name')?.textContent ?? null";
    assert_eq!(wait_for_value(c, name, &json!(".NET")).await, json!(".NET"));
    let shown = |selector: &str| {
        format!("return [...document.querySelectorAll('{selector}')].map((e) => e.textContent)")
    };
    assert_eq!(
        strings(c, &shown(".ei-badge")).await,
        ["Compat", "incubating"]
    );
    assert_eq!(
        strings(c, &shown(".ei-description")).await,
        ["A framework."]
    );
    assert_eq!(
        strings(c, &shown(".ei-path")).await,
        ["App Definition and Development / CI/CD"]
    );
    assert_eq!(
        strings(
            c,
            "return [...document.querySelectorAll('.ei-links a')].map((a) => a.href)"
        )
        .await,
        ["https://dotnet.example.org/"]
    );
    click(c, Locator::Css(".ei-close")).await;
    c.enter_parent_frame().await.expect("back to the host");
    assert_eq!(
        wait_for_value(c, display, &json!("none")).await,
        json!("none")
    );
    assert_no_console_errors(c, "showing item details").await;
}

pub(super) async fn iframe_resizer_and_height_messages_size_the_host_iframe(
    c: &Client,
    base: &str,
) {
    let resizer = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/iframe-resizer/iframeResizer.js"),
    )
    .expect("iframe-resizer");
    let host = FileServer::start(
        "/host.html",
        "text/html; charset=utf-8",
        format!(
        r##"<!DOCTYPE html><title>host</title><link rel="icon" href="data:,"><script>{resizer}</script>
<iframe id="r" src="{base}/embed/embed.html?key={ADD}&headers=true&iframe-resizer=true" style="width:900px;border:0"></iframe>
<iframe id="m" src="{base}/embed/embed.html?key={ADD}&headers=true" style="width:900px;height:50px;border:0"></iframe>
<script>iFrameResize({{ checkOrigin: false }}, "#r");
window.heights = []; addEventListener("message", (e) => {{ if (e.data?.type !== "landscape:height") return;
const m = document.getElementById("m"); if (m.contentWindow === e.source) {{ m.style.height = e.data.height + "px"; heights.push(e.data.height); }} }});</script>"##
    ),
    )
    .await;
    c.goto(host.url()).await.expect("open host");
    // Both views: the title, two subtitles, a row of tiles each (about 380px).
    c.enter_frame(0).await.expect("into the resized view");
    assert_eq!(
        wait_for_value(c, STATE, &json!("ready")).await,
        json!("ready")
    );
    let inner = js(c, "return document.body.offsetHeight")
        .await
        .as_f64()
        .expect("height");
    assert_eq!(js(c, "return document.querySelectorAll('script[src*=\"iframeResizer.contentWindow\"]').length").await, json!(1));
    c.enter_parent_frame().await.expect("back");
    let height = format!(
        "return Math.round(document.getElementById('r').getBoundingClientRect().height) === {}",
        inner.round()
    );
    assert_eq!(
        wait_for_value(c, &height, &json!(true)).await,
        json!(true),
        "iframe-resizer sized the frame to {inner}px"
    );
    assert!(inner > 300.0, "{inner}");
    c.enter_frame(1).await.expect("into the other view");
    assert_eq!(
        wait_for_value(c, STATE, &json!("ready")).await,
        json!("ready")
    );
    assert_eq!(
        js(
            c,
            "return document.querySelectorAll('script[src*=\"iframeResizer\"]').length"
        )
        .await,
        json!(0)
    );
    let page = js(
        c,
        "return Math.ceil(document.documentElement.getBoundingClientRect().height)",
    )
    .await;
    c.enter_parent_frame().await.expect("back");
    let last = "return window.heights[window.heights.length - 1] ?? null";
    assert_eq!(
        wait_for_value(c, last, &page).await,
        page,
        "the page posts its height"
    );
}

pub(super) async fn old_style_embed_urls_still_lead_to_their_page(c: &Client, base: &str) {
    c.goto(&format!(
        "{base}/embed/?category=orchestration%20%26%20management"
    ))
    .await
    .expect("open");
    let path = "return location.pathname";
    let page = json!(format!("/embed/{OM}/"));
    assert_eq!(wait_for_value(c, path, &page).await, page);
    let mut tiles = strings(
        c,
        "return [...document.querySelectorAll('li[data-i] img')].map((e) => e.alt)",
    )
    .await;
    tiles.sort();
    assert_eq!(tiles, ["Kubernetes", "Ænix"]);
}

pub(super) async fn the_configurator_writes_landscape2s_snippet_and_previews_it(
    c: &Client,
    base: &str,
) {
    c.goto(&format!("{base}/embed/")).await.expect("open");
    let code = "return document.getElementById('setup-code').textContent";
    let iframe = |query: &str| {
        format!(
            "<!-- Landscape embed view -->\n<iframe src=\"{base}/embed/embed.html?{query}\" style=\"width:100%;height:100%;display:block;border:none;\"></iframe>"
        )
    };
    let tail = "title-uppercase=false&title-alignment=left&title-font-family=sans-serif&title-font-size=13";
    // landscape2's defaults: the first category by name, its first subcategory.
    let first = iframe(&format!(
        "base-path=&classify=category&key={ADD}--ci-cd&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=shadowed&bg-color=%23323437&fg-color=%23ffffff&item-modal=false&hide-organization-section=false&item-name=false&size=md&items-alignment=left"
    ));
    assert_eq!(wait_for_value(c, code, &json!(first)).await, json!(first));
    let categories = strings(c, "return [...document.querySelectorAll('input[name=category]')].map((i) => i.parentNode.textContent.trim())").await;
    assert_eq!(
        categories,
        [
            "App Definition and Development",
            "Members",
            "Orchestration & Management"
        ]
    );
    // Two categories, bordered, large, with names.
    click(
        c,
        Locator::Css(&format!("input[name=category][value={OM}]")),
    )
    .await;
    select(c, "setup-style", "bordered").await;
    select(c, "setup-size", "lg").await;
    click(c, Locator::Id("setup-item-name")).await;
    let query = format!(
        "base-path=&classify=category&categories={ADD}%2C{OM}&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=bordered&bg-color=%23323437&fg-color=%23ffffff&item-modal=false&hide-organization-section=false&item-name=true&size=lg&items-alignment=left&item-name-font-size=11"
    );
    let two = iframe(&query);
    assert_eq!(wait_for_value(c, code, &json!(two)).await, json!(two));
    let src = js(c, "return document.getElementById('setup-preview').src").await;
    assert_eq!(src, json!(format!("{base}/embed/embed.html?{query}")));
    c.find(Locator::Id("setup-preview"))
        .await
        .expect("preview")
        .enter_frame()
        .await
        .expect("into the preview");
    assert_eq!(
        wait_for_value(c, STATE, &json!("ready")).await,
        json!("ready")
    );
    assert_eq!(
        titles(c).await,
        [
            "App Definition and Development",
            "Orchestration & Management"
        ]
    );
    assert_eq!(
        js(c, "return document.querySelectorAll('.l2e-name').length").await,
        json!(6)
    );
    assert_eq!(box_and_gap(c).await, (143., 130., 12.));
    c.enter_parent_frame().await.expect("back");
    // Maturity, the details modal (its script and frame added), card style.
    select(c, "setup-classify", "maturity").await;
    click(c, Locator::Id("setup-item-modal")).await;
    select(c, "setup-style", "card").await;
    let origin = format!("{base}/embed");
    let modal = format!(
        "{}\n<!-- Landscape embed item details view -->\n<!-- NOTE: the script and the iframe below should only be added once, even when adding multiple embed views to the page -->\n<script src=\"{origin}/embed-item.js\"></script>\n<iframe id=\"embed-item\" src=\"{origin}/embed-item.html\" style=\"width:100%;height:100%;display:block;border:none;position:fixed;top:0;bottom:0;left:0;right:0;z-index:2147483647;display:none;\"></iframe>",
        iframe(&format!(
            "base-path=&classify=maturity&key=graduated&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=card&bg-color=%23323437&fg-color=%23ffffff&item-modal=true&hide-organization-section=false"
        ))
    );
    assert_eq!(wait_for_value(c, code, &json!(modal)).await, json!(modal));
    c.find(Locator::Id("setup-preview"))
        .await
        .expect("preview")
        .enter_frame()
        .await
        .expect("into the preview");
    assert_eq!(
        wait_for_value(
            c,
            "return document.querySelectorAll('.l2e-card').length",
            &json!(2)
        )
        .await,
        json!(2)
    );
    assert_eq!(subtitles(c).await, ["Graduated (2)"]);
    c.enter_parent_frame().await.expect("back");
    assert_no_console_errors(c, "in the configurator").await;
}
