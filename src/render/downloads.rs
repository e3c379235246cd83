//! landscape2's downloads: `docs/items.csv` (its 50 columns), `docs/projects.csv` and
//! `docs/projects.md`, and the QR code of the site's URL, in its exact shapes.
//!
//! The `organization`, `funding`, `headquarters` and `crunchbase_*` columns come from the
//! item's organization (Crunchbase or Wikidata), empty when the build has none. CSV cells a
//! spreadsheet would run as a formula are defused as in our own `items.csv` (contributor and
//! source text is untrusted).

use std::collections::HashMap;

use serde::Serialize;

use super::api::{Sources, by_lowercase_name, date, github_license};
use super::data::{custom_cells, defuse_formula, write_with_custom};
use crate::enrich::Organization;
use crate::model::{Item, Landscape};

/// One row of `docs/items.csv`: landscape2's columns, named and ordered as it writes them.
#[derive(Default, Serialize)]
struct CsvItem {
    name: String,
    /// The organization's name (landscape2 ignores an item's own `organization`).
    organization: Option<String>,
    homepage: String,
    logo: String,
    twitter: Option<String>,
    crunchbase_url: Option<String>,
    funding: Option<u64>,
    member: Option<String>,
    relation: Option<String>,
    tag: Option<String>,
    license: Option<String>,
    headquarters: Option<String>,
    description: Option<String>,
    crunchbase_description: Option<String>,
    crunchbase_homepage: Option<String>,
    crunchbase_city: Option<String>,
    crunchbase_region: Option<String>,
    crunchbase_country: Option<String>,
    crunchbase_twitter: Option<String>,
    crunchbase_linkedin: Option<String>,
    crunchbase_ticker: Option<String>,
    crunchbase_kind: Option<String>,
    crunchbase_min_employees: Option<u64>,
    crunchbase_max_employees: Option<u64>,
    category: String,
    subcategory: String,
    oss: Option<bool>,
    github_repo: Option<String>,
    github_stars: Option<u64>,
    github_description: Option<String>,
    github_latest_commit_date: Option<String>,
    github_latest_commit_link: Option<String>,
    github_latest_release_date: Option<String>,
    github_latest_release_link: Option<String>,
    github_start_commit_date: Option<String>,
    github_start_commit_link: Option<String>,
    github_contributors_count: Option<u64>,
    github_contributors_link: Option<String>,
    accepted: Option<String>,
    incubation: Option<String>,
    graduated: Option<String>,
    dev_stats_url: Option<String>,
    artwork_url: Option<String>,
    blog_url: Option<String>,
    mailing_list_url: Option<String>,
    slack_url: Option<String>,
    youtube_url: Option<String>,
    chat_channel: Option<String>,
    last_audit_date: Option<String>,
    last_audit_url: Option<String>,
}

/// landscape2's `member_subcategory`: the subcategory of the members-category item with the
/// same Crunchbase URL (the last one in data order), for members and their other items.
pub fn member_subcategories<'a>(
    landscape: &'a Landscape,
    members_category: Option<&str>,
) -> Vec<Option<&'a str>> {
    let mut by_crunchbase: HashMap<&str, &str> = HashMap::new();
    for item in &landscape.items {
        if Some(item.category.as_str()) == members_category
            && let Some(url) = &item.crunchbase
        {
            by_crunchbase.insert(url, &item.subcategory);
        }
    }
    (landscape.items.iter())
        .map(|i| by_crunchbase.get(i.crunchbase.as_deref()?).copied())
        .collect()
}

