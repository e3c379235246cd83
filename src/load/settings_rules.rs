//! landscape2's rules for settings values, applied as warnings: landscape2 refuses a settings
//! file that breaks one, but none makes this site wrong or unsafe, so the value is reported on
//! its line and ignored (or the entry left out) and the site is built. Unknown keys, which
//! landscape2 ignores silently, are warnings with a "did you mean".
//!
//! What would make the site unsafe (`base_path`, links) is checked in `settings_check`.

use super::Settings;
use super::fields::{did_you_mean, is_date};
use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::{Node, Value};

/// The keys landscape2 documents, per mapping of the settings file (`""`: the top level).
const KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "foundation",
            "url",
            "analytics",
            "base_path",
            "categories",
            "colors",
            "description",
            "enduser",
            "featured_items",
            "footer",
            "grid_items_size",
            "groups",
            "header",
            "hide_organization_section_in_projects",
            "images",
            "logos_viewbox",
            "members_category",
            "osano",
            "screenshot_width",
            "tags",
            "upcoming_event",
            "view_mode",
            // This generator's own.
            "hide_archived_items",
            "maturity_levels",
            "custom_fields",
        ],
    ),
    ("analytics", &["gtm"]),
    ("analytics.gtm", &["container_id"]),
    (
        "colors",
        &[
            "color1", "color2", "color3", "color4", "color5", "color6", "color7",
        ],
    ),
    ("footer", &["links", "logo", "text"]),
    ("header", &["links", "logo", "motd"]),
    ("images", &["favicon", "open_graph"]),
    ("logos_viewbox", &["adjust", "exclude"]),
    ("osano", &["customer_id", "customer_configuration_id"]),
    (
        "upcoming_event",
        &["name", "start", "end", "banner_url", "details_url"],
    ),
];

/// Checks `settings` (read from `file`, whose tree is `tree`) against landscape2's rules,
/// leaving out what cannot be used.
pub fn check(settings: &mut Settings, file: &str, tree: &Node) -> Vec<Diagnostic> {
    let mut rules = Rules {
        file,
        tree,
        out: Vec::new(),
    };
    rules.unknown_keys();
    rules.required(settings);
    rules.blank_texts(settings);
    rules.lists();
    rules.choices(settings);
    rules.ids(settings);
    rules.event(settings);
    rules.out
}

struct Rules<'a> {
    file: &'a str,
    tree: &'a Node,
    out: Vec<Diagnostic>,
}

