//! An item's repositories as its page (and the explorer's dialog, which shows that page)
//! lists them: one row per repository with its own figures, a 52-week activity chart and a
//! "good first issues" link on its forge. Links are http(s) only; text is escaped by the
//! templates; the chart holds only numbers computed here.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use super::github_view::{Figure, figure};
use crate::enrich::forges::ForgeKind;
use crate::enrich::{EnrichReport, RepoRef, RepoStats};
use crate::model::Item;

/// A link shown as text.
#[derive(Debug, Serialize, PartialEq)]
pub struct Linked {
    pub text: String,
    /// Absent when the forge gave no http(s) address.
    pub url: Option<String>,
}

/// One repository's row.
#[derive(Debug, Serialize)]
pub struct RepoRow {
    /// The landscape's URL, when it is http(s).
    pub url: Option<String>,
    /// `owner/name` as the forge names it, else the URL as written.
    pub name: String,
    pub forge: Option<&'static str>,
    pub primary: bool,
    pub branch: Option<String>,
    pub stars: Option<Figure>,
    pub contributors: Option<Figure>,
    /// `YYYY-MM-DD`.
    pub first_commit: Option<String>,
    pub latest_commit: Option<Linked>,
    pub latest_release: Option<Linked>,
    pub license: Option<String>,
    /// The largest few, by name.
    pub languages: Vec<String>,
    /// Inline SVG bar chart of the weekly commits (numbers only).
    pub chart: Option<String>,
    pub good_first_issues: Option<String>,
}

/// The rows of `item`'s repositories; empty when no repository has figures (the page then
/// keeps its plain list).
pub fn repo_rows(item: &Item, report: Option<&EnrichReport>) -> Vec<RepoRow> {
    let Some(report) = report else {
        return Vec::new();
    };
    let rows: Vec<(RepoRow, bool)> = (item.repositories.iter())
        .map(|repo| {
            let r = RepoRef::with_branch(repo.url.clone(), repo.branch.clone());
            let forge = forge_of(&repo.url, report);
            let stats = report.stats(&r);
            (
                row(&repo.url, repo.primary, repo.branch.clone(), forge, stats),
                stats.is_some(),
            )
        })
        .collect();
    if !rows.iter().any(|(_, has)| *has) {
        return Vec::new();
    }
    rows.into_iter().map(|(row, _)| row).collect()
}

/// The heading of an item's aggregate figures: "GitHub" unless a repository elsewhere adds to
/// them.
pub fn figures_title(rows: &[RepoRow]) -> &'static str {
    let elsewhere = (rows.iter()).any(|r| r.stars.is_some() && r.forge != Some("GitHub"));
    if elsewhere {
        "Repository figures"
    } else {
        "GitHub"
    }
}

fn forge_of(url: &str, report: &EnrichReport) -> Option<ForgeKind> {
    let host = Url::parse(url.trim())
        .ok()?
        .host_str()?
        .to_ascii_lowercase();
    if host == "github.com" || host == "www.github.com" {
        return None;
    }
    report.forges.as_ref()?.forge_of(url)
}

fn row(
    url: &str,
    primary: bool,
    branch: Option<String>,
    forge: Option<ForgeKind>,
    stats: Option<&RepoStats>,
) -> RepoRow {
    let own = web(url);
    let is_github = own
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .is_some_and(|u| {
            u.host_str()
                .is_some_and(|h| h.eq_ignore_ascii_case("github.com"))
        });
    let day = |d: &DateTime<Utc>| d.format("%Y-%m-%d").to_string();
    let kind = if is_github {
        Some("GitHub")
    } else {
        forge.map(ForgeKind::name)
    };
    // The forge's canonical address when it gives one, else the landscape's.
    let base = stats.and_then(|s| web(&s.url)).or_else(|| own.clone());
    RepoRow {
        name: stats.map_or_else(|| url.to_string(), |s| s.name_with_owner.clone()),
        url: own,
        forge: kind,
        primary,
        branch: stats.and_then(|s| s.branch.clone()).or(branch),
        stars: stats.map(|s| figure(s.stars)),
        contributors: stats.and_then(|s| s.contributors).map(figure),
        first_commit: stats
            .and_then(|s| s.first_commit.as_ref())
            .map(|c| day(&c.date)),
        latest_commit: (stats.and_then(|s| s.latest_commit.as_ref())).map(|c| Linked {
            text: day(&c.date),
            url: web(&c.url),
        }),
        latest_release: (stats.and_then(|s| s.latest_release.as_ref())).map(|r| Linked {
            text: r.tag.clone(),
            url: web(&r.url),
        }),
        license: stats
            .and_then(|s| s.license.as_ref())
            .map(|l| l.display().to_string()),
        languages: (stats.into_iter())
            .flat_map(|s| s.languages.iter().take(3).map(|l| l.name.clone()))
            .collect(),
        chart: (stats.filter(|s| !s.weekly_commits.is_empty()))
            .map(|s| activity_chart(&s.weekly_commits)),
        good_first_issues: base
            .and_then(|b| good_first_issues(&b, if is_github { None } else { forge }, is_github)),
    }
}

/// `url` when it is an absolute http(s) URL.
fn web(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| url.trim().to_string())
}

