//! Inserting an item into `landscape.yml` as a text edit: the position-keeping YAML tree
//! says where the subcategory's items are written, and the new entry is spliced in there,
//! indented like its neighbours. Every other byte of the file (comments, quoting, blank
//! lines) stays as it is; re-serializing the document would lose them.

use super::AddError;
use super::quote::scalar;
use crate::load::fields::did_you_mean;
use crate::yaml::{self, Node, Value};

/// The fields of the new item, in the order they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub description: Option<String>,
    pub homepage_url: String,
    pub repo_url: Option<String>,
    pub logo: String,
    pub crunchbase: Option<String>,
}

impl Entry {
    fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut fields = vec![("name", self.name.as_str())];
        fields.extend(self.description.as_deref().map(|d| ("description", d)));
        fields.push(("homepage_url", &self.homepage_url));
        fields.extend(self.repo_url.as_deref().map(|r| ("repo_url", r)));
        fields.push(("logo", &self.logo));
        fields.extend(self.crunchbase.as_deref().map(|c| ("crunchbase", c)));
        fields
    }
}

/// Where the entry went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The subcategory's items are in alphabetical order, and stay so.
    Alphabetical,
    /// The items are in some other order: the entry is the last one.
    End,
}

/// The edited file.
#[derive(Debug, Clone)]
pub struct Inserted {
    pub text: String,
    /// 1-based line of the new entry's first line.
    pub line: u32,
    pub placement: Placement,
}

/// Every category with its subcategories, as the data file names them (for prompts).
pub fn outline(source: &str) -> Result<Vec<(String, Vec<String>)>, AddError> {
    let root = parse(source)?;
    Ok(categories(&root)
        .iter()
        .map(|cat| {
            let subs = subcategories(cat)
                .iter()
                .filter_map(|s| name_of(s, source))
                .collect();
            (name_of(cat, source).unwrap_or_default(), subs)
        })
        .collect())
}

/// `source` with `entry` inserted into `category / subcategory`.
pub fn insert(
    source: &str,
    category: &str,
    subcategory: &str,
    entry: &Entry,
) -> Result<Inserted, AddError> {
    let root = parse(source)?;
    let cats = categories(&root);
    let cat = find_named(cats, source, category, "category", None)?;
    let sub = find_named(
        subcategories(cat),
        source,
        subcategory,
        "subcategory",
        Some(category),
    )?;
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let items_key = sub
        .entries()
        .into_iter()
        .flatten()
        .find(|(k, _, _)| *k == "items");
    let (at, style, placement) = match items_key.map(|(_, key, value)| (key, &value.value)) {
        Some((_, Value::Seq(items))) if !items.is_empty() => {
            place_among(source, items, entry, category, subcategory)?
        }
        Some((key, Value::Null)) => first_item_place(source, &root, key)?,
        _ => {
            return Err(AddError::Refused(format!(
                "`{category} / {subcategory}` has no block list of items (`items:` followed by \
                 `- item:` lines) to add to; add its first item by hand"
            )));
        }
    };
    let mut block = String::new();
    // A file that does not end in a line break gets one before the new entry.
    if at == source.len() && !source.is_empty() && !source.ends_with('\n') {
        block.push_str(eol);
    }
    block.push_str(&style.render(entry, eol));
    let mut text = String::with_capacity(source.len() + block.len());
    text.push_str(&source[..at]);
    text.push_str(&block);
    text.push_str(&source[at..]);
    let line = source[..at].matches('\n').count() as u32
        + 1
        + u32::from(block.starts_with(eol) && at == source.len());
    read_back(&text, category, subcategory, entry)?;
    Ok(Inserted {
        text,
        line,
        placement,
    })
}

fn parse(source: &str) -> Result<Node, AddError> {
    yaml::parse(source).map_err(|e| {
        AddError::Refused(format!(
            "the data file is not valid YAML ({}{}); fix it first",
            e.message,
            e.pos
                .map(|p| format!(", line {}", p.line))
                .unwrap_or_default()
        ))
    })
}

fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(nodes)) => nodes,
        _ => &[],
    }
}

fn categories(root: &Node) -> &[Node] {
    seq(root.get("landscape").or_else(|| root.get("categories")))
}

fn subcategories(cat: &Node) -> &[Node] {
    seq(cat.get("subcategories"))
}

fn name_of(node: &Node, source: &str) -> Option<String> {
    node.get("name")?.scalar_text(source)
}

/// The node named `wanted`, or an error naming the closest name and the choices.
fn find_named<'n>(
    nodes: &'n [Node],
    source: &str,
    wanted: &str,
    what: &str,
    within: Option<&str>,
) -> Result<&'n Node, AddError> {
    let names: Vec<String> = nodes.iter().filter_map(|n| name_of(n, source)).collect();
    if let Some(node) = nodes
        .iter()
        .find(|n| name_of(n, source).as_deref() == Some(wanted))
    {
        return Ok(node);
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let suggestion = refs
        .iter()
        .find(|n| n.eq_ignore_ascii_case(wanted))
        .copied()
        .or_else(|| did_you_mean(wanted, &refs));
    let place = within.map(|c| format!(" in `{c}`")).unwrap_or_default();
    let hint = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the {what} names are: {}", names.join(", ")),
    };
    Err(AddError::Refused(format!(
        "there is no {what} `{wanted}`{place}; {hint}"
    )))
}

