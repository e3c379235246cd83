//! The site's pages: the landscape (with its explorer index), one page per item, the guide,
//! the stats page and the 404 page.

use std::path::Path;

use rayon::prelude::*;

use super::{Output, OutputError, Site, Written};
use crate::render::{explorer, github_view, guide_view, stats, views};
use crate::staging::Staging;

/// `index.html`, `items/<id>/index.html`, `guide/`, `stats/`, `404.html`.
pub struct Pages;

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        on_page: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let prepared = site.prepared;
        let landscape = &prepared.landscape;
        let mut written = Written::default();

        let index =
            explorer::explorer_data(landscape, site.layout, &prepared.settings, &prepared.github);
        out.write(Path::new("data").join(&index.file_name), &index.bytes)?;
        written.files += 1;
        let categories = views::categories(site.layout, landscape, &site.urls);
        let explorer_url = format!("{}/data/{}", site.base(), index.file_name);
        site.page(out, "index.html", "index.html", |ctx| {
            ctx.insert("categories", &categories);
            ctx.insert("explorer_data", &explorer_url);
            // The base template adds the foundation's name: no title of its own.
            ctx.insert("page_title", "");
        })?;
        written.pages += 1;

        let items: Result<Vec<()>, OutputError> = (landscape.items.par_iter())
            .zip(&prepared.github)
            .map(|(item, github)| {
                let path = Path::new("items").join(&item.id).join("index.html");
                site.page(out, "item.html", path, |ctx| {
                    ctx.insert("page_title", &item.name);
                    ctx.insert("view", &views::item_view(item, &site.urls));
                    ctx.insert("gh", &github_view::github_view(github.as_ref()));
                    ctx.insert("organization", &explorer::organization(item));
                })?;
                on_page();
                Ok(())
            })
            .collect();
        written.pages += items?.len();

        if let Some(guide) = guide_page(site) {
            site.page(out, "guide.html", "guide/index.html", |ctx| {
                ctx.insert("page_title", "Guide");
                ctx.insert("chapters", &guide_view::guide_view(guide));
            })?;
            written.pages += 1;
        }

        let figures = stats::stats_view(
            landscape,
            site.layout,
            &prepared.github,
            prepared.settings.members_category.as_deref(),
        );
        site.page(out, "stats.html", "stats/index.html", |ctx| {
            ctx.insert("page_title", "Stats");
            ctx.insert("stats", &figures);
        })?;
        site.page(out, "404.html", "404.html", |ctx| {
            ctx.insert("page_title", "Not found");
        })?;
        written.pages += 2;
        written.files += written.pages;
        Ok(written)
    }
}

/// The guide, when there is one and the templates can show it.
pub(super) fn guide_page<'a>(site: &Site<'a>) -> Option<&'a crate::load::Guide> {
    (site.prepared.guide.as_ref()).filter(|_| site.templates.has("guide.html"))
}
