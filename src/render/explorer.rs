//! The explorer's index: one compact JSON file that the browser filters, searches and sorts
//! (`data/explorer.<hash>.json`, linked from `index.html`).
//!
//! It is columnar (one array per field, indexed like [`Landscape::items`]) because columns of
//! small integers compress far better than objects. Names, logos and permalinks are not in
//! it: the grid's tiles in `index.html` already carry them, and `data-i` on a tile names its
//! column index. That keeps the first view (HTML + data) small on a 2,400-item landscape.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::enrich::{ItemGithub, Organization};
use crate::layout::LayoutModel;
use crate::load::Settings;
use crate::model::{Item, Landscape, normalize_name, slugify};

/// The explorer index, ready to write.
#[derive(Debug, Clone)]
pub struct ExplorerData {
    /// File name under `data/`, content-hashed so it can be cached for ever.
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// An item's value(s) for one facet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum Cell {
    One(usize),
    Many(Vec<usize>),
}

/// One filter: its values and, per item, which of them the item has.
#[derive(Debug, Serialize)]
struct Facet {
    key: String,
    label: String,
    values: Vec<String>,
    /// How values read, when not as written (the settings' maturity labels).
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<Vec<String>>,
    /// The value whose items the explorer leaves out until asked (`archived`: Yes), when
    /// settings hide archived items.
    #[serde(skip_serializing_if = "Option::is_none")]
    hide: Option<usize>,
    /// URL identifiers when labels are not unique (subcategories: their anchor) or when a
    /// value stands for "none" (its id is landscape2's: `non-cncf`, `non-oss`).
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<String>>,
    /// landscape2's anchors of subcategories (`<category>--<subcategory>`, normalized).
    #[serde(skip_serializing_if = "Option::is_none")]
    anchors: Option<Vec<String>>,
    /// The value items without any other have (maturity: not a project of the foundation).
    #[serde(skip_serializing_if = "Option::is_none")]
    none: Option<usize>,
    /// The URL id landscape2 uses for "every value but none" (`project=cncf`, `license=oss`).
    #[serde(skip_serializing_if = "Option::is_none")]
    all: Option<String>,
    /// For subcategories: the index of each value's category in the category facet.
    #[serde(skip_serializing_if = "Option::is_none")]
    parents: Option<Vec<usize>>,
    of: Vec<Option<Cell>>,
}

#[derive(Debug, Serialize)]
struct GroupJson<'a> {
    name: &'a str,
    id: String,
    /// landscape2's id of the group (`?group=`): its normalized name.
    key: String,
    /// Indices into the category facet's values.
    categories: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct Doc<'a> {
    v: u32,
    n: usize,
    /// Items with GitHub data.
    github: usize,
    facets: Vec<Facet>,
    groups: Vec<GroupJson<'a>>,
    desc: Vec<Option<String>>,
    repo: Vec<Option<String>>,
    topics: Vec<Vec<String>>,
    stars: Vec<Option<u64>>,
    contributors: Vec<Option<u64>>,
    /// Latest commit, `YYYY-MM-DD`.
    commit: Vec<Option<String>>,
    /// Date accepted (or joined), `YYYY-MM-DD`.
    accepted: Vec<Option<String>>,
    /// The organization's total funding in USD, when any item's organization has one (the
    /// funding sort).
    #[serde(skip_serializing_if = "Option::is_none")]
    funding: Option<Vec<Option<u64>>>,
    /// Custom fields the cards or hover cards show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<custom_facets::ShownField>,
}

