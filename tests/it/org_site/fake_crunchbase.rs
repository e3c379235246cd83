//! A fake Crunchbase API v4 on 127.0.0.1 for the site's tests: `GET
//! /entities/organizations/<permalink>` answered in the entity shape the real API gives
//! (`properties` and `cards`), with funding rounds and acquisitions; a permalink starting with
//! `missing-` is a 404, as Crunchbase answers an unknown organization.

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The running fake.
pub struct FakeCrunchbase {
    pub server: MockServer,
}

impl FakeCrunchbase {
    pub async fn start() -> FakeCrunchbase {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path_regex("^/entities/organizations/[^/]+$"))
            .respond_with(Entity)
            .mount(&server)
            .await;
        FakeCrunchbase { server }
    }

    /// The API base to give the client (`CRUNCHBASE_API_URL`).
    pub fn api_url(&self) -> String {
        self.server.uri()
    }
}

struct Entity;

impl Respond for Entity {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let permalink = request.url.path().rsplit('/').next().unwrap_or_default();
        match entity(permalink) {
            Some(body) => ResponseTemplate::new(200).set_body_json(body),
            None => ResponseTemplate::new(404)
                .set_body_json(json!([{"code": "MD101", "message": "entity not found"}])),
        }
    }
}

fn money(usd: u64) -> Value {
    json!({"value": usd, "currency": "USD", "value_usd": usd})
}

fn place(city: &str, region: &str, country: &str) -> Value {
    json!([
        {"value": city, "location_type": "city", "permalink": "c"},
        {"value": region, "location_type": "region", "permalink": "r"},
        {"value": country, "location_type": "country", "permalink": "k"},
    ])
}

/// Acme Corp: a for-profit company in California with two rounds, an acquisition and a
/// name with markup; Globex: a German non-profit with one round.
fn entity(permalink: &str) -> Option<Value> {
    match permalink {
        "acme-corp" => Some(json!({
            "properties": {
                "identifier": {"value": "Acme <Corp>", "permalink": "acme-corp"},
                "name": "Acme <Corp>",
                "short_description": "Acme builds <b>runtimes</b>.",
                "website": {"value": "https://acme.example.com/"},
                "location_identifiers": place("San Francisco", "California", "United States"),
                "company_type": "for_profit",
                "facet_ids": ["company"],
                "categories": [{"value": "Cloud Computing"}, {"value": "Developer Tools"}],
                "num_employees_enum": "c_01001_05000",
                "linkedin": {"value": "https://www.linkedin.com/company/acme"},
                "twitter": {"value": "javascript:alert(1)"},
                "stock_symbol": {"value": "ACME"},
                "stock_exchange_symbol": "nasdaq",
                "funding_total": money(150_000_000),
                "founded_on": {"value": "2010-01-01", "precision": "year"},
            },
            "cards": {
                "raised_funding_rounds": [
                    {"announced_on": "2019-05-01", "investment_type": "series_a",
                     "money_raised": money(50_000_000),
                     "lead_investor_identifiers": [{"value": "Fund One"}]},
                    {"announced_on": "2021-09-15", "investment_type": "series_b",
                     "money_raised": money(100_000_000),
                     "lead_investor_identifiers": [{"value": "Fund Two"}, {"value": "Fund <Three>"}]},
                ],
                "acquiree_acquisitions": [
                    {"announced_on": "2022-02-01",
                     "acquiree_identifier": {"value": "Widget Co", "permalink": "widget-co"},
                     "price": money(20_000_000)},
                ],
            },
        })),
        "globex" => Some(json!({
            "properties": {
                "identifier": {"value": "Globex", "permalink": "globex"},
                "name": "Globex",
                "short_description": "Globex meshes.",
                "location_identifiers": place("Berlin", "Berlin", "Germany"),
                "company_type": "non_profit",
                "facet_ids": ["company"],
                "categories": [{"value": "Cloud Computing"}],
                "num_employees_enum": "c_00011_00050",
                "funding_total": money(2_000_000),
            },
            "cards": {
                "raised_funding_rounds": [
                    {"announced_on": "2020-03-03", "investment_type": "seed",
                     "money_raised": money(2_000_000)},
                ],
            },
        })),
        _ => None,
    }
}
