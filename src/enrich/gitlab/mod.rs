//! GitLab (gitlab.com and self-hosted), REST API v4: a repository's figures from
//! `/projects/:path` (stars, forks, open issues, license, topics, dates), `/languages`
//! (shares, not bytes), `/repository/commits` (latest commit; its `X-Total` header gives the
//! count, so the oldest is the last page of one; the last 52 weeks paged with `since`),
//! `/releases` and `/repository/contributors` (counted by `X-Total`).
//!
//! A cold repository costs 6 requests plus one per 100 commits of the last year beyond the
//! first 100.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use url::form_urlencoded::byte_serialize;

use crate::enrich::forges::{Fetch, Fetched, Part, count_weeks};
use crate::enrich::stats::{CommitRef, Language, License, Release, RepoStats};
use crate::enrich::weeks::git_timestamp;

#[derive(Deserialize)]
struct Project {
    path_with_namespace: String,
    web_url: String,
    description: Option<String>,
    #[serde(default)]
    star_count: u64,
    #[serde(default)]
    forks_count: u64,
    /// Absent when the project's issues are disabled.
    open_issues_count: Option<u64>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    tag_list: Vec<String>,
    created_at: Option<DateTime<Utc>>,
    default_branch: Option<String>,
    license: Option<GlLicense>,
    #[serde(default)]
    empty_repo: bool,
}

#[derive(Deserialize)]
struct GlLicense {
    key: Option<String>,
    name: String,
}

#[derive(Deserialize)]
struct GlCommit {
    id: String,
    committed_date: DateTime<Utc>,
    web_url: String,
}

#[derive(Deserialize)]
struct GlRelease {
    tag_name: String,
    released_at: Option<DateTime<Utc>>,
    #[serde(rename = "_links")]
    links: Option<GlReleaseLinks>,
}

#[derive(Deserialize)]
struct GlReleaseLinks {
    #[serde(rename = "self")]
    this: Option<String>,
}

/// SPDX identifiers of the license keys GitLab detects (licensee's, lowercase).
fn spdx(key: &str) -> Option<&'static str> {
    Some(match key {
        "apache-2.0" => "Apache-2.0",
        "mit" => "MIT",
        "bsd-2-clause" => "BSD-2-Clause",
        "bsd-3-clause" => "BSD-3-Clause",
        "mpl-2.0" => "MPL-2.0",
        "gpl-2.0" => "GPL-2.0",
        "gpl-3.0" => "GPL-3.0",
        "lgpl-2.1" => "LGPL-2.1",
        "lgpl-3.0" => "LGPL-3.0",
        "agpl-3.0" => "AGPL-3.0",
        "epl-2.0" => "EPL-2.0",
        "isc" => "ISC",
        "unlicense" => "Unlicense",
        _ => return None,
    })
}

