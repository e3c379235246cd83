//! Stage 5b: the printable landscape. One poster of the whole landscape (or of a settings
//! group, or of one category) as SVG, PDF or PNG, laid out by [`crate::poster::pack`] and
//! drawn without a browser.
//!
//! The page furniture (frames, titles, marks, legend, footer) is written once as an SVG
//! document in page units ([`scene`]); each back end draws that, then the logos on top:
//! inlined as vectors in the SVG ([`svg`]), converted once each and reused by reference
//! in the PDF ([`pdf`]), rasterized tile by tile in parallel and composited for the PNG
//! ([`png`]). Every logo is first bounded in what it may cost to draw ([`logos`]).

mod budget;
mod downscale;
mod draw;
mod font;
mod header_logo;
pub mod job;
mod logos;
pub mod pack;
mod paper;
mod pdf;
mod png;
mod scene;
mod svg;
mod tame;
mod theme;
mod tile;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use font::TextMeasure;
pub use paper::Paper;
pub use theme::{Rgb, Theme, parse_color};
pub use tile::{TileStyle, tile_png};

use crate::layout::{LayoutModel, Selection, SelectionError};
use crate::load::Settings;
use crate::logos::ProcessedLogo;
use crate::model::Landscape;
use pack::{PackError, PackOptions, PosterGeometry, pack};

/// Largest PDF page side in points (Acrobat's limit).
pub const MAX_PDF_SIDE: f64 = 14_400.0;
/// Largest PNG, in pixels (its canvas alone takes four bytes a pixel).
pub const MAX_PNG_PIXELS: u64 = 250_000_000;
/// PNG width when neither a width nor a DPI is given.
pub const DEFAULT_PNG_WIDTH: u32 = 4000;

/// The file format of a poster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosterFormat {
    Svg,
    Pdf,
    Png,
}

impl PosterFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Pdf => "pdf",
            Self::Png => "png",
        }
    }
}

/// How to export a poster.
#[derive(Debug, Clone)]
pub struct PosterOptions {
    pub format: PosterFormat,
    pub selection: Selection,
    /// PNG width in pixels (height follows the paper's aspect ratio). For SVG and PDF, the
    /// page width in points when no paper is given.
    pub width_px: Option<u32>,
    /// PNG resolution: pixels per inch of the paper (ignored when `width_px` is given).
    pub dpi: Option<u32>,
    /// Paper size (A0 when not given); it sets the aspect ratio of every format and the
    /// page size of SVG and PDF.
    pub paper: Option<Paper>,
    /// Portrait instead of the default landscape orientation.
    pub portrait: bool,
    /// Show item names under the logos.
    pub names: bool,
    /// Where a header logo fetched from a URL is cached.
    pub cache_dir: Option<PathBuf>,
    /// The directory a local header logo path is relative to (the settings file's
    /// directory), also searched for a logo whose URL cannot be fetched.
    pub base_dir: Option<PathBuf>,
    /// The date printed in the footer (today when not given).
    pub date: Option<chrono::NaiveDate>,
    /// Items (indices into [`Landscape::items`]) whose tiles get an outline: what a change
    /// touched, in `landscape diff` previews.
    pub highlight: std::collections::BTreeSet<usize>,
}

impl PosterOptions {
    /// Options for the whole landscape in `format` with every size at its default.
    pub fn new(format: PosterFormat) -> Self {
        PosterOptions {
            format,
            selection: Selection::All,
            width_px: None,
            dpi: None,
            paper: None,
            portrait: false,
            names: false,
            cache_dir: None,
            base_dir: None,
            date: None,
            highlight: Default::default(),
        }
    }
}

/// A finished poster.
#[derive(Debug, Clone)]
pub struct Poster {
    /// The file contents.
    pub bytes: Vec<u8>,
    /// Page size: points for SVG and PDF, pixels for PNG.
    pub width: f64,
    pub height: f64,
    /// Things that went less than perfectly without stopping the export (a logo that could
    /// not be drawn, a header logo that could not be fetched), one sentence each.
    pub warnings: Vec<String>,
}

/// Why a poster cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Selection(#[from] SelectionError),
    #[error("{0}")]
    Layout(#[from] PackError),
    #[error("the page would be {width}×{height} {unit}, over the limit of {limit}")]
    TooLarge {
        width: f64,
        height: f64,
        unit: &'static str,
        limit: String,
    },
    #[error("could not write the {format}: {detail}")]
    Encode {
        format: &'static str,
        detail: String,
    },
}

/// A poster's arrangement before drawing.
#[derive(Debug, Clone)]
pub struct PosterLayout {
    pub model: LayoutModel,
    /// Geometry in points (the page of SVG and PDF; PNG pixels are `scale` times that).
    pub geometry: PosterGeometry,
    /// PNG pixels per point (1 for SVG and PDF).
    pub scale: f64,
    /// Text widths in the bundled font, for every text the poster can show.
    pub measure: TextMeasure,
}

