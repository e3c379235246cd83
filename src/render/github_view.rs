//! An item's GitHub figures as its page and the explorer dialog show them: numbers
//! formatted for people, languages as shares of the code.

use serde::Serialize;
use serde_json::Value;

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

/// What the item page shows from the GitHub JSON (see `site::item_github`).
#[derive(Debug, Serialize)]
pub struct GithubView {
    pub url: Option<String>,
    pub stars: Option<Figure>,
    pub forks: Option<Figure>,
    pub contributors: Option<Figure>,
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
pub fn github_view(v: Option<&Value>) -> Option<GithubView> {
    let v = v?;
    let text = |ptr: &str| {
        v.pointer(ptr)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let figure = |key: &str| v.get(key).and_then(Value::as_u64).map(figure);
    let day = |ptr: &str| text(ptr).map(|d| d.chars().take(10).collect::<String>());
    let languages = v
        .get("languages")
        .and_then(Value::as_array)
        .map(|ls| {
            let bytes: Vec<(String, u64)> = ls
                .iter()
                .filter_map(|l| {
                    Some((
                        l.get("name")?.as_str()?.to_string(),
                        l.get("bytes")?.as_u64()?,
                    ))
                })
                .collect();
            let total: u64 = bytes.iter().map(|(_, b)| b).sum();
            bytes
                .into_iter()
                .filter(|_| total > 0)
                .map(|(name, b)| LanguageShare {
                    name,
                    percent: (b as f64 * 1000.0 / total as f64).round() / 10.0,
                })
                .filter(|l| l.percent >= 0.1)
                .take(8)
                .collect()
        })
        .unwrap_or_default();
    Some(GithubView {
        url: text("/url"),
        stars: figure("stars"),
        forks: figure("forks"),
        contributors: figure("contributors"),
        open_issues: figure("open_issues"),
        license: text("/license/spdx_id")
            .filter(|s| s != "NOASSERTION")
            .or_else(|| text("/license/name")),
        latest_commit: day("/latest_commit/date")
            .map(|d| (d, text("/latest_commit/url").unwrap_or_default())),
        first_commit: day("/first_commit/date"),
        latest_release: text("/latest_release/tag")
            .map(|t| (t, text("/latest_release/url").unwrap_or_default())),
        languages,
        topics: v
            .get("topics")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        sparkline: text("/sparkline"),
        repos: v.get("repos").and_then(Value::as_u64).unwrap_or(1),
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
    use serde_json::json;

    #[test]
    fn figures_are_short() {
        assert_eq!(figure(950).short, "950");
        assert_eq!(figure(12_345).short, "12.3k");
        assert_eq!(figure(120_000).short, "120k");
        assert_eq!(figure(2_000).short, "2k");
        assert_eq!(figure(2_500_000).short, "2.5M");
    }

    #[test]
    fn view_from_item_json() {
        let v = json!({
            "stars": 4200, "forks": 10, "contributors": 33, "repos": 1,
            "license": {"spdx_id": "NOASSERTION", "name": "Other"},
            "latest_commit": {"date": "2025-10-01T12:00:00Z", "url": "https://github.com/a/b/commit/1"},
            "languages": [{"name": "Go", "bytes": 300}, {"name": "Shell", "bytes": 100}],
            "sparkline": "<svg></svg>"
        });
        let g = github_view(Some(&v)).expect("view");
        assert_eq!(g.stars, Some(figure(4200)));
        assert_eq!(g.license.as_deref(), Some("Other"));
        assert_eq!(g.latest_commit.map(|c| c.0).as_deref(), Some("2025-10-01"));
        assert_eq!(
            g.languages,
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
        assert!(github_view(None).is_none());
    }
}
