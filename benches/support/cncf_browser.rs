//! What the browser benchmarks start from: the CNCF snapshot and the browser, or a printed
//! reason to skip. Included by each of them beside the tests' `harness`.

use std::path::{Path, PathBuf};

/// The CNCF snapshot's directory (`LANDSCAPE_CNCF_DIR`, else `../shared/landscapes/cncf`)
/// and the browser's tools; `None`, with the reason printed, when either is missing.
pub fn inputs() -> Option<(PathBuf, (PathBuf, PathBuf))> {
    let cncf = std::env::var_os("LANDSCAPE_CNCF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/landscapes/cncf"));
    if !cncf.join("landscape.yml").is_file() {
        println!(
            "skipped: no CNCF snapshot at {} (set LANDSCAPE_CNCF_DIR)",
            cncf.display()
        );
        return None;
    }
    match super::harness::find_tools() {
        Ok(tools) => Some((cncf, tools)),
        Err(why) => {
            println!("skipped: {why}");
            None
        }
    }
}
