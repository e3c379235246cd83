//! The page templates (tera) and the site's static assets: built into the binary by
//! `build.rs`, or read from a `--templates DIR` that replaces them.

use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A static asset to publish: its path under `assets/` and its content-hashed path.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: String,
    pub hashed_path: String,
    pub bytes: Vec<u8>,
}

/// Why templates could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read templates from {dir}: {source}")]
    Read { dir: String, source: std::io::Error },
    #[error("template {name} is invalid: {message}")]
    Invalid { name: String, message: String },
    #[error("cannot render {name}: {message}")]
    Render { name: String, message: String },
}

/// Compiled templates plus the assets pages link to.
pub struct Templates {
    tera: tera::Tera,
    pub assets: Vec<Asset>,
    /// The hash of the templates' sources, the assets' names and the tool's executable;
    /// `None` when the executable cannot be told apart from another.
    fingerprint: Option<blake3::Hash>,
}

impl Templates {
    /// The built-in templates, or those of `dir` (any built-in template it does not
    /// override stays available, so a site can replace just `item.html`).
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut sources: BTreeMap<String, String> = embedded::TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        if let Some(dir) = dir {
            for (name, text) in read_dir_texts(dir)? {
                sources.insert(name, text);
            }
        }
        let mut hasher = blake3::Hasher::new();
        // Another build of the tool may render the same templates differently.
        let exe = executable_stamp();
        hasher.update(exe.as_deref().unwrap_or_default().as_bytes());
        for (name, text) in &sources {
            for part in [name, text] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        // Added together: a template may extend one that comes later in name order.
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| TemplateError::Invalid {
                name: dir.map_or("built-in templates".into(), |d| d.display().to_string()),
                message: error_chain(&e),
            })?;
        let assets = embedded::ASSETS
            .iter()
            .map(|(p, h, b)| Asset {
                path: p.to_string(),
                hashed_path: h.to_string(),
                bytes: b.to_vec(),
            })
            .collect::<Vec<_>>();
        for asset in &assets {
            hasher.update(asset.hashed_path.as_bytes());
            hasher.update(&[0]);
        }
        let fingerprint = exe.map(|_| hasher.finalize());
        Ok(Templates {
            tera,
            assets,
            fingerprint,
        })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|e| TemplateError::Render {
                name: name.to_string(),
                message: error_chain(&e),
            })
    }

    /// Changes whenever a page rendered from the same values could come out differently.
    pub fn fingerprint(&self) -> Option<blake3::Hash> {
        self.fingerprint
    }

    /// Whether a template exists (the guide page is optional in custom template sets).
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// URL path of an asset, by its unhashed path (`style.css`), under `base`.
    pub fn asset_url(&self, base: &str, path: &str) -> String {
        let hashed = self
            .assets
            .iter()
            .find(|a| a.path == path)
            .map_or(path, |a| a.hashed_path.as_str());
        format!("{base}/assets/{hashed}")
    }
}

/// The running executable's path, size and modification time.
fn executable_stamp() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        exe.display(),
        meta.len(),
        modified.as_nanos()
    ))
}

fn read_dir_texts(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    let err = |source| TemplateError::Read {
        dir: dir.display().to_string(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let path = entry.map_err(err)?.path();
        if path.is_file()
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
        {
            out.push((
                name.to_string(),
                std::fs::read_to_string(&path).map_err(err)?,
            ));
        }
    }
    Ok(out)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
