//! Reads `settings.yml` (the landscape2 settings file). Every key landscape2 documents has a
//! typed field named as the key; unknown keys are kept as data (and warned about).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use super::settings_fields::{CustomField, MaturityLevel};

/// The landscape's settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Settings {
    /// The foundation's name (e.g. CNCF).
    pub foundation: String,
    /// The landscape's public URL (http(s)).
    pub url: String,
    /// The path the site is served under (e.g. /landscape).
    pub base_path: Option<String>,
    /// The landscape's description (pages' meta description).
    pub description: Option<String>,
    /// Theme colours: color1 … color7 (CSS colours).
    #[serde(deserialize_with = "strings")]
    #[schemars(with = "Option<BTreeMap<String, Option<String>>>")]
    pub colors: BTreeMap<String, String>,
    /// Analytics (Google Tag Manager).
    pub analytics: Option<Analytics>,
    /// Display order overrides: a category's subcategories in the order given.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<CategoryOrder>>")]
    pub categories: Vec<CategoryOrder>,
    /// Items in these categories (and subcategories) without `enduser:` are end users.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<CategoryRule>>")]
    pub enduser: Vec<CategoryRule>,
    /// Rules that feature items (larger tiles), by field value.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<FeaturedRule>>")]
    pub featured_items: Vec<FeaturedRule>,
    /// Groups of categories, shown as tabs.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<Group>>")]
    pub groups: Vec<Group>,
    /// The page header: logo, links, message of the day.
    pub header: Option<Header>,
    /// The page footer: logo, links, text.
    pub footer: Option<Footer>,
    /// `favicon` and `open_graph`: an http(s) URL or a path relative to settings.yml.
    #[serde(deserialize_with = "strings")]
    #[schemars(with = "Option<BTreeMap<String, Option<String>>>")]
    pub images: BTreeMap<String, String>,
    /// The grid's default tile size; an unknown value is reported and left unset.
    #[serde(deserialize_with = "lenient")]
    #[schemars(with = "serde_json::Value")]
    pub grid_items_size: Option<GridItemsSize>,
    /// Item dialogs and pages leave out the organization section.
    pub hide_organization_section_in_projects: Option<bool>,
    /// Whether logos' viewBoxes are cropped to their drawing.
    pub logos_viewbox: LogosViewbox,
    /// The category listing the foundation's members.
    pub members_category: Option<String>,
    /// The Osano cookie consent manager.
    pub osano: Option<Osano>,
    /// Width of docs/landscape.png and .pdf, in pixels (over 1000).
    pub screenshot_width: Option<u32>,
    /// TAG name → the categories (and subcategories) whose projects without `tag` get it.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<BTreeMap<String, Vec<CategoryRule>>>")]
    pub tags: BTreeMap<String, Vec<CategoryRule>>,
    /// A banner announcing an upcoming event.
    pub upcoming_event: Option<UpcomingEvent>,
    /// The explorer's default view; an unknown value is reported and left unset.
    #[serde(deserialize_with = "lenient")]
    #[schemars(with = "serde_json::Value")]
    pub view_mode: Option<ViewMode>,
    /// Leave archived items (maturity `archived`, or an `extra.archived` date) out of the
    /// explorer until the reader asks for them (a "Show archived" switch, `?archived=show`).
    pub hide_archived_items: Option<bool>,
    /// The maturity levels items' `project:` may name, in display order, with labels and
    /// badge colours. Unset: any value, CNCF's levels ordered first.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<MaturityLevel>>")]
    pub maturity_levels: Vec<MaturityLevel>,
    /// Fields of items' `extra:` the site shows, filters on and exports.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<CustomField>>")]
    pub custom_fields: Vec<CustomField>,
    /// Keys landscape2 does not know, kept as written (loading warns about them).
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `analytics:` (Google Tag Manager).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Analytics {
    pub gtm: Option<Gtm>,
}

/// `analytics.gtm`. Loading keeps only a container id of letters, digits, `-` and `_`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Gtm {
    /// The Google Tag Manager container id.
    pub container_id: Option<String>,
}

/// `osano:` (the cookie consent manager). Loading keeps it only when both ids are plain
/// ids (letters, digits, `-` and `_`), since they become a script's path.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Osano {
    /// The Osano customer id.
    pub customer_id: String,
    /// The Osano configuration id.
    pub customer_configuration_id: String,
}

/// An `enduser:` or `tags:` rule: a category, optionally narrowed to some subcategories
/// (none listed: the whole category).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CategoryRule {
    /// The category's name.
    pub category: String,
    /// Only these subcategories (none: the whole category).
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub subcategories: Vec<String>,
}

/// `grid_items_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GridItemsSize {
    Small,
    Medium,
    Large,
}

