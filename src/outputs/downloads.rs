//! landscape2's downloads: `docs/items.csv`, `docs/projects.csv` and `.md`, the QR code
//! `images/qr_code.svg`, the inputs as given in `sources/`, and, when settings set
//! `screenshot_width`, the landscape as `docs/landscape.png` and `.pdf`.

use super::posters::write_posters;
use super::{Output, OutputError, Site, Written};
use crate::diagnostics::{Diagnostic, Severity};
use crate::poster::{PosterFormat, PosterOptions};
use crate::render::downloads;
use crate::staging::Staging;

/// Files under `docs/`, `images/qr_code.svg` and `sources/`.
pub struct Downloads;

impl Output for Downloads {
    fn name(&self) -> &'static str {
        "downloads"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let prepared = site.prepared;
        let mut written = Written::default();
        let mut put = |path: &str, bytes: &[u8]| {
            written.files += 1;
            out.write(path, bytes)
        };
        put(
            "docs/items.csv",
            &downloads::items_csv(&super::api::sources(site)),
        )?;
        let projects = downloads::projects(&prepared.landscape);
        put("docs/projects.csv", &downloads::projects_csv(&projects))?;
        put(
            "docs/projects.md",
            downloads::projects_md(&projects).as_bytes(),
        )?;
        for (name, text) in &prepared.sources {
            put(&format!("sources/{name}"), text.as_bytes())?;
        }
        let url = &prepared.settings.url;
        match downloads::qr_code_svg(url) {
            Ok(svg) => put("images/qr_code.svg", svg.as_bytes())?,
            Err(e) => written.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "qr-code",
                &prepared.data_file,
                Default::default(),
                format!("no QR code for the settings `url` ({url}): {e}"),
            )),
        }
        if let Some(width) = (prepared.settings.screenshot_width).filter(|_| site.screenshots) {
            // Side by side: each spends a while in serial work (encoding the PNG,
            // writing the PDF) that the other can overlap.
            let [(png_opts, png), (pdf_opts, pdf)] = screenshots(&site.poster_base, width);
            let path = |ext: &str| format!("docs/landscape.{ext}");
            let (png, pdf) = rayon::join(
                || write_posters(site, out, &png_opts, &[png], path),
                || write_posters(site, out, &pdf_opts, &[pdf], path),
            );
            written.add(png?);
            written.add(pdf?);
        }
        Ok(written)
    }
}

/// landscape2's screenshots are a browser window `width` CSS pixels wide at device scale 2:
/// the PNG is `2 × width` pixels wide and the PDF page `width` CSS pixels (¾ pt each) wide.
/// Both show the whole poster at its own aspect ratio.
fn screenshots(base: &PosterOptions, width: u32) -> [(PosterOptions, PosterFormat); 2] {
    let with = |format, width_px| PosterOptions {
        format,
        width_px: Some(width_px),
        ..base.clone()
    };
    let pdf_points = (f64::from(width) * 0.75).round() as u32;
    [
        (
            with(PosterFormat::Png, width.saturating_mul(2)),
            PosterFormat::Png,
        ),
        (with(PosterFormat::Pdf, pdf_points), PosterFormat::Pdf),
    ]
}
