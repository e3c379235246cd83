//! Reads `landscape.yml` (the cncf/landscape and landscape2 data format) into the model.
//!
//! Every item is read field by field from the position-keeping YAML tree, so one pass reports
//! every problem, each on its line. Items with errors are left out of the model and listed as
//! skipped; `build --keep-going` renders the rest.

use std::collections::HashMap;

use rayon::prelude::*;

use super::custom_values::{check_maturity, custom_values};
use super::fields::{Reader, without_bidi};
use super::item_keys::{
    EXTRA_DATES, EXTRA_SUMMARY, EXTRA_TEXT, EXTRA_URLS, ITEM_KEYS, LEGACY_ITEM_KEYS, extra_keys,
};
use super::settings_fields::Declared;
use super::urls::{self, UrlKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{
    Audit, Category, CategoryPath, Extra, Item, Landscape, Link, Repository, Subcategory,
    l2_item_id, slugify,
};
use crate::yaml::{self, Node, Pos, Value};

/// Where an item's fields are written, for the checks that look across items.
#[derive(Debug, Clone, Default)]
pub struct ItemSpans {
    pub item: Pos,
    pub logo: Pos,
    pub repos: Vec<Pos>,
    pub second_path: Vec<Pos>,
}

/// An item that could not be read, and why (for `--keep-going`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    pub name: String,
    pub path: String,
    pub line: u32,
    pub errors: usize,
    /// The logo it names and where, so its logo is still checked.
    #[serde(skip)]
    pub logo: Option<(String, Pos)>,
}

/// The result of reading `landscape.yml`.
#[derive(Debug, Default)]
pub struct LoadedLandscape {
    pub landscape: Landscape,
    /// Parallel to `landscape.items`.
    pub spans: Vec<ItemSpans>,
    pub skipped: Vec<Skipped>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the data file's text. Never fails: problems become diagnostics.
pub fn read(file: &str, source: &str) -> LoadedLandscape {
    read_declared(file, source, &Declared::default())
}

/// [`read`], with the maturity levels and custom fields the settings declare.
pub fn read_declared(file: &str, source: &str, declared: &Declared) -> LoadedLandscape {
    read_cached(file, source, declared, None)
}

/// [`read_declared`], with the parsed parts of the file kept in the cache directory `cache`.
pub fn read_cached(
    file: &str,
    source: &str,
    declared: &Declared,
    cache: Option<&std::path::Path>,
) -> LoadedLandscape {
    let mut out = LoadedLandscape::default();
    let root = match yaml::parse_cached(source, cache) {
        Ok(root) => root,
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "yaml-syntax",
                    file,
                    e.pos.unwrap_or_default(),
                    format!("YAML syntax error: {}", e.message),
                )
                .hint("fix the YAML at this position; nothing else could be checked"),
            );
            return out;
        }
    };
    let mut r = Reader::new(file, source);
    let categories = match root.get("landscape").or_else(|| root.get("categories")) {
        Some(node) => r.list_of(node, "landscape"),
        None => {
            r.report(
                Severity::Error,
                "missing-field",
                root.pos,
                None,
                "the data file has no `landscape:` (or `categories:`) list",
                Some("start the file with `landscape:` followed by a list of categories".into()),
            );
            &[]
        }
    };
    for cat_node in categories {
        read_category(&mut r, cat_node, &mut out, declared);
    }
    assign_ids(&mut out.landscape.items);
    out.diagnostics.append(&mut r.diagnostics);
    out
}

impl Reader<'_> {
    fn list_of<'n>(&mut self, node: &'n Node, key: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.wrong_type(key, node, "a list");
                &[]
            }
        }
    }

    fn expect_map(&mut self, node: &Node, what: &str) -> bool {
        if matches!(node.value, Value::Map(_)) {
            return true;
        }
        self.report(
            Severity::Error,
            "wrong-type",
            node.pos,
            None,
            format!(
                "{what} must be a mapping (`name: ...`), found {}",
                node.value.kind()
            ),
            None,
        );
        false
    }
}

