//! Embeddable views: one minimal page per category and per subcategory, for iframes on other
//! sites (`embed/<category>/` and `embed/<category>/<subcategory>/`), beside landscape2's
//! `embed/embed.html` (its data in [`super::embed_data`]). `embed/index.html` is the
//! configurator, and maps `?category=…&subcategory=…` to the pages of one category.

use std::collections::HashSet;

use serde::Serialize;

use super::views::CategoryView;
use crate::load::Settings;
use crate::model::slugify;

/// One embed page to write.
#[derive(Debug)]
pub struct EmbedPage<'a> {
    /// Directory under the site root, e.g. `embed/runtime/container-runtime`.
    pub dir: String,
    pub title: String,
    /// The category, holding only the embedded subcategory when it is a subcategory page.
    pub category: CategoryView<'a>,
}

/// An entry of the embed index: what can be embedded, and where it is.
#[derive(Debug, Serialize)]
pub struct EmbedLink {
    pub category: String,
    pub subcategory: Option<String>,
    /// URL path of the page (with the base path).
    pub url: String,
    pub items: usize,
}

/// Every embed page and the index entries, from the index page's categories.
pub fn embed_pages<'a>(
    categories: &[CategoryView<'a>],
    base: &str,
) -> (Vec<EmbedPage<'a>>, Vec<EmbedLink>) {
    let mut pages = Vec::new();
    let mut links = Vec::new();
    for category in categories {
        let dir = format!("embed/{}", category.anchor);
        links.push(EmbedLink {
            category: category.name.to_string(),
            subcategory: None,
            url: format!("{base}/{dir}/"),
            items: category.count,
        });
        pages.push(EmbedPage {
            dir: dir.clone(),
            title: category.name.to_string(),
            category: category.clone(),
        });
        let mut used = HashSet::new();
        for sub in &category.subcategories {
            let mut slug = slugify(sub.name);
            let stem = slug.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{stem}-{n}");
                n += 1;
            }
            let sub_dir = format!("{dir}/{slug}");
            links.push(EmbedLink {
                category: category.name.to_string(),
                subcategory: Some(sub.name.to_string()),
                url: format!("{base}/{sub_dir}/"),
                items: sub.tiles.len(),
            });
            let mut only = category.clone();
            only.subcategories.retain(|s| s.anchor == sub.anchor);
            only.count = sub.tiles.len();
            pages.push(EmbedPage {
                dir: sub_dir,
                title: format!("{} / {}", category.name, sub.name),
                category: only,
            });
        }
    }
    (pages, links)
}

/// The configurator's title background: settings `color5` as `#rrggbb` (its alpha dropped,
/// as landscape2's setup does), else landscape2's default.
pub fn title_bg_color(settings: &Settings) -> String {
    settings
        .colors
        .get("color5")
        .and_then(|c| hex_color(c))
        .unwrap_or_else(|| "#323437".to_string())
}

/// `#rgb`, `#rrggbb` or `rgb[a](r, g, b[, a])` as `#rrggbb`.
fn hex_color(css: &str) -> Option<String> {
    let css = css.trim();
    if let Some(hex) = css.strip_prefix('#') {
        let digits: Vec<u8> = (hex.chars())
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?;
        return match digits.len() {
            3 | 4 => Some(
                digits[..3]
                    .iter()
                    .map(|d| format!("{:02x}", d * 17))
                    .collect(),
            ),
            6 | 8 => Some(hex[..6].to_ascii_lowercase()),
            _ => None,
        }
        .map(|h| format!("#{h}"));
    }
    let inner = (css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb(")))?
    .strip_suffix(')')?;
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    if !(3..=4).contains(&parts.len()) {
        return None;
    }
    let mut hex = String::from("#");
    for part in &parts[..3] {
        let v: f64 = part.parse().ok()?;
        if !(0.0..=255.0).contains(&v) {
            return None;
        }
        hex.push_str(&format!("{:02x}", v.round() as u8));
    }
    Some(hex)
}

/// Whether the item details of embeds hide the organization (settings
/// `hide_organization_section_in_projects`).
pub fn hide_organization(settings: &Settings) -> bool {
    settings
        .hide_organization_section_in_projects
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_colors_become_hex_like_landscape2_setup() {
        for (css, hex) in [
            ("rgba(1, 107, 204, 0.7)", Some("#016bcc")),
            ("rgb(0,0,0)", Some("#000000")),
            ("#ABCDEF", Some("#abcdef")),
            ("#abc", Some("#aabbcc")),
            ("#11223344", Some("#112233")),
            ("rgba(300, 0, 0, 1)", None),
            ("red", None),
            ("#12345", None),
        ] {
            assert_eq!(hex_color(css).as_deref(), hex, "{css}");
        }
        let mut settings = Settings::default();
        assert_eq!(title_bg_color(&settings), "#323437");
        settings
            .colors
            .insert("color5".into(), "rgba(62, 121, 176, 1)".into());
        assert_eq!(title_bg_color(&settings), "#3e79b0");
    }
}
