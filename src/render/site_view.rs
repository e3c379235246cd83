//! Site-wide values every page template gets (`site.*`): names, brand images, colors,
//! links and asset URLs, with everything from settings checked before it reaches a page.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Templates, markdown};
use crate::brand::Slot;
use crate::prepare::Prepared;

/// Site-wide values every page template gets.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub base: &'a str,
    pub foundation: &'a str,
    pub description: Option<&'a str>,
    pub url: &'a str,
    pub css: String,
    pub js: String,
    /// Every asset's URL by its unhashed path (`explorer/main.js`).
    pub assets: BTreeMap<String, String>,
    pub colors: Vec<(String, String)>,
    /// The settings' maturity colours: badge class suffix, background, text colour.
    pub maturity_colors: Vec<(String, String, String)>,
    pub header_logo: Option<String>,
    pub footer_logo: Option<String>,
    pub favicon: Option<String>,
    /// The social card image: a site path or a URL (a meta tag must make it absolute).
    pub open_graph: Option<String>,
    /// The site's root as an absolute URL (`https://host/base/`), when settings give a
    /// usable `url`: canonical links and social meta tags start with it.
    pub root_url: Option<String>,
    /// `open_graph` as an absolute URL, for `og:image` (X reads it too).
    pub open_graph_url: Option<String>,
    /// The Google Tag Manager container id (checked: `GTM-` and capitals or digits).
    pub gtm: Option<&'a str>,
    /// The Osano consent manager's script URL (ids checked).
    pub osano: Option<String>,
    /// `header.motd` as sanitized HTML, and a key that changes with its text (a dismissed
    /// message stays dismissed until it changes).
    pub motd_html: Option<String>,
    pub motd_key: String,
    /// The event banner, unless the event ended before the build day.
    pub event: Option<EventView<'a>>,
    /// Whether the site has the projects page (some item has a maturity).
    pub has_projects: bool,
    /// Whether the site has the finances page (some organization has funding or
    /// acquisition data).
    pub has_finances: bool,
    /// `hide_organization_section_in_projects`.
    pub hide_project_organization: bool,
    pub footer_html: Option<String>,
    pub header_links: Vec<(String, String)>,
    pub footer_links: Vec<(String, String)>,
    pub has_guide: bool,
    pub posters: bool,
    pub item_count: usize,
}

/// The `upcoming_event` banner: its links are http(s) (checked when loading).
#[derive(Serialize)]
pub struct EventView<'a> {
    pub name: &'a str,
    pub start: String,
    pub end: String,
    pub banner_url: Option<&'a str>,
    pub details_url: Option<&'a str>,
}

