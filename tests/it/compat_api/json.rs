//! JSON read with objects' keys in the order written, to check landscape2's field order
//! (serde_json's `Value` sorts them), and written back compactly, markup characters escaped,
//! to check the file is written so.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value keeping its objects' key order.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Obj(Vec<(String, J)>),
    Arr(Vec<J>),
    Str(String),
    Num(serde_json::Number),
    Bool(bool),
    Null,
}

impl J {
    /// Parses `text` (panics on invalid JSON, naming `what`).
    pub fn parse(text: &str, what: &str) -> J {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    /// An object's keys in order.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            J::Obj(fields) => fields.iter().map(|(k, _)| k.as_str()).collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    /// An object's field.
    pub fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A string field's value.
    pub fn str(&self, key: &str) -> &str {
        match self.get(key) {
            Some(J::Str(s)) => s,
            other => panic!("{key} is not a string: {other:?}"),
        }
    }

    /// An array's elements.
    pub fn items(&self) -> &[J] {
        match self {
            J::Arr(items) => items,
            other => panic!("not an array: {other:?}"),
        }
    }

    /// The value as compact JSON, keys in their order, `<`, `>` and `&` in strings as `\u`
    /// escapes.
    pub fn compact(&self) -> String {
        match self {
            J::Obj(fields) => {
                let fields: Vec<String> = (fields.iter())
                    .map(|(k, v)| format!("{}:{}", string(k), v.compact()))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }
            J::Arr(items) => {
                let items: Vec<String> = items.iter().map(J::compact).collect();
                format!("[{}]", items.join(","))
            }
            J::Str(s) => string(s),
            J::Num(n) => n.to_string(),
            J::Bool(b) => b.to_string(),
            J::Null => "null".into(),
        }
    }
}

/// A JSON string with the characters that could read as markup escaped.
fn string(s: &str) -> String {
    (serde_json::to_string(s).unwrap())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Asserts `keys` appear in `order`'s order (each at most once), starting with `first`.
pub fn assert_ordered(keys: &[&str], order: &[&str], first: &[&str], what: &str) {
    assert!(
        keys.starts_with(first),
        "{what}: {keys:?} must start with {first:?}"
    );
    let mut at = 0;
    for key in keys {
        match order[at..].iter().position(|k| k == key) {
            Some(i) => at += i + 1,
            None => panic!("{what}: `{key}` is unknown or out of landscape2's order: {keys:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        d.deserialize_any(JVisitor)
    }
}

struct JVisitor;

impl<'de> Visitor<'de> for JVisitor {
    type Value = J;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, b: bool) -> Result<J, E> {
        Ok(J::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<J, E> {
        Ok(J::Num(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<J, E> {
        Ok(J::Num(n.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<J, E> {
        serde_json::Number::from_f64(n)
            .map(J::Num)
            .ok_or_else(|| E::custom("not a JSON number"))
    }
    fn visit_str<E>(self, s: &str) -> Result<J, E> {
        Ok(J::Str(s.to_string()))
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(J::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let mut fields = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, J>()? {
            fields.push((k, v));
        }
        Ok(J::Obj(fields))
    }
}
