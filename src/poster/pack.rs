//! Poster geometry: the [`LayoutModel`] packed onto a page of a given size, as rectangles
//! for the header, footer, category sections, subcategory boxes, tiles and every piece of
//! text (with its lines and font size already fitted), ready for any drawing back end.
//!
//! Everything is planned in *cell* units (see [`plan`]) and scaled onto the page at the end,
//! so the arrangement depends only on the page's aspect ratio; the cell size is then the
//! largest for which the whole landscape fits.

mod check;
mod grid;
mod plan;
mod text;

pub use text::{BASELINE, Fit, LINE_HEIGHT, Measure, clean};

use crate::layout::{LayoutModel, TileSize};
use crate::model::Landscape;
use plan::{Planner, Shelf};

/// An axis-aligned rectangle (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether `other` lies inside this rectangle (with a tolerance for rounding).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }

    /// Whether the two rectangles share some area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        self.x < other.right() - EPS
            && other.x < self.right() - EPS
            && self.y < other.bottom() - EPS
            && other.y < self.bottom() - EPS
    }

    /// The rectangle shrunk by `d` on every side (never below zero size).
    pub fn inset(&self, d: f64) -> Rect {
        let dx = d.min(self.w / 2.0);
        let dy = d.min(self.h / 2.0);
        Rect::new(
            self.x + dx,
            self.y + dy,
            self.w - 2.0 * dx,
            self.h - 2.0 * dy,
        )
    }
}

/// Horizontal alignment of a label's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Middle,
}

/// Fitted text: its lines, font size and the rectangle they occupy.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub lines: Vec<String>,
    pub font_size: f64,
    /// The text's extent: lines stack from the top, [`LINE_HEIGHT`] × `font_size` apart,
    /// each with its baseline [`BASELINE`] × `font_size` below its top.
    pub rect: Rect,
    pub align: Align,
}

impl Label {
    /// A label with nothing to draw, at the corner of `within`.
    pub fn empty(within: Rect) -> Self {
        Label {
            lines: Vec::new(),
            font_size: 0.0,
            rect: Rect::new(within.x, within.y, 0.0, 0.0),
            align: Align::Start,
        }
    }
}

/// A placed tile.
#[derive(Debug, Clone)]
pub struct PlacedTile {
    /// Index into [`Landscape::items`].
    pub item: usize,
    pub size: TileSize,
    pub featured: Option<String>,
    pub secondary: bool,
    pub rect: Rect,
    /// Where the logo is drawn (fitted inside, aspect ratio kept).
    pub logo: Rect,
    /// The featured label strip at the bottom of a featured tile.
    pub mark: Option<(Rect, Label)>,
    /// The item's name, when names are asked for.
    pub caption: Option<Label>,
}

/// A placed subcategory box.
#[derive(Debug, Clone)]
pub struct PlacedSubcategory {
    pub name: String,
    pub rect: Rect,
    pub title: Label,
    pub tiles: Vec<PlacedTile>,
}

/// A placed category section.
#[derive(Debug, Clone)]
pub struct PlacedCategory {
    pub name: String,
    pub rect: Rect,
    /// The coloured title bar at the top of the section.
    pub bar: Rect,
    pub title: Label,
    pub subcategories: Vec<PlacedSubcategory>,
}

/// The poster's geometry, in page units.
#[derive(Debug, Clone)]
pub struct PosterGeometry {
    pub page: Rect,
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
    /// The side of one cell (a normal tile plus its gap).
    pub cell: f64,
    pub categories: Vec<PlacedCategory>,
}

impl PosterGeometry {
    /// Every placed tile, in drawing order.
    pub fn tiles(&self) -> impl Iterator<Item = &PlacedTile> {
        self.categories
            .iter()
            .flat_map(|c| &c.subcategories)
            .flat_map(|s| &s.tiles)
    }
}

/// The poster title's font size as a fraction of the header's height.
pub const TITLE_SIZE: f64 = 0.36;

/// Proportions of the poster, in cells (1 cell = one normal tile's pitch).
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    tile_gap: f64,
    /// Vertical pitch of a tile row (taller when names are shown).
    row_pitch: f64,
    caption: f64,
    box_pad: f64,
    box_gap: f64,
    sub_font: f64,
    sub_title_cap: f64,
    cat_pad: f64,
    cat_gap: f64,
    cat_font: f64,
    cat_bar: f64,
    cat_title_pad: f64,
    cat_title_cap: f64,
    mark: f64,
    logo_pad: f64,
}

