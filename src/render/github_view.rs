//! An item's GitHub figures as its page and the explorer dialog show them: numbers
//! formatted for people, languages as shares of the code.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::enrich::ItemGithub;

/// A language's share of an item's code.
#[derive(Debug, Serialize, PartialEq)]
pub struct LanguageShare {
    pub name: String,
    /// Percent of the bytes, one decimal.
    pub percent: f64,
}

/// A figure with its exact value and a short form (`12345` → "12.3k").
#[derive(Debug, Serialize, PartialEq)]
pub struct Figure {
    pub value: u64,
    pub short: String,
}

/// What the item page shows of an item's GitHub figures.
#[derive(Debug, Serialize)]
pub struct GithubView {
    pub url: Option<String>,
    pub stars: Option<Figure>,
    pub forks: Option<Figure>,
    pub contributors: Option<Figure>,
    /// Why the contributor count is not an exact head count.
    pub contributors_note: Option<String>,
    pub open_issues: Option<Figure>,
    pub license: Option<String>,
    /// `YYYY-MM-DD` and the commit's URL.
    pub latest_commit: Option<(String, String)>,
    pub first_commit: Option<String>,
    /// Tag and URL.
    pub latest_release: Option<(String, String)>,
    pub languages: Vec<LanguageShare>,
    pub topics: Vec<String>,
    /// Inline SVG of weekly commits (numbers only, made by the enrich stage).
    pub sparkline: Option<String>,
    pub repos: u64,
}

/// Builds the view; `None` when there is no GitHub data for the item.
pub fn github_view(github: Option<&ItemGithub>) -> Option<GithubView> {
    let g = github?;
    let day = |d: &DateTime<Utc>| d.format("%Y-%m-%d").to_string();
    let total: u64 = g.languages.iter().map(|l| l.bytes).sum();
    let languages = (g.languages.iter())
        .filter(|_| total > 0)
        .map(|l| LanguageShare {
            name: l.name.clone(),
            percent: (l.bytes as f64 * 1000.0 / total as f64).round() / 10.0,
        })
        .filter(|l| l.percent >= 0.1)
        .take(8)
        .collect();
    Some(GithubView {
        url: g.url.clone(),
        stars: Some(figure(g.stars)),
        forks: Some(figure(g.forks)),
        contributors: g.contributors.map(figure),
        contributors_note: g.contributors_note.clone(),
        open_issues: Some(figure(g.open_issues)),
        license: g.license.as_ref().map(|l| l.display().to_string()),
        latest_commit: (g.latest_commit.as_ref()).map(|c| (day(&c.date), c.url.clone())),
        first_commit: g.first_commit.as_ref().map(|c| day(&c.date)),
        latest_release: (g.latest_release.as_ref()).map(|r| (r.tag.clone(), r.url.clone())),
        languages,
        topics: g.topics.clone(),
        sparkline: (!g.weekly_commits.is_empty())
            .then(|| crate::enrich::sparkline_svg(&g.weekly_commits, 240, 40)),
        repos: g.repos as u64,
    })
}

/// `950` → "950", `12345` → "12.3k", `2_500_000` → "2.5M".
pub fn figure(value: u64) -> Figure {
    let short = match value {
        0..1_000 => value.to_string(),
        1_000..1_000_000 => trim(value as f64 / 1_000.0) + "k",
        _ => trim(value as f64 / 1_000_000.0) + "M",
    };
    Figure { value, short }
}

fn trim(x: f64) -> String {
    let s = if x < 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    };
    s.trim_end_matches(".0").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_short() {
        assert_eq!(figure(950).short, "950");
        assert_eq!(figure(12_345).short, "12.3k");
        assert_eq!(figure(120_000).short, "120k");
        assert_eq!(figure(2_000).short, "2k");
        assert_eq!(figure(2_500_000).short, "2.5M");
    }

    #[test]
    fn view_from_item_github() {
        let g = ItemGithub {
            repos: 1,
            stars: 4200,
            forks: 10,
            contributors: Some(33),
            license: Some(crate::enrich::License {
                spdx_id: Some("NOASSERTION".into()),
                name: "Other".into(),
            }),
            latest_commit: Some(crate::enrich::CommitRef {
                date: "2025-10-01T12:00:00Z".parse().unwrap(),
                sha: "1".into(),
                url: "https://github.com/a/b/commit/1".into(),
            }),
            languages: vec![
                crate::enrich::Language {
                    name: "Go".into(),
                    bytes: 300,
                },
                crate::enrich::Language {
                    name: "Shell".into(),
                    bytes: 100,
                },
            ],
            ..ItemGithub::default()
        };
        let v = github_view(Some(&g)).expect("view");
        assert_eq!(v.stars, Some(figure(4200)));
        assert_eq!(v.license.as_deref(), Some("Other"));
        assert_eq!(v.latest_commit.map(|c| c.0).as_deref(), Some("2025-10-01"));
        assert_eq!(
            v.languages,
            [
                LanguageShare {
                    name: "Go".into(),
                    percent: 75.0
                },
                LanguageShare {
                    name: "Shell".into(),
                    percent: 25.0
                }
            ]
        );
        assert!(v.sparkline.is_none());
        assert!(github_view(None).is_none());
    }
}
