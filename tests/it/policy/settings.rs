//! `settings.yml`: every key landscape2 documents loads typed; what landscape2 refuses is a
//! warning.

use landscape::diagnostics::{Diagnostic, Severity};
use landscape::load::{Settings, settings};

use super::{one_item, summary, write};

/// Every settings key landscape2 documents (its `LandscapeSettings`), typed as documented.
const EVERY_SETTINGS_KEY: &str = "foundation: Ok Foundation
url: https://landscape.example.org
analytics:
  gtm:
    container_id: GTM-ABC1234
base_path: /landscape
categories:
  - name: Cat
    subcategories:
      - Sub
colors:
  color1: rgba(0, 107, 204, 1)
  color2: rgba(255, 0, 170, 1)
  color3: rgba(96, 149, 214, 1)
  color4: rgba(0, 42, 81, 0.7)
  color5: rgba(1, 190, 226, 0.26)
  color6: rgba(0, 42, 81, 0.7)
  color7: rgba(180, 219, 255, 1)
description: The landscape.
enduser:
  - category: Cat
    subcategories:
      - Sub
featured_items:
  - field: maturity
    options:
      - value: graduated
        label: Graduated
        order: 1
    exclude:
      groups:
        - Projects
footer:
  links:
    facebook: https://www.facebook.com/ok
    flickr: https://www.flickr.com/photos/ok
    forums: https://forums.example.org
    github: https://github.com/ok
    homepage: https://ok.example.org
    instagram: https://www.instagram.com/ok
    linkedin: https://www.linkedin.com/company/ok
    slack: https://slack.example.org
    twitch: https://www.twitch.tv/ok
    twitter: https://twitter.com/ok
    wechat: https://wechat.example.org/ok
    youtube: https://www.youtube.com/c/ok
  logo: https://ok.example.org/footer.svg
  text: Made with **care**.
grid_items_size: medium
groups:
  - name: Projects
    alias: projects
    categories:
      - Cat
header:
  links:
    github: https://github.com/ok/landscape
  logo: https://ok.example.org/header.svg
  motd: Welcome **in**.
hide_organization_section_in_projects: true
images:
  favicon: https://ok.example.org/favicon.png
  open_graph: https://ok.example.org/og.png
logos_viewbox:
  adjust: false
  exclude:
    - ok.svg
members_category: Cat
osano:
  customer_id: 16A0DbT9yDNIaQkvZ
  customer_configuration_id: c3494b1e-ff3a-436f-978d-842e9a0bed27
screenshot_width: 3000
tags:
  app-delivery:
    - category: Cat
      subcategories:
        - Sub
upcoming_event:
  name: OkCon
  start: 2026-07-28
  end: 2026-07-31
  banner_url: https://ok.example.org/banner.png
  details_url: https://ok.example.org/okcon
view_mode: card
";

fn loaded_settings(text: &str) -> (Settings, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = write(dir.path(), &one_item(""), Some(text));
    let loaded = landscape::load::load(&inputs);
    (loaded.settings, loaded.report.diagnostics)
}

#[test]
fn settings_with_every_landscape2_key_load_typed_without_a_diagnostic() {
    let (s, found) = loaded_settings(EVERY_SETTINGS_KEY);
    assert_eq!(summary(&found), []);
    assert!(s.other.is_empty(), "every key has a field: {:?}", s.other);
    let gtm = s.analytics.as_ref().and_then(|a| a.gtm.as_ref());
    assert_eq!(
        gtm.and_then(|g| g.container_id.as_deref()),
        Some("GTM-ABC1234")
    );
    let osano = s.osano.as_ref().expect("osano");
    assert_eq!(osano.customer_id, "16A0DbT9yDNIaQkvZ");
    assert_eq!(
        osano.customer_configuration_id,
        "c3494b1e-ff3a-436f-978d-842e9a0bed27"
    );
    assert_eq!(s.view_mode, Some(settings::ViewMode::Card));
    assert_eq!(s.grid_items_size, Some(settings::GridItemsSize::Medium));
    assert_eq!(s.hide_organization_section_in_projects, Some(true));
    assert_eq!(
        s.header.as_ref().and_then(|h| h.motd.as_deref()),
        Some("Welcome **in**.")
    );
    assert_eq!(s.footer.as_ref().map(|f| f.links.len()), Some(12));
    assert_eq!(
        s.images.get("open_graph").map(String::as_str),
        Some("https://ok.example.org/og.png")
    );
    assert_eq!(s.tags["app-delivery"][0].category, "Cat");
    assert_eq!(s.tags["app-delivery"][0].subcategories, ["Sub"]);
    assert_eq!(s.enduser[0].category, "Cat");
    assert!(!s.logos_viewbox.adjust);
    assert_eq!(s.logos_viewbox.exclude, ["ok.svg"]);
    assert_eq!(s.screenshot_width, Some(3000));
    assert_eq!(s.members_category.as_deref(), Some("Cat"));
    let event = s.upcoming_event.as_ref().expect("event");
    assert_eq!(
        (event.start.as_deref(), event.end.as_deref()),
        (Some("2026-07-28"), Some("2026-07-31"))
    );
}

