//! The foundation logo named by URL in settings: fetched over real HTTP from a server on
//! 127.0.0.1, sanitized, cached; an unreachable URL is a warning, with the local file of the
//! same name used when there is one, and the failure remembered so the next export does
//! not wait again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::poster::{fixture, options};
use landscape::load::settings::Header;
use landscape::poster::{PosterFormat, export_poster};

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><script>alert(1)</script><rect width="120" height="40" fill="#abcdef" onclick="alert(2)"/></svg>"##;

/// Serves `LOGO` at every path until dropped; counts requests.
struct Server {
    url: String,
    hits: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .expect("ip address");
        let hits = Arc::new(AtomicUsize::new(0));
        let (s, h) = (server.clone(), hits.clone());
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                h.fetch_add(1, Ordering::SeqCst);
                let header =
                    tiny_http::Header::from_bytes("Content-Type", "image/svg+xml").expect("header");
                let _ = request.respond(tiny_http::Response::from_string(LOGO).with_header(header));
            }
        });
        Server {
            url: format!("http://127.0.0.1:{port}/brand/logo_header.svg"),
            hits,
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn with_header(fixture: &mut crate::support::poster::Fixture, url: &str) {
    fixture.settings.header = Some(Header {
        logo: Some(url.to_string()),
        ..Header::default()
    });
}

#[test]
fn header_logo_is_fetched_sanitized_and_cached() {
    let mut fixture = fixture();
    let server = Server::start();
    with_header(&mut fixture, &server.url);
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(PosterFormat::Svg, &fixture);
    opts.cache_dir = Some(cache.path().to_path_buf());
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes).expect("UTF-8");
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    assert!(text.contains("#abcdef"), "the fetched logo is drawn");
    assert!(
        !text.contains("<script") && !text.contains("onclick"),
        "the logo is sanitized"
    );
    assert!(
        !poster.warnings.iter().any(|w| w.contains("header")),
        "{:?}",
        poster.warnings
    );
    let cached = std::fs::read_dir(cache.path().join("poster"))
        .expect("cache dir")
        .count();
    assert_eq!(cached, 1);

    drop(server);
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes).expect("UTF-8");
    assert!(
        text.contains("#abcdef"),
        "the cached logo is drawn without the server"
    );
    assert!(
        !poster.warnings.iter().any(|w| w.contains("header")),
        "{:?}",
        poster.warnings
    );
}

#[test]
fn unreachable_header_logo_is_a_warning_with_a_local_fallback() {
    let mut fixture = fixture();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    with_header(
        &mut fixture,
        &format!("http://127.0.0.1:{port}/assets/header.svg"),
    );
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(PosterFormat::Svg, &fixture);
    opts.cache_dir = Some(cache.path().to_path_buf());
    opts.base_dir = Some(fixture.dir.join("logos"));
    let started = Instant::now();
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let warning = poster
        .warnings
        .iter()
        .find(|w| w.contains("header logo"))
        .cloned()
        .unwrap_or_default();
    assert!(
        warning.contains("could not fetch") && warning.contains("used the local copy"),
        "{warning}"
    );
    let text = String::from_utf8(poster.bytes).expect("UTF-8");
    // logos/header.svg is drawn: its dark blue text colour is in the poster.
    assert!(text.contains("#002a51"), "the local header logo is drawn");

    // The failure is remembered: no second wait, and the warning says how to retry.
    let started = Instant::now();
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        poster.warnings.iter().any(|w| w.contains("not retried")),
        "{:?}",
        poster.warnings
    );

    // Without a local copy or a cache there is simply no header logo.
    opts.base_dir = Some(cache.path().join("nothing-here"));
    opts.cache_dir = None;
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    assert!(
        poster
            .warnings
            .iter()
            .any(|w| w.contains("the poster has none")),
        "{:?}",
        poster.warnings
    );
}
