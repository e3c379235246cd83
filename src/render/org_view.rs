//! An item's organization as its page (and so the explorer's item dialog, which shows that
//! page) presents it: headquarters, type, employees, funding, stock ticker, links, the
//! source it came from, its funding rounds and acquisitions. Text is the source's, escaped
//! by the templates; every link is http(s) or absent.

use crate::model::capitalize;
use serde::Serialize;

use crate::enrich::organization::web_url;
use crate::enrich::{Acquisition, FundingRound, Organization};
use crate::model::Item;

/// A sum of US dollars with its exact value and a short form (`1500000` → "$1.5M").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Money {
    pub value: u64,
    pub short: String,
}

/// One funding round as the tables show it.
#[derive(Debug, Serialize, PartialEq)]
pub struct RoundView {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// "Series A", "Seed", "Post IPO equity".
    pub kind: Option<String>,
    pub amount: Option<Money>,
    /// Lead investors, joined by ", ".
    pub lead_investors: String,
}

/// One acquisition as the tables show it.
#[derive(Debug, Serialize, PartialEq)]
pub struct AcquisitionView {
    pub date: Option<String>,
    pub acquiree: Option<String>,
    pub price: Option<Money>,
}

/// Everything the item page shows of its organization.
#[derive(Debug, Serialize)]
pub struct OrgView {
    pub name: Option<String>,
    pub homepage: Option<String>,
    pub description: Option<String>,
    /// `city, region, country`, the parts that are known.
    pub headquarters: Option<String>,
    /// What it is ("company", "public company").
    pub kind: Option<String>,
    /// "For profit" or "Non-profit".
    pub company_type: Option<String>,
    /// "1,001 - 5,000", "> 10", "< 50".
    pub employees: Option<String>,
    pub funding: Option<Money>,
    pub stock_exchange: Option<String>,
    pub ticker: Option<String>,
    pub founded: Option<String>,
    pub linkedin: Option<String>,
    pub twitter: Option<String>,
    /// "Wikidata" or "Crunchbase", and the organization's page there.
    pub source: Option<&'static str>,
    pub source_url: Option<String>,
    /// The item's `funding_url`: landscape2 links it instead of the rounds table.
    pub funding_url: Option<String>,
    /// Newest first.
    pub rounds: Vec<RoundView>,
    /// Newest first.
    pub acquisitions: Vec<AcquisitionView>,
}

/// What an item is, in words: its own description, else its GitHub repository's, else its
/// organization's (landscape2's order); `None` when none has any text.
pub fn description<'a>(
    item: &'a Item,
    github: Option<&'a crate::enrich::ItemGithub>,
    org: Option<&'a Organization>,
) -> Option<&'a str> {
    // Returned as written (landscape2's data files keep it so); blank counts as none.
    let text = |d: Option<&'a String>| d.map(String::as_str).filter(|d| !d.trim().is_empty());
    text(item.description.as_ref())
        .or_else(|| text(github?.description.as_ref()))
        .or_else(|| text(org?.description.as_ref()))
}

/// The organization section of `item`'s page; `None` when there is no organization data.
pub fn org_view(item: &Item, org: Option<&Organization>) -> Option<OrgView> {
    let org = org?;
    let place: Vec<&str> = [&org.city, &org.region, &org.country]
        .into_iter()
        .filter_map(|p| p.as_deref().map(str::trim).filter(|p| !p.is_empty()))
        .collect();
    let funding_url = web_url(item.extra.links.get("funding_url").map(String::as_str));
    Some(OrgView {
        name: (org.name.clone()).or_else(|| super::explorer::organization(item)),
        homepage: web_url(org.homepage_url.as_deref()),
        description: org.description.clone(),
        headquarters: (!place.is_empty()).then(|| place.join(", ")),
        kind: org.kind.clone(),
        company_type: org.company_type.as_deref().map(company_type),
        employees: employees(org.num_employees_min, org.num_employees_max),
        funding: org.funding.filter(|f| *f > 0).map(money),
        stock_exchange: org.stock_exchange.clone(),
        ticker: org.ticker.clone(),
        founded: org.founded.clone(),
        linkedin: web_url(org.linkedin_url.as_deref()),
        twitter: web_url(org.twitter_url.as_deref()),
        source: org.source.map(|s| s.name()),
        source_url: web_url(org.source_url.as_deref()),
        rounds: if funding_url.is_some() {
            Vec::new()
        } else {
            rounds(&org.funding_rounds)
        },
        funding_url,
        acquisitions: acquisitions(&org.acquisitions),
    })
}

