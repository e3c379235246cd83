//! Reads `settings.yml` (the landscape2 settings file). What the site uses is typed; every
//! other documented key is kept as data for later stages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The landscape's settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub foundation: String,
    pub url: String,
    pub base_path: Option<String>,
    pub description: Option<String>,
    pub colors: BTreeMap<String, String>,
    /// Display order overrides: a category's subcategories in the order given.
    pub categories: Vec<CategoryOrder>,
    pub enduser: Vec<CategoryOrder>,
    pub featured_items: Vec<FeaturedRule>,
    pub groups: Vec<Group>,
    pub header: Option<Header>,
    pub footer: Option<Footer>,
    pub images: BTreeMap<String, String>,
    pub grid_items_size: Option<String>,
    /// The landscape page's default view: `grid` or `card`.
    pub view_mode: Option<String>,
    pub logos_viewbox: LogosViewbox,
    pub members_category: Option<String>,
    pub screenshot_width: Option<u32>,
    pub upcoming_event: Option<UpcomingEvent>,
    /// Every other key (analytics, osano, tags, social, ...), kept as written.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `categories:` and `enduser:` entries.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryOrder {
    #[serde(alias = "category")]
    pub name: String,
    pub subcategories: Vec<String>,
}

/// A `featured_items` rule: items whose `field` has one of `options` get a highlighted tile.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeaturedRule {
    pub field: String,
    pub options: Vec<FeaturedOption>,
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeaturedExclude {
    /// Group names (or aliases) whose view shows the rule's items at normal size.
    pub groups: Vec<String>,
}

/// One featured value, with its display order and label.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeaturedOption {
    pub value: String,
    pub order: Option<u32>,
    pub label: Option<String>,
}

/// A named group of categories (a tab of the landscape).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Group {
    pub name: String,
    pub alias: Option<String>,
    pub normalized_name: Option<String>,
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

/// Page header: logo (URL or local path) and links.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Header {
    pub logo: Option<String>,
    pub links: BTreeMap<String, String>,
}

/// Page footer: logo, links and a markdown text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Footer {
    pub logo: Option<String>,
    pub links: BTreeMap<String, String>,
    pub text: Option<String>,
}

/// `logos_viewbox`: whether to tighten logos' viewBox, and which files to leave alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct LogosViewbox {
    pub adjust: bool,
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UpcomingEvent {
    pub name: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub banner_url: Option<String>,
    pub details_url: Option<String>,
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

    /// Whether the logo file's viewBox should be tightened.
    pub fn adjust_viewbox(&self, logo: &str) -> bool {
        self.logos_viewbox.adjust && !self.logos_viewbox.exclude.iter().any(|e| e == logo)
    }
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
}
