//! Writing a parsed SVG back out through the whitelist in [`super::allow`].
//!
//! The output is rebuilt from the tree, never copied from the input, so nothing the parser
//! understood differently from a browser (DOCTYPE, entities, comments, processing
//! instructions, odd namespace prefixes) can survive. Every element is written in the
//! default SVG namespace; `xlink:` and `xml:` are the only prefixes left.

use std::borrow::Cow;
use std::collections::HashSet;

use usvg::roxmltree::{Document, Node};

use super::allow::{
    SVG_NS, Treatment, XLINK_NS, XML_NS, is_allowed_attribute, is_allowed_href, keeps_text,
    plain_attr, treatment,
};
use super::css::{sanitize_declarations, sanitize_stylesheet};
use super::css_values::safe_or_none;
use super::filters::clamp_octaves;
use super::xml::{Edge, walk};

/// What the sanitizer keeps beyond its fixed whitelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Policy {
    /// Keep filters: `<filter>` elements and the `filter` attribute and property. Off for a
    /// logo whose filters would cost too much to render (see [`super::filters`]).
    pub filters: bool,
}

impl Policy {
    /// Whether a CSS property (or presentation attribute) may be kept under this policy.
    fn keeps_property(self, name: &str) -> bool {
        self.filters || name != "filter"
    }
}

/// A sanitized SVG, with the root's attributes kept apart so the viewBox can be replaced
/// without re-serializing the body.
#[derive(Debug, Clone)]
pub(super) struct Sanitized {
    /// Kept attributes of the root `<svg>` (qualified name, unescaped value).
    pub root_attrs: Vec<(String, String)>,
    /// Everything between the root's start and end tags, already escaped.
    pub body: String,
    /// Whether some `xlink:href` was kept, so the root must declare the prefix.
    pub uses_xlink: bool,
}

impl Sanitized {
    /// The value of a root attribute.
    pub fn root_attr(&self, name: &str) -> Option<&str> {
        self.root_attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the document may apply a filter: it names one somewhere (an element, an
    /// attribute, a property; ids and classes that merely contain the word count too, which
    /// only costs a closer look).
    pub fn mentions_filters(&self) -> bool {
        self.body.contains("filter")
            || self
                .root_attrs
                .iter()
                .any(|(n, v)| n.contains("filter") || v.contains("filter"))
    }

    /// The full document. With `view_box`, the root gets that viewBox and loses its
    /// width/height, so the logo scales to whatever box it is placed in.
    pub fn to_svg(&self, view_box: Option<&str>) -> String {
        let mut out = String::with_capacity(self.body.len() + 256);
        out.push_str("<svg xmlns=\"");
        out.push_str(SVG_NS);
        out.push('"');
        if self.uses_xlink {
            out.push_str(" xmlns:xlink=\"");
            out.push_str(XLINK_NS);
            out.push('"');
        }
        for (name, value) in &self.root_attrs {
            let replaced = matches!(name.as_str(), "viewBox" | "width" | "height");
            if view_box.is_some() && replaced {
                continue;
            }
            push_attr(&mut out, name, value);
        }
        if let Some(vb) = view_box {
            push_attr(&mut out, "viewBox", vb);
        }
        out.push('>');
        out.push_str(&self.body);
        out.push_str("</svg>");
        out
    }
}

/// Rebuilds the document from its whitelisted parts.
pub(super) fn sanitize(doc: &Document, policy: Policy) -> Sanitized {
    let root = doc.root_element();
    let mut uses_xlink = false;
    let root_attrs = kept_attributes(root, policy, &mut uses_xlink)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.into_owned()))
        .collect();
    let mut body = String::with_capacity(doc.input_text().len() / 2);
    walk(root, |edge| match edge {
        Edge::Open(node) => {
            if node == root {
                return true;
            }
            if node.is_text() {
                push_text(&mut body, node);
                return false;
            }
            if !node.is_element() {
                return false;
            }
            match treatment(node) {
                Treatment::Drop => false,
                Treatment::Unwrap => true,
                Treatment::Keep if node.tag_name().name() == "style" => {
                    // Its text is filtered and written at once; child elements are junk.
                    if !is_inert_style(node) {
                        open_element(&mut body, node, policy, &mut uses_xlink);
                        body.push_str("</style>");
                    }
                    false
                }
                Treatment::Keep if node.tag_name().name() == "filter" && !policy.filters => false,
                Treatment::Keep => {
                    open_element(&mut body, node, policy, &mut uses_xlink);
                    true
                }
            }
        }
        Edge::Close(node) => {
            if node != root && node.has_children() && treatment(node) == Treatment::Keep {
                body.push_str("</");
                body.push_str(node.tag_name().name());
                body.push('>');
            }
            true
        }
    });
    Sanitized {
        root_attrs,
        body,
        uses_xlink,
    }
}

