//! Text widths in the bundled font, for fitting titles and names before anything is drawn.
//!
//! Each distinct character's advance is measured once by laying it out with usvg (the same
//! font database that later draws the text); a string's width is the sum of its characters'
//! advances. Shaping only ever tightens that (kerning pairs in DejaVu Sans are negative),
//! so text measured to fit still fits when drawn.

use std::collections::HashMap;

use crate::logos::usvg_options;

/// The family every poster text is drawn in (the bundled font), with fallbacks of similar
/// width for SVG viewers that do not have it.
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

/// Advances of the characters of some texts, at font size 1.
#[derive(Debug, Clone)]
pub struct TextMeasure {
    advances: HashMap<char, f64>,
    /// For characters the font cannot draw (they get its "missing glyph" box).
    fallback: f64,
}

const SIZE: f64 = 100.0;

impl TextMeasure {
    /// Measures every character of `texts` (plus digits and the ellipsis) in one layout.
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut chars: Vec<char> = texts
            .into_iter()
            .flat_map(str::chars)
            .chain("0123456789…".chars())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let mut svg =
            String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">");
        let mut push = |id: &str, text: &str| {
            svg.push_str(&format!(
                "<text id=\"{id}\" x=\"0\" y=\"100\" font-size=\"{SIZE}\" font-family=\"DejaVu Sans\" xml:space=\"preserve\">{}</text>",
                escape(text)
            ));
        };
        for (i, c) in chars.iter().enumerate() {
            push(&format!("c{i}"), &c.to_string());
        }
        // A space alone has no extent to measure: take it as the difference of two texts.
        push("spaced", "x x");
        push("unspaced", "xx");
        svg.push_str("</svg>");
        let tree = usvg::Tree::from_str(&svg, &usvg_options()).ok();
        let width = |id: &str| {
            tree.as_ref()
                .and_then(|t| t.node_by_id(id))
                .map(|n| f64::from(n.bounding_box().width()) / SIZE)
                .filter(|w| *w > 0.0)
        };
        let mut advances: HashMap<char, f64> = chars
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| width(&format!("c{i}")).map(|w| (c, w)))
            .collect();
        let space = match (width("spaced"), width("unspaced")) {
            (Some(a), Some(b)) if a > b => a - b,
            _ => 0.32,
        };
        advances.insert(' ', space);
        TextMeasure {
            fallback: advances.get(&'0').copied().unwrap_or(0.64).max(0.6),
            advances,
        }
    }

    /// Width of `text` at font size 1.
    pub fn width(&self, text: &str) -> f64 {
        text.chars()
            .map(|c| {
                if c.is_whitespace() {
                    self.advances.get(&' ').copied().unwrap_or(0.32)
                } else {
                    self.advances.get(&c).copied().unwrap_or(self.fallback)
                }
            })
            .sum()
    }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, even escaped.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        let m = TextMeasure::new(["Wii", "Kubernetes"]);
        assert!(
            m.width("W") > 2.0 * m.width("i"),
            "{} {}",
            m.width("W"),
            m.width("i")
        );
        assert!((m.width("ii") - 2.0 * m.width("i")).abs() < 1e-9);
        let space = m.width(" ");
        assert!(space > 0.2 && space < 0.5, "space {space}");
        // DejaVu Sans "Kubernetes" is about 5.3 em wide.
        let k = m.width("Kubernetes");
        assert!(k > 4.5 && k < 6.0, "{k}");
    }

    #[test]
    fn unknown_characters_get_a_wide_default() {
        let m = TextMeasure::new(["a"]);
        assert!(m.width("漢") >= 0.6);
    }

    #[test]
    fn escaping_removes_markup_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
