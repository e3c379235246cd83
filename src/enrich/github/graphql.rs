//! The two batched GraphQL queries and the reading of their answers, one alias per repository so
//! that a failed alias (a deleted repository) costs only itself.
//!
//! Repository names and branches travel as variables, never in the query text, so no landscape
//! value can change the query.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::repo_key::RepoKey;
use crate::enrich::stats::{ACTIVITY_WEEKS, CommitRef, Language, License, Release, RepoStats};
use crate::enrich::weeks::git_timestamp;

const REPO_FRAGMENT: &str = "fragment repo on Repository {
  nameWithOwner url description homepageUrl createdAt stargazerCount forkCount
  issues(states: OPEN) { totalCount }
  repositoryTopics(first: 20) { nodes { topic { name } } }
  licenseInfo { spdxId name }
  primaryLanguage { name }
  languages(first: 20, orderBy: {field: SIZE, direction: DESC}) { edges { size node { name } } }
  latestRelease { tagName publishedAt url }
  mentionableUsers { totalCount }
}
fragment head on Ref { name target { ... on Commit { oid committedDate url history { totalCount } } } }";

/// A repository's first-round answer: everything but activity, first commit and contributors.
#[derive(Debug, Clone)]
pub(crate) struct Metadata {
    pub stats: RepoStats,
    /// Newest commit on the branch and the branch's commit count; absent for an empty
    /// repository or a missing branch.
    pub head: Option<(String, u64)>,
    /// People who can be mentioned: the fallback when GitHub will not list contributors.
    pub mentionable_users: u64,
}

/// A repository's second-round answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Activity {
    pub first_commit: Option<CommitRef>,
    pub weekly_commits: Vec<u32>,
}

/// Target of the second round: the canonical name and the head commit found by the first.
pub(crate) struct ActivityTarget<'a> {
    pub name_with_owner: &'a str,
    pub head_oid: &'a str,
    pub commit_count: u64,
}

/// Body of the first-round query for `keys`.
pub(crate) fn metadata_query(keys: &[&RepoKey]) -> Value {
    let mut params = Vec::new();
    let mut fields = String::new();
    let mut vars = Map::new();
    for (i, key) in keys.iter().enumerate() {
        params.push(format!("$o{i}: String!, $n{i}: String!"));
        vars.insert(format!("o{i}"), json!(key.owner));
        vars.insert(format!("n{i}"), json!(key.name));
        let branch = match &key.branch {
            Some(b) => {
                params.push(format!("$b{i}: String!"));
                vars.insert(format!("b{i}"), json!(format!("refs/heads/{b}")));
                format!("ref(qualifiedName: $b{i})")
            }
            None => "defaultBranchRef".to_string(),
        };
        fields.push_str(&format!(
            "  r{i}: repository(owner: $o{i}, name: $n{i}) {{ ...repo branch: {branch} {{ ...head }} }}\n"
        ));
    }
    let query = format!(
        "query Metadata({}) {{\n  rateLimit {{ cost remaining resetAt }}\n{fields}}}\n{REPO_FRAGMENT}",
        params.join(", ")
    );
    json!({ "query": query, "variables": vars })
}

