//! Fitting text into a rectangle: one line, else two lines split at a space, else a smaller
//! font, else an ellipsis. Widths come from a caller-provided measure (the poster uses the
//! bundled font), so the layout never depends on system fonts.

use super::{Align, Label, Rect};

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f64 = 1.2;
/// Baseline of the first line below the top of its label, as a multiple of the font size
/// (DejaVu Sans ascends 0.93 em and descends 0.24 em, so both stay inside the line).
pub const BASELINE: f64 = 0.95;
/// Text is never shrunk below this fraction of its intended size; it is cut instead.
const MIN_SHRINK: f64 = 0.6;

/// The width of a text at font size 1.
pub type Measure<'a> = &'a (dyn Fn(&str) -> f64 + Sync);

/// Untrusted names may hold control characters and runs of spaces; they are dropped and
/// collapsed so that what is measured is what is drawn.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The narrowest two-line split of `text` at a space: (first, second, width at size 1).
pub fn best_split(text: &str, measure: Measure) -> Option<(String, String, f64)> {
    text.char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| {
            let (a, b) = (&text[..i], &text[i + 1..]);
            (a.to_string(), b.to_string(), measure(a).max(measure(b)))
        })
        .min_by(|x, y| x.2.total_cmp(&y.2))
}

/// The narrowest width (at size 1) the text can take in at most `max_lines` lines.
pub fn min_width(text: &str, max_lines: usize, measure: Measure) -> f64 {
    let one = measure(text);
    if max_lines < 2 {
        return one;
    }
    best_split(text, measure).map_or(one, |(_, _, w)| w.min(one))
}

/// What to fit and where.
pub struct Fit<'a> {
    pub text: &'a str,
    /// The box the text must stay inside.
    pub within: Rect,
    pub font_size: f64,
    pub max_lines: usize,
    pub align: Align,
}

impl Fit<'_> {
    /// Lays the text out inside `within`, vertically centred: the returned label's rect is
    /// always inside `within` (an empty label when nothing fits).
    pub fn label(&self, measure: Measure) -> Label {
        let text = clean(self.text);
        let Rect { w, h, .. } = self.within;
        // Each arrangement (one line, or the best two-line split) with the largest size at
        // which it fits; the largest wins, one line on a tie.
        let mut options = vec![(vec![text.clone()], measure(&text))];
        if self.max_lines >= 2
            && let Some((a, b, split)) = best_split(&text, measure)
        {
            options.push((vec![a, b], split));
        }
        let size_for = |lines: usize, width: f64| {
            let by_width = if width > 0.0 {
                w / width
            } else {
                f64::INFINITY
            };
            self.font_size
                .min(by_width)
                .min(h / (lines as f64 * LINE_HEIGHT))
        };
        let Some((mut lines, mut width, mut size)) = options
            .into_iter()
            .map(|(lines, width)| {
                let size = size_for(lines.len(), width);
                (lines, width, size)
            })
            .reduce(|best, next| if next.2 > best.2 + 1e-9 { next } else { best })
        else {
            return Label::empty(self.within);
        };
        let floor = self.font_size * MIN_SHRINK;
        if size < floor {
            // Too long even when shrunk: the smallest size that still fits the height, and
            // an ellipsis on the last line.
            size = floor.min(h / (lines.len() as f64 * LINE_HEIGHT));
            let last = lines.len() - 1;
            lines[last] = ellipsize(&lines[last], w / size, measure);
            width = lines.iter().map(|l| measure(l)).fold(0.0, f64::max);
        }
        lines.retain(|l| !l.is_empty());
        if lines.is_empty() || size <= 0.0 || !size.is_finite() || width * size > w + 1e-9 {
            return Label::empty(self.within);
        }
        let text_w = width * size;
        let text_h = lines.len() as f64 * size * LINE_HEIGHT;
        let x = match self.align {
            Align::Start => self.within.x,
            Align::Middle => self.within.x + (w - text_w) / 2.0,
        };
        let y = self.within.y + (h - text_h) / 2.0;
        Label {
            lines,
            font_size: size,
            rect: Rect::new(x, y, text_w, text_h),
            align: self.align,
        }
    }
}

/// The longest prefix of `text` (whole characters) that, followed by "…", is at most
/// `max_width` wide at size 1; empty when even "…" is too wide.
fn ellipsize(text: &str, max_width: f64, measure: Measure) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let fits = |n: usize| {
        let end = chars.get(n).map_or(text.len(), |&(i, _)| i);
        let candidate = format!("{}…", text[..end].trim_end());
        (measure(&candidate) <= max_width).then_some(candidate)
    };
    // Width grows with the prefix length, so search for the longest prefix that fits.
    let (mut lo, mut hi) = (0, chars.len());
    let mut best = fits(0).unwrap_or_default();
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        match fits(mid) {
            Some(candidate) => {
                best = candidate;
                lo = mid;
            }
            None => hi = mid - 1,
        }
    }
    if lo == 0 {
        fits(0).unwrap_or_default()
    } else {
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> f64 {
        text.chars().count() as f64 * 0.5
    }

    fn fit(text: &str, w: f64, h: f64, lines: usize) -> Label {
        Fit {
            text,
            within: Rect::new(10.0, 20.0, w, h),
            font_size: 1.0,
            max_lines: lines,
            align: Align::Start,
        }
        .label(&chars)
    }

    #[test]
    fn short_text_stays_on_one_line() {
        let label = fit("Database", 10.0, 2.0, 2);
        assert_eq!(label.lines, ["Database"]);
        assert_eq!(label.font_size, 1.0);
        assert_eq!(label.rect.w, 4.0);
    }

    #[test]
    fn long_text_wraps_at_the_most_balanced_space() {
        let label = fit("Coordination & Service Discovery", 10.0, 2.4, 2);
        assert_eq!(label.lines, ["Coordination &", "Service Discovery"]);
        assert_eq!(label.font_size, 1.0);
        assert!(label.rect.w <= 10.0 + 1e-9);
    }

    #[test]
    fn text_shrinks_then_gets_an_ellipsis() {
        let label = fit("Observability", 5.0, 1.2, 1);
        assert!(label.font_size < 1.0 && label.font_size >= 0.6);
        assert!(label.rect.w <= 5.0 + 1e-9);
        let label = fit("Supercalifragilistic", 3.0, 1.2, 1);
        assert_eq!(label.font_size, 0.6);
        assert!(label.lines[0].ends_with('…'), "{:?}", label.lines);
        assert!(chars(&label.lines[0]) * 0.6 <= 3.0 + 1e-9);
    }

    #[test]
    fn label_is_inside_its_box_and_cleaned() {
        let within = Rect::new(10.0, 20.0, 7.0, 3.0);
        let label = Fit {
            text: "  A\u{7}  name\twith\n spaces ",
            within,
            font_size: 2.0,
            max_lines: 2,
            align: Align::Middle,
        }
        .label(&chars);
        assert!(within.contains(&label.rect));
        assert_eq!(label.lines.join(" "), "A name with spaces");
    }

    #[test]
    fn nothing_fits_gives_an_empty_label() {
        let label = fit("Anything", 0.1, 1.0, 1);
        assert!(label.lines.is_empty());
    }
}
