//! Fetching a set of repositories: metadata batches, then activity batches and contributors
//! calls side by side, then a merge with what the cache knew, written back per repository.
//!
//! Budget per repository on a cold cache: 1/`metadata_batch` + 1/`activity_batch` GraphQL
//! requests + 1 REST request, i.e. 1.12 with the defaults.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use serde_json::Value;
use tokio::task::JoinSet;

use super::client::{Api, ApiRequest, Endpoint, FetchError};
use super::graphql::{
    Activity, ActivityTarget, AliasError, Metadata, activity_query, metadata_query, read_activity,
    read_metadata,
};
use super::options::Tuning;
use super::repo_key::RepoKey;
use super::rest::{Contributors, commit_activity, contributors};
use super::{CacheEntry, Cached};
use crate::enrich::cache::Cache;
use crate::enrich::outcome::{RepoOutcome, Source};
use crate::enrich::stats::{ACTIVITY_WEEKS, RepoStats};

/// A repository to fetch.
#[derive(Clone)]
pub(crate) struct Job {
    /// Position in the report.
    pub index: usize,
    pub url: String,
    pub key: RepoKey,
    pub previous: Option<CacheEntry>,
}

/// State shared by the tasks of a run.
pub(crate) struct Ctx {
    pub api: Api,
    pub tuning: Tuning,
    pub weeks: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub cache: Cache,
    pub progress: ProgressBar,
    pub graphql_points: AtomicU64,
}

/// Fetches every job; returns `(index, outcome)` pairs in no particular order.
pub(crate) async fn fetch_all(ctx: Arc<Ctx>, jobs: Vec<Job>) -> Vec<(usize, RepoOutcome)> {
    let mut set = JoinSet::new();
    for chunk in jobs.chunks(ctx.tuning.metadata_batch.max(1)) {
        set.spawn(fetch_chunk(ctx.clone(), chunk.to_vec()));
    }
    let mut out = Vec::with_capacity(jobs.len());
    while let Some(done) = set.join_next().await {
        // A panicking task is a bug; its repositories are reported failed below, not lost.
        if let Ok(outcomes) = done {
            out.extend(outcomes);
        }
    }
    for job in &jobs {
        if !out.iter().any(|(i, _)| *i == job.index) {
            out.push((
                job.index,
                failed(job, "internal error while fetching".into()),
            ));
        }
    }
    out
}

enum Part {
    Activity(Vec<(usize, Result<Activity, String>)>),
    Contributors(usize, Result<Contributors, FetchError>),
    Fallback(usize, Result<Vec<u32>, String>),
}

async fn fetch_chunk(ctx: Arc<Ctx>, jobs: Vec<Job>) -> Vec<(usize, RepoOutcome)> {
    let refs: Vec<&Job> = jobs.iter().collect();
    let metas = metadata(&ctx, &refs).await;

    let mut set = JoinSet::new();
    let with_head: Vec<(usize, String, String, u64)> = metas
        .iter()
        .enumerate()
        .filter_map(|(pos, m)| {
            let m = m.as_ref().ok()?;
            let (oid, count) = m.head.clone()?;
            Some((pos, m.stats.name_with_owner.clone(), oid, count))
        })
        .collect();
    for group in with_head.chunks(ctx.tuning.activity_batch.max(1)) {
        let (ctx, group) = (ctx.clone(), group.to_vec());
        set.spawn(async move { Part::Activity(activity(&ctx, &group).await) });
    }
    for (pos, meta) in metas.iter().enumerate() {
        let Ok(meta) = meta else { continue };
        let slug = rest_slug(&meta.stats.name_with_owner, &jobs[pos].key);
        let etag = jobs[pos]
            .previous
            .as_ref()
            .filter(|p| p.data.stats.contributors.is_some())
            .and_then(|p| p.data.contributors_etag.clone());
        let ctx = ctx.clone();
        set.spawn(async move {
            Part::Contributors(pos, contributors(&ctx.api, &slug, etag.as_deref()).await)
        });
    }
    let mut activities: Vec<Option<Result<Activity, String>>> = vec![None; jobs.len()];
    let mut contribs: Vec<Option<Result<Contributors, FetchError>>> = vec![None; jobs.len()];
    let mut fallbacks: Vec<Option<Result<Vec<u32>, String>>> = vec![None; jobs.len()];
    drain(&mut set, &mut activities, &mut contribs, &mut fallbacks).await;

    // Activity GraphQL could not answer for these: ask the REST statistics instead.
    for (pos, a) in activities.iter().enumerate() {
        if let (Some(Err(_)), Ok(meta)) = (a, &metas[pos]) {
            let slug = rest_slug(&meta.stats.name_with_owner, &jobs[pos].key);
            let ctx = ctx.clone();
            set.spawn(async move {
                let weeks = match commit_activity(&ctx.api, &ctx.tuning, &slug).await {
                    Ok(r) => r,
                    Err(e) => Err(e.to_string()),
                };
                Part::Fallback(pos, weeks)
            });
        }
    }
    drain(&mut set, &mut activities, &mut contribs, &mut fallbacks).await;

    let mut out = Vec::with_capacity(jobs.len());
    for (pos, (job, meta)) in jobs.iter().zip(metas).enumerate() {
        let outcome = match meta {
            Err(error) => failed(job, error),
            Ok(meta) => merge(
                &ctx,
                job,
                meta,
                activities[pos].take(),
                fallbacks[pos].take(),
                contribs[pos].take(),
            ),
        };
        ctx.progress.inc(1);
        ctx.progress
            .set_message(format!("{} requests", ctx.api.requests()));
        out.push((job.index, outcome));
    }
    out
}

