//! Hostile input files and settings: a pull request that symlinks an input to the CI's
//! environment, sends binary or huge files, unsafe settings URLs, spreadsheet formulas or
//! bidi controls. Nothing of a refused file reaches the output; nothing unsafe is built.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::cli::{run, text};
use crate::support::data_copy;

const SECRET: &str = "ghp_FAKESECRET0123456789";

/// A fake `/proc/self/environ` outside the landscape's directory. Its lines are YAML-ish so
/// that, were it read, the parse error's snippet would quote them.
fn fake_environ(dir: &Path) -> PathBuf {
    let path = dir.join("environ");
    let lines = format!("HOME=/root\nGITHUB_TOKENS={SECRET}\nGITHUB_TOKEN={SECRET}\n");
    std::fs::write(&path, lines).unwrap();
    path
}

fn symlink(target: &Path, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// `landscape validate` of `dir/data` in `format`.
fn validate(dir: &Path, format: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "validate",
        "--data",
        "data/landscape.yml",
        "--cache",
        "cache",
        "--format",
        format,
    ];
    args.extend(extra);
    run(dir, &args)
}

/// `landscape build` of `dir/data` into `dir/site`.
fn build(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--data",
        "data/landscape.yml",
        "--cache",
        "cache",
        "--out",
        "site",
        "--quiet",
    ];
    args.extend(extra);
    run(dir, &args)
}

/// The diagnostics of a `--format json` run.
fn diagnostics(output: &Output) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("json output ({e}): {}", text(output)));
    doc["diagnostics"].as_array().unwrap().clone()
}

/// The first diagnostic with `code` of a `--format json` run.
fn find(output: &Output, code: &str) -> serde_json::Value {
    let all = diagnostics(output);
    all.iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} in {all:#?}"))
}

/// Every file of a built site, as text.
fn site_text(site: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![site.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                dirs.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

#[test]
fn an_input_symlinked_out_of_the_landscape_is_not_read_and_its_secret_not_shown() {
    for file in ["landscape.yml", "settings.yml", "guide.yml"] {
        let dir = tempfile::tempdir().unwrap();
        let data = data_copy(dir.path());
        let environ = fake_environ(dir.path());
        symlink(&environ, &data.join(file));
        for format in ["human", "github", "json"] {
            let out = validate(dir.path(), format, &[]);
            let all = text(&out);
            assert!(!out.status.success(), "{file} {format}: {all}");
            assert!(!all.contains(SECRET), "{file} {format} leaks: {all}");
            assert!(all.contains(file), "{file} {format} names the file: {all}");
            assert!(all.contains("outside"), "{file} {format} says why: {all}");
        }
        let json = validate(dir.path(), "json", &[]);
        let d = find(&json, "input-outside-dir");
        assert!(d["file"].as_str().unwrap().ends_with(file), "{d}");
        assert_eq!(d["severity"], "error");

        let out = build(dir.path(), &[]);
        let all = text(&out);
        assert!(!out.status.success(), "{file}: {all}");
        assert!(!all.contains(SECRET), "{file}: build leaks: {all}");
        assert!(all.contains("input-outside-dir"), "{file}: {all}");
        assert!(
            !dir.path().join("site").exists(),
            "{file}: nothing is written"
        );
    }
}

/// Runs the binary with `secret` in its environment, as CI runs it with GITHUB_TOKENS.
fn run_with_secret(dir: &Path, args: &[&str], secret: &str) -> Output {
    crate::support::cli::command()
        .args(args)
        .current_dir(dir)
        .env("GITHUB_TOKENS", secret)
        .env("LANDSCAPE_TEST_SECRET", secret)
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn the_real_proc_environ_is_never_read() {
    let secret = "ghp_PROCSECRET9876543210";
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    let environ = Path::new("/proc/self/environ");
    // Symlinked from the landscape, and named on the command line outright: the second
    // lies "inside" its own directory, /proc/self, and is refused as a kernel pseudo-file.
    symlink(environ, &data.join("settings.yml"));
    let explicit = ["--settings", "/proc/self/environ"];
    for (extra, code) in [
        (&[][..], "input-outside-dir"),
        (&explicit[..], "input-not-regular"),
    ] {
        for format in ["human", "github", "json"] {
            let mut args = vec![
                "validate",
                "--data",
                "data/landscape.yml",
                "--cache",
                "cache",
                "--format",
                format,
            ];
            args.extend(extra);
            let out = run_with_secret(dir.path(), &args, secret);
            let all = text(&out);
            assert!(!out.status.success(), "{extra:?} {format}: {all}");
            assert!(!all.contains(secret), "{extra:?} {format} leaks: {all}");
            assert!(all.contains(code), "{extra:?} {format}: {all}");
        }
        let mut args = vec!["build", "--data", "data/landscape.yml", "--cache", "cache"];
        args.extend(["--out", "site", "--quiet"]);
        args.extend(extra);
        let out = run_with_secret(dir.path(), &args, secret);
        let all = text(&out);
        assert!(!out.status.success(), "{all}");
        assert!(!all.contains(secret), "build leaks: {all}");
        assert!(!dir.path().join("site").exists());
    }
}

#[test]
fn a_fifo_input_is_refused_without_being_opened() {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    let fifo = data.join("guide.yml");
    std::fs::remove_file(&fifo).unwrap();
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::RWXU).unwrap();
    // A writer that waits for a reader: were the binary to open the FIFO, it would read
    // this guide (and a FIFO with no writer would block it forever).
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            w.write_all(b"categories: []\n").unwrap();
        })
    };
    let out = validate(dir.path(), "json", &[]);
    // Release the writer if the binary never opened the FIFO.
    let _reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(&fifo)
        .unwrap();
    writer.join().unwrap();
    let d = find(&out, "input-not-regular");
    assert!(d["message"].as_str().unwrap().contains("FIFO"), "{d}");
    assert!(!out.status.success());
}

