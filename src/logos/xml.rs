//! Parsing untrusted SVG text into a tree, with bounded entity expansion.
//!
//! roxmltree never fetches external entities and stops classic billion-laughs nesting, but
//! it allows any number of top-level references to one large internal entity, which is
//! quadratic. Illustrator files do declare entities (`<!ENTITY ns_svg "http://…">`), so
//! DTDs are allowed, but only flat string entities whose total expansion stays small.
//!
//! The roxmltree used is the one usvg re-exports (0.21), about twice as fast on these files
//! as the 0.20 the crate depends on directly.

use usvg::roxmltree::{Document, Node, ParsingOptions};

use super::LogoProblem;
use super::allow::{SVG_NS, Treatment, plain_attr, treatment};

/// Most a document may grow through entity expansion.
const MAX_ENTITY_EXPANSION: usize = 1 << 20;
/// Most nodes a logo may have (the largest CNCF logo has ~60k).
const MAX_NODES: u32 = 2_000_000;
/// Deepest element nesting accepted: usvg and resvg recurse per level, and a hostile file
/// nested a million deep would overflow the stack (an abort, not a catchable error).
const MAX_DEPTH: usize = 128;

/// Decodes the bytes as UTF-8 text (dropping a byte-order mark).
pub(super) fn as_text(bytes: &[u8]) -> Result<&str, LogoProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        LogoProblem::NotParseable {
            detail: "the file is not UTF-8 text".to_string(),
            line: u32::try_from(line).ok(),
            col: None,
        }
    })
}

/// Parses an SVG document: well-formed XML whose root is `<svg>` in the SVG namespace.
pub(super) fn parse(text: &str) -> Result<Document<'_>, LogoProblem> {
    check_entities(text)?;
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        // External entities are refused above; never resolve one even so.
        entity_resolver: None,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        LogoProblem::NotParseable {
            detail: e.to_string(),
            line: Some(pos.row),
            col: Some(pos.col),
        }
    })?;
    let root = doc.root_element();
    let tag = root.tag_name();
    if tag.name() != "svg" {
        return Err(not_svg(format!(
            "the root element is <{}>, not <svg>",
            tag.name()
        )));
    }
    if tag.namespace() != Some(SVG_NS) {
        return Err(not_svg(format!(
            "the root <svg> is not in the SVG namespace (add xmlns=\"{SVG_NS}\")"
        )));
    }
    if check_depth(root)? {
        super::expansion::check_use_expansion(&doc)?;
    }
    Ok(doc)
}

/// Refuses nesting deeper than [`MAX_DEPTH`]; returns whether any element instantiates a
/// reference (`<use>`, `<feImage>`), so the costlier expansion check runs only then.
fn check_depth(root: Node) -> Result<bool, LogoProblem> {
    let mut depth = 0usize;
    let mut too_deep = None;
    let mut references = false;
    walk(root, |edge| match edge {
        Edge::Open(n) => {
            if too_deep.is_some() || !n.is_element() {
                return false;
            }
            references = references || super::expansion::references(n).is_some();
            depth += 1;
            if depth > MAX_DEPTH {
                too_deep = Some(n);
                return false;
            }
            true
        }
        Edge::Close(_) => {
            depth -= 1;
            true
        }
    });
    match too_deep {
        None => Ok(references),
        Some(n) => {
            let pos = n.document().text_pos_at(n.range().start);
            Err(LogoProblem::NotParseable {
                detail: format!("elements are nested more than {MAX_DEPTH} levels deep"),
                line: Some(pos.row),
                col: Some(pos.col),
            })
        }
    }
}

/// A step of [`walk`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Edge<'a, 'i> {
    /// Reached a node; the visitor returns whether to visit its children.
    Open(Node<'a, 'i>),
    /// Done with the children of a node whose `Open` returned true.
    Close(Node<'a, 'i>),
}

/// Depth-first walk without recursion (nesting depth is attacker-controlled). The visitor's
/// return value only matters for [`Edge::Open`].
pub(super) fn walk<'a, 'i>(root: Node<'a, 'i>, mut visit: impl FnMut(Edge<'a, 'i>) -> bool) {
    let mut node = root;
    let mut descend = visit(Edge::Open(node));
    loop {
        if descend && let Some(child) = node.first_child() {
            node = child;
            descend = visit(Edge::Open(node));
            continue;
        }
        // `node` is finished: close it, then move to its next sibling or up.
        loop {
            if descend {
                visit(Edge::Close(node));
            }
            if node == root {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                descend = visit(Edge::Open(node));
                break;
            }
            match node.parent() {
                Some(parent) => {
                    node = parent;
                    descend = true;
                }
                None => return,
            }
        }
    }
}

fn not_svg(detail: String) -> LogoProblem {
    LogoProblem::NotParseable {
        detail,
        line: None,
        col: None,
    }
}

fn entity_problem(detail: &str) -> LogoProblem {
    not_svg(format!("DOCTYPE refused: {detail}"))
}

