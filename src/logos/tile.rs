//! The small raster a grid tile shows for an SVG logo.
//!
//! Chromium turns every SVG `<img>` into a document of its own, built on the main thread
//! (2–30 ms per logo in traces of the CNCF grid), so the first view of a group of 400 tiles
//! waited up to a second for them. A PNG decodes off the main thread and paints as a
//! bitmap. Pages show it in tiles; the explorer switches a tile to its SVG when the tile
//! is drawn larger than the raster covers (zoomed in, dense screens).
//!
//! The same drawing is what the contrast advice measures, so an SVG is drawn once.

use std::borrow::Cow;
use std::io;

use resvg::tiny_skia::{Pixmap, Transform};
use usvg::Rect;

use super::stored::LogoBytes;

/// The box a tile raster fits in: about the 121 × 91 px logo box of a large tile of the
/// default size (two 68 px columns and a gap, less border and padding), which is also more
/// than twice the 56 × 41 px of a default tile, so it is sharp there on screens of up to
/// two device pixels per CSS pixel, and at one up to the 128 px zoom.
pub const TILE_BOX: (u32, u32) = (122, 90);

/// What a tile raster's file name ends with, in place of its SVG's `.svg`.
pub const TILE_SUFFIX: &str = ".tile.png";

/// A logo's tile raster, ready to publish.
#[derive(Debug, Clone)]
pub struct Tile {
    /// The SVG's file name with [`TILE_SUFFIX`] for `.svg` (`<stem>.<hash12>.tile.png`):
    /// the raster is drawn from that SVG alone, so its name follows the SVG's content
    /// hash, and a page (or script) knows one URL from the other.
    pub file_name: String,
    /// The blake3 hash of the PNG.
    pub hash: blake3::Hash,
    pub(super) bytes: LogoBytes,
}

impl Tile {
    /// The tile raster of the SVG published as `svg_file_name`, encoded as `png`.
    pub(super) fn new(svg_file_name: &str, png: Vec<u8>) -> Self {
        Tile {
            file_name: file_name(svg_file_name),
            hash: blake3::hash(&png),
            bytes: LogoBytes::Held(png),
        }
    }

    /// The PNG, read back from the logo cache when it was stored there.
    pub fn bytes(&self) -> io::Result<Cow<'_, [u8]>> {
        self.bytes.get(&self.hash)
    }
}

impl PartialEq for Tile {
    fn eq(&self, other: &Self) -> bool {
        self.file_name == other.file_name && self.hash == other.hash
    }
}

/// The tile raster's file name for the SVG published as `svg_file_name`.
pub(super) fn file_name(svg_file_name: &str) -> String {
    let stem = svg_file_name.strip_suffix(".svg").unwrap_or(svg_file_name);
    format!("{stem}{TILE_SUFFIX}")
}

/// The pixel size of a `width` × `height` logo fit into [`TILE_BOX`], each side ≥ 1.
pub(super) fn fit(width: f64, height: f64) -> Option<(u32, u32)> {
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return None;
    }
    let (bw, bh) = TILE_BOX;
    let scale = (f64::from(bw) / width).min(f64::from(bh) / height);
    let side = |v: f64, max: u32| ((v * scale).round() as u32).clamp(1, max);
    Some((side(width, bw), side(height, bh)))
}

/// The part `shown` of a laid-out SVG (in the tree's canvas coordinates), drawn to fit
/// [`TILE_BOX`] as a published logo of `size` (its viewBox) is shown.
pub(super) fn draw(tree: &usvg::Tree, shown: Rect, size: (f64, f64)) -> Option<Pixmap> {
    let (w, h) = fit(size.0, size.1)?;
    let mut pixmap = Pixmap::new(w, h)?;
    let transform = Transform::from_scale(
        w as f32 / shown.width().max(f32::MIN_POSITIVE),
        h as f32 / shown.height().max(f32::MIN_POSITIVE),
    )
    .pre_translate(-shown.x(), -shown.y());
    resvg::render(tree, transform, &mut pixmap.as_mut());
    Some(pixmap)
}

/// A published SVG, parsed and drawn whole (its viewBox) like [`draw`].
pub(super) fn draw_published(svg: &[u8]) -> Option<Pixmap> {
    let tree = usvg::Tree::from_data(svg, &super::usvg_options()).ok()?;
    let size = tree.size();
    let shown = Rect::from_xywh(0.0, 0.0, size.width(), size.height())?;
    draw(
        &tree,
        shown,
        (f64::from(size.width()), f64::from(size.height())),
    )
}

/// The drawing as a PNG. Encoded for speed: a raster per logo is a cold build's cost, and
/// deflate at its default level took five times as long for files a quarter smaller.
pub(super) fn encode(pixmap: Pixmap) -> Option<Vec<u8>> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let pixels = pixmap.take_demultiplied();
    let mut png = Vec::with_capacity(pixels.len() / 4);
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&pixels).ok()?;
    writer.finish().ok()?;
    Some(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_box_keeping_the_proportions() {
        assert_eq!(fit(200.0, 100.0), Some((122, 61)));
        assert_eq!(fit(10.0, 100.0), Some((9, 90)));
        assert_eq!(fit(1000.0, 1.0), Some((122, 1)));
        assert_eq!(fit(0.0, 10.0), None);
        assert_eq!(fit(f64::NAN, 10.0), None);
    }

    #[test]
    fn draws_a_published_svg_into_a_png_of_its_proportions() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="20" height="20" fill="#c00"/></svg>"##;
        let pixmap = draw_published(svg).expect("drawn");
        assert_eq!((pixmap.width(), pixmap.height()), (122, 61));
        let png = encode(pixmap).expect("encoded");
        let decoded = image::load_from_memory(&png).expect("png").into_rgba8();
        assert_eq!(decoded.dimensions(), (122, 61));
        // The left half is the red square; the right half is left transparent.
        assert_eq!(decoded.get_pixel(20, 30).0, [0xcc, 0, 0, 255]);
        assert_eq!(decoded.get_pixel(100, 30).0[3], 0);
    }

    #[test]
    fn named_after_its_svg() {
        let tile = Tile::new("my-logo.0123456789ab.svg", b"png".to_vec());
        assert_eq!(tile.file_name, "my-logo.0123456789ab.tile.png");
        assert_eq!(tile.hash, blake3::hash(b"png"));
        assert_eq!(&*tile.bytes().expect("bytes"), b"png");
    }
}
