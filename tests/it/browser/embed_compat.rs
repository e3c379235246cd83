//! landscape2's embed URLs (`embed/embed.html?classify=…&key=…`) on a site built from
//! `tests/fixtures/compat`: the selection, the look (box sizes and gaps measured in the
//! browser), hostile parameters and names, item links and details, iframe-resizer, and the
//! configurator's snippet and preview.

use std::path::PathBuf;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::harness::{
    assert_no_console_errors, click, console_errors, select, strings, text, wait_for_value,
};
use super::pages::OtherSite;
use super::scenario_on;
use super::site::compat_fixture;

const ADD: &str = "app-definition-and-development";
const OM: &str = "orchestration-management";

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Opens `embed/embed.html?<query>` and waits until it has drawn (`state`: "ready" or
/// "invalid").
async fn open_as(c: &Client, base: &str, query: &str, state: &str) {
    let url = format!("{base}/embed/embed.html?{query}");
    c.goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    let got = wait_for_value(c, STATE, &json!(state)).await;
    assert_eq!(got, json!(state), "{url}");
}

const STATE: &str =
    "return document.getElementById('landscape-embeddable-view')?.dataset.state ?? null";

async fn open(c: &Client, base: &str, query: &str) {
    open_as(c, base, query, "ready").await;
}

async fn titles(c: &Client) -> Vec<String> {
    strings(
        c,
        "return [...document.querySelectorAll('.l2e-title')].map((e) => e.textContent)",
    )
    .await
}

async fn subtitles(c: &Client) -> Vec<String> {
    strings(
        c,
        "return [...document.querySelectorAll('.l2e-subtitle')].map((e) => e.textContent)",
    )
    .await
}

/// Item names per grid (or card list), in the order shown.
async fn sections(c: &Client) -> Vec<Vec<String>> {
    let v = js(c, "return [...document.querySelectorAll('.l2e-grid, .l2e-cards')].map((g) => [...g.querySelectorAll('img')].map((i) => i.alt.replace(/ logo$/, '')))").await;
    serde_json::from_value(v).expect("lists of names")
}

/// The first tile's size and the gap to the second, in CSS pixels.
async fn box_and_gap(c: &Client) -> (f64, f64, f64) {
    let v = js(c, "const [a, b] = document.querySelectorAll('.l2e-item'); const r = a.getBoundingClientRect(); return [r.width, r.height, b.getBoundingClientRect().left - r.right]").await;
    let v: Vec<f64> = serde_json::from_value(v).expect("numbers");
    (v[0], v[1], v[2])
}

async fn style_of(c: &Client, selector: &str, property: &str) -> String {
    let v = js(c, &format!("return getComputedStyle(document.querySelector({selector:?})).getPropertyValue({property:?})")).await;
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn category_and_subcategory_keys_show_landscape2s_sections() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        // A whole category, with headers: the category title, then each subcategory with its
        // count and its items sorted by name.
        open(
            &c,
            &base,
            &format!("classify=category&key={ADD}&headers=true"),
        )
        .await;
        assert_eq!(titles(&c).await, ["App Definition and Development"]);
        assert_eq!(
            subtitles(&c).await,
            ["CI/CD (3)", "Streaming & Messaging (1)"]
        );
        assert_eq!(
            sections(&c).await,
            [vec![".NET", "C++", "Shared Name"], vec!["Shared Name"]]
        );
        // A subcategory key; the category named in the subtitle; no category title.
        open(
            &c,
            &base,
            &format!(
                "key={ADD}--ci-cd&headers=true&category-in-subcategory=true&category-header=false"
            ),
        )
        .await;
        assert!(titles(&c).await.is_empty());
        assert_eq!(
            subtitles(&c).await,
            ["App Definition and Development - CI/CD (3)"]
        );
        // `headers` is off unless it is `true`: one list, sorted, each item once.
        open(&c, &base, &format!("key={ADD}")).await;
        assert!(titles(&c).await.is_empty() && subtitles(&c).await.is_empty());
        assert_eq!(
            sections(&c).await,
            [vec![".NET", "C++", "Shared Name", "Shared Name"]]
        );
        // `subcategories` keeps those of the category's key it names.
        open(
            &c,
            &base,
            &format!("key={ADD}&subcategories=streaming-messaging&headers=true"),
        )
        .await;
        assert_eq!(subtitles(&c).await, ["Streaming & Messaging (1)"]);
        // One category in `categories` and no key: that category.
        open(&c, &base, &format!("categories={OM}&headers=true")).await;
        assert_eq!(sections(&c).await, [vec!["Ænix", "Kubernetes"]]);
        assert_no_console_errors(&c, "on category embeds").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maturity_tag_and_several_categories() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        open(&c, &base, "classify=maturity&key=graduated&headers=true").await;
        assert_eq!(subtitles(&c).await, ["Graduated (2)"]);
        assert_eq!(sections(&c).await, [vec!["Kubernetes", "Shared Name"]]);
        open(&c, &base, "classify=maturity&key=all&headers=true").await;
        assert_eq!(subtitles(&c).await, ["Graduated (2)", "Incubating (1)", "Sandbox (1)"]);
        // Tags: the item's own, and a settings rule's for projects of its category.
        open(&c, &base, "classify=tag&key=all&headers=true").await;
        assert_eq!(subtitles(&c).await, ["App Delivery (1)", "Orchestration (1)"]);
        assert_eq!(sections(&c).await, [vec![".NET"], vec!["Kubernetes"]]);
        // Several categories: each with its title, the second one set apart by twice the
        // margin; a name not found is left out.
        open(&c, &base, &format!("categories={ADD},{OM},nope&headers=true")).await;
        assert_eq!(titles(&c).await, ["App Definition and Development", "Orchestration & Management"]);
        assert_eq!(subtitles(&c).await, ["CI/CD (3)", "Streaming & Messaging (1)", "Scheduling & Orchestration (2)"]);
        let margins = strings(&c, "return [...document.querySelectorAll('.l2e-title')].map((t) => getComputedStyle(t).margin)").await;
        assert_eq!(margins, ["0px 0px 16px", "32px 0px 16px"]);
        open(&c, &base, &format!("categories={OM},{ADD}")).await;
        assert_eq!(sections(&c).await, [vec![".NET", "Ænix", "C++", "Kubernetes", "Shared Name", "Shared Name"]]);
        // The one failed load: the category that does not exist.
        let errors = console_errors(&c).await;
        assert!(errors.len() == 1 && errors[0].contains("/data/embed_category_nope.json"), "{errors:#?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn styles_and_sizes_measure_as_landscape2s() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        for (size, w, h, gap) in [("xs", 55., 50., 5.), ("sm", 77., 70., 8.), ("md", 110., 100., 10.), ("lg", 143., 130., 12.), ("xl", 220., 200., 15.)] {
            open(&c, &base, &format!("key={ADD}--ci-cd&size={size}")).await;
            assert_eq!(box_and_gap(&c).await, (w, h, gap), "size {size}");
        }
        // No size: md; a custom spacing replaces the gap.
        open(&c, &base, &format!("key={ADD}--ci-cd&items-spacing=30")).await;
        assert_eq!(box_and_gap(&c).await, (110., 100., 30.));
        // The default style is shadowed: a border, white, a shadow.
        for (style, shadow, background) in [("", "rgba(0, 0, 0, 0.075) 0px 2px 4px 0px", "rgb(255, 255, 255)"), ("&style=bordered", "none", "rgb(255, 255, 255)")] {
            open(&c, &base, &format!("key={ADD}--ci-cd{style}")).await;
            assert_eq!(style_of(&c, ".l2e-item", "border-top-width").await, "1px", "{style}");
            assert_eq!(style_of(&c, ".l2e-item", "border-top-style").await, "solid", "{style}");
            // rgba(0, 0, 0, .175), as the browser stores alpha (8 bits).
            assert_eq!(style_of(&c, ".l2e-item", "border-top-color").await, "rgba(0, 0, 0, 0.176)", "{style}");
            assert_eq!(style_of(&c, ".l2e-item", "box-shadow").await, shadow, "{style}");
            assert_eq!(style_of(&c, ".l2e-item", "background-color").await, background, "{style}");
        }
        open(&c, &base, &format!("key={ADD}--ci-cd&style=clean")).await;
        assert_eq!(style_of(&c, ".l2e-item", "border-top-width").await, "0px");
        assert_eq!(style_of(&c, ".l2e-item", "background-color").await, "rgba(0, 0, 0, 0)");
        // Cards: logo, name, organization, badges, links and description; size ignored.
        open(&c, &base, &format!("key={OM}&style=card&size=xs&headers=true")).await;
        assert_eq!(sections(&c).await, [vec!["Ænix", "Kubernetes"]]);
        assert_eq!(style_of(&c, ".l2e-card", "height").await, "192px");
        let badges = strings(&c, "return [...document.querySelectorAll('.l2e-col')[1].querySelectorAll('.l2e-badge')].map((b) => b.textContent)").await;
        assert_eq!(badges, ["Compat", "graduated"]);
        let descriptions = strings(&c, "return [...document.querySelectorAll('.l2e-card-desc')].map((d) => d.textContent)").await;
        assert_eq!(descriptions, ["This item does not have a description available yet"; 2]);
        let links = strings(&c, "return [...document.querySelectorAll('.l2e-col')[1].querySelectorAll('a.l2e-card-icon')].map((a) => a.href)").await;
        assert_eq!(links, ["https://kubernetes.example.org/", "https://github.com/compat/kubernetes"]);
        open(&c, &base, "key=members--platinum&style=card").await;
        assert_eq!(strings(&c, "return [...document.querySelectorAll('.l2e-badge')].map((b) => b.textContent)").await, ["Platinum member"]);
        // Phones get landscape2's smaller boxes.
        c.set_window_size(600, 900).await.expect("narrow window");
        open(&c, &base, &format!("key={ADD}--ci-cd")).await;
        assert_eq!(box_and_gap(&c).await, (70., 63., 7.));
        c.set_window_size(1280, 900).await.expect("wide window");
        // An unknown style or size is landscape2's invalid URL.
        for query in [format!("key={ADD}&style=fancy"), format!("key={ADD}&size=huge"), "classify=category".into(), "key=nope".into(), "key=..%2Fitems".into(), "classify=owner&key=x".into()] {
            open_as(&c, &base, &query, "invalid").await;
            assert_eq!(text(&c, Locator::Css(".l2e-alert h4")).await, "Invalid embed url", "{query}");
            let setup = js(&c, "return document.querySelector('.l2e-alert a').href").await;
            assert_eq!(setup, json!(format!("{base}/embed/")));
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn titles_names_and_colours_follow_the_parameters() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        open(&c, &base, &format!("key={ADD}--ci-cd&headers=true&bg-color=%23ff0000&fg-color=rgb(0,0,255)&title-font-size=20&title-uppercase=true&title-alignment=center&title-font-family=monospace&item-name=true&item-name-font-size=20&items-alignment=right")).await;
        assert_eq!(style_of(&c, ".l2e-title", "background-color").await, "rgb(255, 0, 0)");
        assert_eq!(style_of(&c, ".l2e-title", "color").await, "rgb(0, 0, 255)");
        assert_eq!(style_of(&c, ".l2e-title", "font-size").await, "20px");
        assert_eq!(style_of(&c, ".l2e-title", "text-transform").await, "uppercase");
        assert_eq!(style_of(&c, ".l2e-title", "text-align").await, "center");
        assert_eq!(style_of(&c, ".l2e-title", "font-family").await, r#"Courier, Consolas, "Andale Mono", monospace"#);
        assert_eq!(style_of(&c, ".l2e-grid", "justify-content").await, "right");
        let names = strings(&c, "return [...document.querySelectorAll('.l2e-name')].map((n) => n.textContent)").await;
        assert_eq!(names, [".NET", "C++", "Shared Name"]);
        assert_eq!(style_of(&c, ".l2e-name", "font-size").await, "20px");
        // Defaults: no names, 13px titles, landscape2's colours; `transparent` drops the side padding.
        open(&c, &base, &format!("key={ADD}--ci-cd&headers=true")).await;
        assert_eq!(js(&c, "return document.querySelectorAll('.l2e-name').length").await, json!(0));
        assert_eq!(style_of(&c, ".l2e-title", "font-size").await, "13px");
        assert_eq!(style_of(&c, ".l2e-title", "background-color").await, "rgb(50, 52, 55)");
        assert_eq!(style_of(&c, ".l2e-title", "color").await, "rgb(255, 255, 255)");
        open(&c, &base, &format!("key={ADD}--ci-cd&headers=true&bg-color=transparent")).await;
        assert_eq!(style_of(&c, ".l2e-title", "padding").await, "8px 0px");
        // Out of range: the default.
        open(&c, &base, &format!("key={ADD}--ci-cd&headers=true&title-font-size=99")).await;
        assert_eq!(style_of(&c, ".l2e-title", "font-size").await, "13px");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_parameters_reach_no_css() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        let evil = "bg-color=red%3Bbackground%3Aurl(%2F%2Fevil.example%2Fa.png)&fg-color=var(--x%2Curl(%2F%2Fevil.example%2Fb.png))&title-font-family=x%3B%7Dbody%7Bdisplay%3Anone&title-alignment=left%3Bcolor%3Ared&items-alignment=x%3By";
        open(&c, &base, &format!("key={ADD}--ci-cd&headers=true&{evil}")).await;
        assert_eq!(style_of(&c, ".l2e-title", "background-color").await, "rgb(50, 52, 55)");
        assert_eq!(style_of(&c, ".l2e-title", "background-image").await, "none");
        assert_eq!(style_of(&c, ".l2e-title", "color").await, "rgb(255, 255, 255)");
        assert_eq!(style_of(&c, ".l2e-title", "text-align").await, "left");
        assert!(style_of(&c, ".l2e-title", "font-family").await.starts_with(r#""Clarity City""#));
        assert_eq!(style_of(&c, ".l2e-grid", "justify-content").await, "left");
        assert_eq!(style_of(&c, "body", "display").await, "block");
        let vars = js(&c, "const s = document.querySelector('.l2e').style; return [s.getPropertyValue('--bg-color'), s.getPropertyValue('--fg-color')]").await;
        assert_eq!(vars, json!(["#323437", "#ffffff"]));
        let fetched = strings(&c, "return performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('evil'))").await;
        assert!(fetched.is_empty(), "{fetched:?}");
    })
    .await;
}

/// The compat fixture plus an item whose name is markup, in `dir`.
fn with_markup_name(dir: &std::path::Path) -> PathBuf {
    let data = dir.join("data");
    crate::support::copy_dir(&compat_fixture(), &data);
    crate::support::site::edit_data(
        &data,
        "          - item:\n            name: Endress+Hauser (x)",
        "          - item:\n            name: '<img src=x onerror=\"window.pwned=1\"><b>Bold</b>'\n            homepage_url: https://markup.example.org/\n            logo: endress.svg\n            description: '<script>window.pwned=2</script>'\n          - item:\n            name: Endress+Hauser (x)",
    );
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_with_markup_are_shown_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = with_markup_name(dir.path());
    scenario_on(Some(data), |c, base, _| async move {
        let name = r#"<img src=x onerror="window.pwned=1"><b>Bold</b>"#;
        for style in ["bordered", "card"] {
            open(&c, &base, &format!("key=members--platinum&headers=true&item-name=true&style={style}")).await;
            let names = strings(&c, "return [...document.querySelectorAll('.l2e-name, .l2e-card-name')].map((n) => n.textContent)").await;
            assert_eq!(names[0], name, "{style}");
            assert_eq!(sections(&c).await[0][0], name);
            assert_eq!(js(&c, "return document.querySelectorAll('.l2e b, .l2e script, .l2e img[src=\"x\"]').length").await, json!(0));
            assert_eq!(js(&c, "return window.pwned ?? null").await, Value::Null);
        }
        let description = text(&c, Locator::Css(".l2e-card-desc")).await;
        assert_eq!(description, "<script>window.pwned=2</script>");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_links_open_the_item_by_its_landscape2_id() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        let hrefs = "return [...document.querySelectorAll('.l2e-item a')].map((a) => [a.href, a.target, a.rel])";
        open(&c, &base, &format!("key={ADD}--ci-cd&base-path=/landscape")).await;
        let links = js(&c, hrefs).await;
        let link = |id: &str, path: &str| json!([format!("{base}{path}/?item={id}"), "_blank", "noopener noreferrer"]);
        assert_eq!(links, json!([link(&format!("{ADD}--ci-cd---net"), "/landscape"), link(&format!("{ADD}--ci-cd--c%2B%2B"), "/landscape"), link(&format!("{ADD}--ci-cd--shared-name"), "/landscape")]));
        // Without base-path, or with one that is not a path: the site's own root.
        for bad in ["", "&base-path=%2F%2Fevil.example", "&base-path=javascript:alert(1)"] {
            open(&c, &base, &format!("key={OM}{bad}")).await;
            let links = js(&c, hrefs).await;
            assert_eq!(links, json!([link(&format!("{OM}--scheduling-orchestration--%C3%A6nix"), ""), link(&format!("{OM}--scheduling-orchestration--kubernetes"), "")]), "{bad}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_details_open_over_the_host_page() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        let host = OtherSite::serve(format!(
            r#"<!DOCTYPE html><title>host</title><link rel="icon" href="data:,">
<iframe src="{base}/embed/embed.html?base-path=&classify=category&key={OM}&headers=true&item-modal=true&hide-organization-section=false" style="width:100%;height:500px;display:block;border:none;"></iframe>
<script src="{base}/embed/embed-item.js"></script>
<iframe id="embed-item" src="{base}/embed/embed-item.html" style="width:100%;height:100%;display:block;border:none;position:fixed;top:0;bottom:0;left:0;right:0;z-index:2147483647;display:none;"></iframe>"#
        ));
        c.goto(&host.url).await.expect("open host");
        let display = "return getComputedStyle(document.getElementById('embed-item')).display";
        c.enter_frame(0).await.expect("into the view");
        assert_eq!(wait_for_value(&c, STATE, &json!("ready")).await, json!("ready"));
        click(&c, Locator::Css("button[aria-label='Kubernetes info']")).await;
        c.enter_parent_frame().await.expect("back to the host");
        assert_eq!(wait_for_value(&c, display, &json!("block")).await, json!("block"));
        c.find(Locator::Id("embed-item")).await.expect("details frame").enter_frame().await.expect("into the details");
        let name = "return document.querySelector('.ei-name')?.textContent ?? null";
        assert_eq!(wait_for_value(&c, name, &json!("Kubernetes")).await, json!("Kubernetes"));
        assert_eq!(strings(&c, "return [...document.querySelectorAll('.ei-badge')].map((b) => b.textContent)").await, ["Compat", "graduated"]);
        assert_eq!(strings(&c, "return [...document.querySelectorAll('.ei-links a')].map((a) => a.href)").await, ["https://kubernetes.example.org/", "https://github.com/compat/kubernetes"]);
        click(&c, Locator::Css(".ei-close")).await;
        c.enter_parent_frame().await.expect("back to the host");
        assert_eq!(wait_for_value(&c, display, &json!("none")).await, json!("none"));
        assert_no_console_errors(&c, "showing item details").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iframe_resizer_and_height_messages_size_the_host_iframe() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        let resizer = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iframe-resizer/iframeResizer.js")).expect("iframe-resizer");
        let host = OtherSite::serve(format!(
            r##"<!DOCTYPE html><title>host</title><link rel="icon" href="data:,"><script>{resizer}</script>
<iframe id="r" src="{base}/embed/embed.html?key={ADD}&headers=true&iframe-resizer=true" style="width:900px;border:0"></iframe>
<iframe id="m" src="{base}/embed/embed.html?key={ADD}&headers=true" style="width:900px;height:50px;border:0"></iframe>
<script>iFrameResize({{ checkOrigin: false }}, "#r");
window.heights = []; addEventListener("message", (e) => {{ if (e.data?.type !== "landscape:height") return;
const m = document.getElementById("m"); if (m.contentWindow === e.source) {{ m.style.height = e.data.height + "px"; heights.push(e.data.height); }} }});</script>"##
        ));
        c.goto(&host.url).await.expect("open host");
        // Both views: the title, two subtitles, a row of tiles each (about 380px).
        c.enter_frame(0).await.expect("into the resized view");
        assert_eq!(wait_for_value(&c, STATE, &json!("ready")).await, json!("ready"));
        let inner = js(&c, "return document.body.offsetHeight").await.as_f64().expect("height");
        assert_eq!(js(&c, "return document.querySelectorAll('script[src*=\"iframeResizer.contentWindow\"]').length").await, json!(1));
        c.enter_parent_frame().await.expect("back");
        let height = format!("return Math.round(document.getElementById('r').getBoundingClientRect().height) === {}", inner.round());
        assert_eq!(wait_for_value(&c, &height, &json!(true)).await, json!(true), "iframe-resizer sized the frame to {inner}px");
        assert!(inner > 300.0, "{inner}");
        c.enter_frame(1).await.expect("into the other view");
        assert_eq!(wait_for_value(&c, STATE, &json!("ready")).await, json!("ready"));
        assert_eq!(js(&c, "return document.querySelectorAll('script[src*=\"iframeResizer\"]').length").await, json!(0));
        let page = js(&c, "return Math.ceil(document.documentElement.getBoundingClientRect().height)").await;
        c.enter_parent_frame().await.expect("back");
        let last = "return window.heights[window.heights.length - 1] ?? null";
        assert_eq!(wait_for_value(&c, last, &page).await, page, "the page posts its height");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_style_embed_urls_still_lead_to_their_page() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        c.goto(&format!(
            "{base}/embed/?category=orchestration%20%26%20management"
        ))
        .await
        .expect("open");
        let path = "return location.pathname";
        let page = json!(format!("/embed/{OM}/"));
        assert_eq!(wait_for_value(&c, path, &page).await, page);
        let mut tiles = strings(
            &c,
            "return [...document.querySelectorAll('li[data-i] img')].map((e) => e.alt)",
        )
        .await;
        tiles.sort();
        assert_eq!(tiles, ["Kubernetes", "Ænix"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configurator_writes_landscape2s_snippet_and_previews_it() {
    scenario_on(Some(compat_fixture()), |c, base, _| async move {
        c.goto(&format!("{base}/embed/")).await.expect("open");
        let code = "return document.getElementById('setup-code').textContent";
        let iframe = |query: &str| format!("<!-- Landscape embed view -->\n<iframe src=\"{base}/embed/embed.html?{query}\" style=\"width:100%;height:100%;display:block;border:none;\"></iframe>");
        let tail = "title-uppercase=false&title-alignment=left&title-font-family=sans-serif&title-font-size=13";
        // landscape2's defaults: the first category by name, its first subcategory.
        let first = iframe(&format!("base-path=&classify=category&key={ADD}--ci-cd&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=shadowed&bg-color=%23323437&fg-color=%23ffffff&item-modal=false&hide-organization-section=false&item-name=false&size=md&items-alignment=left"));
        assert_eq!(wait_for_value(&c, code, &json!(first)).await, json!(first));
        let categories = strings(&c, "return [...document.querySelectorAll('input[name=category]')].map((i) => i.parentNode.textContent.trim())").await;
        assert_eq!(categories, ["App Definition and Development", "Members", "Orchestration & Management"]);
        // Two categories, bordered, large, with names.
        click(&c, Locator::Css(&format!("input[name=category][value={OM}]"))).await;
        select(&c, "setup-style", "bordered").await;
        select(&c, "setup-size", "lg").await;
        click(&c, Locator::Id("setup-item-name")).await;
        let query = format!("base-path=&classify=category&categories={ADD}%2C{OM}&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=bordered&bg-color=%23323437&fg-color=%23ffffff&item-modal=false&hide-organization-section=false&item-name=true&size=lg&items-alignment=left&item-name-font-size=11");
        let two = iframe(&query);
        assert_eq!(wait_for_value(&c, code, &json!(two)).await, json!(two));
        let src = js(&c, "return document.getElementById('setup-preview').src").await;
        assert_eq!(src, json!(format!("{base}/embed/embed.html?{query}")));
        c.find(Locator::Id("setup-preview")).await.expect("preview").enter_frame().await.expect("into the preview");
        assert_eq!(wait_for_value(&c, STATE, &json!("ready")).await, json!("ready"));
        assert_eq!(titles(&c).await, ["App Definition and Development", "Orchestration & Management"]);
        assert_eq!(js(&c, "return document.querySelectorAll('.l2e-name').length").await, json!(6));
        assert_eq!(box_and_gap(&c).await, (143., 130., 12.));
        c.enter_parent_frame().await.expect("back");
        // Maturity, the details modal (its script and frame added), card style.
        select(&c, "setup-classify", "maturity").await;
        click(&c, Locator::Id("setup-item-modal")).await;
        select(&c, "setup-style", "card").await;
        let origin = format!("{base}/embed");
        let modal = format!(
            "{}\n<!-- Landscape embed item details view -->\n<!-- NOTE: the script and the iframe below should only be added once, even when adding multiple embed views to the page -->\n<script src=\"{origin}/embed-item.js\"></script>\n<iframe id=\"embed-item\" src=\"{origin}/embed-item.html\" style=\"width:100%;height:100%;display:block;border:none;position:fixed;top:0;bottom:0;left:0;right:0;z-index:2147483647;display:none;\"></iframe>",
            iframe(&format!("base-path=&classify=maturity&key=graduated&headers=true&category-header=true&category-in-subcategory=false&{tail}&style=card&bg-color=%23323437&fg-color=%23ffffff&item-modal=true&hide-organization-section=false"))
        );
        assert_eq!(wait_for_value(&c, code, &json!(modal)).await, json!(modal));
        c.find(Locator::Id("setup-preview")).await.expect("preview").enter_frame().await.expect("into the preview");
        assert_eq!(wait_for_value(&c, "return document.querySelectorAll('.l2e-card').length", &json!(2)).await, json!(2));
        assert_eq!(subtitles(&c).await, ["Graduated (2)"]);
        c.enter_parent_frame().await.expect("back");
        assert_no_console_errors(&c, "in the configurator").await;
    })
    .await;
}
