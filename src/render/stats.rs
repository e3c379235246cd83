//! The stats page's figures: counts over the landscape (and its GitHub data, when the build
//! has it), each drawn as an inline SVG chart with its numbers in a table beside it.

use crate::model::capitalize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::charts::{self, Bar};
use super::explorer::{license, organization_named};
use super::github_view::figure;
use crate::enrich::{ItemGithub, Organization};
use crate::layout::LayoutModel;
use crate::load::Settings;
use crate::model::Landscape;

/// A headline number.
#[derive(Debug, Serialize)]
pub struct Headline {
    pub label: &'static str,
    pub value: String,
}

/// One chart with its data.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub id: &'static str,
    pub title: &'static str,
    /// Inline SVG (escaped labels, numbers only otherwise).
    pub svg: String,
    pub rows: Vec<(String, u64)>,
    pub note: Option<String>,
}

/// Everything the stats page shows.
#[derive(Debug, Serialize)]
pub struct StatsView {
    pub headlines: Vec<Headline>,
    pub charts: Vec<ChartView>,
    /// False when the build ran without `--github`: the GitHub charts are absent.
    pub has_github: bool,
}

const TOP: usize = 12;

/// Computes the stats page; the settings' `members_category` adds the members' figures
/// (their `maturity_levels` order and label the maturity chart), `orgs` (each item's
/// organization data) the organizations'.
pub fn stats_view(
    landscape: &Landscape,
    layout: &LayoutModel,
    gh: &[Option<ItemGithub>],
    orgs: &[Option<Arc<Organization>>],
    settings: &Settings,
) -> StatsView {
    let members_category = settings.members_category.as_deref();
    let items = &landscape.items;
    let mut charts = Vec::new();

    let per_category: Vec<Bar> = layout
        .categories
        .iter()
        .map(|c| {
            let distinct: HashSet<usize> = c
                .subcategories
                .iter()
                .flat_map(|s| s.tiles.iter().map(|t| t.item))
                .collect();
            Bar::new(c.name.clone(), distinct.len() as u64)
        })
        .collect();
    charts.push(chart(
        "categories",
        "Items per category",
        per_category,
        Kind::Rows,
    ));

    let maturity = settings.maturity_order();
    let mut by_maturity = tally(items.iter().filter_map(|i| i.maturity.clone()));
    by_maturity.sort_by_key(|b| {
        maturity
            .iter()
            .position(|m| m.eq_ignore_ascii_case(&b.label))
            .unwrap_or(maturity.len())
    });
    for b in &mut by_maturity {
        b.label = if settings.maturity_levels.is_empty() {
            capitalize(&b.label)
        } else {
            settings.maturity_label(&b.label)
        };
    }
    if !by_maturity.is_empty() {
        charts.push(chart(
            "maturity",
            "Projects by maturity",
            by_maturity,
            Kind::Rows,
        ));
    }

    let mut per_year: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        if let Some(d) = item.extra.dates.get("accepted").filter(|d| d.len() >= 4) {
            *per_year.entry(d[..4].to_string()).or_default() += 1;
        }
    }
    if !per_year.is_empty() {
        let bars = per_year.into_iter().map(|(y, n)| Bar::new(y, n)).collect();
        charts.push(chart(
            "accepted",
            "Projects accepted per year",
            bars,
            Kind::Columns,
        ));
    }

    let members = members_category.map(|name| members(landscape, layout, name));
    if let Some(m) = &members {
        charts.extend(m.charts());
    }

    let licenses = top(tally(
        items
            .iter()
            .zip(gh)
            .filter_map(|(i, g)| license(i, g.as_ref())),
    ));
    if !licenses.is_empty() {
        charts.push(chart("licenses", "Licenses", licenses, Kind::Rows));
    }

    let has_github = gh.iter().any(Option::is_some);
    let data: Vec<&ItemGithub> = gh.iter().flatten().collect();
    if has_github {
        let languages = top(tally(
            data.iter().filter_map(|g| g.primary_language.clone()),
        ));
        if !languages.is_empty() {
            charts.push(chart(
                "languages",
                "Primary languages",
                languages,
                Kind::Rows,
            ));
        }
        charts.push(chart(
            "stars",
            "Stars per item",
            stars_buckets(&data),
            Kind::Columns,
        ));
        charts.push(activity(&data));
    }

    let (org_headlines, org_charts) = org_stats::org_figures(orgs);
    charts.extend(org_charts);
    let orgs: HashSet<String> = (items.iter().enumerate())
        .filter_map(|(k, i)| organization_named(i, orgs.get(k).and_then(Option::as_deref)))
        .collect();
    let mut headlines = vec![
        Headline {
            label: "Items",
            value: items.len().to_string(),
        },
        Headline {
            label: "Projects",
            value: items
                .iter()
                .filter(|i| i.maturity.is_some())
                .count()
                .to_string(),
        },
        Headline {
            label: "Organizations",
            value: orgs.len().to_string(),
        },
        Headline {
            label: "Categories",
            value: layout.categories.len().to_string(),
        },
    ];
    if let Some(m) = &members {
        headlines.push(Headline {
            label: "Members",
            value: m.count.to_string(),
        });
    }
    headlines.extend(org_headlines);
    if has_github {
        let stars = data.iter().map(|g| g.stars).sum();
        let contributors = data.iter().filter_map(|g| g.contributors).sum();
        headlines.push(Headline {
            label: "GitHub stars",
            value: figure(stars).short,
        });
        headlines.push(Headline {
            label: "Contributors",
            value: figure(contributors).short,
        });
    }
    StatsView {
        headlines,
        charts,
        has_github,
    }
}