impl FromStr for GridItemsSize {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "small" => Ok(GridItemsSize::Small),
            "medium" => Ok(GridItemsSize::Medium),
            "large" => Ok(GridItemsSize::Large),
            _ => Err(()),
        }
    }
}

/// `view_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ViewMode {
    Grid,
    Card,
}

impl FromStr for ViewMode {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "grid" => Ok(ViewMode::Grid),
            "card" => Ok(ViewMode::Card),
            _ => Err(()),
        }
    }
}

/// A value landscape2 takes as optional: null is the same as absent.
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A mapping of optional strings (links, images, colors): a null entry is absent.
fn strings<'de, D>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let map = Option::<BTreeMap<String, Option<String>>>::deserialize(deserializer)?;
    Ok(map
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect())
}

/// An enumerated setting whose unknown values are left unset instead of failing the whole
/// file (loading reports them on their line).
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr,
{
    let text = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(text.and_then(|v| v.as_str()?.parse().ok()))
}

/// `categories:` entries: a category's subcategories in display order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CategoryOrder {
    /// The category's name (`category:` works too).
    #[serde(alias = "category")]
    pub name: String,
    /// Its subcategories, in display order.
    pub subcategories: Vec<String>,
}

/// A `featured_items` rule: items whose `field` has one of `options` get a highlighted tile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct FeaturedRule {
    /// The item field the rule matches (e.g. maturity).
    pub field: String,
    /// The values that feature an item.
    pub options: Vec<FeaturedOption>,
    /// Where the rule does not apply.
    pub exclude: Option<FeaturedExclude>,
}

impl FeaturedRule {
    /// Whether the rule is switched off while `group` is shown (`exclude: groups:`).
    pub fn excluded_in(&self, group: &Group) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|e| e.groups.iter().any(|name| group.is_named(name)))
    }
}

/// Where a featured rule does not apply.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct FeaturedExclude {
    /// Group names (or aliases) whose view shows the rule's items at normal size.
    #[serde(deserialize_with = "nullable")]
    #[schemars(with = "Option<Vec<String>>")]
    pub groups: Vec<String>,
}

/// One featured value, with its display order and label.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct FeaturedOption {
    /// A value of the field.
    pub value: String,
    /// Display order among featured items.
    pub order: Option<u32>,
    /// The label shown on featured tiles.
    pub label: Option<String>,
}

/// A named group of categories (a tab of the landscape).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Group {
    /// The group's name, shown as a tab.
    pub name: String,
    /// The group's path on the site (e.g. projects).
    pub alias: Option<String>,
    /// The group's id in URLs.
    pub normalized_name: Option<String>,
    /// The categories in the group.
    pub categories: Vec<String>,
}

impl Group {
    /// Whether `name` is this group's name or alias (any case).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self
                .alias
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(name))
    }

    /// The group's id in explorer URLs (`?group=`): its alias, else its slugified name.
    pub fn id(&self) -> String {
        self.alias
            .clone()
            .unwrap_or_else(|| crate::model::slugify(&self.name))
    }
}

/// Page header: logo (URL or local path), links and a message of the day (markdown).
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Header {
    /// A logo: an http(s) URL or a path relative to settings.yml.
    pub logo: Option<String>,
    /// Links by name (e.g. github, slack): URLs.
    #[serde(deserialize_with = "strings")]
    #[schemars(with = "Option<BTreeMap<String, Option<String>>>")]
    pub links: BTreeMap<String, String>,
    /// A message of the day shown at the top.
    pub motd: Option<String>,
}

/// Page footer: logo, links and a markdown text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Footer {
    /// A logo: an http(s) URL or a path relative to settings.yml.
    pub logo: Option<String>,
    /// Links by name (e.g. github, slack): URLs.
    #[serde(deserialize_with = "strings")]
    #[schemars(with = "Option<BTreeMap<String, Option<String>>>")]
    pub links: BTreeMap<String, String>,
    /// The footer's text (markdown).
    pub text: Option<String>,
}

/// `logos_viewbox`: whether to tighten logos' viewBox, and which files to leave alone.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct LogosViewbox {
    /// Crop logos to their drawing (default true).
    pub adjust: bool,
    /// Logos left as drawn.
    pub exclude: Vec<String>,
}

impl Default for LogosViewbox {
    fn default() -> Self {
        LogosViewbox {
            adjust: true,
            exclude: Vec::new(),
        }
    }
}

/// An event banner shown on the site.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct UpcomingEvent {
    /// The event's name.
    pub name: String,
    /// First day, YYYY-MM-DD.
    pub start: Option<String>,
    /// Last day, YYYY-MM-DD.
    pub end: Option<String>,
    /// The banner image's URL.
    pub banner_url: Option<String>,
    /// Where the banner links to.
    pub details_url: Option<String>,
}

