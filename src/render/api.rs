//! landscape2's JSON API (`api/...`): the files other tools download from a landscape site,
//! in landscape2's paths, field names and order, and sorting, so they work on ours unchanged.
//!
//! Every file is compact JSON without a trailing newline; `<`, `>` and `&` in strings are
//! `\u` escapes (the same values to a JSON reader) so contributor text never reads as markup
//! wherever a file is shown. Lists are sorted by the lowercased name, ties in data order. Paths use landscape2's ids and normalized names
//! ([`normalize_name`], [`Item::l2_id`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::data::json_for_script;
use super::views::Urls;
use crate::enrich::{EnrichReport, Organization, RepoRef, RepoStats};
use crate::load::Settings;
use crate::load::fields::is_date;
use crate::model::{
    Audit, CategoryPath, FieldValue, Item, Landscape, Link, Repository, normalize_name,
};

/// What the API and the downloads read besides the model: the published logos and the
/// GitHub data.
pub struct Sources<'a> {
    pub landscape: &'a Landscape,
    pub settings: &'a Settings,
    pub urls: &'a Urls,
    pub enrichment: Option<&'a EnrichReport>,
    /// Each organization by the `crunchbase` URL naming it, when the build has organization
    /// data.
    pub orgs: HashMap<&'a str, &'a Organization>,
}

impl Sources<'_> {
    /// A repository's GitHub figures, when the enrichment has any.
    pub fn stats(&self, repo: &Repository) -> Option<&RepoStats> {
        let r = RepoRef::with_branch(repo.url.clone(), repo.branch.clone());
        self.enrichment?.stats(&r)
    }

    /// landscape2's description: the item's own, else its primary repository's GitHub
    /// description, else its organization's.
    pub fn description<'s>(&'s self, item: &'s Item) -> Option<&'s str> {
        let own = item.description.as_deref().filter(|d| !d.is_empty());
        own.or_else(|| {
            let stats = self.stats(item.primary_repo()?)?;
            stats.description.as_deref()
        })
        .or_else(|| {
            let org = self.orgs.get(item.crunchbase.as_deref()?)?;
            org.description.as_deref().filter(|d| !d.is_empty())
        })
    }

    /// landscape2's `oss`: the primary repository has a license, written or from GitHub.
    pub fn oss(&self, item: &Item) -> Option<bool> {
        let repo = item.primary_repo()?;
        let licensed =
            repo.license.is_some() || self.stats(repo).and_then(github_license).is_some();
        licensed.then_some(true)
    }

    /// An item's logo as an absolute URL: the site's `url` plus the published file's path.
    /// landscape2 leaves `base_path` out, but its files are at the site root; ours are under
    /// the base path (and named by our own hash), so the base path is kept to point at the
    /// file that exists.
    pub fn logo_url(&self, item: &Item) -> String {
        let url = &self.settings.url;
        let root = url.strip_suffix('/').unwrap_or(url);
        format!(
            "{root}{}",
            self.urls.logo(item).unwrap_or_else(|| "/".into())
        )
    }
}

/// The license name GitHub gives (`Apache License 2.0`), as landscape2 reports it.
pub fn github_license(stats: &RepoStats) -> Option<&str> {
    let name = stats.license.as_ref()?.name.as_str();
    (name != "NOASSERTION").then_some(name)
}

/// A date field when it is a real `YYYY-MM-DD` date (the loader keeps malformed dates as
/// written, with a warning; landscape2 would not build).
pub fn date(value: Option<&String>) -> Option<&str> {
    value.map(String::as_str).filter(|d| is_date(d))
}

/// An item as the API publishes it (landscape2's `api::Item`, fields in its order).
#[derive(Serialize)]
struct ApiItem<'a> {
    category: &'a str,
    homepage_url: &'a str,
    id: &'a str,
    logo_url: String,
    name: &'a str,
    subcategory: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted_at: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    additional_categories: &'a [CategoryPath],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    annotations: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    artwork_url: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    audits: &'a [Audit],
    #[serde(skip_serializing_if = "Option::is_none")]
    blog_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bluesky_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chat_channel: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crunchbase_url: Option<&'a str>,
    /// The settings' custom fields (landscape2 has none: a key its readers skip), as
    /// `data/items.json` writes them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    custom: &'a BTreeMap<String, FieldValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    devstats_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discord_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docker_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enduser: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facebook_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    github_discussions_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gitter_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    graduated_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incubating_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    joined_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_annual_review_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_annual_review_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lfx_slug: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    linkedin_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mailing_list_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maturity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    openssf_best_practices_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oss: Option<bool>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    other_links: &'a [Link],
    #[serde(skip_serializing_if = "Option::is_none")]
    package_manager_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pinterest_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reddit_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    repositories: Vec<ApiRepository<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slack_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    specification: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stack_overflow_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tag: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    twitter_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    youtube_url: Option<&'a str>,
}

