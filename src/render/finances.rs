//! The finances page (`finances/`, landscape2's "Finances"): the money raised and the
//! acquisitions made by the landscape's organizations, over time and by category, as charts
//! drawn at build time with their numbers in tables, then every funding round and
//! acquisition. Each organization counts once, however many items it has.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::charts::{self, Bar};
use super::explorer::organization_named;
use super::org_view::{Money, group_thousands, investment_type, money};
use super::stats::Headline;
use super::views::Urls;
use crate::enrich::Organization;
use crate::model::Landscape;

/// One chart with its numbers as they read (`$1,500,000`).
#[derive(Debug, Serialize)]
pub struct FinanceChart {
    pub id: &'static str,
    pub title: &'static str,
    /// Inline SVG (escaped labels).
    pub svg: String,
    pub rows: Vec<(String, String)>,
}

/// A funding round in the list, with the organization that raised it.
#[derive(Debug, Serialize, PartialEq)]
pub struct RoundRow {
    pub date: Option<String>,
    pub organization: String,
    /// The page of (the first) item of the organization.
    pub url: String,
    pub kind: Option<String>,
    pub amount: Option<Money>,
    pub lead_investors: String,
}

/// An acquisition in the list, with the organization that made it.
#[derive(Debug, Serialize, PartialEq)]
pub struct AcquisitionRow {
    pub date: Option<String>,
    pub organization: String,
    pub url: String,
    pub acquiree: Option<String>,
    pub price: Option<Money>,
}

/// Everything the finances page shows.
#[derive(Debug, Serialize)]
pub struct FinancesView {
    pub headlines: Vec<Headline>,
    pub charts: Vec<FinanceChart>,
    /// Newest first.
    pub rounds: Vec<RoundRow>,
    /// Newest first.
    pub acquisitions: Vec<AcquisitionRow>,
}

/// Whether the site has a finances page: some organization has a funding figure, a funding
/// round or an acquisition.
pub fn has_page(orgs: &[Option<Arc<Organization>>]) -> bool {
    orgs.iter().flatten().any(|o| {
        o.funding.is_some_and(|f| f > 0)
            || !o.funding_rounds.is_empty()
            || !o.acquisitions.is_empty()
    })
}

/// Each organization once, with the indices of the items it is behind, in item order.
pub fn distinct(orgs: &[Option<Arc<Organization>>]) -> Vec<(&Organization, Vec<usize>)> {
    let mut out: Vec<(&Organization, Vec<usize>)> = Vec::new();
    let mut seen: BTreeMap<*const Organization, usize> = BTreeMap::new();
    for (k, org) in orgs.iter().enumerate() {
        let Some(org) = org else { continue };
        match seen.get(&Arc::as_ptr(org)) {
            Some(&at) => out[at].1.push(k),
            None => {
                seen.insert(Arc::as_ptr(org), out.len());
                out.push((org, vec![k]));
            }
        }
    }
    out
}

