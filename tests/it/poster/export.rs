//! The three poster formats on the fixture: the SVG parses with usvg, the PDF is a valid
//! one-page document of the asked size, the PNG decodes to the asked size and shows the
//! logos where the layout put them.

use std::process::Command;

use crate::support::poster::{fixture, options};
use landscape::layout::Selection;
use landscape::poster::{ExportError, Paper, PosterFormat, export_poster, poster_layout};

fn item(fixture: &crate::support::poster::Fixture, name: &str) -> usize {
    fixture
        .landscape
        .items
        .iter()
        .position(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item {name}"))
}

#[test]
fn svg_parses_with_usvg_and_holds_every_logo_once() {
    let fixture = fixture();
    let opts = options(PosterFormat::Svg, &fixture);
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes.clone()).expect("UTF-8");
    let tree = usvg::Tree::from_data(&poster.bytes, &landscape::logos::usvg_options())
        .expect("usvg parses the SVG");
    // A0 landscape in points.
    assert!(
        (f64::from(tree.size().width()) - 3370.39 * 4.0 / 3.0).abs() < 1.0,
        "{:?}",
        tree.size()
    );
    assert!(text.contains("width=\"3370.39pt\""));
    // Six distinct logos are drawn (one is missing) plus the header logo, each defined once.
    assert_eq!(text.matches("<symbol id=\"logo-").count(), 7, "symbols");
    // Fourteen tiles (Crun Fast twice), all with a logo but Vanished's, plus the header.
    assert_eq!(text.matches("<use href=\"#logo-").count(), 14, "uses");
    assert_eq!(
        text.matches("filter=\"url(#archived)\"").count(),
        1,
        "one archived tile"
    );
    for expected in [
        "TestF Landscape",
        "TestF Graduated",
        "Automation &amp; Configuration",
        "Vanished",
        "2025-03-14",
        "https://landscape.example.org",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }
    assert!(
        !text.contains("<style") && !text.contains("class=\""),
        "logo CSS must be resolved"
    );
    assert!(
        poster.warnings.iter().any(|w| w.contains("not-there.svg")),
        "{:?}",
        poster.warnings
    );
    assert_eq!(poster.warnings.len(), 1, "{:?}", poster.warnings);
}

#[test]
fn svg_is_deterministic() {
    let fixture = fixture();
    let opts = options(PosterFormat::Svg, &fixture);
    let a = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let b = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    assert!(a.bytes == b.bytes, "two exports differ");
}

#[test]
fn pdf_is_one_page_of_the_paper_size() {
    let fixture = fixture();
    let mut opts = options(PosterFormat::Pdf, &fixture);
    opts.paper = Some(Paper::A3);
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    assert!(poster.bytes.starts_with(b"%PDF-"));
    assert!(poster.bytes.trim_ascii_end().ends_with(b"%%EOF"));
    assert!((poster.width - 1190.55).abs() < 0.01 && (poster.height - 841.89).abs() < 0.01);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("poster.pdf");
    std::fs::write(&path, &poster.bytes).expect("write");
    let Some(pdfinfo) = crate::support::tool("pdfinfo", "poppler-utils") else {
        return;
    };
    let out = Command::new(pdfinfo)
        .arg(&path)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("Page size:       1190.55 x 841.89 pts (A3)"),
        "{info}"
    );
    assert!(info.contains("Title:           TestF Landscape"), "{info}");
    // The text is real text in the embedded font.
    let Some(pdftotext) = crate::support::tool("pdftotext", "poppler-utils") else {
        return;
    };
    let text = Command::new(pdftotext)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Automation & Configuration"), "{text}");
}

