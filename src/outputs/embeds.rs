//! Embeddable views of a category or subcategory for iframes on other sites, and the page
//! that lists them with the snippet to paste.

use std::path::Path;

use rayon::prelude::*;

use super::{Output, OutputError, Site, Written};
use crate::render::{data, embed, views};
use crate::staging::Staging;

/// `embed/index.html` and `embed/<category>[/<subcategory>]/index.html`.
pub struct Embeds;

impl Output for Embeds {
    fn name(&self) -> &'static str {
        "embeds"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let categories = views::categories(site.layout, &site.prepared.landscape, &site.urls);
        let (embeds, links) = embed::embed_pages(&categories, site.base());
        site.page(out, "embed-index.html", "embed/index.html", |ctx| {
            ctx.insert("page_title", "Embed");
            ctx.insert("embeds", &links);
            ctx.insert("embeds_json", &data::json_for_script(&links));
        })?;
        let pages: Result<Vec<()>, OutputError> = (embeds.par_iter())
            .map(|e| {
                let path = Path::new(&e.dir).join("index.html");
                site.page(out, "embed.html", path, |ctx| {
                    ctx.insert("page_title", &e.title);
                    ctx.insert("categories", &[&e.category]);
                })
            })
            .collect();
        let pages = pages?.len() + 1;
        Ok(Written {
            pages,
            files: pages,
            ..Written::default()
        })
    }
}
