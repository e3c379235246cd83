//! The typed change set between two landscapes: items added, removed, renamed, moved and
//! edited, logos by content, settings keys, guide sections, and the problems the change
//! brings in. Its serde names are the `--format json` output (documented in the README).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::Side;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Item;

/// An item and where it is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    pub name: String,
    /// The item's permalink slug (`items/<id>/` on the site).
    pub id: String,
    pub category: String,
    pub subcategory: String,
    /// Index into the side's items (head for everything but `removed`).
    #[serde(skip)]
    pub index: usize,
}

impl ItemRef {
    fn of(items: &[Item], index: usize) -> Self {
        let item = &items[index];
        ItemRef {
            name: item.name.clone(),
            id: item.id.clone(),
            category: item.category.clone(),
            subcategory: item.subcategory.clone(),
            index,
        }
    }

    /// `Category / Subcategory`.
    pub fn path(&self) -> String {
        format!("{} / {}", self.category, self.subcategory)
    }
}

/// An item that changed its name but kept its homepage, repository or logo.
#[derive(Debug, Clone, Serialize)]
pub struct Renamed {
    pub from: String,
    /// The item as it is now.
    pub item: ItemRef,
    /// What identifies it as the same item: `repo_url`, `homepage_url` or `logo`.
    pub matched_by: &'static str,
}

/// An item listed in another category or subcategory.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub item: ItemRef,
    /// `Category / Subcategory` before and after.
    pub from: String,
    pub to: String,
}

/// One field of an item, before and after (`null`: not set). Nested fields are named by
/// their path (`extra.dates.graduated`); lists are compared whole, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The fields an item changed.
#[derive(Debug, Clone, Serialize)]
pub struct Edited {
    pub item: ItemRef,
    pub fields: Vec<FieldChange>,
}

/// What happened to a logo or a settings key or a guide section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// An item's logo, by the content hash of the file it names.
#[derive(Debug, Clone, Serialize)]
pub struct LogoChange {
    /// The item's name (on the head, or on the base when it was removed).
    pub item: String,
    pub change: Change,
    /// The logo file named, as written in the data file.
    pub file: String,
    /// blake3 of the file's bytes (first 16 hex digits); `null` when absent or unreadable.
    pub old_hash: Option<String>,
    pub new_hash: Option<String>,
    #[serde(skip)]
    pub head_index: Option<usize>,
}

/// A top-level settings key (or a guide section: `Category` or `Category / Subcategory`).
#[derive(Debug, Clone, Serialize)]
pub struct KeyChange {
    pub key: String,
    pub change: Change,
    /// Short scalar values only; longer or nested values are summarized by `change`.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Everything that differs between the base and the head.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeSet {
    pub added: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    pub renamed: Vec<Renamed>,
    pub moved: Vec<Moved>,
    pub edited: Vec<Edited>,
    pub logos: Vec<LogoChange>,
    pub settings: Vec<KeyChange>,
    pub guide: Vec<KeyChange>,
    /// Problems on the head that the base does not have (matched by code, item and field).
    pub new_problems: Vec<Diagnostic>,
    /// How many of the base's problems the head no longer has.
    pub fixed_problems: usize,
}

