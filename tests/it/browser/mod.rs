//! The explorer in a real browser: headless Chromium through chromedriver (fantoccini),
//! against the fixture site built with GitHub data and served by `landscape::serve` on
//! 127.0.0.1. Needs Debian's `chromium` and `chromium-driver`; without them the tests skip
//! with a printed reason, or fail when `CI` is set.
//!
//! Each test builds its own site and browser; a lock runs them one at a time so two cores
//! are not shared by several browsers.

use crate::support::fake_github;

mod a11y;
mod badge;
mod compat_urls;
mod embed_compat;
mod fields;
mod grid;
pub mod harness;
mod logos;
mod orgs;
mod pages;
mod reload;
mod search;
mod settings;
pub mod site;
mod views;
pub mod watching;

use fantoccini::Client;
use std::future::Future;

/// One browser at a time.
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Builds and serves the fixture site, starts a browser and runs `scenario` with it and the
/// site's base URL; skips (returns) when no browser is installed and `CI` is not set.
pub async fn scenario<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site(site::serve_fixture(), scenario).await;
}

/// [`scenario`] on the landscape in `data_dir` built without GitHub data.
pub async fn scenario_in<F, Fut>(data_dir: std::path::PathBuf, scenario: F)
where
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site(site::serve_dir(data_dir), scenario).await;
}

/// [`scenario`] on `tests/fixtures/<fixture>` built without GitHub data, with `settings`
/// appended to its settings.yml.
pub async fn scenario_on<F, Fut>(fixture: &str, settings: &str, scenario: F)
where
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site(site::serve_plain(fixture, settings), scenario).await;
}

/// [`scenario`] on the site `site` builds and serves.
pub async fn scenario_site<S, F, Fut>(site: S, scenario: F)
where
    S: Future<Output = site::Site>,
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site(site, scenario).await;
}

/// [`scenario`] in a browser started with extra Chromium `flags` (e.g. dark mode).
pub async fn scenario_with_flags<F, Fut>(flags: &[&str], scenario: F)
where
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site_with(site::serve_fixture(), flags, scenario).await;
}

async fn on_site<S, F, Fut>(site: S, scenario: F)
where
    S: Future<Output = site::Site>,
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_site_with(site, &[], scenario).await;
}

async fn on_site_with<S, F, Fut>(site: S, flags: &[&str], scenario: F)
where
    S: Future<Output = site::Site>,
    F: FnOnce(Client, String, std::path::PathBuf) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _one = LOCK.lock().await;
    let Some(tools) = crate::support::optional("the browser", harness::find_tools()) else {
        return;
    };
    let site = site.await;
    let b = harness::Browser::start_with(tools, flags).await;
    let base = site.url("");
    let root = site.root();
    b.run(move |c| scenario(c, base, root)).await;
    drop(site);
}

/// Stars the fake GitHub gives `owner/name`, as the fixture's items aggregate them.
pub fn stars(slug: &str) -> u64 {
    fake_github::stars(slug)
}

/// The fixture's items with their repository (`None`: no GitHub data).
pub const ITEMS: &[(&str, Option<&str>)] = &[
    ("Alpha Deploy", Some("alpha-org/deploy")),
    ("Beta Config", Some("beta-org/config")),
    ("Gamma Provision", Some("gamma-org/provision")),
    ("Delta Guard", Some("delta-org/guard")),
    ("Epsilon Scan", Some("epsilon-org/scan")),
    ("<script>alert(1)</script>", None),
    ("Zeta Store", Some("zeta-org/store")),
    ("Eta Disk", None),
    ("Theta Mesh", Some("theta-org/mesh")),
    ("Iota Proxy", Some("iota-org/proxy")),
    ("Nu Tunnel", Some("nu-org/tunnel")),
    ("Kappa Cloud", None),
    ("Lambda Retail", None),
    ("Mu Consulting", None),
];
