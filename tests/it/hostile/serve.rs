//! The preview server against other sites: a page elsewhere that rebinds its domain to
//! 127.0.0.1 (DNS rebinding) gets nothing, and every response carries the headers that keep
//! the site's pages from running foreign code or being framed (embeds excepted).
//!
//! The core fixture is built for real and served on 127.0.0.1:0 under its base path
//! `/landscape`; requests are written by hand on a TcpStream, so `Host` is whatever the test
//! says.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;

use landscape::load::Inputs;
use landscape::serve::{ServeOptions, ServerHandle, start};
use landscape::site::{BuildOptions, build};

use crate::support::data_copy;

const BASE: &str = "/landscape";

/// The core fixture built into `tmp/site` and served.
struct Site {
    tmp: tempfile::TempDir,
    server: ServerHandle,
}

impl Site {
    fn start() -> Site {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = data_copy(tmp.path());
        let out = tmp.path().join("site");
        let mut opts = BuildOptions::new(Inputs::beside(data.join("landscape.yml")), &out);
        opts.cache = Some(tmp.path().join("cache"));
        build(&opts).expect("the fixture builds");
        let mut serve = ServeOptions::new(&out, SocketAddr::from(([127, 0, 0, 1], 0)));
        serve.base_path = BASE.to_owned();
        serve.log_requests = false;
        let server = start(&serve).expect("server starts");
        Site { tmp, server }
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn port(&self) -> u16 {
        self.server.addr().port()
    }

    /// `GET path` naming `host` (no `Host` header when `None`).
    fn get(&self, host: Option<&str>, path: &str) -> Answer {
        let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
        self.send(&format!(
            "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        ))
    }

    /// `GET path` as the browser would send it for `http://localhost:PORT/...`.
    fn local(&self, path: &str) -> Answer {
        self.get(Some(&format!("localhost:{}", self.port())), path)
    }

    /// Sends `request` as written and reads the whole answer.
    fn send(&self, request: &str) -> Answer {
        let mut stream = TcpStream::connect(self.server.addr()).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no end of head in {:?}", String::from_utf8_lossy(&bytes)));
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status code");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Answer {
            status,
            headers,
            body: bytes[split + 4..].to_vec(),
        }
    }
}

struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The Content-Security-Policy as directive → sources.
    fn csp(&self) -> BTreeMap<String, Vec<String>> {
        let policy = self.header("content-security-policy").unwrap_or_else(|| {
            panic!("no Content-Security-Policy in {:?}", self.headers);
        });
        policy
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_whitespace().map(str::to_owned);
                Some((words.next()?, words.collect()))
            })
            .collect()
    }
}

/// An SVG logo of the built site, as (URL path, file bytes).
fn svg_logo(site: &Site) -> (String, Vec<u8>) {
    let entry = std::fs::read_dir(site.root().join("logos"))
        .expect("logos dir")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".svg"))
        .expect("an SVG logo");
    let name = entry.file_name().to_string_lossy().into_owned();
    (
        format!("{BASE}/logos/{name}"),
        std::fs::read(entry.path()).expect("logo"),
    )
}

