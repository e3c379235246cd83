//! Parsing a large data file on every core. Its top-level list (`landscape:`) is cut at
//! its entries' lines, each entry is parsed on its own, and the parts are joined with their
//! positions shifted back: the tree is the one [`super::parse`] gives (a test compares them
//! on the CNCF landscape and ten times it).
//!
//! The cut is only made where it cannot change the meaning: no anchor, alias, tag,
//! directive or document marker anywhere (an alias could reach across parts), and an entry
//! starts on a line of its own at the list's indentation. A part that does not parse, or
//! parses to anything but one entry, sends the whole file to the plain parser, so errors
//! read exactly as before.

use rayon::prelude::*;

use super::parts::Parts;
use super::{Node, Pos, SyntaxError, Value, parse};

/// Below this size one parse is as fast as the cut.
const MIN_BYTES: usize = 256 * 1024;

/// [`parse`], on every core when `source` allows it.
pub fn parse_parallel(source: &str) -> Result<Node, SyntaxError> {
    parse_cached(source, None)
}

/// [`parse_parallel`], taking the entries whose text is unchanged from the cache directory
/// `cache` (and keeping the others there).
pub fn parse_cached(source: &str, cache: Option<&std::path::Path>) -> Result<Node, SyntaxError> {
    if source.len() < MIN_BYTES || !cuttable(source) {
        return parse(source);
    }
    let parts = cache.map(Parts::open);
    let root = Cut::find(source).and_then(|cut| cut.parse(source, parts.as_ref()));
    match root {
        Some(root) => {
            if let Some(parts) = parts {
                parts.save();
            }
            Ok(root)
        }
        None => parse(source),
    }
}

/// Whether [`parse_parallel`] cuts `source` into parts (the others parse it whole).
pub fn cuts(source: &str) -> bool {
    source.len() >= MIN_BYTES && cuttable(source) && Cut::find(source).is_some()
}

/// Where the list is cut: the `landscape:` line's end, each entry's first byte, and where
/// the list ends (the rest of the file, if any, is parsed with the head).
struct Cut {
    head_end: usize,
    entries: Vec<usize>,
    tail_start: usize,
}

impl Cut {
    fn find(source: &str) -> Option<Cut> {
        let mut lines = line_starts(source).peekable();
        let head_end = loop {
            let (start, line) = lines.next()?;
            if strip_comment(line) == "landscape:" {
                break start + line.len();
            }
        };
        let mut entries = Vec::new();
        let mut indent = None;
        let mut tail_start = source.len();
        for (start, line) in lines {
            let body = line.trim_start_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let at = line.len() - body.len();
            let is_entry = body == "-" || body.starts_with("- ");
            match indent {
                None if is_entry => indent = Some(at),
                None => return None,
                Some(i) if at < i || (at == i && !is_entry) => {
                    tail_start = start;
                    break;
                }
                Some(_) => {}
            }
            if Some(at) == indent && is_entry {
                entries.push(start);
            }
        }
        (entries.len() > 1).then_some(Cut {
            head_end,
            entries,
            tail_start,
        })
    }

    /// The tree of the whole file, or `None` when any part does not parse as expected.
    fn parse(&self, source: &str, parts: Option<&Parts>) -> Option<Node> {
        let mut bounds: Vec<(usize, usize)> =
            (self.entries.windows(2)).map(|w| (w[0], w[1])).collect();
        bounds.push((*self.entries.last()?, self.tail_start));
        // The head and the tail, without the list: its value comes from the parts.
        let rest = format!(
            "{}\n{}",
            &source[..self.head_end],
            &source[self.tail_start..]
        );
        let (root, parts) = rayon::join(
            || parse(&rest).ok(),
            || {
                (bounds.par_iter())
                    .map(|&(start, end)| entry(source, start, end, parts))
                    .collect::<Option<Vec<Node>>>()
            },
        );
        let (mut root, parts) = (root?, parts?);
        // The tail was written after the head's line end plus one newline.
        let moved = Shift {
            from: self.head_end + 1,
            bytes: self.tail_start - (self.head_end + 1),
            lines: count_lines(&source[self.head_end..self.tail_start]) - 1,
        };
        moved.apply(&mut root);
        let Value::Map(entries) = &mut root.value else {
            return None;
        };
        let (_, list) = entries
            .iter_mut()
            .find(|(k, _)| k.value == Value::Str("landscape".into()))?;
        let pos = parts.first()?.pos;
        *list = Node {
            value: Value::Seq(parts),
            pos: Pos {
                col: pos.col.saturating_sub(2),
                offset: pos.offset.saturating_sub(2),
                ..pos
            },
        };
        Some(root)
    }
}

/// The one entry written in `source[start..end]`, with its positions in `source`.
fn entry(source: &str, start: usize, end: usize, parts: Option<&Parts>) -> Option<Node> {
    let text = &source[start..end];
    let alone = || {
        let Value::Seq(mut items) = parse(text).ok()?.value else {
            return None;
        };
        items.pop().filter(|_| items.is_empty())
    };
    let mut node = match parts {
        Some(parts) => parts.get_or_parse(text, alone)?,
        None => alone()?,
    };
    Shift {
        from: 0,
        bytes: start,
        lines: count_lines(&source[..start]),
    }
    .apply(&mut node);
    Some(node)
}

