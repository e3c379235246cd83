//! Turning the path of a request target into segments that are safe to join onto the
//! served directory.
//!
//! Segments are split on the *raw* `/` before percent-decoding, so `%2f` can never create a
//! new level, and every decoded segment is then checked on its own: that one rule refuses
//! `..`, `%2e%2e`, `..%5c`, `%00` and `C:` alike, whatever way they were spelled.

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathError {
    /// Broken percent-encoding, bytes that are not UTF-8, or a target that is not a path:
    /// the client sent something no browser would (400).
    Malformed,
    /// A segment that could leave the served directory or names something a built site never
    /// holds (404, so probing learns nothing).
    Refused,
}

/// A request path reduced to plain, checked segments.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RequestPath {
    /// Decoded segments; none is empty, `.`, `..`, hidden, or holds a separator.
    pub segments: Vec<String>,
    /// The raw path ended with `/`, so a directory is being asked for by its canonical name.
    pub trailing_slash: bool,
}

/// Splits a request target into its path and its query (without `?`), dropping any fragment
/// a careless client sent along.
pub(crate) fn split_target(target: &str) -> (&str, Option<&str>) {
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

/// Parses the path part of a request target (it must start with `/`).
pub(crate) fn parse_path(raw: &str) -> Result<RequestPath, PathError> {
    let rest = raw.strip_prefix('/').ok_or(PathError::Malformed)?;
    let trailing_slash = rest.is_empty() || rest.ends_with('/');
    let body = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = Vec::new();
    if !body.is_empty() {
        for raw_segment in body.split('/') {
            let segment = percent_decode(raw_segment)?;
            check_segment(&segment)?;
            segments.push(segment);
        }
    }
    Ok(RequestPath {
        segments,
        trailing_slash,
    })
}

/// Strict percent-decoding: unlike the lenient decoders (which pass `%zz` through), a
/// malformed escape or a non-UTF-8 result is an error, so odd bytes never reach the file
/// system under a second spelling. `+` stays `+`: it means space only in form bodies.
fn percent_decode(raw: &str) -> Result<String, PathError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(PathError::Malformed)?;
            let high = hex_value(hex[0]).ok_or(PathError::Malformed)?;
            let low = hex_value(hex[1]).ok_or(PathError::Malformed)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| PathError::Malformed)
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Refuses anything a generated site never contains but an attacker would try: empty and
/// dot segments, hidden names (`.git`, `.env`), separators of any platform, control
/// characters including NUL, and `:` (Windows drive letters and NTFS streams).
fn check_segment(segment: &str) -> Result<(), PathError> {
    let refused = segment.is_empty()
        || segment.starts_with('.')
        || segment
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
    if refused {
        Err(PathError::Refused)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Result<Vec<String>, PathError> {
        parse_path(raw).map(|p| p.segments)
    }

    #[test]
    fn root_and_trailing_slash() {
        let root = parse_path("/").unwrap();
        assert!(root.segments.is_empty() && root.trailing_slash);
        let dir = parse_path("/guide/").unwrap();
        assert_eq!(dir.segments, ["guide"]);
        assert!(dir.trailing_slash);
        assert!(!parse_path("/guide").unwrap().trailing_slash);
    }

    #[test]
    fn decodes_utf8_and_spaces_but_not_plus() {
        assert_eq!(
            segments("/logos/caf%C3%A9%20bar+x.svg").unwrap(),
            ["logos", "café bar+x.svg"]
        );
        assert_eq!(segments("/a%2ejs").unwrap(), ["a.js"]);
    }

    #[test]
    fn refuses_every_spelling_of_traversal() {
        for raw in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%5cetc%5cpasswd",
            "/..\\etc\\passwd",
            "/a%2fb",
            "/a%00.html",
            "/C:/Windows/win.ini",
            "/C%3a%5cWindows",
            "/.git/config",
            "/a//b",
            "/./index.html",
        ] {
            assert_eq!(segments(raw), Err(PathError::Refused), "{raw}");
        }
    }

    #[test]
    fn malformed_encoding_is_a_client_error() {
        for raw in ["/a%zz", "/a%2", "/a%", "/%ff%fe", "relative", "http://x/y"] {
            assert_eq!(segments(raw), Err(PathError::Malformed), "{raw}");
        }
    }

    #[test]
    fn splits_query_and_drops_fragment() {
        assert_eq!(split_target("/a?x=1#top"), ("/a", Some("x=1")));
        assert_eq!(split_target("/a#top"), ("/a", None));
        assert_eq!(split_target("/a"), ("/a", None));
    }
}