fn read_category(r: &mut Reader, node: &Node, out: &mut LoadedLandscape, declared: &Declared) {
    if !r.expect_map(node, "a category") {
        return;
    }
    r.check_keys(
        node,
        &["category", "name", "subcategories"],
        &[],
        "a category",
    );
    let Some(name) = r.required_text(node, "name", node.pos) else {
        return;
    };
    let mut category = Category {
        name,
        subcategories: Vec::new(),
    };
    for sub_node in r.list(node, "subcategories") {
        if !r.expect_map(sub_node, "a subcategory") {
            continue;
        }
        r.check_keys(
            sub_node,
            &["subcategory", "name", "items"],
            &[],
            "a subcategory",
        );
        let Some(sub_name) = r.required_text(sub_node, "name", sub_node.pos) else {
            continue;
        };
        let mut sub = Subcategory {
            name: sub_name,
            items: Vec::new(),
        };
        let path = format!("{} / {}", category.name, sub.name);
        let item_nodes = r.list(sub_node, "items");
        // Items read side by side, each reporting on its own; kept in the file's order.
        let (file, source) = (r.file, r.source);
        let read: Vec<_> = (item_nodes.par_iter())
            .map(|item_node| {
                let mut reader = Reader::new(file, source);
                let read = read_item(
                    &mut reader,
                    item_node,
                    &category.name,
                    &sub.name,
                    &path,
                    declared,
                );
                (read, reader.diagnostics)
            })
            .collect();
        for (item_node, (read, mut diagnostics)) in item_nodes.iter().zip(read) {
            r.diagnostics.append(&mut diagnostics);
            let path = path.clone();
            match read {
                Ok((item, spans)) => {
                    sub.items.push(out.landscape.items.len());
                    out.landscape.items.push(item);
                    out.spans.push(spans);
                }
                Err(errors) => out.skipped.push(Skipped {
                    name: item_node
                        .get("name")
                        .and_then(|n| n.scalar_text(r.source))
                        .map_or_else(|| "(unnamed)".into(), |n| without_bidi(&n)),
                    path,
                    line: item_node.pos.line,
                    errors,
                    logo: item_node
                        .get("logo")
                        .and_then(|n| Some((n.scalar_text(r.source)?, n.pos))),
                }),
            }
        }
        category.subcategories.push(sub);
    }
    out.landscape.categories.push(category);
}

