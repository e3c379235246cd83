//! The foundation's logo for the poster title: settings `header.logo`, a URL or a path.
//!
//! A URL is fetched on a background thread while the poster is laid out, with short
//! timeouts, and cached when it is an image; a failed fetch (or a non-image) is remembered
//! for an hour so that an offline machine does not wait on every export. When the URL
//! cannot be had, a file of the same name in the settings' directory is used (landscapes
//! usually keep their logos next to settings.yml). Whatever the source, the logo goes
//! through the same sanitizer as item logos. Nothing here fails the export: problems become
//! warnings.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use super::PosterOptions;
use crate::load::Settings;
use crate::logos::{self, ProcessOptions, ProcessedLogo};

const CONNECT_TIMEOUT: Duration = Duration::from_millis(1500);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the export waits for the fetch at most, DNS stalls included.
const DEADLINE: Duration = Duration::from_millis(3500);
const FAILURE_MEMORY: Duration = Duration::from_secs(3600);
const MAX_BYTES: usize = 4 << 20;
const MAX_REDIRECTS: usize = 10;

type Outcome = (Option<ProcessedLogo>, Vec<String>);

/// A header logo on its way.
pub(super) struct Pending {
    rx: Option<mpsc::Receiver<Outcome>>,
    started: Instant,
}

/// Starts getting the header logo (nothing to do when settings name none).
pub(super) fn start(settings: &Settings, opts: &PosterOptions) -> Pending {
    let source = settings.header.as_ref().and_then(|h| h.logo.clone());
    let started = Instant::now();
    let Some(source) = source.filter(|s| !s.trim().is_empty()) else {
        return Pending { rx: None, started };
    };
    let base = opts.base_dir.clone();
    let cache = opts.cache_dir.clone();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(get(source.trim(), base.as_deref(), cache.as_deref()));
    });
    Pending {
        rx: Some(rx),
        started,
    }
}

impl Pending {
    /// The logo, waiting no longer than the deadline from the start.
    pub fn finish(self) -> Outcome {
        let Some(rx) = self.rx else {
            return (None, Vec::new());
        };
        let left = DEADLINE.saturating_sub(self.started.elapsed());
        rx.recv_timeout(left).unwrap_or_else(|_| {
            (
                None,
                vec!["the header logo took too long to fetch; the poster has none".into()],
            )
        })
    }
}

fn get(source: &str, base: Option<&Path>, cache: Option<&Path>) -> Outcome {
    let mut warnings = Vec::new();
    let is_url = url::Url::parse(source).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    let (name, bytes) = if is_url {
        match fetch_cached(source, cache) {
            Ok(bytes) => (source.to_string(), Some(bytes)),
            Err(e) => {
                let file = source
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .split(['?', '#'])
                    .next();
                let local = base.zip(file.filter(|f| !f.is_empty())).and_then(|(b, f)| {
                    logos::read(b, f)
                        .ok()
                        .map(|(_, bytes)| (f.to_string(), bytes))
                });
                let fallback = if local.is_some() {
                    "used the local copy"
                } else {
                    "the poster has none"
                };
                warnings.push(format!(
                    "could not fetch the header logo {source}: {e}; {fallback}"
                ));
                match local {
                    Some((f, bytes)) => (f, Some(bytes)),
                    None => (source.to_string(), None),
                }
            }
        }
    } else {
        let base = base.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        match logos::read(&base, source) {
            Ok((_, bytes)) => (source.to_string(), Some(bytes)),
            Err(e) => {
                warnings.push(format!("could not read the header logo: {e}"));
                (source.to_string(), None)
            }
        }
    };
    let logo = bytes.and_then(|bytes| {
        logos::process(
            &name,
            &bytes,
            &ProcessOptions {
                adjust_viewbox: true,
            },
        )
        .map_err(|e| warnings.push(format!("the header logo {name} is not usable: {e}")))
        .ok()
    });
    (logo, warnings)
}

