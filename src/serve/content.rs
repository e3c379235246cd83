//! Response metadata chosen from a file's name: its media type and how long browsers may
//! cache it.

use std::borrow::Cow;
use std::path::Path;

/// Cache policy for files whose URL changes whenever their content does.
pub(crate) const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache policy for everything else: keep a copy but revalidate (ETag) before using it, so
/// a rebuild shows up on the next reload.
pub(crate) const REVALIDATE: &str = "no-cache";

/// Minimum run of hex digits that counts as a content hash in `name.<hash>.ext`; shorter
/// runs are too likely to be ordinary words (`cafe`, `deadbeef`) or versions.
const MIN_HASH_LEN: usize = 12;

/// The `Content-Type` for a file, from its extension (case-insensitive) by mime_guess's
/// table. Text types carry `charset=utf-8` because the site generator only writes UTF-8.
pub(crate) fn content_type(path: &Path) -> Cow<'static, str> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let media_type = match ext.as_str() {
        // The sitemap: the table's first answer is `text/xml`, which RFC 7303 deprecates.
        "xml" => "application/xml",
        // The `sources/` copies of the inputs: text to read, never a page.
        "yml" | "yaml" => "text/yaml",
        _ => mime_guess::from_ext(&ext)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    };
    if media_type.starts_with("text/") {
        format!("{media_type}; charset=utf-8").into()
    } else {
        media_type.into()
    }
}

/// The `Cache-Control` for a file given its decoded path segments inside the site.
pub(crate) fn cache_control(segments: &[String]) -> &'static str {
    let under_assets = segments.len() > 1 && segments[0] == "assets";
    let hashed = segments.last().is_some_and(|name| has_content_hash(name));
    if under_assets || hashed {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// True for `name.<12+ hex>.ext` (any number of extra dotted parts): the hash must be neither
/// the first part (the name) nor the last (the extension).
fn has_content_hash(file_name: &str) -> bool {
    let parts: Vec<&str> = file_name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.len() >= MIN_HASH_LEN && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str) -> Vec<String> {
        path.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn types_by_extension_ignoring_case() {
        assert_eq!(
            content_type(Path::new("a/INDEX.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("sitemap.xml")), "application/xml");
        assert_eq!(
            content_type(Path::new("items.CSV")),
            "text/csv; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("sources/data.yml")),
            "text/yaml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("Makefile")),
            "application/octet-stream"
        );
    }

    #[test]
    fn hashed_names_and_assets_are_immutable() {
        assert_eq!(cache_control(&names("app.3f2a9c1b7d4e.js")), IMMUTABLE);
        assert_eq!(
            cache_control(&names("a/b.0123456789abcdef.min.css")),
            IMMUTABLE
        );
        assert_eq!(cache_control(&names("assets/logo.svg")), IMMUTABLE);
        assert_eq!(cache_control(&names("index.html")), REVALIDATE);
        // Too short, or in the name / extension position: not a hash.
        assert_eq!(cache_control(&names("app.3f2a9c1b7d4.js")), REVALIDATE);
        assert_eq!(cache_control(&names("3f2a9c1b7d4e3f2a.js")), REVALIDATE);
        assert_eq!(cache_control(&names("data.3f2a9c1b7d4e")), REVALIDATE);
        // A file literally named `assets` at the top is not under assets/.
        assert_eq!(cache_control(&names("assets")), REVALIDATE);
    }
}
