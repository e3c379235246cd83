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
