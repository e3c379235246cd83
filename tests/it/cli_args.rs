//! Command-line values: one that cannot be used is a usage error naming the flag and the
//! value, before anything is read or written.

use crate::support::cli::{run, text};
use crate::support::data_copy;

/// `landscape build` of the fixture with `--github-ttl ttl`.
fn build_with_ttl(ttl: &str) -> (std::process::Output, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let out = run(
        tmp.path(),
        &[
            "build",
            "--data",
            "data/landscape.yml",
            "--out",
            "site",
            "--github-ttl",
            ttl,
        ],
    );
    (out, tmp)
}

#[test]
fn a_huge_github_ttl_is_a_usage_error_not_a_crash() {
    // Hours that overflow seconds, a number of days past u64, and units that overflow.
    for huge in [
        "18446744073709551615",
        "5124095576030432h",
        "99999999999999999999999d",
    ] {
        let (out, tmp) = build_with_ttl(huge);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{huge}: {said}");
        assert!(said.contains("--github-ttl"), "{huge}: {said}");
        assert!(said.contains(huge), "{huge}: {said}");
        assert!(!said.contains("panicked"), "{huge}: {said}");
        assert!(
            !tmp.path().join("site").exists(),
            "{huge}: a site was built"
        );
    }
}

#[test]
fn a_github_ttl_in_humantime_units_builds() {
    let (out, tmp) = build_with_ttl("1h 30m");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(tmp.path().join("site/index.html").exists());
}