/// A `<style>` whose type is not CSS is never applied; dropping it avoids filtering it.
fn is_inert_style(node: Node) -> bool {
    node.tag_name().name() == "style"
        && plain_attr(node, "type").is_some_and(|t| !t.trim().eq_ignore_ascii_case("text/css"))
}

fn open_element(out: &mut String, node: Node, policy: Policy, uses_xlink: &mut bool) {
    let name = node.tag_name().name();
    out.push('<');
    out.push_str(name);
    for_kept_attributes(node, policy, uses_xlink, |qname, value| {
        push_attr(out, qname, &value)
    });
    if name == "style" {
        out.push('>');
        let css: String = node.children().filter_map(|c| c.text()).collect();
        let used = used_classes(node.document());
        let class_used = |class: &str| used.contains(class);
        let keep = |property: &str| policy.keeps_property(property);
        push_escaped(out, &sanitize_stylesheet(&css, &class_used, &keep), false);
    } else if node.has_children() {
        out.push('>');
    } else {
        out.push_str("/>");
    }
}

/// Every class token used in the document (by any element: dropping a rule that a kept
/// element needs would change the drawing, keeping one too many costs nothing).
fn used_classes<'a>(doc: &'a Document) -> HashSet<&'a str> {
    doc.descendants()
        .filter_map(|n| plain_attr(n, "class"))
        .flat_map(str::split_ascii_whitespace)
        .collect()
}

fn push_text(out: &mut String, node: Node) {
    // Unwrapped links inside `<text>` keep their words: look past them.
    let Some(parent) = node
        .ancestors()
        .skip(1)
        .find(|n| n.is_element() && treatment(*n) != Treatment::Unwrap)
    else {
        return;
    };
    if !keeps_text(parent.tag_name().name()) {
        return;
    }
    if let Some(text) = node.text() {
        push_escaped(out, text, false);
    }
}

/// The `href` an element will keep, if any: SVG 2 `href` wins over `xlink:href`, as in
/// browsers. Returns whether it is the xlink one, and its value.
pub(super) fn usable_href<'a>(node: Node<'a, '_>) -> Option<(bool, &'a str)> {
    let element = node.tag_name().name();
    let plain = plain_attr(node, "href").map(|v| (false, v));
    let xlink = node.attribute((XLINK_NS, "href")).map(|v| (true, v));
    plain.or(xlink).filter(|(_, v)| is_allowed_href(element, v))
}

/// The attributes that survive, as (qualified name, value).
fn kept_attributes<'a>(
    node: Node<'a, '_>,
    policy: Policy,
    uses_xlink: &mut bool,
) -> Vec<(&'a str, Cow<'a, str>)> {
    let mut kept = Vec::with_capacity(node.attributes().len());
    for_kept_attributes(node, policy, uses_xlink, |name, value| {
        kept.push((name, value))
    });
    kept
}

/// Calls `emit` with each attribute that survives, as (qualified name, value).
fn for_kept_attributes<'a>(
    node: Node<'a, '_>,
    policy: Policy,
    uses_xlink: &mut bool,
    mut emit: impl FnMut(&'a str, Cow<'a, str>),
) {
    let mut href = None;
    for attr in node.attributes() {
        let name = attr.name();
        let value = attr.value();
        match attr.namespace() {
            None if name == "href" => {
                href.get_or_insert_with(|| usable_href(node));
                if href == Some(Some((false, value))) {
                    emit("href", Cow::Borrowed(value));
                }
            }
            None if name == "style" => {
                let css = sanitize_declarations(value, &|p| policy.keeps_property(p));
                if !css.is_empty() {
                    emit("style", Cow::Owned(css));
                }
            }
            None if !policy.keeps_property(name) => {}
            None if name == "numOctaves" => {
                if let Some(value) = clamp_octaves(value) {
                    emit(name, value);
                }
            }
            None if is_allowed_attribute(name) => {
                if let Some(value) = safe_or_none(name, value) {
                    emit(name, Cow::Borrowed(value));
                }
            }
            Some(XLINK_NS) if name == "href" => {
                href.get_or_insert_with(|| usable_href(node));
                if href == Some(Some((true, value))) {
                    *uses_xlink = true;
                    emit("xlink:href", Cow::Borrowed(value));
                }
            }
            Some(XML_NS) if name == "space" => emit("xml:space", Cow::Borrowed(value)),
            Some(XML_NS) if name == "lang" => emit("xml:lang", Cow::Borrowed(value)),
            _ => {}
        }
    }
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value, true);
    out.push('"');
}

fn push_escaped(out: &mut String, text: &str, in_attribute: bool) {
    let needs = |b: u8| {
        matches!(b, b'&' | b'<' | b'>')
            || (in_attribute && matches!(b, b'"' | b'\n' | b'\r' | b'\t'))
    };
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        if !needs(b) {
            continue;
        }
        out.push_str(&text[copied..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\n' => "&#10;",
            b'\r' => "&#13;",
            _ => "&#9;",
        });
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
}
