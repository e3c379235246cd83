//! The logos a poster draws, each distinct one parsed once (in parallel) into a usvg tree
//! that every back end shares. PNG and JPEG logos are wrapped in an SVG `<image>` so that
//! they take the same path.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::logos::{LogoFormat, ProcessedLogo, usvg_options};
use crate::model::Landscape;
use crate::poster::pack::{PosterGeometry, Rect};

/// One distinct logo, ready to draw.
pub(super) struct Source {
    pub tree: usvg::Tree,
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

    /// Whether drawing the logo needs filter effects (blurs, shadows), which PDF cannot
    /// express and krilla-svg rasterizes.
    pub fn has_filters(&self) -> bool {
        fn group(g: &usvg::Group) -> bool {
            !g.filters().is_empty()
                || g.mask().is_some_and(|m| group(m.root()))
                || g.children().iter().any(|n| match n {
                    usvg::Node::Group(child) => group(child),
                    _ => false,
                })
        }
        group(self.tree.root())
    }
}

/// The distinct logos of a poster.
pub(super) struct Prepared {
    pub sources: Vec<Source>,
    /// Item logo name → index in `sources`.
    by_name: HashMap<String, usize>,
}

impl Prepared {
    /// Parses every logo the geometry's tiles need; logos missing from `logos` or that
    /// cannot be parsed become warnings (their tiles show the item's name instead).
    pub fn new(
        geometry: &PosterGeometry,
        landscape: &Landscape,
        logos: &BTreeMap<String, ProcessedLogo>,
        warnings: &mut Vec<String>,
    ) -> Self {
        let mut names: Vec<&str> = geometry
            .tiles()
            .filter_map(|t| landscape.items.get(t.item))
            .map(|i| i.logo.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let parsed: Vec<(&str, Result<usvg::Tree, String>)> = names
            .par_iter()
            .map(|&name| {
                let tree = match logos.get(name) {
                    Some(logo) => parse(logo),
                    None => Err("it was not processed (missing or invalid)".to_string()),
                };
                (name, tree)
            })
            .collect();
        let mut sources = Vec::with_capacity(parsed.len());
        let mut by_name = HashMap::with_capacity(parsed.len());
        for (name, tree) in parsed {
            match tree {
                Ok(tree) => {
                    by_name.insert(name.to_string(), sources.len());
                    sources.push(Source { tree });
                }
                Err(e) => warnings.push(format!("logo {name} is not drawn: {e}")),
            }
        }
        Prepared { sources, by_name }
    }

    /// The source of an item's logo.
    pub fn index_of(&self, logo: &str) -> Option<usize> {
        self.by_name.get(logo).copied()
    }

    /// Adds a logo that is not an item's (the header's); its index, if it parses.
    pub fn add(
        &mut self,
        name: &str,
        logo: &ProcessedLogo,
        warnings: &mut Vec<String>,
    ) -> Option<usize> {
        match parse(logo) {
            Ok(tree) => {
                self.sources.push(Source { tree });
                Some(self.sources.len() - 1)
            }
            Err(e) => {
                warnings.push(format!("logo {name} is not drawn: {e}"));
                None
            }
        }
    }
}

/// A processed logo as a usvg tree.
pub(super) fn parse(logo: &ProcessedLogo) -> Result<usvg::Tree, String> {
    let tree = match logo.format {
        LogoFormat::Svg => usvg::Tree::from_data(&logo.bytes, &usvg_options()),
        LogoFormat::Png | LogoFormat::Jpeg => {
            // The raster is handed to usvg by a resolver, not encoded into the markup.
            let data = Arc::new(logo.bytes.clone());
            let format = logo.format;
            let mut opts = usvg_options();
            opts.image_href_resolver.resolve_string = Box::new(move |href, _| {
                (href == "logo").then(|| match format {
                    LogoFormat::Jpeg => usvg::ImageKind::JPEG(data.clone()),
                    _ => usvg::ImageKind::PNG(data.clone()),
                })
            });
            let (w, h) = (logo.width, logo.height);
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\"><image width=\"{w}\" height=\"{h}\" href=\"logo\"/></svg>"
            );
            usvg::Tree::from_str(&svg, &opts)
        }
    };
    let tree = tree.map_err(|e| e.to_string())?;
    let size = tree.size();
    if !(size.width() > 0.0 && size.height() > 0.0) {
        return Err("it has no size".into());
    }
    Ok(tree)
}