/// Moves the positions at or after byte `from` by `bytes` and `lines`.
struct Shift {
    from: usize,
    bytes: usize,
    lines: usize,
}

impl Shift {
    fn apply(&self, node: &mut Node) {
        if node.pos.offset >= self.from {
            node.pos.offset += self.bytes;
            node.pos.line += self.lines as u32;
        }
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| self.apply(n)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                self.apply(k);
                self.apply(v);
            }),
            _ => {}
        }
    }
}

/// Whether nothing in `source` could tie one part of the list to another or change how a
/// part reads on its own: anchors (`&a`), aliases (`*a`), tags (`!t`), directives (`%`)
/// and document markers. Conservative: a `*word*` in a description also counts.
fn cuttable(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut prev = b'\n';
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        let after_space = matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',');
        if matches!(b, b'&' | b'*' | b'!') && after_space && !next.is_ascii_whitespace() {
            return false;
        }
        if prev == b'\n'
            && (b == b'%' || bytes[i..].starts_with(b"---") || bytes[i..].starts_with(b"..."))
        {
            return false;
        }
        prev = b;
    }
    true
}

/// Each line's first byte and text (without its line break).
fn line_starts(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    source.split_inclusive('\n').map(move |line| {
        let at = start;
        start += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

/// A line without its trailing comment and spaces.
fn strip_comment(line: &str) -> &str {
    line.split(" #").next().unwrap_or(line).trim_end()
}

fn count_lines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A landscape of `n` categories, each with a few items, over [`MIN_BYTES`] for n ≥ 600.
    fn landscape(n: usize, item_extra: &str) -> String {
        let mut src = String::from("# comment\nlandscape:\n");
        for c in 0..n {
            src.push_str(&format!("  - category:\n    name: Category {c}\n"));
            src.push_str(
                "    subcategories:\n      - subcategory:\n        name: Sub\n        items:\n",
            );
            for i in 0..3 {
                src.push_str(&format!(
                    "          - item:\n            name: \"Item {c}.{i}\"\n            homepage_url: https://example.com/?a=1&b={i}\n            logo: x.svg\n{item_extra}"
                ));
            }
            src.push_str("\n  # between categories\n");
        }
        src.push_str("other: [1, 2]\nlast:\n");
        src
    }

    #[test]
    fn the_cut_file_reads_as_the_whole() {
        let src = landscape(
            700,
            "            description: >-\n              folded\n              text\n",
        );
        assert!(src.len() > MIN_BYTES && cuttable(&src));
        let cut = Cut::find(&src).expect("cuttable");
        assert_eq!(cut.entries.len(), 700);
        let parts = cut.parse(&src, None).expect("every part parses");
        assert_eq!(parts, parse(&src).unwrap());
        assert_eq!(parse_parallel(&src).unwrap(), parse(&src).unwrap());
    }

    #[test]
    fn cached_parts_read_as_the_whole_and_changed_ones_are_parsed_again() {
        let cache = tempfile::tempdir().unwrap();
        let src = landscape(700, "");
        assert_eq!(
            parse_cached(&src, Some(cache.path())).unwrap(),
            parse(&src).unwrap()
        );
        // Longer: every later part moves.
        let changed = src.replacen("name: Category 5\n", "name: Category five, longer\n", 1);
        for _ in 0..2 {
            let cached = parse_cached(&changed, Some(cache.path())).unwrap();
            assert_eq!(cached, parse(&changed).unwrap());
        }
        // A part that no longer parses alone sends the file to the whole parse, as before.
        let broken = changed.replacen("name: Category 9\n", "name: [unclosed\n", 1);
        let (whole, cached) = (
            parse(&broken).unwrap_err(),
            parse_cached(&broken, Some(cache.path())).unwrap_err(),
        );
        assert_eq!((whole.message, whole.pos), (cached.message, cached.pos));
    }

    #[test]
    fn anchors_aliases_and_markers_keep_the_whole_parse() {
        for marked in [
            "anchor: &a x\n",
            "alias: *a\n",
            "tag: !t x\n",
            "---\n",
            "%YAML 1.2\n",
        ] {
            assert!(!cuttable(&format!("a: 1\n{marked}")), "{marked}");
        }
        assert!(cuttable(
            "url: https://x.org/?a=1&b=2\nnote: 5 * 3 & more!\n"
        ));
        // An alias across categories: the whole parse resolves it.
        let src = landscape(700, "")
            .replacen("name: Category 0", "name: &first Category 0", 1)
            .replacen("name: Category 9", "name: *first", 1);
        let root = parse_parallel(&src).unwrap();
        let Some(Value::Seq(categories)) = root.get("landscape").map(|n| &n.value) else {
            panic!("a list")
        };
        assert_eq!(
            categories[9].get("name").unwrap().value,
            Value::Str("Category 0".into())
        );
    }

    #[test]
    fn a_syntax_error_reads_as_in_the_whole_parse() {
        let src = landscape(700, "").replacen("name: Category 500", "name: [unclosed", 1);
        let (whole, parallel) = (parse(&src).unwrap_err(), parse_parallel(&src).unwrap_err());
        assert_eq!((whole.message, whole.pos), (parallel.message, parallel.pos));
    }
}
