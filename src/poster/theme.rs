//! The poster's colours, from settings.yml `colors` (landscape2's `color1`..`color7`), with
//! landscape2's defaults for any that are missing or unreadable.
//!
//! Settings are contributor input: colours are parsed to numbers and written back as hex,
//! so nothing from the file reaches the SVG as raw text.

use std::collections::BTreeMap;

/// An opaque sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour at `alpha` over white, as an opaque colour (so the drawing needs no
    /// transparency, which costs a full-size layer when rasterized).
    pub fn over_white(self, alpha: f64) -> Rgb {
        let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * alpha.clamp(0.0, 1.0)).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// Parses a CSS colour (`#rgb`, `#rrggbb`, `rgb()`, `rgba()`, `hsl()`, names...); a
/// translucent colour is flattened over white.
pub fn parse_color(text: &str) -> Option<Rgb> {
    let color = csscolorparser::parse(text.trim()).ok()?;
    let [r, g, b, _] = color.to_rgba8();
    Some(Rgb(r, g, b).over_white(f64::from(color.a)))
}

/// The colours the poster uses.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Category frames and title bars, alternating (settings color5 and color6).
    pub categories: [Rgb; 2],
    /// The poster title and links (color1).
    pub accent: Rgb,
    /// Marks of featured tiles, one per featured label in settings order.
    pub marks: Vec<Rgb>,
    pub text: Rgb,
    pub muted: Rgb,
    pub tile_border: Rgb,
}

const DEFAULTS: [(&str, Rgb); 7] = [
    ("color1", Rgb(0, 107, 204)),
    ("color2", Rgb(214, 34, 147)),
    ("color3", Rgb(96, 149, 214)),
    ("color4", Rgb(77, 106, 133)),
    ("color5", Rgb(62, 121, 176)),
    ("color6", Rgb(77, 106, 133)),
    ("color7", Rgb(180, 219, 255)),
];

impl Theme {
    /// The theme for settings `colors`.
    pub fn new(colors: &BTreeMap<String, String>) -> Self {
        let get = |name: &str| {
            colors
                .get(name)
                .and_then(|c| parse_color(c))
                .unwrap_or_else(|| {
                    DEFAULTS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or(Rgb(0, 0, 0), |(_, c)| *c)
                })
        };
        Theme {
            categories: [get("color5"), get("color6")],
            accent: get("color1"),
            marks: vec![
                get("color2"),
                get("color1"),
                Rgb(0, 150, 136),
                Rgb(230, 145, 20),
                get("color3"),
                Rgb(120, 80, 170),
            ],
            text: Rgb(33, 37, 41),
            muted: Rgb(108, 117, 125),
            tile_border: Rgb(214, 219, 224),
        }
    }

    /// The mark colour of the `index`-th featured label.
    pub fn mark(&self, index: usize) -> Rgb {
        self.marks[index % self.marks.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings_colours() {
        assert_eq!(parse_color("rgba(0, 107, 204, 1)"), Some(Rgb(0, 107, 204)));
        assert_eq!(parse_color("rgba(0, 42, 81, 0.7)"), Some(Rgb(77, 106, 133)));
        assert_eq!(parse_color("#0a0"), Some(Rgb(0, 170, 0)));
        assert_eq!(parse_color(" #FF8000 "), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_color("rgb(300, -4, 12.4)"), Some(Rgb(255, 0, 12)));
        assert_eq!(parse_color("red"), Some(Rgb(255, 0, 0)));
        assert_eq!(parse_color("hsl(120, 100%, 25%)"), Some(Rgb(0, 128, 0)));
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "reddish",
            "#12",
            "rgba(1,2)",
            "rgb(1,2,3)\"><script>",
            "rgb(NaN,1,1)",
            "",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn missing_colours_fall_back_to_defaults() {
        let mut colors = BTreeMap::new();
        colors.insert("color5".to_string(), "not a colour".to_string());
        colors.insert("color6".to_string(), "#102030".to_string());
        let theme = Theme::new(&colors);
        assert_eq!(theme.categories, [Rgb(62, 121, 176), Rgb(16, 32, 48)]);
        assert_eq!(theme.mark(0), Rgb(214, 34, 147));
        assert_eq!(theme.mark(theme.marks.len()), theme.mark(0));
    }
}
