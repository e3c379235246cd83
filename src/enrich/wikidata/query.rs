//! The SPARQL query for a batch of Crunchbase permalinks, and its answer (SPARQL 1.1 JSON
//! results) folded into one [`Organization`] per permalink.
//!
//! The query is "long": one row per fact (`?key` names it) from a UNION of independent
//! patterns, so an organization with ten industries and twenty employee counts costs thirty
//! rows, not the two hundred a cross product of OPTIONALs would.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::enrich::organization::{OrgSource, Organization, text, web_url};

/// Wikidata's Crunchbase organization ID property.
pub(crate) const CRUNCHBASE_ID: &str = "P2088";

/// The query for `permalinks` (validated: `[a-z0-9._-]`; quoted defensively anyway).
pub(crate) fn sparql(permalinks: &[String]) -> String {
    let values: Vec<String> = permalinks
        .iter()
        .map(|p| format!("\"{}\"", p.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect();
    format!(
        r#"SELECT ?cb ?org ?key ?value ?valueLabel ?extra ?extraLabel ?date WHERE {{
  VALUES ?cb {{ {values} }}
  ?org wdt:{CRUNCHBASE_ID} ?cb .
  {{ ?org rdfs:label ?value . FILTER(LANG(?value) = "en") BIND("name" AS ?key) }}
  UNION {{ ?org schema:description ?value . FILTER(LANG(?value) = "en") BIND("description" AS ?key) }}
  UNION {{ ?org wdt:P856 ?value . BIND("website" AS ?key) }}
  UNION {{ ?org wdt:P159 ?value . OPTIONAL {{ ?value wdt:P17 ?extra . }} BIND("headquarters" AS ?key) }}
  UNION {{ ?org wdt:P17 ?value . BIND("country" AS ?key) }}
  UNION {{ ?org wdt:P452 ?value . BIND("industry" AS ?key) }}
  UNION {{ ?org p:P1128 ?statement . ?statement ps:P1128 ?value ; wikibase:rank ?rank .
           FILTER(?rank != wikibase:DeprecatedRank)
           OPTIONAL {{ ?statement pq:P585 ?date . }} BIND("employees" AS ?key) }}
  UNION {{ ?org p:P414 ?statement . ?statement ps:P414 ?value ; wikibase:rank ?rank .
           FILTER(?rank != wikibase:DeprecatedRank)
           OPTIONAL {{ ?statement pq:P249 ?extra . }} BIND("exchange" AS ?key) }}
  UNION {{ ?org p:P571/psv:P571 ?time . ?time wikibase:timeValue ?value ;
           wikibase:timePrecision ?extra . BIND("inception" AS ?key) }}
  UNION {{ ?org wdt:P154 ?value . BIND("logo" AS ?key) }}
  UNION {{ ?org wdt:P31 ?value . BIND("instance_of" AS ?key) }}
  UNION {{ ?org wdt:P2002 ?value . BIND("twitter" AS ?key) }}
  UNION {{ ?org wdt:P4264 ?value . BIND("linkedin" AS ?key) }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en,mul". }}
}}"#,
        values = values.join(" ")
    )
}

/// One row: the fact `key` of item `org`.
struct Row<'a> {
    key: &'a str,
    value: &'a str,
    label: Option<&'a str>,
    extra: Option<&'a str>,
    extra_label: Option<&'a str>,
    date: Option<&'a str>,
}

/// Organizations by permalink (lowercase) from a SPARQL JSON answer. A permalink with no row
/// is not on Wikidata. `Err` when the answer is not SPARQL results.
pub(crate) fn organizations(json: &Value) -> Result<HashMap<String, Organization>, String> {
    let bindings = json
        .pointer("/results/bindings")
        .and_then(Value::as_array)
        .ok_or("the answer has no results.bindings: not SPARQL JSON results")?;
    // permalink → item number → rows; several items may carry one permalink.
    let mut by_cb: BTreeMap<String, BTreeMap<u64, Vec<Row>>> = BTreeMap::new();
    for b in bindings {
        let (Some(cb), Some(org), Some(key), Some(value)) = (
            field(b, "cb"),
            field(b, "org"),
            field(b, "key"),
            field(b, "value"),
        ) else {
            continue;
        };
        let Some(q) = item_number(org) else { continue };
        by_cb
            .entry(cb.to_ascii_lowercase())
            .or_default()
            .entry(q)
            .or_default()
            .push(Row {
                key,
                value,
                label: field(b, "valueLabel"),
                extra: field(b, "extra"),
                extra_label: field(b, "extraLabel"),
                date: field(b, "date"),
            });
    }
    Ok(by_cb
        .into_iter()
        .filter_map(|(cb, items)| {
            // The oldest item wins when duplicates share a permalink: deterministic.
            let (q, rows) = items.into_iter().next()?;
            Some((cb, fold(q, &rows)))
        })
        .collect())
}

/// The text of a binding's variable.
fn field<'a>(binding: &'a Value, name: &str) -> Option<&'a str> {
    binding.get(name)?.get("value")?.as_str()
}

/// `Q123` of an entity URI.
fn item_number(uri: &str) -> Option<u64> {
    uri.rsplit('/').next()?.strip_prefix('Q')?.parse().ok()
}

