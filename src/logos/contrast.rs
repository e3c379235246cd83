//! Whether a logo stands out from a background, measured on its pixels.

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
