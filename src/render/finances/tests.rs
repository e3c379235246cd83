//! The finances page's unit tests.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::enrich::{Acquisition, FundingRound};

fn day(s: &str) -> Option<NaiveDate> {
    Some(s.parse().expect("a date"))
}

fn landscape() -> Landscape {
    let item = |name: &str| {
        format!(
            "    - item:\n      name: {name}\n      homepage_url: https://{name}.io\n      logo: {name}.svg\n"
        )
    };
    let yaml = format!(
        "landscape:\n- category:\n  name: Runtime\n  subcategories:\n  - subcategory:\n    name: S\n    items:\n{}{}- category:\n  name: \"<b>Tools</b>\"\n  subcategories:\n  - subcategory:\n    name: T\n    items:\n{}{}",
        item("a"),
        item("b"),
        item("c"),
        item("d")
    );
    crate::load::landscape::read("l.yml", &yaml).landscape
}

fn urls() -> Urls {
    Urls {
        base: "/base".into(),
        logo_files: HashMap::new(),
        tile_files: Default::default(),
    }
}

fn round(date: &str, kind: &str, amount: u64) -> FundingRound {
    FundingRound {
        announced_on: day(date),
        kind: Some(kind.into()),
        amount: Some(amount),
        lead_investors: vec!["Fund".into()],
    }
}

#[test]
fn organizations_count_once_and_rounds_come_newest_first() {
    let landscape = landscape();
    let acme = Arc::new(Organization {
        name: Some("Acme".into()),
        funding: Some(30_000_000),
        funding_rounds: vec![
            round("2019-01-10", "seed", 10_000_000),
            round("2021-06-01", "series_a", 20_000_000),
        ],
        acquisitions: vec![Acquisition {
            announced_on: day("2022-03-04"),
            acquiree_name: Some("<Tiny>".into()),
            acquiree_cb_permalink: None,
            price: Some(1_000_000),
        }],
        ..Organization::default()
    });
    let other = Arc::new(Organization {
        name: Some("Other".into()),
        funding: Some(5_000_000),
        ..Organization::default()
    });
    // Acme is behind a (Runtime) and c (Tools): one organization in two categories.
    let orgs = vec![Some(acme.clone()), None, Some(acme), Some(other)];
    assert!(has_page(&orgs));
    assert_eq!(distinct(&orgs).len(), 2);
    let view = finances_view(&landscape, &orgs, &urls());

    let headline = |label: &str| {
        (view.headlines.iter())
            .find(|h| h.label == label)
            .map(|h| h.value.clone())
    };
    assert_eq!(headline("Total funding").as_deref(), Some("$35M"));
    assert_eq!(headline("Funding rounds").as_deref(), Some("2"));
    assert_eq!(headline("Acquisitions").as_deref(), Some("1"));
    assert_eq!(headline("Paid for acquisitions").as_deref(), Some("$1M"));

    let dates: Vec<_> = view.rounds.iter().map(|r| r.date.as_deref()).collect();
    assert_eq!(dates, [Some("2021-06-01"), Some("2019-01-10")]);
    assert_eq!(view.rounds[0].organization, "Acme");
    assert_eq!(view.rounds[0].url, "/base/items/a/");
    assert_eq!(view.rounds[0].kind.as_deref(), Some("Series A"));
    assert_eq!(view.acquisitions[0].acquiree.as_deref(), Some("<Tiny>"));

    let chart = |id: &str| view.charts.iter().find(|c| c.id == id).expect(id);
    // Every year from the first round to the last, with its money in exact dollars.
    assert_eq!(
        chart("raised-per-year").rows,
        [
            ("2019".to_string(), "$10,000,000".to_string()),
            ("2020".into(), "$0".into()),
            ("2021".into(), "$20,000,000".into()),
        ]
    );
    assert!(chart("raised-per-year").svg.contains(">$20M</text>"));
    assert_eq!(chart("rounds-per-year").rows.len(), 3);
    // Acme's funding counts in both its categories, Other's in its own.
    assert_eq!(
        chart("funding-by-category").rows,
        [
            ("<b>Tools</b>".to_string(), "$35,000,000".to_string()),
            ("Runtime".into(), "$30,000,000".into()),
        ]
    );
    let svg = &chart("funding-by-category").svg;
    assert!(
        svg.contains("&lt;b&gt;Tools") && !svg.contains("<b>"),
        "{svg}"
    );
    assert!(roxmltree::Document::parse(svg).is_ok());
    assert_eq!(
        chart("raised-by-type").rows,
        [
            ("Series A".to_string(), "$20,000,000".to_string()),
            ("Seed".into(), "$10,000,000".into()),
        ]
    );
    assert_eq!(
        chart("acquisitions-per-year").rows,
        [("2022".to_string(), "1".to_string())]
    );
}

#[test]
fn no_money_no_page() {
    let org = Arc::new(Organization {
        name: Some("Quiet".into()),
        country: Some("France".into()),
        ..Organization::default()
    });
    assert!(!has_page(&[Some(org), None]));
    assert!(!has_page(&[None, None]));
    let view = finances_view(&landscape(), &[None, None, None, None], &urls());
    assert!(view.charts.is_empty() && view.rounds.is_empty());
}
