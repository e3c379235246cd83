//! `--out` naming something the tool did not make: a documents folder, the landscape's own
//! directory, the home directory, `/`, a file, the logos directory. Each is refused before
//! anything is touched, with a message naming the path and the reason; directories beside
//! the output that lack the site marker are never reused, moved or deleted.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use landscape::staging::{self, MARKER, MARKER_BYTES, Refusal, StagingError};

use crate::support::cli::{run, text};
use crate::support::{copy_dir, data_copy};

/// Everything under `dir`, sorted: relative path and what it is (bytes, `dir`, or a link's
/// target), so a comparison catches any change, move or removal.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let (path, kind) = (e.path(), e.file_type().unwrap());
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((rel, target.into_os_string().into_encoded_bytes()));
            } else if kind.is_dir() {
                out.push((rel, b"dir".to_vec()));
                stack.push(path);
            } else {
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// A documents folder: files, a hidden file and a nested directory.
fn documents(dir: &Path) -> PathBuf {
    let docs = dir.join("Documents");
    std::fs::create_dir_all(docs.join("taxes/2024")).unwrap();
    std::fs::write(docs.join("thesis.tex"), "\\chapter{One}\n").unwrap();
    std::fs::write(docs.join(".hidden"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(docs.join("taxes/2024/return.pdf"), "%PDF-1.7 mine").unwrap();
    docs
}

/// `landscape build` of the landscape in `tmp/data` into `out`, run in `dir`.
fn build(dir: &Path, tmp: &Path, out: &str) -> Output {
    let data = tmp.join("data/landscape.yml");
    let cache = tmp.join("cache");
    let args = ["build", "--data", path(&data), "--cache", path(&cache)];
    run(dir, &[&args[..], &["--out", out]].concat())
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts a refused run: exit 1, and a message naming `path` and `reason`.
fn assert_refused(output: &Output, path: &Path, reason: &str) {
    let text = text(output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let named = format!("refusing to build into {}: {reason}", path.display());
    assert!(text.contains(&named), "wanted {named:?} in:\n{text}");
    assert!(text.contains("nothing was changed"), "{text}");
}

const NOT_A_SITE: &str =
    "it is a directory that `landscape build` did not make (it has files, and no .landscape-site)";

fn real(p: &Path) -> PathBuf {
    p.canonicalize().unwrap()
}

#[test]
fn a_documents_folder_is_refused_and_left_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let docs = documents(tmp.path());
    let before = (tree(&docs), names(tmp.path()));
    for _ in 0..2 {
        let output = build(tmp.path(), tmp.path(), "Documents");
        assert_refused(&output, &real(&docs), NOT_A_SITE);
        assert!(text(&output).contains(MARKER), "{}", text(&output));
        assert!(
            (tree(&docs), names(tmp.path())) == before,
            "something changed"
        );
    }
}

#[test]
fn the_landscape_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    std::fs::create_dir_all(data.join(".git/refs/heads")).unwrap();
    std::fs::write(data.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let before = (tree(&data), names(tmp.path()));
    for out in [".", "./", "hosted_logos/..", path(&data)] {
        let output = build(&data, tmp.path(), out);
        assert_refused(&output, &real(&data), "it is ");
        assert!(text(&output).contains("which this build reads"));
        assert!((tree(&data), names(tmp.path())) == before, "--out {out}");
    }
}

#[test]
fn the_home_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/id_ed25519"), "secret key").unwrap();
    let before = tree(tmp.path());
    // `--out ~` as the shell expands it, and a directory holding the home directory.
    for (out, reason) in [
        (home.clone(), "it is your home directory"),
        (tmp.path().to_path_buf(), "it holds your home directory"),
    ] {
        let output = crate::support::cli::command()
            .args(["build", "--data"])
            .arg(tmp.path().join("data/landscape.yml"))
            .arg("--cache")
            .arg(tmp.path().join("cache"))
            .arg("--out")
            .arg(&out)
            .env("HOME", &home)
            .output()
            .unwrap();
        assert_refused(&output, &real(&out), reason);
    }
    assert!(tree(tmp.path()) == before);
    // The check itself, with the home directory given.
    let err = staging::check_output_in(&home.join("."), &[], &[], Some(&home)).unwrap_err();
    assert!(
        matches!(
            err,
            StagingError::Refused {
                reason: Refusal::Home,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn the_root_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let output = build(tmp.path(), tmp.path(), "/");
    assert_refused(&output, Path::new("/"), "it is the root directory");
    for root in ["/", "/..", "/tmp/../"] {
        let err = staging::check_output(Path::new(root), &[], &[]).unwrap_err();
        let StagingError::Refused { path, reason } = err else {
            panic!("{root}: {err}");
        };
        assert_eq!((path, reason), (PathBuf::from("/"), Refusal::Root));
    }
}

#[test]
fn a_file_or_a_broken_link_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let notes = tmp.path().join("notes.txt");
    std::fs::write(&notes, "my notes\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), tmp.path().join("dangling")).unwrap();
    let before = tree(tmp.path());
    for _ in 0..2 {
        let output = build(tmp.path(), tmp.path(), "notes.txt");
        assert_refused(&output, &real(&notes), "it exists and is not a directory");
        let output = build(tmp.path(), tmp.path(), "dangling");
        let link = real(tmp.path()).join("dangling");
        assert_refused(&output, &link, "it is a symbolic link that leads nowhere");
    }
    assert!(tree(tmp.path()) == before);
}

#[test]
fn a_link_to_a_folder_is_judged_by_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let docs = documents(tmp.path());
    std::os::unix::fs::symlink(&docs, tmp.path().join("site")).unwrap();
    let before = tree(tmp.path());
    let output = build(tmp.path(), tmp.path(), "site");
    assert_refused(&output, &real(&docs), NOT_A_SITE);
    assert!(tree(tmp.path()) == before);
}

#[test]
fn a_directory_holding_the_logos_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let assets = tmp.path().join("assets");
    copy_dir(&data.join("hosted_logos"), &assets.join("logos"));
    let before = tree(tmp.path());
    let logos = assets.join("logos");
    let args = ["build", "--data", "data/landscape.yml", "--cache", "cache"];
    let output = run(
        tmp.path(),
        &[&args[..], &["--logos", path(&logos), "--out", "assets"]].concat(),
    );
    let reason = format!(
        "it holds {}, which this build reads",
        real(&logos).display()
    );
    assert_refused(&output, &real(&assets), &reason);
    assert!(tree(tmp.path()) == before);
}

#[test]
fn an_output_inside_the_logos_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let logos = real(&data.join("hosted_logos"));
    let before = tree(tmp.path());
    let output = build(tmp.path(), tmp.path(), "data/hosted_logos/site");
    let reason = format!("it is inside {}, which this build reads", logos.display());
    assert_refused(&output, &logos.join("site"), &reason);
    assert!(
        tree(tmp.path()) == before,
        "nothing is created in the logos directory"
    );
}

#[test]
fn foreign_directories_beside_the_output_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let foreign = [".site.previous", ".site.building-x", ".site.old-7"];
    for name in foreign {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(dir.join("notes")).unwrap();
        std::fs::write(dir.join("notes/today.md"), format!("{name}: keep me")).unwrap();
        std::fs::write(dir.join("index.html"), "mine, not a site's").unwrap();
    }
    let before: Vec<_> = foreign.iter().map(|n| tree(&tmp.path().join(n))).collect();
    for _ in 0..3 {
        let output = build(tmp.path(), tmp.path(), "site");
        assert!(output.status.success(), "{}", text(&output));
        let after: Vec<_> = foreign.iter().map(|n| tree(&tmp.path().join(n))).collect();
        assert!(after == before, "a foreign directory changed");
        // No spare can take the name, so no other debris is left either.
        let hidden: Vec<String> = names(tmp.path())
            .into_iter()
            .filter(|n| n.starts_with('.'))
            .collect();
        assert_eq!(
            hidden,
            [".site.building-x", ".site.old-7", ".site.previous"]
        );
    }
    let index = std::fs::read_to_string(tmp.path().join("site/index.html")).unwrap();
    assert!(index.contains("<html"), "the site was built");
}

#[test]
fn out_dot_in_an_empty_directory_builds_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let here = tmp.path().join("public");
    std::fs::create_dir(&here).unwrap();
    // `.`, `./` and `x/..` all name the directory itself; the next build finds the site.
    for (i, out) in [".", "./", "items/.."].into_iter().enumerate() {
        let output = build(&here, tmp.path(), out);
        assert!(output.status.success(), "--out {out}: {}", text(&output));
        assert_eq!(std::fs::read(here.join(MARKER)).unwrap(), MARKER_BYTES);
        assert!(here.join("items/alpha-runtime/index.html").is_file());
        let site = names(&here);
        assert!(
            site.iter()
                .all(|n| !n.starts_with(".public") && !n.starts_with(".site")),
            "{site:?}"
        );
        let spare = if i == 0 {
            vec![]
        } else {
            vec![".public.previous"]
        };
        let beside = [&spare[..], &["cache", "data", "public"]].concat();
        assert_eq!(names(tmp.path()), beside, "after --out {out}");
    }
    assert!(
        text(&build(&here, tmp.path(), ".")).contains(&format!("`cd {}`", real(&here).display()))
    );
}

#[test]
fn an_empty_directory_becomes_the_site_with_no_leftover() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    std::fs::create_dir(tmp.path().join("public")).unwrap();
    let output = build(tmp.path(), tmp.path(), "public");
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(names(tmp.path()), ["cache", "data", "public"]);
}

