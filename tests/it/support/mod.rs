//! What the integration tests share: fixtures, the binary, stand-in servers, and the one
//! policy for optional inputs.

pub mod cli;
pub mod fake_clomonitor;
pub mod fake_crunchbase;
pub mod fake_github;
pub mod fake_wikidata;
pub mod fetch;
pub mod file_server;
pub mod poster;
pub mod site;

use std::path::{Path, PathBuf};

/// The core fixture landscape (`tests/fixtures/core`).
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core")
}

/// A writable copy of the core fixture in `dir/data`; returns that directory.
pub fn data_copy(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    copy_dir(&fixture(), &data);
    data
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(target).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// An optional input of a test: `Some` when it is there; when it is not, `None` with the
/// reason printed (the test skips), or a failure when `CI` is set, so CI never passes
/// without running everything.
pub fn optional<T>(what: &str, found: Result<T, String>) -> Option<T> {
    match found {
        Ok(found) => Some(found),
        Err(why) if std::env::var_os("CI").is_some() => {
            panic!("{what} is required when CI is set: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: {what}: {why}");
            None
        }
    }
}

/// The CNCF snapshot's directory (`LANDSCAPE_CNCF_DIR`, else `../shared/landscapes/cncf`),
/// under the [`optional`] policy.
pub fn cncf_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LANDSCAPE_CNCF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/landscapes/cncf"));
    let found = if dir.join("landscape.yml").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "no CNCF snapshot at {} (set LANDSCAPE_CNCF_DIR)",
            dir.display()
        ))
    };
    optional("the CNCF snapshot", found)
}

/// A command-line tool such as `pdfinfo`, under the [`optional`] policy.
pub fn tool(name: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{name} is not on PATH (apt-get install {package})"));
    optional(name, found)
}
