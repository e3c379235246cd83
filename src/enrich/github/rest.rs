//! The REST calls, for what GraphQL does not have: the contributors count (from the `Link` header
//! of a one-per-page list, refreshed with `If-None-Match`) and, as a fallback for activity,
//! `stats/commit_activity` with its 202-then-retry behaviour.

use serde_json::Value;

use super::client::{Api, ApiRequest, Endpoint, FetchError};
use super::options::Tuning;
use crate::enrich::stats::ACTIVITY_WEEKS;

/// The contributors answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Contributors {
    /// Count, with the ETag to revalidate it next time.
    Count { count: u64, etag: Option<String> },
    /// 304: the cached count still holds.
    NotModified,
    /// GitHub refuses to list them ("history or contributor list is too large").
    TooLarge,
    /// Any other answer, with the reason.
    Failed(String),
}

fn get(path: String, if_none_match: Option<&str>) -> ApiRequest {
    ApiRequest {
        endpoint: Endpoint::Rest,
        path,
        body: None,
        if_none_match: if_none_match.map(str::to_string),
    }
}

/// Contributors of `owner/name`, anonymous ones included, in one request.
pub(crate) async fn contributors(
    api: &Api,
    slug: &str,
    etag: Option<&str>,
) -> Result<Contributors, FetchError> {
    let reply = api
        .send(&get(
            format!("/repos/{slug}/contributors?per_page=1&anon=true"),
            etag,
        ))
        .await?;
    Ok(match reply.status {
        200 => {
            let listed = reply.json.as_array().map_or(0, Vec::len) as u64;
            Contributors::Count {
                count: reply.last_page.unwrap_or(listed),
                etag: reply.etag,
            }
        }
        204 => Contributors::Count {
            count: 0,
            etag: reply.etag,
        },
        304 => Contributors::NotModified,
        403 if reply.message().to_ascii_lowercase().contains("too large") => Contributors::TooLarge,
        status => Contributors::Failed(format!(
            "contributors: HTTP {status} {}",
            api.scrub(reply.message())
        )),
    })
}

/// Weekly commits from `stats/commit_activity`, polling while GitHub computes them (202).
/// `Ok(None)` when they were still not ready after the polls.
pub(crate) async fn commit_activity(
    api: &Api,
    tuning: &Tuning,
    slug: &str,
) -> Result<Result<Vec<u32>, String>, FetchError> {
    for poll in 0..=tuning.stats_polls {
        if poll > 0 {
            tokio::time::sleep(tuning.stats_poll_delay).await;
        }
        let reply = api
            .send(&get(format!("/repos/{slug}/stats/commit_activity"), None))
            .await?;
        match reply.status {
            202 => continue,
            204 => return Ok(Ok(vec![0; ACTIVITY_WEEKS])),
            200 => return Ok(weeks_from_stats(&reply.json)),
            status => {
                return Ok(Err(format!(
                    "commit activity: HTTP {status} {}",
                    api.scrub(reply.message())
                )));
            }
        }
    }
    Ok(Err(format!(
        "commit activity: still being computed by GitHub (202) after {} polls",
        tuning.stats_polls + 1
    )))
}

/// The last 52 `total`s, oldest first, zero-padded at the front when GitHub gives fewer.
fn weeks_from_stats(json: &Value) -> Result<Vec<u32>, String> {
    let weeks = json
        .as_array()
        .ok_or("commit activity: expected a list of weeks")?;
    let totals = weeks
        .iter()
        .map(|w| {
            w.get("total")
                .and_then(Value::as_u64)
                .map(|t| u32::try_from(t).unwrap_or(u32::MAX))
                .ok_or_else(|| "commit activity: week without a total".to_string())
        })
        .collect::<Result<Vec<u32>, String>>()?;
    let skip = totals.len().saturating_sub(ACTIVITY_WEEKS);
    let mut out = vec![0; ACTIVITY_WEEKS - (totals.len() - skip)];
    out.extend_from_slice(&totals[skip..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stats_weeks_are_padded_or_trimmed_to_52() {
        let few = json!([{"total": 3, "week": 1}, {"total": 4, "week": 2}]);
        let w = weeks_from_stats(&few).unwrap_or_default();
        assert_eq!(w.len(), 52);
        assert_eq!(&w[50..], &[3, 4]);
        assert!(w[..50].iter().all(|&c| c == 0));

        let many: Vec<Value> = (0..60).map(|i| json!({"total": i})).collect();
        let w = weeks_from_stats(&Value::Array(many)).unwrap_or_default();
        assert_eq!(w.first(), Some(&8));
        assert_eq!(w.last(), Some(&59));

        assert!(weeks_from_stats(&json!({"message": "x"})).is_err());
        assert!(weeks_from_stats(&json!([{"week": 1}])).is_err());
    }
}
