//! What a poster shows besides the logos, as one SVG document in page units: the title with
//! the foundation's logo slot and the legend, the category sections, subcategory boxes and
//! tile frames with their marks and names, and the footer. Every back end draws this, then
//! the logos listed in [`Scene::logos`] on top.

use std::fmt::Write as _;

use super::PosterOptions;
use super::draw::{Writer, num};
use super::font::{FONT_FAMILY, escape};
use super::logos::Prepared;
use super::theme::{Rgb, Theme};
use crate::layout::{LayoutModel, Selection};
use crate::load::Settings;
use crate::model::Landscape;
use crate::poster::pack::{
    Align, Fit, LINE_HEIGHT, Label, Measure, PosterGeometry, Rect, TITLE_SIZE, clean,
};

/// Texts the scene may draw besides names and settings values (for measuring).
pub(super) const FIXED_TEXTS: &[&str] = &[
    LEGEND_ARCHIVED,
    LEGEND_SECONDARY,
    " Landscape",
    "items in categories",
    "Generated on with landscape",
    ",·—",
];
const LEGEND_ARCHIVED: &str = "Archived";
const LEGEND_SECONDARY: &str = "Also listed in another category";
/// The outline of a highlighted tile: a saturated orange no theme colour is close to.
const HIGHLIGHT: Rgb = Rgb(255, 106, 0);

/// A logo to draw: which source, where (aspect ratio already kept), and whether greyed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placement {
    pub source: usize,
    pub rect: Rect,
    pub archived: bool,
}

/// The drawn poster minus its logos.
pub(super) struct Scene {
    /// The date the footer shows.
    pub date: chrono::NaiveDate,
    pub width: f64,
    pub height: f64,
    pub title: String,
    /// SVG elements in page units, without the enclosing `<svg>`.
    pub body: String,
    pub logos: Vec<Placement>,
}

impl Scene {
    /// The scene's SVG document, with `extra` markup (the logos) drawn last. With `unit`
    /// ("pt" for a file to print), the document has a physical size; without, one user
    /// unit is one pixel, which is what renderers scale from.
    pub fn document(&self, extra: &str, unit: &str) -> String {
        let (w, h) = (num(self.width), num(self.height));
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{w}{unit}\" height=\"{h}{unit}\" viewBox=\"0 0 {w} {h}\">\n<title>{}</title>\n{}{extra}</svg>\n",
            escape(&self.title),
            self.body
        )
    }

    /// Lays out the header, footer and every frame of the geometry.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        geometry: &PosterGeometry,
        model: &LayoutModel,
        landscape: &Landscape,
        settings: &Settings,
        opts: &PosterOptions,
        measure: Measure,
        prepared: &Prepared,
        header_logo: Option<usize>,
    ) -> Scene {
        let theme = Theme::new(&settings.colors);
        let mut w = Writer::new(
            geometry.tiles().count() * 400 + 4096,
            measure,
            geometry.cell,
        );
        let page = geometry.page;
        let _ = write!(
            w.out,
            "<g font-family=\"{FONT_FAMILY}\">\n<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
            num(page.w),
            num(page.h)
        );
        let mut logos = Vec::with_capacity(geometry.tiles().count() + 1);
        let title = title(settings, &opts.selection);
        let marks = featured_labels(model);
        let legend = Legend {
            marks: &marks,
            secondary: geometry.tiles().any(|t| t.secondary),
            archived: geometry
                .tiles()
                .any(|t| landscape.items.get(t.item).is_some_and(|i| i.is_archived())),
        };
        header(
            &mut w,
            geometry,
            model,
            &theme,
            &title,
            &legend,
            (prepared, header_logo),
            &mut logos,
        );
        for (k, cat) in geometry.categories.iter().enumerate() {
            let color = theme.categories[k % 2];
            w.rect(
                cat.rect,
                Some(color.over_white(0.07)),
                Some((color, 0.02)),
                0.06,
                None,
            );
            w.top_bar(cat.bar, color, 0.06);
            w.label(&cat.title, Rgb(255, 255, 255));
            for sub in &cat.subcategories {
                let soft = color.over_white(0.35);
                w.rect(
                    sub.rect,
                    Some(Rgb(255, 255, 255)),
                    Some((soft, 0.012)),
                    0.04,
                    None,
                );
                w.label(&sub.title, color);
                for tile in &sub.tiles {
                    let mark = tile
                        .featured
                        .as_deref()
                        .and_then(|f| marks.iter().position(|m| *m == f))
                        .map(|i| theme.mark(i));
                    w.tile(tile, mark, &theme);
                    let Some(item) = landscape.items.get(tile.item) else {
                        continue;
                    };
                    match prepared.index_of(&item.logo) {
                        Some(source) => logos.push(Placement {
                            source,
                            rect: prepared.sources[source].fit(tile.logo),
                            archived: item.is_archived(),
                        }),
                        None => {
                            let label = w.fit(&item.name, tile.logo, 0.16, 2, Align::Middle);
                            w.label(&label, theme.muted);
                        }
                    }
                }
                // After every tile of the box, so no neighbour paints over an outline.
                for tile in sub
                    .tiles
                    .iter()
                    .filter(|t| opts.highlight.contains(&t.item))
                {
                    w.rect(
                        tile.rect.inset(-0.06 * geometry.cell),
                        None,
                        Some((HIGHLIGHT, 0.05)),
                        0.06,
                        None,
                    );
                }
            }
        }
        let date = opts
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        footer(&mut w, geometry, settings, date, &theme);
        w.out.push_str("</g>\n");
        Scene {
            date,
            width: page.w,
            height: page.h,
            title,
            body: w.out,
            logos,
        }
    }
}

