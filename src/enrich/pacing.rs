//! Pacing in advance (a token bucket per GitHub token, per service or per host), backoff delays
//! with jitter, `Retry-After`, and the [`Policy`] that bounds what the sources other than GitHub
//! send.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// How a service's requests are paced, timed out and retried. The constructors give each
/// service's defaults; tests shrink the waits.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Limit for opening a connection; a service that cannot be reached is given up at once.
    pub connect_timeout: Duration,
    /// Limit for one request, body included.
    pub request_timeout: Duration,
    /// Retries of one request after a 5xx, a timeout, a transport error or a malformed answer.
    pub max_retries: u32,
    /// First backoff delay; it doubles each retry, with jitter, up to `backoff_cap`.
    pub backoff_base: Duration,
    /// Longest backoff delay.
    pub backoff_cap: Duration,
    /// Longest wait for a rate limit (a `Retry-After`); beyond it the service is given up for
    /// the run, which finishes with what the cache has.
    pub max_rate_limit_wait: Duration,
    /// Wait after a 429 that says nothing of when to come back.
    pub default_limit_wait: Duration,
    /// Rate-limit waits of one request before it is given up.
    pub max_rate_limit_retries: u32,
    /// Requests given up in a row (after their retries) before the service is considered down
    /// for the rest of the run; bounds the traffic sent into an outage.
    pub outage_after: u32,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Sustained requests per second (a token bucket paces them in advance; 0 = unpaced).
    pub requests_per_second: f64,
    /// Burst allowed by the token bucket.
    pub burst: u32,
    /// Largest answer read; a bigger one is an error, not a memory spike.
    pub max_body_bytes: usize,
}

impl Policy {
    /// A service allowing `calls_per_minute`, one request at a time, no burst.
    pub fn per_minute(calls_per_minute: f64) -> Policy {
        Policy {
            concurrency: 1,
            requests_per_second: calls_per_minute / 60.0,
            burst: 1,
            ..Policy::default()
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(20),
            max_rate_limit_wait: Duration::from_secs(5 * 60),
            default_limit_wait: Duration::from_secs(60),
            max_rate_limit_retries: 3,
            outage_after: 5,
            concurrency: 4,
            requests_per_second: 5.0,
            burst: 4,
            max_body_bytes: 16 << 20,
        }
    }
}

/// A `Retry-After` value: seconds, or an HTTP date (then relative to `now`).
pub(crate) fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// A token bucket in GCRA form: requests are spaced `interval` apart on average, with up to
/// `burst` of them at once. A pause (after a `Retry-After`) pushes every later request back.
pub(crate) struct Bucket {
    interval: Duration,
    burst: u32,
    /// Theoretical arrival time of the next request.
    tat: Mutex<Instant>,
}

impl Bucket {
    /// `per_second` ≤ 0 or not finite means no pacing (pauses still apply).
    pub fn new(per_second: f64, burst: u32) -> Self {
        let interval = if per_second.is_finite() && per_second > 0.0 {
            Duration::from_secs_f64(1.0 / per_second)
        } else {
            Duration::ZERO
        };
        Bucket {
            interval,
            burst: burst.max(1),
            tat: Mutex::new(Instant::now()),
        }
    }

    /// How long the caller must wait before sending, reserving its slot.
    pub fn reserve(&self) -> Duration {
        let now = Instant::now();
        let mut tat = self.tat.lock().unwrap_or_else(|p| p.into_inner());
        let next = (*tat).max(now) + self.interval;
        let allowed_at = next.checked_sub(self.interval * self.burst).unwrap_or(now);
        *tat = next;
        allowed_at.saturating_duration_since(now)
    }

    /// Waits for a slot.
    pub async fn take(&self) {
        let wait = self.reserve();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// No request goes out before `until`.
    pub fn pause_until(&self, until: Instant) {
        let mut tat = self.tat.lock().unwrap_or_else(|p| p.into_inner());
        let floor = until + self.interval * (self.burst - 1);
        if *tat < floor {
            *tat = floor;
        }
    }
}

/// Exponential backoff for retry `attempt` (1-based), capped, with "equal jitter": between half
/// and all of the step, so concurrent retries spread out.
pub(crate) fn backoff(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let step = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(cap);
    let half = step / 2;
    half + half.mul_f64(unit_random())
}

/// A number in [0, 1) from a splitmix64 sequence seeded by the clock: enough for jitter, which
/// only needs retries not to line up.
fn unit_random() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(seed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_spaces_requests() {
        let b = Bucket::new(10.0, 3);
        let waits: Vec<Duration> = (0..5).map(|_| b.reserve()).collect();
        assert!(waits[..3].iter().all(|w| w.is_zero()), "{waits:?}");
        assert!(waits[3] > Duration::from_millis(50), "{waits:?}");
        assert!(waits[4] > waits[3] + Duration::from_millis(50), "{waits:?}");
    }

    #[test]
    fn unpaced_bucket_still_honours_a_pause() {
        let b = Bucket::new(0.0, 1);
        assert!(b.reserve().is_zero());
        b.pause_until(Instant::now() + Duration::from_secs(5));
        assert!(b.reserve() > Duration::from_secs(4));
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:30Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
        let p = Policy::per_minute(200.0);
        assert!((p.requests_per_second - 200.0 / 60.0).abs() < 1e-9);
        assert_eq!((p.concurrency, p.burst), (1, 1));
    }

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_millis(1000);
        for _ in 0..50 {
            let d1 = backoff(1, base, cap);
            assert!(d1 >= Duration::from_millis(50) && d1 <= base, "{d1:?}");
            let d3 = backoff(3, base, cap);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            assert!(backoff(30, base, cap) <= cap);
        }
    }
}
