//! An item's GitHub figures over all its repositories (`repo_url` first, then
//! `additional_repos`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::stats::{ACTIVITY_WEEKS, CommitRef, Language, License, Release, RepoStats};

/// What an item page and `data/items.json` show about an item's repositories.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemGithub {
    /// Repositories with data.
    pub repos: usize,
    /// The primary repository's URL.
    pub url: Option<String>,
    /// Stars, summed.
    pub stars: u64,
    /// Forks, summed.
    pub forks: u64,
    /// Open issues, summed.
    pub open_issues: u64,
    /// Contributors, summed over the repositories whose count is known.
    pub contributors: Option<u64>,
    /// Why `contributors` is not an exact head count (repositories share people, or a count is
    /// approximate).
    pub contributors_note: Option<String>,
    /// The primary repository's description.
    pub description: Option<String>,
    /// The primary repository's homepage.
    pub homepage: Option<String>,
    /// Topics of all repositories, first-seen order, without repeats.
    pub topics: Vec<String>,
    /// The primary repository's license.
    pub license: Option<License>,
    /// The language with the most bytes over all repositories.
    pub primary_language: Option<String>,
    /// Languages merged by name, largest first.
    pub languages: Vec<Language>,
    /// Oldest creation date.
    pub created_at: Option<DateTime<Utc>>,
    /// Oldest first commit.
    pub first_commit: Option<CommitRef>,
    /// Newest commit.
    pub latest_commit: Option<CommitRef>,
    /// Newest release.
    pub latest_release: Option<Release>,
    /// Commits per week summed over the repositories that have activity, oldest first.
    pub weekly_commits: Vec<u32>,
}

/// Aggregates `repos`, the primary repository first.
pub fn aggregate(repos: &[&RepoStats]) -> ItemGithub {
    let Some(primary) = repos.first() else {
        return ItemGithub::default();
    };
    let mut bytes: HashMap<&str, u64> = HashMap::new();
    let mut topics: Vec<String> = Vec::new();
    let mut weekly = vec![0u32; ACTIVITY_WEEKS];
    let mut has_weekly = false;
    let mut contributors: Option<u64> = None;
    let mut counted = 0;
    let mut notes: Vec<String> = Vec::new();
    for r in repos {
        for l in &r.languages {
            *bytes.entry(l.name.as_str()).or_default() += l.bytes;
        }
        for t in &r.topics {
            if !topics.contains(t) {
                topics.push(t.clone());
            }
        }
        if r.weekly_commits.len() == ACTIVITY_WEEKS {
            has_weekly = true;
            for (sum, c) in weekly.iter_mut().zip(&r.weekly_commits) {
                *sum = sum.saturating_add(*c);
            }
        }
        if let Some(c) = r.contributors {
            contributors = Some(contributors.unwrap_or(0) + c);
            counted += 1;
        }
        if let Some(note) = &r.contributors_note {
            notes.push(format!("{}: {note}", r.name_with_owner));
        }
    }
    if counted > 1 {
        notes.insert(
            0,
            format!("sum over {counted} repositories: people who contribute to several are counted in each"),
        );
    }
    let mut languages: Vec<Language> = bytes
        .into_iter()
        .map(|(name, bytes)| Language {
            name: name.to_string(),
            bytes,
        })
        .collect();
    languages.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    ItemGithub {
        repos: repos.len(),
        url: Some(primary.url.clone()),
        stars: repos.iter().map(|r| r.stars).sum(),
        forks: repos.iter().map(|r| r.forks).sum(),
        open_issues: repos.iter().map(|r| r.open_issues).sum(),
        contributors,
        contributors_note: (!notes.is_empty()).then(|| notes.join("; ")),
        description: primary.description.clone(),
        homepage: primary.homepage.clone(),
        topics,
        license: primary.license.clone(),
        primary_language: languages
            .first()
            .map(|l| l.name.clone())
            .or_else(|| primary.primary_language.clone()),
        languages,
        created_at: repos.iter().filter_map(|r| r.created_at).min(),
        first_commit: repos
            .iter()
            .filter_map(|r| r.first_commit.as_ref())
            .min_by_key(|c| c.date)
            .cloned(),
        latest_commit: repos
            .iter()
            .filter_map(|r| r.latest_commit.as_ref())
            .max_by_key(|c| c.date)
            .cloned(),
        latest_release: repos
            .iter()
            .filter_map(|r| r.latest_release.as_ref())
            .max_by_key(|rel| rel.date)
            .cloned(),
        weekly_commits: if has_weekly { weekly } else { Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(name: &str, stars: u64, contributors: Option<u64>, day: u32) -> RepoStats {
        let date = |d: u32| {
            DateTime::parse_from_rfc3339(&format!("2024-01-{d:02}T00:00:00Z"))
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        RepoStats {
            name_with_owner: name.into(),
            url: format!("https://github.com/{name}"),
            branch: None,
            stars,
            forks: 1,
            open_issues: 2,
            description: Some(format!("{name} desc")),
            homepage: None,
            topics: vec!["k8s".into(), name.into()],
            license: Some(License {
                spdx_id: Some("Apache-2.0".into()),
                name: "Apache License 2.0".into(),
            }),
            primary_language: Some("Go".into()),
            languages: vec![
                Language {
                    name: "Go".into(),
                    bytes: 100,
                },
                Language {
                    name: "Shell".into(),
                    bytes: 80,
                },
            ],
            created_at: Some(date(day)),
            first_commit: Some(CommitRef {
                date: date(day),
                sha: format!("f{day}"),
                url: String::new(),
            }),
            latest_commit: Some(CommitRef {
                date: date(day + 10),
                sha: format!("l{day}"),
                url: String::new(),
            }),
            latest_release: None,
            contributors,
            contributors_note: None,
            weekly_commits: vec![day; ACTIVITY_WEEKS],
        }
    }

    #[test]
    fn sums_merges_and_picks_extremes() {
        let a = repo("o/a", 10, Some(5), 3);
        let b = repo("o/b", 7, Some(4), 9);
        let c = repo("o/c", 1, None, 1);
        let item = aggregate(&[&a, &b, &c]);
        assert_eq!(item.repos, 3);
        assert_eq!(item.stars, 18);
        assert_eq!(item.forks, 3);
        assert_eq!(item.contributors, Some(9));
        assert!(
            item.contributors_note
                .as_deref()
                .is_some_and(|n| n.contains("sum over 2"))
        );
        assert_eq!(item.latest_commit.map(|c| c.sha), Some("l9".into()));
        assert_eq!(item.first_commit.map(|c| c.sha), Some("f1".into()));
        assert_eq!(item.description.as_deref(), Some("o/a desc"));
        assert_eq!(item.topics, ["k8s", "o/a", "o/b", "o/c"]);
        assert_eq!(
            item.languages[0],
            Language {
                name: "Go".into(),
                bytes: 300
            }
        );
        assert_eq!(item.languages[1].bytes, 240);
        assert_eq!(item.weekly_commits[0], 13);
        assert_eq!(item.weekly_commits.len(), 52);
    }

    #[test]
    fn one_repository_has_no_sum_note_and_none_gives_empty() {
        let a = repo("o/a", 10, Some(5), 3);
        let item = aggregate(&[&a]);
        assert_eq!(item.contributors, Some(5));
        assert_eq!(item.contributors_note, None);
        assert_eq!(aggregate(&[]), ItemGithub::default());
        let mut quiet = repo("o/q", 0, None, 2);
        quiet.weekly_commits.clear();
        assert!(aggregate(&[&quiet]).weekly_commits.is_empty());
    }
}
