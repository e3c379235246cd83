//! What a link field may hold, and how bad each kind of wrong link is.
//!
//! Every link of the data file and the settings is checked here. A problem is a typed
//! [`UrlProblem`] whose severity follows from what it would do to the site: a scheme other
//! than the field allows could run script or leave the site where the link is rendered (an
//! error); text that is not a URL leaves the link out (an error only when the field is
//! required); an address on another site than its field's (a `twitter` link not on
//! twitter.com) is wrong but harmless, so it is kept with a warning, although landscape2 stops
//! its build on it.

use std::fmt;

use crate::diagnostics::Severity;

/// What a link field is for: which schemes and hosts it may have. The host rules are
/// landscape2's URL kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// Any http(s) address.
    Web,
    /// An http(s) or `mailto:` address (`extra.other_links`).
    WebOrMail,
    /// An http(s) address on one of these sites (the host itself or a subdomain of it).
    Site(&'static [&'static str]),
    /// A Crunchbase organization page.
    CrunchbaseOrganization,
}

const CRUNCHBASE_ORGANIZATION: &str = "https://www.crunchbase.com/organization/";

impl UrlKind {
    /// The kind of the link field `field`: an item key (`twitter`, `facebook_url`) or a
    /// settings link name (`youtube` in `footer.links`).
    pub fn of_field(field: &str) -> UrlKind {
        let sites: &'static [&'static str] = match field.strip_suffix("_url").unwrap_or(field) {
            "crunchbase" => return UrlKind::CrunchbaseOrganization,
            "bluesky" => &["bsky.app"],
            "facebook" => &["facebook.com"],
            "flickr" => &["flickr.com"],
            "github" => &["github.com"],
            "instagram" => &["instagram.com"],
            "linkedin" => &["linkedin.com"],
            "pinterest" => &["pinterest.com"],
            "reddit" => &["reddit.com"],
            "stack_overflow" => &["stackoverflow.com"],
            "twitch" => &["twitch.tv"],
            "twitter" => &["twitter.com", "x.com"],
            "youtube" => &["youtube.com"],
            _ => return UrlKind::Web,
        };
        UrlKind::Site(sites)
    }

    fn schemes(self) -> &'static str {
        match self {
            UrlKind::WebOrMail => "http://, https:// or mailto:",
            _ => "http:// or https://",
        }
    }
}

/// Why a link is not what its field expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute URL; the parser's reason.
    Unparseable(url::ParseError),
    /// A scheme the field does not allow (`javascript:`, `data:`, `ftp:`; `mailto:` outside
    /// `other_links`).
    Scheme { scheme: String, kind: UrlKind },
    /// White space inside the address; published with it percent-encoded.
    Whitespace,
    /// An http(s) address on another site than the field's.
    WrongSite {
        host: String,
        expected: &'static [&'static str],
    },
    /// A `crunchbase` link that is not an organization page.
    NotCrunchbaseOrganization,
}

impl UrlProblem {
    /// How bad the problem is. `required`: the field cannot be left out (an item's homepage,
    /// a repository's or an audit's `url`).
    pub fn severity(&self, required: bool) -> Severity {
        match self {
            UrlProblem::Scheme { .. } => Severity::Error,
            UrlProblem::Unparseable(_) if required => Severity::Error,
            UrlProblem::Unparseable(_)
            | UrlProblem::Whitespace
            | UrlProblem::WrongSite { .. }
            | UrlProblem::NotCrunchbaseOrganization => Severity::Warning,
        }
    }

    /// The link published despite the problem, when it is still safe to render.
    pub fn salvage(&self, text: &str) -> Option<String> {
        match self {
            UrlProblem::Unparseable(_) | UrlProblem::Scheme { .. } => None,
            UrlProblem::Whitespace => Some(encode_whitespace(text)),
            UrlProblem::WrongSite { .. } | UrlProblem::NotCrunchbaseOrganization => {
                Some(text.to_string())
            }
        }
    }

