//! Tightening a logo's viewBox to what it actually draws, measured by usvg.
//!
//! Logos arrive with generous artboards; on a landscape tile that margin makes them look
//! small and off-centre. usvg lays the drawing out (text included, with the bundled font)
//! and the new viewBox is the ink's bounding box: stroke included, cut to clip paths, masks
//! and the original viewBox (what was outside it was never visible, and stays hidden).

use std::sync::{Arc, OnceLock};

use usvg::{Group, Node, Rect, Transform};

use super::sanitize::Sanitized;

/// The font bundled for text layout (see `assets/fonts/README.md`).
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FONT_FAMILY: &str = "DejaVu Sans";

/// The shared font database: the bundled DejaVu Sans, which also stands in for every generic
/// family, so any `<text>` gets measured and drawn the same on every machine. Built once.
pub fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(DEJAVU_SANS)));
        db.set_serif_family(FONT_FAMILY);
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        db.set_cursive_family(FONT_FAMILY);
        db.set_fantasy_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options for untrusted logos: the bundled fonts, and no file access for `<image>`
/// (sanitized logos only reference inline data anyway).
pub fn usvg_options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fontdb(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// A viewBox: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl ViewBox {
    /// Parses `min-x min-y width height` (comma or space separated); `None` unless all four
    /// are finite numbers and the size is positive, as SVG requires.
    pub fn parse(text: &str) -> Option<Self> {
        let mut numbers = text
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().ok().filter(|n| n.is_finite()));
        let vb = Self {
            x: numbers.next()??,
            y: numbers.next()??,
            width: numbers.next()??,
            height: numbers.next()??,
        };
        (numbers.next().is_none() && vb.width > 0.0 && vb.height > 0.0).then_some(vb)
    }

    /// Formats with about five significant digits, rounding the box outwards so that no ink
    /// is cut by the rounding.
    pub fn to_attribute(self) -> String {
        let extent = self.width.max(self.height);
        let decimals = (4 - extent.log10().floor() as i32).clamp(0, 6);
        let q = 10f64.powi(decimals);
        // The slack (a twentieth of the last digit) keeps f32 noise such as 10.000001 from
        // widening the box by a whole digit.
        let left = ((self.x * q) + 0.05).floor() / q;
        let top = ((self.y * q) + 0.05).floor() / q;
        let right = (((self.x + self.width) * q) - 0.05).ceil() / q;
        let bottom = (((self.y + self.height) * q) - 0.05).ceil() / q;
        let fmt = |n: f64| {
            let s = format!("{n:.*}", decimals as usize);
            let s = if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            };
            if s == "-0" { "0".to_string() } else { s }
        };
        format!(
            "{} {} {} {}",
            fmt(left),
            fmt(top),
            fmt(right - left),
            fmt(bottom - top)
        )
    }
}

/// Why the viewBox was left as it was (a warning, not an error).
pub(super) type KeptReason = String;

/// A sanitized logo as usvg laid it out, kept so its tile raster is drawn without parsing
/// it again.
pub(super) struct Drawing {
    pub tree: usvg::Tree,
    /// What the tightened viewBox shows, in the tree's canvas coordinates.
    pub shown: Rect,
}

/// Measures the drawing and returns the tight viewBox, with the layout it was measured on.
pub(super) fn tighten(svg: &Sanitized) -> Result<(ViewBox, Drawing), KeptReason> {
    let original = svg.root_attr("viewBox").and_then(ViewBox::parse);
    // With a viewBox and no width/height, usvg's canvas is the viewBox shifted to 0,0;
    // without a viewBox the canvas is user space itself. Either way only a translation
    // separates canvas coordinates from the user space the new viewBox is written in.
    let text = match original {
        Some(vb) => svg.to_svg(Some(&vb.to_attribute())),
        None => svg.to_svg(None),
    };
    let tree = usvg::Tree::from_str(&text, &usvg_options())
        .map_err(|e| format!("usvg could not lay the logo out ({e}); viewBox kept"))?;
    let mut ink = ink_bbox(tree.root(), tree.root().transform())
        .ok_or("the logo draws nothing visible; viewBox kept")?;
    let explicit_size = svg.root_attr("width").is_some() && svg.root_attr("height").is_some();
    if original.is_some() || explicit_size {
        let size = tree.size();
        let viewport = Rect::from_xywh(0.0, 0.0, size.width(), size.height())
            .ok_or("the logo has an empty viewport; viewBox kept")?;
        ink = ink
            .intersect(&viewport)
            .ok_or("nothing is drawn inside the viewBox; viewBox kept")?;
    }
    let (dx, dy) = original.map_or((0.0, 0.0), |vb| (vb.x, vb.y));
    let tight = ViewBox {
        x: f64::from(ink.x()) + dx,
        y: f64::from(ink.y()) + dy,
        width: f64::from(ink.width()),
        height: f64::from(ink.height()),
    };
    if tight.width <= 0.0 || tight.height <= 0.0 {
        return Err("the drawing has no area; viewBox kept".to_string());
    }
    Ok((tight, Drawing { tree, shown: ink }))
}

