//! CLOMonitor report summaries: for each item with `extra.clomonitor_name`, the SVG image
//! `GET {api}/api/projects/{foundation}/{name}/report-summary?theme=light` (the foundation
//! from settings, lowercase), fetched at build time, cached per project (a 404 too: the
//! project is not on CLOMonitor), and sanitized like any logo before it is published.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

use super::cache::{Cache, Entry, Settled};
use super::http::{Http, HttpError, Request, base_url, user_agent};
use super::outcome::{Counts, Source};
use super::pacing::Policy;
use crate::logos::{self, ProcessOptions};

/// CLOMonitor, used when `CLOMONITOR_API_URL` is not set.
pub const CLOMONITOR_API_URL: &str = "https://clomonitor.io";

const CACHE_SCHEMA: u32 = 1;

/// Where and how to ask CLOMonitor.
#[derive(Debug, Clone)]
pub struct ClomonitorOptions {
    /// The site's base (`https://clomonitor.io`; a local server in tests).
    pub api_url: String,
    pub cache_dir: PathBuf,
    /// Age after which a summary is refetched.
    pub ttl: Duration,
    /// Use the cache only; send no request.
    pub offline: bool,
    pub policy: Policy,
}

impl ClomonitorOptions {
    /// From `CLOMONITOR_API_URL`, read through `var`.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        cache_dir: PathBuf,
        ttl: Duration,
        offline: bool,
    ) -> Self {
        ClomonitorOptions {
            api_url: base_url(var("CLOMONITOR_API_URL"), CLOMONITOR_API_URL),
            cache_dir,
            ttl,
            offline,
            // Small static images: more at once than an API, still paced (CNCF: 230 projects,
            // about 12 s cold).
            policy: Policy {
                max_body_bytes: 1 << 20,
                concurrency: 8,
                requests_per_second: 20.0,
                burst: 8,
                ..Policy::default()
            },
        }
    }

    /// [`from_vars`](Self::from_vars) with the process environment.
    pub fn from_env(cache_dir: PathBuf, ttl: Duration, offline: bool) -> Self {
        Self::from_vars(|n| std::env::var(n).ok(), cache_dir, ttl, offline)
    }
}

/// A project's report summary, ready to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummary {
    /// The project's name on CLOMonitor (`extra.clomonitor_name`).
    pub name: String,
    /// The sanitized image's path in the site: `clomonitor/<name>.<hash12>.svg`.
    pub file: String,
    /// The sanitized image.
    pub svg: Vec<u8>,
    /// The full report: `https://clomonitor.io/projects/{foundation}/{name}`.
    pub report_url: String,
}

/// What the cache keeps per project: the image as CLOMonitor sent it, or `None` when it does
/// not know the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cached {
    svg: Option<String>,
}

/// Everything a CLOMonitor run produced.
#[derive(Debug, Clone, Default)]
pub struct ClomonitorReport {
    /// Each project's summary, `None` when there is none (not covered, or no data).
    pub summaries: HashMap<String, Option<Arc<ReportSummary>>>,
    /// Projects with neither data nor a cached entry, and why.
    pub failed: Vec<(String, String)>,
    /// Names that cannot be CLOMonitor projects, and why.
    pub skipped: Vec<(String, String)>,
    pub counts: Counts,
    pub requests: u64,
    pub notes: Vec<String>,
}

impl ClomonitorReport {
    /// The summary of project `name`, if it has one.
    pub fn summary_of(&self, name: &str) -> Option<Arc<ReportSummary>> {
        self.summaries.get(name)?.clone()
    }

    /// One line, then notes and failures grouped by reason.
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let published = self.summaries.values().filter(|s| s.is_some()).count();
        let mut out = format!(
            "{} projects, {published} report summaries ({c}), {} requests\n",
            self.summaries.len(),
            self.requests
        );
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let mut reasons: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, why) in self.failed.iter().chain(&self.skipped) {
            if !self.notes.iter().any(|n| n == why) {
                reasons.entry(why).or_default().push(name);
            }
        }
        let mut reasons: Vec<_> = reasons.into_iter().collect();
        reasons.sort();
        for (why, names) in reasons {
            let _ = writeln!(out, "  {}: {why}", names.join(", "));
        }
        out
    }
}