#[test]
fn binary_and_non_utf8_inputs_are_refused_without_a_snippet() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "settings.yml",
            b"foundation: F\nurl: https://x.example.org\n# NULMARK \0 NULMARK\n",
            "input-binary",
        ),
        (
            "landscape.yml",
            b"landscape: []\n# ESCMARK \x1b[31m ESCMARK\n",
            "input-binary",
        ),
        (
            "guide.yml",
            b"categories: []\n# UTFMARK \xff\xfe UTFMARK\n",
            "not-utf8",
        ),
    ];
    for (file, bytes, code) in cases {
        let dir = tempfile::tempdir().unwrap();
        let data = data_copy(dir.path());
        std::fs::write(data.join(file), bytes).unwrap();
        for format in ["human", "github", "json"] {
            let out = validate(dir.path(), format, &[]);
            let all = text(&out);
            assert!(!out.status.success(), "{file} {format}: {all}");
            assert!(all.contains(code), "{file} {format}: {all}");
            assert!(all.contains(file), "{file} {format}: {all}");
            assert!(
                !all.contains("MARK"),
                "{file} {format} quotes the file: {all}"
            );
        }
        let out = validate(dir.path(), "json", &[]);
        let d = find(&out, code);
        if code == "input-binary" {
            assert_eq!(d["line"], if file == "settings.yml" { 3 } else { 2 }, "{d}");
        }
    }
}

#[test]
fn an_oversized_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    let file = std::fs::File::create(data.join("guide.yml")).unwrap();
    // Sparse: 65 MiB that take no disk space.
    file.set_len(65 << 20).unwrap();
    let out = validate(dir.path(), "json", &[]);
    let d = find(&out, "input-too-large");
    assert!(d["message"].as_str().unwrap().contains("64 MiB"), "{d}");
}

