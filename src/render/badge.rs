//! The "Get badge" snippets of an item: a shields.io badge naming the foundation's landscape,
//! linking to the item on the published site, in Markdown and AsciiDoc, in landscape2's
//! format (so badges already in READMEs and new ones look the same). Only when settings give
//! the site's `url`: a badge must link to the published site.

use serde::Serialize;
use url::form_urlencoded::byte_serialize;

use crate::model::Item;

/// The snippets a project copies into its README.
#[derive(Debug, Serialize, PartialEq)]
pub struct Badge {
    /// Where the badge links: the item on the site (landscape2's `/?item=<id>`).
    pub link: String,
    /// The badge image.
    pub image: String,
    pub markdown: String,
    pub asciidoc: String,
}

/// The badge of `item` on the site at `site_url` + `base` (`""` or `/base`), named after
/// `foundation`; `None` without an http(s) site URL.
pub fn badge(item: &Item, foundation: &str, site_url: &str, base: &str) -> Option<Badge> {
    let root = site_url.trim().trim_end_matches('/');
    let parsed = url::Url::parse(root).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    let id: String = byte_serialize(item.l2_id.as_bytes()).collect();
    let link = format!("{root}{base}/?item={id}");
    let image = format!(
        "https://img.shields.io/badge/{}%20Landscape-5699C6",
        shields_text(foundation)
    );
    let label = foundation.replace(['[', ']', '\\'], "");
    Some(Badge {
        markdown: format!("[![{label} Landscape]({image})]({link})"),
        asciidoc: format!("{link}[image:{image}[{label} LANDSCAPE]]"),
        link,
        image,
    })
}

/// shields.io's static badge text: `-` and `_` doubled (single ones separate the parts),
/// spaces as `%20`, anything else not alphanumeric percent-encoded.
fn shields_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '-' => out.push_str("--"),
            '_' => out.push_str("__"),
            ' ' => out.push_str("%20"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> Item {
        Item {
            l2_id: "app-definition--database--vitess".into(),
            ..Item::default()
        }
    }

    #[test]
    fn snippets_match_landscape2() {
        let b = badge(&item(), "CNCF", "https://landscape.cncf.io/", "").expect("badge");
        assert_eq!(
            b.markdown,
            "[![CNCF Landscape](https://img.shields.io/badge/CNCF%20Landscape-5699C6)](https://landscape.cncf.io/?item=app-definition--database--vitess)"
        );
        assert_eq!(
            b.asciidoc,
            "https://landscape.cncf.io/?item=app-definition--database--vitess[image:https://img.shields.io/badge/CNCF%20Landscape-5699C6[CNCF LANDSCAPE]]"
        );
        let b = badge(&item(), "LF AI_Data-x", "http://x.example", "/base").expect("badge");
        assert!(
            b.image.contains("/LF%20AI__Data--x%20Landscape-"),
            "{}",
            b.image
        );
        assert!(b.link.starts_with("http://x.example/base/?item="));
    }

    #[test]
    fn no_badge_without_a_web_site_url() {
        for url in [
            "",
            "landscape.example",
            "javascript:alert(1)",
            "file:///tmp",
        ] {
            assert_eq!(badge(&item(), "CNCF", url, ""), None, "{url}");
        }
        let b = badge(&item(), "A [b] <c>", "https://x.example", "").expect("badge");
        assert!(
            b.markdown.starts_with("[![A b <c> Landscape]("),
            "{}",
            b.markdown
        );
        assert!(
            b.image.contains("A%20%5Bb%5D%20%3Cc%3E%20Landscape"),
            "{}",
            b.image
        );
    }
}
