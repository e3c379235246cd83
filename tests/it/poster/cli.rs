//! `landscape export` from the command line: one poster file per format, written whole.

use std::path::Path;
use std::process::Command;

#[test]
fn exports_svg_pdf_and_png_posters() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let tmp = tempfile::tempdir().unwrap();
    for (format, magic) in [
        ("svg", &b"<svg"[..]),
        ("pdf", b"%PDF-"),
        ("png", b"\x89PNG"),
    ] {
        let out = tmp.path().join(format!("poster.{format}"));
        let run = Command::new(env!("CARGO_BIN_EXE_landscape"))
            .arg("export")
            .arg("--data")
            .arg(fixture.join("landscape.yml"))
            .args(["--format", format, "--width", "1200", "--cache"])
            .arg(tmp.path().join("cache"))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{format}: {stderr}");
        let bytes = std::fs::read(&out).unwrap();
        let start = &bytes[..bytes.len().min(400)];
        assert!(
            start.windows(magic.len()).any(|w| w == magic),
            "{format} output does not look like {format}"
        );
        if format == "png" {
            let img = image::load_from_memory(&bytes).unwrap();
            assert_eq!(img.width(), 1200);
        }
    }
    // Only the three posters: no temporary files are left beside them.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 4);
}

/// A copy of the core fixture whose first item names a logo that does not exist.
fn broken_fixture(dir: &Path) -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core");
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("hosted_logos")).unwrap();
    for name in ["landscape.yml", "settings.yml", "guide.yml"] {
        std::fs::copy(fixture.join(name), data.join(name)).unwrap();
    }
    for logo in std::fs::read_dir(fixture.join("hosted_logos"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(
            logo.path(),
            data.join("hosted_logos").join(logo.file_name()),
        )
        .unwrap();
    }
    let yaml = std::fs::read_to_string(data.join("landscape.yml")).unwrap();
    let first_logo = yaml.find("logo: ").unwrap();
    let end = first_logo + yaml[first_logo..].find('\n').unwrap();
    let broken = format!(
        "{}logo: no-such-logo.svg{}",
        &yaml[..first_logo],
        &yaml[end..]
    );
    std::fs::write(data.join("landscape.yml"), broken).unwrap();
    data
}

fn export(data: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_landscape"))
        .arg("export")
        .arg("--data")
        .arg(data.join("landscape.yml"))
        .args(["--format", "svg", "--cache"])
        .arg(data.join("../cache"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn errors_stop_the_export_unless_keep_going_like_build() {
    let tmp = tempfile::tempdir().unwrap();
    let data = broken_fixture(tmp.path());
    let out = tmp.path().join("poster.svg");
    let run = export(&data, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(stderr.contains("no-such-logo.svg"), "{stderr}");
    assert!(stderr.contains("--keep-going"), "{stderr}");
    assert!(!out.exists(), "nothing is written");

    let run = export(&data, &out, &["--keep-going"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("left out"), "{stderr}");
    assert!(std::fs::read_to_string(&out).unwrap().contains("<svg"));
}

#[cfg(unix)]
#[test]
fn the_poster_is_as_readable_as_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    // A copy: the export's cache goes beside its data, never into the repository.
    let fixture = crate::support::data_copy(tmp.path());
    let out = tmp.path().join("poster.svg");
    let run = export(&fixture, &out, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // What the umask makes of a new file here, as a web server will read it.
    let plain = tmp.path().join("plain");
    std::fs::write(&plain, b"x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), mode(&plain));
    assert_ne!(mode(&out), 0o600);
}
