//! Rate limits (primary, secondary, GraphQL) and rejected tokens.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use landscape::enrich::{EnrichError, Source, Token, enrich_async};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, Request, ResponseTemplate};

use super::{options, synthetic};
use crate::support::fake_github::{FakeGitHub, World, fixture};

async fn graphql_fault(gh: &FakeGitHub, template: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&gh.server)
        .await;
}

/// GitHub's side of a limit: from the first GraphQL request on, every one is refused until
/// the window ends, as GitHub does. A client that asks again too early is refused again,
/// which the count shows: the test needs no clock of its own.
#[derive(Clone)]
struct Window {
    /// When the window ends, counted from the first request; or, with `reset`, at the
    /// second after next from the first request (what its `x-ratelimit-reset` says).
    length: Duration,
    reset: bool,
    until: Arc<Mutex<Option<chrono::DateTime<chrono::Utc>>>>,
    opened: Arc<Mutex<Option<Instant>>>,
    refusals: Arc<AtomicUsize>,
}

impl Window {
    fn after_first(length: Duration) -> Window {
        Window {
            length,
            reset: false,
            until: Arc::default(),
            opened: Arc::default(),
            refusals: Arc::default(),
        }
    }

    /// Open from the first request to a whole second 1–2 s later: the window a primary
    /// limit's reset time gives, however long the test took to send its first request.
    fn until_reset() -> Window {
        Window {
            reset: true,
            ..Window::after_first(Duration::ZERO)
        }
    }

    /// The reset time, once the window opened.
    fn reset_at(&self) -> Option<i64> {
        self.until.lock().unwrap().map(|t| t.timestamp())
    }

    fn refusals(&self) -> usize {
        self.refusals.load(Ordering::SeqCst)
    }
}

impl Match for Window {
    fn matches(&self, _: &Request) -> bool {
        let open = match self.reset {
            true => {
                let now = chrono::Utc::now();
                let reset = chrono::DateTime::from_timestamp(now.timestamp() + 2, 0).unwrap();
                now < *self.until.lock().unwrap().get_or_insert(reset)
            }
            false => {
                let opened = *self.opened.lock().unwrap().get_or_insert_with(Instant::now);
                opened.elapsed() < self.length
            }
        };
        if open {
            self.refusals.fetch_add(1, Ordering::SeqCst);
        }
        open
    }
}

/// Refuses GraphQL requests with `template` while `window` is open.
async fn graphql_limit(gh: &FakeGitHub, template: ResponseTemplate, window: &Window) {
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(window.clone())
        .respond_with(template)
        .with_priority(1)
        .mount(&gh.server)
        .await;
}

fn in_secs(secs: i64) -> String {
    (chrono::Utc::now().timestamp() + secs).to_string()
}

/// A primary limit's refusal, with the reset time of `window` (opened by the request).
struct PrimaryLimit(Window);

