//! Advice on logos that work but could be better: warnings a contributor can act on, never
//! errors (landscape2 accepts all of these logos).
//!
//! Each rule is measured on what the site publishes (the processed logo: sanitized, viewBox
//! cropped to the drawing) or, for how the file was written, on the source. Advice is
//! computed once per logo content and cached beside the processed logo (see
//! [`super::LogoCache::advice`]).

use resvg::tiny_skia::Pixmap;
use usvg::roxmltree::{Document, Node};

use super::contrast::shows_on;
use super::{LogoFormat, ProcessedLogo, Worked, tile, xml};
use crate::byte_reader::ByteReader;

/// An SVG whose markup (embedded raster images aside: they have their own advice) is larger
/// than this is oversized: the site's whole first view (page, CSS, JS, explorer index) is
/// about 180 KB gzipped, and a logo is drawn in a tile at most 141 px wide. Hand-drawn and
/// exported vector logos are a few KB; the bytes above this come from traced bitmaps and
/// editor data.
pub const OVERSIZED_BYTES: usize = 200 * 1024;

/// Widest aspect ratio (width / height) advised against. A tile shows its logo in about
/// 56 × 41 px (68 px tiles, 0.78 as high, minus padding) and the poster in a square: at 8:1
/// a logo is 7 px high there, and a wordmark in it cannot be read.
pub const MAX_WIDE: f64 = 8.0;
/// Tallest aspect ratio (height / width) advised against: at 1:4 a logo is about 10 px wide
/// in a 41 px high tile.
pub const MAX_TALL: f64 = 4.0;

/// The light background: tiles are white.
pub const LIGHT_BACKGROUND: [u8; 3] = [0xff, 0xff, 0xff];

/// Something to improve in a logo.
#[derive(Debug, Clone, PartialEq)]
pub enum Advice {
    /// The SVG embeds raster images (`<image href="data:image/png…">`).
    EmbedsRaster {
        /// How many.
        count: u32,
    },
    /// The SVG's markup is over [`OVERSIZED_BYTES`].
    Oversized {
        /// Its size, embedded raster images left out.
        bytes: u64,
    },
    /// Wider than [`MAX_WIDE`]:1 or taller than 1:[`MAX_TALL`] once cropped to its drawing.
    Aspect {
        /// Width / height of the published logo.
        ratio: f64,
    },
    /// The SVG draws text with `<text>`, which depends on the fonts of each viewer.
    Text,
    /// Hardly any of it shows on a light background.
    InvisibleLight,
}

impl Advice {
    /// The stable rule name.
    pub fn code(&self) -> &'static str {
        match self {
            Advice::EmbedsRaster { .. } => "logo-embeds-raster",
            Advice::Oversized { .. } => "logo-oversized",
            Advice::Aspect { .. } => "logo-aspect",
            Advice::Text => "logo-text",
            Advice::InvisibleLight => "logo-invisible-light",
        }
    }

    /// What was found, in one line.
    pub fn message(&self) -> String {
        match self {
            Advice::EmbedsRaster { count: 1 } => "the SVG embeds a raster image".to_string(),
            Advice::EmbedsRaster { count } => format!("the SVG embeds {count} raster images"),
            Advice::Oversized { bytes } => format!(
                "the SVG is {} KB (over {} KB) for a logo drawn at tile size",
                bytes.div_ceil(1024),
                OVERSIZED_BYTES / 1024
            ),
            Advice::Aspect { ratio } if *ratio >= 1.0 => format!(
                "the logo is {ratio:.1} times as wide as it is high, so it is tiny in a tile"
            ),
            Advice::Aspect { ratio } => format!(
                "the logo is {:.1} times as high as it is wide, so it is tiny in a tile",
                1.0 / ratio
            ),
            Advice::Text => "the SVG draws text with <text>, which depends on the viewer's \
                             fonts"
                .to_string(),
            Advice::InvisibleLight => {
                "the logo is (nearly) invisible on a light background".to_string()
            }
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            Advice::EmbedsRaster { .. } => {
                "export the logo as vector paths; an embedded PNG or JPEG blurs when scaled \
                 and weighs more"
            }
            Advice::Oversized { .. } => {
                "re-export it from the vector original, or run it through an optimizer such as \
                 svgo; a traced bitmap is better redrawn"
            }
            Advice::Aspect { .. } => {
                "use the stacked or icon version of the logo, or one with the icon above the \
                 name"
            }
            Advice::Text => {
                "convert the text to paths (Inkscape: Path > Object to Path; Illustrator: \
                 Create Outlines)"
            }
            Advice::InvisibleLight => {
                "use a version of the logo with dark or coloured parts (white logos vanish on \
                 white tiles), or add a background shape behind it"
            }
        }
    }
}

