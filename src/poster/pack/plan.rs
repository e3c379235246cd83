//! Choosing the arrangement, in cell units (a cell is one normal tile plus its gap), so the
//! search does not depend on the page size, only on its aspect ratio.
//!
//! Categories are laid in *shelves*: rows of the page, each holding consecutive categories
//! side by side at one common height. Inside a category, consecutive subcategory boxes form
//! *columns*: boxes stacked at one common width. Given the page width in cells, dynamic
//! programming picks the shelf breaks that minimise the total height, and each category's
//! columns that minimise its width; a bisection on the cell size then finds the largest
//! tiles for which the whole landscape fits the page.

use std::cell::RefCell;
use std::collections::HashMap;

use super::Metrics;
use super::grid::TileGrid;
use super::text::{Measure, min_width};
use crate::layout::LayoutModel;

/// One subcategory box, measured.
pub(super) struct BoxPlan {
    pub grid: TileGrid,
    /// Title width (cells) on one line.
    title_one_line: f64,
    /// Fewest grid columns: room for the title in two lines and for a large tile.
    min_columns: usize,
}

/// One category, measured.
pub(super) struct CategoryPlan {
    pub boxes: Vec<BoxPlan>,
    /// Narrowest the category may be (its title, capped).
    min_width: f64,
}

/// A category's boxes grouped into columns at a given height.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    /// Each column: the boxes it stacks (indices) and its grid column count.
    pub groups: Vec<(std::ops::Range<usize>, usize)>,
    /// Width of the category in cells, before any stretching.
    pub width: f64,
}

/// A shelf: categories `range` at `rows` (the height of a one-box column of that many rows),
/// with each category's columns.
#[derive(Debug, Clone)]
pub(super) struct Shelf {
    pub range: std::ops::Range<usize>,
    pub rows: usize,
    pub columns: Vec<Columns>,
}

/// The measured landscape and memoised per-category answers.
pub(super) struct Planner<'m> {
    pub metrics: &'m Metrics,
    pub categories: Vec<CategoryPlan>,
    columns_memo: RefCell<HashMap<(usize, usize), Option<Columns>>>,
}

impl<'m> Planner<'m> {
    /// Measures every box and title once.
    pub fn new(model: &LayoutModel, metrics: &'m Metrics, measure: Measure) -> Self {
        let categories = model
            .categories
            .iter()
            .map(|category| {
                let boxes = category
                    .subcategories
                    .iter()
                    .map(|sub| {
                        let grid = TileGrid::new(sub.tiles.iter().map(|t| t.size));
                        let name = super::text::clean(&sub.name);
                        let title_two = (min_width(&name, 2, measure) * metrics.sub_font)
                            .min(metrics.sub_title_cap);
                        let title_cols = (title_two + metrics.tile_gap - 1e-9).ceil().max(1.0);
                        BoxPlan {
                            min_columns: grid.min_columns().max(title_cols as usize),
                            title_one_line: measure(&name) * metrics.sub_font,
                            grid,
                        }
                    })
                    .collect();
                let name = super::text::clean(&category.name);
                let title = measure(&name) * metrics.cat_font + 2.0 * metrics.cat_title_pad;
                CategoryPlan {
                    boxes,
                    min_width: title.min(metrics.cat_title_cap),
                }
            })
            .collect();
        Planner {
            metrics,
            categories,
            columns_memo: RefCell::new(HashMap::new()),
        }
    }

    /// Title lines a box needs at `columns` grid columns.
    pub fn title_lines(&self, b: &BoxPlan, columns: usize) -> usize {
        let inner = columns as f64 - self.metrics.tile_gap;
        if b.title_one_line <= inner { 1 } else { 2 }
    }

    /// Height of a box (cells) at `columns` grid columns and `rows` rows.
    pub fn box_height(&self, lines: usize, rows: usize) -> f64 {
        let m = self.metrics;
        2.0 * m.box_pad + m.title_height(lines) + rows as f64 * m.row_pitch - m.tile_gap
    }

    /// Height available to a category's columns at shelf `rows`.
    pub fn stack_height(&self, rows: usize) -> f64 {
        self.box_height(1, rows)
    }

    /// Height of a shelf at `rows`.
    pub fn shelf_height(&self, rows: usize) -> f64 {
        let m = self.metrics;
        m.cat_bar + 2.0 * m.cat_pad + self.stack_height(rows)
    }

