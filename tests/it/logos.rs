//! The logo stage end to end, on fixtures from tests/fixtures/logos and images built here.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use landscape::logos::{
    LogoCache, LogoFormat, LogoProblem, ProcessOptions, ProcessedLogo, check, check_all, process,
    process_all, usvg_options,
};

const ADJUST: ProcessOptions = ProcessOptions {
    adjust_viewbox: true,
};
const KEEP: ProcessOptions = ProcessOptions {
    adjust_viewbox: false,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/logos")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn processed_text(name: &str, opts: &ProcessOptions) -> (ProcessedLogo, String) {
    let logo = process(name, &fixture(name), opts).unwrap_or_else(|p| panic!("{name}: {p}"));
    let text = String::from_utf8(logo.bytes().unwrap().into_owned()).expect("output is UTF-8");
    (logo, text)
}

/// The output must be an SVG that usvg (what resvg and the poster use) accepts.
fn assert_renders(text: &str) -> usvg::Tree {
    roxmltree::Document::parse(text).expect("output is well-formed XML");
    usvg::Tree::from_str(text, &usvg_options()).expect("usvg parses the output")
}

fn view_box(text: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(text).expect("xml");
    doc.root_element()
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|n| n.parse().expect("number"))
        .collect()
}

#[test]
fn malicious_svg_comes_out_clean_and_still_draws() {
    let (logo, text) = processed_text("malicious.svg", &KEEP);
    let lower = text.to_ascii_lowercase();
    for needle in [
        "<script",
        "onload",
        "onclick",
        "onmouseover",
        "foreignobject",
        "<iframe",
        "<embed",
        "<object",
        "<audio",
        "<video",
        "<a ",
        "javascript",
        "evil.example",
        "@import",
        "@font-face",
        "expression",
        "image/svg+xml",
        "<body",
    ] {
        assert!(!lower.contains(needle), "{needle} survived in:\n{text}");
    }
    // What was legitimate is still there: the class rule, the link's circle, the path and
    // its harmless animation.
    assert!(text.contains(".ok{fill:#0a0}"), "{text}");
    // External paint becomes `none`, as browsers draw it, rather than inheriting a colour.
    assert!(text.contains(".bad{fill:none;stroke:#00f}"), "{text}");
    assert!(
        text.contains(r#"style="fill:none;stroke-width:2""#),
        "{text}"
    );
    assert!(
        text.contains(r##"<circle cx="70" cy="30" r="10" fill="#f00"/>"##),
        "{text}"
    );
    assert!(
        text.contains(r##"<set attributeName="fill" to="#456" begin="1s"/>"##),
        "{text}"
    );
    // The `set` that painted with an external URL lost its value and does nothing.
    assert!(text.contains(r#"<set attributeName="fill"/>"#), "{text}");
    assert!(!text.contains("<animate"), "{text}");
    assert_renders(&text);
    assert_eq!(logo.format, LogoFormat::Svg);
    assert_eq!((logo.width, logo.height), (100.0, 100.0));
}

#[test]
fn doctype_entity_bombs_and_xxe_are_refused() {
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>"#;
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="10">&xxe;</text></svg>"#;
    for (what, bytes) in [("billion laughs", &laughs[..]), ("XXE", &xxe[..])] {
        for result in [
            check("x.svg", bytes).map(|_| ()),
            process("x.svg", bytes, &ADJUST).map(|_| ()),
        ] {
            match result {
                Err(LogoProblem::NotParseable { detail, .. }) => {
                    assert!(detail.starts_with("DOCTYPE refused"), "{what}: {detail}")
                }
                other => panic!("{what}: expected NotParseable, got {other:?}"),
            }
        }
    }
    // A harmless flat entity (what Illustrator writes) is expanded and the DTD dropped.
    let flat = br#"<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">
<!ENTITY name "K8s">]><svg xmlns="&ns_svg;" viewBox="0 0 10 10"><text y="5">&name;</text></svg>"#;
    let logo = process("flat.svg", flat, &KEEP).expect("flat entities are fine");
    let text = String::from_utf8(logo.into_bytes().unwrap()).expect("utf8");
    assert_eq!(
        text,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text y="5">K8s</text></svg>"#
    );
}

#[test]
fn use_bomb_is_refused() {
    let mut svg =
        String::from("<svg xmlns='http://www.w3.org/2000/svg'><defs><path id='l0' d='M0 0h9v9z'/>");
    for level in 1..=7 {
        svg.push_str(&format!("<g id='l{level}'>"));
        for _ in 0..10 {
            svg.push_str(&format!("<use href='#l{}'/>", level - 1));
        }
        svg.push_str("</g>");
    }
    svg.push_str("</defs><use href='#l7'/></svg>");
    for result in [
        check("bomb.svg", svg.as_bytes()).map(|_| ()),
        process("bomb.svg", svg.as_bytes(), &ADJUST).map(|_| ()),
    ] {
        match result {
            Err(LogoProblem::NotParseable { detail, .. }) => {
                assert!(detail.contains("<use> references expand"), "{detail}")
            }
            other => panic!("expected NotParseable, got {other:?}"),
        }
    }
}

#[test]
fn legit_features_are_preserved() {
    let (_, text) = processed_text("legit_features.svg", &KEEP);
    for kept in [
        r#"xmlns:xlink="http://www.w3.org/1999/xlink""#,
        r##"<linearGradient id="grad-b" xlink:href="#grad-a" gradientTransform="rotate(45)"/>"##,
        r##"<stop offset="0" stop-color="#326ce5"/>"##,
        r##"<clipPath id="clip"><rect x="10" y="10" width="80" height="80"/></clipPath>"##,
        r##"<g clip-path="url(#clip)" mask="url(#m)">"##,
        r##"<use xlink:href="#dot" x="120" y="20" width="20" height="20" fill="url(#grad-a)"/>"##,
        r#"<symbol id="dot" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></symbol>"#,
        "<style>.cls-1{fill:url(#grad-b)}\n.cls-2{fill:#326ce5;stroke:#fff}\n</style>",
        r#"class="cls-2">K8s &amp; co</text>"#,
        r#"width="200" height="100" viewBox="0 0 200 100""#,
    ] {
        assert!(text.contains(kept), "missing {kept} in:\n{text}");
    }
    for dropped in ["inkscape", "sodipodi", "metadata", "rdf", "<!--", "<?xml"] {
        assert!(!text.contains(dropped), "{dropped} kept in:\n{text}");
    }
    let tree = assert_renders(&text);
    assert!(tree.root().has_children());
}

#[test]
fn viewbox_is_tightened_to_known_geometry() {
    let (logo, text) = processed_text("known_geometry.svg", &ADJUST);
    // rect 100..300 x 150..200, circle 250,250 r=20 with a 10 wide stroke: 225..275.
    assert_eq!(view_box(&text), vec![100.0, 150.0, 200.0, 125.0]);
    assert_eq!((logo.width, logo.height), (200.0, 125.0));
    let root = roxmltree::Document::parse(&text).expect("xml");
    assert_eq!(root.root_element().attribute("width"), None);
    assert_eq!(root.root_element().attribute("height"), None);
    assert_eq!(root.root_element().attribute("preserveAspectRatio"), None);
    assert_eq!(logo.warning, None);
    // Without adjusting, the original box and size stay.
    let (kept, text) = processed_text("known_geometry.svg", &KEEP);
    assert_eq!(view_box(&text), vec![0.0, 0.0, 500.0, 500.0]);
    assert!(text.contains(r#"width="500" height="500""#));
    assert_eq!((kept.width, kept.height), (500.0, 500.0));
}

fn tightened(body: &str) -> Vec<f64> {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         viewBox=\"0 0 300 300\">{body}</svg>"
    );
    let logo = process("t.svg", svg.as_bytes(), &ADJUST).expect("processes");
    assert_eq!(logo.warning, None);
    view_box(std::str::from_utf8(&logo.bytes().unwrap()).expect("utf8"))
}

#[test]
fn tightening_follows_use_clips_and_the_original_viewbox() {
    // A Figma export: the artwork is a <use> that undoes its group's translation.
    assert_eq!(
        tightened(
            "<defs><path id='p' d='M10 20h100v50H10z'/></defs>\
             <g transform='translate(4085 289)'><use xlink:href='#p' transform='translate(-4085 -289)'/></g>"
        ),
        vec![10.0, 20.0, 100.0, 50.0]
    );
    // Only the clipped part of a big rectangle shows.
    assert_eq!(
        tightened(
            "<clipPath id='c'><circle cx='150' cy='150' r='40'/></clipPath>\
             <rect width='300' height='300' clip-path='url(#c)'/>"
        ),
        vec![110.0, 110.0, 80.0, 80.0]
    );
    // What lies outside the original viewBox was never visible and stays hidden.
    assert_eq!(
        tightened("<rect x='-500' y='100' width='700' height='50'/>"),
        vec![0.0, 100.0, 200.0, 50.0]
    );
    // A rotated circle keeps its own extent, not that of its rotated local box (which
    // would be 28.3 wide).
    let vb = tightened("<circle r='10' transform='translate(100 100) rotate(45)'/>");
    for (got, want) in vb.iter().zip([90.0, 90.0, 20.0, 20.0]) {
        assert!((got - want).abs() < 0.01, "{vb:?}");
    }
}

#[test]
fn text_logo_keeps_its_text_inside_the_box() {
    let (logo, text) = processed_text("text_only.svg", &ADJUST);
    let vb = view_box(&text);
    let (x, y, w, h) = (vb[0], vb[1], vb[2], vb[3]);
    // "Quickwit" at x=100, baseline 500, 100 units high: the box starts near the pen
    // position, rises about a cap height above the baseline and spans the word.
    assert!((100.0..112.0).contains(&x), "{vb:?}");
    assert!((410.0..440.0).contains(&y), "{vb:?}");
    assert!(
        y + h > 500.0 && y + h < 530.0,
        "Q's tail goes below the baseline: {vb:?}"
    );
    assert!((400.0..600.0).contains(&w), "{vb:?}");
    assert!(text.contains(">Quickwit</text>"));
    assert_eq!((logo.width, logo.height), (w, h));
}

#[test]
fn broken_inputs_are_named_precisely() {
    let not_xml = check("a.svg", b"this is not xml");
    assert!(
        matches!(not_xml, Err(LogoProblem::NotParseable { .. })),
        "{not_xml:?}"
    );
    let unclosed = check(
        "a.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n</svg>",
    );
    match unclosed {
        Err(LogoProblem::NotParseable { line, col, .. }) => {
            assert_eq!(
                (line, col),
                (Some(3), Some(1)),
                "where </svg> closes the open <g>"
            )
        }
        other => panic!("{other:?}"),
    }
    let empty = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs/><g/></svg>"#;
    assert_eq!(check("e.svg", empty), Err(LogoProblem::EmptyDrawing));
    assert_eq!(
        process("e.svg", empty, &ADJUST).map(|_| ()),
        Err(LogoProblem::EmptyDrawing)
    );
    assert_eq!(
        check("a.gif", b"GIF89a...."),
        Err(LogoProblem::UnsupportedFormat {
            found: "gif".into()
        })
    );
}

fn png_bytes() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(40, 20, |x, _| image::Rgba([x as u8 * 6, 0, 0, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn jpeg_bytes() -> Vec<u8> {
    let img = image::RgbImage::from_fn(30, 16, |x, y| image::Rgb([x as u8 * 8, y as u8 * 8, 90]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

#[test]
fn png_and_jpeg_are_accepted_and_reencoded() {
    let png = png_bytes();
    assert_eq!(check("quickwit.png", &png), Ok(LogoFormat::Png));
    let logo = process("Quick Wit.PNG", &png, &ADJUST).expect("png processes");
    assert_eq!(
        image::load_from_memory(&logo.bytes().unwrap()).expect("output decodes"),
        image::load_from_memory(&png).expect("input decodes"),
        "a PNG keeps its exact pixels"
    );
    assert_eq!((logo.width, logo.height), (40.0, 20.0));
    let hash = blake3::hash(&logo.bytes().unwrap()).to_hex();
    assert_eq!(logo.file_name, format!("quick-wit.{}.png", &hash[..12]));

    let jpeg = jpeg_bytes();
    assert_eq!(check("photo.jpeg", &jpeg), Ok(LogoFormat::Jpeg));
    let logo = process("photo.jpeg", &jpeg, &ADJUST).expect("jpeg processes");
    assert_eq!(logo.format, LogoFormat::Jpeg);
    assert_eq!(
        image::guess_format(&logo.bytes().unwrap()).expect("known format"),
        image::ImageFormat::Jpeg
    );
    let out = image::load_from_memory(&logo.bytes().unwrap()).expect("output decodes");
    assert_eq!((out.width(), out.height()), (30, 16));
    assert_eq!((logo.width, logo.height), (30.0, 16.0));
    assert!(logo.file_name.ends_with(".jpg"));
}

#[test]
fn corrupt_png_is_refused() {
    let png = png_bytes();
    let truncated = &png[..png.len() / 2];
    assert!(matches!(
        check("t.png", truncated),
        Err(LogoProblem::BadRaster { .. })
    ));
    let mut flipped = png.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    assert!(matches!(
        check("f.png", &flipped),
        Err(LogoProblem::BadRaster { .. })
    ));
    assert!(matches!(
        check("fake.png", b"not a png at all"),
        Err(LogoProblem::BadRaster { .. })
    ));
}

#[test]
fn output_name_hashes_the_output_bytes() {
    let (logo, _) = processed_text("known_geometry.svg", &ADJUST);
    let hash = blake3::hash(&logo.bytes().unwrap()).to_hex();
    assert_eq!(
        logo.file_name,
        format!("known-geometry.{}.svg", &hash[..12])
    );
    let (kept, _) = processed_text("known_geometry.svg", &KEEP);
    assert_ne!(kept.file_name, logo.file_name);
}

fn logos_dir_with(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

#[test]
fn process_all_processes_each_name_once_and_uses_the_cache() {
    let dir = logos_dir_with(&[
        ("a.svg", fixture("known_geometry.svg")),
        ("b.png", png_bytes()),
        ("bad.svg", b"<nope".to_vec()),
    ]);
    let names: Vec<String> = [
        "a.svg",
        "b.png",
        "a.svg",
        "missing.svg",
        "bad.svg",
        "a.svg",
        "../x.svg",
    ]
    .map(String::from)
    .to_vec();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = LogoCache::new(cache_dir.path().join("logos"));
    let done = AtomicUsize::new(0);
    let asked = std::sync::Mutex::new(Vec::new());
    let opts_for = |name: &str| {
        asked.lock().expect("lock").push(name.to_string());
        ADJUST
    };
    let out = process_all(dir.path(), &names, opts_for, Some(&cache), || {
        done.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(out.len(), 5);
    assert_eq!(done.load(Ordering::Relaxed), 5);
    let mut asked = asked.into_inner().expect("lock");
    asked.sort();
    assert_eq!(
        asked,
        ["a.svg", "b.png", "bad.svg"],
        "options asked once per readable logo"
    );
    let a = out["a.svg"].as_ref().expect("a.svg processed");
    assert_eq!(
        view_box(std::str::from_utf8(&a.bytes().unwrap()).expect("utf8")),
        vec![100.0, 150.0, 200.0, 125.0]
    );
    assert!(out["b.png"].is_ok());
    assert!(matches!(
        out["missing.svg"],
        Err(LogoProblem::Missing { .. })
    ));
    assert!(matches!(
        out["bad.svg"],
        Err(LogoProblem::NotParseable { .. })
    ));
    assert!(matches!(
        out["../x.svg"],
        Err(LogoProblem::UnsafePath { .. })
    ));

    // One pack file for the run's new entries (beside the records of which logo files
    // and packs were read), no temp files; a second run (a new cache reader, as in a new
    // process) is served from it.
    let files: Vec<String> = std::fs::read_dir(cache.dir())
        .expect("cache dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "files-v1" && name != "packs-v1")
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with(".lgp"), "{files:?}");
    let cache = LogoCache::new(cache_dir.path().join("logos"));
    assert_eq!(
        cache
            .get("a.svg", &fixture("known_geometry.svg"), &ADJUST)
            .as_ref(),
        Some(a)
    );
    let again = process_all(dir.path(), &names, |_| ADJUST, Some(&cache), || {});
    assert_eq!(again["a.svg"].as_ref().ok(), Some(a));

    // Proof that hits come from the cache and not from processing again: a planted entry
    // is returned as is (with the file name's stem taken from the name asked for).
    let planted_dir = tempfile::tempdir().expect("tempdir");
    let planted = LogoCache::new(planted_dir.path().to_path_buf());
    let mut fake = a.clone();
    fake.width = 1234.0;
    planted
        .put(&fixture("known_geometry.svg"), &ADJUST, &fake)
        .expect("put");
    let served = process_all(dir.path(), &names, |_| ADJUST, Some(&planted), || {});
    assert_eq!(served["a.svg"].as_ref().map(|l| l.width), Ok(1234.0));
}

#[test]
fn check_all_reports_problems_only() {
    let dir = logos_dir_with(&[
        ("good.svg", fixture("legit_features.svg")),
        ("photo.jpg", jpeg_bytes()),
        (
            "empty.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec(),
        ),
    ]);
    let names: Vec<String> = ["good.svg", "photo.jpg", "empty.svg", "nope.svg", "good.svg"]
        .map(String::from)
        .to_vec();
    let cache_dir = tempfile::tempdir().expect("tempdir");
    let cache = LogoCache::new(cache_dir.path().to_path_buf());
    for cache in [None, Some(&cache), Some(&cache)] {
        let problems = check_all(dir.path(), &names, cache);
        let mut keys: Vec<&str> = problems.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["empty.svg", "nope.svg"]);
        assert_eq!(problems["empty.svg"], LogoProblem::EmptyDrawing);
    }
}

#[test]
fn symlink_out_of_logos_dir_is_refused_by_the_batch() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret: PathBuf = outside.path().join("secret.svg");
    std::fs::write(&secret, fixture("known_geometry.svg")).expect("write");
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(&secret, dir.path().join("evil.svg")).expect("symlink");
    let problems = check_all(dir.path(), &["evil.svg".to_string()], None);
    assert!(matches!(
        problems["evil.svg"],
        LogoProblem::UnsafePath { .. }
    ));
}
