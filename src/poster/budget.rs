//! What drawing a logo may cost, read off its usvg tree before anything is drawn.
//!
//! resvg bounds a group's layer to five times its canvas, but not a filter's region: every
//! filter primitive gets a pixmap the size of the region, all kept until the filter is done,
//! so a 190-byte logo with a huge region asks for terabytes. Some primitives also cost more
//! with their parameters: feTurbulence works once per octave and pixel, feMorphology visits
//! its whole window for every pixel. [`assess`] walks a tree as it will be drawn at a given
//! pixel size and returns the filter parameters past their limits ([`Limits`], which
//! [`super::tame`] applies) and an estimate of the work and memory ([`Cost`]).

use std::collections::HashMap;

use usvg::filter::Kind;
use usvg::{Group, ImageKind, Node, NonZeroRect, Paint, Rect, Transform};

/// Most octaves a turbulence keeps: each adds half the amplitude of the one before, so past
/// eight they change no 8-bit colour.
pub(super) const MAX_OCTAVES: u32 = 8;
/// Largest morphology radius, in output pixels (logos use one or two).
const MAX_MORPHOLOGY_PX: f32 = 8.0;
/// How far past the logo a filter region may reach on each side, in logo sizes: as far as
/// resvg lets a layer reach past its canvas (nothing beyond is drawn, so cutting a region
/// there changes no pixel of the PNG or of a PDF raster).
const REGION_MARGIN: f32 = 2.0;
/// Most work one logo may take, in pixel operations (resvg does about 10⁸ to 10⁹ a second).
pub(super) const MAX_OPS: f64 = 300e6;
/// Most memory one logo's layers and filter results may hold at once.
pub(super) const MAX_BYTES: f64 = 256.0 * 1024.0 * 1024.0;
/// Most pixels of raster images an SVG logo may embed (8,192², 256 MiB decoded): resvg
/// decodes them at every draw.
pub(super) const MAX_EMBEDDED_PIXELS: f64 = 8192.0 * 8192.0;
/// What every drawn node costs besides its pixels; it also bounds this walk on trees that
/// reuse a pattern inside a pattern inside a pattern.
const NODE_OPS: f64 = 64.0;

/// New values for one filter's parameters, in its user units.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Limits {
    /// The region, cut to [`REGION_MARGIN`] around the logo.
    pub region: Option<Rect>,
    /// Cut `numOctaves` to [`MAX_OCTAVES`].
    pub octaves: bool,
    /// Largest blur `stdDeviation` (drop shadows too).
    pub blur: Option<f32>,
    /// Largest morphology radius.
    pub morphology: Option<f32>,
}

impl Limits {
    /// Whether applying these changes how the logo looks (a region cut to resvg's reach
    /// does not).
    pub fn visible(&self) -> bool {
        self.octaves || self.blur.is_some() || self.morphology.is_some()
    }
}

/// What drawing a logo once costs, estimated.
#[derive(Debug, Default, Clone)]
pub(super) struct Cost {
    /// Pixel operations.
    pub ops: f64,
    /// Bytes of layers and filter results alive at once, at most.
    pub bytes: f64,
    /// Pixels of the raster images it embeds.
    pub embedded_pixels: f64,
    /// Whether it uses filter effects anywhere (PDF has none: such logos are rasterized).
    pub filters: bool,
}

impl Cost {
    /// Why the logo is too costly to draw, if it is.
    pub fn excess(&self) -> Option<String> {
        if self.embedded_pixels > MAX_EMBEDDED_PIXELS {
            Some(format!(
                "it embeds raster images of {:.0} million pixels, over the limit of {:.0} million",
                self.embedded_pixels / 1e6,
                MAX_EMBEDDED_PIXELS / 1e6
            ))
        } else if self.ops > MAX_OPS {
            Some(format!(
                "drawing it would take about {:.3e} pixel operations, over the limit of {:.0e}",
                self.ops, MAX_OPS
            ))
        } else if self.bytes > MAX_BYTES {
            Some(format!(
                "drawing it would need about {:.0} MiB, over the limit of {:.0} MiB",
                self.bytes / 1048576.0,
                MAX_BYTES / 1048576.0
            ))
        } else {
            None
        }
    }
}

/// A tree's cost and the filter limits it breaks (by filter id).
#[derive(Debug)]
pub(super) struct Assessment {
    pub cost: Cost,
    pub limits: HashMap<String, Limits>,
}

/// Assesses `tree` drawn at `width`×`height` pixels.
pub(super) fn assess(tree: &usvg::Tree, width: f32, height: f32) -> Assessment {
    let size = tree.size();
    let outer = Transform::from_scale(width / size.width(), height / size.height());
    let mut walk = Walk {
        size: (width.max(1.0), height.max(1.0)),
        cost: Cost::default(),
        limits: HashMap::new(),
    };
    walk.cost.bytes = walk.group(tree.root(), outer);
    Assessment {
        cost: walk.cost,
        limits: walk.limits,
    }
}