/// Reads one item; `Err(number of errors)` when it cannot be rendered.
fn read_item(
    r: &mut Reader,
    node: &Node,
    category: &str,
    subcategory: &str,
    path: &str,
    declared: &Declared,
) -> Result<(Item, ItemSpans), usize> {
    let display_name = node
        .get("name")
        .and_then(|n| n.scalar_text(r.source))
        .map(|n| without_bidi(&n));
    r.enter_item(display_name, Some(path.to_string()));
    if !r.expect_map(node, "an item") {
        return Err(r.leave_item());
    }
    let mut extra_keys = extra_keys();
    extra_keys.extend(declared.fields.iter().map(|f| f.key.as_str()));
    r.check_keys_with(
        node,
        ITEM_KEYS,
        LEGACY_ITEM_KEYS,
        "an item",
        &[(&extra_keys, "the item's `extra:`")],
    );
    let at = node.pos;
    let name = r.required_text(node, "name", at);
    let homepage_url = r.required_url(node, "homepage_url", at, UrlKind::Web);
    let logo = r.required_text(node, "logo", at);
    let mut spans = ItemSpans {
        item: at,
        logo: node.get("logo").map_or(at, |n| n.pos),
        ..Default::default()
    };
    let mut repositories = Vec::new();
    if let Some(url) = r.url(node, "repo_url") {
        spans.repos.push(node.get("repo_url").map_or(at, |n| n.pos));
        repositories.push(Repository {
            url,
            branch: r.text(node, "branch"),
            license: r.text(node, "license"),
            primary: true,
        });
    }
    for repo in r.list(node, "additional_repos") {
        if !r.expect_map(repo, "an additional repository") {
            continue;
        }
        r.check_keys(
            repo,
            &["repo_url", "branch", "license"],
            &["repo_name"],
            "a repository",
        );
        if let Some(url) = r.required_url(repo, "repo_url", repo.pos, UrlKind::Web) {
            spans
                .repos
                .push(repo.get("repo_url").map_or(repo.pos, |n| n.pos));
            repositories.push(Repository {
                url,
                branch: r.text(repo, "branch"),
                license: r.text(repo, "license"),
                primary: false,
            });
        }
    }
    let mut second_path = Vec::new();
    for entry in r.list(node, "second_path") {
        match r
            .scalar(entry, "second_path")
            .as_deref()
            .and_then(split_path)
        {
            Some(p) => {
                spans.second_path.push(entry.pos);
                second_path.push(p);
            }
            None => r.report(
                Severity::Warning,
                "bad-second-path",
                entry.pos,
                Some("second_path"),
                "a `second_path` entry must read `Category / Subcategory`",
                None,
            ),
        }
    }
    let organization = node
        .get("organization")
        .and_then(|org| read_organization(r, org));
    let extra = node
        .get("extra")
        .map(|e| read_extra(r, e, declared))
        .unwrap_or_default();
    let maturity = r.text(node, "project");
    check_maturity(r, node, maturity.as_deref(), &declared.maturity);
    let item = Item {
        id: String::new(),
        l2_id: String::new(),
        name: name.unwrap_or_default(),
        category: category.to_string(),
        subcategory: subcategory.to_string(),
        homepage_url: homepage_url.unwrap_or_default(),
        logo: logo.unwrap_or_default(),
        description: r.text(node, "description"),
        maturity,
        joined: r.date(node, "joined"),
        repositories,
        license: r.text(node, "license"),
        second_path,
        crunchbase: r.url(node, "crunchbase"),
        twitter: r.url(node, "twitter"),
        url_for_bestpractices: r.url(node, "url_for_bestpractices"),
        enduser: r.boolean(node, "enduser"),
        open_source: r.own_boolean(node, "open_source"),
        allow_duplicate_repo: r.own_boolean(node, "allow_duplicate_repo").unwrap_or(false),
        unnamed_organization: r.boolean(node, "unnamed_organization").unwrap_or(false),
        organization,
        extra,
        line: at.line,
    };
    match r.leave_item() {
        0 => Ok((item, spans)),
        errors => Err(errors),
    }
}

fn read_extra(r: &mut Reader, node: &Node, declared: &Declared) -> Extra {
    let mut extra = Extra::default();
    if node.value == Value::Null || !r.expect_map(node, "`extra`") {
        return extra;
    }
    let mut known = extra_keys();
    known.extend(declared.fields.iter().map(|f| f.key.as_str()));
    r.check_keys_with(
        node,
        &known,
        &[],
        "`extra`",
        &[(ITEM_KEYS, "the item itself, not `extra:`")],
    );
    for &key in EXTRA_DATES {
        if let Some(d) = r.date(node, key) {
            extra.dates.insert(key.to_string(), d);
        }
    }
    for &key in EXTRA_URLS {
        if let Some(u) = r.url(node, key) {
            extra.links.insert(key.to_string(), u);
        }
    }
    for &key in EXTRA_TEXT {
        if let Some(t) = r.text(node, key) {
            extra.text.insert(key.to_string(), t);
        }
    }
    for &key in EXTRA_SUMMARY {
        let Some(t) = r.text(node, key) else { continue };
        // landscape2 takes the intro as free text (it links the URLs inside): one http(s)
        // address is a link, anything else stays text.
        if key == "summary_intro_url" && urls::check(UrlKind::Web, &t).is_ok() {
            extra.links.insert(key.to_string(), t);
        } else {
            extra.summary.insert(key.to_string(), t);
        }
    }
    extra.custom = custom_values(r, node, &declared.fields);
    extra.specification = r.boolean(node, "specification");
    extra.tags = match node.get("tag") {
        Some(Node {
            value: Value::Seq(tags),
            ..
        }) => tags.iter().filter_map(|t| r.scalar(t, "tag")).collect(),
        Some(_) => r.text(node, "tag").into_iter().collect(),
        None => Vec::new(),
    };
    for audit in r.list(node, "audits") {
        if !r.expect_map(audit, "an audit") {
            continue;
        }
        r.check_keys(audit, &["date", "type", "url", "vendor"], &[], "an audit");
        let (date, kind, url, vendor) = (
            r.date(audit, "date"),
            r.required_text(audit, "type", audit.pos),
            r.required_url(audit, "url", audit.pos, UrlKind::Web),
            r.required_text(audit, "vendor", audit.pos),
        );
        if let (Some(kind), Some(url), Some(vendor)) = (kind, url, vendor) {
            extra.audits.push(Audit {
                date: date.unwrap_or_default(),
                kind,
                url,
                vendor,
            });
        }
    }
    for link in r.list(node, "other_links") {
        if !r.expect_map(link, "a link") {
            continue;
        }
        r.check_keys(link, &["name", "url"], &[], "a link");
        if let (Some(name), Some(url)) = (
            r.required_text(link, "name", link.pos),
            r.required_url(link, "url", link.pos, UrlKind::WebOrMail),
        ) {
            extra.other_links.push(Link { name, url });
        }
    }
    if let Some(annotations) = node.get("annotations") {
        match annotations.entries() {
            Some(entries) => {
                let pairs: Vec<(String, &Node)> =
                    entries.map(|(k, _, v)| (k.to_string(), v)).collect();
                for (k, v) in pairs {
                    match r.scalar(v, &k) {
                        Some(t) => {
                            extra.annotations.insert(k, t);
                        }
                        None if v.value == Value::Null => {}
                        None => r.wrong_type(&k, v, "a string"),
                    }
                }
            }
            None if annotations.value == Value::Null => {}
            None => r.wrong_type("annotations", annotations, "a mapping of strings"),
        }
    }
    extra
}

