//! What a run is allowed to do: tokens, API location, cache, TTL and the knobs that shape the
//! traffic (timeouts, retries, pacing, batch sizes).

use std::path::PathBuf;
use std::time::Duration;

use crate::enrich::forges::ForgeOptions;
pub use crate::enrich::secret::Token;

/// The public GitHub API, used when `GITHUB_API_URL` is not set.
pub const PUBLIC_API_URL: &str = "https://api.github.com";

/// Everything [`enrich`](super::enrich) needs to know about a run.
#[derive(Debug, Clone)]
pub struct EnrichOptions {
    /// REST base URL (`https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise).
    pub api_url: String,
    /// Tokens to spread the work over. With none, the run uses the cache only and says so.
    pub tokens: Vec<Token>,
    /// Cache root (`--cache DIR`); entries live in `<cache_dir>/github/`.
    pub cache_dir: PathBuf,
    /// Age after which a cache entry is refetched (`--github-ttl`).
    pub ttl: Duration,
    /// Use the cache only; send no request (`--offline`).
    pub offline: bool,
    /// Draw a progress bar when stderr is a terminal.
    pub progress: bool,
    /// Timeouts, retries, pacing and batch sizes.
    pub tuning: Tuning,
    /// GitLab and Gitea hosts read beside GitHub; `None`: GitHub only.
    pub forges: Option<ForgeOptions>,
}

impl EnrichOptions {
    /// Options from `GITHUB_TOKENS` (comma-separated) or `GITHUB_TOKEN`, and `GITHUB_API_URL`.
    pub fn from_env(cache_dir: PathBuf, ttl: Duration, offline: bool) -> Self {
        Self::from_vars(|name| std::env::var(name).ok(), cache_dir, ttl, offline)
    }

    /// Same as [`from_env`](Self::from_env) with the variables read through `var`, so the parsing
    /// can be tested without touching the process environment.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        cache_dir: PathBuf,
        ttl: Duration,
        offline: bool,
    ) -> Self {
        let split = |list: String| -> Vec<Token> {
            list.split(',')
                .map(Token::new)
                .filter(|t| !t.expose().is_empty())
                .collect()
        };
        let mut tokens = var("GITHUB_TOKENS").map(split).unwrap_or_default();
        if tokens.is_empty() {
            tokens = var("GITHUB_TOKEN").map(split).unwrap_or_default();
        }
        let api_url = var("GITHUB_API_URL")
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| PUBLIC_API_URL.to_string());
        EnrichOptions {
            api_url,
            tokens,
            cache_dir,
            ttl,
            offline,
            progress: true,
            tuning: Tuning::default(),
            forges: Some(ForgeOptions::from_vars(&var)),
        }
    }
}

/// The default cache root: the user's cache directory (`~/.cache/landscape` on Linux).
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("landscape")
}

/// Knobs that shape the traffic. The defaults suit GitHub; tests shrink the waits.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// Limit for one request, body included.
    pub request_timeout: Duration,
    /// Retries of one request after a 5xx, a timeout, a transport error or malformed JSON.
    pub max_retries: u32,
    /// First backoff delay; it doubles each retry, with jitter, up to `backoff_cap`.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_cap: Duration,
    /// Longest wait for a rate limit to reset (or a `Retry-After`); beyond it the token is
    /// considered spent and the run finishes with what it has.
    pub max_rate_limit_wait: Duration,
    /// Wait after a secondary rate limit that gives no `Retry-After` (GitHub asks for ≥ 60 s).
    pub secondary_limit_wait: Duration,
    /// Retries of a rate-limited request (primary or secondary).
    pub max_rate_limit_retries: u32,
    /// Delay between polls of the REST activity endpoint while it answers 202.
    pub stats_poll_delay: Duration,
    /// Polls of the REST activity endpoint before giving up on a 202.
    pub stats_polls: u32,
    /// Requests given up in a row (after their retries) before GitHub is considered down for the
    /// rest of the run; bounds the traffic sent into an outage.
    pub outage_after: u32,
    /// Requests in flight at once per token.
    pub concurrency_per_token: usize,
    /// Sustained requests per second per token (a token bucket paces them in advance).
    pub requests_per_second: f64,
    /// Burst allowed by the token bucket.
    pub burst: u32,
    /// Repositories per metadata GraphQL query.
    pub metadata_batch: usize,
    /// Repositories per activity GraphQL query (53 history connections each: keep it small so
    /// the query stays under GitHub's 10 s execution limit).
    pub activity_batch: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            request_timeout: Duration::from_secs(30),
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(20),
            max_rate_limit_wait: Duration::from_secs(15 * 60),
            secondary_limit_wait: Duration::from_secs(60),
            max_rate_limit_retries: 3,
            stats_poll_delay: Duration::from_secs(3),
            stats_polls: 4,
            outage_after: 5,
            concurrency_per_token: 8,
            requests_per_second: 10.0,
            burst: 10,
            metadata_batch: 50,
            activity_batch: 10,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn token_never_shows_its_secret() {
        let token = Token::new("ghp_supersecret123\n");
        assert_eq!(token.expose(), "ghp_supersecret123");
        for shown in [
            format!("{token:?}"),
            format!("{token}"),
            format!("{:#?}", vec![token.clone()]),
        ] {
            assert!(!shown.contains("supersecret"), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
        let opts = EnrichOptions::from_vars(
            vars(&[("GITHUB_TOKEN", "ghp_supersecret123")]),
            PathBuf::from("/tmp/c"),
            Duration::from_secs(1),
            false,
        );
        assert!(!format!("{opts:?}").contains("supersecret"));
    }

    #[test]
    fn tokens_prefer_the_list_and_skip_blanks() {
        let o = EnrichOptions::from_vars(
            vars(&[("GITHUB_TOKENS", " a, ,b ,"), ("GITHUB_TOKEN", "c")]),
            PathBuf::new(),
            Duration::ZERO,
            false,
        );
        let got: Vec<&str> = o.tokens.iter().map(Token::expose).collect();
        assert_eq!(got, ["a", "b"]);
        assert_eq!(o.api_url, PUBLIC_API_URL);

        let o = EnrichOptions::from_vars(
            vars(&[
                ("GITHUB_TOKENS", " , "),
                ("GITHUB_TOKEN", "c"),
                ("GITHUB_API_URL", "https://ghe.example/api/v3/"),
            ]),
            PathBuf::new(),
            Duration::ZERO,
            true,
        );
        assert_eq!(o.tokens, [Token::new("c")]);
        assert_eq!(o.api_url, "https://ghe.example/api/v3");
        assert!(o.offline);

        let o = EnrichOptions::from_vars(vars(&[]), PathBuf::new(), Duration::ZERO, false);
        assert!(o.tokens.is_empty());
    }
}
