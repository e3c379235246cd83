//! The SVG poster: the scene, then each distinct logo once as a `<symbol>` and a `<use>` per
//! tile. Logos are re-serialized by usvg with their ids prefixed, so that ids and styles of
//! different logos cannot clash once they share one document (usvg resolves CSS into
//! attributes and text into paths with the bundled font).

use std::fmt::Write as _;

use rayon::prelude::*;

use super::draw::num;
use super::logos::Prepared;
use super::scene::Scene;

/// Writes the poster.
pub(super) fn write(scene: &Scene, prepared: &Prepared) -> Vec<u8> {
    let mut used = vec![false; prepared.sources.len()];
    for p in &scene.logos {
        used[p.source] = true;
    }
    let symbols: Vec<String> = prepared
        .sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| {
            if used[i] {
                symbol(i, &source.tree)
            } else {
                String::new()
            }
        })
        .collect();
    let mut extra = String::with_capacity(
        symbols.iter().map(String::len).sum::<usize>() + scene.logos.len() * 120,
    );
    // Archived logos: no colour, half opacity.
    extra.push_str("<defs>\n<filter id=\"archived\"><feColorMatrix type=\"saturate\" values=\"0\"/></filter>\n");
    for s in &symbols {
        extra.push_str(s);
    }
    extra.push_str("</defs>\n<g id=\"logos\">\n");
    for p in &scene.logos {
        let _ = write!(
            extra,
            "<use href=\"#logo-{i}\" xlink:href=\"#logo-{i}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            num(p.rect.x),
            num(p.rect.y),
            num(p.rect.w),
            num(p.rect.h),
            i = p.source
        );
        if p.archived {
            extra.push_str(" opacity=\"0.5\" filter=\"url(#archived)\"");
        }
        extra.push_str("/>\n");
    }
    extra.push_str("</g>\n");
    scene.document(&extra, "pt").into_bytes()
}

/// A logo as `<symbol id="logo-N">` with its drawing, ids prefixed `lN-`.
fn symbol(index: usize, tree: &usvg::Tree) -> String {
    let size = tree.size();
    let extent = size.width().max(size.height()).max(1.0);
    // About four significant digits of the logo's own size: far finer than any tile.
    let decimals = (3.0 - extent.log10().floor()).clamp(1.0, 6.0) as u8;
    let opts = usvg::WriteOptions {
        id_prefix: Some(format!("l{index}-")),
        coordinates_precision: decimals,
        transforms_precision: decimals + 2,
        indent: usvg::Indent::None,
        attributes_indent: usvg::Indent::None,
        ..usvg::WriteOptions::default()
    };
    let text = escape_values(&tree.to_string(&opts));
    let body = inner(&text);
    format!(
        "<symbol id=\"logo-{index}\" viewBox=\"0 0 {} {}\">{body}</symbol>\n",
        size.width(),
        size.height()
    )
}

/// The content of the document's root `<svg>` element.
fn inner(doc: &str) -> &str {
    let Some(root) = doc.find("<svg") else {
        return "";
    };
    let Some(open_end) = doc[root..].find('>').map(|i| root + i + 1) else {
        return "";
    };
    if doc[..open_end].ends_with("/>") {
        return "";
    }
    let close = doc.rfind("</svg>").unwrap_or(doc.len());
    doc.get(open_end..close).unwrap_or("")
}

/// usvg's writer escapes only quotes in attribute values, so an id like `<Group>` or
/// `a&b` from a logo comes out as invalid XML: escape `<` and bare `&` in attribute values
/// (and bare `&` in text), leaving the markup and existing entities alone.
fn escape_values(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len() + 64);
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for (i, c) in doc.char_indices() {
        match (in_tag, quote, c) {
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), _) if c == q => quote = None,
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            (true, Some(_), '<') => {
                out.push_str("&lt;");
                continue;
            }
            (_, _, '&') if !starts_entity(&doc[i + 1..]) => {
                out.push_str("&amp;");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether `rest` (what follows a `&`) is an entity or character reference.
fn starts_entity(rest: &str) -> bool {
    let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
        return false;
    };
    let name = &rest[..end];
    matches!(name, "quot" | "apos" | "amp" | "lt" | "gt")
        || name
            .strip_prefix("#x")
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || name
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_takes_the_root_content() {
        assert_eq!(inner("<svg a=\"1\"><g/></svg>\n"), "<g/>");
        assert_eq!(
            inner("<?xml version=\"1.0\"?><svg><path/></svg>"),
            "<path/>"
        );
        assert_eq!(inner("<svg/>"), "");
        assert_eq!(inner("nothing"), "");
    }

    #[test]
    fn attribute_values_are_escaped() {
        let raw = "<g id=\"a<b>&c&amp;&#38;&quot;\" x='1<2'>t &amp; u & v</g>";
        let fixed = escape_values(raw);
        assert_eq!(
            fixed,
            "<g id=\"a&lt;b>&amp;c&amp;&#38;&quot;\" x='1&lt;2'>t &amp; u &amp; v</g>"
        );
        assert!(roxmltree::Document::parse(&fixed).is_ok());
    }

    #[test]
    fn odd_ids_in_logos_give_valid_symbols() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="&lt;Grad&amp;ient&gt;"><stop offset="0" stop-color="blue"/><stop offset="1" stop-color="red"/></linearGradient></defs><g id="&lt;Group&gt;"><rect fill="url(#&lt;Grad&amp;ient&gt;)" width="5" height="5"/></g></svg>"##;
        let tree = usvg::Tree::from_str(svg, &crate::logos::usvg_options()).expect("parses");
        let doc = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            symbol(1, &tree)
        );
        let parsed = usvg::Tree::from_str(&doc, &crate::logos::usvg_options());
        assert!(parsed.is_ok(), "{doc}");
    }

    #[test]
    fn symbols_prefix_ids_and_drop_styles() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>.a{fill:red}</style><defs><linearGradient id="g"><stop offset="0" stop-color="blue"/><stop offset="1" stop-color="red"/></linearGradient></defs><rect class="a" width="5" height="5"/><rect fill="url(#g)" x="5" width="5" height="5"/></svg>"#;
        let tree = usvg::Tree::from_str(svg, &crate::logos::usvg_options()).expect("parses");
        let out = symbol(7, &tree);
        assert!(
            out.starts_with("<symbol id=\"logo-7\" viewBox=\"0 0 10 10\">"),
            "{out}"
        );
        assert!(out.contains("id=\"l7-"), "{out}");
        assert!(!out.contains("<style") && !out.contains("class="), "{out}");
    }
}
