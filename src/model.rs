//! The landscape data model: plain structs that every later stage reads.
//!
//! They mirror the data format the CNCF landscape and the landscape2 tool use
//! (`landscape.yml`), after loading has checked types and dropped what cannot be rendered.
//! Items live in one flat list; categories refer to them by index, so an item listed in a
//! second path is still one item with one permalink.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

/// The whole landscape, in file order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Landscape {
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
}

impl Landscape {
    /// The landscape without the items at the indices in `drop` (the others renumbered).
    pub fn without(self, drop: &HashSet<usize>) -> Landscape {
        if drop.is_empty() {
            return self;
        }
        let mut remap = vec![usize::MAX; self.items.len()];
        let mut items = Vec::with_capacity(self.items.len() - drop.len());
        for (i, item) in self.items.into_iter().enumerate() {
            if !drop.contains(&i) {
                remap[i] = items.len();
                items.push(item);
            }
        }
        let mut categories = self.categories;
        for sub in categories
            .iter_mut()
            .flat_map(|c| c.subcategories.iter_mut())
        {
            sub.items.retain_mut(|i| {
                *i = remap[*i];
                *i != usize::MAX
            });
        }
        Landscape { categories, items }
    }

    /// Adds each item to the subcategories its `second_path` names (after their own items).
    pub fn place_second_paths(&mut self) {
        let mut placements = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            for path in &item.second_path {
                for (c, category) in self.categories.iter().enumerate() {
                    if category.name != path.category {
                        continue;
                    }
                    for (s, sub) in category.subcategories.iter().enumerate() {
                        if sub.name == path.subcategory && !sub.items.contains(&i) {
                            placements.push((c, s, i));
                        }
                    }
                }
            }
        }
        for (c, s, i) in placements {
            self.categories[c].subcategories[s].items.push(i);
        }
    }
}

/// A category and its subcategories, in file order (settings may reorder them for display).
#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub name: String,
    pub subcategories: Vec<Subcategory>,
}

/// A subcategory: the indices of its items in [`Landscape::items`], its own items first, then
/// items that name it in their `second_path`.
#[derive(Debug, Clone, Serialize)]
pub struct Subcategory {
    pub name: String,
    pub items: Vec<usize>,
}

/// A `category / subcategory` pair naming where an item is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryPath {
    pub category: String,
    pub subcategory: String,
}

/// A repository of an item: the primary `repo_url` or one of `additional_repos`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repository {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    pub primary: bool,
}

/// A security audit listed in `extra.audits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Audit {
    pub date: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub vendor: String,
}

/// A named link (`extra.other_links`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

/// `extra`: project metadata beyond the item's core fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extra {
    /// Dates (`YYYY-MM-DD`) keyed by field: accepted, incubating, graduated, archived,
    /// annual_review_date.
    pub dates: BTreeMap<String, String>,
    /// Every documented `*_url` link keyed by field name (blog_url, funding_url, slack_url,
    /// ...), and `summary_intro_url` when it is one http(s) address.
    pub links: BTreeMap<String, String>,
    pub other_links: Vec<Link>,
    pub audits: Vec<Audit>,
    pub annotations: BTreeMap<String, String>,
    /// `summary_*` text fields keyed by field name, `summary_intro_url` included when it is
    /// free text (landscape2 links the URLs inside it).
    pub summary: BTreeMap<String, String>,
    /// Other text fields: chat_channel, clomonitor_name, lfx_slug, parent_project,
    /// training_certifications, training_type.
    pub text: BTreeMap<String, String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specification: Option<bool>,
    /// Values of the custom fields settings declare (`custom_fields`), keyed by field.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, FieldValue>,
}

/// The value of a custom field, of the type its declaration names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// Text, or a checked http(s) link.
    Text(String),
    Number(serde_json::Number),
    Boolean(bool),
    List(Vec<String>),
}

impl FieldValue {
    /// The value as one line of text (CSV cells, filter values); lists joined by `, `.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Text(t) => t.clone(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Boolean(b) => if *b { "Yes" } else { "No" }.to_string(),
            FieldValue::List(items) => items.join(", "),
        }
    }

    /// The value as a data cell (`items.csv`): booleans `true`/`false`, lists joined by `,`.
    pub fn plain(&self) -> String {
        match self {
            FieldValue::Boolean(b) => b.to_string(),
            FieldValue::List(items) => items.join(","),
            other => other.display(),
        }
    }

    /// The values a filter on this field offers for the item (each list entry alone).
    pub fn facet_values(&self) -> Vec<String> {
        match self {
            FieldValue::List(items) => items.clone(),
            other => vec![other.display()],
        }
    }
}

impl Extra {
    /// `summary_intro_url` as written, a link or free text (landscape2's `summary.intro_url`).
    pub fn summary_intro_url(&self) -> Option<&str> {
        let key = "summary_intro_url";
        self.links
            .get(key)
            .or_else(|| self.summary.get(key))
            .map(String::as_str)
    }
}