impl UpcomingEvent {
    /// The last day of the event, when `end` is a date.
    pub fn end_date(&self) -> Option<chrono::NaiveDate> {
        parse_day(self.end.as_deref()?)
    }

    /// The first day of the event, when `start` is a date.
    pub fn start_date(&self) -> Option<chrono::NaiveDate> {
        parse_day(self.start.as_deref()?)
    }
}

/// A `YYYY-MM-DD` date.
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

impl Settings {
    /// Settings for a landscape that has no settings file.
    pub fn fallback() -> Self {
        Settings {
            foundation: "Landscape".into(),
            ..Default::default()
        }
    }

    /// `base_path` normalised to "" or "/path" (no trailing slash); "" when it is not a
    /// plain path (see [`plain_base_path`]), which loading reports as an error.
    pub fn base_path(&self) -> String {
        plain_base_path(self.base_path.as_deref().unwrap_or("")).unwrap_or_default()
    }

    /// The group named `name` (its name or alias, any case).
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.is_named(name))
    }

    /// The Google Tag Manager container id, when it looks like one (`GTM-` then capitals
    /// and digits): it goes into every page.
    pub fn gtm_container_id(&self) -> Option<&str> {
        let id = self
            .analytics
            .as_ref()?
            .gtm
            .as_ref()?
            .container_id
            .as_deref()?;
        is_gtm_container_id(id).then_some(id)
    }

    /// The Osano script's URL, when both ids look like Osano's (letters, digits, `-`).
    pub fn osano_script(&self) -> Option<String> {
        let o = self.osano.as_ref()?;
        (is_osano_id(&o.customer_id) && is_osano_id(&o.customer_configuration_id)).then(|| {
            format!(
                "https://cmp.osano.com/{}/{}/osano.js",
                o.customer_id, o.customer_configuration_id
            )
        })
    }

    /// Whether the logo file's viewBox should be tightened.
    pub fn adjust_viewbox(&self, logo: &str) -> bool {
        self.logos_viewbox.adjust && !self.logos_viewbox.exclude.iter().any(|e| e == logo)
    }
}

/// `GTM-` followed by capital letters and digits.
pub fn is_gtm_container_id(id: &str) -> bool {
    id.strip_prefix("GTM-").is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= 32
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

/// Letters, digits and `-`: what Osano's customer and configuration ids are made of.
pub fn is_osano_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A base path normalised to "" or "/a/b", or `None` when it is not a plain path: at most
/// one leading and one trailing `/`, segments of unreserved URL characters (letters,
/// digits, `-`, `_`, `.`, `~`) none starting with `.`. Anything else (`\\host`, `//host`,
/// `..`, `%2e`) could turn the site's root-relative asset URLs into another host's or
/// another directory's.
pub fn plain_base_path(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let inner = raw.strip_prefix('/').unwrap_or(raw);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if inner.is_empty() {
        return (raw.len() <= 1).then(String::new);
    }
    let plain = inner.split('/').all(|s| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    });
    plain.then(|| format!("/{inner}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_plain_paths_or_refused() {
        for (raw, plain) in [
            ("", ""),
            ("/", ""),
            ("/landscape", "/landscape"),
            ("landscape/", "/landscape"),
            ("/a/b-c_d.e~f/", "/a/b-c_d.e~f"),
        ] {
            assert_eq!(plain_base_path(raw).as_deref(), Some(plain), "{raw:?}");
        }
        for bad in [
            "\\host",
            "/\\host",
            "//host",
            "//",
            "/a//b",
            "/../x",
            "/a/..",
            "/.x",
            "/a b",
            "/a?b",
            "/a#b",
            "/%2e",
            "/a:b",
            "javascript:alert(1)",
            "/é",
        ] {
            assert_eq!(plain_base_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn snippet_ids_are_only_what_the_vendors_issue() {
        for ok in ["GTM-WJJ7VKZ", "GTM-1"] {
            assert!(is_gtm_container_id(ok), "{ok}");
        }
        for bad in [
            "",
            "GTM-",
            "gtm-abc",
            "GTM-abc",
            "GTM-A\"><script>",
            "GTM-A B",
            "UA-123",
            "GTM-A'",
        ] {
            assert!(!is_gtm_container_id(bad), "{bad}");
        }
        assert!(is_osano_id("16A0DbT9yDNIaQkvZ"));
        assert!(is_osano_id("c3494b1e-ff3a-436f-978d-842e9a0bed27"));
        for bad in ["", "../x", "a/b", "a\"b", "a b", "a?b"] {
            assert!(!is_osano_id(bad), "{bad}");
        }
    }
}
