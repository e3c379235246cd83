//! Machine-readable outputs: `data/items.json`, `items.csv`, `sitemap.xml`.

use serde::Serialize;

use super::views::Urls;
use crate::enrich::ItemGithub;
use crate::load::CustomField;
use crate::model::{Item, Landscape};

/// An item as published in `items.json`: every field, plus its URLs.
#[derive(Serialize)]
struct ItemJson<'a> {
    #[serde(flatten)]
    item: &'a Item,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    github: Option<&'a ItemGithub>,
}

/// `data/items.json`: the landscape's items with every field, for the explorer and API users.
pub fn items_json(
    landscape: &Landscape,
    urls: &Urls,
    foundation: &str,
    github: &[Option<ItemGithub>],
) -> Vec<u8> {
    let items: Vec<ItemJson> = landscape
        .items
        .iter()
        .zip(github)
        .map(|(item, gh)| ItemJson {
            item,
            url: urls.item(item),
            logo_url: urls.logo(item),
            github: gh.as_ref(),
        })
        .collect();
    #[derive(Serialize)]
    struct Doc<'a> {
        foundation: &'a str,
        categories: Vec<CategoryJson<'a>>,
        items: Vec<ItemJson<'a>>,
    }
    #[derive(Serialize)]
    struct CategoryJson<'a> {
        name: &'a str,
        subcategories: Vec<&'a str>,
    }
    let doc = Doc {
        foundation,
        categories: landscape
            .categories
            .iter()
            .map(|c| CategoryJson {
                name: &c.name,
                subcategories: c.subcategories.iter().map(|s| s.name.as_str()).collect(),
            })
            .collect(),
        items,
    };
    // Escaped like JSON inside <script>, so the data stays inert wherever it is pasted.
    json_for_script(&doc).into_bytes()
}

/// `items.csv`: one row per item, for spreadsheets. Cells that a spreadsheet would run as a
/// formula are prefixed with `'` (contributor text is untrusted).
///
/// The settings' custom fields follow as columns named by their keys, after this file's
/// own, so every column keeps its position.
pub fn items_csv(
    landscape: &Landscape,
    urls: &Urls,
    site_url: &str,
    custom: &[CustomField],
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "name",
        "category",
        "subcategory",
        "homepage_url",
        "repo_url",
        "maturity",
        "joined",
        "license",
        "organization",
        "crunchbase",
        "twitter",
        "description",
        "url",
    ];
    let custom_keys = custom.iter().map(|f| f.key.as_str());
    let _ = w.write_record(header.into_iter().chain(custom_keys));
    for item in &landscape.items {
        let row = [
            item.id.as_str(),
            &item.name,
            &item.category,
            &item.subcategory,
            &item.homepage_url,
            item.primary_repo().map_or("", |r| r.url.as_str()),
            item.maturity.as_deref().unwrap_or(""),
            item.joined.as_deref().unwrap_or(""),
            item.license.as_deref().unwrap_or(""),
            item.organization.as_deref().unwrap_or(""),
            item.crunchbase.as_deref().unwrap_or(""),
            item.twitter.as_deref().unwrap_or(""),
            item.description.as_deref().unwrap_or(""),
            &format!("{}{}", site_url.trim_end_matches('/'), urls.item(item)),
        ];
        let values = custom_cells(item, custom);
        let cells = row.iter().map(|c| c.to_string()).chain(values);
        let _ = w.write_record(cells.map(|c| defuse_formula(&c)));
    }
    w.into_inner().unwrap_or_default()
}

/// An item's cells for the `custom` fields' columns (empty where it has no value).
pub(crate) fn custom_cells(item: &Item, custom: &[CustomField]) -> Vec<String> {
    (custom.iter())
        .map(|f| {
            item.extra
                .custom
                .get(&f.key)
                .map(|v| v.plain())
                .unwrap_or_default()
        })
        .collect()
}

