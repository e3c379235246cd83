//! The CI integration shipped in the repository: the scripts the GitHub Action runs, against
//! a real git repository with a base and a head commit, and the shape of action.yml and the
//! example workflows.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use landscape::yaml::{self, Node, Value};

const LOGO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="8"/></svg>"#;

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn data(items: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "landscape:\n  - category:\n    name: Runtime\n    subcategories:\n      - subcategory:\n        name: Container Runtime\n        items:\n",
    );
    for (name, homepage) in items {
        text.push_str(&format!(
            "          - item:\n            name: {name}\n            homepage_url: {homepage}\n            logo: ok.svg\n"
        ));
    }
    text
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A repository whose `main` (also `origin/main`, as a pull request's checkout has it) holds
/// a valid landscape, and whose checked-out head commit replaces the data by `head`.
fn repository(dir: &Path, head: &str) {
    std::fs::create_dir_all(dir.join("logos")).unwrap();
    std::fs::write(dir.join("logos/ok.svg"), LOGO).unwrap();
    std::fs::write(
        dir.join("landscape.yml"),
        data(&[("Alpha", "https://alpha.example.org/")]),
    )
    .unwrap();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    let base = git(dir, &["rev-parse", "HEAD"]);
    git(dir, &["update-ref", "refs/remotes/origin/main", &base]);
    git(dir, &["checkout", "-q", "-b", "change"]);
    std::fs::write(dir.join("landscape.yml"), head).unwrap();
    git(dir, &["commit", "-q", "-am", "head"]);
}

/// PATH with the built binary's directory first.
fn path_with_binary() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_landscape")).parent().unwrap();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

/// Runs scripts/pr-check.sh in `dir` as the action does; returns its output and the summary.
fn pr_check(dir: &Path, summary: &Path) -> Output {
    Command::new("bash")
        .arg(repo_file("scripts/pr-check.sh"))
        .args(["--data", "landscape.yml", "--cache"])
        .arg(dir.join("../cache"))
        .current_dir(dir)
        .env("PATH", path_with_binary())
        .env("GITHUB_STEP_SUMMARY", summary)
        .env("GITHUB_BASE_REF", "main")
        .env("PREVIEW_DIR", "previews")
        .env_remove("LANDSCAPE")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_TOKENS")
        .output()
        .unwrap()
}

/// Whether the binary has the `diff` subcommand (it is built beside this one).
fn has_diff() -> bool {
    Command::new(env!("CARGO_BIN_EXE_landscape"))
        .args(["diff", "--help"])
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn a_change_with_an_error_is_annotated_on_its_line_and_fails() {
    if crate::support::tool("git", "git").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    let head = data(&[
        ("Alpha", "https://alpha.example.org/"),
        ("Gamma", "ftp://gamma.example.org/"),
    ]);
    repository(&dir, &head);
    let summary = tmp.path().join("summary.md");
    std::fs::write(&summary, "earlier steps' summary\n").unwrap();
    let out = pr_check(&dir, &summary);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    // Gamma's homepage is on line 14 of the head's landscape.yml.
    assert!(
        stdout.contains("::error file=landscape.yml,line=14,col=27,title=bad-url::"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("earlier steps' summary\n### Validation\n\nValidation failed"),
        "{summary}"
    );
    if has_diff() {
        // The change summary names the item the pull request adds.
        assert!(summary.contains("Gamma"), "{summary}");
        assert!(dir.join("previews").is_dir());
    } else {
        eprintln!("NOTE: no `diff` subcommand in this build: only its absence is checked");
        assert!(summary.contains("has no `diff` subcommand"), "{summary}");
        assert!(stdout.contains("::notice::No change summary"), "{stdout}");
    }
}

#[test]
fn a_clean_change_passes_with_its_summary() {
    if crate::support::tool("git", "git").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    let head = data(&[
        ("Alpha", "https://alpha.example.org/"),
        ("Gamma", "https://gamma.example.org/"),
    ]);
    repository(&dir, &head);
    let summary = tmp.path().join("summary.md");
    let out = pr_check(&dir, &summary);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!stdout.contains("::error"), "{stdout}");
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("### Validation\n\nNo errors.\n"),
        "{summary}"
    );
    if has_diff() {
        assert!(summary.contains("Gamma"), "{summary}");
    }
}

/// A directory of stand-in `curl` and `cargo` scripts, each logging its arguments.
fn fakes(dir: &Path, curl: &str) -> PathBuf {
    let bin = dir.join("fakes");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = "#!/bin/sh\necho \"$@\" >> \"$FAKE_LOG\"\nroot=$(echo \"$@\" | sed 's/.*--root \\([^ ]*\\).*/\\1/')\nmkdir -p \"$root/bin\"\nprintf '#!/bin/sh\\necho landscape from-source\\n' > \"$root/bin/landscape\"\nchmod +x \"$root/bin/landscape\"\n";
    for (name, text) in [("curl", curl), ("cargo", cargo)] {
        let path = bin.join(name);
        std::fs::write(&path, text).unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).unwrap();
    }
    bin
}