/// How an entry is indented and whether it opens with `- item:` (the CNCF style) or with
/// `- name:`.
#[derive(Debug, Clone)]
struct Style {
    dash: usize,
    key: usize,
    item_key: bool,
}

impl Style {
    fn render(&self, entry: &Entry, eol: &str) -> String {
        let dash = " ".repeat(self.dash);
        let key = " ".repeat(self.key);
        let gap = " ".repeat(self.key.saturating_sub(self.dash + 1).max(1));
        let mut out = String::new();
        let fields = entry.fields();
        let mut rest = fields.iter();
        if self.item_key {
            out.push_str(&format!("{dash}-{gap}item:{eol}"));
        } else if let Some((k, v)) = rest.next() {
            out.push_str(&format!("{dash}-{gap}{k}: {}{eol}", scalar(v)));
        }
        for (k, v) in rest {
            out.push_str(&format!("{key}{k}: {}{eol}", scalar(v)));
        }
        out
    }

    /// The style of `item`, an entry of a block list.
    fn of(source: &str, item: &Node) -> Option<Style> {
        let start = line_start(source, item.pos.offset);
        let before = &source[start..item.pos.offset];
        let dash = before.rfind('-')?;
        if !before[..dash].chars().all(|c| c == ' ') {
            return None;
        }
        let item_key = matches!(&item.value, Value::Map(e) if e.first().is_some_and(|(k, _)| k.value == Value::Str("item".into())));
        Some(Style {
            dash,
            key: item.pos.offset - start,
            item_key,
        })
    }
}

