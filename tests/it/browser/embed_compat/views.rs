//! What `embed/embed.html` draws for landscape2's parameters.

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::super::harness::{assert_no_console_errors, console_errors, strings, text};
use super::*;

pub(super) async fn category_and_subcategory_keys_show_landscape2s_sections(
    c: &Client,
    base: &str,
) {
    // A whole category, with headers: the category title, then each subcategory with its
    // count and its items sorted by name.
    open(
        c,
        base,
        &format!("classify=category&key={ADD}&headers=true"),
    )
    .await;
    assert_eq!(titles(c).await, ["App Definition and Development"]);
    assert_eq!(
        subtitles(c).await,
        ["CI/CD (3)", "Streaming & Messaging (1)"]
    );
    assert_eq!(
        sections(c).await,
        [vec![".NET", "C++", "Shared Name"], vec!["Shared Name"]]
    );
    // A subcategory key; the category named in the subtitle; no category title.
    open(
        c,
        base,
        &format!(
            "key={ADD}--ci-cd&headers=true&category-in-subcategory=true&category-header=false"
        ),
    )
    .await;
    assert!(titles(c).await.is_empty());
    assert_eq!(
        subtitles(c).await,
        ["App Definition and Development - CI/CD (3)"]
    );
    // `headers` is off unless it is `true`: one list, sorted, each item once.
    open(c, base, &format!("key={ADD}")).await;
    assert!(titles(c).await.is_empty() && subtitles(c).await.is_empty());
    assert_eq!(
        sections(c).await,
        [vec![".NET", "C++", "Shared Name", "Shared Name"]]
    );
    // `subcategories` keeps those of the category's key it names.
    open(
        c,
        base,
        &format!("key={ADD}&subcategories=streaming-messaging&headers=true"),
    )
    .await;
    assert_eq!(subtitles(c).await, ["Streaming & Messaging (1)"]);
    // One category in `categories` and no key: that category.
    open(c, base, &format!("categories={OM}&headers=true")).await;
    assert_eq!(sections(c).await, [vec!["Ænix", "Kubernetes"]]);
    assert_no_console_errors(c, "on category embeds").await;
}

pub(super) async fn maturity_tag_and_several_categories(c: &Client, base: &str) {
    open(c, base, "classify=maturity&key=graduated&headers=true").await;
    assert_eq!(subtitles(c).await, ["Graduated (2)"]);
    assert_eq!(sections(c).await, [vec!["Kubernetes", "Shared Name"]]);
    open(c, base, "classify=maturity&key=all&headers=true").await;
    assert_eq!(
        subtitles(c).await,
        ["Graduated (2)", "Incubating (1)", "Sandbox (1)"]
    );
    // Tags: the item's own, and a settings rule's for projects of its category.
    open(c, base, "classify=tag&key=all&headers=true").await;
    assert_eq!(
        subtitles(c).await,
        ["App Delivery (1)", "Orchestration (1)"]
    );
    assert_eq!(sections(c).await, [vec![".NET"], vec!["Kubernetes"]]);
    // Several categories: each with its title, the second one set apart by twice the
    // margin; a name not found is left out.
    open(c, base, &format!("categories={ADD},{OM},nope&headers=true")).await;
    assert_eq!(
        titles(c).await,
        [
            "App Definition and Development",
            "Orchestration & Management"
        ]
    );
    assert_eq!(
        subtitles(c).await,
        [
            "CI/CD (3)",
            "Streaming & Messaging (1)",
            "Scheduling & Orchestration (2)"
        ]
    );
    let margins = strings(c, "return [...document.querySelectorAll('.l2e-title')].map((t) => getComputedStyle(t).margin)").await;
    assert_eq!(margins, ["0px 0px 16px", "32px 0px 16px"]);
    open(c, base, &format!("categories={OM},{ADD}")).await;
    assert_eq!(
        sections(c).await,
        [vec![
            ".NET",
            "Ænix",
            "C++",
            "Kubernetes",
            "Shared Name",
            "Shared Name"
        ]]
    );
    // The one failed load: the category that does not exist.
    let errors = console_errors(c).await;
    assert!(
        errors.len() == 1 && errors[0].contains("/data/embed_category_nope.json"),
        "{errors:#?}"
    );
}

