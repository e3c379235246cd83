//! `landscape serve`: previews a built site over HTTP on a local address, and watches the
//! site's inputs to rebuild it.
//!
//! [`start`] serves a directory with hyper on a runtime of its own; every request
//! resolves its file from [`ServeOptions::dir`] afresh, so a rebuild can swap the whole
//! directory underneath a running server; requests naming another site's host are refused
//! (`host`), and every response carries the security headers of `headers`. [`watch`] calls
//! a rebuild closure, debounced. The two are independent: the CLI starts both and rebuilds
//! into a fresh directory that it then moves into place, then tells the open pages through
//! [`LiveReload`] (`reload`), which the server adds to the pages it sends.

mod content;
mod headers;
mod host;
mod path;
mod reload;
mod route;
mod server;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use reload::LiveReload;
pub use server::{ServeOptions, ServerHandle, start};
pub use watch::{DEBOUNCE, WatchGuard, watch, watch_with_delay};

/// Why serving or watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site directory could not be read (usually: it does not exist).
    #[error("cannot serve {}: {source}", path.display())]
    SiteDir {
        /// The configured site directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The site path exists but is a file.
    #[error("cannot serve {}: not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// The base path holds something other than plain URL segments.
    #[error("invalid base path {0:?}: use plain segments such as \"/landscape\"")]
    InvalidBasePath(String),
    /// Binding the address failed (in use, or not a local address).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The underlying error from the HTTP server.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The file watcher could not be created (e.g. the OS limit on inotify instances).
    #[error("cannot start watching for changes: {0}")]
    Watcher(notify::Error),
    /// A path could not be watched (missing, or the OS watch limit is reached).
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The path asked to be watched.
        path: PathBuf,
        /// The underlying error from the watcher.
        source: notify::Error,
    },
    /// A server or watcher thread could not be started.
    #[error("cannot start a thread: {0}")]
    Spawn(std::io::Error),
}
