//! Bounding how much `<use>` can multiply a drawing.
//!
//! Like entities, `<use>` instantiates a copy of what it references, and a chain of groups
//! each using the previous one ten times is the billion-laughs attack in SVG form: a few
//! hundred bytes that usvg (and every browser) would expand into billions of elements.
//! Each element's instantiated size is computed once over the reference graph, and a
//! document whose drawing would exceed [`MAX_INSTANTIATED`] elements is refused.

use std::collections::HashMap;

use usvg::roxmltree::{Document, Node};

use super::LogoProblem;
use super::allow::{SVG_NS, XLINK_NS, plain_attr};

/// Most elements a drawing may have once every `<use>` is expanded. The largest CNCF logo
/// has about 60,000 elements and little reuse.
const MAX_INSTANTIATED: u64 = 2_000_000;

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    Open,
    Done(u64),
}

/// Refuses documents whose `<use>` / `<feImage>` references expand beyond the limit.
pub(super) fn check_use_expansion(doc: &Document) -> Result<(), LogoProblem> {
    let ids: HashMap<&str, Node> = doc
        .descendants()
        .filter(Node::is_element)
        .filter_map(|n| Some((plain_attr(n, "id")?, n)))
        .collect();
    let target = |n: Node| references(n).and_then(|id| ids.get(id).copied());
    let mut state = vec![State::New; doc.descendants().count() + 1];
    let index = |n: Node| n.id().get_usize();
    // Iterative post-order over elements plus reference edges; a node met again while
    // still open is a cycle, which usvg refuses to follow, so it counts as nothing.
    let mut stack = vec![(doc.root_element(), false)];
    while let Some((node, expanded)) = stack.pop() {
        let i = index(node);
        if expanded {
            let size = node
                .children()
                .filter(Node::is_element)
                .chain(target(node))
                .map(|c| match state[index(c)] {
                    State::Done(s) => s,
                    _ => 0,
                })
                .fold(1u64, u64::saturating_add);
            if size > MAX_INSTANTIATED {
                let pos = doc.text_pos_at(node.range().start);
                return Err(LogoProblem::NotParseable {
                    detail: format!(
                        "<use> references expand to more than {MAX_INSTANTIATED} elements"
                    ),
                    line: Some(pos.row),
                    col: Some(pos.col),
                });
            }
            state[i] = State::Done(size);
            continue;
        }
        if state[i] != State::New {
            continue;
        }
        state[i] = State::Open;
        stack.push((node, true));
        for next in node.children().filter(Node::is_element).chain(target(node)) {
            if state[index(next)] == State::New {
                stack.push((next, false));
            }
        }
    }
    Ok(())
}

/// The id an element instantiates, for `<use>` and `<feImage>`.
pub(super) fn references<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    let tag = node.tag_name();
    if tag.namespace() != Some(SVG_NS) || !matches!(tag.name(), "use" | "feImage") {
        return None;
    }
    let href = plain_attr(node, "href").or_else(|| node.attribute((XLINK_NS, "href")))?;
    href.trim().strip_prefix('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str) -> Result<(), LogoProblem> {
        let text = format!("<svg xmlns='{SVG_NS}' xmlns:xlink='{XLINK_NS}'>{body}</svg>");
        let doc = Document::parse(&text).expect("xml");
        check_use_expansion(&doc)
    }

    #[test]
    fn use_bombs_are_refused_and_ordinary_reuse_is_not() {
        // Level k uses level k-1 ten times: 10^8 paths from 8 levels.
        let mut body = String::from("<defs><path id='l0' d='M0 0h1'/>");
        for level in 1..=8 {
            body.push_str(&format!("<g id='l{level}'>"));
            for _ in 0..10 {
                body.push_str(&format!("<use xlink:href='#l{}'/>", level - 1));
            }
            body.push_str("</g>");
        }
        body.push_str("</defs><use href='#l8'/>");
        let err = check(&body).expect_err("bomb refused");
        assert!(err.to_string().contains("expand to more than"), "{err}");

        // Forward references, shared symbols and cycles are all fine.
        assert!(
            check("<use href='#s'/><use href='#s'/><symbol id='s'><path d='M0 0h1'/></symbol>")
                .is_ok()
        );
        assert!(check("<g id='a'><use href='#b'/></g><g id='b'><use href='#a'/></g>").is_ok());
        assert!(check("<use href='#missing'/>").is_ok());
    }
}
