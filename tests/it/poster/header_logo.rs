//! The foundation logo named by URL in settings: fetched over real HTTP from a server on
//! 127.0.0.1, sanitized, cached; an unreachable URL is a warning, with the local file of the
//! same name used when there is one, and the failure remembered so the next export does
//! not ask again.

use crate::support::file_server::FileServer;
use crate::support::poster::{fixture, options};
use landscape::load::settings::Header;
use landscape::poster::{PosterFormat, export_poster};

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><script>alert(1)</script><rect width="120" height="40" fill="#abcdef" onclick="alert(2)"/></svg>"##;

/// Serves `LOGO` at every path until dropped; counts requests.
fn logo_server() -> FileServer {
    FileServer::start_blocking("/brand/logo_header.svg", "image/svg+xml", LOGO)
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
    let server = logo_server();
    with_header(&mut fixture, server.url());
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(PosterFormat::Svg, &fixture);
    opts.cache_dir = Some(cache.path().to_path_buf());
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes).expect("UTF-8");
    assert_eq!(server.hits(), 1);
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

    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes).expect("UTF-8");
    assert!(text.contains("#abcdef"), "the cached logo is drawn");
    assert_eq!(server.hits(), 1, "the second export asked nothing");
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
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
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

    // The failure is remembered, and the warning says how to retry.
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
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

#[test]
fn a_failed_fetch_is_not_asked_again_within_the_hour() {
    let mut fixture = fixture();
    // A captive portal's page: an answer, but not an image.
    let portal = FileServer::start_blocking("/logo.svg", "text/html", "<h1>Sign in</h1>");
    with_header(&mut fixture, portal.url());
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(PosterFormat::Svg, &fixture);
    opts.cache_dir = Some(cache.path().to_path_buf());
    for export in 1..=2 {
        let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
            .expect("exports");
        assert!(
            poster.warnings.iter().any(|w| w.contains("not an image")),
            "export {export}: {:?}",
            poster.warnings
        );
        assert_eq!(portal.hits(), 1, "export {export}");
    }
}
