//! The diff for a terminal: one line per change. Text from the landscape is printed with
//! its control characters escaped, so a name cannot move the cursor or recolour the screen.

use std::fmt::Write as _;

use super::{headline, link};
use crate::diff::DiffReport;

/// Text from the landscape made safe to print.
fn safe(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c.is_control() {
            true => c.escape_default().collect::<Vec<_>>(),
            false => vec![c],
        })
        .collect()
}

/// Caps long values (descriptions) to one readable line.
fn short(text: Option<&String>) -> String {
    let Some(text) = text else {
        return "(none)".to_string();
    };
    let text = safe(text);
    match text.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

pub(super) fn render(report: &DiffReport, previews: &str) -> String {
    let c = &report.changes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "landscape diff {} → {}: {}",
        safe(&report.base),
        safe(&report.head),
        headline(report)
    );
    for d in &c.new_problems {
        let item = d.item.as_deref().map(|i| format!(" [{}]", safe(i)));
        let _ = writeln!(
            out,
            "  new {:?}{}: {} ({}:{}, {})",
            d.severity,
            item.unwrap_or_default(),
            safe(&d.message),
            safe(&d.file),
            d.line,
            d.code
        );
    }
    for i in &c.added {
        let _ = writeln!(out, "  + {} ({})", safe(&i.name), safe(&i.path()));
    }
    for i in &c.removed {
        let _ = writeln!(out, "  - {} ({})", safe(&i.name), safe(&i.path()));
    }
    for r in &c.renamed {
        let _ = writeln!(
            out,
            "  ~ renamed {} → {} (same {})",
            safe(&r.from),
            safe(&r.item.name),
            r.matched_by
        );
    }
    for m in &c.moved {
        let _ = writeln!(
            out,
            "  > moved {}: {} → {}",
            safe(&m.item.name),
            safe(&m.from),
            safe(&m.to)
        );
    }
    for e in &c.edited {
        let _ = writeln!(out, "  * {}", safe(&e.item.name));
        for f in &e.fields {
            let _ = writeln!(
                out,
                "      {}: {} → {}",
                safe(&f.field),
                short(f.old.as_ref()),
                short(f.new.as_ref())
            );
        }
    }
    for l in &c.logos {
        let _ = writeln!(
            out,
            "  logo {} of {}: {}",
            l.change.word(),
            safe(&l.item),
            safe(&l.file)
        );
    }
    for (what, list) in [("settings", &c.settings), ("guide", &c.guide)] {
        for k in list {
            let values = match (&k.old, &k.new) {
                (None, None) => String::new(),
                (o, n) => format!(": {} → {}", short(o.as_ref()), short(n.as_ref())),
            };
            let _ = writeln!(out, "  {what} {} {}{values}", safe(&k.key), k.change.word());
        }
    }
    if let Some(p) = &report.previews {
        for s in &p.subcategories {
            let _ = writeln!(out, "  preview: {}", safe(&link(previews, &s.file)));
        }
        for t in &p.tiles {
            for f in &t.files {
                let _ = writeln!(out, "  preview: {}", safe(&link(previews, &f.file)));
            }
        }
        for w in &p.warnings {
            let _ = writeln!(out, "  preview warning: {}", safe(w));
        }
    }
    out
}