async fn drain(
    set: &mut JoinSet<Part>,
    activities: &mut [Option<Result<Activity, String>>],
    contribs: &mut [Option<Result<Contributors, FetchError>>],
    fallbacks: &mut [Option<Result<Vec<u32>, String>>],
) {
    while let Some(done) = set.join_next().await {
        match done {
            Ok(Part::Activity(results)) => {
                for (pos, r) in results {
                    activities[pos] = Some(r);
                }
            }
            Ok(Part::Contributors(pos, r)) => contribs[pos] = Some(r),
            Ok(Part::Fallback(pos, r)) => fallbacks[pos] = Some(r),
            Err(_) => {}
        }
    }
}

/// A REST path segment: the canonical name when it is plainly safe, else the landscape's.
fn rest_slug(name_with_owner: &str, key: &RepoKey) -> String {
    let safe = name_with_owner.split('/').count() == 2
        && name_with_owner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    if safe {
        name_with_owner.to_string()
    } else {
        key.slug()
    }
}

fn graphql(body: Value) -> ApiRequest {
    ApiRequest {
        endpoint: Endpoint::Graphql,
        path: "/graphql".into(),
        body: Some(body),
        if_none_match: None,
    }
}

fn alias_reason(e: AliasError, key: &RepoKey) -> String {
    if e.not_found {
        format!(
            "repository {} not found on GitHub (deleted, private, or renamed without a redirect): {}",
            key.slug(),
            e.message
        )
    } else {
        e.message
    }
}

/// First round, splitting the batch when GitHub cannot answer it whole (a heavy query times
/// out there as a 502 or a data-less error).
async fn metadata(ctx: &Ctx, jobs: &[&Job]) -> Vec<Result<Metadata, String>> {
    let keys: Vec<&RepoKey> = jobs.iter().map(|j| &j.key).collect();
    let failure = match ctx.api.send(&graphql(metadata_query(&keys))).await {
        Ok(reply) if reply.status == 200 => match read_metadata(&reply.json, &keys) {
            Ok(batch) => {
                ctx.graphql_points
                    .fetch_add(batch.cost.unwrap_or(0), Ordering::Relaxed);
                return batch
                    .results
                    .into_iter()
                    .zip(&keys)
                    .map(|(r, key)| r.map_err(|e| ctx.api.scrub(&alias_reason(e, key))))
                    .collect();
            }
            Err(whole) => Some(whole),
        },
        Ok(reply) => {
            let why = format!(
                "GraphQL: HTTP {} {}",
                reply.status,
                ctx.api.scrub(reply.message())
            );
            return vec![Err(why); jobs.len()];
        }
        Err(FetchError::Transient(why)) => Some(why),
        Err(e) => return vec![Err(e.to_string()); jobs.len()],
    };
    let why = ctx.api.scrub(&failure.unwrap_or_default());
    if jobs.len() < 2 || ctx.api.unavailable() {
        return vec![Err(why); jobs.len()];
    }
    let (left, right) = jobs.split_at(jobs.len() / 2);
    let (mut a, b) = tokio::join!(
        Box::pin(metadata(ctx, left)),
        Box::pin(metadata(ctx, right))
    );
    a.extend(b);
    a
}

/// Second round for `(position, name, head oid, commit count)` targets, splitting like
/// [`metadata`].
async fn activity(
    ctx: &Ctx,
    group: &[(usize, String, String, u64)],
) -> Vec<(usize, Result<Activity, String>)> {
    let targets: Vec<ActivityTarget<'_>> = group
        .iter()
        .map(|(_, name, oid, count)| ActivityTarget {
            name_with_owner: name,
            head_oid: oid,
            commit_count: *count,
        })
        .collect();
    let positions = group.iter().map(|g| g.0);
    let failure = match ctx
        .api
        .send(&graphql(activity_query(&targets, &ctx.weeks)))
        .await
    {
        Ok(reply) if reply.status == 200 => match read_activity(&reply.json, group.len()) {
            Ok(batch) => {
                ctx.graphql_points
                    .fetch_add(batch.cost.unwrap_or(0), Ordering::Relaxed);
                return positions
                    .zip(batch.results)
                    .map(|(pos, r)| (pos, r.map_err(|e| ctx.api.scrub(&e.message))))
                    .collect();
            }
            Err(whole) => whole,
        },
        Ok(reply) => format!(
            "GraphQL: HTTP {} {}",
            reply.status,
            ctx.api.scrub(reply.message())
        ),
        Err(e) => e.to_string(),
    };
    if group.len() < 2 || ctx.api.unavailable() {
        let why = ctx.api.scrub(&failure);
        return positions.map(|pos| (pos, Err(why.clone()))).collect();
    }
    let (left, right) = group.split_at(group.len() / 2);
    let (mut a, b) = tokio::join!(
        Box::pin(activity(ctx, left)),
        Box::pin(activity(ctx, right))
    );
    a.extend(b);
    a
}