fn title(settings: &Settings, selection: &Selection) -> String {
    let foundation = clean(&settings.foundation);
    let base = if foundation.is_empty() {
        "Landscape".to_string()
    } else {
        format!("{foundation} Landscape")
    };
    match selection {
        Selection::All => base,
        Selection::Group(name) | Selection::Category(name) => {
            let name = settings
                .group(name)
                .map_or(name.as_str(), |g| g.name.as_str());
            format!("{base} — {}", clean(name))
        }
    }
}

/// The featured labels present, in the order the model ranks them.
fn featured_labels(model: &LayoutModel) -> Vec<&str> {
    let mut labels: Vec<&str> = Vec::new();
    for tile in model
        .categories
        .iter()
        .flat_map(|c| &c.subcategories)
        .flat_map(|s| &s.tiles)
    {
        if let Some(f) = tile.featured.as_deref()
            && !labels.contains(&f)
        {
            labels.push(f);
        }
    }
    labels
}

/// Which marks the legend explains.
struct Legend<'a> {
    marks: &'a [&'a str],
    secondary: bool,
    archived: bool,
}

#[allow(clippy::too_many_arguments)]
fn header(
    w: &mut Writer,
    geometry: &PosterGeometry,
    model: &LayoutModel,
    theme: &Theme,
    title: &str,
    legend: &Legend,
    (prepared, header_logo): (&Prepared, Option<usize>),
    logos: &mut Vec<Placement>,
) {
    let h = geometry.header;
    let mut x = h.x;
    if let Some(source) = header_logo {
        let slot = header_logo_slot(geometry);
        let rect = prepared.sources[source].fit(slot);
        let rect = Rect::new(slot.x, rect.y, rect.w, rect.h);
        logos.push(Placement {
            source,
            rect,
            archived: false,
        });
        x = rect.right() + h.h * 0.35;
    }
    let legend_w = h.w * 0.42;
    let text_w = (h.right() - legend_w - x - h.h * 0.3).max(0.0);
    let size = h.h * TITLE_SIZE;
    let title_box = Rect::new(x, h.y + h.h * 0.08, text_w, size * LINE_HEIGHT);
    let label = fit(w.measure, title, title_box, size, 1, Align::Start);
    w.label(&label, theme.accent);
    let mut items: Vec<usize> = model
        .categories
        .iter()
        .flat_map(|c| &c.subcategories)
        .flat_map(|s| s.tiles.iter().map(|t| t.item))
        .collect();
    items.sort_unstable();
    items.dedup();
    let subtitle = format!(
        "{} items in {} categories",
        thousands(items.len()),
        model.categories.len()
    );
    let sub_box = Rect::new(
        x,
        title_box.bottom() + h.h * 0.04,
        text_w,
        h.h * 0.2 * LINE_HEIGHT,
    );
    let label = fit(w.measure, &subtitle, sub_box, h.h * 0.2, 1, Align::Start);
    w.label(&label, theme.muted);
    draw_legend(
        w,
        legend,
        theme,
        Rect::new(h.right() - legend_w, h.y, legend_w, h.h),
    );
}

