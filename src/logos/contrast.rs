//! Whether a logo stands out from a background: measured on its pixels, or decided from its
//! paint alone when that gives the same answer without drawing it.

use resvg::tiny_skia::Pixmap;
use usvg::{BlendMode, ClipPath, Group, Node, Opacity, Paint, Path};

/// A pixel is ink when at least this opaque (of 255): anti-aliased edges do not count.
const INK_ALPHA: u8 = 128;
/// A pixel stands out from a background when their WCAG contrast ratio is at least this
/// (#ccc on white is 1.6; black on the dark background is 1.14).
const MIN_CONTRAST: f64 = 1.5;
/// A logo is (nearly) invisible on a background when less than this share of its ink stands
/// out from it.
const MIN_VISIBLE_SHARE: f64 = 0.05;

/// Whether at least [`MIN_VISIBLE_SHARE`] of the ink stands out from `background`. A
/// drawing without ink (all faint) counts as showing: there is nothing to advise on.
pub(super) fn shows_on(pixmap: &Pixmap, background: [u8; 3]) -> bool {
    let bg = luminance(background.map(f64::from));
    let (mut ink, mut standing) = (0u32, 0u32);
    // Logos are runs of few colours: the last pixel's verdict saves most of the maths.
    let mut last: Option<(&[u8], bool)> = None;
    for px in pixmap.data().chunks_exact(4) {
        let a = px[3];
        if a < INK_ALPHA {
            continue;
        }
        ink += 1;
        let stands = match last {
            Some((seen, stands)) if seen == px => stands,
            _ => {
                // Composite the premultiplied pixel over the background.
                let alpha = f64::from(a) / 255.0;
                let over =
                    [0, 1, 2].map(|i| f64::from(px[i]) + f64::from(background[i]) * (1.0 - alpha));
                let stands = contrasts(luminance(over), bg);
                last = Some((px, stands));
                stands
            }
        };
        standing += u32::from(stands);
    }
    ink == 0 || f64::from(standing) >= f64::from(ink) * MIN_VISIBLE_SHARE
}

/// Whether every pixel `group` paints is an opaque colour that stands out from
/// `background`, known without drawing: all paint is solid, opaque and contrasting, drawn
/// without anti-aliasing, and nothing mixes colours (group opacity, blending, masks,
/// filters, images, strokes, which tiny-skia fades when thinner than a pixel). Each painted
/// pixel is then exactly one of those colours, so [`shows_on`] of the drawing is true.
/// `false` means "draw it to know", not "does not show".
pub(super) fn all_paint_stands(group: &Group, background: [u8; 3]) -> bool {
    let bg = luminance(background.map(f64::from));
    paint_stands(group, bg)
}

fn paint_stands(group: &Group, bg: f64) -> bool {
    let plain = |g: &Group| {
        g.opacity() == Opacity::ONE
            && g.blend_mode() == BlendMode::Normal
            && g.filters().is_empty()
            && g.mask().is_none()
            && g.clip_path().is_none_or(crisp_clip)
    };
    let stands = |p: &Path| {
        !p.is_visible()
            || (crisp(p)
                && p.stroke().is_none()
                && p.fill().is_none_or(|fill| {
                    fill.opacity() == Opacity::ONE && solid_stands(fill.paint(), bg)
                }))
    };
    every(group, &plain, &stands)
}

/// Whether a clip path cuts with hard edges (its shapes drawn without anti-aliasing), so
/// it leaves pixels either whole or gone.
fn crisp_clip(clip: &ClipPath) -> bool {
    let clips_crisply = |g: &Group| g.clip_path().is_none_or(crisp_clip);
    clip.clip_path().is_none_or(crisp_clip) && every(clip.root(), &clips_crisply, &crisp)
}

fn crisp(path: &Path) -> bool {
    !path.rendering_mode().use_shape_antialiasing()
}

/// Whether `group` and every group under it (text included, as drawn) pass `group_ok`, and
/// every path `path_ok`; an image never passes.
fn every(
    group: &Group,
    group_ok: &impl Fn(&Group) -> bool,
    path_ok: &impl Fn(&Path) -> bool,
) -> bool {
    group_ok(group)
        && group.children().iter().all(|node| match node {
            Node::Group(g) => every(g, group_ok, path_ok),
            Node::Path(p) => path_ok(p),
            Node::Text(t) => every(t.flattened(), group_ok, path_ok),
            Node::Image(_) => false,
        })
}

