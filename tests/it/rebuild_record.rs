//! Rebuilding with a cache: the record of what each tree holds lets a rebuild keep files
//! without reading them, and pages whose values did not change without rendering them; any
//! change of an input, or of a file behind the build's back, still gives exactly the site a
//! fresh build gives.

use std::path::{Path, PathBuf};

use crate::support::site::{
    assert_same_as_fresh_build, data_copy, edit_data, files, first_logo, options,
};
use landscape::site::{self, BuildOutcome};
use landscape::stamp::Stamp;

const BETA: &str = "items/beta-metrics/index.html";

/// The spare beside the output `out`: the tree the next build writes into.
fn spare(out: &Path) -> PathBuf {
    out.with_file_name(".site.previous")
}

fn build(data: &Path, out: &Path, cache: &Path) -> BuildOutcome {
    let mut opts = options(data, out);
    opts.cache = Some(cache.to_path_buf());
    site::build(&opts).unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// Waits until every file under `dir` is old enough for its stamp to vouch for it (a file
/// changed within the timestamps' resolution of now is never trusted).
fn settle(dir: &Path) {
    for file in files(dir) {
        while Stamp::of(&std::fs::symlink_metadata(&file).unwrap()).is_none() {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// Builds until both trees (the output and its spare) have been rebuilt once with a
/// record, so the next build into either can trust it.
fn recorded_workspace() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let (out, cache) = (tmp.path().join("site"), tmp.path().join("cache"));
    let spare = tmp.path().join(".site.previous");
    for _ in 0..4 {
        if spare.exists() {
            settle(&spare);
        }
        build(&data, &out, &cache);
    }
    settle(&spare);
    (tmp, data, out, cache)
}

#[test]
fn a_rebuild_with_nothing_changed_makes_and_writes_nothing() {
    let (_tmp, data, out, cache) = recorded_workspace();
    let outcome = build(&data, &out, &cache);
    let pages = outcome.written.pages;
    assert_eq!(outcome.files.written, 0, "{:?}", outcome.files);
    // Pages and logos are kept without being made again; data files are made and compared.
    assert!(
        outcome.files.reused >= pages,
        "{:?} for {pages} pages",
        outcome.files
    );
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn a_changed_item_gets_its_page_made_again_and_the_others_do_not() {
    let (_tmp, data, out, cache) = recorded_workspace();
    edit_data(
        &data,
        "A runtime that runs containers",
        "A runtime that now runs VMs",
    );
    let spare_beta = spare(&out).join(BETA);
    let before = std::fs::metadata(&spare_beta).unwrap().modified().unwrap();
    let outcome = build(&data, &out, &cache);
    let page = std::fs::read_to_string(out.join("items/alpha-runtime/index.html")).unwrap();
    assert!(page.contains("A runtime that now runs VMs"), "{page}");
    let beta = std::fs::metadata(out.join(BETA))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(beta, before, "another item's page is left alone");
    assert!(outcome.files.written > 0, "{:?}", outcome.files);
    // The item's page and the pages listing it are made again, the others are not.
    let pages = outcome.written.pages;
    assert!(outcome.files.reused >= pages / 2, "{:?}", outcome.files);
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn a_change_every_page_shows_makes_every_page_again() {
    let (_tmp, data, out, cache) = recorded_workspace();
    let settings = data.join("settings.yml");
    let text = std::fs::read_to_string(&settings).unwrap();
    assert!(text.contains("foundation: Fixture Foundation"), "{text}");
    std::fs::write(
        &settings,
        text.replace(
            "foundation: Fixture Foundation",
            "foundation: Renamed Foundation",
        ),
    )
    .unwrap();
    let outcome = build(&data, &out, &cache);
    let page = std::fs::read_to_string(out.join(BETA)).unwrap();
    assert!(page.contains("Renamed Foundation"), "{page}");
    assert!(
        outcome.files.written > outcome.written.pages,
        "{:?}",
        outcome.files
    );
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn a_file_changed_behind_the_builds_back_is_made_right_again() {
    let (_tmp, data, out, cache) = recorded_workspace();
    let spare = spare(&out);
    // Same length, other bytes: only its stamp tells the record it changed.
    let page = spare.join(BETA);
    let bytes = std::fs::read(&page).unwrap();
    std::fs::write(&page, vec![b'x'; bytes.len()]).unwrap();
    std::fs::write(first_logo(&spare), b"<svg/>").unwrap();
    let outcome = build(&data, &out, &cache);
    assert_eq!(outcome.files.written, 2, "{:?}", outcome.files);
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn the_record_lives_in_the_cache_not_in_the_site() {
    let (_tmp, data, out, cache) = recorded_workspace();
    build(&data, &out, &cache);
    let records = std::fs::read_dir(cache.join("site")).unwrap().count();
    assert_eq!(records, 2, "one per tree: the output and its spare");
    let published: Vec<_> = files(&out)
        .into_iter()
        .filter(|f| f.to_string_lossy().contains("site-v1"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
}
