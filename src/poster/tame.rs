//! Applies [`budget::Limits`] to a logo. usvg trees cannot be edited, so the tree is written
//! back to SVG by usvg (which resolves every filter to user units with explicit regions), the
//! limited attributes are replaced in that text, and the text is parsed again. Primitive
//! subregions are left as they are: resvg sizes every primitive's pixmap by the filter's
//! region and only clears what lies outside a subregion.

use std::collections::HashMap;
use std::ops::Range;

use usvg::roxmltree::{Document, Node};

use super::budget::{Limits, MAX_OCTAVES};
use crate::logos::usvg_options;

/// `tree` with the filters named in `limits` limited.
pub(super) fn apply(
    tree: &usvg::Tree,
    limits: &HashMap<String, Limits>,
) -> Result<usvg::Tree, String> {
    let text = tree.to_string(&usvg::WriteOptions::default());
    let doc = Document::parse(&text).map_err(|e| e.to_string())?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for filter in doc.descendants().filter(|n| n.has_tag_name("filter")) {
        let Some(limit) = filter.attribute("id").and_then(|id| limits.get(id)) else {
            continue;
        };
        if let Some(region) = limit.region {
            for (name, value) in [
                ("x", region.left()),
                ("y", region.top()),
                ("width", region.width()),
                ("height", region.height()),
            ] {
                set(&mut edits, filter, name, value.to_string());
            }
        }
        for primitive in filter.children().filter(Node::is_element) {
            match primitive.tag_name().name() {
                "feTurbulence" if limit.octaves => {
                    set(&mut edits, primitive, "numOctaves", MAX_OCTAVES.to_string());
                }
                "feGaussianBlur" | "feDropShadow" => {
                    if let Some(max) = limit.blur {
                        cap_pair(&mut edits, primitive, "stdDeviation", max);
                    }
                }
                "feMorphology" => {
                    if let Some(max) = limit.morphology {
                        cap_pair(&mut edits, primitive, "radius", max);
                    }
                }
                _ => {}
            }
        }
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.clone();
    for (range, value) in edits {
        out.replace_range(range, &value);
    }
    usvg::Tree::from_str(&out, &usvg_options()).map_err(|e| e.to_string())
}

/// Replaces the value of attribute `name` of `node`, if it has one.
fn set(edits: &mut Vec<(Range<usize>, String)>, node: Node, name: &str, value: String) {
    if let Some(attr) = node.attributes().find(|a| a.name() == name) {
        edits.push((attr.range_value(), value));
    }
}

/// Both numbers of a one- or two-number attribute cut to `max`.
fn cap_pair(edits: &mut Vec<(Range<usize>, String)>, node: Node, name: &str, max: f32) {
    let Some(value) = node.attribute(name) else {
        return;
    };
    let capped: Vec<String> = value
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|n| n.parse::<f32>().map_or(0.0, |v| v.min(max)).to_string())
        .collect();
    set(edits, node, name, capped.join(" "));
}
