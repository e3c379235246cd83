//! Embeddable views for iframes on other sites: landscape2's `embed/embed.html` with its
//! datasets (`data/embed_<key>.json`) and item details (`embed/embed-item.html` and
//! `embed/embed-item.js`, at the paths pasted snippets name), the pages of one category or
//! subcategory, and the configurator that writes the snippet to paste.

use std::path::Path;

use rayon::prelude::*;

use super::{Output, OutputError, Site, Written};
use crate::render::{data, embed, embed_data, views};
use crate::staging::Staging;

/// `embed/index.html`, `embed/<category>[/<subcategory>]/index.html`, `embed/embed.html`,
/// `embed/embed-item.{html,js}`, `data/embed_<key>.json` and landscape2's `embed-setup/`.
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
        // No explorer script on these pages to fit logos to the screen.
        let categories = views::categories(
            site.layout,
            &site.prepared.landscape,
            &site.urls,
            views::LargeTiles::Svg,
        );
        let (embeds, links) = embed::embed_pages(&categories, site.base());
        let prepared = site.prepared;
        let settings = &prepared.settings;
        let options = embed_data::embed_options(&prepared.landscape);
        site.page(out, "embed-index.html", "embed/index.html", |ctx| {
            ctx.insert("page_title", "Embed");
            ctx.insert("embeds", &links);
            ctx.insert("embeds_json", &data::json_for_script(&links));
            ctx.insert("options", &options);
            ctx.insert("options_json", &data::json_for_script(&options));
            ctx.insert("bg_color", &embed::title_bg_color(settings));
            ctx.insert("hide_organization", &embed::hide_organization(settings));
        })?;
        site.page(out, "embed-view.html", "embed/embed.html", |_| {})?;
        site.page(out, "embed-item.html", "embed/embed-item.html", |_| {})?;
        // The relay host pages load by this fixed path (also published hashed, for our pages).
        let relay = (site.templates.assets.iter())
            .find(|a| a.path == "embed/embed-item.js")
            .map_or(&[][..], |a| a.bytes.as_slice());
        out.write("embed/embed-item.js", relay)?;
        // landscape2's route to its embed setup.
        let setup = super::projects::redirect(
            "Embed",
            "The embed configurator is",
            &format!("{}/embed/", site.base()),
        );
        out.write("embed-setup/index.html", setup.as_bytes())?;
        let datasets = embed_data::embed_datasets(
            &prepared.landscape,
            settings,
            &prepared.github,
            &prepared.orgs,
            &site.urls,
        );
        let mut files = 2;
        for (key, json) in &datasets {
            out.write(format!("data/embed_{key}.json"), json)?;
            files += 1;
        }
        let pages: Result<Vec<()>, OutputError> = (embeds.par_iter())
            .map(|e| {
                let path = Path::new(&e.dir).join("index.html");
                site.page(out, "embed.html", path, |ctx| {
                    ctx.insert("page_title", &e.title);
                    ctx.insert("categories", &[&e.category]);
                    ctx.insert("stack", &false);
                })
            })
            .collect();
        // Several categories stacked one under another: the page fetches each category's
        // own page (`?categories=A,B`), so it stays small whatever the landscape's size.
        let category_pages: Vec<&embed::EmbedLink> =
            links.iter().filter(|l| l.subcategory.is_none()).collect();
        site.page(out, "embed.html", "embed/stack.html", |ctx| {
            ctx.insert("page_title", "Categories");
            ctx.insert("categories", &[] as &[&views::CategoryView]);
            ctx.insert("stack", &true);
            ctx.insert("pages_json", &data::json_for_script(&category_pages));
        })?;
        let pages = pages?.len() + 4;
        Ok(Written {
            pages,
            files: pages + files,
            ..Written::default()
        })
    }
}
