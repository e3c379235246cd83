//! The printable poster in every format, `poster/landscape.{svg,pdf,png}`: laid out once and
//! drawn three times. A poster that cannot be made is a warning: the site is complete
//! without it.

use super::poster_cache::PosterCache;
use super::{Output, OutputError, Site, Written};
use crate::diagnostics::{Diagnostic, Severity};
use crate::poster::{PosterFormat, PosterOptions, export_posters};
use crate::staging::Staging;

/// `poster/landscape.svg`, `.pdf` and `.png`.
pub struct Posters;

const FORMATS: [PosterFormat; 3] = [PosterFormat::Svg, PosterFormat::Pdf, PosterFormat::Png];

impl Output for Posters {
    fn name(&self) -> &'static str {
        "posters"
    }

    fn write(
        &self,
        site: &Site,
        out: &Staging,
        _: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError> {
        let Some(opts) = &site.poster else {
            return Ok(Written::default());
        };
        write_posters(site, out, opts, &FORMATS, |ext| {
            format!("poster/landscape.{ext}")
        })
    }
}

/// Draws the poster in `formats` with `opts` and writes each to `path(extension)`; what
/// could not be drawn, and the drawing's warnings, are warnings (each reported once).
pub(super) fn write_posters(
    site: &Site,
    out: &Staging,
    opts: &PosterOptions,
    formats: &[PosterFormat],
    path: impl Fn(&str) -> String,
) -> Result<Written, OutputError> {
    let prepared = site.prepared;
    let mut written = Written::default();
    let warn = |message: String| {
        Diagnostic::new(
            Severity::Warning,
            "poster",
            &prepared.data_file,
            Default::default(),
            message,
        )
    };
    let cached = PosterCache::new(site, opts, formats);
    if let Some(hit) = cached.as_ref().and_then(|c| c.load(formats)) {
        for (format, bytes) in formats.iter().zip(&hit.files) {
            out.write(path(format.extension()), bytes)?;
            written.files += 1;
        }
        (written.diagnostics).extend(hit.warnings.into_iter().map(warn));
        return Ok(written);
    }
    let posters = export_posters(
        &prepared.landscape,
        &prepared.settings,
        &prepared.logos,
        opts,
        formats,
    );
    let posters = match posters {
        Ok(posters) => posters,
        Err(e) => {
            written
                .diagnostics
                .push(warn(format!("the poster could not be laid out: {e}")));
            return Ok(written);
        }
    };
    let mut warnings = Vec::new();
    let mut drawn = Vec::new();
    for (format, poster) in formats.iter().zip(posters) {
        let ext = format.extension();
        match poster {
            Ok(poster) => {
                out.write(path(ext), &poster.bytes)?;
                written.files += 1;
                drawn.push(poster.bytes);
                // The formats share most warnings (PNG's logos are prepared at another
                // size, so it may have its own): each is reported once.
                for warning in poster.warnings {
                    if !warnings.contains(&warning) {
                        warnings.push(warning);
                    }
                }
            }
            Err(e) => {
                let message = format!("the {ext} poster could not be made: {e}");
                written.diagnostics.push(warn(message));
            }
        }
    }
    let warnings: Vec<String> = warnings
        .into_iter()
        .map(|w| format!("poster: {w}"))
        .collect();
    if let Some(cache) = cached
        && drawn.len() == formats.len()
    {
        // A cache that cannot be written only costs the next build the drawing.
        let _ = cache.store(formats, &drawn, &warnings);
    }
    (written.diagnostics).extend(warnings.into_iter().map(warn));
    Ok(written)
}