/// The members category's figures (landscape2's members stats).
struct Members {
    count: usize,
    /// Members per subcategory, in display order.
    subcategories: Vec<Bar>,
    /// Members per year joined (`joined:`), oldest first.
    joined: Vec<Bar>,
}

impl Members {
    fn charts(&self) -> Vec<ChartView> {
        let mut out = Vec::new();
        if !self.subcategories.is_empty() {
            let bars = self.subcategories.clone();
            out.push(chart(
                "members",
                "Members per subcategory",
                bars,
                Kind::Rows,
            ));
        }
        if !self.joined.is_empty() {
            let bars = self.joined.clone();
            out.push(chart(
                "members-joined",
                "Members joined per year",
                bars,
                Kind::Columns,
            ));
        }
        out
    }
}

/// The items listed in the category `name` (their own listing, not second paths).
fn members(landscape: &Landscape, layout: &LayoutModel, name: &str) -> Members {
    let items: Vec<_> = (landscape.items.iter())
        .filter(|i| i.category == name)
        .collect();
    // Subcategories in the order the landscape shows them (settings may reorder them).
    let shown: Vec<&str> = (layout.categories.iter())
        .filter(|c| c.name == name)
        .flat_map(|c| c.subcategories.iter().map(|s| s.name.as_str()))
        .collect();
    let mut subcategories = tally(items.iter().map(|i| i.subcategory.clone()));
    subcategories.sort_by_key(|b| {
        shown
            .iter()
            .position(|s| *s == b.label)
            .unwrap_or(shown.len())
    });
    let mut per_year: BTreeMap<String, u64> = BTreeMap::new();
    for item in &items {
        if let Some(d) = item.joined.as_deref().filter(|d| d.len() >= 4) {
            *per_year.entry(d[..4].to_string()).or_default() += 1;
        }
    }
    Members {
        count: items.len(),
        subcategories,
        joined: per_year.into_iter().map(|(y, n)| Bar::new(y, n)).collect(),
    }
}

enum Kind {
    Rows,
    Columns,
}

fn chart(id: &'static str, title: &'static str, bars: Vec<Bar>, kind: Kind) -> ChartView {
    let svg = match kind {
        Kind::Rows => charts::hbars(id, title, &bars),
        Kind::Columns => charts::columns(id, title, &bars),
    };
    ChartView {
        id,
        title,
        svg,
        rows: bars.into_iter().map(|b| (b.label, b.value)).collect(),
        note: None,
    }
}

/// Counts of each value, most frequent first.
fn tally(values: impl Iterator<Item = String>) -> Vec<Bar> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut bars: Vec<Bar> = counts.into_iter().map(|(l, n)| Bar::new(l, n)).collect();
    bars.sort_by(|a, b| b.value.cmp(&a.value).then(a.label.cmp(&b.label)));
    bars
}

/// The most frequent values, the rest summed as "Other".
fn top(mut bars: Vec<Bar>) -> Vec<Bar> {
    if bars.len() > TOP {
        let rest: u64 = bars.drain(TOP - 1..).map(|b| b.value).sum();
        bars.push(Bar::new("Other", rest));
    }
    bars
}

fn stars_buckets(data: &[&ItemGithub]) -> Vec<Bar> {
    let edges: [(u64, &str); 7] = [
        (100, "< 100"),
        (1_000, "100–1k"),
        (5_000, "1k–5k"),
        (10_000, "5k–10k"),
        (25_000, "10k–25k"),
        (50_000, "25k–50k"),
        (u64::MAX, "≥ 50k"),
    ];
    let mut counts = [0u64; 7];
    for g in data {
        let k = edges.iter().position(|(e, _)| g.stars < *e).unwrap_or(6);
        counts[k] += 1;
    }
    edges
        .iter()
        .zip(counts)
        .map(|((_, l), n)| Bar::new(*l, n))
        .collect()
}

fn activity(data: &[&ItemGithub]) -> ChartView {
    let mut weeks: Vec<u64> = Vec::new();
    for g in data {
        let w = &g.weekly_commits;
        if weeks.len() < w.len() {
            weeks.resize(w.len(), 0);
        }
        for (sum, c) in weeks.iter_mut().zip(w) {
            *sum += u64::from(*c);
        }
    }
    let title = "Commits per week, all repositories";
    let svg = charts::area("activity", title, &weeks, "a year ago", "this week");
    let n = weeks.len();
    ChartView {
        id: "activity",
        title,
        svg,
        rows: weeks
            .iter()
            .enumerate()
            .map(|(k, c)| (format!("{} weeks ago", n - 1 - k), *c))
            .collect(),
        note: (n == 0).then(|| "No commit activity was collected.".to_string()),
    }
}

mod org_stats;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_folds_the_tail() {
        let bars: Vec<Bar> = (0..20).map(|k| Bar::new(format!("l{k}"), 1)).collect();
        let t = top(bars);
        assert_eq!(t.len(), TOP);
        assert_eq!(t[TOP - 1], Bar::new("Other", 9));
    }

    #[test]
    fn stars_fall_in_buckets() {
        let stars = |stars| ItemGithub {
            stars,
            ..ItemGithub::default()
        };
        let (a, b, c) = (stars(50), stars(12_000), stars(99_999));
        let bars = stars_buckets(&[&a, &b, &c]);
        let counts: Vec<u64> = bars.iter().map(|b| b.value).collect();
        assert_eq!(counts, [1, 0, 0, 0, 1, 0, 1]);
    }
}