struct Walk {
    /// The canvas in pixels: `[0, w] × [0, h]`.
    size: (f32, f32),
    cost: Cost,
    limits: HashMap<String, Limits>,
}

impl Walk {
    /// Past every budget already: the rest need not be looked at.
    fn over(&self) -> bool {
        self.cost.ops > MAX_OPS || self.cost.embedded_pixels > MAX_EMBEDDED_PIXELS
    }

    /// Pixels of `rect` (in `ts`'s source units) within resvg's largest layer, five times
    /// the canvas.
    fn layer_pixels(&self, rect: Rect, ts: Transform) -> f64 {
        let (w, h) = self.size;
        let Some(r) = rect.transform(ts) else {
            return 0.0;
        };
        let span =
            |a: f32, b: f32, len: f32| f64::from((b.min(3.0 * len) - a.max(-2.0 * len)).max(0.0));
        span(r.left(), r.right(), w) * span(r.top(), r.bottom(), h)
    }

    /// Walks a group whose nodes' absolute transforms are relative to `outer`; returns the
    /// most bytes alive at once while drawing it.
    fn group(&mut self, g: &Group, outer: Transform) -> f64 {
        if self.over() {
            return 0.0;
        }
        self.cost.ops += NODE_OPS;
        // Clip paths, masks and filter images are drawn in the group's own coordinates.
        let ts = outer.pre_concat(g.abs_transform());
        let mut own = 0.0;
        if g.should_isolate() {
            let layer = self.layer_pixels(g.abs_layer_bounding_box().to_rect(), outer);
            let copies = 1.0
                + f64::from(u8::from(g.clip_path().is_some()))
                + 2.0 * f64::from(u8::from(g.mask().is_some()));
            own += layer * 4.0 * copies;
            self.cost.ops += layer * 2.0 * copies;
        }
        let mut inner: f64 = 0.0;
        for filter in g.filters() {
            own += self.filter(filter, ts, &mut inner);
        }
        for child in g.children() {
            let peak = self.node(child, outer);
            inner = inner.max(peak);
        }
        let mut clip = g.clip_path();
        while let Some(c) = clip {
            let peak = self.group(c.root(), ts.pre_concat(c.transform()));
            inner = inner.max(peak);
            clip = c.clip_path();
        }
        let mut mask = g.mask();
        while let Some(m) = mask {
            let peak = self.group(m.root(), ts);
            inner = inner.max(peak);
            mask = m.mask();
        }
        own + inner
    }

    fn node(&mut self, node: &Node, outer: Transform) -> f64 {
        match node {
            Node::Group(g) => self.group(g, outer),
            Node::Text(t) => self.group(t.flattened(), outer),
            Node::Path(p) => {
                self.cost.ops += NODE_OPS;
                let area = self.layer_pixels(p.abs_stroke_bounding_box(), outer);
                let mut peak: f64 = 0.0;
                for paint in [p.fill().map(|f| f.paint()), p.stroke().map(|s| s.paint())]
                    .into_iter()
                    .flatten()
                {
                    self.cost.ops += area;
                    if let Paint::Pattern(pattern) = paint {
                        // resvg draws the pattern's tile into a pixmap of its own, unbounded.
                        let ts = outer
                            .pre_concat(p.abs_transform())
                            .pre_concat(pattern.transform());
                        let (sx, sy) = ts.get_scale();
                        let r = pattern.rect();
                        let tile = f64::from(r.width() * sx) * f64::from(r.height() * sy);
                        self.cost.ops += tile;
                        let content = self.group(pattern.root(), Transform::from_scale(sx, sy));
                        peak = peak.max(tile * 4.0 + content);
                    }
                }
                peak
            }
            Node::Image(image) => {
                self.cost.ops += NODE_OPS;
                match image.kind() {
                    ImageKind::SVG(tree) => {
                        let (size, inner) = (image.size(), tree.size());
                        let ts = outer.pre_concat(image.abs_transform()).pre_scale(
                            size.width() / inner.width(),
                            size.height() / inner.height(),
                        );
                        self.group(tree.root(), ts)
                    }
                    ImageKind::PNG(data)
                    | ImageKind::JPEG(data)
                    | ImageKind::GIF(data)
                    | ImageKind::WEBP(data) => {
                        // A size that cannot be read is not drawn by resvg either.
                        let pixels = imagesize::blob_size(data.as_slice())
                            .map_or(0.0, |s| s.width as f64 * s.height as f64);
                        self.cost.embedded_pixels += pixels;
                        self.cost.ops +=
                            pixels + self.layer_pixels(image.abs_bounding_box(), outer);
                        pixels * 4.0
                    }
                }
            }
        }
    }

