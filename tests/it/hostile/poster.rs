//! Posters survive hostile logos: filters that would take terabytes or minutes to draw, and
//! rasters far larger than a tile. The logos are handed to the exporter as processed logos
//! (what the sanitizer passes on), so these tests hold whatever the sanitizer clamps; one
//! test takes the whole way through `landscape export`.

use std::path::Path;
use std::process::Command;

use crate::support::poster::{Fixture, fixture, options};
use base64::Engine as _;
use landscape::logos::{LogoFormat, ProcessedLogo};
use landscape::poster::{Paper, Poster, PosterFormat, export_poster, poster_layout};

/// The fixture logo replaced by hostile ones, and the items that show it.
const TARGET: &str = "shield.svg";
const TARGET_ITEM: &str = "Gatekeeper of Policies";
const PNG_WIDTH: u32 = 1600;

/// A filter region of twenty million units around a 100-unit logo.
const HUGE_REGION: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><filter id="f" filterUnits="userSpaceOnUse" x="-1e7" y="-1e7" width="2e7" height="2e7"><feFlood flood-color="red"/></filter><rect width="100" height="100" filter="url(#f)"/></svg>"#;
const HUGE_OCTAVES: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000000000"/></filter><rect width="100" height="100" filter="url(#f)"/></svg>"#;
const HUGE_MORPHOLOGY: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><filter id="f"><feMorphology operator="dilate" radius="1000000"/></filter><rect x="25" y="25" width="50" height="50" fill="teal" filter="url(#f)"/></svg>"#;
const HUGE_BLUR: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><filter id="f"><feGaussianBlur stdDeviation="10000000"/></filter><rect x="25" y="25" width="50" height="50" fill="teal" filter="url(#f)"/></svg>"#;
/// A pattern tile of ten million units square: resvg would allocate it whole.
const HUGE_PATTERN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><pattern id="p" patternUnits="userSpaceOnUse" width="10000000" height="10000000"><rect width="10" height="10" fill="red"/></pattern><rect width="100" height="100" fill="url(#p)"/></svg>"#;

fn svg_logo(svg: &str) -> ProcessedLogo {
    let bytes = svg.as_bytes().to_vec();
    ProcessedLogo::new("hostile.svg", LogoFormat::Svg, bytes, (100.0, 100.0), None)
}

/// A `width`×`height` grey PNG, written row by row.
fn grey_png(width: u32, height: u32) -> ProcessedLogo {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().expect("PNG header");
        let mut stream = writer.stream_writer().expect("PNG stream");
        let row = vec![90u8; width as usize];
        for _ in 0..height {
            std::io::Write::write_all(&mut stream, &row).expect("PNG row");
        }
        stream.finish().expect("PNG end");
    }
    let size = (f64::from(width), f64::from(height));
    ProcessedLogo::new("huge.png", LogoFormat::Png, bytes, size, None)
}

/// The poster fixture with `logo` in place of the shield.
fn hostile_fixture(logo: ProcessedLogo) -> Fixture {
    let mut fixture = fixture();
    fixture.logos.insert(TARGET.to_string(), logo);
    fixture
}

/// Exports a PNG [`PNG_WIDTH`] pixels wide, or an A4 SVG or PDF (small pages keep these
/// tests quick: logos are prepared at 4 pixels a point).
fn export(fixture: &Fixture, format: PosterFormat) -> Poster {
    let paper = (format != PosterFormat::Png).then_some(Paper::A4);
    export_on(fixture, format, paper)
}

/// Exports on `paper` (A0 when not given); a PNG is [`PNG_WIDTH`] pixels wide.
fn export_on(fixture: &Fixture, format: PosterFormat, paper: Option<Paper>) -> Poster {
    let mut opts = options(format, fixture);
    opts.paper = paper;
    if format == PosterFormat::Png {
        opts.width_px = Some(PNG_WIDTH);
    }
    export_poster(&fixture.landscape, &fixture.settings, &fixture.logos, &opts)
        .unwrap_or_else(|e| panic!("{format:?} export failed: {e}"))
}

