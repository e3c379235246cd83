//! Embeddable views: one minimal page per category and per subcategory, for iframes on other
//! sites (`embed/<category>/` and `embed/<category>/<subcategory>/`). `embed/index.html` maps
//! `?category=…&subcategory=…` to them and shows the snippet to paste.

use std::collections::HashSet;

use serde::Serialize;

use super::views::CategoryView;
use crate::model::slugify;

/// One embed page to write.
#[derive(Debug)]
pub struct EmbedPage<'a> {
    /// Directory under the site root, e.g. `embed/runtime/container-runtime`.
    pub dir: String,
    pub title: String,
    /// The category, holding only the embedded subcategory when it is a subcategory page.
    pub category: CategoryView<'a>,
}

/// An entry of the embed index: what can be embedded, and where it is.
#[derive(Debug, Serialize)]
pub struct EmbedLink {
    pub category: String,
    pub subcategory: Option<String>,
    /// URL path of the page (with the base path).
    pub url: String,
    pub items: usize,
}

/// Every embed page and the index entries, from the index page's categories.
pub fn embed_pages<'a>(
    categories: &[CategoryView<'a>],
    base: &str,
) -> (Vec<EmbedPage<'a>>, Vec<EmbedLink>) {
    let mut pages = Vec::new();
    let mut links = Vec::new();
    for category in categories {
        let dir = format!("embed/{}", category.anchor);
        links.push(EmbedLink {
            category: category.name.to_string(),
            subcategory: None,
            url: format!("{base}/{dir}/"),
            items: category.count,
        });
        pages.push(EmbedPage {
            dir: dir.clone(),
            title: category.name.to_string(),
            category: category.clone(),
        });
        let mut used = HashSet::new();
        for sub in &category.subcategories {
            let mut slug = slugify(sub.name);
            let stem = slug.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{stem}-{n}");
                n += 1;
            }
            let sub_dir = format!("{dir}/{slug}");
            links.push(EmbedLink {
                category: category.name.to_string(),
                subcategory: Some(sub.name.to_string()),
                url: format!("{base}/{sub_dir}/"),
                items: sub.tiles.len(),
            });
            let mut only = category.clone();
            only.subcategories.retain(|s| s.anchor == sub.anchor);
            only.count = sub.tiles.len();
            pages.push(EmbedPage {
                dir: sub_dir,
                title: format!("{} / {}", category.name, sub.name),
                category: only,
            });
        }
    }
    (pages, links)
}
