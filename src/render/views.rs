//! What templates see: small serializable views of the model, with URLs resolved.

use std::collections::HashMap;

use serde::Serialize;

use crate::layout::{LayoutModel, TileSize};
use crate::load::{Place, Settings};
use crate::model::{FieldValue, Item, Landscape, slugify};

/// URL maker for the site: every link goes through it so `base_path` is respected.
#[derive(Debug, Clone)]
pub struct Urls {
    /// "" or "/base".
    pub base: String,
    /// The logo file each item's `logo` field was published as.
    pub logo_files: HashMap<String, String>,
    /// The tile raster published for an item's `logo`, for the logos that have one.
    pub tile_files: HashMap<String, String>,
}

impl Urls {
    /// An item's permalink page.
    pub fn item(&self, item: &Item) -> String {
        format!("{}/items/{}/", self.base, item.id)
    }

    /// An item's logo URL, if its logo was published.
    pub fn logo(&self, item: &Item) -> Option<String> {
        self.logo_files
            .get(&item.logo)
            .map(|f| format!("{}/logos/{f}", self.base))
    }

    /// The logo an item's tile shows: its tile raster (see [`crate::logos::Tile`]) when it
    /// has one, else the logo itself.
    pub fn tile_logo(&self, item: &Item) -> Option<String> {
        match self.tile_files.get(&item.logo) {
            Some(tile) => Some(format!("{}/logos/{tile}", self.base)),
            None => self.logo(item),
        }
    }
}

/// A logo tile on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct TileView<'a> {
    /// The item's index in [`Landscape::items`]: its column in the explorer index.
    pub i: usize,
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    /// What the tile shows: the logo's tile raster, or the logo (see [`Urls::tile_logo`] and
    /// [`LargeTiles`]).
    pub logo: Option<String>,
    pub large: bool,
    /// The featured rule's `label`, shown on the tile.
    pub featured: Option<&'a str>,
    pub archived: bool,
    pub maturity: Option<&'a str>,
    /// Space-separated ids of the groups whose view shows this featured tile plain.
    pub plain_in: String,
}

/// A subcategory box on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct SubcategoryView<'a> {
    pub name: &'a str,
    pub anchor: String,
    /// Grid cells the tiles fill (a large tile fills four): the box's share of its row, so
    /// boxes side by side come out about as tall as each other.
    pub weight: usize,
    pub tiles: Vec<TileView<'a>>,
}

/// A category band on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView<'a> {
    pub name: &'a str,
    pub anchor: String,
    pub count: usize,
    pub subcategories: Vec<SubcategoryView<'a>>,
}

/// What a large tile shows. The explorer fits each tile's logo to the screen at hand; a
/// page without its script cannot, and there a large tile's box (121 px at the default
/// size) is past its raster on any screen denser than one device pixel per CSS pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LargeTiles {
    /// The tile raster, fitted by the explorer.
    Raster,
    /// The SVG, sharp at any size.
    Svg,
}

/// The categories of a page of tiles, from the shared layout model.
pub fn categories<'a>(
    layout: &'a LayoutModel,
    landscape: &'a Landscape,
    urls: &Urls,
    large_tiles: LargeTiles,
) -> Vec<CategoryView<'a>> {
    layout
        .categories
        .iter()
        .map(|c| {
            let subcategories: Vec<SubcategoryView> = c
                .subcategories
                .iter()
                .map(|s| SubcategoryView {
                    name: &s.name,
                    anchor: slugify(&format!("{} {}", c.name, s.name)),
                    weight: s
                        .tiles
                        .iter()
                        .map(|t| if t.size == TileSize::Large { 4 } else { 1 })
                        .sum(),
                    tiles: s
                        .tiles
                        .iter()
                        .map(|t| {
                            let item = &landscape.items[t.item];
                            let large = t.size == TileSize::Large;
                            TileView {
                                i: t.item,
                                id: &item.id,
                                name: &item.name,
                                url: urls.item(item),
                                logo: if large && large_tiles == LargeTiles::Svg {
                                    urls.logo(item)
                                } else {
                                    urls.tile_logo(item)
                                },
                                large,
                                featured: t.label.as_deref(),
                                archived: item.is_archived(),
                                maturity: item.maturity.as_deref(),
                                plain_in: t.plain_in.join(" "),
                            }
                        })
                        .collect(),
                })
                .collect();
            CategoryView {
                name: &c.name,
                anchor: slugify(&c.name),
                count: subcategories.iter().map(|s| s.tiles.len()).sum(),
                subcategories,
            }
        })
        .collect()
}