    /// The fewest grid columns at which boxes `range` of `cat` stack within `height`.
    fn column_width(
        &self,
        cat: usize,
        range: std::ops::Range<usize>,
        height: f64,
    ) -> Option<usize> {
        let boxes = &self.categories[cat].boxes[range];
        let fits = |cols: usize| {
            let stacked: f64 = boxes
                .iter()
                .map(|b| {
                    let rows = b.grid.rows(cols);
                    if rows == usize::MAX {
                        return f64::INFINITY;
                    }
                    self.box_height(self.title_lines(b, cols), rows)
                })
                .sum::<f64>()
                + boxes.len().saturating_sub(1) as f64 * self.metrics.box_gap;
            stacked <= height + 1e-9
        };
        let lo = boxes.iter().map(|b| b.min_columns).max()?;
        let hi = boxes.iter().map(|b| b.grid.max_columns()).max()?.max(lo);
        if !fits(hi) {
            return None;
        }
        let (mut lo, mut hi) = (lo, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(mid) { hi = mid } else { lo = mid + 1 }
        }
        Some(lo)
    }

    /// The narrowest grouping of `cat`'s boxes into columns at shelf `rows`.
    pub fn columns(&self, cat: usize, rows: usize) -> Option<Columns> {
        if let Some(hit) = self.columns_memo.borrow().get(&(cat, rows)) {
            return hit.clone();
        }
        let m = self.metrics;
        let height = self.stack_height(rows);
        let n = self.categories[cat].boxes.len();
        // best[j]: narrowest columns for boxes ..j, as (width, previous break, columns).
        let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0, 0));
        for j in 1..=n {
            for i in 0..j {
                let Some((before, _, _)) = best[i] else {
                    continue;
                };
                let Some(cols) = self.column_width(cat, i..j, height) else {
                    continue;
                };
                let gap = if i == 0 { 0.0 } else { m.box_gap };
                let width = before + gap + m.column_width(cols);
                if best[j].is_none_or(|(w, _, _)| width < w) {
                    best[j] = Some((width, i, cols));
                }
            }
        }
        let result = best[n].map(|(width, _, _)| {
            let mut groups = Vec::new();
            let mut j = n;
            while j > 0 {
                let Some((_, i, cols)) = best[j] else { break };
                groups.push((i..j, cols));
                j = i;
            }
            groups.reverse();
            let natural = width + 2.0 * m.cat_pad;
            Columns {
                groups,
                width: natural.max(self.categories[cat].min_width),
            }
        });
        self.columns_memo
            .borrow_mut()
            .insert((cat, rows), result.clone());
        result
    }

    fn shelf_width(&self, range: std::ops::Range<usize>, rows: usize) -> Option<f64> {
        let gaps = range.len().saturating_sub(1) as f64 * self.metrics.cat_gap;
        range
            .map(|c| self.columns(c, rows).map(|cols| cols.width))
            .sum::<Option<f64>>()
            .map(|w| w + gaps)
    }

    /// The fewest rows at which categories `range` fit side by side in `width` cells.
    fn shelf_rows(&self, range: std::ops::Range<usize>, width: f64) -> Option<usize> {
        let tallest = range
            .clone()
            .flat_map(|c| &self.categories[c].boxes)
            .map(|b| b.grid.rows(b.min_columns).min(100_000))
            .sum::<usize>()
            .max(1)
            + 2 * self.categories[range.clone()]
                .iter()
                .map(|c| c.boxes.len())
                .sum::<usize>();
        let fits = |rows| {
            self.shelf_width(range.clone(), rows)
                .is_some_and(|w| w <= width + 1e-9)
        };
        if !fits(tallest) {
            return None;
        }
        let (mut lo, mut hi) = (1, tallest);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(mid) { hi = mid } else { lo = mid + 1 }
        }
        Some(lo)
    }

    /// The shelves of least total height for a page `width` cells wide, and that height.
    pub fn shelves(&self, width: f64) -> Option<(Vec<Shelf>, f64)> {
        let n = self.categories.len();
        let gap = self.metrics.cat_gap;
        let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0.0, 0, 0));
        for j in 1..=n {
            for i in (0..j).rev() {
                let Some((before, _, _)) = best[i] else {
                    continue;
                };
                let Some(rows) = self.shelf_rows(i..j, width) else {
                    // Adding categories on the left only makes the shelf wider.
                    break;
                };
                let height = before + if i == 0 { 0.0 } else { gap } + self.shelf_height(rows);
                if best[j].is_none_or(|(h, _, _)| height < h) {
                    best[j] = Some((height, i, rows));
                }
            }
        }
        let (height, _, _) = best[n]?;
        let mut shelves = Vec::new();
        let mut j = n;
        while j > 0 {
            let (_, i, rows) = best[j]?;
            let columns = (i..j)
                .map(|c| self.columns(c, rows))
                .collect::<Option<_>>()?;
            shelves.push(Shelf {
                range: i..j,
                rows,
                columns,
            });
            j = i;
        }
        shelves.reverse();
        Some((shelves, height))
    }
}