fn install(dir: &Path, fakes: &Path, version: &str, action_ref: &str) -> Output {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(fakes.to_path_buf()).chain(std::env::split_paths(&rest)),
    )
    .unwrap();
    Command::new("bash")
        .arg(repo_file("scripts/install.sh"))
        .current_dir(dir)
        .env("PATH", path)
        .env("FAKE_LOG", dir.join("log"))
        .env("ACTION_REPOSITORY", "owner/landscape")
        .env("ACTION_REF", action_ref)
        .env("LANDSCAPE_VERSION", version)
        .env("INSTALL_DIR", dir.join("tools/bin"))
        .env("GITHUB_PATH", dir.join("github_path"))
        .output()
        .unwrap()
}

#[test]
fn install_downloads_the_release_or_builds_from_source() {
    if crate::support::tool("tar", "tar").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A release archive holding a `landscape` that prints where it came from.
    let release = dir.join("release");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::write(
        release.join("landscape"),
        "#!/bin/sh\necho landscape from-release\n",
    )
    .unwrap();
    let mut perms = std::fs::metadata(release.join("landscape"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(release.join("landscape"), perms).unwrap();
    let tarball = dir.join("release.tar.gz");
    let tarred = Command::new("tar")
        .arg("-czf")
        .arg(&tarball)
        .arg("-C")
        .arg(&release)
        .arg("landscape")
        .status()
        .unwrap();
    assert!(tarred.success());

    let curl = format!(
        "#!/bin/sh\necho \"curl $*\" >> \"$FAKE_LOG\"\ncat {}\n",
        tarball.display()
    );
    let out = install(dir, &fakes(dir, &curl), "", "v1.2.0");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("landscape from-release"));
    let log = std::fs::read_to_string(dir.join("log")).unwrap();
    let arch = String::from_utf8(Command::new("uname").arg("-m").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(
        log.contains(&format!(
            "https://github.com/owner/landscape/releases/download/v1.2.0/landscape-{arch}-unknown-linux-gnu.tar.gz"
        )),
        "{log}"
    );
    assert!(!log.contains("install --locked"), "{log}");
    assert_eq!(
        std::fs::read_to_string(dir.join("github_path")).unwrap(),
        format!("{}\n", dir.join("tools/bin").display())
    );

    // No release binary: built from source at the tag asked for.
    std::fs::remove_file(dir.join("log")).unwrap();
    std::fs::remove_dir_all(dir.join("tools")).unwrap();
    let failing = "#!/bin/sh\necho \"curl $*\" >> \"$FAKE_LOG\"\nexit 22\n";
    let out = install(dir, &fakes(dir, failing), "v2.0.0", "main");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::warning::no release binary at"),
        "{stdout}"
    );
    assert!(stdout.contains("landscape from-source"), "{stdout}");
    let log = std::fs::read_to_string(dir.join("log")).unwrap();
    assert!(
        log.contains(&format!(
            "install --locked --git https://github.com/owner/landscape --tag v2.0.0 --root {} landscape",
            dir.join("tools").display()
        )),
        "{log}"
    );

    // No version at all (the action used at a branch): built from that branch.
    std::fs::remove_file(dir.join("log")).unwrap();
    let out = install(dir, &fakes(dir, failing), "", "main");
    assert!(out.status.success(), "{out:?}");
    let log = std::fs::read_to_string(dir.join("log")).unwrap();
    assert!(!log.contains("curl"), "{log}");
    assert!(log.contains("--branch main"), "{log}");
}

fn parse(path: &Path) -> Node {
    let text = std::fs::read_to_string(path).unwrap();
    yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn str_of<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    match &node.get(key)?.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn list(node: &Node, key: &str) -> Vec<Node> {
    match node.get(key).map(|n| &n.value) {
        Some(Value::Seq(items)) => items.clone(),
        other => panic!("`{key}` is not a list: {other:?}"),
    }
}

#[test]
fn the_action_is_a_composite_whose_steps_run_the_shipped_scripts() {
    let action = parse(&repo_file("action.yml"));
    assert!(str_of(&action, "name").is_some());
    assert!(str_of(&action, "description").is_some());
    for (name, _, input) in action.get("inputs").unwrap().entries().unwrap() {
        assert!(str_of(input, "description").is_some(), "input {name}");
    }
    let runs = action.get("runs").unwrap();
    assert_eq!(str_of(runs, "using"), Some("composite"));
    let steps = list(runs, "steps");
    assert!(!steps.is_empty());
    let mut scripts = 0;
    for step in &steps {
        match (str_of(step, "run"), str_of(step, "uses")) {
            (Some(run), None) => {
                assert!(str_of(step, "shell").is_some(), "a run step without shell");
                for (at, _) in run.match_indices("$GITHUB_ACTION_PATH/") {
                    let rest = &run[at + "$GITHUB_ACTION_PATH/".len()..];
                    let script = &rest[..rest.find(['"', ' ', '\n']).unwrap_or(rest.len())];
                    let path = repo_file(script);
                    let mode = std::os::unix::fs::PermissionsExt::mode(
                        &std::fs::metadata(&path).unwrap().permissions(),
                    );
                    assert!(mode & 0o111 != 0, "{script} is not executable");
                    scripts += 1;
                }
            }
            (None, Some(uses)) => assert!(uses.contains('@'), "{uses} is not pinned"),
            other => panic!("a step needs `run` or `uses`: {other:?}"),
        }
    }
    assert_eq!(scripts, 2, "install.sh and pr-check.sh");
}

#[test]
fn the_example_workflows_have_triggers_and_jobs_with_steps() {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(repo_file("docs/workflows")).unwrap() {
        let path = entry.unwrap().path();
        names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        let workflow = parse(&path);
        // YAML 1.1 readers (ours among them) take the key `on` for `true`; GitHub does not.
        let Value::Map(keys) = &workflow.value else {
            panic!("{}: not a mapping", path.display())
        };
        assert!(
            keys.iter()
                .any(|(k, _)| matches!(&k.value, Value::Bool(true))
                    || k.value == Value::Str("on".into())),
            "{}: no `on`",
            path.display()
        );
        let jobs = workflow.get("jobs").unwrap().entries().unwrap();
        for (job_name, _, job) in jobs {
            assert!(str_of(job, "runs-on").is_some(), "{job_name}");
            for step in list(job, "steps") {
                assert!(
                    step.get("run").is_some() != step.get("uses").is_some(),
                    "{}: {job_name}: a step needs `run` or `uses`",
                    path.display()
                );
            }
        }
    }
    names.sort();
    assert_eq!(
        names,
        [
            "github-pages.yml",
            "pull-request.yml",
            "s3.yml",
            "scheduled-build.yml"
        ]
    );
}

/// The Dockerfile cannot be built here (no base images offline); its wiring is checked:
/// the runtime stage copies the file the build stage puts out, the entrypoint runs it, and
/// the build context keeps what the build reads.
#[test]
fn the_dockerfile_copies_the_binary_it_builds_and_runs_it() {
    let text = std::fs::read_to_string(repo_file("Dockerfile")).unwrap();
    assert!(
        text.starts_with("# syntax=docker/dockerfile:1\n"),
        "the parser directive must come first"
    );
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let stages: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("FROM "))
        .collect();
    assert_eq!(stages.len(), 2, "{stages:?}");
    let build_stage = stages[0].rsplit(" AS ").next().unwrap();
    // `cp target/release/landscape <out>` in the build stage.
    let built = text
        .split("target/release/landscape ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the build stage copies the binary out of its cache mount");
    let copy = lines
        .iter()
        .find_map(|l| l.strip_prefix(&format!("COPY --from={build_stage} ")))
        .expect("the runtime stage copies from the build stage");
    let (from, to) = copy.split_once(' ').unwrap();
    assert_eq!(from, built);
    let entry = lines
        .iter()
        .find_map(|l| l.strip_prefix("ENTRYPOINT "))
        .unwrap();
    let program: Vec<String> = serde_json::from_str(entry).unwrap();
    assert!(
        to == format!("/usr/local/bin/{}", program[0]) || to == program[0],
        "{to} vs {program:?}"
    );
    // The build needs the manifest, the sources, the benches it declares and what build.rs
    // embeds: none of them may be left out of the context.
    let ignored = std::fs::read_to_string(repo_file(".dockerignore")).unwrap();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "benches",
        "templates",
        "assets",
        "build.rs",
    ] {
        assert!(repo_file(needed).exists(), "{needed}");
        assert!(
            !ignored.lines().any(|l| l.trim_start_matches('/') == needed),
            "{needed} is ignored"
        );
    }
}
