//! The explorer index's facets: per filter, its values and which of them each item has.

use std::collections::HashMap;

use serde::Serialize;

use crate::layout::LayoutModel;
use crate::model::{Item, normalize_name, slugify};

/// An item's value(s) for one facet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(super) enum Cell {
    One(usize),
    Many(Vec<usize>),
}

/// One filter: its values and, per item, which of them the item has.
#[derive(Debug, Serialize)]
pub(super) struct Facet {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) values: Vec<String>,
    /// How values read, when not as written (the settings' maturity labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) labels: Option<Vec<String>>,
    /// The value whose items the explorer leaves out until asked (`archived`: Yes), when
    /// settings hide archived items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) hide: Option<usize>,
    /// URL identifiers when labels are not unique (subcategories: their anchor) or when a
    /// value stands for "none" (its id is landscape2's: `non-cncf`, `non-oss`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ids: Option<Vec<String>>,
    /// landscape2's anchors of subcategories (`<category>--<subcategory>`, normalized).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) anchors: Option<Vec<String>>,
    /// The value items without any other have (maturity: not a project of the foundation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) none: Option<usize>,
    /// The URL id landscape2 uses for "every value but none" (`project=cncf`, `license=oss`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) all: Option<String>,
    /// For subcategories: the index of each value's category in the category facet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) parents: Option<Vec<usize>>,
    pub(super) of: Vec<Option<Cell>>,
}

impl Facet {
    /// A facet with `values`, and per item the indices of those it has; no extra fields.
    pub(super) fn new(
        key: &str,
        label: &str,
        values: Vec<String>,
        per_item: Vec<Vec<usize>>,
    ) -> Self {
        Facet {
            key: key.to_string(),
            label: label.to_string(),
            values,
            labels: None,
            hide: None,
            ids: None,
            anchors: None,
            none: None,
            all: None,
            parents: None,
            of: per_item.into_iter().map(cell).collect(),
        }
    }
}

/// Category and subcategory facets from the layout, so second paths count and hidden
/// subcategories do not.
pub(super) fn path_facets(layout: &LayoutModel, n: usize) -> (Facet, Facet) {
    let mut cats: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut subs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut cat_values = Vec::new();
    let (mut sub_values, mut sub_ids, mut parents) = (Vec::new(), Vec::new(), Vec::new());
    let mut sub_anchors = Vec::new();
    for (c, category) in layout.categories.iter().enumerate() {
        cat_values.push(category.name.clone());
        for sub in &category.subcategories {
            let s = sub_values.len();
            sub_values.push(sub.name.clone());
            sub_ids.push(slugify(&format!("{} {}", category.name, sub.name)));
            sub_anchors.push(format!(
                "{}--{}",
                normalize_name(&category.name),
                normalize_name(&sub.name)
            ));
            parents.push(c);
            for tile in sub.tiles.iter().filter(|t| t.item < n) {
                push_unique(&mut cats[tile.item], c);
                push_unique(&mut subs[tile.item], s);
            }
        }
    }
    let category = Facet::new("category", "Category", cat_values, cats);
    let subcategory = Facet {
        ids: Some(sub_ids),
        anchors: Some(sub_anchors),
        parents: Some(parents),
        ..Facet::new("subcategory", "Subcategory", sub_values, subs)
    };
    (category, subcategory)
}

/// Gives the items without a value of `facet` a value of their own, "None" (id `none_id`),
/// so "no maturity" can be filtered and counted like any maturity; `all_id` names every
/// other value. Nothing changes when no item has a value (the facet is left out).
pub(super) fn with_none(facet: &mut Facet, none_id: String, all_id: String) {
    if facet.values.is_empty() || facet.of.iter().all(Option::is_some) {
        return;
    }
    let none = facet.values.len();
    let mut ids = facet.ids.take().unwrap_or_else(|| facet.values.clone());
    ids.push(none_id);
    facet.values.push("None".into());
    facet.ids = Some(ids);
    facet.none = Some(none);
    facet.all = Some(all_id);
    for cell in facet.of.iter_mut().filter(|c| c.is_none()) {
        *cell = Some(Cell::One(none));
    }
}

pub(super) fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

pub(super) fn cell(mut v: Vec<usize>) -> Option<Cell> {
    match v.len() {
        0 => None,
        1 => v.pop().map(Cell::One),
        _ => Some(Cell::Many(v)),
    }
}

pub(super) fn strings(items: &[Item], f: impl Fn(&Item) -> Vec<String>) -> Vec<Vec<String>> {
    items.iter().map(f).collect()
}

/// A facet over free values: most frequent first (maturity in its natural order), so the
/// filter panel lists what matters at the top.
pub(super) fn value_facet(key: &str, label: &str, per_item: &[Vec<String>]) -> Facet {
    value_facet_ordered(key, label, per_item, default_order(key))
}

/// [`value_facet`] with the values in `order` first, in that order.
pub(super) fn value_facet_ordered(
    key: &str,
    label: &str,
    per_item: &[Vec<String>],
    order: &[&str],
) -> Facet {
    let rank = |value: &str| {
        (order.iter())
            .position(|o| o.eq_ignore_ascii_case(value))
            .unwrap_or(order.len())
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in per_item.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let mut values: Vec<&str> = counts.keys().copied().collect();
    values.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(counts[b].cmp(&counts[a]))
            .then(a.to_lowercase().cmp(&b.to_lowercase()))
    });
    let index: HashMap<&str, usize> = values.iter().enumerate().map(|(k, v)| (*v, k)).collect();
    let of = per_item
        .iter()
        .map(|vs| {
            let mut ids: Vec<usize> = Vec::new();
            for v in vs {
                push_unique(&mut ids, index[v.as_str()]);
            }
            ids
        })
        .collect();
    let values = values.into_iter().map(String::from).collect();
    Facet::new(key, label, values, of)
}

/// Fixed order for values people expect in order; everything else ranks equal.
pub(super) fn default_order(key: &str) -> &'static [&'static str] {
    match key {
        "maturity" => &["graduated", "incubating", "sandbox", "archived"],
        "oss" | "enduser" | "specification" | "github" => &["Yes", "No"],
        _ => &[],
    }
}

pub(super) fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}
