//! PNG and JPEG logos: sniffed from their bytes, fully decoded to prove they are intact, and
//! re-encoded for publishing.
//!
//! Re-encoding is what makes a raster safe to serve: the published file holds the pixels and
//! nothing else. Bytes after the image's end (a PNG with an HTML page appended is also a page
//! to a browser that sniffs it), text chunks, EXIF, comments and ICC profiles are all gone.
//! The EXIF orientation is applied to the pixels first, since it would otherwise be lost.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{LogoFormat, LogoProblem};

/// Largest side accepted; also bounds the decoder's allocation (a "decompression bomb" PNG
/// declares a huge size in a few bytes).
const MAX_SIDE: u32 = 16_384;
const MAX_ALLOC: u64 = 512 << 20;
/// JPEG quality of re-encoded logos: high enough that a second generation shows no new
/// artefacts at logo sizes.
const JPEG_QUALITY: u8 = 90;

/// The raster format the bytes start with, if any.
pub(super) fn sniff(bytes: &[u8]) -> Option<LogoFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(LogoFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(LogoFormat::Jpeg)
    } else {
        None
    }
}

/// Decodes the whole image and returns its pixel size as displayed (EXIF orientation
/// applied).
pub(super) fn decode(format: LogoFormat, bytes: &[u8]) -> Result<(u32, u32), LogoProblem> {
    let image = load(format, bytes)?;
    Ok((image.width(), image.height()))
}

/// The image re-encoded in its own format from its pixels alone, and its pixel size.
pub(super) fn reencode(
    format: LogoFormat,
    bytes: &[u8],
) -> Result<(Vec<u8>, u32, u32), LogoProblem> {
    let image = load(format, bytes)?;
    let mut out = Vec::with_capacity(bytes.len());
    let written = match format {
        LogoFormat::Jpeg => {
            image.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        _ => image.write_with_encoder(PngEncoder::new_with_quality(
            &mut out,
            CompressionType::Best,
            FilterType::Adaptive,
        )),
    };
    written.map_err(|e| LogoProblem::BadRaster {
        detail: format!("the image decodes but cannot be re-encoded: {e}"),
    })?;
    Ok((out, image.width(), image.height()))
}

fn load(format: LogoFormat, bytes: &[u8]) -> Result<DynamicImage, LogoProblem> {
    let image_format = match format {
        LogoFormat::Png => ImageFormat::Png,
        LogoFormat::Jpeg => ImageFormat::Jpeg,
        LogoFormat::Svg => {
            return Err(LogoProblem::BadRaster {
                detail: "an SVG is not a raster image".to_string(),
            });
        }
    };
    let bad = |e: image::ImageError| LogoProblem::BadRaster {
        detail: e.to_string(),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(bad)?;
    // Unreadable EXIF is not a broken image: browsers then show it unrotated too.
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(bad)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}
