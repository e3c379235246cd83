//! landscape2's command lines run unchanged with `landscape` in their place.

use std::path::Path;

use crate::support::cli::{run, text};

/// The bundled sample spread over folders and names no default would find, so only the
/// flags can lead the build to them.
fn scattered(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["data", "conf", "art"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    std::fs::copy(root.join("landscape.yml"), dir.join("data/l.yml")).unwrap();
    std::fs::copy(root.join("settings.yml"), dir.join("conf/s.yml")).unwrap();
    std::fs::copy(root.join("guide.yml"), dir.join("conf/g.yml")).unwrap();
    crate::support::copy_dir(&root.join("images"), &dir.join("conf/images"));
    crate::support::copy_dir(&root.join("hosted_logos"), &dir.join("art/logos"));
}

#[test]
fn landscape2_build_and_serve_flags_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    scattered(dir.path());
    let out = run(
        dir.path(),
        &[
            "build",
            "--data-file",
            "data/l.yml",
            "--settings-file",
            "conf/s.yml",
            "--guide-file",
            "conf/g.yml",
            "--logos-path",
            "art/logos",
            "--cache-dir",
            "cache",
            "--output-dir",
            "build",
            "--games-file",
            "games.yml",
        ],
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("--games-file games.yml: this generator builds no quiz"),
        "{said}"
    );
    let index = std::fs::read_to_string(dir.path().join("build/index.html")).unwrap();
    assert!(index.contains("CNCF"), "the settings file was read");
    assert!(dir.path().join("build/guide/index.html").is_file());
    assert!(
        std::fs::read_dir(dir.path().join("cache")).unwrap().count() > 0,
        "processed logos are cached in --cache-dir"
    );

    // `serve --landscape-dir` parses; a missing directory is named in the error rather
    // than the flag being refused.
    let serve = run(
        dir.path(),
        &[
            "serve",
            "--landscape-dir",
            "build",
            "--graceful-shutdown",
            "--silent",
            "--addr",
            "300.0.0.1:1",
        ],
    );
    let said = text(&serve);
    assert!(!said.contains("unexpected argument"), "{said}");
    assert!(said.contains("300.0.0.1"), "{said}");
}

#[test]
fn validate_names_the_file_kind_like_landscape2() {
    let dir = tempfile::tempdir().unwrap();
    scattered(dir.path());
    // A settings error (a javascript: site URL) and a data error (an item without a
    // homepage), each reported only when its file is validated.
    let settings = dir.path().join("conf/s.yml");
    let s = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(
        &settings,
        s.replace(
            "url: https://landscape.example.org",
            "url: javascript:alert(1)",
        ),
    )
    .unwrap();
    let data = dir.path().join("data/l.yml");
    let d = std::fs::read_to_string(&data).unwrap();
    let first_homepage = d.find("homepage_url:").unwrap();
    let line_end = first_homepage + d[first_homepage..].find('\n').unwrap();
    std::fs::write(&data, format!("{}{}", &d[..first_homepage], &d[line_end..])).unwrap();
    let flags = [
        "--data-file",
        "data/l.yml",
        "--settings-file",
        "conf/s.yml",
        "--logos-path",
        "art/logos",
        "--cache-dir",
        "cache",
        "--format",
        "json",
    ];
    let files = |part: Option<&str>| {
        let mut args = vec!["validate"];
        args.extend(part);
        args.extend(flags);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut files: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["file"].as_str().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(files(None), ["conf/s.yml", "data/l.yml"]);
    assert_eq!(files(Some("settings")), ["conf/s.yml"]);
    assert_eq!(files(Some("data")), ["data/l.yml"]);

    let guide = run(
        dir.path(),
        &["validate", "guide", "--data-file", "data/l.yml"],
    );
    assert_eq!(guide.status.code(), Some(1));
    assert!(
        text(&guide).contains("no guide file to validate: name it with --guide-file FILE"),
        "{}",
        text(&guide)
    );
}

#[test]
fn new_takes_landscape2s_output_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["new", "--output-dir", "mine"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(dir.path().join("mine/landscape.yml").is_file());
}
