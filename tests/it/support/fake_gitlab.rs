//! A fake GitLab on 127.0.0.1 speaking the REST v4 endpoints enrichment reads, with answers
//! shaped like gitlab.com's: `/api/v4/projects/:url-encoded-path` and its `/languages`,
//! `/releases`, `/repository/commits` and `/repository/contributors` (totals in `X-Total`),
//! the `PRIVATE-TOKEN` header, 404 `{"message": "404 Project Not Found"}`, 429 with
//! `Retry-After` and `RateLimit-Reset`. Figures come from [`forge_world`](super::forge_world).

use std::sync::Arc;

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::forge_world::{self as w, State, World};

/// The running fake.
pub struct FakeGitLab {
    pub server: MockServer,
}

impl FakeGitLab {
    pub async fn with(world: World) -> FakeGitLab {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path_regex(r"^/api/v4/projects/"))
            .respond_with(Api(Arc::new(State::new(world))))
            .mount(&server)
            .await;
        FakeGitLab { server }
    }

    /// The base URL to give `LANDSCAPE_FORGE_URL_<HOST>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub async fn requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

struct Api(Arc<State>);

fn not_found(what: &str) -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({ "message": format!("404 {what} Not Found") }))
}

impl Respond for Api {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let state = &self.0;
        if let Some(fault) = state.fault(Some("ratelimit-reset")) {
            return fault;
        }
        let token = (req.headers.get("private-token"))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if let Some(expected) = &state.world.token
            && token != expected
        {
            return ResponseTemplate::new(401)
                .set_body_json(json!({ "message": format!("401 Unauthorized: {token}") }));
        }
        // The project id is one URL-encoded segment: a path sent with bare slashes is not one.
        let rest = req.url.path().trim_start_matches("/api/v4/projects/");
        let (id, route) = rest.split_once('/').unwrap_or((rest, ""));
        let path: String = url::form_urlencoded::parse(format!("p={id}").as_bytes())
            .map(|(_, v)| v.into_owned())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !path.contains('/') || state.world.missing.contains(&path) {
            return not_found("Project");
        }
        if state.world.malformed.contains(&path) {
            return ResponseTemplate::new(200).set_body_string("<html>maintenance</html>");
        }
        let web = format!("https://gitlab.example/{path}");
        match route {
            "" => ResponseTemplate::new(200).set_body_json(project(&path, &web)),
            "languages" => ResponseTemplate::new(200)
                .set_body_json(json!({"Haskell": 81.25, "C": 12.5, "Shell": 6.25})),
            "releases" => {
                let list = if state.world.no_release.contains(&path) {
                    json!([])
                } else {
                    let tag = w::release(&path);
                    json!([{
                        "name": tag, "tag_name": tag, "description": "",
                        "created_at": "2024-03-01T10:00:00.000Z",
                        "released_at": "2024-03-01T10:00:00.000Z",
                        "upcoming_release": false,
                        "_links": { "self": format!("{web}/-/releases/{tag}") }
                    }])
                };
                ResponseTemplate::new(200).set_body_json(list)
            }
            "repository/contributors" => {
                let n = w::contributors(&path);
                let one = json!([{"name": "A", "email": "a@example.org", "commits": 3, "additions": 0, "deletions": 0}]);
                paged(ResponseTemplate::new(200).set_body_json(one), n as usize, 1)
            }
            "repository/commits" => commits(req, &path, &web),
            _ => not_found("Route"),
        }
    }
}

fn project(path: &str, web: &str) -> Value {
    let name = path.rsplit('/').next().unwrap_or(path);
    json!({
        "id": w::stars(path) + 1000,
        "description": format!("The {name} project"),
        "name": name,
        "path": name,
        "path_with_namespace": path,
        "created_at": "2019-06-11T08:30:00.000Z",
        "default_branch": "master",
        "tag_list": [],
        "topics": ["compiler", "haskell"],
        "web_url": web,
        "readme_url": format!("{web}/-/blob/master/README.md"),
        "forks_count": 12,
        "star_count": w::stars(path),
        "last_activity_at": "2025-11-30T12:00:00.000Z",
        "empty_repo": false,
        "archived": false,
        "visibility": "public",
        "open_issues_count": 345,
        "license_url": format!("{web}/-/blob/master/LICENSE"),
        "license": {
            "key": "bsd-3-clause",
            "name": "BSD 3-Clause \"New\" or \"Revised\" License",
            "nickname": null,
            "html_url": "http://choosealicense.com/licenses/bsd-3-clause/",
            "source_url": "https://opensource.org/licenses/BSD-3-Clause"
        }
    })
}

fn commits(req: &Request, path: &str, web: &str) -> ResponseTemplate {
    let per_page: usize = w::param(req, "per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let page: usize = w::param(req, "page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let since = w::param(req, "since").and_then(|v| v.parse().ok());
    if w::param(req, "ref_name").as_deref() != Some("master") {
        return not_found("Branch");
    }
    let (list, total) = w::commit_page(path, since, page, per_page.min(100));
    let body: Vec<Value> = list
        .iter()
        .map(|(sha, date)| {
            let d = date.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            json!({
                "id": sha, "short_id": &sha[..8], "title": "change",
                "created_at": d, "authored_date": d, "committed_date": d,
                "author_name": "A", "committer_name": "A",
                "web_url": format!("{web}/-/commit/{sha}")
            })
        })
        .collect();
    paged(
        ResponseTemplate::new(200).set_body_json(body),
        total,
        per_page.min(100),
    )
}

/// GitLab's pagination headers.
fn paged(t: ResponseTemplate, total: usize, per_page: usize) -> ResponseTemplate {
    let pages = total.div_ceil(per_page.max(1));
    t.insert_header("x-total", total.to_string().as_str())
        .insert_header("x-total-pages", pages.to_string().as_str())
        .insert_header("x-per-page", per_page.to_string().as_str())
}
