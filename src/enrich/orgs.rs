//! Organizations: every distinct `crunchbase` URL of the landscape, looked up at Crunchbase (with
//! a key) or Wikidata (free), through the cache (`<cache>/crunchbase/` or `<cache>/wikidata/`,
//! one entry per permalink, "not known there" included so a warm run sends nothing).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

use crate::progress::Progress;

use super::cache::{Cache, Entry, Settled};
use super::crunchbase::{self, CrunchbaseOptions, Lookup};
use super::http::{Http, user_agent};
use super::organization::{OrgSource, Organization, crunchbase_permalink};
use super::outcome::{Counts, Source};
use super::wikidata::{self, WikidataOptions};

const CACHE_SCHEMA: u32 = 1;

/// How to look organizations up.
#[derive(Debug, Clone)]
pub struct OrgOptions {
    /// Crunchbase or Wikidata.
    pub provider: OrgSource,
    pub crunchbase: CrunchbaseOptions,
    pub wikidata: WikidataOptions,
    /// Cache root (`--cache DIR`).
    pub cache_dir: PathBuf,
    /// Age after which an entry is refetched (`--orgs-ttl`).
    pub ttl: Duration,
    /// Use the cache only; send no request (`--offline`).
    pub offline: bool,
    /// Draw a progress bar when stderr is a terminal.
    pub progress: bool,
    /// Whom the services may contact about the traffic (the User-Agent carries it).
    pub contact: Option<String>,
}

impl OrgOptions {
    /// Options from the process environment (see [`from_vars`](Self::from_vars)).
    pub fn from_env(provider: OrgSource, cache_dir: PathBuf, ttl: Duration, offline: bool) -> Self {
        Self::from_vars(|n| std::env::var(n).ok(), provider, cache_dir, ttl, offline)
    }

    /// Options with the Crunchbase and Wikidata variables and `LANDSCAPE_CONTACT` read through
    /// `var`.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        provider: OrgSource,
        cache_dir: PathBuf,
        ttl: Duration,
        offline: bool,
    ) -> Self {
        OrgOptions {
            provider,
            crunchbase: CrunchbaseOptions::from_vars(&var),
            wikidata: WikidataOptions::from_vars(&var),
            cache_dir,
            ttl,
            offline,
            progress: false,
            contact: var("LANDSCAPE_CONTACT").filter(|c| !c.trim().is_empty()),
        }
    }

    /// The source used when none is asked for: Crunchbase when `CRUNCHBASE_API_KEY` is set,
    /// else Wikidata.
    pub fn default_provider(var: impl Fn(&str) -> Option<String>) -> OrgSource {
        if var("CRUNCHBASE_API_KEY").is_some_and(|k| !k.trim().is_empty()) {
            OrgSource::Crunchbase
        } else {
            OrgSource::Wikidata
        }
    }
}

/// What the cache keeps per permalink: the organization, or `None` when the source does not
/// know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cached {
    organization: Option<Organization>,
}

/// One organization's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct OrgOutcome {
    /// The landscape URL (the first one seen for this permalink).
    pub url: String,
    pub permalink: String,
    pub source: Source,
    /// When the data was fetched.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Its age in whole hours at the end of the run.
    pub age_hours: Option<i64>,
    /// `None` with no `error`: the source has no such organization.
    pub organization: Option<Organization>,
    pub error: Option<String>,
}

/// A `crunchbase` URL that names no organization.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedOrg {
    pub url: String,
    pub reason: String,
}

/// Everything an organizations run produced.
#[derive(Debug, Clone, Serialize)]
pub struct OrgReport {
    pub provider: OrgSource,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u64,
    pub offline: bool,
    /// One per distinct permalink, in first-seen order.
    pub orgs: Vec<OrgOutcome>,
    pub skipped: Vec<SkippedOrg>,
    /// HTTP requests sent, retries included.
    pub requests: u64,
    pub rate_limited: bool,
    pub notes: Vec<String>,
    pub counts: Counts,
    /// Organizations the source does not know (fetched or cached as such).
    pub not_found: usize,
    /// Landscape URL → index in `orgs`.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl OrgReport {
    /// The organization a landscape `crunchbase` URL names, if its data is known.
    pub fn organization(&self, url: &str) -> Option<&Organization> {
        self.orgs[*self.index.get(url)?].organization.as_ref()
    }

    /// Every known organization, one shared value per permalink, keyed by each landscape URL
    /// naming it.
    pub fn shared(&self) -> HashMap<String, Arc<Organization>> {
        let shared: Vec<Option<Arc<Organization>>> = (self.orgs.iter())
            .map(|o| o.organization.clone().map(Arc::new))
            .collect();
        (self.index.iter())
            .filter_map(|(url, &i)| Some((url.clone(), shared[i].clone()?)))
            .collect()
    }

