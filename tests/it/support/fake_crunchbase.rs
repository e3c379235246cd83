//! A fake Crunchbase API v4 on 127.0.0.1: `GET /api/v4/entities/organizations/{permalink}`
//! with `field_ids` and `card_ids`, authenticated by the `X-cb-user-key` header, answered in
//! the entity shape (`properties` and `cards`). Values are derived from the permalink; one
//! starting with `missing-` is a 404. A wrong key gets a 401 whose message repeats it, as
//! APIs do, so tests prove it is redacted.
//!
//! Faults are queued: each request first takes the next queued answer, then gets the real one.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The key the fake accepts.
pub const KEY: &str = "cb-test-key-6f1d2c";

/// What the fake holds about one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOrg {
    pub name: String,
    pub city: String,
    pub region: String,
    pub country: String,
    pub funding: u64,
    /// (date, investment type, USD, lead investors), oldest first.
    pub rounds: Vec<(String, String, u64, Vec<String>)>,
    /// (date, acquiree name, acquiree permalink, USD).
    pub acquisitions: Vec<(String, String, String, u64)>,
    pub employees: (u64, u64),
    pub ticker: String,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// What Crunchbase knows of `permalink`, or `None` for a `missing-` one.
pub fn org(permalink: &str) -> Option<FakeOrg> {
    if permalink.starts_with("missing-") {
        return None;
    }
    let h = fnv(permalink);
    let seed = 1_000_000 * (1 + h % 50);
    Some(FakeOrg {
        name: format!("{permalink} Corp"),
        city: "Austin".into(),
        region: "Texas".into(),
        country: "United States".into(),
        funding: seed * 3,
        rounds: vec![
            (
                "2019-04-02".into(),
                "seed".into(),
                seed,
                vec!["Angel Fund".into()],
            ),
            (
                "2021-09-15".into(),
                "series_a".into(),
                seed * 2,
                vec!["Big Ventures".into(), "Other Capital".into()],
            ),
        ],
        acquisitions: vec![(
            "2023-01-10".into(),
            format!("{permalink} Labs"),
            format!("{permalink}-labs"),
            seed / 2,
        )],
        employees: (101, 250),
        ticker: format!("C{}", h % 1000),
    })
}

fn entity(permalink: &str, o: &FakeOrg) -> Value {
    let location = |t: &str, v: &str| json!({"entity_def_id": "location", "location_type": t, "value": v, "permalink": v.to_lowercase()});
    let usd = |n: u64| json!({"currency": "USD", "value": n, "value_usd": n});
    json!({
        "properties": {
            "identifier": {"entity_def_id": "organization", "permalink": permalink, "value": o.name},
            "name": o.name,
            "short_description": format!("{} makes things", o.name),
            "website": {"value": format!("https://{permalink}.example.com")},
            "company_type": "for_profit",
            "facet_ids": ["company", "operating"],
            "categories": [{"entity_def_id": "category", "value": "Cloud Computing"},
                           {"entity_def_id": "category", "value": "Developer Tools"}],
            "num_employees_enum": format!("c_{:05}_{:05}", o.employees.0, o.employees.1),
            "linkedin": {"value": format!("https://www.linkedin.com/company/{permalink}")},
            "twitter": {"value": format!("https://twitter.com/{permalink}")},
            "stock_symbol": {"value": o.ticker},
            "stock_exchange_symbol": "nasdaq",
            "funding_total": usd(o.funding),
            "founded_on": {"precision": "year", "value": "2014-01-01"},
            "location_identifiers": [location("city", "Nowhere")],
        },
        "cards": {
            "headquarters_address": [{
                "location_identifiers": [
                    location("city", &o.city), location("region", &o.region),
                    location("country", &o.country), location("continent", "North America"),
                ],
            }],
            "raised_funding_rounds": o.rounds.iter().map(|(date, kind, amount, leads)| json!({
                "announced_on": date,
                "investment_type": kind,
                "money_raised": usd(*amount),
                "lead_investor_identifiers": leads.iter()
                    .map(|l| json!({"entity_def_id": "organization", "value": l})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "acquiree_acquisitions": o.acquisitions.iter().map(|(date, name, permalink, price)| json!({
                "announced_on": {"precision": "day", "value": date},
                "acquiree_identifier": {"entity_def_id": "organization", "permalink": permalink, "value": name},
                "price": usd(*price),
            })).collect::<Vec<_>>(),
        },
    })
}

struct Entities {
    faults: Arc<Mutex<VecDeque<ResponseTemplate>>>,
}

impl Respond for Entities {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(fault) = self.faults.lock().unwrap().pop_front() {
            return fault;
        }
        let key = (request.headers.get("x-cb-user-key"))
            .and_then(|k| k.to_str().ok())
            .unwrap_or("");
        if key != KEY {
            let message = format!("Invalid user key: {key}");
            return ResponseTemplate::new(401)
                .set_body_json(json!([{"code": "MD100", "message": message}]));
        }
        let asked = |name: &str| {
            (request.url.query_pairs())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        if !asked("card_ids").contains("raised_funding_rounds") || asked("field_ids").is_empty() {
            return ResponseTemplate::new(400).set_body_json(
                json!([{"code": "LA102", "message": "missing field_ids or card_ids"}]),
            );
        }
        let permalink = request.url.path().rsplit('/').next().unwrap_or("");
        match org(permalink) {
            Some(o) => ResponseTemplate::new(200).set_body_json(entity(permalink, &o)),
            None => ResponseTemplate::new(404)
                .set_body_json(json!([{"code": "MD101", "message": "Entity not found"}])),
        }
    }
}

/// The running fake.
pub struct FakeCrunchbase {
    pub server: MockServer,
    faults: Arc<Mutex<VecDeque<ResponseTemplate>>>,
}

impl FakeCrunchbase {
    pub async fn start() -> FakeCrunchbase {
        let server = MockServer::start().await;
        let faults = Arc::new(Mutex::new(VecDeque::new()));
        Mock::given(method("GET"))
            .and(path_regex(r"^/api/v4/entities/organizations/[^/]+$"))
            .respond_with(Entities {
                faults: faults.clone(),
            })
            .mount(&server)
            .await;
        FakeCrunchbase { server, faults }
    }

    /// The API base to give the client (`CRUNCHBASE_API_URL`).
    pub fn api_url(&self) -> String {
        format!("{}/api/v4", self.server.uri())
    }

    /// Answers the next requests with `faults`, in order, before the real answers.
    pub fn queue(&self, faults: impl IntoIterator<Item = ResponseTemplate>) {
        self.faults.lock().unwrap().extend(faults);
    }

    /// Every request received so far.
    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
