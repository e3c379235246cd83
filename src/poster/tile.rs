//! One logo tile as the site shows it, alone on the page's background, as a PNG: what a
//! contributor's logo will look like at the site's tile sizes, in light and dark mode
//! (`landscape diff --preview`). The logo is prepared and drawn as the poster's are.

use resvg::tiny_skia::{Pixmap, Transform};

use super::draw::num;
use super::logos::Prepared;
use super::pack::Rect;
use super::png::{encode, encode_error, paint, render_logo};
use super::scene::Placement;
use super::{ExportError, Rgb};
use crate::logos::{ProcessedLogo, usvg_options};

/// A tile's look, in CSS pixels (`scale` output pixels each).
#[derive(Debug, Clone, Copy)]
pub struct TileStyle {
    pub width: f64,
    pub height: f64,
    /// Between the border and the logo.
    pub padding: f64,
    pub border: f64,
    /// The page around the tile, on every side.
    pub margin: f64,
    pub page: Rgb,
    pub tile: Rgb,
    pub line: Rgb,
    /// Output pixels per CSS pixel (2 for a high-density screen).
    pub scale: f64,
}

impl TileStyle {
    /// The PNG's size in pixels.
    pub fn pixels(&self) -> (u32, u32) {
        let side = |v: f64| ((v + 2.0 * self.margin) * self.scale).round() as u32;
        (side(self.width), side(self.height))
    }
}

/// Draws `logo` in a tile of `style`; `None` (a logo that could not be processed) draws the
/// empty tile. A logo that cannot be drawn is a warning, as on the poster.
pub fn tile_png(
    logo: Option<&ProcessedLogo>,
    style: &TileStyle,
    warnings: &mut Vec<String>,
) -> Result<Vec<u8>, ExportError> {
    let (w, h) = style.pixels();
    let mut canvas = Pixmap::new(w, h).ok_or_else(|| encode_error("no canvas of that size"))?;
    let tile = Rect::new(style.margin, style.margin, style.width, style.height);
    let b = style.border;
    let chrome = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\"><rect width=\"100%\" height=\"100%\" fill=\"{}\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/></svg>",
        num(tile.w + 2.0 * style.margin),
        num(tile.h + 2.0 * style.margin),
        style.page.hex(),
        num(tile.x + b / 2.0),
        num(tile.y + b / 2.0),
        num(tile.w - b),
        num(tile.h - b),
        style.tile.hex(),
        style.line.hex(),
        num(b),
    );
    let tree = usvg::Tree::from_str(&chrome, &usvg_options()).map_err(encode_error)?;
    let s = style.scale as f32;
    resvg::render(&tree, Transform::from_scale(s, s), &mut canvas.as_mut());
    if let Some(logo) = logo {
        let slot = tile.inset(b + style.padding);
        let mut prepared = Prepared::empty();
        if let Some(source) = prepared.add("the logo", logo, slot, style.scale, warnings) {
            let placement = Placement {
                source,
                rect: prepared.sources[source].fit(slot),
                archived: false,
            };
            if let Some(logo) = render_logo(&prepared, &placement, style.scale) {
                paint(&mut canvas, &logo);
            }
        }
    }
    encode(&canvas)
}