pub(super) async fn styles_and_sizes_measure_as_landscape2s(c: &Client, base: &str) {
    for (size, w, h, gap) in [
        ("xs", 55., 50., 5.),
        ("sm", 77., 70., 8.),
        ("md", 110., 100., 10.),
        ("lg", 143., 130., 12.),
        ("xl", 220., 200., 15.),
    ] {
        open(c, base, &format!("key={ADD}--ci-cd&size={size}")).await;
        assert_eq!(box_and_gap(c).await, (w, h, gap), "size {size}");
    }
    // No size: md; a custom spacing replaces the gap.
    open(c, base, &format!("key={ADD}--ci-cd&items-spacing=30")).await;
    assert_eq!(box_and_gap(c).await, (110., 100., 30.));
    // The default style is shadowed: a border, white, a shadow.
    for (style, shadow, background) in [
        (
            "",
            "rgba(0, 0, 0, 0.075) 0px 2px 4px 0px",
            "rgb(255, 255, 255)",
        ),
        ("&style=bordered", "none", "rgb(255, 255, 255)"),
    ] {
        open(c, base, &format!("key={ADD}--ci-cd{style}")).await;
        assert_eq!(
            style_of(c, ".l2e-item", "border-top-width").await,
            "1px",
            "{style}"
        );
        assert_eq!(
            style_of(c, ".l2e-item", "border-top-style").await,
            "solid",
            "{style}"
        );
        // rgba(0, 0, 0, .175), as the browser stores alpha (8 bits).
        assert_eq!(
            style_of(c, ".l2e-item", "border-top-color").await,
            "rgba(0, 0, 0, 0.176)",
            "{style}"
        );
        assert_eq!(
            style_of(c, ".l2e-item", "box-shadow").await,
            shadow,
            "{style}"
        );
        assert_eq!(
            style_of(c, ".l2e-item", "background-color").await,
            background,
            "{style}"
        );
    }
    open(c, base, &format!("key={ADD}--ci-cd&style=clean")).await;
    assert_eq!(style_of(c, ".l2e-item", "border-top-width").await, "0px");
    assert_eq!(
        style_of(c, ".l2e-item", "background-color").await,
        "rgba(0, 0, 0, 0)"
    );
    // Cards: logo, name, organization, badges, links and description; size ignored.
    open(
        c,
        base,
        &format!("key={OM}&style=card&size=xs&headers=true"),
    )
    .await;
    assert_eq!(sections(c).await, [vec!["Ænix", "Kubernetes"]]);
    assert_eq!(style_of(c, ".l2e-card", "height").await, "192px");
    let badges = strings(c, "return [...document.querySelectorAll('.l2e-col')[1].querySelectorAll('.l2e-badge')].map((b) => b.textContent)").await;
    assert_eq!(badges, ["Compat", "graduated"]);
    let descriptions = strings(
        c,
        "return [...document.querySelectorAll('.l2e-card-desc')].map((d) => d.textContent)",
    )
    .await;
    assert_eq!(
        descriptions,
        ["This item does not have a description available yet"; 2]
    );
    let links = strings(c, "return [...document.querySelectorAll('.l2e-col')[1].querySelectorAll('a.l2e-card-icon')].map((a) => a.href)").await;
    assert_eq!(
        links,
        [
            "https://kubernetes.example.org/",
            "https://github.com/compat/kubernetes"
        ]
    );
    open(c, base, "key=members--platinum&style=card").await;
    assert_eq!(
        strings(
            c,
            "return [...document.querySelectorAll('.l2e-badge')].map((b) => b.textContent)"
        )
        .await,
        ["Platinum member"]
    );
    // Phones get landscape2's smaller boxes.
    c.set_window_size(600, 900).await.expect("narrow window");
    open(c, base, &format!("key={ADD}--ci-cd")).await;
    assert_eq!(box_and_gap(c).await, (70., 63., 7.));
    c.set_window_size(1280, 900).await.expect("wide window");
    // An unknown style or size is landscape2's invalid URL.
    for query in [
        format!("key={ADD}&style=fancy"),
        format!("key={ADD}&size=huge"),
        "classify=category".into(),
        "key=nope".into(),
        "key=..%2Fitems".into(),
        "classify=owner&key=x".into(),
    ] {
        open_as(c, base, &query, "invalid").await;
        assert_eq!(
            text(c, Locator::Css(".l2e-alert h4")).await,
            "Invalid embed url",
            "{query}"
        );
        let setup = js(c, "return document.querySelector('.l2e-alert a').href").await;
        assert_eq!(setup, json!(format!("{base}/embed/")));
    }
}

pub(super) async fn titles_names_and_colours_follow_the_parameters(c: &Client, base: &str) {
    open(c, base, &format!("key={ADD}--ci-cd&headers=true&bg-color=%23ff0000&fg-color=rgb(0,0,255)&title-font-size=20&title-uppercase=true&title-alignment=center&title-font-family=monospace&item-name=true&item-name-font-size=20&items-alignment=right")).await;
    assert_eq!(
        style_of(c, ".l2e-title", "background-color").await,
        "rgb(255, 0, 0)"
    );
    assert_eq!(style_of(c, ".l2e-title", "color").await, "rgb(0, 0, 255)");
    assert_eq!(style_of(c, ".l2e-title", "font-size").await, "20px");
    assert_eq!(
        style_of(c, ".l2e-title", "text-transform").await,
        "uppercase"
    );
    assert_eq!(style_of(c, ".l2e-title", "text-align").await, "center");
    assert_eq!(
        style_of(c, ".l2e-title", "font-family").await,
        r#"Courier, Consolas, "Andale Mono", monospace"#
    );
    assert_eq!(style_of(c, ".l2e-grid", "justify-content").await, "right");
    let names = strings(
        c,
        "return [...document.querySelectorAll('.l2e-name')].map((n) => n.textContent)",
    )
    .await;
    assert_eq!(names, [".NET", "C++", "Shared Name"]);
    assert_eq!(style_of(c, ".l2e-name", "font-size").await, "20px");
    // Defaults: no names, 13px titles, landscape2's colours; `transparent` drops the side padding.
    open(c, base, &format!("key={ADD}--ci-cd&headers=true")).await;
    assert_eq!(
        js(c, "return document.querySelectorAll('.l2e-name').length").await,
        json!(0)
    );
    assert_eq!(style_of(c, ".l2e-title", "font-size").await, "13px");
    assert_eq!(
        style_of(c, ".l2e-title", "background-color").await,
        "rgb(50, 52, 55)"
    );
    assert_eq!(
        style_of(c, ".l2e-title", "color").await,
        "rgb(255, 255, 255)"
    );
    open(
        c,
        base,
        &format!("key={ADD}--ci-cd&headers=true&bg-color=transparent"),
    )
    .await;
    assert_eq!(style_of(c, ".l2e-title", "padding").await, "8px 0px");
    // Out of range: the default.
    open(
        c,
        base,
        &format!("key={ADD}--ci-cd&headers=true&title-font-size=99"),
    )
    .await;
    assert_eq!(style_of(c, ".l2e-title", "font-size").await, "13px");
}

