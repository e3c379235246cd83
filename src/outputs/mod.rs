//! What a build writes, one [`Output`] per kind of file: each is handed the prepared
//! landscape and its layout ([`Site`]) and writes through the [`Staging`] directory. A new
//! kind of output is a new file here and one line in [`site_outputs`].

mod api;
mod clomonitor;
mod data_files;
mod downloads;
mod embeds;
mod finances;
mod organizations;
mod pages;
mod poster_cache;
mod posters;
mod projects;
mod static_files;

use std::io::Write;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::layout::LayoutModel;
use crate::poster::PosterOptions;
use crate::prepare::Prepared;
use crate::progress::Timings;
use crate::render::{TemplateError, Templates, Urls};
use crate::staging::{Key, Staging, WriteError};

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
    /// The hash of what every page shares (the templates and `global`); `None` when it
    /// cannot be known, and then every page is rendered.
    global_key: Option<Key>,
    /// The site's root as an absolute URL, when settings give its `url`.
    pub root_url: Option<String>,
    /// Draw the `docs/` screenshots that settings ask for (`screenshot_width`).
    pub screenshots: bool,
}

impl<'a> Site<'a> {
    /// The context of a site build; computes what every page shares. `today` is the day the
    /// site is built for (what is dated, like the event banner, is decided against it).
    pub fn new(
        prepared: &'a Prepared,
        layout: &'a LayoutModel,
        templates: &'a Templates,
        poster_base: PosterOptions,
        posters: bool,
        today: chrono::NaiveDate,
    ) -> Self {
        let poster = posters.then(|| poster_base.clone());
        let base = prepared.settings.base_path();
        let urls = Urls {
            logo_files: (prepared.logos.iter())
                .map(|(name, logo)| (name.clone(), logo.file_name.clone()))
                .collect(),
            tile_files: (prepared.logos.iter())
                .filter_map(|(name, logo)| {
                    Some((name.clone(), logo.tile.as_ref()?.file_name.clone()))
                })
                .collect(),
            base,
        };
        let view =
            crate::render::site_view(prepared, templates, poster.is_some(), &urls.base, today);
        let mut global = tera::Context::new();
        global.insert("site", &view);
        let global_key = templates.fingerprint().and_then(|fingerprint| {
            let mut hasher = blake3::Hasher::new();
            hasher.update(fingerprint.as_bytes());
            serde_json::to_writer(&mut hasher, &view).ok()?;
            Some(*hasher.finalize().as_bytes())
        });
        let root_url = view.root_url.clone();
        Site {
            root_url,
            prepared,
            layout,
            templates,
            urls,
            poster,
            poster_base,
            global,
            global_key,
            screenshots: true,
        }
    }

    /// The site's base path: "" or "/base".
    pub fn base(&self) -> &str {
        &self.urls.base
    }

    /// Renders template `name` with the shared context plus `values` into `path`, unless
    /// the page there was rendered from the same template and values: when the staging
    /// remembers what its files were made from, `values` runs once to hash them, and again
    /// to render only when they changed. A page written as `<dir>/index.html` gets its
    /// absolute URL as `canonical`, when the settings give the site's `url`.
    fn page(
        &self,
        out: &Staging,
        name: &str,
        path: impl AsRef<std::path::Path>,
        values: impl Fn(&mut PageValues),
    ) -> Result<(), OutputError> {
        let path = path.as_ref();
        let render = || {
            let mut page = PageValues::rendering(self.global.clone());
            self.fill(&mut page, path, &values);
            self.templates.render(name, &page.values)
        };
        if let Some(global_key) = self.global_key.as_ref().filter(|_| out.remembers()) {
            let mut page = PageValues::hashing(global_key, name);
            self.fill(&mut page, path, &values);
            if let Some(key) = page.key() {
                return out.write_keyed(path, &key, || Ok::<_, OutputError>(render()?));
            }
        }
        Ok(out.write(path, render()?.as_bytes())?)
    }

