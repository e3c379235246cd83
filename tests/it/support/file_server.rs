//! A stand-in web server on 127.0.0.1 answering every request with one file: wiremock's,
//! the same server as the fake GitHub's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves one body at every path, counting requests, until dropped.
pub struct FileServer {
    url: String,
    hits: Arc<AtomicUsize>,
    // Not pooled: dropping it stops it, so a later request finds nothing listening.
    _server: MockServer,
}

struct Counted(Arc<AtomicUsize>, ResponseTemplate);

impl Respond for Counted {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.fetch_add(1, Ordering::SeqCst);
        self.1.clone()
    }
}

impl FileServer {
    /// Serves `body` as `content_type`; [`FileServer::url`] names `path` on it.
    pub async fn start(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> FileServer {
        let server = MockServer::builder().start().await;
        let hits = Arc::new(AtomicUsize::new(0));
        let answer = ResponseTemplate::new(200).set_body_raw(body, content_type);
        Mock::given(any())
            .respond_with(Counted(Arc::clone(&hits), answer))
            .mount(&server)
            .await;
        FileServer {
            url: format!("{}{path}", server.uri()),
            hits,
            _server: server,
        }
    }

    /// [`FileServer::start`] for a test without an async runtime.
    pub fn start_blocking(path: &str, content_type: &str, body: impl Into<Vec<u8>>) -> FileServer {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(FileServer::start(path, content_type, body))
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}
