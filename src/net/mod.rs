//! HTTP(S) GETs for the few files a build fetches itself (inputs given by URL, the poster's
//! header logo). The client is built on the stack octocrab already compiles (hyper, rustls
//! with the system's roots); redirects are followed, bodies and times are bounded, and a
//! cached copy is revalidated with its ETag.

mod dns;

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{Client as Hyper, connect::HttpConnector};
use url::Url;

const MAX_REDIRECTS: usize = 10;

/// How long a request may take and how much it may bring.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect: Duration,
    /// The whole request, redirects and body included.
    pub total: Duration,
    pub max_bytes: usize,
}

/// What a GET brought.
#[derive(Debug)]
pub enum Fetched {
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
    },
    /// The copy whose ETag was sent is still current.
    NotModified,
}

/// Why a GET brought nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("HTTP {0}")]
    Status(u16),
    #[error("timed out")]
    Timeout,
    #[error("larger than {} MiB", .0 >> 20)]
    TooLarge(usize),
    #[error("redirected to {0}, which is not http(s)")]
    BadRedirect(String),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("{0}")]
    Transport(String),
}

impl FetchError {
    /// Whether another try may succeed (the server or the network failed, not the request).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(code) => *code >= 500 || *code == 429,
            FetchError::Timeout | FetchError::Transport(_) => true,
            _ => false,
        }
    }
}

/// The connector every HTTP client of a run uses: HTTPS with the system's roots (or plain
/// HTTP, for local test servers), connections given up after `connect`, names looked up
/// with [`dns::Hedged`].
pub type Connector = HttpsConnector<HttpConnector<dns::Hedged>>;

/// A [`Connector`] whose connections give up after `connect`.
pub fn connector(connect: Duration) -> Result<Connector, String> {
    let mut http = HttpConnector::new_with_resolver(dns::Hedged);
    http.set_connect_timeout(Some(connect));
    http.enforce_http(false);
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS root certificates: {e}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// One HTTP client, shared by the requests of a run.
#[derive(Clone)]
pub struct Client {
    hyper: Hyper<Connector, Full<Bytes>>,
}

impl Client {
    /// A client whose connections give up after `connect`.
    pub fn new(connect: Duration) -> Result<Client, FetchError> {
        let https = connector(connect).map_err(FetchError::Transport)?;
        let hyper = Hyper::builder(hyper_util::rt::TokioExecutor::new()).build(https);
        Ok(Client { hyper })
    }

    /// GETs `url`; with `etag`, a 304 answer means the cached copy is current.
    pub async fn get(
        &self,
        url: &Url,
        etag: Option<&str>,
        limits: Limits,
    ) -> Result<Fetched, FetchError> {
        tokio::time::timeout(limits.total, self.follow(url, etag, limits.max_bytes))
            .await
            .unwrap_or(Err(FetchError::Timeout))
    }

    /// Sends one request as it is (no redirect followed, no bound on time or body): the API
    /// clients of the enrichment bound and retry it themselves.
    pub(crate) async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
    ) -> Result<http::Response<hyper::body::Incoming>, hyper_util::client::legacy::Error> {
        self.hyper.request(request).await
    }

    async fn follow(
        &self,
        url: &Url,
        etag: Option<&str>,
        max_bytes: usize,
    ) -> Result<Fetched, FetchError> {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let mut request = http::Request::get(url.as_str()).header(
                http::header::USER_AGENT,
                concat!("landscape/", env!("CARGO_PKG_VERSION")),
            );
            if let Some(etag) = etag {
                request = request.header(http::header::IF_NONE_MATCH, etag);
            }
            let request = request
                .body(Full::new(Bytes::new()))
                .map_err(|e| FetchError::Transport(e.to_string()))?;
            let response = self
                .hyper
                .request(request)
                .await
                .map_err(|e| FetchError::Transport(causes(&e)))?;
            let status = response.status();
            if status == http::StatusCode::NOT_MODIFIED && etag.is_some() {
                return Ok(Fetched::NotModified);
            }
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(http::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .ok_or(FetchError::Status(status.as_u16()))?;
                url = url
                    .join(location)
                    .map_err(|e| FetchError::Transport(e.to_string()))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(FetchError::BadRedirect(url.to_string()));
                }
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let etag = response
                .headers()
                .get(http::header::ETAG)
                .and_then(|e| e.to_str().ok())
                .map(str::to_string);
            let body = Limited::new(response.into_body(), max_bytes);
            return match body.collect().await {
                Ok(collected) => Ok(Fetched::Body {
                    bytes: collected.to_bytes().to_vec(),
                    etag,
                }),
                Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                    Err(FetchError::TooLarge(max_bytes))
                }
                Err(e) => Err(FetchError::Transport(causes(e.as_ref()))),
            };
        }
        Err(FetchError::TooManyRedirects)
    }
}

/// GETs one URL from synchronous code.
pub fn get_blocking(url: &Url, limits: Limits) -> Result<Vec<u8>, FetchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Transport(e.to_string()))?;
    runtime.block_on(async {
        match Client::new(limits.connect)?.get(url, None, limits).await? {
            Fetched::Body { bytes, .. } => Ok(bytes),
            // Only an ETag sent makes a 304 mean "not modified".
            Fetched::NotModified => Err(FetchError::Status(304)),
        }
    })
}

/// An error with its causes: the client's own says only "client error (Connect)".
pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const LIMITS: Limits = Limits {
        connect: Duration::from_millis(1500),
        total: Duration::from_secs(3),
        max_bytes: 4 << 20,
    };

    /// `get_blocking` on its own thread, with a generous bound that only a hang reaches.
    fn get_bounded(url: &str) -> Result<Vec<u8>, FetchError> {
        let url = Url::parse(url).expect("URL");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(get_blocking(&url, LIMITS)));
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the GET returned")
    }

    #[test]
    fn follows_redirects_and_refuses_oversized_bodies() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            let moved = ResponseTemplate::new(302).insert_header("location", "/brand/new.svg");
            Mock::given(path("/old.svg"))
                .respond_with(moved)
                .mount(&server)
                .await;
            Mock::given(path("/brand/new.svg"))
                .respond_with(ResponseTemplate::new(200).set_body_string("<svg/>"))
                .mount(&server)
                .await;
            let away = ResponseTemplate::new(301).insert_header("location", "file:///etc/passwd");
            Mock::given(path("/away.svg"))
                .respond_with(away)
                .mount(&server)
                .await;
            let huge = vec![b' '; LIMITS.max_bytes + 1];
            Mock::given(path("/huge.svg"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(huge))
                .mount(&server)
                .await;
            server
        });
        let url = |p: &str| format!("{}{p}", server.uri());
        assert_eq!(get_bounded(&url("/old.svg")), Ok(b"<svg/>".to_vec()));
        assert_eq!(
            get_bounded(&url("/huge.svg")),
            Err(FetchError::TooLarge(LIMITS.max_bytes))
        );
        assert_eq!(get_bounded(&url("/gone.svg")), Err(FetchError::Status(404)));
        assert_eq!(
            get_bounded(&url("/away.svg")),
            Err(FetchError::BadRedirect("file:///etc/passwd".into()))
        );
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        // Connections are queued by the kernel but never accepted or answered.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/logo.svg", silent.local_addr().expect("address"));
        assert_eq!(get_bounded(&url), Err(FetchError::Timeout));
    }
}