pub(super) async fn hostile_parameters_reach_no_css(c: &Client, base: &str) {
    let evil = "bg-color=red%3Bbackground%3Aurl(%2F%2Fevil.example%2Fa.png)&fg-color=var(--x%2Curl(%2F%2Fevil.example%2Fb.png))&title-font-family=x%3B%7Dbody%7Bdisplay%3Anone&title-alignment=left%3Bcolor%3Ared&items-alignment=x%3By";
    open(c, base, &format!("key={ADD}--ci-cd&headers=true&{evil}")).await;
    assert_eq!(
        style_of(c, ".l2e-title", "background-color").await,
        "rgb(50, 52, 55)"
    );
    assert_eq!(style_of(c, ".l2e-title", "background-image").await, "none");
    assert_eq!(
        style_of(c, ".l2e-title", "color").await,
        "rgb(255, 255, 255)"
    );
    assert_eq!(style_of(c, ".l2e-title", "text-align").await, "left");
    assert!(
        style_of(c, ".l2e-title", "font-family")
            .await
            .starts_with(r#""Clarity City""#)
    );
    assert_eq!(style_of(c, ".l2e-grid", "justify-content").await, "left");
    assert_eq!(style_of(c, "body", "display").await, "block");
    let vars = js(c, "const s = document.querySelector('.l2e').style; return [s.getPropertyValue('--bg-color'), s.getPropertyValue('--fg-color')]").await;
    assert_eq!(vars, json!(["#323437", "#ffffff"]));
    let fetched = strings(c, "return performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.includes('evil'))").await;
    assert!(fetched.is_empty(), "{fetched:?}");
}

pub(super) async fn names_with_markup_are_shown_as_text(c: &Client, base: &str) {
    let name = r#"<img src=x onerror="window.pwned=1"><b>Bold</b>"#;
    for style in ["bordered", "card"] {
        open(
            c,
            base,
            &format!("key=members--platinum&headers=true&item-name=true&style={style}"),
        )
        .await;
        let names = strings(c, "return [...document.querySelectorAll('.l2e-name, .l2e-card-name')].map((n) => n.textContent)").await;
        assert_eq!(names[0], name, "{style}");
        assert_eq!(sections(c).await[0][0], name);
        assert_eq!(js(c, "return document.querySelectorAll('.l2e b, .l2e script, .l2e img[src=\"x\"]').length").await, json!(0));
        assert_eq!(js(c, "return window.pwned ?? null").await, Value::Null);
    }
    let description = text(c, Locator::Css(".l2e-card-desc")).await;
    assert_eq!(description, "<script>window.pwned=2</script>");
}

pub(super) async fn item_links_open_the_item_by_its_landscape2_id(c: &Client, base: &str) {
    let hrefs = "return [...document.querySelectorAll('.l2e-item a')].map((a) => [a.href, a.target, a.rel])";
    open(c, base, &format!("key={ADD}--ci-cd&base-path=/landscape")).await;
    let links = js(c, hrefs).await;
    let link = |id: &str, path: &str| {
        json!([
            format!("{base}{path}/?item={id}"),
            "_blank",
            "noopener noreferrer"
        ])
    };
    assert_eq!(
        links,
        json!([
            link(&format!("{ADD}--ci-cd---net"), "/landscape"),
            link(&format!("{ADD}--ci-cd--c%2B%2B"), "/landscape"),
            link(&format!("{ADD}--ci-cd--shared-name"), "/landscape")
        ])
    );
    // Without base-path, or with one that is not a path: the site's own root.
    for bad in [
        "",
        "&base-path=%2F%2Fevil.example",
        "&base-path=javascript:alert(1)",
    ] {
        open(c, base, &format!("key={OM}{bad}")).await;
        let links = js(c, hrefs).await;
        assert_eq!(
            links,
            json!([
                link(&format!("{OM}--scheduling-orchestration--%C3%A6nix"), ""),
                link(&format!("{OM}--scheduling-orchestration--kubernetes"), "")
            ]),
            "{bad}"
        );
    }
}
