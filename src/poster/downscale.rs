//! PNG and JPEG logos brought down to the pixels the poster shows them at, before any back
//! end sees them: the PNG draws each tile from a small image instead of decoding the whole
//! logo per tile, and the PDF and SVG embed an image no larger than the tile needs.
//!
//! Decoding is the costly step (a 16,384² logo is 256 MiB to 1 GiB of pixels), so decodes
//! share one process-wide memory budget, [`DECODE_BUDGET`]: an image waits until the pixels
//! being decoded fit beside it, and a larger one waits until it is alone. Decoded pixels
//! alive at once stay under the budget or, for one image as large as
//! [`MAX_DECODE_BYTES`], equal to it.

use std::io::Cursor;
use std::sync::{Condvar, Mutex, PoisonError};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::logos::{LogoFormat, ProcessedLogo};

/// Most bytes one logo may take decoded (16,384² pixels of RGBA).
pub(super) const MAX_DECODE_BYTES: u64 = 1 << 30;
/// Decoded bytes alive at once across every export of the process.
pub(super) const DECODE_BUDGET: u64 = 1 << 30;

static GATE: Gate = Gate::new(DECODE_BUDGET);

/// A raster logo's image file, re-encoded when it was larger than needed.
pub(super) struct Fitted {
    pub bytes: Vec<u8>,
    pub format: LogoFormat,
}

/// The logo's image at no more than `max_w`×`max_h` pixels, aspect ratio kept; the original
/// bytes when it is no larger.
pub(super) fn fit(logo: &ProcessedLogo, max_w: u32, max_h: u32) -> Result<Fitted, String> {
    let format = match logo.format {
        LogoFormat::Png => ImageFormat::Png,
        LogoFormat::Jpeg => ImageFormat::Jpeg,
        LogoFormat::Svg => return Err("an SVG is not a raster image".into()),
    };
    let bytes = logo.bytes().map_err(|e| e.to_string())?;
    let reader = || ImageReader::with_format(Cursor::new(&bytes), format);
    let (width, height) = reader().into_dimensions().map_err(|e| e.to_string())?;
    let (max_w, max_h) = (max_w.max(1), max_h.max(1));
    if width <= max_w && height <= max_h {
        return Ok(Fitted {
            bytes: bytes.into_owned(),
            format: logo.format,
        });
    }
    let mut reader = reader();
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let bytes = decoder.total_bytes();
    if bytes > MAX_DECODE_BYTES {
        return Err(format!(
            "its {width}×{height} pixels take {} MiB decoded, over the limit of {} MiB",
            bytes >> 20,
            MAX_DECODE_BYTES >> 20
        ));
    }
    let small = {
        let _pass = GATE.take(bytes);
        let image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
        // Each source pixel adds to one target pixel: one pass over the large image.
        image.thumbnail(max_w, max_h)
    };
    // A JPEG stays a JPEG (it has no transparency and compresses photos better).
    let (out_format, logo_format) = match logo.format {
        LogoFormat::Jpeg => (ImageFormat::Jpeg, LogoFormat::Jpeg),
        _ => (ImageFormat::Png, LogoFormat::Png),
    };
    let mut out = Cursor::new(Vec::new());
    small
        .write_to(&mut out, out_format)
        .map_err(|e| e.to_string())?;
    Ok(Fitted {
        bytes: out.into_inner(),
        format: logo_format,
    })
}

/// A budget of bytes that decodes take from and give back.
struct Gate {
    budget: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Bytes taken from a [`Gate`], given back when dropped.
struct Pass<'a> {
    gate: &'a Gate,
    bytes: u64,
}

impl Gate {
    const fn new(budget: u64) -> Self {
        Gate {
            budget,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` fit in the budget beside what is taken, or nothing is taken.
    fn take(&self, bytes: u64) -> Pass<'_> {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        while *used > 0 && *used + bytes > self.budget {
            used = self
                .freed
                .wait(used)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *used += bytes;
        Pass { gate: self, bytes }
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        let mut used = self
            .gate
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used -= self.bytes;
        self.gate.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_admits_what_fits_and_a_large_request_alone() {
        let gate = Gate::new(100);
        let a = gate.take(60);
        let b = gate.take(40);
        assert_eq!(*gate.used.lock().unwrap(), 100);
        drop((a, b));
        let big = gate.take(150);
        assert_eq!(*gate.used.lock().unwrap(), 150);
        drop(big);
        assert_eq!(*gate.used.lock().unwrap(), 0);
    }

    fn png(w: u32, h: u32) -> ProcessedLogo {
        let image = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            w,
            h,
            image::Rgba([200, 30, 30, 255]),
        ));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        let (width, height) = (f64::from(w), f64::from(h));
        ProcessedLogo::new(
            "x.png",
            LogoFormat::Png,
            out.into_inner(),
            (width, height),
            None,
        )
    }

    #[test]
    fn large_rasters_come_down_to_the_target_and_small_ones_stay() {
        let logo = png(400, 200);
        let fitted = fit(&logo, 100, 100).unwrap();
        let decoded = image::load_from_memory(&fitted.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (100, 50));
        let kept = fit(&logo, 400, 300).unwrap();
        assert!(kept.bytes == *logo.bytes().unwrap());
    }
}
