//! The PNG poster: the scene rendered by resvg onto one canvas, then every logo rendered
//! into its own tile-sized pixmap, in parallel, and composited.
//!
//! Rendering a logo straight onto the giant canvas lets resvg size its layers (clip paths,
//! masks, opacity groups) to the canvas: one CNCF logo's 65,535-unit clip path took 9 GB
//! that way. A tile-sized pixmap bounds every layer by the tile; batches bound how many
//! tiles are alive at once.

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use rayon::prelude::*;
use resvg::tiny_skia::{Pixmap, PixmapPaint, Transform};

use super::ExportError;
use super::logos::Prepared;
use super::scene::{Placement, Scene};
use crate::logos::usvg_options;

/// Logos rendered per batch before compositing.
const BATCH: usize = 256;

pub(super) fn encode_error(detail: impl ToString) -> ExportError {
    ExportError::Encode {
        format: "PNG",
        detail: detail.to_string(),
    }
}

/// Writes the poster at `scale` pixels per page unit.
pub(super) fn write(
    scene: &Scene,
    prepared: &Prepared,
    scale: f64,
) -> Result<Vec<u8>, ExportError> {
    let (width, height) = (
        (scene.width * scale).round() as u32,
        (scene.height * scale).round() as u32,
    );
    let mut canvas =
        Pixmap::new(width, height).ok_or_else(|| encode_error("the canvas cannot be allocated"))?;
    let chrome =
        usvg::Tree::from_str(&scene.document("", ""), &usvg_options()).map_err(encode_error)?;
    let s = scale as f32;
    resvg::render(&chrome, Transform::from_scale(s, s), &mut canvas.as_mut());
    drop(chrome);

    for batch in scene.logos.chunks(BATCH) {
        let rendered: Vec<Option<(i32, i32, Pixmap)>> = batch
            .par_iter()
            .map(|p| render_logo(prepared, p, scale))
            .collect();
        for logo in rendered.into_iter().flatten() {
            paint(&mut canvas, &logo);
        }
    }

    encode(&canvas)
}

/// Paints a logo [`render_logo`] drew at its place on the canvas.
pub(super) fn paint(canvas: &mut Pixmap, (x, y, logo): &(i32, i32, Pixmap)) {
    let paint = PixmapPaint::default();
    canvas.draw_pixmap(*x, *y, logo.as_ref(), &paint, Transform::identity(), None);
}

/// An opaque canvas as PNG bytes.
pub(super) fn encode(canvas: &Pixmap) -> Result<Vec<u8>, ExportError> {
    let (width, height) = (canvas.width(), canvas.height());
    // The canvas is opaque (a background fills it), so its premultiplied pixels are plain
    // RGBA.
    let mut out = Vec::with_capacity((width as usize * height as usize) / 4);
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            canvas.data(),
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
        .map_err(encode_error)?;
    Ok(out)
}

/// One logo in a pixmap of its own, and where it goes on the canvas.
pub(super) fn render_logo(
    prepared: &Prepared,
    p: &Placement,
    scale: f64,
) -> Option<(i32, i32, Pixmap)> {
    let source = prepared.sources.get(p.source)?;
    let (x, y) = (p.rect.x * scale, p.rect.y * scale);
    let (x0, y0) = (x.floor(), y.floor());
    let w = ((x + p.rect.w * scale).ceil() - x0).max(1.0) as u32;
    let h = ((y + p.rect.h * scale).ceil() - y0).max(1.0) as u32;
    let mut pixmap = Pixmap::new(w, h)?;
    let (tw, th) = source.size();
    let transform = Transform::from_row(
        (p.rect.w * scale / tw) as f32,
        0.0,
        0.0,
        (p.rect.h * scale / th) as f32,
        (x - x0) as f32,
        (y - y0) as f32,
    );
    resvg::render(&source.tree, transform, &mut pixmap.as_mut());
    if p.archived {
        grey_out(&mut pixmap);
    }
    Some((x0 as i32, y0 as i32, pixmap))
}

/// Greys and half-fades a logo (the SVG does the same with a filter).
pub(super) fn grey_out(pixmap: &mut Pixmap) {
    for px in pixmap.data_mut().chunks_exact_mut(4) {
        // Premultiplied channels: the grey of premultiplied values is the premultiplied grey,
        // and no channel may exceed alpha.
        let alpha = px[3] / 2;
        let luma =
            (0.2126 * f32::from(px[0]) + 0.7152 * f32::from(px[1]) + 0.0722 * f32::from(px[2]))
                / 2.0;
        let luma = (luma.round() as u8).min(alpha);
        px[0] = luma;
        px[1] = luma;
        px[2] = luma;
        px[3] = alpha;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greying_keeps_premultiplied_pixels_valid() {
        let mut pixmap = Pixmap::new(2, 1).expect("2×1 pixmap");
        pixmap
            .data_mut()
            .copy_from_slice(&[200, 0, 0, 200, 255, 255, 255, 255]);
        grey_out(&mut pixmap);
        let d = pixmap.data();
        assert_eq!(&d[0..4], &[21, 21, 21, 100]);
        assert_eq!(&d[4..8], &[127, 127, 127, 127]);
        assert!(d.chunks(4).all(|p| p[0] <= p[3]));
    }
}
