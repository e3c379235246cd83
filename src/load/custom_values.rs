//! Reads the values of the custom fields settings declare (`custom_fields`) from an item's
//! `extra:`. A value of the wrong type is an error on its line naming the field; a link is
//! checked like every other link of the data file (http(s) only).

use std::collections::BTreeMap;

use super::fields::Reader;
use super::settings_fields::CustomField;
use super::urls::UrlKind;
use crate::diagnostics::Severity;
use crate::model::FieldValue;
use crate::yaml::{Node, Value};

/// The declared fields' values in `extra` (a mapping).
pub fn custom_values(
    r: &mut Reader,
    extra: &Node,
    fields: &[CustomField],
) -> BTreeMap<String, FieldValue> {
    let mut out = BTreeMap::new();
    for field in fields {
        let key = field.key.as_str();
        let Some(node) = extra.get(key) else { continue };
        if node.value == Value::Null {
            continue;
        }
        let value = match field.kind.as_str() {
            "url" => r
                .url_of_kind(extra, key, UrlKind::Web)
                .map(FieldValue::Text),
            "number" => match &node.value {
                Value::Int(n) => Some(FieldValue::Number((*n).into())),
                Value::Float(f) => serde_json::Number::from_f64(*f).map(FieldValue::Number),
                _ => {
                    r.wrong_type(key, node, "a number");
                    None
                }
            },
            "boolean" => r.boolean(extra, key).map(FieldValue::Boolean),
            "list" => match &node.value {
                Value::Seq(entries) => {
                    let mut texts = Vec::new();
                    for entry in entries {
                        match entry.value {
                            Value::Seq(_) | Value::Map(_) => {
                                r.wrong_type(key, entry, "a list of texts")
                            }
                            _ => texts.extend(
                                r.scalar(entry, key)
                                    .map(|t| t.trim().to_string())
                                    .filter(|t| !t.is_empty()),
                            ),
                        }
                    }
                    (!texts.is_empty()).then_some(FieldValue::List(texts))
                }
                _ => {
                    r.wrong_type(key, node, "a list of texts");
                    None
                }
            },
            _ => match &node.value {
                Value::Seq(_) | Value::Map(_) => {
                    r.wrong_type(key, node, "a text");
                    None
                }
                _ => r.text(extra, key).map(FieldValue::Text),
            },
        };
        if let Some(value) = value {
            out.insert(key.to_string(), value);
        }
    }
    out
}

/// Reports a `project:` (`maturity`) that is not one of the settings' `levels` (when they
/// name any) as an error on its line.
pub fn check_maturity(r: &mut Reader, item: &Node, maturity: Option<&str>, levels: &[String]) {
    let Some(m) = maturity else { return };
    if levels.is_empty() || levels.iter().any(|l| l == m) {
        return;
    }
    let pos = item.get("project").map_or(item.pos, |n| n.pos);
    r.report(
        Severity::Error,
        "unknown-maturity",
        pos,
        Some("project"),
        format!(
            "`project` is `{}`, not one of the settings' maturity_levels: {}",
            m.escape_debug(),
            levels.join(", ")
        ),
        Some(
            "use one of those names, or add the level to `maturity_levels` in settings.yml".into(),
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::load::landscape::read_declared;
    use crate::load::settings_fields::{CustomField, Declared};
    use crate::model::FieldValue;

    fn field(key: &str, kind: &str) -> CustomField {
        CustomField {
            key: key.into(),
            kind: kind.into(),
            ..Default::default()
        }
    }

    const HEAD: &str = "landscape:\n  - category:\n    name: C\n    subcategories:\n      - subcategory:\n        name: S\n        items:\n          - item:\n            name: A\n            homepage_url: https://a.example.org\n            logo: a.svg\n";

    #[test]
    fn values_of_each_type_are_read() {
        let declared = Declared {
            maturity: vec![],
            fields: vec![
                field("sla", "number"),
                field("docs", "url"),
                field("hosted", "boolean"),
                field("regions", "list"),
                field("tier", "text"),
            ],
        };
        let text = format!(
            "{HEAD}            extra:\n              sla: 99.9\n              docs: https://docs.example.org\n              hosted: true\n              regions: [eu, us]\n              tier: gold\n"
        );
        let loaded = read_declared("l.yml", &text, &declared);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let custom = &loaded.landscape.items[0].extra.custom;
        assert_eq!(custom["sla"].display(), "99.9");
        assert_eq!(
            custom["docs"],
            FieldValue::Text("https://docs.example.org".into())
        );
        assert_eq!(custom["hosted"], FieldValue::Boolean(true));
        assert_eq!(custom["regions"].plain(), "eu,us");
        assert_eq!(custom["tier"].display(), "gold");
    }

    #[test]
    fn wrong_types_are_errors_naming_file_line_and_field() {
        let declared = Declared {
            maturity: vec!["stable".into()],
            fields: vec![field("sla", "number"), field("docs", "url")],
        };
        let text = format!(
            "{HEAD}            project: beta\n            extra:\n              sla: high\n              docs: \"javascript:alert(1)\"\n"
        );
        let loaded = read_declared("l.yml", &text, &declared);
        let found: Vec<(String, u32, String)> = (loaded.diagnostics.iter())
            .map(|d| (d.file.clone(), d.line, d.field.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("l.yml".to_string(), 14, "sla".to_string()),
                ("l.yml".to_string(), 15, "docs".to_string()),
                ("l.yml".to_string(), 12, "project".to_string()),
            ]
        );
        assert!(loaded.landscape.items.is_empty(), "the item is skipped");
        assert!(loaded.diagnostics[0].message.contains("must be a number"));
    }

    #[test]
    fn undeclared_keys_stay_unknown_and_nothing_changes_without_declarations() {
        let text =
            format!("{HEAD}            project: beta\n            extra:\n              sla: 3\n");
        let loaded = read_declared("l.yml", &text, &Declared::default());
        assert_eq!(loaded.landscape.items[0].maturity.as_deref(), Some("beta"));
        assert!(loaded.landscape.items[0].extra.custom.is_empty());
        assert_eq!(loaded.diagnostics[0].code, "unknown-key");
    }
}
