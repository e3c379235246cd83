//! Crunchbase's organization entity (`GET /entities/organizations/{permalink}` with
//! `field_ids` and `card_ids`) read into an [`Organization`]. Every field is optional in the
//! answer; one of the wrong type is left out rather than failing the organization.

use chrono::NaiveDate;
use serde_json::Value;

use crate::enrich::organization::{
    Acquisition, FundingRound, OrgSource, Organization, text, web_url,
};

/// The fields asked for (`field_ids`).
pub(crate) const FIELDS: &[&str] = &[
    "identifier",
    "name",
    "short_description",
    "website",
    "location_identifiers",
    "company_type",
    "facet_ids",
    "categories",
    "num_employees_enum",
    "linkedin",
    "twitter",
    "stock_symbol",
    "stock_exchange_symbol",
    "funding_total",
    "founded_on",
];

/// The cards asked for (`card_ids`): rounds raised, acquisitions made, the head office.
pub(crate) const CARDS: &[&str] = &[
    "raised_funding_rounds",
    "acquiree_acquisitions",
    "headquarters_address",
];

/// The organization in an entity answer; `Err` when the answer is not an entity at all.
pub(crate) fn organization(json: &Value, profile_url: &str) -> Result<Organization, String> {
    let props = json
        .get("properties")
        .filter(|p| p.is_object())
        .ok_or("the answer has no `properties`: not an organization entity")?;
    let cards = json.get("cards").unwrap_or(&Value::Null);
    let str_at = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let link = |key: &str| {
        web_url(
            props
                .get(key)
                .and_then(|v| v.get("value"))
                .and_then(Value::as_str),
        )
    };
    let (min, max) = employees(props.get("num_employees_enum").and_then(Value::as_str));
    let location = |kind: &str| {
        let from_card = (cards.get("headquarters_address").and_then(Value::as_array))
            .and_then(|a| a.first())
            .and_then(|a| a.get("location_identifiers"));
        location(from_card, kind).or_else(|| location(props.get("location_identifiers"), kind))
    };
    Ok(Organization {
        source: Some(OrgSource::Crunchbase),
        source_url: web_url(Some(profile_url)),
        name: text(props.get("name").and_then(Value::as_str))
            .or_else(|| text(props.pointer("/identifier/value").and_then(Value::as_str))),
        description: text(props.get("short_description").and_then(Value::as_str)),
        homepage_url: link("website"),
        city: location("city"),
        region: location("region"),
        country: location("country"),
        company_type: text(str_at(props, "company_type").as_deref()),
        kind: (props.get("facet_ids").and_then(Value::as_array))
            .and_then(|f| {
                ["company", "investor", "school"]
                    .into_iter()
                    .find(|k| f.iter().any(|v| v.as_str() == Some(k)))
            })
            .map(str::to_string),
        categories: identifiers(props.get("categories")),
        num_employees_min: min,
        num_employees_max: max,
        linkedin_url: link("linkedin"),
        twitter_url: link("twitter"),
        stock_exchange: text(props.get("stock_exchange_symbol").and_then(Value::as_str)),
        ticker: text(props.pointer("/stock_symbol/value").and_then(Value::as_str)),
        founded: (props.get("founded_on")).and_then(date_precision),
        logo_url: None,
        funding: usd(props.get("funding_total")),
        funding_rounds: (cards.get("raised_funding_rounds").and_then(Value::as_array))
            .map(|rounds| rounds.iter().map(funding_round).collect())
            .unwrap_or_default(),
        acquisitions: (cards.get("acquiree_acquisitions").and_then(Value::as_array))
            .map(|a| a.iter().map(acquisition).collect())
            .unwrap_or_default(),
    })
}

