//! Preview images of a change: each subcategory it touches drawn by the poster renderer as
//! it will look (changed tiles outlined), and each added or changed item's tile at the
//! site's sizes on its light and dark backgrounds. Logos go through the sanitizer as in a
//! build; nothing outside the landscape is drawn (the settings' header logo is left out,
//! since it may be a URL).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{ChangeSet, Side};
use crate::layout;
use crate::logos::{self, LogoCache, ProcessOptions, ProcessedLogo};
use crate::model::{Category, Landscape, Subcategory};
use crate::poster::{self, Paper, PosterFormat, PosterOptions, Rgb, TileStyle};

/// Width of a subcategory preview, in pixels (A4 landscape proportions).
pub const SUBCATEGORY_WIDTH: u32 = 1400;
/// Output pixels per CSS pixel of a tile preview (a high-density screen).
pub const TILE_SCALE: f64 = 2.0;
/// Page background around a tile preview, in CSS pixels.
pub const TILE_MARGIN: f64 = 8.0;

/// The preview files written, named relative to the preview directory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Previews {
    pub subcategories: Vec<SubcategoryPreview>,
    pub tiles: Vec<TilePreview>,
    /// What could not be drawn, one sentence each.
    pub warnings: Vec<String>,
}

/// One touched subcategory drawn.
#[derive(Debug, Clone, Serialize)]
pub struct SubcategoryPreview {
    pub category: String,
    pub subcategory: String,
    pub file: String,
    pub width: u32,
    pub height: u32,
    /// How many of its tiles are outlined as changed.
    pub highlighted: usize,
}

/// An item's tile at each size and theme.
#[derive(Debug, Clone, Serialize)]
pub struct TilePreview {
    pub item: String,
    pub id: String,
    pub files: Vec<TileFile>,
}

