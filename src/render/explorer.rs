//! The explorer's index: one compact JSON file that the browser filters, searches and sorts
//! (`data/explorer.<hash>.json`, linked from `index.html`).
//!
//! It is columnar (one array per field, indexed like [`Landscape::items`]) because columns of
//! small integers compress far better than objects. Names, logos and permalinks are not in
//! it: the grid's tiles in `index.html` already carry them, and `data-i` on a tile names its
//! column index. That keeps the first view (HTML + data) small on a 2,400-item landscape.

use std::collections::HashMap;

use serde::Serialize;

use crate::enrich::ItemGithub;
use crate::layout::LayoutModel;
use crate::load::Settings;
use crate::model::{Item, Landscape, slugify};

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
    key: &'static str,
    label: &'static str,
    values: Vec<String>,
    /// URL identifiers when labels are not unique (subcategories: their anchor).
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<String>>,
    /// For subcategories: the index of each value's category in the category facet.
    #[serde(skip_serializing_if = "Option::is_none")]
    parents: Option<Vec<usize>>,
    of: Vec<Option<Cell>>,
}

#[derive(Debug, Serialize)]
struct GroupJson<'a> {
    name: &'a str,
    id: String,
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
}

/// Builds the explorer index. `gh` holds each item's GitHub figures.
pub fn explorer_data(
    landscape: &Landscape,
    layout: &LayoutModel,
    settings: &Settings,
    gh: &[Option<ItemGithub>],
) -> ExplorerData {
    let items = &landscape.items;
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
            strings(items, |i| organization(i).into_iter().collect()),
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
            "github",
            "GitHub repository",
            strings(items, |i| {
                vec![yes_no(i.repositories.iter().any(|r| is_github(&r.url)))]
            }),
        ),
    ];
    for (key, label, values) in candidates {
        let facet = value_facet(key, label, &values);
        // A filter with one value everybody has cannot narrow anything.
        let useful = facet.values.len() > 1 || facet.of.iter().any(Option::is_none);
        if !facet.values.is_empty() && useful {
            facets.push(facet);
        }
    }
    let groups = settings
        .groups
        .iter()
        .map(|g| GroupJson {
            name: &g.name,
            id: g.id(),
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
        desc: items
            .iter()
            .zip(gh)
            .map(|(i, g)| {
                i.description
                    .clone()
                    .or_else(|| g.as_ref().and_then(|g| g.description.clone()))
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
    for (c, category) in layout.categories.iter().enumerate() {
        cat_values.push(category.name.clone());
        for sub in &category.subcategories {
            let s = sub_values.len();
            sub_values.push(sub.name.clone());
            sub_ids.push(slugify(&format!("{} {}", category.name, sub.name)));
            parents.push(c);
            for tile in sub.tiles.iter().filter(|t| t.item < n) {
                push_unique(&mut cats[tile.item], c);
                push_unique(&mut subs[tile.item], s);
            }
        }
    }
    let category = Facet {
        key: "category",
        label: "Category",
        values: cat_values,
        ids: None,
        parents: None,
        of: cats.into_iter().map(cell).collect(),
    };
    let subcategory = Facet {
        key: "subcategory",
        label: "Subcategory",
        values: sub_values,
        ids: Some(sub_ids),
        parents: Some(parents),
        of: subs.into_iter().map(cell).collect(),
    };
    (category, subcategory)
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
fn value_facet(key: &'static str, label: &'static str, per_item: &[Vec<String>]) -> Facet {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in per_item.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let mut values: Vec<&str> = counts.keys().copied().collect();
    values.sort_by(|a, b| {
        rank(key, a)
            .cmp(&rank(key, b))
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
        key,
        label,
        values: values.into_iter().map(String::from).collect(),
        ids: None,
        parents: None,
        of,
    }
}

/// Fixed order for values people expect in order; everything else ranks equal.
fn rank(key: &str, value: &str) -> usize {
    let order: &[&str] = match key {
        "maturity" => &["graduated", "incubating", "sandbox", "archived"],
        "oss" | "enduser" | "github" => &["Yes", "No"],
        _ => &[],
    };
    order
        .iter()
        .position(|o| o.eq_ignore_ascii_case(value))
        .unwrap_or(order.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_order_and_cells() {
        let per_item = vec![
            vec!["sandbox".to_string()],
            vec!["graduated".to_string()],
            vec![],
            vec!["sandbox".to_string()],
        ];
        let f = value_facet("maturity", "Maturity", &per_item);
        assert_eq!(f.values, ["graduated", "sandbox"]);
        assert_eq!(
            f.of,
            [
                Some(Cell::One(1)),
                Some(Cell::One(0)),
                None,
                Some(Cell::One(1))
            ]
        );
        let json = serde_json::to_string(&f.of).unwrap_or_default();
        assert_eq!(json, "[1,0,null,1]");
    }

    #[test]
    fn crunchbase_names_are_readable() {
        let yaml = "landscape:\n- category:\n  name: C\n  subcategories:\n  - subcategory:\n    name: S\n    items:\n    - item:\n      name: A\n      homepage_url: https://a.io\n      logo: a.svg\n      crunchbase: https://www.crunchbase.com/organization/amazon-web-services\n";
        let loaded = crate::load::landscape::read("l.yml", yaml);
        let mut item = loaded.landscape.items[0].clone();
        assert_eq!(organization(&item).as_deref(), Some("Amazon Web Services"));
        item.organization = Some("AWS".into());
        assert_eq!(organization(&item).as_deref(), Some("AWS"));
    }

    #[test]
    fn repo_paths_for_search() {
        assert_eq!(
            repo_path("https://github.com/cncf/landscape/"),
            "cncf/landscape"
        );
        assert!(is_github("https://GitHub.com/a/b"));
        assert!(!is_github("https://gitlab.com/a/b"));
    }
}
