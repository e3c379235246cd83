//! Keeping a logo's filters cheap to render.
//!
//! resvg (the PNG export, and the PDF export, which rasterizes filtered logos) gives every
//! primitive of a filter a pixmap the size of the filter region, not cut to the canvas; its
//! morphology visits (2r)² pixels per pixel and its turbulence loops once per octave per
//! pixel. So a 190-byte logo asking for a region of 10⁵ × 10⁵ units aborts the export on a
//! 134 GB allocation, and a huge radius or octave count runs for minutes.
//!
//! Octaves are clamped where they are written: past [`MAX_OCTAVES`] each one adds under 1/32
//! of the amplitude, invisible at logo sizes (CNCF logos use at most 5). Sizes cannot be judged from attributes alone: a
//! region in `objectBoundingBox` units grows with the element, one in `userSpaceOnUse` with
//! every transform above it, and one `<filter>` can serve many elements. So a sanitized logo
//! that mentions filters is laid out by usvg, as the exporters will, and every filter it
//! applies is measured against the canvas. If one exceeds the bounds below, the logo is
//! published without filters, with a warning: clamping a region or a radius in the source
//! would need the very layout that usvg just did, dropping only the offending `<filter>`
//! would hide the elements that use it, and no logo needs a filter anywhere near the bounds
//! (in the CNCF landscape, the largest region is 5 × 3 times its tightened logo, the most
//! work 83 logo areas, the widest blur 0.3 and morphology radius 0.008 of the logo).

use std::borrow::Cow;

use usvg::filter::Kind;
use usvg::{Group, Node, Paint, Transform};

use super::viewbox::usvg_options;

/// Most octaves a turbulence may have.
pub(super) const MAX_OCTAVES: u32 = 5;
/// Largest filter region, per axis, as a multiple of the canvas. [`MAX_WORK`] bounds the
/// area; this bounds a sliver (a region a million times wider than the logo and a millionth
/// as high is still a pixel high).
const MAX_REGION: f32 = 16.0;
/// Most pixmap work for all filters together: the sum, over every filter applied, of its
/// primitives (plus its source) times its region's area, in canvas areas. It bounds the
/// memory a filter holds (resvg keeps every primitive's result) and the time they all take.
const MAX_WORK: f32 = 256.0;
/// Largest morphology radius, per axis, as a fraction of the canvas (its cost is quadratic).
const MAX_MORPHOLOGY_RADIUS: f32 = 0.02;
/// Largest blur standard deviation, per axis, as a multiple of the canvas (beyond it the
/// result is a faint haze; resvg's box blur overflows on very large ones).
const MAX_BLUR: f32 = 1.0;
/// Most entries a convolution kernel may have (its cost is linear in them, per pixel).
const MAX_KERNEL: u32 = 49;
/// Most nodes measured; a logo with more filtered content than this loses its filters.
const MAX_VISITS: usize = 1_000_000;

/// A `numOctaves` value to write: as given up to [`MAX_OCTAVES`], else that maximum; `None`
/// (the attribute dropped, so the default of 1 applies) when it is not a number.
pub(super) fn clamp_octaves(value: &str) -> Option<Cow<'_, str>> {
    let n = value.trim().parse::<f64>().ok().filter(|n| n.is_finite())?;
    Some(if n <= f64::from(MAX_OCTAVES) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(MAX_OCTAVES.to_string())
    })
}

/// Why the filters of this SVG would cost too much to render, if they would. An SVG usvg
/// cannot read renders nothing, and costs nothing.
pub(super) fn too_costly(svg: &str) -> Option<String> {
    let tree = usvg::Tree::from_str(svg, &usvg_options()).ok()?;
    let size = tree.size();
    let canvas = (size.width(), size.height());
    let mut work = 0.0;
    let mut visits = 0usize;
    let mut stack: Vec<(&Group, Transform)> = vec![(tree.root(), tree.root().transform())];
    while let Some((group, ts)) = stack.pop() {
        visits += 1 + group.children().len();
        if visits > MAX_VISITS {
            return Some("too much filtered content to measure".to_string());
        }
        for filter in group.filters() {
            let Some(region) = filter.rect().transform(ts) else {
                continue;
            };
            let (w, h) = (region.width() / canvas.0, region.height() / canvas.1);
            if w > MAX_REGION || h > MAX_REGION {
                return Some(format!(
                    "filter `{}` covers {w:.0} × {h:.0} times the logo (at most {MAX_REGION})",
                    filter.id()
                ));
            }
            work += (filter.primitives().len() + 1) as f32 * w * h;
            if work > MAX_WORK {
                return Some(format!(
                    "filters would render {work:.0} times the logo's area (at most {MAX_WORK})"
                ));
            }
            for primitive in filter.primitives() {
                if let Some(why) = primitive_too_costly(primitive.kind(), ts, canvas) {
                    return Some(format!("filter `{}`: {why}", filter.id()));
                }
                if let Kind::Image(image) = primitive.kind() {
                    stack.push((image.root(), ts.pre_concat(image.root().transform())));
                }
            }
        }
        push_content(group, ts, &mut stack);
    }
    None
}

