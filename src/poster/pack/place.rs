//! Turning the chosen shelves into rectangles on the page: categories stretched to the
//! full width, columns stretched to their category, boxes to their column, tiles in their
//! box's grid, and every title fitted into its place.

use super::plan::{Planner, Shelf};
use super::text::{Fit, LINE_HEIGHT, Measure};
use super::{Align, PlacedCategory, PlacedSubcategory, PlacedTile, Rect};
use crate::layout::{LayoutModel, LayoutSubcategory};
use crate::model::Landscape;

pub(super) struct Placer<'a> {
    pub planner: &'a Planner<'a>,
    pub model: &'a LayoutModel,
    pub landscape: &'a Landscape,
    pub measure: Measure<'a>,
    /// Page units per cell.
    pub cell: f64,
    pub origin: (f64, f64),
}

/// Splits `extra` among parts in proportion to their sizes.
fn shares(sizes: &[f64], extra: f64) -> Vec<f64> {
    let total: f64 = sizes.iter().sum();
    let extra = extra.max(0.0);
    if total <= 0.0 {
        return vec![extra / sizes.len().max(1) as f64; sizes.len()];
    }
    sizes.iter().map(|s| extra * s / total).collect()
}

impl Placer<'_> {
    /// A rectangle in cells, on the page.
    fn page(&self, r: Rect) -> Rect {
        let c = self.cell;
        Rect::new(
            self.origin.0 + r.x * c,
            self.origin.1 + r.y * c,
            r.w * c,
            r.h * c,
        )
    }

    fn fit(&self, text: &str, within: Rect, font: f64, lines: usize, align: Align) -> super::Label {
        Fit {
            text,
            within: self.page(within),
            font_size: font * self.cell,
            max_lines: lines,
            align,
        }
        .label(self.measure)
    }

    /// Places every shelf in a body `width × height` cells whose shelves need `used` cells.
    pub fn place(
        &mut self,
        shelves: &[Shelf],
        width: f64,
        height: f64,
        used: f64,
    ) -> Vec<PlacedCategory> {
        let m = self.planner.metrics;
        let leftover = (height - used).max(0.0);
        let per_shelf = (leftover / shelves.len().max(1) as f64).min(m.row_pitch);
        let mut y = (leftover - per_shelf * shelves.len() as f64) / 2.0;
        let mut out = Vec::new();
        for shelf in shelves {
            let shelf_h = self.planner.shelf_height(shelf.rows) + per_shelf;
            let columns = &shelf.columns;
            let natural: Vec<f64> = columns.iter().map(|c| c.width).collect();
            let gaps = natural.len().saturating_sub(1) as f64 * m.cat_gap;
            let stretch = shares(&natural, width - natural.iter().sum::<f64>() - gaps);
            let mut x = 0.0;
            for ((cat, cols), (w, extra)) in shelf
                .range
                .clone()
                .zip(columns)
                .zip(natural.iter().zip(&stretch))
            {
                let rect = Rect::new(x, y, w + extra, shelf_h);
                out.push(self.category(cat, cols, rect));
                x += w + extra + m.cat_gap;
            }
            y += shelf_h + m.cat_gap;
        }
        out
    }

    fn category(&self, cat: usize, cols: &super::plan::Columns, rect: Rect) -> PlacedCategory {
        let m = self.planner.metrics;
        let model = &self.model.categories[cat];
        let bar = Rect::new(rect.x, rect.y, rect.w, m.cat_bar);
        let title_box = Rect::new(
            rect.x + m.cat_title_pad,
            rect.y,
            rect.w - 2.0 * m.cat_title_pad,
            m.cat_bar,
        );
        let title = self.fit(&model.name, title_box, m.cat_font, 1, Align::Start);
        let inner = Rect::new(
            rect.x + m.cat_pad,
            rect.y + m.cat_bar + m.cat_pad,
            rect.w - 2.0 * m.cat_pad,
            rect.h - m.cat_bar - 2.0 * m.cat_pad,
        );
        let widths: Vec<f64> = cols
            .groups
            .iter()
            .map(|(_, c)| m.column_width(*c))
            .collect();
        let gaps = widths.len().saturating_sub(1) as f64 * m.box_gap;
        let stretch = shares(&widths, inner.w - widths.iter().sum::<f64>() - gaps);
        let mut subcategories = Vec::new();
        let mut x = inner.x;
        for ((range, _), (w, extra)) in cols.groups.iter().zip(widths.iter().zip(&stretch)) {
            let column = Rect::new(x, inner.y, w + extra, inner.h);
            self.column(cat, range.clone(), column, &mut subcategories);
            x += w + extra + m.box_gap;
        }
        PlacedCategory {
            name: model.name.clone(),
            rect: self.page(rect),
            bar: self.page(bar),
            title,
            subcategories,
        }
    }

    /// Stacks boxes `range` of `cat` in `column`, sharing its height.
    fn column(
        &self,
        cat: usize,
        range: std::ops::Range<usize>,
        column: Rect,
        out: &mut Vec<PlacedSubcategory>,
    ) {
        let m = self.planner.metrics;
        let plans = &self.planner.categories[cat].boxes[range.clone()];
        let grid_cols = (column.w - 2.0 * m.box_pad + m.tile_gap + 1e-9)
            .floor()
            .max(1.0) as usize;
        let sized: Vec<(usize, usize, f64)> = plans
            .iter()
            .map(|b| {
                let lines = self.planner.title_lines(b, grid_cols);
                let rows = b.grid.rows(grid_cols).min(1_000_000);
                (lines, rows, self.planner.box_height(lines, rows))
            })
            .collect();
        let heights: Vec<f64> = sized.iter().map(|s| s.2).collect();
        let gaps = heights.len().saturating_sub(1) as f64 * m.box_gap;
        let stretch = shares(&heights, column.h - heights.iter().sum::<f64>() - gaps);
        let mut y = column.y;
        for (((b, sub), (lines, _, h)), extra) in plans
            .iter()
            .zip(&self.model.categories[cat].subcategories[range])
            .zip(&sized)
            .zip(&stretch)
        {
            let rect = Rect::new(column.x, y, column.w, h + extra);
            let title_box = Rect::new(
                rect.x + m.box_pad,
                rect.y + m.box_pad,
                rect.w - 2.0 * m.box_pad,
                m.title_height(*lines) - 0.06,
            );
            let mut title = self.fit(&sub.name, title_box, m.sub_font, *lines, Align::Start);
            // A title that needs fewer lines than planned sits at the top, by the box edge.
            title.rect.y = self.page(title_box).y;
            let grid_w = grid_cols as f64 - m.tile_gap;
            let origin = (
                rect.x + m.box_pad + (rect.w - 2.0 * m.box_pad - grid_w) / 2.0,
                rect.y + m.box_pad + m.title_height(*lines),
            );
            let tiles = self.tiles(sub, &b.grid.place(grid_cols), origin);
            out.push(PlacedSubcategory {
                name: sub.name.clone(),
                rect: self.page(rect),
                title,
                tiles,
            });
            y += h + extra + m.box_gap;
        }
    }

    fn tiles(
        &self,
        sub: &LayoutSubcategory,
        cells: &[super::grid::Cell],
        origin: (f64, f64),
    ) -> Vec<PlacedTile> {
        let m = self.planner.metrics;
        sub.tiles
            .iter()
            .zip(cells)
            .map(|(tile, cell)| {
                let span = cell.span as f64;
                let rect = Rect::new(
                    origin.0 + cell.col as f64,
                    origin.1 + cell.row as f64 * m.row_pitch,
                    span - m.tile_gap,
                    span * m.row_pitch - m.tile_gap,
                );
                let mut bottom = rect.bottom();
                let mark = tile.featured.as_ref().map(|label| {
                    let h = m.mark * (1.0 + span) / 3.0;
                    let strip = Rect::new(rect.x, bottom - h, rect.w, h);
                    bottom -= h;
                    let within = Rect::new(strip.x + 0.05, strip.y, strip.w - 0.1, strip.h);
                    let label = self.fit(label, within, h / LINE_HEIGHT * 0.8, 1, Align::Middle);
                    (self.page(strip), label)
                });
                let caption = (m.caption > 0.0).then(|| {
                    let within = Rect::new(
                        rect.x + 0.04,
                        bottom - m.caption,
                        rect.w - 0.08,
                        m.caption - 0.03,
                    );
                    bottom -= m.caption;
                    let name = self
                        .landscape
                        .items
                        .get(tile.item)
                        .map_or("", |i| i.name.as_str());
                    self.fit(name, within, 0.15, 1, Align::Middle)
                });
                let pad = m.logo_pad * span.sqrt();
                let logo = Rect::new(rect.x, rect.y, rect.w, bottom - rect.y).inset(pad);
                PlacedTile {
                    item: tile.item,
                    size: tile.size,
                    featured: tile.featured.clone(),
                    secondary: tile.secondary,
                    rect: self.page(rect),
                    logo: self.page(logo),
                    mark,
                    caption,
                }
            })
            .collect()
    }
}
