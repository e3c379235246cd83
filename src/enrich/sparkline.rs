//! The weekly-activity sparkline, as inline SVG. Only numbers computed here go into the markup,
//! so it is safe to embed in HTML as is.

use std::fmt::Write;

/// An SVG sparkline of `weeks` (commits per week, oldest first) drawn in `currentColor`, so it
/// takes the colour of the text around it. A flat baseline when there is no activity.
pub fn sparkline_svg(weeks: &[u32], width: u32, height: u32) -> String {
    let w = f64::from(width.max(4));
    let h = f64::from(height.max(4));
    let pad = 1.0;
    let max = weeks.iter().copied().max().unwrap_or(0).max(1);
    let total: u64 = weeks.iter().map(|&c| u64::from(c)).sum();
    let step = if weeks.len() > 1 {
        (w - 2.0 * pad) / (weeks.len() - 1) as f64
    } else {
        0.0
    };
    let points: Vec<(f64, f64)> = if weeks.is_empty() {
        vec![(pad, h - pad), (w - pad, h - pad)]
    } else {
        weeks
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let x = if weeks.len() > 1 {
                    pad + step * i as f64
                } else {
                    w / 2.0
                };
                let y = h - pad - f64::from(c) / f64::from(max) * (h - 2.0 * pad);
                (x, y)
            })
            .collect()
    };
    let mut line = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(line, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " });
    }
    let (first_x, last_x) = (points[0].0, points[points.len() - 1].0);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{total} commits in the last {n} weeks">"#,
            r#"<polygon points="{first_x:.1},{base:.1} {line} {last_x:.1},{base:.1}" fill="currentColor" fill-opacity="0.15"/>"#,
            r#"<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>"#,
            "</svg>"
        ),
        w = w,
        h = h,
        total = total,
        n = weeks.len(),
        first_x = first_x,
        last_x = last_x,
        base = h - pad,
        line = line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polyline_points(svg: &str) -> Vec<(f64, f64)> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let points = doc
            .descendants()
            .find(|n| n.has_tag_name("polyline"))
            .and_then(|n| n.attribute("points"))
            .unwrap_or_default();
        points
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap_or_default();
                (x.parse().unwrap_or(f64::NAN), y.parse().unwrap_or(f64::NAN))
            })
            .collect()
    }

    #[test]
    fn one_point_per_week_peak_at_the_top() {
        let mut weeks = vec![0u32; 52];
        weeks[10] = 40;
        weeks[51] = 20;
        let svg = sparkline_svg(&weeks, 120, 30);
        let pts = polyline_points(&svg);
        assert_eq!(pts.len(), 52);
        assert_eq!(pts[10].1, 1.0); // the peak touches the top padding
        assert_eq!(pts[51].1, 15.0); // half the peak, half the height
        assert_eq!(pts[0].1, 29.0); // zero sits on the baseline
        assert_eq!(pts[0].0, 1.0);
        assert_eq!(pts[51].0, 119.0);
        assert!(svg.contains(r#"aria-label="60 commits in the last 52 weeks""#));
    }

    #[test]
    fn degenerate_inputs_still_give_valid_svg() {
        for (weeks, w, h) in [
            (vec![], 100, 20),
            (vec![5], 0, 0),
            (vec![0; 52], 1, 1),
            (vec![u32::MAX; 3], 50, 10),
        ] {
            let svg = sparkline_svg(&weeks, w, h);
            let pts = polyline_points(&svg);
            assert!(
                pts.iter().all(|(x, y)| x.is_finite() && y.is_finite()),
                "{svg}"
            );
            assert!(!pts.is_empty());
        }
    }

    #[test]
    fn markup_holds_nothing_but_fixed_text_and_numbers() {
        let svg = sparkline_svg(&[3, 1, 4, 1, 5, 9, 2, 6], 80, 20);
        let allowed = |c: char| c.is_ascii_alphanumeric() || " <>=\"/:.,-_".contains(c);
        assert!(svg.chars().all(allowed), "{svg}");
    }
}
