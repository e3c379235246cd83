//! A fake CLOMonitor on 127.0.0.1: `GET /api/projects/{foundation}/{name}/report-summary`
//! answers an SVG image naming the project (with a script and an event handler in it, which
//! publishing must remove); a name starting with `missing-` is a 404. Faults are queued and
//! answered first, in order.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The image the fake answers for `name` of `foundation`.
pub fn svg(foundation: &str, name: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" viewBox="0 0 400 120"><script>alert(1)</script><rect width="400" height="120" fill="#f5f5f5" onload="alert(2)"/><text x="10" y="40" font-size="20">{foundation}/{name}</text><circle cx="350" cy="60" r="40" fill="#4caf50"/></svg>"##
    )
}

struct Summaries(Arc<Mutex<VecDeque<ResponseTemplate>>>);

impl Respond for Summaries {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(fault) = self.0.lock().unwrap().pop_front() {
            return fault;
        }
        let segments: Vec<&str> = request.url.path().split('/').collect();
        let (foundation, name) = (segments[3], segments[4]);
        if name.starts_with("missing-") {
            return ResponseTemplate::new(404);
        }
        ResponseTemplate::new(200)
            .insert_header("content-type", "image/svg+xml")
            .set_body_string(svg(foundation, name))
    }
}

/// The running fake.
pub struct FakeClomonitor {
    pub server: MockServer,
    faults: Arc<Mutex<VecDeque<ResponseTemplate>>>,
}

impl FakeClomonitor {
    pub async fn start() -> FakeClomonitor {
        let server = MockServer::start().await;
        let faults = Arc::new(Mutex::new(VecDeque::new()));
        Mock::given(method("GET"))
            .and(path_regex(r"^/api/projects/[^/]+/[^/]+/report-summary$"))
            .respond_with(Summaries(faults.clone()))
            .mount(&server)
            .await;
        FakeClomonitor { server, faults }
    }

    /// The base to give the client (`CLOMONITOR_API_URL`).
    pub fn url(&self) -> String {
        self.server.uri()
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
