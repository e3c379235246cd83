//! Tiles in a subcategory box: a regular grid, filled row by row, where a large tile takes
//! 2×2 cells. Tiles keep the layout model's order (featured first, then by name), so large
//! tiles end up at the top and normal tiles flow around them.

use crate::layout::TileSize;

/// Where one tile sits in its box's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub col: usize,
    pub row: usize,
    /// 1 for a normal tile, 2 for a large one (it covers `span × span` cells).
    pub span: usize,
}

/// The tiles of one box, reduced to their spans.
#[derive(Debug, Clone)]
pub(crate) struct TileGrid {
    spans: Vec<usize>,
    /// `rows[c]`: rows needed with `c` columns, made non-increasing in `c` (the most any
    /// wider grid needs), so a box that gets wider never needs more rows than planned.
    rows: Vec<usize>,
}

impl TileGrid {
    /// Precomputes the rows needed for every useful column count.
    pub fn new(sizes: impl IntoIterator<Item = TileSize>) -> Self {
        let spans: Vec<usize> = sizes
            .into_iter()
            .map(|s| match s {
                TileSize::Normal => 1,
                TileSize::Large => 2,
            })
            .collect();
        let widest = spans.iter().sum::<usize>().max(1);
        let mut rows = vec![usize::MAX; widest + 1];
        for (c, slot) in rows.iter_mut().enumerate().skip(1) {
            if let Some(cells) = first_fit(&spans, c) {
                *slot = cells.iter().map(|p| p.row + p.span).max().unwrap_or(0);
            }
        }
        for c in (1..widest).rev() {
            rows[c] = rows[c].max(rows[c + 1]);
        }
        TileGrid { spans, rows }
    }

    /// The fewest columns a grid can have (a large tile needs two).
    pub fn min_columns(&self) -> usize {
        self.spans.iter().copied().max().unwrap_or(1)
    }

    /// Columns beyond which the grid does not get any shorter.
    pub fn max_columns(&self) -> usize {
        self.rows.len() - 1
    }

    /// Rows needed with `columns` columns (`usize::MAX` when too narrow for a large tile).
    pub fn rows(&self, columns: usize) -> usize {
        if columns == 0 {
            return usize::MAX;
        }
        self.rows[columns.min(self.max_columns())]
    }

    /// Each tile's cell with `columns` columns, in tile order.
    pub fn place(&self, columns: usize) -> Vec<Cell> {
        first_fit(&self.spans, columns.max(self.min_columns())).unwrap_or_default()
    }
}

/// Row-major first fit: each tile goes to the first free position, scanning rows top to
/// bottom and columns left to right. `None` when a tile is wider than the grid.
fn first_fit(spans: &[usize], columns: usize) -> Option<Vec<Cell>> {
    if spans.iter().any(|&s| s > columns) {
        return None;
    }
    let mut used: Vec<bool> = Vec::new();
    let free = |used: &Vec<bool>, r: usize, c: usize| used.get(r * columns + c).is_none_or(|u| !u);
    let mut cells = Vec::with_capacity(spans.len());
    // Cells before `first_free` are all taken, so no scan needs to start earlier.
    let mut first_free = 0;
    for &span in spans {
        let mut pos = first_free;
        let (row, col) = loop {
            let (r, c) = (pos / columns, pos % columns);
            let fits = c + span <= columns
                && (0..span).all(|dr| (0..span).all(|dc| free(&used, r + dr, c + dc)));
            if fits {
                break (r, c);
            }
            pos += 1;
        };
        let needed = (row + span) * columns;
        if used.len() < needed {
            used.resize(needed, false);
        }
        for dr in 0..span {
            for dc in 0..span {
                used[(row + dr) * columns + col + dc] = true;
            }
        }
        while used.get(first_free).copied().unwrap_or(false) {
            first_free += 1;
        }
        cells.push(Cell { col, row, span });
    }
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TileSize::{Large, Normal};

    #[test]
    fn normal_tiles_fill_rows() {
        let grid = TileGrid::new([Normal; 7]);
        assert_eq!(grid.rows(1), 7);
        assert_eq!(grid.rows(3), 3);
        assert_eq!(grid.rows(7), 1);
        assert_eq!(grid.rows(100), 1);
        let cells = grid.place(3);
        assert_eq!(
            cells[3],
            Cell {
                col: 0,
                row: 1,
                span: 1
            }
        );
        assert_eq!(
            cells[6],
            Cell {
                col: 0,
                row: 2,
                span: 1
            }
        );
    }

    #[test]
    fn large_tiles_take_two_by_two_and_normals_fill_holes() {
        let grid = TileGrid::new([Large, Large, Normal, Normal, Normal]);
        assert_eq!(grid.min_columns(), 2);
        assert_eq!(grid.rows(1), usize::MAX);
        assert_eq!(grid.rows(2), 6);
        let cells = grid.place(5);
        assert_eq!(
            cells[0],
            Cell {
                col: 0,
                row: 0,
                span: 2
            }
        );
        assert_eq!(
            cells[1],
            Cell {
                col: 2,
                row: 0,
                span: 2
            }
        );
        assert_eq!(
            cells[2],
            Cell {
                col: 4,
                row: 0,
                span: 1
            }
        );
        assert_eq!(
            cells[3],
            Cell {
                col: 4,
                row: 1,
                span: 1
            }
        );
        assert_eq!(
            cells[4],
            Cell {
                col: 0,
                row: 2,
                span: 1
            }
        );
        assert_eq!(grid.rows(5), 3);
    }

    #[test]
    fn rows_never_grow_with_more_columns() {
        let sizes = [
            Large, Normal, Large, Normal, Normal, Large, Normal, Normal, Normal,
        ];
        let grid = TileGrid::new(sizes);
        for c in 2..grid.max_columns() {
            assert!(grid.rows(c + 1) <= grid.rows(c), "columns {c}");
            let placed = grid.place(c);
            let height = placed.iter().map(|p| p.row + p.span).max().unwrap_or(0);
            assert!(height <= grid.rows(c));
        }
    }

    #[test]
    fn empty_grid_needs_no_rows() {
        let grid = TileGrid::new([]);
        assert_eq!(grid.rows(1), 0);
        assert!(grid.place(3).is_empty());
    }
}
