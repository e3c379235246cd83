//! Pacing in advance (a token bucket per GitHub token) and backoff delays with jitter.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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