/// The advice for a logo: `source` as the contributor wrote it, `logo` as processed from it.
pub fn advise(source: &[u8], logo: &ProcessedLogo) -> Vec<Advice> {
    let from_source = match logo.format {
        LogoFormat::Svg => source_advice(source),
        LogoFormat::Png | LogoFormat::Jpeg => Vec::new(),
    };
    let shows = drawn(&from_source)
        .then(|| render(logo))
        .flatten()
        .map(|pixmap| shows_on_light(&pixmap));
    advise_on(from_source, logo, shows)
}

/// [`advise`] on a logo just processed, from what processing parsed and drew.
pub(super) fn advise_worked(worked: &Worked) -> Vec<Advice> {
    let shows = match worked.logo.format {
        LogoFormat::Svg => worked.shows_on_light,
        LogoFormat::Png | LogoFormat::Jpeg => render(&worked.logo).map(|p| shows_on_light(&p)),
    };
    advise_on(worked.source_advice.clone(), &worked.logo, shows)
}

/// Whether a logo drawn as `pixmap` shows on the light background. Only light backgrounds
/// count: the site draws every logo on a light tile, in the dark theme too, so a black
/// wordmark always shows.
pub(super) fn shows_on_light(pixmap: &Pixmap) -> bool {
    shows_on(pixmap, LIGHT_BACKGROUND)
}

/// Whether an SVG with this source advice is drawn (for its tile and the contrast check).
/// One that embeds raster images is not: decoding them cost a tenth of a cold CNCF build
/// for 48 of 2,452 logos, and such a logo is already told to become vector paths.
pub(super) fn drawn(source_advice: &[Advice]) -> bool {
    !(source_advice.iter()).any(|a| matches!(a, Advice::EmbedsRaster { .. }))
}

/// `out` (the source's advice) with the advice measured on the published logo: its
/// proportions, and whether its drawing `shows` on the light background (when drawn).
fn advise_on(mut out: Vec<Advice>, logo: &ProcessedLogo, shows: Option<bool>) -> Vec<Advice> {
    if logo.width > 0.0 && logo.height > 0.0 {
        let ratio = logo.width / logo.height;
        if ratio > MAX_WIDE || 1.0 / ratio > MAX_TALL {
            out.push(Advice::Aspect { ratio });
        }
    }
    if shows == Some(false) {
        out.push(Advice::InvisibleLight);
    }
    out
}

/// Raster images, size and text, read from the SVG as written.
fn source_advice(source: &[u8]) -> Vec<Advice> {
    match xml::as_text(source).and_then(xml::parse) {
        Ok(doc) => source_advice_of(&doc, source.len()),
        Err(_) => Vec::new(),
    }
}