impl ChangeSet {
    /// Errors among the new problems.
    pub fn new_errors(&self) -> usize {
        (self.new_problems.iter())
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Entries in every list, problems aside.
    pub fn len(&self) -> usize {
        self.added.len()
            + self.removed.len()
            + self.renamed.len()
            + self.moved.len()
            + self.edited.len()
            + self.logos.len()
            + self.settings.len()
            + self.guide.len()
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0 && self.new_problems.is_empty() && self.fixed_problems == 0
    }

    /// Head items whose tiles changed: added, renamed, moved, edited, new logo.
    pub fn touched_items(&self) -> Vec<usize> {
        let mut out: Vec<usize> = (self.added.iter().map(|i| i.index))
            .chain(self.renamed.iter().map(|r| r.item.index))
            .chain(self.moved.iter().map(|m| m.item.index))
            .chain(self.edited.iter().map(|e| e.item.index))
            .chain(self.logos.iter().filter_map(|l| l.head_index))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Compares the base with the head.
pub fn compare(base: &Side, head: &Side) -> ChangeSet {
    let (b, h) = (&base.landscape.items, &head.landscape.items);
    let mut set = ChangeSet::default();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let by_id: HashMap<&str, usize> = b
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut used_base = HashSet::new();
    let mut unpaired_head = Vec::new();
    for (hi, item) in h.iter().enumerate() {
        match by_id.get(item.id.as_str()) {
            Some(&bi) if used_base.insert(bi) => pairs.push((bi, hi)),
            _ => unpaired_head.push(hi),
        }
    }
    // A new name with an old item's repository, homepage or logo is that item renamed.
    let mut renames = HashMap::new();
    let mut added = Vec::new();
    let mut by_identity: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
    for bi in (0..b.len()).filter(|bi| !used_base.contains(bi)) {
        for pair in identity(&b[bi]) {
            by_identity.entry(pair).or_default().push(bi);
        }
    }
    for hi in unpaired_head {
        let found = identity(&h[hi]).into_iter().find_map(|pair| {
            let key = pair.0;
            (by_identity.get(&pair)?.iter())
                .find(|bi| !used_base.contains(*bi))
                .map(|&bi| (bi, key))
        });
        match found {
            Some((bi, key)) => {
                used_base.insert(bi);
                pairs.push((bi, hi));
                renames.insert(b[bi].name.clone(), h[hi].name.clone());
                set.renamed.push(Renamed {
                    from: b[bi].name.clone(),
                    item: ItemRef::of(h, hi),
                    matched_by: key,
                });
            }
            None => added.push(hi),
        }
    }
    pairs.sort_unstable_by_key(|&(_, hi)| hi);
    for &(bi, hi) in &pairs {
        let (old, new) = (&b[bi], &h[hi]);
        if (&old.category, &old.subcategory) != (&new.category, &new.subcategory) {
            set.moved.push(Moved {
                item: ItemRef::of(h, hi),
                from: format!("{} / {}", old.category, old.subcategory),
                to: format!("{} / {}", new.category, new.subcategory),
            });
        }
        let fields = field_changes(old, new);
        if !fields.is_empty() {
            set.edited.push(Edited {
                item: ItemRef::of(h, hi),
                fields,
            });
        }
        let (oh, nh) = (base.logo_hash(&old.logo), head.logo_hash(&new.logo));
        if oh != nh {
            set.logos.push(LogoChange {
                item: new.name.clone(),
                change: Change::Changed,
                file: new.logo.clone(),
                old_hash: oh,
                new_hash: nh,
                head_index: Some(hi),
            });
        }
    }
    for hi in added {
        set.added.push(ItemRef::of(h, hi));
        set.logos.push(LogoChange {
            item: h[hi].name.clone(),
            change: Change::Added,
            file: h[hi].logo.clone(),
            old_hash: None,
            new_hash: head.logo_hash(&h[hi].logo),
            head_index: Some(hi),
        });
    }
    for bi in (0..b.len()).filter(|bi| !used_base.contains(bi)) {
        set.removed.push(ItemRef::of(b, bi));
        set.logos.push(LogoChange {
            item: b[bi].name.clone(),
            change: Change::Removed,
            file: b[bi].logo.clone(),
            old_hash: base.logo_hash(&b[bi].logo),
            new_hash: None,
            head_index: None,
        });
    }
    set.settings = key_changes(&settings_keys(base), &settings_keys(head));
    set.guide = key_changes(&guide_sections(base), &guide_sections(head));
    (set.new_problems, set.fixed_problems) = new_problems(base, head, &renames);
    set
}

/// What identifies an item besides its name, strongest first.
fn identity(item: &Item) -> Vec<(&'static str, String)> {
    let url = |u: &str| u.trim().trim_end_matches('/').to_lowercase();
    let mut out = Vec::new();
    if let Some(repo) = item.primary_repo() {
        out.push(("repo_url", url(&repo.url)));
    }
    if !item.homepage_url.trim().is_empty() {
        out.push(("homepage_url", url(&item.homepage_url)));
    }
    if !item.logo.trim().is_empty() {
        out.push(("logo", item.logo.trim().to_string()));
    }
    out
}

/// Every field but those the other lists report (name, place) and bookkeeping (ids, line).
fn field_changes(old: &Item, new: &Item) -> Vec<FieldChange> {
    let (old, new) = (flat_fields(old), flat_fields(new));
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            old: old.get(k).cloned(),
            new: new.get(k).cloned(),
        })
        .collect()
}

const NOT_FIELDS: &[&str] = &[
    "id",
    "landscape2_id",
    "name",
    "category",
    "subcategory",
    "line",
];

/// An item's fields as `path → text`: objects flattened, lists and scalars as written.
fn flat_fields(item: &Item) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(Value::Object(map)) = serde_json::to_value(item) else {
        return out;
    };
    for (key, value) in map {
        if !NOT_FIELDS.contains(&key.as_str()) {
            flatten(&key, &value, &mut out);
        }
    }
    out
}

