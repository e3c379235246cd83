//! The site's pages: the landscape (with its explorer index), one page per item, the guide,
//! the stats page, the 404 page, and what keeps landscape2's links working: a redirect page
//! per group alias and the map from landscape2's item ids to the item pages.

use std::path::Path;

use rayon::prelude::*;

use url::form_urlencoded::byte_serialize;

use super::{Output, OutputError, Site, Written};
use crate::load::Settings;
use crate::load::settings::{GridItemsSize, ViewMode, plain_base_path};
use crate::model::{Landscape, normalize_name};
use crate::render::{
    badge, data, explorer, github_view, guide_view, org_view, repos_view, search_names, stats,
    views,
};
use crate::staging::Staging;

/// `index.html`, `items/<id>/index.html`, `guide/`, `stats/`, `404.html`, `<alias>/` and
/// `data/item-ids.json`.
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
        let categories = views::categories(
            site.layout,
            &site.prepared.landscape,
            &site.urls,
            views::LargeTiles::Raster,
        );
        // The landscape page, the item pages and the guide and stats run side by side: the
        // single large pages, drawn one after the other around the item pages, left a core
        // idle at the start and the end (about 0.2 s for ten times the CNCF landscape).
        let (landscape_page, (items, rest)) = rayon::join(
            || landscape_page(site, out, &categories),
            || {
                rayon::join(
                    || item_pages(site, out, on_page),
                    || guide_and_stats(site, out, &categories),
                )
            },
        );
        let mut written = landscape_page?;
        written.add(items?);
        written.add(rest?);
        written.files += written.pages;
        Ok(written)
    }
}

/// `index.html` with its explorer index and search names, the map of landscape2's item ids
/// and the group alias redirects.
fn landscape_page(
    site: &Site,
    out: &Staging,
    categories: &[views::CategoryView<'_>],
) -> Result<Written, OutputError> {
    let prepared = site.prepared;
    let landscape = &prepared.landscape;
    let mut written = Written::default();
    let index = explorer::explorer_data(
        landscape,
        site.layout,
        &prepared.settings,
        &prepared.github,
        &prepared.orgs,
    );
    out.write(Path::new("data").join(&index.file_name), &index.bytes)?;
    written.files += 1;
    let explorer_url = format!("{}/data/{}", site.base(), index.file_name);
    let names = search_names::search_names(categories, landscape.items.len(), &explorer_url);
    out.write("data/search.json", &names)?;
    written.files += 1;
    let settings = &prepared.settings;
    site.page(out, "index.html", "index.html", |ctx| {
        ctx.insert("categories", categories);
        ctx.insert("explorer_data", &explorer_url);
        ctx.insert("default_view", default_view(settings));
        ctx.insert("tile_size", &tile_size(settings));
        // The widest logo box a tile raster covers, for the explorer's zoom.
        ctx.insert("tile_raster", &crate::logos::TILE_BOX.0);
        // The base template adds the foundation's name: no title of its own.
        ctx.insert("page_title", "");
    })?;
    written.pages += 1;

    out.write("data/item-ids.json", &item_ids(landscape))?;
    written.files += 1;
    for (dir, name, target) in alias_pages(settings, site.base()) {
        site.page(
            out,
            "redirect.html",
            Path::new(&dir).join("index.html"),
            |ctx| {
                ctx.insert("page_title", name);
                ctx.insert("target", &target);
            },
        )?;
        written.pages += 1;
    }
    Ok(written)
}

/// `items/<id>/index.html` for every item, in parallel.
fn item_pages(
    site: &Site,
    out: &Staging,
    on_page: &(dyn Fn() + Sync),
) -> Result<Written, OutputError> {
    let prepared = site.prepared;
    let settings = &prepared.settings;
    let enrichment = prepared.enrichment.as_ref().and_then(|r| r.as_ref().ok());
    let items: Result<Vec<()>, OutputError> = (prepared.landscape.items.par_iter())
        .zip(&prepared.github)
        .zip(&prepared.orgs)
        .zip(&prepared.clomonitor)
        .map(|(((item, github), org), clomonitor)| {
            let path = Path::new("items").join(&item.id).join("index.html");
            let org = org.as_deref();
            site.page(out, "item.html", path, |ctx| {
                ctx.insert("page_title", &item.name);
                ctx.insert("view", &views::item_view(item, &site.urls, settings));
                ctx.insert("gh", &github_view::github_view(github.as_ref()));
                ctx.insert("organization", &explorer::organization(item));
                let rows = repos_view::repo_rows(item, enrichment);
                ctx.insert("figures_title", repos_view::figures_title(&rows));
                ctx.insert("repo_rows", &rows);
                let url = &settings.url;
                let badge = badge::badge(item, &settings.foundation, url, site.base());
                ctx.insert("badge", &badge);
                ctx.insert("org", &org_view::org_view(item, org));
                if let Some(summary) = clomonitor {
                    let image = format!("{}/{}", site.base(), summary.file);
                    ctx.insert(
                        "clomonitor",
                        &serde_json::json!({"image": image, "report_url": summary.report_url}),
                    );
                }
                let text = org_view::description(item, github.as_ref(), org);
                ctx.insert("description", &text);
            })?;
            on_page();
            Ok(())
        })
        .collect();
    Ok(Written {
        pages: items?.len(),
        ..Written::default()
    })
}

/// `guide/index.html` (when there is a guide), `stats/index.html` and `404.html`.
fn guide_and_stats(
    site: &Site,
    out: &Staging,
    categories: &[views::CategoryView<'_>],
) -> Result<Written, OutputError> {
    let prepared = site.prepared;
    let mut written = Written::default();
    if let Some(guide) = guide_page(site) {
        site.page(out, "guide.html", "guide/index.html", |ctx| {
            ctx.insert("page_title", "Guide");
            ctx.insert("chapters", &guide_view::guide_view(guide, categories));
        })?;
        written.pages += 1;
    }
    let figures = stats::stats_view(
        &prepared.landscape,
        site.layout,
        &prepared.github,
        &prepared.orgs,
        &prepared.settings,
    );
    site.page(out, "stats.html", "stats/index.html", |ctx| {
        ctx.insert("page_title", "Stats");
        ctx.insert("stats", &figures);
    })?;
    site.page(out, "404.html", "404.html", |ctx| {
        ctx.insert("page_title", "Not found");
    })?;
    written.pages += 2;
    Ok(written)
}

/// The guide, when there is one and the templates can show it.
pub(super) fn guide_page<'a>(site: &Site<'a>) -> Option<&'a crate::load::Guide> {
    (site.prepared.guide.as_ref()).filter(|_| site.templates.has("guide.html"))
}

