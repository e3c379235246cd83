//! landscape2's embed datasets, `data/embed_<key>.json`, in its exact shape: iframes pasted
//! from a landscape2 site (`embed/embed.html?classify=…&key=…`) fetch them, and some sites
//! read them directly. Keys: `category_<c>`, `category_<c>--<s>`, `maturity_<m>`,
//! `maturity_all`, `tag_<t>`, `tag_all`, every name normalized as landscape2 does.
//!
//! Also what the embed configurator offers: the categories and subcategories that have
//! items, the maturity levels and tags.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::views::Urls;
use crate::enrich::{ItemGithub, Organization};
use crate::load::Settings;
use crate::model::{Item, Landscape, normalize_name};

/// An item as the embeds show it (landscape2's field order).
#[derive(Debug, Serialize)]
struct EmbedItem<'a> {
    category: &'a str,
    id: &'a str,
    name: &'a str,
    /// The published logo, relative to the site root (`logos/<file>`); empty when none was.
    logo: String,
    subcategory: &'a str,
    website: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_categories: Vec<AdditionalCategory<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maturity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_subcategory: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_repository_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<Vec<&'a str>>,
}

#[derive(Debug, Serialize)]
struct AdditionalCategory<'a> {
    category: &'a str,
    subcategory: &'a str,
}

/// A name with its normalized form.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub name: String,
    pub normalized_name: String,
}

impl Named {
    fn new(name: &str) -> Named {
        Named {
            name: name.to_string(),
            normalized_name: normalize_name(name),
        }
    }
}

/// A category with (some of) its subcategories.
#[derive(Debug, Clone, Serialize)]
pub struct NamedCategory {
    pub name: String,
    pub normalized_name: String,
    pub subcategories: Vec<Named>,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Classification {
    Category(NamedCategory),
    Maturity(Vec<Named>),
    Tag(Vec<Named>),
}

#[derive(Serialize)]
struct View<'a> {
    classification: Classification,
    foundation: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<&'a EmbedItem<'a>>,
}

/// Every embed dataset: file key (`category_runtime`) → JSON bytes. A key two names
/// normalize to holds the later one, as in landscape2.
pub fn embed_datasets(
    landscape: &Landscape,
    settings: &Settings,
    github: &[Option<ItemGithub>],
    orgs: &[Option<Arc<Organization>>],
    urls: &Urls,
) -> BTreeMap<String, Vec<u8>> {
    let tags = item_tags(landscape);
    let members = member_subcategories(landscape, settings);
    let items: Vec<EmbedItem> = (landscape.items.iter().enumerate())
        .map(|(i, item)| {
            let gh = github.get(i).and_then(Option::as_ref);
            let org = orgs.get(i).and_then(Option::as_deref);
            embed_item(item, gh, org, urls, &tags[i], &members)
        })
        .collect();
    let foundation = settings.foundation.as_str();
    let mut out = BTreeMap::new();
    // Escaped like JSON inside <script> (as items.json is), so the data stays inert wherever
    // it is pasted.
    let mut put = |key: String, view: View| {
        out.insert(key, super::data::json_for_script(&view).into_bytes());
    };
    for category in &landscape.categories {
        let named = NamedCategory {
            name: category.name.clone(),
            normalized_name: normalize_name(&category.name),
            subcategories: (category.subcategories.iter())
                .map(|s| Named::new(&s.name))
                .collect(),
        };
        let in_category = |item: &Item| {
            item.category == category.name
                || item.second_path.iter().any(|p| p.category == category.name)
        };
        put(
            format!("category_{}", named.normalized_name),
            View {
                classification: Classification::Category(named.clone()),
                foundation,
                items: select(landscape, &items, in_category),
            },
        );
        for sub in &named.subcategories {
            let in_sub = |item: &Item| {
                (item.category == category.name && item.subcategory == sub.name)
                    || (item.second_path.iter())
                        .any(|p| p.category == category.name && p.subcategory == sub.name)
            };
            let only = NamedCategory {
                subcategories: vec![sub.clone()],
                ..named.clone()
            };
            put(
                format!(
                    "category_{}--{}",
                    named.normalized_name, sub.normalized_name
                ),
                View {
                    classification: Classification::Category(only),
                    foundation,
                    items: select(landscape, &items, in_sub),
                },
            );
        }
    }
    let maturity = group_by(landscape.items.iter().map(|i| i.maturity.as_deref()));
    let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, item_tags) in tags.iter().enumerate() {
        for tag in item_tags {
            by_tag.entry(tag).or_default().push(i);
        }
    }
    for (kind, groups) in [("maturity", &maturity), ("tag", &by_tag)] {
        for (key, classification, members) in options_views(kind, groups, &items) {
            put(
                key,
                View {
                    classification,
                    foundation,
                    items: members,
                },
            );
        }
    }
    out
}

