//! Brand images named in settings.yml (header and footer logos, favicon, social card): a
//! local file is published only as a sanitized image named by its detected format, a path
//! out of the landscape is never followed, and each refusal is a warning on its settings
//! line. The poster's fetched header logo must be an image too.

use std::path::{Path, PathBuf};

use crate::support::cli::{run, text};
use crate::support::data_copy;
use crate::support::file_server::FileServer;

const EVIL_HTML: &str =
    "<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n";

/// An SVG with every way of carrying script the sanitizer must drop, and a known viewBox.
const SCRIPTED_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" onload="alert(1)"><script>alert(2)</script><rect x="80" y="20" width="10" height="10" fill="#123456" onclick="alert(3)"/></svg>"##;

/// The core fixture in `dir/data`, its settings.yml given `brand` (YAML lines at the top
/// level) in place of its footer; returns the data directory.
fn landscape_with(dir: &Path, brand: &str) -> PathBuf {
    let data = data_copy(dir);
    let settings = data.join("settings.yml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let kept: String = text.split("footer:").next().unwrap().into();
    std::fs::write(&settings, format!("{kept}{brand}")).unwrap();
    data
}

/// 1-based line of settings.yml holding `needle`.
fn line_of(data: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(data.join("settings.yml")).unwrap();
    let index = text.lines().position(|l| l.contains(needle)).unwrap();
    index as u64 + 1
}

fn build(dir: &Path) -> String {
    let out = run(
        dir,
        &[
            "build",
            "--data",
            "data/landscape.yml",
            "--out",
            "site",
            "--cache",
            "cache",
        ],
    );
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    log
}

/// `validate --format json`: exit code and the diagnostics.
fn validate(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = run(
        dir,
        &[
            "validate",
            "--data",
            "data/landscape.yml",
            "--cache",
            "cache",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let list = json["diagnostics"].as_array().cloned().unwrap_or_default();
    (out.status.code(), list)
}

/// The one diagnostic about `field`; it must be a brand-image warning.
fn warning_on(list: &[serde_json::Value], field: &str) -> serde_json::Value {
    let found: Vec<_> = list.iter().filter(|d| d["field"] == field).collect();
    assert_eq!(found.len(), 1, "{list:#?}");
    let d = found[0].clone();
    assert_eq!(d["severity"], "warning", "{d:#}");
    assert_eq!(d["code"], "brand-image", "{d:#}");
    assert_eq!(d["file"], "data/settings.yml", "{d:#}");
    d
}

/// Every file of the built site, by path relative to it.
fn site_files(site: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    crate::support::site::files(site)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path.strip_prefix(site).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn contains(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The names of the files in `site/brand/`.
fn brand_dir(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("site/brand"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn index_html(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("site/index.html")).unwrap()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(width, height)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[test]
fn html_footer_logo_is_published_nowhere_and_warned_on_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = landscape_with(
        tmp.path(),
        "header:\n  logo: javascript:alert(1)\nfooter:\n  text: Hi\n  logo: evil.html\n",
    );
    std::fs::write(data.join("evil.html"), EVIL_HTML).unwrap();

    let (code, list) = validate(tmp.path());
    assert_eq!(code, Some(0), "a warning, not an error: {list:#?}");
    let d = warning_on(&list, "footer.logo");
    assert_eq!(d["line"], line_of(&data, "logo: evil.html"));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("`evil.html` is not published") && message.contains("<html>"),
        "{message}"
    );

    let url = warning_on(&list, "header.logo");
    assert_eq!(url["line"], line_of(&data, "logo: javascript:"));
    assert!(
        url["message"].as_str().unwrap().contains("is not linked"),
        "{url:#}"
    );

    let log = build(tmp.path());
    assert!(log.contains("brand-image"), "the build warns too: {log}");
    // The page's own script (the fixture's items carry `<script>alert` as data, which
    // items.csv rightly keeps).
    for (path, bytes) in site_files(&tmp.path().join("site")) {
        assert!(!contains(&bytes, "document.cookie"), "{}", path.display());
    }
    assert_eq!(brand_dir(tmp.path()), Vec::<String>::new());
    // Neither logo: the foundation's name stands in the header, no image 36 high in the footer.
    let page = index_html(tmp.path());
    assert!(page.contains(r#"<span class="brand-name">"#), "{page}");
    assert!(!page.contains(r#"height="36""#), "{page}");
    assert!(!page.contains("javascript:alert"), "{page}");
}

#[test]
fn scripted_svg_logos_are_published_sanitized_as_svg_and_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let data = landscape_with(
        tmp.path(),
        "header:\n  logo: images/head.svg\nfooter:\n  logo: evil.html\n",
    );
    std::fs::create_dir(data.join("images")).unwrap();
    std::fs::write(data.join("images/head.svg"), SCRIPTED_SVG).unwrap();
    // A misnamed SVG is published, as the SVG it is.
    std::fs::write(
        data.join("evil.html"),
        SCRIPTED_SVG.replace("123456", "654321"),
    )
    .unwrap();

    let (code, list) = validate(tmp.path());
    assert_eq!(code, Some(0));
    assert!(list.is_empty(), "{list:#?}");
    build(tmp.path());

    let names = brand_dir(tmp.path());
    assert_eq!(names.len(), 2, "{names:?}");
    let head = names.iter().find(|n| n.starts_with("head.")).unwrap();
    let foot = names.iter().find(|n| n.starts_with("evil.")).unwrap();
    for (name, color) in [(head, "#123456"), (foot, "#654321")] {
        assert!(name.ends_with(".svg"), "{name}");
        let svg = std::fs::read_to_string(tmp.path().join("site/brand").join(name)).unwrap();
        assert!(svg.contains(color), "{svg}");
        for bad in ["<script", "alert", "onload", "onclick"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        // Brand images keep the frame their author drew (item logos are cropped).
        assert!(svg.contains(r#"viewBox="0 0 200 50""#), "{svg}");
    }
    let page = index_html(tmp.path());
    assert!(
        page.contains(&format!(r#"<img src="/landscape/brand/{head}" alt="#)),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<img src="/landscape/brand/{foot}" alt="#)),
        "{page}"
    );
}

#[test]
fn png_with_an_html_tail_is_published_as_png() {
    let tmp = tempfile::tempdir().unwrap();
    let data = landscape_with(
        tmp.path(),
        "images:\n  favicon: icon.html\n  open_graph: card.png\n",
    );
    let mut polyglot = png(32, 32);
    polyglot.extend_from_slice(EVIL_HTML.as_bytes());
    std::fs::write(data.join("icon.html"), &polyglot).unwrap();
    std::fs::write(data.join("card.png"), png(120, 63)).unwrap();

    let (_, list) = validate(tmp.path());
    assert!(list.is_empty(), "{list:#?}");
    build(tmp.path());

    let names = brand_dir(tmp.path());
    let icon = names.iter().find(|n| n.starts_with("icon.")).unwrap();
    assert!(icon.ends_with(".png"), "{names:?}");
    let card = names.iter().find(|n| n.starts_with("card.")).unwrap();
    assert!(card.ends_with(".png"), "{names:?}");
    let bytes = std::fs::read(tmp.path().join("site/brand").join(icon)).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let page = index_html(tmp.path());
    assert!(
        page.contains(&format!(
            r#"<link rel="icon" href="/landscape/brand/{icon}">"#
        )),
        "{page}"
    );
}

#[test]
fn favicon_outside_the_landscape_is_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    let data = landscape_with(
        tmp.path(),
        "header:\n  logo: ../outside.png\nimages:\n  favicon: fav.png\n  open_graph: passwd.png\n",
    );
    // A valid image, but out of the landscape: refused for where it is, not what it is.
    std::fs::write(tmp.path().join("outside.png"), png(16, 16)).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.png"), data.join("fav.png")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", data.join("passwd.png")).unwrap();

    let (code, list) = validate(tmp.path());
    assert_eq!(code, Some(0), "{list:#?}");
    let header = warning_on(&list, "header.logo");
    assert_eq!(header["line"], line_of(&data, "logo: ../outside.png"));
    assert!(
        header["message"].as_str().unwrap().contains("`..`"),
        "{header:#}"
    );
    for (field, needle) in [
        ("images.favicon", "favicon: fav.png"),
        ("images.open_graph", "open_graph: passwd.png"),
    ] {
        let d = warning_on(&list, field);
        assert_eq!(d["line"], line_of(&data, needle), "{d:#}");
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains("outside the directory of settings.yml"),
            "{message}"
        );
        assert!(d["hint"].as_str().unwrap().contains("symlink"), "{d:#}");
    }

    build(tmp.path());
    assert_eq!(brand_dir(tmp.path()), Vec::<String>::new());
    for (path, bytes) in site_files(&tmp.path().join("site")) {
        assert!(!contains(&bytes, "root:"), "{}", path.display());
    }
    let page = index_html(tmp.path());
    assert!(
        page.contains(r#"<link rel="icon" href="data:,">"#),
        "{page}"
    );
    assert!(!page.contains("outside"), "{page}");
}

#[test]
fn poster_refuses_a_fetched_page_and_does_not_cache_it() {
    let tmp = tempfile::tempdir().unwrap();
    // A page served as an SVG, at every path.
    let server = FileServer::start_blocking("/logo.svg", "image/svg+xml", EVIL_HTML);
    let data = landscape_with(tmp.path(), &format!("header:\n  logo: {}\n", server.url()));
    // The local copy of the same name is what the poster falls back to.
    std::fs::write(data.join("logo.svg"), SCRIPTED_SVG).unwrap();

    let out = run(
        tmp.path(),
        &[
            "export",
            "--data",
            "data/landscape.yml",
            "--cache",
            "cache",
            "--format",
            "svg",
            "--out",
            "poster.svg",
        ],
    );
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("not an image") && log.contains("used the local copy"),
        "{log}"
    );
    let poster = std::fs::read_to_string(tmp.path().join("poster.svg")).unwrap();
    assert!(poster.contains("#123456"), "the local logo is drawn");
    assert!(!poster.contains("<script") && !poster.contains("alert"));
    // The page is not kept as the logo: only the failure is remembered.
    for entry in std::fs::read_dir(tmp.path().join("cache/poster")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!contains(&bytes, "<script>"));
    }
    // The site links a URL as written and never fetches it.
    assert_eq!(server.hits(), 1);
    build(tmp.path());
    assert_eq!(server.hits(), 1);
    assert!(
        index_html(tmp.path()).contains(&format!(r#"<img src="{}" alt="#, server.url())),
        "the URL is linked"
    );
    assert_eq!(brand_dir(tmp.path()), Vec::<String>::new());
}