fn csv_item(item: &Item, member: Option<&str>, src: &Sources) -> CsvItem {
    let extra = &item.extra;
    let owned = |s: Option<&String>| s.cloned();
    let link = |key: &str| owned(extra.links.get(key));
    let day = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d").to_string();
    let primary = item.primary_repo();
    let stats = primary.and_then(|r| src.stats(r));
    let last_audit = extra.audits.last();
    let mut row = CsvItem {
        name: item.name.clone(),
        homepage: item.homepage_url.clone(),
        logo: (src.urls.logo_files.get(&item.logo))
            .map_or_else(String::new, |f| format!("logos/{f}")),
        twitter: item.twitter.clone(),
        crunchbase_url: item.crunchbase.clone(),
        member: member.map(str::to_string),
        relation: (item.maturity.clone()).or_else(|| member.map(|_| "member".to_string())),
        tag: (!extra.tags.is_empty()).then(|| extra.tags.join(",")),
        license: (primary.and_then(|r| r.license.as_deref()))
            .or_else(|| stats.and_then(github_license))
            .map(str::to_string),
        description: src.description(item).map(str::to_string),
        category: item.category.clone(),
        subcategory: item.subcategory.clone(),
        oss: src.oss(item),
        accepted: date(extra.dates.get("accepted")).map(str::to_string),
        incubation: date(extra.dates.get("incubating")).map(str::to_string),
        graduated: date(extra.dates.get("graduated")).map(str::to_string),
        dev_stats_url: link("dev_stats_url"),
        artwork_url: link("artwork_url"),
        blog_url: link("blog_url"),
        mailing_list_url: link("mailing_list_url"),
        slack_url: link("slack_url"),
        youtube_url: link("youtube_url"),
        chat_channel: owned(extra.text.get("chat_channel")),
        last_audit_date: last_audit
            .and_then(|a| date(Some(&a.date)))
            .map(str::to_string),
        last_audit_url: last_audit.map(|a| a.url.clone()),
        ..CsvItem::default()
    };
    if let (Some(repo), Some(stats)) = (primary, stats) {
        row.github_repo = Some(stats.url.clone());
        row.github_stars = Some(stats.stars);
        row.github_description = stats.description.clone();
        row.github_latest_commit_date = stats.latest_commit.as_ref().map(|c| day(c.date));
        row.github_latest_commit_link = stats.latest_commit.as_ref().map(|c| c.url.clone());
        let release = stats.latest_release.as_ref();
        row.github_latest_release_date = release.and_then(|r| r.date).map(day);
        row.github_latest_release_link = release.map(|r| r.url.clone());
        row.github_start_commit_date = stats.first_commit.as_ref().map(|c| day(c.date));
        row.github_start_commit_link = stats.first_commit.as_ref().map(|c| c.url.clone());
        row.github_contributors_count = stats.contributors;
        let url = repo.url.trim_end_matches('/');
        row.github_contributors_link = Some(format!("{url}/graphs/contributors"));
    }
    if let Some(org) = item.crunchbase.as_deref().and_then(|url| src.orgs.get(url)) {
        row.with_organization(org);
    }
    row
}

impl CsvItem {
    /// Fills the organization's columns as landscape2 does: `twitter` falls back to the
    /// organization's, `headquarters` joins the city, region and country it has, and
    /// `crunchbase_kind` is `funding` when a funding total is known.
    fn with_organization(&mut self, org: &Organization) {
        self.organization.clone_from(&org.name);
        self.funding = org.funding;
        self.crunchbase_description.clone_from(&org.description);
        self.crunchbase_homepage.clone_from(&org.homepage_url);
        self.crunchbase_city.clone_from(&org.city);
        self.crunchbase_region.clone_from(&org.region);
        self.crunchbase_country.clone_from(&org.country);
        self.crunchbase_twitter.clone_from(&org.twitter_url);
        self.crunchbase_linkedin.clone_from(&org.linkedin_url);
        self.crunchbase_ticker.clone_from(&org.ticker);
        self.crunchbase_kind = org.funding.map(|_| "funding".to_string());
        self.crunchbase_min_employees = org.num_employees_min;
        self.crunchbase_max_employees = org.num_employees_max;
        if self.twitter.is_none() {
            self.twitter.clone_from(&org.twitter_url);
        }
        let hq: Vec<&str> = [&org.city, &org.region, &org.country]
            .into_iter()
            .filter_map(Option::as_deref)
            .collect();
        self.headquarters = (!hq.is_empty()).then(|| hq.join(", "));
    }