    /// Every known organization keyed by the landscape URLs naming it.
    pub fn organizations(&self) -> BTreeMap<String, Organization> {
        (self.index.iter())
            .filter_map(|(url, &i)| Some((url.clone(), self.orgs[i].organization.clone()?)))
            .collect()
    }

    /// Human summary: counts, then each failure and stale entry.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let mut out = format!(
            "{}: {} organizations ({c}; {} not known there), {} URLs not used, {} requests in {:.1}s{}\n",
            self.provider.name(),
            self.orgs.len(),
            self.not_found,
            c.skipped,
            self.requests,
            self.duration_ms as f64 / 1000.0,
            if self.rate_limited {
                ", rate limit hit"
            } else {
                ""
            },
        );
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        // Grouped by reason: an unreachable service fails every organization the same way.
        let mut reasons: BTreeMap<(&str, &str), (usize, &str)> = BTreeMap::new();
        for o in &self.orgs {
            let kind = match o.source {
                Source::Failed => "failed",
                Source::Stale => "stale (kept from the cache)",
                _ => continue,
            };
            let why = o.error.as_deref().unwrap_or("?");
            reasons.entry((kind, why)).or_insert((0, &o.url)).0 += 1;
        }
        for ((kind, why), (n, url)) in reasons {
            if self.notes.iter().any(|note| note == why) {
                continue;
            }
            let _ = match n {
                1 => writeln!(out, "  {kind}: {url}: {why}"),
                n => writeln!(out, "  {kind}: {n} organizations (such as {url}): {why}"),
            };
        }
        for s in &self.skipped {
            let _ = writeln!(out, "  not used: {}: {}", s.url, s.reason);
        }
        out
    }
}

struct Job {
    index: usize,
    permalink: String,
    previous: Option<Entry<Cached>>,
}

/// [`enrich_orgs`] on a runtime of its own, blocking the calling thread (so it can run beside
/// the logo stage).
pub fn enrich_orgs_blocking(urls: &[String], opts: &OrgOptions) -> Result<OrgReport, String> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err("called from inside an async runtime; use enrich_orgs".into());
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the organizations runtime: {e}"))?
        .block_on(enrich_orgs(urls, opts))
}

/// Looks up the organizations of `urls` (the items' `crunchbase` fields). `Err` only when the
/// cache directory cannot be used; everything else is in the report.
pub async fn enrich_orgs(urls: &[String], opts: &OrgOptions) -> Result<OrgReport, String> {
    let started_at = Utc::now();
    let folder = match opts.provider {
        OrgSource::Crunchbase => "crunchbase",
        OrgSource::Wikidata => "wikidata",
    };
    let mut report = OrgReport {
        provider: opts.provider,
        started_at,
        duration_ms: 0,
        offline: opts.offline,
        orgs: Vec::new(),
        skipped: Vec::new(),
        requests: 0,
        rate_limited: false,
        notes: Vec::new(),
        counts: Counts::default(),
        not_found: 0,
        index: HashMap::new(),
    };
    if urls.is_empty() {
        finish(&mut report);
        return Ok(report);
    }
    let cache = Cache::open(&opts.cache_dir, folder, CACHE_SCHEMA).map_err(|e| {
        format!(
            "cannot use the cache directory {}: {e}",
            opts.cache_dir.display()
        )
    })?;
    let mut by_permalink: HashMap<String, usize> = HashMap::new();
    let mut jobs = Vec::new();
    for url in urls {
        if report.index.contains_key(url) || report.skipped.iter().any(|s| &s.url == url) {
            continue;
        }
        let permalink = match crunchbase_permalink(url) {
            Ok(p) => p,
            Err(reason) => {
                report.skipped.push(SkippedOrg {
                    url: url.clone(),
                    reason,
                });
                continue;
            }
        };
        if let Some(&i) = by_permalink.get(&permalink) {
            report.index.insert(url.clone(), i);
            continue;
        }
        let index = report.orgs.len();
        by_permalink.insert(permalink.clone(), index);
        report.index.insert(url.clone(), index);
        let previous: Option<Entry<Cached>> = cache.load_noting(&permalink, &mut report.notes);
        let settled = match previous {
            Some(p) if p.is_fresh(started_at, opts.ttl) => Settled::cached(p),
            previous => {
                jobs.push(Job {
                    index,
                    permalink: permalink.clone(),
                    previous: previous.clone(),
                });
                Settled::unfetched(previous, "not fetched")
            }
        };
        report.orgs.push(outcome(url, &permalink, settled));
    }

    let why_not = if jobs.is_empty() {
        None
    } else if opts.offline {
        Some("offline: used the cache only".to_string())
    } else if opts.provider == OrgSource::Crunchbase && opts.crunchbase.key.is_none() {
        let note = "no Crunchbase key (set CRUNCHBASE_API_KEY, or use --orgs wikidata): used the cache only";
        report.notes.push(note.into());
        Some(note.to_string())
    } else {
        None
    };
    match why_not {
        Some(why) => {
            for job in jobs {
                let url = report.orgs[job.index].url.clone();
                report.orgs[job.index] =
                    outcome(&url, &job.permalink, Settled::unfetched(job.previous, &why));
            }
        }
        None if !jobs.is_empty() => fetch(&mut report, jobs, &cache, opts).await,
        None => {}
    }
    finish(&mut report);
    Ok(report)
}

