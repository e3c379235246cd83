//! Building the static site: the files written, escaping of hostile input, page snapshots,
//! atomic replacement, and the CLI around it.

use std::path::Path;
use std::process::Command;

use crate::support::fetch;
use crate::support::site::{
    data_copy, edit_data, files, fixture, hidden_entries, options, snapshot,
};
use landscape::site::{self, BuildError};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn builds_every_page_and_export() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let outcome = site::build(&options(&fixture(), &out)).unwrap();
    assert_eq!(outcome.items, 3);
    for file in [
        "index.html",
        "404.html",
        "guide/index.html",
        "items/alpha-runtime/index.html",
        "items/beta-metrics/index.html",
        "items/script-alert-1-script/index.html",
        "data/items.json",
        "items.csv",
        "sitemap.xml",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let index = read(&out.join("index.html"));
    // base_path is respected in every link.
    assert!(
        index.contains(r#"href="/landscape/items/alpha-runtime/""#),
        "{index}"
    );
    assert!(!index.contains(r#"href="/items/"#));
    // Settings order and second_path: Alpha is listed in both categories.
    assert_eq!(
        index
            .matches(r#"href="/landscape/items/alpha-runtime/""#)
            .count(),
        2
    );
    // Logos and assets are published under content-hashed names that the pages use.
    let logos: Vec<String> = std::fs::read_dir(out.join("logos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    // Three logos, and the tile rasters of the two SVGs.
    assert_eq!(logos.len(), 5, "{logos:?}");
    assert_eq!(logos.iter().filter(|l| l.ends_with(".tile.png")).count(), 2);
    for logo in &logos {
        assert!(
            logo.split('.').nth(1).is_some_and(|h| h.len() == 12),
            "{logo} is not content-hashed"
        );
        // Shown in a tile, the SVG as itself or as its raster (large tiles show the SVG).
        let (svg, raster) = match logo.strip_suffix(".tile.png") {
            Some(stem) => (format!("{stem}.svg"), logo.clone()),
            None => (logo.clone(), logo.replace(".svg", ".tile.png")),
        };
        assert!(
            index.contains(&format!("/landscape/logos/{svg}"))
                || index.contains(&format!("/landscape/logos/{raster}")),
            "{logo}"
        );
    }
    let css = index
        .split("href=\"/landscape/assets/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(out.join("assets").join(css).is_file(), "{css}");

    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/items.json"))).unwrap();
    let alpha = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "alpha-runtime")
        .unwrap();
    assert_eq!(alpha["extra"]["audits"][0]["vendor"], "Audit Co");
    assert_eq!(alpha["extra"]["dates"]["graduated"], "2022-03-04");
    assert_eq!(alpha["url"], "/landscape/items/alpha-runtime/");
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://fixture.example.org/landscape/items/beta-metrics/</loc>")
    );
    let csv = read(&out.join("items.csv"));
    assert!(csv.lines().next().unwrap().starts_with("id,name,category"));
    assert_eq!(csv.lines().count(), 4);
}

#[test]
fn build_with_posters_writes_all_three() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let mut opts = options(&fixture(), &out);
    opts.posters = true;
    let outcome = site::build(&opts).unwrap();
    assert_eq!(outcome.report.errors(), 0);
    for (ext, magic) in [
        ("svg", &b"<svg"[..]),
        ("pdf", b"%PDF-"),
        ("png", b"\x89PNG"),
    ] {
        let bytes = std::fs::read(out.join("poster").join(format!("landscape.{ext}"))).unwrap();
        let start = &bytes[..bytes.len().min(400)];
        assert!(start.windows(magic.len()).any(|w| w == magic), "{ext}");
    }
    let index = read(&out.join("index.html"));
    assert!(
        index.contains(r#"href="/landscape/poster/landscape.pdf""#),
        "{index}"
    );
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    site::build(&options(&fixture(), &out)).unwrap();
    for file in files(&out) {
        let Some(ext) = file.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let text = match ext {
            // items.csv is data served as text/csv: it keeps contributor text as written.
            "html" | "svg" | "xml" | "json" => read(&file),
            _ => continue,
        };
        for bad in [
            "<script>alert",
            "javascript:",
            "onerror=",
            "onload=",
            "onclick=",
        ] {
            assert!(!text.contains(bad), "{bad} in {}", file.display());
        }
        if ext == "html" {
            assert!(
                !text.contains("onmouseover=alert(3) x=\""),
                "{}",
                file.display()
            );
        }
    }
    let page = read(&out.join("items/script-alert-1-script/index.html"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    let guide = read(&out.join("guide/index.html"));
    assert!(guide.contains("<strong>the guide</strong>"), "{guide}");
    let evil_logo = files(&out.join("logos"))
        .into_iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("evil.")
        })
        .unwrap();
    let svg = read(&evil_logo);
    for bad in [
        "<script",
        "onload",
        "foreignObject",
        "tracker.example.org",
        "onclick",
    ] {
        assert!(!svg.contains(bad), "{bad} in sanitized logo: {svg}");
    }
    assert!(svg.contains("<circle"), "the drawing is kept: {svg}");
}

/// The pages as a reader gets them, as insta snapshots (`cargo insta review` after an
/// intended change; with `CI` set a difference fails).
#[test]
fn golden_html() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    site::build(&options(&fixture(), &out)).unwrap();
    insta::assert_snapshot!("index", without_hashes(&read(&out.join("index.html"))));
    insta::assert_snapshot!(
        "item-alpha-runtime",
        without_hashes(&read(&out.join("items/alpha-runtime/index.html")))
    );
}

/// Replaces content hashes in file names (`style.0123456789ab.css`) so that a change of a
/// stylesheet or logo does not change every golden page.
fn without_hashes(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'.'
            && i + 13 < bytes.len()
            && bytes[i + 13] == b'.'
            && bytes[i + 1..i + 13].iter().all(|b| b.is_ascii_hexdigit())
        {
            out.push_str(".HASH");
            i += 13;
            continue;
        }
        let ch = html[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[test]
fn a_failing_build_leaves_the_previous_site_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let out = tmp.path().join("site");
    site::build(&options(&data, &out)).unwrap();
    let before = snapshot(&out);

    // A contributor breaks a URL: the build must refuse and touch nothing.
    edit_data(&data, "https://beta.example.org/", "javascript:alert(1)");
    let err = site::build(&options(&data, &out)).unwrap_err();
    let BuildError::Invalid(report) = err else {
        panic!("expected a validation failure, got {err}")
    };
    assert_eq!(report.errors(), 1);
    assert!(snapshot(&out) == before, "the previous site changed");
    let leftovers = hidden_entries(tmp.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // --keep-going builds the valid items and lists the skipped one.
    let mut opts = options(&data, &out);
    opts.keep_going = true;
    let outcome = site::build(&opts).unwrap();
    assert_eq!(outcome.items, 2);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].name, "Beta Metrics");
    assert!(!out.join("items/beta-metrics").exists());
    assert!(out.join("items/alpha-runtime/index.html").exists());
}

fn landscape_cmd() -> Command {
    crate::support::cli::command()
}

#[test]
fn cli_validate_exit_codes_and_formats() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let run = |args: &[&str]| {
        landscape_cmd()
            .arg("validate")
            .arg("--data")
            .arg(data.join("landscape.yml"))
            .arg("--cache")
            .arg(tmp.path().join("cache"))
            .args(args)
            .output()
            .unwrap()
    };
    let clean = run(&[]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(String::from_utf8_lossy(&clean.stderr).contains("0 error(s), 0 warning(s)"));

    let yaml = read(&data.join("landscape.yml"))
        .replace("logo: beta.png", "logo: beta.png\n            linkedin: x");
    std::fs::write(data.join("landscape.yml"), &yaml).unwrap();
    assert!(run(&[]).status.success(), "warnings alone exit 0");
    assert_eq!(run(&["--strict"]).status.code(), Some(1));

    std::fs::write(
        data.join("landscape.yml"),
        yaml.replace("logo: alpha.svg", "logo: ../alpha.svg"),
    )
    .unwrap();
    let gh = run(&["--format", "github"]);
    assert_eq!(gh.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&gh.stdout);
    assert!(stdout.contains("::error file="), "{stdout}");
    assert!(
        stdout.contains(",line=13,col=19,title=logo-unsafe-path::"),
        "{stdout}"
    );
    assert!(stdout.contains("::warning file="), "{stdout}");
}

#[test]
fn cli_new_then_build_makes_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    let new = landscape_cmd().arg("new").arg(&dir).output().unwrap();
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let build = landscape_cmd()
        .current_dir(&dir)
        .args(["build", "--cache", "cache"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(stderr.contains("Built 3 items"), "{stderr}");
    assert!(dir.join("site/items/example-metrics/index.html").is_file());
    // The outputs are kept out of the new landscape's git repository.
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert_eq!(ignore.lines().collect::<Vec<_>>(), ["/site", "/.site.*"]);
    // `new` refuses to overwrite.
    let again = landscape_cmd().arg("new").arg(&dir).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn built_site_is_served_over_http_with_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    site::build(&options(&fixture(), &out)).unwrap();
    let mut opts = landscape::serve::ServeOptions::new(&out, "127.0.0.1:0".parse().unwrap());
    opts.base_path = "/landscape".into();
    opts.log_requests = false;
    let server = landscape::serve::start(&opts).unwrap();
    let base = format!("http://{}", server.addr());
    let get = |path: &str| fetch::get(&format!("{base}{path}")).unwrap();
    let page = get("/landscape/items/alpha-runtime/");
    assert_eq!(page.status(), 200);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.text().contains("<h1>Alpha Runtime</h1>"));
    let missing = get("/landscape/nope");
    assert_eq!(missing.status(), 404);
    assert!(missing.text().contains("Page not found"));
    let traversal = get("/landscape/%2e%2e/%2e%2e/etc/passwd");
    assert_eq!(traversal.status(), 404);
    server.stop();
}

/// `serve --watch` rebuilds when the data file changes, and serves the new site.
#[test]
fn serve_watch_rebuilds_on_change() {
    use std::io::{BufRead, BufReader};
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let mut child = landscape_cmd()
        .current_dir(&data)
        .args([
            "serve",
            "--watch",
            "--quiet",
            "--addr",
            "127.0.0.1:0",
            "--cache",
        ])
        .arg(tmp.path().join("cache"))
        .arg("--out")
        .arg(tmp.path().join("site"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .filter(|a| !a.starts_with("127.0.0.1:8000"))
                .filter(|_| l.starts_with("Serving"))
                .map(str::to_string)
        })
        .expect("serve prints its address");
    // Drain stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let url = |path: &str| format!("http://{addr}/landscape/{path}");
    let get = |path: &str| fetch::get(&url(path)).map(|r| r.status());
    assert_eq!(get("items/beta-metrics/").unwrap(), 200);

    let yaml =
        read(&data.join("landscape.yml")).replace("name: Beta Metrics", "name: Gamma Metrics");
    std::fs::write(data.join("landscape.yml"), yaml).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut status = 0;
    while std::time::Instant::now() < deadline {
        status = get("items/gamma-metrics/").unwrap_or(0);
        if status == 200 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "the rebuilt page was not served");
}