/// The landscape page's view when the URL names none (settings `view_mode`).
fn default_view(settings: &Settings) -> &'static str {
    match settings.view_mode {
        Some(ViewMode::Card) => "card",
        Some(ViewMode::Grid) | None => "grid",
    }
}

/// The grid's tile width in pixels for settings `grid_items_size`; `None` for `small`, the
/// stylesheet's own size.
fn tile_size(settings: &Settings) -> Option<u32> {
    match settings.grid_items_size {
        Some(GridItemsSize::Medium) => Some(84),
        Some(GridItemsSize::Large) => Some(104),
        Some(GridItemsSize::Small) | None => None,
    }
}

/// `data/item-ids.json`: `[slug, landscape2 id]` per item, for `?item=` on every page (see
/// `assets/item-param.js`). Not content-hashed: pages fetch it only for such a link, and
/// revalidate it then, so every page can name it without knowing the build.
fn item_ids(landscape: &Landscape) -> Vec<u8> {
    let pairs: Vec<[&str; 2]> = (landscape.items.iter())
        .map(|i| [i.id.as_str(), i.l2_id.as_str()])
        .collect();
    data::json_for_script(&pairs).into_bytes()
}

/// First path segments the site's own files use: an alias there would clash with them.
const RESERVED: &[&str] = &[
    "404.html",
    "acquisitions",
    "api",
    "assets",
    "brand",
    "data",
    "docs",
    "embed",
    "finances",
    "funding",
    "guide",
    "index.html",
    "items",
    "items.csv",
    "logos",
    "poster",
    "projects-summary",
    "robots.txt",
    "sitemap.xml",
    "stats",
    "summary",
];

/// landscape2 answers `BASE/<alias>` of a group with `BASE/?group=<normalized name>`: one
/// page per alias, `(directory, group name, target URL)`. The first group with an alias
/// wins; aliases that are not plain paths, or that name one of the site's own directories,
/// get none.
fn alias_pages<'a>(settings: &'a Settings, base: &str) -> Vec<(String, &'a str, String)> {
    let mut pages: Vec<(String, &str, String)> = Vec::new();
    for group in &settings.groups {
        let Some(alias) = group.alias.as_deref() else {
            continue;
        };
        let Some(path) = plain_base_path(alias).filter(|p| !p.is_empty()) else {
            continue;
        };
        let dir = path.trim_start_matches('/').to_string();
        let first = dir.split('/').next().unwrap_or_default();
        if RESERVED.contains(&first) || pages.iter().any(|(d, _, _)| *d == dir) {
            continue;
        }
        let key: String = byte_serialize(normalize_name(&group.name).as_bytes()).collect();
        pages.push((dir, &group.name, format!("{base}/?group={key}")));
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::settings::Group;

    fn group(name: &str, alias: Option<&str>) -> Group {
        Group {
            name: name.into(),
            alias: alias.map(String::from),
            ..Group::default()
        }
    }

    #[test]
    fn alias_pages_land_on_the_group() {
        let settings = Settings {
            groups: vec![
                group("Projects and products", Some(" /projects/ ")),
                group("C++ & Co", Some("cpp")),
                group("Again", Some("projects")),
                group("Stats", Some("stats")),
                group("Odd", Some("../up")),
                group("Deep", Some("a/b")),
                group("Members", None),
            ],
            ..Settings::default()
        };
        assert_eq!(
            alias_pages(&settings, "/base"),
            [
                (
                    "projects".to_string(),
                    "Projects and products",
                    "/base/?group=projects-and-products".to_string()
                ),
                ("cpp".into(), "C++ & Co", "/base/?group=c%2B%2B-co".into()),
                ("a/b".into(), "Deep", "/base/?group=deep".into()),
            ]
        );
    }
}