    /// Accounts for one filter drawn with `ts` (its user units to pixels), records the
    /// limits it breaks, and returns the bytes its results hold; `inner` gets the peak of
    /// the trees its feImage primitives draw.
    fn filter(&mut self, filter: &usvg::filter::Filter, ts: Transform, inner: &mut f64) -> f64 {
        self.cost.filters = true;
        // A region that does not transform to finite pixels is not drawn by resvg.
        let Some(region) = filter.rect().transform(ts) else {
            return 0.0;
        };
        let (w, h) = self.size;
        let mut limits = Limits::default();
        let (mw, mh) = (w * REGION_MARGIN, h * REGION_MARGIN);
        let allowed = NonZeroRect::from_ltrb(-mw, -mh, w + mw, h + mh);
        let inside = region.left() >= -mw - 0.5
            && region.top() >= -mh - 0.5
            && region.right() <= w + mw + 0.5
            && region.bottom() <= h + mh + 0.5;
        if !inside
            && let Some(user) = ts
                .invert()
                .zip(allowed)
                .and_then(|(inv, a)| a.transform(inv))
        {
            limits.region = Some(cut(filter.rect().to_rect(), user.to_rect()));
        }
        let area = f64::from(region.width()) * f64::from(region.height());
        let (sx, sy) = ts.get_scale();
        let scale = sx.max(sy);
        let mut bytes = 0.0;
        for primitive in filter.primitives() {
            if self.over() {
                break;
            }
            bytes += area * 4.0;
            let factor = match primitive.kind() {
                Kind::Turbulence(t) => {
                    limits.octaves |= t.num_octaves() > MAX_OCTAVES;
                    4.0 * f64::from(t.num_octaves())
                }
                Kind::GaussianBlur(b) => {
                    blur_limit(
                        &mut limits,
                        b.std_dev_x().get().max(b.std_dev_y().get()),
                        scale,
                        w.max(h),
                    );
                    8.0
                }
                Kind::DropShadow(d) => {
                    blur_limit(
                        &mut limits,
                        d.std_dev_x().get().max(d.std_dev_y().get()),
                        scale,
                        w.max(h),
                    );
                    12.0
                }
                Kind::Morphology(m) => {
                    let (rx, ry) = (m.radius_x().get() * sx, m.radius_y().get() * sy);
                    if rx.max(ry) > MAX_MORPHOLOGY_PX && scale > 0.0 {
                        limits.morphology = Some(MAX_MORPHOLOGY_PX / scale);
                    }
                    // resvg's window: twice the radius, at most the image.
                    let window = |r: f32, side: f32| f64::from((2.0 * r.ceil()).min(side).max(1.0));
                    window(rx, region.width()) * window(ry, region.height())
                }
                Kind::ConvolveMatrix(c) => {
                    f64::from(c.matrix().columns()) * f64::from(c.matrix().rows())
                }
                Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => 16.0,
                Kind::Image(image) => {
                    let peak = self.group(image.root(), ts);
                    *inner = inner.max(peak);
                    2.0
                }
                _ => 2.0,
            };
            self.cost.ops += area * factor;
        }
        if limits != Limits::default() {
            let entry = self.limits.entry(filter.id().to_string()).or_default();
            merge(entry, limits);
        }
        bytes
    }
}

/// Records that blurs past the logo's own size (in pixels) are cut to it: a wider blur only
/// spreads the logo thinner.
fn blur_limit(limits: &mut Limits, std_dev: f32, scale: f32, extent_px: f32) {
    if std_dev * scale > extent_px && scale > 0.0 {
        limits.blur = Some(extent_px / scale);
    }
}

/// `rect` cut to `to` on each axis; an axis with nothing in common keeps a sliver at the
/// edge of `to` (the filter then draws nothing visible, and next to nothing at all).
fn cut(rect: Rect, to: Rect) -> Rect {
    let axis = |a: f32, b: f32, lo: f32, hi: f32| {
        let (a, b) = (a.clamp(lo, hi), b.clamp(lo, hi));
        if b > a {
            (a, b)
        } else {
            (a, a + (hi - lo) * 1e-4)
        }
    };
    let (l, r) = axis(rect.left(), rect.right(), to.left(), to.right());
    let (t, b) = axis(rect.top(), rect.bottom(), to.top(), to.bottom());
    Rect::from_ltrb(l, t, r, b).unwrap_or(to)
}

/// Combines the limits of two uses of one filter: the region covers both, the parameter
/// limits take the stricter.
fn merge(into: &mut Limits, new: Limits) {
    into.region = match (into.region, new.region) {
        (Some(a), Some(b)) => Rect::from_ltrb(
            a.left().min(b.left()),
            a.top().min(b.top()),
            a.right().max(b.right()),
            a.bottom().max(b.bottom()),
        ),
        (a, b) => a.or(b),
    };
    into.octaves |= new.octaves;
    into.blur = min_some(into.blur, new.blur);
    into.morphology = min_some(into.morphology, new.morphology);
}

fn min_some(a: Option<f32>, b: Option<f32>) -> Option<f32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
