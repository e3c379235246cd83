//! Typed reading of fields from a position-keeping YAML node, recording one diagnostic per
//! problem instead of stopping at the first.

pub use super::urls::check_url;
use super::urls::{self, UrlKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::{Node, Pos, Value};

/// Where we are while reading: the file, its text, and the item being read (for reports).
pub struct Reader<'a> {
    pub file: &'a str,
    pub source: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    item: Option<String>,
    path: Option<String>,
    /// Errors recorded since the current item began: an item with any is not rendered.
    item_errors: usize,
}

impl<'a> Reader<'a> {
    /// A reader for `file` whose text is `source`.
    pub fn new(file: &'a str, source: &'a str) -> Self {
        Reader {
            file,
            source,
            diagnostics: Vec::new(),
            item: None,
            path: None,
            item_errors: 0,
        }
    }

    /// Starts reporting on behalf of an item (name and `Category / Subcategory`).
    pub fn enter_item(&mut self, name: Option<String>, path: Option<String>) {
        self.item = name;
        self.path = path;
        self.item_errors = 0;
    }

    /// Stops reporting on behalf of an item; returns how many errors it had.
    pub fn leave_item(&mut self) -> usize {
        self.item = None;
        self.path = None;
        self.item_errors
    }

    /// Records a problem at `pos`, tagged with the current item.
    pub fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        pos: Pos,
        field: Option<&str>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::new(severity, code, self.file, pos, message);
        d.item = self.item.clone();
        d.path = self.path.clone();
        d.field = field.map(str::to_string);
        d.hint = hint;
        if severity == Severity::Error {
            self.item_errors += 1;
        }
        self.diagnostics.push(d);
    }

    /// Reports a value of the wrong kind.
    pub fn wrong_type(&mut self, key: &str, node: &Node, expected: &str) {
        self.report(
            Severity::Error,
            "wrong-type",
            node.pos,
            Some(key),
            format!("`{key}` must be {expected}, found {}", node.value.kind()),
            None,
        );
    }

    /// A text field: any scalar, taken as written. Null or empty means absent.
    pub fn text(&mut self, map: &Node, key: &str) -> Option<String> {
        let node = map.get(key)?;
        match self.scalar(node, key) {
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.trim().to_string()),
            None if node.value == Value::Null => None,
            None => {
                self.wrong_type(key, node, "a string");
                None
            }
        }
    }

    /// A scalar's text (see [`Node::scalar_text`]) without bidirectional controls, which
    /// are reported as a warning on `field`.
    pub fn scalar(&mut self, node: &Node, field: &str) -> Option<String> {
        let text = node.scalar_text(self.source)?;
        let Some(found) = text.chars().find(|&c| is_bidi_control(c)) else {
            return Some(text);
        };
        self.report(
            Severity::Warning,
            "bidi-control",
            node.pos,
            Some(field),
            format!(
                "`{field}` contains the bidirectional control character U+{:04X}, which can make text read differently than it is; it is removed",
                found as u32
            ),
            Some("remove the invisible direction characters from the text".into()),
        );
        Some(without_bidi(&text))
    }

    /// A required text field: reports it missing at `at` (the item's position).
    pub fn required_text(&mut self, map: &Node, key: &str, at: Pos) -> Option<String> {
        if self.is_blank(map, key, at) {
            return None;
        }
        self.text(map, key)
    }

    /// Reports a required field that is absent, null or empty; true when it was.
    fn is_blank(&mut self, map: &Node, key: &str, at: Pos) -> bool {
        let blank = match map.get(key) {
            None => true,
            Some(n) => match &n.value {
                Value::Null => true,
                Value::Str(s) => without_bidi(s).trim().is_empty(),
                _ => false,
            },
        };
        if blank {
            self.report(
                Severity::Error,
                "missing-field",
                map.get(key).map_or(at, |n| n.pos),
                Some(key),
                format!("required field `{key}` is missing or empty"),
                Some(format!("add `{key}:` with a value to the item")),
            );
        }
        blank
    }

    /// A boolean field landscape2 reads too (it stops on a value of another kind).
    pub fn boolean(&mut self, map: &Node, key: &str) -> Option<bool> {
        let node = map.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            _ => {
                self.wrong_type(key, node, "true or false");
                None
            }
        }
    }

    /// A boolean field only this generator reads (`open_source`, `allow_duplicate_repo`):
    /// landscape2 ignores it and builds whatever it holds, so a value of another kind is a
    /// warning and the field is ignored.
    pub fn own_boolean(&mut self, map: &Node, key: &str) -> Option<bool> {
        let node = map.get(key)?;
        match node.value {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            _ => {
                self.report(
                    Severity::Warning,
                    "wrong-type",
                    node.pos,
                    Some(key),
                    format!(
                        "`{key}` must be true or false, found {}; it is ignored",
                        node.value.kind()
                    ),
                    Some(format!("write `{key}: true` or `{key}: false`, unquoted")),
                );
                None
            }
        }
    }

    /// A link field, checked for its kind (see [`UrlKind::of_field`]). A link that cannot be
    /// rendered safely is left out; see [`UrlProblem`] for what each problem costs.
    pub fn url(&mut self, map: &Node, key: &str) -> Option<String> {
        self.link(map, key, UrlKind::of_field(key), false)
    }

    /// An optional link field of `kind` (settings-declared fields name their own kind).
    pub fn url_of_kind(&mut self, map: &Node, key: &str, kind: UrlKind) -> Option<String> {
        self.link(map, key, kind, false)
    }

    /// A required link field of `kind`: reports it missing at `at` (the item's position).
    pub fn required_url(
        &mut self,
        map: &Node,
        key: &str,
        at: Pos,
        kind: UrlKind,
    ) -> Option<String> {
        if self.is_blank(map, key, at) {
            return None;
        }
        self.link(map, key, kind, true)
    }

    fn link(&mut self, map: &Node, key: &str, kind: UrlKind, required: bool) -> Option<String> {
        let text = self.text(map, key)?;
        let node = map.get(key)?;
        let Err(problem) = urls::check(kind, &text) else {
            return Some(text);
        };
        let kept = problem.salvage(&text);
        let message = match kept {
            Some(_) => format!("`{key}` is linked, but {problem}"),
            None => format!("`{key}` is not a usable link: {problem}"),
        };
        self.report(
            problem.severity(required),
            problem.code(),
            node.pos,
            Some(key),
            message,
            Some(problem.hint()),
        );
        kept
    }

    /// A date field in `YYYY-MM-DD` form. A malformed date is shown as written, so it is
    /// a warning, not an error.
    pub fn date(&mut self, map: &Node, key: &str) -> Option<String> {
        let text = self.text(map, key)?;
        if is_date(&text) {
            return Some(text);
        }
        let node = map.get(key)?;
        self.report(
            Severity::Warning,
            "bad-date",
            node.pos,
            Some(key),
            format!("`{key}` must be a date written YYYY-MM-DD, found `{text}`"),
            Some("for example '2024-05-14' (quoted)".into()),
        );
        None
    }

    /// A list field: returns its elements, or reports a non-list.
    pub fn list<'n>(&mut self, map: &'n Node, key: &str) -> &'n [Node] {
        match map.get(key) {
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items,
            Some(Node {
                value: Value::Null, ..
            })
            | None => &[],
            Some(node) => {
                self.wrong_type(key, node, "a list");
                &[]
            }
        }
    }

    /// Warns about keys that are neither known nor legacy, suggesting the nearest known one.
    pub fn check_keys(&mut self, map: &Node, known: &[&str], legacy: &[&str], what: &str) {
        self.check_keys_with(map, known, legacy, what, &[]);
    }

    /// Like [`Reader::check_keys`], with keys that belong to another level (`elsewhere`:
    /// key lists with the name of where they go) named in the hint.
    pub fn check_keys_with(
        &mut self,
        map: &Node,
        known: &[&str],
        legacy: &[&str],
        what: &str,
        elsewhere: &[(&[&str], &str)],
    ) {
        let Some(entries) = map.entries() else {
            return;
        };
        let keys: Vec<(String, Pos)> = entries.map(|(k, kn, _)| (k.to_string(), kn.pos)).collect();
        for (key, pos) in keys {
            if known.contains(&key.as_str()) {
                continue;
            }
            if legacy.contains(&key.as_str()) {
                self.report(
                    Severity::Warning,
                    "legacy-key",
                    pos,
                    Some(&key),
                    format!("`{key}` is a legacy landscapeapp key of {what}; it is ignored"),
                    Some("remove it, or move the information to a documented field".into()),
                );
                continue;
            }
            let moved = elsewhere
                .iter()
                .find(|(keys, _)| keys.contains(&key.as_str()))
                .map(|(_, place)| format!("`{key}` belongs in {place}: move it there"));
            let hint = moved
                .or_else(|| did_you_mean(&key, known).map(|k| format!("did you mean `{k}`?")))
                .or_else(|| Some(format!("known keys of {what}: {}", known.join(", "))));
            self.report(
                Severity::Warning,
                "unknown-key",
                pos,
                Some(&key),
                format!("unknown key `{key}` in {what}; it is ignored"),
                hint,
            );
        }
    }
}

