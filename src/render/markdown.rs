//! Markdown from contributors and settings (guide, footer text), rendered to HTML with raw
//! HTML sanitized: the text is untrusted.

use pulldown_cmark::{Options, Parser, html};

/// Renders markdown to safe HTML: scripts, event handlers, styles and non-http(s) links
/// are removed by ammonia after pulldown-cmark.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES,
    );
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_bad_links_are_removed() {
        let html = to_safe_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://a.b)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"href="https://a.b""#), "{html}");
    }

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(to_safe_html("**b**"), "<p><strong>b</strong></p>\n");
    }
}
