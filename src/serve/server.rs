//! The HTTP side: binding, the connection loop (hyper on a small tokio runtime of its own),
//! refusing foreign hosts, turning a [`Reply`] into a response, security headers, logging.
//!
//! Why hyper and not a thread-pool server: a browser opens six keep-alive connections to a
//! host at once, and a pool that parks one thread per idle connection can strand the sixth
//! request, so that a page hangs until a connection closes. Tasks cost nothing while a
//! connection idles.

use std::borrow::Cow;
use std::convert::Infallible;
use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use http_body_util::{Either, Full};
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use socket2::{Domain, Protocol, Socket, Type};
use tokio::sync::watch;

use super::ServeError;
use super::headers::Policies;
use super::host::{AllowedHosts, HostCheck};
use super::path::split_target;
use super::reload::{self, Events, LiveReload};
use super::route::{Ask, Reply, Site, route};

/// How long a stopping server lets responses in flight finish.
const DRAIN: Duration = Duration::from_secs(2);

/// The media type of the server's own short answers (errors, redirects).
const TEXT: &str = "text/plain; charset=utf-8";

/// How to serve a built site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The built site directory. Resolved again on every request, so a rebuild may replace
    /// it (rename or symlink flip) while the server runs.
    pub dir: PathBuf,
    /// Address to bind; port 0 picks a free port (see [`ServerHandle::addr`]).
    pub addr: SocketAddr,
    /// URL prefix the site is published under: `""` or e.g. `/landscape` (a trailing slash
    /// or a missing leading one is tolerated).
    pub base_path: String,
    /// Log one line per request to stderr (`GET /path 200 0.3ms`); off in tests.
    pub log_requests: bool,
    /// Pages reload themselves when this is told of a rebuild (`serve --watch`).
    pub live_reload: Option<LiveReload>,
}

impl ServeOptions {
    /// Options serving `dir` at the root of `addr`, with request logging on.
    pub fn new(dir: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        Self {
            dir: dir.into(),
            addr,
            base_path: String::new(),
            log_requests: true,
            live_reload: None,
        }
    }
}

/// A running server; dropping it stops the server like [`ServerHandle::stop`].
pub struct ServerHandle {
    addr: SocketAddr,
    live_reload: Option<LiveReload>,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// The address actually bound (with the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets responses in flight finish (up to two seconds), closes idle
    /// connections, and returns once the server thread has exited.
    pub fn stop(self) {
        // Drop does the work; this method names the intent at call sites.
    }