/// A repository with its GitHub figures (landscape2's `api::Repository`).
#[derive(Serialize)]
struct ApiRepository<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contributors: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    languages: Option<BTreeMap<&'a str, u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_release: Option<DateTime<Utc>>,
    /// GitHub's license only: landscape2's API ignores the data file's `license`.
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<&'a str>,
    primary: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    stars: Option<u64>,
}

/// `extra.summary_*` (landscape2's `ItemSummary`).
#[derive(Serialize, Default, PartialEq)]
struct Summary<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    business_use_case: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integration: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integrations: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intro_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    personas: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    release_rate: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_case: Option<&'a str>,
}

fn summary(item: &Item) -> Option<Summary<'_>> {
    let text = |key: &str| item.extra.summary.get(key).map(String::as_str);
    // landscape2 splits these lists on commas and trims each piece, keeping empty ones.
    let list = |key: &str| text(key).map(|t| t.split(',').map(str::trim).collect());
    let summary = Summary {
        business_use_case: text("summary_business_use_case"),
        integration: text("summary_integration"),
        integrations: text("summary_integrations"),
        intro_url: item
            .extra
            .links
            .get("summary_intro_url")
            .map(String::as_str),
        personas: list("summary_personas"),
        release_rate: text("summary_release_rate"),
        tags: list("summary_tags"),
        use_case: text("summary_use_case"),
    };
    (summary != Summary::default()).then_some(summary)
}

fn api_item<'a>(item: &'a Item, src: &'a Sources) -> ApiItem<'a> {
    let extra = &item.extra;
    let link = |key: &str| extra.links.get(key).map(String::as_str);
    let text = |key: &str| extra.text.get(key).map(String::as_str);
    let repositories = (item.repositories.iter())
        .map(|repo| {
            let stats = src.stats(repo);
            ApiRepository {
                url: &repo.url,
                branch: repo.branch.as_deref(),
                contributors: stats.and_then(|s| s.contributors),
                languages: stats.map(|s| {
                    (s.languages.iter())
                        .map(|l| (l.name.as_str(), l.bytes))
                        .collect()
                }),
                latest_release: stats.and_then(|s| s.latest_release.as_ref()?.date),
                license: stats.and_then(github_license),
                primary: repo.primary,
                stars: stats.map(|s| s.stars),
            }
        })
        .collect();
    ApiItem {
        category: &item.category,
        homepage_url: &item.homepage_url,
        id: &item.l2_id,
        logo_url: src.logo_url(item),
        name: &item.name,
        subcategory: &item.subcategory,
        accepted_at: date(extra.dates.get("accepted")),
        additional_categories: &item.second_path,
        annotations: &extra.annotations,
        archived_at: date(extra.dates.get("archived")),
        artwork_url: link("artwork_url"),
        audits: &extra.audits,
        blog_url: link("blog_url"),
        bluesky_url: link("bluesky_url"),
        chat_channel: text("chat_channel"),
        crunchbase_url: item.crunchbase.as_deref(),
        custom: &extra.custom,
        description: src.description(item),
        devstats_url: link("dev_stats_url"),
        discord_url: link("discord_url"),
        docker_url: link("docker_url"),
        // As set after settings rules: an item's own `false` is written too.
        enduser: item.enduser,
        facebook_url: link("facebook_url"),
        github_discussions_url: link("github_discussions_url"),
        gitter_url: link("gitter_url"),
        graduated_at: date(extra.dates.get("graduated")),
        incubating_at: date(extra.dates.get("incubating")),
        joined_at: date(item.joined.as_ref()),
        latest_annual_review_at: date(extra.dates.get("annual_review_date")),
        latest_annual_review_url: link("annual_review_url"),
        lfx_slug: text("lfx_slug"),
        linkedin_url: link("linkedin_url"),
        mailing_list_url: link("mailing_list_url"),
        maturity: item.maturity.as_deref(),
        openssf_best_practices_url: item.url_for_bestpractices.as_deref(),
        oss: src.oss(item),
        other_links: &extra.other_links,
        package_manager_url: link("package_manager_url"),
        pinterest_url: link("pinterest_url"),
        reddit_url: link("reddit_url"),
        repositories,
        slack_url: link("slack_url"),
        specification: extra.specification,
        stack_overflow_url: link("stack_overflow_url"),
        summary: summary(item),
        tag: &extra.tags,
        twitter_url: item.twitter.as_deref(),
        youtube_url: link("youtube_url"),
    }
}

/// Item indices sorted as landscape2 sorts every list: by the lowercased name, stable.
pub fn by_lowercase_name(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_cached_key(|&i| items[i].name.to_lowercase());
    order
}