fn solid_stands(paint: &Paint, bg: f64) -> bool {
    match paint {
        Paint::Color(c) => contrasts(luminance([c.red, c.green, c.blue].map(f64::from)), bg),
        _ => false,
    }
}

/// The contrast rule between two relative luminances.
fn contrasts(a: f64, b: f64) -> bool {
    (a.max(b) + 0.05) / (a.min(b) + 0.05) >= MIN_CONTRAST
}

/// WCAG relative luminance of an sRGB colour with channels in 0..=255.
fn luminance(rgb: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logos::viewbox::measuring_options;

    const LIGHT: [u8; 3] = [0xff, 0xff, 0xff];
    /// The site's dark-mode page background (`--bg` in assets/style.css).
    const DARK: [u8; 3] = [0x0f, 0x14, 0x1a];

    #[test]
    fn contrast_against_backgrounds() {
        let mut white = Pixmap::new(2, 2).expect("pixmap");
        white.fill(resvg::tiny_skia::Color::WHITE);
        assert!(shows_on(&white, DARK));
        assert!(!shows_on(&white, LIGHT));
        let mut black = Pixmap::new(2, 2).expect("pixmap");
        black.fill(resvg::tiny_skia::Color::BLACK);
        assert!(!shows_on(&black, DARK));
        assert!(shows_on(&black, LIGHT));
        // Fully transparent: no ink, nothing to say.
        let clear = Pixmap::new(2, 2).expect("pixmap");
        assert!(shows_on(&clear, DARK) && shows_on(&clear, LIGHT));
    }

    fn tree(body: &str) -> usvg::Tree {
        let svg =
            format!(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">{body}</svg>"#);
        usvg::Tree::from_str(&svg, &measuring_options()).expect("svg")
    }

    fn drawn_shows(tree: &usvg::Tree, background: [u8; 3]) -> bool {
        let mut pixmap = Pixmap::new(64, 32).expect("pixmap");
        let ts = resvg::tiny_skia::Transform::from_scale(1.6, 1.6);
        resvg::render(tree, ts, &mut pixmap.as_mut());
        shows_on(&pixmap, background)
    }

    /// Whenever paint alone decides, drawing agrees; what mixes colours is drawn.
    #[test]
    fn paint_decides_only_what_drawing_would_confirm() {
        let decided = [
            r##"<rect width="40" height="20" fill="#1a1a1a"/>"##,
            r##"<g transform="rotate(10 20 10)"><circle cx="20" cy="10" r="8" fill="navy"/></g>"##,
            r##"<clipPath id="c"><rect width="20" height="20"/></clipPath><g clip-path="url(#c)"><rect width="40" height="20" fill="#c00"/></g>"##,
            r##"<rect width="40" height="20" fill="#0a0"/><rect width="10" height="10" fill="none"/>"##,
        ];
        for body in decided {
            let t = tree(body);
            assert!(all_paint_stands(t.root(), LIGHT), "{body}");
            assert!(drawn_shows(&t, LIGHT), "{body}");
        }
        let drawn = [
            // Too light on white.
            r##"<rect width="40" height="20" fill="#f0f0f0"/>"##,
            // Colours mixed by opacity, a gradient, a stroke, anti-aliased edges.
            r##"<rect width="40" height="20" fill="#000" fill-opacity="0.5"/>"##,
            r##"<g opacity="0.5"><rect width="40" height="20" fill="#000"/></g>"##,
            r##"<linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient><rect width="40" height="20" fill="url(#g)"/>"##,
            r##"<rect width="40" height="20" fill="#000" stroke="#000" stroke-width="0.1"/>"##,
            r##"<rect width="40" height="20" fill="#000" shape-rendering="geometricPrecision"/>"##,
        ];
        for body in drawn {
            assert!(!all_paint_stands(tree(body).root(), LIGHT), "{body}");
        }
        // The same black drawing on the dark background is not decided either way by paint.
        assert!(!all_paint_stands(tree(decided[0]).root(), DARK));
    }
}