/// What the embed configurator offers: the categories and subcategories that have items
/// (their own or by a second path), maturity levels and tags, each sorted by name.
#[derive(Debug, Serialize)]
pub struct EmbedOptions {
    pub categories: Vec<NamedCategory>,
    pub maturity: Vec<Named>,
    pub tags: Vec<Named>,
}

/// The configurator's choices for `landscape`.
pub fn embed_options(landscape: &Landscape) -> EmbedOptions {
    let used = |c: &str, s: &str| {
        (landscape.items.iter()).any(|i| {
            (i.category == c && i.subcategory == s)
                || (i.second_path.iter()).any(|p| p.category == c && p.subcategory == s)
        })
    };
    let mut categories: Vec<NamedCategory> = (landscape.categories.iter())
        .map(|c| {
            let mut subcategories: Vec<Named> = (c.subcategories.iter())
                .filter(|s| used(&c.name, &s.name))
                .map(|s| Named::new(&s.name))
                .collect();
            subcategories.sort_by(|a, b| a.name.cmp(&b.name));
            NamedCategory {
                name: c.name.clone(),
                normalized_name: normalize_name(&c.name),
                subcategories,
            }
        })
        .filter(|c| !c.subcategories.is_empty())
        .collect();
    categories.sort_by(|a, b| a.name.cmp(&b.name));
    let named = |values: BTreeMap<&str, Vec<usize>>| values.keys().map(|v| Named::new(v)).collect();
    let tags = item_tags(landscape);
    EmbedOptions {
        categories,
        maturity: named(group_by(
            landscape.items.iter().map(|i| i.maturity.as_deref()),
        )),
        tags: named(group_by(tags.iter().flatten().map(|t| Some(*t)))),
    }
}

/// The items `keep` accepts, in data order.
fn select<'a>(
    landscape: &Landscape,
    items: &'a [EmbedItem<'a>],
    keep: impl Fn(&Item) -> bool,
) -> Vec<&'a EmbedItem<'a>> {
    (landscape.items.iter().zip(items))
        .filter(|(item, _)| keep(item))
        .map(|(_, e)| e)
        .collect()
}

/// Item indices by each value they have, values in `str` order.
fn group_by<'a>(values: impl Iterator<Item = Option<&'a str>>) -> BTreeMap<&'a str, Vec<usize>> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, v) in values.enumerate() {
        if let Some(v) = v {
            groups.entry(v).or_default().push(i);
        }
    }
    groups
}

/// One view per option (`<kind>_<option>`) and, when any item has one, `<kind>_all`:
/// every option listed, the items sorted by id without repeats.
fn options_views<'a>(
    kind: &str,
    groups: &BTreeMap<&str, Vec<usize>>,
    items: &'a [EmbedItem<'a>],
) -> Vec<(String, Classification, Vec<&'a EmbedItem<'a>>)> {
    let classify = |options: Vec<Named>| match kind {
        "maturity" => Classification::Maturity(options),
        _ => Classification::Tag(options),
    };
    let mut views = Vec::new();
    let mut all: Vec<&EmbedItem> = Vec::new();
    for (option, members) in groups {
        let named = Named::new(option);
        let selected: Vec<&EmbedItem> = members.iter().map(|&i| &items[i]).collect();
        all.extend(&selected);
        let key = format!("{kind}_{}", named.normalized_name);
        views.push((key, classify(vec![named]), selected));
    }
    if !all.is_empty() {
        all.sort_by(|a, b| a.id.cmp(b.id));
        all.dedup_by(|a, b| a.id == b.id);
        let options = groups.keys().map(|o| Named::new(o)).collect();
        views.push((format!("{kind}_all"), classify(options), all));
    }
    views
}

fn embed_item<'a>(
    item: &'a Item,
    github: Option<&'a ItemGithub>,
    org: Option<&'a Organization>,
    urls: &Urls,
    tags: &[&'a str],
    members: &HashMap<&str, &'a str>,
) -> EmbedItem<'a> {
    let non_empty = |s: Option<&'a String>| s.map(String::as_str).filter(|s| !s.is_empty());
    EmbedItem {
        category: &item.category,
        id: &item.l2_id,
        name: &item.name,
        logo: (urls.logo_files.get(&item.logo))
            .map(|f| format!("logos/{f}"))
            .unwrap_or_default(),
        subcategory: &item.subcategory,
        website: &item.homepage_url,
        additional_categories: (item.second_path.iter())
            .map(|p| AdditionalCategory {
                category: &p.category,
                subcategory: &p.subcategory,
            })
            .collect(),
        description: super::org_view::description(item, github, org),
        maturity: item.maturity.as_deref(),
        member_subcategory: (item.crunchbase.as_deref()).and_then(|c| members.get(c).copied()),
        organization_name: non_empty(item.organization.as_ref())
            .or_else(|| non_empty(org.and_then(|o| o.name.as_ref()))),
        primary_repository_url: item.primary_repo().map(|r| r.url.as_str()),
        tag: (!tags.is_empty()).then(|| tags.to_vec()),
    }
}