fn outcome(url: &str, permalink: &str, settled: Settled<Cached>) -> OrgOutcome {
    OrgOutcome {
        url: url.to_string(),
        permalink: permalink.to_string(),
        source: settled.source,
        fetched_at: settled.fetched_at,
        age_hours: None,
        organization: settled.data.and_then(|d| d.organization),
        error: settled.error,
    }
}

async fn fetch(report: &mut OrgReport, jobs: Vec<Job>, cache: &Cache, opts: &OrgOptions) {
    let agent = user_agent(opts.contact.as_deref());
    let client = match opts.provider {
        OrgSource::Crunchbase => crunchbase::client(&opts.crunchbase, &agent),
        OrgSource::Wikidata => wikidata::client(&opts.wikidata, &agent),
    };
    let http = match client {
        Ok(http) => Arc::new(http),
        Err(why) => {
            report.notes.push(why.clone());
            for job in jobs {
                let url = report.orgs[job.index].url.clone();
                report.orgs[job.index] = outcome(
                    &url,
                    &job.permalink,
                    Settled::failed(job.previous, why.clone()),
                );
            }
            return;
        }
    };
    let label = format!("{} organizations", opts.provider.name());
    let bar = Progress::new(opts.progress, &label, jobs.len());
    let results: Vec<(Job, Result<Cached, String>)> = match opts.provider {
        OrgSource::Crunchbase => crunchbase_all(&http, &opts.crunchbase.api_url, jobs, &bar).await,
        OrgSource::Wikidata => wikidata_all(&http, &opts.wikidata, jobs, &bar).await,
    };
    bar.finish();
    let mut warnings = Vec::new();
    for (job, result) in results {
        let url = report.orgs[job.index].url.clone();
        let settled = cache.settle(&job.permalink, job.previous, result, &mut warnings);
        report.orgs[job.index] = outcome(&url, &job.permalink, settled);
    }
    warnings.dedup();
    report.notes.extend(warnings);
    report.requests = http.requests();
    report.rate_limited = http.rate_limited();
    report.notes.extend(http.notes());
}

/// One lookup per organization, as many in flight as the policy allows; a refused key stops
/// the rest before they are sent.
async fn crunchbase_all(
    http: &Arc<Http>,
    api_url: &str,
    jobs: Vec<Job>,
    bar: &Progress,
) -> Vec<(Job, Result<Cached, String>)> {
    let mut set = JoinSet::new();
    for job in jobs {
        let (http, api_url) = (http.clone(), api_url.to_string());
        set.spawn(async move {
            let result = match crunchbase::lookup(&http, &api_url, &job.permalink).await {
                Lookup::Found(org) => Ok(Some(*org)),
                Lookup::Missing => Ok(None),
                Lookup::Rejected(why) => {
                    http.give_up(&why);
                    Err(why)
                }
                Lookup::Failed(why) => Err(why),
            };
            (job, result.map(|organization| Cached { organization }))
        });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(result) = done {
            bar.inc();
            out.push(result);
        }
    }
    out
}

/// One query per batch, in turn.
async fn wikidata_all(
    http: &Http,
    opts: &WikidataOptions,
    jobs: Vec<Job>,
    bar: &Progress,
) -> Vec<(Job, Result<Cached, String>)> {
    let mut out = Vec::new();
    let mut jobs = jobs.into_iter().peekable();
    while jobs.peek().is_some() {
        let chunk: Vec<Job> = jobs.by_ref().take(opts.batch.max(1)).collect();
        let permalinks: Vec<String> = chunk.iter().map(|j| j.permalink.clone()).collect();
        let mut answers: HashMap<String, Result<Option<Organization>, String>> =
            wikidata::batch(http, &opts.sparql_url, &permalinks)
                .await
                .into_iter()
                .collect();
        for job in chunk {
            let result = answers
                .remove(&job.permalink)
                .unwrap_or_else(|| Err("no answer".into()));
            out.push((job, result.map(|organization| Cached { organization })));
        }
        permalinks.iter().for_each(|_| bar.inc());
    }
    out
}

fn finish(report: &mut OrgReport) {
    let now = Utc::now();
    for o in &mut report.orgs {
        o.age_hours = o.fetched_at.map(|t| (now - t).num_hours());
    }
    report.counts = Counts::tally(report.orgs.iter().map(|o| o.source), report.skipped.len());
    report.not_found = (report.orgs.iter())
        .filter(|o| o.organization.is_none() && o.error.is_none())
        .count();
    report.duration_ms = u64::try_from((now - report.started_at).num_milliseconds()).unwrap_or(0);
}
