//! What GitHub's answers say besides their status: rate-limit headers, the pagination `Link`
//! header, and GraphQL's rate-limit error (which arrives as a 200).

use std::time::Duration;

use http::HeaderMap;
use serde_json::Value;

/// Only a rate-limit error and no data: a query with some failed aliases is not a rate limit.
pub(crate) fn graphql_rate_limited(json: &Value) -> bool {
    json.get("data").is_none_or(Value::is_null)
        && json
            .get("errors")
            .and_then(Value::as_array)
            .is_some_and(|errors| {
                errors
                    .iter()
                    .any(|e| e.get("type").and_then(Value::as_str) == Some("RATE_LIMITED"))
            })
}

pub(crate) fn reset_wait(reset_epoch: i64) -> Duration {
    let now = chrono::Utc::now().timestamp();
    // A second of margin: the reset time is rounded down to the second.
    Duration::from_secs(u64::try_from(reset_epoch - now + 1).unwrap_or(0))
}

pub(crate) fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

pub(crate) fn header_num<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    header_str(headers, name)?.trim().parse().ok()
}

/// Page number of the `rel="last"` entry of a `Link` header.
pub(crate) fn last_page(link: &str) -> Option<u64> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        if !params.split(';').any(|p| p.trim() == r#"rel="last""#) {
            return None;
        }
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let url = url::Url::parse(target).ok()?;
        url.query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_page_comes_from_the_last_link() {
        let link = r#"<https://api.github.com/repositories/1/contributors?per_page=1&anon=true&page=2>; rel="next", <https://api.github.com/repositories/1/contributors?per_page=1&anon=true&page=487>; rel="last""#;
        assert_eq!(last_page(link), Some(487));
        assert_eq!(last_page(r#"<https://x/y?page=1>; rel="prev""#), None);
        assert_eq!(last_page("garbage"), None);
        assert_eq!(last_page(r#"<not a url?page=3>; rel="last""#), None);
    }

    #[test]
    fn partial_graphql_errors_are_not_a_rate_limit() {
        let limited = serde_json::json!({"errors": [{"type": "RATE_LIMITED", "message": "x"}]});
        assert!(graphql_rate_limited(&limited));
        let partial = serde_json::json!({"data": {"r0": null}, "errors": [{"type": "NOT_FOUND"}]});
        assert!(!graphql_rate_limited(&partial));
    }
}
