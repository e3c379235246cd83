//! Tile rasters: the PNG a grid tile shows for an SVG logo, drawn from the published SVG,
//! cached with it, published beside it and shown by the tiles.

use std::path::Path;

use landscape::logos::{LogoCache, ProcessOptions, TILE_BOX, TILE_SUFFIX, process, process_all};
use landscape::site;

use crate::support::site::{fixture, options};

const ADJUST: ProcessOptions = ProcessOptions {
    adjust_viewbox: true,
};

fn decode(png: &[u8]) -> image::RgbaImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a PNG")
        .into_rgba8()
}

#[test]
fn an_svg_logo_gets_a_raster_of_its_drawing_fit_to_the_tile_box() {
    // Cropped to the two rects (2:1), then drawn to fit the tile box: as wide, half as high.
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect x="50" y="25" width="100" height="50" fill="#06c"/><rect x="100" y="25" width="50" height="50" fill="#c00"/></svg>"##;
    let logo = process("acme.svg", svg, &ADJUST).expect("processed");
    let tile = logo.tile.as_ref().expect("an SVG logo gets a tile raster");
    assert_eq!(
        tile.file_name,
        logo.file_name.replace(".svg", TILE_SUFFIX),
        "named after the SVG"
    );
    let png = tile.bytes().expect("bytes");
    assert_eq!(tile.hash, blake3::hash(&png));
    let image = decode(&png);
    assert_eq!(image.dimensions(), (TILE_BOX.0, TILE_BOX.0 / 2));
    // Left half blue, right half red, edge to edge: drawn from the tightened viewBox.
    assert_eq!(image.get_pixel(2, 28).0, [0x00, 0x66, 0xcc, 255]);
    assert_eq!(image.get_pixel(109, 28).0, [0xcc, 0x00, 0x00, 255]);
    // Tall logos fill the box's height.
    let tall = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 40"><rect width="10" height="40"/></svg>"##;
    let tall = process("tall.svg", tall, &ADJUST).expect("processed");
    let image = decode(&tall.tile.as_ref().expect("tile").bytes().expect("bytes"));
    assert_eq!(image.dimensions(), (23, TILE_BOX.1));
}

#[test]
fn logos_a_raster_would_misdraw_keep_only_their_svg() {
    // Text is set in the viewer's fonts by the browser, not in the one font drawn here.
    let text = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><text x="5" y="30" font-size="24">Acme</text></svg>"##;
    assert!(
        process("text.svg", text, &ADJUST)
            .expect("processed")
            .tile
            .is_none()
    );
    // An embedded raster image is not drawn (costly to decode; advised against anyway).
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    use base64::Engine as _;
    let href = base64::engine::general_purpose::STANDARD.encode(&png);
    let embeds = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><image width="4" height="4" href="data:image/png;base64,{href}"/></svg>"#
    );
    let logo = process("embeds.svg", embeds.as_bytes(), &ADJUST).expect("processed");
    assert!(logo.tile.is_none());
    // A raster logo is shown as it is.
    let raster = process("raster.png", &png, &ADJUST).expect("processed");
    assert!(raster.tile.is_none());
}

#[test]
fn the_tile_comes_back_from_the_logo_cache_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logos = dir.path().join("logos");
    std::fs::create_dir(&logos).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core/hosted_logos/alpha.svg"),
        logos.join("alpha.svg"),
    )
    .expect("copy");
    let cache_dir = dir.path().join("cache");
    let names = vec!["alpha.svg".to_string()];
    let run = || {
        let cache = LogoCache::new(cache_dir.clone());
        let mut out = process_all(&logos, &names, |_| ADJUST, Some(&cache), || {});
        out.remove("alpha.svg").expect("alpha").expect("processed")
    };
    // The cache's pack files: a run that processes a logo writes one.
    let packs = || {
        let mut names: Vec<String> = std::fs::read_dir(&cache_dir)
            .expect("cache dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".lgp"))
            .collect();
        names.sort();
        names
    };
    let made = run();
    let written = packs();
    assert_eq!(written.len(), 1, "{written:?}");
    let cached = run();
    assert_eq!(packs(), written, "the second run hit the cache");
    let (made_tile, cached_tile) = (made.tile.expect("tile"), cached.tile.expect("tile"));
    assert_eq!(made_tile.file_name, cached_tile.file_name);
    assert_eq!(
        made_tile.bytes().expect("bytes"),
        cached_tile.bytes().expect("cached bytes")
    );
}