/// Lays the poster out without drawing it: what [`export_poster`] draws, for checks and
/// for anything that needs to know where an item is on the page.
pub fn poster_layout(
    landscape: &Landscape,
    settings: &Settings,
    opts: &PosterOptions,
) -> Result<PosterLayout, ExportError> {
    let model = LayoutModel::build(landscape, settings, &opts.selection)?;
    let page = paper::page_size(opts)?;
    let selection_name = match &opts.selection {
        Selection::All => "",
        Selection::Group(n) | Selection::Category(n) => n.as_str(),
    };
    let mut texts: Vec<&str> = vec![&settings.foundation, &settings.url, selection_name];
    texts.extend(settings.groups.iter().map(|g| g.name.as_str()));
    texts.extend(scene::FIXED_TEXTS.iter().copied());
    for category in &model.categories {
        texts.push(&category.name);
        for sub in &category.subcategories {
            texts.push(&sub.name);
            texts.extend(sub.tiles.iter().filter_map(|t| t.featured.as_deref()));
        }
    }
    texts.extend(landscape.items.iter().map(|i| i.name.as_str()));
    let measure = TextMeasure::new(texts);
    let geometry = pack(
        &model,
        landscape,
        &PackOptions {
            width: page.width,
            height: page.height,
            names: opts.names,
        },
        &|t: &str| measure.width(t),
    )?;
    Ok(PosterLayout {
        model,
        geometry,
        scale: page.scale,
        measure,
    })
}

/// Draws the poster. Everything comes in already loaded: the landscape (with second paths
/// placed, see [`Landscape::place_second_paths`]), its settings and its processed logos
/// keyed by the items' `logo` field. Only a header logo named by URL may be fetched (with a
/// short timeout, cached in `cache_dir`); failing to get it is a warning.
pub fn export_poster(
    landscape: &Landscape,
    settings: &Settings,
    logos: &BTreeMap<String, ProcessedLogo>,
    opts: &PosterOptions,
) -> Result<Poster, ExportError> {
    let mut posters = export_posters(landscape, settings, logos, opts, &[opts.format])?;
    posters.pop().expect("one poster per format")
}

/// Draws the poster in each of `formats` (`opts.format` aside): laid out once and the header
/// logo got once for all the formats whose page is the same, the logos prepared once per
/// output density (SVG and PDF share theirs). A layout that fails fails them all; a format
/// that cannot be drawn fails alone.
pub fn export_posters(
    landscape: &Landscape,
    settings: &Settings,
    logos: &BTreeMap<String, ProcessedLogo>,
    opts: &PosterOptions,
    formats: &[PosterFormat],
) -> Result<Vec<Result<Poster, ExportError>>, ExportError> {
    // The header logo may need the network: start it first, collect it last.
    let header = header_logo::start(settings, opts);
    let first = PosterOptions {
        format: formats.first().copied().unwrap_or(opts.format),
        ..opts.clone()
    };
    let layout = poster_layout(landscape, settings, &first)?;
    let geometry = &layout.geometry;
    let (header_logo, header_warnings) = header.finish();
    // Logos prepared for one density: the sources, the header's index, the warnings.
    let mut prepared: Vec<(f64, logos::Prepared, Option<usize>, Vec<String>)> = Vec::new();
    let mut posters = Vec::with_capacity(formats.len());
    for &format in formats {
        let opts = PosterOptions {
            format,
            ..opts.clone()
        };
        let page = match paper::page_size(&opts) {
            Ok(page) => page,
            Err(e) => {
                posters.push(Err(e));
                continue;
            }
        };
        if (page.width, page.height) != (geometry.page.w, geometry.page.h) {
            // Another page (a width given for SVG but not PNG) needs its own layout.
            let poster = export_posters(landscape, settings, logos, &opts, &[format])
                .and_then(|mut p| p.pop().expect("one poster per format"));
            posters.push(poster);
            continue;
        }
        // Output pixels per page unit that logos are prepared for: the PNG's own; for
        // vectors, the resolution the PDF rasterizes filters at (embedded images need no
        // more).
        let density = match format {
            PosterFormat::Png => page.scale,
            PosterFormat::Svg | PosterFormat::Pdf => f64::from(pdf::RASTER_SCALE),
        };
        let at = match prepared.iter().position(|(d, ..)| *d == density) {
            Some(at) => at,
            None => {
                let mut warnings = header_warnings.clone();
                let mut sources =
                    logos::Prepared::new(geometry, landscape, logos, density, &mut warnings);
                let header_source = header_logo.as_ref().and_then(|logo| {
                    let slot = scene::header_logo_slot(geometry);
                    sources.add("the header logo", logo, slot, density, &mut warnings)
                });
                prepared.push((density, sources, header_source, warnings));
                prepared.len() - 1
            }
        };
        let (_, sources, header_source, warnings) = &prepared[at];
        let drawn = draw(
            &layout,
            landscape,
            settings,
            &opts,
            sources,
            *header_source,
            page.scale,
        );
        posters.push(drawn.map(|(bytes, width, height)| Poster {
            bytes,
            width,
            height,
            warnings: warnings.clone(),
        }));
    }
    Ok(posters)
}

/// One format of a laid-out poster: its bytes and page size (pixels for PNG).
fn draw(
    layout: &PosterLayout,
    landscape: &Landscape,
    settings: &Settings,
    opts: &PosterOptions,
    prepared: &logos::Prepared,
    header_source: Option<usize>,
    scale: f64,
) -> Result<(Vec<u8>, f64, f64), ExportError> {
    let geometry = &layout.geometry;
    let scene = scene::Scene::build(
        geometry,
        &layout.model,
        landscape,
        settings,
        opts,
        &|t: &str| layout.measure.width(t),
        prepared,
        header_source,
    );
    let bytes = match opts.format {
        PosterFormat::Svg => svg::write(&scene, prepared),
        PosterFormat::Pdf => pdf::write(&scene, prepared)?,
        PosterFormat::Png => png::write(&scene, prepared, scale)?,
    };
    let (width, height) = (geometry.page.w * scale, geometry.page.h * scale);
    Ok(match opts.format {
        PosterFormat::Png => (bytes, width.round(), height.round()),
        _ => (bytes, width, height),
    })
}
