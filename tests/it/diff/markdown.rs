//! `--format markdown`: hostile names stay inside their table cells, a small change reads
//! short and a large one folds its lists.

use super::{Entry, base_entries, entry, pair, run};
use crate::support::cli;

fn markdown(dir: &std::path::Path, head: &[Entry]) -> (i32, String) {
    let (base, head) = pair(dir, &base_entries(), head);
    let out = run(dir, &base, &head, &["--format", "markdown"]);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!text.is_empty(), "{}", cli::text(&out));
    (out.status.code().unwrap_or(-1), text)
}

/// The rows of the table under `heading`.
fn table_after<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading} in\n{text}"));
    (text[at..].lines())
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect()
}

#[test]
fn hostile_names_cannot_break_the_table_or_inject_html() {
    let dir = tempfile::tempdir().unwrap();
    let mut evil = entry("Observability", "Monitoring", "x");
    evil.name =
        r#""Evil | <img src=x onerror=alert(1)> `tick` @team [a](javascript:alert(2))\nline two""#
            .into();
    evil.homepage = "https://evil.example.org/".into();
    evil.logo = "evil.svg".into();
    let mut head = base_entries();
    head.push(evil);
    let (code, text) = markdown(dir.path(), &head);
    assert_eq!(code, 0);
    let rows = table_after(&text, "Added");
    assert_eq!(rows.len(), 3, "header, rule, one row:\n{text}");
    let pipes = |l: &str| l.matches('|').count();
    assert!(rows.iter().all(|r| pipes(r) == pipes(rows[0])), "{rows:#?}");
    assert!(
        rows[2].contains("line two"),
        "the newline stays in the cell: {}",
        rows[2]
    );
    assert!(!text.contains("<img"), "{text}");
    assert!(!text.contains("@team"), "no mention: {text}");
    assert!(!text.contains("](javascript"), "no link: {text}");
    // Every backtick is escaped: no code span can open.
    assert!(
        text.match_indices('`')
            .all(|(i, _)| text[..i].ends_with('\\')),
        "{text}"
    );
    assert!(rows[2].contains("Evil &#124; &lt;img"), "{}", rows[2]);
}

#[test]
fn a_one_item_change_is_short_and_a_large_one_folds() {
    let dir = tempfile::tempdir().unwrap();
    let mut head = base_entries();
    head.push(entry("Observability", "Tracing", "Delta"));
    let (_, text) = markdown(&dir.path().join("one"), &head);
    assert!(text.contains("#### Added (1)"), "{text}");
    assert!(
        text.contains("| Delta | Observability / Tracing |"),
        "{text}"
    );
    assert!(!text.contains("<details>"), "{text}");

    let mut head = base_entries();
    for n in 0..10 {
        let name: &'static str = Box::leak(format!("Item {n}").into_boxed_str());
        head.push(entry("Observability", "Tracing", name));
    }
    let (_, text) = markdown(&dir.path().join("many"), &head);
    assert!(
        text.contains("<details><summary><b>Added</b> (10)</summary>"),
        "{text}"
    );
    assert_eq!(table_after(&text, "<b>Added</b>").len(), 12);
}

#[test]
fn new_errors_lead_the_comment_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = entry("Observability", "Tracing", "Broken");
    bad.homepage = "ftp://broken.example.org/".into();
    let mut head = base_entries();
    head.push(bad);
    let (code, text) = markdown(dir.path(), &head);
    assert_eq!(code, 1);
    assert!(text.starts_with("### ❌ Landscape changes"), "{text}");
    let rows = table_after(&text, "New problems");
    assert!(
        rows[2].starts_with("| error | Broken | homepage\\_url |"),
        "{rows:#?}"
    );
}