/// Classes meaning a non-profit (nonprofit organization, foundation, charity, open-source
/// software foundation's usual classes) and a for-profit (business, company, public company,
/// privately held company, enterprise, subsidiary, technology and software company).
const NON_PROFIT: &[u64] = &[163740, 157031, 708676, 7188, 327333];
const FOR_PROFIT: &[u64] = &[
    4830453, 783794, 891723, 1589009, 6881511, 658255, 18388277, 1058914,
];

fn fold(q: u64, rows: &[Row]) -> Organization {
    let values = |key: &str| -> Vec<&Row> { rows.iter().filter(|r| r.key == key).collect() };
    let first = |key: &str| -> Option<String> {
        let mut v: Vec<&str> = values(key).iter().map(|r| r.value).collect();
        v.sort_unstable();
        text(v.first().copied())
    };
    let labels = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = (values(key).iter())
            .filter_map(|r| text(r.label))
            // The label service answers the bare id when an entity has no English label.
            .filter(|l| !(l.starts_with('Q') && l[1..].bytes().all(|b| b.is_ascii_digit())))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let classes: Vec<u64> = values("instance_of")
        .iter()
        .filter_map(|r| item_number(r.value))
        .collect();
    let headquarters = values("headquarters");
    let mut hq: Vec<&&Row> = headquarters.iter().collect();
    hq.sort_by_key(|r| r.label);
    let hq = hq.first();
    let employees = values("employees")
        .into_iter()
        .filter_map(|r| Some((r.date.unwrap_or(""), r.value.parse::<f64>().ok()?)))
        .max_by(|a, b| a.0.cmp(b.0).then(a.1.total_cmp(&b.1)))
        .filter(|(_, n)| *n >= 0.0)
        .map(|(_, n)| n.round() as u64);
    let mut exchanges: Vec<&Row> = values("exchange");
    exchanges.sort_by_key(|r| (r.label, r.extra));
    let exchange = exchanges.first();
    let websites: Vec<String> = {
        let mut v: Vec<String> = values("website")
            .iter()
            .filter_map(|r| web_url(Some(r.value)))
            .collect();
        v.sort_by_key(|u| (!u.starts_with("https:"), u.clone()));
        v
    };
    Organization {
        source: Some(OrgSource::Wikidata),
        source_url: Some(format!("https://www.wikidata.org/wiki/Q{q}")),
        name: first("name"),
        description: first("description"),
        homepage_url: websites.into_iter().next(),
        city: hq.and_then(|r| text(r.label)),
        region: None,
        country: labels("country")
            .into_iter()
            .next()
            .or_else(|| hq.and_then(|r| text(r.extra_label))),
        company_type: if classes.iter().any(|c| NON_PROFIT.contains(c)) {
            Some("non_profit".into())
        } else if classes.iter().any(|c| FOR_PROFIT.contains(c)) {
            Some("for_profit".into())
        } else {
            None
        },
        kind: labels("instance_of").into_iter().next(),
        categories: labels("industry"),
        num_employees_min: employees,
        num_employees_max: employees,
        linkedin_url: first("linkedin")
            .filter(|id| {
                id.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.%".contains(&b))
            })
            .map(|id| format!("https://www.linkedin.com/company/{id}")),
        twitter_url: first("twitter")
            .filter(|u| u.len() <= 15 && u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
            .map(|u| format!("https://twitter.com/{u}")),
        stock_exchange: exchange.and_then(|r| text(r.label)),
        ticker: exchange.and_then(|r| text(r.extra)),
        founded: values("inception")
            .first()
            .and_then(|r| inception(r.value, r.extra)),
        logo_url: first("logo")
            .map(|u| u.replacen("http://", "https://", 1))
            .and_then(|u| web_url(Some(&u))),
        funding: None,
        funding_rounds: Vec::new(),
        acquisitions: Vec::new(),
    }
}

/// An inception time (`2014-06-06T00:00:00Z`) at its precision (9 year, 10 month, 11 day).
fn inception(value: &str, precision: Option<&str>) -> Option<String> {
    let date = value.trim_start_matches('+').get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(match precision.and_then(|p| p.parse::<u8>().ok()) {
        Some(9) => date[..4].to_string(),
        Some(10) => date[..7].to_string(),
        _ => date.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_are_quoted_in_the_values() {
        let q = sparql(&["kubernetes".into(), "a\"b".into()]);
        assert!(q.contains(r#"VALUES ?cb { "kubernetes" "a\"b" }"#), "{q}");
        assert!(q.contains("wdt:P2088 ?cb"));
    }

    #[test]
    fn inception_follows_its_precision() {
        assert_eq!(
            inception("2015-01-01T00:00:00Z", Some("9")).as_deref(),
            Some("2015")
        );
        assert_eq!(
            inception("2015-07-01T00:00:00Z", Some("10")).as_deref(),
            Some("2015-07")
        );
        assert_eq!(
            inception("2015-07-21T00:00:00Z", None).as_deref(),
            Some("2015-07-21")
        );
        assert_eq!(inception("garbage", None), None);
        assert!(organizations(&serde_json::json!({"head": {}})).is_err());
    }
}
