//! The base read from a real git repository at a revision, the work tree left alone.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use super::{GUIDE, SETTINGS, base_entries, entry, names, svg, write};
use crate::support::{self, cli};

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", cli::text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_base_is_read_at_a_revision_without_touching_the_work_tree() {
    if support::tool("git", "git").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    // The landscape lives in a subdirectory: paths are taken from the repository's root.
    let land = repo.join("landscape");
    write(&land, &base_entries(), SETTINGS, GUIDE);
    git(dir.path(), &["init", "-q", "repo"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);

    let mut head = base_entries();
    head.push(entry("Observability", "Tracing", "Delta"));
    write(&land, &head, SETTINGS, GUIDE);
    std::fs::write(land.join("hosted_logos/alpha.svg"), svg("#aa0000")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "head"]);
    // An uncommitted edit: the head is the work tree, not HEAD.
    let data = land.join("landscape.yml");
    let text = std::fs::read_to_string(&data).unwrap();
    std::fs::write(
        &data,
        text.replace(
            "name: Gamma",
            "name: Gamma\n            description: Edited.",
        ),
    )
    .unwrap();
    let status = git(&repo, &["status", "--porcelain"]);
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = support::site::snapshot(&repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git"))
        .collect();

    let cache = dir.path().join("cache").display().to_string();
    let out = cli::run(
        &repo,
        &[
            "diff",
            "--base",
            "HEAD~1",
            "--data",
            "landscape/landscape.yml",
            "--cache",
            &cache,
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", cli::text(&out)));
    assert_eq!(out.status.code(), Some(0), "{}", cli::text(&out));
    assert_eq!(report["base"], "HEAD~1");
    assert_eq!(names(&report["added"]), ["Delta"]);
    assert_eq!(report["edited"][0]["item"]["name"], "Gamma");
    assert_eq!(
        report["edited"][0]["fields"],
        json!([{"field": "description", "old": null, "new": "Edited."}])
    );
    // alpha.svg differs between the base commit and the work tree.
    let changed: Vec<&str> = (report["logos"].as_array().unwrap().iter())
        .filter(|l| l["change"] == "changed")
        .map(|l| l["item"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["Alpha"]);

    // Nothing in the work tree or the index moved.
    assert_eq!(git(&repo, &["status", "--porcelain"]), status);
    let after: Vec<(std::path::PathBuf, Vec<u8>)> = support::site::snapshot(&repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git"))
        .collect();
    assert_eq!(before, after);

    // A revision that does not exist is an error naming it, not a diff.
    let out = cli::run(
        &repo,
        &[
            "diff",
            "--base",
            "no-such-branch",
            "--data",
            "landscape/landscape.yml",
            "--cache",
            &cache,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = cli::text(&out);
    assert!(
        text.contains("`no-such-branch` is not a revision"),
        "{text}"
    );
    // Nor can a revision smuggle in an option.
    let out = cli::run(
        &repo,
        &[
            "diff",
            "--base=--output=/tmp/x",
            "--data",
            "landscape/landscape.yml",
            "--cache",
            &cache,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", cli::text(&out));
}

/// `landscape diff --base REV --format json` in `repo`, its report.
fn diff_json(repo: &Path, rev: &str, cache: &Path) -> serde_json::Value {
    let cache = cache.display().to_string();
    let args = [
        "diff",
        "--base",
        rev,
        "--data",
        "landscape.yml",
        "--cache",
        &cache,
        "--format",
        "json",
    ];
    let out = cli::run(repo, &args);
    assert_eq!(out.status.code(), Some(0), "{}", cli::text(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", cli::text(&out)))
}

#[test]
fn logos_unchanged_since_the_base_are_shared_and_work_tree_edits_still_count() {
    if support::tool("git", "git").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, &base_entries(), SETTINGS, GUIDE);
    git(dir.path(), &["init", "-q", "repo"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let cache = dir.path().join("cache");

    // Only the data changed: no logo is reported.
    let data = repo.join("landscape.yml");
    let text = std::fs::read_to_string(&data).unwrap();
    let edited = text.replace(
        "name: Gamma",
        "name: Gamma\n            description: Edited.",
    );
    std::fs::write(&data, &edited).unwrap();
    let report = diff_json(&repo, "HEAD", &cache);
    assert_eq!(report["edited"][0]["item"]["name"], "Gamma");
    assert_eq!(report["logos"], json!([]));

    // Uncommitted logo edits: one file rewritten in place, one item and its logo removed.
    std::fs::write(repo.join("hosted_logos/beta.svg"), svg("#aa0000")).unwrap();
    let mut head = base_entries();
    head.retain(|e| e.name != "Gamma");
    write(&repo, &head, SETTINGS, GUIDE);
    std::fs::remove_file(repo.join("hosted_logos/gamma.svg")).unwrap();
    let report = diff_json(&repo, "HEAD", &cache);
    let logos: Vec<(&str, &str)> = (report["logos"].as_array().unwrap().iter())
        .map(|l| (l["item"].as_str().unwrap(), l["change"].as_str().unwrap()))
        .collect();
    assert_eq!(logos, [("Beta", "changed"), ("Gamma", "removed")]);
    // The removed logo was read from the base revision.
    assert_eq!(
        report["logos"][1]["old_hash"].as_str().map(str::len),
        Some(16)
    );
    // The work tree's logos were not touched.
    assert_eq!(
        std::fs::read_to_string(repo.join("hosted_logos/beta.svg")).unwrap(),
        svg("#aa0000")
    );
    assert!(!repo.join("hosted_logos/gamma.svg").exists());
}
