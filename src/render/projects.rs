//! The projects summary page: one row per item with a maturity (landscape2's
//! `projects-summary`), its dates, TAG, first commit, security audits and `summary_*` text.

use serde::Serialize;

use super::data::xml_escape;
use super::views::Urls;
use crate::enrich::ItemGithub;
use crate::model::Item;

/// A project's row.
#[derive(Debug, Serialize)]
pub struct ProjectRow<'a> {
    pub name: &'a str,
    pub url: String,
    pub maturity: &'a str,
    pub accepted: Option<&'a str>,
    /// The accepted date, when the project entered at sandbox (accepted on another day than
    /// it became incubating or graduated).
    pub sandbox: Option<&'a str>,
    pub incubating: Option<&'a str>,
    pub graduated: Option<&'a str>,
    pub archived: Option<&'a str>,
    pub tags: String,
    /// First commit of its repositories (GitHub data, when the build has it).
    pub first_commit: Option<String>,
    pub audits: usize,
    /// The newest audit's date.
    pub last_audit: Option<&'a str>,
    pub summary: Vec<SummaryField>,
}

/// A `summary_*` field: its label and its text as safe HTML (links made clickable), or its
/// comma-separated values as badges.
#[derive(Debug, Serialize)]
pub struct SummaryField {
    pub label: &'static str,
    pub html: Option<String>,
    pub badges: Vec<String>,
}

/// The projects page's rows, sorted by name (any case).
/// Whether the site has a projects page: some item has a maturity, and the templates can
/// show it.
pub fn has_page(items: &[crate::model::Item], templates: &super::Templates) -> bool {
    templates.has("projects.html") && items.iter().any(|i| i.maturity.is_some())
}

pub fn project_rows<'a>(
    items: &'a [Item],
    github: &[Option<ItemGithub>],
    urls: &Urls,
) -> Vec<ProjectRow<'a>> {
    let mut rows: Vec<ProjectRow> = (items.iter().zip(github))
        .filter_map(|(item, gh)| Some(row(item, item.maturity.as_deref()?, gh.as_ref(), urls)))
        .collect();
    rows.sort_by_cached_key(|r| (r.name.to_lowercase(), r.url.clone()));
    rows
}

fn row<'a>(
    item: &'a Item,
    maturity: &'a str,
    gh: Option<&ItemGithub>,
    urls: &Urls,
) -> ProjectRow<'a> {
    let date = |key: &str| item.extra.dates.get(key).map(String::as_str);
    let (accepted, incubating, graduated) =
        (date("accepted"), date("incubating"), date("graduated"));
    ProjectRow {
        name: &item.name,
        url: urls.item(item),
        maturity,
        accepted,
        sandbox: accepted.filter(|a| Some(*a) != incubating && Some(*a) != graduated),
        incubating,
        graduated,
        archived: date("archived"),
        tags: item.extra.tags.join(", "),
        first_commit: gh
            .and_then(|g| g.first_commit.as_ref())
            .map(|c| c.date.format("%Y-%m-%d").to_string()),
        audits: item.extra.audits.len(),
        last_audit: (item.extra.audits.iter())
            .map(|a| a.date.as_str())
            .filter(|d| !d.is_empty())
            .max(),
        summary: summary(item),
    }
}

/// The `summary_*` fields in landscape2's order, those present only.
fn summary(item: &Item) -> Vec<SummaryField> {
    let text = |key: &str| {
        (item.extra.summary.get(key))
            .or_else(|| item.extra.links.get(key))
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
    };
    let mut out = Vec::new();
    let integrations = text("summary_integrations").or_else(|| text("summary_integration"));
    let texts = [
        ("Introduction", text("summary_intro_url")),
        ("Use case", text("summary_use_case")),
        ("Business use case", text("summary_business_use_case")),
        ("Integrations", integrations),
        ("Release rate", text("summary_release_rate")),
    ];
    for (label, value) in texts {
        if let Some(value) = value {
            out.push(SummaryField {
                label,
                html: Some(linkified(value)),
                badges: Vec::new(),
            });
        }
    }
    for (label, key) in [("Personas", "summary_personas"), ("Tags", "summary_tags")] {
        let badges: Vec<String> = (text(key).unwrap_or_default().split(','))
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
            .collect();
        if !badges.is_empty() {
            out.push(SummaryField {
                label,
                html: None,
                badges,
            });
        }
    }
    out
}

/// Contributor text as HTML: everything escaped, http(s) URLs made links (opening a new tab,
/// no referrer), line breaks kept.
pub fn linkified(text: &str) -> String {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    let mut html = String::with_capacity(text.len() * 2);
    for span in finder.spans(text) {
        let part = span.as_str();
        let is_web = span.kind().is_some()
            && (part.starts_with("https://") || part.starts_with("http://"))
            && crate::load::fields::check_url(part).is_ok();
        if is_web {
            let url = xml_escape(part);
            html.push_str(&format!(
                r#"<a href="{url}" target="_blank" rel="noopener noreferrer nofollow">{url}</a>"#
            ));
        } else {
            html.push_str(&xml_escape(part).replace('\n', "<br>"));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_projects_by_name_with_github_first_commits() {
        let data = "landscape:\n  - category:\n    name: C\n    subcategories:\n      - subcategory:\n        name: S\n        items:\n          - item:\n            name: zeta\n            homepage_url: https://z.example.org\n            logo: z.svg\n            project: sandbox\n          - item:\n            name: Alpha\n            homepage_url: https://a.example.org\n            logo: a.svg\n            project: graduated\n          - item:\n            name: Product\n            homepage_url: https://p.example.org\n            logo: p.svg\n";
        let items = crate::load::landscape::read("landscape.yml", data)
            .landscape
            .items;
        let date = chrono::DateTime::parse_from_rfc3339("2014-06-06T22:56:04Z").expect("date");
        let github = vec![
            Some(ItemGithub {
                first_commit: Some(crate::enrich::CommitRef {
                    date: date.into(),
                    sha: "f".into(),
                    url: "https://github.com/z/z/commit/f".into(),
                }),
                ..ItemGithub::default()
            }),
            None,
            None,
        ];
        let urls = Urls {
            base: "/b".into(),
            logo_files: Default::default(),
            tile_files: Default::default(),
        };
        let rows = project_rows(&items, &github, &urls);
        let names: Vec<_> = rows.iter().map(|r| r.name).collect();
        assert_eq!(names, ["Alpha", "zeta"]);
        assert_eq!(rows[1].first_commit.as_deref(), Some("2014-06-06"));
        assert_eq!(rows[0].first_commit, None);
        assert_eq!(rows[0].url, "/b/items/alpha/");
    }

    #[test]
    fn only_web_links_become_links_and_everything_is_escaped() {
        assert_eq!(
            linkified("See https://a.example.org/x?a=1&b=2.\n<b>bold</b> javascript:alert(1)"),
            "See <a href=\"https://a.example.org/x?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">https://a.example.org/x?a=1&amp;b=2</a>.<br>&lt;b&gt;bold&lt;/b&gt; javascript:alert(1)"
        );
        let html = linkified("x https://e.org/\"onmouseover=alert(1) y");
        assert!(!html.contains("\"onmouseover"), "{html}");
        assert_eq!(
            linkified("ftp://files.example.org"),
            "ftp://files.example.org"
        );
    }
}
