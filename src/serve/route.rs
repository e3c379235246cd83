//! Deciding the answer to one request: which file (if any) and which status and headers.
//!
//! Nothing here is cached between requests: the site root is resolved again each time, so a
//! rebuild that swaps the directory (rename, or a symlink flip) is picked up at once and no
//! handle on the old tree is kept alive.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::content::{REVALIDATE, cache_control, content_type};
use super::path::{PathError, parse_path, split_target};

/// What the server answers; turned into an HTTP response by the caller.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A file body, streamed from the open handle.
    File {
        status: u16,
        file: File,
        len: u64,
        content_type: Cow<'static, str>,
        cache_control: &'static str,
        etag: String,
    },
    /// The client's copy (named by `If-None-Match`) is current.
    NotModified {
        /// The file's type: its security headers depend on it.
        content_type: Cow<'static, str>,
        cache_control: &'static str,
        etag: String,
    },
    /// 301 to another path on this server.
    Redirect(String),
    /// A short plain-text answer (errors, or 404 when the site has no 404 page).
    Text { status: u16, body: &'static str },
}

/// Where the site lives and under which URL prefix it is served.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The site directory as configured (may be a symlink that a rebuild re-points).
    pub root: PathBuf,
    /// `""` or a normalised prefix such as `/landscape` (leading slash, no trailing slash).
    pub base_path: String,
}

/// The parts of a request that decide the reply.
pub(crate) struct Ask<'a> {
    /// `GET` and `HEAD` are served; anything else is refused.
    pub readonly_method: bool,
    /// The raw request target (`/path?query`).
    pub target: &'a str,
    /// The `If-None-Match` header value, if sent.
    pub if_none_match: Option<&'a str>,
    /// The server changes HTML pages as it sends them (live reload's rebuild count): part
    /// of their ETag, so a browser's copy from another rebuild is not reused.
    pub page_variant: Option<u64>,
}

/// Answers one request.
pub(crate) fn route(site: &Site, ask: &Ask<'_>) -> Reply {
    if !ask.readonly_method {
        return text(405, "405 Method Not Allowed\n");
    }
    let (raw_path, query) = split_target(ask.target);
    let with_query = |path: String| match query {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };

    let inner = if site.base_path.is_empty() {
        raw_path
    } else if raw_path == "/" || raw_path == site.base_path {
        return Reply::Redirect(with_query(format!("{}/", site.base_path)));
    } else {
        match raw_path.strip_prefix(site.base_path.as_str()) {
            Some(rest) if rest.starts_with('/') => rest,
            _ => return not_found(site),
        }
    };

    let request = match parse_path(inner) {
        Ok(request) => request,
        Err(PathError::Malformed) => return text(400, "400 Bad Request\n"),
        Err(PathError::Refused) => return not_found(site),
    };
    let Some(root) = canonical_root(&site.root) else {
        return text(503, "503 Site is being rebuilt, retry in a moment\n");
    };

    match locate(&root, &request.segments) {
        Some(Found::Dir(_)) if !request.trailing_slash => {
            Reply::Redirect(with_query(format!("{raw_path}/")))
        }
        Some(Found::Dir(dir)) => {
            let mut segments = request.segments.clone();
            segments.push("index.html".to_owned());
            match confined(&root, &dir.join("index.html")) {
                Some(index) if index.is_file() => serve_file(200, &index, &segments, ask),
                _ => not_found(site),
            }
        }
        Some(Found::File(file)) if !request.trailing_slash => {
            serve_file(200, &file, &request.segments, ask)
        }
        _ => not_found(site),
    }
}

enum Found {
    File(PathBuf),
    Dir(PathBuf),
}

/// Resolves segments under the (canonical) root, following symlinks only as far as they
/// stay inside it.
fn locate(root: &Path, segments: &[String]) -> Option<Found> {
    let path = confined(
        root,
        &segments.iter().fold(root.to_path_buf(), |p, s| p.join(s)),
    )?;
    let meta = fs::metadata(&path).ok()?;
    if meta.is_dir() {
        Some(Found::Dir(path))
    } else if meta.is_file() {
        Some(Found::File(path))
    } else {
        None
    }
}

/// The canonical form of `path` if it exists and lies inside `root`; symlinks that point
/// elsewhere are treated as absent.
fn confined(root: &Path, path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok().filter(|c| c.starts_with(root))
}

/// The site root with symlinks resolved; `None` while it does not exist (mid-swap).
fn canonical_root(root: &Path) -> Option<PathBuf> {
    fs::canonicalize(root).ok().filter(|r| r.is_dir())
}

fn serve_file(status: u16, path: &Path, segments: &[String], ask: &Ask<'_>) -> Reply {
    let cache_control = if status == 200 {
        cache_control(segments)
    } else {
        REVALIDATE
    };
    let opened = File::open(path).and_then(|f| f.metadata().map(|m| (f, m)));
    let (file, meta) = match opened {
        Ok(found) => found,
        // Vanished between lookup and open: a rebuild is swapping files.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return text(404, "404 Not Found\n"),
        Err(_) => return text(500, "500 Internal Server Error\n"),
    };
    let content_type = content_type(path);
    let etag = match ask.page_variant {
        Some(v) if content_type.starts_with("text/html") => {
            format!("{}-{v}\"", etag(&meta).trim_end_matches('"'))
        }
        _ => etag(&meta),
    };
    if status == 200 && ask.if_none_match.is_some_and(|v| etag_matches(v, &etag)) {
        return Reply::NotModified {
            content_type,
            cache_control,
            etag,
        };
    }
    Reply::File {
        status,
        len: meta.len(),
        file,
        content_type,
        cache_control,
        etag,
    }
}

/// The site's own `404.html` with status 404, or a plain-text 404 when it has none.
fn not_found(site: &Site) -> Reply {
    let page = canonical_root(&site.root).and_then(|root| confined(&root, &root.join("404.html")));
    match page {
        Some(page) if page.is_file() => serve_file(404, &page, &[], &NO_ASK),
        _ => text(404, "404 Not Found\n"),
    }
}

const NO_ASK: Ask<'static> = Ask {
    readonly_method: true,
    target: "/",
    if_none_match: None,
    page_variant: None,
};

fn text(status: u16, body: &'static str) -> Reply {
    Reply::Text { status, body }
}

/// A weak validator from size and modification time: cheap (no hashing of the body) and
/// changes whenever a rebuild rewrites the file.
fn etag(meta: &fs::Metadata) -> String {
    let nanos = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("W/\"{:x}-{:x}\"", meta.len(), nanos)
}

/// `If-None-Match` uses weak comparison: `W/` prefixes are ignored on both sides.
fn etag_matches(header: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    header
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_comparison_is_weak_and_handles_lists() {
        let ours = "W/\"10-abc\"";
        assert!(etag_matches("W/\"10-abc\"", ours));
        assert!(etag_matches("\"10-abc\"", ours));
        assert!(etag_matches("\"x\", W/\"10-abc\"", ours));
        assert!(etag_matches("*", ours));
        assert!(!etag_matches("W/\"10-abd\"", ours));
    }
}