    /// The row with every text cell a spreadsheet could run defused.
    fn defused(mut self) -> Self {
        let cell = |s: &mut String| *s = defuse_formula(s);
        for s in [
            &mut self.name,
            &mut self.homepage,
            &mut self.logo,
            &mut self.category,
            &mut self.subcategory,
        ] {
            cell(s);
        }
        for s in [
            &mut self.organization,
            &mut self.twitter,
            &mut self.crunchbase_url,
            &mut self.member,
            &mut self.relation,
            &mut self.tag,
            &mut self.license,
            &mut self.headquarters,
            &mut self.description,
            &mut self.crunchbase_description,
            &mut self.crunchbase_homepage,
            &mut self.crunchbase_city,
            &mut self.crunchbase_region,
            &mut self.crunchbase_country,
            &mut self.crunchbase_twitter,
            &mut self.crunchbase_linkedin,
            &mut self.crunchbase_ticker,
            &mut self.crunchbase_kind,
            &mut self.github_repo,
            &mut self.github_description,
            &mut self.github_latest_commit_link,
            &mut self.github_latest_release_link,
            &mut self.github_start_commit_link,
            &mut self.github_contributors_link,
            &mut self.dev_stats_url,
            &mut self.artwork_url,
            &mut self.blog_url,
            &mut self.mailing_list_url,
            &mut self.slack_url,
            &mut self.youtube_url,
            &mut self.chat_channel,
            &mut self.last_audit_url,
        ] {
            s.iter_mut().for_each(cell);
        }
        self
    }
}

/// `docs/items.csv`: one row per item, sorted by the lowercased name (ties in data order).
/// Like landscape2's, the header comes with the first row: no items, an empty file.
pub fn items_csv(src: &Sources) -> Vec<u8> {
    let items = &src.landscape.items;
    let members = member_subcategories(src.landscape, src.settings.members_category.as_deref());
    let mut w = csv::Writer::from_writer(Vec::new());
    let custom = &src.settings.custom_fields;
    let mut first = true;
    for i in by_lowercase_name(items) {
        let row = csv_item(&items[i], members[i], src).defused();
        // Writing into memory fails only on a serializer bug; such a row is left out.
        if custom.is_empty() {
            let _ = w.serialize(row);
        } else {
            let cells = custom_cells(&items[i], custom);
            let _ = write_with_custom(&mut w, row, &cells, custom, first);
            first = false;
        }
    }
    w.into_inner().unwrap_or_default()
}

/// One project (an item with a maturity) in `docs/projects.csv` and `.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The item's name, lowercased.
    pub name: String,
    pub homepage_url: String,
    pub maturity: String,
    pub tag: String,
    pub accepted: String,
    /// The accepted date unless the project entered at incubation (accepted = incubating).
    pub sandbox: String,
    pub incubating: String,
    pub graduated: String,
    pub archived: String,
    pub audits: usize,
    /// The date of the last audit listed (in file order, not the latest date).
    pub last_audit: String,
}

/// The projects, sorted by their lowercased name.
pub fn projects(landscape: &Landscape) -> Vec<Project> {
    let mut projects: Vec<Project> = (landscape.items.iter())
        .filter_map(|item| {
            let extra = &item.extra;
            let day = |key: &str| date(extra.dates.get(key)).unwrap_or("").to_string();
            let (accepted, incubating) = (day("accepted"), day("incubating"));
            Some(Project {
                name: item.name.to_lowercase(),
                homepage_url: item.homepage_url.clone(),
                maturity: item.maturity.clone()?,
                tag: extra.tags.join(","),
                sandbox: if accepted == incubating {
                    String::new()
                } else {
                    accepted.clone()
                },
                accepted,
                incubating,
                graduated: day("graduated"),
                archived: day("archived"),
                audits: extra.audits.len(),
                last_audit: (extra.audits.last())
                    .and_then(|a| date(Some(&a.date)))
                    .unwrap_or("")
                    .to_string(),
            })
        })
        .collect();
    projects.sort_by(|a, b| a.name.cmp(&b.name));
    projects
}

/// `docs/projects.csv`: the header, then a row per project.
pub fn projects_csv(projects: &[Project]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "project_name",
        "maturity",
        "tag",
        "accepted_date",
        "sandbox_date",
        "incubating_date",
        "graduated_date",
        "archived_date",
        "num_security_audits",
        "last_security_audit_date",
    ]);
    for p in projects {
        let audits = p.audits.to_string();
        let row = [
            &p.name,
            &p.maturity,
            &p.tag,
            &p.accepted,
            &p.sandbox,
            &p.incubating,
            &p.graduated,
            &p.archived,
            &audits,
            &p.last_audit,
        ];
        let _ = w.write_record(row.map(|c| defuse_formula(c)));
    }
    w.into_inner().unwrap_or_default()
}