/// Funding rounds newest first (undated last).
pub fn rounds(rounds: &[FundingRound]) -> Vec<RoundView> {
    let mut sorted: Vec<&FundingRound> = rounds.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.announced_on));
    sorted
        .into_iter()
        .map(|r| RoundView {
            date: r.announced_on.map(|d| d.to_string()),
            kind: r.kind.as_deref().map(investment_type),
            amount: r.amount.map(money),
            lead_investors: r.lead_investors.join(", "),
        })
        .collect()
}

/// Acquisitions newest first (undated last).
pub fn acquisitions(acquisitions: &[Acquisition]) -> Vec<AcquisitionView> {
    let mut sorted: Vec<&Acquisition> = acquisitions.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.announced_on));
    sorted
        .into_iter()
        .map(|a| AcquisitionView {
            date: a.announced_on.map(|d| d.to_string()),
            acquiree: a.acquiree_name.clone(),
            price: a.price.map(money),
        })
        .collect()
}

/// `1_500_000` → "$1.5M", `2_300_000_000` → "$2.3B", `950` → "$950".
pub fn money(value: u64) -> Money {
    let (scale, suffix) = match value {
        0..1_000 => (1.0, ""),
        1_000..1_000_000 => (1e3, "k"),
        1_000_000..1_000_000_000 => (1e6, "M"),
        _ => (1e9, "B"),
    };
    let x = value as f64 / scale;
    let number = if suffix.is_empty() || x >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}").trim_end_matches(".0").to_string()
    };
    Money {
        value,
        short: format!("${number}{suffix}"),
    }
}

/// Crunchbase's investment types (`series_a`, `post_ipo_equity`) as people write them.
pub fn investment_type(kind: &str) -> String {
    let words: Vec<String> = kind
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(k, w)| match w {
            "ipo" | "ico" => w.to_uppercase(),
            _ if w.len() == 1 => w.to_uppercase(),
            _ if k == 0 => capitalize(w),
            _ => w.to_string(),
        })
        .collect();
    words.join(" ")
}

fn company_type(value: &str) -> String {
    match value {
        "for_profit" => "For profit".into(),
        "non_profit" => "Non-profit".into(),
        other => capitalize(&other.replace('_', " ")),
    }
}

/// landscape2's employee range: `min - max`, `> min` or `< max`; one number when they agree.
fn employees(min: Option<u64>, max: Option<u64>) -> Option<String> {
    let n = |v: u64| group_thousands(v);
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(n(a)),
        (Some(a), Some(b)) => Some(format!("{} - {}", n(a), n(b))),
        (Some(a), None) => Some(format!("> {}", n(a))),
        (None, Some(b)) => Some(format!("< {}", n(b))),
        (None, None) => None,
    }
}