impl wiremock::Respond for PrimaryLimit {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let reset = self.0.reset_at().expect("the window opened").to_string();
        ResponseTemplate::new(403)
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", reset.as_str())
            .set_body_json(fixture("primary_rate_limit.json"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_limit_with_a_near_reset_waits_for_it() {
    let gh = FakeGitHub::start().await;
    let window = Window::until_reset();
    Mock::given(method("POST"))
        .and(path("/graphql"))
        .and(window.clone())
        .respond_with(PrimaryLimit(window.clone()))
        .with_priority(1)
        .mount(&gh.server)
        .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let report = enrich_async(&synthetic(3), &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    // The window refuses everything before the reset, so three fetched means the run waited
    // for it. Requests already in flight when the limit hit are each refused, as GitHub does:
    // a few refusals, not one per retry of an impatient client.
    assert_eq!(report.counts.fetched, 3, "{}", report.summary());
    assert!(report.rate_limited);
    let refusals = window.refusals();
    assert!((1..=3).contains(&refusals), "{refusals} refusals");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_limit_with_a_far_reset_finishes_with_what_it_has() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let repos = synthetic(4);
    let mut opts = options(&gh.api_url(), cache.path());
    enrich_async(&repos[..2], &opts).await.expect("cold run");
    let before = gh.request_count().await;

    let limited = ResponseTemplate::new(403)
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", in_secs(3600).as_str())
        .set_body_json(fixture("primary_rate_limit.json"));
    graphql_fault(&gh, limited, 1000).await;
    opts.ttl = Duration::ZERO;
    // Waiting for the reset would take an hour: finishing at all (the guard only fails a
    // hang) shows the run stopped instead.
    let report = tokio::time::timeout(Duration::from_secs(600), enrich_async(&repos, &opts))
        .await
        .expect("did not wait an hour")
        .expect("run");
    assert!(report.rate_limited);
    assert!(report.summary().contains("rate limit hit"));
    assert_eq!(report.counts.stale, 2, "{}", report.summary());
    assert_eq!(report.counts.failed, 2);
    for r in &report.repos {
        assert!(
            r.error.as_deref().is_some_and(|e| e.contains("rate limit")),
            "{:?}",
            r.error
        );
    }
    assert!(report.notes.iter().any(|n| n.contains("resets in")));
    assert_eq!(
        gh.request_count().await - before,
        1,
        "one answer was enough to stop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secondary_limits_honour_retry_after() {
    for status in [403, 429] {
        let gh = FakeGitHub::start().await;
        let limited = ResponseTemplate::new(status)
            .insert_header("retry-after", "1")
            .set_body_json(fixture("secondary_rate_limit.json"));
        let window = Window::after_first(Duration::from_secs(1));
        graphql_limit(&gh, limited, &window).await;
        let cache = tempfile::tempdir().expect("tempdir");
        let report = enrich_async(&synthetic(3), &options(&gh.api_url(), cache.path()))
            .await
            .expect("run");
        assert_eq!(report.counts.fetched, 3, "{status}: {}", report.summary());
        assert_eq!(window.refusals(), 1, "{status}: waited Retry-After");
        assert!(report.rate_limited);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secondary_limit_without_retry_after_waits_the_configured_time() {
    let gh = FakeGitHub::start().await;
    let window = Window::after_first(Duration::from_millis(400));
    graphql_limit(
        &gh,
        ResponseTemplate::new(403).set_body_json(fixture("secondary_rate_limit.json")),
        &window,
    )
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tuning.secondary_limit_wait = Duration::from_millis(400);
    let report = enrich_async(&synthetic(2), &opts).await.expect("run");
    assert_eq!(report.counts.fetched, 2);
    assert_eq!(window.refusals(), 1, "waited the configured time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_rate_limit_error_is_a_rate_limit() {
    let gh = FakeGitHub::start().await;
    let limited = ResponseTemplate::new(200)
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-reset", in_secs(1).as_str())
        .set_body_json(fixture("graphql_rate_limited.json"));
    graphql_fault(&gh, limited, 1).await;
    let cache = tempfile::tempdir().expect("tempdir");
    let report = enrich_async(&synthetic(2), &options(&gh.api_url(), cache.path()))
        .await
        .expect("run");
    assert_eq!(report.counts.fetched, 2, "{}", report.summary());
    assert!(report.rate_limited);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_is_a_clear_error() {
    let gh = FakeGitHub::start().await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tokens = vec![Token::new("ghp_wrongWRONGwrong000")];
    let err = enrich_async(&synthetic(3), &opts)
        .await
        .expect_err("must fail");
    assert!(matches!(err, EnrichError::BadCredentials { tokens: 1 }));
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("401 Bad credentials") && shown.contains("GITHUB_TOKEN"),
        "{shown}"
    );
    assert!(!shown.contains("ghp_wrong"), "{shown}");
    assert_eq!(
        gh.request_count().await,
        1,
        "the first 401 retires the only token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_among_several_is_set_aside() {
    let gh = FakeGitHub::with(World {
        tokens: vec!["good-token".into()],
        ..World::default()
    })
    .await;
    let cache = tempfile::tempdir().expect("tempdir");
    let mut opts = options(&gh.api_url(), cache.path());
    opts.tokens = vec![Token::new("ghp_revokedREVOKED"), Token::new("good-token")];
    let report = enrich_async(&synthetic(10), &opts).await.expect("run");
    assert_eq!(report.counts.fetched, 10);
    assert!(report.repos.iter().all(|r| r.source == Source::Fetched));
    let note = report
        .notes
        .iter()
        .find(|n| n.contains("rejected"))
        .expect("a note");
    assert!(note.contains("token 1 of 2"), "{note}");
    assert!(!note.contains("ghp_revoked"), "{note}");
}
