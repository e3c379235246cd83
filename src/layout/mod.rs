//! Stage 4: what goes where. One layout model serves the HTML grid and the poster: categories
//! in display order, their subcategories, and each subcategory's tiles with their size.

use serde::Serialize;

use crate::load::Settings;
use crate::load::settings::{FeaturedOption, FeaturedRule, Group};
use crate::model::{Item, Landscape};

/// How big a tile is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TileSize {
    Normal,
    /// Featured items (settings `featured_items`, e.g. graduated projects): twice the side.
    Large,
}

/// One logo tile: an item placed in a subcategory.
#[derive(Debug, Clone, Serialize)]
pub struct Tile {
    /// Index into [`Landscape::items`].
    pub item: usize,
    pub size: TileSize,
    /// The featured option's label (e.g. "CNCF Graduated"), if featured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub featured: Option<String>,
    /// The featured option's own `label` (none given: no label on the grid's tile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// True when the tile is here because of the item's `second_path`.
    pub secondary: bool,
    /// Ids of the groups showing this category whose view does not feature the tile
    /// (`featured_items` `exclude: groups:`). Empty in a group's own model, which already
    /// sizes the tile for that group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plain_in: Vec<String>,
}

/// A subcategory box.
#[derive(Debug, Clone, Serialize)]
pub struct LayoutSubcategory {
    pub name: String,
    pub tiles: Vec<Tile>,
}

/// A category band.
#[derive(Debug, Clone, Serialize)]
pub struct LayoutCategory {
    pub name: String,
    pub subcategories: Vec<LayoutSubcategory>,
}

/// The whole arrangement, in display order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LayoutModel {
    pub categories: Vec<LayoutCategory>,
}

/// Which part of the landscape to lay out.
#[derive(Debug, Clone, Default)]
pub enum Selection {
    #[default]
    All,
    /// A settings group, by name or alias.
    Group(String),
    Category(String),
}

/// Why a selection cannot be laid out.
#[derive(Debug, thiserror::Error)]
pub enum SelectionError {
    #[error("no settings group is named `{0}` (groups: {1})")]
    UnknownGroup(String, String),
    #[error("no category is named `{0}` (categories: {1})")]
    UnknownCategory(String, String),
}

impl LayoutModel {
    /// Builds the arrangement: categories in file order, subcategories in the order settings
    /// give (subcategories a settings override leaves out are hidden), tiles featured-first
    /// then by name.
    pub fn build(
        landscape: &Landscape,
        settings: &Settings,
        selection: &Selection,
    ) -> Result<Self, SelectionError> {
        let wanted = selected_categories(landscape, settings, selection)?;
        // A group's own view features what its rules leave on; a wider view features what
        // any rule does, and tells each tile which groups show it plain.
        let group = match selection {
            Selection::Group(name) => settings.group(name),
            _ => None,
        };
        let mut categories = Vec::new();
        for category in &landscape.categories {
            if !wanted.iter().any(|w| w == &category.name) {
                continue;
            }
            let order = settings.categories.iter().find(|c| c.name == category.name);
            let mut subs: Vec<&crate::model::Subcategory> = match order {
                Some(o) => o
                    .subcategories
                    .iter()
                    .filter_map(|name| category.subcategories.iter().find(|s| &s.name == name))
                    .collect(),
                None => category.subcategories.iter().collect(),
            };
            subs.retain(|s| !s.items.is_empty());
            let subcategories: Vec<LayoutSubcategory> = subs
                .into_iter()
                .map(|sub| {
                    let mut tiles: Vec<Tile> = sub
                        .items
                        .iter()
                        .map(|&i| {
                            let item = &landscape.items[i];
                            let option = featured_option(item, settings, group);
                            let label = option.and_then(|(_, o)| o.label.clone());
                            let featured = featured(item, settings, group);
                            let plain_in = match (&featured, group) {
                                (Some(_), None) => settings
                                    .groups
                                    .iter()
                                    .filter(|g| g.categories.contains(&category.name))
                                    .filter(|g| featured_in(item, settings, g).is_none())
                                    .map(|g| g.id())
                                    .collect(),
                                _ => Vec::new(),
                            };
                            Tile {
                                item: i,
                                size: if featured.is_some() {
                                    TileSize::Large
                                } else {
                                    TileSize::Normal
                                },
                                featured: featured.map(|(_, label)| label),
                                label,
                                secondary: item.subcategory != sub.name
                                    || item.category != category.name,
                                plain_in,
                            }
                        })
                        .collect();
                    tiles.sort_by_cached_key(|t| {
                        let item = &landscape.items[t.item];
                        let rank =
                            featured(item, settings, group).map_or(u32::MAX, |(order, _)| order);
                        (rank, item.name.to_lowercase())
                    });
                    LayoutSubcategory {
                        name: sub.name.clone(),
                        tiles,
                    }
                })
                .collect();
            if !subcategories.is_empty() {
                categories.push(LayoutCategory {
                    name: category.name.clone(),
                    subcategories,
                });
            }
        }
        let mut ordered = Vec::with_capacity(categories.len());
        for name in &wanted {
            if let Some(pos) = categories.iter().position(|c| &c.name == name) {
                ordered.push(categories.swap_remove(pos));
            }
        }
        Ok(LayoutModel {
            categories: ordered,
        })
    }