impl Metrics {
    fn new(names: bool) -> Self {
        let caption = if names { 0.3 } else { 0.0 };
        let cat_font = 0.34;
        Metrics {
            tile_gap: 0.12,
            row_pitch: 1.0 + caption,
            caption,
            box_pad: 0.12,
            box_gap: 0.14,
            sub_font: 0.22,
            sub_title_cap: 4.0,
            cat_pad: 0.12,
            cat_gap: 0.22,
            cat_font,
            cat_bar: cat_font * LINE_HEIGHT + 0.16,
            cat_title_pad: 0.14,
            cat_title_cap: 9.0,
            mark: 0.26,
            logo_pad: 0.09,
        }
    }

    fn title_height(&self, lines: usize) -> f64 {
        lines as f64 * self.sub_font * LINE_HEIGHT + 0.06
    }

    fn column_width(&self, columns: usize) -> f64 {
        columns as f64 - self.tile_gap + 2.0 * self.box_pad
    }
}

/// What to pack.
#[derive(Debug, Clone, Copy)]
pub struct PackOptions {
    /// Page size in page units (points for PDF, pixels for PNG).
    pub width: f64,
    pub height: f64,
    /// Show item names under the logos.
    pub names: bool,
}

/// Why a layout cannot be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PackError {
    #[error("the page size {0}×{1} is not usable")]
    BadPage(f64, f64),
    #[error("nothing to lay out: the selection has no items")]
    Empty,
}

/// Packs the model onto the page: header and footer bands, then the categories in shelves,
/// with the largest cells that fit. `measure` gives text widths at font size 1.
pub fn pack(
    model: &LayoutModel,
    landscape: &Landscape,
    opts: &PackOptions,
    measure: Measure,
) -> Result<PosterGeometry, PackError> {
    let (pw, ph) = (opts.width, opts.height);
    if !(pw.is_finite() && ph.is_finite() && pw >= 50.0 && ph >= 50.0) {
        return Err(PackError::BadPage(pw, ph));
    }
    if model.tile_count() == 0 {
        return Err(PackError::Empty);
    }
    let margin = pw.min(ph) * 0.02;
    let footer_h = ph * 0.03;
    let page = Rect::new(0.0, 0.0, pw, ph);
    let frame = |header_h: f64| {
        let header = Rect::new(margin, margin, pw - 2.0 * margin, header_h);
        let footer = Rect::new(margin, ph - margin - footer_h, pw - 2.0 * margin, footer_h);
        let body_y = header.bottom() + margin;
        let body = Rect::new(
            margin,
            body_y,
            pw - 2.0 * margin,
            footer.y - margin - body_y,
        );
        (header, body, footer)
    };
    let metrics = Metrics::new(opts.names);
    let planner = Planner::new(model, &metrics, measure);
    let (mut header, mut body, mut footer) = frame(ph * 0.075);
    let (mut cell, mut shelves, mut height) = best_cell(&planner, body.w, body.h);
    // A small selection gets big tiles; its category titles must not outgrow the poster's
    // title, so the header grows with them (once: the cells it takes only shrink).
    let wanted = metrics.cat_font * cell / (0.75 * TITLE_SIZE);
    if wanted > header.h {
        (header, body, footer) = frame(wanted.min(ph * 0.16));
        (cell, shelves, height) = best_cell(&planner, body.w, body.h);
    }
    let mut placer = Placer {
        planner: &planner,
        model,
        landscape,
        measure,
        cell,
        origin: (body.x, body.y),
    };
    let categories = placer.place(&shelves, body.w / cell, body.h / cell, height);
    Ok(PosterGeometry {
        page,
        header,
        body,
        footer,
        cell,
        categories,
    })
}

/// The largest cell size for which the landscape fits `width × height`, with its shelves
/// and their total height in cells.
fn best_cell(planner: &Planner, width: f64, height: f64) -> (f64, Vec<Shelf>, f64) {
    let fits = |cell: f64| {
        planner
            .shelves(width / cell)
            .filter(|(_, h)| *h <= height / cell + 1e-9)
    };
    // Ten cells across at most, so a tiny selection does not get absurd tiles.
    let mut hi = width.min(height * 2.0) / 10.0;
    if let Some((shelves, h)) = fits(hi) {
        return (hi, shelves, h);
    }
    let mut lo = hi;
    let mut found = None;
    while found.is_none() {
        lo /= 2.0;
        found = fits(lo);
        if lo < width * 1e-6 {
            break;
        }
    }
    let Some(mut best) = found.map(|(s, h)| (lo, s, h)) else {
        // Unreachable with positive sizes; a single shelf at a tiny cell always fits.
        let shelves = planner
            .shelves(width / lo)
            .map(|(s, _)| s)
            .unwrap_or_default();
        return (lo, shelves, height / lo);
    };
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        match fits(mid) {
            Some((shelves, h)) => {
                best = (mid, shelves, h);
                lo = mid;
            }
            None => hi = mid,
        }
        if hi - lo < hi * 1e-4 {
            break;
        }
    }
    best
}

mod place;
use place::Placer;

#[cfg(test)]
mod tests;
