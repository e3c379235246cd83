//! SVG markup for the scene's shapes and text. Strokes are drawn inside their rectangle
//! (inset by half their width) so that nothing spills out of the geometry's boxes.

use std::fmt::Write as _;

use super::font::escape;
use super::theme::{Rgb, Theme};
use crate::poster::pack::{Align, BASELINE, Fit, LINE_HEIGHT, Label, Measure, PlacedTile, Rect};

/// Shortest decimal form with at most two decimals.
pub(super) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Accumulates SVG elements; sizes given "in cells" are multiplied by the cell size.
pub(super) struct Writer<'a> {
    pub out: String,
    pub measure: Measure<'a>,
    cell: f64,
}

impl<'a> Writer<'a> {
    pub fn new(capacity: usize, measure: Measure<'a>, cell: f64) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            measure,
            cell,
        }
    }

    /// A rectangle with stroke width, corner radius and dash length in cells.
    pub fn rect(
        &mut self,
        r: Rect,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f64)>,
        radius: f64,
        dash: Option<f64>,
    ) {
        let c = self.cell;
        self.rect_abs(
            r,
            fill,
            stroke.map(|(s, w)| (s, w * c)),
            radius * c,
            dash.map(|d| d * c),
        );
    }

    /// A rectangle with sizes in page units.
    pub fn rect_abs(
        &mut self,
        r: Rect,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f64)>,
        radius: f64,
        dash: Option<f64>,
    ) {
        let r = stroke.map_or(r, |(_, w)| r.inset(w / 2.0));
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
        if radius > 0.0 {
            let _ = write!(self.out, " rx=\"{}\"", num(radius));
        }
        match fill {
            Some(f) => {
                let _ = write!(self.out, " fill=\"{}\"", f.hex());
            }
            None => self.out.push_str(" fill=\"none\""),
        }
        if let Some((color, width)) = stroke {
            let _ = write!(
                self.out,
                " stroke=\"{}\" stroke-width=\"{}\"",
                color.hex(),
                num(width)
            );
        }
        if let Some(d) = dash {
            let _ = write!(
                self.out,
                " stroke-dasharray=\"{} {}\"",
                num(d),
                num(d * 0.6)
            );
        }
        self.out.push_str("/>\n");
    }

    /// A filled bar with its top corners rounded (`radius` in cells).
    pub fn top_bar(&mut self, r: Rect, color: Rgb, radius: f64) {
        let rad = (radius * self.cell).min(r.h / 2.0).min(r.w / 2.0);
        let _ = writeln!(
            self.out,
            "<path d=\"M{} {}V{}A{} {} 0 0 1 {} {}H{}A{} {} 0 0 1 {} {}V{}Z\" fill=\"{}\"/>",
            num(r.x),
            num(r.bottom()),
            num(r.y + rad),
            num(rad),
            num(rad),
            num(r.x + rad),
            num(r.y),
            num(r.right() - rad),
            num(rad),
            num(rad),
            num(r.right()),
            num(r.y + rad),
            num(r.bottom()),
            color.hex()
        );
    }

    /// The lines of a fitted label.
    pub fn label(&mut self, label: &Label, color: Rgb) {
        if label.lines.is_empty() {
            return;
        }
        let (x, anchor) = match label.align {
            Align::Start => (label.rect.x, ""),
            Align::Middle => (label.rect.x + label.rect.w / 2.0, " text-anchor=\"middle\""),
        };
        for (i, line) in label.lines.iter().enumerate() {
            let y = label.rect.y + label.font_size * (BASELINE + LINE_HEIGHT * i as f64);
            let _ = writeln!(
                self.out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"{anchor}>{}</text>",
                num(x),
                num(y),
                num(label.font_size),
                color.hex(),
                escape(line)
            );
        }
    }

    /// Fits text into `within` at `font` cells high.
    pub fn fit(&self, text: &str, within: Rect, font: f64, lines: usize, align: Align) -> Label {
        Fit {
            text,
            within,
            font_size: font * self.cell,
            max_lines: lines,
            align,
        }
        .label(self.measure)
    }

    /// A tile's frame, its featured strip and its name.
    pub fn tile(&mut self, tile: &PlacedTile, mark: Option<Rgb>, theme: &Theme) {
        let (stroke, width) = match mark {
            Some(color) => (color, 0.028),
            None => (theme.tile_border, 0.012),
        };
        let dash = tile.secondary.then_some(0.06);
        self.rect(
            tile.rect,
            Some(Rgb(255, 255, 255)),
            Some((stroke, width)),
            0.04,
            dash,
        );
        if let (Some((strip, label)), Some(color)) = (&tile.mark, mark) {
            self.rect_abs(*strip, Some(color), None, 0.0, None);
            self.label(label, Rgb(255, 255, 255));
        }
        if let Some(caption) = &tile.caption {
            self.label(caption, theme.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(120.0), "120");
    }
}
