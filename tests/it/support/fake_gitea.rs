//! A fake Gitea/Forgejo on 127.0.0.1 speaking the REST v1 endpoints enrichment reads, with
//! answers shaped like Codeberg's: `/api/v1/repos/{owner}/{repo}` and its `/languages`,
//! `/releases/latest` (404 when there is none) and `/commits` (total in `X-Total-Count`), the
//! `Authorization: token …` header, 404 `{"message": "The target couldn't be found."}`, 429
//! with `Retry-After`. Figures come from [`forge_world`](super::forge_world).

use std::sync::Arc;

use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::forge_world::{self as w, State, World};

/// The running fake.
pub struct FakeGitea {
    pub server: MockServer,
}

impl FakeGitea {
    pub async fn with(world: World) -> FakeGitea {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path_regex(r"^/api/v1/repos/[^/]+/[^/]+"))
            .respond_with(Api(Arc::new(State::new(world))))
            .mount(&server)
            .await;
        FakeGitea { server }
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

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "errors": null,
        "message": "The target couldn't be found.",
        "url": "https://codeberg.org/api/swagger"
    }))
}

impl Respond for Api {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let state = &self.0;
        if let Some(fault) = state.fault(None) {
            return fault;
        }
        let auth = (req.headers.get("authorization"))
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if let Some(expected) = &state.world.token
            && auth != format!("token {expected}")
        {
            return ResponseTemplate::new(401).set_body_json(
                json!({ "message": format!("user does not exist [uid: 0, name: {auth}]") }),
            );
        }
        let parts: Vec<&str> = req
            .url
            .path()
            .trim_start_matches("/api/v1/repos/")
            .splitn(3, '/')
            .collect();
        let path = format!("{}/{}", parts[0], parts.get(1).unwrap_or(&"")).to_ascii_lowercase();
        let route = parts.get(2).copied().unwrap_or("");
        if state.world.missing.contains(&path) {
            return not_found();
        }
        if state.world.malformed.contains(&path) {
            return ResponseTemplate::new(200).set_body_string("<html>maintenance</html>");
        }
        let web = format!("https://gitea.example/{path}");
        match route {
            "" => ResponseTemplate::new(200).set_body_json(repo(&path, &web)),
            "languages" => {
                ResponseTemplate::new(200).set_body_json(json!({"Python": 812_345, "Shell": 4_321}))
            }
            "releases/latest" if state.world.no_release.contains(&path) => not_found(),
            "releases/latest" => {
                let tag = w::release(&path);
                ResponseTemplate::new(200).set_body_json(json!({
                    "id": 7, "tag_name": tag, "name": tag, "body": "", "draft": false, "prerelease": false,
                    "url": format!("https://gitea.example/api/v1/repos/{path}/releases/7"),
                    "html_url": format!("{web}/releases/tag/{tag}"),
                    "created_at": "2024-04-02T09:00:00Z",
                    "published_at": "2024-04-02T09:00:00Z"
                }))
            }
            "commits" => commits(req, &path, &web),
            _ => not_found(),
        }
    }
}

fn repo(path: &str, web: &str) -> Value {
    let (owner, name) = path.split_once('/').unwrap_or((path, path));
    json!({
        "id": w::stars(path) + 7,
        "owner": {"id": 3, "login": owner, "full_name": ""},
        "name": name,
        "full_name": path,
        "description": format!("The {name} gatekeeper"),
        "empty": false,
        "private": false,
        "fork": false,
        "html_url": web,
        "clone_url": format!("{web}.git"),
        "website": "https://zuul-ci.org",
        "stars_count": w::stars(path),
        "forks_count": 21,
        "watchers_count": 40,
        "open_issues_count": 17,
        "default_branch": "master",
        "archived": false,
        "created_at": "2012-07-23T16:00:00Z",
        "updated_at": "2025-11-30T12:00:00Z",
        "language": "Python",
        "topics": ["ci", "gating"],
        "licenses": ["Apache-2.0"]
    })
}

fn commits(req: &Request, path: &str, web: &str) -> ResponseTemplate {
    let limit: usize = w::param(req, "limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let page: usize = w::param(req, "page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let since = w::param(req, "since").and_then(|v| v.parse().ok());
    if w::param(req, "sha").as_deref() != Some("master") {
        return not_found();
    }
    let (list, total) = w::commit_page(path, since, page, limit.min(50));
    let body: Vec<Value> = list
        .iter()
        .map(|(sha, date)| {
            let d = date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            json!({
                "url": format!("https://gitea.example/api/v1/repos/{path}/git/commits/{sha}"),
                "sha": sha, "created": d,
                "html_url": format!("{web}/commit/{sha}"),
                "commit": {
                    "message": "change\n",
                    "author": {"name": "A", "email": "a@example.org", "date": d},
                    "committer": {"name": "A", "email": "a@example.org", "date": d}
                },
                "parents": []
            })
        })
        .collect();
    ResponseTemplate::new(200)
        .set_body_json(body)
        .insert_header("x-total-count", total.to_string().as_str())
}