#[test]
fn png_decodes_to_the_asked_size_with_logos_in_their_tiles() {
    let fixture = fixture();
    let mut opts = options(PosterFormat::Png, &fixture);
    opts.width_px = Some(1600);
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let image = image::load_from_memory(&poster.bytes)
        .expect("PNG decodes")
        .to_rgba8();
    let height = (1600.0 * 841.0 / 1189.0_f64).round() as u32;
    assert_eq!(image.dimensions(), (1600, height));
    assert_eq!((poster.width, poster.height), (1600.0, f64::from(height)));
    assert_eq!(image.get_pixel(2, 2).0, [255, 255, 255, 255], "white page");

    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let centre = |name: &str| {
        let index = item(&fixture, name);
        let tile = layout
            .geometry
            .tiles()
            .find(|t| t.item == index)
            .expect("placed");
        let (x, y) = (
            tile.logo.x + tile.logo.w / 2.0,
            tile.logo.y + tile.logo.h / 2.0,
        );
        image
            .get_pixel((x * layout.scale) as u32, (y * layout.scale) as u32)
            .0
    };
    // circle.svg is orange (#e8590c) through its centre.
    let [r, g, b, _] = centre("Terraplane");
    assert!(
        r > 200 && g < 120 && b < 60,
        "orange expected, got {:?}",
        [r, g, b]
    );
    // square.svg is green, but Old Tool is archived: grey, faded.
    let [r, g, b, _] = centre("Old Tool");
    assert!(
        r.abs_diff(g) < 6 && g.abs_diff(b) < 6 && r > 100,
        "grey expected, got {:?}",
        [r, g, b]
    );
    let [r, g, b, _] = centre("Big Cloud Corp");
    assert!(
        g > r + 60 && g > b + 60,
        "green expected, got {:?}",
        [r, g, b]
    );
    // The PNG logo (a checkerboard of orange and transparent squares) is drawn too.
    let index = item(&fixture, "Scanner");
    let tile = layout
        .geometry
        .tiles()
        .find(|t| t.item == index)
        .expect("placed");
    let s = layout.scale;
    let orange = (0..20)
        .flat_map(|i| (0..20).map(move |j| (i, j)))
        .any(|(i, j)| {
            let x = (tile.logo.x + tile.logo.w * f64::from(i) / 20.0) * s;
            let y = (tile.logo.y + tile.logo.h * f64::from(j) / 20.0) * s;
            let [r, g, b, _] = image.get_pixel(x as u32, y as u32).0;
            r > 220 && (120..170).contains(&g) && b < 40
        });
    assert!(orange, "the raster logo is not drawn");
}

#[test]
fn png_size_follows_dpi_and_paper() {
    let fixture = fixture();
    let mut opts = options(PosterFormat::Png, &fixture);
    opts.paper = Some(Paper::A4);
    opts.portrait = true;
    opts.dpi = Some(72);
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let image = image::load_from_memory(&poster.bytes).expect("PNG decodes");
    assert_eq!((image.width(), image.height()), (595, 842));
}

#[test]
fn bad_requests_are_precise_errors() {
    let fixture = fixture();
    let mut opts = options(PosterFormat::Png, &fixture);
    opts.selection = Selection::Group("nope".into());
    let err = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts).err();
    assert!(matches!(err, Some(ExportError::Selection(_))), "{err:?}");
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("nope") && message.contains("Projects"),
        "{message}"
    );

    let mut opts = options(PosterFormat::Png, &fixture);
    opts.width_px = Some(60_000);
    let err = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts).err();
    assert!(matches!(err, Some(ExportError::TooLarge { .. })), "{err:?}");

    let mut opts = options(PosterFormat::Pdf, &fixture);
    opts.width_px = Some(15_000);
    let err = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts).err();
    assert!(err.is_some_and(|e| e.to_string().contains("14400 pt")));
}

#[test]
fn hostile_names_and_colours_stay_text() {
    let mut fixture = fixture();
    fixture.landscape.items[0].name = "<script>alert(1)</script> & \u{1}\"quoted\"".into();
    fixture
        .settings
        .colors
        .insert("color5".into(), "red\"/><script>alert(2)</script>".into());
    fixture.settings.foundation = "Evil</title><script>".into();
    let mut opts = options(PosterFormat::Svg, &fixture);
    opts.names = true;
    let poster = export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .expect("exports");
    let text = String::from_utf8(poster.bytes.clone()).expect("UTF-8");
    assert!(!text.contains("<script"), "markup leaked");
    assert!(
        roxmltree::Document::parse(&text).is_ok(),
        "the SVG is well-formed XML"
    );
    assert!(text.contains("&lt;script&gt;"), "the name is shown as text");
}
