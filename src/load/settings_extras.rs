//! Checks the settings that add something to every page beyond the landscape: the
//! analytics and consent managers' ids, written into script URLs and attributes, are only
//! accepted in the shape their vendor issues them; the event banner needs real dates to know
//! when it is over. What fails is reported on its line and dropped.

use super::Settings;
use super::settings::{is_gtm_container_id, is_osano_id, parse_day};
use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::{Node, Pos};

/// Checks `settings` (read from `file`, whose tree is `tree`) and clears what fails.
pub fn check(settings: &mut Settings, file: &str, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &[&str]| -> Pos {
        path.iter()
            .try_fold(tree, |node, key| node.get(key))
            .map_or(tree.pos, |n| n.pos)
    };
    let mut warn = |pos: Pos, field: &str, message: String, hint: &str| {
        out.push(
            Diagnostic::new(Severity::Warning, "bad-setting", file, pos, message)
                .field(field)
                .hint(hint),
        );
    };

    if let Some(gtm) = settings.analytics.as_mut().and_then(|a| a.gtm.as_mut())
        && let Some(id) = &gtm.container_id
        && !is_gtm_container_id(id)
    {
        warn(
            at(&["analytics", "gtm", "container_id"]),
            "analytics.gtm.container_id",
            format!(
                "`analytics.gtm.container_id` is not a Google Tag Manager container id: `{}`; no analytics snippet is added",
                id.escape_debug()
            ),
            "write the id as Tag Manager shows it, such as `GTM-WJJ7VKZ`",
        );
        gtm.container_id = None;
    }

    if let Some(osano) = &settings.osano {
        let bad = [
            ("customer_id", &osano.customer_id),
            (
                "customer_configuration_id",
                &osano.customer_configuration_id,
            ),
        ]
        .into_iter()
        .find(|(_, id)| !is_osano_id(id));
        if let Some((key, id)) = bad {
            warn(
                at(&["osano", key]),
                &format!("osano.{key}"),
                format!(
                    "`osano.{key}` is not an Osano id: `{}`; no consent manager is added",
                    id.escape_debug()
                ),
                "Osano ids are letters, digits and `-`, as in the script URL Osano gives",
            );
            settings.osano = None;
        }
    }

    if let Some(event) = &settings.upcoming_event {
        let bad = [("start", &event.start), ("end", &event.end)]
            .into_iter()
            .find(|(_, day)| day.as_deref().and_then(parse_day).is_none());
        if let Some((key, day)) = bad {
            let found = match day {
                Some(day) => format!("found `{}`", day.escape_debug()),
                None => "it is missing".into(),
            };
            warn(
                at(&["upcoming_event", key]),
                &format!("upcoming_event.{key}"),
                format!(
                    "`upcoming_event.{key}` must be a date written YYYY-MM-DD, {found}; the event banner is left out"
                ),
                "write the event's first and last day, such as `start: 2026-07-28` and `end: 2026-07-31`",
            );
            settings.upcoming_event = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> (Settings, Vec<(String, u32)>) {
        let mut settings: Settings = crate::yaml::parse_typed(text).expect("settings parse");
        let tree = crate::yaml::parse(text).expect("tree");
        let found = check(&mut settings, "settings.yml", &tree)
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        (settings, found)
    }

    #[test]
    fn hostile_ids_and_bad_dates_are_reported_and_dropped() {
        let (s, found) = checked(
            "foundation: F\nanalytics:\n  gtm:\n    container_id: \"GTM-X');alert(1)//\"\nosano:\n  customer_id: ok-1\n  customer_configuration_id: \"../../evil\"\nupcoming_event:\n  name: E\n  start: 2026-07-28\n  end: soon\n",
        );
        assert_eq!(
            found,
            [
                ("analytics.gtm.container_id".to_string(), 4),
                ("osano.customer_configuration_id".to_string(), 7),
                ("upcoming_event.end".to_string(), 11),
            ]
        );
        assert_eq!(s.gtm_container_id(), None);
        assert!(s.osano.is_none() && s.upcoming_event.is_none());
    }

    #[test]
    fn good_values_are_kept_silently() {
        let (s, found) = checked(
            "foundation: F\nanalytics:\n  gtm:\n    container_id: GTM-WJJ7VKZ\nosano:\n  customer_id: 16A0DbT9yDNIaQkvZ\n  customer_configuration_id: c3494b1e-ff3a-436f-978d-842e9a0bed27\nupcoming_event:\n  name: E\n  start: \"2026-07-28\"\n  end: \"2026-07-31\"\n",
        );
        assert_eq!(found, []);
        assert_eq!(s.gtm_container_id(), Some("GTM-WJJ7VKZ"));
        assert_eq!(
            s.osano_script().as_deref(),
            Some(
                "https://cmp.osano.com/16A0DbT9yDNIaQkvZ/c3494b1e-ff3a-436f-978d-842e9a0bed27/osano.js"
            )
        );
        let end = s.upcoming_event.expect("event").end_date();
        assert_eq!(end, chrono::NaiveDate::from_ymd_opt(2026, 7, 31));
    }
}