/// A labelled link on an item page.
#[derive(Debug, Serialize)]
pub struct LinkView {
    pub label: String,
    pub url: String,
}

/// A labelled value on an item page.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub label: String,
    pub value: String,
}

/// Everything an item page shows.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    pub item: &'a Item,
    pub url: String,
    pub category_anchor: String,
    pub logo: Option<String>,
    pub links: Vec<LinkView>,
    pub dates: Vec<FieldView>,
    /// Maturity steps with their dates, oldest first.
    pub timeline: Vec<FieldView>,
    pub summary: Vec<FieldView>,
    pub other_paths: Vec<String>,
    /// The maturity badge's class suffix and text (settings may label levels).
    pub maturity_class: Option<String>,
    pub maturity_label: Option<String>,
    /// The settings' custom fields the item has, in settings order.
    pub custom: Vec<CustomFieldView>,
}

/// One custom field on an item page: a link (http(s), checked when loading), a list, or
/// text.
#[derive(Debug, Serialize)]
pub struct CustomFieldView {
    pub key: String,
    pub label: String,
    pub text: String,
    pub url: Option<String>,
    pub list: Vec<String>,
}

/// The custom fields `settings` show on item pages that `item` has.
pub fn custom_fields(item: &Item, settings: &Settings) -> Vec<CustomFieldView> {
    (settings.custom_fields.iter())
        .filter(|f| f.shown_on(Place::Item))
        .filter_map(|f| {
            let value = item.extra.custom.get(&f.key)?;
            Some(CustomFieldView {
                key: f.key.clone(),
                label: f.label(),
                text: value.display(),
                url: (f.kind == "url").then(|| value.display()),
                list: match value {
                    FieldValue::List(items) => items.clone(),
                    _ => Vec::new(),
                },
            })
        })
        .collect()
}

/// Builds an item page's view.
pub fn item_view<'a>(item: &'a Item, urls: &Urls, settings: &Settings) -> ItemView<'a> {
    let mut links = vec![LinkView {
        label: "Homepage".into(),
        url: item.homepage_url.clone(),
    }];
    for repo in &item.repositories {
        links.push(LinkView {
            label: if repo.primary {
                "Repository".into()
            } else {
                "Other repository".into()
            },
            url: repo.url.clone(),
        });
    }
    let simple = [
        ("Crunchbase", &item.crunchbase),
        ("Twitter / X", &item.twitter),
        ("OpenSSF best practices", &item.url_for_bestpractices),
    ];
    for (label, url) in simple {
        if let Some(url) = url {
            links.push(LinkView {
                label: label.into(),
                url: url.clone(),
            });
        }
    }
    for (key, url) in &item.extra.links {
        links.push(LinkView {
            label: humanize(key.trim_end_matches("_url")),
            url: url.clone(),
        });
    }
    for link in &item.extra.other_links {
        links.push(LinkView {
            label: link.name.clone(),
            url: link.url.clone(),
        });
    }
    let mut dates = Vec::new();
    if let Some(joined) = &item.joined {
        dates.push(FieldView {
            label: "Joined".into(),
            value: joined.clone(),
        });
    }
    if let Some(d) = item.extra.dates.get("annual_review_date") {
        dates.push(FieldView {
            label: "Annual review".into(),
            value: d.clone(),
        });
    }
    // The maturity timeline: each step the project took, oldest first.
    let mut timeline: Vec<FieldView> = ["accepted", "incubating", "graduated", "archived"]
        .iter()
        .filter_map(|key| {
            item.extra.dates.get(*key).map(|d| FieldView {
                label: humanize(key),
                value: d.clone(),
            })
        })
        .collect();
    timeline.sort_by(|a, b| a.value.cmp(&b.value));
    let summary = item
        .extra
        .summary
        .iter()
        .map(|(k, v)| FieldView {
            label: humanize(k.trim_start_matches("summary_")),
            value: v.clone(),
        })
        .collect();
    let mut other_paths = Vec::new();
    for p in &item.second_path {
        other_paths.push(format!("{} / {}", p.category, p.subcategory));
    }
    ItemView {
        item,
        url: urls.item(item),
        category_anchor: slugify(&item.category),
        logo: urls.logo(item),
        links,
        dates,
        timeline,
        summary,
        other_paths,
        maturity_class: item.maturity.as_deref().map(slugify),
        maturity_label: item.maturity.as_deref().map(|m| settings.maturity_label(m)),
        custom: custom_fields(item, settings),
    }
}

/// `annual_review_date` → "Annual review date".
fn humanize(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}