#[test]
fn a_snippet_shows_only_the_offending_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    let yaml = "# BEFOREMARK\nlandscape: []\nlandscape: [] # LINEMARK\n# AFTERMARK\n";
    std::fs::write(data.join("landscape.yml"), yaml).unwrap();
    let json = validate(dir.path(), "json", &[]);
    assert_eq!(find(&json, "yaml-syntax")["line"], 3);
    let human = text(&validate(dir.path(), "human", &[]));
    assert!(human.contains("LINEMARK"), "{human}");
    assert!(!human.contains("BEFOREMARK"), "{human}");
    assert!(!human.contains("AFTERMARK"), "{human}");
}

#[test]
fn a_one_line_megabyte_file_prints_a_short_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    let yaml = format!("landscape: \"{}\"\n", "x".repeat(1 << 20));
    std::fs::write(data.join("landscape.yml"), yaml).unwrap();
    let out = validate(dir.path(), "human", &[]);
    let all = text(&out);
    assert!(
        all.contains("wrong-type"),
        "{}",
        &all[..all.len().min(2000)]
    );
    assert!(
        all.contains("landscape: \"xxxx"),
        "{}",
        &all[..all.len().min(2000)]
    );
    assert!(all.len() < 4_000, "{} bytes of output", all.len());
}

const UNSAFE_SETTINGS: &str = "foundation: Fixture Foundation
url: \"javascript:alert('URLMARK')\"
base_path: \"\\\\HOSTMARK\"
header:
  links:
    blog: https://blog.example.org
    evil: \"javascript:alert('LINKMARK')\"
footer:
  links:
    bad: \"data:text/html,FOOTMARK\"
";

#[test]
fn unsafe_settings_urls_are_errors_on_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    std::fs::write(data.join("settings.yml"), UNSAFE_SETTINGS).unwrap();
    let out = validate(dir.path(), "json", &[]);
    assert!(!out.status.success());
    let found = diagnostics(&out);
    let at = |field: &str| {
        found
            .iter()
            .find(|d| d["field"] == field)
            .unwrap_or_else(|| panic!("nothing on {field}: {found:#?}"))
    };
    for (field, code, line) in [
        ("base_path", "bad-base-path", 3),
        ("url", "bad-url", 2),
        ("header.links.evil", "bad-url", 7),
        ("footer.links.bad", "bad-url", 10),
    ] {
        let d = at(field);
        assert_eq!(
            (d["code"].as_str(), d["line"].as_u64()),
            (Some(code), Some(line))
        );
        assert_eq!(d["severity"], "error", "{d}");
        assert!(d["file"].as_str().unwrap().ends_with("settings.yml"), "{d}");
        assert!(d["message"].as_str().unwrap().contains(field), "{d}");
    }
    let out = build(dir.path(), &[]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn a_build_never_uses_unsafe_settings_urls() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_copy(dir.path());
    std::fs::write(data.join("settings.yml"), UNSAFE_SETTINGS).unwrap();
    let out = build(dir.path(), &["--keep-going"]);
    assert!(out.status.success(), "{}", text(&out));
    let site = dir.path().join("site");
    // `sources/` republishes the inputs byte for byte (landscape2's downloads, served as
    // YAML text): the one place the marks stay, as data.
    let published = std::fs::read_to_string(site.join("sources/settings.yml")).unwrap();
    assert_eq!(published, UNSAFE_SETTINGS);
    for (path, content) in site_text(&site) {
        if path.starts_with(site.join("sources")) {
            continue;
        }
        for mark in ["URLMARK", "HOSTMARK", "LINKMARK", "FOOTMARK", "javascript:"] {
            assert!(!content.contains(mark), "{} holds {mark}", path.display());
        }
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("href=\"/assets/"), "assets at the root");
    assert!(
        index.contains("https://blog.example.org"),
        "the safe link stays"
    );
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>/items/"), "{sitemap}");
}

