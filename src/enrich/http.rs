//! The HTTP layer of the services other than GitHub (Crunchbase, Wikidata, GitLab, Gitea,
//! CLOMonitor): one client per service (or host) that paces, times out, retries with backoff,
//! honours `Retry-After`, stops sending into an outage, and keeps its secrets out of every
//! message. Callers see final answers only: 2xx, 3xx and 4xx other than 429.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Instant;

use http::{HeaderMap, HeaderValue};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use serde_json::Value;
use tokio::sync::Semaphore;

use super::pacing::{Bucket, Policy, backoff, retry_after};
use super::secret::{Token, redact};

/// A GET, or a POST of a form.
pub(crate) struct Request {
    pub url: String,
    /// Extra headers (`Accept`, ...). Secrets go in the client's `secret_headers`.
    pub headers: Vec<(&'static str, String)>,
    /// POSTed as `application/x-www-form-urlencoded` when set.
    pub form: Option<Vec<(&'static str, String)>>,
    /// A 2xx answer must be JSON; one that is not is retried as malformed.
    pub json: bool,
}

impl Request {
    /// A GET of a JSON document.
    pub fn json(url: impl Into<String>) -> Request {
        Request {
            url: url.into(),
            headers: vec![("accept", "application/json".into())],
            form: None,
            json: true,
        }
    }
}

/// A final answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The parsed body when it is JSON, else `Null`.
    pub json: Value,
}

impl Answer {
    /// A header's value, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
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

/// One service's client, shared by every request of a run.
pub(crate) struct Http {
    /// Names the service in messages ("Crunchbase", "gitlab.haskell.org").
    service: String,
    client: crate::net::Client,
    user_agent: HeaderValue,
    policy: Policy,
    secret_headers: Vec<(&'static str, Token)>,
    secrets: Vec<Token>,
    permits: Semaphore,
    bucket: Bucket,
    requests: AtomicU64,
    rate_limited: AtomicBool,
    failures_in_a_row: AtomicU32,
    /// Set when the service is given up for the run (unreachable, outage or a too long rate
    /// limit).
    stopped: Mutex<Option<HttpError>>,
    notes: Mutex<Vec<String>>,
}

/// Why one exchange brought no answer.
enum Failure {
    /// No connection (DNS, refused, connect timeout): retrying within the run is pointless.
    Unreachable(String),
    Other(String),
}

impl Http {
    /// A client for `service` sending `user_agent`, and each of `secret_headers` on every
    /// request. Redirects are not followed (the APIs answer in place), so a secret header never
    /// reaches another host.
    pub fn new(
        service: &str,
        policy: Policy,
        user_agent: &str,
        secret_headers: Vec<(&'static str, Token)>,
    ) -> Result<Http, String> {
        let client = crate::net::Client::new(policy.connect_timeout)
            .map_err(|e| format!("cannot start an HTTP client for {service}: {e}"))?;
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| format!("the User-Agent for {service} is not a valid header"))?;
        Ok(Http {
            service: service.to_string(),
            client,
            user_agent,
            permits: Semaphore::new(policy.concurrency.max(1)),
            bucket: Bucket::new(policy.requests_per_second, policy.burst),
            secrets: secret_headers.iter().map(|(_, t)| t.clone()).collect(),
            secret_headers,
            policy,
            requests: AtomicU64::new(0),
            rate_limited: AtomicBool::new(false),
            failures_in_a_row: AtomicU32::new(0),
            stopped: Mutex::new(None),
            notes: Mutex::new(Vec::new()),
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

    /// Whether the service was given up for the rest of the run.
    pub fn stopped(&self) -> bool {
        self.stopped.lock().is_ok_and(|s| s.is_some())
    }

    /// Run-level notes (outage, rate limits), already redacted.
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

    /// `text` without this client's secrets, bounded.
    pub fn scrub(&self, text: &str) -> String {
        redact(text, &self.secrets)
    }

    /// Gives the service up for the rest of the run: requests not yet sent fail with `why`.
    pub fn give_up(&self, why: &str) {
        self.stop(HttpError::Transient(why.to_string()), why.to_string());
    }

    fn stop(&self, error: HttpError, note: String) -> HttpError {
        if let Ok(mut stopped) = self.stopped.lock()
            && stopped.is_none()
        {
            *stopped = Some(error.clone());
            self.note(note);
        }
        error
    }

    fn check_stopped(&self) -> Result<(), HttpError> {
        match self.stopped.lock().ok().and_then(|s| s.clone()) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Sends `req` until it gets a final answer or the retries run out.
    pub async fn send(&self, req: &Request) -> Result<Answer, HttpError> {
        self.check_stopped()?;
        let result = self.send_with_retries(req).await;
        match &result {
            Err(HttpError::Transient(why)) => {
                let n = self.failures_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
                if n >= self.policy.outage_after.max(1) {
                    let message = format!(
                        "{} unavailable: {n} requests in a row failed (last: {why}); \
                         sending no more requests in this run",
                        self.service
                    );
                    self.stop(HttpError::Transient(message.clone()), message);
                }
            }
            Ok(_) => self.failures_in_a_row.store(0, Ordering::Relaxed),
            Err(HttpError::RateLimited(_)) => {}
        }
        result
    }

    async fn send_with_retries(&self, req: &Request) -> Result<Answer, HttpError> {
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
                tokio::time::timeout(p.request_timeout, self.exchange(req)).await
            };
            let problem = match answer {
                Err(_) => format!("no answer within {:?}", p.request_timeout),
                Ok(Err(Failure::Unreachable(why))) => {
                    let message = format!(
                        "{} cannot be reached ({why}); sending no more requests in this run",
                        self.service
                    );
                    return Err(self.stop(HttpError::Transient(message.clone()), message));
                }
                Ok(Err(Failure::Other(e))) => e,
                Ok(Ok(answer)) => match answer.status {
                    s if s == 429 || (s == 503 && answer.header("retry-after").is_some()) => {
                        let wait = (answer.header("retry-after"))
                            .and_then(|v| retry_after(v, chrono::Utc::now()))
                            .unwrap_or(p.default_limit_wait);
                        self.rate_limited.store(true, Ordering::Relaxed);
                        if wait > p.max_rate_limit_wait {
                            let why = format!(
                                "{} asks to wait {}s (longer than the {}s the run may wait)",
                                self.service,
                                wait.as_secs(),
                                p.max_rate_limit_wait.as_secs()
                            );
                            return Err(self.stop(HttpError::RateLimited(why.clone()), why));
                        }
                        limited += 1;
                        if limited > p.max_rate_limit_retries {
                            return Err(HttpError::RateLimited(format!(
                                "{} still rate limited after {} waits",
                                self.service,
                                limited - 1
                            )));
                        }
                        self.bucket.pause_until(Instant::now() + wait);
                        continue;
                    }
                    500..=599 => format!("HTTP {} {}", answer.status, self.snippet(&answer)),
                    200..=299 if req.json && answer.json.is_null() => format!(
                        "malformed JSON from {}: {}",
                        self.service,
                        self.snippet(&answer)
                    ),
                    _ => return Ok(answer),
                },
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

    /// The start of an answer's body, for messages.
    fn snippet(&self, answer: &Answer) -> String {
        let text = String::from_utf8_lossy(&answer.body);
        self.scrub(text.trim()).chars().take(120).collect()
    }

    /// One exchange, body read in full (up to the policy's bound).
    async fn exchange(&self, req: &Request) -> Result<Answer, Failure> {
        let mut builder = http::Request::builder()
            .uri(&req.url)
            .header(http::header::USER_AGENT, self.user_agent.clone());
        let body = match &req.form {
            Some(form) => {
                builder = builder.method(http::Method::POST).header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                );
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
                    .finish()
            }
            None => String::new(),
        };
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        for (name, token) in &self.secret_headers {
            let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
                Failure::Other(format!("the {name} secret is not a valid header value"))
            })?;
            value.set_sensitive(true);
            builder = builder.header(*name, value);
        }
        let request = builder
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| Failure::Other(format!("bad request: {}", self.scrub(&e.to_string()))))?;
        let response = self.client.send(request).await.map_err(|e| {
            let why = self.scrub(&crate::net::causes(&e));
            if e.is_connect() {
                Failure::Unreachable(why)
            } else {
                Failure::Other(format!("transport error: {why}"))
            }
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let limit = self.policy.max_body_bytes;
        let body = match Limited::new(response.into_body(), limit).collect().await {
            Ok(collected) => collected.to_bytes().to_vec(),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                return Err(Failure::Other(format!("answer larger than {limit} bytes")));
            }
            Err(e) => {
                let why = self.scrub(&crate::net::causes(e.as_ref()));
                return Err(Failure::Other(format!("transport error: {why}")));
            }
        };
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            headers,
            body,
            json,
        })
    }
}

/// The User-Agent every service sees: the tool, its version and whom to contact (services
/// such as Wikidata ask for one).
pub(crate) fn user_agent(contact: Option<&str>) -> String {
    let tool = format!("landscape/{}", env!("CARGO_PKG_VERSION"));
    // It comes from settings.yml: only printable ASCII goes into a header.
    let contact: Option<String> = contact.map(|c| {
        (c.trim().chars())
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(200)
            .collect()
    });
    match contact.filter(|c| !c.is_empty()) {
        Some(contact) => format!("{tool} (+{contact})"),
        None => tool,
    }
}

/// A base URL from the environment, without its trailing slash, or `default`.
pub(crate) fn base_url(value: Option<String>, default: &str) -> String {
    value
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| default.to_string())
}