/// `organization:`, which landscape2 ignores: a mapping with `name:` names the item's
/// organization here; anything else is a warning and ignored, with a hint when it looks like
/// a misplaced field.
fn read_organization(r: &mut Reader, org: &Node) -> Option<String> {
    if matches!(org.value, Value::Map(_)) {
        r.check_keys(org, &["name"], &[], "an organization");
        return r.text(org, "name");
    }
    if org.value == Value::Null {
        return None;
    }
    let hint = match r.scalar(org, "organization") {
        Some(text) if url::Url::parse(text.trim()).is_ok() => {
            "did you mean `crunchbase:`?".to_string()
        }
        Some(text) => format!(
            "write the name under `name:`: `organization: {{name: {}}}`",
            text.trim()
        ),
        None => "write `organization:` followed by `name: <the organization>`".to_string(),
    };
    r.report(
        Severity::Warning,
        "wrong-type",
        org.pos,
        Some("organization"),
        format!(
            "`organization` must be a mapping with `name:`, found {}; it is ignored",
            org.value.kind()
        ),
        Some(hint),
    );
    None
}

/// Splits `Category / Subcategory`.
/// Split at ` / ` first: real subcategory names contain slashes (`Edge/Bare metal`).
fn split_path(text: &str) -> Option<CategoryPath> {
    let (category, subcategory) = text.split_once(" / ").or_else(|| text.split_once('/'))?;
    let (category, subcategory) = (category.trim(), subcategory.trim());
    (!category.is_empty() && !subcategory.is_empty()).then(|| CategoryPath {
        category: category.to_string(),
        subcategory: subcategory.to_string(),
    })
}

/// Gives every item a permalink slug from its name; a name seen before gets `-2`, `-3`, ...
/// in file order.
fn assign_ids(items: &mut [Item]) {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for item in items.iter_mut() {
        let base = slugify(&item.name);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        item.id = if *n == 1 { base } else { format!("{base}-{n}") };
        item.l2_id = l2_item_id(&item.category, &item.subcategory, &item.name);
    }
    // A suffixed slug may collide with a real name such as "foo-2": make those unique too.
    let mut used: HashMap<String, ()> = HashMap::with_capacity(items.len());
    for item in items.iter_mut() {
        let mut id = item.id.clone();
        let mut k = 2;
        while used.contains_key(&id) {
            id = format!("{}-{k}", item.id);
            k += 1;
        }
        used.insert(id.clone(), ());
        item.id = id;
    }
}