/// Builds the explorer index. `gh` holds each item's GitHub figures, `orgs` its
/// organization (both indexed like the items).
pub fn explorer_data(
    landscape: &Landscape,
    layout: &LayoutModel,
    settings: &Settings,
    gh: &[Option<ItemGithub>],
    orgs: &[Option<Arc<Organization>>],
) -> ExplorerData {
    let items = &landscape.items;
    let org_of = |k: usize| orgs.get(k).and_then(Option::as_deref);
    let (category, subcategory) = path_facets(layout, items.len());
    let mut facets = vec![category, subcategory];
    let candidates = [
        (
            "maturity",
            "Maturity",
            strings(items, |i| i.maturity.iter().cloned().collect()),
        ),
        ("tag", "TAG", strings(items, |i| i.extra.tags.clone())),
        (
            "license",
            "License",
            items
                .iter()
                .zip(gh)
                .map(|(i, g)| license(i, g.as_ref()).into_iter().collect())
                .collect(),
        ),
        (
            "organization",
            "Organization",
            (items.iter().enumerate())
                .map(|(k, i)| organization_named(i, org_of(k)).into_iter().collect())
                .collect(),
        ),
        (
            "country",
            "Country",
            org_facets::countries(items.len(), org_of),
        ),
        (
            "industry",
            "Industry",
            org_facets::industries(items.len(), org_of),
        ),
        (
            "org-type",
            "Organization type",
            org_facets::types(items.len(), org_of),
        ),
        (
            "language",
            "Language",
            gh.iter()
                .map(|g| {
                    g.as_ref()
                        .and_then(|g| g.primary_language.clone())
                        .into_iter()
                        .collect()
                })
                .collect(),
        ),
        (
            "oss",
            "Open source",
            strings(items, |i| {
                vec![yes_no(i.open_source.unwrap_or(!i.repositories.is_empty()))]
            }),
        ),
        (
            "enduser",
            "End user",
            strings(items, |i| vec![yes_no(i.is_enduser())]),
        ),
        (
            "specification",
            "Specification",
            strings(items, |i| vec![yes_no(i.extra.specification == Some(true))]),
        ),
        (
            "github",
            "GitHub repository",
            strings(items, |i| {
                vec![yes_no(i.repositories.iter().any(|r| is_github(&r.url)))]
            }),
        ),
    ];
    // landscape2's filter values for "every maturity" and "no maturity" are named after the
    // foundation (`project=cncf`, `project=non-cncf`).
    let foundation = settings.foundation.to_lowercase().replace(' ', "");
    let maturity_order = settings.maturity_order();
    for (key, label, values) in candidates {
        let mut facet = match key {
            "maturity" => value_facet_ordered(key, label, &values, &maturity_order),
            _ => value_facet(key, label, &values),
        };
        match key {
            "maturity" => with_none(&mut facet, format!("non-{foundation}"), foundation.clone()),
            "license" => with_none(&mut facet, "non-oss".into(), "oss".into()),
            "org-type" => org_facets::type_ids(&mut facet),
            _ => {}
        }
        if key == "maturity" {
            custom_facets::label_levels(&mut facet, settings);
        }
        // A filter with one value everybody has cannot narrow anything.
        let useful = facet.values.len() > 1 || facet.of.iter().any(Option::is_none);
        if !facet.values.is_empty() && useful {
            facets.push(facet);
        }
    }
    facets.extend(custom_facets::facets(items, settings));
    let groups = settings
        .groups
        .iter()
        .map(|g| GroupJson {
            name: &g.name,
            id: g.id(),
            key: normalize_name(&g.name),
            categories: g
                .categories
                .iter()
                .filter_map(|c| facets[0].values.iter().position(|v| v == c))
                .collect(),
        })
        .filter(|g| !g.categories.is_empty())
        .collect();
    let date = |v: Option<&str>| v.filter(|d| d.len() >= 10).map(|d| d[..10].to_string());
    let doc = Doc {
        v: 1,
        n: items.len(),
        github: gh.iter().filter(|g| g.is_some()).count(),
        facets,
        groups,
        desc: (items.iter().zip(gh).enumerate())
            .map(|(k, (i, g))| {
                super::org_view::description(i, g.as_ref(), org_of(k)).map(str::to_string)
            })
            .collect(),
        repo: items
            .iter()
            .map(|i| i.primary_repo().map(|r| repo_path(&r.url)))
            .collect(),
        topics: (gh.iter())
            .map(|g| g.as_ref().map(|g| g.topics.clone()).unwrap_or_default())
            .collect(),
        stars: gh.iter().map(|g| g.as_ref().map(|g| g.stars)).collect(),
        contributors: gh.iter().map(|g| g.as_ref()?.contributors).collect(),
        commit: (gh.iter())
            .map(|g| {
                Some(
                    g.as_ref()?
                        .latest_commit
                        .as_ref()?
                        .date
                        .format("%Y-%m-%d")
                        .to_string(),
                )
            })
            .collect(),
        accepted: items
            .iter()
            .map(|i| {
                date(
                    i.extra
                        .dates
                        .get("accepted")
                        .or(i.joined.as_ref())
                        .map(String::as_str),
                )
            })
            .collect(),
        funding: org_facets::funding(items.len(), org_of),
        fields: custom_facets::shown(items, settings),
    };
    // Escaped like JSON inside <script>: a file that may be inlined or sniffed someday never
    // carries live markup from a contributor.
    let bytes = super::data::json_for_script(&doc).into_bytes();
    let hash = blake3::hash(&bytes).to_hex();
    ExplorerData {
        file_name: format!("explorer.{}.json", &hash[..12]),
        bytes,
    }
}