/// The headers every response carries, framing aside.
fn assert_common_headers(a: &Answer, what: &str) {
    assert_eq!(
        a.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(a.header("referrer-policy"), Some("no-referrer"), "{what}");
}

fn assert_unframeable(a: &Answer, what: &str) {
    assert_common_headers(a, what);
    assert_eq!(a.header("x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(
        a.csp().get("frame-ancestors").map(Vec::as_slice),
        Some(["'none'".to_owned()].as_slice()),
        "{what}"
    );
}

#[test]
fn a_foreign_host_gets_no_site_content() {
    let site = Site::start();
    let port = site.port();
    let (logo, _) = svg_logo(&site);
    let paths = [
        format!("{BASE}/"),
        format!("{BASE}/data/items.json"),
        format!("{BASE}/embed/"),
        logo,
        "/".to_owned(),
    ];
    for path in &paths {
        // The same request from a local name does reach content (a 200, or the 301 to the
        // base path), so a refusal below is the Host check and nothing else.
        assert!(matches!(site.local(path).status, 200 | 301), "{path}");
        for host in [
            "evil.example".to_owned(),
            format!("evil.example:{port}"),
            format!("localhost.evil.example:{port}"),
            format!("127.0.0.1.nip.io:{port}"),
            format!("localhost@evil.example:{port}"),
        ] {
            let a = site.get(Some(&host), path);
            let what = format!("Host: {host}, {path}");
            assert_eq!(a.status, 421, "{what}");
            assert_eq!(
                a.header("content-type"),
                Some("text/plain; charset=utf-8"),
                "{what}"
            );
            let body = a.text();
            assert!(
                body.starts_with(
                    "421 Misdirected Request: this preview server answers only to localhost"
                ),
                "{what}: {body}"
            );
            assert!(
                body.contains(&format!("open http://127.0.0.1:{port}{BASE}/ instead")),
                "{what}: {body}"
            );
            for leak in ["<", "Fixture Foundation", "Alpha", "Runtime", "svg"] {
                assert!(!body.contains(leak), "{what} leaked {leak:?}: {body}");
            }
            assert_common_headers(&a, &what);
            assert_eq!(a.csp()["default-src"], ["'none'"], "{what}");
            assert!(a.header("location").is_none(), "{what}");
        }
    }
    // An absolute-form target names the host too, and wins over `Host` (RFC 9112).
    let a = site.send(&format!(
        "GET http://evil.example:{port}{BASE}/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(a.status, 421);
    assert!(!a.text().contains('<'));
}

#[test]
fn local_names_are_served() {
    let site = Site::start();
    let port = site.port();
    let index = std::fs::read(site.root().join("index.html")).expect("index");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        format!("LOCALHOST:{port}"),
        // A forwarded port (ssh -L 9000:localhost:PORT) arrives with the outer one.
        "localhost:9000".to_owned(),
    ] {
        let a = site.get(Some(&host), &format!("{BASE}/"));
        assert_eq!(a.status, 200, "Host: {host}");
        assert!(a.body == index, "Host: {host}: not the site's index.html");
    }
}

#[test]
fn host_is_required_once_in_http_1_1_and_optional_in_1_0() {
    let site = Site::start();
    let port = site.port();
    let index = std::fs::read(site.root().join("index.html")).expect("index");

    let missing = site.get(None, &format!("{BASE}/"));
    assert_eq!(missing.status, 400);
    assert_eq!(missing.text(), "400 Bad Request: send one Host header\n");
    assert_unframeable(&missing, "no Host");

    let twice = site.send(&format!(
        "GET {BASE}/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(twice.status, 400);
    assert!(!twice.text().contains('<'));

    // No browser sends HTTP/1.0 without Host, so this is a local tool, not a rebinding page.
    let old = site.send(&format!("GET {BASE}/ HTTP/1.0\r\n\r\n"));
    assert_eq!(old.status, 200);
    assert!(old.body == index);
    let old_foreign = site.send(&format!(
        "GET {BASE}/ HTTP/1.0\r\nHost: evil.example\r\n\r\n"
    ));
    assert_eq!(old_foreign.status, 421);
}

#[test]
fn pages_get_a_policy_that_allows_only_the_sites_own_code() {
    let site = Site::start();
    for path in [
        format!("{BASE}/"),
        format!("{BASE}/guide/"),
        format!("{BASE}/stats/"),
        format!("{BASE}/items/alpha-runtime/"),
        format!("{BASE}/no/such/page"),
    ] {
        let a = site.local(&path);
        assert!(matches!(a.status, 200 | 404), "{path}: {}", a.status);
        assert_eq!(
            a.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_unframeable(&a, &path);
        let csp = a.csp();
        let sources = |d: &str| csp.get(d).cloned().unwrap_or_default().join(" ");
        assert_eq!(sources("default-src"), "'none'", "{path}");
        // Scripts: the site's files and the one inline script of base.html, by hash.
        assert_eq!(
            sources("script-src"),
            "'self' 'sha256-qOhFsq0QMV2REqNwk5hGH5bZE9SkX6gt6yeyKdYPv+U='",
            "{path}"
        );
        assert_eq!(sources("connect-src"), "'self'", "{path}");
        assert_eq!(sources("frame-src"), "'self'", "{path}");
        assert_eq!(sources("img-src"), "'self' https: data:", "{path}");
        assert_eq!(sources("base-uri"), "'none'", "{path}");
        assert_eq!(sources("form-action"), "'self'", "{path}");
        // The page holds the inline script the hash stands for, and no other.
        let html = a.text();
        assert!(
            html.contains(r#"<script>document.documentElement.classList.add("js")</script>"#),
            "{path}"
        );
    }
}

#[test]
fn files_opened_directly_run_and_fetch_nothing() {
    let site = Site::start();
    let (logo, bytes) = svg_logo(&site);
    let svg = site.local(&logo);
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.body == bytes);
    let json = site.local(&format!("{BASE}/data/items.json"));
    assert_eq!(json.header("content-type"), Some("application/json"));
    let missing = site.local(&format!("{BASE}/logos/nope.svg"));
    assert_eq!(missing.status, 404);
    std::fs::remove_file(site.root().join("404.html")).expect("rm 404");
    let plain_404 = site.local(&format!("{BASE}/logos/nope.svg"));
    assert_eq!(plain_404.status, 404);
    assert_eq!(plain_404.text(), "404 Not Found\n");

    for (a, what) in [(&svg, "svg"), (&json, "json"), (&plain_404, "plain 404")] {
        assert_unframeable(a, what);
        let csp = a.csp();
        let directives: Vec<&str> = csp.keys().map(String::as_str).collect();
        assert_eq!(
            directives,
            ["default-src", "frame-ancestors", "sandbox", "style-src"],
            "{what}"
        );
        assert_eq!(csp["default-src"], ["'none'"], "{what}");
        assert_eq!(csp["style-src"], ["'unsafe-inline'"], "{what}");
    }
    // The site's own 404 page stays a page: its scripts must run.
    assert!(missing.csp().contains_key("script-src"));
}

#[test]
fn embed_pages_are_frameable_and_nothing_else_is() {
    let site = Site::start();
    let mut embeds = vec![format!("{BASE}/embed/"), format!("{BASE}/embed")];
    for entry in std::fs::read_dir(site.root().join("embed"))
        .expect("embed dir")
        .flatten()
    {
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            embeds.push(format!("{BASE}/embed/{name}/"));
        }
    }
    assert!(embeds.len() >= 4, "the fixture has embed pages: {embeds:?}");
    for path in &embeds {
        let a = site.local(path);
        assert!(matches!(a.status, 200 | 301), "{path}: {}", a.status);
        assert_common_headers(&a, path);
        assert_eq!(a.header("x-frame-options"), None, "{path}");
        let csp = a.csp();
        assert!(!csp.contains_key("frame-ancestors"), "{path}: {csp:?}");
        assert_eq!(csp["default-src"], ["'none'"], "{path}");
    }
    // Only under the base path, and only by its plain spelling.
    for path in [
        format!("{BASE}/"),
        format!("{BASE}/embedded"),
        "/embed/".to_owned(),
        format!("{BASE}/%65mbed/"),
        format!("{BASE}/stats/"),
    ] {
        assert_unframeable(&site.local(&path), &path);
    }
}

#[test]
fn a_304_keeps_the_policy_of_the_page() {
    let site = Site::start();
    let port = site.port();
    let page = site.local(&format!("{BASE}/"));
    let etag = page.header("etag").expect("etag").to_owned();
    let cached = site.send(&format!(
        "GET {BASE}/ HTTP/1.1\r\nHost: localhost:{port}\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(cached.status, 304);
    // The browser merges a 304's headers into its copy: a file policy here would break it.
    assert_eq!(
        cached.header("content-security-policy"),
        page.header("content-security-policy")
    );
    assert_unframeable(&cached, "304");
}
