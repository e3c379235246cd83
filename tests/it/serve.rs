//! `landscape serve` over real HTTP: a server on 127.0.0.1:0 serving a site built in a temp
//! directory, queried with `support::fetch`, or with a raw TcpStream where a client would normalise
//! the path before sending it.

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use landscape::serve::{ServeError, ServeOptions, ServerHandle, start};

use crate::support::fetch::{self, Reply};

const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-SITE";

/// A temp dir holding `site/` (the served dir) and, beside it, `secret.txt`, which no
/// request may ever reach.
struct Fixture {
    tmp: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let site = tmp.path().join("site");
        write(&site, "index.html", b"<h1>home</h1>");
        write(&site, "404.html", b"<h1>custom not found</h1>");
        write(&site, "style.css", b"body{}");
        write(&site, "app.3f2a9c1b7d4e.js", b"console.log(1)");
        write(&site, "assets/logo.svg", b"<svg/>");
        write(&site, "guide/index.html", b"<h1>guide</h1>");
        write(&site, "logos/caf\u{e9} bar.svg", b"<svg id='cafe'/>");
        fs::write(tmp.path().join("secret.txt"), SECRET).expect("secret");
        Fixture { tmp }
    }

    fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, bytes).expect("write fixture");
}

fn serve(dir: &Path, base_path: &str) -> ServerHandle {
    let mut opts = ServeOptions::new(dir, SocketAddr::from(([127, 0, 0, 1], 0)));
    opts.base_path = base_path.to_owned();
    opts.log_requests = false;
    start(&opts).expect("server starts")
}

fn get(server: &ServerHandle, path: &str) -> Reply {
    fetch::get(&format!("http://{}{path}", server.addr())).expect("request")
}

fn header(resp: &Reply, name: &str) -> String {
    resp.header(name).to_owned()
}

/// Sends the request line exactly as given and returns (status, head, body).
fn raw(server: &ServerHandle, method: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read");
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    (status, head, bytes[split + 4..].to_vec())
}