/// One landscape item (a project, product or member).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Item {
    /// Stable permalink slug, unique across the landscape, derived from the name only.
    pub id: String,
    /// landscape2's id: normalized category, subcategory and name joined by `--` (see
    /// [`normalize_name`]). Links made for landscape2 sites (`?item=<id>`) use it.
    #[serde(rename = "landscape2_id")]
    pub l2_id: String,
    pub name: String,
    pub category: String,
    pub subcategory: String,
    pub homepage_url: String,
    /// Logo file name relative to the logos directory, as written in the data file.
    pub logo: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `project:` in the data file: graduated, incubating, sandbox, archived or any label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maturity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined: Option<String>,
    pub repositories: Vec<Repository>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    pub second_path: Vec<CategoryPath>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crunchbase: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_for_bestpractices: Option<String>,
    /// `enduser:` as written, else what a settings `enduser` rule says (see `rules`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enduser: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_source: Option<bool>,
    pub allow_duplicate_repo: bool,
    pub unnamed_organization: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub extra: Extra,
    /// Line of the item in the data file (for reports).
    pub line: u32,
}

impl Item {
    /// The primary repository, if the item has one.
    pub fn primary_repo(&self) -> Option<&Repository> {
        self.repositories.iter().find(|r| r.primary)
    }

    /// Whether the item is an end user (its own `enduser:`, else a settings rule).
    pub fn is_enduser(&self) -> bool {
        self.enduser == Some(true)
    }

    /// Archived items are greyed out on the site and the poster.
    pub fn is_archived(&self) -> bool {
        self.maturity.as_deref() == Some("archived") || self.extra.dates.contains_key("archived")
    }
}

/// Turns a name into a URL slug: lowercase ASCII letters and digits separated by single dashes.
/// Other scripts are transliterated first ("Café" → "cafe", "移动云" → "yi-dong-yun"), so a
/// permalink keeps the name's letters instead of dropping them.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let ascii = deunicode::deunicode(name);
    for c in ascii.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("item");
    }
    slug
}

/// `s` with its first letter upper-cased (a label from a settings or data name).
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// landscape2's normalization of a name for ids, URL keys and API paths: spaces become
/// `-`, every character that is not a letter, a number, `-` or `+` becomes `-` (each
/// lowercased on its own), runs of `-` collapse, and one trailing `-` goes. A leading `-`
/// stays (`.NET` → `-net`): links made for landscape2 sites depend on the exact form.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphabetic() || c.is_numeric() || c == '+' {
            // landscape2 lowercases each character alone: no word context (`Σ` → `σ`).
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// landscape2's item id: `<category>--<subcategory>--<name>`, each part normalized.
pub fn l2_item_id(category: &str, subcategory: &str, name: &str) -> String {
    format!(
        "{}--{}--{}",
        normalize_name(category),
        normalize_name(subcategory),
        normalize_name(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_stable() {
        assert_eq!(slugify("Open Policy Agent (OPA)"), "open-policy-agent-opa");
        assert_eq!(
            slugify("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert_eq!(slugify("---"), "item");
        assert_eq!(slugify("Ünïcode Café"), "unicode-cafe");
        assert_eq!(slugify("移动云"), "yi-dong-yun");
    }

    #[test]
    fn names_normalize_as_landscape2_does() {
        for (name, normalized) in [
            ("Kubernetes", "kubernetes"),
            (
                "App Definition and Development",
                "app-definition-and-development",
            ),
            ("Orchestration & Management", "orchestration-management"),
            ("CI/CD", "ci-cd"),
            ("C++", "c++"),
            ("a + b", "a-+-b"),
            (".NET", "-net"),
            ("Ænix", "ænix"),
            ("Endress+Hauser (x)", "endress+hauser-x"),
            ("Café Müller", "café-müller"),
            ("Cafe\u{301}", "cafe"),
            ("Straße", "straße"),
            ("İstanbul", "i\u{307}stanbul"),
            ("Σίσυφος", "σίσυφος"),
            ("a 🙂 b 🙂 ", "a-b"),
            ("🙂", ""),
            ("Multiple   Spaces  Here", "multiple-spaces-here"),
            ("  Leading", "-leading"),
            ("Tab\there", "tab-here"),
            ("foo_bar", "foo-bar"),
            ("O'Reilly", "o-reilly"),
            ("x²", "x²"),
            ("Ⅻ", "ⅻ"),
            ("Ｆｕｌｌ", "ｆｕｌｌ"),
            ("Test@中文#Project", "test-中文-project"),
        ] {
            assert_eq!(normalize_name(name), normalized, "{name:?}");
        }
        assert_eq!(
            l2_item_id("App Definition and Development", "CI/CD", ".NET"),
            "app-definition-and-development--ci-cd---net"
        );
        assert_eq!(
            l2_item_id("Special", "Certified CNFs", "🙂"),
            "special--certified-cnfs--"
        );
    }
}
