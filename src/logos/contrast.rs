//! Whether a logo stands out from a background, measured on its pixels.

use std::sync::LazyLock;

use resvg::tiny_skia::Pixmap;

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
    let bg = luminance(background);
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
                // The premultiplied pixel over the background, in 8 bits as browsers blend.
                let under = u16::from(255 - a);
                let over = [0, 1, 2].map(|i| {
                    let bg = (u16::from(background[i]) * under + 127) / 255;
                    (u16::from(px[i]) + bg).min(255) as u8
                });
                let stands = contrasts(luminance(over), bg);
                last = Some((px, stands));
                stands
            }
        };
        standing += u32::from(stands);
    }
    ink == 0 || f64::from(standing) >= f64::from(ink) * MIN_VISIBLE_SHARE
}

/// The contrast rule between two relative luminances.
fn contrasts(a: f64, b: f64) -> bool {
    (a.max(b) + 0.05) / (a.min(b) + 0.05) >= MIN_CONTRAST
}

/// The linear light of each 8-bit sRGB channel value, so that a pixel's luminance is three
/// lookups: the power function per pixel was 2% of a cold build.
static LINEAR: LazyLock<[f32; 256]> = LazyLock::new(|| {
    std::array::from_fn(|v| {
        let v = v as u8;
        csscolorparser::Color::from_rgba8(v, v, v, 255).to_linear_rgba()[0]
    })
});

/// WCAG relative luminance of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| f64::from(LINEAR[usize::from(c)]);
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