/// The `src` of each `<img …>` of `page` that shows a logo, with whether its tile is large.
fn logo_srcs(page: &str) -> Vec<(String, bool)> {
    page.match_indices("<li")
        .filter_map(|(at, _)| {
            let li = &page[at..at + page[at..].find("</li>")?];
            let src = li.split("<img src=\"").nth(1)?;
            let src = &src[..src.find('"')?];
            src.contains("/logos/")
                .then(|| (src.to_string(), li.contains("tile-large")))
        })
        .collect()
}

#[test]
fn tiles_show_the_raster_named_after_the_svg_beside_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/explorer");
    site::build(&options(&data, &out)).expect("build");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let guide = std::fs::read_to_string(out.join("guide/index.html")).expect("guide");
    let (on_index, on_guide) = (logo_srcs(&index), logo_srcs(&guide));
    assert!(on_index.iter().any(|(_, large)| *large), "{on_index:?}");
    assert!(on_guide.len() >= 4, "{on_guide:?}");
    // Every logo of this fixture is a plain SVG: every tile, large ones too, shows its
    // raster, named after the SVG, which is published beside it for larger tiles.
    for (src, _) in on_index.iter().chain(&on_guide) {
        let svg =
            (src.strip_suffix(TILE_SUFFIX)).unwrap_or_else(|| panic!("not a tile raster: {src}"));
        assert!(
            out.join(format!("{}.svg", svg.trim_start_matches('/')))
                .is_file(),
            "{src}"
        );
        let file = out.join(src.trim_start_matches('/'));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let image = decode(&bytes);
        assert!(
            image.width() == TILE_BOX.0 || image.height() == TILE_BOX.1,
            "{src}: {:?}",
            image.dimensions()
        );
    }
    // Embedded category pages run no explorer to fit logos to the screen: their large
    // tiles show the SVG, their small ones the raster.
    let mut on_embeds = Vec::new();
    for entry in std::fs::read_dir(out.join("embed")).expect("embed dir") {
        let page = entry.expect("entry").path().join("index.html");
        if let Ok(html) = std::fs::read_to_string(&page) {
            on_embeds.extend(logo_srcs(&html));
        }
    }
    assert!(on_embeds.iter().any(|(_, large)| *large), "{on_embeds:?}");
    assert!(on_embeds.iter().any(|(_, large)| !*large), "{on_embeds:?}");
    for (src, large) in &on_embeds {
        let suffix = if *large { ".svg" } else { TILE_SUFFIX };
        assert!(src.ends_with(suffix), "{src} (large: {large})");
        assert!(out.join(src.trim_start_matches('/')).is_file(), "{src}");
    }
    // The explorer knows how wide a raster is, to show the SVG in larger tiles.
    assert!(
        index.contains(&format!("data-raster=\"{}\"", TILE_BOX.0)),
        "the landscape names its raster width"
    );
}

#[test]
fn a_raster_logo_is_shown_as_it_is() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    site::build(&options(&fixture(), &out)).expect("build");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let srcs: Vec<String> = logo_srcs(&index).into_iter().map(|(s, _)| s).collect();
    let png = |s: &&String| s.ends_with(".png") && !s.ends_with(TILE_SUFFIX);
    assert!(srcs.iter().any(|s| png(&s)), "{srcs:?}");
    assert!(srcs.iter().any(|s| s.ends_with(TILE_SUFFIX)), "{srcs:?}");
    let published: Vec<String> = std::fs::read_dir(out.join("logos"))
        .expect("logos")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    // beta.png gets no raster of its own.
    assert!(
        !published
            .iter()
            .any(|f| f.starts_with("beta.") && f.ends_with(TILE_SUFFIX)),
        "{published:?}"
    );
}
