//! Enrichment against a real HTTP server on 127.0.0.1 that speaks GitHub's GraphQL and REST
//! endpoints (see `support/fake_github.rs`): the real octocrab client, real sockets, real cache
//! files.

mod faults;
mod limits;
mod runs;
mod secrets;

use std::path::Path;
use std::time::Duration;

use crate::support::fake_github;
use landscape::enrich::{EnrichOptions, RepoRef, Tuning};

/// Options pointing at the fake, with waits shrunk so faults cost milliseconds.
pub fn options(api_url: &str, cache_dir: &Path) -> EnrichOptions {
    let mut options = fake_github::options(api_url, cache_dir);
    options.tuning = Tuning {
        request_timeout: Duration::from_secs(5),
        max_retries: 2,
        backoff_base: Duration::from_millis(10),
        backoff_cap: Duration::from_millis(40),
        max_rate_limit_wait: Duration::from_secs(5),
        secondary_limit_wait: Duration::from_millis(200),
        stats_poll_delay: Duration::from_millis(20),
        ..options.tuning
    };
    options
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
