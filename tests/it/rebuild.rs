//! Rebuilding into the previous site's spare (`.site.previous`): unchanged files are left
//! alone, changed ones rewritten, stale ones removed, a damaged spare repaired, and the
//! output never missing while the new site is swapped in.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use crate::support::site::{
    assert_same_as_fresh_build, copy_dir, data_copy, edit_data, first_logo, hidden_entries,
    options, snapshot,
};
use landscape::site::{self, BuildError};
use landscape::staging;

fn build(data: &Path, out: &Path) {
    site::build(&options(data, out)).unwrap_or_else(|e| panic!("build failed: {e}"));
}

/// A temp dir holding a writable copy of the fixture; returns it, the data dir and the
/// output path beside them.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let out = tmp.path().join("site");
    (tmp, data, out)
}

const ALPHA: &str = "items/alpha-runtime/index.html";
const BETA: &str = "items/beta-metrics/index.html";

#[test]
fn a_rebuild_rewrites_changed_pages_and_leaves_unchanged_ones_alone() {
    let (tmp, data, out) = workspace();
    build(&data, &out);
    assert!(
        hidden_entries(tmp.path()).is_empty(),
        "no spare after one build"
    );
    // Back-date two pages of this tree: a rewrite would give them a current mtime.
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for page in [ALPHA, BETA] {
        let file = std::fs::File::options()
            .write(true)
            .open(out.join(page))
            .unwrap();
        file.set_modified(long_ago).unwrap();
    }
    let meta = |page: &str| std::fs::metadata(out.join(page)).unwrap();
    let (alpha_ino, beta_ino) = (meta(ALPHA).ino(), meta(BETA).ino());
    let beta_bytes = std::fs::read(out.join(BETA)).unwrap();

    // The second build has no spare yet; the first build's tree becomes the spare.
    build(&data, &out);
    assert_eq!(hidden_entries(tmp.path()), [".site.previous"]);
    assert_ne!(
        meta(BETA).ino(),
        beta_ino,
        "a fresh tree, not the first one"
    );

    // The third build syncs the first tree: only the changed page is rewritten.
    edit_data(
        &data,
        "A runtime that runs containers",
        "A runtime that now runs VMs",
    );
    build(&data, &out);
    assert_eq!(hidden_entries(tmp.path()), [".site.previous"]);
    let alpha = std::fs::read_to_string(out.join(ALPHA)).unwrap();
    assert!(alpha.contains("A runtime that now runs VMs"), "{alpha}");
    assert_eq!(meta(ALPHA).ino(), alpha_ino, "rewritten in place");
    assert_ne!(meta(ALPHA).modified().unwrap(), long_ago, "rewritten");
    assert_eq!(meta(BETA).ino(), beta_ino, "the first tree's file");
    assert_eq!(meta(BETA).modified().unwrap(), long_ago, "left untouched");
    assert_eq!(std::fs::read(out.join(BETA)).unwrap(), beta_bytes);
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn files_only_in_the_previous_build_are_removed() {
    let (tmp, data, out) = workspace();
    build(&data, &out);
    build(&data, &out);
    let evil_page = "items/script-alert-1-script/index.html";
    assert!(tmp.path().join(".site.previous").join(evil_page).is_file());
    let logos_before = std::fs::read_dir(out.join("logos")).unwrap().count();

    // Drop the `<script>` item: its page and logo must go from the reused tree.
    let yaml = std::fs::read_to_string(data.join("landscape.yml")).unwrap();
    let start = yaml
        .find("          - item:\n            name: <script>")
        .unwrap();
    let end = yaml.find("  - category:\n    name: Observability").unwrap();
    std::fs::write(
        data.join("landscape.yml"),
        format!("{}{}", &yaml[..start], &yaml[end..]),
    )
    .unwrap();
    build(&data, &out);
    assert!(!out.join(evil_page).exists());
    assert!(!out.join("items/script-alert-1-script").exists());
    let logos_after = std::fs::read_dir(out.join("logos")).unwrap().count();
    // Its logo and the logo's tile raster.
    assert_eq!(logos_after, logos_before - 2);
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn a_damaged_spare_still_gives_a_correct_site() {
    let (tmp, data, out) = workspace();
    build(&data, &out);
    build(&data, &out);
    let spare = tmp.path().join(".site.previous");
    // A truncated page, a logo with the right length but wrong bytes, stray files, a file
    // where a directory belongs, and a symlink that a careless writer would follow.
    std::fs::write(spare.join(ALPHA), "<html>").unwrap();
    let logo = first_logo(&spare);
    let len = std::fs::metadata(&logo).unwrap().len() as usize;
    std::fs::write(&logo, vec![b'x'; len]).unwrap();
    std::fs::write(spare.join("junk.txt"), "junk").unwrap();
    std::fs::create_dir_all(spare.join("items/ghost")).unwrap();
    std::fs::write(spare.join("items/ghost/index.html"), "boo").unwrap();
    std::fs::remove_dir_all(spare.join("stats")).unwrap();
    std::fs::write(spare.join("stats"), "not a directory").unwrap();
    std::fs::remove_file(spare.join("404.html")).unwrap();
    std::fs::create_dir_all(spare.join("404.html/deep")).unwrap();
    std::fs::write(spare.join("404.html/deep/page.html"), "not a file").unwrap();
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    std::fs::remove_file(spare.join("items.csv")).unwrap();
    std::os::unix::fs::symlink(&outside, spare.join("items.csv")).unwrap();

    build(&data, &out);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    assert!(
        !std::fs::symlink_metadata(out.join("items.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn a_failed_build_leaves_the_site_and_gives_its_directory_back_as_the_spare() {
    let (tmp, data, out) = workspace();
    build(&data, &out);
    build(&data, &out);
    let before = snapshot(&out);

    // Refused before rendering: the spare was claimed meanwhile, and is given back as it was.
    edit_data(&data, "https://beta.example.org/", "javascript:alert(1)");
    let err = site::build(&options(&data, &out)).unwrap_err();
    assert!(matches!(err, BuildError::Invalid(_)), "{err}");
    assert!(snapshot(&out) == before, "the site changed");
    assert_eq!(hidden_entries(tmp.path()), [".site.previous"]);
    assert!(snapshot(&tmp.path().join(".site.previous")) == before);
    edit_data(&data, "javascript:alert(1)", "https://beta.example.org/");

    // A template that fails late, after the item pages were written into the spare.
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("404.html"), "{{ no_such_thing.at_all }}").unwrap();
    let mut opts = options(&data, &out);
    opts.templates = Some(templates);
    edit_data(
        &data,
        "A runtime that runs containers",
        "A changed description",
    );
    let err = site::build(&opts).unwrap_err();
    assert!(matches!(err, BuildError::Output(_)), "{err}");
    assert!(snapshot(&out) == before, "the site changed");
    assert_eq!(hidden_entries(tmp.path()), [".site.previous"]);
    let half_done = std::fs::read_to_string(tmp.path().join(".site.previous").join(ALPHA));
    assert!(half_done.unwrap().contains("A changed description"));

    build(&data, &out);
    assert_same_as_fresh_build(&data, &out);
}

#[test]
fn leftovers_of_crashed_builds_are_reused_or_removed() {
    let (tmp, data, out) = workspace();
    build(&data, &out);
    build(&data, &out);
    // A build killed mid-way leaves its directory; an older version left `.site.old-*`.
    let spare = tmp.path().join(".site.previous");
    std::fs::rename(&spare, tmp.path().join(".site.building-4242-0")).unwrap();
    copy_dir(&out, &tmp.path().join(".site.old-4243"));
    std::fs::write(tmp.path().join(".site.old-4243/junk.txt"), "junk").unwrap();

    build(&data, &out);
    assert_eq!(hidden_entries(tmp.path()), [".site.previous"]);
    assert_same_as_fresh_build(&data, &out);
}

/// A check, not a proof: a reader polling `index.html` while builds swap the site in never
/// finds it missing (with two renames it would, now and then).
#[test]
fn the_output_never_disappears_during_the_swap() {
    let (_tmp, data, out) = workspace();
    build(&data, &out);
    let stop = Arc::new(AtomicBool::new(false));
    let (checks, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (stop, checks, misses) = (stop.clone(), checks.clone(), misses.clone());
        let index = out.join("index.html");
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !index.exists() {
                    misses.fetch_add(1, Ordering::Relaxed);
                }
                checks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    for _ in 0..8 {
        build(&data, &out);
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    assert!(checks.load(Ordering::Relaxed) > 0);
    assert_eq!(misses.load(Ordering::Relaxed), 0, "index.html went missing");
}

#[test]
fn staging_refuses_paths_outside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let target = staging::check_output(&out, &[], &[]).unwrap();
    let staging = staging::Staging::new(&target).unwrap();
    for bad in [
        "../escape.html",
        "/tmp/absolute.html",
        "",
        "items/../../up.html",
    ] {
        let err = staging.write(bad, b"x").unwrap_err();
        assert_eq!(err.source.kind(), std::io::ErrorKind::InvalidInput, "{bad}");
    }
    staging.write("items/ok/index.html", b"ok").unwrap();
    staging.commit().unwrap();
    assert!(!tmp.path().join("escape.html").exists());
    assert!(!tmp.path().join("up.html").exists());
    assert_eq!(
        snapshot(&out),
        [
            (
                PathBuf::from(staging::MARKER),
                staging::MARKER_BYTES.to_vec()
            ),
            (PathBuf::from("items/ok/index.html"), b"ok".to_vec()),
        ]
    );
}

/// The cache records what each settled logo file holds, so a rebuild need not read it; a
/// record whose cache entries are gone sends the build back to the files.
#[test]
fn the_logo_record_is_trusted_only_as_far_as_the_cache_holds() {
    let tmp = tempfile::tempdir().unwrap();
    // The fixture in place: checked out before the build, its files are settled.
    let data = crate::support::fixture();
    let cache = tmp.path().join("cache");
    let mut opts = options(&data, &tmp.path().join("site"));
    opts.cache = Some(cache.clone());
    site::build(&opts).unwrap();
    let record = std::fs::read_to_string(cache.join("logos/files-v1")).unwrap();
    let in_fixture = |line: &str| line.contains("/fixtures/core/hosted_logos/");
    assert!(
        !record.is_empty() && record.lines().all(in_fixture),
        "{record}"
    );
    let logo_files = |site: &Path| snapshot(&site.join("logos"));
    let first = logo_files(&tmp.path().join("site"));
    assert!(!first.is_empty());

    for pack in std::fs::read_dir(cache.join("logos")).unwrap() {
        let pack = pack.unwrap().path();
        if pack.extension().is_some_and(|e| e == "lgp") {
            std::fs::remove_file(pack).unwrap();
        }
    }
    let mut again = options(&data, &tmp.path().join("again"));
    again.cache = Some(cache.clone());
    site::build(&again).unwrap();
    assert_eq!(logo_files(&tmp.path().join("again")), first);
}