/// The nearest known key, when it is close enough to be a typo.
pub fn did_you_mean<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .filter(|(d, _)| *d <= 1.max(key.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069): in a name they can make the page, the CSV or a review show text in an
/// order other than it is stored ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without bidirectional controls.
pub fn without_bidi(text: &str) -> String {
    text.chars().filter(|&c| !is_bidi_control(c)).collect()
}

/// `YYYY-MM-DD` and a real calendar date.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_stripped_with_a_warning() {
        let src = "name: \"Evil\u{202E}gpj.exe\u{2066}\"\nplain: Ok\n";
        let root = crate::yaml::parse(src).unwrap();
        let mut r = Reader::new("f.yml", src);
        assert_eq!(r.text(&root, "name").as_deref(), Some("Evilgpj.exe"));
        assert_eq!(r.text(&root, "plain").as_deref(), Some("Ok"));
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(
            (d.code, d.line, d.field.as_deref()),
            ("bidi-control", 1, Some("name"))
        );
        assert!(d.message.contains("U+202E"), "{}", d.message);
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-5-14"));
        assert!(!is_date("14/05/2024"));
    }

    #[test]
    fn suggestions() {
        let known = ["documentation_url", "blog_url", "slack_url"];
        assert_eq!(
            did_you_mean("documentation_ul", &known),
            Some("documentation_url")
        );
        assert_eq!(did_you_mean("zzz", &known), None);
    }
}