/// Crunchbase's employee ranges (`c_00051_00100`): the bounds, the upper one absent for `max`.
fn employees(range: Option<&str>) -> (Option<u64>, Option<u64>) {
    let Some(rest) = range.and_then(|r| r.strip_prefix("c_")) else {
        return (None, None);
    };
    let mut bounds = rest.split('_');
    let min = bounds.next().and_then(|b| b.parse().ok());
    let max = bounds.next().and_then(|b| b.parse().ok());
    (min, max)
}

/// The value of the first location identifier of `kind` (`city`, `region`, `country`).
fn location(identifiers: Option<&Value>, kind: &str) -> Option<String> {
    identifiers?.as_array()?.iter().find_map(|l| {
        (l.get("location_type").and_then(Value::as_str) == Some(kind))
            .then(|| text(l.get("value").and_then(Value::as_str)))
            .flatten()
    })
}

/// The names of a list of entity identifiers.
fn identifiers(list: Option<&Value>) -> Vec<String> {
    (list.and_then(Value::as_array).into_iter().flatten())
        .filter_map(|i| text(i.get("value").and_then(Value::as_str)))
        .collect()
}

/// A money field's USD value.
fn usd(money: Option<&Value>) -> Option<u64> {
    let value = money?.get("value_usd")?;
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|v| *v >= 0.0)
            .map(|v| v.round() as u64)
    })
}

/// A plain date (`"2021-03-04"`) or a date with precision (`{"value": "2021-03-04"}`).
fn date(value: Option<&Value>) -> Option<NaiveDate> {
    let value = value?;
    let text = value
        .as_str()
        .or_else(|| value.get("value").and_then(Value::as_str))?;
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// A `date_precision` field: the date, cut to the year when that is all Crunchbase knows.
fn date_precision(value: &Value) -> Option<String> {
    let day = date(Some(value))?;
    Some(match value.get("precision").and_then(Value::as_str) {
        Some("year") => day.format("%Y").to_string(),
        Some("month") => day.format("%Y-%m").to_string(),
        _ => day.format("%Y-%m-%d").to_string(),
    })
}

fn funding_round(round: &Value) -> FundingRound {
    FundingRound {
        announced_on: date(round.get("announced_on")),
        kind: text(round.get("investment_type").and_then(Value::as_str)),
        amount: usd(round.get("money_raised")),
        lead_investors: identifiers(round.get("lead_investor_identifiers")),
    }
}

fn acquisition(a: &Value) -> Acquisition {
    let acquiree = a.get("acquiree_identifier").unwrap_or(&Value::Null);
    Acquisition {
        announced_on: date(a.get("announced_on")),
        acquiree_name: text(acquiree.get("value").and_then(Value::as_str)),
        acquiree_cb_permalink: text(acquiree.get("permalink").and_then(Value::as_str)),
        price: usd(a.get("price")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn employee_ranges_and_dates() {
        assert_eq!(employees(Some("c_00051_00100")), (Some(51), Some(100)));
        assert_eq!(employees(Some("c_10001_max")), (Some(10001), None));
        assert_eq!(employees(Some("weird")), (None, None));
        assert_eq!(
            date_precision(&json!({"value": "2015-01-01", "precision": "year"})).as_deref(),
            Some("2015")
        );
        assert_eq!(
            date(Some(&json!("2021-03-04")))
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(usd(Some(&json!({"value_usd": 1.5e6}))), Some(1_500_000));
    }

    #[test]
    fn wrong_types_are_left_out_not_fatal() {
        let org = organization(
            &json!({"properties": {"name": 7, "website": {"value": "javascript:x"},
                    "categories": "nope", "funding_total": {"value_usd": -3}},
                    "cards": {"raised_funding_rounds": {"x": 1}}}),
            "https://www.crunchbase.com/organization/x",
        )
        .unwrap_or_default();
        assert_eq!(org.name, None);
        assert_eq!(org.homepage_url, None);
        assert!(org.categories.is_empty() && org.funding_rounds.is_empty());
        assert_eq!(org.funding, None);
        assert!(organization(&json!([{"code": "MD100"}]), "").is_err());
    }
}
