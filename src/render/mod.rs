//! Stage 5: render the static site into a directory (the caller swaps it in).

pub mod exports;
pub mod markdown;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::layout::LayoutModel;
use crate::load::{Guide, Settings};
use crate::logos::ProcessedLogo;
use crate::model::{Item, Landscape, slugify};
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
    /// Brand images named by local path in settings (header/footer logo, favicon), already
    /// read: (settings key, file name, bytes).
    pub brand_files: &'a [(String, String, Vec<u8>)],
    /// Whether `poster/landscape.{svg,pdf,png}` are part of the site (linked from pages).
    pub posters: bool,
    /// GitHub data per item, as JSON for pages and `items.json`.
    pub github: &'a (dyn Fn(&Item) -> Option<serde_json::Value> + Sync),
}

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct RenderStats {
    pub pages: usize,
    pub logos: usize,
    pub files: usize,
}

/// Site-wide values every page template gets.
#[derive(Serialize)]
struct SiteView<'a> {
    base: &'a str,
    foundation: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    css: String,
    js: String,
    colors: Vec<(String, String)>,
    header_logo: Option<String>,
    footer_logo: Option<String>,
    favicon: Option<String>,
    footer_html: Option<String>,
    header_links: Vec<(String, String)>,
    footer_links: Vec<(String, String)>,
    has_guide: bool,
    posters: bool,
    item_count: usize,
}

/// Renders the whole site into `dir` (which must exist and be empty).
pub fn render_site(
    input: &SiteInput,
    templates: &Templates,
    dir: &Path,
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
        write(&dir.join("assets").join(&asset.hashed_path), &asset.bytes)?;
        stats.files += 1;
    }
    std::fs::create_dir_all(dir.join("logos")).map_err(|e| write_err(dir, e))?;
    let mut published: Vec<&ProcessedLogo> = input.logos.values().collect();
    published.sort_by(|a, b| a.file_name.cmp(&b.file_name));
    published.dedup_by(|a, b| a.file_name == b.file_name);
    published
        .par_iter()
        .try_for_each(|logo| write_file(&dir.join("logos").join(&logo.file_name), &logo.bytes))?;
    stats.logos = published.len();
    for (_, name, bytes) in input.brand_files {
        write(&dir.join("brand").join(name), bytes)?;
    }

    let site = site_view(input, templates, &base);
    let mut global = tera::Context::new();
    global.insert("site", &site);

    let mut ctx = global.clone();
    ctx.insert(
        "categories",
        &views::categories(input.layout, input.landscape, &urls),
    );
    ctx.insert("page_title", &format!("{} landscape", site.foundation));
    write(
        &dir.join("index.html"),
        templates.render("index.html", &ctx)?.as_bytes(),
    )?;
    stats.pages += 1;

    // One directory per page: created here, leaf only, so no page pays for a failed mkdir
    // of `items/` (file creation dominates a rebuild's cost).
    let items_dir = dir.join("items");
    std::fs::create_dir_all(&items_dir).map_err(|e| write_err(&items_dir, e))?;
    let pages: Result<Vec<()>, RenderError> = input
        .landscape
        .items
        .par_iter()
        .map(|item| {
            let mut ctx = global.clone();
            let view = views::item_view(item, &urls);
            ctx.insert("page_title", &item.name);
            ctx.insert("view", &view);
            ctx.insert("github", &(input.github)(item));
            let html = templates.render("item.html", &ctx)?;
            write(
                &dir.join("items").join(&item.id).join("index.html"),
                html.as_bytes(),
            )?;
            on_page();
            Ok(())
        })
        .collect();
    stats.pages += pages?.len();

    if let Some(guide) = input.guide.filter(|_| templates.has("guide.html")) {
        let mut ctx = global.clone();
        ctx.insert("page_title", "Guide");
        ctx.insert("chapters", &guide_view(guide));
        write(
            &dir.join("guide").join("index.html"),
            templates.render("guide.html", &ctx)?.as_bytes(),
        )?;
        stats.pages += 1;
    }
    let mut ctx = global.clone();
    ctx.insert("page_title", "Not found");
    write(
        &dir.join("404.html"),
        templates.render("404.html", &ctx)?.as_bytes(),
    )?;
    stats.pages += 1;

    let data = exports::items_json(input.landscape, &urls, site.foundation, input.github);
    write(&dir.join("data").join("items.json"), &data)?;
    write(
        &dir.join("items.csv"),
        &exports::items_csv(input.landscape, &urls, site.url),
    )?;
    write(
        &dir.join("sitemap.xml"),
        &exports::sitemap(input.landscape, &urls, site.url, site.has_guide),
    )?;
    stats.files += stats.pages + stats.logos + 3;
    Ok(stats)
}

fn site_view<'a>(input: &'a SiteInput, templates: &Templates, base: &'a str) -> SiteView<'a> {
    let s = input.settings;
    let brand = |key: &str, remote: Option<&String>| -> Option<String> {
        if let Some((_, name, _)) = input.brand_files.iter().find(|(k, _, _)| k == key) {
            return Some(format!("{base}/brand/{name}"));
        }
        remote
            .filter(|u| crate::load::fields::check_url(u).is_ok())
            .cloned()
    };
    SiteView {
        base,
        foundation: &s.foundation,
        description: s.description.as_deref(),
        url: &s.url,
        css: templates.asset_url(base, "style.css"),
        js: templates.asset_url(base, "app.js"),
        colors: s
            .colors
            .iter()
            .filter(|(k, v)| is_css_ident(k) && is_css_color(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        header_logo: brand("header", s.header.as_ref().and_then(|h| h.logo.as_ref())),
        footer_logo: brand("footer", s.footer.as_ref().and_then(|f| f.logo.as_ref())),
        favicon: brand("favicon", s.images.get("favicon")),
        footer_html: s
            .footer
            .as_ref()
            .and_then(|f| f.text.as_deref())
            .map(markdown::to_safe_html),
        header_links: safe_links(s.header.as_ref().map(|h| &h.links)),
        footer_links: safe_links(s.footer.as_ref().map(|f| &f.links)),
        has_guide: input.guide.is_some() && templates.has("guide.html"),
        posters: input.posters,
        item_count: input.landscape.items.len(),
    }
}

fn safe_links(links: Option<&BTreeMap<String, String>>) -> Vec<(String, String)> {
    links
        .into_iter()
        .flatten()
        .filter(|(_, url)| crate::load::fields::check_url(url).is_ok())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

// Colors go into a <style> block: allow only what CSS colors are made of.
fn is_css_color(v: &str) -> bool {
    !v.is_empty()
        && v.len() < 64
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || " #(),.%".contains(c))
}

fn is_css_ident(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[derive(Serialize)]
struct ChapterView {
    title: String,
    anchor: String,
    html: String,
    sections: Vec<ChapterView>,
}

fn guide_view(guide: &Guide) -> Vec<ChapterView> {
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

fn write_err(path: &Path, source: std::io::Error) -> RenderError {
    RenderError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a file, creating its directory first.
fn write(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| write_err(parent, e))?;
    }
    write_file(path, bytes)
}

/// Writes a file into a directory that exists.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    std::fs::write(path, bytes).map_err(|e| write_err(path, e))
}