/// The API of a landscape: every file's path and what it lists, planned first and written
/// one file at a time, so the ten-times-CNCF API (about 100 MB) is never in memory whole.
pub struct ApiFiles {
    /// Each item's JSON, indexed like the landscape's items.
    json: Vec<String>,
    /// Path under the site (`api/...`) → contents. When two paths coincide (equal
    /// normalized names, equal ids) the later one wins, as in landscape2.
    plan: BTreeMap<String, Endpoint>,
}

/// What one API file holds.
enum Endpoint {
    /// A JSON array of these items (indices, in API order).
    List(Vec<usize>),
    /// `{"count":N}`.
    Count(usize),
    /// One item's JSON.
    One(usize),
}

impl ApiFiles {
    pub fn new(src: &Sources) -> ApiFiles {
        let items = &src.landscape.items;
        let json: Vec<String> = (items.iter())
            .map(|item| json_for_script(&api_item(item, src)))
            .collect();
        // Each category's and subcategory's items in API order, in one pass.
        let order = by_lowercase_name(items);
        let mut by_category: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_subcategory: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for &i in &order {
            let item = &items[i];
            by_category.entry(&item.category).or_default().push(i);
            (by_subcategory.entry((&item.category, &item.subcategory)))
                .or_default()
                .push(i);
        }
        let mut plan = BTreeMap::new();
        let members = src.settings.members_category.as_deref();
        for category in &src.landscape.categories {
            let c = normalize_name(&category.name);
            // A name with no letter or digit normalizes to "": its path would fall on its
            // parent's files.
            if Some(category.name.as_str()) == members || c.is_empty() {
                continue;
            }
            let listed = |found: Option<&Vec<usize>>| found.cloned().unwrap_or_default();
            let in_category = listed(by_category.get(category.name.as_str()));
            endpoint(&mut plan, format!("api/categories/{c}"), in_category);
            for sub in &category.subcategories {
                let s = normalize_name(&sub.name);
                if s.is_empty() {
                    continue;
                }
                let key = (category.name.as_str(), sub.name.as_str());
                let in_sub = listed(by_subcategory.get(&key));
                endpoint(&mut plan, format!("api/categories/{c}/{s}"), in_sub);
            }
        }
        let pick = |keep: &dyn Fn(&Item) -> bool| -> Vec<usize> {
            order.iter().copied().filter(|&i| keep(&items[i])).collect()
        };
        let is_member = |i: &Item| members.is_some_and(|m| i.category == m);
        let all = pick(&is_member);
        plan.insert("api/members/count.json".into(), Endpoint::Count(all.len()));
        plan.insert("api/members/all.json".into(), Endpoint::List(all));
        let end_users = pick(&|i| is_member(i) && i.is_enduser());
        plan.insert(
            "api/members/end-users.json".into(),
            Endpoint::List(end_users),
        );

        let is_project = |i: &Item| i.maturity.is_some();
        endpoint(&mut plan, "api/projects".into(), pick(&is_project));
        for &i in &order {
            if is_project(&items[i]) {
                let path = format!("api/projects/{}.json", items[i].l2_id);
                plan.insert(path, Endpoint::One(i));
            }
        }
        ApiFiles { json, plan }
    }

    /// Every file's path, in order.
    pub fn paths(&self) -> impl ExactSizeIterator<Item = &str> {
        self.plan.keys().map(String::as_str)
    }

    /// Every file with its contents, made as each is asked for.
    pub fn files(&self) -> impl rayon::iter::ParallelIterator<Item = (&str, String)> {
        use rayon::prelude::*;
        (self.plan.par_iter()).map(|(path, endpoint)| (path.as_str(), self.contents(endpoint)))
    }

    fn contents(&self, endpoint: &Endpoint) -> String {
        match endpoint {
            Endpoint::List(picked) => {
                let len = picked
                    .iter()
                    .map(|&i| self.json[i].len() + 1)
                    .sum::<usize>();
                let mut out = String::with_capacity(len + 2);
                out.push('[');
                for (n, &i) in picked.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    out.push_str(&self.json[i]);
                }
                out.push(']');
                out
            }
            Endpoint::Count(count) => count_json(*count),
            Endpoint::One(i) => self.json[*i].clone(),
        }
    }
}

/// `<dir>/all.json` and `<dir>/count.json`.
fn endpoint(plan: &mut BTreeMap<String, Endpoint>, dir: String, items: Vec<usize>) {
    plan.insert(format!("{dir}/count.json"), Endpoint::Count(items.len()));
    plan.insert(format!("{dir}/all.json"), Endpoint::List(items));
}

fn count_json(count: usize) -> String {
    format!("{{\"count\":{count}}}")
}
