//! Settings this generator adds to landscape2's (landscape2 ignores them): archived items
//! hidden by default, the maturity levels, and custom item fields read from `extra:`.
//!
//! Each entry is checked on its line; an entry that cannot be used is an error and left out,
//! so the rest of the site is built as if it were not written.

use crate::model::capitalize;
use serde::{Deserialize, Serialize};

use super::Settings;
use super::item_keys::{ITEM_KEYS, extra_keys};
use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::{Node, Value};

/// One `maturity_levels` entry: a value items' `project:` may have.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct MaturityLevel {
    /// The value written in items' `project:` (e.g. graduated).
    pub name: String,
    /// How the site shows it (default: the name, capitalized).
    pub label: Option<String>,
    /// Its badge colour (a CSS colour, e.g. "#0b5cad").
    pub color: Option<String>,
}

impl MaturityLevel {
    /// The level's label: its own, else the name capitalized.
    pub fn label(&self) -> String {
        self.label.clone().unwrap_or_else(|| capitalize(&self.name))
    }
}

/// The kinds of value a custom field holds.
pub const FIELD_TYPES: &[&str] = &["text", "url", "number", "boolean", "list"];

/// One `custom_fields` entry: a key of items' `extra:` and how the site uses it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct CustomField {
    /// The key under items' `extra:` (letters, digits and `_`).
    pub key: String,
    /// How pages, filters and exports name it (default: the key).
    pub label: Option<String>,
    /// What it holds: text, url (http(s)), number, boolean or list (of texts).
    #[serde(rename = "type")]
    pub kind: String,
    /// Where it is shown: `item` (the item page and the explorer's item dialog), `card`
    /// (the card view), `hovercard` (the card over a grid tile). Default: `[item]`; an
    /// empty list keeps it for filters and exports only.
    pub show_on: Option<Vec<String>>,
    /// Whether the explorer has a filter on it.
    pub filterable: bool,
}

impl CustomField {
    /// The field's label: its own, else the key.
    pub fn label(&self) -> String {
        self.label.clone().unwrap_or_else(|| self.key.clone())
    }

    /// Whether `place` shows it (by default, only the item page does).
    pub fn shown_on(&self, place: Place) -> bool {
        match &self.show_on {
            None => place == Place::Item,
            Some(places) => places.iter().any(|p| p == place.name()),
        }
    }
}

/// Where a custom field can be shown (`show_on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The item page and the explorer's item dialog.
    Item,
    /// The explorer's card view.
    Card,
    /// The card over a grid tile.
    Hovercard,
}

impl Place {
    const ALL: [Place; 3] = [Place::Item, Place::Card, Place::Hovercard];

    /// The name `show_on` uses.
    pub fn name(self) -> &'static str {
        match self {
            Place::Item => "item",
            Place::Card => "card",
            Place::Hovercard => "hovercard",
        }
    }
}

/// CNCF's levels, the order and labels used when settings name none.
const DEFAULT_LEVELS: &[&str] = &["graduated", "incubating", "sandbox", "archived"];

impl Settings {
    /// The maturity levels in display order: the settings' names, else CNCF's.
    pub fn maturity_order(&self) -> Vec<&str> {
        if self.maturity_levels.is_empty() {
            DEFAULT_LEVELS.to_vec()
        } else {
            self.maturity_levels
                .iter()
                .map(|l| l.name.as_str())
                .collect()
        }
    }

    /// How the site shows maturity `name`: its settings label, else the name capitalized.
    pub fn maturity_label(&self, name: &str) -> String {
        (self.maturity_levels.iter())
            .find(|l| l.name == name)
            .map_or_else(|| capitalize(name), MaturityLevel::label)
    }

    /// Whether archived items start hidden in the explorer.
    pub fn hides_archived(&self) -> bool {
        self.hide_archived_items == Some(true)
    }
}

/// What the data file's reader needs from settings: the maturity names `project:` may have
/// (empty: any) and the custom fields `extra:` may hold.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    pub maturity: Vec<String>,
    pub fields: Vec<CustomField>,
}

impl Declared {
    /// What `settings` declare.
    pub fn of(settings: &Settings) -> Declared {
        Declared {
            maturity: (settings.maturity_levels.iter())
                .map(|l| l.name.clone())
                .collect(),
            fields: settings.custom_fields.clone(),
        }
    }
}

