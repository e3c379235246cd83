//! Live reload for `serve --watch`: open pages reload themselves after a rebuild.
//!
//! The server adds one `<script src>` tag to every HTML page it sends (never to the files on
//! disk) pointing at a script it serves itself under the reserved path
//! `<base>/.landscape/`, which no built site can hold (hidden segments are refused). The
//! script listens to server-sent events from the same place: `reload` after a successful
//! rebuild, `failed` after a failed one (the page stays and says so).
//!
//! Each page carries the rebuild count it was served at; a page that connects after a
//! rebuild it has not seen (loaded during the rebuild) is told to reload at once, so no
//! rebuild is missed. That count is also part of the pages' ETags, so a reload never gets
//! a cached page carrying an old count (which would reload again, forever).

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use hyper::body::{Body, Bytes, Frame};
use tokio::sync::mpsc;

/// The reserved directory under the base path (a hidden segment: never a site file).
pub(crate) const RESERVED: &str = "/.landscape/";
/// The script every page loads, under [`RESERVED`].
pub(crate) const SCRIPT: &str = "reload.js";
/// The event stream, under [`RESERVED`].
pub(crate) const EVENTS: &str = "events";

/// The script's text.
pub(crate) const SCRIPT_TEXT: &str = include_str!("reload.js");

/// Events waiting for a slow page before it is dropped (a page that reads nothing).
const QUEUE: usize = 8;

/// Tells the pages a preview server sends when the site was rebuilt. Clones share state.
#[derive(Clone, Default)]
pub struct LiveReload {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Successful rebuilds so far.
    generation: AtomicU64,
    /// The open event streams.
    pages: Mutex<Vec<mpsc::Sender<Bytes>>>,
    /// The server stopped: streams end, new ones end at once.
    closed: AtomicBool,
}

impl std::fmt::Debug for LiveReload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveReload")
            .field("generation", &self.generation())
            .finish()
    }
}

impl LiveReload {
    /// A reloader with no rebuild yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Successful rebuilds so far.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// The site was rebuilt: every open page reloads.
    pub fn rebuilt(&self) {
        let g = self.inner.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.send(&format!("event: reload\ndata: {g}\n\n"));
    }

    /// A rebuild failed: open pages keep what they show and say so.
    pub fn failed(&self) {
        self.send("event: failed\ndata: The rebuild failed: the terminal running `landscape serve` says why. This page shows the last good build.\n\n");
    }

    fn send(&self, event: &str) {
        let event = Bytes::from(event.to_owned());
        let mut pages = self.inner.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.retain(|page| page.try_send(event.clone()).is_ok());
    }

    /// Ends every event stream (the server is stopping).
    pub(crate) fn close(&self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        self.inner
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// A new event stream for a page served at rebuild `since`.
    pub(crate) fn subscribe(&self, since: Option<u64>) -> Events {
        let (tx, rx) = mpsc::channel(QUEUE);
        // Reconnect quickly when the server comes back.
        let mut first = String::from("retry: 500\n: connected\n\n");
        let now = self.generation();
        if since.is_some_and(|s| s < now) {
            first.push_str(&format!("event: reload\ndata: {now}\n\n"));
        }
        if !self.inner.closed.load(Ordering::SeqCst) {
            let mut pages = self.inner.pages.lock().unwrap_or_else(|e| e.into_inner());
            pages.retain(|p| !p.is_closed());
            pages.push(tx);
        }
        Events {
            first: Some(Bytes::from(first)),
            rx,
        }
    }
}

/// The tag added to pages served at rebuild `generation`, for a site under `base_path`.
pub(crate) fn tag(base_path: &str, generation: u64) -> String {
    format!(
        r#"<script src="{base_path}{RESERVED}{SCRIPT}" data-generation="{generation}" defer></script>"#
    )
}

/// `since=<n>` from the event stream's query.
pub(crate) fn since(query: Option<&str>) -> Option<u64> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
}

/// Adds `tag` to an HTML page: before `</head>`, else at the end.
pub(crate) fn inject(page: &mut Vec<u8>, tag: &str) {
    let at = page
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(page.len());
    page.splice(at..at, tag.bytes());
}

/// A server-sent event stream: its opening, then what [`LiveReload`] sends, until the
/// server stops or the page goes.
pub(crate) struct Events {
    first: Option<Bytes>,
    rx: mpsc::Receiver<Bytes>,
}

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        self.rx
            .poll_recv(cx)
            .map(|event| event.map(|e| Ok(Frame::data(e))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_goes_before_the_head_end_or_last() {
        let mut page = b"<html><head><title>x</title></HEAD><body></body>".to_vec();
        inject(&mut page, "<script></script>");
        assert_eq!(
            page,
            b"<html><head><title>x</title><script></script></HEAD><body></body>"
        );
        let mut bare = b"<p>x".to_vec();
        inject(&mut bare, "<s>");
        assert_eq!(bare, b"<p>x<s>");
    }

    #[test]
    fn since_is_read_from_the_query() {
        assert_eq!(since(Some("since=3")), Some(3));
        assert_eq!(since(Some("a=1&since=12")), Some(12));
        assert_eq!(since(Some("since=x")), None);
        assert_eq!(since(None), None);
    }

    #[test]
    fn a_page_behind_reloads_on_connect_and_all_hear_a_rebuild() {
        let live = LiveReload::new();
        live.rebuilt();
        let mut behind = live.subscribe(Some(0));
        assert!(String::from_utf8_lossy(behind.first.as_ref().unwrap()).contains("event: reload"));
        let mut current = live.subscribe(Some(1));
        assert!(!String::from_utf8_lossy(current.first.as_ref().unwrap()).contains("event:"));
        live.failed();
        live.rebuilt();
        for events in [&mut behind, &mut current] {
            let failed = events.rx.try_recv().unwrap();
            assert!(String::from_utf8_lossy(&failed).starts_with("event: failed"));
            assert_eq!(events.rx.try_recv().unwrap(), "event: reload\ndata: 2\n\n");
        }
        live.close();
        assert!(current.rx.try_recv().is_err());
        assert!(live.inner.pages.lock().unwrap().is_empty());
    }
}
