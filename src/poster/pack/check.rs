//! Self-check of a poster's geometry: what the tests assert and what a debug build can
//! verify on real data. Each problem is described in words.

use super::{Label, PosterGeometry, Rect};
use crate::layout::LayoutModel;

impl PosterGeometry {
    /// Every way this geometry breaks the poster's rules: each tile of `model` placed exactly
    /// once, in its own subcategory box; nothing overlapping its siblings; every tile inside
    /// its box, every box inside its category, every category inside the body, the bands
    /// inside the page; every label inside the rectangle it belongs to. Empty when sound.
    pub fn problems(&self, model: &LayoutModel) -> Vec<String> {
        let mut out = Vec::new();
        for (name, band) in [
            ("header", self.header),
            ("body", self.body),
            ("footer", self.footer),
        ] {
            inside(&mut out, &self.page, &band, || format!("{name} band"));
        }
        no_overlap(&mut out, &[self.header, self.body, self.footer], |i| {
            format!("band {i}")
        });
        if model.categories.len() != self.categories.len() {
            out.push(format!(
                "{} categories placed for {} in the model",
                self.categories.len(),
                model.categories.len()
            ));
        }
        let rects: Vec<Rect> = self.categories.iter().map(|c| c.rect).collect();
        no_overlap(&mut out, &rects, |i| {
            format!("category `{}`", self.categories[i].name)
        });
        for (cat, want) in self.categories.iter().zip(&model.categories) {
            let here = || format!("category `{}`", cat.name);
            inside(&mut out, &self.body, &cat.rect, here);
            inside(&mut out, &cat.rect, &cat.bar, || {
                format!("title bar of {}", here())
            });
            label_inside(&mut out, &cat.bar, &cat.title, || {
                format!("title of {}", here())
            });
            let subs: Vec<Rect> = cat.subcategories.iter().map(|s| s.rect).collect();
            no_overlap(&mut out, &subs, |i| {
                format!("box `{}`", cat.subcategories[i].name)
            });
            if want.subcategories.len() != cat.subcategories.len() {
                out.push(format!(
                    "{}: subcategory count differs from the model",
                    here()
                ));
            }
            for (sub, want) in cat.subcategories.iter().zip(&want.subcategories) {
                let here = || format!("box `{} / {}`", cat.name, sub.name);
                if cat.bar.overlaps(&sub.rect) {
                    out.push(format!("{} overlaps its category's title bar", here()));
                }
                inside(&mut out, &cat.rect, &sub.rect, here);
                label_inside(&mut out, &sub.rect, &sub.title, || {
                    format!("title of {}", here())
                });
                let placed: Vec<usize> = sub.tiles.iter().map(|t| t.item).collect();
                let wanted: Vec<usize> = want.tiles.iter().map(|t| t.item).collect();
                if placed != wanted {
                    out.push(format!(
                        "{}: placed items {placed:?}, model has {wanted:?}",
                        here()
                    ));
                }
                let tiles: Vec<Rect> = sub.tiles.iter().map(|t| t.rect).collect();
                no_overlap(&mut out, &tiles, |i| {
                    format!("tile of item {}", sub.tiles[i].item)
                });
                for t in &sub.tiles {
                    let here = || format!("tile of item {} in {}", t.item, here());
                    inside(&mut out, &sub.rect, &t.rect, here);
                    if t.rect.overlaps(&sub.title.rect) {
                        out.push(format!("{} covers the box title", here()));
                    }
                    inside(&mut out, &t.rect, &t.logo, || format!("logo of {}", here()));
                    if let Some((strip, label)) = &t.mark {
                        inside(&mut out, &t.rect, strip, || format!("mark of {}", here()));
                        label_inside(&mut out, strip, label, || {
                            format!("mark label of {}", here())
                        });
                        if strip.overlaps(&t.logo) {
                            out.push(format!("mark of {} covers the logo", here()));
                        }
                    }
                    if let Some(caption) = &t.caption {
                        label_inside(&mut out, &t.rect, caption, || format!("name of {}", here()));
                        if caption.rect.overlaps(&t.logo) {
                            out.push(format!("name of {} covers the logo", here()));
                        }
                    }
                }
            }
        }
        out
    }
}

fn inside(out: &mut Vec<String>, outer: &Rect, inner: &Rect, what: impl Fn() -> String) {
    if !outer.contains(inner) {
        out.push(format!("{} {inner:?} is outside {outer:?}", what()));
    }
}

fn label_inside(out: &mut Vec<String>, outer: &Rect, label: &Label, what: impl Fn() -> String) {
    if !label.lines.is_empty() {
        inside(out, outer, &label.rect, what);
    }
}

fn no_overlap(out: &mut Vec<String>, rects: &[Rect], name: impl Fn(usize) -> String) {
    for i in 0..rects.len() {
        for j in i + 1..rects.len() {
            if rects[i].overlaps(&rects[j]) {
                out.push(format!("{} overlaps {}", name(i), name(j)));
            }
        }
    }
}
