//! Gitea and Forgejo (Codeberg, opendev.org and other self-hosted ones), REST API v1: a
//! repository's figures from `/repos/{owner}/{repo}` (stars, forks, open issues, website,
//! topics, primary language, licenses on recent servers), `/languages` (bytes),
//! `/commits` (latest commit; its `X-Total-Count` header gives the count, so the oldest is the
//! last page of one; the last 52 weeks paged with `since`) and `/releases/latest`.
//! Their API lists no contributors: that figure stays empty, with a note.
//!
//! A cold repository costs 5 requests plus one per 50 commits of the last year beyond the
//! first 50.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use url::form_urlencoded::byte_serialize;

use crate::enrich::forges::{Fetch, Fetched, Part, count_weeks};
use crate::enrich::stats::{ACTIVITY_WEEKS, CommitRef, Language, License, Release, RepoStats};
use crate::enrich::weeks::git_timestamp;

/// Commits per page: Gitea's default `MAX_RESPONSE_ITEMS`.
const PAGE: usize = 50;

#[derive(Deserialize)]
struct Repo {
    full_name: String,
    html_url: String,
    description: Option<String>,
    website: Option<String>,
    #[serde(default)]
    stars_count: u64,
    #[serde(default)]
    forks_count: u64,
    #[serde(default)]
    open_issues_count: u64,
    created_at: Option<DateTime<Utc>>,
    default_branch: Option<String>,
    #[serde(default)]
    empty: bool,
    language: Option<String>,
    #[serde(default)]
    topics: Option<Vec<String>>,
    /// SPDX identifiers, on Gitea 1.22 and later.
    #[serde(default)]
    licenses: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct GtCommit {
    sha: String,
    html_url: String,
    commit: GtCommitInner,
}

#[derive(Deserialize)]
struct GtCommitInner {
    committer: GtSignature,
}

#[derive(Deserialize)]
struct GtSignature {
    date: DateTime<Utc>,
}

#[derive(Deserialize)]
struct GtRelease {
    tag_name: String,
    html_url: String,
    published_at: Option<DateTime<Utc>>,
}

/// Fetches one repository; `Err` when the repository itself cannot be read.
pub(crate) async fn fetch(f: &Fetch<'_>) -> Result<Fetched, String> {
    let api = format!("{}/api/v1/repos/{}", f.base_url, f.target.path);
    let answer = f.get(&api).await?;
    let repo: Repo = match answer.status {
        200 => serde_json::from_value(answer.json)
            .map_err(|e| format!("unexpected repository answer from {}: {e}", f.target.host))?,
        404 => return Err(f.not_found()),
        status => return Err(f.status_error("repository", status, &answer.json)),
    };
    let mut warnings = Vec::new();
    let branch = f.target.branch.clone().or(repo.default_branch.clone());
    let sha_param = (branch.as_deref())
        .map(|b| format!("&sha={}", byte_serialize(b.as_bytes()).collect::<String>()))
        .unwrap_or_default();
    let mut stats = RepoStats {
        name_with_owner: repo.full_name,
        url: repo.html_url,
        branch,
        stars: repo.stars_count,
        forks: repo.forks_count,
        open_issues: repo.open_issues_count,
        description: repo.description.filter(|d| !d.trim().is_empty()),
        homepage: repo.website.filter(|w| !w.trim().is_empty()),
        topics: repo.topics.unwrap_or_default(),
        license: (repo.licenses.unwrap_or_default().into_iter().next()).map(|id| License {
            spdx_id: Some(id.clone()),
            name: id,
        }),
        primary_language: repo.language.filter(|l| !l.is_empty()),
        languages: Vec::new(),
        created_at: repo.created_at,
        first_commit: None,
        latest_commit: None,
        latest_release: None,
        contributors: None,
        contributors_note: Some("Gitea's API does not list contributors".into()),
        weekly_commits: Vec::new(),
    };

    let languages = f.get_part(format!("{api}/languages"), "languages", |status, json| {
        if status == 404 {
            return Ok(Vec::new());
        }
        let sizes = json.as_object().ok_or("expected an object of sizes")?;
        let mut langs: Vec<Language> = (sizes.iter())
            .filter_map(|(name, bytes)| {
                Some(Language {
                    name: name.clone(),
                    bytes: bytes.as_u64()?,
                })
            })
            .collect();
        langs.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        Ok(langs)
    });
    let release = f.get_part(
        format!("{api}/releases/latest"),
        "latest release",
        |status, json| {
            if status == 404 {
                return Ok(None);
            }
            let r: GtRelease = serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
            Ok(Some(Release {
                tag: r.tag_name,
                date: r.published_at,
                url: r.html_url,
            }))
        },
    );
    let (languages, release) = tokio::join!(languages, release);
    match languages {
        Part::Got(l) => {
            if stats.primary_language.is_none() {
                stats.primary_language = l.first().map(|l| l.name.clone());
            }
            stats.languages = l;
        }
        Part::Failed(why) => f.keep(&mut stats, &mut warnings, why, |s, p| {
            s.languages = p.languages.clone()
        }),
    }
    match release {
        Part::Got(r) => stats.latest_release = r,
        Part::Failed(why) => f.keep(&mut stats, &mut warnings, why, |s, p| {
            s.latest_release = p.latest_release.clone()
        }),
    }

    if repo.empty {
        stats.weekly_commits = vec![0; ACTIVITY_WEEKS];
        return Ok(Fetched { stats, warnings });
    }
    let commits_url =
        format!("{api}/commits?stat=false&verification=false&files=false{sha_param}&limit=");
    match commits(f, &format!("{commits_url}1")).await {
        Ok((latest, total)) => {
            stats.first_commit = match total {
                Some(1) => latest.first().cloned(),
                Some(n) if n > 1 => match commits(f, &format!("{commits_url}1&page={n}")).await {
                    Ok((first, _)) => first.into_iter().next(),
                    Err(why) => {
                        warnings.push(format!("first commit: {why}"));
                        f.previous.and_then(|p| p.first_commit.clone())
                    }
                },
                _ => f.previous.and_then(|p| p.first_commit.clone()),
            };
            stats.latest_commit = latest.into_iter().next();
        }
        Err(why) => f.keep(
            &mut stats,
            &mut warnings,
            format!("commits: {why}"),
            |s, p| {
                s.latest_commit = p.latest_commit.clone();
                s.first_commit = p.first_commit.clone();
            },
        ),
    }
    let since = f.weeks[0].0;
    let mut dates = Vec::new();
    let mut complete = false;
    for page in 1..=f.pages.max(1) {
        let url = format!(
            "{commits_url}{PAGE}&page={page}&since={}",
            git_timestamp(since)
        );
        match commits(f, &url).await {
            Ok((list, _)) => {
                dates.extend(list.iter().map(|c| c.date));
                // Servers without `since` list everything: stop at the first older commit.
                if list.len() < PAGE || list.last().is_some_and(|c| c.date < since) {
                    complete = true;
                    break;
                }
            }
            Err(why) => {
                f.keep(
                    &mut stats,
                    &mut warnings,
                    format!("activity: {why}"),
                    |s, p| s.weekly_commits = p.weekly_commits.clone(),
                );
                return Ok(Fetched { stats, warnings });
            }
        }
    }
    if !complete {
        warnings.push(format!(
            "activity counts only the newest {} commits of the last 52 weeks",
            dates.len()
        ));
    }
    stats.weekly_commits = count_weeks(&dates, f.weeks);
    Ok(Fetched { stats, warnings })
}

/// A page of commits and the list's total (`X-Total-Count`).
async fn commits(f: &Fetch<'_>, url: &str) -> Result<(Vec<CommitRef>, Option<u64>), String> {
    let answer = f.get(url).await?;
    let total = answer.header_num("x-total-count");
    let json: Value = f.ok_json(answer, "commits")?;
    let list: Vec<GtCommit> =
        serde_json::from_value(json).map_err(|e| format!("unexpected commits answer: {e}"))?;
    let list = list
        .into_iter()
        .map(|c| CommitRef {
            date: c.commit.committer.date,
            sha: c.sha,
            url: c.html_url,
        })
        .collect();
    Ok((list, total))
}