fn failed(job: &Job, error: String) -> RepoOutcome {
    let (source, stats, fetched_at) = match &job.previous {
        Some(p) => (
            Source::Stale,
            Some(p.data.stats.clone()),
            Some(p.fetched_at),
        ),
        None => (Source::Failed, None, None),
    };
    RepoOutcome {
        url: job.url.clone(),
        branch: job.key.branch.clone(),
        source,
        fetched_at,
        age_hours: None,
        stats,
        error: Some(error),
        warnings: Vec::new(),
    }
}

/// Combines the answers with what the cache knew (a part that failed keeps its old value) and
/// writes the entry back.
fn merge(
    ctx: &Ctx,
    job: &Job,
    meta: Metadata,
    activity: Option<Result<Activity, String>>,
    fallback: Option<Result<Vec<u32>, String>>,
    contribs: Option<Result<Contributors, FetchError>>,
) -> RepoOutcome {
    let previous = job.previous.as_ref().map(|p| &p.data.stats);
    let mut warnings = Vec::new();
    let mut stats = meta.stats;
    if !stats.name_with_owner.eq_ignore_ascii_case(&job.key.slug()) {
        warnings.push(format!(
            "repository moved to {}: update the landscape URL",
            stats.url
        ));
    }
    let count = meta.head.as_ref().map_or(0, |h| h.1);
    match (&meta.head, &job.key.branch) {
        (None, Some(branch)) => {
            warnings.push(format!("branch {branch:?} not found: no commit data"))
        }
        (None, None) => stats.weekly_commits = vec![0; ACTIVITY_WEEKS],
        (Some(_), _) => match (activity, fallback) {
            (Some(Ok(a)), _) => {
                stats.weekly_commits = a.weekly_commits;
                stats.first_commit = a.first_commit;
            }
            (_, Some(Ok(weeks))) => {
                stats.weekly_commits = weeks;
                stats.first_commit = previous.and_then(|p| p.first_commit.clone());
            }
            (a, f) => {
                let why = [a.and_then(Result::err), f.and_then(Result::err)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("; then ");
                warnings.push(format!("commit activity not refreshed: {why}"));
                stats.weekly_commits = previous
                    .map(|p| p.weekly_commits.clone())
                    .unwrap_or_default();
                stats.first_commit = previous.and_then(|p| p.first_commit.clone());
            }
        },
    }
    if count == 1 && stats.first_commit.is_none() {
        stats.first_commit = stats.latest_commit.clone();
    }
    let mut etag = None;
    let keep_previous = |stats: &mut RepoStats| {
        stats.contributors = previous.and_then(|p| p.contributors);
        stats.contributors_note = previous.and_then(|p| p.contributors_note.clone());
    };
    match contribs {
        Some(Ok(Contributors::Count { count, etag: e })) => {
            stats.contributors = Some(count);
            etag = e;
        }
        Some(Ok(Contributors::NotModified)) => {
            keep_previous(&mut stats);
            etag = job
                .previous
                .as_ref()
                .and_then(|p| p.data.contributors_etag.clone());
        }
        Some(Ok(Contributors::TooLarge)) => {
            stats.contributors = Some(meta.mentionable_users);
            stats.contributors_note = Some(
                "approximate: GitHub does not list the contributors of a repository this large, \
                 so this counts the people who can be mentioned in it"
                    .into(),
            );
        }
        Some(Ok(Contributors::Failed(why))) => {
            keep_previous(&mut stats);
            warnings.push(format!("contributors not refreshed: {why}"));
        }
        Some(Err(e)) => {
            keep_previous(&mut stats);
            warnings.push(format!("contributors not refreshed: {e}"));
        }
        None => keep_previous(&mut stats),
    }
    let fetched_at = Utc::now();
    let entry = ctx.cache.entry(
        &job.key.id(),
        fetched_at,
        Cached {
            stats,
            contributors_etag: etag,
        },
    );
    if let Err(e) = ctx.cache.store(&entry) {
        warnings.push(format!("could not write the cache entry: {e}"));
    }
    RepoOutcome {
        url: job.url.clone(),
        branch: job.key.branch.clone(),
        source: Source::Fetched,
        fetched_at: Some(fetched_at),
        age_hours: None,
        stats: Some(entry.data.stats),
        error: None,
        warnings: warnings.iter().map(|w| ctx.api.scrub(w)).collect(),
    }
}
