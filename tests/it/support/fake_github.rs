//! A fake GitHub on 127.0.0.1 that speaks the endpoints enrichment uses, with answers shaped like
//! the recorded ones in `tests/fixtures/enrich/`. Values are derived from the repository name,
//! so tests (and the benchmark) can check exact numbers for any synthetic repository.
//!
//! Shared by `tests/enrich.rs`, the site and browser tests and `benches/enrich.rs`; not every
//! user needs every helper.
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use landscape::enrich::{EnrichOptions, Token, Tuning};

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Enrichment options for a fake at `api_url`: one test token, a one-day TTL, no progress
/// bar and no pacing; everything else as in production.
pub fn options(api_url: &str, cache_dir: &Path) -> EnrichOptions {
    EnrichOptions {
        api_url: api_url.to_string(),
        tokens: vec![Token::new("test-token")],
        cache_dir: cache_dir.to_path_buf(),
        ttl: Duration::from_secs(24 * 3600),
        offline: false,
        progress: false,
        tuning: Tuning {
            requests_per_second: 0.0,
            ..Tuning::default()
        },
        forges: None,
    }
}

/// A recorded-shape answer from `tests/fixtures/enrich/`, read once.
pub fn fixture(name: &str) -> Value {
    static LOADED: OnceLock<Mutex<HashMap<String, Value>>> = OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    loaded
        .entry(name.to_string())
        .or_insert_with(|| {
            let path = format!(
                "{}/tests/fixtures/enrich/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .clone()
}

fn fnv(s: &str) -> u64 {
    s.to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
}

/// Stars of `owner/name`.
pub fn stars(slug: &str) -> u64 {
    fnv(slug) % 50_000
}

/// Commits on the branch of `owner/name` (≥ 2, so the first-commit cursor is exercised).
pub fn commits(slug: &str) -> u64 {
    2 + fnv(slug) % 5_000
}

/// Contributors of `owner/name`.
pub fn contributors(slug: &str) -> u64 {
    1 + fnv(slug) % 700
}

/// Commits of `owner/name` in week `w` (0 = oldest).
pub fn week(slug: &str, w: usize) -> u32 {
    ((fnv(slug) + w as u64) % 13) as u32
}

/// Head commit of a branch (the default branch is "main").
pub fn head_sha(slug: &str, branch: &str) -> String {
    format!("{:016x}{:024x}", fnv(slug), fnv(branch))
}

/// Oldest commit.
pub fn first_sha(slug: &str) -> String {
    format!("{:040x}", fnv(slug))
}

/// Weekly totals of the REST `stats/commit_activity` fixture.
pub fn fixture_activity() -> Vec<u32> {
    fixture("commit_activity.json")
        .as_array()
        .map(|weeks| {
            weeks
                .iter()
                .map(|w| w["total"].as_u64().unwrap_or(0) as u32)
                .collect()
        })
        .unwrap_or_default()
}

/// ETag of the contributors answer of `owner/name`.
pub fn contributors_etag(slug: &str) -> String {
    format!("W/\"{:x}\"", fnv(&format!("{slug}:{}", contributors(slug))))
}

/// How the fake behaves for particular repositories (`owner/name`, lowercase).
#[derive(Default)]
pub struct World {
    /// Tokens accepted; any other gets a 401 that echoes it (to prove redaction).
    pub tokens: Vec<String>,
    /// Repositories that do not exist.
    pub missing: HashSet<String>,
    /// Renames: old name → new name (GraphQL resolves them, as GitHub does).
    pub renamed: HashMap<String, String>,
    /// Repositories whose REST contributors call answers 301 to `/repositories/{id}/...`.
    pub rest_moved: HashSet<String>,
    /// Repositories too large for the contributors list.
    pub too_large: HashSet<String>,
    /// Repositories whose activity GraphQL alias fails (so the REST fallback is used).
    pub activity_fails: HashSet<String>,
    /// Repositories whose branches do not exist.
    pub no_branch: HashSet<String>,
    /// 202 answers given by `stats/commit_activity` before the data.
    pub stats_202: usize,
}

struct Shared {
    world: World,
    stats_calls: Mutex<HashMap<String, usize>>,
}

/// The running fake.
pub struct FakeGitHub {
    pub server: MockServer,
}

impl FakeGitHub {
    /// Starts the fake with default behaviour, accepting the token "test-token".
    pub async fn start() -> FakeGitHub {
        Self::with(World {
            tokens: vec!["test-token".into()],
            ..World::default()
        })
        .await
    }

    /// Starts the fake with `world`.
    pub async fn with(world: World) -> FakeGitHub {
        let server = MockServer::start().await;
        let shared = std::sync::Arc::new(Shared {
            world,
            stats_calls: Mutex::new(HashMap::new()),
        });
        Mock::given(method("POST"))
            .and(path("/graphql"))
            .respond_with(Graphql(shared.clone()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path_regex(
                r"^/(repos/[^/]+/[^/]+|repositories/[0-9]+)/contributors$",
            ))
            .respond_with(ContributorsEndpoint(shared.clone(), server.uri()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path_regex(r"^/repos/[^/]+/[^/]+/stats/commit_activity$"))
            .respond_with(StatsEndpoint(shared))
            .mount(&server)
            .await;
        FakeGitHub { server }
    }

    /// The API base URL to give the client.
    pub fn api_url(&self) -> String {
        self.server.uri()
    }

    /// Every request received so far.
    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Number of requests received so far.
    pub async fn request_count(&self) -> usize {
        self.requests().await.len()
    }
}

fn bearer(req: &Request) -> String {
    req.headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string()
}

fn unauthorized(shared: &Shared, req: &Request) -> Option<ResponseTemplate> {
    let token = bearer(req);
    (!shared.world.tokens.contains(&token)).then(|| {
        ResponseTemplate::new(401).set_body_json(json!({
            "message": format!("Bad credentials: {token}"),
            "documentation_url": "https://docs.github.com/rest",
            "status": "401"
        }))
    })
}

fn rate_headers(t: ResponseTemplate, resource: &str) -> ResponseTemplate {
    let reset = chrono::Utc::now().timestamp() + 3600;
    t.insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "4999")
        .insert_header("x-ratelimit-reset", reset.to_string().as_str())
        .insert_header("x-ratelimit-resource", resource)
}

struct Graphql(std::sync::Arc<Shared>);

impl Respond for Graphql {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if let Some(denied) = unauthorized(&self.0, req) {
            return denied;
        }
        let Ok(body) = req.body_json::<Value>() else {
            return ResponseTemplate::new(400)
                .set_body_json(json!({"message": "Problems parsing JSON"}));
        };
        let query = body["query"].as_str().unwrap_or("");
        let vars = &body["variables"];
        let world = &self.0.world;
        let mut data = serde_json::Map::new();
        data.insert(
            "rateLimit".into(),
            json!({"cost": 1, "remaining": 4999, "resetAt": "2030-01-01T00:00:00Z"}),
        );
        let mut errors = Vec::new();
        for i in 0.. {
            let (Some(owner), Some(name)) = (
                vars[format!("o{i}")].as_str(),
                vars[format!("n{i}")].as_str(),
            ) else {
                break;
            };
            let alias = format!("r{i}");
            let asked = format!("{owner}/{name}").to_ascii_lowercase();
            let slug = world.renamed.get(&asked).cloned().unwrap_or(asked.clone());
            if world.missing.contains(&asked) {
                let mut e = fixture("graphql_not_found.json");
                e["path"] = json!([alias]);
                e["message"] = json!(format!(
                    "Could not resolve to a Repository with the name '{asked}'."
                ));
                errors.push(e);
                data.insert(alias, Value::Null);
            } else if query.starts_with("query Metadata") {
                let branch = vars[format!("b{i}")]
                    .as_str()
                    .map(|b| b.trim_start_matches("refs/heads/").to_string());
                data.insert(alias, metadata_node(world, &slug, branch.as_deref()));
            } else if world.activity_fails.contains(&slug) {
                errors.push(json!({"path": [alias], "message": "Something went wrong while executing your query."}));
                data.insert(alias, Value::Null);
            } else {
                let oid = vars[format!("c{i}")].as_str().unwrap_or("");
                let cursor = vars[format!("a{i}")].as_str();
                data.insert(alias, activity_node(&slug, oid, cursor));
            }
        }
        let mut answer = json!({ "data": data });
        if !errors.is_empty() {
            answer["errors"] = Value::Array(errors);
        }
        rate_headers(ResponseTemplate::new(200).set_body_json(answer), "graphql")
    }
}

fn metadata_node(world: &World, slug: &str, branch: Option<&str>) -> Value {
    let mut node = fixture("graphql_repository.json");
    node["nameWithOwner"] = json!(slug);
    node["url"] = json!(format!("https://github.com/{slug}"));
    node["stargazerCount"] = json!(stars(slug));
    node["forkCount"] = json!(stars(slug) / 5);
    if world.no_branch.contains(slug) {
        node["branch"] = Value::Null;
        return node;
    }
    let branch = branch.unwrap_or("main");
    let sha = head_sha(slug, branch);
    node["branch"] = json!({
        "name": branch,
        "target": {
            "oid": sha,
            "committedDate": "2025-03-04T16:20:11Z",
            "url": format!("https://github.com/{slug}/commit/{sha}"),
            "history": { "totalCount": commits(slug) }
        }
    });
    node
}

fn activity_node(slug: &str, oid: &str, cursor: Option<&str>) -> Value {
    let mut object = serde_json::Map::new();
    for w in 0..52 {
        object.insert(format!("w{w}"), json!({ "totalCount": week(slug, w) }));
    }
    // Only the right cursor ("<head> <count-2>") reaches the oldest commit.
    if let Some(cursor) = cursor {
        let nodes = if cursor == format!("{oid} {}", commits(slug) - 2) {
            let sha = first_sha(slug);
            json!([{ "oid": sha, "committedDate": "2019-06-01T12:00:00Z", "url": format!("https://github.com/{slug}/commit/{sha}") }])
        } else {
            json!([])
        };
        object.insert("first".into(), json!({ "nodes": nodes }));
    }
    json!({ "object": object })
}

struct ContributorsEndpoint(std::sync::Arc<Shared>, String);

impl Respond for ContributorsEndpoint {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if let Some(denied) = unauthorized(&self.0, req) {
            return denied;
        }
        let world = &self.0.world;
        let parts: Vec<&str> = req.url.path().split('/').collect();
        let slug = if parts[1] == "repositories" {
            // Only reached through the 301 below: the id is an index into the moved set.
            let id: usize = parts[2].parse().unwrap_or(usize::MAX);
            let mut moved: Vec<&String> = world.rest_moved.iter().collect();
            moved.sort();
            match moved.get(id) {
                Some(s) => (*s).clone(),
                None => {
                    return ResponseTemplate::new(404)
                        .set_body_json(json!({"message": "Not Found"}));
                }
            }
        } else {
            format!("{}/{}", parts[2], parts[3]).to_ascii_lowercase()
        };
        if parts[1] == "repos" && world.rest_moved.contains(&slug) {
            let mut moved: Vec<&String> = world.rest_moved.iter().collect();
            moved.sort();
            let id = moved.iter().position(|s| **s == slug).unwrap_or(0);
            let location = format!(
                "{}/repositories/{id}/contributors?{}",
                self.1,
                req.url.query().unwrap_or("")
            );
            return ResponseTemplate::new(301)
                .insert_header("location", location.as_str())
                .set_body_json(json!({"message": "Moved Permanently", "url": location}));
        }
        if world.missing.contains(&slug) {
            return ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}));
        }
        if world.too_large.contains(&slug) {
            return rate_headers(ResponseTemplate::new(403), "core")
                .set_body_json(fixture("contributors_too_large.json"));
        }
        let count = contributors(&slug);
        let etag = contributors_etag(&slug);
        let asked = req
            .headers
            .get("if-none-match")
            .and_then(|v| v.to_str().ok());
        if asked == Some(etag.as_str()) {
            return rate_headers(ResponseTemplate::new(304), "core")
                .insert_header("etag", etag.as_str());
        }
        let mut t = rate_headers(ResponseTemplate::new(200), "core")
            .insert_header("etag", etag.as_str())
            .set_body_json(fixture("contributor.json"));
        if count > 1 {
            let base = format!("{}{}", self.1, req.url.path());
            let link = format!(
                "<{base}?per_page=1&anon=true&page=2>; rel=\"next\", <{base}?per_page=1&anon=true&page={count}>; rel=\"last\""
            );
            t = t.insert_header("link", link.as_str());
        }
        t
    }
}

struct StatsEndpoint(std::sync::Arc<Shared>);

impl Respond for StatsEndpoint {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        if let Some(denied) = unauthorized(&self.0, req) {
            return denied;
        }
        let calls = {
            let mut calls = self.0.stats_calls.lock().unwrap_or_else(|p| p.into_inner());
            let n = calls.entry(req.url.path().to_string()).or_default();
            *n += 1;
            *n
        };
        if calls <= self.0.world.stats_202 {
            return rate_headers(ResponseTemplate::new(202), "core").set_body_json(json!({}));
        }
        rate_headers(ResponseTemplate::new(200), "core")
            .set_body_json(fixture("commit_activity.json"))
    }
}
