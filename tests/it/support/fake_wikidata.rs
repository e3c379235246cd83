//! A fake Wikidata Query Service on 127.0.0.1: `POST /sparql` with a `query` form field (what
//! the client sends), answered in SPARQL 1.1 JSON results shaped like the real service's (one
//! row per fact, `?cb ?org ?key ?value ?valueLabel ?extra ?extraLabel ?date`). Facts are
//! derived from the permalink, so tests and the benchmark can check exact values for any
//! organization; a permalink starting with `missing-` is not on Wikidata.
//!
//! Faults are queued: each request first takes the next queued answer (a 429 with
//! `Retry-After`, a 500, a malformed body), then gets the real one.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What the fake holds about one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeOrg {
    pub q: u64,
    pub name: String,
    pub description: String,
    pub website: String,
    pub city: String,
    pub country: String,
    pub industries: Vec<String>,
    /// The latest count (an older, larger one is answered too).
    pub employees: u64,
    pub exchange: String,
    pub ticker: String,
    /// Inception, at year precision.
    pub founded: String,
    pub twitter: String,
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// What Wikidata knows of `permalink`, or `None` for a `missing-` one.
pub fn org(permalink: &str) -> Option<FakeOrg> {
    if permalink.starts_with("missing-") {
        return None;
    }
    let h = fnv(permalink);
    let places = [
        ("San Francisco", "United States of America"),
        ("Berlin", "Germany"),
        ("Tokyo", "Japan"),
        ("Paris", "France"),
    ];
    let (city, country) = places[(h % 4) as usize];
    Some(FakeOrg {
        q: 1000 + h % 1_000_000,
        name: format!("{permalink} Inc."),
        description: format!("organization {permalink}"),
        website: format!("https://{permalink}.example.com/"),
        city: city.into(),
        country: country.into(),
        industries: vec!["cloud computing".into(), "software industry".into()],
        employees: 10 + h % 90_000,
        exchange: "Nasdaq".into(),
        ticker: format!("T{}", h % 1000),
        founded: format!("{}", 1990 + h % 30),
        twitter: format!("tw_{}", h % 100_000),
    })
}

/// How the fake answers the permalinks of one query, in the real rows' shape.
fn rows(permalink: &str) -> Vec<Value> {
    let Some(o) = org(permalink) else {
        return Vec::new();
    };
    let uri =
        |q: u64| json!({"type": "uri", "value": format!("http://www.wikidata.org/entity/Q{q}")});
    let lit = |v: &str| json!({"type": "literal", "value": v});
    let en = |v: &str| json!({"xml:lang": "en", "type": "literal", "value": v});
    let base = |key: &str| json!({"cb": lit(permalink), "org": uri(o.q), "key": lit(key)});
    let with = |key: &str, fields: Value| {
        let mut row = base(key);
        for (k, v) in fields.as_object().into_iter().flatten() {
            row[k] = v.clone();
        }
        row
    };
    let mut out = vec![
        with("name", json!({"value": en(&o.name)})),
        with("description", json!({"value": en(&o.description)})),
        with("website", json!({"value": uri_text(&o.website)})),
        with(
            "headquarters",
            json!({"value": uri(62), "valueLabel": en(&o.city), "extra": uri(30), "extraLabel": en(&o.country)}),
        ),
        with(
            "country",
            json!({"value": uri(30), "valueLabel": en(&o.country)}),
        ),
        with(
            "instance_of",
            json!({"value": uri(4830453), "valueLabel": en("business")}),
        ),
        with(
            "employees",
            json!({"value": decimal(o.employees), "date": time("2023-12-31T00:00:00Z")}),
        ),
        with(
            "employees",
            json!({"value": decimal(o.employees * 2), "date": time("2019-12-31T00:00:00Z")}),
        ),
        with(
            "exchange",
            json!({"value": uri(82059), "valueLabel": en(&o.exchange), "extra": lit(&o.ticker)}),
        ),
        with(
            "inception",
            json!({"value": time(&format!("{}-01-01T00:00:00Z", o.founded)),
                   "extra": {"datatype": "http://www.w3.org/2001/XMLSchema#integer", "type": "literal", "value": "9"}}),
        ),
        with("twitter", json!({"value": lit(&o.twitter)})),
        with(
            "logo",
            json!({"value": uri_text("http://commons.wikimedia.org/wiki/Special:FilePath/Logo.svg")}),
        ),
    ];
    for (i, industry) in o.industries.iter().enumerate() {
        out.push(with(
            "industry",
            json!({"value": uri(11661 + i as u64), "valueLabel": en(industry)}),
        ));
    }
    out
}

fn uri_text(v: &str) -> Value {
    json!({"type": "uri", "value": v})
}

fn decimal(n: u64) -> Value {
    json!({"datatype": "http://www.w3.org/2001/XMLSchema#decimal", "type": "literal", "value": n.to_string()})
}

fn time(v: &str) -> Value {
    json!({"datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "type": "literal", "value": v})
}

/// The permalinks of a query's `VALUES ?cb { "a" "b" }`.
pub fn permalinks_of(query: &str) -> Vec<String> {
    let Some(start) = query.find("VALUES ?cb {") else {
        return Vec::new();
    };
    let rest = &query[start + "VALUES ?cb {".len()..];
    let body = &rest[..rest.find('}').unwrap_or(rest.len())];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The `query` field of a request's form body.
pub fn query_of(request: &Request) -> String {
    url::form_urlencoded::parse(&request.body)
        .find(|(k, _)| k == "query")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

struct Sparql(Arc<Mutex<VecDeque<ResponseTemplate>>>);

impl Respond for Sparql {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(fault) = self.0.lock().unwrap().pop_front() {
            return fault;
        }
        let query = query_of(request);
        if !query.contains("wdt:P2088") {
            return ResponseTemplate::new(400).set_body_string("MalformedQueryException");
        }
        let bindings: Vec<Value> = permalinks_of(&query).iter().flat_map(|p| rows(p)).collect();
        let body = json!({
            "head": {"vars": ["cb", "org", "key", "value", "valueLabel", "extra", "extraLabel", "date"]},
            "results": {"bindings": bindings},
        });
        ResponseTemplate::new(200)
            .insert_header(
                "content-type",
                "application/sparql-results+json;charset=utf-8",
            )
            .set_body_string(body.to_string())
    }
}

/// The running fake.
pub struct FakeWikidata {
    pub server: MockServer,
    faults: Arc<Mutex<VecDeque<ResponseTemplate>>>,
}

impl FakeWikidata {
    pub async fn start() -> FakeWikidata {
        let server = MockServer::start().await;
        let faults = Arc::new(Mutex::new(VecDeque::new()));
        Mock::given(method("POST"))
            .and(path("/sparql"))
            .respond_with(Sparql(faults.clone()))
            .mount(&server)
            .await;
        FakeWikidata { server, faults }
    }

    /// The endpoint to give the client (`WIKIDATA_SPARQL_URL`).
    pub fn sparql_url(&self) -> String {
        format!("{}/sparql", self.server.uri())
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