/// Queues what renders inside `group`: child groups, clip paths, masks, pattern tiles, text.
fn push_content<'t>(group: &'t Group, ts: Transform, stack: &mut Vec<(&'t Group, Transform)>) {
    if let Some(clip) = group.clip_path() {
        stack.push((clip.root(), ts.pre_concat(clip.transform())));
    }
    let mut mask = group.mask();
    while let Some(m) = mask {
        stack.push((m.root(), ts));
        mask = m.mask();
    }
    for child in group.children() {
        match child {
            Node::Group(g) => stack.push((g, ts.pre_concat(g.transform()))),
            Node::Path(p) => {
                let paints = [p.fill().map(|f| f.paint()), p.stroke().map(|s| s.paint())];
                for paint in paints.into_iter().flatten() {
                    if let Paint::Pattern(pattern) = paint {
                        stack.push((pattern.root(), ts.pre_concat(pattern.transform())));
                    }
                }
            }
            Node::Text(t) => {
                let flat = t.flattened();
                stack.push((flat, ts.pre_concat(flat.transform())));
            }
            Node::Image(_) => {}
        }
    }
}

/// Why one primitive, drawn with `ts` on a canvas of `canvas` size, costs too much.
fn primitive_too_costly(kind: &Kind, ts: Transform, canvas: (f32, f32)) -> Option<String> {
    let (sx, sy) = ts.get_scale();
    let relative = |x: f32, y: f32| (x * sx / canvas.0, y * sy / canvas.1);
    match kind {
        Kind::Morphology(m) => {
            let (rx, ry) = relative(m.radius_x().get(), m.radius_y().get());
            (rx.max(ry) > MAX_MORPHOLOGY_RADIUS).then(|| {
                format!(
                    "morphology radius is {:.1}% of the logo (at most {}%)",
                    rx.max(ry) * 100.0,
                    MAX_MORPHOLOGY_RADIUS * 100.0
                )
            })
        }
        Kind::GaussianBlur(b) => {
            blur_too_costly(relative(b.std_dev_x().get(), b.std_dev_y().get()))
        }
        Kind::DropShadow(d) => blur_too_costly(relative(d.std_dev_x().get(), d.std_dev_y().get())),
        Kind::Turbulence(t) => (t.num_octaves() > MAX_OCTAVES)
            .then(|| format!("turbulence has {} octaves", t.num_octaves())),
        Kind::ConvolveMatrix(c) => {
            let entries = c.matrix().columns().saturating_mul(c.matrix().rows());
            (entries > MAX_KERNEL)
                .then(|| format!("convolution kernel has {entries} entries (at most {MAX_KERNEL})"))
        }
        _ => None,
    }
}

fn blur_too_costly((x, y): (f32, f32)) -> Option<String> {
    (x.max(y) > MAX_BLUR).then(|| {
        format!(
            "blur deviation is {:.0} times the logo (at most {MAX_BLUR})",
            x.max(y)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octaves_are_clamped_and_garbage_dropped() {
        assert_eq!(clamp_octaves("3").as_deref(), Some("3"));
        assert_eq!(clamp_octaves("1000000000").as_deref(), Some("5"));
        assert_eq!(clamp_octaves(" 1e9 ").as_deref(), Some("5"));
        assert_eq!(clamp_octaves("inf"), None);
        assert_eq!(clamp_octaves("x"), None);
    }

    fn svg(body: &str) -> String {
        format!("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>{body}</svg>")
    }

    #[test]
    fn measures_filters_against_the_canvas() {
        let blur = "<filter id='f'><feGaussianBlur stdDeviation='3'/></filter>\
                    <rect width='80' height='80' filter='url(#f)'/>";
        assert_eq!(too_costly(&svg(blur)), None);
        // The same filter on an element scaled up 1000 times.
        let scaled = "<filter id='f'><feGaussianBlur stdDeviation='3'/></filter>\
                      <g transform='scale(1000)'><rect width='80' height='80' filter='url(#f)'/></g>";
        let why = too_costly(&svg(scaled)).expect("too costly");
        assert!(
            why.contains("filter `f` covers 960 × 960 times the logo (at most 16)"),
            "{why}"
        );
        let morph = "<filter id='m'><feMorphology radius='10'/></filter>\
                     <rect width='80' height='80' filter='url(#m)'/>";
        let why = too_costly(&svg(morph)).expect("too costly");
        assert!(why.contains("morphology radius is 10.0%"), "{why}");
        let many = "<filter id='f'><feFlood/></filter>".to_string()
            + &"<rect width='100' height='100' filter='url(#f)'/>".repeat(200);
        let why = too_costly(&svg(&many)).expect("too costly");
        assert!(why.contains("times the logo's area"), "{why}");
    }
}
