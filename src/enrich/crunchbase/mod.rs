//! Crunchbase (API v4, Enterprise or Applications license): one entity lookup per
//! organization, `GET {api}/entities/organizations/{permalink}?field_ids=…&card_ids=…`, with
//! the key in the `X-cb-user-key` header (never in the URL, so it cannot reach a log line).
//! Paced under Crunchbase's 200 calls per minute by default (`CRUNCHBASE_CALLS_PER_MINUTE`).

mod parse;

use std::time::Duration;

use crate::enrich::http::{Http, HttpError, Request, base_url};
use crate::enrich::organization::Organization;
use crate::enrich::pacing::Policy;
use crate::enrich::secret::Token;

/// Crunchbase's public API, used when `CRUNCHBASE_API_URL` is not set.
pub const CRUNCHBASE_API_URL: &str = "https://api.crunchbase.com/api/v4";

/// Calls per minute the Enterprise and Applications licenses allow.
pub const CRUNCHBASE_CALLS_PER_MINUTE: f64 = 200.0;

/// Where and how to ask Crunchbase.
#[derive(Debug, Clone)]
pub struct CrunchbaseOptions {
    /// API base (`https://api.crunchbase.com/api/v4`; a local server in tests).
    pub api_url: String,
    /// `CRUNCHBASE_API_KEY`. Without it the run uses the cache only and says so.
    pub key: Option<Token>,
    pub policy: Policy,
}

impl CrunchbaseOptions {
    /// From `CRUNCHBASE_API_KEY`, `CRUNCHBASE_API_URL` and `CRUNCHBASE_CALLS_PER_MINUTE`, read
    /// through `var`.
    pub fn from_vars(var: &impl Fn(&str) -> Option<String>) -> Self {
        let calls = var("CRUNCHBASE_CALLS_PER_MINUTE")
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|c| c.is_finite() && *c > 0.0)
            .unwrap_or(CRUNCHBASE_CALLS_PER_MINUTE);
        CrunchbaseOptions {
            api_url: base_url(var("CRUNCHBASE_API_URL"), CRUNCHBASE_API_URL),
            key: var("CRUNCHBASE_API_KEY")
                .map(Token::new)
                .filter(|t| !t.expose().is_empty()),
            policy: Policy {
                default_limit_wait: Duration::from_secs(60),
                ..Policy::per_minute(calls)
            },
        }
    }
}

/// What Crunchbase said of one organization.
pub(crate) enum Lookup {
    Found(Box<Organization>),
    /// 404: Crunchbase has no organization with that permalink.
    Missing,
    /// The key was refused (401/403): no other request can succeed.
    Rejected(String),
    Failed(String),
}

/// The client for a run.
pub(crate) fn client(opts: &CrunchbaseOptions, user_agent: &str) -> Result<Http, String> {
    let key = opts.key.clone().ok_or("no CRUNCHBASE_API_KEY")?;
    Http::new(
        "Crunchbase",
        opts.policy.clone(),
        user_agent,
        vec![("x-cb-user-key", key)],
    )
}

/// Looks one organization up.
pub(crate) async fn lookup(http: &Http, api_url: &str, permalink: &str) -> Lookup {
    let Ok(mut url) = url::Url::parse(&format!("{api_url}/entities/organizations/")) else {
        return Lookup::Failed(format!("CRUNCHBASE_API_URL {api_url:?} is not a URL"));
    };
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().push(permalink);
    }
    url.query_pairs_mut()
        .append_pair("field_ids", &parse::FIELDS.join(","))
        .append_pair("card_ids", &parse::CARDS.join(","));
    let answer = match http.send(&Request::json(url.as_str())).await {
        Ok(answer) => answer,
        Err(HttpError::RateLimited(why)) => return Lookup::Failed(format!("rate limit: {why}")),
        Err(HttpError::Transient(why)) => return Lookup::Failed(why),
    };
    let profile = format!("https://www.crunchbase.com/organization/{permalink}");
    match answer.status {
        200 => match parse::organization(&answer.json, &profile) {
            Ok(org) => Lookup::Found(Box::new(org)),
            Err(why) => Lookup::Failed(why),
        },
        404 => Lookup::Missing,
        401 | 403 => Lookup::Rejected(format!(
            "Crunchbase refused the key (HTTP {} {}): check CRUNCHBASE_API_KEY and its license",
            answer.status,
            http.scrub(&message(&answer.json))
        )),
        status => Lookup::Failed(format!(
            "Crunchbase: HTTP {status} {}",
            http.scrub(&message(&answer.json))
        )),
    }
}

/// The message of a Crunchbase error answer: a list of `{code, message}`, or one of them.
fn message(json: &serde_json::Value) -> String {
    let one = |e: &serde_json::Value| {
        let code = e.get("code").and_then(|c| c.as_str()).unwrap_or("");
        let text = e.get("message").and_then(|c| c.as_str()).unwrap_or("");
        format!("{code} {text}").trim().to_string()
    };
    match json {
        serde_json::Value::Array(errors) => errors.iter().map(one).collect::<Vec<_>>().join("; "),
        other => one(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_environment() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                (pairs.iter())
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let o = CrunchbaseOptions::from_vars(&vars(&[]));
        assert_eq!(o.api_url, CRUNCHBASE_API_URL);
        assert!(o.key.is_none());
        assert!((o.policy.requests_per_second - 200.0 / 60.0).abs() < 1e-9);
        let o = CrunchbaseOptions::from_vars(&vars(&[
            ("CRUNCHBASE_API_KEY", " cb-secret\n"),
            ("CRUNCHBASE_API_URL", "http://127.0.0.1:9/api/v4/"),
            ("CRUNCHBASE_CALLS_PER_MINUTE", "60"),
        ]));
        assert_eq!(o.api_url, "http://127.0.0.1:9/api/v4");
        assert_eq!(o.key.as_ref().map(Token::expose), Some("cb-secret"));
        assert!((o.policy.requests_per_second - 1.0).abs() < 1e-9);
        assert!(!format!("{o:?}").contains("cb-secret"));
        assert_eq!(
            message(&serde_json::json!([{"code": "MD101", "message": "not found"}])),
            "MD101 not found"
        );
    }
}