    /// Blocks until the server stops, which only happens if another thread stops it or the
    /// process is interrupted: this is what `landscape serve` calls last.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        // Open event streams would hold their connections past the drain time.
        if let Some(live) = &self.live_reload {
            live.close();
        }
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Binds `opts.addr` and serves `opts.dir` from a background thread until the handle is
/// stopped or dropped.
pub fn start(opts: &ServeOptions) -> Result<ServerHandle, ServeError> {
    match std::fs::metadata(&opts.dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(ServeError::NotADirectory(opts.dir.clone())),
        Err(source) => {
            return Err(ServeError::SiteDir {
                path: opts.dir.clone(),
                source,
            });
        }
    }
    let base_path = normalise_base_path(&opts.base_path)?;
    let site = Site {
        root: opts.dir.clone(),
        base_path: base_path.clone(),
    };
    let bind_error = |source: io::Error| ServeError::Bind {
        addr: opts.addr,
        source: source.into(),
    };
    let listener = listen(opts.addr).map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(ServeError::Spawn)?;
    let (stop, stopped) = watch::channel(false);
    let shared = Arc::new(Shared {
        site,
        log: opts.log_requests,
        hosts: AllowedHosts::new(addr),
        policies: Policies::new(&base_path),
        refusal: refusal(addr, &base_path),
        live_reload: opts.live_reload.clone(),
    });
    let thread = thread::Builder::new()
        .name("serve".into())
        .spawn(move || {
            runtime.block_on(accept_loop(listener, shared, stopped));
            runtime.shutdown_timeout(DRAIN);
        })
        .map_err(ServeError::Spawn)?;
    Ok(ServerHandle {
        addr,
        live_reload: opts.live_reload.clone(),
        stop,
        thread: Some(thread),
    })
}

struct Shared {
    site: Site,
    log: bool,
    hosts: AllowedHosts,
    policies: Policies,
    /// The body of the answer to a foreign `Host`.
    refusal: Bytes,
    live_reload: Option<LiveReload>,
}

/// Says why a request naming another site's host gets no page, and where the site is.
fn refusal(addr: SocketAddr, base_path: &str) -> Bytes {
    let (names, open) = if addr.ip().is_unspecified() {
        (
            "localhost, 127.0.0.1, [::1] or an IP address of this machine".to_owned(),
            format!("localhost:{}", addr.port()),
        )
    } else if addr.ip().is_loopback() {
        ("localhost, 127.0.0.1 or [::1]".to_owned(), addr.to_string())
    } else {
        let ip = SocketAddr::new(addr.ip(), 0).to_string();
        let ip = ip.strip_suffix(":0").unwrap_or(&ip);
        (
            format!("localhost, 127.0.0.1, [::1] or {ip}"),
            addr.to_string(),
        )
    };
    Bytes::from(format!(
        "421 Misdirected Request: this preview server answers only to {names} \
         (a page of another site must not read it); open http://{open}{base_path}/ instead.\n"
    ))
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot serve: {e}");
            return;
        }
    };
    loop {
        let stream = tokio::select! {
            _ = async { stopped.wait_for(|s| *s).await.map(|_| ()) } => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // One failed accept (e.g. out of file descriptors) is not the listener's end.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let shared = Arc::clone(&shared);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(Arc::clone(&shared), req));
            let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = async { stopped.wait_for(|s| *s).await.map(|_| ()) } => {
                    // Finish the response being sent, then close.
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}

/// A listening socket whose accepted connections have Nagle's algorithm off.
///
/// A response written in several pieces otherwise waits for the client's delayed ACK, and
/// every response after the first on a keep-alive connection stalls ~40 ms (measured with the
/// earlier server: 2,452 logos in sequence took 104 s, 1.2 s without). Accepted streams
/// inherit TCP_NODELAY from the listener.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // As std does on Unix: a restarted `landscape serve` can rebind the port at once.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// `""`, `"/"` → `""`; `"landscape/"` → `"/landscape"`. Segments must be plain names so the
/// prefix can be compared with raw request paths without decoding.
fn normalise_base_path(raw: &str) -> Result<String, ServeError> {
    crate::load::settings::plain_base_path(raw)
        .ok_or_else(|| ServeError::InvalidBasePath(raw.to_owned()))
}

async fn answer(
    shared: Arc<Shared>,
    request: Request<hyper::body::Incoming>,
) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let method = request.method().clone();
    let target = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let head = method == Method::HEAD;
    let host = shared.hosts.check(
        request.version(),
        request.headers().get_all(header::HOST),
        request.uri().authority().map(|a| a.as_str()),
    );
    let live = shared.live_reload.clone();
    let (target, (mut response, media_type)) = match host {
        HostCheck::Allowed => {
            let reserved = live.as_ref().and_then(|live| {
                let readonly = method == Method::GET || method == Method::HEAD;
                readonly
                    .then(|| live_reload_answer(live, &shared.site.base_path, &target))
                    .flatten()
            });
            match reserved {
                Some(answer) => (target, answer),
                None => {
                    let site = Arc::clone(&shared);
                    // The page's tag and its ETag name the same rebuild.
                    let generation = live.as_ref().map(LiveReload::generation);
                    tokio::task::spawn_blocking(move || {
                        let reply = route(
                            &site.site,
                            &Ask {
                                readonly_method: method == Method::GET || method == Method::HEAD,
                                target: &target,
                                if_none_match: if_none_match.as_deref(),
                                page_variant: generation,
                            },
                        );
                        let tag = generation.map(|g| reload::tag(&site.site.base_path, g));
                        let response = respond(reply, head, tag.as_deref());
                        (target, left(response))
                    })
                    .await
                    .unwrap_or_else(|_| {
                        (
                            String::new(),
                            left(text(500, "500 Internal Server Error\n")),
                        )
                    })
                }
            }
        }
        HostCheck::Malformed => (
            target,
            left(text(400, "400 Bad Request: send one Host header\n")),
        ),
        // hyper leaves the body out of an answer to HEAD.
        HostCheck::Foreign => (
            target,
            left((plain(421, shared.refusal.clone()), TEXT.into())),
        ),
    };
    let (path, _) = split_target(&target);
    shared
        .policies
        .apply(path, &media_type, response.headers_mut());
    if shared.log {
        eprintln!(
            "{} {} {} {:.1}ms",
            request.method(),
            printable(&target),
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(response)
}

/// A response body: a file or short text, or a live-reload event stream.
type Body = Either<Full<Bytes>, Events>;

fn left(
    (r, media_type): (Response<Full<Bytes>>, Cow<'static, str>),
) -> (Response<Body>, Cow<'static, str>) {
    (r.map(Either::Left), media_type)
}

/// The live-reload script and event stream, for requests naming them under the reserved
/// path; `None` for every other request.
fn live_reload_answer(
    live: &LiveReload,
    base_path: &str,
    target: &str,
) -> Option<(Response<Body>, Cow<'static, str>)> {
    let (path, query) = split_target(target);
    let name = path
        .strip_prefix(base_path)?
        .strip_prefix(reload::RESERVED)?;
    let (body, media_type) = if name == reload::SCRIPT {
        let js = Full::new(Bytes::from_static(reload::SCRIPT_TEXT.as_bytes()));
        (Either::Left(js), "text/javascript; charset=utf-8")
    } else if name == reload::EVENTS {
        let events = live.subscribe(reload::since(query));
        (Either::Right(events), "text/event-stream")
    } else {
        return None;
    };
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some((r, media_type.into()))
}

/// Turns a reply into a response, reading the file's bytes (a preview server's files are
/// pages, logos and data: small enough to hold) unless the request was `HEAD`; with it, the
/// media type of what the response stands for (the file's, for a 304). `tag` is added to
/// HTML pages (live reload).
fn respond(
    reply: Reply,
    head: bool,
    tag: Option<&str>,
) -> (Response<Full<Bytes>>, Cow<'static, str>) {
    match reply {
        Reply::File {
            status,
            mut file,
            len,
            content_type,
            cache_control,
            etag,
        } => {
            let tag = tag.filter(|_| content_type.starts_with("text/html"));
            let mut body = Vec::new();
            // A page with the tag is read for HEAD too: its length is the page's and the tag's.
            if (!head || tag.is_some())
                && let Err(e) = file.read_to_end(&mut body)
            {
                eprintln!("error: cannot read a site file: {e}");
                return text(500, "500 Internal Server Error\n");
            }
            let len = match tag {
                Some(tag) => {
                    reload::inject(&mut body, tag);
                    body.len() as u64
                }
                None => len,
            };
            let mut r = with_status(status, body);
            let h = r.headers_mut();
            insert(h, header::CONTENT_TYPE, &content_type);
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            );
            insert(h, header::ETAG, &etag);
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            (r, content_type)
        }
        Reply::NotModified {
            content_type,
            cache_control,
            etag,
        } => {
            let mut r = with_status(304, Vec::new());
            let h = r.headers_mut();
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            );
            insert(h, header::ETAG, &etag);
            (r, content_type)
        }
        Reply::Redirect(location) => match HeaderValue::from_str(&location) {
            Ok(location) => {
                let (mut r, media_type) = text(301, "301 Moved Permanently\n");
                r.headers_mut().insert(header::LOCATION, location);
                (r, media_type)
            }
            // Only a non-ASCII raw path gets here; no browser sends one unencoded.
            Err(_) => text(400, "400 Bad Request\n"),
        },
        Reply::Text { status, body } => {
            let (mut r, media_type) = text(status, body);
            if status == 405 {
                r.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            }
            if status == 503 {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            (r, media_type)
        }
    }
}

fn with_status(status: u16, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r
}

/// A short plain-text answer, with its media type.
fn text(status: u16, body: &'static str) -> (Response<Full<Bytes>>, Cow<'static, str>) {
    (
        plain(status, Bytes::from_static(body.as_bytes())),
        TEXT.into(),
    )
}

fn plain(status: u16, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Inserts a header this module computed itself (ETags are hex digits and quotes).
fn insert(h: &mut hyper::HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

/// Request targets come from the network: keep control characters out of the terminal.
fn printable(target: &str) -> String {
    target
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_normalised_or_refused() {
        assert_eq!(normalise_base_path("").unwrap(), "");
        assert_eq!(normalise_base_path("/").unwrap(), "");
        assert_eq!(normalise_base_path("landscape/").unwrap(), "/landscape");
        assert_eq!(normalise_base_path("/a/b").unwrap(), "/a/b");
        for bad in ["/../x", "/a//b", "/a b", "/a?b", "/%2e"] {
            assert!(normalise_base_path(bad).is_err(), "{bad}");
        }
    }
}
