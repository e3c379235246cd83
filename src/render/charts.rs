//! Charts drawn at build time as inline SVG, for the stats page: no charting library and no
//! JavaScript. Colors come from CSS classes, so the site's colors and dark mode apply.
//! Every label is contributor text: it is escaped.

use std::fmt::Write as _;

use super::data::xml_escape;

const WIDTH: f64 = 640.0;

/// A labelled value to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// How the value reads on the chart ("$1.5M"), when not as a plain number.
    pub text: Option<String>,
}

impl Bar {
    /// A bar.
    pub fn new(label: impl Into<String>, value: u64) -> Self {
        Bar {
            label: label.into(),
            value,
            text: None,
        }
    }

    /// A bar whose value reads as `text` on the chart.
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The value as the chart writes it.
    fn shown(&self) -> String {
        self.text.clone().unwrap_or_else(|| self.value.to_string())
    }
}

fn open(out: &mut String, id: &str, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-t" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title>"#,
        xml_escape(title)
    );
}

/// Shortens a label to `max` characters, on a character boundary.
fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Horizontal bars, one row per value, labels on the left.
pub fn hbars(id: &str, title: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 24.0;
    const LABEL: f64 = 210.0;
    const SPACE: f64 = WIDTH - LABEL - 70.0;
    let height = (bars.len() as f64 * ROW + 8.0).max(ROW);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut out = String::new();
    open(&mut out, id, title, height);
    for (k, b) in bars.iter().enumerate() {
        let y = 4.0 + k as f64 * ROW;
        let w = (b.value as f64 / max * SPACE).max(if b.value > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            out,
            r#"<text class="label" x="{:.0}" y="{:.1}" text-anchor="end">{}</text><rect class="bar" x="{LABEL}" y="{:.1}" width="{w:.1}" height="{:.0}" rx="3"><title>{}: {}</title></rect><text class="value" x="{:.1}" y="{:.1}">{}</text>"#,
            LABEL - 8.0,
            y + ROW * 0.62,
            xml_escape(&clip(&b.label, 30)),
            y + 3.0,
            ROW - 6.0,
            xml_escape(&b.label),
            xml_escape(&b.shown()),
            LABEL + w + 6.0,
            y + ROW * 0.62,
            xml_escape(&b.shown())
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical columns with labels below (years, buckets).
pub fn columns(id: &str, title: &str, bars: &[Bar]) -> String {
    const HEIGHT: f64 = 240.0;
    const BOTTOM: f64 = 36.0;
    const TOP: f64 = 20.0;
    let n = bars.len().max(1) as f64;
    let slot = (WIDTH - 20.0) / n;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut out = String::new();
    open(&mut out, id, title, HEIGHT);
    let base = HEIGHT - BOTTOM;
    let _ = write!(
        out,
        r#"<line class="axis" x1="10" x2="{:.0}" y1="{base}" y2="{base}"/>"#,
        WIDTH - 10.0
    );
    for (k, b) in bars.iter().enumerate() {
        let x = 10.0 + k as f64 * slot;
        let h = b.value as f64 / max * (base - TOP);
        let _ = write!(
            out,
            r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" rx="2"><title>{}: {}</title></rect><text class="value" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text><text class="label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x + slot * 0.15,
            base - h,
            slot * 0.7,
            xml_escape(&b.label),
            xml_escape(&b.shown()),
            x + slot / 2.0,
            base - h - 5.0,
            xml_escape(&b.shown()),
            x + slot / 2.0,
            base + 16.0,
            xml_escape(&clip(&b.label, (slot / 7.0) as usize + 1)),
        );
    }
    out.push_str("</svg>");
    out
}

/// An area chart of a series (commits per week), oldest first.
pub fn area(id: &str, title: &str, values: &[u64], first: &str, last: &str) -> String {
    const HEIGHT: f64 = 200.0;
    const BOTTOM: f64 = 28.0;
    const TOP: f64 = 24.0;
    let mut out = String::new();
    open(&mut out, id, title, HEIGHT);
    let base = HEIGHT - BOTTOM;
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if values.len() > 1 {
        (WIDTH - 20.0) / (values.len() - 1) as f64
    } else {
        0.0
    };
    let points: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(k, v)| {
            (
                10.0 + k as f64 * step,
                base - *v as f64 / max * (base - TOP),
            )
        })
        .collect();
    if let (Some(start), Some(end)) = (points.first(), points.last()) {
        let mut line = String::new();
        for (k, (x, y)) in points.iter().enumerate() {
            let _ = write!(line, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { " L" });
        }
        let _ = write!(
            out,
            r#"<path class="area" d="{line} L{:.1},{base} L{:.1},{base} Z"/><path class="line" d="{line}"/>"#,
            end.0, start.0
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="10" x2="{:.0}" y1="{base}" y2="{base}"/><text class="label" x="10" y="{:.0}">{}</text><text class="label" x="{:.0}" y="{:.0}" text-anchor="end">{}</text><text class="value" x="10" y="14">max {} / week</text>"#,
        WIDTH - 10.0,
        HEIGHT - 8.0,
        xml_escape(first),
        WIDTH - 10.0,
        HEIGHT - 8.0,
        xml_escape(last),
        max as u64,
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale() {
        let svg = hbars(
            "c",
            "Items <per> category",
            &[Bar::new("<script>alert(1)</script>", 10), Bar::new("B", 5)],
        );
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(svg.contains(r#"width="360.0""#), "{svg}");
        assert!(svg.contains(r#"width="180.0""#), "{svg}");
        assert!(roxmltree::Document::parse(&svg).is_ok(), "{svg}");
    }

    #[test]
    fn columns_and_area_are_well_formed() {
        let cols = columns("y", "Per year", &[Bar::new("2016", 3), Bar::new("2017", 0)]);
        assert!(roxmltree::Document::parse(&cols).is_ok(), "{cols}");
        let a = area("a", "Commits", &[1, 5, 0, 2], "52 weeks ago", "this week");
        let doc = roxmltree::Document::parse(&a).expect("well-formed");
        assert_eq!(
            doc.descendants().filter(|n| n.has_tag_name("path")).count(),
            2
        );
        // Empty series still make a valid (empty) chart.
        assert!(roxmltree::Document::parse(&area("e", "E", &[], "", "")).is_ok());
    }

    #[test]
    fn values_can_read_as_text() {
        let svg = hbars("m", "Money", &[Bar::new("A", 1_500_000).with_text("$1.5M")]);
        assert!(svg.contains(">$1.5M</text>"), "{svg}");
        assert!(!svg.contains("1500000"), "{svg}");
    }

    #[test]
    fn long_labels_are_clipped_on_char_boundaries() {
        assert_eq!(clip("Ünïcödé Lábél", 5), "Ünïc…");
        assert_eq!(clip("short", 30), "short");
    }
}
