//! The security headers every response carries, decided in this one place: a
//! Content-Security-Policy by kind of file, framing control by path, `nosniff` and a
//! referrer policy.
//!
//! The page policy is what the built-in templates and assets need, and nothing more:
//! - scripts: the site's own files, plus the one inline script of `base.html` by its hash;
//! - styles: the site's stylesheet, and inline styles (the settings' colors `<style>` block
//!   and `style` attributes on grid sections and language bars, also in the item articles
//!   the explorer's dialog imports): CSS cannot run code;
//! - images: the site's own, `https:` (settings may name remote brand logos, guide markdown
//!   may show remote images) and `data:` (the empty favicon `data:,` of sites without one);
//! - fetch: the site's own (the explorer's index JSON and item pages, the embeds' data);
//! - frames: the site's own pages (the embed configurator previews `embed/embed.html`);
//! - forms: to the site itself (the header's search is a GET form to the landscape);
//! - nothing else: no plugins, fonts or `<base>`.
//!
//! Everything under `<base>/embed` may be framed by any site (it is meant for iframes);
//! every other response forbids framing. Other files get a policy under which a document
//! opened from them runs and fetches nothing (an SVG logo opened directly, JSON, text),
//! except PDFs: Chromium's PDF viewer draws with inline styles and fonts of its own, and a
//! policy on the PDF applies to it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hyper::HeaderMap;
use hyper::header::{self, HeaderValue};
use sha2::{Digest, Sha256};

/// The text of the inline script in `templates/base.html`: it marks the page as scripted
/// before first paint, so it cannot be a file loaded later.
pub(crate) const INLINE_SCRIPT: &str = r#"document.documentElement.classList.add("js")"#;

/// The pages' policy without framing control.
fn page_policy() -> String {
    let hash = STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()));
    format!(
        "default-src 'none'; script-src 'self' 'sha256-{hash}'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; \
         frame-src 'self'; base-uri 'none'; form-action 'self'"
    )
}

/// Files that are not pages: opened directly, they may show themselves and nothing more.
const FILE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const NO_FRAMING: &str = "; frame-ancestors 'none'";

/// The headers of [`apply`](Policies::apply), prepared once per server.
#[derive(Debug, Clone)]
pub(crate) struct Policies {
    /// `<base>/embed`: the prefix of the frameable paths.
    embed: String,
    page: HeaderValue,
    page_unframed: HeaderValue,
    file: HeaderValue,
    file_unframed: HeaderValue,
}

impl Policies {
    /// Policies for a site served under `base_path` (normalised: `""` or `/name`).
    pub fn new(base_path: &str) -> Self {
        let value = |s: String| HeaderValue::from_str(&s).expect("policies are ASCII");
        let page = page_policy();
        Self {
            embed: format!("{base_path}/embed"),
            page_unframed: value(format!("{page}{NO_FRAMING}")),
            page: value(page),
            file: HeaderValue::from_static(FILE_POLICY),
            file_unframed: value(format!("{FILE_POLICY}{NO_FRAMING}")),
        }
    }

    /// Adds the security headers to the response for the raw request path `path` (without
    /// query), whose resource has media type `media_type` (for a 304, the file's type: the
    /// browser merges the 304's headers into the copy it keeps).
    pub fn apply(&self, path: &str, media_type: &str, headers: &mut HeaderMap) {
        // The raw path: a percent-encoded spelling of `embed` is simply not frameable.
        let frameable = path
            .strip_prefix(self.embed.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        let policy = match media_type.split(';').next().unwrap_or_default().trim() {
            "text/html" if frameable => Some(&self.page),
            "text/html" => Some(&self.page_unframed),
            "application/pdf" => None,
            _ if frameable => Some(&self.file),
            _ => Some(&self.file_unframed),
        };
        if let Some(policy) = policy {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
        }
        if !frameable {
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        }
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn headers(policies: &Policies, path: &str, media_type: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        policies.apply(path, media_type, &mut h);
        h
    }

    fn get(h: &HeaderMap, name: header::HeaderName) -> &str {
        h.get(name).map_or("", |v| v.to_str().unwrap())
    }

    /// The hash allows exactly the inline scripts the built-in templates hold: a template
    /// that gains or changes one must change [`INLINE_SCRIPT`] too.
    #[test]
    fn the_inline_script_is_the_only_one_in_the_templates() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (_, rest) in text.match_indices("<script").map(|(i, _)| text.split_at(i)) {
                let (tag, body) = rest.split_once('>').unwrap();
                let data_block = tag.contains("type=\"application/json\"");
                if !tag.contains(" src=") && !data_block {
                    found.push(body.split_once("</script>").unwrap().0.to_owned());
                }
            }
        }
        assert_eq!(found, [INLINE_SCRIPT]);
        // The hash of the script text, as `echo -n '...' | openssl sha256 -binary | base64`.
        assert!(page_policy().contains("'sha256-qOhFsq0QMV2REqNwk5hGH5bZE9SkX6gt6yeyKdYPv+U='"));
    }

    #[test]
    fn embed_paths_alone_are_frameable() {
        let p = Policies::new("/landscape");
        for path in [
            "/landscape/embed",
            "/landscape/embed/",
            "/landscape/embed/a/b/",
        ] {
            let h = headers(&p, path, "text/html; charset=utf-8");
            assert!(h.get(header::X_FRAME_OPTIONS).is_none(), "{path}");
            assert!(!get(&h, header::CONTENT_SECURITY_POLICY).contains("frame-ancestors"));
        }
        for path in [
            "/landscape/",
            "/landscape/embedded/",
            "/embed/",
            "/landscape/%65mbed/",
        ] {
            let h = headers(&p, path, "text/html; charset=utf-8");
            assert_eq!(get(&h, header::X_FRAME_OPTIONS), "DENY", "{path}");
            assert!(get(&h, header::CONTENT_SECURITY_POLICY).ends_with("frame-ancestors 'none'"));
        }
    }

    #[test]
    fn files_get_the_inert_policy_and_pdfs_none() {
        let p = Policies::new("");
        let svg = headers(&p, "/logos/a.svg", "image/svg+xml");
        assert_eq!(
            get(&svg, header::CONTENT_SECURITY_POLICY),
            "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'"
        );
        let pdf = headers(&p, "/poster/landscape.pdf", "application/pdf");
        assert!(pdf.get(header::CONTENT_SECURITY_POLICY).is_none());
        for h in [svg, pdf] {
            assert_eq!(get(&h, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
            assert_eq!(get(&h, header::REFERRER_POLICY), "no-referrer");
            assert_eq!(get(&h, header::X_FRAME_OPTIONS), "DENY");
        }
    }
}