/// `12345` → "12,345".
pub(crate) fn group_thousands(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::enrich::OrgSource;
    use chrono::NaiveDate;

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().expect("a date"))
    }

    pub(crate) fn sample() -> Organization {
        Organization {
            source: Some(OrgSource::Crunchbase),
            source_url: Some("https://www.crunchbase.com/organization/acme".into()),
            name: Some("Acme <Corp>".into()),
            description: Some("Makes things".into()),
            homepage_url: Some("https://acme.example".into()),
            city: Some("San Francisco".into()),
            region: Some("California".into()),
            country: Some("United States".into()),
            company_type: Some("for_profit".into()),
            kind: Some("company".into()),
            num_employees_min: Some(1001),
            num_employees_max: Some(5000),
            linkedin_url: Some("javascript:alert(1)".into()),
            twitter_url: Some("https://twitter.com/acme".into()),
            stock_exchange: Some("nasdaq".into()),
            ticker: Some("ACME".into()),
            funding: Some(1_500_000_000),
            funding_rounds: vec![
                FundingRound {
                    announced_on: day("2019-05-01"),
                    kind: Some("series_a".into()),
                    amount: Some(20_000_000),
                    lead_investors: vec!["Fund One".into(), "Fund Two".into()],
                },
                FundingRound {
                    announced_on: day("2021-02-03"),
                    kind: Some("post_ipo_equity".into()),
                    amount: None,
                    lead_investors: vec![],
                },
            ],
            acquisitions: vec![Acquisition {
                announced_on: day("2020-07-08"),
                acquiree_name: Some("Widget Co".into()),
                acquiree_cb_permalink: None,
                price: Some(250_000_000),
            }],
            ..Organization::default()
        }
    }

    #[test]
    fn the_section_shows_the_organization() {
        let item = Item::default();
        let v = org_view(&item, Some(&sample())).expect("a view");
        assert_eq!(v.name.as_deref(), Some("Acme <Corp>"));
        assert_eq!(
            v.headquarters.as_deref(),
            Some("San Francisco, California, United States")
        );
        assert_eq!(v.company_type.as_deref(), Some("For profit"));
        assert_eq!(v.employees.as_deref(), Some("1,001 - 5,000"));
        assert_eq!(v.funding.as_ref().map(|m| m.short.as_str()), Some("$1.5B"));
        assert_eq!(v.source, Some("Crunchbase"));
        // Only web links are kept.
        assert_eq!(v.linkedin, None);
        assert_eq!(v.twitter.as_deref(), Some("https://twitter.com/acme"));
        // Newest first.
        let dates: Vec<_> = v.rounds.iter().map(|r| r.date.clone()).collect();
        assert_eq!(
            dates,
            [Some("2021-02-03".to_string()), Some("2019-05-01".into())]
        );
        assert_eq!(v.rounds[0].kind.as_deref(), Some("Post IPO equity"));
        assert_eq!(v.rounds[1].kind.as_deref(), Some("Series A"));
        assert_eq!(v.rounds[1].lead_investors, "Fund One, Fund Two");
        assert_eq!(v.acquisitions[0].price, Some(money(250_000_000)));
        assert!(org_view(&item, None).is_none());
    }

    #[test]
    fn a_funding_url_replaces_the_rounds() {
        let mut item = Item::default();
        (item.extra.links).insert("funding_url".into(), "https://opencollective.com/x".into());
        let v = org_view(&item, Some(&sample())).expect("a view");
        assert!(v.rounds.is_empty());
        assert_eq!(
            v.funding_url.as_deref(),
            Some("https://opencollective.com/x")
        );
        assert_eq!(v.acquisitions.len(), 1);
    }

    #[test]
    fn descriptions_fall_back_to_github_then_the_organization() {
        let org = sample();
        let mut gh = crate::enrich::ItemGithub::default();
        let mut item = Item::default();
        assert_eq!(description(&item, None, Some(&org)), Some("Makes things"));
        gh.description = Some("From GitHub".into());
        assert_eq!(
            description(&item, Some(&gh), Some(&org)),
            Some("From GitHub")
        );
        item.description = Some(" ".into());
        assert_eq!(description(&item, Some(&gh), None), Some("From GitHub"));
        item.description = Some("Own".into());
        assert_eq!(description(&item, Some(&gh), Some(&org)), Some("Own"));
        assert_eq!(description(&Item::default(), None, None), None);
    }

    /// The section as the item page (and so the dialog) shows it: source text escaped, only
    /// web links, the source credited.
    #[test]
    fn the_section_renders_escaped() {
        let templates = crate::render::Templates::load(None).expect("built-in templates");
        let item = Item {
            crunchbase: Some("https://www.crunchbase.com/organization/acme".into()),
            ..Item::default()
        };
        let mut org = sample();
        org.description = Some("<script>alert(1)</script>".into());
        org.homepage_url = Some("javascript:alert(1)".into());
        let mut ctx = tera::Context::new();
        ctx.insert("org", &org_view(&item, Some(&org)));
        ctx.insert("item", &item);
        let html = (templates.render("item-organization.html", &ctx)).expect("renders");
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains(r#"<p class="org-name">Acme &lt;Corp&gt; <span class="tag org-kind">company</span> <span class="tag org-type">For profit</span></p>"#), "{html}");
        assert!(
            html.contains(r#"<p class="org-hq">San Francisco, California, United States</p>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<dd class="org-funding" title="1500000000 USD">$1.5B</dd>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<dd class="org-employees">1,001 - 5,000</dd>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<dd class="org-ticker">ACME</dd>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<a href="https://twitter.com/acme" rel="noopener nofollow">Twitter / X</a>"#
            ),
            "{html}"
        );
        assert!(!html.contains(">LinkedIn<"), "{html}");
        assert!(
            html.contains(
                r#"<td>Series A</td><td data-value="20000000">$20M</td><td>Fund One, Fund Two</td>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<td>Widget Co</td><td data-value="250000000">$250M</td>"#),
            "{html}"
        );
        assert!(html.contains(r#"Organization data from <a href="https://www.crunchbase.com/organization/acme" rel="noopener nofollow">Crunchbase</a>."#), "{html}");
    }

    #[test]
    fn numbers_read_like_landscape2s() {
        assert_eq!(money(950).short, "$950");
        assert_eq!(money(12_500).short, "$12.5k");
        assert_eq!(money(20_000_000).short, "$20M");
        assert_eq!(money(123_400_000).short, "$123M");
        assert_eq!(employees(Some(10), None).as_deref(), Some("> 10"));
        assert_eq!(employees(None, Some(50)).as_deref(), Some("< 50"));
        assert_eq!(employees(Some(7), Some(7)).as_deref(), Some("7"));
        assert_eq!(employees(None, None), None);
        assert_eq!(investment_type("series_unknown"), "Series unknown");
        assert_eq!(investment_type("seed"), "Seed");
        assert_eq!(company_type("non_profit"), "Non-profit");
    }
}