    /// The diagnostic code: `bad-url` for what is not a usable link, `url-site` for a link
    /// to another site than its field's.
    pub fn code(&self) -> &'static str {
        match self {
            UrlProblem::WrongSite { .. } | UrlProblem::NotCrunchbaseOrganization => "url-site",
            _ => "bad-url",
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            UrlProblem::Unparseable(_) => "write a full http:// or https:// address".into(),
            UrlProblem::Scheme { kind, .. } => format!("write a full {} address", kind.schemes()),
            UrlProblem::Whitespace => "remove the spaces, or write them as %20".into(),
            UrlProblem::WrongSite { expected, .. } => format!(
                "landscape2 stops its build on this: link to {}, or move the link to a field it fits (such as `extra.other_links`)",
                expected.join(" or ")
            ),
            UrlProblem::NotCrunchbaseOrganization => format!(
                "write it as {CRUNCHBASE_ORGANIZATION}<name> (landscape2 stops its build on other forms)"
            ),
        }
    }
}

impl fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlProblem::Unparseable(e) => write!(f, "it is not an absolute URL ({e})"),
            UrlProblem::Scheme { scheme, kind } => write!(
                f,
                "the scheme `{scheme}:` is not allowed, only {}",
                kind.schemes()
            ),
            UrlProblem::Whitespace => write!(f, "it contains white space"),
            UrlProblem::WrongSite { host, expected } => {
                write!(f, "it points to `{host}`, not to {}", expected.join(" or "))
            }
            UrlProblem::NotCrunchbaseOrganization => write!(
                f,
                "it is not a Crunchbase organization page ({CRUNCHBASE_ORGANIZATION}<name>)"
            ),
        }
    }
}

