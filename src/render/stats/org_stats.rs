//! The stats page's organization figures, when the build has organization data: each
//! organization once, by headquarters country, industry and type, and their total funding.

use std::collections::HashSet;
use std::sync::Arc;

use super::super::finances::distinct;
use super::super::org_view::money;
use super::{ChartView, Headline, Kind, chart, tally, top};
use crate::enrich::Organization;

/// Headlines and charts; nothing when no item has organization data.
pub(super) fn org_figures(orgs: &[Option<Arc<Organization>>]) -> (Vec<Headline>, Vec<ChartView>) {
    let orgs: Vec<&Organization> = distinct(orgs).into_iter().map(|(o, _)| o).collect();
    if orgs.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut headlines = Vec::new();
    let funding: u64 = orgs.iter().filter_map(|o| o.funding).sum();
    if funding > 0 {
        headlines.push(Headline {
            label: "Total funding",
            value: money(funding).short,
        });
    }
    let text = |v: Option<&String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let mut charts = Vec::new();
    let countries = top(tally(orgs.iter().filter_map(|o| text(o.country.as_ref()))));
    if !countries.is_empty() {
        headlines.push(Headline {
            label: "Countries",
            value: tally(orgs.iter().filter_map(|o| text(o.country.as_ref())))
                .len()
                .to_string(),
        });
        let title = "Organizations by headquarters country";
        charts.push(chart("org-countries", title, countries, Kind::Rows));
    }
    let industries = top(tally(orgs.iter().flat_map(|o| {
        let distinct: HashSet<String> = o.categories.iter().filter_map(|c| text(Some(c))).collect();
        distinct.into_iter()
    })));
    if !industries.is_empty() {
        let title = "Organizations by industry";
        charts.push(chart("org-industries", title, industries, Kind::Rows));
    }
    let types = top(tally(orgs.iter().filter_map(
        |o| match o.company_type.as_deref() {
            Some("for_profit") => Some("For profit".to_string()),
            Some("non_profit") => Some("Non-profit".to_string()),
            _ => text(o.kind.as_ref()),
        },
    )));
    if !types.is_empty() {
        charts.push(chart(
            "org-types",
            "Organizations by type",
            types,
            Kind::Rows,
        ));
    }
    (headlines, charts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_organization_counts_once() {
        let acme = Arc::new(Organization {
            country: Some("France".into()),
            categories: vec!["Cloud".into(), "Cloud".into(), "AI".into()],
            company_type: Some("for_profit".into()),
            funding: Some(2_000_000),
            ..Organization::default()
        });
        let other = Arc::new(Organization {
            country: Some("France".into()),
            kind: Some("foundation".into()),
            funding: Some(500_000),
            ..Organization::default()
        });
        let (headlines, charts) = org_figures(&[Some(acme.clone()), Some(acme), Some(other), None]);
        let values: Vec<(&str, &str)> = headlines
            .iter()
            .map(|h| (h.label, h.value.as_str()))
            .collect();
        assert_eq!(values, [("Total funding", "$2.5M"), ("Countries", "1")]);
        let rows = |id: &str| charts.iter().find(|c| c.id == id).map(|c| c.rows.clone());
        assert_eq!(rows("org-countries"), Some(vec![("France".to_string(), 2)]));
        assert_eq!(
            rows("org-industries"),
            Some(vec![("AI".to_string(), 1), ("Cloud".to_string(), 1)])
        );
        assert_eq!(
            rows("org-types"),
            Some(vec![
                ("For profit".to_string(), 1),
                ("foundation".to_string(), 1)
            ])
        );
        assert_eq!(org_figures(&[None, None]).0.len(), 0);
    }
}
