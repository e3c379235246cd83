//! The 52 weekly windows that commit activity is counted in. Weeks start on Sunday 00:00 UTC,
//! as in GitHub's own `stats/commit_activity`, so both sources line up.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

use super::stats::ACTIVITY_WEEKS;

/// `[since, until)` of each week, oldest first; the last one holds `now`.
pub(crate) fn week_windows(now: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let days_since_sunday = i64::from(now.weekday().num_days_from_sunday());
    let this_week = (now.date_naive() - Duration::days(days_since_sunday))
        .and_time(NaiveTime::MIN)
        .and_utc();
    (0..ACTIVITY_WEEKS as i64)
        .map(|i| {
            let since = this_week - Duration::weeks(ACTIVITY_WEEKS as i64 - 1 - i);
            (since, since + Duration::weeks(1))
        })
        .collect()
}

/// GitHub's `GitTimestamp` form.
pub(crate) fn git_timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_52_contiguous_sunday_weeks_ending_with_now() {
        let now = DateTime::parse_from_rfc3339("2024-05-15T13:45:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let w = week_windows(now);
        assert_eq!(w.len(), 52);
        assert_eq!(git_timestamp(w[51].0), "2024-05-12T00:00:00Z"); // a Sunday
        assert!(w[51].0 <= now && now < w[51].1);
        assert_eq!(git_timestamp(w[0].0), "2023-05-21T00:00:00Z");
        assert!(w.windows(2).all(|p| p[0].1 == p[1].0));
    }

    #[test]
    fn a_sunday_starts_its_own_week() {
        let now = DateTime::parse_from_rfc3339("2024-05-12T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(week_windows(now)[51].0, now);
    }
}