/// Category and subcategory facets from the layout, so second paths count and hidden
/// subcategories do not.
fn path_facets(layout: &LayoutModel, n: usize) -> (Facet, Facet) {
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
    let category = Facet {
        key: "category".into(),
        label: "Category".into(),
        values: cat_values,
        labels: None,
        hide: None,
        ids: None,
        anchors: None,
        none: None,
        all: None,
        parents: None,
        of: cats.into_iter().map(cell).collect(),
    };
    let subcategory = Facet {
        key: "subcategory".into(),
        label: "Subcategory".into(),
        values: sub_values,
        labels: None,
        hide: None,
        ids: Some(sub_ids),
        anchors: Some(sub_anchors),
        none: None,
        all: None,
        parents: Some(parents),
        of: subs.into_iter().map(cell).collect(),
    };
    (category, subcategory)
}

/// Gives the items without a value of `facet` a value of their own, "None" (id `none_id`),
/// so "no maturity" can be filtered and counted like any maturity; `all_id` names every
/// other value. Nothing changes when no item has a value (the facet is left out).
fn with_none(facet: &mut Facet, none_id: String, all_id: String) {
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

fn push_unique(v: &mut Vec<usize>, x: usize) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn cell(mut v: Vec<usize>) -> Option<Cell> {
    match v.len() {
        0 => None,
        1 => v.pop().map(Cell::One),
        _ => Some(Cell::Many(v)),
    }
}

fn strings(items: &[Item], f: impl Fn(&Item) -> Vec<String>) -> Vec<Vec<String>> {
    items.iter().map(f).collect()
}

/// A facet over free values: most frequent first (maturity in its natural order), so the
/// filter panel lists what matters at the top.
fn value_facet(key: &str, label: &str, per_item: &[Vec<String>]) -> Facet {
    value_facet_ordered(key, label, per_item, default_order(key))
}

/// [`value_facet`] with the values in `order` first, in that order.
fn value_facet_ordered(key: &str, label: &str, per_item: &[Vec<String>], order: &[&str]) -> Facet {
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
            cell(ids)
        })
        .collect();
    Facet {
        key: key.to_string(),
        label: label.to_string(),
        values: values.into_iter().map(String::from).collect(),
        labels: None,
        hide: None,
        ids: None,
        anchors: None,
        none: None,
        all: None,
        parents: None,
        of,
    }
}

/// Fixed order for values people expect in order; everything else ranks equal.
fn default_order(key: &str) -> &'static [&'static str] {
    match key {
        "maturity" => &["graduated", "incubating", "sandbox", "archived"],
        "oss" | "enduser" | "specification" | "github" => &["Yes", "No"],
        _ => &[],
    }
}

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.to_string()
}

/// The item's license: as the data file says, else as GitHub detected it.
pub(crate) fn license(item: &Item, github: Option<&ItemGithub>) -> Option<String> {
    if let Some(l) = item.license.as_ref().filter(|l| !l.is_empty()) {
        return Some(l.clone());
    }
    Some(github?.license.as_ref()?.display().to_string())
}

/// The organization behind an item: `organization`, else the name its organization data
/// gives, else the name in its Crunchbase URL.
pub(crate) fn organization_named(item: &Item, org: Option<&Organization>) -> Option<String> {
    if let Some(o) = item.organization.as_ref().filter(|o| !o.is_empty()) {
        return Some(o.clone());
    }
    let named = org.and_then(|o| o.name.as_deref()).map(str::trim);
    match named.filter(|n| !n.is_empty()) {
        Some(name) => Some(name.to_string()),
        None => organization(item),
    }
}

/// The organization behind an item: `organization`, else the Crunchbase profile's name
/// (`.../organization/amazon-web-services` → "Amazon Web Services").
pub(crate) fn organization(item: &Item) -> Option<String> {
    if let Some(o) = item.organization.as_ref().filter(|o| !o.is_empty()) {
        return Some(o.clone());
    }
    let slug = item
        .crunchbase
        .as_deref()?
        .trim_end_matches('/')
        .rsplit('/')
        .next()?;
    let words: Vec<String> = slug
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_github(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case("github.com"))
    })
}

/// `https://github.com/cncf/landscape` → `cncf/landscape`, for search.
fn repo_path(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| u.path().trim_matches('/').to_string())
        .unwrap_or_else(|_| url.to_string())
}

mod custom_facets;
mod org_facets;
#[cfg(test)]
mod tests;
