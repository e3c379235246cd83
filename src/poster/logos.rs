//! The logos a poster draws, each distinct one prepared once (in parallel) into a usvg tree
//! that every back end shares. PNG and JPEG logos are brought down to the pixels their tile
//! needs ([`downscale`]) and wrapped in an SVG `<image>` so that they take the same path.
//! SVG logos are assessed at that size ([`budget`]): filters past their limits are limited
//! ([`tame`]), and a logo still too costly to draw is left out, its tile showing the item's
//! name, with a warning.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::{budget, downscale, tame};
use crate::logos::{LogoFormat, ProcessedLogo, usvg_options};
use crate::model::Landscape;
use crate::poster::pack::{PosterGeometry, Rect};

/// Rounds of limiting a logo's filters: limiting one can reveal the next (the walk stops
/// at the first budget it exceeds).
const TAME_ROUNDS: usize = 3;

/// One distinct logo, ready to draw.
pub(super) struct Source {
    pub tree: usvg::Tree,
    /// Whether it uses filter effects anywhere, which PDF cannot express.
    pub filters: bool,
}

impl Source {
    /// The logo's intrinsic size (its viewBox).
    pub fn size(&self) -> (f64, f64) {
        let s = self.tree.size();
        (f64::from(s.width()), f64::from(s.height()))
    }

    /// The largest rectangle of the logo's aspect ratio centred in `slot`.
    pub fn fit(&self, slot: Rect) -> Rect {
        let (w, h) = self.size();
        let scale = (slot.w / w).min(slot.h / h);
        let (fw, fh) = (w * scale, h * scale);
        Rect::new(
            slot.x + (slot.w - fw) / 2.0,
            slot.y + (slot.h - fh) / 2.0,
            fw,
            fh,
        )
    }
}

/// The distinct logos of a poster.
pub(super) struct Prepared {
    pub sources: Vec<Source>,
    /// Item logo name → index in `sources`.
    by_name: HashMap<String, usize>,
}

impl Prepared {
    /// Prepares every logo the geometry's tiles need, at `density` output pixels per page
    /// unit; logos missing from `logos`, that cannot be parsed or that cost too much to
    /// draw become warnings naming their items (their tiles show the items' names instead).
    pub fn new(
        geometry: &PosterGeometry,
        landscape: &Landscape,
        logos: &BTreeMap<String, ProcessedLogo>,
        density: f64,
        warnings: &mut Vec<String>,
    ) -> Self {
        // Each logo's largest slot and the items that show it.
        let mut needs: HashMap<&str, Need> = HashMap::new();
        for tile in geometry.tiles() {
            let Some(item) = landscape.items.get(tile.item) else {
                continue;
            };
            let need = needs.entry(item.logo.as_str()).or_default();
            need.slot = (need.slot.0.max(tile.logo.w), need.slot.1.max(tile.logo.h));
            if !need.items.contains(&item.name.as_str()) {
                need.items.push(&item.name);
            }
        }
        let mut needs: Vec<(&str, Need)> = needs.into_iter().collect();
        needs.sort_unstable_by_key(|(name, _)| *name);
        let prepared: Vec<Result<Prepare, String>> = needs
            .par_iter()
            .map(|(name, need)| match logos.get(*name) {
                Some(logo) => prepare(logo, need.slot, density),
                None => Err("it was not processed (missing or invalid)".to_string()),
            })
            .collect();
        let mut sources = Vec::with_capacity(prepared.len());
        let mut by_name = HashMap::with_capacity(prepared.len());
        for (result, (name, need)) in prepared.into_iter().zip(&needs) {
            let who = shown_by(&need.items);
            match result {
                Ok(p) => {
                    if let Some(note) = p.note {
                        warnings.push(format!("logo {name} of {who}: {note}"));
                    }
                    by_name.insert(name.to_string(), sources.len());
                    sources.push(p.source);
                }
                Err(e) => warnings.push(format!("logo {name} of {who} is not drawn: {e}")),
            }
        }
        Prepared { sources, by_name }
    }

    /// No logos yet (see [`Prepared::add`]).
    pub fn empty() -> Self {
        Prepared {
            sources: Vec::new(),
            by_name: HashMap::new(),
        }
    }

    /// The source of an item's logo.
    pub fn index_of(&self, logo: &str) -> Option<usize> {
        self.by_name.get(logo).copied()
    }

    /// Adds a logo that is not an item's (the header's), for `slot` (page units); its index,
    /// if it can be drawn.
    pub fn add(
        &mut self,
        name: &str,
        logo: &ProcessedLogo,
        slot: Rect,
        density: f64,
        warnings: &mut Vec<String>,
    ) -> Option<usize> {
        match prepare(logo, (slot.w, slot.h), density) {
            Ok(p) => {
                if let Some(note) = p.note {
                    warnings.push(format!("{name}: {note}"));
                }
                self.sources.push(p.source);
                Some(self.sources.len() - 1)
            }
            Err(e) => {
                warnings.push(format!("{name} is not drawn: {e}"));
                None
            }
        }
    }
}

