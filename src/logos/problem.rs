//! Why a logo cannot be used, phrased for the contributor who sent it.

use std::fmt;

/// Why a logo cannot be used.
///
/// `Display` gives a one-line message; [`LogoProblem::hint`] a fix a contributor can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum LogoProblem {
    /// The logo path tries to leave the logos directory or is malformed.
    UnsafePath {
        /// The path as written in landscape.yml.
        logo: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No file at that path.
    Missing {
        /// The path as written in landscape.yml.
        logo: String,
    },
    /// The file exists but cannot be read (permissions, I/O error, too large).
    Unreadable {
        /// The path as written in landscape.yml.
        logo: String,
        /// The underlying error.
        detail: String,
    },
    /// The SVG is not well-formed XML, or not an SVG document.
    NotParseable {
        /// What the parser said.
        detail: String,
        /// 1-based line of the error, when known.
        line: Option<u32>,
        /// 1-based column of the error, when known.
        col: Option<u32>,
    },
    /// The SVG parses but contains nothing that draws (no shape, path, text or image).
    EmptyDrawing,
    /// Neither SVG, PNG nor JPEG.
    UnsupportedFormat {
        /// The file name's extension (lowercase), or what was sniffed from the content.
        found: String,
    },
    /// A PNG or JPEG that does not decode.
    BadRaster {
        /// What the decoder said.
        detail: String,
    },
}

impl LogoProblem {
    /// A fix the contributor can act on.
    pub fn hint(&self) -> String {
        match self {
            Self::UnsafePath { .. } => "use a plain file name relative to the logos directory, \
                 e.g. `logo: my-project.svg` (no `..`, no leading `/`, no backslashes)"
                .to_string(),
            Self::Missing { logo } => format!(
                "add `{}` to the logos directory (hosted_logos/) in the same pull request, \
                 or fix the file name in landscape.yml (names are case-sensitive)",
                logo.escape_debug()
            ),
            Self::Unreadable { .. } => format!(
                "check the file's permissions and size (logos must be at most {} MiB)",
                super::MAX_LOGO_BYTES >> 20
            ),
            Self::NotParseable { .. } => "re-export the logo as plain SVG from your editor \
                 (e.g. Inkscape: Save As > Plain SVG) and check it opens in a browser"
                .to_string(),
            Self::EmptyDrawing => "the file draws nothing: export the artwork itself \
                 (paths or shapes), not an empty canvas or only a link to an external image"
                .to_string(),
            Self::UnsupportedFormat { .. } => {
                "provide the logo as SVG (preferred), or as PNG or JPEG".to_string()
            }
            Self::BadRaster { .. } => {
                "the image is truncated or corrupt: re-export it, or better, provide an SVG"
                    .to_string()
            }
        }
    }
}

impl fmt::Display for LogoProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsafePath { logo, reason } => {
                write!(
                    f,
                    "logo path `{}` is not allowed: {reason}",
                    logo.escape_debug()
                )
            }
            Self::Missing { logo } => write!(f, "logo file `{}` not found", logo.escape_debug()),
            Self::Unreadable { logo, detail } => write!(
                f,
                "logo file `{}` cannot be read: {detail}",
                logo.escape_debug()
            ),
            Self::NotParseable { detail, line, col } => match (line, col) {
                (Some(l), Some(c)) => write!(f, "logo is not a valid SVG ({l}:{c}): {detail}"),
                (Some(l), None) => write!(f, "logo is not a valid SVG (line {l}): {detail}"),
                _ => write!(f, "logo is not a valid SVG: {detail}"),
            },
            Self::EmptyDrawing => write!(f, "logo SVG draws nothing"),
            Self::UnsupportedFormat { found } => {
                write!(
                    f,
                    "logo format `{found}` is not supported (SVG, PNG or JPEG only)"
                )
            }
            Self::BadRaster { detail } => write!(f, "logo image does not decode: {detail}"),
        }
    }
}

impl std::error::Error for LogoProblem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_hints_name_the_file() {
        let p = LogoProblem::NotParseable {
            detail: "unexpected end of stream".into(),
            line: Some(3),
            col: Some(7),
        };
        assert_eq!(
            p.to_string(),
            "logo is not a valid SVG (3:7): unexpected end of stream"
        );
        let m = LogoProblem::Missing {
            logo: "foo.svg".into(),
        };
        assert_eq!(m.to_string(), "logo file `foo.svg` not found");
        assert!(m.hint().contains("`foo.svg`"));
        let u = LogoProblem::UnsafePath {
            logo: "a\nb".into(),
            reason: "x",
        };
        assert!(!u.to_string().contains('\n'));
    }
}
