//! The guide page's chapters from `guide.yml`, markdown rendered and sanitized, each
//! subcategory's section with the landscape's tiles for it beside its text.

use serde::Serialize;

use super::markdown;
use super::views::{CategoryView, TileView};
use crate::load::Guide;
use crate::model::slugify;

/// A guide chapter (a category) or section (a subcategory).
#[derive(Serialize)]
pub(crate) struct ChapterView<'a> {
    pub title: String,
    pub anchor: String,
    pub html: String,
    pub sections: Vec<ChapterView<'a>>,
    /// A section's tiles: the items of its subcategory on the landscape.
    pub tiles: &'a [TileView<'a>],
}

/// The chapters of `guide`; `categories` are the landscape's, for the tiles.
pub(crate) fn guide_view<'a>(
    guide: &Guide,
    categories: &'a [CategoryView<'a>],
) -> Vec<ChapterView<'a>> {
    let html = |md: &Option<String>| {
        md.as_deref()
            .map(markdown::to_safe_html)
            .unwrap_or_default()
    };
    guide
        .categories
        .iter()
        .map(|c| {
            let category = categories.iter().find(|v| v.name == c.category);
            ChapterView {
                title: c.category.clone(),
                anchor: slugify(&c.category),
                html: html(&c.content),
                sections: c
                    .subcategories
                    .iter()
                    .map(|s| ChapterView {
                        title: s.subcategory.clone(),
                        anchor: slugify(&format!("{} {}", c.category, s.subcategory)),
                        html: html(&s.content),
                        sections: Vec::new(),
                        tiles: category
                            .and_then(|v| v.subcategories.iter().find(|v| v.name == s.subcategory))
                            .map_or(&[], |v| v.tiles.as_slice()),
                    })
                    .collect(),
                tiles: &[],
            }
        })
        .collect()
}