/// Runs a poppler tool on `pdf` (the one skip policy: see `support::tool`).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let path = crate::support::tool(tool, "poppler-utils")?;
    let out = Command::new(path)
        .args(args)
        .arg(pdf)
        .output()
        .expect("poppler runs");
    assert!(
        out.status.success(),
        "{tool} rejects the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Exports PNG and PDF and checks both are whole: the PNG decodes to the asked size, the
/// PDF is one page that poppler reads. Returns both posters' warnings.
fn exports_bounded(fixture: &Fixture) -> Vec<String> {
    let png = export(fixture, PosterFormat::Png);
    let image = image::load_from_memory(&png.bytes).expect("the PNG decodes");
    let height = (f64::from(PNG_WIDTH) * 841.0 / 1189.0).round() as u32;
    assert_eq!((image.width(), image.height()), (PNG_WIDTH, height));

    let pdf = export(fixture, PosterFormat::Pdf);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("poster.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write the PDF");
    if let Some(info) = poppler("pdfinfo", &[], &path) {
        assert!(info.contains("Pages:           1"), "{info}");
    }
    let mut warnings = png.warnings;
    warnings.extend(pdf.warnings);
    warnings
}

/// The PNG poster's pixel at the centre of the target item's logo slot.
fn pixel_at_target(fixture: &Fixture, png: &Poster) -> [u8; 4] {
    let image = image::load_from_memory(&png.bytes)
        .expect("decodes")
        .to_rgba8();
    let mut opts = options(PosterFormat::Png, fixture);
    opts.width_px = Some(PNG_WIDTH);
    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let item = fixture
        .landscape
        .items
        .iter()
        .position(|i| i.name == TARGET_ITEM)
        .expect("the item");
    let tile = layout
        .geometry
        .tiles()
        .find(|t| t.item == item)
        .expect("placed");
    let (x, y) = (
        (tile.logo.x + tile.logo.w / 2.0) * layout.scale,
        (tile.logo.y + tile.logo.h / 2.0) * layout.scale,
    );
    image.get_pixel(x as u32, y as u32).0
}

/// Asserts a warning names the target's item and says `what`.
fn assert_warned(warnings: &[String], what: &str) {
    assert!(
        warnings
            .iter()
            .any(|w| w.contains(TARGET) && w.contains(TARGET_ITEM) && w.contains(what)),
        "no warning about {TARGET} ({what}): {warnings:?}"
    );
}

#[test]
fn a_huge_filter_region_is_cut_to_what_resvg_draws() {
    let fixture = hostile_fixture(svg_logo(HUGE_REGION));
    let warnings = exports_bounded(&fixture);
    // Cutting the region changes no pixel: no warning.
    assert!(warnings.iter().all(|w| !w.contains(TARGET)), "{warnings:?}");
    // The flood still fills the tile.
    let png = export(&fixture, PosterFormat::Png);
    let [r, g, b, _] = pixel_at_target(&fixture, &png);
    assert!(
        r > 240 && g < 20 && b < 20,
        "red expected, got {:?}",
        [r, g, b]
    );
    // The SVG carries the region cut to two logo sizes around the 100-unit logo.
    let svg = export(&fixture, PosterFormat::Svg);
    let text = String::from_utf8(svg.bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed");
    let widths: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("filter") && n.attribute("id") != Some("archived"))
        .filter_map(|n| n.attribute("width")?.parse().ok())
        .collect();
    assert!(!widths.is_empty(), "no filter in the SVG");
    assert!(widths.iter().all(|&w| w <= 500.0), "{widths:?}");
}

#[test]
fn a_huge_turbulence_octave_count_is_cut() {
    let warnings = exports_bounded(&hostile_fixture(svg_logo(HUGE_OCTAVES)));
    assert_warned(&warnings, "were cut to them");
}

#[test]
fn a_huge_morphology_radius_is_cut() {
    let warnings = exports_bounded(&hostile_fixture(svg_logo(HUGE_MORPHOLOGY)));
    assert_warned(&warnings, "were cut to them");
}

#[test]
fn a_huge_blur_is_cut() {
    let warnings = exports_bounded(&hostile_fixture(svg_logo(HUGE_BLUR)));
    assert_warned(&warnings, "were cut to them");
}

#[test]
fn a_logo_too_costly_to_draw_is_left_out_with_a_warning() {
    let fixture = hostile_fixture(svg_logo(HUGE_PATTERN));
    let warnings = exports_bounded(&fixture);
    assert_warned(&warnings, "is not drawn");
    assert_warned(&warnings, "over the limit");
    // The SVG has no symbol for it: its tiles show the items' names instead.
    let svg = export(&fixture, PosterFormat::Svg);
    let text = String::from_utf8(svg.bytes).expect("UTF-8");
    assert!(!text.contains("10000000"), "the pattern is still inlined");
    assert!(
        text.contains("Gatekeeper"),
        "the placeholder names the item"
    );
}

#[test]
fn honest_logos_draw_without_warnings() {
    let fixture = fixture();
    let warnings = exports_bounded(&fixture);
    // The fixture's one missing logo is the only warning, once per format.
    assert!(
        warnings.iter().all(|w| w.contains("not-there.svg")),
        "{warnings:?}"
    );
}

/// The largest pixel size the target logo is drawn at on an A4 poster, at `density` pixels
/// a point.
fn raster_tile_pixels(fixture: &Fixture, density: f64) -> (u32, u32) {
    let mut opts = options(PosterFormat::Svg, fixture);
    opts.paper = Some(Paper::A4);
    let layout = poster_layout(&fixture.landscape, &fixture.settings, &opts).expect("lays out");
    let item = fixture
        .landscape
        .items
        .iter()
        .position(|i| i.logo == TARGET)
        .expect("an item shows the target");
    let logo = &fixture.logos[TARGET];
    layout
        .geometry
        .tiles()
        .filter(|t| t.item == item)
        .map(|t| {
            let scale = (t.logo.w / logo.width).min(t.logo.h / logo.height) * density;
            (
                (logo.width * scale).ceil() as u32,
                (logo.height * scale).ceil() as u32,
            )
        })
        .fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1)))
}

