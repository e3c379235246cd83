//! The explorer's organization columns: the country, industry and organization type filters
//! (landscape2's `country`, `industry` and `org-type` parameters) and the funding sort. Each
//! is empty when no item has organization data, so the index is unchanged then.

use super::facet::Facet;
use crate::enrich::Organization;

/// Each item's headquarters country.
pub(super) fn countries<'a>(
    n: usize,
    org_of: impl Fn(usize) -> Option<&'a Organization>,
) -> Vec<Vec<String>> {
    (0..n)
        .map(|k| {
            let country = org_of(k).and_then(|o| o.country.as_deref());
            clean(country).into_iter().collect()
        })
        .collect()
}

/// Each item's industries (Crunchbase categories, Wikidata industries).
pub(super) fn industries<'a>(
    n: usize,
    org_of: impl Fn(usize) -> Option<&'a Organization>,
) -> Vec<Vec<String>> {
    (0..n)
        .map(|k| {
            let Some(org) = org_of(k) else {
                return Vec::new();
            };
            let mut values: Vec<String> = Vec::new();
            for c in org.categories.iter().filter_map(|c| clean(Some(c))) {
                if !values.contains(&c) {
                    values.push(c);
                }
            }
            values
        })
        .collect()
}

/// Each item's organization type: Crunchbase's company type ("For profit", "Non-profit"),
/// else what the organization is (Wikidata's class, "public company").
pub(super) fn types<'a>(
    n: usize,
    org_of: impl Fn(usize) -> Option<&'a Organization>,
) -> Vec<Vec<String>> {
    (0..n)
        .map(|k| {
            let Some(org) = org_of(k) else {
                return Vec::new();
            };
            let kind = match org.company_type.as_deref().map(str::trim) {
                Some("for_profit") => Some(FOR_PROFIT.to_string()),
                Some("non_profit") => Some(NON_PROFIT.to_string()),
                Some(other) if !other.is_empty() => Some(other.replace('_', " ")),
                _ => clean(org.kind.as_deref()),
            };
            kind.into_iter().collect()
        })
        .collect()
}

const FOR_PROFIT: &str = "For profit";
const NON_PROFIT: &str = "Non-profit";

/// landscape2's URL values of the company types (`org-type=for_profit`); other types are
/// named by their label.
pub(super) fn type_ids(facet: &mut Facet) {
    let ids = (facet.values.iter())
        .map(|v| match v.as_str() {
            FOR_PROFIT => "for_profit".to_string(),
            NON_PROFIT => "non_profit".to_string(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>();
    if ids != facet.values {
        facet.ids = Some(ids);
    }
}

/// Each item's organization's total funding (USD), when some organization has any.
pub(super) fn funding<'a>(
    n: usize,
    org_of: impl Fn(usize) -> Option<&'a Organization>,
) -> Option<Vec<Option<u64>>> {
    let column: Vec<Option<u64>> = (0..n)
        .map(|k| org_of(k).and_then(|o| o.funding).filter(|f| *f > 0))
        .collect();
    column.iter().any(Option::is_some).then_some(column)
}

fn clean(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}