/// Where a logo is shown: its largest slot (page units) and its items' names.
#[derive(Default)]
struct Need<'a> {
    slot: (f64, f64),
    items: Vec<&'a str>,
}

/// "Foo", "Foo and Bar", "Foo, Bar and 3 more".
fn shown_by(items: &[&str]) -> String {
    match items {
        [] => "no item".to_string(),
        [one] => format!("item {one}"),
        [a, b] => format!("items {a} and {b}"),
        [a, b, rest @ ..] => format!("items {a}, {b} and {} more", rest.len()),
    }
}

/// A logo ready to draw, and what was changed to make it so.
struct Prepare {
    source: Source,
    note: Option<String>,
}

/// Prepares a logo shown at most `slot` (page units) large, at `density` pixels per unit.
fn prepare(logo: &ProcessedLogo, slot: (f64, f64), density: f64) -> Result<Prepare, String> {
    if logo.format != LogoFormat::Svg {
        if !(logo.width > 0.0 && logo.height > 0.0) {
            return Err("it has no size".into());
        }
        let (w, h) = target(logo.width, logo.height, slot, density);
        let fitted = downscale::fit(logo, w, h)?;
        let tree = wrap_raster(fitted.bytes, fitted.format, logo.width, logo.height)?;
        return Ok(Prepare {
            source: Source {
                tree,
                filters: false,
            },
            note: None,
        });
    }
    let mut tree = parse(logo)?;
    let size = tree.size();
    let (w, h) = target(
        f64::from(size.width()),
        f64::from(size.height()),
        slot,
        density,
    );
    let mut limited = false;
    for _ in 0..TAME_ROUNDS {
        let assessment = budget::assess(&tree, w as f32, h as f32);
        if assessment.limits.is_empty() {
            break;
        }
        limited |= assessment.limits.values().any(budget::Limits::visible);
        tree = tame::apply(&tree, &assessment.limits)?;
    }
    let assessment = budget::assess(&tree, w as f32, h as f32);
    if let Some(why) = assessment.cost.excess() {
        return Err(why);
    }
    if !assessment.limits.is_empty() {
        return Err("its filters stay past their limits after limiting them".into());
    }
    Ok(Prepare {
        source: Source {
            tree,
            filters: assessment.cost.filters,
        },
        note: limited.then(|| {
            "its filter effects went past the limits of a poster (blur, morphology radius or \
             turbulence octaves) and were cut to them"
                .to_string()
        }),
    })
}

/// The pixels a `width`×`height` logo takes when fitted into `slot` at `density`: whole,
/// at least one, and no more than a canvas side may have.
fn target(width: f64, height: f64, slot: (f64, f64), density: f64) -> (u32, u32) {
    let scale = (slot.0 / width).min(slot.1 / height) * density;
    let pixels = |v: f64| (v * scale).ceil().clamp(1.0, 65_535.0) as u32;
    (pixels(width), pixels(height))
}

/// A processed SVG logo as a usvg tree.
pub(super) fn parse(logo: &ProcessedLogo) -> Result<usvg::Tree, String> {
    let bytes = logo.bytes().map_err(|e| e.to_string())?;
    let tree = usvg::Tree::from_data(&bytes, &usvg_options()).map_err(|e| e.to_string())?;
    let size = tree.size();
    if !(size.width() > 0.0 && size.height() > 0.0) {
        return Err("it has no size".into());
    }
    Ok(tree)
}

/// A raster image as a usvg tree of `width`×`height` units (its original pixel size, so that
/// a downscaled image keeps the logo's aspect ratio exactly). The image is handed to usvg
/// by a resolver, not encoded into the markup.
fn wrap_raster(
    bytes: Vec<u8>,
    format: LogoFormat,
    width: f64,
    height: f64,
) -> Result<usvg::Tree, String> {
    let data = Arc::new(bytes);
    let mut opts = usvg_options();
    opts.image_href_resolver.resolve_string = Box::new(move |href, _| {
        (href == "logo").then(|| match format {
            LogoFormat::Jpeg => usvg::ImageKind::JPEG(data.clone()),
            _ => usvg::ImageKind::PNG(data.clone()),
        })
    });
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\"><image width=\"{width}\" height=\"{height}\" href=\"logo\"/></svg>"
    );
    let tree = usvg::Tree::from_str(&svg, &opts).map_err(|e| e.to_string())?;
    let size = tree.size();
    if !(size.width() > 0.0 && size.height() > 0.0) {
        return Err("it has no size".into());
    }
    Ok(tree)
}