/// [`source_advice`] of a source already parsed as `doc`, `len` bytes long.
pub(super) fn source_advice_of(doc: &Document, len: usize) -> Vec<Advice> {
    let (mut rasters, mut raster_bytes, mut text) = (0u32, 0usize, false);
    for node in doc.descendants().filter(Node::is_element) {
        match node.tag_name().name() {
            "image" => {
                if let Some(href) = href(node).filter(|h| is_raster_data(h)) {
                    rasters += 1;
                    raster_bytes += href.len();
                }
            }
            "text" => text = text || has_text(node),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if rasters > 0 {
        out.push(Advice::EmbedsRaster { count: rasters });
    }
    let markup = len.saturating_sub(raster_bytes);
    if markup > OVERSIZED_BYTES {
        out.push(Advice::Oversized {
            bytes: markup as u64,
        });
    }
    if text {
        out.push(Advice::Text);
    }
    out
}

fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
    node.attribute("href")
        .or_else(|| node.attribute((XLINK_NS, "href")))
}

/// A `data:` URL of anything but SVG (`data:image/png;base64,…`, `data:;base64,…`).
fn is_raster_data(href: &str) -> bool {
    let href = href.trim_start();
    let Some(rest) = href
        .get(..5)
        .filter(|s| s.eq_ignore_ascii_case("data:"))
        .map(|_| &href[5..])
    else {
        return false;
    };
    let media = rest.split([';', ',']).next().unwrap_or("").trim();
    !media.eq_ignore_ascii_case("image/svg+xml")
}

/// Whether a `<text>` holds anything to draw, in itself or its `<tspan>`s.
fn has_text(node: Node) -> bool {
    node.descendants()
        .any(|n| n.is_text() && n.text().is_some_and(|t| !t.trim().is_empty()))
}

/// The logo drawn as its tile raster is (see [`tile::draw`]), on a transparent background;
/// `None` when it cannot be drawn.
fn render(logo: &ProcessedLogo) -> Option<Pixmap> {
    if logo.format == LogoFormat::Svg {
        return tile::draw_published(&logo.bytes().ok()?);
    }
    let (w, h) = tile::fit(logo.width, logo.height)?;
    let mut pixmap = Pixmap::new(w, h)?;
    let image = image::load_from_memory(&logo.bytes().ok()?).ok()?;
    let small = image
        .resize_exact(w, h, image::imageops::FilterType::Triangle)
        .into_rgba8();
    for (dst, src) in pixmap.data_mut().chunks_exact_mut(4).zip(small.pixels()) {
        // tiny-skia pixels are premultiplied.
        let [r, g, b, a] = src.0;
        let pre = |c: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
        dst.copy_from_slice(&[pre(r), pre(g), pre(b), a]);
    }
    Some(pixmap)
}

/// Advice as cache bytes: per advice a tag byte and, for some, an 8-byte value.
pub(super) fn encode(advice: &[Advice]) -> Vec<u8> {
    let mut out = Vec::with_capacity(advice.len() * 9);
    for a in advice {
        match a {
            Advice::EmbedsRaster { count } => {
                out.push(1);
                out.extend_from_slice(&u64::from(*count).to_le_bytes());
            }
            Advice::Oversized { bytes } => {
                out.push(2);
                out.extend_from_slice(&bytes.to_le_bytes());
            }
            Advice::Aspect { ratio } => {
                out.push(3);
                out.extend_from_slice(&ratio.to_le_bytes());
            }
            Advice::Text => out.push(4),
            Advice::InvisibleLight => out.push(6),
        }
    }
    out
}

/// The inverse of [`encode`]; `None` for bytes it did not write.
pub(super) fn decode(data: &[u8]) -> Option<Vec<Advice>> {
    let mut out = Vec::new();
    let mut r = ByteReader(data);
    while let Some(tag) = r.take(1) {
        out.push(match tag[0] {
            1 => Advice::EmbedsRaster {
                count: u32::try_from(r.u64()?).ok()?,
            },
            2 => Advice::Oversized { bytes: r.u64()? },
            3 => Advice::Aspect {
                ratio: f64::from_le_bytes(r.array()?),
            },
            4 => Advice::Text,
            6 => Advice::InvisibleLight,
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_encoding_round_trips() {
        let all = vec![
            Advice::EmbedsRaster { count: 3 },
            Advice::Oversized { bytes: 300_000 },
            Advice::Aspect { ratio: 9.5 },
            Advice::Text,
            Advice::InvisibleLight,
        ];
        assert_eq!(decode(&encode(&all)), Some(all));
        assert_eq!(decode(&[]), Some(vec![]));
        assert_eq!(decode(&[1, 0, 0]), None);
        assert_eq!(decode(&[9]), None);
    }

    #[test]
    fn raster_data_urls() {
        assert!(is_raster_data("data:image/png;base64,AAAA"));
        assert!(is_raster_data(" DATA:image/jpeg;base64,AAAA"));
        assert!(is_raster_data("data:;base64,AAAA"));
        assert!(!is_raster_data("data:image/svg+xml;base64,AAAA"));
        assert!(!is_raster_data("#shape"));
    }
}