fn flatten(path: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{path}.{k}"), v, out);
            }
        }
        v if is_blank(v) => {}
        Value::String(s) => {
            out.insert(path.to_string(), s.clone());
        }
        v => {
            out.insert(path.to_string(), v.to_string());
        }
    }
}

/// Not set: null, false for a flag, or an empty text or list.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Settings by top-level key (unknown keys too), each as JSON.
fn settings_keys(side: &Side) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(&side.settings) {
        for (key, value) in map {
            match (key.as_str(), value) {
                ("other", Value::Object(other)) => out.extend(other),
                (_, v) if is_blank(&v) => {}
                (_, v) => {
                    out.insert(key, v);
                }
            }
        }
    }
    out
}

/// Guide sections (`Category`, `Category / Subcategory`): their text and keywords.
fn guide_sections(side: &Side) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for cat in side.guide.iter().flat_map(|g| &g.categories) {
        out.insert(
            cat.category.clone(),
            serde_json::json!([cat.content, cat.keywords]),
        );
        for sub in &cat.subcategories {
            out.insert(
                format!("{} / {}", cat.category, sub.subcategory),
                serde_json::json!([sub.content, sub.keywords]),
            );
        }
    }
    out
}

fn key_changes(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Vec<KeyChange> {
    let short = |v: Option<&Value>| match v {
        Some(Value::String(s)) if s.chars().count() <= 80 => Some(s.clone()),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(v.to_string()),
        _ => None,
    };
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (o, n) = (old.get(key), new.get(key));
            let change = match (o, n) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(a), Some(b)) if a != b => Change::Changed,
                _ => return None,
            };
            Some(KeyChange {
                key: key.clone(),
                change,
                old: short(o),
                new: short(n),
            })
        })
        .collect()
}

/// The head's problems beyond the base's, matched by code, item (through renames) and
/// field, never by line; and how many of the base's are gone.
fn new_problems(
    base: &Side,
    head: &Side,
    renames: &HashMap<String, String>,
) -> (Vec<Diagnostic>, usize) {
    type Key = (&'static str, Option<String>, Option<String>);
    let key = |d: &Diagnostic, renamed: bool| -> Key {
        let item = d.item.clone().map(|name| match renamed {
            true => renames.get(&name).cloned().unwrap_or(name),
            false => name,
        });
        (d.code, item, d.field.clone())
    };
    let mut on_base: HashMap<Key, usize> = HashMap::new();
    for d in &base.report.diagnostics {
        *on_base.entry(key(d, true)).or_default() += 1;
    }
    let mut new = Vec::new();
    for d in &head.report.diagnostics {
        match on_base.get_mut(&key(d, false)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => new.push(d.clone()),
        }
    }
    let fixed = on_base.values().sum();
    new.sort_by_key(|d| std::cmp::Reverse(d.severity));
    (new, fixed)
}