#[test]
fn content_types_and_nosniff() {
    let fx = Fixture::new();
    let cases = [
        ("a.html", "text/html; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.json", "application/json"),
        ("a.svg", "image/svg+xml"),
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("a.webp", "image/webp"),
        ("favicon.ico", "image/x-icon"),
        ("sitemap.xml", "application/xml"),
        ("items.csv", "text/csv; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("poster.pdf", "application/pdf"),
        ("font.woff2", "font/woff2"),
        ("app.wasm", "application/wasm"),
    ];
    for (name, _) in cases {
        write(&fx.site(), &format!("types/{name}"), name.as_bytes());
    }
    let server = serve(&fx.site(), "");
    for (name, expected) in cases {
        let resp = get(&server, &format!("/types/{name}"));
        assert_eq!(resp.status(), 200, "{name}");
        assert_eq!(header(&resp, "content-type"), expected, "{name}");
        assert_eq!(header(&resp, "x-content-type-options"), "nosniff", "{name}");
        assert_eq!(resp.bytes(), name.as_bytes());
    }
}

#[test]
fn index_resolution_redirects_and_cache_policy() {
    let fx = Fixture::new();
    let server = serve(&fx.site(), "");

    let home = get(&server, "/");
    assert_eq!(header(&home, "cache-control"), "no-cache");
    assert_eq!(home.text(), "<h1>home</h1>");
    assert_eq!(get(&server, "/guide/").text(), "<h1>guide</h1>");

    let redirect = get(&server, "/guide?lang=en&x=1");
    assert_eq!(redirect.status(), 301);
    assert_eq!(header(&redirect, "location"), "/guide/?lang=en&x=1");

    let hashed = get(&server, "/app.3f2a9c1b7d4e.js");
    let immutable = "public, max-age=31536000, immutable";
    assert_eq!(header(&hashed, "cache-control"), immutable);
    assert_eq!(
        header(&get(&server, "/assets/logo.svg"), "cache-control"),
        immutable
    );
    assert_eq!(
        header(&get(&server, "/style.css"), "cache-control"),
        "no-cache"
    );

    let decoded = get(&server, "/logos/caf%C3%A9%20bar.svg");
    assert_eq!(decoded.text(), "<svg id='cafe'/>");
    // A file asked for as a directory does not exist.
    assert_eq!(get(&server, "/style.css/").status(), 404);
}

#[test]
fn not_found_uses_the_site_page_or_plain_text() {
    let fx = Fixture::new();
    let server = serve(&fx.site(), "");
    let resp = get(&server, "/no/such/page");
    assert_eq!(resp.status(), 404);
    assert_eq!(header(&resp, "content-type"), "text/html; charset=utf-8");
    assert_eq!(resp.text(), "<h1>custom not found</h1>");

    fs::remove_file(fx.site().join("404.html")).expect("rm 404");
    let resp = get(&server, "/no/such/page");
    assert_eq!(resp.status(), 404);
    assert_eq!(header(&resp, "content-type"), "text/plain; charset=utf-8");
    assert_eq!(resp.text(), "404 Not Found\n");
}

#[test]
fn head_has_headers_but_no_body_and_other_methods_are_refused() {
    let fx = Fixture::new();
    let server = serve(&fx.site(), "");
    let (status, head, body) = raw(&server, "HEAD", "/style.css");
    // Header names are case-insensitive (hyper writes them in lower case).
    let head = head.to_ascii_lowercase();
    assert_eq!(status, 200);
    assert!(head.contains("content-length: 6"), "{head}");
    assert!(head.contains("text/css"), "{head}");
    assert!(body.is_empty(), "HEAD body: {body:?}");

    let (status, head, _) = raw(&server, "POST", "/index.html");
    assert_eq!(status, 405);
    assert!(
        head.to_ascii_lowercase().contains("allow: get, head"),
        "{head}"
    );
    assert_eq!(raw(&server, "DELETE", "/").0, 405);
}

#[test]
fn conditional_get_answers_304_until_the_file_changes() {
    let fx = Fixture::new();
    let server = serve(&fx.site(), "");
    let etag = header(&get(&server, "/style.css"), "etag");
    assert!(etag.starts_with("W/\""), "{etag}");
    let url = format!("http://{}/style.css", server.addr());
    let cached = fetch::get_with(&url, &[("If-None-Match", &etag)]).expect("request");
    assert_eq!(cached.status(), 304);
    assert!(cached.bytes().is_empty());

    fs::write(fx.site().join("style.css"), "body{color:red}").expect("rewrite");
    let fresh = fetch::get_with(&url, &[("If-None-Match", &etag)]).expect("request");
    assert_eq!(fresh.status(), 200);
    assert_eq!(fresh.text(), "body{color:red}");
}

#[test]
fn traversal_never_reaches_outside_files() {
    let fx = Fixture::new();
    let site = fx.site();
    let outside = fx.tmp.path().join("outside");
    write(&outside, "secret.txt", SECRET.as_bytes());
    std::os::unix::fs::symlink(fx.tmp.path().join("secret.txt"), site.join("leak.txt"))
        .expect("symlink file");
    std::os::unix::fs::symlink(&outside, site.join("leakdir")).expect("symlink dir");
    // A symlink that stays inside the site is fine.
    std::os::unix::fs::symlink(site.join("style.css"), site.join("alias.css"))
        .expect("symlink inside");
    let server = serve(&site, "");

    for target in [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5csecret.txt",
        "/..%2f..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "/%00../secret.txt",
        "/C:/Windows/win.ini",
        "/C%3a%5cWindows%5cwin.ini",
        "//etc/passwd",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/leakdir/",
        "/a%zz/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let (status, _, body) = raw(&server, "GET", target);
        let body = String::from_utf8_lossy(&body);
        assert!(matches!(status, 400 | 404), "{target}: status {status}");
        assert!(!body.contains(SECRET), "{target} leaked the secret");
        assert!(!body.contains("root:"), "{target} leaked /etc/passwd");
    }
    assert_eq!(raw(&server, "GET", "/a%zz").0, 400);
    assert_eq!(get(&server, "/alias.css").text(), "body{}");
}

#[test]
fn base_path_is_required_and_stripped() {
    let fx = Fixture::new();
    let server = serve(&fx.site(), "/landscape/");

    let root = get(&server, "/");
    assert_eq!(root.status(), 301);
    assert_eq!(header(&root, "location"), "/landscape/");
    let bare = get(&server, "/landscape");
    assert_eq!(bare.status(), 301);
    assert_eq!(header(&bare, "location"), "/landscape/");
    assert_eq!(get(&server, "/landscape/").text(), "<h1>home</h1>");
    let css = get(&server, "/landscape/style.css");
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    assert_eq!(
        header(&get(&server, "/landscape/guide"), "location"),
        "/landscape/guide/"
    );
    for outside_prefix in ["/style.css", "/landscapex/style.css", "/other/landscape/"] {
        let resp = get(&server, outside_prefix);
        assert_eq!(resp.status(), 404, "{outside_prefix}");
        assert_eq!(resp.text(), "<h1>custom not found</h1>");
    }
}

#[test]
fn a_rebuild_that_swaps_the_directory_is_served_at_once() {
    let fx = Fixture::new();
    let tmp = fx.tmp.path();
    let server = serve(&fx.site(), "");
    assert_eq!(get(&server, "/").text(), "<h1>home</h1>");

    // Rename swap: the old tree moves away, the new one takes its name.
    write(&tmp.join("next"), "index.html", b"<h1>second build</h1>");
    fs::rename(fx.site(), tmp.join("old")).expect("move old away");
    fs::rename(tmp.join("next"), fx.site()).expect("move new in");
    assert_eq!(get(&server, "/").text(), "<h1>second build</h1>");
    assert_eq!(get(&server, "/style.css").status(), 404);

    // Symlink flip: `current` points at one build, then atomically at another.
    write(&tmp.join("build-a"), "index.html", b"A");
    write(&tmp.join("build-b"), "index.html", b"B");
    std::os::unix::fs::symlink(tmp.join("build-a"), tmp.join("current")).expect("link");
    let flipping = serve(&tmp.join("current"), "");
    assert_eq!(get(&flipping, "/").text(), "A");
    std::os::unix::fs::symlink(tmp.join("build-b"), tmp.join("current.new")).expect("link");
    fs::rename(tmp.join("current.new"), tmp.join("current")).expect("flip");
    assert_eq!(get(&flipping, "/").text(), "B");

    // Mid-swap, while the name is missing, the answer is a retryable 503.
    fs::rename(fx.site(), tmp.join("gone")).expect("remove site");
    let resp = get(&server, "/");
    assert_eq!(resp.status(), 503);
    assert_eq!(header(&resp, "retry-after"), "1");
}

#[test]
fn large_files_arrive_whole() {
    let fx = Fixture::new();
    let big: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    write(&fx.site(), "poster.pdf", &big);
    let server = serve(&fx.site(), "");
    let resp = get(&server, "/poster.pdf");
    assert_eq!(header(&resp, "content-length"), big.len().to_string());
    assert!(resp.bytes() == big.as_slice());
}

#[test]
fn start_reports_precise_errors() {
    let fx = Fixture::new();
    let any = SocketAddr::from(([127, 0, 0, 1], 0));
    let missing = ServeOptions::new(fx.tmp.path().join("nope"), any);
    assert!(matches!(start(&missing), Err(ServeError::SiteDir { .. })));
    let file = ServeOptions::new(fx.tmp.path().join("secret.txt"), any);
    assert!(matches!(start(&file), Err(ServeError::NotADirectory(_))));
    let mut bad_base = ServeOptions::new(fx.site(), any);
    bad_base.base_path = "/../up".to_owned();
    assert!(matches!(
        start(&bad_base),
        Err(ServeError::InvalidBasePath(_))
    ));

    let running = serve(&fx.site(), "");
    let taken = ServeOptions::new(fx.site(), running.addr());
    assert!(matches!(start(&taken), Err(ServeError::Bind { .. })));
    // After stop nothing answers: the connection is refused or closed without a response.
    let addr = running.addr();
    running.stop();
    if let Ok(mut stream) = TcpStream::connect(addr) {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        assert!(bytes.is_empty(), "answered after stop: {bytes:?}");
    }
}