#[test]
fn a_site_is_rebuilt_through_its_spare() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let site = tmp.path().join("site");
    let ino = |p: &Path| std::fs::metadata(p.join("index.html")).unwrap().ino();
    assert!(build(tmp.path(), tmp.path(), "site").status.success());
    let first = ino(&site);
    assert!(build(tmp.path(), tmp.path(), "site").status.success());
    let spare = tmp.path().join(".site.previous");
    assert_eq!(std::fs::read(spare.join(MARKER)).unwrap(), MARKER_BYTES);
    assert_eq!(ino(&spare), first, "the first tree is the spare");
    assert!(build(tmp.path(), tmp.path(), "site").status.success());
    assert_eq!(ino(&site), first, "the third build reused the first tree");
    assert_eq!(
        names(tmp.path()),
        [".site.previous", "cache", "data", "site"]
    );
}

#[test]
fn a_folder_that_appears_during_the_build_is_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let target = staging::check_output(&out, &[], &[]).unwrap();
    let build = staging::Staging::new(&target).unwrap();
    build.write("index.html", b"<html>").unwrap();
    let docs = documents(tmp.path());
    std::fs::rename(&docs, &out).unwrap();
    let before = tree(&out);
    let err = build.commit().unwrap_err();
    assert!(
        matches!(
            &err,
            StagingError::Refused {
                reason: Refusal::NotASite,
                ..
            }
        ),
        "{err}"
    );
    assert!(tree(&out) == before);
    // The unfinished tree is kept as the spare, as a failed build's is.
    assert_eq!(names(tmp.path()), [".site.previous", "site"]);
}