    fn fill(
        &self,
        page: &mut PageValues,
        path: &std::path::Path,
        values: impl Fn(&mut PageValues),
    ) {
        if let (Some(root), Some(dir)) = (&self.root_url, page_dir(path)) {
            page.insert("canonical", &format!("{root}{dir}"));
        }
        values(page);
    }
}

/// What one page's template gets besides the shared context: given to the template, or
/// hashed into the key the page is rendered again under only when it changed
/// ([`Staging::write_keyed`]).
pub struct PageValues {
    values: tera::Context,
    /// Set when hashing; `None` again once a value could not be hashed (the page is then
    /// always rendered).
    hasher: Option<std::io::BufWriter<blake3::Hasher>>,
    hashing: bool,
}

impl PageValues {
    fn rendering(global: tera::Context) -> Self {
        PageValues {
            values: global,
            hasher: None,
            hashing: false,
        }
    }

    fn hashing(global_key: &Key, template: &str) -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(global_key);
        hasher.update(template.as_bytes());
        hasher.update(&[0]);
        PageValues {
            values: tera::Context::new(),
            // serde_json writes in small pieces: hashed in large ones, blake3 is faster.
            hasher: Some(std::io::BufWriter::with_capacity(16 * 1024, hasher)),
            hashing: true,
        }
    }

    /// Gives the template `value` as `key`.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if !self.hashing {
            self.values.insert(key, value);
            return;
        }
        let Some(hasher) = &mut self.hasher else {
            return;
        };
        // The same values serialize to the same JSON; a value that does not serialize
        // leaves the page without a key.
        let hashed = (hasher.write_all(key.as_bytes()))
            .and_then(|()| hasher.write_all(&[0]))
            .and_then(|()| serde_json::to_writer(&mut *hasher, value).map_err(Into::into))
            .and_then(|()| hasher.write_all(&[0]));
        if hashed.is_err() {
            self.hasher = None;
        }
    }

    fn key(self) -> Option<Key> {
        let hasher = self.hasher?.into_inner().ok()?;
        Some(*hasher.finalize().as_bytes())
    }
}

/// The URL path, relative to the site's root, of a page written as `path`: `items/x/` for
/// `items/x/index.html`, "" for `index.html`; `None` for other files (`404.html`).
fn page_dir(path: &std::path::Path) -> Option<String> {
    if path.file_name()? != "index.html" {
        return None;
    }
    let mut dir = String::new();
    for part in path.parent()?.components() {
        dir.push_str(part.as_os_str().to_str()?);
        dir.push('/');
    }
    Some(dir)
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
    pub(super) fn add(&mut self, other: Written) {
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
        Box::new(projects::Projects),
        Box::new(embeds::Embeds),
        Box::new(data_files::DataFiles),
        Box::new(api::Api),
        Box::new(downloads::Downloads),
        Box::new(finances::Finances),
        Box::new(clomonitor::Clomonitor),
        Box::new(organizations::Organizations),
    ];
    if site.poster.is_some() {
        outputs.push(Box::new(posters::Posters));
    }
    outputs
}

/// Runs `outputs` side by side (they write disjoint files; the slow ones, like drawing
/// posters, overlap the rest); returns what they wrote, summed in their order, and each
/// one's time.
pub fn write_all(
    outputs: &[Box<dyn Output>],
    site: &Site,
    out: &Staging,
    on_page: &(dyn Fn() + Sync),
) -> Result<(Written, Timings), OutputError> {
    use rayon::prelude::*;
    let results: Vec<_> = outputs
        .par_iter()
        .map(|output| {
            let started = std::time::Instant::now();
            let written = output.write(site, out, on_page);
            (written, (output.name(), started.elapsed()))
        })
        .collect();
    let mut total = Written::default();
    let mut timings = Vec::new();
    for (written, timing) in results {
        total.add(written?);
        timings.push(timing);
    }
    Ok((total, timings))
}
