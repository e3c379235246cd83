//! Logo checking, sanitizing and caching.
//!
//! Logos come from contributors' pull requests and are untrusted. Each one is
//! [`resolve`]d inside the logos directory, [`check`]ed cheaply for `landscape validate`,
//! and [`process`]ed for the site: SVGs are rebuilt through a whitelist (no script, no
//! event handlers, no external references in markup or CSS, no DTD tricks, no filter too
//! costly to render) and get a viewBox tightened to their ink; PNG and JPEG logos are
//! decoded and re-encoded from their pixels, so nothing else they carried (appended
//! markup, metadata) is published. An SVG also gets a [`Tile`]: the small PNG the grid's
//! tiles show, drawn once and measured for the contrast advice too.
//! [`process_all`] and [`check_all`] (and their `_and_advise_` forms) run that over a
//! landscape in parallel, with an
//! optional on-disk [`LogoCache`], and give [`Advice`] on logos that work but could be
//! better (raster images inside SVGs, oversized files, extreme proportions, `<text>`,
//! logos that vanish on a dark or light background).
//!
//! A logo that passes [`check`] also passes [`process`]: processing can only degrade to
//! a [`ProcessedLogo::warning`] (viewBox kept as it was), never fail where checking did not.
//!
//! ```no_run
//! use landscape::logos::{LogoCache, ProcessOptions, check_and_advise_all, process_all};
//! # let (logos_dir, names) = (std::path::Path::new("hosted_logos"), Vec::<String>::new());
//! # let excluded: Vec<String> = Vec::new();
//! let cache = LogoCache::new(".cache/logos".into());
//! // settings.yml `logos_viewbox.adjust` minus its `exclude` list.
//! let opts_for = |name: &str| ProcessOptions {
//!     adjust_viewbox: !excluded.iter().any(|e| e == name),
//! };
//! // `landscape validate`: problems and advice only.
//! let checked = check_and_advise_all(logos_dir, &names, opts_for, Some(&cache));
//! for (name, problem) in &checked.problems {
//!     eprintln!("{name}: {problem}\n  hint: {}", problem.hint());
//! }
//! // Build: the processed logos (`process_and_advise_all` gives the advice too).
//! let logos = process_all(logos_dir, &names, opts_for, Some(&cache), || {});
//! ```

mod advice;
mod allow;
mod batch;
mod cache;
mod contrast;
mod css;
mod css_values;
mod entry;
mod expansion;
mod filters;
mod known;
mod packfile;
mod path;
mod problem;
mod raster;
mod report;
mod sanitize;
mod stored;
mod tile;
mod viewbox;
mod vouched;
mod xml;

pub use advice::{Advice, advise};
pub use batch::{
    LogoBatch, MAX_LOGO_BYTES, check_all, check_and_advise_all, process_all,
    process_and_advise_all, read,
};
pub use cache::{CacheWriter, LogoCache, PROCESS_VERSION, PendingEntry};
pub use path::resolve;
pub use problem::LogoProblem;
pub use report::{advice_warnings, fallback_warnings, logo_names, problem_diagnostics};
pub use tile::{TILE_BOX, TILE_SUFFIX, Tile};
pub use viewbox::{fontdb, usvg_options};

use std::path::Path;

/// A logo's file format, from its content (and its extension when the content is unclear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogoFormat {
    /// Scalable vector graphics (the preferred format).
    Svg,
    /// Portable network graphics.
    Png,
    /// JPEG.
    Jpeg,
}

impl LogoFormat {
    /// The extension processed files get.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }
}

/// How to process one logo: settings.yml `logos_viewbox.adjust`, minus its `exclude` list
/// (the caller decides per logo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProcessOptions {
    /// Tighten an SVG's viewBox to its drawing.
    pub adjust_viewbox: bool,
}

/// A logo ready to be published.
#[derive(Debug, Clone)]
pub struct ProcessedLogo {
    /// `<stem>.<hash12>.<ext>`: the stem of the source name reduced to `[a-z0-9-]`, and the
    /// first 12 hex digits of the blake3 hash of `bytes`, so a changed logo gets a new URL.
    pub file_name: String,
    /// The output format (same as the input's; the extension comes from it).
    pub format: LogoFormat,
    /// The blake3 hash of the file contents to publish.
    pub hash: blake3::Hash,
    /// The file contents to publish ([`ProcessedLogo::bytes`]).
    bytes: stored::LogoBytes,
    /// Intrinsic width: the viewBox width for SVG, pixels for rasters.
    pub width: f64,
    /// Intrinsic height: the viewBox height for SVG, pixels for rasters.
    pub height: f64,
    /// Set when processing fell back to something less than asked, without failing: an SVG
    /// whose viewBox could not be tightened (usvg could not lay it out, or it draws nothing
    /// visible) and was published sanitized with its original viewBox, or one whose filters
    /// would cost too much to render and were removed.
    pub warning: Option<String>,
    /// The raster a grid tile shows for an SVG logo (see [`Tile`]); none for raster logos
    /// and for SVGs a raster would misdraw or that cost too much to draw (text, which the
    /// browser sets in the viewer's fonts; embedded images).
    pub tile: Option<Tile>,
}

