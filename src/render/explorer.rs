//! The explorer's index: one compact JSON file that the browser filters, searches and sorts
//! (`data/explorer.<hash>.json`, linked from `index.html`).
//!
//! It is columnar (one array per field, indexed like [`Landscape::items`]) because columns of
//! small integers compress far better than objects. Names, logos and permalinks are not in
//! it: the grid's tiles in `index.html` already carry them, and `data-i` on a tile names its
//! column index. That keeps the first view (HTML + data) small on a 2,400-item landscape.

use std::sync::Arc;

use serde::Serialize;

use crate::enrich::{ItemGithub, Organization};
use crate::layout::LayoutModel;
use crate::load::Settings;
use crate::model::{Item, Landscape, normalize_name};
use facet::{Facet, path_facets, strings, value_facet, value_facet_ordered, with_none, yes_no};

/// The explorer index, ready to write.
#[derive(Debug, Clone)]
pub struct ExplorerData {
    /// File name under `data/`, content-hashed so it can be cached for ever.
    pub file_name: String,
    pub bytes: Vec<u8>,
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
mod facet;
mod org_facets;
#[cfg(test)]
mod tests;