/// The core fixture plus a category whose items carry `name` and `description`.
fn with_items(dir: &Path, items: &[(&str, &str)]) -> PathBuf {
    let data = data_copy(dir);
    let mut yaml = std::fs::read_to_string(data.join("landscape.yml")).unwrap();
    yaml.push_str(
        "  - category:\n    name: \"Host\\u202Eile\"\n    subcategories:\n      - subcategory:\n        name: Cells\n        items:\n",
    );
    for (i, (name, description)) in items.iter().enumerate() {
        yaml.push_str(&format!(
            "          - item:\n            name: \"{name}\"\n            description: \"{description}\"\n            homepage_url: https://h{i}.example.org/\n            logo: alpha.svg\n"
        ));
    }
    std::fs::write(data.join("landscape.yml"), yaml).unwrap();
    data
}

/// The rows of a built `items.csv`, parsed as a spreadsheet would.
fn csv_rows(site: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(site.join("items.csv")).unwrap();
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn csv_cells_hiding_a_formula_are_defused() {
    let dir = tempfile::tempdir().unwrap();
    with_items(
        dir.path(),
        &[
            ("\\u200B=HYPERLINK(1)", "\\uFEFF@SUM(1)"),
            ("\\uFF1D1+1", "\\u200C\\uFF0B1"),
            ("\\u202D\\u2060-2+3", "\\uFF20A1"),
            ("Plain", "\\uFF0D1"),
        ],
    );
    let out = build(dir.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let rows = csv_rows(&dir.path().join("site"));
    let cells = |name_end: &str| -> (String, String) {
        let row = rows
            .iter()
            .find(|r| r[1].ends_with(name_end))
            .unwrap_or_else(|| panic!("no row named …{name_end}: {rows:?}"));
        (row[1].to_string(), row[12].to_string())
    };
    assert_eq!(
        cells("HYPERLINK(1)"),
        ("'\u{200B}=HYPERLINK(1)".into(), "'\u{FEFF}@SUM(1)".into())
    );
    assert_eq!(
        cells("1+1"),
        ("'\u{FF1D}1+1".into(), "'\u{200C}\u{FF0B}1".into())
    );
    // U+202D is a bidi override: stripped from the name, which then starts with U+2060.
    assert_eq!(
        cells("-2+3"),
        ("'\u{2060}-2+3".into(), "'\u{FF20}A1".into())
    );
    assert_eq!(cells("Plain"), ("Plain".into(), "'\u{FF0D}1".into()));
}

#[test]
fn bidi_controls_are_stripped_from_names_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    with_items(
        dir.path(),
        &[("Safe\\u202Eevil", "Text \\u2067here\\u2069")],
    );
    let out = validate(dir.path(), "json", &[]);
    assert!(out.status.success(), "{}", text(&out));
    let warned: Vec<(String, u64)> = diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "bidi-control")
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d}");
            (
                d["field"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let data_lines = std::fs::read_to_string(dir.path().join("data/landscape.yml")).unwrap();
    let line_of =
        |needle: &str| data_lines.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    assert_eq!(
        warned,
        vec![
            ("name".to_string(), line_of("Host\\u202Eile")),
            ("name".to_string(), line_of("Safe\\u202E")),
            ("description".to_string(), line_of("Text \\u2067")),
        ]
    );

    let out = build(dir.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let site = dir.path().join("site");
    for (path, content) in site_text(&site) {
        for bidi in ['\u{202E}', '\u{2067}', '\u{2069}'] {
            assert!(!content.contains(bidi), "{} holds {bidi:?}", path.display());
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("data/items.json")).unwrap()).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Safeevil")
        .expect("the name arrives stripped in items.json");
    assert_eq!(item["description"], "Text here");
    assert_eq!(item["category"], "Hostile");
    let page = std::fs::read_to_string(site.join("items/safeevil/index.html")).unwrap();
    assert!(
        page.contains("Safeevil"),
        "the item page shows the stripped name"
    );
    let rows = csv_rows(&site);
    assert!(
        rows.iter()
            .any(|r| &r[1] == "Safeevil" && &r[2] == "Hostile")
    );
}
