//! Checks the settings values that become URLs and links on the site, reports each unsafe
//! one on its line in `settings.yml`, and drops it so no later stage can use it.
//!
//! `base_path` prefixes every asset URL (`\host` would make them `/\host/…`, which browsers
//! load from another host); `url` reaches the sitemap, `items.csv` and the embed snippet;
//! header and footer links and the event banner are links on every page.

use super::Settings;
use super::settings::plain_base_path;
use super::urls::{self, UrlKind};
use crate::diagnostics::{Diagnostic, Severity};
use crate::yaml::{Node, Pos};

/// Checks `settings` (read from `file`, whose tree is `tree`) and clears what is unsafe.
pub fn check(settings: &mut Settings, file: &str, tree: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &[&str]| -> Pos {
        path.iter()
            .try_fold(tree, |node, key| node.get(key))
            .map_or(tree.pos, |n| n.pos)
    };

    if let Some(raw) = &settings.base_path
        && plain_base_path(raw).is_none()
    {
        out.push(
            Diagnostic::new(
                Severity::Error,
                "bad-base-path",
                file,
                at(&["base_path"]),
                format!(
                    "`base_path` must be a plain path such as `/landscape`, found `{}`; the site is built without it",
                    raw.escape_debug()
                ),
            )
            .field("base_path")
            .hint("use `/` and path segments of letters, digits, `-`, `_`, `.` or `~` (no `..`, `//` or backslash)"),
        );
        settings.base_path = None;
    }

    if !settings.url.trim().is_empty() {
        let url = settings.url.trim().to_string();
        match urls::check(UrlKind::Web, &url) {
            Ok(()) => {}
            Err(problem) => {
                let kept = problem.salvage(&url);
                let severity = problem.severity(true);
                let message = match &kept {
                    Some(_) => format!("`url` is used, but {problem}"),
                    None => format!(
                        "`url` is not a usable link: {problem}; the site is built without it"
                    ),
                };
                out.push(
                    Diagnostic::new(severity, problem.code(), file, at(&["url"]), message)
                        .field("url")
                        .hint(problem.hint()),
                );
                settings.url = kept.unwrap_or_default();
            }
        }
    }

    for section in ["header", "footer"] {
        let links = match section {
            "header" => settings.header.as_mut().map(|h| &mut h.links),
            _ => settings.footer.as_mut().map(|f| &mut f.links),
        };
        let Some(links) = links else { continue };
        for (name, url) in links.iter_mut() {
            let pos = at(&[section, "links", name]);
            let field = format!("{section}.links.{name}");
            *url = usable_link(url, UrlKind::of_field(name), &field, file, pos, &mut out)
                .unwrap_or_default();
        }
        links.retain(|_, url| !url.is_empty());
    }

    if let Some(event) = &mut settings.upcoming_event {
        for (key, value) in [
            ("banner_url", &mut event.banner_url),
            ("details_url", &mut event.details_url),
        ] {
            if let Some(url) = value {
                let pos = at(&["upcoming_event", key]);
                let field = format!("upcoming_event.{key}");
                *value = usable_link(url, UrlKind::Web, &field, file, pos, &mut out);
            }
        }
    }
    out
}

/// The link to publish for `url`, a link of `kind`, reporting its problem if it has one
/// (the severity and what is kept follow from the problem, as for items' links).
fn usable_link(
    url: &str,
    kind: UrlKind,
    field: &str,
    file: &str,
    pos: Pos,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Err(problem) = urls::check(kind, url) else {
        return Some(url.to_string());
    };
    let kept = problem.salvage(url);
    let message = match &kept {
        Some(_) => format!("`{field}` is linked, but {problem}"),
        None => format!("`{field}` is not a usable link: {problem}; it is left out"),
    };
    out.push(
        Diagnostic::new(problem.severity(false), problem.code(), file, pos, message)
            .field(field)
            .hint(problem.hint()),
    );
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> (Settings, Vec<(&'static str, u32, Severity)>) {
        let mut settings: Settings = crate::yaml::parse_typed(text).expect("settings parse");
        let tree = crate::yaml::parse(text).expect("tree");
        let found = check(&mut settings, "settings.yml", &tree)
            .iter()
            .map(|d| (d.code, d.line, d.severity))
            .collect();
        (settings, found)
    }

    #[test]
    fn unsafe_values_are_reported_on_their_line_and_dropped() {
        let (s, found) = checked(
            "foundation: F\nurl: \"javascript:alert(1)\"\nbase_path: \"\\\\host\"\nheader:\n  links:\n    ok: https://ok.example.org\n    evil: \"javascript:alert(2)\"\nupcoming_event:\n  name: E\n  details_url: \"data:text/html,x\"\n",
        );
        assert_eq!(
            found,
            vec![
                ("bad-base-path", 3, Severity::Error),
                ("bad-url", 2, Severity::Error),
                ("bad-url", 7, Severity::Error),
                ("bad-url", 10, Severity::Error),
            ]
        );
        assert_eq!(s.url, "");
        assert_eq!(s.base_path, None);
        let links = &s.header.as_ref().expect("header").links;
        assert_eq!(links.keys().collect::<Vec<_>>(), ["ok"]);
        assert_eq!(s.upcoming_event.expect("event").details_url, None);
    }

    #[test]
    fn safe_values_are_kept_without_a_report() {
        let (s, found) = checked(
            "foundation: F\nurl: https://landscape.example.org/\nbase_path: /landscape\nfooter:\n  links:\n    blog: https://blog.example.org\n",
        );
        assert_eq!(found, vec![]);
        assert_eq!(s.url, "https://landscape.example.org/");
        assert_eq!(s.base_path(), "/landscape");
    }
}
