//! The HTTP layer of the forges other than GitHub: one client per host, on main's hyper stack
//! (`net.rs` has no request headers nor answer headers, which these APIs need). It paces,
//! times out, retries 5xx and malformed answers with backoff, honours `Retry-After` and
//! `RateLimit-*`, stops sending into an outage, and keeps the host's token out of every
//! message. Callers see final answers only: 2xx and 4xx other than 429.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue};
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client as Hyper;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::enrich::pacing::{Bucket, Policy, backoff, retry_after};
use crate::enrich::secret::{Token, redact};

/// A final answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    /// The parsed body; `Null` when it is not JSON.
    pub json: Value,
}

impl Answer {
    /// A numeric header (`X-Total`, `X-Total-Count`).
    pub fn header_num(&self, name: &str) -> Option<u64> {
        self.headers.get(name)?.to_str().ok()?.trim().parse().ok()
    }
}

/// Why a request got no final answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum HttpError {
    /// Rate limited for longer than the run may wait.
    #[error("rate limit reached: {0}")]
    RateLimited(String),
    /// 5xx, timeout, transport error or malformed answer, still so after the retries.
    #[error("{0}")]
    Transient(String),
}

/// How a host's token travels: `header: <scheme><token>`.
pub(crate) struct Auth {
    pub header: &'static str,
    /// `""` (GitLab's `PRIVATE-TOKEN`) or `"token "` (Gitea's `Authorization`).
    pub scheme: &'static str,
    pub token: Token,
}

/// One host's client, shared by every request of a run.
pub(crate) struct Http {
    host: String,
    hyper: Hyper<crate::net::Connector, Empty<Bytes>>,
    policy: Policy,
    auth: Option<Auth>,
    secrets: Vec<Token>,
    permits: Semaphore,
    bucket: Bucket,
    requests: AtomicU64,
    rate_limited: AtomicBool,
    failures_in_a_row: AtomicU32,
    /// Whether any request got an HTTP answer, and the last problem of one that did not.
    answered: AtomicBool,
    last_problem: Mutex<Option<String>>,
    /// Set when the host is given up for the run (outage or a too long rate limit).
    stopped: Mutex<Option<HttpError>>,
}

