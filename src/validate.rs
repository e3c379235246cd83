//! Stage 2: checks that look across items and files (the per-field checks happen while
//! loading).

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{ItemSpans, Loaded};
use crate::model::Landscape;
use crate::yaml::{Node, Value};

/// Runs the cross-item and settings checks, returning their diagnostics.
pub fn cross_checks(loaded: &Loaded) -> Vec<Diagnostic> {
    let data_file = loaded.data_file.as_str();
    let landscape = &loaded.data.landscape;
    let spans = &loaded.data.spans;
    let mut out = Vec::new();
    duplicate_names(landscape, spans, data_file, &mut out);
    duplicate_repos(landscape, spans, data_file, &mut out);
    dangling_second_paths(landscape, spans, data_file, &mut out);
    unknown_parents(landscape, spans, data_file, &mut out);
    if let Some((file, tree)) = &loaded.settings_tree {
        settings_references(landscape, file, tree, &mut out);
        featured_exclusions(file, tree, &mut out);
    }
    out
}

fn item_diag(
    landscape: &Landscape,
    index: usize,
    severity: Severity,
    code: &'static str,
    file: &str,
    pos: crate::yaml::Pos,
    message: String,
) -> Diagnostic {
    let item = &landscape.items[index];
    let mut d = Diagnostic::new(severity, code, file, pos, message);
    d.item = Some(item.name.clone());
    d.path = Some(format!("{} / {}", item.category, item.subcategory));
    d
}

/// Two items of one subcategory with the same name: an error, as for landscape2 (the grid
/// would show two tiles nobody can tell apart). Names that differ only in case are a
/// warning: landscape2 builds them, but they share its id.
fn duplicate_names(
    landscape: &Landscape,
    spans: &[ItemSpans],
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    for category in &landscape.categories {
        for sub in &category.subcategories {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for &i in &sub.items {
                let name = &landscape.items[i].name;
                let Some(&first) = seen.get(&name.to_lowercase()) else {
                    seen.insert(name.to_lowercase(), i);
                    continue;
                };
                let first_item = &landscape.items[first];
                let (severity, message, hint) = if first_item.name == *name {
                    (
                        Severity::Error,
                        format!(
                            "`{name}` is listed twice in this subcategory (first on line {})",
                            first_item.line
                        ),
                        "remove one of the two entries",
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "`{name}` differs only in case from `{}` (line {}) in this subcategory",
                            first_item.name, first_item.line
                        ),
                        "remove one of the two entries, or name them apart",
                    )
                };
                out.push(
                    item_diag(
                        landscape,
                        i,
                        severity,
                        "duplicate-item",
                        file,
                        spans[i].item,
                        message,
                    )
                    .hint(hint),
                );
            }
        }
    }
}

/// Normalises a repository URL so `https://github.com/A/B/` and `https://github.com/a/b` match.
fn repo_key(url: &str) -> String {
    url.trim_end_matches('/')
        .trim_end_matches(".git")
        .to_lowercase()
}