/// One tile image.
#[derive(Debug, Clone, Serialize)]
pub struct TileFile {
    pub file: String,
    /// `desktop` (68 px tiles) or `narrow` (56 px, small screens).
    pub screen: &'static str,
    /// `light` or `dark`.
    pub theme: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Why previews could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the previews to {path}: {source}")]
pub struct PreviewError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// The site's tile side per screen (its stylesheet's `--tile`).
const SCREENS: [(&str, f64); 2] = [("desktop", 68.0), ("narrow", 56.0)];

/// A theme's page, tile and border colours (the stylesheet's `--soft`, `--tile-bg`,
/// `--line`).
const THEMES: [(&str, Rgb, Rgb, Rgb); 2] = [
    (
        "light",
        Rgb(0xf6, 0xf8, 0xfb),
        Rgb(0xff, 0xff, 0xff),
        Rgb(0xd5, 0xdc, 0xe5),
    ),
    (
        "dark",
        Rgb(0x1e, 0x28, 0x33),
        Rgb(0xf4, 0xf6, 0xf8),
        Rgb(0x2c, 0x38, 0x45),
    ),
];

/// The stylesheet's default `--color2`, the border of a featured tile.
const FEATURED_BORDER: Rgb = Rgb(214, 34, 147);

/// Draws the previews of `changes` into `dir`.
pub fn render(
    base: &Side,
    head: &Side,
    changes: &ChangeSet,
    dir: &Path,
    cache: Option<&Path>,
) -> Result<Previews, PreviewError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PreviewError { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let touched: BTreeSet<usize> = changes.touched_items().into_iter().collect();
    let subs = touched_subcategories(base, head, changes, &touched);
    let items = &head.landscape.items;
    let mut names: Vec<String> = (subs.iter())
        .flat_map(|(_, sub)| sub.items.iter())
        .chain(&touched)
        .map(|&i| items[i].logo.clone())
        .collect();
    names.sort_unstable();
    names.dedup();
    let logos = process(head, &names, cache);

    let mut previews = Previews::default();
    let mut settings = head.settings.clone();
    // Only the tiles' own order and look matter; the header logo may be a URL.
    settings.categories.clear();
    if let Some(header) = settings.header.as_mut() {
        header.logo = None;
    }
    for (k, (category, sub)) in subs.iter().enumerate() {
        let mini = Landscape {
            categories: vec![Category {
                name: category.clone(),
                subcategories: vec![Subcategory {
                    name: sub.name.clone(),
                    items: (0..sub.items.len()).collect(),
                }],
            }],
            items: sub.items.iter().map(|&i| items[i].clone()).collect(),
        };
        let mut opts = PosterOptions::new(PosterFormat::Png);
        opts.paper = Some(Paper::A4);
        opts.width_px = Some(SUBCATEGORY_WIDTH);
        opts.selection = layout::Selection::All;
        opts.highlight = (sub.items.iter().enumerate())
            .filter(|(_, i)| touched.contains(i))
            .map(|(j, _)| j)
            .collect();
        let label = format!("{category} / {}", sub.name);
        match poster::export_poster(&mini, &settings, &logos, &opts) {
            Ok(drawn) => {
                let file = format!(
                    "subcategory-{:02}-{}--{}.png",
                    k + 1,
                    slug(category),
                    slug(&sub.name)
                );
                let path = dir.join(&file);
                std::fs::write(&path, &drawn.bytes).map_err(io(&path))?;
                previews.warnings.extend(drawn.warnings);
                previews.subcategories.push(SubcategoryPreview {
                    category: category.clone(),
                    subcategory: sub.name.clone(),
                    file,
                    width: drawn.width as u32,
                    height: drawn.height as u32,
                    highlighted: opts.highlight.len(),
                });
            }
            Err(e) => previews.warnings.push(format!("{label} is not drawn: {e}")),
        }
    }

    for (n, &i) in touched.iter().enumerate() {
        let item = &items[i];
        let large = layout::featured(item, &head.settings, None).is_some();
        let border = (head.settings.colors.get("color2"))
            .and_then(|c| poster::parse_color(c))
            .unwrap_or(FEATURED_BORDER);
        let mut files = Vec::new();
        for (screen, side) in SCREENS {
            for (theme, page, tile, line) in THEMES {
                let style = match large {
                    false => TileStyle {
                        width: side,
                        height: (side * 0.78).round(),
                        padding: 5.0,
                        border: 1.0,
                        margin: TILE_MARGIN,
                        page,
                        tile,
                        line,
                        scale: TILE_SCALE,
                    },
                    // Two columns and two rows with the 5 px gap between them.
                    true => TileStyle {
                        width: side * 2.0 + 5.0,
                        height: (side * 0.78).round() * 2.0 + 5.0,
                        padding: 8.0,
                        border: 2.0,
                        margin: TILE_MARGIN,
                        page,
                        tile,
                        line: border,
                        scale: TILE_SCALE,
                    },
                };
                let mut warnings = Vec::new();
                let logo = logos.get(&item.logo);
                match poster::tile_png(logo, &style, &mut warnings) {
                    Ok(bytes) => {
                        let file =
                            format!("tile-{:02}-{}-{screen}-{theme}.png", n + 1, slug(&item.id));
                        let path = dir.join(&file);
                        std::fs::write(&path, bytes).map_err(io(&path))?;
                        let (width, height) = style.pixels();
                        files.push(TileFile {
                            file,
                            screen,
                            theme,
                            width,
                            height,
                        });
                    }
                    Err(e) => warnings.push(e.to_string()),
                }
                let who = &item.name;
                (previews.warnings).extend(warnings.into_iter().map(|w| format!("{who}: {w}")));
            }
        }
        if !logos.contains_key(&item.logo) {
            (previews.warnings).push(format!(
                "{}: its logo {} could not be processed (see the problems)",
                item.name, item.logo
            ));
        }
        previews.tiles.push(TilePreview {
            item: item.name.clone(),
            id: item.id.clone(),
            files,
        });
    }
    previews.warnings.sort();
    previews.warnings.dedup();
    Ok(previews)
}

/// The head's subcategories the change shows in: where touched items are listed (second
/// paths included) and where items left (removed or moved away), in display order.
fn touched_subcategories(
    base: &Side,
    head: &Side,
    changes: &ChangeSet,
    touched: &BTreeSet<usize>,
) -> Vec<(String, Subcategory)> {
    let mut wanted: HashSet<(String, String)> = HashSet::new();
    for &i in touched {
        let item = &head.landscape.items[i];
        wanted.insert((item.category.clone(), item.subcategory.clone()));
        for path in &item.second_path {
            wanted.insert((path.category.clone(), path.subcategory.clone()));
        }
    }
    for removed in &changes.removed {
        let item = &base.landscape.items[removed.index];
        wanted.insert((item.category.clone(), item.subcategory.clone()));
    }
    for moved in &changes.moved {
        if let Some((c, s)) = moved.from.split_once(" / ") {
            wanted.insert((c.to_string(), s.to_string()));
        }
    }
    let mut out = Vec::new();
    for category in &head.landscape.categories {
        for sub in &category.subcategories {
            if !sub.items.is_empty() && wanted.contains(&(category.name.clone(), sub.name.clone()))
            {
                out.push((category.name.clone(), sub.clone()));
            }
        }
    }
    out
}

/// The logos named, sanitized and cropped as a build does (through the same cache).
fn process(head: &Side, names: &[String], cache: Option<&Path>) -> BTreeMap<String, ProcessedLogo> {
    let cache = cache.map(|c| LogoCache::new(c.join("logos")));
    let settings = &head.settings;
    logos::process_all(
        &head.inputs.logos,
        names,
        |name| ProcessOptions {
            adjust_viewbox: settings.adjust_viewbox(name),
        },
        cache.as_ref(),
        || {},
    )
    .into_iter()
    .filter_map(|(name, result)| result.ok().map(|logo| (name, logo)))
    .collect()
}

/// A file-name part: ASCII letters and digits, the rest as single dashes, at most 60 long.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "x".to_string()
    } else {
        out.to_string()
    }
}
