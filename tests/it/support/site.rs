//! Shared by the site build tests: the core fixture, a writable copy of it, build options,
//! and snapshots of a built tree.

use std::path::{Path, PathBuf};

use landscape::load::Inputs;
use landscape::site::BuildOptions;

pub use super::{copy_dir, data_copy, fixture};

/// Build options for `data_dir/landscape.yml` (with what lies beside it) into `out`.
pub fn options(data_dir: &Path, out: &Path) -> BuildOptions {
    BuildOptions::new(Inputs::beside(data_dir.join("landscape.yml")), out)
}

/// Replaces `from` with `to` in `data_dir/landscape.yml`.
pub fn edit_data(data_dir: &Path, from: &str, to: &str) {
    let file = data_dir.join("landscape.yml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    assert!(yaml.contains(from), "{from:?} is not in the data file");
    std::fs::write(file, yaml.replace(from, to)).unwrap();
}

/// Every file under `dir` (symlinks count as files, and are not followed), sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    out.sort();
    out
}

/// Every file under `dir` as (path relative to `dir`, bytes), sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// The build's own entries beside the output in `parent` (`.site.*`), sorted.
pub fn hidden_entries(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".site"))
        .collect();
    names.sort();
    names
}

/// Asserts `site` holds exactly what a fresh build of `data` (no cache) holds, file for file.
pub fn assert_same_as_fresh_build(data: &Path, site: &Path) {
    let fresh_parent = tempfile::tempdir().unwrap();
    let fresh = fresh_parent.path().join("site");
    landscape::site::build(&options(data, &fresh)).unwrap_or_else(|e| panic!("build failed: {e}"));
    let (got, want) = (snapshot(site), snapshot(&fresh));
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "file lists differ");
    for ((path, a), (_, b)) in got.iter().zip(&want) {
        assert!(a == b, "{} differs from a fresh build", path.display());
    }
}

/// The first logo file of a built site's `logos/`.
pub fn first_logo(site: &Path) -> PathBuf {
    let mut entries = std::fs::read_dir(site.join("logos")).unwrap();
    entries.next().unwrap().unwrap().path()
}
