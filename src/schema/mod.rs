//! JSON Schemas (draft 2020-12) of the three input files, for editors: completion, hover
//! descriptions and the errors that stop a build.
//!
//! The schemas accept everything `landscape validate` accepts, warnings included (unknown
//! keys, legacy keys, malformed dates, links on another site: landscape2 builds those), and
//! refuse what it reports as errors where a schema can say so (a missing name, a list where
//! a mapping goes, `enduser: "yes"`). What only the validator can see (logo files, duplicate
//! items, what a URL points to) is left to it. The data file's schema is built from the
//! key lists the loader reads (`load::item_keys`); the settings' and guide's are derived
//! from their types.

mod data;

use serde_json::{Value, json};

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `landscape.yml`.
    Data,
    /// `settings.yml`.
    Settings,
    /// `guide.yml`.
    Guide,
}

impl SchemaKind {
    /// All of them, in the order `landscape new` writes them.
    pub const ALL: [SchemaKind; 3] = [SchemaKind::Data, SchemaKind::Settings, SchemaKind::Guide];

    /// The input file it describes.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Data => "landscape.yml",
            SchemaKind::Settings => "settings.yml",
            SchemaKind::Guide => "guide.yml",
        }
    }

    /// Where `landscape new` writes the schema, relative to the landscape.
    pub fn schema_path(self) -> &'static str {
        match self {
            SchemaKind::Data => ".schema/landscape.json",
            SchemaKind::Settings => ".schema/settings.json",
            SchemaKind::Guide => ".schema/guide.json",
        }
    }

    /// The yaml-language-server modeline pointing a file at its schema.
    pub fn modeline(self) -> String {
        format!("# yaml-language-server: $schema={}\n", self.schema_path())
    }
}

/// The schema of one file.
pub fn schema(kind: SchemaKind) -> Value {
    let (title, mut body) = match kind {
        SchemaKind::Data => ("landscape.yml: the landscape's items", data::schema()),
        SchemaKind::Settings => (
            "settings.yml: the landscape's settings",
            derived::<crate::load::Settings>(),
        ),
        SchemaKind::Guide => (
            "guide.yml: the landscape's guide",
            derived::<crate::load::Guide>(),
        ),
    };
    if let Value::Object(map) = &mut body {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!(title));
    }
    body
}

/// The schema of a type that reads with serde, as schemars derives it.
fn derived<T: schemars::JsonSchema>() -> Value {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
    schema.to_value()
}

/// The schema as `landscape schema` prints it and `landscape new` writes it.
pub fn to_text(kind: SchemaKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}