impl ProcessedLogo {
    /// A logo published from `name`'s source as `bytes`.
    pub fn new(
        name: &str,
        format: LogoFormat,
        bytes: Vec<u8>,
        (width, height): (f64, f64),
        warning: Option<String>,
    ) -> Self {
        let hash = blake3::hash(&bytes);
        ProcessedLogo {
            file_name: output_file_name(name, format, hash),
            format,
            hash,
            bytes: stored::LogoBytes::Held(bytes),
            width,
            height,
            warning,
            tile: None,
        }
    }

    /// This logo with its tile raster.
    pub(crate) fn with_tile(mut self, tile: Option<Tile>) -> Self {
        self.tile = tile;
        self
    }

    /// The file contents to publish: read back from the logo cache when they were stored
    /// there, which fails only when the cache's file changed underneath the build.
    pub fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        self.bytes.get(&self.hash)
    }

    /// [`ProcessedLogo::bytes`], owned.
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self.bytes {
            stored::LogoBytes::Held(bytes) => Ok(bytes),
            stored => stored.get(&self.hash).map(std::borrow::Cow::into_owned),
        }
    }

    /// The contents are at `at` (in the logo cache) from now on, no longer in memory.
    fn stored(mut self, at: stored::Span, len: usize) -> Self {
        self.bytes = stored::LogoBytes::Stored { at, len };
        self
    }
}

impl PartialEq for ProcessedLogo {
    /// Equal contents have equal hashes, wherever they are kept.
    fn eq(&self, other: &Self) -> bool {
        self.file_name == other.file_name
            && self.format == other.format
            && self.hash == other.hash
            && self.width == other.width
            && self.height == other.height
            && self.warning == other.warning
            && self.tile == other.tile
    }
}

/// Fast validity check used by `landscape validate`: an SVG must parse as XML with an
/// `<svg>` root and draw something (a shape with geometry, text or an inline image); a PNG
/// or JPEG must decode. The format comes from the content, then the extension.
pub fn check(name: &str, bytes: &[u8]) -> Result<LogoFormat, LogoProblem> {
    let format = detect(name, bytes)?;
    match format {
        LogoFormat::Svg => {
            let doc = xml::parse(xml::as_text(bytes)?)?;
            if !xml::draws_something(doc.root_element()) {
                return Err(LogoProblem::EmptyDrawing);
            }
        }
        LogoFormat::Png | LogoFormat::Jpeg => {
            raster::decode(format, bytes)?;
        }
    }
    Ok(format)
}

/// Sanitizes (SVG) and tightens the viewBox to the drawing's bounding box; rasters are
/// decoded and re-encoded from their pixels. See [`ProcessedLogo::file_name`] for the
/// output name.
pub fn process(
    name: &str,
    bytes: &[u8],
    opts: &ProcessOptions,
) -> Result<ProcessedLogo, LogoProblem> {
    process_worked(name, bytes, opts).map(|worked| worked.logo)
}

/// A processed logo with what processing parsed and drew that advice needs too, so
/// advising a logo just processed parses and draws it no more (parsing and layout were
/// most of a cold build).
struct Worked {
    logo: ProcessedLogo,
    /// Advice read from an SVG's source as parsed for processing.
    source_advice: Vec<Advice>,
    /// Whether an SVG drawn at tile size shows on a light background (unknown for those
    /// not drawn: see [`advice::drawn`]).
    shows_on_light: Option<bool>,
}

/// [`process`], keeping what advice reuses.
fn process_worked(name: &str, bytes: &[u8], opts: &ProcessOptions) -> Result<Worked, LogoProblem> {
    let format = detect(name, bytes)?;
    let (svg, source_advice) = match format {
        LogoFormat::Svg => process_svg(bytes, opts)?,
        LogoFormat::Png | LogoFormat::Jpeg => {
            let (output, w, h) = raster::reencode(format, bytes)?;
            let svg = SvgOutput {
                bytes: output,
                width: f64::from(w),
                height: f64::from(h),
                warning: None,
                drawing: None,
            };
            (svg, Vec::new())
        }
    };
    let pixmap = match (&svg.drawing, format) {
        _ if !advice::drawn(&source_advice) => None,
        (Some(drawing), _) => tile::draw(&drawing.tree, drawing.shown, (svg.width, svg.height)),
        (None, LogoFormat::Svg) => tile::draw_published(&svg.bytes),
        (None, _) => None,
    };
    let shows_on_light = pixmap.as_ref().map(advice::shows_on_light);
    // The browser sets `<text>` in the viewer's fonts, not in the one font drawn here.
    let tiled = !(source_advice.iter()).any(|a| matches!(a, Advice::Text));
    let logo = ProcessedLogo::new(
        name,
        format,
        svg.bytes,
        (svg.width, svg.height),
        svg.warning,
    );
    let tile = (pixmap.filter(|_| tiled))
        .and_then(tile::encode)
        .map(|png| Tile::new(&logo.file_name, png));
    let logo = logo.with_tile(tile);
    Ok(Worked {
        logo,
        source_advice,
        shows_on_light,
    })
}

