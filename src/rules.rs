//! Values settings give to items by where they are listed, applied once after loading so
//! every output (pages, explorer filters, `items.json`, CSV) sees the same items:
//!
//! - `enduser`: items in a listed category (and subcategory, when the rule names some) are
//!   end users, unless their own `enduser:` says otherwise;
//! - `tags`: a project (an item with `project:`) without its own `tag` gets the first TAG,
//!   in name order, whose rule matches its category and subcategory.
//!
//! Both as landscape2 applies them (exact names, an absent or empty subcategory list
//! matching the whole category).

use crate::load::Settings;
use crate::load::settings::CategoryRule;
use crate::model::Item;

/// Applies the settings' `enduser` and `tags` rules to `items`.
pub fn apply(items: &mut [Item], settings: &Settings) {
    for item in items {
        if item.enduser.is_none() && settings.enduser.iter().any(|r| matches(r, item)) {
            item.enduser = Some(true);
        }
        if item.maturity.is_some() && item.extra.tags.is_empty() {
            // `tags` is a BTreeMap: TAG names in order, the first match wins.
            let tag = (settings.tags.iter())
                .find(|(_, rules)| rules.iter().any(|r| matches(r, item)))
                .map(|(name, _)| name.clone());
            item.extra.tags.extend(tag);
        }
    }
}

/// Whether a rule names the item's category and, when it lists subcategories, its
/// subcategory.
fn matches(rule: &CategoryRule, item: &Item) -> bool {
    rule.category == item.category
        && (rule.subcategories.is_empty() || rule.subcategories.contains(&item.subcategory))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(category: &str, subcategory: &str, maturity: Option<&str>) -> Item {
        Item {
            name: "x".into(),
            category: category.into(),
            subcategory: subcategory.into(),
            maturity: maturity.map(str::to_string),
            ..Item::default()
        }
    }

    fn settings(yaml: &str) -> Settings {
        crate::yaml::parse_typed(yaml).expect("settings")
    }

    #[test]
    fn enduser_rules_mark_items_unless_they_say_otherwise() {
        let s = settings(
            "foundation: F\nenduser:\n  - category: Members\n    subcategories: [End User]\n  - category: Adopters\n",
        );
        let mut items = vec![
            item("Members", "End User", None),
            item("Members", "Gold", None),
            item("Adopters", "Any", None),
            item("Members", "End User", None),
            item("members", "End User", None),
        ];
        items[3].enduser = Some(false);
        apply(&mut items, &s);
        let flags: Vec<_> = items.iter().map(|i| i.enduser).collect();
        assert_eq!(flags, [Some(true), None, Some(true), Some(false), None]);
    }

    #[test]
    fn tags_go_to_projects_without_one_first_name_first() {
        let s = settings(
            "foundation: F\ntags:\n  runtime:\n    - category: Runtime\n  app-delivery:\n    - category: Runtime\n      subcategories: [Container Runtime]\n  storage:\n    - category: Storage\n      subcategories: []\n",
        );
        let mut items = vec![
            item("Runtime", "Container Runtime", Some("sandbox")),
            item("Runtime", "Other", Some("graduated")),
            item("Runtime", "Other", None),
            item("Storage", "Any", Some("incubating")),
            item("Runtime", "Other", Some("sandbox")),
        ];
        items[4].extra.tags = vec!["own".into()];
        apply(&mut items, &s);
        let tags: Vec<_> = items.iter().map(|i| i.extra.tags.join(",")).collect();
        assert_eq!(tags, ["app-delivery", "runtime", "", "storage", "own"]);
    }
}
