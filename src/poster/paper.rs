//! Paper sizes and the page size of each format.

use std::str::FromStr;

use super::{
    DEFAULT_PNG_WIDTH, ExportError, MAX_PDF_SIDE, MAX_PNG_PIXELS, PosterFormat, PosterOptions,
};

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A0,
    A1,
    A2,
    A3,
    A4,
    Letter,
}

impl Paper {
    /// Every paper, for help texts.
    pub const ALL: [Paper; 6] = [
        Paper::A0,
        Paper::A1,
        Paper::A2,
        Paper::A3,
        Paper::A4,
        Paper::Letter,
    ];

    /// Width and height in points, portrait (short side first).
    pub fn portrait_points(self) -> (f64, f64) {
        let mm = |w: f64, h: f64| (w * 72.0 / 25.4, h * 72.0 / 25.4);
        match self {
            Paper::A0 => mm(841.0, 1189.0),
            Paper::A1 => mm(594.0, 841.0),
            Paper::A2 => mm(420.0, 594.0),
            Paper::A3 => mm(297.0, 420.0),
            Paper::A4 => mm(210.0, 297.0),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The lowercase name (`a0` ... `letter`).
    pub fn name(self) -> &'static str {
        match self {
            Paper::A0 => "a0",
            Paper::A1 => "a1",
            Paper::A2 => "a2",
            Paper::A3 => "a3",
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

impl FromStr for Paper {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Paper::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Paper::ALL.iter().map(|p| p.name()).collect();
                format!("unknown paper `{s}` (expected one of {})", names.join(", "))
            })
    }
}

/// The page in points, and pixels per point for a PNG.
#[derive(Debug, Clone, Copy)]
pub(super) struct Page {
    pub width: f64,
    pub height: f64,
    pub scale: f64,
}

pub(super) fn page_size(opts: &PosterOptions) -> Result<Page, ExportError> {
    let (short, long) = opts.paper.unwrap_or(Paper::A0).portrait_points();
    let (mut width, mut height) = if opts.portrait {
        (short, long)
    } else {
        (long, short)
    };
    let mut scale = 1.0;
    match opts.format {
        PosterFormat::Png => {
            let px = match (opts.width_px, opts.dpi) {
                (Some(w), _) => f64::from(w),
                (None, Some(dpi)) => width / 72.0 * f64::from(dpi),
                (None, None) => f64::from(DEFAULT_PNG_WIDTH),
            };
            scale = px.round().max(1.0) / width;
            let (pw, ph) = ((width * scale).round(), (height * scale).round());
            if pw * ph > MAX_PNG_PIXELS as f64 {
                return Err(ExportError::TooLarge {
                    width: pw,
                    height: ph,
                    unit: "px",
                    limit: format!("{} megapixels", MAX_PNG_PIXELS / 1_000_000),
                });
            }
        }
        PosterFormat::Svg | PosterFormat::Pdf => {
            if let (Some(w), None) = (opts.width_px, opts.paper) {
                height *= f64::from(w) / width;
                width = f64::from(w);
            }
            if width.max(height) > MAX_PDF_SIDE {
                return Err(ExportError::TooLarge {
                    width,
                    height,
                    unit: "pt",
                    limit: format!("{MAX_PDF_SIDE} pt a side"),
                });
            }
        }
    }
    if width < 100.0
        || height < 100.0
        || (opts.format == PosterFormat::Png && width * scale < 100.0)
    {
        return Err(ExportError::TooLarge {
            width,
            height,
            unit: "pt",
            limit: "at least 100 units a side".to_string(),
        });
    }
    Ok(Page {
        width,
        height,
        scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(f: impl FnOnce(&mut PosterOptions)) -> Result<Page, ExportError> {
        let mut opts = PosterOptions::new(PosterFormat::Png);
        f(&mut opts);
        page_size(&opts)
    }

    #[test]
    fn papers_parse_and_have_iso_sizes() {
        assert_eq!("A3".parse::<Paper>(), Ok(Paper::A3));
        assert!("b5".parse::<Paper>().is_err());
        let (w, h) = Paper::A4.portrait_points();
        assert!((w - 595.28).abs() < 0.01 && (h - 841.89).abs() < 0.01);
    }

    #[test]
    fn png_size_from_width_dpi_or_default() {
        let p = page(|o| o.width_px = Some(8000)).expect("fits");
        assert_eq!((p.width * p.scale).round(), 8000.0);
        assert_eq!(
            (p.height * p.scale).round(),
            (8000.0 * 841.0 / 1189.0_f64).round()
        );
        let p = page(|o| {
            o.dpi = Some(100);
            o.paper = Some(Paper::A4);
            o.portrait = true;
        })
        .expect("fits");
        assert_eq!(
            (p.width * p.scale).round(),
            (210.0 / 25.4 * 100.0_f64).round()
        );
        let p = page(|_| {}).expect("fits");
        assert_eq!((p.width * p.scale).round(), f64::from(DEFAULT_PNG_WIDTH));
    }

    #[test]
    fn oversized_pages_are_refused() {
        assert!(matches!(
            page(|o| o.width_px = Some(100_000)),
            Err(ExportError::TooLarge { .. })
        ));
        assert!(matches!(
            page(|o| o.width_px = Some(10)),
            Err(ExportError::TooLarge { .. })
        ));
        let mut opts = PosterOptions::new(PosterFormat::Pdf);
        opts.width_px = Some(20_000);
        assert!(page_size(&opts).is_err());
        opts.width_px = None;
        let p = page_size(&opts).expect("A0 fits");
        assert!((p.width - 3370.39).abs() < 0.01);
    }
}