fn duplicate_repos(
    landscape: &Landscape,
    spans: &[ItemSpans],
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, item) in landscape.items.iter().enumerate() {
        for (r, repo) in item.repositories.iter().enumerate() {
            let key = repo_key(&repo.url);
            match seen.get(&key) {
                Some(&first) if first != i => {
                    if item.allow_duplicate_repo || landscape.items[first].allow_duplicate_repo {
                        continue;
                    }
                    let other = &landscape.items[first];
                    out.push(
                        item_diag(
                            landscape,
                            i,
                            Severity::Warning,
                            "duplicate-repo",
                            file,
                            spans[i].repos.get(r).copied().unwrap_or(spans[i].item),
                            format!(
                                "repository {} is also the repository of `{}` (line {})",
                                repo.url, other.name, other.line
                            ),
                        )
                        .hint("if both items really share it, add `allow_duplicate_repo: true`"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
}

fn dangling_second_paths(
    landscape: &Landscape,
    spans: &[ItemSpans],
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let known: HashSet<(&str, &str)> = landscape
        .categories
        .iter()
        .flat_map(|c| {
            c.subcategories
                .iter()
                .map(move |s| (c.name.as_str(), s.name.as_str()))
        })
        .collect();
    for (i, item) in landscape.items.iter().enumerate() {
        for (k, path) in item.second_path.iter().enumerate() {
            if known.contains(&(path.category.as_str(), path.subcategory.as_str())) {
                continue;
            }
            out.push(
                item_diag(
                    landscape,
                    i,
                    Severity::Warning,
                    "dangling-second-path",
                    file,
                    spans[i]
                        .second_path
                        .get(k)
                        .copied()
                        .unwrap_or(spans[i].item),
                    format!(
                        "second_path `{} / {}` names no existing subcategory; it is ignored",
                        path.category, path.subcategory
                    ),
                )
                .hint(nearest_path(landscape, &path.category, &path.subcategory)),
            );
        }
    }
}

fn nearest_path(landscape: &Landscape, category: &str, subcategory: &str) -> String {
    let best = landscape
        .categories
        .iter()
        .flat_map(|c| c.subcategories.iter().map(move |s| (c, s)))
        .map(|(c, s)| {
            let d = strsim::normalized_levenshtein(category, &c.name)
                + strsim::normalized_levenshtein(subcategory, &s.name);
            (d, format!("{} / {}", c.name, s.name))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, p)) => format!("the closest existing path is `{p}`"),
        None => "the landscape has no subcategories".into(),
    }
}

fn unknown_parents(
    landscape: &Landscape,
    spans: &[ItemSpans],
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let names: HashSet<&str> = landscape.items.iter().map(|i| i.name.as_str()).collect();
    for (i, item) in landscape.items.iter().enumerate() {
        if let Some(parent) = item.extra.text.get("parent_project")
            && !names.contains(parent.as_str())
        {
            out.push(item_diag(
                landscape,
                i,
                Severity::Warning,
                "unknown-parent",
                file,
                spans[i].item,
                format!("parent_project `{parent}` is not an item of the landscape"),
            ));
        }
    }
}

/// Settings entries (`categories`, `groups`, `enduser`) must name existing categories and
/// subcategories.
fn settings_references(landscape: &Landscape, file: &str, tree: &Node, out: &mut Vec<Diagnostic>) {
    let categories: HashMap<&str, HashSet<&str>> = landscape
        .categories
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.subcategories.iter().map(|s| s.name.as_str()).collect(),
            )
        })
        .collect();
    let mut missing = |node: &Node, what: String, hint: String| {
        out.push(
            Diagnostic::new(
                Severity::Warning,
                "unknown-category",
                file,
                node.pos,
                format!("{what} does not exist in the data file; this entry is ignored"),
            )
            .hint(hint),
        );
    };
    let names: Vec<&str> = categories.keys().copied().collect();
    for key in ["categories", "enduser"] {
        for entry in seq(tree.get(key)) {
            let name_node = entry.get("name").or_else(|| entry.get("category"));
            let Some(name_node) = name_node else { continue };
            let Value::Str(name) = &name_node.value else {
                continue;
            };
            match categories.get(name.as_str()) {
                None => missing(
                    name_node,
                    format!("`{key}` names category `{name}`, which"),
                    suggest(name, &names),
                ),
                Some(subs) => {
                    let sub_names: Vec<&str> = subs.iter().copied().collect();
                    for sub in seq(entry.get("subcategories")) {
                        if let Value::Str(s) = &sub.value
                            && !subs.contains(s.as_str())
                        {
                            missing(
                                &sub,
                                format!("`{key}` names subcategory `{name} / {s}`, which"),
                                suggest(s, &sub_names),
                            );
                        }
                    }
                }
            }
        }
    }
    for group in seq(tree.get("groups")) {
        for cat in seq(group.get("categories")) {
            if let Value::Str(name) = &cat.value
                && !categories.contains_key(name.as_str())
            {
                missing(
                    &cat,
                    format!("a group names category `{name}`, which"),
                    suggest(name, &names),
                );
            }
        }
    }
}

/// `featured_items` exclusions (`exclude: groups:`) must name groups of `groups`.
fn featured_exclusions(file: &str, tree: &Node, out: &mut Vec<Diagnostic>) {
    let groups = seq(tree.get("groups"));
    let group_names: Vec<&str> = groups
        .iter()
        .flat_map(|g| [g.get("name"), g.get("alias")])
        .filter_map(|n| match n.map(|n| &n.value) {
            Some(Value::Str(s)) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    for rule in seq(tree.get("featured_items")) {
        for name_node in seq(rule.get("exclude").and_then(|e| e.get("groups"))) {
            if let Value::Str(name) = &name_node.value
                && !group_names.iter().any(|g| g.eq_ignore_ascii_case(name))
            {
                out.push(
                    Diagnostic::new(
                        Severity::Warning,
                        "unknown-group",
                        file,
                        name_node.pos,
                        format!(
                            "`featured_items` excludes group `{name}`, which is not in `groups`; this entry is ignored"
                        ),
                    )
                    .hint(suggest(name, &group_names)),
                );
            }
        }
    }
}

/// The entries of a sequence node (none when absent or not a sequence).
fn seq(node: Option<&Node>) -> Vec<Node> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(v)) => v.clone(),
        _ => Vec::new(),
    }
}

fn suggest(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::normalized_levenshtein(name, k), *k))
        .filter(|(score, _)| *score > 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("did you mean `{k}`?"))
        .unwrap_or_else(|| "check the spelling against landscape.yml".into())
}
