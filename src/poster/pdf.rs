//! The PDF poster, one vector page drawn with krilla: the scene through krilla-svg (its
//! text stays selectable, in the bundled font), then each distinct logo converted once into
//! a reusable form XObject and placed by reference on every tile that shows it.
//!
//! Converting a logo at the size it is shown matters: krilla-svg rasterizes filter effects
//! at a resolution relative to the drawing's scale, and a blur in a 1,000-unit logo drawn
//! at its own size took seconds. Logos with filters, and greyed (archived) logos, are
//! rasterized here instead, in parallel, at four times their printed size (about 290 dpi
//! on an A0 poster); the rest stay vectors.

use chrono::Datelike;
use krilla::Document;
use krilla::geom::{Size, Transform};
use krilla::graphic::Graphic;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt, SvgSettings};
use rayon::prelude::*;

use std::collections::HashMap;

use super::ExportError;
use super::logos::Prepared;
use super::png::grey_out;
use super::scene::Scene;
use crate::logos::usvg_options;

/// Pixels per point for logos that are rasterized.
pub(super) const RASTER_SCALE: f32 = 4.0;

fn encode_error(detail: impl ToString) -> ExportError {
    ExportError::Encode {
        format: "PDF",
        detail: detail.to_string(),
    }
}

/// Writes the poster.
pub(super) fn write(scene: &Scene, prepared: &Prepared) -> Result<Vec<u8>, ExportError> {
    let chrome =
        usvg::Tree::from_str(&scene.document("", ""), &usvg_options()).map_err(encode_error)?;
    // Each logo is converted once per look (plain or greyed), at the largest size shown.
    let mut keys: Vec<(usize, bool)> = scene.logos.iter().map(|p| (p.source, p.archived)).collect();
    keys.sort_unstable();
    keys.dedup();
    let shown: Vec<(f32, f32)> = keys
        .iter()
        .map(|&key| {
            scene
                .logos
                .iter()
                .filter(|p| (p.source, p.archived) == key)
                .map(|p| (p.rect.w as f32, p.rect.h as f32))
                .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a })
        })
        .collect();
    // Filters and greying are rasterized here, in parallel: PDF has neither, and a
    // luminosity blend that should grey a logo is not drawn alike by every viewer.
    let rasters: Vec<Option<(Vec<u8>, u32, u32)>> = keys
        .par_iter()
        .zip(&shown)
        .map(|(&(source, archived), &(w, h))| {
            let tree = &prepared.sources.get(source)?.tree;
            (archived || prepared.sources[source].filters).then(|| raster(tree, w, h, archived))?
        })
        .collect();

    let mut document = Document::new();
    let date = DateTime::new(scene.date.year().clamp(0, 9999) as u16)
        .month(scene.date.month() as u8)
        .day(scene.date.day() as u8);
    document.set_metadata(
        Metadata::new()
            .title(scene.title.clone())
            .creator("landscape".into())
            .creation_date(date),
    );
    let page_settings = PageSettings::from_wh(scene.width as f32, scene.height as f32)
        .ok_or_else(|| encode_error("the page has no size"))?;
    let mut page = document.start_page_with(page_settings);
    let mut surface = page.surface();
    let page_size = Size::from_wh(scene.width as f32, scene.height as f32)
        .ok_or_else(|| encode_error("the page has no size"))?;
    surface.draw_svg(&chrome, page_size, SvgSettings::default());

    let mut graphics: HashMap<(usize, bool), (Graphic, f32, f32)> =
        HashMap::with_capacity(keys.len());
    for ((&key, &(w, h)), raster) in keys.iter().zip(&shown).zip(rasters) {
        let (Some(source), Some(target)) = (prepared.sources.get(key.0), Size::from_wh(w, h))
        else {
            continue;
        };
        let mut builder = surface.stream_builder();
        let mut s = builder.surface();
        match raster {
            Some((pixels, pw, ph)) => {
                s.draw_image(krilla::image::Image::from_rgba8(pixels, pw, ph), target);
            }
            None => {
                s.draw_svg(&source.tree, target, SvgSettings::default());
            }
        }
        s.finish();
        let stream = builder.finish();
        graphics.insert(key, (Graphic::new(stream, false), w, h));
    }
    for p in &scene.logos {
        let Some((graphic, w, h)) = graphics.get(&(p.source, p.archived)) else {
            continue;
        };
        let (sx, sy) = (p.rect.w as f32 / w, p.rect.h as f32 / h);
        surface.push_transform(&Transform::from_row(
            sx,
            0.0,
            0.0,
            sy,
            p.rect.x as f32,
            p.rect.y as f32,
        ));
        surface.draw_graphic(graphic.clone());
        surface.pop();
    }
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| encode_error(format!("{e:?}")))
}

/// A logo rasterized at [`RASTER_SCALE`] pixels per point of `w × h`, as straight RGBA,
/// greyed when `archived`.
fn raster(tree: &usvg::Tree, w: f32, h: f32, archived: bool) -> Option<(Vec<u8>, u32, u32)> {
    let (pw, ph) = (
        (w * RASTER_SCALE).ceil() as u32,
        (h * RASTER_SCALE).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pw.clamp(1, 4096), ph.clamp(1, 4096))?;
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        pixmap.width() as f32 / size.width(),
        pixmap.height() as f32 / size.height(),
    );
    resvg::render(tree, transform, &mut pixmap.as_mut());
    if archived {
        grey_out(&mut pixmap);
    }
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Some((rgba, pixmap.width(), pixmap.height()))
}
