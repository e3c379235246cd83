//! Enrichment against a real HTTP server on 127.0.0.1 that speaks GitHub's GraphQL and REST
//! endpoints (see `enrich/fake_github.rs`): the real octocrab client, real sockets, real cache
//! files.

mod enrich {
    pub mod fake_github;
    mod faults;
    mod limits;
    mod runs;
    mod secrets;
}

use std::path::Path;
use std::time::Duration;

use landscape::enrich::{EnrichOptions, RepoRef, Token, Tuning};

/// Options pointing at the fake, with waits shrunk so faults cost milliseconds.
pub fn options(api_url: &str, cache_dir: &Path) -> EnrichOptions {
    EnrichOptions {
        api_url: api_url.to_string(),
        tokens: vec![Token::new("test-token")],
        cache_dir: cache_dir.to_path_buf(),
        ttl: Duration::from_secs(24 * 3600),
        offline: false,
        progress: false,
        tuning: Tuning {
            request_timeout: Duration::from_secs(5),
            max_retries: 2,
            backoff_base: Duration::from_millis(10),
            backoff_cap: Duration::from_millis(40),
            max_rate_limit_wait: Duration::from_secs(5),
            secondary_limit_wait: Duration::from_millis(200),
            stats_poll_delay: Duration::from_millis(20),
            requests_per_second: 0.0,
            ..Tuning::default()
        },
    }
}

/// `n` synthetic repositories spread over a few owners.
pub fn synthetic(n: usize) -> Vec<RepoRef> {
    (0..n)
        .map(|i| RepoRef::new(format!("https://github.com/org{}/repo-{i}", i % 7)))
        .collect()
}

/// `owner/name` of a github.com URL.
pub fn slug(url: &str) -> String {
    url.trim_start_matches("https://github.com/")
        .to_ascii_lowercase()
}
