//! What a build writes, one [`Output`] per kind of file: each is handed the prepared
//! landscape and its layout ([`Site`]) and writes through the [`Staging`] directory. A new
//! kind of output is a new file here and one line in [`site_outputs`].

mod api;
mod data_files;
mod downloads;
mod embeds;
mod pages;
mod posters;
mod static_files;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::layout::LayoutModel;
use crate::poster::PosterOptions;
use crate::prepare::Prepared;
use crate::progress::Timings;
use crate::render::{TemplateError, Templates, Urls};
use crate::staging::Staging;
use crate::staging::WriteError;

/// Everything an output reads.
pub struct Site<'a> {
    pub prepared: &'a Prepared,
    /// The whole landscape's arrangement, in display order.
    pub layout: &'a LayoutModel,
    pub templates: &'a Templates,
    pub urls: Urls,
    /// The printable posters' options (format aside), when the site carries them.
    pub poster: Option<PosterOptions>,
    /// What every poster of the site starts from (where a header logo is found and
    /// cached): the landscape2 screenshots in `docs/` are drawn from it too.
    pub poster_base: PosterOptions,
    /// What every page template gets (`site.*`).
    pub global: tera::Context,
}

impl<'a> Site<'a> {
    /// The context of a site build; computes what every page shares.
    pub fn new(
        prepared: &'a Prepared,
        layout: &'a LayoutModel,
        templates: &'a Templates,
        poster_base: PosterOptions,
        posters: bool,
    ) -> Self {
        let poster = posters.then(|| poster_base.clone());
        let base = prepared.settings.base_path();
        let urls = Urls {
            logo_files: (prepared.logos.iter())
                .map(|(name, logo)| (name.clone(), logo.file_name.clone()))
                .collect(),
            base,
        };
        let view = crate::render::site_view(prepared, templates, poster.is_some(), &urls.base);
        let mut global = tera::Context::new();
        global.insert("site", &view);
        Site {
            prepared,
            layout,
            templates,
            urls,
            poster,
            poster_base,
            global,
        }
    }

    /// The site's base path: "" or "/base".
    pub fn base(&self) -> &str {
        &self.urls.base
    }

    /// Renders template `name` with the shared context plus `values` into `path`.
    fn page(
        &self,
        out: &Staging,
        name: &str,
        path: impl AsRef<std::path::Path>,
        values: impl FnOnce(&mut tera::Context),
    ) -> Result<(), OutputError> {
        let mut ctx = self.global.clone();
        values(&mut ctx);
        Ok(out.write(path, self.templates.render(name, &ctx)?.as_bytes())?)
    }
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What an output wrote.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Written {
    pub pages: usize,
    pub logos: usize,
    pub files: usize,
    /// Problems that did not stop the output (a poster that could not be made).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

impl Written {
    fn add(&mut self, other: Written) {
        self.pages += other.pages;
        self.logos += other.logos;
        self.files += other.files;
        self.diagnostics.extend(other.diagnostics);
    }
}

/// One kind of output.
pub trait Output: Sync {
    /// A short name for timings and errors.
    fn name(&self) -> &'static str;
    /// Writes this output's files into `out`.
    fn write(
        &self,
        site: &Site,
        out: &Staging,
        on_page: &(dyn Fn() + Sync),
    ) -> Result<Written, OutputError>;
}

/// The outputs of a site build, in the order they run.
pub fn site_outputs(site: &Site) -> Vec<Box<dyn Output>> {
    let mut outputs: Vec<Box<dyn Output>> = vec![
        Box::new(static_files::StaticFiles),
        Box::new(pages::Pages),
        Box::new(embeds::Embeds),
        Box::new(data_files::DataFiles),
        Box::new(api::Api),
        Box::new(downloads::Downloads),
    ];
    if site.poster.is_some() {
        outputs.push(Box::new(posters::Posters));
    }
    outputs
}

/// Runs `outputs` in order; returns what they wrote, summed, and each one's time.
pub fn write_all(
    outputs: &[Box<dyn Output>],
    site: &Site,
    out: &Staging,
    on_page: &(dyn Fn() + Sync),
) -> Result<(Written, Timings), OutputError> {
    let mut total = Written::default();
    let mut timings = Vec::new();
    for output in outputs {
        let started = std::time::Instant::now();
        total.add(output.write(site, out, on_page)?);
        timings.push((output.name(), started.elapsed()));
    }
    Ok((total, timings))
}