impl<'a> Rules<'a> {
    fn node(&self, path: &str) -> Option<&'a Node> {
        path.split('.')
            .filter(|k| !k.is_empty())
            .try_fold(self.tree, |node, key| node.get(key))
    }

    fn warn(
        &mut self,
        node: Option<&Node>,
        code: &'static str,
        field: &str,
        message: String,
        hint: &str,
    ) {
        let pos = node.map_or(self.tree.pos, |n| n.pos);
        self.out.push(
            Diagnostic::new(Severity::Warning, code, self.file, pos, message)
                .field(field)
                .hint(hint),
        );
    }

    fn unknown_keys(&mut self) {
        for &(path, known) in KEYS {
            let Some(entries) = self.node(path).and_then(Node::entries) else {
                continue;
            };
            for (key, key_node, _) in entries.filter(|(k, _, _)| !known.contains(k)) {
                let field = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                let hint = did_you_mean(key, known).map_or_else(
                    || format!("known keys here: {}", known.join(", ")),
                    |k| format!("did you mean `{k}`?"),
                );
                let at = if path.is_empty() {
                    "settings.yml"
                } else {
                    path
                };
                self.warn(
                    Some(key_node),
                    "unknown-key",
                    &field,
                    format!("unknown key `{key}` in {at}; it is ignored"),
                    &hint,
                );
            }
        }
    }

    fn required(&mut self, settings: &Settings) {
        if settings.foundation.trim().is_empty() {
            self.warn(
                self.node("foundation"),
                "missing-field",
                "foundation",
                "`foundation` is missing or empty: titles and labels go without a foundation name".into(),
                "add `foundation:` with the foundation's name (landscape2 refuses a settings file without it)",
            );
        }
        if settings.url.trim().is_empty() {
            self.warn(
                self.node("url"),
                "missing-field",
                "url",
                "`url` (the site's address) is missing or empty: the sitemap and items.csv have no absolute links".into(),
                "add `url:` with the site's https:// address (landscape2 refuses a settings file without it)",
            );
        }
    }

    /// Texts landscape2 refuses when present but blank; they are left unset.
    fn blank_texts(&mut self, settings: &mut Settings) {
        let header = settings.header.as_mut();
        let footer = settings.footer.as_mut();
        let fields: [(&str, Option<&mut Option<String>>); 4] = [
            ("description", Some(&mut settings.description)),
            ("members_category", Some(&mut settings.members_category)),
            ("footer.text", footer.map(|f| &mut f.text)),
            ("header.motd", header.map(|h| &mut h.motd)),
        ];
        let mut blank = Vec::new();
        for (path, value) in fields {
            if let Some(value) = value
                && value.as_deref().is_some_and(|v| v.trim().is_empty())
            {
                *value = None;
                blank.push(path);
            }
        }
        for path in blank {
            self.warn(
                self.node(path),
                "empty-value",
                path,
                format!("`{path}` is empty; it is ignored"),
                "remove the key or give it a value (landscape2 refuses an empty one)",
            );
        }
    }

    /// Entries of `categories`, `groups`, `featured_items` and `tags` that landscape2
    /// refuses: they name nothing, so they match nothing here.
    fn lists(&mut self) {
        let mut found: Vec<(Node, String, String)> = Vec::new();
        for (i, entry) in seq(self.node("categories")).iter().enumerate() {
            found.extend(blank(
                entry.get("name").or_else(|| entry.get("category")),
                entry,
                format!("categories[{i}].name"),
                "a category name",
            ));
            for (j, sub) in seq(entry.get("subcategories")).iter().enumerate() {
                found.extend(blank(
                    Some(sub),
                    entry,
                    format!("categories[{i}].subcategories[{j}]"),
                    "a subcategory name",
                ));
            }
        }
        for (i, group) in seq(self.node("groups")).iter().enumerate() {
            found.extend(blank(
                group.get("name"),
                group,
                format!("groups[{i}].name"),
                "a group name",
            ));
            for (j, cat) in seq(group.get("categories")).iter().enumerate() {
                found.extend(blank(
                    Some(cat),
                    group,
                    format!("groups[{i}].categories[{j}]"),
                    "a category name",
                ));
            }
        }
        for (i, rule) in seq(self.node("featured_items")).iter().enumerate() {
            found.extend(blank(
                rule.get("field"),
                rule,
                format!("featured_items[{i}].field"),
                "the field",
            ));
            let options = seq(rule.get("options"));
            if options.is_empty() {
                found.push((
                    rule.get("options").unwrap_or(rule).clone(),
                    format!("featured_items[{i}].options"),
                    "options".into(),
                ));
            }
            for (j, option) in options.iter().enumerate() {
                found.extend(blank(
                    option.get("value"),
                    option,
                    format!("featured_items[{i}].options[{j}].value"),
                    "the value",
                ));
                if let Some(label) = option.get("label") {
                    found.extend(blank(
                        Some(label),
                        option,
                        format!("featured_items[{i}].options[{j}].label"),
                        "the label",
                    ));
                }
            }
        }
        if let Some(tags) = self.node("tags").and_then(Node::entries) {
            for (tag, _, rules) in tags {
                for (i, rule) in seq(Some(rules)).iter().enumerate() {
                    found.extend(blank(
                        rule.get("category"),
                        rule,
                        format!("tags.{tag}[{i}].category"),
                        "the category",
                    ));
                    if let Some(subs) = rule.get("subcategories")
                        && subs.value == Value::Seq(Vec::new())
                    {
                        found.push((
                            subs.clone(),
                            format!("tags.{tag}[{i}].subcategories"),
                            "subcategories".into(),
                        ));
                    }
                }
            }
        }
        for (node, field, what) in found {
            self.warn(
                Some(&node),
                "empty-value",
                &field,
                format!("`{field}`: {what} is missing or empty; the entry matches nothing"),
                "fill it in or remove the entry (landscape2 refuses the settings file with it)",
            );
        }
    }

    /// Enumerated values and numbers with a documented range.
    fn choices(&mut self, settings: &Settings) {
        for (key, allowed, set) in [
            (
                "grid_items_size",
                "small, medium or large",
                settings.grid_items_size.is_some(),
            ),
            ("view_mode", "grid or card", settings.view_mode.is_some()),
        ] {
            let node = self.node(key);
            if let Some(node) = node
                && node.value != Value::Null
                && !set
            {
                let message = format!("`{key}` must be {allowed}; it is ignored");
                self.warn(
                    Some(node),
                    "bad-value",
                    key,
                    message,
                    "use one of the values landscape2 knows",
                );
            }
        }
        if let Some(width) = settings.screenshot_width
            && width <= 1000
        {
            self.warn(
                self.node("screenshot_width"),
                "bad-value",
                "screenshot_width",
                format!("`screenshot_width` must be greater than 1000, found {width}"),
                "landscape2 refuses smaller widths; this generator does not take screenshots",
            );
        }
    }

    /// Ids that become part of a third-party script's address are kept only when plain.
    fn ids(&mut self, settings: &mut Settings) {
        if let Some(gtm) = settings.analytics.as_mut().and_then(|a| a.gtm.as_mut())
            && let Some(id) = &gtm.container_id
            && !is_plain_id(id)
        {
            gtm.container_id = None;
            self.warn(
                self.node("analytics.gtm.container_id"),
                "bad-value",
                "analytics.gtm.container_id",
                "`analytics.gtm.container_id` is not a plain id; Google Tag Manager is left out"
                    .into(),
                "write the id as Google Tag Manager shows it, such as GTM-ABC1234",
            );
        }
        if let Some(osano) = &settings.osano {
            let bad: Vec<&str> = [
                ("customer_id", &osano.customer_id),
                (
                    "customer_configuration_id",
                    &osano.customer_configuration_id,
                ),
            ]
            .into_iter()
            .filter(|(_, id)| !is_plain_id(id))
            .map(|(key, _)| key)
            .collect();
            if let Some(key) = bad.first() {
                let path = format!("osano.{key}");
                settings.osano = None;
                self.warn(
                    self.node(&path).or(self.node("osano")),
                    "bad-value",
                    &path,
                    format!("`{path}` is missing, empty or not a plain id; Osano is left out"),
                    "give both osano ids as Osano shows them (letters, digits and dashes)",
                );
            }
        }
    }

    /// `upcoming_event`: without a name and real dates the banner could not be shown for
    /// the right days, so the event is left out. Without `banner_url` the banner shows the
    /// name and dates as text, so its URLs stay optional.
    fn event(&mut self, settings: &mut Settings) {
        let Some(event) = &settings.upcoming_event else {
            return;
        };
        fn text(value: &Option<String>) -> Option<&str> {
            value.as_deref().filter(|v| !v.trim().is_empty())
        }
        // The first field that is missing or not a date, named exactly.
        let problem = [
            (
                "name",
                Some(event.name.as_str()).filter(|n| !n.trim().is_empty()),
                false,
            ),
            ("start", text(&event.start), true),
            ("end", text(&event.end), true),
        ]
        .into_iter()
        .find_map(|(key, value, date)| match value {
            None => Some((key, "is missing")),
            Some(v) if date && !is_date(v) => Some((key, "is not a date written YYYY-MM-DD")),
            _ => None,
        });
        let Some((key, why)) = problem else {
            return;
        };
        settings.upcoming_event = None;
        let field = format!("upcoming_event.{key}");
        self.warn(
            self.node(&field).or(self.node("upcoming_event")),
            "bad-value",
            &field,
            format!("`{field}` {why}; the event banner is left out"),
            "an event needs `name`, `start` and `end` (dates written like '2026-07-28'); `banner_url` and `details_url` are optional",
        );
    }
}

/// The entry `field` (a missing or blank `node` under `parent`) described as `what`.
fn blank(
    node: Option<&Node>,
    parent: &Node,
    field: String,
    what: &str,
) -> Option<(Node, String, String)> {
    node.is_none_or(is_blank)
        .then(|| (node.unwrap_or(parent).clone(), field, what.to_string()))
}

/// Letters, digits, `-` and `_`, at least one.
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn is_blank(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}