#[test]
fn settings_keys_left_empty_load_as_absent() {
    let (s, found) = loaded_settings(
        "foundation: F\nurl: https://f.example.org\ncategories:\nenduser:\nfeatured_items:\n  - field: maturity\n    options:\n      - value: graduated\n    exclude:\ngroups:\ntags:\n  security:\n    - category: Cat\n      subcategories:\nimages:\n  favicon:\ncolors:\nheader:\n  links:\n    github:\n  logo:\n  motd:\nfooter:\n  links:\n    twitter: ~\n    github: https://github.com/f\nview_mode:\ngrid_items_size:\nosano:\nanalytics:\n",
    );
    assert_eq!(summary(&found), []);
    assert!(s.groups.is_empty() && s.images.is_empty() && s.colors.is_empty());
    assert!(s.tags["security"][0].subcategories.is_empty());
    assert!(s.header.expect("header").links.is_empty());
    let links = s.footer.expect("footer").links;
    assert_eq!(links.keys().collect::<Vec<_>>(), ["github"]);
}

#[test]
fn settings_values_landscape2_refuses_are_warnings_and_left_out() {
    let text = "foundation: ''\nurl: https://f.example.org\nview_mode: gallery\ngrid_items_size: huge\nscreenshot_width: 800\ndescription: ' '\nosano:\n  customer_id: \"../../evil\"\n  customer_configuration_id: c1\nanalytics:\n  gtm:\n    container_id: \"GTM-1\\\"><script>\"\ntags:\n  security:\n    - category: ''\n      subcategories: []\nupcoming_event:\n  name: Con\n  start: soon\n  end: 2026-07-31\n  banner_url: https://f.example.org/b.png\n  details_url: https://f.example.org/con\nfooter:\n  links:\n    twitter: https://mastodon.social/@f\n";
    let (s, found) = loaded_settings(text);
    let mut found = summary(&found);
    found.sort_by_key(|(_, line, _)| *line);
    assert_eq!(
        found,
        [
            ("missing-field", 1, Severity::Warning),
            ("bad-value", 3, Severity::Warning),
            ("bad-value", 4, Severity::Warning),
            ("bad-value", 5, Severity::Warning),
            ("empty-value", 6, Severity::Warning),
            ("bad-value", 8, Severity::Warning),
            ("bad-value", 12, Severity::Warning),
            ("empty-value", 15, Severity::Warning),
            ("empty-value", 16, Severity::Warning),
            ("bad-value", 19, Severity::Warning),
            ("url-site", 25, Severity::Warning),
        ]
    );
    assert_eq!(s.view_mode, None);
    assert_eq!(s.grid_items_size, None);
    assert_eq!(s.description, None);
    assert!(s.osano.is_none());
    assert_eq!(
        s.analytics.and_then(|a| a.gtm).and_then(|g| g.container_id),
        None
    );
    assert!(s.upcoming_event.is_none());
    assert_eq!(
        s.footer.unwrap().links["twitter"],
        "https://mastodon.social/@f",
        "a link on another site is kept"
    );
}
#[test]
fn unknown_settings_keys_are_warnings_with_did_you_mean() {
    let (_, found) = loaded_settings(
        "foundation: F\nurl: https://f.example.org\nview_mod: card\nheader:\n  motdd: hi\n",
    );
    assert_eq!(
        summary(&found),
        [
            ("unknown-key", 3, Severity::Warning),
            ("unknown-key", 5, Severity::Warning),
        ]
    );
    assert_eq!(found[0].hint.as_deref(), Some("did you mean `view_mode`?"));
    assert_eq!(found[1].field.as_deref(), Some("header.motdd"));
    assert_eq!(found[1].hint.as_deref(), Some("did you mean `motd`?"));
}

#[test]
fn a_settings_file_without_url_is_a_warning() {
    let (s, found) = loaded_settings("foundation: F\n");
    assert_eq!(summary(&found), [("missing-field", 1, Severity::Warning)]);
    assert_eq!(found[0].field.as_deref(), Some("url"));
    assert_eq!(s.foundation, "F");
}