/// Body of the second-round query: the first commit through the history cursor and one
/// `totalCount` per week, all from the head commit seen in the first round.
pub(crate) fn activity_query(
    targets: &[ActivityTarget<'_>],
    weeks: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Value {
    let mut params = Vec::new();
    let mut vars = Map::new();
    let mut weeks_fragment = String::from("fragment weeks on Commit {");
    for (w, (since, until)) in weeks.iter().enumerate() {
        params.push(format!("$s{w}: GitTimestamp!, $u{w}: GitTimestamp!"));
        vars.insert(format!("s{w}"), json!(git_timestamp(*since)));
        vars.insert(format!("u{w}"), json!(git_timestamp(*until)));
        weeks_fragment.push_str(&format!(
            " w{w}: history(since: $s{w}, until: $u{w}) {{ totalCount }}"
        ));
    }
    weeks_fragment.push_str(" }");
    let mut fields = String::new();
    for (i, t) in targets.iter().enumerate() {
        let (owner, name) = t
            .name_with_owner
            .split_once('/')
            .unwrap_or((t.name_with_owner, ""));
        params.push(format!(
            "$o{i}: String!, $n{i}: String!, $c{i}: GitObjectID!"
        ));
        vars.insert(format!("o{i}"), json!(owner));
        vars.insert(format!("n{i}"), json!(name));
        vars.insert(format!("c{i}"), json!(t.head_oid));
        // Cursors are "<oid> <offset>": offset count-2 makes the next node the oldest commit.
        let first = if t.commit_count >= 2 {
            params.push(format!("$a{i}: String!"));
            vars.insert(
                format!("a{i}"),
                json!(format!("{} {}", t.head_oid, t.commit_count - 2)),
            );
            format!(
                " first: history(first: 1, after: $a{i}) {{ nodes {{ oid committedDate url }} }}"
            )
        } else {
            String::new()
        };
        fields.push_str(&format!(
            "  r{i}: repository(owner: $o{i}, name: $n{i}) {{ object(oid: $c{i}) {{ ... on Commit {{ ...weeks{first} }} }} }}\n"
        ));
    }
    let query = format!(
        "query Activity({}) {{\n  rateLimit {{ cost remaining resetAt }}\n{fields}}}\n{weeks_fragment}",
        params.join(", ")
    );
    json!({ "query": query, "variables": vars })
}

/// Per-alias results of a batched answer, plus the query's rate-limit cost. `Err` for the whole
/// batch when the answer carries no data at all (a query that timed out at GitHub).
pub(crate) struct Batch<T> {
    pub results: Vec<Result<T, AliasError>>,
    pub cost: Option<u64>,
}

/// Why one alias has no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AliasError {
    pub not_found: bool,
    pub message: String,
}

fn read_batch<T>(
    json: &Value,
    n: usize,
    read: impl Fn(&Value) -> Result<T, String>,
) -> Result<Batch<T>, String> {
    let errors = json.get("errors").and_then(Value::as_array);
    let Some(data) = json.get("data").filter(|d| d.is_object()) else {
        let first = errors
            .and_then(|e| e.first())
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("answer without data");
        return Err(format!("GraphQL query failed: {first}"));
    };
    let alias_error = |alias: &str| {
        errors
            .into_iter()
            .flatten()
            .find(|e| e.get("path").and_then(|p| p.get(0)).and_then(Value::as_str) == Some(alias))
    };
    let results = (0..n)
        .map(|i| {
            let alias = format!("r{i}");
            match data.get(&alias).filter(|v| !v.is_null()) {
                Some(value) => read(value).map_err(|message| AliasError {
                    not_found: false,
                    message: format!("unexpected GraphQL answer: {message}"),
                }),
                None => {
                    let error = alias_error(&alias);
                    Err(AliasError {
                        not_found: error.and_then(|e| e.get("type")).and_then(Value::as_str)
                            == Some("NOT_FOUND"),
                        message: error
                            .and_then(|e| e.get("message"))
                            .and_then(Value::as_str)
                            .unwrap_or("no data for this repository")
                            .to_string(),
                    })
                }
            }
        })
        .collect();
    let cost = data.pointer("/rateLimit/cost").and_then(Value::as_u64);
    Ok(Batch { results, cost })
}

fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| e.to_string())
}

/// Reads a first-round answer for `keys` (same order as the query).
pub(crate) fn read_metadata(json: &Value, keys: &[&RepoKey]) -> Result<Batch<Metadata>, String> {
    read_batch(json, keys.len(), |value| {
        let repo: GqlRepo = typed(value)?;
        Ok(repo.into_metadata())
    })
}