/// The bounding box of everything painted in `group`'s children, in canvas coordinates,
/// `ts` being the transform from the group's coordinates to the canvas.
///
/// Transforms are composed here rather than read from usvg's `abs_*` values, which are
/// wrong under `<use>` (a Figma export in the CNCF set moves its artwork with a `<use>`
/// inside a translated group, and usvg reports it 4000 units off canvas).
fn ink_bbox(group: &Group, ts: Transform) -> Option<Rect> {
    let mut acc: Option<Rect> = None;
    for child in group.children() {
        let bbox = match child {
            Node::Group(g) => {
                let inner = ts.pre_concat(g.transform());
                clipped(g, inner, ink_bbox(g, inner))
            }
            Node::Path(p) if p.is_visible() => path_bbox(p, ts),
            Node::Image(i) if i.is_visible() => i.bounding_box().transform(ts),
            // Glyph outlines, not the font's line box: the ink is what must fit.
            Node::Text(t) => {
                let flat = t.flattened();
                ink_bbox(flat, ts.pre_concat(flat.transform()))
            }
            _ => None,
        };
        acc = match (acc, bbox) {
            (Some(a), Some(b)) => Some(union(a, b)),
            (a, b) => a.or(b),
        };
    }
    acc
}

/// A path's box on the canvas. Under rotation or skew, mapping the local box would
/// overestimate, so an unstroked path is transformed itself (a stroked one keeps the
/// mapped box: slightly loose, never cut).
fn path_bbox(path: &usvg::Path, ts: Transform) -> Option<Rect> {
    if ts.has_skew() && path.stroke().is_none() {
        return path.data().clone().transform(ts)?.compute_tight_bounds();
    }
    path.stroke_bounding_box().transform(ts)
}

/// Cuts a group's ink to its clip path and mask, which usvg's own bounding boxes ignore.
/// `ts` maps the group's coordinates (its own transform included) to the canvas.
fn clipped(group: &Group, ts: Transform, ink: Option<Rect>) -> Option<Rect> {
    let mut ink = ink?;
    if let Some(cp) = group.clip_path()
        && let Some(clip) = ink_bbox(cp.root(), ts.pre_concat(cp.transform()))
    {
        ink = ink.intersect(&clip)?;
    }
    if let Some(mask) = group.mask()
        && let Some(rect) = mask.rect().to_rect().transform(ts)
    {
        ink = ink.intersect(&rect)?;
    }
    Some(ink)
}

fn union(a: Rect, b: Rect) -> Rect {
    Rect::from_ltrb(
        a.left().min(b.left()),
        a.top().min(b.top()),
        a.right().max(b.right()),
        a.bottom().max(b.bottom()),
    )
    .unwrap_or(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewbox_parse_and_format() {
        let vb = ViewBox::parse(" 0,0 100.5 20 ").expect("valid");
        assert_eq!(vb.width, 100.5);
        assert!(ViewBox::parse("0 0 0 10").is_none());
        assert!(ViewBox::parse("0 0 10").is_none());
        assert!(ViewBox::parse("0 0 10 10 10").is_none());
        assert!(ViewBox::parse("0 0 NaN 10").is_none());
        let tight = ViewBox {
            x: 9.999_4,
            y: 19.5,
            width: 32.0,
            height: 0.123_456_7,
        };
        assert_eq!(tight.to_attribute(), "9.999 19.5 32.001 0.124");
        let tiny = ViewBox {
            x: -0.000_000_1,
            y: 0.0,
            width: 0.5,
            height: 0.25,
        };
        assert_eq!(tiny.to_attribute(), "0 0 0.5 0.25");
    }

    #[test]
    fn fontdb_has_the_bundled_face_for_every_generic_family() {
        let db = fontdb();
        assert_eq!(db.len(), 1);
        let query = usvg::fontdb::Query {
            families: &[
                usvg::fontdb::Family::Name("Some Font Nobody Has"),
                usvg::fontdb::Family::Cursive,
            ],
            ..Default::default()
        };
        assert!(db.query(&query).is_some());
    }
}
