//! Inputs given by URL (`--data-url`, `--settings-url`, `--guide-url`, `--logos-url`), as
//! landscape2 builds from them, fetched from a real HTTP server on 127.0.0.1.

use std::path::Path;

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::cli::{run, text};

const BASE: &str = "/cncf/landscape/master";

/// A server holding the bundled sample like raw.githubusercontent.com holds a landscape
/// repository, with an ETag per file that a matching If-None-Match turns into a 304.
/// Files named in `gone` answer 404.
async fn landscape_host(gone: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        ("landscape.yml".to_string(), root.join("landscape.yml")),
        ("settings.yml".to_string(), root.join("settings.yml")),
        ("guide.yml".to_string(), root.join("guide.yml")),
    ];
    for folder in ["hosted_logos", "images"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((format!("{folder}/{name}"), entry.path()));
        }
    }
    for (name, file) in files {
        let at = format!("{BASE}/{name}");
        if gone.iter().any(|g| name.ends_with(g)) {
            Mock::given(path(at))
                .respond_with(ResponseTemplate::new(404))
                .mount(&server)
                .await;
            continue;
        }
        let bytes = std::fs::read(file).unwrap();
        let etag = format!("\"{}\"", blake3::hash(&bytes).to_hex());
        Mock::given(method("GET"))
            .and(path(at.clone()))
            .and(header("if-none-match", etag.as_str()))
            .respond_with(ResponseTemplate::new(304))
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("etag", etag.as_str())
                    .set_body_bytes(bytes),
            )
            .mount(&server)
            .await;
    }
    server
}

fn url_flags(server: &str) -> Vec<String> {
    [
        ("--data-url", "landscape.yml"),
        ("--settings-url", "settings.yml"),
        ("--guide-url", "guide.yml"),
        ("--logos-url", "hosted_logos"),
    ]
    .iter()
    .flat_map(|(flag, file)| [flag.to_string(), format!("{server}{BASE}/{file}")])
    .collect()
}

fn build(dir: &Path, server: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--cache-dir", "cache", "--output-dir", "site"];
    let flags = url_flags(server);
    args.extend(flags.iter().map(String::as_str));
    args.extend(extra);
    run(dir, &args)
}

fn logo_count() -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(root.join("hosted_logos"))
        .unwrap()
        .count()
}

#[test]
fn a_landscape_builds_from_urls_and_a_rebuild_fetches_only_what_changed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(landscape_host(&[]));
    let dir = tempfile::tempdir().unwrap();

    let first = build(dir.path(), &server.uri(), &[]);
    let said = text(&first);
    assert!(first.status.success(), "{said}");
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(index.contains("Kubernetes"), "the fetched data is built");
    assert!(
        dir.path().join("site/guide/index.html").is_file(),
        "the guide too"
    );
    let brand = std::fs::read_dir(dir.path().join("site/brand"))
        .unwrap()
        .count();
    assert_eq!(
        brand, 3,
        "the brand images settings name by path, fetched beside it"
    );
    let requests = runtime.block_on(server.received_requests()).unwrap();
    let logo_requests = requests
        .iter()
        .filter(|r| r.url.path().contains("/hosted_logos/"))
        .count();
    assert!(
        logo_requests > 0 && logo_requests <= logo_count(),
        "{logo_requests}"
    );
    assert!(
        said.contains(&format!("logos: {logo_requests} fetched, 0 unchanged")),
        "{said}"
    );

    // The second run asks with the ETags it got: every answer is a 304.
    let before = requests.len();
    let second = build(dir.path(), &server.uri(), &[]);
    let said = text(&second);
    assert!(second.status.success(), "{said}");
    assert!(
        said.contains(&format!("logos: 0 fetched, {logo_requests} unchanged")),
        "{said}"
    );
    let requests = runtime.block_on(server.received_requests()).unwrap();
    let again = &requests[before..];
    assert_eq!(
        again.len(),
        3 + 3 + logo_requests,
        "three files, three brand images and each logo once"
    );
    assert!(
        again
            .iter()
            .all(|r| r.headers.contains_key("if-none-match")),
        "every request revalidates a copy"
    );

    // With the host failing, the copies build the site, and the output says so.
    runtime.block_on(async {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
    });
    let offline = build(dir.path(), &server.uri(), &[]);
    let said = text(&offline);
    assert!(offline.status.success(), "{said}");
    assert!(
        said.contains("landscape.yml: HTTP 503; building from the copy fetched before"),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "{logo_requests} image(s) could not be fetched; using the copies"
        )),
        "{said}"
    );
}

#[test]
fn a_logo_the_host_lacks_is_an_error_named_by_the_data_url() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(landscape_host(&["kubernetes.svg"]));
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &server.uri(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "logo-missing")
        .collect();
    assert_eq!(missing.len(), 1, "{json}");
    assert_eq!(
        missing[0]["file"],
        format!("{}{BASE}/landscape.yml", server.uri()),
        "the problem is located in the data file by its URL"
    );
    assert!(!dir.path().join("site").exists(), "nothing is built");
}

#[test]
fn url_inputs_are_refused_clearly_when_they_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let no_logos = run(
        dir.path(),
        &["validate", "--data-url", "http://127.0.0.1:9/landscape.yml"],
    );
    assert_eq!(no_logos.status.code(), Some(1));
    assert!(
        text(&no_logos).contains("--logos-url or --logos-path"),
        "{}",
        text(&no_logos)
    );
    let file = run(
        dir.path(),
        &[
            "validate",
            "--data-url",
            "file:///etc/passwd",
            "--logos-path",
            ".",
        ],
    );
    assert!(
        text(&file).contains("--data-url: file:///etc/passwd is not an http(s) URL"),
        "{}",
        text(&file)
    );
    let unreachable = run(
        dir.path(),
        &[
            "validate",
            "--data-url",
            "http://127.0.0.1:9/landscape.yml",
            "--logos-path",
            ".",
        ],
    );
    assert_eq!(unreachable.status.code(), Some(1));
    assert!(
        text(&unreachable).contains("http://127.0.0.1:9/landscape.yml: "),
        "{}",
        text(&unreachable)
    );
}
