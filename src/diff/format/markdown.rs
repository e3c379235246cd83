//! The diff as a pull request comment or a GitHub step summary (GitHub-flavoured markdown):
//! short for a small change, each list folded in a `<details>` for a large one. Every text
//! from the landscape goes through [`escape`]: it cannot end a table cell, start HTML,
//! open a code span or link, or mention anyone.

use std::fmt::Write as _;

use super::{headline, link};
use crate::diff::DiffReport;

/// Changes up to which every list is shown open.
const SHORT: usize = 6;
/// Longest value shown in a cell, in characters.
const MAX_VALUE: usize = 120;

/// Text made inert in a table cell or a paragraph: line breaks become spaces, HTML and
/// table syntax become entities, `@` cannot mention, and the punctuation that opens code
/// spans, emphasis, links, images, strikethrough or math is backslash-escaped. (Cells and
/// lines never start with the text, so block syntax such as `#` or `-` does not apply.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' => out.push_str("&#124;"),
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A value for a cell: escaped, capped, `—` when unset.
fn value(text: Option<&String>) -> String {
    let Some(text) = text else {
        return "—".to_string();
    };
    match text.char_indices().nth(MAX_VALUE) {
        Some((at, _)) => format!("{}…", escape(&text[..at])),
        None => escape(text),
    }
}

/// A path as a link destination: only our file names and the directory given on the
/// command line; characters that would end the destination are percent-encoded.
fn destination(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a section: a heading when the diff is short, a folded `<details>` when long.
fn section(out: &mut String, folded: bool, title: &str, count: usize, body: &str) {
    if count == 0 {
        return;
    }
    if folded {
        let _ = write!(
            out,
            "<details><summary><b>{title}</b> ({count})</summary>\n\n{body}\n</details>\n\n"
        );
    } else {
        let _ = write!(out, "#### {title} ({count})\n\n{body}\n");
    }
}

fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

pub(super) fn render(report: &DiffReport, previews: &str) -> String {
    let c = &report.changes;
    let folded = c.len() > SHORT;
    let mut out = String::new();
    let status = match report.summary.new_errors {
        0 => "✅",
        _ => "❌",
    };
    let _ = write!(
        out,
        "### {status} Landscape changes\n\nCompared with {}: {}.\n\n",
        escape(&report.base),
        headline(report)
    );
    if !c.new_problems.is_empty() {
        let rows = c.new_problems.iter().map(|d| {
            vec![
                format!("{:?}", d.severity).to_lowercase(),
                value(d.item.as_ref()),
                value(d.field.as_ref()),
                escape(&d.message),
                format!("line {} (`{}`)", d.line, d.code),
            ]
        });
        let body = table(&["", "Item", "Field", "Problem", "Where"], rows);
        // Problems are never folded: they are what blocks the change.
        section(&mut out, false, "New problems", c.new_problems.len(), &body);
    }
    let items = |list: &Vec<crate::diff::compare::ItemRef>| {
        table(
            &["Item", "Category / Subcategory"],
            list.iter()
                .map(|i| vec![escape(&i.name), escape(&i.path())]),
        )
    };
    section(&mut out, folded, "Added", c.added.len(), &items(&c.added));
    section(
        &mut out,
        folded,
        "Removed",
        c.removed.len(),
        &items(&c.removed),
    );
    let body = table(
        &["Before", "After", "Same"],
        (c.renamed.iter()).map(|r| {
            vec![
                escape(&r.from),
                escape(&r.item.name),
                r.matched_by.to_string(),
            ]
        }),
    );
    section(&mut out, folded, "Renamed", c.renamed.len(), &body);
    let body = table(
        &["Item", "From", "To"],
        (c.moved.iter()).map(|m| vec![escape(&m.item.name), escape(&m.from), escape(&m.to)]),
    );
    section(&mut out, folded, "Moved", c.moved.len(), &body);
    let body = table(
        &["Item", "Field", "Before", "After"],
        c.edited.iter().flat_map(|e| {
            e.fields.iter().map(|f| {
                vec![
                    escape(&e.item.name),
                    escape(&f.field),
                    value(f.old.as_ref()),
                    value(f.new.as_ref()),
                ]
            })
        }),
    );
    section(&mut out, folded, "Edited", c.edited.len(), &body);
    let body = table(
        &["Item", "Logo", "File"],
        (c.logos.iter()).map(|l| vec![escape(&l.item), l.change.word().into(), escape(&l.file)]),
    );
    section(&mut out, folded, "Logos", c.logos.len(), &body);
    for (title, list) in [("Settings", &c.settings), ("Guide", &c.guide)] {
        let body = table(
            &["Key", "Change", "Before", "After"],
            list.iter().map(|k| {
                vec![
                    escape(&k.key),
                    k.change.word().into(),
                    value(k.old.as_ref()),
                    value(k.new.as_ref()),
                ]
            }),
        );
        section(&mut out, folded, title, list.len(), &body);
    }
    if let Some(p) = &report.previews {
        let mut body = String::new();
        for s in &p.subcategories {
            let alt = escape(&format!("{} / {}", s.category, s.subcategory));
            let _ = write!(
                body,
                "**{alt}**\n\n![{alt}]({})\n\n",
                destination(&link(previews, &s.file))
            );
        }
        if !p.tiles.is_empty() {
            let mut header = vec!["Item".to_string()];
            if let Some(first) = p.tiles.first() {
                header.extend(
                    first
                        .files
                        .iter()
                        .map(|f| format!("{} {}", f.screen, f.theme)),
                );
            }
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let rows = p.tiles.iter().map(|t| {
                let mut row = vec![escape(&t.item)];
                row.extend(t.files.iter().map(|f| {
                    format!(
                        "![{} {}]({})",
                        f.screen,
                        f.theme,
                        destination(&link(previews, &f.file))
                    )
                }));
                row
            });
            body.push_str(&table(&header, rows));
        }
        for w in &p.warnings {
            let _ = writeln!(body, "\n> {}", escape(w));
        }
        let count = p.subcategories.len() + p.tiles.len();
        section(&mut out, folded, "Previews", count, &body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_inert() {
        let e = escape("a|b<img src=x onerror=alert(1)>`code`\n## h @team [l](javascript:x)");
        assert!(!e.contains('|') && !e.contains('<') && !e.contains('\n'));
        assert!(!e.contains('@'));
        assert!(e.contains("\\`code\\`"));
        assert!(e.contains("\\[l\\]\\(javascript:x\\)"));
    }
}
