//! Logo advice: warnings (never errors) on the `logo:` line of the item naming the logo, one
//! code per advice, cached per logo content.

use std::io::Cursor;
use std::path::Path;

use base64::Engine;
use landscape::logos::{Advice, LogoCache, ProcessOptions};
use serde_json::Value;

use crate::support::cli;

/// A coloured square: nothing to advise.
const CLEAN: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="20" fill="#2f6fd0"/><circle cx="50" cy="50" r="30" fill="#ffffff"/></svg>"##;

fn svg(body: &str, width: u32, height: u32) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{body}</svg>"#
    )
}

/// A `width` × `height` PNG of one RGBA colour.
fn png(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
    let image = image::RgbaImage::from_pixel(width, height, image::Rgba(rgba));
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// The crafted logos: (file, bytes, the advice codes expected).
fn logos() -> Vec<(&'static str, Vec<u8>, Vec<&'static str>)> {
    let data_png = base64::engine::general_purpose::STANDARD.encode(png(8, 8, [200, 30, 30, 255]));
    let raster = svg(
        &format!(r#"<image width="100" height="100" href="data:image/png;base64,{data_png}"/>"#),
        100,
        100,
    );
    // White pixels in an SVG: the contrast check does not decode embedded rasters, so the
    // advice is to redraw it as paths, not that it vanishes.
    let white_png = base64::engine::general_purpose::STANDARD.encode(png(8, 8, [255; 4]));
    let white_raster = svg(
        &format!(r#"<image width="100" height="100" href="data:image/png;base64,{white_png}"/>"#),
        100,
        100,
    );
    // 30,000 small coloured squares: a traced bitmap's worth of markup.
    let mut squares = String::new();
    for i in 0..30_000 {
        let (x, y) = (i % 200, i / 200);
        squares.push_str(&format!("M{x} {y}h1v1h-1z"));
    }
    let oversized = svg(
        &format!(r##"<path fill="#2f6fd0" d="{squares}"/>"##),
        200,
        150,
    );
    vec![
        ("clean.svg", CLEAN.into(), vec![]),
        ("raster.svg", raster.into(), vec!["logo-embeds-raster"]),
        (
            "white-raster.svg",
            white_raster.into(),
            vec!["logo-embeds-raster"],
        ),
        ("oversized.svg", oversized.into(), vec!["logo-oversized"]),
        (
            "wide.svg",
            svg(r##"<rect width="1000" height="100" fill="#2f6fd0"/>"##, 1000, 100).into(),
            vec!["logo-aspect"],
        ),
        (
            "tall.svg",
            svg(r##"<rect width="100" height="500" fill="#2f6fd0"/>"##, 100, 500).into(),
            vec!["logo-aspect"],
        ),
        (
            "text.svg",
            svg(
                r##"<rect width="100" height="100" fill="#2f6fd0"/><text x="10" y="60" fill="#fff">Acme</text>"##,
                100,
                100,
            )
            .into(),
            vec!["logo-text"],
        ),
        (
            "black.svg",
            svg(r##"<circle cx="50" cy="50" r="50" fill="#000"/>"##, 100, 100).into(),
            // Logos sit on light tiles in both themes: black shows.
            vec![],
        ),
        (
            "white.svg",
            svg(r##"<circle cx="50" cy="50" r="50" fill="#fff"/>"##, 100, 100).into(),
            vec!["logo-invisible-light"],
        ),
        // Rasters are measured too: white on transparent.
        ("white.png", png(40, 40, [255, 255, 255, 255]), vec!["logo-invisible-light"]),
        ("clean.png", png(40, 40, [47, 111, 208, 255]), vec![]),
    ]
}

/// A landscape with one item per logo; returns the `logo:` line of each.
fn write_landscape(dir: &Path) -> Vec<(&'static str, u32, Vec<&'static str>)> {
    std::fs::create_dir_all(dir.join("logos")).expect("mkdir");
    let mut yaml = String::from(
        "landscape:\n  - category:\n    name: Cat\n    subcategories:\n      - subcategory:\n        name: Sub\n        items:\n",
    );
    let mut lines = Vec::new();
    for (file, bytes, codes) in logos() {
        std::fs::write(dir.join("logos").join(file), bytes).expect("write logo");
        let line = yaml.lines().count() as u32 + 4;
        yaml.push_str(&format!(
            "          - item:\n            name: Item {file}\n            homepage_url: https://example.org/\n            logo: {file}\n"
        ));
        lines.push((file, line, codes));
    }
    std::fs::write(dir.join("landscape.yml"), yaml).expect("write data");
    lines
}

#[test]
fn each_advice_is_a_warning_on_the_logo_line_and_a_clean_logo_gets_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expected = write_landscape(dir.path());
    let out = cli::run(
        dir.path(),
        &["validate", "--format", "json", "--cache", "cache"],
    );
    // Warnings only: validate passes.
    assert!(out.status.success(), "{}", cli::text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert_eq!(report["errors"], 0, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    for (file, line, codes) in expected {
        let mut found: Vec<&str> = (diagnostics.iter())
            .filter(|d| d["item"] == format!("Item {file}").as_str())
            .map(|d| {
                assert_eq!(d["severity"], "warning", "{d}");
                assert_eq!(d["line"], line, "{d}");
                assert_eq!(d["field"], "logo", "{d}");
                assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
                assert!(d["message"].as_str().unwrap_or("").contains(file), "{d}");
                d["code"].as_str().expect("code")
            })
            .collect();
        found.sort();
        assert_eq!(found, codes, "{file}");
    }
    // Running the human format shows the hint too.
    let human = cli::text(&cli::run(dir.path(), &["validate", "--cache", "cache"]));
    assert!(human.contains("logo-embeds-raster"), "{human}");
    assert!(human.contains("convert the text to paths"), "{human}");
}

#[test]
fn advice_is_cached_per_logo_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_landscape(dir.path());
    let out = cli::run(dir.path(), &["validate", "--cache", "cache"]);
    assert!(out.status.success(), "{}", cli::text(&out));
    let cache = LogoCache::new(dir.path().join("cache/logos"));
    let opts = ProcessOptions {
        adjust_viewbox: true,
    };
    let text = std::fs::read(dir.path().join("logos/text.svg")).expect("read");
    assert_eq!(cache.advice(&text, &opts), Some(vec![Advice::Text]));
    let clean = std::fs::read(dir.path().join("logos/clean.svg")).expect("read");
    assert_eq!(cache.advice(&clean, &opts), Some(vec![]));

    // Advice comes from the cache when it has it: a cache claiming other advice for the
    // clean logo's bytes is believed, so nothing is measured again.
    let other = tempfile::tempdir().expect("tempdir");
    LogoCache::new(other.path().join("logos"))
        .put_all(vec![LogoCache::advice_entry(
            &clean,
            &opts,
            &[Advice::InvisibleLight],
        )])
        .expect("put");
    let cache_dir = other.path().to_str().expect("utf-8 path");
    let out = cli::run(
        dir.path(),
        &["validate", "--format", "json", "--cache", cache_dir],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let clean_codes: Vec<&Value> = (report["diagnostics"].as_array().expect("diagnostics"))
        .iter()
        .filter(|d| d["item"] == "Item clean.svg")
        .map(|d| &d["code"])
        .collect();
    assert_eq!(clean_codes, [&Value::from("logo-invisible-light")]);
}

#[test]
fn build_reports_the_same_advice() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_landscape(dir.path());
    let out = cli::run(
        dir.path(),
        &["build", "--out", "site", "--no-github", "--cache", "cache"],
    );
    assert!(out.status.success(), "{}", cli::text(&out));
    let text = cli::text(&out);
    for code in [
        "logo-embeds-raster",
        "logo-oversized",
        "logo-aspect",
        "logo-text",
    ] {
        assert!(text.contains(code), "{code} missing from:\n{text}");
    }
}

#[test]
fn the_wide_logo_advice_gives_its_proportions() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_landscape(dir.path());
    let out = cli::run(
        dir.path(),
        &["validate", "--format", "json", "--cache", "cache"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    let message = (report["diagnostics"].as_array().expect("diagnostics"))
        .iter()
        .find(|d| d["item"] == "Item wide.svg")
        .and_then(|d| d["message"].as_str())
        .expect("advice on wide.svg")
        .to_string();
    assert!(message.contains("10.0 times as wide"), "{message}");
}