/// The forge's list of open issues labelled "good first issue". Gitea filters labels by id
/// only, so its link searches the issues for the words.
pub fn good_first_issues(repo_url: &str, forge: Option<ForgeKind>, github: bool) -> Option<String> {
    let base = web(repo_url)?;
    let base = base.trim_end_matches('/').trim_end_matches(".git");
    if github {
        let url = Url::parse(base).ok()?;
        let mut parts = url.path_segments()?.filter(|s| !s.is_empty());
        let (owner, name) = (parts.next()?, parts.next()?);
        return Some(format!(
            "https://github.com/{owner}/{name}/issues?q=is%3Aopen+is%3Aissue+label%3A%22good+first+issue%22"
        ));
    }
    Some(match forge? {
        ForgeKind::GitLab => {
            format!("{base}/-/issues?state=opened&label_name%5B%5D=good+first+issue")
        }
        ForgeKind::Gitea => format!("{base}/issues?state=open&type=all&q=good+first+issue"),
    })
}

/// A bar chart of commits per week, oldest first, in `currentColor`; each bar carries its
/// count as a tooltip.
pub fn activity_chart(weeks: &[u32]) -> String {
    let (bar, gap, height) = (4.0, 1.0, 40.0);
    let width = weeks.len() as f64 * (bar + gap);
    let max = weeks.iter().copied().max().unwrap_or(0).max(1);
    let total: u64 = weeks.iter().map(|&c| u64::from(c)).sum();
    let mut bars = String::new();
    for (i, &c) in weeks.iter().enumerate() {
        let h = if c == 0 {
            1.0
        } else {
            (f64::from(c) / f64::from(max) * (height - 1.0)).max(2.0)
        };
        let _ = write!(
            bars,
            r#"<rect x="{:.1}" y="{:.1}" width="{bar}" height="{h:.1}"{}><title>{c}</title></rect>"#,
            i as f64 * (bar + gap),
            height - h,
            if c == 0 {
                r#" fill-opacity="0.25""#
            } else {
                ""
            },
        );
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="activity-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" fill="currentColor" role="img" aria-label="{total} commits in the last {n} weeks">{bars}</svg>"#,
        n = weeks.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_first_issues_per_forge() {
        assert_eq!(
            good_first_issues("https://github.com/cncf/landscape2.git", None, true).as_deref(),
            Some(
                "https://github.com/cncf/landscape2/issues?q=is%3Aopen+is%3Aissue+label%3A%22good+first+issue%22"
            )
        );
        assert_eq!(
            good_first_issues(
                "https://gitlab.com/finos/legend/studio/",
                Some(ForgeKind::GitLab),
                false
            )
            .as_deref(),
            Some(
                "https://gitlab.com/finos/legend/studio/-/issues?state=opened&label_name%5B%5D=good+first+issue"
            )
        );
        assert_eq!(
            good_first_issues("https://codeberg.org/a/b", Some(ForgeKind::Gitea), false).as_deref(),
            Some("https://codeberg.org/a/b/issues?state=open&type=all&q=good+first+issue")
        );
        assert_eq!(
            good_first_issues("javascript:alert(1)", Some(ForgeKind::Gitea), false),
            None
        );
        assert_eq!(
            good_first_issues("https://opendev.org/a/b", None, false),
            None
        );
    }

    #[test]
    fn the_figures_are_titled_github_only_when_they_all_are() {
        let with = |forge: Option<ForgeKind>, github: bool| {
            let stats = RepoStats {
                name_with_owner: "a/b".into(),
                url: "https://x.example/a/b".into(),
                branch: None,
                stars: 3,
                forks: 0,
                open_issues: 0,
                description: None,
                homepage: None,
                topics: vec![],
                license: None,
                primary_language: None,
                languages: vec![],
                created_at: None,
                first_commit: None,
                latest_commit: None,
                latest_release: None,
                contributors: None,
                contributors_note: None,
                weekly_commits: vec![],
            };
            let url = if github {
                "https://github.com/a/b"
            } else {
                "https://gitlab.com/a/b"
            };
            row(url, true, None, forge, Some(&stats))
        };
        let gh = with(None, true);
        assert_eq!(gh.forge, Some("GitHub"));
        assert_eq!(figures_title(&[gh]), "GitHub");
        let both = [with(None, true), with(Some(ForgeKind::GitLab), false)];
        assert_eq!(both[1].forge, Some("GitLab"));
        assert_eq!(figures_title(&both), "Repository figures");
        let unread = row("https://opendev.org/z/z", false, None, None, None);
        assert_eq!(figures_title(&[with(None, true), unread]), "GitHub");
    }

    #[test]
    fn chart_has_a_bar_per_week_scaled_to_the_busiest() {
        let mut weeks = vec![0u32; 52];
        weeks[3] = 10;
        weeks[51] = 5;
        let svg = activity_chart(&weeks);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let bars: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .collect();
        assert_eq!(bars.len(), 52);
        let h = |i: usize| {
            bars[i]
                .attribute("height")
                .and_then(|v| v.parse::<f64>().ok())
        };
        assert_eq!(h(3), Some(39.0));
        assert_eq!(h(51), Some(19.5));
        assert_eq!(h(0), Some(1.0));
        assert!(svg.contains(r#"aria-label="15 commits in the last 52 weeks""#));
        let allowed = |c: char| c.is_ascii_alphanumeric() || " <>=\"/:.,-_#".contains(c);
        assert!(svg.chars().all(allowed), "{svg}");
    }
}
