//! Every YAML call of the program lives here.
//!
//! Contributor files are parsed into a generic tree that keeps the line and column of every
//! node ([`Node`]), so that later stages can report *all* problems of a file in one pass, each
//! on its line, instead of stopping at the first type error as a typed `Deserialize` would.
//! serde-saphyr (the maintained successor of the archived serde_yaml) gives us the positions,
//! rejects duplicate keys and bounds alias expansion.

mod parts;
mod split;

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

pub use split::{cuts, parse_cached, parse_parallel};

/// A position in a source file (1-based line and column, byte offset into the text).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub offset: usize,
}

/// A YAML node with the position where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The value of a YAML node. Map entries keep their order and their keys' positions.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML syntax error with its position.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Option<Pos>,
}

impl Value {
    /// The name of this kind of value, as a contributor reads it in an error.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a number",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// Entries of a mapping node whose keys are strings, in source order.
    pub fn entries(&self) -> Option<impl Iterator<Item = (&str, &Node, &Node)>> {
        match &self.value {
            Value::Map(entries) => Some(entries.iter().filter_map(|(k, v)| match &k.value {
                Value::Str(key) => Some((key.as_str(), k, v)),
                _ => None,
            })),
            _ => None,
        }
    }

    /// The value under `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| v)
    }

    /// The scalar's text, for fields that take a string: YAML turns `version: 1.10` into a
    /// float, but the contributor meant the text they wrote, so non-string scalars are taken
    /// verbatim from the source.
    pub fn scalar_text(&self, source: &str) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let rest = source.get(self.pos.offset..)?;
                let end = rest
                    .find(['\n', '#', ','])
                    .unwrap_or(rest.len())
                    .min(rest.len());
                Some(rest[..end].trim().to_string())
            }
            _ => None,
        }
    }
}

/// Parses a whole YAML document into a position-keeping tree.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    parse_typed(source)
}

/// Parses a document straight into a typed value (for files we do not report field by field).
pub fn parse_typed<T: de::DeserializeOwned>(source: &str) -> Result<T, SyntaxError> {
    let options = serde_saphyr::options! {
        budget: Some(budget(source.len())),
    };
    serde_saphyr::from_str_with_options::<T>(source, options).map_err(|e| SyntaxError {
        message: first_line(&e.to_string()),
        pos: e.location().map(|l| pos_of(&l)),
    })
}

/// Parsing limits for a document of `len` bytes. The alias and anchor limits stay
/// serde-saphyr's defaults: they are what stops an alias bomb. The limits that only count
/// what the text itself holds (events, nodes, scalar bytes) grow with it: without aliases
/// each needs at least a byte of input, and the defaults (250,000 nodes) stopped a
/// 24,000-item landscape, ten times the CNCF one, at about its middle.
fn budget(len: usize) -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = budget.max_events.max(len.saturating_mul(2));
    budget.max_nodes = budget.max_nodes.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget
}

fn first_line(message: &str) -> String {
    // serde-saphyr appends its own snippet; our diagnostics render one, so keep the sentence.
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn pos_of(location: &serde_saphyr::Location) -> Pos {
    Pos {
        line: location.line() as u32,
        col: location.column() as u32,
        offset: location
            .span()
            .byte_offset()
            .map(|o| o as usize)
            .unwrap_or(0),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: pos_of(&spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(node) = seq.next_element::<Node>()? {
            items.push(node);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((k, v)) = map.next_entry::<Node, Node>()? {
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let src = "landscape:\n  - category:\n    name: Foo\n    items:\n      - item:\n        name: \"Bar\"\n";
        let root = parse(src).unwrap();
        let cats = root.get("landscape").unwrap();
        let Value::Seq(cats) = &cats.value else {
            panic!("not a seq")
        };
        let name = cats[0].get("name").unwrap();
        assert_eq!(name.value, Value::Str("Foo".into()));
        assert_eq!((name.pos.line, name.pos.col), (3, 11));
        let item = &cats[0].get("items").unwrap();
        let Value::Seq(items) = &item.value else {
            panic!()
        };
        assert_eq!(items[0].get("item").unwrap().value, Value::Null);
        assert_eq!(items[0].get("name").unwrap().pos.line, 6);
    }

    #[test]
    fn a_landscape_ten_times_the_cncf_one_fits_the_limits() {
        // Such a file holds over a million nodes; serde-saphyr's default limit is 250,000.
        // The smallest document over that limit keeps this test quick in debug builds.
        let src = format!("items: [{}1]\n", "1,".repeat(260_000));
        let root = parse(&src).expect("parses");
        let Some(Value::Seq(items)) = root.get("items").map(|n| &n.value) else {
            panic!("a sequence")
        };
        assert_eq!(items.len(), 260_001);
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for k in 1..9 {
            let refs = vec![format!("*a{}", k - 1); 10].join(", ");
            src.push_str(&format!("a{k}: &a{k} [{refs}]\n"));
        }
        let err = parse(&src).expect_err("a billion laughs is refused");
        assert!(err.message.contains("budget"), "{}", err.message);
    }

    #[test]
    fn scalars_in_string_fields_keep_their_source_text() {
        let src = "version: 1.10\nflag: yes\n";
        let root = parse(src).unwrap();
        assert_eq!(
            root.get("version").unwrap().scalar_text(src).as_deref(),
            Some("1.10")
        );
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_with_a_line() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(3), "{err:?}");
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.is_some(), "{err:?}");
    }
}