/// Whether `name` can be a path segment of CLOMonitor's API (what its project names are).
fn valid_name(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && name != "."
        && name != ".."
        && (name.bytes()).all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The report summaries of `names` (items' `clomonitor_name`) for `foundation` (settings'
/// `foundation`), blocking the calling thread on a runtime of its own. `Err` only when the
/// cache directory cannot be used.
pub fn report_summaries(
    foundation: &str,
    names: &[String],
    opts: &ClomonitorOptions,
) -> Result<ClomonitorReport, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the CLOMonitor runtime: {e}"))?
        .block_on(run(foundation, names, opts))
}

async fn run(
    foundation: &str,
    names: &[String],
    opts: &ClomonitorOptions,
) -> Result<ClomonitorReport, String> {
    let mut report = ClomonitorReport::default();
    let foundation = foundation.trim().to_ascii_lowercase();
    let mut names: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Ok(report);
    }
    if !valid_name(&foundation) {
        let why =
            format!("settings' foundation {foundation:?} cannot name a CLOMonitor foundation");
        report.skipped = names.into_iter().map(|n| (n, why.clone())).collect();
        return Ok(report);
    }
    let cache = Cache::open(&opts.cache_dir, "clomonitor", CACHE_SCHEMA).map_err(|e| {
        format!(
            "cannot use the cache directory {}: {e}",
            opts.cache_dir.display()
        )
    })?;
    let now = Utc::now();
    let mut settled: Vec<(String, Settled<Cached>)> = Vec::new();
    let mut jobs: Vec<(String, Option<Entry<Cached>>)> = Vec::new();
    for name in names {
        if !valid_name(&name) {
            report
                .skipped
                .push((name, "not a CLOMonitor project name".into()));
            continue;
        }
        let key = format!("{foundation}/{name}");
        match cache.load_noting::<Cached>(&key, &mut report.notes) {
            Some(entry) if entry.is_fresh(now, opts.ttl) => {
                settled.push((name, Settled::cached(entry)));
            }
            previous if opts.offline => {
                settled.push((
                    name,
                    Settled::unfetched(previous, "offline: used the cache only"),
                ));
            }
            previous => jobs.push((name, previous)),
        }
    }
    if !jobs.is_empty() {
        let http = Http::new(
            "CLOMonitor",
            opts.policy.clone(),
            &user_agent(None),
            Vec::new(),
        );
        match http {
            Err(why) => {
                report.notes.push(why.clone());
                settled.extend(
                    jobs.into_iter()
                        .map(|(n, p)| (n, Settled::failed(p, why.clone()))),
                );
            }
            Ok(http) => {
                let http = Arc::new(http);
                let mut set = JoinSet::new();
                for (name, previous) in jobs {
                    let (http, base, foundation) =
                        (http.clone(), opts.api_url.clone(), foundation.clone());
                    set.spawn(async move {
                        let result = fetch(&http, &base, &foundation, &name).await;
                        (name, previous, result)
                    });
                }
                let mut warnings = Vec::new();
                while let Some(done) = set.join_next().await {
                    if let Ok((name, previous, result)) = done {
                        let key = format!("{foundation}/{name}");
                        settled.push((name, cache.settle(&key, previous, result, &mut warnings)));
                    }
                }
                warnings.dedup();
                report.notes.extend(warnings);
                report.notes.extend(http.notes());
                report.requests = http.requests();
            }
        }
    }
    report.counts = Counts::tally(settled.iter().map(|(_, s)| s.source), report.skipped.len());
    for (name, s) in settled {
        if let (Source::Failed, Some(why)) = (s.source, &s.error) {
            report.failed.push((name.clone(), why.clone()));
        }
        let svg = s.data.and_then(|d| d.svg);
        let summary = svg.and_then(|svg| match publishable(&foundation, &name, &svg) {
            Ok(summary) => Some(Arc::new(summary)),
            Err(why) => {
                report.failed.push((name.clone(), why));
                None
            }
        });
        report.summaries.insert(name, summary);
    }
    report.failed.sort();
    Ok(report)
}

/// One project's image: `Ok(None)` when CLOMonitor does not know it.
async fn fetch(http: &Http, base: &str, foundation: &str, name: &str) -> Result<Cached, String> {
    let mut url = url::Url::parse(base).map_err(|e| format!("CLOMONITOR_API_URL: {e}"))?;
    url.path_segments_mut()
        .map_err(|_| "CLOMONITOR_API_URL cannot take a path".to_string())?
        .pop_if_empty()
        .extend(["api", "projects", foundation, name, "report-summary"]);
    url.query_pairs_mut().append_pair("theme", "light");
    let request = Request {
        url: url.to_string(),
        headers: vec![("accept", "image/svg+xml".into())],
        form: None,
        json: false,
    };
    let answer = http.send(&request).await.map_err(|e| match e {
        HttpError::RateLimited(why) => format!("rate limit: {why}"),
        HttpError::Transient(why) => why,
    })?;
    match answer.status {
        200 => String::from_utf8(answer.body)
            .map(|svg| Cached { svg: Some(svg) })
            .map_err(|_| "the report summary is not UTF-8 text".into()),
        404 => Ok(Cached { svg: None }),
        status => Err(format!("CLOMonitor: HTTP {status}")),
    }
}

/// The image sanitized as a logo is, under its site path.
fn publishable(foundation: &str, name: &str, svg: &str) -> Result<ReportSummary, String> {
    let opts = ProcessOptions {
        adjust_viewbox: false,
    };
    let processed = logos::process("report-summary.svg", svg.as_bytes(), &opts)
        .map_err(|e| format!("unusable report summary image: {e}"))?;
    if processed.format != logos::LogoFormat::Svg {
        return Err("the report summary is not an SVG image".into());
    }
    let hash = processed.hash.to_hex();
    Ok(ReportSummary {
        name: name.to_string(),
        file: format!(
            "clomonitor/{}.{}.svg",
            name.to_ascii_lowercase(),
            &hash[..12]
        ),
        svg: (processed.into_bytes()).map_err(|e| format!("the report summary: {e}"))?,
        report_url: format!("https://clomonitor.io/projects/{foundation}/{name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_path_segments_only() {
        assert!(valid_name("kubernetes") && valid_name("open-telemetry") && valid_name("a_b.c"));
        for bad in ["", ".", "..", "a/b", "a%2fb", "a b", "<svg>"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn images_are_sanitized_and_named_by_content() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10" onclick="x()"/></svg>"#;
        let s = publishable("cncf", "kubernetes", svg).expect("publishable");
        let text = String::from_utf8(s.svg).unwrap_or_default();
        assert!(
            !text.contains("script") && !text.contains("onclick"),
            "{text}"
        );
        assert!(s.file.starts_with("clomonitor/kubernetes.") && s.file.ends_with(".svg"));
        assert_eq!(
            s.report_url,
            "https://clomonitor.io/projects/cncf/kubernetes"
        );
        assert!(publishable("cncf", "x", "not an image").is_err());
    }
}
