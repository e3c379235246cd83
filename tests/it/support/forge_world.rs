//! What the fake GitLab and Gitea share: the repositories they hold (figures derived from the
//! path, so tests check exact numbers), the faults they inject, and the request log checks.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use wiremock::ResponseTemplate;

/// How a fake forge behaves.
#[derive(Default)]
pub struct World {
    /// The only token accepted, when set; any other gets a 401 that echoes it.
    pub token: Option<String>,
    /// Repository paths (lowercase) that do not exist.
    pub missing: HashSet<String>,
    /// Paths whose main answer is 200 with a body that is not JSON.
    pub malformed: HashSet<String>,
    /// 503 answers given to the first requests.
    pub fail_first: usize,
    /// 429 answers given to the first requests, each asking to wait `limit_wait`; any request
    /// arriving before that wait is over is refused too.
    pub limit_first: usize,
    pub limit_wait: Duration,
    /// Paths with no release.
    pub no_release: HashSet<String>,
}

/// A fake's state: the world and the faults still to give.
pub struct State {
    pub world: World,
    faults: Mutex<Faults>,
}

#[derive(Default)]
struct Faults {
    failed: usize,
    limited: usize,
    limited_until: Option<Instant>,
}

impl State {
    pub fn new(world: World) -> State {
        State {
            world,
            faults: Mutex::default(),
        }
    }

    /// A fault to answer with before anything else, if one is due. `reset_header` names the
    /// forge's reset header (`RateLimit-Reset` on GitLab).
    pub fn fault(&self, reset_header: Option<&str>) -> Option<ResponseTemplate> {
        let mut f = self.faults.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let limited = |f: &mut Faults| {
            let wait = self.world.limit_wait;
            let mut t = ResponseTemplate::new(429)
                .insert_header("retry-after", wait.as_secs().max(1).to_string().as_str())
                .set_body_json(serde_json::json!({"message": "429 Too Many Requests"}));
            if let Some(header) = reset_header {
                let reset = Utc::now().timestamp() + wait.as_secs() as i64;
                t = t
                    .insert_header("ratelimit-remaining", "0")
                    .insert_header(header, reset.to_string().as_str());
            }
            f.limited_until.get_or_insert(now + wait);
            t
        };
        if f.limited_until.is_some_and(|until| now < until) {
            return Some(limited(&mut f));
        }
        if f.limited < self.world.limit_first {
            f.limited += 1;
            f.limited_until = None;
            return Some(limited(&mut f));
        }
        if f.failed < self.world.fail_first {
            f.failed += 1;
            return Some(
                ResponseTemplate::new(503).set_body_string("<html>503 Service Unavailable</html>"),
            );
        }
        None
    }
}

fn fnv(s: &str) -> u64 {
    (s.to_ascii_lowercase().bytes()).fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Stars of a repository path.
pub fn stars(path: &str) -> u64 {
    fnv(path) % 5_000
}

/// Contributors of a repository path.
pub fn contributors(path: &str) -> u64 {
    1 + fnv(path) % 300
}

/// Commits in the last 300 days (one a day, the newest an hour ago): the activity.
pub fn recent(path: &str) -> usize {
    120 + (fnv(path) % 150) as usize
}

/// Commits on the branch: the recent ones, then older ones three years back.
pub fn total(path: &str) -> usize {
    recent(path) + 5 + (fnv(path) % 40) as usize
}

/// Commit `k` (0 = newest) of a path: its SHA and date, relative to `now`.
pub fn commit(path: &str, k: usize, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let sha = format!("{:016x}{:024x}", fnv(path), k);
    let date = if k < recent(path) {
        now - chrono::Duration::hours(1) - chrono::Duration::days(k as i64)
    } else {
        now - chrono::Duration::days(1000 + k as i64)
    };
    (sha, date)
}

/// The name of the latest release of a path.
pub fn release(path: &str) -> String {
    format!("v{}.{}.0", fnv(path) % 5, fnv(path) % 17)
}

/// A query parameter of a request.
pub fn param(req: &wiremock::Request, name: &str) -> Option<String> {
    req.url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The commits of `path` a list request selects: `since`, then `page` of `per_page`.
pub fn commit_page(
    path: &str,
    since: Option<DateTime<Utc>>,
    page: usize,
    per_page: usize,
) -> (Vec<(String, DateTime<Utc>)>, usize) {
    let now = Utc::now();
    let all: Vec<_> = (0..total(path))
        .map(|k| commit(path, k, now))
        .filter(|(_, d)| since.is_none_or(|s| *d >= s))
        .collect();
    let start = (page.max(1) - 1) * per_page;
    let list = all.iter().skip(start).take(per_page).cloned().collect();
    (list, all.len())
}