    /// Number of tiles (an item in two paths counts twice).
    pub fn tile_count(&self) -> usize {
        self.categories
            .iter()
            .flat_map(|c| &c.subcategories)
            .map(|s| s.tiles.len())
            .sum()
    }
}

/// Category names in display order for a selection.
fn selected_categories(
    landscape: &Landscape,
    settings: &Settings,
    selection: &Selection,
) -> Result<Vec<String>, SelectionError> {
    let all = || {
        landscape
            .categories
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    match selection {
        Selection::All => Ok(all()),
        Selection::Category(name) => landscape
            .categories
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| vec![c.name.clone()])
            .ok_or_else(|| SelectionError::UnknownCategory(name.clone(), all().join(", "))),
        Selection::Group(name) => settings
            .group(name)
            .map(|g| g.categories.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = settings.groups.iter().map(|g| g.name.as_str()).collect();
                SelectionError::UnknownGroup(name.clone(), names.join(", "))
            }),
    }
}

/// The featured rule an item matches in the view of `group` (None: a view of several
/// groups, where no rule is excluded): (display order, label).
pub fn featured(item: &Item, settings: &Settings, group: Option<&Group>) -> Option<(u32, String)> {
    featured_option(item, settings, group).map(|(order, o)| {
        let label = o.label.clone().unwrap_or_else(|| o.value.clone());
        (order, label)
    })
}

/// The featured option an item matches in the view of `group`, with its display order.
fn featured_option<'a>(
    item: &Item,
    settings: &'a Settings,
    group: Option<&Group>,
) -> Option<(u32, &'a FeaturedOption)> {
    match group {
        Some(g) => featured_in(item, settings, g),
        None => featured_rule(item, settings.featured_items.iter()),
    }
}

fn featured_in<'a>(
    item: &Item,
    settings: &'a Settings,
    group: &Group,
) -> Option<(u32, &'a FeaturedOption)> {
    featured_rule(
        item,
        settings
            .featured_items
            .iter()
            .filter(|r| !r.excluded_in(group)),
    )
}

fn featured_rule<'a>(
    item: &Item,
    rules: impl Iterator<Item = &'a FeaturedRule>,
) -> Option<(u32, &'a FeaturedOption)> {
    for rule in rules {
        let value = match rule.field.as_str() {
            "maturity" | "project" => item.maturity.as_deref(),
            "subcategory" => Some(item.subcategory.as_str()),
            "category" => Some(item.category.as_str()),
            "name" => Some(item.name.as_str()),
            _ => None,
        };
        let Some(value) = value else { continue };
        if let Some((k, option)) = rule
            .options
            .iter()
            .enumerate()
            .find(|(_, o)| o.value.eq_ignore_ascii_case(value))
        {
            return Some((option.order.unwrap_or(k as u32 + 1), option));
        }
    }
    None
}
