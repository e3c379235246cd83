//! PNG and JPEG logos: sniffed from their bytes and fully decoded to prove they are intact.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use super::{LogoFormat, LogoProblem};

/// Largest side accepted; also bounds the decoder's allocation (a "decompression bomb" PNG
/// declares a huge size in a few bytes).
const MAX_SIDE: u32 = 16_384;
const MAX_ALLOC: u64 = 512 << 20;

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

/// Decodes the whole image and returns its pixel size.
pub(super) fn decode(format: LogoFormat, bytes: &[u8]) -> Result<(u32, u32), LogoProblem> {
    let image_format = match format {
        LogoFormat::Png => ImageFormat::Png,
        LogoFormat::Jpeg => ImageFormat::Jpeg,
        LogoFormat::Svg => {
            return Err(LogoProblem::BadRaster {
                detail: "an SVG is not a raster image".to_string(),
            });
        }
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| LogoProblem::BadRaster {
        detail: e.to_string(),
    })?;
    Ok((image.width(), image.height()))
}
