//! The sites under test: `tests/fixtures/explorer` built with GitHub data from the fake GitHub
//! (tests/enrich/fake_github.rs, real HTTP on 127.0.0.1), served by `landscape::serve`; or
//! another landscape built without GitHub data ([`serve_plain`], [`serve_dir`]).
//!
//! Why the fake rather than recorded cache entries: the build runs the real enrichment code
//! path (`build --github`) end to end, and every number is known in advance from the repo name
//! (`fake_github::stars("alpha-org/deploy")`), so tests can check exact orders and values.
//! Other fixtures (`tests/fixtures/compat`) are built without GitHub data.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use landscape::load::Inputs;
use landscape::serve::{ServeOptions, ServerHandle, start};
use landscape::site::{BuildOptions, build};

use crate::support::fake_github::{self, FakeGitHub};

/// A built and served fixture site.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub server: ServerHandle,
}

impl Site {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr())
    }

    /// The built site's directory.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

fn fixture() -> PathBuf {
    fixture_dir("explorer")
}

fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Builds `tests/fixtures/<name>` without GitHub data and serves it on a free port; `settings`
/// is appended to a copy of its settings.yml (empty: the fixture as it is).
pub async fn serve_plain(name: &str, settings: &str) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    crate::support::copy_dir(&fixture_dir(name), &data);
    if !settings.is_empty() {
        let path = data.join("settings.yml");
        let text = std::fs::read_to_string(&path).expect("settings.yml");
        std::fs::write(&path, format!("{text}\n{settings}\n")).expect("settings written");
    }
    let out = dir.path().join("site");
    let mut opts = BuildOptions::new(Inputs::beside(data.join("landscape.yml")), &out);
    opts.cache = Some(dir.path().join("cache"));
    let built = tokio::task::spawn_blocking(move || build(&opts))
        .await
        .expect("build task");
    built.unwrap_or_else(|e| panic!("the {name} fixture builds: {e}"));
    serve(dir, &out)
}

/// Serves the site built in `out` (inside `dir`) on a free port.
pub fn serve(dir: tempfile::TempDir, out: &Path) -> Site {
    let mut serve = ServeOptions::new(out, SocketAddr::from(([127, 0, 0, 1], 0)));
    serve.log_requests = false;
    let server = start(&serve).expect("server starts");
    Site { dir, server }
}

/// Builds the fixture with GitHub data and serves it on a free port.
pub async fn serve_fixture() -> Site {
    let gh = FakeGitHub::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut opts = BuildOptions::new(Inputs::beside(fixture().join("landscape.yml")), &out);
    opts.cache = Some(dir.path().join("cache"));
    opts.github = Some(fake_github::options(
        &gh.api_url(),
        &dir.path().join("cache"),
    ));
    // The build runs GitHub enrichment on its own runtime: keep it off this one's threads.
    let outcome = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || build(&opts))
            .join()
            .expect("build thread")
    })
    .await
    .expect("build task")
    .expect("the fixture builds");
    let github = outcome
        .github
        .expect("GitHub stage ran")
        .expect("GitHub data");
    assert_eq!(
        github.counts.fetched, 9,
        "every fixture repository enriched"
    );
    serve(dir, &out)
}

/// `tests/fixtures/compat`: names landscape2 normalizes in particular ways.
pub fn compat_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat")
}

/// Builds the landscape in `data_dir` (its landscape.yml, settings and logos) without GitHub
/// data and serves it on a free port.
pub async fn serve_dir(data_dir: PathBuf) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut opts = BuildOptions::new(Inputs::beside(data_dir.join("landscape.yml")), &out);
    opts.cache = Some(dir.path().join("cache"));
    tokio::task::spawn_blocking(move || build(&opts))
        .await
        .expect("build task")
        .unwrap_or_else(|e| panic!("{} builds: {e}", data_dir.display()));
    let mut serve = ServeOptions::new(&out, SocketAddr::from(([127, 0, 0, 1], 0)));
    serve.log_requests = false;
    let server = start(&serve).expect("server starts");
    Site { dir, server }
}