/// Allows only internal entities whose value is plain text (no markup, no references to
/// other entities) and whose references add up to at most [`MAX_ENTITY_EXPANSION`] bytes.
fn check_entities(text: &str) -> Result<(), LogoProblem> {
    let Some(first) = text.find("<!ENTITY") else {
        return Ok(());
    };
    let subset_end = text[first..].find("]>").map_or(text.len(), |i| first + i);
    let mut expansion = 0usize;
    let mut rest = &text[first..subset_end];
    while let Some(at) = rest.find("<!ENTITY") {
        rest = rest[at + "<!ENTITY".len()..].trim_start();
        if rest.starts_with('%') {
            return Err(entity_problem("parameter entities are not allowed"));
        }
        let name_end = rest
            .find(char::is_whitespace)
            .ok_or_else(|| entity_problem("malformed entity declaration"))?;
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
            .ok_or_else(|| entity_problem("external entities (SYSTEM/PUBLIC) are not allowed"))?;
        let value_end = rest[1..]
            .find(quote)
            .ok_or_else(|| entity_problem("unterminated entity value"))?;
        let value = &rest[1..1 + value_end];
        if value.contains('<') || value.replace("&#", "").contains('&') {
            return Err(entity_problem(
                "entity values may not contain markup or other entities",
            ));
        }
        let uses = text[subset_end..].matches(&format!("&{name};")).count();
        expansion = expansion.saturating_add(uses.saturating_mul(value.len()));
        if expansion > MAX_ENTITY_EXPANSION {
            return Err(entity_problem("entity expansion is too large"));
        }
        rest = &rest[1 + value_end..];
    }
    Ok(())
}

/// Whether the drawing has at least one element the sanitizer keeps that can put ink on the
/// canvas: a shape with its defining geometry, non-blank text, or an image with a usable href.
pub(super) fn draws_something(root: Node) -> bool {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if !node.is_element() || treatment(node) == Treatment::Drop {
            continue;
        }
        if has_geometry(node) {
            return true;
        }
        stack.extend(node.children());
    }
    false
}

fn has_geometry(node: Node) -> bool {
    let set = |name: &str| plain_attr(node, name).is_some_and(|v| !v.trim().is_empty());
    match node.tag_name().name() {
        "path" => set("d"),
        "rect" => set("width") && set("height"),
        "circle" => set("r"),
        "ellipse" => set("rx") || set("ry"),
        "line" => set("x1") || set("y1") || set("x2") || set("y2"),
        "polyline" | "polygon" => set("points"),
        "image" => super::sanitize::usable_href(node).is_some(),
        "text" | "tspan" | "textPath" => node
            .children()
            .any(|c| c.is_text() && c.text().is_some_and(|t| !t.trim().is_empty())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(svg: &str) -> String {
        match parse(svg) {
            Err(p) => p.to_string(),
            Ok(_) => panic!("expected a problem for {svg}"),
        }
    }

    #[test]
    fn illustrator_namespace_entities_are_expanded() {
        let svg = r#"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
  <!ENTITY ns_ai 'http://ns.adobe.com/AdobeIllustrator/10.0/'>
]>
<svg xmlns="&ns_svg;" xmlns:i="&ns_ai;"><path d="M0 0h1"/></svg>"#;
        let doc = parse(svg).expect("Illustrator-style DTD parses");
        assert!(draws_something(doc.root_element()));
    }

    #[test]
    fn hostile_doctypes_are_refused() {
        let laughs = r#"<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
        assert!(problem(laughs).contains("may not contain markup or other entities"));
        let xxe = r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#;
        assert!(problem(xxe).contains("external entities"));
        let param = r#"<!DOCTYPE svg [<!ENTITY % p "x">]><svg/>"#;
        assert!(problem(param).contains("parameter entities"));
        let big = "x".repeat(100_000);
        let quadratic = format!(
            "<!DOCTYPE svg [<!ENTITY a \"{big}\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>{}</text></svg>",
            "&a;".repeat(20)
        );
        assert!(problem(&quadratic).contains("expansion is too large"));
    }

    #[test]
    fn root_must_be_svg_in_svg_namespace() {
        assert!(problem("<html/>").contains("root element is <html>"));
        assert!(problem("<svg/>").contains("not in the SVG namespace"));
        let err = parse("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g></svg>")
            .expect_err("mismatched tags");
        assert!(matches!(
            err,
            LogoProblem::NotParseable { line: Some(2), .. }
        ));
        assert!(as_text(b"<svg>\n\xff</svg>").is_err());
        let deep = format!(
            "<svg xmlns=\"{SVG_NS}\">{}{}</svg>",
            "<g>".repeat(200),
            "</g>".repeat(200)
        );
        assert!(problem(&deep).contains("nested more than 128 levels"));
        assert!(as_text(b"\xEF\xBB\xBF<svg/>").is_ok_and(|t| t == "<svg/>"));
    }

    #[test]
    fn drawing_needs_geometry_outside_dropped_elements() {
        let draws = |body: &str| {
            let svg = format!("<svg xmlns=\"{SVG_NS}\">{body}</svg>");
            let doc = parse(&svg).expect("parses");
            draws_something(doc.root_element())
        };
        assert!(!draws(""));
        assert!(!draws(
            "<defs><linearGradient id='g'/></defs><rect width='10'/>"
        ));
        assert!(!draws("<foreignObject><path d='M0 0h1'/></foreignObject>"));
        assert!(!draws("<text>  </text><image href='https://e/x.png'/>"));
        assert!(draws("<a href='https://x'><circle r='2'/></a>"));
        assert!(draws("<g><text><tspan>Hi</tspan></text></g>"));
        assert!(draws("<polygon points='0,0 1,1 1,0'/>"));
    }
}