/// Writes `row` followed by the settings' custom fields (`cells`), and the header (custom
/// keys appended) before the first row. landscape2's columns keep their positions.
pub(crate) fn write_with_custom<T: Serialize>(
    w: &mut csv::Writer<Vec<u8>>,
    row: T,
    cells: &[String],
    custom: &[CustomField],
    first: bool,
) -> Result<(), csv::Error> {
    // The row as landscape2's writer lays it out, read back as a record to extend.
    let mut one = csv::Writer::from_writer(Vec::new());
    one.serialize(row)?;
    let bytes = one.into_inner().map_err(|e| e.into_error())?;
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice())
        .into_records();
    let (Some(header), Some(values)) = (records.next(), records.next()) else {
        return Ok(());
    };
    let (mut header, mut values) = (header?, values?);
    if first {
        header.extend(custom.iter().map(|f| f.key.as_str()));
        w.write_record(&header)?;
    }
    values.extend(cells.iter().map(|c| defuse_formula(c)));
    w.write_record(&values)
}

/// Prefixes `'` to a cell a spreadsheet could run as a formula: one starting with a formula
/// character, also behind invisible characters (zero-width, bidi and other format
/// characters, which some spreadsheets drop before parsing) and in its full-width form.
pub(crate) fn defuse_formula(cell: &str) -> String {
    let visible = cell.trim_start_matches(is_invisible);
    if visible.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Invisible format characters: soft hyphen, Arabic letter mark, Mongolian vowel
/// separator, zero-width and direction marks, bidi embeddings and isolates, word joiner and
/// invisible operators, byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{61C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `sitemap.xml` with the index, the other site pages (`pages`: paths under the base, such
/// as `guide/`) and every item page.
pub fn sitemap(landscape: &Landscape, urls: &Urls, site_url: &str, pages: &[&str]) -> Vec<u8> {
    let root = site_url.trim_end_matches('/');
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut push = |path: &str| {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&format!("{root}{path}")));
        out.push_str("</loc></url>\n");
    };
    push(&format!("{}/", urls.base));
    for page in pages {
        push(&format!("{}/{page}", urls.base));
    }
    for item in &landscape.items {
        push(&urls.item(item));
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// Escapes text for XML and HTML (attributes included).
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Serializes a value for embedding inside `<script>`: `<`, `>`, `&` and the JS line
/// separators are escaped so contributor text can never close the tag.
///
/// Those characters only ever occur inside JSON strings, so they are escaped as the strings
/// are written: one pass, no copy (the ten-times-CNCF `items.json` is 20 MB, and escaping it
/// afterwards was most of a build's peak memory).
pub fn json_for_script<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut writer = serde_json::Serializer::with_formatter(&mut out, ScriptFormatter);
    if value.serialize(&mut writer).is_err() {
        return "null".into();
    }
    // Many are kept (the API holds every item's): no spare capacity.
    out.shrink_to_fit();
    // serde_json writes UTF-8 and the escapes are ASCII.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// serde_json's compact output, with `<`, `>`, `&`, U+2028 and U+2029 in strings written
/// as `\\uXXXX`.
struct ScriptFormatter;

impl serde_json::ser::Formatter for ScriptFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_is_serde_json_with_the_five_characters_escaped() {
        let value = serde_json::json!({
            "a<b>&c": ["x\u{2028}y\u{2029}z", "é 🦀 \"q\" \\ </script>", 1.5, null],
            "plain": {"k": true}
        });
        let escaped = serde_json::to_string(&value)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        assert_eq!(json_for_script(&value), escaped);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&escaped).unwrap(),
            value
        );
    }

    #[test]
    fn script_json_cannot_close_the_tag() {
        let s = json_for_script(&"</script><script>alert(1)</script>");
        assert!(!s.contains("</script"), "{s}");
        assert_eq!(
            serde_json::from_str::<String>(&s).unwrap(),
            "</script><script>alert(1)</script>"
        );
    }

    #[test]
    fn csv_formulas_are_defused() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("Kubernetes"), "Kubernetes");
        for hidden in [
            "\u{200B}=1+1",
            "\u{FEFF}\u{2060}+1",
            "\u{202E}-1",
            "\u{2066}@SUM(A1)",
            "＝1+1",
            "\u{200D}＠x",
            "＋1",
            "－1",
        ] {
            assert_eq!(defuse_formula(hidden), format!("'{hidden}"), "{hidden:?}");
        }
        assert_eq!(defuse_formula("\u{200B}plain"), "\u{200B}plain");
        assert_eq!(defuse_formula("a=b"), "a=b");
    }
}
