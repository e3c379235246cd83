//! What the GitLab and Gitea readers share: one repository's fetch context (client, API base,
//! the cached figures to fall back on), answers read into parts that may fail on their own,
//! and commit dates counted into the 52 weekly windows.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::http::{Answer, Http};
use super::target::{ForgeKind, Target};
use crate::enrich::stats::RepoStats;

/// A repository's figures as fetched, and what could not be refreshed.
pub(crate) struct Fetched {
    pub stats: RepoStats,
    pub warnings: Vec<String>,
}

/// One part of the figures (languages, latest release, ...): read, or why not.
pub(crate) enum Part<T> {
    Got(T),
    Failed(String),
}

/// Everything a reader needs for one repository.
pub(crate) struct Fetch<'a> {
    pub http: &'a Http,
    pub kind: ForgeKind,
    /// The host's base URL (`https://gitlab.com`, or a test server).
    pub base_url: &'a str,
    pub target: &'a Target,
    /// The cached figures: a part that fails keeps its old value.
    pub previous: Option<&'a RepoStats>,
    /// Pages of commits read for the activity.
    pub pages: u32,
    pub weeks: &'a [(DateTime<Utc>, DateTime<Utc>)],
}

impl Fetch<'_> {
    /// GETs `url`; errors already free of the token.
    pub async fn get(&self, url: &str) -> Result<Answer, String> {
        self.http
            .get(url)
            .await
            .map_err(|e| self.http.scrub(&e.to_string()))
    }

    /// The JSON of a 200 answer, else an error naming `what`.
    pub fn ok_json(&self, answer: Answer, what: &str) -> Result<Value, String> {
        match answer.status {
            200 => Ok(answer.json),
            status => Err(self.status_error(what, status, &answer.json)),
        }
    }

    /// A part read from `url`: `parse` sees 200 and 404 answers, other statuses fail it.
    pub async fn get_part<T>(
        &self,
        url: String,
        what: &str,
        parse: impl FnOnce(u16, &Value) -> Result<T, String>,
    ) -> Part<T> {
        let answer = match self.get(&url).await {
            Ok(answer) => answer,
            Err(why) => return Part::Failed(format!("{what}: {why}")),
        };
        if !matches!(answer.status, 200 | 404) {
            return Part::Failed(self.status_error(what, answer.status, &answer.json));
        }
        match parse(answer.status, &answer.json) {
            Ok(value) => Part::Got(value),
            Err(why) => Part::Failed(format!("{what}: {}", self.http.scrub(&why))),
        }
    }

    /// A count from a list's total header (`X-Total`, `X-Total-Count`), else the list's length.
    pub async fn count_part(&self, url: String, what: &str, header: &str) -> Part<Option<u64>> {
        let answer = match self.get(&url).await {
            Ok(answer) => answer,
            Err(why) => return Part::Failed(format!("{what}: {why}")),
        };
        match (
            answer.status,
            answer.header_num(header),
            answer.json.as_array(),
        ) {
            (200, Some(n), _) => Part::Got(Some(n)),
            (200, None, Some(list)) if list.is_empty() => Part::Got(Some(0)),
            (200, None, _) => Part::Got(None),
            (status, ..) => Part::Failed(self.status_error(what, status, &answer.json)),
        }
    }

    /// Records `why` and keeps the previous value of a part (`copy` moves it over).
    pub fn keep(
        &self,
        stats: &mut RepoStats,
        warnings: &mut Vec<String>,
        why: String,
        copy: impl FnOnce(&mut RepoStats, &RepoStats),
    ) {
        warnings.push(format!("not refreshed: {why}"));
        if let Some(previous) = self.previous {
            copy(stats, previous);
        }
    }

    /// The message for a repository the forge does not have.
    pub fn not_found(&self) -> String {
        format!(
            "repository {} not found on {} (deleted, private, or moved)",
            self.target.path, self.target.host
        )
    }

    /// An error status, with the forge's own message.
    pub fn status_error(&self, what: &str, status: u16, json: &Value) -> String {
        let message = match json.get("message").or_else(|| json.get("error")) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        self.http
            .scrub(format!("{what}: {} HTTP {status} {message}", self.kind.name()).trim_end())
    }

    /// The repository's web address on its host, built from the target.
    pub fn web_base(&self) -> String {
        format!("https://{}/{}", self.target.host, self.target.path)
    }
}

/// Commits per weekly window, oldest first; dates outside the windows are not counted.
pub(crate) fn count_weeks(
    dates: &[DateTime<Utc>],
    weeks: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<u32> {
    let mut counts = vec![0u32; weeks.len()];
    for date in dates {
        if let Some(i) = weeks
            .iter()
            .position(|(since, until)| since <= date && date < until)
        {
            counts[i] = counts[i].saturating_add(1);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::weeks::week_windows;

    #[test]
    fn dates_fall_into_their_week() {
        let now: DateTime<Utc> = "2024-05-15T13:45:00Z".parse().unwrap_or_default();
        let weeks = week_windows(now);
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
        let dates = [
            at("2024-05-12T00:00:00Z"),
            at("2024-05-15T10:00:00Z"),
            at("2024-05-11T23:59:59Z"),
            at("2023-05-21T00:00:00Z"),
            at("2020-01-01T00:00:00Z"),
        ];
        let counts = count_weeks(&dates, &weeks);
        assert_eq!(counts.len(), 52);
        assert_eq!((counts[51], counts[50], counts[0]), (2, 1, 1));
        assert_eq!(counts.iter().sum::<u32>(), 4);
    }
}