/// A processed logo's parts (rasters use it too, without a drawing).
struct SvgOutput {
    bytes: Vec<u8>,
    width: f64,
    height: f64,
    warning: Option<String>,
    drawing: Option<viewbox::Drawing>,
}

fn process_svg(
    bytes: &[u8],
    opts: &ProcessOptions,
) -> Result<(SvgOutput, Vec<Advice>), LogoProblem> {
    let doc = xml::parse(xml::as_text(bytes)?)?;
    if !xml::draws_something(doc.root_element()) {
        return Err(LogoProblem::EmptyDrawing);
    }
    let source_advice = advice::source_advice_of(&doc, bytes.len());
    let sanitized = sanitize::sanitize(&doc, sanitize::Policy { filters: true });
    let output = finish_svg(&sanitized, opts);
    if !sanitized.mentions_filters() {
        return Ok((output, source_advice));
    }
    let Some(reason) = filters::too_costly(std::str::from_utf8(&output.bytes).unwrap_or("")) else {
        return Ok((output, source_advice));
    };
    let plain = sanitize::sanitize(&doc, sanitize::Policy { filters: false });
    let mut output = finish_svg(&plain, opts);
    let removed = format!("filters removed: {reason}");
    output.warning = Some(match output.warning {
        Some(w) => format!("{removed}; {w}"),
        None => removed,
    });
    Ok((output, source_advice))
}

/// Writes a sanitized SVG with its viewBox tightened (when asked and possible).
fn finish_svg(sanitized: &sanitize::Sanitized, opts: &ProcessOptions) -> SvgOutput {
    let original = sanitized
        .root_attr("viewBox")
        .and_then(viewbox::ViewBox::parse);
    let tightened = opts.adjust_viewbox.then(|| viewbox::tighten(sanitized));
    let (text, size, warning, drawing) = match tightened {
        Some(Ok((vb, drawing))) => {
            let attr = vb.to_attribute();
            // Report the size as written, not the unrounded measurement.
            let written = viewbox::ViewBox::parse(&attr).unwrap_or(vb);
            let size = (written.width, written.height);
            (sanitized.to_svg(Some(&attr)), size, None, Some(drawing))
        }
        Some(Err(reason)) => (
            sanitized.to_svg(None),
            intrinsic_size(sanitized, original),
            Some(reason),
            None,
        ),
        None => (
            sanitized.to_svg(None),
            intrinsic_size(sanitized, original),
            None,
            None,
        ),
    };
    SvgOutput {
        bytes: text.into_bytes(),
        width: size.0,
        height: size.1,
        warning,
        drawing,
    }
}

/// Size of an untightened SVG: its viewBox, else its width/height, else what usvg makes
/// of it (a default 100×100 when nothing says otherwise).
fn intrinsic_size(svg: &sanitize::Sanitized, view_box: Option<viewbox::ViewBox>) -> (f64, f64) {
    if let Some(vb) = view_box {
        return (vb.width, vb.height);
    }
    let length = |name| {
        svg.root_attr(name).and_then(|v| {
            let v = v.trim().trim_end_matches("px").trim();
            v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
        })
    };
    if let (Some(w), Some(h)) = (length("width"), length("height")) {
        return (w, h);
    }
    usvg::Tree::from_str(&svg.to_svg(None), &usvg_options()).map_or((100.0, 100.0), |t| {
        (f64::from(t.size().width()), f64::from(t.size().height()))
    })
}

/// The format from the content; the extension only decides what to complain about when
/// the content is neither a raster signature nor markup.
fn detect(name: &str, bytes: &[u8]) -> Result<LogoFormat, LogoProblem> {
    if let Some(format) = raster::sniff(bytes) {
        return Ok(format);
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return Ok(LogoFormat::Svg);
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        return Err(LogoProblem::UnsupportedFormat {
            found: "gzip-compressed (svgz)".to_string(),
        });
    }
    match ext.as_str() {
        "svg" => Ok(LogoFormat::Svg),
        "png" | "jpg" | "jpeg" => Err(LogoProblem::BadRaster {
            detail: format!(
                "the file does not start with a {} signature",
                ext.to_uppercase()
            ),
        }),
        "" => Err(LogoProblem::UnsupportedFormat {
            found: "unknown (no extension)".to_string(),
        }),
        _ => Err(LogoProblem::UnsupportedFormat { found: ext }),
    }
}

/// `<stem>.<hash12>.<ext>` with the stem reduced to `[a-z0-9-]`.
fn output_file_name(name: &str, format: LogoFormat, hash: blake3::Hash) -> String {
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let mut clean = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            clean.push(c);
        } else if !clean.ends_with('-') {
            clean.push('-');
        }
    }
    let clean = clean.trim_matches('-');
    let stem = if clean.is_empty() { "logo" } else { clean };
    let hex = hash.to_hex();
    format!("{stem}.{}.{}", &hex[..12], format.extension())
}