/// Computes the finances page.
pub fn finances_view(
    landscape: &Landscape,
    orgs: &[Option<Arc<Organization>>],
    urls: &Urls,
) -> FinancesView {
    let items = &landscape.items;
    let orgs = distinct(orgs);
    let mut rounds = Vec::new();
    let mut acquisitions = Vec::new();
    let mut raised_per_year: BTreeMap<i32, u64> = BTreeMap::new();
    let mut rounds_per_year: BTreeMap<i32, u64> = BTreeMap::new();
    let mut acquired_per_year: BTreeMap<i32, u64> = BTreeMap::new();
    let mut raised_by_type: BTreeMap<String, u64> = BTreeMap::new();
    let mut funding_by_category: BTreeMap<&str, u64> = BTreeMap::new();
    let mut acquisitions_by_category: BTreeMap<&str, u64> = BTreeMap::new();
    for (org, listed) in &orgs {
        let first = &items[listed[0]];
        let name = organization_named(first, Some(org)).unwrap_or_else(|| first.name.clone());
        let url = urls.item(first);
        let categories: HashSet<&str> =
            listed.iter().map(|k| items[*k].category.as_str()).collect();
        for c in &categories {
            if let Some(f) = org.funding.filter(|f| *f > 0) {
                *funding_by_category.entry(c).or_default() += f;
            }
            if !org.acquisitions.is_empty() {
                *acquisitions_by_category.entry(c).or_default() += org.acquisitions.len() as u64;
            }
        }
        for r in &org.funding_rounds {
            if let Some(year) = r.announced_on.map(|d| chrono::Datelike::year(&d)) {
                *rounds_per_year.entry(year).or_default() += 1;
                *raised_per_year.entry(year).or_default() += r.amount.unwrap_or(0);
            }
            if let (Some(kind), Some(amount)) = (&r.kind, r.amount) {
                *raised_by_type.entry(investment_type(kind)).or_default() += amount;
            }
            rounds.push((
                r.announced_on,
                RoundRow {
                    date: r.announced_on.map(|d| d.to_string()),
                    organization: name.clone(),
                    url: url.clone(),
                    kind: r.kind.as_deref().map(investment_type),
                    amount: r.amount.map(money),
                    lead_investors: r.lead_investors.join(", "),
                },
            ));
        }
        for a in &org.acquisitions {
            if let Some(year) = a.announced_on.map(|d| chrono::Datelike::year(&d)) {
                *acquired_per_year.entry(year).or_default() += 1;
            }
            acquisitions.push((
                a.announced_on,
                AcquisitionRow {
                    date: a.announced_on.map(|d| d.to_string()),
                    organization: name.clone(),
                    url: url.clone(),
                    acquiree: a.acquiree_name.clone(),
                    price: a.price.map(money),
                },
            ));
        }
    }
    // Newest first, undated last; the same day in organization order.
    rounds.sort_by_key(|r| std::cmp::Reverse(r.0));
    acquisitions.sort_by_key(|a| std::cmp::Reverse(a.0));

    let total_funding: u64 = orgs.iter().filter_map(|(o, _)| o.funding).sum();
    let acquisitions_price: u64 = (orgs.iter())
        .flat_map(|(o, _)| o.acquisitions.iter().filter_map(|a| a.price))
        .sum();
    let mut headlines = vec![
        Headline {
            label: "Total funding",
            value: money(total_funding).short,
        },
        Headline {
            label: "Funding rounds",
            value: rounds.len().to_string(),
        },
        Headline {
            label: "Acquisitions",
            value: acquisitions.len().to_string(),
        },
    ];
    if acquisitions_price > 0 {
        headlines.push(Headline {
            label: "Paid for acquisitions",
            value: money(acquisitions_price).short,
        });
    }

    let mut charts = Vec::new();
    let mut add = |id, title, bars: Vec<Bar>, money: bool, columns: bool| {
        if bars.iter().all(|b| b.value == 0) {
            return;
        }
        let bars: Vec<Bar> = if money {
            (bars.into_iter())
                .map(|b| {
                    let short = self::money(b.value).short;
                    b.with_text(short)
                })
                .collect()
        } else {
            bars
        };
        let svg = if columns {
            charts::columns(id, title, &bars)
        } else {
            charts::hbars(id, title, &bars)
        };
        let rows = (bars.into_iter())
            .map(|b| {
                let exact = if money {
                    format!("${}", group_thousands(b.value))
                } else {
                    b.value.to_string()
                };
                (b.label, exact)
            })
            .collect();
        charts.push(FinanceChart {
            id,
            title,
            svg,
            rows,
        });
    };
    add(
        "raised-per-year",
        "Money raised per year",
        years(&raised_per_year),
        true,
        true,
    );
    add(
        "rounds-per-year",
        "Funding rounds per year",
        years(&rounds_per_year),
        false,
        true,
    );
    add(
        "acquisitions-per-year",
        "Acquisitions per year",
        years(&acquired_per_year),
        false,
        true,
    );
    add(
        "funding-by-category",
        "Funding by category",
        largest(&funding_by_category),
        true,
        false,
    );
    add(
        "acquisitions-by-category",
        "Acquisitions by category",
        largest(&acquisitions_by_category),
        false,
        false,
    );
    add(
        "raised-by-type",
        "Money raised by round type",
        largest(&raised_by_type),
        true,
        false,
    );

    FinancesView {
        headlines,
        charts,
        rounds: rounds.into_iter().map(|(_, r)| r).collect(),
        acquisitions: acquisitions.into_iter().map(|(_, a)| a).collect(),
    }
}

/// One bar per year from the first to the last, years without any at zero.
fn years(per_year: &BTreeMap<i32, u64>) -> Vec<Bar> {
    let (Some(first), Some(last)) = (per_year.keys().next(), per_year.keys().next_back()) else {
        return Vec::new();
    };
    (*first..=*last)
        .map(|y| Bar::new(y.to_string(), per_year.get(&y).copied().unwrap_or(0)))
        .collect()
}

/// Bars largest first (ties by name).
fn largest<K: AsRef<str>>(values: &BTreeMap<K, u64>) -> Vec<Bar> {
    let mut bars: Vec<Bar> = (values.iter())
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| Bar::new(k.as_ref(), *v))
        .collect();
    bars.sort_by(|a, b| b.value.cmp(&a.value).then(a.label.cmp(&b.label)));
    bars
}

#[cfg(test)]
mod tests;