/// Each item's tags: its own `tag` list, or the TAG the settings `tags` rules gave it when
/// the landscape was prepared (`crate::rules`).
fn item_tags(landscape: &Landscape) -> Vec<Vec<&str>> {
    (landscape.items.iter())
        .map(|item| item.extra.tags.iter().map(String::as_str).collect())
        .collect()
}

/// Crunchbase URL → the subcategory of the settings `members_category` listing it (the
/// last one, in data order): every item of that organization shows it.
fn member_subcategories<'a>(
    landscape: &'a Landscape,
    settings: &Settings,
) -> HashMap<&'a str, &'a str> {
    let mut members = HashMap::new();
    if let Some(category) = &settings.members_category {
        for item in landscape.items.iter().filter(|i| &i.category == category) {
            if let Some(crunchbase) = &item.crunchbase {
                members.insert(crunchbase.as_str(), item.subcategory.as_str());
            }
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = "
landscape:
  - category:
    name: Runtime
    subcategories:
      - subcategory:
        name: Storage
        items:
          - item:
            name: Own Tag
            homepage_url: https://a.example.org/
            logo: a.svg
            project: sandbox
            extra:
              tag: [mine]
          - item:
            name: Ruled
            homepage_url: https://b.example.org/
            logo: b.svg
            project: graduated
            crunchbase: https://www.crunchbase.com/organization/b
          - item:
            name: Not A Project
            homepage_url: https://c.example.org/
            logo: c.svg
      - subcategory:
        name: Network
        items:
          - item:
            name: Elsewhere
            homepage_url: https://d.example.org/
            logo: d.svg
            project: incubating
  - category:
    name: Members
    subcategories:
      - subcategory:
        name: Gold
        items:
          - item:
            name: B Corp
            homepage_url: https://b.example.org/
            logo: b.svg
            crunchbase: https://www.crunchbase.com/organization/b
";

    /// The landscape as `prepare` hands it on: settings rules applied. Rules in TAG-name
    /// order: `b-storage` (Storage only) comes before `z-runtime`.
    fn fixture() -> (Landscape, Settings) {
        let mut landscape = crate::load::landscape::read("landscape.yml", DATA).landscape;
        let settings: Settings = crate::yaml::parse_typed(
            "foundation: F\nmembers_category: Members\ntags:\n  z-runtime:\n    - category: Runtime\n  b-storage:\n    - category: Runtime\n      subcategories: [Storage]\n",
        )
        .expect("settings");
        crate::rules::apply(&mut landscape.items, &settings);
        (landscape, settings)
    }

    #[test]
    fn tags_are_the_items_own_or_given_by_rules() {
        let (landscape, settings) = fixture();
        let urls = Urls {
            base: String::new(),
            logo_files: Default::default(),
            tile_files: Default::default(),
        };
        let sets = embed_datasets(&landscape, &settings, &[], &[], &urls);
        let tags = |key: &str| -> Vec<String> {
            let view: serde_json::Value = serde_json::from_slice(&sets[key]).unwrap();
            (view["items"].as_array().unwrap().iter())
                .map(|i| i["tag"].to_string())
                .collect()
        };
        assert_eq!(
            tags("category_runtime"),
            [
                r#"["mine"]"#,
                r#"["b-storage"]"#,
                "null",
                r#"["z-runtime"]"#
            ]
        );
        assert_eq!(tags("tag_z-runtime"), [r#"["z-runtime"]"#]);
        let options = embed_options(&landscape);
        let names: Vec<&str> = options.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["b-storage", "mine", "z-runtime"]);
    }

    #[test]
    fn descriptions_fall_back_to_github_and_members_get_their_level() {
        let (landscape, settings) = fixture();
        let urls = Urls {
            base: String::new(),
            logo_files: [("b.svg".to_string(), "b.123.svg".to_string())].into(),
            tile_files: Default::default(),
        };
        let mut github = vec![None; landscape.items.len()];
        github[1] = Some(ItemGithub {
            description: Some("From GitHub".into()),
            ..ItemGithub::default()
        });
        let sets = embed_datasets(&landscape, &settings, &github, &[], &urls);
        let view: serde_json::Value =
            serde_json::from_slice(&sets["category_runtime--storage"]).unwrap();
        let ruled = &view["items"][1];
        assert_eq!(ruled["description"], "From GitHub");
        assert_eq!(ruled["member_subcategory"], "Gold");
        assert_eq!(ruled["logo"], "logos/b.123.svg");
        // A logo that was not published: empty, and the embed shows its placeholder.
        assert_eq!(view["items"][0]["logo"], "");
        assert!(view["items"][0].get("description").is_none());
        let tag_all: serde_json::Value = serde_json::from_slice(&sets["tag_all"]).unwrap();
        let options: Vec<&str> = (tag_all["classification"]["tag"].as_array().unwrap().iter())
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(options, ["b-storage", "mine", "z-runtime"]);
    }
}
