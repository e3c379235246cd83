//! The HTTP layer: one octocrab client pair per token, and `send`, which paces, times out,
//! retries with backoff and honours GitHub's rate limits so the callers see only final answers.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http::HeaderMap;
use octocrab::Octocrab;
use serde_json::Value;
use tokio::sync::Semaphore;

use super::options::{Token, Tuning};
use super::signals::{graphql_rate_limited, header_num, header_str, last_page, reset_wait};
use crate::enrich::pacing::{Bucket, backoff};
use crate::enrich::secret::redact;

/// Which API a request goes to; each has its own rate limit at GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Rest = 0,
    Graphql = 1,
}

/// A request, relative to its endpoint's base URL.
pub(crate) struct ApiRequest {
    pub endpoint: Endpoint,
    /// Path and query (`/repos/o/n/contributors?per_page=1`); POSTed to when `body` is set.
    pub path: String,
    pub body: Option<Value>,
    pub if_none_match: Option<String>,
}

/// A final answer: 2xx, 304 or a 4xx that is not a rate limit.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    /// Page number of the `rel="last"` link, when the answer is paginated.
    pub last_page: Option<u64>,
    /// Parsed body; `Null` when empty (or, for an error status, not JSON).
    pub json: Value,
}

impl Reply {
    /// GitHub's `message` of an error answer, if any.
    pub fn message(&self) -> &str {
        self.json
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Why a request got no final answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FetchError {
    /// Every token is out of its rate limit for longer than the run may wait.
    #[error("rate limit reached: {0}")]
    RateLimited(String),
    /// Every token was rejected.
    #[error("GitHub rejected every token (401 Bad credentials)")]
    Unauthorized,
    /// 5xx, timeout, transport error or malformed JSON, still so after the retries.
    #[error("{0}")]
    Transient(String),
}

#[derive(Default)]
struct Limit {
    remaining: Option<u64>,
    reset: Option<i64>,
    /// Out for longer than the run may wait: not used again for this endpoint.
    spent: bool,
}

struct Slot {
    /// 1-based, for messages that must not show the token.
    number: usize,
    rest: Octocrab,
    graphql: Octocrab,
    permits: Semaphore,
    bucket: Bucket,
    limits: [Mutex<Limit>; 2],
    rejected: AtomicBool,
}

/// Shared by every request of a run.
pub(crate) struct Api {
    slots: Vec<Slot>,
    /// Every token, for redaction.
    tokens: Vec<Token>,
    tuning: Tuning,
    next_slot: AtomicUsize,
    requests: AtomicU64,
    rate_limited: AtomicBool,
    notes: Mutex<Vec<String>>,
    /// Requests given up in a row; at `outage_after` GitHub is considered down for the run.
    failures_in_a_row: AtomicU32,
    outage: Mutex<Option<String>>,
}

/// Base URL of GraphQL for a REST base: GitHub Enterprise serves REST at `/api/v3` and GraphQL
/// at `/api/graphql`; elsewhere both share the base.
fn graphql_base(api_url: &str) -> &str {
    api_url.strip_suffix("/v3").unwrap_or(api_url)
}

impl Api {
    /// Builds the clients. Fails on an API URL that is not a URL.
    pub fn new(api_url: &str, tokens: &[Token], tuning: Tuning) -> Result<Api, String> {
        let api_url = api_url.trim_end_matches('/');
        let build = |base: &str, token: &Token| {
            Octocrab::builder()
                .base_uri(base)
                .and_then(|b| b.personal_token(token.expose().to_string()).build())
                .map_err(|e| format!("cannot use GitHub API URL {base:?}: {e}"))
        };
        let slots = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                Ok(Slot {
                    number: i + 1,
                    rest: build(api_url, token)?,
                    graphql: build(graphql_base(api_url), token)?,
                    permits: Semaphore::new(tuning.concurrency_per_token.max(1)),
                    bucket: Bucket::new(tuning.requests_per_second, tuning.burst),
                    limits: Default::default(),
                    rejected: AtomicBool::new(false),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Api {
            slots,
            tokens: tokens.to_vec(),
            tuning,
            next_slot: AtomicUsize::new(0),
            requests: AtomicU64::new(0),
            rate_limited: AtomicBool::new(false),
            notes: Mutex::new(Vec::new()),
            failures_in_a_row: AtomicU32::new(0),
            outage: Mutex::new(None),
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Whether a rate limit stopped or slowed the run.
    pub fn rate_limited(&self) -> bool {
        self.rate_limited.load(Ordering::Relaxed)
    }

    /// Run-level notes (rejected tokens, waits), already redacted.
    pub fn notes(&self) -> Vec<String> {
        self.notes.lock().map(|n| n.clone()).unwrap_or_default()
    }

    fn note(&self, message: String) {
        if let Ok(mut notes) = self.notes.lock()
            && !notes.contains(&message)
        {
            notes.push(message);
        }
    }

    /// Replaces every token in `text` (a server may echo one back) and bounds its length.
    pub fn scrub(&self, text: &str) -> String {
        redact(text, &self.tokens)
    }

    /// Next token usable for `endpoint`, round-robin.
    fn pick(&self, endpoint: Endpoint) -> Result<&Slot, FetchError> {
        if self
            .slots
            .iter()
            .all(|s| s.rejected.load(Ordering::Relaxed))
        {
            return Err(FetchError::Unauthorized);
        }
        let start = self.next_slot.fetch_add(1, Ordering::Relaxed);
        (0..self.slots.len())
            .map(|i| &self.slots[(start + i) % self.slots.len()])
            .find(|s| {
                !s.rejected.load(Ordering::Relaxed)
                    && !s.limits[endpoint as usize].lock().is_ok_and(|l| l.spent)
            })
            .ok_or_else(|| {
                self.rate_limited.store(true, Ordering::Relaxed);
                FetchError::RateLimited(format!(
                    "every token is out of its {} rate limit",
                    if endpoint == Endpoint::Rest {
                        "REST"
                    } else {
                        "GraphQL"
                    }
                ))
            })
    }

    /// Whether GitHub is considered down for the rest of the run: after that, requests fail at
    /// once instead of multiplying retries against an outage.
    pub fn unavailable(&self) -> bool {
        self.outage.lock().is_ok_and(|o| o.is_some())
    }

    /// Whether every token was rejected (401).
    pub fn all_rejected(&self) -> bool {
        !self.slots.is_empty()
            && self
                .slots
                .iter()
                .all(|s| s.rejected.load(Ordering::Relaxed))
    }

    /// Sends `req` until it gets a final answer or the retries run out.
    pub async fn send(&self, req: &ApiRequest) -> Result<Reply, FetchError> {
        if let Some(why) = self.outage.lock().ok().and_then(|o| o.clone()) {
            return Err(FetchError::Transient(why));
        }
        let result = self.send_with_retries(req).await;
        match &result {
            Err(FetchError::Transient(why)) => {
                let n = self.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
                if n >= self.tuning.outage_after.max(1)
                    && let Ok(mut outage) = self.outage.lock()
                    && outage.is_none()
                {
                    let message = format!(
                        "GitHub unavailable: {n} requests in a row failed (last: {why}); \
                         sending no more requests in this run"
                    );
                    self.note(message.clone());
                    *outage = Some(message);
                }
            }
            Ok(_) => self.failures_in_a_row.store(0, Ordering::Relaxed),
            Err(_) => {}
        }
        result
    }

    async fn send_with_retries(&self, req: &ApiRequest) -> Result<Reply, FetchError> {
        let t = &self.tuning;
        let mut failures = 0u32;
        let mut limited = 0u32;
        loop {
            let slot = self.pick(req.endpoint)?;
            if let Some(wait) = self.known_exhaustion(slot, req.endpoint) {
                self.rate_limit_wait(slot, req.endpoint, wait, &mut limited, "limit reached")?;
                continue;
            }
            let answer = {
                let _permit = slot.permits.acquire().await;
                slot.bucket.take().await;
                self.requests.fetch_add(1, Ordering::Relaxed);
                tokio::time::timeout(t.request_timeout, exchange(slot, req)).await
            };
            let problem = match answer {
                Err(_) => format!("no answer within {:?}", t.request_timeout),
                Ok(Err(e)) => format!("transport error: {}", self.scrub(&e.to_string())),
                Ok(Ok((status, headers, body))) => {
                    self.record_limit(slot, req.endpoint, &headers);
                    match self.classify(slot, req.endpoint, status, &headers, body) {
                        Verdict::Final(reply) => return Ok(reply),
                        Verdict::Rejected => continue,
                        Verdict::Limited(wait, why) => {
                            self.rate_limit_wait(slot, req.endpoint, wait, &mut limited, why)?;
                            continue;
                        }
                        Verdict::Retry(problem) => problem,
                    }
                }
            };
            failures += 1;
            if failures > t.max_retries {
                return Err(FetchError::Transient(format!(
                    "{problem} (gave up after {failures} attempts)"
                )));
            }
            tokio::time::sleep(backoff(failures, t.backoff_base, t.backoff_cap)).await;
        }
    }

    /// Wait before `slot` may be used again for `endpoint`, from the headers already seen.
    fn known_exhaustion(&self, slot: &Slot, endpoint: Endpoint) -> Option<Duration> {
        let limit = slot.limits[endpoint as usize].lock().ok()?;
        if limit.remaining != Some(0) {
            return None;
        }
        let wait = reset_wait(limit.reset?);
        (!wait.is_zero()).then_some(wait)
    }

    /// Pauses `slot` for `wait`, or retires it for `endpoint` when the wait is too long.
    fn rate_limit_wait(
        &self,
        slot: &Slot,
        endpoint: Endpoint,
        wait: Duration,
        limited: &mut u32,
        why: &str,
    ) -> Result<(), FetchError> {
        self.rate_limited.store(true, Ordering::Relaxed);
        if wait > self.tuning.max_rate_limit_wait {
            if let Ok(mut l) = slot.limits[endpoint as usize].lock() {
                l.spent = true;
            }
            self.note(format!(
                "token {} of {}: {why}, resets in {}s (longer than the {}s the run may wait)",
                slot.number,
                self.slots.len(),
                wait.as_secs(),
                self.tuning.max_rate_limit_wait.as_secs()
            ));
            return Ok(());
        }
        *limited += 1;
        if *limited > self.tuning.max_rate_limit_retries {
            return Err(FetchError::RateLimited(format!(
                "{why}; still limited after {} waits",
                *limited - 1
            )));
        }
        slot.bucket.pause_until(Instant::now() + wait);
        if let Ok(mut l) = slot.limits[endpoint as usize].lock() {
            // The pause covers the wait; forget the exhaustion so it is not waited for twice.
            l.remaining = None;
        }
        Ok(())
    }

    fn record_limit(&self, slot: &Slot, endpoint: Endpoint, headers: &HeaderMap) {
        let remaining = header_num::<u64>(headers, "x-ratelimit-remaining");
        let reset = header_num::<i64>(headers, "x-ratelimit-reset");
        if remaining.is_none() && reset.is_none() {
            return;
        }
        if let Ok(mut l) = slot.limits[endpoint as usize].lock() {
            l.remaining = remaining.or(l.remaining);
            l.reset = reset.or(l.reset);
        }
    }

    fn classify(
        &self,
        slot: &Slot,
        endpoint: Endpoint,
        status: u16,
        headers: &HeaderMap,
        body: String,
    ) -> Verdict {
        let json = if body.trim().is_empty() {
            Ok(Value::Null)
        } else {
            serde_json::from_str::<Value>(&body)
        };
        let message = || {
            json.as_ref()
                .ok()
                .and_then(|j| j.get("message"))
                .and_then(Value::as_str)
                .map(|m| self.scrub(m))
                .unwrap_or_default()
        };
        match status {
            401 => {
                slot.rejected.store(true, Ordering::Relaxed);
                self.note(format!(
                    "token {} of {} was rejected by GitHub (401 {})",
                    slot.number,
                    self.slots.len(),
                    message()
                ));
                Verdict::Rejected
            }
            403 | 429 => {
                let retry_after = header_num::<u64>(headers, "retry-after");
                let remaining = header_num::<u64>(headers, "x-ratelimit-remaining");
                let reset = header_num::<i64>(headers, "x-ratelimit-reset");
                let secondary = message()
                    .to_ascii_lowercase()
                    .contains("secondary rate limit");
                match (retry_after, remaining, reset) {
                    (Some(secs), _, _) => {
                        Verdict::Limited(Duration::from_secs(secs), "secondary rate limit")
                    }
                    (None, Some(0), Some(reset)) => {
                        Verdict::Limited(reset_wait(reset), "primary rate limit reached")
                    }
                    _ if secondary || status == 429 => {
                        Verdict::Limited(self.tuning.secondary_limit_wait, "secondary rate limit")
                    }
                    _ => Verdict::Final(self.reply(status, headers, json.unwrap_or(Value::Null))),
                }
            }
            500..=599 => Verdict::Retry(format!("HTTP {status} {}", message())),
            200..=299 => match json {
                Err(e) => Verdict::Retry(format!("malformed JSON from GitHub: {e}")),
                Ok(json) if endpoint == Endpoint::Graphql && graphql_rate_limited(&json) => {
                    let wait = header_num::<i64>(headers, "x-ratelimit-reset")
                        .map(reset_wait)
                        .unwrap_or(self.tuning.secondary_limit_wait);
                    Verdict::Limited(wait, "GraphQL rate limit reached")
                }
                Ok(json) => Verdict::Final(self.reply(status, headers, json)),
            },
            _ => Verdict::Final(self.reply(status, headers, json.unwrap_or(Value::Null))),
        }
    }

    fn reply(&self, status: u16, headers: &HeaderMap, json: Value) -> Reply {
        Reply {
            status,
            etag: header_str(headers, "etag").map(str::to_string),
            last_page: header_str(headers, "link").and_then(last_page),
            json,
        }
    }
}

enum Verdict {
    Final(Reply),
    Rejected,
    Limited(Duration, &'static str),
    Retry(String),
}

/// One HTTP exchange, body read in full.
async fn exchange(
    slot: &Slot,
    req: &ApiRequest,
) -> Result<(u16, HeaderMap, String), octocrab::Error> {
    let client = match req.endpoint {
        Endpoint::Rest => &slot.rest,
        Endpoint::Graphql => &slot.graphql,
    };
    let response = match &req.body {
        Some(body) => client._post(req.path.as_str(), Some(body)).await?,
        None => {
            let mut headers = HeaderMap::new();
            if let Some(etag) = req.if_none_match.as_deref()
                && let Ok(value) = etag.parse()
            {
                headers.insert(http::header::IF_NONE_MATCH, value);
            }
            client
                ._get_with_headers(req.path.as_str(), Some(headers))
                .await?
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = client.body_to_string(response).await?;
    Ok((status, headers, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_base_follows_enterprise_layout() {
        assert_eq!(
            graphql_base("https://api.github.com"),
            "https://api.github.com"
        );
        assert_eq!(
            graphql_base("https://ghe.example/api/v3"),
            "https://ghe.example/api"
        );
    }

    #[tokio::test]
    async fn scrub_removes_tokens_and_bounds_length() {
        let api = Api::new(
            "http://127.0.0.1:9",
            &[Token::new("ghp_abc")],
            Tuning::default(),
        );
        let api = match api {
            Ok(api) => api,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(api.scrub("bad ghp_abc here"), "bad [redacted] here");
        assert_eq!(api.scrub(&"x".repeat(1000)).len(), 300);
    }
}