const PROJECTS_MD_HEAD: &str = "## Projects

| **project_name** | **maturity** | **accepted_date** | **sandbox_date** | **incubating_date** | **graduated_date** | **archived_date** | **num_security_audits** | **last_security_audit_date** |
| :--------------- | :----------: | :---------------: | :--------------: | :-----------------: | :----------------: | :---------------: | :---------------------: | :--------------------------: |";

/// `docs/projects.md`: a markdown table, a row per project, no newline at the end.
pub fn projects_md(projects: &[Project]) -> String {
    let mut md = String::from(PROJECTS_MD_HEAD);
    for p in projects {
        md.push_str(&format!(
            "\n[{}]({}) | {} | {} | {} | {} | {} | {} | {} | {} |",
            md_text(&p.name),
            md_url(&p.homepage_url),
            md_text(&p.maturity),
            p.accepted,
            p.sandbox,
            p.incubating,
            p.graduated,
            p.archived,
            p.audits,
            p.last_audit,
        ));
    }
    md
}

/// Text in a table cell and link label: markdown and HTML specials are backslash-escaped
/// (landscape2 writes them as they are, so a name could break the table or carry HTML).
fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']' | '|' | '<' | '>' | '`' | '*' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link target: the characters that would end it or break the table are percent-encoded
/// (the loader only accepts http(s) URLs here).
fn md_url(url: &str) -> String {
    url.replace('(', "%28")
        .replace(')', "%29")
        .replace('|', "%7C")
        .replace(' ', "%20")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

/// `images/qr_code.svg`: the site's URL as a QR code, at least 200×200, black on white
/// (landscape2's rendering).
pub fn qr_code_svg(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(url.as_bytes())?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Settings;
    use crate::render::views::Urls;

    const DATA: &str = "
landscape:
  - category:
    name: Platform
    subcategories:
      - subcategory:
        name: Runtimes
        items:
          - item:
            name: Acme
            homepage_url: https://acme.example.org/
            logo: a.svg
            twitter: https://twitter.com/acme_own
            crunchbase: https://www.crunchbase.com/organization/acme
";

    /// The CSV's rows as string cells (header first).
    fn rows(csv: &[u8]) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv);
        (reader.records())
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn organization_cells_are_defused_and_the_items_twitter_wins() {
        let landscape = crate::load::landscape::read("landscape.yml", DATA).landscape;
        let settings: Settings = crate::yaml::parse_typed("foundation: F\n").expect("settings");
        let urls = Urls {
            base: String::new(),
            logo_files: Default::default(),
            tile_files: Default::default(),
        };
        let org = Organization {
            name: Some("=HYPERLINK(\"https://evil.example\")".into()),
            description: Some("+1 builds things".into()),
            city: Some("@home".into()),
            country: Some("Nowhere".into()),
            ticker: Some("-ACME".into()),
            twitter_url: Some("https://twitter.com/acme_org".into()),
            ..Organization::default()
        };
        let src = Sources {
            landscape: &landscape,
            settings: &settings,
            urls: &urls,
            enrichment: None,
            orgs: [("https://www.crunchbase.com/organization/acme", &org)].into(),
        };
        let rows = rows(&items_csv(&src));
        let cell = |name: &str| {
            let at = rows[0].iter().position(|c| c == name).unwrap();
            rows[1][at].as_str()
        };
        assert_eq!(
            cell("organization"),
            "'=HYPERLINK(\"https://evil.example\")"
        );
        assert_eq!(cell("crunchbase_description"), "'+1 builds things");
        assert_eq!(cell("crunchbase_city"), "'@home");
        assert_eq!(cell("headquarters"), "'@home, Nowhere");
        assert_eq!(cell("crunchbase_ticker"), "'-ACME");
        assert_eq!(cell("twitter"), "https://twitter.com/acme_own");
        assert_eq!(cell("crunchbase_twitter"), "https://twitter.com/acme_org");
        // No funding total: no kind, no funding.
        assert_eq!((cell("funding"), cell("crunchbase_kind")), ("", ""));
    }
}