fn line_start(source: &str, offset: usize) -> usize {
    source[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(source: &str, offset: usize) -> usize {
    source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i + 1)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where among `items` the entry goes: alphabetically when they are sorted, else last.
fn place_among(
    source: &str,
    items: &[Node],
    entry: &Entry,
    category: &str,
    subcategory: &str,
) -> Result<(usize, Style, Placement), AddError> {
    let names: Vec<Option<String>> = items.iter().map(|i| name_of(i, source)).collect();
    let wanted = entry.name.to_lowercase();
    if let Some(same) = names.iter().flatten().find(|n| n.to_lowercase() == wanted) {
        return Err(AddError::Refused(format!(
            "`{category} / {subcategory}` already has an item named `{same}`"
        )));
    }
    let unsupported = || {
        AddError::Refused(format!(
            "the items of `{category} / {subcategory}` are not written as a block list \
             (`- item:` lines); add the item by hand"
        ))
    };
    let lower: Option<Vec<String>> = names
        .iter()
        .map(|n| n.as_ref().map(|n| n.to_lowercase()))
        .collect();
    let sorted = lower
        .as_ref()
        .filter(|l| l.windows(2).all(|w| w[0] <= w[1]));
    let before = sorted.and_then(|l| l.iter().position(|n| *n > wanted));
    let placement = if sorted.is_some() {
        Placement::Alphabetical
    } else {
        Placement::End
    };
    match before {
        Some(index) => {
            let item = &items[index];
            let style = Style::of(source, item).ok_or_else(unsupported)?;
            Ok((leading_comments(source, item, style.dash), style, placement))
        }
        None => {
            let last = items.last().expect("not empty");
            let style = Style::of(source, last).ok_or_else(unsupported)?;
            Ok((end_of(source, last, style.dash), style, placement))
        }
    }
}

/// The start of the line of `item`'s dash, moved up over the comment lines written right
/// above it at its indentation (they are about it, so the new entry goes before them).
fn leading_comments(source: &str, item: &Node, dash: usize) -> usize {
    let mut at = line_start(source, item.pos.offset);
    while at > 0 {
        let prev = line_start(source, at - 1);
        let line = source[prev..at].trim_end_matches(['\n', '\r']);
        if indent(line) == dash && line.trim_start().starts_with('#') {
            at = prev;
        } else {
            break;
        }
    }
    at
}

/// The end of the last line that belongs to `item`: the lines after its dash that are
/// indented deeper than the dash (blank lines inside it included, trailing ones not).
fn end_of(source: &str, item: &Node, dash: usize) -> usize {
    let mut end = line_end(source, item.pos.offset);
    let mut at = end;
    while at < source.len() {
        let next = line_end(source, at);
        let line = source[at..next].trim_end_matches(['\n', '\r']);
        if !line.trim().is_empty() {
            if indent(line) <= dash {
                break;
            }
            end = next;
        }
        at = next;
    }
    end
}

/// The first entry of a subcategory whose `items:` is empty: right after that line,
/// indented as the file's other item lists are.
fn first_item_place(
    source: &str,
    root: &Node,
    key: &Node,
) -> Result<(usize, Style, Placement), AddError> {
    let start = line_start(source, key.pos.offset);
    let end = line_end(source, key.pos.offset);
    let rest = source[key.pos.offset + "items".len()..end].trim();
    let rest = rest.split('#').next().unwrap_or_default().trim();
    if rest != ":" {
        return Err(AddError::Refused(
            "the subcategory's `items:` holds a value on its line; write `items:` alone to add to it"
                .into(),
        ));
    }
    let key_col = key.pos.offset - start;
    // The offsets of the first block list of items in the file, relative to its `items:`.
    let model = categories(root)
        .iter()
        .flat_map(subcategories)
        .find_map(|sub| {
            let (_, k, v) = sub.entries()?.find(|(k, _, _)| *k == "items")?;
            let first = seq(Some(v)).first()?;
            let style = Style::of(source, first)?;
            let k_col = k.pos.offset - line_start(source, k.pos.offset);
            Some((
                style.dash.checked_sub(k_col)?,
                style.key - style.dash,
                style.item_key,
            ))
        })
        .unwrap_or((2, 2, true));
    let style = Style {
        dash: key_col + model.0,
        key: key_col + model.0 + model.1,
        item_key: model.2,
    };
    Ok((end, style, Placement::End))
}

/// Reads the edited text back and checks the entry is there with exactly its values.
fn read_back(text: &str, category: &str, subcategory: &str, entry: &Entry) -> Result<(), AddError> {
    let broken =
        |why: &str| AddError::Refused(format!("the edited file does not read back ({why})"));
    let root = yaml::parse(text).map_err(|e| broken(&e.message))?;
    let cat = find_named(categories(&root), text, category, "category", None)
        .map_err(|_| broken("category lost"))?;
    let sub = find_named(subcategories(cat), text, subcategory, "subcategory", None)
        .map_err(|_| broken("subcategory lost"))?;
    let item = seq(sub.get("items"))
        .iter()
        .find(
            |i| matches!(i.get("name").map(|n| &n.value), Some(Value::Str(n)) if *n == entry.name),
        )
        .ok_or_else(|| broken("the new name does not read back"))?;
    for (key, value) in entry.fields() {
        match item.get(key).map(|n| &n.value) {
            Some(Value::Str(read)) if read == value => {}
            _ => return Err(broken(&format!("`{key}` does not read back"))),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            name: name.into(),
            description: None,
            homepage_url: "https://x.example.org/".into(),
            repo_url: None,
            logo: "x.svg".into(),
            crunchbase: None,
        }
    }

    const HEAD: &str = "landscape:\n  - category:\n    name: C\n    subcategories:\n      - subcategory:\n        name: S\n";

    #[test]
    fn a_file_without_a_final_line_break_gets_one_before_the_entry() {
        let src = format!(
            "{HEAD}        items:\n          - item:\n            name: A\n            logo: a.svg"
        );
        let out = insert(&src, "C", "S", &entry("B")).unwrap();
        assert_eq!(
            out.text,
            format!(
                "{src}\n          - item:\n            name: B\n            homepage_url: https://x.example.org/\n            logo: x.svg\n"
            )
        );
        assert_eq!(out.line, 11);
    }

    #[test]
    fn crlf_files_keep_crlf() {
        let src = format!("{HEAD}        items:\n          - item:\n            name: A\n")
            .replace('\n', "\r\n");
        let out = insert(&src, "C", "S", &entry("B")).unwrap();
        assert_eq!(
            out.text.matches('\n').count(),
            out.text.matches("\r\n").count()
        );
        assert!(out.text.ends_with("logo: x.svg\r\n"), "{:?}", out.text);
    }

    #[test]
    fn an_empty_items_list_gets_its_first_entry_in_the_file_style() {
        let src = format!(
            "{HEAD}        items:\n          - item:\n            name: A\n      - subcategory:\n        name: Empty\n        items: # none yet\n"
        );
        let out = insert(&src, "C", "Empty", &entry("B")).unwrap();
        assert_eq!(
            out.text,
            format!(
                "{src}          - item:\n            name: B\n            homepage_url: https://x.example.org/\n            logo: x.svg\n"
            )
        );
        let flow = format!("{HEAD}        items: []\n");
        assert!(
            matches!(insert(&flow, "C", "S", &entry("B")), Err(AddError::Refused(m)) if m.contains("by hand"))
        );
    }

    #[test]
    fn sorted_items_take_the_entry_at_its_place_before_the_comments_above_it() {
        let src = format!(
            "{HEAD}        items:\n          - item:\n            name: a\n          # about C\n          # more\n          - item:\n            name: C\n"
        );
        let out = insert(&src, "C", "S", &entry("b")).unwrap();
        assert_eq!(out.placement, Placement::Alphabetical);
        assert!(
            out.text.contains("logo: x.svg\n          # about C\n"),
            "{}",
            out.text
        );
        assert_eq!(out.line, 10);
    }
}