/// Checks the entries of `maturity_levels` and `custom_fields` in `settings` (read from
/// `file`, whose tree is `tree`), leaving out those that cannot be used.
pub fn check(settings: &mut Settings, file: &str, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let entry_node = |list: &str, i: usize| -> &Node {
        match tree.get(list).map(|n| &n.value) {
            Some(Value::Seq(entries)) => entries.get(i).unwrap_or(tree),
            _ => tree,
        }
    };
    let error = |node: &Node, field: String, message: String, hint: &str| {
        Diagnostic::new(Severity::Error, "bad-setting", file, node.pos, message)
            .field(field)
            .hint(hint)
    };

    let mut names: Vec<String> = Vec::new();
    let mut keep = Vec::new();
    for (i, level) in settings.maturity_levels.iter().enumerate() {
        let node = entry_node("maturity_levels", i);
        let at = |key: &str| node.get(key).unwrap_or(node);
        let field = |key: &str| format!("maturity_levels[{i}].{key}");
        let name = level.name.trim();
        let problem = if name.is_empty() {
            Some(("name", "a maturity level needs a `name`".to_string()))
        } else if names.iter().any(|n| n == name) {
            Some(("name", format!("maturity level `{name}` is listed twice")))
        } else if level.color.as_deref().is_some_and(|c| !is_css_color(c)) {
            Some((
                "color",
                format!(
                    "`color` of maturity level `{name}` is not a CSS colour: `{}`",
                    level.color.as_deref().unwrap_or("").escape_debug()
                ),
            ))
        } else {
            None
        };
        match problem {
            Some((key, message)) => out.push(error(
                at(key),
                field(key),
                format!("{message}; the level is left out"),
                "give each level a unique `name` and, optionally, a `label` and a CSS `color` such as \"#0b5cad\"",
            )),
            None => {
                names.push(name.to_string());
                keep.push(MaturityLevel {
                    name: name.to_string(),
                    ..level.clone()
                });
            }
        }
    }
    settings.maturity_levels = keep;

    let reserved: Vec<&str> = extra_keys()
        .into_iter()
        .chain(ITEM_KEYS.iter().copied())
        .collect();
    let mut keys: Vec<String> = Vec::new();
    let mut keep = Vec::new();
    for (i, field) in settings.custom_fields.iter().enumerate() {
        let node = entry_node("custom_fields", i);
        let at = |key: &str| node.get(key).unwrap_or(node);
        let path = |key: &str| format!("custom_fields[{i}].{key}");
        let key = field.key.trim();
        let problem = if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            Some((
                "key",
                format!(
                    "custom field key `{}` must be letters, digits, `_` or `-`",
                    key.escape_debug()
                ),
            ))
        } else if reserved.contains(&key) {
            Some((
                "key",
                format!("custom field key `{key}` is a field the landscape already reads"),
            ))
        } else if keys.iter().any(|k| k == key) {
            Some(("key", format!("custom field `{key}` is declared twice")))
        } else if !FIELD_TYPES.contains(&field.kind.as_str()) {
            Some((
                "type",
                format!(
                    "custom field `{key}` has type `{}`; it must be one of {}",
                    field.kind.escape_debug(),
                    FIELD_TYPES.join(", ")
                ),
            ))
        } else {
            (field.show_on.iter().flatten())
                .find(|p| !Place::ALL.iter().any(|k| k.name() == p.as_str()))
                .map(|place| {
                    (
                        "show_on",
                        format!(
                            "custom field `{key}` names `{}` in `show_on`; known places: {}",
                            place.escape_debug(),
                            Place::ALL.map(Place::name).join(", ")
                        ),
                    )
                })
        };
        match problem {
            Some((k, message)) => out.push(error(
                at(k),
                path(k),
                format!("{message}; the field is left out"),
                "declare each field with a unique `key` (not one landscape2 reads), a `type` (text, url, number, boolean or list) and optionally `label`, `show_on` (item, card, hovercard) and `filterable: true`",
            )),
            None => {
                keys.push(key.to_string());
                keep.push(CustomField {
                    key: key.to_string(),
                    ..field.clone()
                });
            }
        }
    }
    settings.custom_fields = keep;
    out
}

fn is_css_color(v: &str) -> bool {
    v.len() < 64 && csscolorparser::parse(v).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> (Settings, Vec<(u32, String)>) {
        let mut settings: Settings = crate::yaml::parse_typed(text).expect("settings parse");
        let tree = crate::yaml::parse(text).expect("tree");
        let found = check(&mut settings, "settings.yml", &tree)
            .into_iter()
            .map(|d| (d.line, d.field.unwrap_or_default()))
            .collect();
        (settings, found)
    }

    #[test]
    fn bad_entries_are_errors_on_their_line_and_left_out() {
        let (s, found) = checked(
            "foundation: F\nmaturity_levels:\n  - name: alpha\n    color: \"#123456\"\n  - name: beta\n    color: \"url(x)\"\n  - name: alpha\ncustom_fields:\n  - key: sla\n    type: text\n  - key: blog_url\n    type: url\n  - key: tier\n    type: colour\n  - key: \"a b\"\n    type: text\n  - key: env\n    type: list\n    show_on: [tile]\n",
        );
        assert_eq!(
            found,
            vec![
                (6, "maturity_levels[1].color".to_string()),
                (7, "maturity_levels[2].name".to_string()),
                (11, "custom_fields[1].key".to_string()),
                (14, "custom_fields[2].type".to_string()),
                (15, "custom_fields[3].key".to_string()),
                (19, "custom_fields[4].show_on".to_string()),
            ]
        );
        let levels: Vec<&str> = s.maturity_levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(levels, ["alpha"]);
        let fields: Vec<&str> = s.custom_fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(fields, ["sla"]);
    }

    #[test]
    fn labels_default_to_the_name_and_the_key() {
        let (s, found) = checked(
            "foundation: F\nmaturity_levels:\n  - name: pilot\n  - name: core\n    label: Core project\ncustom_fields:\n  - key: sla\n    type: number\n    show_on: []\n",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(s.maturity_levels[0].label(), "Pilot");
        assert_eq!(s.maturity_levels[1].label(), "Core project");
        assert_eq!(s.custom_fields[0].label(), "sla");
        assert!(!s.custom_fields[0].shown_on(Place::Item));
    }
}
