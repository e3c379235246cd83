//! Drawn posters are reused from the cache while nothing they are drawn from changes.

use std::path::Path;

use crate::support::site::{edit_data, options};

/// Builds `data` into `out` with `cache`, returning `docs/landscape.png`.
fn screenshot(data: &Path, out: &Path, cache: &Path) -> Vec<u8> {
    let mut opts = options(data, out);
    opts.cache = Some(cache.to_path_buf());
    landscape::site::build(&opts).expect("the compat fixture builds");
    std::fs::read(out.join("docs/landscape.png")).expect("the screenshot")
}

fn cached_pngs(cache: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(cache.join("posters")) else {
        return Vec::new();
    };
    let mut pngs: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    pngs
}

#[test]
fn screenshots_are_drawn_once_per_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat"),
        &data,
    );
    let (out, cache) = (dir.path().join("site"), dir.path().join("cache"));
    let first = screenshot(&data, &out, &cache);
    assert!(first.starts_with(b"\x89PNG"));
    let pngs = cached_pngs(&cache);
    assert_eq!(pngs.len(), 1, "one drawing kept");

    // A rebuild copies what the cache holds instead of drawing: a marked entry shows it.
    std::fs::write(&pngs[0], b"marked").unwrap();
    assert_eq!(screenshot(&data, &out, &cache), b"marked");

    // Any change to the inputs draws again.
    edit_data(&data, "name: C++", "name: C++ Tools");
    let redrawn = screenshot(&data, &out, &cache);
    assert!(
        redrawn.starts_with(b"\x89PNG"),
        "drawn anew, not the marked copy"
    );
    assert_eq!(cached_pngs(&cache).len(), 2);
}
