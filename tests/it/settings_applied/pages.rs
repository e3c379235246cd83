//! What settings put on the pages: snippets, social meta, banners, members' stats, the
//! organization of projects, featured labels and titles.

use super::{build, build_on, problems_on};
use crate::support::site::{edit_data, options};

const GUIDE: &[u8] = b"categories:\n  - category: Start\n    content: Hello.\n";

#[test]
fn gtm_and_osano_snippets_only_with_ids_of_their_form() {
    let plain = build("");
    let index = plain.read("index.html");
    for absent in [
        "googletagmanager",
        "gtm.",
        "osano",
        "data-container-id",
        "cookie-settings",
    ] {
        assert!(
            !index.contains(absent),
            "{absent} without settings: {index}"
        );
    }

    let site = build(
        "analytics:\n  gtm:\n    container_id: GTM-ABC123\nosano:\n  customer_id: 16A0DbT9yDNIaQkvZ\n  customer_configuration_id: c3494b1e-ff3a-436f-978d-842e9a0bed27\n",
    );
    for page in [
        "index.html",
        "items/kubernetes/index.html",
        "stats/index.html",
        "projects-summary/index.html",
    ] {
        let html = site.read(page);
        let head = site.head(page);
        // The loader is a file (the preview's policy runs no inline script but one), the id
        // in an attribute; the no-script fallback frame opens the body.
        let loader = head
            .split("<script src=\"/assets/gtm.")
            .nth(1)
            .unwrap_or_else(|| panic!("no GTM loader in {page}: {head}"));
        let file = loader.split('"').next().expect("file name");
        assert!(
            loader.contains(r#"data-container-id="GTM-ABC123" defer></script>"#),
            "{page}: {loader}"
        );
        assert!(
            site.out.join(format!("assets/gtm.{file}")).is_file(),
            "assets/gtm.{file}"
        );
        assert!(
            html.contains(
                r#"<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-ABC123""#
            ),
            "{page}"
        );
        assert!(
            head.contains(r#"<script src="https://cmp.osano.com/16A0DbT9yDNIaQkvZ/c3494b1e-ff3a-436f-978d-842e9a0bed27/osano.js" defer></script>"#),
            "{page}: {head}"
        );
        assert!(
            html.contains(r#"id="cookie-settings" hidden>Cookie settings</button>"#),
            "{page}"
        );
    }
    let gtm_js = std::fs::read_dir(site.out.join("assets"))
        .expect("assets")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("gtm."))
        })
        .expect("gtm.js published");
    let loader = std::fs::read_to_string(gtm_js).expect("gtm.js");
    assert!(
        loader.contains("dataset.containerId")
            && loader.contains("googletagmanager.com/gtm.js?id=")
    );

    // Hostile ids: a warning on their line, and nothing of either vendor on any page.
    let hostile = build(
        "analytics:\n  gtm:\n    container_id: \"GTM-X\\\"><script>alert(1)</script>\"\nosano:\n  customer_id: \"x/../../evil.example.org/\"\n  customer_configuration_id: ok\n",
    );
    let index = hostile.read("index.html");
    for absent in [
        "googletagmanager",
        "data-container-id",
        "alert(1)",
        "osano",
        "evil.example",
    ] {
        assert!(!index.contains(absent), "{absent}: {index}");
    }
    let gtm = problems_on(&hostile.report, "analytics.gtm.container_id");
    assert!(
        gtm.len() == 1 && gtm[0].contains("settings.yml:32 "),
        "{gtm:?}"
    );
    let osano = problems_on(&hostile.report, "osano.customer_id");
    assert!(
        osano.len() == 1 && osano[0].contains("settings.yml:34 "),
        "{osano:?}"
    );
}

