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
use crate::fs_safety::write_atomically;
use crate::load::Settings;
use crate::logos::{self, ProcessOptions, ProcessedLogo};
use crate::net;

const CONNECT_TIMEOUT: Duration = Duration::from_millis(1500);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the export waits for the fetch at most, DNS stalls included.
const DEADLINE: Duration = Duration::from_millis(3500);
const FAILURE_MEMORY: Duration = Duration::from_secs(3600);
const MAX_BYTES: usize = 4 << 20;

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

/// The body of `url` over HTTP(S), following redirects, within the poster's bounds.
fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let url = url::Url::parse(url).map_err(|e| e.to_string())?;
    let limits = net::Limits {
        connect: CONNECT_TIMEOUT,
        total: TOTAL_TIMEOUT,
        max_bytes: MAX_BYTES,
    };
    net::get_blocking(&url, limits).map_err(|e| e.to_string())
}
