//! Stage 5: render the static site through a [`Staging`] (which the caller swaps in).

pub mod charts;
pub mod embed;
pub mod explorer;
pub mod exports;
pub mod github_view;
mod guide_view;
pub mod markdown;
mod site_view;
pub mod stats;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::brand::BrandFile;
use crate::layout::LayoutModel;
use crate::load::{Guide, Settings};
use crate::logos::ProcessedLogo;
use crate::model::Landscape;
use crate::staging::{Staging, WriteError};
pub use templates::{TemplateError, Templates};
pub use views::Urls;

/// Everything a site is made of, already loaded and processed.
pub struct SiteInput<'a> {
    pub landscape: &'a Landscape,
    pub settings: &'a Settings,
    pub guide: Option<&'a Guide>,
    pub layout: &'a LayoutModel,
    /// Processed logos, keyed by the items' `logo` field.
    pub logos: &'a BTreeMap<String, ProcessedLogo>,
    /// Brand images named by local path in settings, checked and sanitized.
    pub brand_files: &'a [BrandFile],
    /// Whether `poster/landscape.{svg,pdf,png}` are part of the site (linked from pages).
    pub posters: bool,
    /// GitHub data per item, as JSON for pages and `items.json`; indexed like
    /// `landscape.items` (`None`: no data for that item).
    pub github: &'a [Option<serde_json::Value>],
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct RenderStats {
    pub pages: usize,
    pub logos: usize,
    pub files: usize,
}

/// Renders the whole site into `out`: every file goes through [`Staging::write`], which
/// also decides what the site no longer holds.
pub fn render_site(
    input: &SiteInput,
    templates: &Templates,
    out: &Staging,
    on_page: &(dyn Fn() + Sync),
) -> Result<RenderStats, RenderError> {
    let base = input.settings.base_path();
    let urls = Urls {
        base: base.clone(),
        logo_files: input
            .logos
            .iter()
            .map(|(name, logo)| (name.clone(), logo.file_name.clone()))
            .collect(),
    };
    let mut stats = RenderStats::default();
    for asset in &templates.assets {
        out.write(Path::new("assets").join(&asset.hashed_path), &asset.bytes)?;
        stats.files += 1;
    }
    let mut published: Vec<&ProcessedLogo> = input.logos.values().collect();
    published.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    published.dedup_by(|a, b| a.file_name == b.file_name);
    published
        .par_iter()
        .try_for_each(|logo| out.write(Path::new("logos").join(&logo.file_name), &logo.bytes))?;
    stats.logos = published.len();
    for file in input.brand_files {
        out.write(Path::new("brand").join(&file.file_name), &file.bytes)?;
    }

    let site = site_view::site_view(input, templates, &base);
    let mut global = tera::Context::new();
    global.insert("site", &site);
    let page = |name: &str, ctx: &tera::Context, path: &Path| -> Result<(), RenderError> {
        Ok(out.write(path, templates.render(name, ctx)?.as_bytes())?)
    };

    let categories = views::categories(input.layout, input.landscape, &urls);
    let index =
        explorer::explorer_data(input.landscape, input.layout, input.settings, input.github);
    out.write(Path::new("data").join(&index.file_name), &index.bytes)?;
    let mut ctx = global.clone();
    ctx.insert("categories", &categories);
    ctx.insert("explorer_data", &format!("{base}/data/{}", index.file_name));
    ctx.insert("page_title", &format!("{} landscape", site.foundation));
    page("index.html", &ctx, Path::new("index.html"))?;
    stats.pages += 1;

    let pages: Result<Vec<()>, RenderError> = input
        .landscape
        .items
        .par_iter()
        .zip(input.github)
        .map(|(item, github)| {
            let mut ctx = global.clone();
            let view = views::item_view(item, &urls);
            ctx.insert("page_title", &item.name);
            ctx.insert("view", &view);
            ctx.insert("github", &github);
            ctx.insert("gh", &github_view::github_view(github.as_ref()));
            page(
                "item.html",
                &ctx,
                &Path::new("items").join(&item.id).join("index.html"),
            )?;
            on_page();
            Ok(())
        })
        .collect();
    stats.pages += pages?.len();

    let mut extra_pages = vec!["stats/", "embed/"];
    if let Some(guide) = input.guide.filter(|_| templates.has("guide.html")) {
        let mut ctx = global.clone();
        ctx.insert("page_title", "Guide");
        ctx.insert("chapters", &guide_view::guide_view(guide));
        page("guide.html", &ctx, Path::new("guide/index.html"))?;
        stats.pages += 1;
        extra_pages.push("guide/");
    }

    let mut ctx = global.clone();
    ctx.insert("page_title", "Stats");
    ctx.insert(
        "stats",
        &stats::stats_view(input.landscape, input.layout, input.github),
    );
    page("stats.html", &ctx, Path::new("stats/index.html"))?;
    stats.pages += 1;

    let (embeds, links) = embed::embed_pages(&categories, &base);
    let mut ctx = global.clone();
    ctx.insert("page_title", "Embed");
    ctx.insert("embeds", &links);
    ctx.insert("embeds_json", &exports::json_for_script(&links));
    page("embed-index.html", &ctx, Path::new("embed/index.html"))?;
    let embedded: Result<Vec<()>, RenderError> = embeds
        .par_iter()
        .map(|e| {
            let mut ctx = global.clone();
            ctx.insert("page_title", &e.title);
            ctx.insert("categories", &[&e.category]);
            page("embed.html", &ctx, &Path::new(&e.dir).join("index.html"))
        })
        .collect();
    stats.pages += embedded?.len() + 1;

    let mut ctx = global.clone();
    ctx.insert("page_title", "Not found");
    page("404.html", &ctx, Path::new("404.html"))?;
    stats.pages += 1;

    let data = exports::items_json(input.landscape, &urls, site.foundation, input.github);
    out.write("data/items.json", &data)?;
    out.write(
        "items.csv",
        &exports::items_csv(input.landscape, &urls, site.url),
    )?;
    out.write(
        "sitemap.xml",
        &exports::sitemap(input.landscape, &urls, site.url, &extra_pages),
    )?;
    stats.files += stats.pages + stats.logos + 4;
    Ok(stats)
}