impl Http {
    /// A client for `host` sending `auth` on every request.
    pub fn new(host: &str, policy: Policy, auth: Option<Auth>) -> Result<Http, String> {
        let https = crate::net::connector(policy.request_timeout)?;
        let hyper = Hyper::builder(hyper_util::rt::TokioExecutor::new()).build(https);
        Ok(Http {
            host: host.to_string(),
            hyper,
            permits: Semaphore::new(policy.concurrency.max(1)),
            bucket: Bucket::new(policy.requests_per_second, policy.burst),
            secrets: auth.iter().map(|a| a.token.clone()).collect(),
            auth,
            policy,
            requests: AtomicU64::new(0),
            rate_limited: AtomicBool::new(false),
            failures_in_a_row: AtomicU32::new(0),
            answered: AtomicBool::new(false),
            last_problem: Mutex::new(None),
            stopped: Mutex::new(None),
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Whether a rate limit slowed or stopped the run.
    pub fn rate_limited(&self) -> bool {
        self.rate_limited.load(Ordering::Relaxed)
    }

    /// Why the host could not be read: given up for the rest of the run, or never answered.
    pub fn unreachable(&self) -> Option<String> {
        let stopped = self.stopped.lock().ok()?.as_ref().map(ToString::to_string);
        stopped.or_else(|| {
            let never = self.requests() > 0 && !self.answered.load(Ordering::Relaxed);
            let last = self.last_problem.lock().ok()?.clone();
            never.then(|| format!("no answer from {}: {}", self.host, last.unwrap_or_default()))
        })
    }

    /// `text` without this host's token, bounded.
    pub fn scrub(&self, text: &str) -> String {
        redact(text, &self.secrets)
    }

    fn stop(&self, error: HttpError) -> HttpError {
        if let Ok(mut stopped) = self.stopped.lock()
            && stopped.is_none()
        {
            *stopped = Some(error.clone());
        }
        error
    }

    fn check_stopped(&self) -> Result<(), HttpError> {
        match self.stopped.lock().ok().and_then(|s| s.clone()) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// GETs `url` (a JSON API) until it gets a final answer or the retries run out.
    pub async fn get(&self, url: &str) -> Result<Answer, HttpError> {
        self.check_stopped()?;
        let result = self.get_with_retries(url).await;
        match &result {
            Err(HttpError::Transient(why)) => {
                let n = self.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
                if n >= self.policy.outage_after.max(1) {
                    self.stop(HttpError::Transient(format!(
                        "{} unreachable: {n} requests in a row failed (last: {why}); \
                         sending no more requests to it in this run",
                        self.host
                    )));
                }
            }
            Ok(_) => self.failures_in_a_row.store(0, Ordering::Relaxed),
            Err(HttpError::RateLimited(_)) => {}
        }
        result
    }

    async fn get_with_retries(&self, url: &str) -> Result<Answer, HttpError> {
        let p = &self.policy;
        let (mut failures, mut limited) = (0u32, 0u32);
        loop {
            let answer = {
                let _permit = self.permits.acquire().await;
                // Given up while this request waited its turn: it is not sent.
                self.check_stopped()?;
                self.bucket.take().await;
                self.check_stopped()?;
                self.requests.fetch_add(1, Ordering::Relaxed);
                tokio::time::timeout(p.request_timeout, self.exchange(url)).await
            };
            let problem = match answer {
                Err(_) => self.problem(format!("no answer within {:?}", p.request_timeout)),
                Ok(Err(e)) => self.problem(e),
                Ok(Ok(answer)) => {
                    self.answered.store(true, Ordering::Relaxed);
                    self.pace_by_headers(&answer.headers);
                    match answer.status {
                        429 => {
                            let wait = limit_wait(&answer.headers).unwrap_or(p.default_limit_wait);
                            self.rate_limited.store(true, Ordering::Relaxed);
                            if wait > p.max_rate_limit_wait {
                                return Err(self.stop(HttpError::RateLimited(format!(
                                    "{} asks to wait {}s (longer than the {}s the run may wait)",
                                    self.host,
                                    wait.as_secs(),
                                    p.max_rate_limit_wait.as_secs()
                                ))));
                            }
                            limited += 1;
                            if limited > p.max_rate_limit_retries {
                                return Err(HttpError::RateLimited(format!(
                                    "{} still rate limited after {} waits",
                                    self.host,
                                    limited - 1
                                )));
                            }
                            self.bucket.pause_until(Instant::now() + wait);
                            continue;
                        }
                        500..=599 => format!("HTTP {}", answer.status),
                        200..=299 if answer.json.is_null() => {
                            format!("malformed JSON from {}", self.host)
                        }
                        _ => return Ok(answer),
                    }
                }
            };
            failures += 1;
            if failures > p.max_retries {
                return Err(HttpError::Transient(format!(
                    "{problem} (gave up after {failures} attempts)"
                )));
            }
            tokio::time::sleep(backoff(failures, p.backoff_base, p.backoff_cap)).await;
        }
    }

    /// Notes a request that got no answer, and passes its reason on.
    fn problem(&self, why: String) -> String {
        if let Ok(mut last) = self.last_problem.lock() {
            *last = Some(why.clone());
        }
        why
    }

    /// A host that says its budget is spent (`RateLimit-Remaining: 0`) gets nothing more
    /// before its `RateLimit-Reset`, when that is within the wait the run allows.
    fn pace_by_headers(&self, headers: &HeaderMap) {
        let num =
            |name: &str| -> Option<i64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        if num("ratelimit-remaining") == Some(0)
            && let Some(wait) = num("ratelimit-reset").map(reset_wait)
            && wait <= self.policy.max_rate_limit_wait
        {
            self.rate_limited.store(true, Ordering::Relaxed);
            self.bucket.pause_until(Instant::now() + wait);
        }
    }

    /// One exchange, body read in full (up to the policy's bound). Redirects are not
    /// followed: the APIs answer in place, and the token must not travel to another host.
    async fn exchange(&self, url: &str) -> Result<Answer, String> {
        let mut request = http::Request::get(url)
            .header(
                http::header::USER_AGENT,
                concat!("landscape/", env!("CARGO_PKG_VERSION")),
            )
            .header(http::header::ACCEPT, "application/json");
        if let Some(auth) = &self.auth {
            let mut value =
                HeaderValue::from_str(&format!("{}{}", auth.scheme, auth.token.expose()))
                    .map_err(|_| format!("the {} token is not a valid header value", self.host))?;
            value.set_sensitive(true);
            request = request.header(auth.header, value);
        }
        let request = request
            .body(Empty::<Bytes>::new())
            .map_err(|e| format!("bad request: {}", self.scrub(&e.to_string())))?;
        let response = self
            .hyper
            .request(request)
            .await
            .map_err(|e| format!("transport error: {}", self.scrub(&crate::net::causes(&e))))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = Limited::new(response.into_body(), self.policy.max_body_bytes);
        let bytes = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) => {
                return Err(format!(
                    "reading the answer: {}",
                    self.scrub(&e.to_string())
                ));
            }
        };
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            headers,
            json,
        })
    }
}

/// How long a 429 asks to wait: `Retry-After`, else GitLab's `RateLimit-Reset` epoch.
fn limit_wait(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok();
    if let Some(wait) = text("retry-after").and_then(|v| retry_after(v, chrono::Utc::now())) {
        return Some(wait);
    }
    let reset: i64 = text("ratelimit-reset")?.trim().parse().ok()?;
    Some(reset_wait(reset))
}

/// Time until `reset_epoch`, plus a second: the reset is rounded down to the second.
fn reset_wait(reset_epoch: i64) -> Duration {
    let now = chrono::Utc::now().timestamp();
    Duration::from_secs(u64::try_from(reset_epoch - now + 1).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_429_waits_by_retry_after_then_by_the_reset() {
        let mut h = HeaderMap::new();
        assert_eq!(limit_wait(&h), None);
        let reset = chrono::Utc::now().timestamp() + 30;
        h.insert("ratelimit-reset", HeaderValue::from(reset));
        let wait = limit_wait(&h).unwrap_or_default();
        assert!((29..=31).contains(&wait.as_secs()), "{wait:?}");
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(limit_wait(&h), Some(Duration::from_secs(7)));
    }
}