/// Fetches one repository; `Err` when the project itself cannot be read.
pub(crate) async fn fetch(f: &Fetch<'_>) -> Result<Fetched, String> {
    let id: String = byte_serialize(f.target.path.as_bytes()).collect();
    let api = format!("{}/api/v4/projects/{id}", f.base_url);
    let answer = f.get(&format!("{api}?license=true")).await?;
    let project: Project = match answer.status {
        200 => serde_json::from_value(answer.json)
            .map_err(|e| format!("unexpected project answer from {}: {e}", f.target.host))?,
        404 => return Err(f.not_found()),
        status => return Err(f.status_error("project", status, &answer.json)),
    };
    let mut warnings = Vec::new();
    let branch = f.target.branch.clone().or(project.default_branch.clone());
    let ref_param = branch
        .as_deref()
        .map(|b| {
            format!(
                "&ref_name={}",
                byte_serialize(b.as_bytes()).collect::<String>()
            )
        })
        .unwrap_or_default();
    let mut stats = RepoStats {
        name_with_owner: project.path_with_namespace,
        url: project.web_url,
        branch,
        stars: project.star_count,
        forks: project.forks_count,
        open_issues: project.open_issues_count.unwrap_or(0),
        description: project.description.filter(|d| !d.trim().is_empty()),
        homepage: None,
        topics: if project.topics.is_empty() {
            project.tag_list
        } else {
            project.topics
        },
        license: project.license.map(|l| License {
            spdx_id: l.key.as_deref().and_then(spdx).map(str::to_string),
            name: l.name,
        }),
        primary_language: None,
        languages: Vec::new(),
        created_at: project.created_at,
        first_commit: None,
        latest_commit: None,
        latest_release: None,
        contributors: None,
        contributors_note: None,
        weekly_commits: Vec::new(),
    };

    let languages = f.get_part(format!("{api}/languages"), "languages", |status, json| {
        if status == 404 {
            return Err("not found".to_string());
        }
        let shares = json.as_object().ok_or("expected an object of shares")?;
        let mut langs: Vec<Language> = (shares.iter())
            .filter_map(|(name, share)| {
                Some(Language {
                    name: name.clone(),
                    // Shares in hundredths of a percent: GitLab gives no byte counts.
                    bytes: (share.as_f64()? * 100.0).round() as u64,
                })
            })
            .collect();
        langs.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        Ok(langs)
    });
    let releases = f.get_part(
        format!("{api}/releases?per_page=1&order_by=released_at&sort=desc"),
        "latest release",
        |status, json| {
            if status == 404 {
                return Err("not found".to_string());
            }
            let list: Vec<GlRelease> =
                serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
            Ok(list.into_iter().next().map(|r| Release {
                url: (r.links.and_then(|l| l.this))
                    .unwrap_or_else(|| format!("{}/-/releases/{}", f.web_base(), r.tag_name)),
                tag: r.tag_name,
                date: r.released_at,
            }))
        },
    );
    let contributors = f.count_part(
        format!("{api}/repository/contributors?per_page=1"),
        "contributors",
        "x-total",
    );
    let (languages, releases, contributors) = tokio::join!(languages, releases, contributors);
    match languages {
        Part::Got(l) => {
            stats.primary_language = l.first().map(|l| l.name.clone());
            stats.languages = l;
        }
        Part::Failed(why) => f.keep(&mut stats, &mut warnings, why, |s, p| {
            s.languages = p.languages.clone();
            s.primary_language = p.primary_language.clone();
        }),
    }
    match releases {
        Part::Got(r) => stats.latest_release = r,
        Part::Failed(why) => f.keep(&mut stats, &mut warnings, why, |s, p| {
            s.latest_release = p.latest_release.clone()
        }),
    }
    match contributors {
        Part::Got(c) => stats.contributors = c,
        Part::Failed(why) => f.keep(&mut stats, &mut warnings, why, |s, p| {
            s.contributors = p.contributors
        }),
    }

    if project.empty_repo {
        stats.weekly_commits = vec![0; crate::enrich::ACTIVITY_WEEKS];
        return Ok(Fetched { stats, warnings });
    }
    let commits_url = format!("{api}/repository/commits?per_page=");
    match commits(f, &format!("{commits_url}1{ref_param}")).await {
        Ok((latest, total)) => {
            stats.latest_commit = latest.clone();
            stats.first_commit = match total {
                Some(1) => latest,
                Some(n) if n > 1 => {
                    match commits(f, &format!("{commits_url}1&page={n}{ref_param}")).await {
                        Ok((first, _)) => first,
                        Err(why) => {
                            warnings.push(format!("first commit: {why}"));
                            f.previous.and_then(|p| p.first_commit.clone())
                        }
                    }
                }
                _ => f.previous.and_then(|p| p.first_commit.clone()),
            };
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
    let since = git_timestamp(f.weeks[0].0);
    let mut dates = Vec::new();
    let mut complete = false;
    for page in 1..=f.pages.max(1) {
        let url = format!("{commits_url}100&page={page}&since={since}{ref_param}");
        match f.get(&url).await.and_then(|a| f.ok_json(a, "activity")) {
            Ok(json) => {
                let list = json.as_array().map(Vec::as_slice).unwrap_or_default();
                let page_dates: Vec<DateTime<Utc>> = (list.iter())
                    .filter_map(|c| c.get("committed_date")?.as_str()?.parse().ok())
                    .collect();
                let older = page_dates.last().is_some_and(|d| *d < f.weeks[0].0);
                dates.extend(page_dates);
                if list.len() < 100 || older {
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

/// The first commit of a one-per-page list and the list's total (`X-Total`).
async fn commits(f: &Fetch<'_>, url: &str) -> Result<(Option<CommitRef>, Option<u64>), String> {
    let answer = f.get(url).await?;
    let total = answer.header_num("x-total");
    let json = f.ok_json(answer, "commits")?;
    let list: Vec<GlCommit> =
        serde_json::from_value(json).map_err(|e| format!("unexpected commits answer: {e}"))?;
    Ok((
        list.into_iter().next().map(|c| CommitRef {
            date: c.committed_date,
            sha: c.id,
            url: c.web_url,
        }),
        total,
    ))
}