#[test]
fn a_wrong_or_linked_marker_does_not_make_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let wrong = tmp.path().join("wrong");
    std::fs::create_dir(&wrong).unwrap();
    std::fs::write(wrong.join(MARKER), "something else").unwrap();
    let linked = tmp.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    std::fs::write(tmp.path().join("marker"), MARKER_BYTES).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("marker"), linked.join(MARKER)).unwrap();
    for dir in [wrong, linked] {
        let err = staging::check_output(&dir, &[], &[]).unwrap_err();
        assert!(
            matches!(
                err,
                StagingError::Refused {
                    reason: Refusal::NotASite,
                    ..
                }
            ),
            "{err}"
        );
    }
}

#[test]
fn serve_refuses_a_foreign_output_instead_of_serving_it() {
    use std::io::{BufRead, BufReader};
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let docs = documents(tmp.path());
    std::fs::write(docs.join("index.html"), "my page").unwrap();
    let mut child = crate::support::cli::command()
        .current_dir(tmp.path())
        .args([
            "serve",
            "--watch",
            "--addr",
            "127.0.0.1:0",
            "--data",
            "data/landscape.yml",
        ])
        .args(["--cache", "cache", "--out", "Documents"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines: Vec<String> = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .inspect(|line| {
            if line.starts_with("Serving") {
                let _ = child.kill();
            }
        })
        .collect();
    let status = child.wait().unwrap();
    let text = lines.join("\n");
    assert!(!text.contains("Serving"), "{text}");
    assert_eq!(status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("refusing to build into {}", real(&docs).display())));
}

#[test]
fn export_refuses_a_directory_or_an_input_as_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    data_copy(tmp.path());
    let docs = documents(tmp.path());
    let before = tree(tmp.path());
    for (out, reason) in [
        ("Documents", "it is a directory"),
        ("data/landscape.yml", "it is an input of the landscape"),
        (
            "data/hosted_logos/alpha.svg",
            "it is inside the logos directory",
        ),
    ] {
        let args = ["export", "--format", "svg", "--data", "data/landscape.yml"];
        let output = run(
            tmp.path(),
            &[&args[..], &["--cache", "cache", "--out", out]].concat(),
        );
        let text = text(&output);
        assert_eq!(output.status.code(), Some(1), "{text}");
        let named = format!("refusing to write the poster to {out}: {reason}");
        assert!(text.contains(&named), "wanted {named:?} in:\n{text}");
    }
    assert!(tree(tmp.path()) == before);
    assert!(docs.join("thesis.tex").is_file());
}