/// The URL's bytes from the cache, else from the network (then cached).
fn fetch_cached(url: &str, cache: Option<&Path>) -> Result<Vec<u8>, String> {
    let key = blake3::hash(url.as_bytes()).to_hex();
    let entry = cache.map(|c| c.join("poster").join(format!("header-{}", &key[..24])));
    if let Some(entry) = &entry {
        if let Ok(bytes) = std::fs::read(entry) {
            return Ok(bytes);
        }
        let failed = entry.with_extension("failed");
        let recent = std::fs::metadata(&failed)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age < FAILURE_MEMORY);
        if recent {
            let why = std::fs::read_to_string(&failed).unwrap_or_default();
            return Err(format!(
                "{why} (not retried for an hour; delete {} to retry)",
                failed.display()
            ));
        }
    }
    // Only an image is kept: a proxy's or captive portal's HTML page cached as the logo
    // would stand in for it until someone deleted the cache, and hide the local copy.
    let result = fetch(url).and_then(|bytes| match logos::check(url, &bytes) {
        Ok(_) => Ok(bytes),
        Err(problem) => Err(format!("not an image: {problem}")),
    });
    if let Some(entry) = &entry {
        let written = entry.parent().map(std::fs::create_dir_all);
        if matches!(written, Some(Ok(()))) {
            // Best effort: a cache that cannot be written only costs a fetch next time.
            let _ = match &result {
                Ok(bytes) => write_atomically(entry, bytes),
                Err(e) => write_atomically(&entry.with_extension("failed"), e.as_bytes()),
            };
        }
    }
    result
}

/// The body of `url` over HTTP(S), following redirects. The client is the one the GitHub
/// client is built on (hyper, rustls with the system's roots), so no second HTTP stack is
/// compiled for one request.
fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        tokio::time::timeout(TOTAL_TIMEOUT, fetch_following(url))
            .await
            .unwrap_or_else(|_| Err("timed out".into()))
    })
}

async fn fetch_following(url: &str) -> Result<Vec<u8>, String> {
    use http_body_util::{BodyExt, Empty, Limited};
    use hyper::body::Bytes;
    use hyper_util::client::legacy::{Client, connect::HttpConnector};

    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    http.enforce_http(false);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS roots: {e}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let client = Client::builder(hyper_util::rt::TokioExecutor::new()).build(https);
    let mut url = url::Url::parse(url).map_err(|e| e.to_string())?;
    for _ in 0..=MAX_REDIRECTS {
        let request = http::Request::get(url.as_str())
            .header(
                http::header::USER_AGENT,
                concat!("landscape/", env!("CARGO_PKG_VERSION")),
            )
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let response = client.request(request).await.map_err(|e| causes(&e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| format!("HTTP {status} without a location"))?;
            url = url.join(location).map_err(|e| e.to_string())?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(format!("redirected to {url}"));
            }
            continue;
        }
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let body = Limited::new(response.into_body(), MAX_BYTES);
        return match body.collect().await {
            Ok(collected) => Ok(collected.to_bytes().to_vec()),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                Err(format!("larger than {} MiB", MAX_BYTES >> 20))
            }
            Err(e) => Err(causes(e.as_ref())),
        };
    }
    Err(format!("more than {MAX_REDIRECTS} redirects"))
}

/// An error with its causes: the client's own says only "client error (Connect)".
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// `fetch` on its own thread, with a generous bound that only a hang reaches.
    fn fetch_bounded(url: String) -> Result<Vec<u8>, String> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || tx.send(fetch(&url)));
        rx.recv_timeout(Duration::from_secs(60))
            .expect("fetch returned")
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
            let huge = vec![b' '; MAX_BYTES + 1];
            Mock::given(path("/huge.svg"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(huge))
                .mount(&server)
                .await;
            server
        });
        let url = |p: &str| format!("{}{p}", server.uri());
        assert_eq!(fetch_bounded(url("/old.svg")), Ok(b"<svg/>".to_vec()));
        assert_eq!(
            fetch_bounded(url("/huge.svg")),
            Err("larger than 4 MiB".into())
        );
        assert_eq!(
            fetch_bounded(url("/gone.svg")),
            Err("HTTP 404 Not Found".into())
        );
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        // Connections are queued by the kernel but never accepted or answered.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/logo.svg", silent.local_addr().expect("address"));
        assert_eq!(fetch_bounded(url), Err("timed out".into()));
    }
}