/// Reads a second-round answer.
pub(crate) fn read_activity(json: &Value, n: usize) -> Result<Batch<Activity>, String> {
    read_batch(json, n, |value| {
        let object = value
            .get("object")
            .filter(|o| !o.is_null())
            .ok_or("head commit not found")?;
        let weekly_commits = (0..ACTIVITY_WEEKS)
            .map(|w| {
                object
                    .pointer(&format!("/w{w}/totalCount"))
                    .and_then(Value::as_u64)
                    .map(|c| u32::try_from(c).unwrap_or(u32::MAX))
                    .ok_or_else(|| format!("week {w} missing"))
            })
            .collect::<Result<Vec<u32>, String>>()?;
        let first_commit = match object.pointer("/first/nodes/0") {
            Some(node) => Some(typed::<GqlCommit>(node)?.into()),
            None => None,
        };
        Ok(Activity {
            first_commit,
            weekly_commits,
        })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlRepo {
    name_with_owner: String,
    url: String,
    description: Option<String>,
    homepage_url: Option<String>,
    created_at: Option<DateTime<Utc>>,
    stargazer_count: u64,
    fork_count: u64,
    issues: Count,
    repository_topics: Nodes<TopicNode>,
    license_info: Option<GqlLicense>,
    primary_language: Option<Named>,
    languages: Option<Edges>,
    latest_release: Option<GqlRelease>,
    mentionable_users: Count,
    branch: Option<GqlRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Count {
    total_count: u64,
}

#[derive(Deserialize)]
struct Nodes<T> {
    nodes: Vec<T>,
}

#[derive(Deserialize)]
struct TopicNode {
    topic: Named,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlLicense {
    spdx_id: Option<String>,
    name: String,
}

#[derive(Deserialize)]
struct Edges {
    edges: Vec<LanguageEdge>,
}

#[derive(Deserialize)]
struct LanguageEdge {
    size: u64,
    node: Named,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlRelease {
    tag_name: String,
    published_at: Option<DateTime<Utc>>,
    url: String,
}

#[derive(Deserialize)]
struct GqlRef {
    name: String,
    target: Option<GqlHead>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlHead {
    oid: Option<String>,
    committed_date: Option<DateTime<Utc>>,
    url: Option<String>,
    history: Option<Count>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GqlCommit {
    oid: String,
    committed_date: DateTime<Utc>,
    url: String,
}

impl From<GqlCommit> for CommitRef {
    fn from(c: GqlCommit) -> Self {
        CommitRef {
            date: c.committed_date,
            sha: c.oid,
            url: c.url,
        }
    }
}

impl GqlRepo {
    fn into_metadata(self) -> Metadata {
        let branch_name = self.branch.as_ref().map(|b| b.name.clone());
        // A tag or tree at the ref has no commit fields: treated like an empty branch.
        let head = self.branch.and_then(|b| b.target).and_then(|t| {
            Some((
                CommitRef {
                    date: t.committed_date?,
                    sha: t.oid?,
                    url: t.url?,
                },
                t.history.map_or(0, |h| h.total_count),
            ))
        });
        let stats = RepoStats {
            name_with_owner: self.name_with_owner,
            url: self.url,
            branch: branch_name,
            stars: self.stargazer_count,
            forks: self.fork_count,
            open_issues: self.issues.total_count,
            description: self.description.filter(|d| !d.trim().is_empty()),
            homepage: self.homepage_url.filter(|h| !h.trim().is_empty()),
            topics: self
                .repository_topics
                .nodes
                .into_iter()
                .map(|t| t.topic.name)
                .collect(),
            license: self.license_info.map(|l| License {
                spdx_id: l.spdx_id.filter(|id| id != "NOASSERTION"),
                name: l.name,
            }),
            primary_language: self.primary_language.map(|l| l.name),
            languages: self
                .languages
                .map(|l| {
                    l.edges
                        .into_iter()
                        .map(|e| Language {
                            name: e.node.name,
                            bytes: e.size,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            created_at: self.created_at,
            first_commit: None,
            latest_commit: head.as_ref().map(|(c, _)| c.clone()),
            latest_release: self.latest_release.map(|r| Release {
                tag: r.tag_name,
                date: r.published_at,
                url: r.url,
            }),
            contributors: None,
            contributors_note: None,
            weekly_commits: Vec::new(),
        };
        Metadata {
            head: head.map(|(c, count)| (c.sha, count)),
            stats,
            mentionable_users: self.mentionable_users.total_count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::weeks::week_windows;

    fn key(owner: &str, name: &str, branch: Option<&str>) -> RepoKey {
        RepoKey {
            owner: owner.into(),
            name: name.into(),
            branch: branch.map(Into::into),
        }
    }

    #[test]
    fn names_travel_as_variables_not_query_text() {
        let evil = key("a", "b\" } mutation {", Some("dev"));
        let plain = key("c", "d", None);
        let body = metadata_query(&[&evil, &plain]);
        let query = body["query"].as_str().unwrap_or_default();
        assert!(!query.contains("mutation"), "{query}");
        assert_eq!(body["variables"]["n0"], "b\" } mutation {");
        assert_eq!(body["variables"]["b0"], "refs/heads/dev");
        assert!(query.contains(
            "r0: repository(owner: $o0, name: $n0) { ...repo branch: ref(qualifiedName: $b0)"
        ));
        assert!(
            query.contains(
                "r1: repository(owner: $o1, name: $n1) { ...repo branch: defaultBranchRef"
            )
        );
        assert!(body["variables"].get("b1").is_none());
    }

    #[test]
    fn activity_query_asks_the_cursor_only_when_there_is_an_older_commit() {
        let weeks = week_windows(Utc::now());
        let targets = [
            ActivityTarget {
                name_with_owner: "a/b",
                head_oid: "abc",
                commit_count: 10,
            },
            ActivityTarget {
                name_with_owner: "c/d",
                head_oid: "def",
                commit_count: 1,
            },
        ];
        let body = activity_query(&targets, &weeks);
        assert_eq!(body["variables"]["a0"], "abc 8");
        assert!(body["variables"].get("a1").is_none());
        let query = body["query"].as_str().unwrap_or_default();
        assert!(query.contains("w51: history(since: $s51, until: $u51)"));
        assert!(!query.contains("w52"));
    }

    #[test]
    fn one_failed_alias_keeps_the_others() {
        let answer = json!({
            "data": {"rateLimit": {"cost": 1}, "r0": null, "r1": {"object": null}},
            "errors": [{"type": "NOT_FOUND", "path": ["r0"], "message": "Could not resolve to a Repository with the name 'a/b'."}]
        });
        let batch = read_activity(&answer, 2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(batch.cost, Some(1));
        let e0 = batch.results[0]
            .as_ref()
            .err()
            .cloned()
            .unwrap_or_else(|| panic!("r0 ok"));
        assert!(e0.not_found && e0.message.contains("Could not resolve"));
        let e1 = batch.results[1]
            .as_ref()
            .err()
            .cloned()
            .unwrap_or_else(|| panic!("r1 ok"));
        assert!(!e1.not_found && e1.message.contains("head commit"));
        let whole = json!({"data": null, "errors": [{"message": "Something went wrong while executing your query. This may be the result of a timeout"}]});
        assert!(
            read_activity(&whole, 2)
                .err()
                .is_some_and(|e| e.contains("timeout"))
        );
    }
}