#[test]
fn a_huge_raster_is_embedded_at_the_size_its_tile_needs() {
    let mut fixture = hostile_fixture(grey_png(4096, 2048));
    // Without the fixture's own raster logo, the huge one is the only raster.
    fixture.logos.remove("raster.png");
    // SVG and PDF prepare logos at 4 pixels a point (288 dpi): on A4, far fewer pixels than
    // the logo has.
    let (max_w, max_h) = raster_tile_pixels(&fixture, 4.0);
    assert!(max_w > 0 && max_w < 1000, "tile of {max_w}×{max_h}");

    let svg = export(&fixture, PosterFormat::Svg);
    let text = String::from_utf8(svg.bytes).expect("UTF-8");
    let mut sizes = Vec::new();
    for part in text.split("data:image/png;base64,").skip(1) {
        let data: String = part[..part.find('"').expect("the data URI ends")]
            .split_whitespace()
            .collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64");
        let image = image::load_from_memory(&bytes).expect("the embedded PNG decodes");
        sizes.push((image.width(), image.height()));
    }
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    let (w, h) = sizes[0];
    assert!(
        w <= max_w && h <= max_h,
        "{w}×{h} embedded for a {max_w}×{max_h} tile"
    );
    assert_eq!(w, 2 * h, "the aspect ratio is kept");

    let pdf = export(&fixture, PosterFormat::Pdf);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("poster.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write the PDF");
    if let Some(list) = poppler("pdfimages", &["-list"], &path) {
        // `page num type width height ...`, after two header lines.
        let widths: Vec<u32> = list
            .lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().nth(3)?.parse().ok())
            .collect();
        assert!(!widths.is_empty(), "no image in the PDF: {list}");
        assert!(
            widths.iter().all(|&w| w <= max_w),
            "an image wider than the {max_w} pixels a tile needs: {list}"
        );
    }
    assert!(
        pdf.bytes.len() < 1 << 20,
        "{} bytes of PDF",
        pdf.bytes.len()
    );

    // The PNG shows it: the grey fills its tile's centre.
    let png = export(&fixture, PosterFormat::Png);
    let [r, g, b, _] = pixel_at_target(&fixture, &png);
    assert!(
        r.abs_diff(90) < 4 && g.abs_diff(90) < 4 && b.abs_diff(90) < 4,
        "grey expected, got {:?}",
        [r, g, b]
    );
}

#[test]
fn the_cli_exports_a_hostile_logo_to_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = crate::support::data_copy(dir.path());
    std::fs::write(data.join("hosted_logos/alpha.svg"), HUGE_REGION).expect("write the logo");
    let out = crate::support::cli::run(
        dir.path(),
        &[
            "export",
            "--data",
            "data/landscape.yml",
            "--cache",
            "cache",
            "--format",
            "pdf",
            "--paper",
            "a4",
            "--out",
            "poster.pdf",
        ],
    );
    assert!(out.status.success(), "{}", crate::support::cli::text(&out));
    let pdf = dir.path().join("poster.pdf");
    assert!(std::fs::read(&pdf).expect("the PDF").starts_with(b"%PDF-"));
    if let Some(info) = poppler("pdfinfo", &[], &pdf) {
        assert!(info.contains("Pages:           1"), "{info}");
    }
}