/// Where the header logo goes (it is drawn at the left of this, as large as fits).
pub(super) fn header_logo_slot(geometry: &PosterGeometry) -> Rect {
    let h = geometry.header;
    Rect::new(h.x, h.y + h.h * 0.1, h.w * 0.3, h.h * 0.8)
}

/// Swatches explaining the tile marks present on the poster, in two rows.
fn draw_legend(w: &mut Writer, legend: &Legend, theme: &Theme, area: Rect) {
    let mut entries: Vec<(String, Option<Rgb>, bool, bool)> = legend
        .marks
        .iter()
        .enumerate()
        .map(|(i, l)| (l.to_string(), Some(theme.mark(i)), false, false))
        .collect();
    if legend.secondary {
        entries.push((LEGEND_SECONDARY.to_string(), None, true, false));
    }
    if legend.archived {
        entries.push((LEGEND_ARCHIVED.to_string(), None, false, true));
    }
    if entries.is_empty() {
        return;
    }
    let rows = if entries.len() > 2 { 2 } else { 1 };
    let cols = entries.len().div_ceil(rows);
    // Columns as wide as their longest entry; everything shrinks together if they do not
    // fit, and the block sits at the right of the header.
    let full_h = area.h * 0.36;
    let natural = |text: &str| full_h * (0.78 + 0.3 + 0.7) + (w.measure)(text) * full_h * 0.5;
    let mut col_w = vec![0.0_f64; cols];
    for (i, entry) in entries.iter().enumerate() {
        col_w[i % cols] = col_w[i % cols].max(natural(&entry.0));
    }
    let total: f64 = col_w.iter().sum();
    let f = (area.w / total).min(1.0);
    let row_h = full_h * f;
    let top = area.y + (area.h - rows as f64 * row_h) / 2.0;
    let left = area.right() - total * f;
    for (i, (text, mark, dashed, grey)) in entries.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let x = left + col_w[..c].iter().sum::<f64>() * f;
        let cell = Rect::new(x, top + r as f64 * row_h, col_w[c] * f, row_h);
        let side = row_h * 0.78;
        let swatch = Rect::new(cell.x, cell.y + (row_h - side) / 2.0, side, side);
        let stroke = mark.unwrap_or(theme.tile_border);
        let fill = if *grey {
            Rgb(222, 226, 230)
        } else {
            Rgb(255, 255, 255)
        };
        let dash = dashed.then_some(side * 0.12);
        let width = if mark.is_some() {
            side * 0.08
        } else {
            side * 0.05
        };
        w.rect_abs(swatch, Some(fill), Some((stroke, width)), side * 0.1, dash);
        if let Some(color) = mark {
            let strip = Rect::new(swatch.x, swatch.bottom() - side * 0.28, side, side * 0.28);
            w.rect_abs(strip, Some(*color), None, 0.0, None);
        }
        let text_box = Rect::new(
            swatch.right() + side * 0.3,
            cell.y,
            cell.right() - swatch.right() - side * 0.3,
            row_h,
        );
        let label = fit(w.measure, text, text_box, row_h * 0.5, 1, Align::Start);
        w.label(&label, theme.text);
    }
}

fn footer(
    w: &mut Writer,
    geometry: &PosterGeometry,
    settings: &Settings,
    date: chrono::NaiveDate,
    theme: &Theme,
) {
    let f = geometry.footer;
    let size = f.h * 0.5;
    let half = Rect::new(f.x, f.y, f.w / 2.0, f.h);
    let url = clean(&settings.url);
    let label = fit(w.measure, &url, half, size, 1, Align::Start);
    w.label(&label, theme.accent);
    let text = format!("Generated on {} with landscape", date.format("%Y-%m-%d"));
    let right = Rect::new(f.x + f.w / 2.0, f.y, f.w / 2.0, f.h);
    let label = fit(w.measure, &text, right, size, 1, Align::Start);
    let shifted = Rect::new(
        right.right() - label.rect.w,
        label.rect.y,
        label.rect.w,
        label.rect.h,
    );
    w.label(
        &Label {
            rect: shifted,
            ..label
        },
        theme.muted,
    );
}

fn fit(measure: Measure, text: &str, within: Rect, size: f64, lines: usize, align: Align) -> Label {
    Fit {
        text,
        within,
        font_size: size,
        max_lines: lines,
        align,
    }
    .label(measure)
}

/// `1234567` → `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
