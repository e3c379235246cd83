//! The HTTP side: binding, the worker pool, turning a [`Reply`] into a response, logging.

use std::io::{self, Cursor};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use socket2::{Domain, Protocol, Socket, Type};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::ServeError;
use super::route::{Ask, Reply, Site, route};

/// Worker threads answering requests. Serving is I/O-bound (a worker is busy while a body
/// streams to a slow client), so this is more than the 2 cores but still small.
const WORKERS: usize = 8;

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
}

impl ServeOptions {
    /// Options serving `dir` at the root of `addr`, with request logging on.
    pub fn new(dir: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        Self {
            dir: dir.into(),
            addr,
            base_path: String::new(),
            log_requests: true,
        }
    }
}

/// A running server; dropping it stops the server like [`ServerHandle::stop`].
pub struct ServerHandle {
    addr: SocketAddr,
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl ServerHandle {
    /// The address actually bound (with the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops answering: lets the workers finish the response they are sending and returns
    /// once they have exited. The listening socket closes just after (tiny_http's accept
    /// thread exits on its own), so a rebind to the same port may need a moment.
    pub fn stop(self) {
        // Drop does the work; this method names the intent at call sites.
    }

    /// Blocks until the server stops, which only happens if another thread stops it or the
    /// process is interrupted: this is what `landscape serve` calls last.
    pub fn wait(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }

    fn shut_down(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Each unblock wakes exactly one recv(), so one per worker.
        for _ in &self.workers {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Binds `opts.addr` and serves `opts.dir` from background threads until the handle is
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
    let site = Site {
        root: opts.dir.clone(),
        base_path: normalise_base_path(&opts.base_path)?,
    };
    let bind_error = |source: io::Error| ServeError::Bind {
        addr: opts.addr,
        source: source.into(),
    };
    let listener = listen(opts.addr).map_err(bind_error)?;
    let server = Server::from_listener(listener, None).map_err(|source| ServeError::Bind {
        addr: opts.addr,
        source,
    })?;
    let addr = server.server_addr().to_ip().ok_or(ServeError::Bind {
        addr: opts.addr,
        source: "bound to a non-IP address".into(),
    })?;
    let mut handle = ServerHandle {
        addr,
        server: Arc::new(server),
        stopping: Arc::new(AtomicBool::new(false)),
        workers: Vec::with_capacity(WORKERS),
    };
    for n in 0..WORKERS {
        let worker = Worker {
            server: Arc::clone(&handle.server),
            stopping: Arc::clone(&handle.stopping),
            site: site.clone(),
            log: opts.log_requests,
        };
        // On failure `handle` drops here and stops the workers already running.
        let joined = thread::Builder::new()
            .name(format!("serve-{n}"))
            .spawn(move || worker.run())
            .map_err(ServeError::Spawn)?;
        handle.workers.push(joined);
    }
    Ok(handle)
}

/// A listening socket whose accepted connections have Nagle's algorithm off.
///
/// tiny_http writes a response in ~1 KiB pieces; with Nagle on, the last piece waits for the
/// client's delayed ACK and every response after the first on a keep-alive connection
/// stalls ~40 ms (measured: 2,452 logos in sequence took 104 s, 1.2 s without). tiny_http offers
/// no hook on accepted streams, but they inherit TCP_NODELAY from the listener.
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
    let trimmed = raw.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let plain = trimmed.split('/').all(|s| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    });
    if plain {
        Ok(format!("/{trimmed}"))
    } else {
        Err(ServeError::InvalidBasePath(raw.to_owned()))
    }
}

struct Worker {
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    site: Site,
    log: bool,
}

impl Worker {
    fn run(self) {
        loop {
            match self.server.recv() {
                Ok(request) => self.answer(request),
                Err(_) if self.stopping.load(Ordering::SeqCst) => return,
                // An accept error on one connection; the listener itself is still fine.
                Err(_) => continue,
            }
        }
    }

    fn answer(&self, request: Request) {
        let started = Instant::now();
        let method = request.method().clone();
        let target = request.url().to_owned();
        let if_none_match = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("If-None-Match"))
            .map(|h| h.value.as_str().to_owned());
        let reply = route(
            &self.site,
            &Ask {
                readonly_method: matches!(method, Method::Get | Method::Head),
                target: &target,
                if_none_match: if_none_match.as_deref(),
            },
        );
        let status = reply.status();
        // A client that hangs up mid-body is routine for a preview server, not worth a log.
        let _ = send(request, reply);
        if self.log {
            eprintln!(
                "{method} {} {status} {:.1}ms",
                printable(&target),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}

fn send(request: Request, reply: Reply) -> io::Result<()> {
    let mut headers = vec![header("X-Content-Type-Options", "nosniff")];
    match reply {
        Reply::File {
            status,
            file,
            len,
            content_type,
            cache_control,
            etag,
        } => {
            headers.extend([
                header("Content-Type", content_type),
                header("Cache-Control", cache_control),
                header("ETag", &etag),
            ]);
            // tiny_http copies the reader to the socket in small buffers either way; raising
            // the chunking threshold keeps a Content-Length on big files (download progress,
            // HEAD sizes). A length beyond usize (32-bit targets) falls back to chunked.
            let len = usize::try_from(len).ok();
            let response = Response::new(StatusCode(status), headers, file, len, None)
                .with_chunked_threshold(usize::MAX);
            request.respond(response)
        }
        Reply::NotModified {
            cache_control,
            etag,
        } => {
            headers.extend([
                header("Cache-Control", cache_control),
                header("ETag", &etag),
            ]);
            request.respond(Response::new(
                StatusCode(304),
                headers,
                io::empty(),
                Some(0),
                None,
            ))
        }
        Reply::Redirect(location) => match Header::from_bytes("Location", location.as_bytes()) {
            Ok(location) => {
                headers.push(location);
                respond_text(request, 301, headers, "301 Moved Permanently\n")
            }
            // Only a non-ASCII raw path gets here; no browser sends one unencoded.
            Err(()) => respond_text(request, 400, headers, "400 Bad Request\n"),
        },
        Reply::Text { status, body } => {
            if status == 405 {
                headers.push(header("Allow", "GET, HEAD"));
            }
            if status == 503 {
                headers.push(header("Retry-After", "1"));
            }
            respond_text(request, status, headers, body)
        }
    }
}

fn respond_text(
    request: Request,
    status: u16,
    mut headers: Vec<Header>,
    body: &'static str,
) -> io::Result<()> {
    headers.push(header("Content-Type", "text/plain; charset=utf-8"));
    headers.push(header("Cache-Control", "no-cache"));
    let body = Cursor::new(body.as_bytes());
    let len = body.get_ref().len();
    request.respond(Response::new(
        StatusCode(status),
        headers,
        body,
        Some(len),
        None,
    ))
}

/// Builds a header from values this module writes itself (ASCII by construction: media
/// types, cache policies, ETags of hex digits).
fn header(name: &'static str, value: &str) -> Header {
    Header::from_bytes(name, value).unwrap_or_else(|()| {
        unreachable!("header {name} built from a non-ASCII constant: {value:?}")
    })
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