/// What every page shows of the site; `posters` says whether the site has posters, `today`
/// is the day the site is built for (an event over by then has no banner).
pub fn site_view<'a>(
    prepared: &'a Prepared,
    templates: &Templates,
    posters: bool,
    base: &'a str,
    today: NaiveDate,
) -> SiteView<'a> {
    let s = &prepared.settings;
    // The site's address without a trailing `/`; site paths below include the base.
    let site_url = (crate::load::fields::check_url(s.url.trim()).is_ok())
        .then(|| s.url.trim().trim_end_matches('/'));
    // The published file, else the URL as written when it is an http(s) one.
    let brand = |slot: Slot| -> Option<String> {
        if let Some(file) = prepared.brand.iter().find(|f| f.slot == slot) {
            return Some(format!("{base}/brand/{}", file.file_name));
        }
        slot.value(s)
            .filter(|u| crate::load::fields::check_url(u).is_ok())
            .map(str::to_string)
    };
    let open_graph = brand(Slot::OpenGraph);
    let open_graph_url = match (&open_graph, site_url) {
        (Some(path), Some(site)) if path.starts_with('/') => Some(format!("{site}{path}")),
        (Some(url), _) if !url.starts_with('/') => Some(url.clone()),
        _ => None,
    };
    let motd = (s.header.as_ref())
        .and_then(|h| h.motd.as_deref())
        .filter(|m| !m.trim().is_empty());
    let event = (s.upcoming_event.as_ref()).and_then(|e| {
        let (start, end) = (e.start_date()?, e.end_date()?);
        (end >= today).then(|| EventView {
            name: &e.name,
            start: start.to_string(),
            end: end.to_string(),
            banner_url: e.banner_url.as_deref(),
            details_url: e.details_url.as_deref(),
        })
    });
    SiteView {
        base,
        foundation: &s.foundation,
        description: s.description.as_deref(),
        url: &s.url,
        css: templates.asset_url(base, "style.css"),
        js: templates.asset_url(base, "app.js"),
        assets: templates
            .assets
            .iter()
            .map(|a| (a.path.clone(), templates.asset_url(base, &a.path)))
            .collect(),
        colors: s
            .colors
            .iter()
            .filter(|(k, v)| is_css_ident(k) && is_css_color(v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        maturity_colors: (s.maturity_levels.iter())
            .filter_map(|l| {
                let color = l.color.as_deref().filter(|c| is_css_color(c))?;
                let class = crate::model::slugify(&l.name);
                is_css_ident(&class).then(|| (class, color.to_string(), text_on(color)))
            })
            .collect(),
        header_logo: brand(Slot::HeaderLogo),
        footer_logo: brand(Slot::FooterLogo),
        favicon: brand(Slot::Favicon),
        open_graph,
        root_url: site_url.map(|site| format!("{site}{base}/")),
        open_graph_url,
        gtm: s.gtm_container_id(),
        osano: s.osano_script(),
        motd_html: motd.map(markdown::to_safe_html),
        motd_key: motd
            .map(|m| blake3::hash(m.as_bytes()).to_hex()[..12].to_string())
            .unwrap_or_default(),
        event,
        has_projects: super::projects::has_page(&prepared.landscape.items, templates),
        has_finances: super::finances::has_page(&prepared.orgs) && templates.has("finances.html"),
        hide_project_organization: s.hide_organization_section_in_projects.unwrap_or(false),
        footer_html: s
            .footer
            .as_ref()
            .and_then(|f| f.text.as_deref())
            .map(markdown::to_safe_html),
        header_links: safe_links(s.header.as_ref().map(|h| &h.links)),
        footer_links: safe_links(s.footer.as_ref().map(|f| &f.links)),
        has_guide: prepared.guide.is_some() && templates.has("guide.html"),
        posters,
        item_count: prepared.landscape.items.len(),
    }
}

fn safe_links(links: Option<&BTreeMap<String, String>>) -> Vec<(String, String)> {
    links
        .into_iter()
        .flatten()
        .filter(|(_, url)| crate::load::fields::check_url(url).is_ok())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

// Colors go into a <style> block: only a value that parses as a CSS colour whole, which
// leaves no room for a `;`, a `}` or a comment.
fn is_css_color(v: &str) -> bool {
    v.len() < 64 && csscolorparser::parse(v).is_ok()
}

/// Black or white, whichever reads better on `background` (WCAG relative luminance).
fn text_on(background: &str) -> String {
    let c = csscolorparser::parse(background).unwrap_or_default();
    let [r, g, b, _] = c.to_linear_rgba();
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    if luminance > 0.179 { "#0b2540" } else { "#fff" }.to_string()
}

fn is_css_ident(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_colours_pass_and_anything_else_does_not() {
        for good in [
            "rgba(0, 107, 204, 1)",
            "#0a0",
            "#FF8000",
            "red",
            "hsl(120, 100%, 50%)",
        ] {
            assert!(is_css_color(good), "{good}");
        }
        for bad in [
            "",
            "red; } body { display: none",
            "rgb(1,2,3)\"><script>",
            "rgb(1, 2, 3) /* x */",
            "url(https://example.com/x)",
            "expression(alert(1))",
            "var(--color1)",
        ] {
            assert!(!is_css_color(bad), "{bad}");
        }
    }
}
