//! Wikidata, the free source of organization data: Wikidata items carry their Crunchbase
//! permalink (property P2088), so one SPARQL query per batch of organizations (`VALUES` over
//! the permalinks) finds them and returns their headquarters, country, industries, employees,
//! stock exchange and ticker, inception, website, logo, LinkedIn and Twitter, labels included.
//!
//! Why SPARQL rather than `wbgetentities`: the entities API needs item ids first (one search
//! per permalink, as `haswbstatement:P2088=…`), then a second round for the labels of the
//! cities, countries, industries and exchanges the items point to — at least one request per
//! organization. The query service answers all of it for 50 organizations in one request
//! (the CNCF landscape's 1,152 organizations: 24 requests).
//!
//! Etiquette (query service rules): a User-Agent naming the tool and whom to contact (the
//! landscape's URL, or `LANDSCAPE_CONTACT`), one query at a time, paced, `Retry-After`
//! honoured on 429.

mod query;

use std::collections::HashMap;
use std::time::Duration;

use crate::enrich::http::{Http, HttpError, Request, base_url};
use crate::enrich::organization::Organization;
use crate::enrich::pacing::Policy;

/// The Wikidata Query Service, used when `WIKIDATA_SPARQL_URL` is not set.
pub const WIKIDATA_SPARQL_URL: &str = "https://query.wikidata.org/sparql";

/// Where and how to ask Wikidata.
#[derive(Debug, Clone)]
pub struct WikidataOptions {
    /// The SPARQL endpoint.
    pub sparql_url: String,
    /// Organizations per query.
    pub batch: usize,
    pub policy: Policy,
}

impl WikidataOptions {
    /// From `WIKIDATA_SPARQL_URL`, read through `var`.
    pub fn from_vars(var: &impl Fn(&str) -> Option<String>) -> Self {
        WikidataOptions {
            sparql_url: base_url(var("WIKIDATA_SPARQL_URL"), WIKIDATA_SPARQL_URL),
            batch: 50,
            policy: Policy {
                // The service stops a query after 60 s.
                request_timeout: Duration::from_secs(75),
                concurrency: 1,
                requests_per_second: 1.0,
                burst: 1,
                ..Policy::default()
            },
        }
    }
}

/// The client for a run.
pub(crate) fn client(opts: &WikidataOptions, user_agent: &str) -> Result<Http, String> {
    Http::new("Wikidata", opts.policy.clone(), user_agent, Vec::new())
}

/// The organizations of `permalinks` Wikidata knows, by permalink. A batch the service cannot
/// answer whole (it times out as a 5xx) is split in two, down to single organizations.
pub(crate) async fn batch(
    http: &Http,
    sparql_url: &str,
    permalinks: &[String],
) -> Vec<(String, Result<Option<Organization>, String>)> {
    let (failure, too_big) = match query(http, sparql_url, permalinks).await {
        Ok(mut found) => {
            return permalinks
                .iter()
                .map(|p| (p.clone(), Ok(found.remove(p))))
                .collect();
        }
        Err(failure) => failure,
    };
    if !too_big || permalinks.len() < 2 || http.stopped() {
        return (permalinks.iter())
            .map(|p| (p.clone(), Err(failure.clone())))
            .collect();
    }
    let (left, right) = permalinks.split_at(permalinks.len() / 2);
    let mut out = Box::pin(batch(http, sparql_url, left)).await;
    out.extend(Box::pin(batch(http, sparql_url, right)).await);
    out
}

/// The organizations a query finds; `Err` says why not, and whether a smaller batch may
/// succeed (the service failed or timed out on it, rather than refusing or garbling it).
async fn query(
    http: &Http,
    sparql_url: &str,
    permalinks: &[String],
) -> Result<HashMap<String, Organization>, (String, bool)> {
    let request = Request {
        url: sparql_url.to_string(),
        headers: vec![("accept", "application/sparql-results+json".into())],
        // POST: fifty permalinks make a URL longer than some proxies take.
        form: Some(vec![("query", query::sparql(permalinks))]),
        json: true,
    };
    let answer = http.send(&request).await.map_err(|e| match e {
        HttpError::RateLimited(why) => (format!("rate limit: {why}"), false),
        HttpError::Transient(why) => (why, true),
    })?;
    if answer.status != 200 {
        let body = String::from_utf8_lossy(&answer.body);
        let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let why = format!(
            "Wikidata: HTTP {} {}",
            answer.status,
            http.scrub(first).chars().take(160).collect::<String>()
        );
        return Err((why, false));
    }
    query::organizations(&answer.json).map_err(|why| (why, false))
}