#[test]
fn every_page_has_social_meta_with_an_absolute_image() {
    let svg = std::fs::read(super::compat().join("hosted_logos/cpp.svg")).expect("an svg");
    let site = build_on(
        "base_path: /sub\ndescription: 'Cloud \"native\" <b>map</b> & more'\nimages:\n  open_graph: card.svg\n",
        "2026-01-15",
        &[("card.svg", &svg), ("guide.yml", GUIDE)],
    );
    let brand: Vec<String> = std::fs::read_dir(site.out.join("brand"))
        .expect("brand dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(brand.len(), 1, "{brand:?}");
    let image = format!(
        "https://landscape.compat.example.org/sub/brand/{}",
        brand[0]
    );
    let root = "https://landscape.compat.example.org/sub/";
    for (page, url, title) in [
        ("index.html", root.to_string(), "Compat landscape"),
        (
            "items/kubernetes/index.html",
            format!("{root}items/kubernetes/"),
            "Kubernetes · Compat landscape",
        ),
        (
            "guide/index.html",
            format!("{root}guide/"),
            "Guide · Compat landscape",
        ),
        (
            "stats/index.html",
            format!("{root}stats/"),
            "Stats · Compat landscape",
        ),
        (
            "projects-summary/index.html",
            format!("{root}projects-summary/"),
            "Projects · Compat landscape",
        ),
    ] {
        let head = site.head(page);
        let description = "Cloud &quot;native&quot; &lt;b&gt;map&lt;&#x2F;b&gt; &amp; more";
        let description = if head.contains("&#x2F;") {
            description.to_string()
        } else {
            description.replace("&#x2F;", "/")
        };
        for tag in [
            format!(r#"<title>{title}</title>"#),
            format!(r#"<link rel="canonical" href="{url}">"#),
            r#"<meta property="og:type" content="website">"#.to_string(),
            format!(r#"<meta property="og:url" content="{url}">"#),
            r#"<meta property="og:site_name" content="Compat landscape">"#.to_string(),
            format!(r#"<meta property="og:title" content="{title}">"#),
            r#"<meta name="twitter:card" content="summary_large_image">"#.to_string(),
            format!(r#"<meta name="description" content="{description}">"#),
            format!(r#"<meta property="og:description" content="{description}">"#),
            format!(r#"<meta property="og:image" content="{image}">"#),
        ] {
            assert!(head.contains(&tag), "{page} lacks {tag}:\n{head}");
        }
        // X falls back to the og: tags; copies of them would only add bytes to every page.
        for copy in ["twitter:title", "twitter:description", "twitter:image"] {
            assert!(
                !head.contains(copy),
                "{page} repeats the og: tags as {copy}"
            );
        }
        assert_eq!(head.matches("<title>").count(), 1);
    }
    // The 404 page is at no one address: no canonical link.
    assert!(!site.head("404.html").contains("canonical"));
}

#[test]
fn motd_is_sanitized_html_in_a_dismissible_banner() {
    let site = build(
        "header:\n  motd: \"Join **us** at [the meetup](https://meetup.example.org/) <script>alert(1)</script> <img src=x onerror=alert(2)> [bad](javascript:alert(3))\"\n",
    );
    let index = site.read("index.html");
    let banner = index
        .split(r#"<aside class="banner motd""#)
        .nth(1)
        .and_then(|b| b.split("</aside>").next())
        .unwrap_or_else(|| panic!("no motd banner: {index}"));
    assert!(
        banner.contains("Join <strong>us</strong> at <a href=\"https://meetup.example.org/\""),
        "{banner}"
    );
    for bad in ["<script", "onerror", "javascript:", "alert("] {
        assert!(!banner.contains(bad), "{bad} in {banner}");
    }
    assert!(
        banner.contains(r#"<button type="button" class="banner-close""#),
        "{banner}"
    );
    assert!(banner.contains(r#"data-dismiss="motd-"#), "{banner}");
    assert!(
        index.contains("/assets/notices."),
        "the banner script is loaded"
    );
    assert!(
        site.read("stats/index.html")
            .contains(r#"class="banner motd""#)
    );
    assert!(!build("").read("index.html").contains("banner"));
}

#[test]
fn the_event_banner_shows_until_its_end_day() {
    let event = "upcoming_event:\n  name: \"Con <x>\"\n  start: \"2026-07-28\"\n  end: \"2026-07-31\"\n  banner_url: https://img.example.org/banner.png\n  details_url: https://events.example.org/con\n";
    let banner = |today: &str| -> Option<String> {
        let index = build_on(event, today, &[]).read("index.html");
        (index.split(r#"<aside class="banner event-banner""#).nth(1))
            .and_then(|b| b.split("</aside>").next())
            .map(str::to_string)
    };
    for today in ["2026-01-15", "2026-07-28", "2026-07-31"] {
        let banner = banner(today).unwrap_or_else(|| panic!("no event banner on {today}"));
        assert!(banner.contains(r#"data-end="2026-07-31""#), "{banner}");
        assert!(banner.contains(r#"<a href="https://events.example.org/con" rel="noopener"><img src="https://img.example.org/banner.png" alt="Con &lt;x&gt;, 2026-07-28 to 2026-07-31"></a>"#), "{banner}");
    }
    assert_eq!(banner("2026-08-01"), None, "the event is over");

    // Links other than http(s) are dropped: the banner shows the name without them.
    let hostile = build(
        "upcoming_event:\n  name: Con\n  start: \"2026-07-28\"\n  end: \"2026-07-31\"\n  banner_url: \"javascript:alert(1)\"\n  details_url: \"data:text/html,x\"\n",
    );
    let index = hostile.read("index.html");
    assert!(
        index.contains(r#"<strong>Con</strong> <span>2026-07-28 to 2026-07-31</span>"#),
        "{index}"
    );
    assert!(!index.contains("javascript:") && !index.contains("data:text"));
    // An end that is not a date: a warning, no banner.
    let undated = build("upcoming_event:\n  name: Con\n  start: \"2026-07-28\"\n  end: soon\n");
    assert!(!undated.read("index.html").contains("event-banner"));
    assert_eq!(problems_on(&undated.report, "upcoming_event.end").len(), 1);
}

#[test]
fn the_stats_page_counts_the_members() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = super::compat_with(tmp.path(), "");
    for (member, joined) in [
        ("Member A", "2021-03-04"),
        ("Member B", "2023-05-06"),
        ("Endress+Hauser (x)", "2021-11-12"),
    ] {
        let from = format!("name: {member}\n");
        edit_data(
            &data,
            &from,
            &format!("{from}            joined: '{joined}'\n"),
        );
    }
    let out = tmp.path().join("site");
    landscape::site::build(&options(&data, &out)).expect("builds");
    let stats = std::fs::read_to_string(out.join("stats/index.html")).expect("stats page");
    assert!(
        stats.contains("<li><strong>3</strong><span>Members</span></li>"),
        "{stats}"
    );
    let chart = |id: &str| -> String {
        (stats
            .split(&format!(r#"<figure class="chart-card" id="{id}">"#))
            .nth(1))
        .and_then(|c| c.split("</figure>").next())
        .unwrap_or_else(|| panic!("no {id} chart: {stats}"))
        .to_string()
    };
    // Subcategories in the landscape's order, with their counts.
    let subcategories = chart("members");
    assert!(
        subcategories.contains(r#"<tr><th scope="row">Platinum</th><td>1</td></tr><tr><th scope="row">End User Supporter</th><td>2</td></tr>"#),
        "{subcategories}"
    );
    let joined = chart("members-joined");
    assert!(
        joined.contains(r#"<tr><th scope="row">2021</th><td>2</td></tr><tr><th scope="row">2023</th><td>1</td></tr>"#),
        "{joined}"
    );
    // Without `joined` dates there is no chart per year.
    assert!(
        !build("")
            .read("stats/index.html")
            .contains(r#"id="members-joined""#)
    );
}

#[test]
fn organization_can_be_hidden_for_projects() {
    let shown = build("");
    let hidden = build("hide_organization_section_in_projects: true\n");
    let section = r#"<section class="organization-section"><h2>Organization</h2>"#;
    assert!(shown.read("items/kubernetes/index.html").contains(section));
    assert!(!hidden.read("items/kubernetes/index.html").contains(section));
    // Not a project: its organization stays.
    let aenix = hidden.read("items/aenix/index.html");
    assert!(
        aenix.contains(section) && aenix.contains("<dd>Aenix</dd>"),
        "{aenix}"
    );
}

#[test]
fn featured_tiles_show_their_label_and_titles_are_single() {
    let site = build("");
    let index = site.read("index.html");
    let tile = index
        .split(r#"<a href="/items/kubernetes/""#)
        .nth(1)
        .and_then(|t| t.split("</li>").next())
        .expect("the Kubernetes tile");
    assert!(
        tile.contains(r#"<small class="tile-label">Compat Graduated</small></a>"#),
        "{tile}"
    );
    let plain = index
        .split(r#"<a href="/items/aenix/""#)
        .nth(1)
        .and_then(|t| t.split("</li>").next())
        .expect("the Ænix tile");
    assert!(!plain.contains("tile-label"), "{plain}");
    assert!(
        index.contains("<title>Compat landscape</title>"),
        "one title on the landscape page"
    );
    assert!(
        site.read("items/aenix/index.html")
            .contains("<title>Ænix · Compat landscape</title>")
    );
}
