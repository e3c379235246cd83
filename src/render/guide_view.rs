//! The guide page's chapters from `guide.yml`, markdown rendered and sanitized.

use serde::Serialize;

use super::markdown;
use crate::load::Guide;
use crate::model::slugify;

/// A guide chapter (a category) or section (a subcategory).
#[derive(Serialize)]
pub(crate) struct ChapterView {
    pub title: String,
    pub anchor: String,
    pub html: String,
    pub sections: Vec<ChapterView>,
}

pub(crate) fn guide_view(guide: &Guide) -> Vec<ChapterView> {
    guide
        .categories
        .iter()
        .map(|c| ChapterView {
            title: c.category.clone(),
            anchor: slugify(&c.category),
            html: c
                .content
                .as_deref()
                .map(markdown::to_safe_html)
                .unwrap_or_default(),
            sections: c
                .subcategories
                .iter()
                .map(|s| ChapterView {
                    title: s.subcategory.clone(),
                    anchor: slugify(&format!("{} {}", c.category, s.subcategory)),
                    html: s
                        .content
                        .as_deref()
                        .map(markdown::to_safe_html)
                        .unwrap_or_default(),
                    sections: Vec::new(),
                })
                .collect(),
        })
        .collect()
}