/// Checks `text` as a link of `kind`.
pub fn check(kind: UrlKind, text: &str) -> Result<(), UrlProblem> {
    let url = url::Url::parse(text).map_err(UrlProblem::Unparseable)?;
    let scheme = url.scheme();
    let allowed =
        matches!(scheme, "http" | "https") || (kind == UrlKind::WebOrMail && scheme == "mailto");
    if !allowed {
        return Err(UrlProblem::Scheme {
            scheme: scheme.to_string(),
            kind,
        });
    }
    if text.chars().any(char::is_whitespace) {
        return Err(UrlProblem::Whitespace);
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match kind {
        UrlKind::Web | UrlKind::WebOrMail => Ok(()),
        UrlKind::Site(expected) => {
            let on_site = expected
                .iter()
                .any(|site| host == *site || host.ends_with(&format!(".{site}")));
            if on_site {
                Ok(())
            } else {
                Err(UrlProblem::WrongSite { host, expected })
            }
        }
        UrlKind::CrunchbaseOrganization => {
            // landscape2's rule, on the parsed (normalized) address: one path segment after
            // `/organization/`, an optional trailing slash.
            let name = url
                .as_str()
                .strip_prefix(CRUNCHBASE_ORGANIZATION)
                .map(|rest| rest.strip_suffix('/').unwrap_or(rest));
            match name {
                Some(name) if !name.is_empty() && !name.contains('/') => Ok(()),
                _ => Err(UrlProblem::NotCrunchbaseOrganization),
            }
        }
    }
}

/// Checks that `text` is an absolute http(s) URL: the links of settings and brand images.
pub fn check_url(text: &str) -> Result<(), UrlProblem> {
    check(UrlKind::Web, text)
}

/// `text` with each white space character percent-encoded.
fn encode_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(kind: UrlKind, text: &str) -> Option<UrlProblem> {
        check(kind, text).err()
    }

    #[test]
    fn schemes_are_errors_wherever_the_link_is_rendered() {
        for text in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,hi",
            "ftp://example.org/x",
        ] {
            let p = problem(UrlKind::Web, text).expect(text);
            assert!(matches!(p, UrlProblem::Scheme { .. }), "{text}: {p:?}");
            assert_eq!(p.severity(false), Severity::Error, "{text}");
            assert_eq!(p.salvage(text), None, "{text}");
        }
        let mail = "mailto:team@example.org";
        assert_eq!(check(UrlKind::WebOrMail, mail), Ok(()));
        let p = problem(UrlKind::Web, mail).expect("mailto outside other_links");
        assert_eq!((p.severity(false), p.code()), (Severity::Error, "bad-url"));
        assert_eq!(
            problem(UrlKind::WebOrMail, "javascript:alert(1)").map(|p| p.severity(false)),
            Some(Severity::Error)
        );
    }

    #[test]
    fn text_that_is_no_url_is_an_error_only_where_required() {
        for text in [
            "example.com",
            "https://",
            "not a url",
            "https://exa mple.com",
        ] {
            let p = problem(UrlKind::Web, text).expect(text);
            assert!(matches!(p, UrlProblem::Unparseable(_)), "{text}: {p:?}");
            assert_eq!(p.severity(true), Severity::Error, "{text}");
            assert_eq!(p.severity(false), Severity::Warning, "{text}");
            assert_eq!(p.salvage(text), None, "{text}");
        }
    }

    #[test]
    fn white_space_is_kept_percent_encoded() {
        let text = "https://example.org/a b\u{a0}c";
        let p = problem(UrlKind::Web, text).expect("white space");
        assert_eq!(p, UrlProblem::Whitespace);
        assert_eq!(p.severity(true), Severity::Warning);
        let kept = p.salvage(text).expect("kept");
        assert_eq!(kept, "https://example.org/a%20b%C2%A0c");
        assert_eq!(check_url(&kept), Ok(()));
    }

    #[test]
    fn sites_are_checked_by_host_as_warnings_and_kept() {
        let twitter = UrlKind::of_field("twitter");
        for ok in [
            "https://twitter.com/cncf",
            "https://x.com/cncf",
            "https://mobile.twitter.com/cncf",
            "http://X.COM/cncf",
        ] {
            assert_eq!(check(twitter, ok), Ok(()), "{ok}");
        }
        let text = "https://mastodon.social/@cncf";
        let p = problem(twitter, text).expect("not twitter");
        assert_eq!(
            p,
            UrlProblem::WrongSite {
                host: "mastodon.social".into(),
                expected: &["twitter.com", "x.com"]
            }
        );
        assert_eq!(
            (p.severity(true), p.code()),
            (Severity::Warning, "url-site")
        );
        assert_eq!(p.salvage(text).as_deref(), Some(text));
        assert!(problem(twitter, "https://notx.com/a").is_some());
        for (field, ok, wrong) in [
            (
                "youtube_url",
                "https://www.youtube.com/c/x",
                "https://youtu.be/x",
            ),
            ("facebook_url", "https://facebook.com/x", "https://fb.com/x"),
            (
                "linkedin_url",
                "https://www.linkedin.com/company/x",
                "https://x.org",
            ),
            ("bluesky_url", "https://bsky.app/profile/x", "https://x.org"),
            (
                "stack_overflow_url",
                "https://stackoverflow.com/q",
                "https://x.org",
            ),
            ("github", "https://github.com/cncf", "https://gitlab.com/x"),
        ] {
            let kind = UrlKind::of_field(field);
            assert_eq!(check(kind, ok), Ok(()), "{field} {ok}");
            assert!(
                matches!(problem(kind, wrong), Some(UrlProblem::WrongSite { .. })),
                "{field} {wrong}"
            );
        }
        for generic in [
            "blog_url",
            "github_discussions_url",
            "funding_url",
            "homepage",
        ] {
            assert_eq!(UrlKind::of_field(generic), UrlKind::Web, "{generic}");
        }
    }

    #[test]
    fn crunchbase_links_are_organization_pages() {
        let kind = UrlKind::of_field("crunchbase");
        for ok in [
            "https://www.crunchbase.com/organization/cncf",
            "https://www.crunchbase.com/organization/cncf/",
            "https://WWW.crunchbase.com/organization/cncf",
        ] {
            assert_eq!(check(kind, ok), Ok(()), "{ok}");
        }
        for wrong in [
            "https://www.crunchbase.com/person/someone",
            "https://www.crunchbase.com/organization/",
            "https://www.crunchbase.com/organization/a/b",
            "http://www.crunchbase.com/organization/cncf",
            "https://crunchbase.com/organization/cncf",
        ] {
            let p = problem(kind, wrong).expect(wrong);
            assert_eq!(p, UrlProblem::NotCrunchbaseOrganization, "{wrong}");
            assert_eq!(p.severity(false), Severity::Warning);
        }
    }
}
